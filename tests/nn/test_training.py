"""Optimizers against hand-computed steps; fit, predict and accuracy."""

import io
import math

import pytest

from autograd import Value
from nn import MLP, SGD, Adam, History, Optimizer, accuracy, fit, log_softmax, predict

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


def test_adam_matches_hand_computed_steps():
    p = Value(1.0)
    opt = Adam([p], lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    p.grad = 0.5
    opt.step()                               # first step moves by lr * sign(g)
    assert p.data == pytest.approx(1.0 - 0.1, rel=1e-6)
    p.grad = -0.2
    opt.step()
    m = 0.9 * 0.05 + 0.1 * -0.2
    v = 0.999 * 0.00025 + 0.001 * 0.04
    first = 1.0 - 0.1 * (0.05 / 0.1) / (math.sqrt(0.00025 / 0.001) + 1e-8)
    expected = first - 0.1 * (m / (1 - 0.81)) / (math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8)
    assert p.data == pytest.approx(expected, rel=1e-9)


def test_optimizer_arguments_are_checked():
    with pytest.raises(ValueError, match="lr"):
        SGD([Value(1.0)], lr=-1)
    with pytest.raises(TypeError, match=r"params\[0\]"):
        Adam([1.0])
    with pytest.raises(ValueError, match="betas"):
        Adam([Value(1.0)], betas=(0.9, 1.0))


def test_log_softmax_is_stable():
    out = log_softmax([Value(1000.0), Value(-1000.0), Value(0.0)])
    assert [v.data for v in out] == pytest.approx([0.0, -2000.0, -1000.0])


def test_fit_trains_xor_per_sample_to_four_of_four():
    model = MLP(2, [2, 1], activation="sigmoid", seed=0)
    history = fit(model, XOR_X, XOR_Y, optimizer=SGD(model.parameters(), lr=0.5),
                  epochs=5000, seed=0, progress=False)
    assert isinstance(history, History) and history.epochs == 5000
    assert history.loss[-1] < history.loss[0] and history.accuracy[-1] == 1.0
    assert accuracy(model, XOR_X, XOR_Y) == 1.0
    assert [round(p) for p in predict(model, XOR_X)] == XOR_Y


def test_display_every_prints_the_tutorials_lines():
    out = io.StringIO()
    model = MLP(2, [2, 1], activation="sigmoid", seed=0)
    fit(model, XOR_X, XOR_Y, epochs=20, display_every=10, progress=False, out=out)
    lines = out.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == ["epoch=1", "epoch=10", "epoch=20"]
    assert lines[0].split(", ")[1].startswith("loss=0.")


def test_batch_sizes_and_full_batch():
    for batch_size in (1, 2, None):
        model = MLP(2, [3, 1], activation="sigmoid", seed=1)
        history = fit(model, XOR_X, XOR_Y, epochs=3, batch_size=batch_size, progress=False)
        assert history.epochs == 3


def test_full_batch_step_is_the_mean_gradient():
    model = MLP(1, [1], activation="linear", seed=0)
    w, b = model.parameters()
    w.data, b.data = 0.5, 0.0
    fit(model, [[1.0], [3.0]], [1.0, 1.0], epochs=1, batch_size=None, shuffle=False,
        optimizer=SGD(model.parameters(), lr=0.1), progress=False)
    # per-sample d/dw of 0.5 (w x - 1)^2 is (w x - 1) x: -0.5 and 1.5, mean 0.5
    assert w.data == pytest.approx(0.5 - 0.1 * 0.5)
    assert b.data == pytest.approx(0.0)                   # d/db: -0.5 and 0.5, mean 0


def test_training_is_deterministic_for_a_seed():
    def run():
        model = MLP(2, [3, 1], activation="tanh", seed=5)
        fit(model, XOR_X, XOR_Y, epochs=20, seed=9, progress=False)
        return [p.data for p in model.parameters()]
    assert run() == run()


def test_stop_at_ends_training_early():
    model = MLP(2, [2, 1], activation="sigmoid", seed=0)
    history = fit(model, XOR_X, XOR_Y, optimizer=SGD(model.parameters(), lr=0.5),
                  epochs=20000, stop_at=0.01, seed=0, progress=False)
    assert history.stopped_early and history.epochs < 20000 and history.loss[-1] <= 0.01


def test_numpy_data_and_classification_losses():
    np = pytest.importorskip("numpy")
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [-1.0, -2.0]])
    model = MLP(2, [4, 3], activation="tanh", output_activation="linear", seed=2)
    history = fit(model, X, np.array([0, 1, 2, 0]), loss="cross_entropy", epochs=200,
                  optimizer=Adam(model.parameters(), lr=0.05), progress=False)
    assert history.accuracy[-1] == 1.0
    scorer = MLP(2, [4, 1], activation="tanh", output_activation="linear", seed=2)
    history = fit(scorer, X, [1, -1, 1, -1], loss="hinge", epochs=100, progress=False)
    assert history.accuracy and accuracy(scorer, X, [1, -1, 1, -1]) == 1.0


@pytest.mark.parametrize("X, y, kwargs, message", [
    ([[0.0, 1.0]], [1, 0], {}, "1 rows but y has 2"),
    ([[0.0, 1.0, 2.0]], [1], {}, "row 0 of X should hold 2 inputs, got 3"),
    ([[0.0, 1.0]], [1], {"loss": "l1"}, "unknown loss 'l1'"),
    ([[0.0, 1.0]], [1], {"batch_size": 0}, "batch_size"),
    ([], [], {}, "no rows"),
])
def test_bad_data_is_refused_before_training(X, y, kwargs, message):
    model = MLP(2, [2, 1], seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match=message):
        fit(model, X, y, epochs=5, progress=False, **kwargs)
    assert [p.data for p in model.parameters()] == before


