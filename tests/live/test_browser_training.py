"""The page trains with fit's numbers: nn/browser/js/trainer.js (the op table's generated module,
the optimizers' and random.shuffle's JavaScript twins) run in Node.js, against fit's scalar engine
from the same starting weights, settings and seed: the parameters after every epoch agree to
1e-9 (SGD and Adam; per sample, minibatch and full batch; mse, bce and cross_entropy)."""

import math
import random

import numpy as np
import pytest

from nn import MLP, SGD, Adam, fit
from nn.browser.spec import as_vector, training_spec

from . import node

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


def moons(n=24, seed=0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, math.pi, n)
    upper = rng.random(n) < 0.5
    X = np.where(upper[:, None], np.c_[np.cos(t), np.sin(t)],
                 np.c_[1 - np.cos(t), 0.5 - np.sin(t)]) + rng.normal(0, 0.1, (n, 2))
    return X, upper.astype(int)


def test_the_shuffle_is_pythons(js):
    cases = [{"seed": s, "n": n, "times": t} for s, n, t in
             [(0, 4, 1), (0, 4, 3), (1, 10, 2), (123456789, 50, 5), (2 ** 40 + 7, 17, 4),
              (7, 1000, 2)]]
    got = node.ask(js, "shuffle", cases)
    for case, order in zip(cases, got):
        rng, expected = random.Random(case["seed"]), list(range(case["n"]))
        for _ in range(case["times"]):
            rng.shuffle(expected)
        assert order == expected, case


def test_the_twin_of_pythons_generator_draws_pythons_million_numbers(js):
    """nn/browser/js/random.js is a port of CPython's Mersenne Twister: a million random() draws
    from each of three seeds (one past 32 bits) are Python's, bit for bit."""
    import base64
    seeds = [0, 12345, 2 ** 40 + 7]
    got = node.ask(js, "draws", [{"seed": s, "n": 1_000_000} for s in seeds])
    for seed, text in zip(seeds, got):
        rng = random.Random(seed)
        expected = np.array([rng.random() for _ in range(1_000_000)])
        drawn = np.frombuffer(base64.b64decode(text), dtype="<f8")
        assert drawn.shape == expected.shape and np.array_equal(drawn, expected), seed


def _settings():
    for make in ("sgd", "adam", "sgd momentum"):
        for batch_size in (1, 2, None):
            yield make, batch_size


def _optimizer(make, model):
    if make == "adam":
        return Adam(model.parameters(), lr=0.05)
    return SGD(model.parameters(), lr=0.3, momentum=0.9 if "momentum" in make else 0.0)


@pytest.mark.parametrize("make, batch_size", list(_settings()))
@pytest.mark.parametrize("loss", ["mse", "bce", "cross_entropy"])
def test_the_page_steps_where_fit_does_on_xor(js, make, batch_size, loss):
    outputs, last = (2, "linear") if loss == "cross_entropy" else (1, "sigmoid")
    start = MLP(2, [4, outputs], activation="tanh", output_activation=last, seed=3)
    spec = training_spec(start, XOR_X, XOR_Y, loss=loss, optimizer=_optimizer(make, start),
                         batch_size=batch_size, seed=5)
    epochs = 12
    steps = epochs * math.ceil(len(XOR_X) / (batch_size or len(XOR_X)))
    page = as_vector(node.ask(js, "train", [{"spec": spec, "steps": steps}])[0])
    model = MLP(2, [4, outputs], activation="tanh", output_activation=last, seed=3)
    fit(model, XOR_X, XOR_Y, loss=loss, optimizer=_optimizer(make, model), epochs=epochs,
        batch_size=batch_size, seed=5, engine="scalar", progress=False)
    python = np.array([p.data for p in model.parameters()])
    assert not np.allclose(python, spec["params"])              # training moved them
    np.testing.assert_allclose(page, python, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("make, batch_size", [("sgd", 1), ("adam", 8), ("sgd", None)])
def test_the_page_steps_where_fit_does_on_micrograds_moons_network(js, make, batch_size):
    X, y = moons()
    start = MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=1)
    spec = training_spec(start, X, y, loss="bce", optimizer=_optimizer(make, start),
                         batch_size=batch_size, seed=2)
    epochs = 3
    steps = epochs * math.ceil(len(X) / (batch_size or len(X)))
    page = as_vector(node.ask(js, "train", [{"spec": spec, "steps": steps}])[0])
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=1)
    fit(model, X, y, loss="bce", optimizer=_optimizer(make, model), epochs=epochs,
        batch_size=batch_size, seed=2, engine="scalar", progress=False)
    python = np.array([p.data for p in model.parameters()])
    np.testing.assert_allclose(page, python, rtol=1e-9, atol=1e-12)
