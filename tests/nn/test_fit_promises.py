"""What fit promises under hostile use: one set of numbers per run in every view, every argument
checked before the first step, divergence stopped, one fit of a model at a time."""

import io
import math
import re
import threading

import numpy as np
import pytest

from nn import MLP, SGD, Adam, Recording, accuracy, fit, mse_loss, predict

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


def circle(n=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.5, 1.5, size=(n, 2))
    return X, (np.hypot(X[:, 0], X[:, 1]) < 1.0).astype(int)


def mean_loss(model, X, y):
    return math.fsum(mse_loss([model(x)], [t]).data for x, t in zip(X, y)) / len(X)


# --- one run, one set of numbers ---

@pytest.mark.parametrize("engine", ["scalar", "compiled"])
@pytest.mark.parametrize("batch_size", [1, 8, None])
def test_the_history_describes_the_weights_the_epoch_left(engine, batch_size):
    X, y = circle()
    model = MLP(2, [6, 1], activation="tanh", output_activation="sigmoid", seed=1)
    history = fit(model, X, y, epochs=15, batch_size=batch_size, optimizer="sgd", lr=0.5,
                  seed=0, engine=engine, progress=False)
    assert history.accuracy[-1] == accuracy(model, X, y)
    assert history.loss[-1] == pytest.approx(mean_loss(model, X, y), rel=1e-12)


def test_console_history_recording_and_film_show_the_same_numbers_for_each_epoch():
    X, y = circle(40)
    out = io.StringIO()
    model = MLP(2, [5, 1], activation="tanh", output_activation="sigmoid", seed=2)
    history = fit(model, X, y, epochs=12, batch_size=4, optimizer="adam", lr=0.05, seed=3,
                  display_every=1, record=3, progress=False, out=out)
    printed = re.findall(r"epoch=(\d+), loss=([\d.]+), accuracy=([\d.]+)", out.getvalue())
    assert [int(e) for e, _, _ in printed] == list(range(1, 13))
    for (_, loss, acc), h_loss, h_acc in zip(printed, history.loss, history.accuracy):
        assert loss == f"{h_loss:.7f}" and acc == f"{h_acc:.3f}"
    recording = history.recording
    assert recording.losses == history.loss and recording.accuracies == history.accuracy
    assert history.loss_label == recording.loss_label == "mse: mean over the 40 rows of X"
    assert history.loss_label in out.getvalue().splitlines()[0]
    assert recording.epochs == [0, 3, 6, 9, 12]
    for i, epoch in enumerate(recording.epochs[1:], 1):
        assert recording.loss[i] == history.loss[epoch - 1]
        assert recording.accuracy[i] == history.accuracy[epoch - 1]
    pytest.importorskip("matplotlib")
    from nn import Film
    film = Film(recording, X, y)
    assert film.label(2) == (f"epoch 6   ·   loss {history.loss[5]:.4g}   ·   accuracy "
                             f"{history.accuracy[5]:.0%}")


def test_one_rule_decides_the_class_of_a_tanh_output_on_0_1_labels():
    """fit, accuracy and the film's boundary all flip a one-output model at the midpoint of
    the labels (0.5 for 0/1), whatever its activation."""
    from nn.training import classes
    scores = np.array([[-0.2], [0.3], [0.6], [0.9]])
    assert classes.correct(scores, [0, 0, 1, 1]).tolist() == [True, True, True, True]
    assert classes.correct(scores, [-1, 1, 1, 1]).tolist() == [True, True, True, True]
    assert classes.decide(scores, [0, 1]).tolist() == [0, 0, 1, 1]
    assert classes.decide(scores, [-1, 1]).tolist() == [-1, 1, 1, 1]
    X = np.array(XOR_X)
    model = MLP(2, [4, 1], activation="tanh", seed=0)            # tanh output, 0/1 labels
    history = fit(model, X, XOR_Y, epochs=3, progress=False, seed=0, record=1)
    outputs = np.array(predict(model, X))
    expected = float(((outputs >= 0.5) == np.array(XOR_Y)).mean())
    assert history.accuracy[-1] == accuracy(model, X, XOR_Y) == expected
    pytest.importorskip("matplotlib")
    from nn import Film
    assert Film(history.recording, X, XOR_Y).level() == 0.5


