"""Every Python snippet in the README runs as written, each on its own, in a fresh folder laid
out as the project's root is (a docs/ folder beside it), so a newcomer can paste any of them."""

import os
import re
import shutil

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
    README = f.read()
SNIPPETS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_the_readme_has_snippets():
    assert len(SNIPPETS) >= 5


@pytest.mark.parametrize("number", range(len(SNIPPETS)))
def test_snippet_runs(number, tmp_path, monkeypatch):
    code = SNIPPETS[number]
    if ("render(" in code or "render_steps(" in code) and shutil.which("dot") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Graphviz's `dot` is missing in CI")
        pytest.skip("this snippet draws with Graphviz's `dot`, which is not installed")
    if "import torch" in code:
        try:
            import torch  # noqa: F401
        except ImportError:
            if os.environ.get("CI") == "true":
                pytest.fail("torch is missing in CI (.ci/run installs it)")
            pytest.skip("this snippet needs PyTorch, which is not installed")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"README.md snippet {number + 1}", "exec"), {"__name__": "__readme__"})
