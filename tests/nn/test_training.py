"""fit, predict and accuracy: training loops, both engines, data checks and interrupts."""

import io

import pytest

from nn import MLP, SGD, Adam, History, Optimizer, accuracy, fit, mse_loss, predict

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


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
    history = fit(model, XOR_X, XOR_Y, epochs=20, display_every=10, progress=False, out=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("fit: loss = mse: mean over the 4 rows of X, with the weights at "
                        "the end of each epoch")
    assert [line.split(",")[0] for line in lines[1:]] == ["epoch=1", "epoch=10", "epoch=20"]
    assert lines[1] == f"epoch=1, loss={history.loss[0]:.7f}, accuracy={history.accuracy[0]:.3f}"


def test_batch_sizes_and_full_batch():
    finals = {}
    for batch_size, steps in ((1, 12), (2, 6), (3, 6), (None, 3)):
        model = MLP(2, [3, 1], activation="sigmoid", seed=1)
        before = [p.data for p in model.parameters()]
        history = fit(model, XOR_X, XOR_Y, epochs=3, batch_size=batch_size, progress=False)
        assert history.epochs == 3 and history.steps == steps
        assert len(history.loss) == len(history.accuracy) == 3
        assert all(0.0 < loss < 1.0 for loss in history.loss)
        finals[batch_size] = [p.data for p in model.parameters()]
        assert finals[batch_size] != before
    assert len({tuple(w) for w in finals.values()}) == 4        # each batch size trains its way


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
    ([[0.0, 1.0, 2.0]], [1], {}, r"rows of X \(3 numbers each\): expected 2 inputs, got 3"),
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


def test_auto_engine_compiles_batches_and_large_graphs_per_sample():
    from nn.training.data import task
    from nn.training.engines import choose
    model = MLP(2, [1], activation="sigmoid", seed=0)              # 16 nodes a sample
    wide = MLP(2, [2, 1], activation="sigmoid", seed=0)            # 32 nodes a sample
    assert choose("auto", model, task(model, XOR_X, XOR_Y, "mse"), 1) == "scalar"
    assert choose("auto", model, task(model, XOR_X, XOR_Y, "mse"), 4) == "compiled"
    assert choose("auto", wide, task(wide, XOR_X, XOR_Y, "mse"), 1) == "compiled"
    own = task(wide, XOR_X, XOR_Y, lambda out, t: (out - t) ** 2)   # the user's own loss
    assert choose("auto", wide, own, 4) == "scalar"
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


def test_a_keyboard_interrupt_from_the_users_code_returns_the_history_so_far():
    class Interrupt:
        lines = 0

        def write(self, text):
            self.lines += text.count("\n")
            if self.lines == 3:                 # the heading and two epochs' lines
                self.lines += 1
                raise KeyboardInterrupt

        def flush(self):
            pass

    model = MLP(2, [3, 1], activation="tanh", seed=4)
    before = [p.data for p in model.parameters()]
    history = fit(model, XOR_X, XOR_Y, epochs=10, batch_size=2, display_every=1,
                  out=Interrupt(), engine="compiled", progress=False)
    assert history.interrupted and history.steps == 4 and history.epochs == 2
    assert [p.data for p in model.parameters()] != before
    assert any(p.grad != 0.0 for p in model.parameters())


def trajectory(make, engine, steps, **kwargs):
    """The parameters after 0, 1, ..., steps full-batch steps, one fit call per step."""
    model, optimizer = make()
    states = [[p.data for p in model.parameters()]]
    for _ in range(steps):
        fit(model, XOR_X, XOR_Y, epochs=1, batch_size=None, shuffle=False, optimizer=optimizer,
            engine=engine, progress=False, **kwargs)
        states.append([p.data for p in model.parameters()])
    return states


class InterruptingAdam(Adam):
    """Adam that presses Ctrl-C (sends itself SIGINT) during its step number `at`: the signal
    arrives in the middle of a step, at a known place, on every run."""
    at = None

    def update(self, data, grads):
        new = super().update(data, grads)
        if self._t == self.at:
            import os
            import signal
            os.kill(os.getpid(), signal.SIGINT)
        return new


@pytest.mark.parametrize("engine", ["compiled", "scalar"])
def test_ctrl_c_leaves_the_model_exactly_at_the_last_completed_step(engine):
    import signal

    def make():
        model = MLP(2, [4, 1], activation="tanh", seed=3)
        return model, InterruptingAdam(model.parameters(), lr=0.05)

    epochs = 40
    states = trajectory(make, engine, epochs)
    for at in (1, 2, 17, 39):
        model, optimizer = make()
        optimizer.at = at
        history = fit(model, XOR_X, XOR_Y, epochs=epochs, batch_size=None, shuffle=False,
                      optimizer=optimizer, engine=engine, progress=False)
        assert history.interrupted and history.steps == at and history.epochs == at
        assert [p.data for p in model.parameters()] == states[at]
        assert optimizer._t == at
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_xor_trains_to_four_of_four():
    model = MLP(2, [2, 1], activation="sigmoid", seed=0)
    opt = SGD(model.parameters(), lr=0.5)
    data = [([0.0, 0.0], 0.0), ([0.0, 1.0], 1.0), ([1.0, 0.0], 1.0), ([1.0, 1.0], 0.0)]
    for _ in range(5000):
        for x, y in data:
            loss = mse_loss([model(x)], [y])
            model.zero_grad()
            loss.backward()
            opt.step()
    assert [round(model(x).data) for x, _ in data] == [0, 1, 1, 0]


@pytest.mark.parametrize("engine", ["scalar", "compiled"])
@pytest.mark.parametrize("y, kwargs, message", [
    ([0, 1, 2.0, 0], {"loss": "bce"}, r"target 2 is 2.0; each should be a probability"),
    ([0, 1, 0.5, -1], {"loss": "hinge"}, r"target 0 is 0.0; each should be -1 or \+1"),
    ([1, -1, 0.5, -1], {"loss": "hinge"}, r"target 2 is 0.5"),
    ([0, 1, float("nan"), 0], {}, r"y\[2\] is nan"),
    ([0, 1, 1, 2], {"loss": "cross_entropy"}, "needs one output per class"),
])
def test_every_target_is_checked_before_the_first_step(engine, y, kwargs, message):
    model = MLP(2, [3, 1], activation="sigmoid", seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match=message):
        fit(model, XOR_X, y, epochs=2, batch_size=2, shuffle=False, engine=engine,
            progress=False, **kwargs)
    assert [p.data for p in model.parameters()] == before


@pytest.mark.parametrize("engine", ["scalar", "compiled"])
def test_inputs_and_outputs_are_checked_before_the_first_step(engine):
    model = MLP(2, [3, 1], activation="tanh", output_activation="linear", seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match=r"X\[1, 0\] is nan"):
        fit(model, [[0, 0], [float("nan"), 1], [1, 0], [1, 1]], XOR_Y, engine=engine,
            batch_size=2, progress=False)
    line = MLP(2, [1], activation="linear", weights=[[[1.0, 1.0]]])
    with pytest.raises(ValueError, match="output activation is linear, which gives any real "
                                         "number: give it output_activation='sigmoid'"):
        fit(line, [[3.0, 3.0]] + XOR_X[1:], XOR_Y, loss="bce", engine=engine, batch_size=2,
            progress=False)
    with pytest.raises(ValueError, match="real numbers"):
        fit(model, [["0", "1"]] * 4, XOR_Y, engine=engine, progress=False)
    with pytest.raises(ValueError, match="row 2 of X holds 3 numbers, row 0 2"):
        fit(model, [[0, 0], [0, 1], [1, 0, 1], [1, 1]], XOR_Y, engine=engine, progress=False)
    assert [p.data for p in model.parameters()] == before


def test_outputs_that_stop_being_probabilities_are_refused_by_both_engines():
    """A Module nn did not build has no output activation to check at the start: its outputs
    are checked on every row then, and by both engines' losses on every step."""
    from autograd import Parameter
    from nn import Module

    class Line(Module):
        def __init__(self):
            self.w, self.b = Parameter(0.1, label="w"), Parameter(0.5, label="b")

        def named_parameters(self):
            return [("w", self.w), ("b", self.b)]

        def __call__(self, x):
            return self.w * x[0] + self.b

    def train(engine):
        model = Line()
        with pytest.raises(ValueError, match="probability .* is outside"):
            fit(model, [[1.0], [2.0]], [1.0, 1.0], loss="bce", epochs=50, batch_size=2,
                optimizer=SGD(model.parameters(), lr=1.0), engine=engine, progress=False)
        return [p.data for p in model.parameters()]
    assert train("scalar") == pytest.approx(train("compiled"), rel=1e-12)


class TwoParameters:
    pass


def test_any_module_trains():
    from autograd import Parameter
    from nn import Module

    class Line(Module):
        """y = a * x + b, with no layers and no neurons."""

        def __init__(self):
            self.a, self.b = Parameter(0.0, label="a"), Parameter(0.0, label="b")

        def named_parameters(self):
            return [("a", self.a), ("b", self.b)]

        def __call__(self, x):
            return self.a * x[0] + self.b

    for engine in ("scalar", "compiled"):
        line = Line()
        history = fit(line, [[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], epochs=300, batch_size=3,
                      optimizer="sgd", lr=0.3, engine=engine, progress=False)
        assert line.a.data == pytest.approx(2.0, abs=1e-3) and line.b.data == pytest.approx(
            1.0, abs=1e-3)
        assert history.loss[-1] < 1e-6 and history.steps == 300


def test_optimizers_by_name_and_lr():
    model = MLP(2, [2, 1], activation="sigmoid", seed=0)
    before = [p.data for p in model.parameters()]
    fit(model, XOR_X, XOR_Y, optimizer="adam", lr=0.01, epochs=1, batch_size=4,
        progress=False)
    after = [p.data for p in model.parameters()]
    assert all(abs(a - b) == pytest.approx(0.01, rel=1e-3) for a, b in zip(after, before)
               if a != b)                       # Adam's first step moves each by lr
    with pytest.raises(ValueError, match="unknown optimizer 'rmsprop'; by name: sgd, adam"):
        fit(model, XOR_X, XOR_Y, optimizer="rmsprop", progress=False)
    with pytest.raises(ValueError, match="lr= goes with an optimizer given by name.*the SGD "
                                         "given has its own lr"):
        fit(model, XOR_X, XOR_Y, optimizer=SGD(model.parameters(), lr=0.1), lr=0.5,
            progress=False)
    with pytest.raises(ValueError, match="lr=0.5 goes with an optimizer given by name; the "
                                         "default is 'sgd' .* optimizer='sgd', lr=0.5"):
        fit(model, XOR_X, XOR_Y, lr=0.5, progress=False)


def test_messages_a_new_user_meets():
    import numpy as np
    model = MLP(2, [2, 1], activation="sigmoid", seed=0)
    with pytest.raises(ValueError, match=r"for one sample pass \[\[...\]\]"):
        predict(model, [0.0, 1.0])
    with pytest.raises(ValueError, match="MLP\\(2, \\[1\\]\\) for one output neuron"):
        MLP(2, 1)
    labels = np.array([0, 1, 1, 0], dtype=np.int64)
    wide = MLP(2, [4, 2], activation="tanh", output_activation="linear", seed=0)
    history = fit(wide, XOR_X, labels, loss="cross_entropy", epochs=300, batch_size=4,
                  optimizer="adam", lr=0.05, progress=False)
    assert accuracy(wide, XOR_X, labels) == history.accuracy[-1] == 1.0
    assert accuracy(wide, XOR_X, np.eye(2)[labels]) == 1.0            # one-hot rows too
    text = repr(history)
    assert text.startswith("History(300 epochs, 300 steps, loss ") and len(text) < 120
    SGD(model.parameters(), lr=np.float32(0.1)).step()


def test_fit_quiets_the_collector_only_while_it_trains():
    import gc
    seen = []

    def loss(output, target):
        seen.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))
        if len(seen) == 3:
            raise RuntimeError("a loss of the user's fails")
        return (output - target) ** 2

    before = gc.get_threshold(), gc.get_freeze_count()
    model = MLP(2, [2, 1], seed=0)
    with pytest.raises(RuntimeError):
        fit(model, XOR_X, XOR_Y, loss=loss, epochs=2, progress=False)
    assert all(threshold >= 100_000 and frozen for threshold, frozen in seen[1:])
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


