"""Walking a graph: the order backward runs in, and stable names for printing.

A node here is a Value (value.py); this module reads only what every node has (its operands
`a` and `b`, its creation `number`, its `label`, its `operation`), so it needs nothing of
value.py's."""

from operator import attrgetter
from typing import Dict

from .ops import CONSTANT

# The sort key of a topological order: an op's operands are created before its result.
creation_number = attrgetter("number")


def creation_order(*roots) -> list:
    """Every node the roots depend on, oldest first: each operand before its result, the order
    a forward pass (forward mode, a page's straight-line program) runs in."""
    nodes = reachable(list(roots))
    nodes.sort(key=creation_number)
    return nodes


def topological_order(root, *more) -> list:
    """Every node root depends on, root first, each node before all of its parents (with
    `more` roots, the newest node first).

    No recursion, so a graph a million nodes deep is fine. An op's operands are always
    created before its result, so sorting by creation number, newest first, is a valid order:
    a node comes only after every node that uses it, which is what backward needs.
    """
    nodes = reachable([root, *more])
    nodes.sort(key=creation_number, reverse=True)
    return nodes


def reachable(roots: list) -> list:
    """Every node the roots depend on, the roots included, once each, in no useful order: one
    breadth-first sweep, reading the operands from their slots (see Value.parents)."""
    seen = set(roots)
    nodes = list(dict.fromkeys(roots))
    for node in nodes:            # `nodes` grows while we walk it
        a = node.a
        if a is not None:
            if a not in seen:
                seen.add(a)
                nodes.append(a)
            b = node.b
            if b is not None and b not in seen:
                seen.add(b)
                nodes.append(b)
    return nodes


def node_names(order: list) -> Dict[object, str]:
    """One name per node, used by every picture and table, so that no two nodes look alike.

    A labelled node is called by its label (shown as `shown_label` makes it: printable, and at
    most LABEL_LENGTH characters), a constant by its number (`2`, `0.5`); a name that several
    nodes share (two constants 2, a leaf labelled "2" beside the constant 2, two constants
    that print alike) is told apart by a suffix on its second and later uses (x, x#2, x#3),
    parents first. Every other node is numbered #1, #2, ..., over unlabelled nodes in topological
    order (parents first): a form no label of a worked example takes, so an automatic name is
    never mistaken for a tutorial's (and never equals a label of the graph)."""
    given = _Names({shown_label(node.label) for node in order if node.label})
    names: Dict[object, str] = {}
    for node in reversed(order):
        if node.label:
            names[node] = given.labelled(shown_label(node.label))
        elif node.operation is CONSTANT:
            names[node] = given.labelled(f"{node.data:g}")
        else:
            names[node] = given.numbered()
    return names


class _Names:
    """The names node_names hands out, each once: labels (told apart by #2, #3... on later
    uses) and #1, #2, ... for unlabelled nodes, skipping any a label took."""

    def __init__(self, taken: set) -> None:
        self.taken, self.uses, self.counter = taken, {}, 1

    def labelled(self, label: str) -> str:
        self.uses[label] = self.uses.get(label, 0) + 1
        if self.uses[label] == 1:
            return label
        while f"{label}#{self.uses[label]}" in self.taken:
            self.uses[label] += 1
        return self._take(f"{label}#{self.uses[label]}")

    def numbered(self) -> str:
        while f"#{self.counter}" in self.taken:
            self.counter += 1
        self.counter += 1
        return self._take(f"#{self.counter - 1}")

    def _take(self, name: str) -> str:
        self.taken.add(name)
        return name


LABEL_LENGTH = 40


def shown_label(label: str) -> str:
    """A label as pictures, tables and pages show it: control characters (a NUL, a newline)
    written as escapes, and cut to LABEL_LENGTH characters with an ellipsis. A label is the
    user's to choose, but Graphviz refuses NULs and labels over 16,384 characters, and a name
    of a thousand characters helps nobody read a picture."""
    if label.isprintable() and len(label) <= LABEL_LENGTH:
        return label
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in label)
    return text if len(text) <= LABEL_LENGTH else text[:LABEL_LENGTH - 1] + "…"


def path_to(root, target) -> list:
    """The nodes on every path from `target` up to `root` (both included), parents first: what
    to highlight to show how one weight reaches the loss. Empty if root does not use target."""
    order = topological_order(root)
    on_path = {target}
    for node in reversed(order):
        if any(parent in on_path for parent in node.parents):
            on_path.add(node)
    if root not in on_path:
        return []
    return [node for node in reversed(order) if node in on_path]
