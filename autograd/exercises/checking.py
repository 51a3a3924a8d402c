"""Judging a learner's answers: a verdict for each, the wrong rules a wrong number matches, and
the first wrong step of a backward pass, not counting the steps that only follow from it.

A gradient answered wrong is also judged against the learner's own earlier answers: with the
gradients the learner gave its users in place of the engine's (its terms: local × upstream),
does it come out? Then the step itself was done right ("consistent": no mistake of its own is
named), and the mistake lies upstream. The first wrong step is the first answer, in backward
order, that is wrong and not consistent.

autograd/live/js/checking.js is this module's twin for the page, held to it by the tests on the
same answers.
"""

from typing import Dict, List, Optional

from .mistakes import HINTS, named
from .rules import judge_rule
from .verdicts import agrees, parse, verdict

GRADIENTS = ("passes", "total", "leaf")


def judge(question: dict, text, answers: Dict[str, object]) -> dict:
    """One answer: {verdict, mistakes, hint, why, consistent}; `answers` are the learner's
    answers so far (question id -> text), for a gradient's terms."""
    result, told = _judged(question, text)
    consistent = (result["verdict"] == "wrong" and question["kind"] in GRADIENTS
                  and _follows(question, text, answers))
    if consistent:               # the step itself was done right: no mistake of its own
        result["mistakes"] = []
        hint = "Right for the upstream gradient you gave: the mistake is earlier."
    else:
        hint = " ".join([told] * bool(told) + [HINTS[m] for m in result["mistakes"]])
    return {**result, "hint": hint, "consistent": consistent,
            "why": question["why"] if result["verdict"] != "wrong" else ""}


def _judged(question: dict, text) -> tuple:
    """({verdict, mistakes}, and for a rule where it parts from the differences)."""
    kind = question["kind"]
    if kind == "order":
        return _order(question, text), ""
    if kind == "rule":
        result = judge_rule(question, text)
        return result, result.pop("said")
    if kind in ("sign", "bughunt"):
        said = _word(text)
        right = said == question["answer"]
        wrong = [m for m, values in question["mistakes"].items() if said in values]
        return {"verdict": "right" if right else "wrong", "mistakes": [] if right else wrong}, ""
    result = {"verdict": verdict(text, question["answer"]), "mistakes": []}
    if result["verdict"] == "wrong":
        result["mistakes"] = named(lambda v: agrees(text, v), question["mistakes"])
    return result, ""


def _follows(question: dict, text, answers: Dict[str, object]) -> bool:
    """Whether the answer is the gradient the learner's own answers for its users give."""
    total = 0.0
    own = False
    for user, local, upstream in question["terms"]:
        given = parse(answers.get(user)) if user is not None else None
        if given is not None:
            own = True
        total += local * (upstream if given is None else given)
    return own and agrees(text, total)


def _word(text) -> str:
    word = str(text).strip().lower() if text is not None else ""
    return {"+": "up", "-": "down", "increase": "up", "decrease": "down"}.get(word, word)


def _order(question: dict, text) -> dict:
    names = _names(text)
    right = question["answer"]
    same_names = sorted(names) == sorted(right)
    if names == right or same_names and _valid(names, question["users"]):
        return {"verdict": "right", "mistakes": []}     # or another order backward could take
    if names == right[::-1]:     # the order made: every node before its users, too
        return {"verdict": "wrong", "mistakes": ["forward-order", "consumer-after"]}
    return {"verdict": "wrong", "mistakes": ["consumer-after"] if same_names else []}


def _names(text) -> List[str]:
    """The names in an answer: a list, or text separated by commas."""
    if isinstance(text, list):
        return [str(n).strip() for n in text]
    return [n.strip() for n in str(text or "").split(",") if n.strip()]


def _valid(names: List[str], users: Dict[str, List[str]]) -> bool:
    """Whether every node comes after every node that uses it."""
    return all(all(names.index(u) < k for u in users[n]) for k, n in enumerate(names))


def check(questions: List[dict], answers: Dict[str, object]) -> dict:
    """Every answer given judged (judge), and the first wrong step: {"results": {id: result},
    "firstWrong": {id, node} or None}."""
    by_id = {q["id"]: q for q in questions}
    unknown = [k for k in answers if k not in by_id]
    if unknown:
        raise KeyError(f"no question {unknown[0]!r} in this exercise (its questions: "
                       f"{', '.join(by_id)})")
    results = {q["id"]: judge(q, answers[q["id"]], answers) for q in questions
               if q["id"] in answers}
    return {"results": results, "firstWrong": first_wrong(questions, results)}


def first_wrong(questions: List[dict], results: Dict[str, dict]) -> Optional[dict]:
    """The first gradient step, in backward order, answered wrong and not consistent."""
    steps = sorted((q for q in questions if q["kind"] in GRADIENTS and q["id"] in results),
                   key=lambda q: q["at"])
    for q in steps:
        r = results[q["id"]]
        if r["verdict"] == "wrong" and not r["consistent"]:
            return {"id": q["id"], "node": q["node"]}
    return None