def _film_classes(film, labels):
    """The class the film's boundary panel shows at each point of its grid, for the model's
    last snapshot: which side of the boundary level (one output: the labels' midpoint; two
    outputs: softmax's probability of class 1 at 0.5), or the class it colours (more)."""
    panel = film.panel
    decision = panel.decision(film.recording.arrays(film.indices[-1])).ravel()
    outputs = film.layout.sizes[-1]
    if outputs > 2:
        return decision.astype(int)
    upper = decision >= film.level()
    return np.where(upper, 1, 0) if outputs == 2 else np.where(upper, labels[1], labels[0])


@pytest.mark.parametrize("labels", [(0, 1), (-1, 1)])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "linear"])
def test_accuracy_predict_and_the_films_boundary_decide_by_one_rule(activation, labels):
    """One output of any activation, on 0/1 or -1/+1 labels: accuracy, the classes predict's
    outputs mean, the History and the film's boundary (on every point of its grid) agree."""
    pytest.importorskip("matplotlib")
    from nn import Film
    from nn.training import classes
    X, inside = circle(40, seed=3)
    y = np.where(inside == 1, labels[1], labels[0])
    model = MLP(2, [5, 1], activation="tanh", output_activation=activation, seed=2)
    history = fit(model, X, y, epochs=6, optimizer="sgd", lr=0.05, seed=0, progress=False,
                  record=3)
    decided = classes.decide(predict(model, X), y)
    assert set(decided.tolist()) <= set(labels)
    assert history.accuracy[-1] == accuracy(model, X, y) == float((decided == y).mean())
    film = Film(history.recording, X, y)
    assert film.level() == (0.5 if labels == (0, 1) else 0.0)
    grid = film.panel.plane.points
    expected = classes.decide(predict(model, grid), y)
    assert (_film_classes(film, labels) == expected).all()
    assert 0 < (expected == labels[1]).mean() < 1 or activation == "sigmoid"


@pytest.mark.parametrize("n_classes", [2, 3])
def test_softmax_outputs_decide_by_the_largest_in_every_view(n_classes):
    """Several outputs with cross_entropy: accuracy, predict's arg max, the History and the
    film's boundary agree on every point of its grid."""
    pytest.importorskip("matplotlib")
    from nn import Film
    from nn.training import classes
    X, inside = circle(45, seed=4)
    y = inside + (X[:, 0] > 0.5) * (n_classes - 2)       # a third class on the right for 3
    model = MLP(2, [6, n_classes], activation="tanh", output_activation="linear", seed=5)
    history = fit(model, X, y, loss="cross_entropy", epochs=6, optimizer="adam", lr=0.05,
                  seed=0, progress=False, record=3)
    decided = classes.decide(predict(model, X), y)
    assert history.accuracy[-1] == accuracy(model, X, y) == float((decided == y).mean())
    film = Film(history.recording, X, y)
    assert film.level() == (0.5 if n_classes == 2 else None)
    expected = classes.decide(predict(model, film.panel.plane.points), y)
    assert (_film_classes(film, (0, 1)) == expected).all()
    assert len(set(expected.tolist())) > 1


# --- divergence ---

@pytest.mark.parametrize("engine", ["scalar", "compiled"])
def test_divergence_stops_at_the_first_non_finite_number_and_keeps_finite_weights(
        engine, tmp_path):
    X, y = circle(30)
    X = X * 50.0                                    # large inputs, large steps

    def make():
        model = MLP(2, [8, 1], activation="relu", output_activation="linear", seed=0)
        return model, SGD(model.parameters(), lr=5.0)

    out = io.StringIO()
    model, optimizer = make()
    history = fit(model, X, y * 100.0, epochs=50, batch_size=None, shuffle=False,
                  optimizer=optimizer, engine=engine, progress=False, out=out)
    assert history.diverged and history.steps < 50
    assert all(math.isfinite(p.data) for p in model.parameters())
    text = out.getvalue()
    assert "training diverged" in text and f"step {history.steps + 1}" in text
    assert "smaller learning rate (it is 5)" in text
    assert "diverged" in repr(history)
    # the model holds exactly the parameters of the last step taken
    again, optimizer = make()
    if history.steps:
        fit(again, X, y * 100.0, epochs=history.steps, batch_size=None, shuffle=False,
            optimizer=optimizer, engine=engine, progress=False)
    assert [p.data for p in again.parameters()] == [p.data for p in model.parameters()]
    model.save(tmp_path / "m.json", history=history)          # saves, finite as it is
    from nn import load_history
    assert load_history(tmp_path / "m.json").diverged


