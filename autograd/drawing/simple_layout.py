"""A picture laid out without Graphviz, for pages where `dot` is missing.

The SVG has the structure Graphviz's has, so the pages' scripts work on either: a record per
Value (`g#n<i>.node.<kind>`, its fields as `<text>`: name, "data ...", "grad ..."), an ellipse
per op (`g#n<i>_op.node.op`), an edge per operand (`g#e<j>_<i>.edge`) and one from each op to
its result (`g#e<i>.edge`); the kinds' colours are the palette's, the fields those of every
picture (picture.record_fields, picture.op_symbol).

The layout is a small layered one, legible by construction: top to bottom, a Value on the row
below its deepest operand and its op in the row between; an edge that spans rows passes each
row in between through a slot of its own (a virtual node, as dot routes long edges), so it
crosses no box; within a row, Values and slots are ordered by a few sweeps of the barycentre
heuristic, which keeps crossings few, and each op sits right above its result. Widths are
measured from Helvetica's character widths, so text stays inside its box, and an edge's label
goes where it overlaps no other text and no box.
"""

import html
from typing import Callable, Dict, List, Optional, Tuple

from ..value import Value
from . import colours
from .picture import (KINDS, GraphvizMissing, edge_labels, kind, local_derivatives, op_symbol,
                      record_fields)

ROW = 44.0          # points between rows (a Value's row and its op's)
GAP = 18.0          # points between neighbours in a row, and around the picture
HEIGHT = 28.0       # a record's height
RADIUS = 12.0       # an op's half height
SLOT = 6.0          # the width a long edge takes in a row it passes
PAD = 14.0          # a record field's width beyond its text
SWEEPS = 4
NOTE = ("Graphviz's dot is not installed, so this picture is laid out by seegrad's simple "
        "layout (install Graphviz for a tidier one).")

# Helvetica's advance widths, in ems, of the characters that differ most from the usual 0.556
# (digits and most lower-case letters): enough to keep every text inside its box.
_EMS = {**dict.fromkeys("ijl'", 0.23), "|": 0.26, **dict.fromkeys(" .,:;!f", 0.278),
        **dict.fromkeys("t-()[]r", 0.333), **dict.fromkeys("*\"", 0.389),
        **dict.fromkeys("sczJ", 0.5), **dict.fromkeys("kvxy", 0.5),
        **dict.fromkeys("+=<>^~_", 0.584), **dict.fromkeys("ABEKPSVXY&", 0.667),
        **dict.fromkeys("CDHNRUw", 0.722), **dict.fromkeys("GOQ", 0.778),
        **dict.fromkeys("mM", 0.833), "W": 0.944, "%": 0.889, "@": 1.015, "…": 1.0}


def text_width(text: str, size: float = 11.0) -> float:
    """The width in points of `text` in Helvetica at `size` points (and a little more: a
    browser's box of a text reaches past its last glyph's advance)."""
    return size * (0.06 + sum(_EMS.get(c, 0.61 if c.isupper() else 0.556) for c in text))


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
    parts = [layout.record(node) for node in reversed(order)]
    parts += [layout.op(node) for node in reversed(order) if node.parents]
    parts += layout.edges()
    right = max(layout.x[n] + layout.widths[n] / 2 for n in layout.x) + GAP
    bottom = max(layout.top.values()) * ROW + HEIGHT + 2 * GAP
    return (f'<svg width="{right:.0f}pt" height="{bottom:.0f}pt" viewBox="0 0 {right:.1f} '
            f'{bottom:.1f}" xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph" '
            f'font-family="Helvetica,sans-Serif" font-size="11">' + "".join(parts) + "</g></svg>")


class _Slot:
    """Where an edge passes a row it spans (a virtual node): it has a place in the row, as a
    Value does, so that the edge goes between the row's boxes."""

    def __init__(self, parents: list) -> None:
        self.parents = parents


