"""A scalar autograd engine: build expressions from Values, then run the chain rule backwards.

    from autograd import Value
    x = Value(2.0, label="x")
    y = x * x + x.tanh()
    y.backward()
    x.grad          # dy/dx

The engine is this folder's top level, read in this order: `value.py` (the Value), `ops.py`
(every op, declared once), `backward.py` (the chain rule), `forward.py` (the same rules pushed
the other way) and `functional.py` (jvp, vjp, jacobian, hessian), then `graph.py` and
`modes.py`.
Drawing lives in `drawing/`, the batch compiler in `compiler/`, the command line in `cli/`.

`import autograd` loads the engine only. The names that need NumPy (`compile`) or Graphviz
(`draw_dot`, `render`, the step-through page) are looked up the first time they are used
(PEP 562's module `__getattr__`), so a learner tracing one expression never waits for either.
"""

from importlib import import_module

from .backward import backward, grad
from .explain import explain
from .functional import hessian, hvp, jacobian, jvp, value_and_grad, vjp
from .gradcheck import gradcheck
from .graph import path_to, topological_order
from .groups import group, groups
from .modes import detect_anomaly, no_grad
from .value import Parameter, Value

# name -> the module that defines it, imported on first use
_LATER = {
    "compile": ".compiler",
    "draw_dot": ".drawing.render", "render": ".drawing.render",
    "render_steps": ".drawing.steps", "show_steps": ".drawing.steps",
    "steps_page": ".drawing.steps", "live_page": ".drawing.live", "render_live": ".drawing.live",
    "show_live": ".drawing.widget",
    "directions_page": ".drawing.directions", "render_directions": ".drawing.directions",
    "show_directions": ".drawing.directions", "exercise": ".exercises",
    "define_op": ".define", "forget_op": ".define",
    "GraphvizMissing": ".drawing.picture",
    "GraphTooLarge": ".drawing.picture", "GraphvizFailed": ".drawing.picture",
}

# autograd.compile is left out of __all__ so that `from autograd import *` keeps the builtin.
__all__ = ["Value", "Parameter", "backward", "grad", "no_grad", "detect_anomaly", "gradcheck",
           "group", "groups",
           "value_and_grad", "jvp", "vjp", "jacobian", "hessian", "hvp",
           "draw_dot", "render", "render_steps", "show_steps", "steps_page", "live_page",
           "render_live", "show_live", "directions_page", "render_directions",
           "show_directions", "explain", "exercise", "define_op", "forget_op",
           "path_to", "topological_order", "GraphvizMissing", "GraphTooLarge", "GraphvizFailed"]


def __getattr__(name: str):
    if name not in _LATER:
        raise AttributeError(f"module 'autograd' has no attribute {name!r}")
    value = getattr(import_module(_LATER[name], __name__), name)
    globals()[name] = value            # found once: later uses are plain lookups
    return value


def __dir__():
    return sorted(set(globals()) | set(_LATER))
