"""The kinds of question an exercise asks, each made from the engine's own numbers of a graph.

Each question is a plain dict (what the page gets, as JSON): its id and kind, the node it is
about (named as `explain` names it), the prompt, the answer, the numbers each wrong rule gives
there (mistakes.py), three hints (the rule written from the op table, the numbers to put in,
the value), one line of why for a right answer, and for a gradient the terms it sums (each
user's question, if one is asked, its local derivative and the gradient it passes on), which
is how an answer is judged against the learner's own earlier answers.
"""

import math
import random
from typing import Dict, List, Optional, Sequence

from ..backward import Step
from ..explain import trace
from ..forward import push_tangents
from ..graph import creation_order
from ..ops import CONSTANT
from ..value import Value
from .formula import Formula, formula, number
from .mistakes import (Term, forward_mistakes, gradient_mistakes, local_mistakes,
                       rule_mistakes)
from .rules import difference, points_for

KINDS = ("forward", "local", "passes", "total", "leaf", "order", "predict", "sign", "tangent",
         "bughunt", "rule")
NUMERIC = ("forward", "local", "passes", "total", "leaf", "predict", "tangent")
GRADIENTS = ("passes", "total", "leaf")          # judged against the learner's own too
NUDGE = 0.01


class Graph:
    """What the questions are made from: the nodes (topological, root first, as backward
    visits them), their names, every chain-rule step and each node's gradient."""

    def __init__(self, root: Value) -> None:
        t = trace(root)
        self.root = root
        self.order: List[Value] = t.order
        self.names: Dict[Value, str] = t.names
        self.made = creation_order(root)
        self.at = {node: k for k, node in enumerate(self.order)}
        self.grad: Dict[Value, float] = {root: 1.0}
        self.terms: Dict[Value, List[Term]] = {}
        for step in t.steps:
            self.grad[step.operand] = self.grad.get(step.operand, 0.0) + step.contribution
            self.terms.setdefault(step.operand, []).append(self._term(step))
        self.ops = [n for n in self.order if n.parents]
        self.leaves = [n for n in self.order if not n.parents and n.operation is not CONSTANT]

    @staticmethod
    def _term(step: Step) -> Term:
        slot = next(k for k, p in enumerate(step.node.parents) if p is step.operand)
        return step.node, slot, step.local, step.upstream

    def name(self, node: Value) -> str:
        return self.names[node]


def questions(graph: Graph, kinds: Sequence[str], rng: random.Random, each: int) -> List[dict]:
    """Up to `each` questions of every kind asked (one for order and bughunt), in the order a
    learner meets them: the forward pass, then backward (root first), then the rest."""
    asked: List[dict] = []
    for kind in kinds:
        asked += MAKERS[kind](graph, rng, 1 if kind in ("order", "bughunt", "rule") else each)
    rank = {"forward": 0, "tangent": 1, "local": 2, "passes": 3, "total": 3, "leaf": 3}
    asked.sort(key=lambda q: (rank.get(q["kind"], 4), q["at"] if q["at"] is not None else 0))
    for k, q in enumerate(asked):
        q["id"] = f"q{k + 1}"
    gradient_question = {q["node"]: q["id"] for q in asked if q["kind"] in ("total", "leaf")}
    for q in asked:
        for term in q.get("terms", []):
            term[0] = gradient_question.get(term[0])        # a user's name -> its question
    return asked


def _pick(rng: random.Random, items: list, each: int) -> list:
    return rng.sample(items, min(each, len(items)))


def _question(graph: Graph, kind: str, node: Value, prompt: str, answer, mistakes, hints,
              why: str, at: Optional[int] = None, **more) -> dict:
    """A question, as the page gets it.

    graph     the graph it is on
    kind      one of KINDS
    node      the node it is about
    prompt    what the learner reads
    answer    the right answer (a number, a word, a list of names)
    mistakes  {mistake id: [the numbers that wrong rule gives]}
    hints     the three hints
    why       the line shown with a right answer
    at        its place in backward order (None: not a backward step)
    more      what its kind needs besides (the terms of a gradient, the bug shown, ...)"""
    return {"id": "", "kind": kind, "node": graph.name(node), "prompt": prompt,
            "answer": answer, "mistakes": mistakes, "hints": hints, "why": why, "at": at,
            **more}