# --- a run in pieces: steps= and resume= ---

@pytest.mark.parametrize("engine", ["scalar", "compiled"])
@pytest.mark.parametrize("batch_size", [1, 3, None])
@pytest.mark.parametrize("pieces", [[7], [1, 2, 4], [5, 0, 2], [3, 4]])
def test_a_run_resumed_in_pieces_is_the_run_in_one(engine, batch_size, pieces):
    import random as python_random
    X = [[python_random.Random(k).uniform(-1, 1) for _ in range(2)] for k in range(10)]
    y = [int(a + b > 0) for a, b in X]
    whole = MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=2)
    one = fit(whole, X, y, optimizer=Adam(whole.parameters(), lr=0.05), steps=sum(pieces),
              batch_size=batch_size, seed=5, engine=engine, progress=False)
    split = MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=2)
    adam = Adam(split.parameters(), lr=0.05)
    history = fit(split, X, y, optimizer=adam, steps=pieces[0], batch_size=batch_size, seed=5,
                  engine=engine, progress=False)
    for k in pieces[1:]:
        again = fit(split, X, y, optimizer=adam, steps=k, batch_size=batch_size, resume=history,
                    engine=engine, progress=False)
        assert again is history
    assert [p.data for p in split.parameters()] == [p.data for p in whole.parameters()]
    assert history.loss == one.loss and history.steps == one.steps == sum(pieces)


