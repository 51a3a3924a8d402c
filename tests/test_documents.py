"""The README and the documentation site's pages (docs/): every Python snippet runs as written,
each on its own, in a fresh folder, so a newcomer can paste any of them; every link points
into the repository; the README stays the first ten minutes (at most 200 lines) and links only
to pages the site builds."""

import ast
import glob
import os
import re
import shutil

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCUMENTS = ["README.md"] + sorted(
    os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs", "**", "*.md"),
                                                recursive=True)
    if not os.path.relpath(p, ROOT).startswith(os.path.join("docs", "notebooks")))


def _generated() -> set:
    """The reference pages docs/hooks.py writes while the site is built (its REFERENCE's keys,
    read without importing MkDocs, which only the docs extra installs)."""
    with open(os.path.join(ROOT, "docs", "hooks.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    table = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                 and getattr(node.targets[0], "id", None) == "REFERENCE")
    return {os.path.join("docs", "reference", f"{key.value}.md") for key in table.keys}


GENERATED = _generated()


def _read(name: str) -> str:
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


README = _read("README.md")
SNIPPETS = [(name, k, code) for name in DOCUMENTS
            for k, code in enumerate(re.findall(r"```python\n(.*?)```", _read(name), flags=re.S))]


def test_the_readme_is_the_first_ten_minutes():
    assert README.count("\n") <= 200
    assert README.startswith("# seegrad") and "```bash\npython3 -m venv" in README
    assert len([s for s in SNIPPETS if s[0] == "README.md"]) >= 2


def test_the_readme_links_only_to_pages_the_site_builds():
    """Each docs/ page the README links to is in mkdocs.yml's nav (so the site has it)."""
    nav = set(re.findall(r":\s*(\S+\.(?:md|ipynb))\s*$", _read("mkdocs.yml"), flags=re.M))
    for target in re.findall(r"\]\((docs/[^)#]+\.md)\)", README):
        assert target[len("docs/"):] in nav, target


@pytest.mark.parametrize("name, number, code", SNIPPETS, ids=lambda x: str(x)[:24])
def test_snippet_runs_and_writes_into_out_only(name, number, code, tmp_path, monkeypatch):
    """Run as written in an empty folder, a snippet leaves nothing but out/ behind: no file in
    the project's root, and none of the committed pictures in docs/ rewritten."""
    _needs(code, "render(" in code or "render_steps(" in code)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"{name} snippet {number + 1}", "exec"), {"__name__": "__readme__"})
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


# The pictures the documents show (docs/NAME.png), each the picture a snippet writes to
# out/NAME.png
PICTURES = [code for _, _, code in SNIPPETS
            if any(os.path.exists(os.path.join(ROOT, "docs", name))
                   for name in re.findall(r'"out/(.*?\.png)"', code))]


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
        assert close(made, committed), f"docs/{name} is not what its snippet makes"


def test_the_documents_point_only_into_the_repository():
    """Every link of the README and the docs is a file of the repository, or a reference page
    the site's build writes (no contract kept beside it, no page of someone's machine)."""
    for name in DOCUMENTS:
        text = _read(name)
        folder = os.path.dirname(os.path.join(ROOT, name))
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            path = os.path.normpath(os.path.join(folder, target))
            assert os.path.exists(path) or os.path.relpath(path, ROOT) in GENERATED, \
                (name, target)
        assert "beside the project" not in text and "../shared" not in text, name


def test_no_docstring_holds_html_outside_backticks():
    """The reference renders docstrings as Markdown: a `<script>` written bare would be run by
    the page, an `<i>` would turn the rest italic."""
    import autograd
    import nn
    found = []
    for package in (autograd, nn):
        for path in glob.glob(os.path.join(os.path.dirname(package.__file__), "**", "*.py"),
                              recursive=True):
            with open(path, encoding="utf-8") as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)):
                    bare = re.sub(r"`[^`]*`", "", ast.get_docstring(node) or "")
                    found += [(path, tag) for tag in re.findall(r"<[A-Za-z/][^>\s]*>", bare)]
    assert found == []