def _rule(user: Value, slot: int, names) -> tuple:
    """d(user)/d(operand at slot) as the op table writes it: with names, and with numbers."""
    rule = user.operation.derivatives[slot]
    named = rule(*(Formula(names(p)) for p in user.parents), Formula(names(user)))
    numbered = rule(*(number(p.data) for p in user.parents), number(user.data))
    return str(formula(named)), str(formula(numbered))


def _factor(x) -> str:
    """A number or a formula's text as a factor of a product: in parentheses where it is
    negative or a sum."""
    text = f"{x:.4g}" if isinstance(x, float) else str(x)
    plain = text.lstrip("-−").replace(".", "").replace("e", "").replace("^", "").isalnum()
    return text if plain and not text.startswith(("-", "−")) else f"({text})"


def _made(graph: Graph, node: Value) -> str:
    return f"{graph.name(node)} = " + node.operation.template.format(
        *(graph.name(p) for p in node.parents))


def _put_in(node: Value) -> str:
    """The node's op with its operands' numbers put in (a negative operand of a binary op in
    parentheses)."""
    binary = len(node.parents) == 2
    return node.operation.template.format(
        *(f"({p.data:.4g})" if p.data < 0 and binary else f"{p.data:.4g}" for p in node.parents))


def forward_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    found = []
    for node in _pick(rng, graph.ops, each):
        found.append(_question(
            graph, "forward", node, f"Forward: what is the value of {graph.name(node)}?",
            node.data, forward_mistakes(node),
            [_made(graph, node), _put_in(node), f"{node.data:.6g}"],
            f"{_made(graph, node)} = {_put_in(node)} = {node.data:.4g}",
            at=graph.made.index(node)))
    return found


def _edges(graph: Graph) -> list:
    return [(user, slot, local, up) for node in graph.order for user, slot, local, up
            in graph.terms.get(node, [])]


def local_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    found = []
    for user, slot, local, _ in _pick(rng, _edges(graph), each):
        operand = user.parents[slot]
        a, u = graph.name(operand), graph.name(user)
        named, numbered = _rule(user, slot, graph.name)
        found.append(_question(
            graph, "local", operand,
            f"Local derivative: d{u}/d{a}, where {_made(graph, user)}?",
            local, {k: [v] for k, v in local_mistakes(user, slot, local).items()},
            [f"d{u}/d{a} = {named} (the op table's rule for {user.operation.name or 'it'})",
             f"d{u}/d{a} = {numbered}", f"{local:.6g}"],
            f"d{u}/d{a} = {numbered} = {local:.4g}", at=graph.at[user], user=u))
    return found


def passes_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    found = []
    top = graph.name(graph.root)
    for user, slot, local, up in _pick(rng, _edges(graph), each):
        operand = user.parents[slot]
        a, u = graph.name(operand), graph.name(user)
        named, numbered = _rule(user, slot, graph.name)
        value = local * up
        found.append(_question(
            graph, "passes", operand,
            f"Backward: what does {u} pass back to {a}? (d{top}/d{u} = {up:.4g})",
            value, gradient_mistakes([(user, slot, local, up)]),
            [f"local × upstream: d{u}/d{a} × d{top}/d{u}, with d{u}/d{a} = {named}",
             f"{_factor(numbered)} × {_factor(up)}", f"{value:.6g}"],
            f"{u} passes back d{u}/d{a} × d{top}/d{u} = {local:.4g} × {up:.4g} = {value:.4g}",
            at=graph.at[user], user=u, terms=[[u, local, up]]))
    return found


def _gradient_question(graph: Graph, kind: str, node: Value) -> dict:
    top = graph.name(graph.root)
    a = graph.name(node)
    terms = graph.terms[node]
    value = graph.grad[node]
    users = ", ".join(dict.fromkeys(graph.name(u) for u, *_ in terms))
    sums = " + ".join(f"{_factor(local)} × {_factor(up)}" for _, _, local, up in terms)
    return _question(
        graph, kind, node, f"Backward: d{top}/d{a}?" + (
            f" ({a} is used by {users})" if len(terms) > 1 else ""),
        value, gradient_mistakes(terms),
        [f"d{top}/d{a} is the sum, over the users of {a} ({users}), of local × upstream",
         sums, f"{value:.6g}"],
        f"d{top}/d{a} = {sums} = {value:.4g}", at=graph.at[node],
        terms=[[graph.name(u), local, up] for u, _, local, up in terms])


