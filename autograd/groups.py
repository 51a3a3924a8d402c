"""Groups of a graph: name scopes while it is built (`group`), and what each group shows once
it is (`groups`): the way to see a graph of thousands of nodes a group at a time.

    with autograd.group("attention"):       # every node made inside belongs to the group
        y = (w * x).tanh()
    found = autograd.groups(loss)           # after loss.backward()
    found.list()                            # [{name, parent, kind, size}, ...]
    found.aggregate("attention")            # {value, grad, gradNorm, maxAbsGrad, ...}

A group is the nodes made while its block ran. Nodes are numbered as they are made
(value.py), so a group is an interval of those numbers, and marking one costs the engine
nothing per node: a block reads the counter when it opens and when it closes. `nn` names its
own groups this way: each call of a model is a "sample", holding a "layer" per layer and a
"neuron" per neuron; each call of a loss function is a "loss". Intervals nest as blocks do.
The records are kept for the last MAX_RECORDS blocks (a graph built long ago, with many
blocks since, shows without its groups); nodes made by another thread while a block is open
fall into it too.
"""

import bisect
from array import array
import functools
from contextlib import contextmanager
from typing import Dict, Iterator, List, Optional

from . import ops
from .folds import Group, fold_ops, fold_repeats, fold_sums
from . import value as value_module
from .graph import creation_order, node_names
from .value import Parameter, Value

MAX_RECORDS = 200_000
SATURATED = 0.01        # an activation whose local derivative is below this is saturated



# The last MAX_RECORDS blocks, as they closed, in a ring: the first creation number, the one
# after the last, and the name and kind (as places in _WORDS). Arrays of machine integers
# filled in place, not a tuple per block: the garbage collector has nothing to scan in them,
# so a model call's forty blocks cost the engine nothing it can measure.
_STARTS = array("q", bytes(8 * MAX_RECORDS))
_ENDS = array("q", bytes(8 * MAX_RECORDS))
_NAMES = array("q", bytes(8 * MAX_RECORDS))
_KINDS = array("q", bytes(8 * MAX_RECORDS))
_WORDS: List[str] = []               # each name and kind once
_WORD: Dict[str, int] = {}           # where it is in _WORDS
_RING = [0, 0]                       # where the next record goes, how many there are
_counter = value_module._creation_counter


def opened() -> int:
    """The creation number a block opens at (for `closed`): nn's fast path."""
    return next(_counter)


def closed(start: int, name: str, kind: str) -> None:
    """Record the block opened at `start`: every node made since belongs to group `name`."""
    at = _RING[0]
    _STARTS[at] = start
    _ENDS[at] = next(_counter)
    _NAMES[at] = _WORD[name] if name in _WORD else _word(name)
    _KINDS[at] = _WORD[kind] if kind in _WORD else _word(kind)
    _RING[0] = at + 1 if at + 1 < MAX_RECORDS else 0
    if _RING[1] < MAX_RECORDS:
        _RING[1] += 1


def _word(text: str) -> int:
    _WORD[text] = len(_WORDS)
    _WORDS.append(text)
    return _WORD[text]


def _records():
    """Every record kept: (first number, number after the last, name, kind)."""
    count = _RING[1]
    return ((start, end, _WORDS[name], _WORDS[kind]) for start, end, name, kind in
            zip(_STARTS[:count], _ENDS[:count], _NAMES[:count], _KINDS[:count]))