class _Layout:
    """Where every node goes (`top`: its row, `x`: its centre), its SVG, and the edges' routes
    and labels."""

    def __init__(self, order: List[Value], names: Dict[Value, str],
                 grads: Optional[Dict[Value, float]], show_local: bool = False) -> None:
        self.root, self.names, self.grads, self.show_local = order[0], names, grads, show_local
        self.number = {node: i for i, node in enumerate(reversed(order))}
        self.top = _row_numbers(order)
        self.widths = {node: sum(_field_widths(record_fields(node, names[node], grads)))
                       for node in order}
        self.slots = self._slots(order)
        for chain in self.slots.values():
            for slot in chain:
                self.widths[slot] = SLOT
        rows = _rows(order, self.top)
        self.x = _place(rows, self.widths, order)
        self.routes: List[tuple] = []       # each edge: (id, points, label, side of its label)
        self.ops: List[tuple] = []          # each op's box (left, top, right, bottom)

    def _slots(self, order: List[Value]) -> Dict[tuple, List[_Slot]]:
        """For each edge (operand, node) that spans rows of Values, a slot in each of them,
        first to last (its row in `top`)."""
        slots: Dict[tuple, List[_Slot]] = {}
        for node in reversed(order):
            for parent in dict.fromkeys(node.parents):
                previous, chain = parent, []
                for row in range(self.top[parent] + 2, self.top[node], 2):
                    slot = _Slot([previous])
                    self.top[slot] = row
                    chain.append(slot)
                    previous = slot
                slots[(parent, node)] = chain
        return slots

    def record(self, node: Value) -> str:
        """A Value's record: a box of fields side by side (a constant: one small box)."""
        i, width, node_kind = self.number[node], self.widths[node], kind(node, self.root, None)
        fields = record_fields(node, self.names[node], self.grads)
        cy = self._y(node)
        left, top = self.x[node] - width / 2, cy - HEIGHT / 2
        out = [f'<g id="n{i}" class="node {node_kind}"><title>n{i}</title><polygon '
               f'fill="{KINDS[node_kind]["fillcolor"]}" stroke="black" '
               f'points="{_box(left, top, width)}"/>']
        for k, (field, w) in enumerate(zip(fields, _field_widths(fields))):
            if k:
                out.append(f'<polyline fill="none" stroke="black" points="{left:.1f},{top:.1f} '
                           f'{left:.1f},{top + HEIGHT:.1f}"/>')
            out.append(f'<text text-anchor="middle" x="{left + w / 2:.1f}" y="{cy + 4:.1f}">'
                       f'{html.escape(field)}</text>')
            left += w
        return "".join(out) + "</g>"

    def op(self, node: Value) -> str:
        """The op's ellipse above its result; its edges (from each distinct operand, through
        the slots of the rows they span, and down to the result) are routed now and drawn by
        `edges`, once every label's place is known."""
        i, cx, cy = self.number[node], self.x[node], self._y(node) - ROW
        symbol, roles = op_symbol(node.operation)
        rx = max(RADIUS, text_width(symbol) / 2 + 6)
        self.ops.append((cx - rx, cy - RADIUS, cx + rx, cy + RADIUS))
        labels = edge_labels(node, roles, local_derivatives(node) if self.show_local else None)
        count = len(labels)
        for k, (parent, label) in enumerate(labels.items()):
            end = (cx + (k - (count - 1) / 2) * min(8.0, rx), cy - RADIUS)
            points = [(self.x[parent], self._y(parent) + HEIGHT / 2)]
            for slot in self.slots[(parent, node)]:
                points += [(self.x[slot], self._y(slot) - ROW - RADIUS),
                           (self.x[slot], self._y(slot) + HEIGHT / 2)]
            self.routes.append((f"e{self.number[parent]}_{i}", points + [end], label,
                                1 if end[0] >= cx else -1))
        self.routes.append((f"e{i}", [(cx, cy + RADIUS), (cx, self._y(node) - HEIGHT / 2)],
                            "", 1))
        return (f'<g id="n{i}_op" class="node op"><title>n{i}_op</title><ellipse fill="white" '
                f'stroke="black" cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx:.1f}" ry="{RADIUS}"/>'
                f'<text text-anchor="middle" x="{cx:.1f}" y="{cy + 4:.1f}">'
                f'{html.escape(symbol)}</text></g>')

    def edges(self) -> List[str]:
        """Every edge, its label (if any) on its last stretch where the text overlaps nothing
        drawn: boxes, ops and the labels placed before it."""
        taken = [self._box_of(n) for n in self.x if not isinstance(n, _Slot)] + self.ops
        out = []
        for edge_id, points, label, side in self.routes:
            text = ""
            if label:
                box = _free_place(points, text_width(label, 9.0), side, taken)
                taken.append(box)
                text = (f'<text x="{box[0]:.1f}" y="{box[3] - 2:.1f}" font-size="9">'
                        f'{html.escape(label)}</text>')
            out.append(_edge(edge_id, points, text))
        return out

    def _y(self, node) -> float:
        """The centre height of a Value's row (or a slot's)."""
        return GAP + self.top[node] * ROW + HEIGHT / 2

    def _box_of(self, node: Value) -> tuple:
        x, y, w = self.x[node], self._y(node), self.widths[node]
        return (x - w / 2, y - HEIGHT / 2, x + w / 2, y + HEIGHT / 2)