# --- every argument checked before the first step ---

@pytest.mark.parametrize("kwargs, message", [
    ({"stop_at": float("nan")}, "stop_at must be a finite number"),
    ({"stop_at": "0.1"}, "stop_at must be a finite number"),
    ({"display_every": -1}, "display_every must be an int >= 0"),
    ({"display_every": 2.5}, "display_every must be an int >= 0"),
    ({"shuffle": "no"}, "shuffle must be True or False"),
    ({"shuffle": 0}, "shuffle must be True or False"),
    ({"seed": 1.5}, "seed must be an int >= 0"),
    ({"seed": "1"}, "seed must be an int >= 0"),
    ({"progress": "yes"}, "progress must be True or False"),
    ({"epochs": True}, "epochs must be an int >= 0"),
    ({"reduction": "max"}, "reduction must be one of 'mean', 'sum'"),
    ({"out": object()}, "out must be a stream with a write"),
    ({"record": 0}, "record must be a number of epochs"),
])
@pytest.mark.parametrize("engine", ["scalar", "compiled"])
def test_every_argument_is_checked_before_the_first_step(kwargs, message, engine):
    model = MLP(2, [3, 1], activation="sigmoid", seed=0)
    before = [p.data for p in model.parameters()]
    settings = {"epochs": 3, "progress": False, **kwargs}
    with pytest.raises(ValueError, match=message):
        fit(model, XOR_X, XOR_Y, engine=engine, **settings)
    assert [p.data for p in model.parameters()] == before


def test_an_optimizer_over_another_models_parameters_is_refused():
    model, other = MLP(2, [3, 1], seed=0), MLP(2, [3, 1], seed=1)
    with pytest.raises(ValueError, match="the optimizer moves parameters that are not this "
                                         "model's"):
        fit(model, XOR_X, XOR_Y, optimizer=SGD(other.parameters(), lr=0.1), progress=False)


def test_a_loss_that_needs_probabilities_is_refused_at_the_start():
    # tanh's outputs for row 0 happen to lie in [0, 1]; other rows' need not
    model = MLP(2, [3, 1], activation="tanh", seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match="output activation is tanh, which gives values in "
                                         r"\(-1, 1\): give it output_activation='sigmoid'"):
        fit(model, XOR_X, XOR_Y, loss="bce", progress=False)
    assert [p.data for p in model.parameters()] == before


def test_a_loss_function_that_returns_a_float_is_refused_at_the_start():
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(TypeError, match="the loss function must return a Value .* got float"):
        fit(model, XOR_X, XOR_Y, loss=lambda out, t: (out.data - t) ** 2, progress=False)


# --- one fit of a model at a time ---

@pytest.mark.parametrize("engine", ["scalar", "compiled"])
def test_a_second_fit_of_a_model_while_one_runs_is_refused(engine):
    model = MLP(2, [3, 1], activation="sigmoid", seed=0)
    started, release = threading.Event(), threading.Event()

    class Waiting(Adam):
        def update(self, data, grads):
            started.set()
            release.wait(30)
            return super().update(data, grads)

    results = {}

    def first():
        results["history"] = fit(model, XOR_X, XOR_Y, epochs=2, engine=engine,
                                 optimizer=Waiting(model.parameters(), lr=0.01),
                                 progress=False)

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert started.wait(30)
        with pytest.raises(RuntimeError, match="being trained by another fit call"):
            fit(model, XOR_X, XOR_Y, epochs=2, engine=engine, progress=False)
    finally:
        release.set()
        thread.join(30)
    assert results["history"].epochs == 2
    fit(model, XOR_X, XOR_Y, epochs=1, progress=False)            # free again afterwards


