"""How a graph is drawn: which kind each node is, how each kind looks, which nodes form a
neuron's box, which way the picture runs, and the DOT that Graphviz lays out.

`draw_dot` and `render_steps` both draw with `picture`, so a node looks the same in every view
and has the same id in every SVG (record `n<i>`, op `n<i>_op`, numbered parents first), which
is what lets the step-through page update one laid-out picture instead of drawing a new one.
"""

import html
import re
import signal
from collections import Counter
from contextlib import contextmanager
from typing import Dict, Iterable, Iterator, List, Optional

try:
    import graphviz
except ImportError:          # in a browser (Pyodide): pages lay their graphs out themselves
    graphviz = None

from . import colours
from ..graph import node_names
from .shape import LONG_EDGES, choose_rankdir, long_edges
from ..ops import CONSTANT, OPS
from ..value import Parameter, Value

# One look per kind of node, in the order the legend lists them.
KINDS = {
    "root":         {"style": "filled,bold", "fillcolor": colours.ROOT},
    "intermediate": {"style": "filled", "fillcolor": colours.INTERMEDIATE},
    "parameter":    {"style": "filled", "fillcolor": colours.PARAMETER},
    "input":        {"style": "filled", "fillcolor": colours.INPUT},
    "constant":     {"style": "filled,rounded", "fillcolor": colours.CONSTANT,
                     "fontcolor": colours.MUTED, "color": colours.FAINT, "fontsize": "10"},
}
HIGHLIGHT = {"color": colours.HIGHLIGHT, "penwidth": "2.5"}
RANKDIRS = ("LR", "TB", "RL", "BT", "auto")

# Graphviz's network simplex places nodes within their ranks; on graphs with much fan-out
# (sum([x] * 80)) it can run for minutes. Capping its iterations at one per node keeps such
# layouts under a second and does not change the pictures of ordinary graphs.
_LAYOUT = {"nslimit": "1", "nodesep": "0.25", "ranksep": "0.4"}
# Past LONG_EDGES (shape.py), edges are drawn straight and the placement left as it first
# falls (a few tenths of a second): such a graph is a fan of edges from one leaf.
_STRAIGHT = {"nslimit": "0", "splines": "false", "nodesep": "0.25", "ranksep": "0.4"}
_ACTIVATIONS = tuple(op.name for op in OPS if op.activation)


class GraphTooLarge(ValueError):
    """A graph with more nodes than the drawing allows; `count` and `limit` say by how much."""

    def __init__(self, who: str, count: int, limit: int, option: str = "max_nodes") -> None:
        super().__init__(f"{who}: the graph has {count} nodes, more than {option}={limit}; "
                         f"Graphviz would take very long to lay it out. To draw it anyway pass "
                         f"{option}={count} or more.")
        self.count, self.limit = count, limit


INSTALL_HINT = ("Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
                "conda: conda install graphviz")


class GraphvizFailed(RuntimeError):
    """Graphviz's `dot` ran but did not draw the graph (it crashed, or gave up)."""


class GraphvizMissing(graphviz.ExecutableNotFound if graphviz else RuntimeError):
    """Raised when drawing needs Graphviz's `dot` program and it is not installed. A subclass of
    graphviz's own error, so code that catches that still works; only the message is better."""

    def __init__(self, message: str = ("Graphviz's 'dot' program is not installed, so the graph "
                                       f"cannot be drawn: install it ({INSTALL_HINT}), or write "
                                       "the DOT source with .save() or .source, which need no "
                                       "program")) -> None:
        RuntimeError.__init__(self, message)


class Graph(graphviz.Digraph if graphviz else object):
    """A graphviz.Digraph whose drawing methods say how to install Graphviz when it is missing,
    and what happened when `dot` fails, in a sentence rather than a traceback of its own."""

    def pipe(self, *args, **kwargs):
        with _graphviz_errors(self):
            return super().pipe(*args, **kwargs)

    def render(self, *args, **kwargs):
        with _graphviz_errors(self):
            return super().render(*args, **kwargs)


@contextmanager
def _graphviz_errors(graph: "graphviz.Digraph") -> Iterator[None]:
    try:
        yield
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing() from None
    except graphviz.CalledProcessError as e:
        raise _failed(graph, e) from None


