"""Running a learner's code in the browser (the documentation's "try it" page, through Pyodide):
the code runs in one namespace kept from run to run, what it prints is captured, an exception
is the engine's own one-line message, not a traceback, and the last Value the code assigned is
given back as its live page.

Nothing here needs NumPy or Graphviz: the live page lays its graph out itself.
"""

import ast
import contextlib
import io

from .value import Value

# the learner's namespace, with the engine's names already there (as after `from autograd
# import ...`): what runs without NumPy and Graphviz
NAMESPACE: dict = {"__name__": "__tryit__"}
exec("from autograd import (Value, Parameter, backward, grad, explain, gradcheck, jacobian, "
     "jvp, vjp, hessian, hvp, value_and_grad, no_grad, group, groups)", NAMESPACE)


def run(code: str) -> dict:
    """{stdout, error (one line, or None), name (of the last Value assigned, or None), page
    (its live page's HTML, or None)}."""
    printed = io.StringIO()
    error = None
    try:
        tree = ast.parse(code)
        with contextlib.redirect_stdout(printed):
            exec(compile(tree, "<your code>", "exec"), NAMESPACE)
    except Exception as e:              # whatever the learner's code raises, said in one line
        error = f"{type(e).__name__}: {e}"
        tree = None
    name = _last_value(tree) if tree is not None else None
    page = None
    if name is not None:
        from .drawing.live import live_page
        page = live_page(NAMESPACE[name])
    return {"stdout": printed.getvalue(), "error": error, "name": name, "page": page}


def _last_value(tree: ast.AST):
    """The name the code assigned last (in the order written) that holds a Value now."""
    names = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
        for target in targets:
            for found in ast.walk(target):
                if isinstance(found, ast.Name):
                    names.append((found.lineno, found.col_offset, found.id))
    for _, _, name in sorted(names, reverse=True):
        if isinstance(NAMESPACE.get(name), Value):
            return name
    return None
