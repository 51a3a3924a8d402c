"""A graph of any size drawn at a level of its groups (`render(root, path, level="neuron")`):
each group of that kind one box (autograd.groups: a batch at neuron level is a box per neuron
per sample, each sample's inputs and the shared parameters drawn inside the boxes that use
them), the edges between two boxes drawn once with their count (x100), each box showing its
output's value and gradient, coloured by the gradient on one scale per kind: where a layer's
gradients vanish, its boxes are white.

The boxes are placed here, in columns by their longest path from the inputs and down each
column in the order made, and Graphviz only draws them where they stand (neato -n2): a
picture of thousands of boxes is written in a second, where laying it out would take
minutes.
"""

from typing import Dict, List

from ..graph import node_names
from ..groups import is_saturated, groups
from ..value import Value
from . import colours
from .picture import Graph

COLUMN = 230        # points between columns
ROW = 60            # points between boxes of a column (a box of four lines fits)


def level_dot(root: Value, level: str) -> Graph:
    """The picture of root's graph at `level` (a kind of its groups: "sample", "layer",
    "neuron", "loss", "sum" or a learner's own), ready for Graphviz's neato -n2."""
    found = groups(root)
    box_of = found.box_of(level)
    kinds = {g.name: g.kind for g in found.tree}
    names = node_names(found.order[::-1])
    key = {node: box_of.get(node, names[node]) for node in found.order}
    hidden = _inside(found.order, key, box_of)
    shown = [n for n in found.order if n not in hidden]
    edges = _edges(shown, key)
    outputs = _outputs(shown, key, root)
    boxes = list(dict.fromkeys(key[n] for n in shown))
    place = _places(boxes, edges)
    notes = _notes(found.order, key, hidden)
    dot = _graph()
    kinds.update(_alone(shown, box_of, names))
    scale = _scales(boxes, outputs, kinds)
    for box in boxes:
        out = outputs.get(box)
        x, y = place[box]
        dot.node(box, _label(box, kinds[box], out) + notes.get(box, ""), pos=f"{x},{-y}!",
                 fillcolor=_colour(0.0 if out is None else out.grad, scale.get(kinds[box], 0.0)))
    for (a, b), count in edges.items():
        dot.edge(a, b, label=_times(count))
    return dot


def _alone(shown: List[Value], box_of: Dict[Value, str], names: Dict[Value, str]) -> dict:
    """The nodes drawn alone (in no box), each with its op, as the kind its box shows."""
    return {names[n]: n.op or "leaf" for n in shown if n not in box_of}


def _graph() -> Graph:
    """An empty picture in the pictures' style, for boxes placed beforehand."""
    dot = Graph("level", engine="neato")
    dot.attr(splines="false", outputorder="edgesfirst", bgcolor=colours.BLANK)
    dot.attr("node", shape="box", style="filled,rounded", fontname="Helvetica", fontsize="10",
             margin="0.05,0.02", color=colours.LINE)
    dot.attr("edge", color=colours.FAINT, arrowsize="0.5", fontsize="8",
             fontname="Helvetica", fontcolor=colours.MUTED)
    return dot


def _times(count: int) -> str:
    return f"×{count}" if count > 1 else ""


def _label(box: str, kind: str, out) -> str:
    """A box's name (its last part), its kind, and its output's value and gradient."""
    value = "" if out is None else f"\\n{out.data:.4g} | δ {out.grad:.4g}"
    return f"{box.rsplit('/', 1)[-1]} ({kind}){value}"


def _inside(order: List[Value], key: Dict[Value, str], box_of: Dict[Value, str]) -> set:
    """The leaves drawn inside the boxes that use them: those outside every box whose users
    are all in boxes (a sample's inputs, the parameters every sample shares)."""
    users: Dict[Value, List[Value]] = {}
    for node in order:
        for p in node.parents:
            users.setdefault(p, []).append(node)
    return {n for n in order if not n.parents and n not in box_of and users.get(n)
            and all(u in box_of for u in users[n])}


def _notes(order: List[Value], key: Dict[Value, str], hidden: set) -> Dict[str, str]:
    """What a box says besides its output: the norm of the gradients of the parameters drawn
    inside it (each counted once), and how many of its activations are saturated."""
    params: Dict[str, set] = {}
    saturated: Dict[str, int] = {}
    for node in order:
        box = key[node]
        for p in node.parents:
            if p in hidden:
                params.setdefault(box, set()).add(p)
        if is_saturated(node):
            saturated[box] = saturated.get(box, 0) + 1
    notes = {box: f"\\n‖∇θ‖ {sum(p.grad * p.grad for p in found) ** 0.5:.3g}"
             for box, found in params.items()}
    for box, count in saturated.items():
        notes[box] = notes.get(box, "") + ("\\nsaturated" if count == 1
                                           else f"\\n{count} saturated")
    return notes


def _edges(shown: List[Value], key: Dict[Value, str]) -> Dict[tuple, int]:
    drawn = set(shown)
    edges: Dict[tuple, int] = {}
    for node in shown:
        for p in dict.fromkeys(node.parents):
            if p in drawn and key[p] != key[node]:
                edges[key[p], key[node]] = edges.get((key[p], key[node]), 0) + 1
    return edges


def _outputs(shown: List[Value], key: Dict[Value, str], root: Value) -> Dict[str, Value]:
    """Each box's output where it has one only: its node used by another box, or the root."""
    found: Dict[str, set] = {}
    for node in shown:
        for p in node.parents:
            if key.get(p) is not None and key[p] != key[node]:
                found.setdefault(key[p], set()).add(p)
    found.setdefault(key[root], set()).add(root)
    return {box: next(iter(nodes)) for box, nodes in found.items() if len(nodes) == 1}


def _places(boxes: List[str], edges: Dict[tuple, int]) -> Dict[str, tuple]:
    """Each box's (x, y): its column the longest path from a box with no input, its row its
    turn in the column, in the order made."""
    incoming: Dict[str, List[str]] = {}
    for a, b in edges:
        incoming.setdefault(b, []).append(a)
    column: Dict[str, int] = {}
    for box in boxes:
        column[box] = 1 + max((column.get(a, 0) for a in incoming.get(box, [])), default=-1)
    rows: Dict[int, int] = {}
    place = {}
    for box in boxes:
        c = column[box]
        place[box] = (c * COLUMN, rows.get(c, 0) * ROW)
        rows[c] = rows.get(c, 0) + 1
    return place


def _scales(boxes: List[str], outputs: Dict[str, Value], kinds: Dict[str, str]) -> dict:
    """The largest |gradient| of each kind's boxes: one colour scale per level of the tree."""
    scale: Dict[str, float] = {}
    for box in boxes:
        out = outputs.get(box)
        if out is not None:
            kind = kinds.get(box, "node")
            scale[kind] = max(scale.get(kind, 0.0), abs(out.grad))
    return scale


def _colour(grad: float, scale: float) -> str:
    """White at 0, the blue of positive or the red of negative at the scale's largest."""
    if not scale or grad != grad:
        return colours.BLANK
    t = min(1.0, abs(grad) / scale)
    ink = colours.POSITIVE if grad > 0 else colours.NEGATIVE
    rgb = [int(ink[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 + (c - 255) * t * 0.6) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)