def _failed(graph: "graphviz.Digraph", e: "graphviz.CalledProcessError") -> GraphvizFailed:
    """What went wrong when dot ran, in words: how it stopped and the first thing it said."""
    code = e.returncode
    how = (f"it crashed ({signal.Signals(-code).name})" if code < 0 else
           f"it stopped with status {code}")
    said = (e.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    size = getattr(graph, "values", None)
    return GraphvizFailed("Graphviz's dot could not lay out this graph"
                          + (f" of {size} nodes" if size else "") + f": {how}"
                          + (f", saying: {said[0]}" if said else "")
                          + ". Draw a smaller part of it, or write the DOT source (.gv) and try "
                          "another Graphviz version")


def kind(node: Value, root: Value, params: Optional[set]) -> str:
    """root, intermediate, parameter, input or constant. A parameter is a `Parameter` (what nn
    makes) or a Value listed in `params`; any other leaf is an input of the expression."""
    if node is root:
        return "root"
    if node.operation is CONSTANT:
        return "constant"
    if node.parents:
        return "intermediate"
    if isinstance(node, Parameter) or (params is not None and node in params):
        return "parameter"
    return "input"


def neuron_boxes(order: List[Value]) -> Dict[Value, str]:
    """The neuron each node belongs to, for nodes that `nn` built: a Parameter's `owner`, then
    what the neuron computes from its parameters: the products w * x, the sum of those products
    and the bias, and the activation of that sum (an op the table declares an activation, if
    the sum has no other use). Nodes in no neuron are left out."""
    uses = Counter(p for node in order for p in node.parents)
    owner: Dict[Value, str] = {}
    for node in reversed(order):                    # parents first
        found = _neuron_of(node, owner, uses)
        if found:
            owner[node] = found
    return owner


def _neuron_of(node: Value, owner: Dict[Value, str], uses: Counter) -> Optional[str]:
    """The neuron `node` belongs to, given its operands' (`owner`), or None."""
    if isinstance(node, Parameter):
        return node.owner or None
    return _NEURON_RULES.get(node.op, _activation_owner)(node, owner, uses)


def _product_owner(node: Value, owner: Dict[Value, str], uses: Counter) -> Optional[str]:
    """A product's neuron: that of the one parameter it multiplies by (w * x)."""
    return _only({p.owner for p in node.parents if isinstance(p, Parameter) and p.owner})


def _sum_owner(node: Value, owner: Dict[Value, str], uses: Counter) -> Optional[str]:
    """A sum's neuron: the one all its terms belong to (the products and the bias)."""
    return _only({owner.get(p) for p in node.parents})


def _activation_owner(node: Value, owner: Dict[Value, str], uses: Counter) -> Optional[str]:
    """An activation's neuron: that of the sum (or product) it is applied to, if nothing else
    uses that."""
    if node.op not in _ACTIVATIONS:
        return None
    x = node.parents[0]
    return owner.get(x) if x.op in ("+", "*") and uses[x] == 1 else None


_NEURON_RULES = {"*": _product_owner, "+": _sum_owner}


def _only(found: set) -> Optional[str]:
    """The one neuron in `found`, or None if there are several or none (or None is one)."""
    return found.pop() if len(found) == 1 else None


def picture(order: List[Value], rankdir: str = "LR", grads: Optional[Dict[Value, float]] = None,
            show_local: bool = False, highlight: Iterable[Value] = (),
            params: Optional[Iterable[Value]] = None, extra_legend: Iterable[str] = (),
            rooted: bool = True, compact: bool = False) -> Graph:
    """The DOT for a graph whose nodes are `order` (from topological_order, root first).

    order         the nodes, root first
    rankdir       "LR", "TB", "RL", "BT" or "auto" (see choose_rankdir)
    grads         the gradient to show per node (None: none; a node it leaves out: "grad ?")
    show_local    write each operand's local derivative on its edge
    highlight     nodes (and the edges between them) to draw in red
    params        Values to draw as parameters besides the Parameters
    extra_legend  notes for the key under the picture
    rooted        order[0] is the graph's root (False for a part of a graph with several ends,
                  none of them a root)
    compact       each record's fields one above the other (name, data, grad), not side by
                  side, and every leaf in the first row: a narrow picture with its inputs in
                  view, for a page that shows something beside it

    Records, op nodes and edges carry SVG ids (`n<i>`, `n<i>_op`, `e<i>` for op -> result,
    `e<j>_<i>` for operand j -> op of node i) and classes (the node's kind)."""
    if graphviz is None:
        raise GraphvizMissing("the graphviz package is not installed here (pip install "
                              "graphviz), so the graph cannot be drawn by Graphviz")
    names = node_names(order)
    if rankdir == "auto":
        rankdir = choose_rankdir(order, names)
    layout = _STRAIGHT if long_edges(order) > LONG_EDGES else _LAYOUT
    dot = Graph(graph_attr={"rankdir": rankdir, "fontname": "Helvetica", **layout},
                node_attr={"fontname": "Helvetica", "fontsize": "11"},
                edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": colours.LINE})
    dot.values = len(order)
    drawing = _Drawing(dot, order, names, rankdir, grads, show_local, set(highlight),
                       set(params) if params is not None else None)
    drawing.stacked = compact
    if not rooted:
        drawing.root = None
    for node in reversed(order):
        drawing.record(node)
        if node.parents:
            drawing.op(node)
    for cluster in drawing.clusters.values():
        dot.subgraph(cluster)
    if compact:
        _leaves_first(dot, order, drawing)
    dot.attr(label=_legend(drawing.kinds_seen, show_local, bool(highlight), list(extra_legend)),
             labelloc="b", labeljust="l", fontsize="10")
    return dot


def _leaves_first(dot: Graph, order: List[Value], drawing: "_Drawing") -> None:
    """Every leaf outside a neuron's box (inputs, not constants) in the first row. (Their
    order in it is dot's, which crosses the fewest edges: an invisible edge to fix it would
    join two records in one row, which dot cannot lay out.)"""
    with dot.subgraph() as first:
        first.attr(rank="min")
        for node in reversed(order):
            if not node.parents and node.operation is not CONSTANT and \
                    drawing.place(node) is dot:
                first.node(f"n{drawing.number[node]}")


class _Drawing:
    """What drawing one graph's nodes needs at every node: the Digraph, each node's name and
    number, the neuron boxes (clusters) made so far, and the kinds seen (for the legend).

    dot         the Digraph drawn into
    order       the nodes, root first
    names       each node's name (graph.node_names)
    rankdir     "LR", "TB", "RL" or "BT"
    grads       the gradient to show per node, or None
    show_local  write the local derivatives on the edges
    highlight   the nodes to draw in red
    params      Values to draw as parameters besides the Parameters, or None"""

    def __init__(self, dot: Graph, order: List[Value], names: Dict[Value, str], rankdir: str,
                 grads: Optional[Dict[Value, float]], show_local: bool, highlight: set,
                 params: Optional[set]) -> None:
        self.dot, self.names, self.rankdir, self.grads = dot, names, rankdir, grads
        self.show_local, self.highlight, self.params, self.root = (show_local, highlight,
                                                                    params, order[0])
        self.number = {node: i for i, node in enumerate(reversed(order))}
        self.boxes = neuron_boxes(order)
        self.clusters: Dict[str, "graphviz.Digraph"] = {}
        self.kinds_seen: set = set()
        self.stacked = False                # fields one above the other (see picture)

    def place(self, node: Value) -> "graphviz.Digraph":
        """Where the node is drawn: its neuron's box, or the graph itself."""
        owner = self.boxes.get(node)
        if owner is None:
            return self.dot
        if owner not in self.clusters:
            self.clusters[owner] = graphviz.Digraph(
                name=f"cluster_{len(self.clusters)}",
                graph_attr={"label": graphviz.nohtml(owner.replace("\\", "\\\\")),
                            "labeljust": "l", "style": "rounded,dashed",
                            "color": colours.GRID, "fontcolor": colours.MUTED,
                            "fontsize": "10"})
        return self.clusters[owner]

    def record(self, node: Value) -> None:
        """The node's record: its name, data and grad (a constant: a small box, its number)."""
        i, name = self.number[node], self.names[node]
        node_kind = kind(node, self.root, self.params)
        self.kinds_seen.add(node_kind)
        attrs = {**KINDS[node_kind], **(HIGHLIGHT if node in self.highlight else {}),
                 "class": node_kind}
        fields = record_fields(node, name, self.grads)
        if node_kind == "constant":
            self.place(node).node(f"n{i}", _escape_record(fields[0]), id=f"n{i}", shape="box",
                                  height="0.25", width="0.3", margin="0.05,0.02", **attrs)
            return
        label = " | ".join(_escape_record(f) for f in fields)
        # A record's fields sit side by side in TB and stack in LR; braces turn them.
        if (self.rankdir in ("LR", "RL")) != self.stacked:
            label = "{ " + label + " }"
        self.place(node).node(f"n{i}", label, id=f"n{i}", shape="record", **attrs)

    def op(self, node: Value) -> None:
        """The op that made the node, a small circle, with an edge from each operand and one
        to the node."""
        i, op, highlight = self.number[node], node.operation, self.highlight
        lit = HIGHLIGHT if node in highlight and any(p in highlight for p in node.parents) \
            else {}
        symbol, roles = op_symbol(op)
        self.place(node).node(f"n{i}_op", _escape_record(symbol), id=f"n{i}_op",
                              shape="circle", width="0.35", fixedsize="false", margin="0.02",
                              **{"class": "op"}, **lit)
        self._operand_edges(node, roles)
        self.dot.edge(f"n{i}_op", f"n{i}", id=f"e{i}", **lit)

    def _operand_edges(self, node: Value, roles: bool) -> None:
        """An edge from each distinct operand to the node's op, labelled (see edge_labels)."""
        i, highlight = self.number[node], self.highlight
        locals_ = local_derivatives(node) if self.show_local else None
        for parent, edge_label in edge_labels(node, roles, locals_).items():
            edge = {"label": edge_label} if edge_label else {}
            if parent in highlight and node in highlight:
                edge.update(HIGHLIGHT)
            j = self.number[parent]
            self.dot.edge(f"n{j}", f"n{i}_op", id=f"e{j}_{i}", **edge)


def record_fields(node: Value, name: str, grads: Optional[Dict[Value, float]]) -> List[str]:
    """What a node's record shows: its name, data and grad ("grad ?" where `grads` lacks it;
    none without `grads`); a constant, its number alone (or its label and number)."""
    if node.operation is CONSTANT:
        return [name if not node.label else f"{name} = {node.data:.4g}"]
    fields = [name, f"data {node.data:.4g}"]
    if grads is not None:
        fields.append(f"grad {grads[node]:.4g}" if node in grads else "grad ?")
    return fields


def op_symbol(op) -> tuple:
    """(what an op's circle says, whether its operands' roles are marked): "a - b" for an op
    whose operands cannot be swapped, else its name."""
    roles = op.arity == 2 and not op.commutative
    return (op.template.format("a", "b") if roles else op.name), roles


def edge_labels(node: Value, roles: bool, locals_: Optional[List[float]]) -> Dict[Value, str]:
    """One edge per distinct operand, with its label: the operand's role (a, b) where the op is
    not commutative, the local derivative d(node)/d(operand) with show_local (none for a
    constant, which is not differentiated), and "×2" where one operand is used twice (x * x)."""
    parts: Dict[Value, List[str]] = {}
    for position, parent in enumerate(node.parents):
        part = "ab"[position] if roles else ""
        if locals_ is not None and parent.operation is not CONSTANT:
            derivative = f"{locals_[position]:.4g}"
            part = f"{part}: {derivative}" if part else derivative
        parts.setdefault(parent, []).append(part)
    return {parent: _joined(found, roles) for parent, found in parts.items()}


def _joined(found: List[str], roles: bool) -> str:
    """The label of an operand's edge from its parts, one per use."""
    if len(found) > 1 and not roles:
        return f"{found[0]} (×{len(found)})" if found[0] else f"×{len(found)}"
    return ", ".join(found)


def local_derivatives(node: Value) -> List[float]:
    """d(node)/d(operand) for each operand, from the op's declared rules, on floats."""
    args = [p.data for p in node.parents] + [node.data]
    return [rule(*args) for rule in node.operation.derivatives]


def _legend(kinds: set, show_local: bool, highlighted: bool, extra: List[str]) -> str:
    """A key to the colours (only the kinds in the picture) as the graph's label: a label is not
    a node, so it never joins the layout or the graph's node count."""
    cells = []
    for name, look in KINDS.items():
        if name in kinds:
            border = f' color="{colours.FAINT}"' if name == "constant" else ""
            cells.append(f'<td bgcolor="{look["fillcolor"]}" border="1"{border}>{name}</td>')
    if highlighted:
        cells.append(f'<td border="1" color="{colours.HIGHLIGHT}">highlighted</td>')
    notes = extra + (["edge: d(result)/d(operand)"] if show_local else [])
    cells += [f'<td border="0">{html.escape(note)}</td>' for note in notes]
    return ('<<table border="0" cellspacing="3" cellpadding="2"><tr>' + "".join(cells)
            + "</tr></table>>")


_RECORD_SPECIAL = re.compile(r'([\\{}|<>"])')


def _escape_record(text: str) -> str:
    """Escape what means something inside a Graphviz record label; newlines become spaces."""
    return _RECORD_SPECIAL.sub(r"\\\1", " ".join(text.splitlines()) or " ")
