"""The shape of the code, kept as the issue on readable code left it: no module over 400 lines,
no module importing another module's private name, and no import cycle but value <-> backward
(imports inside functions count); complexity as radon measures it: on average 3.5 or less, no
function above 20 (also ruff's C901, ruff.toml), at most 12 between 11 and 20, and a
maintainability index of 20 or more in every module; and every function of more than four
parameters lists them in its docstring, one per line."""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGES = ("autograd", "nn")


def modules() -> dict:
    """module name -> path, for every module of the packages."""
    found = {}
    for package in PACKAGES:
        for folder, _, files in os.walk(os.path.join(ROOT, package)):
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    dotted = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                    found[dotted.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def imports(name: str, path: str):
    """(module imported, names imported from it) for every import statement in the module,
    those inside functions included, relative ones resolved; but not a display hook's
    (`_repr_html_`, `_repr_png_`: a class shows itself by importing its drawing when a
    notebook asks, which makes drawing no dependency of the class)."""
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    hooks = {id(inner) for node in ast.walk(tree)
             if isinstance(node, ast.FunctionDef) and node.name.startswith("_repr_")
             for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in hooks:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] \
                if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            yield target, [alias.name for alias in node.names]


def edges() -> dict:
    """module -> the modules of the packages it imports (a submodule, where `from package import
    submodule` names one)."""
    graph = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target, names in imports(name, path):
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            for module in submodules or [target]:
                if module in MODULES and module != name:
                    graph[name].add(module)
    return graph


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_400_lines(name):
    with open(MODULES[name], encoding="utf-8") as f:
        assert len(f.readlines()) <= 400


def test_no_module_imports_another_modules_private_name():
    private = [f"{name}: {target}.{n}" for name, path in MODULES.items()
               for target, names in imports(name, path) for n in names
               if n.startswith("_") and not n.startswith("__")]
    assert private == []


def test_the_only_import_cycle_is_value_and_backward():
    graph = edges()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                if nxt == goal:
                    return True
                seen.add(nxt)
                todo.append(nxt)
        return False
    cycles = sorted({tuple(sorted((a, b))) for a in graph for b in graph[a] if reaches(b, a)})
    assert cycles == [("autograd.backward", "autograd.value")]


def _blocks() -> list:
    """radon's blocks (functions, methods, classes) of every module."""
    from radon.complexity import cc_visit
    found = []
    for path in MODULES.values():
        with open(path, encoding="utf-8") as f:
            found += cc_visit(f.read())
    return found


def test_the_code_is_as_simple_as_the_issue_on_readable_code_asks():
    blocks = _blocks()
    scores = [b.complexity for b in blocks]
    average = sum(scores) / len(scores)
    tangled = sorted((b.complexity, b.name) for b in blocks if b.complexity > 10)
    assert average <= 3.5, f"average complexity {average:.2f}"
    assert all(c <= 20 for c, _ in tangled), tangled
    assert len(tangled) <= 12, tangled


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_is_maintainable(name):
    from radon.metrics import mi_visit
    with open(MODULES[name], encoding="utf-8") as f:
        index = mi_visit(f.read(), multi=True)
    assert index >= 20, f"{name}: maintainability index {index:.1f}"


def _parameters(function: ast.FunctionDef) -> list:
    """The parameters a caller passes (not self or cls, not private ones such as _rng)."""
    a = function.args
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    names += [x.arg for x in (a.vararg, a.kwarg) if x is not None]
    return [n for n in names if n not in ("self", "cls") and not n.startswith("_")]


def _functions(tree: ast.Module):
    """(function, its docstring and, for __init__, its class's) for every function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    yield item, (ast.get_docstring(item) or "") + "\n" + \
                        (ast.get_docstring(node) or "")
        if isinstance(node, ast.FunctionDef) and node.name != "__init__":
            yield node, ast.get_docstring(node) or ""


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_function_of_more_than_four_parameters_lists_them(name):
    import re
    with open(MODULES[name], encoding="utf-8") as f:
        tree = ast.parse(f.read())
    unlisted = []
    for function, doc in _functions(tree):
        names = _parameters(function)
        if len(names) > 4:
            unlisted += [f"{function.name}({n})" for n in names
                         if not re.search(rf"^\s*{re.escape(n)}\b", doc, re.M)]
    assert unlisted == []
