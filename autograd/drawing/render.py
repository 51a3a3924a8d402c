"""Drawing a graph with Graphviz: `draw_dot` builds the picture, `render` writes it to a file.

How the picture looks is decided in `picture.py`; this module is the part a user calls."""

import os
from typing import Iterable, Optional

from . import png
from .formats import FORMATS
from ..graph import node_names, topological_order
from .picture import (INSTALL_HINT, RANKDIRS, Graph, GraphTooLarge, GraphvizMissing,
                      picture)
from ..value import Value

__all__ = ["draw_dot", "render", "GraphvizMissing", "GraphTooLarge", "Graph"]



def draw_dot(root: Value, rankdir: str = "LR", show_grad: bool = True, show_local: bool = False,
             highlight: Optional[Iterable[Value]] = None, max_nodes: int = 500,
             params: Optional[Iterable[Value]] = None) -> Graph:
    """A Graphviz picture of root's graph: one record per Value (its name, data and grad to 4
    significant digits), one small node per op, edges operand -> op -> result.

    root        the Value whose graph is drawn
    rankdir     "LR", "TB", "RL", "BT" or "auto"
    show_grad   write each node's .grad
    show_local  write the local derivative on each operand -> op edge
    highlight   Values to draw in red
    max_nodes   the most Values drawn (more: GraphTooLarge)
    params      Values (or an nn module) to draw as parameters

    Every node has one name (see `graph.node_names`), the same as in `explain`. Colours tell
    the kinds apart, the same in every picture, with a key at the bottom: the root gold,
    intermediate results white, parameters blue, inputs green, constants small and grey (a
    constant has no gradient, and its edge no derivative). A parameter is a `Parameter` (what
    `nn` makes) or a Value in `params` (a list of Values or an `nn` module); every other leaf
    is an input. Nodes that `nn` built are boxed per neuron, with the neuron's name.
    For - / ** the op node reads "a - b" and the operands' edges say which is a and which b; an
    operand used twice (x * x) has one edge marked "×2".
    `rankdir` is "LR" (left to right), "TB", "RL", "BT" or "auto" (whichever of LR and TB
    makes the picture larger in a 1280 x 800 window). `show_local=True` writes on each
    operand -> op edge the local derivative d(result)/d(operand). `highlight` takes Values to
    emphasise in red, e.g. `path_to(loss, w)`. The same expression built twice gives the same
    DOT source. Graphs above `max_nodes` Values raise GraphTooLarge (a ValueError).
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_dot needs a Value, got {type(root).__name__}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw_dot: rankdir must be one of {', '.join(RANKDIRS)}, got "
                         f"{rankdir!r}")
    order = topological_order(root)
    if len(order) > max_nodes:
        raise GraphTooLarge("draw_dot", len(order), max_nodes)
    if hasattr(params, "parameters"):
        params = params.parameters()
    grads = {node: node.grad for node in order} if show_grad else None
    return picture(order, rankdir, grads, show_local, highlight or (), params)


def render(root: Value, path: str, level: Optional[str] = None, **draw_options) -> str:
    """Draw root's graph to `path`; the format comes from the suffix (.svg .png .pdf .dot .gv).
    With `level` (a kind of the graph's groups: "sample", "layer", "neuron", "loss", "sum" or
    a learner's own; see autograd.groups), each group of that kind is drawn as one box, so a
    graph of any size is a picture at the level chosen (autograd/drawing/levels.py); without
    it, every node is drawn (draw_dot, which refuses graphs over its max_nodes).

    Only `path` is written, and only once the drawing has succeeded: no other file is created,
    changed or deleted. A PNG carries the numbers it shows (autograd.drawing.png). Where Graphviz's
    `dot` is missing, GraphvizMissing says how to install
    it (a .dot or .gv path needs no Graphviz: that is the DOT source). Returns `path`.
    """
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in FORMATS:
        raise ValueError(f"render: cannot tell the format from {path!r}; end the name with one "
                         f"of {', '.join(FORMATS)}")
    if level is not None:
        from .levels import level_dot
        dot, placed = level_dot(root, level, **draw_options), {"neato_no_op": 2}
    else:
        dot, placed = draw_dot(root, **draw_options), {}
    if FORMATS[suffix] == "dot":
        content = dot.source.encode("utf-8")
    else:
        try:
            content = dot.pipe(format=FORMATS[suffix], **placed)
        except GraphvizMissing:
            raise GraphvizMissing(
                f"Graphviz's 'dot' program is not installed, so {path} was not drawn. Install "
                f"Graphviz ({INSTALL_HINT}), or write the DOT source to a .gv file.") from None
    if FORMATS[suffix] == "png" and level is None:
        content = png.with_numbers(content, _numbers(root))
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(content)
    return path


def _numbers(root: Value) -> dict:
    """What a graph picture shows, for autograd.drawing.png: each node's name, data and grad."""
    order = topological_order(root)
    names = node_names(order)
    return {"picture": "graph", "nodes": [[names[n], n.data, n.grad] for n in reversed(order)]}
