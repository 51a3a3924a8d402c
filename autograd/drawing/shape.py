"""The shape of a graph's picture, estimated before Graphviz runs: which way it reads best,
how wide its nodes are, and how many long edges dot would have to route."""

from typing import Dict, List

from ..ops import CONSTANT
from ..value import Value

# An edge that spans many ranks is routed through a chain of virtual nodes, one per rank, and
# routing splines through tens of thousands of them takes dot minutes or crashes it (a leaf used
# by every step of a 150-term sum: 22,000). Past this many, picture.py draws edges straight.
LONG_EDGES = 2000


def choose_rankdir(order: List[Value], names: Dict[Value, str], width: float = 1280,
                   height: float = 800) -> str:
    """"LR" or "TB": whichever makes the picture largest when it is fitted to a window of
    width x height, estimated from the graph's ranks (a Value, then its op, then its result)
    and the widths of the nodes' labels, without running Graphviz."""
    per_rank = _widths_per_rank(order, names).values()
    node_h, gap, rank_gap = 36.0, 18.0, 29.0
    lr_w = sum(max(ws) for ws in per_rank) + rank_gap * (len(per_rank) - 1)
    lr_h = max(len(ws) * (node_h + gap) for ws in per_rank)
    tb_w = max(sum(ws) + gap * len(ws) for ws in per_rank)
    tb_h = len(per_rank) * (node_h + rank_gap)
    lr, tb = min(width / lr_w, height / lr_h), min(width / tb_w, height / tb_h)
    return "LR" if lr >= tb else "TB"


def _widths_per_rank(order: List[Value], names: Dict[Value, str]) -> Dict[int, List[float]]:
    """The estimated widths of what each rank holds: Values and the ops that made them."""
    rank: Dict[Value, int] = {}
    for node in reversed(order):
        rank[node] = 2 + max((rank[p] for p in node.parents), default=-2)
    per_rank: Dict[int, List[float]] = {}
    for node in order:
        per_rank.setdefault(rank[node], []).append(_estimated_width(node, names))
        if node.parents:
            per_rank.setdefault(rank[node] - 1, []).append(30.0)
    return per_rank


def long_edges(order: List[Value]) -> int:
    """About how many virtual nodes dot will route this graph's edges through. Each node is
    placed as near the root as it can be, as dot's ranking tends to place it: just before the
    op of its user furthest from the root. An edge from it to the op of a nearer user passes
    one virtual node per rank between them."""
    depth: Dict[Value, int] = {}            # ranks from the root (or ends): a node, its op, ...
    for node in order:                      # every user of a node comes before it
        for parent in node.parents:
            depth[parent] = max(depth.get(parent, 0), depth.setdefault(node, 0) + 2)
    return sum(depth[p] - depth[node] - 2 for node in order for p in set(node.parents))


def _estimated_width(node: Value, names: Dict[Value, str]) -> float:
    """A node's width in points: about 6.5 points a character at 11 points, plus padding."""
    if node.operation is CONSTANT:
        return 30.0
    return 6.5 * (len(names[node]) + 20) + 24.0
