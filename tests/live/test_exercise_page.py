"""The exercise page (issue 31): its checker (checking.js, verdicts.js) gives Python's verdicts
for the same answers, in Node on many answers and on the page in Chromium, kind by kind; hints,
progress kept over a reload, the bug hunt by a click, a prediction shown beside the truth."""

import random

import pytest

from autograd import exercise
from autograd.graph import creation_order
from autograd.exercises.mistakes import HINTS
from autograd.exercises.questions import KINDS

from . import node
from .ready import open_ready


def answers_for(ex, rng):
    """Answers of every sort: right, 4 digits, 2 digits, each mistake's number, wrong,
    garbage; some left out."""
    given = {}
    for q in ex.asked:
        choice = rng.random()
        answer = q["answer"]
        if choice < 0.1:
            continue
        if q["kind"] == "rule":
            given[q["id"]] = rng.choice(FORMULAS + [q["hints"][2]])
        elif isinstance(answer, float):
            options = [repr(answer), f"{answer:.4g}", f"{answer:.2g}", repr(answer * 3 - 1),
                       "x", f" {answer:.6g} ", f"{answer:.4g}".replace("-", "\u2212")]
            options += [repr(v) for values in q["mistakes"].values() for v in values]
            given[q["id"]] = rng.choice(options)
        elif isinstance(answer, list):
            given[q["id"]] = rng.choice([", ".join(answer), ", ".join(answer[::-1]),
                                         ", ".join(rng.sample(answer, len(answer))), ""])
        else:
            given[q["id"]] = rng.choice([answer, "up", "down", "+", "x0", "#1"])
    return given


def test_the_pages_checker_is_pythons_on_many_answers(js):
    rng = random.Random(3)
    items, expected = [], []
    for seed in range(40):
        ex = exercise(seed=seed)
        for _ in range(5):
            given = answers_for(ex, rng)
            items.append({"questions": ex.asked, "answers": given, "hints": HINTS})
            expected.append(ex.check(given))
    for page, python in zip(node.ask(js, "check", items), expected):
        assert page == python


def open_exercise(browser, tmp_path, ex, name="ex.html"):
    return open_ready(browser, ex.save(str(tmp_path / name)))


def test_every_kind_on_the_page_as_in_python(browser, tmp_path):
    ex = exercise(seed=4)
    assert {q["kind"] for q in ex.asked} == set(KINDS)
    open_exercise(browser, tmp_path, ex)
    assert browser.execute_script("return window.exercise.questions()") == ex.questions
    given = {}
    for q in ex.asked:
        answer = q["answer"]
        tries = ([repr(answer), f"{answer:.4g}", repr(answer + 1.0)] if isinstance(answer, float)
                 else [q["hints"][2], "a + 7"] if q["kind"] == "rule"
                 else [", ".join(answer), ", ".join(answer[::-1])] if isinstance(answer, list)
                 else [answer, "nothing"])
        for text in tries:
            given[q["id"]] = text
            page = browser.execute_script("return window.exercise.answer(...arguments)",
                                          q["id"], text)
            python = ex.check(given)
            assert {k: v for k, v in page.items() if k != "firstWrong"} == \
                python["results"][q["id"]], (q["kind"], text)
            assert page["firstWrong"] == python["firstWrong"]
    verdicts = {q["kind"]: set() for q in ex.asked}
    for q in ex.asked:
        answer = q["answer"]
        if isinstance(answer, float):
            for text in (repr(answer), f"{answer:.4g}", repr(answer + 1.0)):
                verdicts[q["kind"]].add(ex.check({q["id"]: text})["results"][q["id"]]["verdict"])
    for kind in ("forward", "local", "passes", "total", "leaf", "predict", "tangent"):
        assert {"right", "wrong"} <= verdicts[kind], kind


def test_hints_progress_the_bug_hunt_and_a_prediction(browser, tmp_path):
    ex = exercise(seed=4)
    open_exercise(browser, tmp_path, ex)
    browser.execute_script("localStorage.clear()")
    open_exercise(browser, tmp_path, ex)
    total = next(q for q in ex.asked if q["kind"] == "leaf")
    levels = [browser.execute_script("return window.exercise.hint(...arguments)", total["id"], k)
              for k in (1, 2, 3)]
    assert levels == total["hints"] and "sum" in levels[0]
    with pytest.raises(Exception, match="levels are 1, 2 and 3"):
        browser.execute_script("return window.exercise.hint(...arguments)", total["id"], 4)
    browser.execute_script("window.exercise.answer(...arguments)", total["id"],
                           f"{total['answer']:.4g}")
    open_exercise(browser, tmp_path, ex)                         # a reload keeps it all
    kept = browser.execute_script("return window.exercise.results()")
    assert kept["hints"] == {total["id"]: 3}
    assert kept["results"][total["id"]]["verdict"] == "rounded"
    hunt = next(q for q in ex.asked if q["kind"] == "bughunt")
    browser.find_element("css selector", f'li[data-id="{hunt["id"]}"] .prompt').click()
    shown = browser.execute_script(
        "return [...document.querySelectorAll('#picture g.node text')].map(t => t.textContent)")
    assert f"grad {hunt['bug']['shown']:.4g}" in shown
    i = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)"
                               ".records[arguments[0]]", hunt["node"])
    browser.find_element("css selector", f'g[id="n{i}"]').click()
    result = browser.execute_script("return window.exercise.results()")["results"][hunt["id"]]
    assert result["verdict"] == "right"
    predict = next(q for q in ex.asked if q["kind"] == "predict")
    browser.execute_script("window.exercise.answer(...arguments)", predict["id"],
                           repr(predict["answer"]))
    said = browser.find_element("css selector", f'li[data-id="{predict["id"]}"]').text
    leaf = next(n for n in ex.graph.leaves if ex.graph.name(n) == predict["node"])
    before = ex.root.data
    leaf.data += predict["nudge"]
    for n in creation_order(ex.root):                     # forward again, in Python
        if n.parents:
            n.data = n.operation.forward(*(p.data for p in n.parents))
    after = ex.root.data
    assert f"it changes by {after - before:.4g}" in said
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


FORMULAS = ["1 - out^2", "1 - out*out", "1-a^2", "a*(1-a)", "out * (1 - out)", "b", "a",
            "2*a", "-sin(a)", "cos(a)", "exp(a)", "1/a", "0.5/out", "sigmoid(a)", "1/(1+exp(-a))",
            "log(a)", "sqrt(a)", "abs(a)", "a ** 2", "3 * a ^ 2", "out", "1/b", "-out/b", "- -a",
            "((a))", "a b", "1 - out^", "abc", "", "2e-3 * a", ".5*a", "exp(1000*a)", "log(0*a)",
            "sigmoid(-1000*a)", "1/0", "-1/(0*a)", "a^0.5", "(-a)^0.5"]


def test_a_rule_is_read_and_judged_as_python_does(js):
    items, expected = [], []
    for seed in range(30):
        ex = exercise(seed=seed, kinds=["rule"])
        for q in ex.asked:
            for text in FORMULAS:
                items.append({"questions": ex.asked, "answers": {q["id"]: text}, "hints": HINTS})
                expected.append(ex.check({q["id"]: text}))
    for page, python in zip(node.ask(js, "check", items), expected):
        assert page == python
    assert any(r["verdict"] == "right" for e in expected for r in e["results"].values())