def total_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    inner = [n for n in graph.ops if n is not graph.root and n in graph.terms]
    shared = [n for n in inner if len(graph.terms[n]) > 1]
    chosen = _pick(rng, shared, each)
    chosen += _pick(rng, [n for n in inner if n not in chosen], each - len(chosen))
    return [_gradient_question(graph, "total", n) for n in chosen]


def leaf_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    leaves = [n for n in graph.leaves if n in graph.terms]
    return [_gradient_question(graph, "leaf", n) for n in _pick(rng, leaves, each)]


def order_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    if len(graph.ops) < 2:
        return []
    names = [graph.name(n) for n in graph.ops]
    return [_question(
        graph, "order", graph.root,
        "In which order does backward visit the ops? (their names, separated by commas)",
        names, {"forward-order": [names[::-1]]},
        ["Backward visits a node once every node that uses it has been visited: it starts "
         "at the root", f"It starts {', '.join(names[:2])}, ...", ", ".join(names)],
        "Each node comes after every node that uses it: " + ", ".join(names),
        users={graph.name(n): sorted({graph.name(u) for u, *_ in graph.terms.get(n, [])
                                      if u.parents}) for n in graph.ops})]


def _moving_leaves(graph: Graph) -> List[Value]:
    return [n for n in graph.leaves if abs(graph.grad.get(n, 0.0)) > 1e-9]


def predict_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    found = []
    top = graph.name(graph.root)
    for leaf in _pick(rng, _moving_leaves(graph), each):
        a, g = graph.name(leaf), graph.grad[leaf]
        value = g * NUDGE
        found.append(_question(
            graph, "predict", leaf,
            f"Predict: {a} is nudged by +{NUDGE}. By how much does {top} change, to first order?",
            value, {"gradient-not-change": [g], "sign": [-value]},
            [f"Δ{top} ≈ d{top}/d{a} × Δ{a}", f"{g:.4g} × {NUDGE}", f"{value:.6g}"],
            f"Δ{top} ≈ d{top}/d{a} × Δ{a} = {g:.4g} × {NUDGE} = {value:.4g}",
            nudge=NUDGE))
    return found


def sign_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    found = []
    top = graph.name(graph.root)
    for leaf in _pick(rng, _moving_leaves(graph), each):
        a, g = graph.name(leaf), graph.grad[leaf]
        way, other = ("down", "up") if g > 0 else ("up", "down")
        found.append(_question(
            graph, "sign", leaf, f"Which way should {a} move to lower {top}? (up or down)",
            way, {"ascent": [other]},
            ["Gradient descent moves against the gradient", f"d{top}/d{a} = {g:.4g}", way],
            f"d{top}/d{a} = {g:.4g} is {'positive' if g > 0 else 'negative'}: {a} goes {way}"))
    return found


def tangent_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    found = []
    pairs = []
    for leaf in graph.leaves:
        tangents, _ = push_tangents([graph.root], {leaf: 1.0})
        pairs += [(leaf, n, tangents) for n in graph.ops if tangents.get(n)]
    for leaf, node, tangents in _pick(rng, pairs, each):
        x, a = graph.name(leaf), graph.name(node)
        terms = _tangent_terms(node, tangents)
        value = tangents[node]
        sums = " + ".join(f"{_factor(local)} × {_factor(t)}" for *_, local, t in terms)
        mistakes = gradient_mistakes(terms)
        mistakes.pop("one-consumer", None)
        found.append(_question(
            graph, "tangent", node,
            f"Forward mode: with {x}'s tangent 1, what is the tangent of {a} (d{a}/d{x})?",
            value, mistakes,
            [f"d{a}/d{x} is the sum, over the operands of {a}, of local × the operand's tangent",
             sums, f"{value:.6g}"],
            f"d{a}/d{x} = {sums} = {value:.4g}", at=graph.made.index(node),
            seed=x, terms=[[None, local, t] for *_, local, t in terms]))
    return found


