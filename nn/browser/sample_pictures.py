"""The pictures of one sample's loss graph that the playground draws beside the network.

The page runs a sample's whole graph (nn/browser/spec.py's template) and writes its
numbers into a picture laid out here, once, by Graphviz (or the simple layout without it).
A graph of up to WHOLE_GRAPH nodes is drawn whole. A larger one (2-8-8-1 has 400 nodes) would
be a wall of boxes, so the page draws the part of it that goes through one neuron, the one the
learner clicks: what the neuron computes (its inputs, drawn as leaves, times its weights,
summed with its bias, through its activation) and where its output goes, up to the first node
of another neuron (the products w * h of the next layer) or, from an output neuron, on to the
loss. That is one chain-rule step in full: the gradients the next layer sends back into h,
summed, and what h passes on to its weights and inputs.

The neurons of a layer have parts of one shape, so a layer's part is laid out once and each
neuron gets the names to write into it ({name in the SVG: its name}). With every picture
comes `nodes`: the template node whose numbers picture node i (the SVG's n<i>) shows.
"""

import re
from typing import Dict, List

from autograd import Value
from autograd.graph import creation_order, node_names
from autograd.ops import CONSTANT
from autograd.value import Parameter, new_node

from .spec import sample_graph
from ..training.data import task as checked_task
from ..modules import Module

WHOLE_GRAPH = 200      # a sample's graph up to this size is drawn whole
WIDEST = -1.234e-05    # .4g writes no number wider than this one's "-1.234e-05"


def sample_pictures(model: Module, X, y, loss: str) -> Dict[str, dict]:
    """Per template (by class for cross_entropy, else "all"): {"whole": picture}, or for a
    graph larger than WHOLE_GRAPH the parts through each neuron (_neuron_pictures)."""
    data = checked_task(model, X, y, loss, "playground")
    labels = range(data.outputs) if data.loss_name == "cross_entropy" else [None]
    drawn = {}
    for label in labels:
        root = sample_graph(model, data, label)[0]
        root.label = "loss"
        nodes = creation_order(root)
        for node in nodes:          # laid out with the widest numbers the page will write
            if node.operation is not CONSTANT:
                node.data = WIDEST
        key = "all" if label is None else str(label)
        drawn[key] = ({"whole": _picture(nodes, nodes, root)} if len(nodes) <= WHOLE_GRAPH
                      else _neuron_pictures(nodes, root))
    return drawn


def _neuron_pictures(nodes: List[Value], root: Value) -> dict:
    """{"layouts": [svg], "neurons": {name: {"layout": index into layouts, "nodes",
    "names"}}}: each neuron's part, laid out once per shape (the shape's last neuron's, which
    has the longest names), with the names that make it this neuron's."""
    names = node_names(nodes[::-1])
    index = {n: i for i, n in enumerate(nodes)}
    parts = _neuron_parts(nodes)
    laid_out: Dict[tuple, tuple] = {}
    for name in reversed(list(parts)):
        shape = _shape(parts[name])
        if shape not in laid_out:
            laid_out[shape] = (name, len(laid_out), _picture(nodes, parts[name], root)["svg"])
    neurons = {}
    for name, part in parts.items():
        model, layout, _ = laid_out[_shape(part)]
        renamed = {names[a]: names[b] for a, b in zip(_shown(parts[model]), _shown(part))}
        neurons[name] = {"layout": layout, "nodes": [index[n] for n in _shown(part)],
                         "names": {**renamed, model: name}}
    return {"layouts": [svg for *_, svg in sorted(laid_out.values(), key=lambda t: t[1])],
            "neurons": neurons}


def _neuron_parts(nodes: List[Value]) -> Dict[str, List[Value]]:
    """Per neuron, in creation order, the nodes it computes and those from its output on."""
    from autograd.drawing.picture import neuron_boxes
    owner = neuron_boxes(nodes[::-1])
    users = _users(nodes)
    parts = {}
    for name in dict.fromkeys(owner[n] for n in nodes if n in owner):
        own = [n for n in nodes if owner.get(n) == name and n.parents]
        chosen = set(own) | _onwards(own[-1], users, owner)
        parts[name] = [n for n in nodes if n in chosen]
    return parts


def _users(nodes: List[Value]) -> Dict[Value, List[Value]]:
    """Each node's users: the nodes that take it as an operand."""
    users: Dict[Value, List[Value]] = {n: [] for n in nodes}
    for node in nodes:
        for p in dict.fromkeys(node.parents):
            users[p].append(node)
    return users


def _onwards(output: Value, users: Dict[Value, List[Value]], owner: Dict[Value, str]) -> set:
    """The nodes from a neuron's output towards the loss, up to the first node of another
    neuron on each way."""
    found, frontier = set(), list(users[output])
    while frontier:
        node = frontier.pop()
        if node not in found:
            found.add(node)
            if node not in owner:
                frontier.extend(users[node])
    return found


def _shown(part: List[Value]) -> List[Value]:
    """A part's nodes and the operands it takes from outside it, in creation order."""
    return sorted(set(part).union(*(n.parents for n in part)), key=lambda n: n.number)


def _shape(part: List[Value]) -> tuple:
    """What a part's picture depends on but its names: each shown node's op, and where its
    operands are among the shown nodes (a constant's number, which is its name, too)."""
    shown = _shown(part)
    inside, at = set(part), {n: i for i, n in enumerate(shown)}
    return tuple((n.op, n in inside and tuple(at[p] for p in n.parents), type(n).__name__,
                  n.data if n.operation is CONSTANT else None) for n in shown)


def _picture(nodes: List[Value], part: List[Value], root: Value) -> dict:
    """The picture of `part` (nodes of the graph `nodes`), its operands from outside it drawn
    as leaves, every node named as in the whole graph."""
    from autograd.drawing.picture import picture
    from autograd.drawing.simple_layout import page_svg
    names = node_names(nodes[::-1])
    inside, copies = set(part), {}
    for node in _shown(part):
        copies[node] = (new_node(node.data, node.operation, *(copies[p] for p in node.parents))
                        if node in inside and node.parents else _leaf_copy(node, names[node]))
        copies[node].label = names[node] if node.operation is not CONSTANT else ""
    order = list(copies.values())[::-1]
    grads = {c: WIDEST for c in order}
    rooted = part[-1] is root
    svgs = [page_svg(order, node_names(order), grads,
                     lambda rankdir=rankdir: picture(order, rankdir, grads, rooted=rooted),
                     rooted=rooted)[0] for rankdir in ("TB", "LR")[:1 if part is nodes else 2]]
    index = {n: i for i, n in enumerate(nodes)}
    return {"svg": min(svgs, key=_width), "nodes": [index[n] for n in copies]}


def _width(svg: str) -> float:
    """An SVG's width in points: a part is drawn in the direction that keeps it narrower, so
    that the page scrolls it down rather than sideways."""
    found = re.search(r'<svg[^>]*?width="([0-9.]+)', svg)
    return float(found.group(1)) if found else 0.0


def _leaf_copy(node: Value, name: str) -> Value:
    """A node from outside a part, drawn as a leaf of the part: a parameter stays one (in its
    neuron's box), a constant a constant."""
    if node.operation is CONSTANT:
        return new_node(node.data, CONSTANT)
    if isinstance(node, Parameter):
        return Parameter(node.data, name, node.owner)
    return Value(node.data, name)