def test_a_recording_of_one_fit_goes_on_across_calls_with_the_same_numbers():
    model = MLP(2, [3, 1], activation="sigmoid", seed=0)
    recording = Recording(model, every=1)
    first = fit(model, XOR_X, XOR_Y, epochs=2, record=recording, progress=False, seed=0)
    second = fit(model, XOR_X, XOR_Y, epochs=2, record=recording, progress=False, seed=1)
    assert recording.losses == first.loss + second.loss


# --- a learning rate far too large, and the arithmetic at the edges of floats ---

@pytest.mark.parametrize("engine", ["scalar", "compiled"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_weights_blown_past_1e100_are_reported_not_trained_on_at_chance(engine, optimizer):
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    out = io.StringIO()
    history = fit(model, XOR_X, XOR_Y, optimizer=optimizer, lr=1e200, epochs=50,
                  batch_size=4, engine=engine, progress=False, out=out)
    assert history.exploded and history.epochs == 1 and "exploded" in repr(history)
    said = out.getvalue()
    assert "past 1e+100" in said and "learning rate (1e+200) is far too large" in said
    assert "try a learning rate 10 to 1000 times smaller" in said
    assert max(abs(p.data) for p in model.parameters()) > 1e100     # what it stopped with
    calm = fit(MLP(2, [4, 1], seed=0), XOR_X, XOR_Y, optimizer="sgd", lr=0.5, epochs=5,
               progress=False)
    assert not calm.exploded


def test_no_library_warning_reaches_the_learner(recwarn):
    """The project's own arithmetic at the edges of floats (lr 1e300, weights that overflow a
    sum of squares, inf - inf in a layer) is IEEE and quiet: nothing on stderr."""
    import warnings
    warnings.simplefilter("always")
    for activation in ("tanh", "linear"):
        for optimizer in ("sgd", "adam"):
            for batch_size, engine in ((1, "scalar"), (4, "scalar"), (4, "compiled")):
                model = MLP(2, [4, 1], activation=activation, seed=0)
                fit(model, XOR_X, XOR_Y, optimizer=optimizer, lr=1e300, epochs=3,
                    batch_size=batch_size, engine=engine, progress=False, out=io.StringIO())
                predict(model, XOR_X)
                accuracy(model, XOR_X, XOR_Y)
    big = MLP(2, [1], seed=0)
    for p in big.parameters():
        p.data, p.grad = 1e300, 1e300
    SGD(big.parameters(), lr=1e300, weight_decay=1e300).step()
    Adam(big.parameters(), lr=1e300).step()
    assert [str(w.message) for w in recwarn] == []


@pytest.mark.parametrize("call", [
    lambda: fit(MLP(2, [1]), XOR_X, XOR_Y, epochs=10**400),
    lambda: fit(MLP(2, [1]), XOR_X, XOR_Y, stop_at="x" * 10_000),
    lambda: SGD(MLP(2, [1]).parameters(), lr=-(10**300)),
    lambda: MLP(2, [10**400]),
    lambda: fit(MLP(2, [1]), XOR_X, XOR_Y, record=[1] * 100_000),
])
def test_an_error_quotes_at_most_40_characters_of_what_it_refuses(call):
    with pytest.raises(ValueError) as refused:
        call()
    quoted = re.findall(r"got (.*)$", str(refused.value))[0]
    assert len(quoted) <= 45, str(refused.value)


@pytest.mark.parametrize("make", [lambda ps: Adam(ps, lr=1e308),
                                  lambda ps: SGD(ps, lr=1e308, momentum=0.9)])
def test_a_step_not_taken_leaves_the_optimizers_state_as_it_was(make):
    from autograd import Value
    from nn.training.engines import Diverged, updated
    params = [Value(0.0), Value(0.0)]
    optimizer = make(params)
    updated(optimizer, np.array([0.5, -0.5]), np.array([0.2, -0.1]))      # a step taken
    before = {k: (v.copy() if isinstance(v, np.ndarray) else v)
              for k, v in vars(optimizer).items() if k != "params"}
    with pytest.raises(Diverged, match="new value of a parameter"):
        updated(optimizer, np.array([1.7e308, -1.7e308]), np.array([-1.0, 1.0]))
    after = {k: v for k, v in vars(optimizer).items() if k != "params"}
    assert before.keys() == after.keys()
    for key in before:
        assert np.array_equal(before[key], after[key]), key
