"""What the documentation site builds besides its Markdown (mkdocs.yml names this file):

- the pages the guides embed (the demos' live pages, step-through, playground and
  two-directions pages, an exercise, a grouped graph), written into the site's pages/ folder;
- each tutorial page's demo output, as `python -m demos` prints it, where the page says
  <!-- demo: NAME -->;
- the notebooks, run top to bottom in a scratch folder (as the tests run them) and rendered
  with their outputs;
- the reference, from the code itself: a page per package listing every public name of
  `autograd` and `nn`, and a page per package going through its modules, each name rendered
  from its docstring by mkdocstrings; the mistakes the exercises name, from their table; and
  the pages' `window` interfaces, from the header of the JavaScript module that makes each.
"""

import contextlib
import io
import itertools
import os
import re
import shutil
import tempfile

from mkdocs.structure.files import File

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILT = {"outputs": {}, "pages": None}


def on_pre_build(config):
    """Run the demos' tour and the notebooks once per build."""
    pages = tempfile.mkdtemp(prefix="seegrad-pages-")
    BUILT["pages"] = pages
    BUILT["outputs"] = _tour(pages)
    _extra_pages(pages)
    _notebooks(os.path.join(config["docs_dir"], "notebooks"))


def _tour(out: str) -> dict:
    """Each demo of the tour run into `out`, its printed output kept by name."""
    from demos.__main__ import TOUR
    outputs = {}
    for demo, settings in TOUR:
        name = demo.__name__.rsplit(".", 1)[-1]
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            demo.run(out=out, **settings)
        outputs[name] = printed.getvalue()
    return outputs


def _extra_pages(out: str) -> None:
    """An exercise and one sample of micrograd's classifier, grouped."""
    from autograd import exercise
    from autograd.drawing.grouped import grouped_page
    from nn import MLP, mse_loss
    exercise(seed=3).save(os.path.join(out, "exercise.html"))
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
    with open(os.path.join(out, "grouped_sample.html"), "w", encoding="utf-8") as f:
        f.write(grouped_page(mse_loss(model([0.3, -0.8]), [1.0])))


def _notebooks(folder: str) -> None:
    """Every notebook, run in a scratch folder, saved with its outputs into `folder`."""
    import nbclient
    import nbformat
    os.makedirs(folder, exist_ok=True)
    source = os.path.join(ROOT, "notebooks")
    for name in sorted(os.listdir(source)):
        if not name.endswith(".ipynb"):
            continue
        notebook = nbformat.read(os.path.join(source, name), as_version=4)
        scratch = tempfile.mkdtemp(prefix="seegrad-notebook-")
        nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": scratch}}).execute()
        nbformat.write(notebook, os.path.join(folder, name))
        shutil.rmtree(scratch, ignore_errors=True)


REFERENCE = {
    "autograd": lambda: _package("autograd"),
    "nn": lambda: _package("nn"),
    "autograd-modules": lambda: _modules("autograd"),
    "nn-modules": lambda: _modules("nn"),
    "pages": lambda: _page_interfaces(),
}


def on_files(files, config):
    """The reference pages, made from the packages and the pages' modules."""
    for name, make in REFERENCE.items():
        files.append(File.generated(config, f"reference/{name}.md", content=make()))
    return files


def _documented(name: str, heading: int, members=None) -> list:
    """mkdocstrings' directive for one object (a module: only `members` of it)."""
    lines = [f"::: {name}", "    options:", f"      heading_level: {heading}",
             "      show_root_heading: true"]
    if members is not None:
        lines += ["      show_root_full_path: true", "      show_submodules: false",
                  f"      members: [{', '.join(members)}]" if members else "      members: false"]
    else:
        lines.append("      show_root_full_path: false")
    return lines + [""]


def _package(package: str) -> str:
    """Every name a package exports, from its docstring."""
    module = __import__(package)
    lines = [f"# {package}", "", (module.__doc__ or "").strip().split("\n\n")[0], "",
             f"Module by module, with what each holds beyond these: "
             f"[{package}, module by module]({package}-modules.md).", ""]
    for name in module.__all__:
        found = getattr(module, name)
        if getattr(found, "__module__", None) and hasattr(found, "__qualname__"):
            lines += _documented(f"{found.__module__}.{found.__qualname__}", 2)
    return "\n".join(lines)


def _modules(package: str) -> str:
    """Every module of a package: its docstring and the public functions and classes defined
    in it that the package's page does not already show."""
    import importlib
    import inspect
    import pkgutil
    top = importlib.import_module(package)
    shown = {id(getattr(top, name)) for name in top.__all__}
    lines = [f"# {package}, module by module", "",
             f"The modules of `{package}` in the order of their names, each with its own "
             f"account and the names defined in it (those `{package}` itself exports are on "
             f"[its page]({package}.md)).", ""]
    names = [package] + [info.name for info in pkgutil.walk_packages(top.__path__, package + ".")
                         if not info.name.endswith("__main__")]
    for name in names:
        module = importlib.import_module(name)
        members = [member for member, found in vars(module).items()
                   if not member.startswith("_") and id(found) not in shown
                   and (inspect.isfunction(found) or inspect.isclass(found))
                   and found.__module__ == name and inspect.getdoc(found)]
        lines += _documented(name, 2, members)
        if name == "autograd.exercises.mistakes":
            lines += _mistakes()
    return "\n".join(lines)