def test_resuming_by_epochs_is_one_run_and_added_rows_join_the_epoch_under_way():
    X, y = XOR_X + [[0.5, 0.5]], XOR_Y + [1]
    one = MLP(2, [2, 1], activation="sigmoid", seed=0)
    fit(one, XOR_X, XOR_Y, optimizer="sgd", lr=0.5, epochs=3, seed=1, progress=False)
    two = MLP(2, [2, 1], activation="sigmoid", seed=0)
    history = fit(two, XOR_X, XOR_Y, optimizer="sgd", lr=0.5, epochs=1, seed=1, progress=False)
    fit(two, XOR_X, XOR_Y, optimizer="sgd", lr=0.5, epochs=2, resume=history, progress=False)
    assert [p.data for p in one.parameters()] == [p.data for p in two.parameters()]
    assert history.epochs == 3
    history = fit(two, XOR_X, XOR_Y, optimizer="sgd", lr=0.5, steps=2, seed=1, progress=False)
    order = list(history.cursor.order)
    fit(two, X, y, optimizer="sgd", lr=0.5, steps=2, resume=history, progress=False)
    assert history.cursor.order == order + [4] and history.cursor.start == 4
    fit(two, X, y, optimizer="sgd", lr=0.5, steps=1, resume=history, progress=False)
    assert history.epochs == 1 and history.steps == 5          # the new row closed the epoch


