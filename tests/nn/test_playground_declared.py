"""What Python declares, the page runs (headless Chromium): a loss function of the learner's,
optimizer objects with their own settings, a Module that is not an MLP, and a network
reshaped on the page each train 20 steps to fit's parameters, within 1e-12."""

import numpy as np
import pytest

from nn import MLP, SGD, Adam, fit
from nn.browser.playground import playground

from ..own_models import TwoPaths, hinge

MOONS_X = [[0.1, 0.9], [0.9, 0.2], [-0.4, 0.6], [1.2, -0.3], [0.3, 0.1], [1.8, 0.4],
           [-0.9, 0.3], [0.7, -0.5], [0.2, 0.5], [1.5, -0.1]]
MOONS_Y = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]
STEPS = 20


def small():
    return MLP(2, [5, 1], activation="tanh", output_activation="sigmoid", seed=3)


CASES = {
    "a loss of the learner's": (small, hinge, lambda ps: SGD(ps, lr=0.1)),
    "Adam, betas (0.5, 0.9), eps 1e-4": (
        small, "mse", lambda ps: Adam(ps, lr=0.05, betas=(0.5, 0.9), eps=1e-4)),
    "SGD, momentum 0.7, weight decay 0.01": (
        small, "bce", lambda ps: SGD(ps, lr=0.3, momentum=0.7, weight_decay=0.01)),
    "a Module of two paths": (TwoPaths, "bce", lambda ps: SGD(ps, lr=0.5)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_page_trains_what_python_declares_as_fit_does(browser, tmp_path, case):
    make, loss, optimizer = CASES[case]
    model = make()
    path = playground(model, MOONS_X, MOONS_Y, loss=loss,
                      optimizer=optimizer(model.parameters()), batch_size=3, seed=6).save(
        str(tmp_path / "playground.html"))
    browser.get("file://" + path)
    page = browser.execute_script("return window.playground.step(arguments[0])", STEPS)
    model = make()
    fit(model, MOONS_X, MOONS_Y, loss=loss, optimizer=optimizer(model.parameters()),
        steps=STEPS, batch_size=3, seed=6, engine="scalar", progress=False)
    python = [p.data for p in model.parameters()]
    assert not np.allclose(python, [p.data for p in make().parameters()])   # they moved
    np.testing.assert_allclose(page, python, rtol=0, atol=1e-12)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    code = browser.execute_script("return window.playground.code()")
    assert "fit(model, X, y" in code


def test_a_network_reshaped_to_3_5_relu_trains_as_the_mlp_python_builds(browser, tmp_path):
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    path = playground(model, MOONS_X, MOONS_Y, loss="bce", lr=0.3, batch_size=2, seed=1).save(
        str(tmp_path / "playground.html"))
    browser.get("file://" + path)
    count = browser.execute_script("return window.playground.reshape([3, 5], 'relu', 8)")
    page = browser.execute_script("return window.playground.step(arguments[0])", STEPS)
    model = MLP(2, [3, 5, 1], activation="relu", output_activation="sigmoid", seed=8)
    assert count == len(model.parameters()) == 2 * 3 + 3 + 3 * 5 + 5 + 5 + 1
    fit(model, MOONS_X, MOONS_Y, loss="bce", optimizer=SGD(model.parameters(), lr=0.3),
        steps=STEPS, batch_size=2, seed=1, engine="scalar", progress=False)
    np.testing.assert_allclose(page, [p.data for p in model.parameters()], rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", ["xor", "moons", "circles", "spiral", "gauss"])
def test_a_set_of_points_drawn_on_the_page_is_the_one_nn_datasets_draws(browser, tmp_path,
                                                                        name):
    from nn.datasets import points
    path = playground(small(), MOONS_X, MOONS_Y, loss="mse").save(str(tmp_path / "p.html"))
    browser.get("file://" + path)
    browser.execute_script(
        "window.playground.newData(arguments[0], {n: 40, noise: 0.1, share: 0, seed: 5})", name)
    data = browser.execute_script("return window.playground.data()")
    X, y = points(name, 40, 0.1, 5)
    # the same draws and arithmetic: equal but for the last bit of cos, sin and log
    np.testing.assert_allclose(data["X"], X, rtol=1e-15, atol=1e-15)
    assert [t[0] for t in data["targets"]] == y
