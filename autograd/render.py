"""Drawing a graph with Graphviz: `draw_dot` builds the picture, `render` writes it to a file."""

import os
from typing import Dict, Iterable, List, Optional, Tuple

import graphviz

from .graph import node_names, topological_order
from .ops import CONSTANT
from .value import Value

INSTALL_HINT = ("Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
                "conda: conda install graphviz")

# How each kind of node looks, so a reader tells them apart at a glance.
STYLES = {
    "root":      {"style": "filled,bold", "fillcolor": "#ffd966"},
    "parameter": {"style": "filled", "fillcolor": "#9fc5e8"},
    "input":     {"style": "filled", "fillcolor": "#b6d7a8"},
    "leaf":      {"style": "filled", "fillcolor": "#9fc5e8"},
    "constant":  {"style": "filled", "fillcolor": "#eeeeee", "fontcolor": "#666666"},
    "op result": {"style": "filled", "fillcolor": "#ffffff"},
}
HIGHLIGHT = {"color": "#cc0000", "penwidth": "2.5"}
FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}


class GraphvizMissing(graphviz.ExecutableNotFound):
    """Raised when drawing needs Graphviz's `dot` program and it is not installed. A subclass of
    graphviz's own error, so code that catches that still works; only the message is better."""

    def __init__(self, message: str = ("Graphviz's 'dot' program is not installed, so the graph "
                                       f"cannot be drawn: install it ({INSTALL_HINT}), or write "
                                       "the DOT source with .save() or .source, which need no "
                                       "program")) -> None:
        RuntimeError.__init__(self, message)


class Graph(graphviz.Digraph):
    """A graphviz.Digraph whose drawing methods say how to install Graphviz when it is missing."""

    def pipe(self, *args, **kwargs):
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizMissing() from None

    def render(self, *args, **kwargs):
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizMissing() from None


def draw_dot(root: Value, rankdir: str = "LR", show_grad: bool = True, show_local: bool = False,
             highlight: Optional[Iterable[Value]] = None, max_nodes: int = 500,
             params: Optional[Iterable[Value]] = None) -> Graph:
    """A Graphviz picture of root's graph: one record per Value (its label if it has one, data and
    grad to 4 significant digits), one small node per op, edges operand -> op -> result.

    Colours tell nodes apart: the root is gold, leaf Values blue (or, given `params`, those
    parameters blue and the other leaves green, as inputs), constants grey. `params` may be a
    list of Values or an `nn` module, whose parameter names then label unlabelled parameters.
    `show_local=True` writes on each operand -> op edge the local derivative d(result)/d(operand),
    so the chain rule can be read off the picture. `highlight` takes Values to emphasise in red,
    e.g. `path_to(loss, w)`. Node names come from the topological numbering, so the same expression
    built twice gives the same DOT source. Graphs above `max_nodes` Values are refused: Graphviz
    would take minutes to lay them out.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_dot needs a Value, got {type(root).__name__}")
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"draw_dot: rankdir must be one of LR, TB, RL, BT, got {rankdir!r}")
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(f"draw_dot: the graph has {len(order)} nodes, more than max_nodes="
                         f"{max_nodes}; Graphviz would take very long to lay it out. To draw it "
                         f"anyway pass max_nodes={len(order)} or more.")
    grads = {node: node.grad for node in order} if show_grad else None
    return _picture(order, rankdir, grads, show_local, set(highlight or ()), params)


def _picture(order: List[Value], rankdir: str, grads: Optional[Dict[Value, float]],
             show_local: bool, highlight: set, params: Optional[Iterable[Value]],
             current: Optional[Tuple[Value, Value]] = None) -> Graph:
    """The picture behind draw_dot and render_steps. `grads` maps nodes to the gradient to show
    (None: show none; a missing node shows "?"); `current` is the (operand, result) edge to mark."""
    names = node_names(order)
    if hasattr(params, "named_parameters"):
        names.update((p, name) for name, p in params.named_parameters()
                     if p in names and not p.label)
        params = params.parameters()
    ids = {node: f"n{i}" for i, node in enumerate(reversed(order))}
    params = set(params) if params is not None else None
    dot = Graph(graph_attr={"rankdir": rankdir, "fontname": "Helvetica"},
                node_attr={"fontname": "Helvetica", "fontsize": "11"},
                edge_attr={"fontname": "Helvetica", "fontsize": "9"})
    for node in reversed(order):
        fields = [names[node] if node.label or node._op is not CONSTANT else "const",
                  f"data {node.data:.4g}"]
        if grads is not None:
            fields.append(f"grad {grads[node]:.4g}" if node in grads else "grad ?")
        attrs = dict(STYLES[_kind(node, order[0], params)])
        if node in highlight:
            attrs.update(HIGHLIGHT)
        dot.node(ids[node], "{ " + " | ".join(_escape(f) for f in fields) + " }",
                 shape="record", **attrs)
        if not node.parents:
            continue
        op_id = ids[node] + "_op"
        lit = node in highlight and any(p in highlight for p in node.parents)
        dot.node(op_id, _escape(node.op), shape="circle", width="0.35", fixedsize="false",
                 **(HIGHLIGHT if lit or (current and current[1] is node) else {}))
        locals_ = _local_derivatives(node) if show_local else None
        for i, parent in enumerate(node.parents):
            edge = {}
            if locals_ is not None:
                edge["label"] = f"{locals_[i]:.4g}"
            if (parent in highlight and node in highlight) or current == (parent, node):
                edge.update(HIGHLIGHT)
            dot.edge(ids[parent], op_id, **edge)
        dot.edge(op_id, ids[node], **(HIGHLIGHT if lit or (current and current[1] is node) else {}))
    return dot


def _kind(node: Value, root: Value, params: Optional[set]) -> str:
    if node is root:
        return "root"
    if node._op is CONSTANT:
        return "constant"
    if node.parents:
        return "op result"
    if params is None:
        return "leaf"
    return "parameter" if node in params else "input"


def _local_derivatives(node: Value) -> List[float]:
    """d(node)/d(operand) for each operand, from the op's declared rules, on floats."""
    args = [p.data for p in node.parents] + [node.data]
    return [rule(*args) for rule in node._op.derivatives]


def render(root: Value, path: str, **draw_options) -> str:
    """Draw root's graph to `path`; the format comes from the suffix (.svg .png .pdf .dot .gv).

    Where Graphviz's `dot` is missing, the DOT source is written next to `path` (as .gv) and
    GraphvizMissing says which file that is and how to install Graphviz. Returns `path`.
    """
    path = os.fspath(path)
    stem, suffix = os.path.splitext(path)
    if suffix.lower() not in FORMATS:
        raise ValueError(f"render: cannot tell the format from {path!r}; end the name with one "
                         f"of {', '.join(FORMATS)}")
    dot = draw_dot(root, **draw_options)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    if FORMATS[suffix.lower()] == "dot":
        with open(path, "w", encoding="utf-8") as f:
            f.write(dot.source)
        return path
    try:
        dot.render(outfile=path, format=FORMATS[suffix.lower()], cleanup=True)
    except graphviz.ExecutableNotFound:
        source = stem + ".gv"
        with open(source, "w", encoding="utf-8") as f:
            f.write(dot.source)
        raise GraphvizMissing(
            f"Graphviz's 'dot' program is not installed, so {path} was not drawn; the DOT source "
            f"was written to {source} instead. Install Graphviz ({INSTALL_HINT}).") from None
    return path


def _escape(text: str) -> str:
    """Escape the characters that mean something inside a Graphviz record label."""
    for ch in "\\{}|<>\"":
        text = text.replace(ch, "\\" + ch)
    return text
