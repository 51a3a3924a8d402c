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
    reader = _Reader(tokens(text), names)
    if not reader.found:
        raise FormulaError("the formula is empty")
    value = reader.expression()
    if reader.peek() is not None:
        raise FormulaError(f"unexpected {reader.peek()!r}")
    return value


class _Reader:
    """A formula's tokens read from left to right, one method per level of the grammar:
    expression (+ -), term (* /), unary (-), power (^), primary (a number, a name, a call, a
    parenthesis)."""

    def __init__(self, found: List[str], names: Dict[str, float]) -> None:
        self.found = found
        self.names = names
        self.at = 0

    def peek(self) -> Optional[str]:
        return self.found[self.at] if self.at < len(self.found) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise FormulaError("the formula ends too soon")
        self.at += 1
        return token

    def expression(self) -> float:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = value + self.term() if self.take() == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.unary()
        while self.peek() in ("*", "/"):
            if self.take() == "*":
                value = value * self.unary()
            else:
                value = _divided(value, self.unary())
        return value

    def unary(self) -> float:
        if self.peek() in ("-", "+"):
            sign = -1.0 if self.take() == "-" else 1.0
            return sign * self.unary()
        return self.power()

    def power(self) -> float:
        base = self.primary()
        if self.peek() not in ("^", "**"):
            return base
        self.take()
        return _guarded(math.pow, base, self.unary())

    def primary(self) -> float:
        token = self.take()
        if token == "(":
            return self.closed(self.expression())
        if token[0].isdigit() or token[0] == ".":
            return float(token)
        if token in FUNCTIONS:
            if self.take() != "(":
                raise FormulaError(f"{token} needs its argument in parentheses")
            return _guarded(FUNCTIONS[token], self.closed(self.expression()))
        if token in self.names:
            return self.names[token]
        raise FormulaError(f"unknown name {token!r} (use {', '.join(self.names)} and the "
                           f"functions {', '.join(FUNCTIONS)})")

    def closed(self, value: float) -> float:
        if self.take() != ")":
            raise FormulaError("a ( is not closed")
        return value


def _divided(value: float, divisor: float) -> float:
    return value / divisor if divisor != 0 else math.copysign(math.inf, value)


def _guarded(function, *arguments: float) -> float:
    """function(*arguments), nan where Python's math raises (log of 0, exp overflowing)."""
    try:
        return float(function(*arguments))
    except (OverflowError, ValueError, ZeroDivisionError):
        return math.nan


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
