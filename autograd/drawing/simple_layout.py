"""A picture laid out without Graphviz, for pages where `dot` is missing.

The SVG has the structure Graphviz's has, so the pages' scripts work on either: a record per
Value (`g#n<i>.node.<kind>`, its fields as <text>: name, "data ...", "grad ..."), a circle per
op (`g#n<i>_op.node.op`), an edge per operand (`g#e<j>_<i>.edge`) and one from each op to its
result (`g#e<i>.edge`); the kinds' colours are the palette's, the fields those of every
picture (picture.record_fields, picture.op_symbol).

The layout is simple: top to bottom, a Value on the row below its deepest operand and its op
on the row between; within a row the Values are ordered by a few sweeps of the barycentre
heuristic (each at the mean place of its neighbours), which keeps crossings few, and each op
sits right above its result. Edges are straight.
"""

import html
from typing import Callable, Dict, List, Optional, Tuple

from ..value import Value
from . import colours
from .picture import (KINDS, GraphvizMissing, edge_labels, kind, local_derivatives, op_symbol,
                      record_fields)

ROW = 44.0          # points between rows (a Value's row and its op's)
GAP = 18.0          # points between neighbours in a row
HEIGHT = 28.0       # a record's height
RADIUS = 12.0       # an op's circle
SWEEPS = 4
NOTE = ("Graphviz's dot is not installed, so this picture is laid out by seegrad's simple "
        "layout (install Graphviz for a tidier one).")


def page_svg(order: List[Value], names: Dict[Value, str],
             grads: Optional[Dict[Value, float]], graphviz: Callable,
             **simple: bool) -> Tuple[str, str]:
    """(the picture as inline SVG, a note for the page): Graphviz's layout of the graph
    `graphviz()` returns (a picture.Graph), or where `dot` is missing this module's, and a
    note saying so.

    order     the nodes, root first (from topological_order)
    names     each node's name (graph.node_names)
    grads     the gradient to show per node, or None for none
    graphviz  makes the picture.Graph to lay out
    simple    simple_svg's options (rooted, show_local), to draw as graphviz() would"""
    try:
        svg = graphviz().pipe(format="svg").decode("utf-8")
    except GraphvizMissing:
        return simple_svg(order, names, grads, **simple), NOTE
    return svg[svg.index("<svg"):], ""          # inline: no XML prolog or doctype



def simple_svg(order: List[Value], names: Dict[Value, str],
               grads: Optional[Dict[Value, float]], rooted: bool = True,
               show_local: bool = False) -> str:
    """The picture of the graph whose nodes are `order` (root first) as SVG, laid out here.

    order   the nodes, root first (from topological_order)
    names   each node's name (graph.node_names)
    grads   the gradient to show per node, or None for none
    rooted  order[0] is a root (False: a part of a graph, ending in several nodes)
    show_local  write each operand's local derivative on its edge, as picture() does"""
    layout = _Layout(order, names, grads, show_local)
    if not rooted:
        layout.root = None
    parts = []
    for node in reversed(order):
        parts.append(layout.record(node))
        if node.parents:
            parts.append(layout.op(node))
    right = max(layout.x[n] + layout.widths[n] / 2 for n in order) + GAP
    bottom = max(layout.top.values()) * ROW + HEIGHT + GAP
    return (f'<svg width="{right:.0f}pt" height="{bottom:.0f}pt" viewBox="0 0 {right:.1f} '
            f'{bottom:.1f}" xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph" '
            f'font-family="Helvetica,sans-Serif" font-size="11">' + "".join(parts) + "</g></svg>")


class _Layout:
    """Where every node goes (`top`: its row, `x`: its centre), and its SVG."""

    def __init__(self, order: List[Value], names: Dict[Value, str],
                 grads: Optional[Dict[Value, float]], show_local: bool = False) -> None:
        self.root, self.names, self.grads, self.show_local = order[0], names, grads, show_local
        self.number = {node: i for i, node in enumerate(reversed(order))}
        self.top = _row_numbers(order)
        self.widths = {node: _width(record_fields(node, names[node], grads)) for node in order}
        self.x = _place(_rows(order, self.top), self.widths, order)

    def record(self, node: Value) -> str:
        """A Value's record: a box of fields side by side (a constant: one small box)."""
        i, width, node_kind = self.number[node], self.widths[node], kind(node, self.root, None)
        fields = record_fields(node, self.names[node], self.grads)
        cy = self.top[node] * ROW + HEIGHT / 2
        left, top = self.x[node] - width / 2, cy - HEIGHT / 2
        out = [f'<g id="n{i}" class="node {node_kind}"><title>n{i}</title><polygon '
               f'fill="{KINDS[node_kind]["fillcolor"]}" stroke="black" '
               f'points="{_box(left, top, width)}"/>']
        for k, field in enumerate(fields):
            w = width if len(fields) == 1 else _width([field])
            if k:
                out.append(f'<polyline fill="none" stroke="black" points="{left:.1f},{top:.1f} '
                           f'{left:.1f},{top + HEIGHT:.1f}"/>')
            out.append(f'<text text-anchor="middle" x="{left + w / 2:.1f}" y="{cy + 4:.1f}">'
                       f'{html.escape(field)}</text>')
            left += w
        return "".join(out) + "</g>"

    def op(self, node: Value) -> str:
        """The op's ellipse above its result, an edge from each distinct operand and one down
        to the result."""
        i, cx, cy = self.number[node], self.x[node], (self.top[node] - 1) * ROW + HEIGHT / 2
        symbol, roles = op_symbol(node.operation)
        rx = max(RADIUS, 3.3 * len(symbol) + 5)
        out = [f'<g id="n{i}_op" class="node op"><title>n{i}_op</title><ellipse fill="white" '
               f'stroke="black" cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx:.1f}" ry="{RADIUS}"/>'
               f'<text text-anchor="middle" x="{cx:.1f}" y="{cy + 4:.1f}">'
               f'{html.escape(symbol)}</text></g>']
        labels = edge_labels(node, roles, local_derivatives(node) if self.show_local else None)
        for parent, label in labels.items():
            start = (self.x[parent], self.top[parent] * ROW + HEIGHT)
            out.append(_edge(f"e{self.number[parent]}_{i}", start, (cx, cy - RADIUS), label))
        out.append(_edge(f"e{i}", (cx, cy + RADIUS), (cx, self.top[node] * ROW)))
        return "".join(out)


