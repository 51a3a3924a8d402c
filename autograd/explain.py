"""`explain`: the backward pass as a table a learner can follow line by line."""

from collections import Counter
from typing import Dict, List, NamedTuple

from .backward import Step, propagate, one_pass
from .graph import node_names, topological_order
from .ops import CONSTANT
from .value import Value

# step, node = op, operand, local, upstream, contribution: 76 columns in all
WIDTHS = (4, 18, 8, 12, 12, 12)
HEADINGS = ("step", "node = op", "operand", "local", "upstream", "contribution")


class Trace(NamedTuple):
    """A backward pass written out: the table's header, its rows step by step (a step's row and,
    when it completes an operand's gradient, that operand's total line), and the leaf summary."""
    order: List[Value]
    names: Dict[Value, str]
    steps: List[Step]
    header: List[str]
    rows: List[List[str]]
    footer: List[str]


def explain(root: Value) -> str:
    """The chain rule as backward runs it over root's graph, one row per step.

    Each row is one operand receiving `local * upstream` from the node that used it, where
    `local` is d(node)/d(operand) and `upstream` is d(root)/d(node). Once an operand has received
    its last contribution, a line gives its total d(root)/d(operand). The table is computed
    afresh (seeded with d(root)/d(root) = 1); it reads and changes no `.grad`.
    """
    t = trace(root)
    return "\n".join(t.header + [line for row in t.rows for line in row] + t.footer) + "\n"


def trace(root: Value) -> Trace:
    """Run the chain rule over root's graph, recording every step, and lay the steps out."""
    if not isinstance(root, Value):
        raise TypeError(f"explain needs a Value, got {type(root).__name__}")
    order = topological_order(root)
    steps: List[Step] = []
    with one_pass(order):
        propagate(order, 1.0, create_graph=False, steps=steps)
    names = node_names(order)
    top = names[root]

    def d(node: Value) -> str:
        return f"d{top}/d{names[node]}"

    header = [_fit(f"backward pass of {top} = {_num(root.data)}, starting from {d(root)} = 1", 80)]
    if not steps:
        return Trace(order, names, steps, header + [f"{top} is a leaf: nothing to pass back."],
                     [], [])
    header += ["", _row(HEADINGS), _row(tuple("-" * w for w in WIDTHS))]

    remaining = Counter(step.operand for step in steps)
    totals: Dict[Value, float] = {}
    rows, previous = [], None
    for number, step in enumerate(steps, 1):
        node_text = ""
        if step.node is not previous:
            operands = [names[p] for p in step.node.parents]
            node_text = f"{names[step.node]} = {step.node.operation.template.format(*operands)}"
            previous = step.node
        row = [_row((str(number), node_text, names[step.operand], _num(step.local),
                     _num(step.upstream), _num(step.contribution)))]
        totals[step.operand] = totals.get(step.operand, 0.0) + step.contribution
        remaining[step.operand] -= 1
        if remaining[step.operand] == 0:
            row.append(" " * 36 + _fit(f"total {d(step.operand)} = "
                                       f"{_num(totals[step.operand])}", 44))
        rows.append(row)

    leaves = [n for n in reversed(order) if not n.parents and n.operation is not CONSTANT]
    footer = ["", "leaves (value, gradient):"]
    footer += [_fit(f"  {names[n]:<10} {_num(n.data):>12}  {d(n)} = {_num(totals.get(n, 0.0))}",
                    80) for n in leaves]
    return Trace(order, names, steps, header, rows, footer)


def _num(x: float) -> str:
    return f"{x:.6g}"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _row(cells) -> str:
    return "  ".join(_fit(c, w).ljust(w) if i in (1, 2) else _fit(c, w).rjust(w)
                     for i, (c, w) in enumerate(zip(cells, WIDTHS))).rstrip()
