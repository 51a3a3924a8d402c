"""The sets of points in the plane a playground offers (as TensorFlow Playground does): XOR, two
moons, circles, a spiral and two gaussian blobs, labelled 0 and 1, moved by gaussian noise.

Each set is written once, here, as a function of `draw` (uniform numbers in [0, 1), drawn in
order) with the functions of autograd.elementary, which work on floats and on Codes (symbolic
numbers that print JavaScript, autograd/live/code.py). Python runs them on random.Random(seed)
(`points`); a page runs the same functions printed as JavaScript (`javascript`) on the twin of
Python's generator (nn/browser/js/random.js): the same draws, the same arithmetic, so the same
points (to the last bit of cos, sin and log, whose JavaScript and C libraries may round apart).
"""

import math
import random
from typing import Callable, Dict, List, Tuple

from autograd import elementary as E
from autograd.live.code import Code

Point = Tuple[object, object, object]          # x, y and the label (1 or 0; True or False)


def _pick(condition, yes, no):
    """yes where the condition holds, else no: a choice code can print (both are computed)."""
    return E.masked(condition, yes, lambda: no)


def normal(draw: Callable) -> object:
    """A draw from N(0, 1), by Box-Muller from two uniform draws."""
    u = 1.0 - draw()
    return E.sqrt(-2.0 * E.log(u)) * E.cos(2.0 * math.pi * draw())


def xor(draw: Callable) -> Point:
    x, y = draw() * 2.0 - 1.0, draw() * 2.0 - 1.0
    return x, y, (x > 0.0) != (y > 0.0)


def moons(draw: Callable) -> Point:
    t = draw() * math.pi
    upper = draw() < 0.5
    return (_pick(upper, E.cos(t), 1.0 - E.cos(t)), _pick(upper, E.sin(t), 0.5 - E.sin(t)),
            upper)


def circles(draw: Callable) -> Point:
    inner = draw() < 0.5
    u = draw()
    radius = _pick(inner, u * 0.5, 0.8 + u * 0.4)
    a = draw() * 2.0 * math.pi
    return radius * E.cos(a), radius * E.sin(a), inner


def spiral(draw: Callable) -> Point:
    k = draw() < 0.5
    t = (0.25 + 0.75 * draw()) * 3.0 * math.pi
    turn = _pick(k, math.pi, 0.0)
    return (t * E.cos(t + turn) / (3.0 * math.pi), t * E.sin(t + turn) / (3.0 * math.pi), k)


def gauss(draw: Callable) -> Point:
    k = draw() < 0.5
    c = _pick(k, 0.6, -0.6)
    return c + 0.35 * normal(draw), c + 0.35 * normal(draw), k


SETS: Dict[str, Callable[[Callable], Point]] = {
    "xor": xor, "moons": moons, "circles": circles, "spiral": spiral, "gauss": gauss}


def noisy(shape: Callable[[Callable], Point], draw: Callable, noise) -> Point:
    """One point of the set, moved by noise * N(0, 1) in each direction."""
    x, y, label = shape(draw)
    return x + noise * normal(draw), y + noise * normal(draw), label


def points(name: str, n: int, noise: float, seed: int) -> Tuple[List[List[float]], List[int]]:
    """n points of set `name` and their labels (0, 1), with noise, from random.Random(seed)."""
    if name not in SETS:
        raise ValueError(f"points: unknown set {name!r}; known: {', '.join(SETS)}")
    rng = random.Random(seed)
    X, y = [], []
    for _ in range(n):
        a, b, label = noisy(SETS[name], rng.random, float(noise))
        X.append([a, b])
        y.append(int(label))
    return X, y


class _Draws:
    """`draw` for printing: each draw becomes a constant of the JavaScript function, taken
    from the generator in the order Python takes it."""

    def __init__(self) -> None:
        self.lines: List[str] = []

    def __call__(self) -> Code:
        name = f"u{len(self.lines)}"
        self.lines.append(f"    const {name} = r.random();")
        return Code(name)


def javascript() -> str:
    """The sets as a JavaScript module, each `(r, noise) => [x, y, label]` drawing from r, a
    PythonRandom: the functions above, run on Codes."""
    entries = []
    for name, shape in SETS.items():
        draws = _Draws()
        x, y, label = noisy(shape, draws, Code("noise"))
        entries.append(f"  {name}: (r, noise) => {{\n" + "\n".join(draws.lines) + "\n"
                       f"    return [{x.text}, {y.text}, Number({label.text})];\n  }},")
    return (HEADER + "/** @type {Record<string, (r: {random: () => number}, noise: number) => "
            "number[]>} */\nexport const SETS = {\n" + "\n".join(entries) + "\n};\n")


HEADER = ("// Generated from nn/datasets.py by nn.datasets.javascript(): do not edit.\n"
          "// Each set is the Python function itself, run on symbolic numbers that print "
          "JavaScript.\nimport * as E from \"./elementary.js\";\n\n")
