"""`directions_page`: forward and reverse mode on one picture, sweep by sweep.

A function of n inputs and m outputs has an m x n Jacobian. Forward mode seeds one input with
tangent 1 and steps through the ops in creation order, each node's tangent the sum of its
operands' tangents times the local derivatives on the edges; one sweep fills a column.
Reverse mode seeds one output with 1 and steps back, each node passing its gradient times
the same local derivatives to its operands; one sweep fills a row. The page shows both on the
one laid-out picture (each edge labelled with its local derivative, the number both directions
multiply by), counts sweeps and multiply-adds, and builds the Jacobian both ways side by side,
so the learner sees n sweeps against m. Its numbers are computed by the page's engine
(autograd/live/js/engine.js: `pushTangent`, `passBack`), from the op table.
"""

import html
import os
from typing import List, Optional, Sequence, Union

from ..graph import creation_order, node_names, topological_order
from ..live.javascript import bundle
from ..live.program import program
from ..ops import CONSTANT
from ..value import Value
from . import colours
from .pages import graph_head, page, page_tail, script_json
from .picture import GraphTooLarge, picture
from .simple_layout import page_svg

WIDEST = -1.234e-05    # the records are laid out for the widest number .4g writes


def directions_page(outputs: Union[Value, Sequence[Value]],
                    inputs: Optional[Sequence[Value]] = None, rankdir: str = "auto",
                    max_nodes: int = 200) -> str:
    """The HTML of the two-directions page of `outputs` (a Value or a list of them) as
    functions of `inputs` (default: every leaf they depend on that is not a constant, oldest
    first). One file, no network; reads and changes no `.grad`.

    outputs    the function's outputs
    inputs     its inputs, leaves of the graph
    rankdir    the picture's direction ("auto": top to bottom, every input in the top row,
               each record's name, data and tangent one above the other, which keeps the
               picture narrow beside the Jacobian and its inputs in view)
    max_nodes  graphs above this size raise GraphTooLarge"""
    outputs, inputs = _checked(outputs, inputs)
    order = topological_order(*outputs)
    if len(order) > max_nodes:
        raise GraphTooLarge("directions_page", len(order), max_nodes)
    names = node_names(order)
    grads = {n: WIDEST for n in order if n.operation is not CONSTANT}
    rankdir = "TB" if rankdir == "auto" else rankdir
    svg, note = page_svg(order, names, grads,
                         lambda: picture(order, rankdir, grads, show_local=True,
                                         rooted=len(outputs) == 1, compact=True),
                         rooted=len(outputs) == 1, show_local=True)
    index = {n: i for i, n in enumerate(creation_order(*outputs))}
    title = html.escape(f"{', '.join(names[o] for o in outputs)} of "
                        f"{', '.join(names[x] for x in inputs)}: forward and reverse mode")
    style = page("autograd.drawing", "directions.css", HIGHLIGHT=colours.HIGHLIGHT,
                 BLUE=colours.LOSS)
    data = {"program": program(*outputs), "inputs": [index[x] for x in inputs],
            "outputs": [index[o] for o in outputs]}
    return page("autograd.drawing", "directions.html", HEAD=graph_head(title, style), SVG=svg,
                NOTE=html.escape(note), DATA=script_json(data),
                TAIL=page_tail(bundle("directions.js")))


def render_directions(outputs: Union[Value, Sequence[Value]], path: str,
                      inputs: Optional[Sequence[Value]] = None, rankdir: str = "auto",
                      max_nodes: int = 200) -> str:
    """Write the two-directions page (see directions_page) to `path`; returns the path.

    outputs    the function's outputs
    path       where to write it
    inputs     its inputs (default: the leaves the outputs depend on)
    rankdir    the picture's direction
    max_nodes  graphs above this size raise GraphTooLarge"""
    text = directions_page(outputs, inputs, rankdir, max_nodes)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class TwoDirections:
    """The two-directions page, for Jupyter: it shows inline, as a frame holding the whole page
    (no files, no network). `show_directions(outputs)` makes one; `.page` is its HTML."""

    def __init__(self, outputs, inputs=None, height: int = 720) -> None:
        self.page, self.height = directions_page(outputs, inputs), height

    def _repr_html_(self) -> str:
        from .notebook import inline_frame
        return inline_frame(self.page, height=self.height)


def show_directions(outputs: Union[Value, Sequence[Value]],
                    inputs: Optional[Sequence[Value]] = None,
                    height: int = 720) -> TwoDirections:
    """directions_page for a notebook: the page, displayed inline when it is a cell's result."""
    return TwoDirections(outputs, inputs, height)


def _checked(outputs, inputs) -> tuple:
    """(the outputs as a list, the inputs as a list), each checked: Values, the inputs leaves
    of the outputs' graph that are not constants."""
    outputs = _values([outputs] if isinstance(outputs, Value) else list(outputs))
    nodes = creation_order(*outputs)
    leaves = [n for n in nodes if not n.parents and n.operation is not CONSTANT]
    if inputs is None:
        return outputs, leaves
    if isinstance(inputs, Value) or not isinstance(inputs, (list, tuple)):
        got = "a single Value (wrap it: [x])" if isinstance(inputs, Value) else \
            f"a {type(inputs).__name__}"
        raise TypeError(f"directions_page: inputs must be a list of Values, got {got}")
    inputs: List[Value] = list(inputs)
    for k, x in enumerate(inputs):
        if not isinstance(x, Value) or x not in leaves:
            raise ValueError(f"directions_page: inputs[{k}] is not a leaf the outputs depend on "
                             "(give Values the outputs were computed from)")
    return outputs, inputs


def _values(outputs: List[Value]) -> List[Value]:
    """The outputs, if there are some and each is a Value (else the error naming which)."""
    if not outputs:
        raise ValueError("directions_page: no outputs given")
    for k, o in enumerate(outputs):
        if not isinstance(o, Value):
            raise TypeError(f"directions_page: outputs[{k}] must be a Value, got "
                            f"{type(o).__name__}")
    return outputs