def _row_numbers(order: List[Value]) -> Dict[Value, int]:
    """Each Value's row: 2 + its deepest operand's (its op between); a leaf (or constant) on
    the row above its first user's op, so that its edges stay short."""
    row: Dict[Value, int] = {}
    for node in reversed(order):
        row[node] = 2 + max((row[p] for p in node.parents), default=-2)
    first_use: Dict[Value, int] = {}
    for node in order:
        for p in node.parents:
            first_use[p] = min(first_use.get(p, row[node]), row[node])
    for node in order:
        if not node.parents and node in first_use:
            row[node] = first_use[node] - 2
    least = min(row.values())
    return {node: r - least for node, r in row.items()}


def _rows(order: List[Value], row: Dict[Value, int]) -> List[List[Value]]:
    """The Values of each row, in creation order (the first sweep's start)."""
    rows: List[List[Value]] = [[] for _ in range(max(row.values()) // 2 + 1)]
    for node in reversed(order):
        rows[row[node] // 2].append(node)
    return rows


def _width(fields: List[str]) -> float:
    """A record's width: about 7 points a character and some padding per field."""
    return sum(7.0 * len(f) + 14.0 for f in fields) - (2.0 if len(fields) == 1 else 0.0)


def _place(rows: List[List[Value]], widths: Dict[Value, float],
           order: List[Value]) -> Dict[Value, float]:
    """Each Value's centre: rows ordered by sweeps of the barycentre heuristic (down by the
    operands, up by the users), then laid side by side, each row centred."""
    users: Dict[Value, List[Value]] = {n: [] for n in order}
    for node in order:
        for p in node.parents:
            users[p].append(node)
    x = _side_by_side(rows, widths)
    for sweep in range(SWEEPS):
        sequence = rows[1:] if sweep % 2 == 0 else rows[-2::-1]
        for row in sequence:
            row.sort(key=lambda n: _mean([x[m] for m in (n.parents if sweep % 2 == 0
                                                         else users[n])], x[n]))
        x = _side_by_side(rows, widths)
    return x


def _mean(values: List[float], default: float) -> float:
    return sum(values) / len(values) if values else default


def _side_by_side(rows: List[List[Value]], widths: Dict[Value, float]) -> Dict[Value, float]:
    full = max(sum(widths[n] + GAP for n in row) for row in rows)
    x: Dict[Value, float] = {}
    for row in rows:
        at = GAP + (full - sum(widths[n] + GAP for n in row)) / 2
        for node in row:
            x[node] = at + widths[node] / 2
            at += widths[node] + GAP
    return x


def _box(left: float, top: float, width: float) -> str:
    right, bottom = left + width, top + HEIGHT
    return (f"{left:.1f},{top:.1f} {right:.1f},{top:.1f} {right:.1f},{bottom:.1f} "
            f"{left:.1f},{bottom:.1f} {left:.1f},{top:.1f}")


def _edge(edge_id: str, start: tuple, end: tuple, label: str = "") -> str:
    """A straight edge with an arrowhead at `end`, and its label beside its middle."""
    (x0, y0), (x1, y1) = start, end
    length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-9)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - 8 * ux, y1 - 8 * uy
    head = (f"{x1:.1f},{y1:.1f} {bx - 3.5 * uy:.1f},{by + 3.5 * ux:.1f} "
            f"{bx + 3.5 * uy:.1f},{by - 3.5 * ux:.1f}")
    text = (f'<text x="{(x0 + x1) / 2 + 4:.1f}" y="{(y0 + y1) / 2 + 3:.1f}" font-size="9">'
            f'{html.escape(label)}</text>' if label else "")
    return (f'<g id="{edge_id}" class="edge"><title>{edge_id}</title><path fill="none" '
            f'stroke="{colours.LINE}" d="M{x0:.1f},{y0:.1f}L{bx:.1f},{by:.1f}"/><polygon '
            f'fill="{colours.LINE}" stroke="{colours.LINE}" points="{head}"/>{text}</g>')
