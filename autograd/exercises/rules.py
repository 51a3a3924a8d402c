"""The "rule" question: the learner writes an op's derivative rule as a formula (in a, b and
out: `1 - out^2` for tanh), and it is checked the way gradcheck checks the op table's, against
central differences of the op's forward, at a few points.

The formula's language is small and the same on the page (autograd/live/js/formulas.js, this
module's twin): numbers, the names a, b and out, + - * / and ^ (or **), parentheses, unary
minus, and the functions exp, log, sqrt, tanh, sigmoid, sin, cos, abs.
"""

import math
import re
from typing import Dict, List, Optional

FUNCTIONS = {"exp": math.exp, "log": math.log, "sqrt": math.sqrt, "tanh": math.tanh,
             "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)), "sin": math.sin, "cos": math.cos,
             "abs": abs}
RELATIVE, ABSOLUTE = 1e-5, 1e-7          # a rule agrees with differences within these

_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|"
                    r"([A-Za-z_]\w*)|(\*\*|[-+*/^()]))")


class FormulaError(ValueError):
    """A formula that cannot be read: the message says where."""


def tokens(text: str) -> List[str]:
    found, at = [], 0
    text = text.replace("\u2212", "-").replace("·", "*").replace("×", "*")
    while at < len(text.rstrip()):
        match = _TOKEN.match(text, at)
        if not match:
            raise FormulaError(f"cannot read {text[at:].strip()[:10]!r}")
        found.append(match.group(0).strip())
        at = match.end()
    return found


def evaluate(text: str, names: Dict[str, float]) -> float:
    """The formula's value with these names, by the grammar of the module docstring."""
    if not isinstance(text, str):
        raise FormulaError("a formula is text")
    found = tokens(text)
    if not found:
        raise FormulaError("the formula is empty")
    position = [0]

    def peek() -> Optional[str]:
        return found[position[0]] if position[0] < len(found) else None

    def take() -> str:
        token = peek()
        if token is None:
            raise FormulaError("the formula ends too soon")
        position[0] += 1
        return token

    def expression() -> float:
        value = term()
        while peek() in ("+", "-"):
            value = value + term() if take() == "+" else value - term()
        return value

    def term() -> float:
        value = unary()
        while peek() in ("*", "/"):
            if take() == "*":
                value = value * unary()
            else:
                divisor = unary()
                value = value / divisor if divisor != 0 else math.copysign(math.inf, value)
        return value

    def unary() -> float:
        if peek() == "-":
            take()
            return -unary()
        if peek() == "+":
            take()
            return unary()
        return power()

    def power() -> float:
        base = primary()
        if peek() in ("^", "**"):
            take()
            exponent = unary()
            try:
                return math.pow(base, exponent)
            except (OverflowError, ValueError):
                return math.nan
        return base

    def primary() -> float:
        token = take()
        if token == "(":
            value = expression()
            if take() != ")":
                raise FormulaError("a ( is not closed")
            return value
        if token[0].isdigit() or token[0] == ".":
            return float(token)
        if token in FUNCTIONS:
            if take() != "(":
                raise FormulaError(f"{token} needs its argument in parentheses")
            argument = expression()
            if take() != ")":
                raise FormulaError("a ( is not closed")
            try:
                return float(FUNCTIONS[token](argument))
            except (OverflowError, ValueError, ZeroDivisionError):
                return math.nan
        if token in names:
            return names[token]
        raise FormulaError(f"unknown name {token!r} (use {', '.join(names)} and the functions "
                           f"{', '.join(FUNCTIONS)})")

    value = expression()
    if peek() is not None:
        raise FormulaError(f"unexpected {peek()!r}")
    return value


def judge_rule(question: dict, text) -> dict:
    """{verdict ("right" or "wrong"), mistakes, said}: the formula at each of the question's
    points against central differences of the op's forward there."""
    try:
        values = [evaluate(text, dict(zip(question["names"], point)))
                  for point in question["points"]]
    except FormulaError as e:
        return {"verdict": "wrong", "mistakes": [], "said": f"cannot read it: {e}"}
    truth = question["answer"]
    if all(_close(v, t) for v, t in zip(values, truth)):
        return {"verdict": "right", "mistakes": [], "said": ""}
    k = next(k for k, (v, t) in enumerate(zip(values, truth)) if not _close(v, t))
    mistakes = [name for name, wrong in question["mistakes"].items()
                if all(_close(v, w) for v, w in zip(values, wrong))]
    return {"verdict": "wrong", "mistakes": mistakes,
            "said": f"At {_where(question, k)} your rule gives {values[k]:.6g}, central "
                    f"differences {truth[k]:.6g}."}


def _where(question: dict, k: int) -> str:
    return ", ".join(f"{n} = {x:.4g}" for n, x in zip(question["names"], question["points"][k]))


def _close(value: float, truth: float) -> bool:
    return math.isfinite(value) and abs(value - truth) <= ABSOLUTE + RELATIVE * abs(truth)


def points_for(op, here: tuple, slot: int, rng) -> List[tuple]:
    """Where a rule is judged: the operands `here` and three more points, the operand at
    `slot` moved, each in the op's domain, with finite differences, away from 0 (where abs
    and the like bend)."""
    points = [here]
    for _ in range(50):
        if len(points) == 4:
            break
        moved = list(here)
        moved[slot] = round(rng.uniform(-1.5, 1.5), 2)
        if abs(moved[slot]) < 0.1 or (op.undefined is not None and op.undefined(*moved)):
            continue
        out = op.forward(*moved)
        if math.isfinite(out) and math.isfinite(difference(op, moved, slot)):
            points.append(tuple(moved))
    return points


def difference(op, point, slot: int) -> float:
    """d op / d operand `slot` at `point` by central differences of its forward."""
    h = 1e-6 * max(1.0, abs(point[slot]))
    up, down = list(point), list(point)
    up[slot] += h
    down[slot] -= h
    try:
        return (op.forward(*up) - op.forward(*down)) / (2 * h)
    except (ValueError, ZeroDivisionError, OverflowError):
        return math.nan