def _free_place(points: List[tuple], width: float, side: int, taken: List[tuple]) -> tuple:
    """A box (left, top, right, bottom) for a label `width` wide beside the edge through
    `points`, on its last stretch (into the op) or the one before, on `side` of it first,
    where it overlaps none of `taken`; the least crowded of the tries if none is free."""
    stretches = list(zip(points, points[1:]))[::-1][:2]       # the last first
    tries = []
    for (x0, y0), (x1, y1) in stretches:
        for t in (0.45, 0.25, 0.65, 0.1, 0.8, 0.9):
            x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            for s in (side, -side):
                for away in (3.0, 10.0):
                    left = x + away if s > 0 else x - away - width
                    box = (left, y - 5, left + width, y + 5)
                    crowd = sum(_overlap(box, other) for other in taken)
                    if not crowd:
                        return box
                    tries.append((crowd, box))
    return min(tries)[1]


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _field_widths(fields: List[str]) -> List[float]:
    """Each field's width: its text's and some padding (a constant's one small box: 10 pt)."""
    return [text_width(f, 10.0 if len(fields) == 1 else 11.0) + PAD for f in fields]


def _row_numbers(order: List[Value]) -> Dict[object, int]:
    """Each Value's row: 2 + its deepest operand's (its op between); a leaf (or constant) on
    the row above its first user's op, so that its edges stay short."""
    row: Dict[object, int] = {}
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


def _rows(order: List[Value], row: Dict[object, int]) -> List[list]:
    """The Values (and slots) of each row, in creation order (the first sweep's start)."""
    rows: List[list] = [[] for _ in range(max(row.values()) // 2 + 1)]
    for node in reversed(order):
        rows[row[node] // 2].append(node)
    for node, r in row.items():
        if isinstance(node, _Slot):
            rows[r // 2].append(node)
    return rows


def _place(rows: List[list], widths: Dict[object, float],
           order: List[Value]) -> Dict[object, float]:
    """Each node's centre: rows ordered by sweeps of the barycentre heuristic (down by the
    operands, up by the users), then laid side by side, each row centred."""
    users: Dict[object, list] = {n: [] for row in rows for n in row}
    for row in rows:
        for node in row:
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


def _side_by_side(rows: List[list], widths: Dict[object, float]) -> Dict[object, float]:
    full = max(sum(widths[n] + GAP for n in row) for row in rows)
    x: Dict[object, float] = {}
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


def _edge(edge_id: str, points: List[tuple], label: str = "") -> str:
    """An edge through `points`, with an arrowhead at the last, and its label's SVG."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-9)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - 8 * ux, y1 - 8 * uy
    head = (f"{x1:.1f},{y1:.1f} {bx - 3.5 * uy:.1f},{by + 3.5 * ux:.1f} "
            f"{bx + 3.5 * uy:.1f},{by - 3.5 * ux:.1f}")
    path = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points[:-1]) + f"L{bx:.1f},{by:.1f}"
    return (f'<g id="{edge_id}" class="edge"><title>{edge_id}</title><path fill="none" '
            f'stroke="{colours.LINE}" d="{path}"/><polygon fill="{colours.LINE}" '
            f'stroke="{colours.LINE}" points="{head}"/>{label}</g>')