@contextmanager
def group(name: str, kind: str = "group") -> Iterator[None]:
    """Every node made inside this block belongs to a group called `name` (nested blocks make
    nested groups). `kind` says what the group is, for pages that draw it ("sample", "layer",
    "neuron", "loss" are nn's; "group" is the default)."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"a group's name must be a non-empty str, got {name!r}")
    start = opened()
    try:
        yield
    finally:
        closed(start, name, kind)


def grouped(name: str, kind: str = "group"):
    """A function whose every call is a group called `name` (nn's losses: "loss")."""
    def wrap(function):
        @functools.wraps(function)
        def inside(*args, **kwargs):
            start = opened()
            try:
                return function(*args, **kwargs)
            finally:
                closed(start, name, kind)
        return inside
    return wrap


class Groups:
    """The groups of one graph (`groups(root)`): their tree, each node's innermost group, and
    what each shows (`aggregate`)."""

    def __init__(self, root: Value) -> None:
        self.root = root
        self.order = creation_order(root)
        self.tree = _tree(self.order)
        self.home = _homes(self.order, self.tree)
        fold_sums(self.order, self.tree, self.home)
        fold_ops(self.order, self.tree, self.home)
        self.tree = fold_repeats(self.tree)
        self.names = node_names(self.order[::-1])
        self._found: Optional[Dict[str, List[Value]]] = None

    def list(self) -> List[dict]:
        """Every group, parents before children: {name, parent, kind, size} (size: its nodes,
        those of the groups inside it included)."""
        sizes = self._members()
        return [{"name": g.name, "parent": g.parent, "kind": g.kind, "size": len(sizes[g.name])}
                for g in self.tree]

    def _members(self) -> Dict[str, List[Value]]:
        """Each group's nodes, those of the groups inside it included (found once)."""
        if self._found is not None:
            return self._found
        members: Dict[str, List[Value]] = {g.name: [] for g in self.tree}
        parents = {g.name: g.parent for g in self.tree}
        for node, name in self.home.items():
            while name is not None:
                members[name].append(node)
                name = parents[name]
        self._found = members
        return members

    def boxes(self, level: str) -> dict:
        """The graph seen at a level: every group of kind `level` closed into one box, and
        every group holding none of them (at that zoom, nothing in it is finer); the nodes in
        no closed group drawn as themselves. {"boxes": [{id, kind, name, size}], "edges":
        [[from id, to id, how many edges of the graph]]}: the edges between two boxes drawn
        once, with their count (a parameter used by every sample: x100). A box's id is its
        group's name, or a node's name (graph.node_names)."""
        kinds = {g.name: g.kind for g in self.tree}
        names = self.names
        box_of = self.box_of(level)
        key = {node: box_of.get(node) or names[node] for node in self.order}
        members = self._members()
        boxes = {}
        for node in self.order:
            box = box_of.get(node)
            if key[node] not in boxes:
                boxes[key[node]] = {"id": key[node], "kind": kinds.get(box, "node"),
                                    "name": key[node], "size": len(members.get(box, [node]))}
        return {"boxes": list(boxes.values()), "edges": _between(self.order, key)}

    def box_of(self, level: str) -> Dict[Value, str]:
        """Each node's box at `level`: its outermost closed group (see `boxes`); ValueError
        for a kind the graph has no group of."""
        kinds = {g.kind for g in self.tree}
        if level not in kinds:
            raise ValueError(f"no group of kind {level!r} in this graph; its kinds: "
                             f"{', '.join(sorted(kinds)) or 'none'}")
        parents = {g.name: g.parent for g in self.tree}
        holds = _holding(self.tree, level, parents)
        # runs of many samples are a page's way to fit them on a screen: a level shows inside
        holds |= {g.name for g in self.tree if g.kind == "run" and level != "run"}
        box_of = {}
        for node, name in self.home.items():
            box = _outermost(name, parents, holds)
            if box is not None:
                box_of[node] = box
        return box_of

    def aggregate(self, name: str) -> dict:
        """What group `name` shows closed, from the graph's data and .grad (after backward):
        its output's value and gradient (None where it has several outputs), the norm of the
        gradients of the parameters its nodes use and the largest of them (with that
        parameter's label), and how many of its activations are saturated (local derivative
        under SATURATED). Nodes are called by their names in pictures (graph.node_names)."""
        members = self._members()
        if name not in members:
            raise KeyError(f"no group {name!r} in this graph; its groups: "
                           f"{', '.join(list(members)[:10])}")
        inside = set(members[name])
        outputs = _outputs(self.order, inside, self.root)
        only = outputs[0] if len(outputs) == 1 else None
        return {"value": None if only is None else only.data,
                "grad": None if only is None else only.grad,
                **_gradients(_parameters(self.order, inside), self.names),
                "saturated": sum(is_saturated(n) for n in inside)}


def groups(root: Value) -> Groups:
    """The groups of root's graph (see the module docstring)."""
    if not isinstance(root, Value):
        raise TypeError(f"groups needs a Value, got {type(root).__name__}")
    return Groups(root)


def _tree(order: List[Value]) -> List[Group]:
    """The blocks that hold nodes of the graph, nested, in the order opened, named by their
    paths (siblings of one name numbered in the order made: sample[0], sample[1], ...)."""
    held = _held([n.number for n in order])
    parents: List[Optional[int]] = []
    stack: List[int] = []
    for at, (start, _, _, _) in enumerate(held):
        while stack and held[stack[-1]][1] <= start:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(at)
    names = _paths(held, parents)
    return [Group(names[at], None if parent is None else names[parent], kind, start, end)
            for at, ((start, end, _, kind), parent) in enumerate(zip(held, parents))]


def _held(numbers: List[int]) -> list:
    """The records of blocks that hold at least one of these creation numbers (sorted), in the
    order the blocks opened, outer before inner."""
    if not numbers:
        return []

    def holds(record) -> bool:
        return bisect.bisect_left(numbers, record[0]) < bisect.bisect_left(numbers, record[1])

    low, high = numbers[0], numbers[-1]
    return sorted((r for r in _records() if r[1] > low and r[0] <= high and holds(r)),
                  key=lambda r: (r[0], -r[1]))


def _paths(held: list, parents: List[Optional[int]]) -> List[str]:
    """Each block's path name: its parent's, "/", its own, numbered among namesakes of one
    parent (sample[0], ...; n1[0]#1 where the name ends in an index already)."""
    namesakes: Dict[tuple, List[int]] = {}
    for at, record in enumerate(held):
        namesakes.setdefault((parents[at], record[2]), []).append(at)
    own: Dict[int, str] = {}
    for (_, name), places in namesakes.items():
        for k, at in enumerate(places):
            own[at] = name if len(places) == 1 else (f"{name}#{k}" if name.endswith("]")
                                                     else f"{name}[{k}]")
    paths: List[str] = []
    for at, parent in enumerate(parents):
        paths.append(own[at] if parent is None else f"{paths[parent]}/{own[at]}")
    return paths


def _between(order: List[Value], key: Dict[Value, str]) -> List[list]:
    """The graph's edges between boxes (`key`: each node's box), each pair once with its
    count."""
    edges: Dict[tuple, int] = {}
    for node in order:
        for parent in dict.fromkeys(node.parents):
            if key[parent] != key[node]:
                edges[key[parent], key[node]] = edges.get((key[parent], key[node]), 0) + 1
    return [[a, b, count] for (a, b), count in edges.items()]


def _holding(tree: List[Group], level: str, parents: Dict[str, Optional[str]]) -> set:
    """The groups that hold a group of kind `level`: open at that level."""
    holds: set = set()
    for g in tree:
        if g.kind == level:
            parent = g.parent
            while parent is not None and parent not in holds:
                holds.add(parent)
                parent = parents[parent]
    return holds


def _outermost(name: Optional[str], parents: Dict[str, Optional[str]], holds: set):
    """The outermost of `name` and the groups around it that is closed (not in `holds`)."""
    found = None
    while name is not None:
        if name not in holds:
            found = name
        name = parents[name]
    return found


def _homes(order: List[Value], tree: List[Group]) -> Dict[Value, str]:
    """Each node's innermost group (nodes in none are left out)."""
    home: Dict[Value, str] = {}
    stack: List[Group] = []
    at = 0
    for node in order:
        while at < len(tree) and tree[at].start < node.number:
            while stack and stack[-1].end <= tree[at].start:
                stack.pop()
            stack.append(tree[at])
            at += 1
        while stack and stack[-1].end <= node.number:
            stack.pop()
        if stack:
            home[node] = stack[-1].name
    return home


def _outputs(order: List[Value], inside: set, root: Value) -> List[Value]:
    """The group's nodes that a node outside it uses, or that are the root, in order made."""
    used = {p for node in order if node not in inside for p in node.parents}
    return [n for n in order if n in inside and (n in used or n is root)]


def _parameters(order: List[Value], inside: set) -> List[Value]:
    """The parameters the group's nodes use, in order made: Parameters, or where the graph
    has none (built by hand), its leaves that are not constants."""
    used = set()
    for node in inside:
        used.update(node.parents)
    counts = parameter_rule(order)
    return [p for p in order if p in used and counts(p)]


def parameter_rule(order: List[Value]):
    """What counts as a parameter in a graph (its nodes in `order`): its Parameters, or where
    it has none (a graph built by hand), its leaves that are not constants."""
    return _is_parameter if any(map(_is_parameter, order)) else _is_leaf


def _is_parameter(node: Value) -> bool:
    return isinstance(node, Parameter)


def _is_leaf(node: Value) -> bool:
    return node.operation is ops.LEAF


def _gradients(params: List[Value], names: Dict[Value, str]) -> dict:
    """The norm of the parameters' gradients, the largest |gradient| and its parameter's name."""
    grads = [abs(p.grad) for p in params]
    if not params:
        return {"gradNorm": 0.0, "maxAbsGrad": 0.0, "maxAbsGradName": None}
    top = max(range(len(params)), key=grads.__getitem__)
    return {"gradNorm": sum(g * g for g in grads) ** 0.5, "maxAbsGrad": grads[top],
            "maxAbsGradName": names[params[top]]}


def is_saturated(node: Value) -> bool:
    """Whether `node` is an activation whose local derivative is under SATURATED."""
    if not node.operation.activation:
        return False
    (a,) = (p.data for p in node.parents)
    return abs(node.operation.derivatives[0](a, node.data)) < SATURATED
