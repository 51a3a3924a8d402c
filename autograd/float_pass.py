"""backward's pass on floats, written from the op table: one loop with every op's rules
inline, as a hand-written engine would have them, but made by running the declarations.

`backward` on floats is the engine's hot path. Calling each rule as a function costs a Python
call per operand of every node, which is most of a pass; a loop that has the rules written in
it costs none. So at import each op's derivative rules are run on `PythonCode` (a number that
writes itself as Python, as `Code` writes JavaScript for the pages) and the loop is made from
what they print: `print(SOURCE)` shows it. A rule that prints a call of an elementary function
(division, powers, logarithms: their float branches handle the edges) is called as the
table's own function instead, and an op declared after import (define_op) runs the table's
rules through `one_node`; so no rule's math is written anywhere but ops.py.

The loop adds each contribution straight into the operand's `.grad`. That gives the bits the
engine promises (each pass sums its own contributions, newest consumer first, and adds that
total to what `.grad` held) only where `.grad` starts the pass at zero, so `backward` first
moves any other starting value aside (backward.py: `float_backward`).

The rules as the engine applies them on floats (backward.py's `pass_back`): a constant receives
nothing, a node whose gradient is 0 passes nothing, a local derivative of 0 passes nothing
(0 * inf is 0 in the chain rule).
"""

import re
from typing import Callable, List

from . import elementary, ops
from .live.code import PythonCode

CALLS = re.compile(r"\bE\.[a-z_]+\(")
NAMES = ("a", "b", "out")


def _rule_text(rule: Callable, arity: int) -> str:
    """The rule as a Python expression of the floats a, b and out."""
    operands = [PythonCode(name) for name in NAMES[:arity]]
    written = rule(*operands, PythonCode("out"))
    return written.text if isinstance(written, PythonCode) else repr(float(written))


def _operand_lines(slot: str, text: str, call: str) -> List[str]:
    """Adding node's gradient times one rule into the operand in `slot` (p or q)."""
    if CALLS.search(text):
        text = call                       # the table's own function, as the rule is called
    try:
        constant = float(text.strip("()"))
    except ValueError:
        return [f"            local = {text}",
                "            if local:",
                f"                {slot}.grad += g * local"]
    if constant == 0.0:
        return []                         # passes nothing, ever
    return [f"            {slot}.grad += {'g' if constant == 1.0 else f'g * {text}'}"]


def _branch(k: int, op: ops.Op) -> List[str]:
    """The lines of one op's branch of the loop."""
    texts = [_rule_text(rule, op.arity) for rule in op.derivatives]
    called = ", ".join(NAMES[:op.arity] + ("out",))
    lines = []
    for i, (slot, text) in enumerate(zip("pq", texts)):
        lines += _operand_lines(slot, text, f"R{k}_{i}({called})")
    used = " ".join(line for line in lines if "local =" in line)
    fetched = ["            q = node.b"] if op.arity == 2 else []
    fetched += [f"            {name} = {slot}.data" for name, slot in zip("ab", "pq")
                if re.search(rf"\b{name}\b", used)]
    if re.search(r"\bout\b", used):
        fetched.append("            out = node.data")
    return [f"        elif op is OP{k}:  # {op.name}"] + fetched + lines


def _order(table) -> list:
    """The ops, those whose rules are written inline first (a node finds its branch by
    comparing its op with each in turn)."""
    def called(op):
        return any(CALLS.search(_rule_text(rule, op.arity)) for rule in op.derivatives)
    return sorted(enumerate(table), key=lambda pair: called(pair[1]))


def source(table=ops.OPS) -> str:
    """The loop's Python source, for the ops of `table`. What it compares with are its own
    arguments (locals are the fastest names Python reads)."""
    known = ", ".join(f"OP{k}=OP{k}" for k in range(len(table)))
    lines = [f"def float_pass(order, {known}):",
             '    """Every node of order (topological_order: root first) passes its .grad on to',
             '    its operands, as the op table\'s rules say."""',
             "    for node in order:",
             "        p = node.a",
             "        if p is None:",
             "            continue",
             "        g = node.grad",
             "        if not g:",
             "            continue",
             "        op = node.operation"]
    for k, op in _order(table):
        lines += _branch(k, op)
    lines += ["        else:", "            one_node(node, g)"]
    text = "\n".join(lines) + "\n"
    return text.replace("        elif op is", "        if op is", 1)


def one_node(node, g: float) -> None:
    """The chain rule at one node whose op the loop does not know (declared after import):
    its rules called as functions."""
    parents = node.parents
    args = (*(p.data for p in parents), node.data)
    for parent, rule in zip(parents, node.operation.derivatives):
        local = rule(*args)
        if local:
            parent.grad += g * local


def _made(table) -> Callable:
    namespace = {"E": elementary, "one_node": one_node}
    for k, op in enumerate(table):
        namespace[f"OP{k}"] = op
        for i, rule in enumerate(op.derivatives):
            namespace[f"R{k}_{i}"] = rule
    exec(compile(SOURCE, "<autograd.float_pass: generated from ops.py>", "exec"), namespace)
    return namespace["float_pass"]


SOURCE = source()
float_pass = _made(ops.OPS)