def _mistakes() -> list:
    """The exercises' table of named mistakes, as the checker holds it."""
    from autograd.exercises import MISTAKES
    return (["The mistakes an answer is matched to (`MISTAKES`):", "", "| id | what it is |",
             "|---|---|"] + [f"| `{key}` | {text} |" for key, text in MISTAKES.items()] + [""])


PAGES = (("The live page (`render_live`, `live_page`, `show_live`)", "autograd/live/js/live.js"),
         ("The grouped page (`grouped_page`; live pages above their `max_nodes`)",
          "autograd/live/js/grouped.js"),
         ("The two-directions page (`render_directions`)", "autograd/live/js/directions.js"),
         ("The exercise page (`Exercise.save`)", "autograd/live/js/exercise.js"),
         ("The playground (`nn.playground`)", "nn/browser/js/controls.js"),
         ("The in-browser page (`pages/tryit.html`)", "autograd/live/js/tryit.js"))


def _page_interfaces() -> str:
    """Each page's `window` interface, as the header of the module that makes it says."""
    lines = ["# The pages' window interfaces", "",
             "What a script, a test or a page embedding one of ours can call. Each is the "
             "header of the JavaScript module that makes the page, read at build.", ""]
    for title, path in PAGES:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            header = [line.rstrip()[3:] if line.startswith("// ") else line.rstrip()[2:]
                      for line in itertools.takewhile(lambda line: line.startswith("//"), f)]
        start = next(i for i, line in enumerate(header) if line.startswith("window."))
        end = next((i for i in range(start, len(header)) if not header[i].strip()), len(header))
        lines += [f"## {title}", "", f"From `{path}`:", "", "```text",
                  *header[start:end], "```", ""]
    return "\n".join(lines)


def on_page_markdown(markdown, page, config, files):
    """A tutorial page's demo output, and the benchmarks' own descriptions, where a page asks
    for them."""
    markdown = markdown.replace("<!-- benchmarks -->", _benchmarks())
    def output(match):
        text = BUILT["outputs"].get(match.group(1))
        if text is None:
            raise KeyError(f"{page.file.src_path}: no demo called {match.group(1)!r}")
        return f"`python -m demos.{match.group(1)}` (the tour's settings):\n\n```text\n{text}```\n"
    return re.sub(r"<!-- demo: (\w+) -->", output, markdown)


_WIDGETS = re.compile(
    r"<script>\s*\(function\(\) \{\s*function addWidgetsRenderer\(\).*?</script>", re.S)


def _benchmarks() -> str:
    """Each benchmark script's docstring (what it measures, how to run it, its targets)."""
    import ast
    parts = []
    folder = os.path.join(ROOT, "benchmarks")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py") or name in ("targets.py", "batch_graph.py", "floor.py"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            doc = ast.get_docstring(ast.parse(f.read())) or ""
        parts.append(f"## `benchmarks/{name}`\n\n```text\n{doc}\n```\n")
    return "\n".join(parts)


def on_post_page(output, page, config):
    """A notebook's page without the script that would fetch Jupyter's widget renderer from a
    CDN (the site works offline; its notebooks show pages in frames, not widgets)."""
    return _WIDGETS.sub("", output)


def on_post_build(config):
    """The embedded pages into the site's pages/ folder, and the in-browser page with Pyodide
    (from npm: `npm install` puts it in node_modules/) and the package beside it."""
    pages = os.path.join(config["site_dir"], "pages")
    shutil.copytree(BUILT["pages"], pages, dirs_exist_ok=True)
    _tryit(config["site_dir"], pages)


PYODIDE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
           "pyodide-lock.json", "package.json")


def _npm_install() -> None:
    """Pyodide, pinned in package.json, from npm (the build's one use of the network, the
    first time)."""
    import subprocess
    npm = shutil.which("npm")
    if npm is None:
        raise FileNotFoundError("the in-browser page needs Pyodide from npm, and npm is not "
                                "installed (apt-get install npm, or from nodejs.org)")
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent"], cwd=ROOT,
                   check=True)


def _tryit(site: str, pages: str) -> None:
    """site/pyodide/ (Pyodide's files), pages/seegrad.zip (the autograd package) and
    pages/tryit.html, which loads them."""
    import json
    from autograd.drawing.tryit import package_zip, tryit_page
    source = os.path.join(ROOT, "node_modules", "pyodide")
    if not os.path.exists(os.path.join(source, "pyodide.mjs")):
        _npm_install()
    target = os.path.join(site, "pyodide")
    os.makedirs(target, exist_ok=True)
    for name in PYODIDE:
        shutil.copy(os.path.join(source, name), target)
    with open(os.path.join(pages, "seegrad.zip"), "wb") as f:
        f.write(package_zip())
    files = [(f"../pyodide/{name}", os.path.getsize(os.path.join(target, name)))
             for name in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.mjs")]
    files.append(("seegrad.zip", os.path.getsize(os.path.join(pages, "seegrad.zip"))))
    with open(os.path.join(source, "package.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]
    with open(os.path.join(pages, "tryit.html"), "w", encoding="utf-8") as f:
        f.write(tryit_page("../pyodide/", "seegrad.zip", files, version))
