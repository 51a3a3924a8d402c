"""`render_steps`: the backward pass as a page to step through, one chain-rule step at a time.

The graph is laid out once, and the page shows that one picture (inline SVG) throughout: each
step only changes which edge is marked and which gradients are filled in, so nothing moves
between steps and a learner's eye stays where the step is.
"""

import html
import os
import re
from typing import Dict, List

from . import colours
from ..explain import trace
from ..graph import creation_order
from .pages import graph_head, page, script_json
from .picture import picture
from .simple_layout import page_svg
from ..value import Value


def render_steps(root: Value, folder: str, rankdir: str = "auto", max_nodes: int = 200) -> str:
    """Write `folder/index.html`: root's graph with a step-through of its backward pass beside
    the matching rows of `explain` (the page `steps_page` makes). Returns the path of the
    page."""
    page = steps_page(root, rankdir, max_nodes)
    os.makedirs(folder, exist_ok=True)
    index = os.path.join(folder, "index.html")
    with open(index, "w", encoding="utf-8") as f:
        f.write(page)
    return index


class StepThrough:
    """The step-through page of a Value, for Jupyter: it shows inline, as a frame holding the
    whole page (no files, no network). `show_steps(root)` makes one."""

    def __init__(self, root: Value, rankdir: str = "auto", max_nodes: int = 200) -> None:
        self.page = steps_page(root, rankdir, max_nodes)

    def _repr_html_(self) -> str:
        from .notebook import inline_frame
        return inline_frame(self.page, height=640)


def show_steps(root: Value, rankdir: str = "auto", max_nodes: int = 200) -> StepThrough:
    """render_steps for a notebook: the page, displayed inline when it is a cell's result."""
    return StepThrough(root, rankdir, max_nodes)


def steps_page(root: Value, rankdir: str = "auto", max_nodes: int = 200) -> str:
    """The HTML of root's step-through page: root's graph with a step-through of its backward
    pass beside the matching rows of `explain`.

    The page is one file (no network needed) holding the picture as inline SVG. Step k marks in
    red (class `current`) the edge along which step k passes gradient, with the two nodes it
    joins, and fills in the gradients that have arrived so far ("?" where none has yet); step 0
    is the start, with only d(root)/d(root) = 1 known. Keys: ← and → (or Space) step, Home and
    End jump; the picture zooms (+, −, fit) and pans by dragging, and follows the current step.
    `rankdir` as for draw_dot ("auto" picks LR or TB). Reads and changes no `.grad`. Laid out
    by Graphviz's `dot`, or where it is missing by a simple layout of seegrad's (the page says
    so). A graph above `max_nodes` is too large to step through one op at a time: its page
    steps through backward a group at a time (grouped_page(root, steps=True)).
    """
    if not isinstance(root, Value):
        raise TypeError(f"the step-through needs a Value, got {type(root).__name__}")
    if len(creation_order(root)) > max_nodes:
        from .grouped import grouped_page
        return grouped_page(root, steps=True)
    t = trace(root)
    number = {node: i for i, node in enumerate(reversed(t.order))}
    final: Dict[Value, float] = {root: 1.0}
    for step in t.steps:
        final[step.operand] = final.get(step.operand, 0.0) + step.contribution
    # Laid out with the final gradients, so every record is as wide as it will ever need to be.
    svg, note = page_svg(t.order, t.names, final, lambda: picture(
        t.order, rankdir, final, show_local=True, extra_legend=["red: this step"]))

    top = t.names[root]
    frames = _forward_frames(t.order, t.names, number)
    backward_start = len(frames)
    grads = {root: 1.0}
    frames.append({
        "caption": f"Backward starts: d{top}/d{top} = 1. It visits each node, newest first, "
                   f"and passes its gradient on to its operands.",
        "current": [f"n{number[root]}"], "grad": [f"n{number[root]}", "grad 1"]})
    for k, step in enumerate(t.steps, 1):
        operand, node = number[step.operand], number[step.node]
        grads[step.operand] = grads.get(step.operand, 0.0) + step.contribution
        name = t.names[step.operand]
        frames.append({
            "caption": (f"Step {k}: {t.names[step.node]} passes local {step.local:.4g} × "
                        f"upstream {step.upstream:.4g} = {step.contribution:.4g} back to {name}, "
                        f"so d{top}/d{name} is now {grads[step.operand]:.4g}."),
            "current": [f"n{operand}", f"e{operand}_{node}", f"n{node}_op", f"e{node}",
                        f"n{node}"],
            "grad": [f"n{operand}", f"grad {grads[step.operand]:.4g}"]})
    data = {"frames": frames, "backward": backward_start, "header": t.header,
            "rows": t.rows + [t.footer], "root": f"n{number[root]}",
            "layout": "side" if _is_tall(svg) else "below"}
    title = html.escape(f"forward and backward pass of {top}")
    style = page("autograd.drawing", "steps.css", HIGHLIGHT=colours.HIGHLIGHT)
    return page("autograd.drawing", "steps.html", HEAD=graph_head(title, style), SVG=svg,
                NOTE=html.escape(note), DATA=script_json(data))


def _forward_frames(order: List[Value], names: Dict[Value, str],
                    number: Dict[Value, int]) -> List[dict]:
    """The forward pass, one frame per op in creation order, each filling in its node's data
    ("data" in a frame: [the record's id, its text]) from its operands'."""
    made = [n for n in reversed(order) if n.parents]
    first = made[0].parents if made else order           # where forward begins
    frames: List[dict] = [{
        "caption": "Forward starts: the leaves hold their numbers. Each op now runs in the order "
                   "its node was made, operands first.",
        "current": [f"n{number[n]}" for n in dict.fromkeys(first)], "grad": None}]
    for k, node in enumerate(made, 1):
        i, template = number[node], node.operation.template
        ids = [f"n{number[p]}" for p in node.parents]
        frames.append({
            "caption": (f"Forward step {k}: {names[node]} = "
                        f"{template.format(*(names[p] for p in node.parents))} = "
                        f"{template.format(*(f'{p.data:.4g}' for p in node.parents))} = "
                        f"{node.data:.4g}."),
            "current": ids + [f"e{number[p]}_{i}" for p in node.parents]
            + [f"n{i}_op", f"e{i}", f"n{i}"],
            "grad": None, "data": [f"n{i}", f"data {node.data:.4g}"]})
    return frames


def _is_tall(svg: str) -> bool:
    """A picture taller than wide reads best with the table beside it, else below it."""
    width, height = (float(x) for x in re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"',
                                                  svg).groups())
    return height > width