def test_targets_are_checked_against_the_outputs():
    model = MLP(2, [2, 3], seed=0)
    with pytest.raises(ValueError, match=r"class index in \[0, 3\)"):
        fit(model, [[0.0, 1.0]], [3], loss="cross_entropy", progress=False)
    with pytest.raises(ValueError, match="3 numbers"):
        fit(model, [[0.0, 1.0]], [1.0], progress=False)


@pytest.mark.parametrize("loss, nouts, targets, batch_size", [
    ("mse", [3, 1], [0, 1, 1, 0], None),
    ("mse", [3, 2], [[0, 1], [1, 0], [1, 1], [0, 0]], 2),
    ("bce", [3, 1], [0, 1, 1, 0], 3),
    ("cross_entropy", [3, 3], [0, 2, 1, 0], None),
    ("hinge", [3, 1], [-1, 1, 1, -1], 2),
    ("mse", [3, 1], [0, 1, 1, 0], 1),              # per sample: the compiled engine at B = 1
])
def test_compiled_and_scalar_engines_train_the_same(loss, nouts, targets, batch_size):
    def train(engine):
        model = MLP(2, nouts, activation="tanh",
                    output_activation="sigmoid" if loss == "bce" else "linear", seed=4)
        history = fit(model, XOR_X, targets, loss=loss, epochs=5, batch_size=batch_size,
                      optimizer=SGD(model.parameters(), lr=0.3, momentum=0.5), seed=1,
                      engine=engine, progress=False)
        return [(p.data, p.grad) for p in model.parameters()], history
    (scalar, h1), (compiled, h2) = train("scalar"), train("compiled")
    np = pytest.importorskip("numpy")
    np.testing.assert_allclose(compiled, scalar, rtol=1e-10, atol=1e-12)    # weights and grads
    np.testing.assert_allclose(h2.loss, h1.loss, rtol=1e-10)
    assert h2.accuracy == h1.accuracy


def test_auto_engine_compiles_batches_only():
    from nn import training
    model = MLP(2, [2, 1], activation="sigmoid", seed=0)
    calls = []
    original = training._compiled_batches
    training._compiled_batches = lambda *a: calls.append(1) or original(*a)
    try:
        fit(model, XOR_X, XOR_Y, epochs=1, batch_size=1, progress=False)
        assert calls == []
        fit(model, XOR_X, XOR_Y, epochs=1, batch_size=None, progress=False)
        assert calls == [1]
    finally:
        training._compiled_batches = original
    with pytest.raises(ValueError, match="engine"):
        fit(model, XOR_X, XOR_Y, epochs=1, engine="gpu", progress=False)


class LoopSGD(Optimizer):
    """An optimizer written as a loop over Values, as a user might: it has no vector rule."""

    def __init__(self, params, lr):
        super().__init__(params)
        self.lr = lr

    def step(self):
        for p in self.params:
            p.data -= self.lr * p.grad


class CountingSGD(SGD):
    """An SGD whose own step() must not be bypassed (it counts the steps)."""
    steps = 0

    def step(self):
        CountingSGD.steps += 1
        super().step()


def test_an_optimizer_with_its_own_step_is_stepped():
    model = MLP(2, [3, 1], activation="tanh", seed=4)
    CountingSGD.steps = 0
    fit(model, XOR_X, XOR_Y, epochs=3, batch_size=2, optimizer=CountingSGD(model.parameters(),
        lr=0.3), engine="compiled", progress=False)
    assert CountingSGD.steps == 6


@pytest.mark.parametrize("optimizer", [
    lambda model: SGD(model.parameters(), lr=0.3),
    lambda model: Adam(model.parameters(), lr=0.05, weight_decay=0.01),
    lambda model: LoopSGD(model.parameters(), lr=0.3),
    lambda model: SGD(model.layers[-1].parameters(), lr=0.3),       # the last layer only
], ids=["vector rule", "adam", "step only", "some parameters"])
def test_compiled_training_works_with_any_optimizer(optimizer):
    def train(engine):
        model = MLP(2, [3, 1], activation="tanh", seed=4)
        fit(model, XOR_X, XOR_Y, epochs=3, batch_size=2, optimizer=optimizer(model), seed=1,
            engine=engine, progress=False)
        return [(p.data, p.grad) for p in model.parameters()]
    np = pytest.importorskip("numpy")
    np.testing.assert_allclose(train("compiled"), train("scalar"), rtol=1e-10, atol=1e-12)


def test_interrupted_compiled_training_keeps_what_it_learned():
    class Interrupt:
        lines = 0

        def write(self, text):
            self.lines += text.count("\n")
            if self.lines == 2:
                raise KeyboardInterrupt

        def flush(self):
            pass

    model = MLP(2, [3, 1], activation="tanh", seed=4)
    before = [p.data for p in model.parameters()]
    with pytest.raises(KeyboardInterrupt):
        fit(model, XOR_X, XOR_Y, epochs=10, batch_size=2, display_every=1, out=Interrupt(),
            engine="compiled", progress=False)
    assert [p.data for p in model.parameters()] != before
    assert any(p.grad != 0.0 for p in model.parameters())
