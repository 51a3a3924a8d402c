"""How the groups of a big graph fold so that a page shows them a screen at a time: a long sum
is a group of its own (a batch's total loss: Σ100), many siblings of one name (a batch's
hundred samples) are runs of fifty (sample[0:50]), runs of runs where there are thousands, and
so are the ops of a graph built by hand, in the order made (ops[0:50]), where one group (or
the graph, outside every group) holds more of them than a screen shows."""

import re
from typing import Dict, List, NamedTuple, Optional

from .value import Value


class Group(NamedTuple):
    name: str                 # its path: "sample[3]/layer1/n1[0]"
    parent: Optional[str]     # its parent's name, None at the top
    kind: str
    start: int
    end: int



FOLDED_TERMS = 5        # a sum of this many terms or more is a group of its own ("sum")


def fold_sums(order: List[Value], tree: List[Group], home: Dict[Value, str]) -> None:
    """Long sums as groups: a chain of additions s1 = t0 + t1, s2 = s1 + t2, ... (each sum used
    only by the next) of FOLDED_TERMS terms or more becomes a group of kind "sum", named
    `Σ<terms>` (a batch's total loss: Σ100), in the group its last addition is in."""
    taken: Dict[Optional[str], int] = {}
    for adds in _chains(order):
        if len(adds) + 1 < FOLDED_TERMS:
            continue
        parent = home.get(adds[-1])
        name = f"Σ{len(adds) + 1}"
        taken[parent] = taken.get(parent, 0) + 1
        if taken[parent] > 1:
            name += f"#{taken[parent] - 1}"
        path = name if parent is None else f"{parent}/{name}"
        tree.append(Group(path, parent, "sum", -1, -1))
        for add in adds:
            home[add] = path


def _chains(order: List[Value]) -> List[List[Value]]:
    """The chains of additions in the graph, each addition's first operand the one before it
    (used by nothing else)."""
    uses: Dict[Value, int] = {}
    for node in order:
        for p in node.parents:
            uses[p] = uses.get(p, 0) + 1
    chain: Dict[Value, List[Value]] = {}
    for node in order:
        if node.op == "+":
            first = node.parents[0]
            links = chain.pop(first, None) if uses.get(first) == 1 else None
            chain[node] = (links or []) + [node]
    return list(chain.values())


REPEATS = 50        # siblings of one name beyond this many are shown in runs of this many
LOOSE = 60          # a group (or the top) holding more ops than this of its own: runs of ops


def fold_ops(order: List[Value], tree: List[Group], home: Dict[Value, str]) -> None:
    """Where a group (or the graph, outside every group) holds more than LOOSE ops of its own
    (not in a group inside it), they are runs of REPEATS, in the order made: groups of kind
    "run" named ops[0:50], ops[50:100], ... (fold_repeats makes runs of those where they are
    many). Leaves stay where they are: a page draws them beside their users."""
    own: Dict[Optional[str], List[Value]] = {}
    for node in order:
        if node.parents:
            own.setdefault(home.get(node), []).append(node)
    for parent, ops in own.items():
        if len(ops) <= LOOSE:
            continue
        for k in range(0, len(ops), REPEATS):
            name = f"ops[{k}:{min(k + REPEATS, len(ops))}]"
            path = name if parent is None else f"{parent}/{name}"
            tree.append(Group(path, parent, "run", -1, -1))
            for node in ops[k:k + REPEATS]:
                home[node] = path


def fold_repeats(tree: List[Group]) -> List[Group]:
    """Many siblings of one name (a batch's sample[0] ... sample[99]) in runs of REPEATS, each a
    group of kind "run" named by its range (sample[0:50]); runs of runs where they are many
    still. The siblings keep their names; only their parent is the run."""
    while True:
        families: Dict[tuple, List[int]] = {}
        for at, g in enumerate(tree):
            families.setdefault((g.parent, g.kind, _base(g.name)), []).append(at)
        crowded = [places for places in families.values() if len(places) > REPEATS]
        if not crowded:
            return tree
        runs: Dict[int, Group] = {}
        for places in crowded:
            for k in range(0, len(places), REPEATS):
                runs[places[k]] = _run(tree, places[k:k + REPEATS], k)
        folded: List[Group] = []
        for at, g in enumerate(tree):
            if at in runs:
                folded.append(runs[at])
            folded.append(g)
        tree = folded


def _run(tree: List[Group], places: List[int], k: int) -> Group:
    """The run of the groups at `places` (the k-th of their family and after), made their
    parent."""
    first, last = tree[places[0]], tree[places[-1]]
    name = (f"{_base(first.name)}[{_span(first.name, k)[0]}:"
            f"{_span(last.name, k + len(places) - 1)[1]}]")
    for at in places:
        tree[at] = tree[at]._replace(parent=name)
    return Group(name, first.parent, "run", first.start, last.end)


_NUMBERED = re.compile(r"^(.*?)(?:\[(\d+)(?::(\d+))?\]|#(\d+))$")


def _base(name: str) -> str:
    """A group's name without the number that tells namesakes apart (sample[3] -> sample)."""
    found = _NUMBERED.match(name)
    return found.group(1) if found else name


def _span(name: str, place: int) -> tuple:
    """The numbers a group stands for among its namesakes, first and after the last
    (sample[3] -> 3, 4; sample[0:50] -> 0, 50); `place`, its turn, where its name has none."""
    found = _NUMBERED.match(name)
    if not found or not (found.group(2) or found.group(4)):
        return place, place + 1
    first = int(found.group(2) or found.group(4))
    return first, int(found.group(3)) if found.group(3) else first + 1
