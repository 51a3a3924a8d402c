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
def test_snippet_runs_and_writes_into_out_only(number, tmp_path, monkeypatch):
    """Run as written in an empty folder, a snippet leaves nothing but out/ behind: no file in
    the project's root, and none of the committed pictures in docs/ rewritten."""
    code = SNIPPETS[number]
    _needs(code, "render(" in code or "render_steps(" in code)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"README.md snippet {number + 1}", "exec"), {"__name__": "__readme__"})
    assert sorted(os.listdir(tmp_path)) in ([], ["out"])


def _needs(code: str, dot: bool) -> None:
    """Skip (fail in CI) a snippet whose program or package is missing here."""
    if dot and shutil.which("dot") is None:
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


def test_the_command_lines_write_into_out_only():
    lines = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    for line in "".join(lines).splitlines():
        for written in re.findall(r"--render (\S+)", line):
            assert written.startswith("out/"), line


# The pictures the README shows (docs/NAME.png), each the picture a snippet writes to out/NAME.png
PICTURES = [n for n in SNIPPETS if any(os.path.exists(os.path.join(ROOT, "docs", name))
                                       for name in re.findall(r'"out/(.*?\.png)"', n))]


def close(a, b) -> bool:
    """The same numbers, to the rounding a different BLAS or CPU may bring."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)):
        return b == pytest.approx(a, rel=1e-6, abs=1e-9)
    return a == b


def test_the_readme_shows_pictures_its_snippets_make():
    assert len(PICTURES) >= 2


@pytest.mark.parametrize("code", PICTURES, ids=lambda c: re.findall(r'"out/(.*?\.png)"', c)[0])
def test_the_committed_pictures_are_what_the_snippets_make(code, tmp_path, monkeypatch):
    """Each picture the README shows from docs/ is what a snippet writes into out/: the numbers
    it carries (autograd.drawing.png) equal the committed picture's."""
    from autograd.drawing.png import numbers_in
    _needs(code, "render(" in code)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md snippet", "exec"), {"__name__": "__readme__"})
    shown = [n for n in re.findall(r'"out/(.*?\.png)"', code)
             if os.path.exists(os.path.join(ROOT, "docs", n))]
    for name in shown:
        made, committed = numbers_in(tmp_path / "out" / name), \
            numbers_in(os.path.join(ROOT, "docs", name))
        assert made is not None and committed is not None, name
        assert close(made, committed), f"docs/{name} is not what the README's snippet makes"


def test_the_documents_point_only_into_the_repository():
    """Every link of the README and docs/API.md is a file of the repository (no contract kept
    beside it, no page of someone's machine)."""
    for name in ("README.md", os.path.join("docs", "API.md")):
        with open(os.path.join(ROOT, name), encoding="utf-8") as f:
            text = f.read()
        folder = os.path.dirname(os.path.join(ROOT, name))
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            assert os.path.exists(os.path.join(folder, target)), (name, target)
        assert "beside the project" not in text and "../shared" not in text, name
