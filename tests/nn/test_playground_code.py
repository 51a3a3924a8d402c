"""The playground's "Python code" trains the page's model to the page's weights, whatever the
learner did on the page: 50 random sequences of steps, learning rates, losses, optimizers,
momentum, batch sizes, shuffle, seek + fork, reshapes, added points and weights typed in, each
run in headless Chromium, the page's code() then run in Python: the weights equal to 1e-12."""

import random

import numpy as np
import pytest

from nn import MLP
from nn.browser.playground import playground

X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.3, 0.8], [0.9, 0.2]]
Y = [0, 1, 1, 0, 1, 1]


def actions(rng: random.Random) -> list:
    """A learner's session: JavaScript calls on window.playground, each a string."""
    done = []
    for _ in range(rng.randint(6, 14)):
        kind = rng.choices(["step", "lr", "loss", "optimizer", "momentum", "batch", "shuffle",
                            "seek", "reshape", "point", "param"],
                           weights=[8, 2, 1, 1, 1, 2, 1, 1, 1, 2, 1])[0]
        if kind == "step":
            done.append(f"p.step({rng.randint(1, 9)})")
        elif kind == "lr":
            done.append(f"p.set('lr', {rng.choice([0.05, 0.3, 0.8, 1.5])})")
        elif kind == "loss":
            done.append(f"p.set('loss', '{rng.choice(['mse', 'bce'])}')")
        elif kind == "optimizer":
            done.append(f"p.set('optimizer', '{rng.choice(['sgd', 'adam'])}')")
        elif kind == "momentum":
            done.append(f"p.set('momentum', {rng.choice([0.5, 0.9])})")
        elif kind == "batch":
            done.append(f"p.set('batch_size', {rng.choice(['1', '2', '3', 'null'])})")
        elif kind == "shuffle":
            done.append(f"p.set('shuffle', {rng.choice(['true', 'false'])})")
        elif kind == "seek":
            done.append("p.seek(Math.floor(p.history().loss.length / 2)); p.fork()")
        elif kind == "reshape":
            sizes = [rng.randint(1, 4) for _ in range(rng.randint(1, 2))]
            acts = [rng.choice(["tanh", "relu", "sigmoid"]) for _ in sizes]
            done.append(f"p.reshape({sizes}, {acts}, {rng.randint(0, 9)})".replace("'", '"'))
        elif kind == "point":
            done.append(f"p.addPoint({rng.uniform(-0.5, 1.5):.3f}, {rng.uniform(-0.5, 1.5):.3f}, "
                        f"{rng.randint(0, 1)})")
        else:
            done.append(f"p.setParam({rng.randint(0, 8)}, {rng.uniform(-1, 1):.4f})")
    return done


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    model = MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=3)
    return playground(model, X, Y, loss="mse", lr=0.5, batch_size=2, seed=1).save(
        str(tmp_path_factory.mktemp("pg") / "playground.html"))


def test_fifty_random_sessions_are_reproduced_by_the_pages_code(browser, page):
    for session in range(50):
        rng = random.Random(session)
        browser.get("file://" + page)
        # an action the page refuses (a weight index past a reshaped network's) changes
        # nothing and says so: the session goes on without it
        script = "const p = window.playground; const refused = [];\n" + "\n".join(
            f"try {{ {a}; }} catch (e) {{ refused.push([e.message, p.message]); }}"
            for a in actions(rng)) + "\nreturn refused;"
        for thrown, said in browser.execute_script(script):
            assert thrown == said, (thrown, said)
        weights = browser.execute_script("return window.playground.params()")
        code = browser.execute_script("return window.playground.code()")
        scope = {}
        exec(compile(code, f"session {session}'s code", "exec"), scope)
        got = [p.data for p in scope["model"].parameters()]
        assert np.allclose(got, weights, rtol=0, atol=1e-12), (session, script, code)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