@pytest.mark.parametrize("kwargs, message", [
    ({"epochs": 3, "steps": 2}, "give epochs or steps, not both"),
    ({"steps": -1}, "steps must be an int >= 0"),
    ({"resume": "yes"}, "resume must be the History an earlier fit returned, got 'yes'"),
    ({"resume": History()}, "a History saved to a file, which keeps no place in its run"),
])
def test_steps_and_resume_are_checked(kwargs, message):
    with pytest.raises(ValueError, match=message):
        fit(MLP(2, [1]), XOR_X, XOR_Y, progress=False, **kwargs)


def test_resume_takes_no_seed_and_no_fewer_rows():
    model = MLP(2, [1], seed=0)
    history = fit(model, XOR_X, XOR_Y, steps=2, progress=False)
    with pytest.raises(ValueError, match="seed= starts a new run's shuffle"):
        fit(model, XOR_X, XOR_Y, steps=2, seed=3, resume=history, progress=False)
    with pytest.raises(ValueError, match="a run over 4 rows, but X has 3"):
        fit(model, XOR_X[:3], XOR_Y[:3], steps=2, resume=history, progress=False)


def test_the_compiled_engine_keeps_the_parameters_as_one_vector_for_every_rule():
    """SGD and Adam (their rule written once, run on vectors by Optimizer.update) train on one
    vector between steps; an optimizer with a step of its own goes through .grad."""
    from nn.training.data import task
    from nn.training.engines import CompiledEngine

    class OwnStep(SGD):
        def step(self):
            super().step()

    model = MLP(2, [3, 1], seed=0)
    data = task(model, [[0.0, 1.0], [1.0, 0.0]], [0.0, 1.0], "mse")
    for optimizer, vector in ((SGD(model.parameters(), lr=0.1), True),
                              (Adam(model.parameters(), lr=0.1), True),
                              (OwnStep(model.parameters(), lr=0.1), False)):
        assert CompiledEngine(model, data, "mean", optimizer).as_vector is vector
