"""Every JavaScript file of the project, and what it is: generated from Python's declarations,
a twin of a library (named so in its first line and tested against it), or code that runs what
Python declares, draws, or listens. None computes a loss, a gradient, an optimizer's step or a
starting weight by hand: those come from Python (nn/browser/traced.py,
autograd/live/javascript.py)."""

import glob
import os
import re

from autograd.live.javascript import source
from nn.browser.playground import GENERATED

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Printed from Python's declarations when a page is made (not files of the repository).
MADE = {
    "ops.js": "the op table (autograd/ops.py) run on Codes",
    "datasets.js": "the sets of points (nn/datasets.py) run on Codes",
    "decision.js": "the decision rule (nn/training/classes.py) run on Codes",
}
TWINS = {
    "nn/browser/js/random.js": "CPython's random (Mersenne Twister, shuffle), tested on a "
                               "million draws",
    "autograd/live/js/elementary.js": "autograd/elementary.py's float branches, tested per op",
    "autograd/live/js/aggregates.js": "autograd/groups.py's Groups.aggregate, held to it on "
                                      "random MLPs after edits (tests/live/test_grouped_page.py)",
    "autograd/live/js/verdicts.js": "autograd/exercises/verdicts.py, held to it with checking.js",
    "autograd/live/js/formulas.js": "autograd/exercises/rules.py, held to it on 38 formulas",
    "autograd/live/js/checking.js": "autograd/exercises/checking.py, held to it on 200 sets of "
                                    "answers (tests/live/test_exercise_page.py)",
}
RUNS = {  # runs what Python declares: programs, traced pieces, rules
    "autograd/live/js/engine.js": "runs programs: forward, the chain rule, tangents (generated "
                                  "rules), as backward.py and forward.py loop",
    "autograd/live/js/typed.js": "a program as typed arrays, run by the generated passes",
    "autograd/live/js/routes.js": "the op table's local derivatives along every route from a "
                                  "leaf (forward mode's rule)",
    "autograd/live/js/groupsteps.js": "the generated backward part way; what a step passes back "
                                      "by the op table's local derivatives",
    "nn/browser/js/compose.js": "joins the model's and the loss's traced programs",
    "nn/browser/js/mlp.js": "joins MLP's traced pieces; draws through the traced init rule",
    "nn/browser/js/model.js": "runs the model's program over points; folds the generated "
                              "decision rule",
    "nn/browser/js/optimizers.js": "runs an optimizer's traced rule over every parameter",
    "nn/browser/js/trainer.js": "runs each sample's template, summing gradients as fit's "
                                "graph does",
    "nn/browser/js/run.js": "fit's loop (nn/training/loop.py): epochs, measuring, stopping; "
                            "the run's state",
    "nn/browser/js/player.js": "plays: the run's steps a frame at a time",
    "nn/browser/js/shapes.js": "a new network, loss or set of points from the declared parts",
}
DRAWS_OR_LISTENS = {
    "autograd/live/js/live.js", "autograd/live/js/directions.js", "autograd/live/js/nudge.js",
    "autograd/live/js/records.js", "autograd/live/js/numbers.js", "autograd/live/js/widget.js",
    "autograd/live/js/dom.js", "autograd/live/js/grouped.js", "autograd/live/js/grouptree.js",
    "autograd/live/js/groupview.js", "autograd/live/js/layout.js", "autograd/live/js/find.js",
    "autograd/live/js/groupedgraph.js", "autograd/live/js/exercise.js",
    "autograd/live/js/tryit.js", "autograd/live/js/onscreen.js",
    *(f"nn/browser/js/{name}.js" for name in (
        "plane", "network", "curves", "sample", "status", "controls", "playground", "settings",
        "code", "spec")),
}
TESTS = {"tests/live/runner.js"}
# What computing a loss, a gradient, a step or a starting weight by hand would write: the math
# functions of their formulas, arithmetic on a draw of the generator, a graph's op spelled out
# (a loss's graph built node by node, where Python's is traced), or a product of two arrays'
# entries (a layer's forward pass w[j][i] * a[i], an optimizer's m[i] * g[i]).
BY_HAND = re.compile(r"Math\.(exp|log|log1p|sqrt|tanh|pow|cosh|sinh)\("
                     r"|[-+*/]\s*(?!Math\b)\w+\.random\(\)|(?<!Math)\.random\(\)\s*[-+*/]"
                     r"|\bop:\s*\"[^\"]+\"|\.op\(\s*\""
                     r"|\]\s*\*\s*[\w.]+\[")


def _files():
    found = set()
    for pattern in ("autograd/**/*.js", "nn/**/*.js", "demos/**/*.js", "tests/**/*.js",
                    "benchmarks/**/*.js", "docs/**/*.js"):
        found |= {os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, pattern),
                                                                recursive=True)}
    return found


def test_every_javascript_file_is_listed_with_what_it_is():
    listed = set(TWINS) | set(RUNS) | DRAWS_OR_LISTENS | TESTS
    assert _files() == listed
    assert not set(TWINS) & set(RUNS) and not (set(TWINS) | set(RUNS)) & DRAWS_OR_LISTENS


def test_a_twin_says_so_in_its_first_line():
    for path in TWINS:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            assert "twin" in f.readline().lower(), path


def test_the_generated_modules_say_where_they_come_from():
    made = {"ops.js": lambda: source("ops.js"), **GENERATED}
    assert set(made) == set(MADE)
    for name, write in made.items():
        assert write().startswith("// Generated from "), name


def test_no_file_but_a_twin_computes_what_python_declares():
    for path in set(RUNS) | DRAWS_OR_LISTENS:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
        assert not BY_HAND.search(text), (path, BY_HAND.search(text).group(0))
