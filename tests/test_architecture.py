"""The shape of the code, kept as the issue on readable code left it: no module over 400 lines,
no module importing another module's private name, and no import cycle but value <-> backward
(imports inside functions count). Complexity is ruff's C901, at 20 (ruff.toml)."""

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
    those inside functions included, relative ones resolved."""
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in ast.walk(tree):
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
