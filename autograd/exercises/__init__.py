"""Practice: the learner computes, the engine checks node by node and names the mistake.

    from autograd import Value, exercise
    x, w = Value(0.5, label="x"), Value(-1.5, label="w")
    loss = (x * w).tanh() ** 2
    ex = exercise(loss, seed=1)
    ex.questions                  # [{id, kind, node, prompt}, ...]
    ex.check({"q1": "-0.75"})     # {"results": {"q1": {verdict, mistakes, hint, why, ...}},
                                  #  "firstWrong": ...}
    ex.save("practice.html")      # the page: one file, no network

Kinds of question (`KINDS`): a node's forward value, the local derivative on an edge, what one
user passes back to a node, a node's total gradient over several users (the += lesson), a
leaf's gradient, the order backward visits the ops in, the loss's change for a nudge, which way
a weight should move, a tangent in a forward sweep, a bug hunt, and an op's rule written as a
formula (rules.py). Verdicts (verdicts.py):
right, right up to rounding, wrong; a wrong number is matched to the well-known wrong rules
(`MISTAKES`, mistakes.py); a gradient is also judged against the learner's own upstream
answers, and the first wrong step in backward order is named (checking.py).
"""

import hashlib
import json
import random
from typing import Dict, Iterable, List, Optional

from ..value import Value
from .checking import check as _check
from .mistakes import MISTAKES
from .questions import KINDS, Graph, questions

EACH = 2          # questions of each kind (one order and one bug hunt)


class Exercise:
    """An exercise on one graph (`exercise(root, kinds, seed)` makes one)."""

    def __init__(self, root: Value, kinds: Iterable[str], seed: int, each: int = EACH) -> None:
        if not root.parents:
            raise ValueError(f"exercise: {root!r} is a leaf; an exercise needs at least one op")
        self.root = root
        self.seed = seed
        self.graph = Graph(root)
        self.kinds = tuple(kinds)
        self.asked = questions(self.graph, self.kinds, random.Random(seed), each)
        if not self.asked:
            raise ValueError("exercise: this graph gives no questions of the kinds asked "
                             f"({', '.join(self.kinds)})")
        self.answers: Dict[str, object] = {}        # what the page's learner gave (widget)
        self.hints: Dict[str, int] = {}

    @property
    def questions(self) -> List[dict]:
        """[{id, kind, node, prompt}], in the order a learner meets them."""
        return [{k: q[k] for k in ("id", "kind", "node", "prompt")} for q in self.asked]

    @property
    def key(self) -> str:
        """What tells this exercise apart (the page keeps a learner's progress under it)."""
        text = json.dumps(self.asked, sort_keys=True, allow_nan=True, default=str)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    def check(self, answers: Dict[str, object]) -> dict:
        """Judge a dict of answers (question id -> what was typed, or a number; for "order" a
        list of names or a comma-separated string): {"results": {id: {verdict, mistakes,
        hint, why, consistent}}, "firstWrong": {id, node} or None}."""
        if not isinstance(answers, dict):
            raise TypeError(f"check takes a dict of answers by question id, got "
                            f"{type(answers).__name__}")
        return _check(self.asked, answers)

    def page(self) -> str:
        """The exercise's page: one file, no network."""
        from ..drawing.exercise import exercise_page
        return exercise_page(self)

    def save(self, path: str) -> str:
        """Write the page to `path` (.html); returns the path."""
        if not str(path).lower().endswith(".html"):
            raise ValueError(f"an exercise is saved as a page: {path!r} should end in .html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.page())
        return str(path)

    def widget(self):
        """The page as a notebook widget (needs anywidget: the notebooks extra): every answer
        typed there, and every hint taken, reaches Python (`answers`, `hints`, `results()`),
        progress kept in the browser included."""
        from ..drawing.widget import page_widget_class
        return page_widget_class()(self.page(), self._heard, height=720)

    def _heard(self, name: str, value) -> None:
        if name == "hints" and isinstance(value, dict):
            self.hints = {k: int(v) for k, v in value.items() if k in self._ids()}
        elif name in self._ids():
            self.answers[name] = value

    def _ids(self) -> set:
        return {q["id"] for q in self.asked}

    def results(self) -> dict:
        """The answers that came from the page, checked (as check), with the hints taken."""
        return {**self.check(self.answers), "hints": dict(self.hints)}

    def _repr_html_(self) -> str:
        from ..drawing.notebook import inline_frame
        return inline_frame(self.page(), height=720)


def exercise(root: Optional[Value] = None, kinds: Optional[Iterable[str]] = None,
             seed: int = 0, each: Optional[int] = EACH) -> Exercise:
    """An exercise on root's graph (or, without one, on a small graph made from `seed`),
    asking `kinds` (default: every kind, KINDS), `each` questions of a kind (None: every one
    the graph has, as many as the nodes or edges: kinds=["total", "leaf"], each=None is a
    whole backward pass by hand). The same seed gives the same exercise.

    The kinds: "forward" (a node's value), "local" (the local derivative on an edge),
    "passes" (what one user passes back), "total" (a node's gradient over its users), "leaf",
    "order" (the order backward visits the ops: any order it could take is right), "predict"
    (the root's change for a nudge, to first order), "sign" (up or down), "tangent" (forward
    mode), "bughunt" (one gradient on the picture is wrong) and "rule" (an op's derivative
    written as a formula in a, b and out, `1 - out^2`, judged at four points against central
    differences of the op's forward)."""
    chosen, each = _checked(kinds, seed, each)
    if root is None:
        root = practice_graph(seed)
    if not isinstance(root, Value):
        raise TypeError(f"exercise needs a Value, got {type(root).__name__}")
    return Exercise(root, chosen, seed, each)


def _checked(kinds, seed, each) -> tuple:
    """(the kinds asked, how many of each), once they and the seed make sense."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"exercise: seed must be an int, got {seed!r}")
    chosen = KINDS if kinds is None else tuple(kinds)
    unknown = [k for k in chosen if k not in KINDS]
    if unknown:
        raise ValueError(f"exercise: no kind {unknown[0]!r}; the kinds are {', '.join(KINDS)}")
    return chosen, _each(each)


def _each(each) -> int:
    """How many questions of a kind: `each`, or for None as many as there are."""
    if each is None:
        return 10 ** 9
    if isinstance(each, bool) or not isinstance(each, int) or each < 1:
        raise ValueError(f"exercise: each must be a whole number of questions, 1 or more, or "
                         f"None, got {each!r}")
    return each


def practice_graph(seed: int = 0) -> Value:
    """A small graph to practise on, the same for the same seed: a neuron (two inputs, two
    weights, a bias, an activation) and a squared error, one input used twice."""
    rng = random.Random(seed)
    pick = lambda: round(rng.uniform(-2, 2), 1) or 0.5        # noqa: E731
    x1, x2 = Value(pick(), label="x1"), Value(pick(), label="x2")
    w1, w2 = Value(pick(), label="w1"), Value(pick(), label="w2")
    b = Value(pick(), label="b")
    n = x1 * w1 + x2 * w2 + b * x1
    n.label = "n"
    act = getattr(n, rng.choice(["tanh", "sigmoid", "tanh"]))()
    act.label = "o"
    loss = (act - pick()) ** 2
    loss.label = "loss"
    return loss


__all__ = ["exercise", "Exercise", "MISTAKES", "KINDS", "practice_graph"]
