"""The well-known wrong rules of backpropagation, and the numbers they give.

A wrong answer is matched against what each wrong rule would have given at that place
(`agrees`: the same number, right or rounded), and every rule that gives it is named, with a
hint aimed at it. The rules are computed from the same steps the engine takes (the local
derivatives of the op table and the gradients that arrive), so a mistake is named exactly where
it can be told apart from the right answer.
"""

import math
from typing import Dict, List, Optional, Sequence, Tuple

from .. import ops
from ..value import Value

MISTAKES: Dict[str, str] = {
    "local-only": "the local derivative alone, without the gradient arriving from above "
                  "(the chain rule forgotten)",
    "upstream-only": "the gradient arriving from above alone, as if the local derivative were 1",
    "other-operand": "for a product a·b, d/da answered with a in place of b",
    "one-consumer": "for a node used by several others, what only one of them passes back "
                    "(the += forgotten)",
    "tanh-at-input": "tanh's local derivative taken as 1 − x² at its input x, not 1 − tanh(x)²",
    "sigmoid-at-input": "sigmoid's local derivative taken as x·(1 − x) at its input x, not "
                        "σ(x)·(1 − σ(x))",
    "power-exponent": "d(xⁿ)/dx taken as n·xⁿ: the exponent not lowered by one",
    "div-as-mul": "for a / b, d/da answered with b, as if it were a product (it is 1/b)",
    "value-not-derivative": "the op's value given where its local derivative was asked",
    "sign": "the right size with the wrong sign",
    "product-not-sum": "the contributions of a node's users multiplied, not added",
    "swapped-operands": "for a − b or a / b, the operands taken the other way round",
    "gradient-not-change": "the gradient given as the change it predicts (not multiplied by "
                           "the nudge)",
    "ascent": "moving with the gradient, which raises the loss (descent moves against it)",
    "forward-order": "backward visited in the order the nodes were made, not the reverse",
    "consumer-after": "a node visited before every node that uses it has passed its "
                      "gradient back",
}

HINTS: Dict[str, str] = {
    "local-only": "Multiply by the gradient arriving from above: local × upstream.",
    "upstream-only": "The upstream gradient is only half: multiply it by this op's local "
                     "derivative.",
    "other-operand": "In a·b, d/da is the OTHER factor, b.",
    "one-consumer": "This node is used more than once: add up what every user passes back.",
    "tanh-at-input": "tanh' is 1 − tanh(x)², at the OUTPUT of tanh, not 1 − x².",
    "sigmoid-at-input": "σ' is σ(x)·(1 − σ(x)), at the OUTPUT of sigmoid.",
    "power-exponent": "d(xⁿ)/dx = n·xⁿ⁻¹: lower the exponent by one.",
    "div-as-mul": "d(a/b)/da is 1/b.",
    "value-not-derivative": "That is the op's value; its local derivative is what the rule "
                            "gives.",
    "sign": "Check the sign: the size is right.",
    "product-not-sum": "Contributions from several users ADD; they are not multiplied.",
    "swapped-operands": "Keep the operands in order: a − b, a / b.",
    "gradient-not-change": "The change is about gradient × nudge.",
    "ascent": "To lower the loss, move against the gradient.",
    "forward-order": "Backward starts at the loss and goes towards the inputs: the reverse "
                     "of the order made.",
    "consumer-after": "A node can pass its gradient on only once all its users have passed "
                      "theirs to it.",
}

Term = Tuple[Value, int, float, float]      # a user, the operand's slot in it, local, upstream


def local_mistakes(user: Value, slot: int, local: float) -> Dict[str, float]:
    """What the wrong rules give for d(user)/d(its operand at `slot`)."""
    constant = [p.operation is ops.CONSTANT for p in user.parents]
    return rule_mistakes(user.operation, slot, [p.data for p in user.parents], user.data,
                         local, constant)


def rule_mistakes(op: ops.Op, slot: int, operands: Sequence[float], out: float, local: float,
                  constant: Sequence[bool] = (False, False)) -> Dict[str, float]:
    """What the wrong rules give for d(op)/d(operand `slot`) at these numbers.

    op        the op
    slot      which operand (0 or 1)
    operands  the operands' numbers
    out       the op's result
    local     the right local derivative
    constant  which operands are constants"""
    found: Dict[str, float] = {"sign": -local, "value-not-derivative": out}
    x = operands[slot]
    if op is ops.MUL:
        found["other-operand"] = x
    if op is ops.TANH:
        found["tanh-at-input"] = 1.0 - x * x
    if op is ops.SIGMOID:
        found["sigmoid-at-input"] = x * (1.0 - x)
    if op is ops.POW and slot == 0 and constant[1]:
        n = operands[1]
        found["power-exponent"] = n * _power(x, n)
    if op is ops.DIV and slot == 0:
        found["div-as-mul"] = operands[1]
    return found


def gradient_mistakes(terms: Sequence[Term]) -> Dict[str, List[float]]:
    """What the wrong rules give for a gradient summed over `terms` (each user's local ×
    upstream): each id with the numbers it can give (one per user, for a rule that goes wrong
    at one user)."""
    contributions = [local * up for _, _, local, up in terms]
    truth = sum(contributions)
    found: Dict[str, List[float]] = {
        "local-only": [sum(local for _, _, local, _ in terms)],
        "upstream-only": [sum(up for *_, up in terms)],
        "sign": [-truth],
    }
    if len(terms) > 1:
        found["one-consumer"] = contributions
        found["product-not-sum"] = [math.prod(contributions)]
    for k, (user, slot, local, up) in enumerate(terms):
        for name, wrong in local_mistakes(user, slot, local).items():
            if name != "sign":
                found.setdefault(name, []).append(truth - contributions[k] + wrong * up)
    return found


def forward_mistakes(node: Value) -> Dict[str, List[float]]:
    """What the wrong rules give for a node's value."""
    found = {"sign": [-node.data]}
    a = node.parents
    if node.operation is ops.SUB:
        found["swapped-operands"] = [a[1].data - a[0].data]
    if node.operation is ops.DIV and a[0].data != 0.0:
        found["swapped-operands"] = [a[1].data / a[0].data]
    return found


def _power(x: float, n: float) -> float:
    try:
        return math.pow(x, n)
    except (OverflowError, ValueError):
        return math.nan


def named(matches, candidates: Dict[str, List]) -> List[str]:
    """The ids of the candidates one of whose numbers `matches` (a test of one number)."""
    return [name for name, values in candidates.items()
            if any(_finite(v) and matches(v) for v in values)]


def _finite(v: Optional[float]) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(v)
