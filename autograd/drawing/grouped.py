"""The grouped live page: a graph of any size, up to 100,000 nodes and beyond, seen a group at
a time (autograd.groups: nn's samples, layers, neurons and losses, long sums, runs of many
samples, the learner's own `group` blocks), every box showing its group's value, gradient,
parameters' gradient norm and saturated activations, all recomputed in the page whenever a
leaf changes (autograd/live/js/grouped.js).

The page holds the graph's program, its groups and each node's group as JSON, deflated: a
batch repeats one sample's program a hundred times over, which deflate stores about once (the
batch of 100 moons through a 2-16-16-1 MLP: 4.7 MB of JSON, 0.7 MB on the page).
"""

import base64
import html
import json
import zlib

from .. import ops
from ..groups import SATURATED, groups, parameter_rule
from ..live.javascript import bundle
from ..live.program import program
from ..value import Value
from . import colours
from .pages import graph_head, group_view_style, nudge_style, page, page_tail, script_json


def grouped_data(root: Value) -> dict:
    """What the grouped page computes from: the program (autograd.live.program), the groups
    (parents first; each parent as its place in the list, -1 for none), each node's innermost
    group (-1: none), the parameters (the nodes groups count: Parameters, or where the graph
    has none its leaves), the ops that are activations and the limit under which one is
    saturated."""
    found = groups(root)
    place = {g.name: k for k, g in enumerate(found.tree)}
    counts = parameter_rule(found.order)
    return {
        "program": program(root),
        "groups": [{"name": g.name, "parent": place.get(g.parent, -1), "kind": g.kind}
                   for g in found.tree],
        "home": [place.get(found.home.get(node), -1) for node in found.order],
        "parameter": [i for i, node in enumerate(found.order) if counts(node)],
        "activations": [op.name for op in ops.OPS if op.activation],
        "saturated": SATURATED,
    }


def packed(data: dict) -> str:
    """`data` as the page holds it: JSON, deflated (zlib's format, which the browser's
    DecompressionStream("deflate") reads), in base64."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def grouped_page(root: Value, steps: bool = False) -> str:
    """The HTML of root's grouped live page (see the module docstring). One file, no network.
    Reads and changes no `.grad`. With `steps`, the page steps through the backward pass a
    group at a time (autograd/live/js/groupsteps.js): the step-through of a graph too large to
    step through one op at a time."""
    if not isinstance(root, Value):
        raise TypeError(f"the grouped page needs a Value, got {type(root).__name__}")
    data = grouped_data(root)
    nodes = data["program"]["nodes"]
    title = html.escape(f"{nodes[-1]['name']}: {len(nodes):,} nodes, "
                        + ("backward a group at a time" if steps else "a group at a time"))
    style = page("autograd.drawing", "grouped.css", HIGHLIGHT=colours.HIGHLIGHT,
                 BLUE=colours.LOSS, VIEW=group_view_style(), NUDGE=nudge_style())
    tools = page("autograd.drawing", "grouped_steps.html" if steps else "grouped_live.html")
    return page("autograd.drawing", "grouped.html", HEAD=graph_head(title, style), TOOLS=tools,
                DATA=script_json({"packed": packed(data), "steps": steps}),
                TAIL=page_tail(bundle("grouped.js")))
