"""A scalar autograd engine: build expressions from Values, then run the chain rule backwards.

    from autograd import Value
    x = Value(2.0, label="x")
    y = x * x + x.tanh()
    y.backward()
    x.grad          # dy/dx
"""

from .backward import backward, grad
# autograd.compile, left out of __all__ so that `from autograd import *` keeps the builtin.
from .compiler import compile  # noqa: F401
from .explain import explain
from .gradcheck import gradcheck
from .modes import detect_anomaly, no_grad
from .graph import path_to, topological_order
from .render import GraphTooLarge, GraphvizMissing, draw_dot, render
from .steps import render_steps, show_steps, steps_page
from .value import Parameter, Value

__all__ = ["Value", "Parameter", "backward", "grad", "no_grad", "detect_anomaly", "gradcheck",
           "draw_dot", "render", "render_steps", "show_steps", "steps_page", "explain",
           "path_to", "topological_order", "GraphvizMissing", "GraphTooLarge"]
