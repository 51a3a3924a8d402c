"""`live_page` and `render_live`: the graph as a page whose numbers can be changed.

The picture is the one every graph picture shares (picture.py), laid out once by Graphviz;
the page's script (autograd/live/js/live.js) runs the graph with the page's engine, made from
the op table (autograd/live), whenever a leaf changes, and rewrites only the numbers.
"""

import html
import os

from ..backward import grad
from ..graph import node_names, topological_order
from ..live.javascript import bundle
from ..live.program import program
from ..ops import CONSTANT
from ..value import Value
from . import colours
from .pages import graph_head, nudge_style, page, page_tail, script_json
from .grouped import grouped_page
from .picture import picture
from .simple_layout import page_svg



def live_page(root: Value, rankdir: str = "auto", max_nodes: int = 500) -> str:
    """The HTML of root's live page: its graph, each record's data and grad, and every leaf's
    data (not a constant's) changeable on the page, every number following (see live.js).
    One file, no network. Laid out by Graphviz's `dot`, or where it is missing by a simple
    layout of seegrad's (the page says so). A graph of more than `max_nodes` nodes is shown a
    group at a time instead (autograd/drawing/grouped.py: any size). Reads and changes no
    `.grad`."""
    if not isinstance(root, Value):
        raise TypeError(f"the live page needs a Value, got {type(root).__name__}")
    order = topological_order(root)
    if len(order) > max_nodes:
        return grouped_page(root)
    differentiable = [n for n in order if n.operation is not CONSTANT]
    grads = dict(zip(differentiable, grad(root, differentiable)))
    names = node_names(order)
    svg, note = page_svg(order, names, grads, lambda: picture(order, rankdir, grads))
    title = html.escape(f"{names[root]}: change a leaf, watch every number follow")
    style = page("autograd.drawing", "live.css", HIGHLIGHT=colours.HIGHLIGHT, BLUE=colours.LOSS,
                 NUDGE=nudge_style())
    return page("autograd.drawing", "live.html", HEAD=graph_head(title, style), SVG=svg,
                NOTE=html.escape(note),
                DATA=script_json({"program": program(root)}),
                TAIL=page_tail(bundle("live.js")))


def render_live(root: Value, path: str, rankdir: str = "auto", max_nodes: int = 500) -> str:
    """Write root's live page (see live_page) to `path`; returns the path."""
    text = live_page(root, rankdir, max_nodes)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path