def _tangent_terms(node: Value, tangents: dict) -> List[Term]:
    """(node, operand slot, local derivative, the operand's tangent) for each operand that
    carries a tangent."""
    terms = []
    for slot, operand in enumerate(node.parents):
        t = tangents.get(operand, 0.0)
        if t and operand.operation is not CONSTANT:
            local = node.operation.derivatives[slot](*(p.data for p in node.parents), node.data)
            terms.append((node, slot, local, t))
    return terms


def bughunt_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    top = graph.name(graph.root)
    for node in rng.sample(list(graph.terms), len(graph.terms)):
        truth = graph.grad[node]
        wrongs = [(name, v) for name, values in gradient_mistakes(graph.terms[node]).items()
                  for v in values if math.isfinite(v) and abs(v - truth) > 1e-6 * (1 + abs(truth))]
        if not wrongs:
            continue
        mistake, shown = rng.choice(sorted(wrongs))
        a = graph.name(node)
        return [_question(
            graph, "bughunt", node,
            "Bug hunt: one gradient on the picture is wrong. Which node's? (click it, or type "
            "its name)", a, {},
            ["Check each node: its gradient is the sum over its users of local × upstream",
             f"Look at the users of {a}", a],
            f"d{top}/d{a} is {truth:.4g}; the picture showed {shown:.4g} "
            f"({mistake.replace('-', ' ')})", bug={"node": a, "shown": shown,
                                                  "mistake": mistake})]
    return []


def rule_questions(graph: Graph, rng: random.Random, each: int) -> List[dict]:
    """Write an op's rule (for one operand) as a formula; judged at four points against
    central differences of the op's forward (rules.py)."""
    found = [_rule_question(graph, op, node, slot,
                            points_for(op, tuple(p.data for p in node.parents), slot, rng))
             for op, node, slot in _pick(rng, _rule_choices(graph), each)]
    return [q for q in found if q is not None]


def _rule_choices(graph: Graph) -> list:
    """(op, its first node, an operand) for each op of the graph with a rule worth writing:
    not a mask (relu), and where there are others, not a sum's 1."""
    first = {}
    for node in reversed(graph.ops):
        first.setdefault(node.operation, node)
    choices = [(op, node, slot) for op, node in first.items() if not op.masks
               for slot in range(op.arity) if node.parents[slot].operation is not CONSTANT]
    curved = [c for c in choices if c[0].name not in ("+", "-", "neg")]
    return curved or choices


def _rule_question(graph: Graph, op, node: Value, slot: int, points: List[tuple]):
    """The question on op's rule for one operand, or None where fewer than four points are
    in the op's domain.

    graph   the graph
    op      the op
    node    a node of the graph that op made
    slot    which operand (0 or 1)
    points  where to judge the rule: the operands' numbers"""
    if len(points) < 4:
        return None
    names = ["a", "b"][:op.arity] + ["out"]
    outs = [op.forward(*p) for p in points]
    truth = [difference(op, p, slot) for p in points]
    constant = [q.operation is CONSTANT for q in node.parents]
    wrong: Dict[str, List[float]] = {}
    for p, out, t in zip(points, outs, truth):
        for name, value in rule_mistakes(op, slot, p, out, t, constant).items():
            wrong.setdefault(name, []).append(value)
    shown = op.template.format(*names[:op.arity])
    rule = op.derivatives[slot](*(Formula(n) for n in names[:op.arity]), Formula("out"))
    at = ", ".join(f"{n} = {x:.4g}" for n, x in zip(names, points[0]))
    return _question(
        graph, "rule", node,
        f"Your rule: write d(out)/d{names[slot]} for out = {shown} as a formula in "
        f"{', '.join(names)} (e.g. 2*a + out^2)", truth, wrong,
        [f"How fast does out = {shown} change as {names[slot]} moves, the rest fixed?",
         f"At {at} it is {truth[0]:.4g} (central differences)", str(formula(rule))],
        f"The op table writes it {formula(rule)}", names=names,
        points=[list(p) + [out] for p, out in zip(points, outs)])


MAKERS = {"forward": forward_questions, "local": local_questions, "passes": passes_questions,
          "total": total_questions, "leaf": leaf_questions, "order": order_questions,
          "predict": predict_questions, "sign": sign_questions,
          "tangent": tangent_questions, "bughunt": bughunt_questions,
          "rule": rule_questions}
