"""Saving and loading: atomic writes, the architecture in the file, and files as untrusted input."""

import json
import os

import pytest

import nn
from nn import MLP, Layer, Neuron


def weights(model):
    return [p.data for p in model.parameters()]


def test_save_then_nn_load_rebuilds_the_model(tmp_path):
    for model in (MLP(3, [4, 2], activation="relu", output_activation="linear", seed=1),
                  Layer(2, 3, activation="sigmoid", bias=False, seed=2), Neuron(4, seed=3)):
        path = tmp_path / f"{type(model).__name__}.json"
        model.save(path)
        again = nn.load(path)
        assert type(again) is type(model) and repr(again) == repr(model)
        assert weights(again) == weights(model)
        assert again([0.5] * _inputs(model)) is not None
    assert weights(MLP.load(tmp_path / "MLP.json")) == weights(nn.load(tmp_path / "MLP.json"))
    with pytest.raises(ValueError, match="holds a Layer, not a MLP"):
        MLP.load(tmp_path / "Layer.json")


def _inputs(model):
    return model.architecture()["nin"]


def test_model_load_takes_old_files_that_hold_only_weights(tmp_path):
    model = MLP(2, [3, 1], seed=1)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(model.state_dict()))
    other = MLP(2, [3, 1], seed=2)
    other.load(old)
    assert weights(other) == weights(model)
    with pytest.raises(ValueError, match="no architecture.*model.load"):
        nn.load(old)


def test_a_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    model = MLP(2, [3, 1], seed=1)
    path = tmp_path / "m.json"
    model.save(path)
    good = path.read_text()
    monkeypatch.setattr(model.layers[0].neurons[0].w[0], "data", float("nan"))   # not JSON
    with pytest.raises(ValueError):
        model.save(path)
    assert path.read_text() == good and os.listdir(tmp_path) == ["m.json"]


@pytest.mark.parametrize("value, shown", [("1.5", "'1.5'"), (True, "True"),
                                          (float("nan"), "nan"), (float("inf"), "inf")])
def test_weights_must_be_finite_numbers(value, shown):
    model = MLP(2, [1], seed=0)
    before = weights(model)
    state = model.state_dict()
    state["layers.0.neurons.0.w"][1] = value
    with pytest.raises(ValueError, match=rf"'layers.0.neurons.0.w'\[1\] is {shown}, not a finite"):
        model.load_state_dict(state)
    assert weights(model) == before


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not UTF-8 text"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"layers.0.neurons.0.w": [NaN, 1.0], "layers.0.neurons.0.b": [0.0]}', "NaN"),
    (b'{"layers.0.neurons.0.w": ["1.5", 1.0], "layers.0.neurons.0.b": [0.0]}',
     r"'layers.0.neurons.0.w'\[0\] is '1.5'"),
    (b"not json", "not JSON"),
    (b"[1, 2]", "holds a list, not a dict"),
])
def test_a_bad_file_is_a_value_error_naming_it(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    model = MLP(2, [1], seed=0)
    before = weights(model)
    with pytest.raises(ValueError, match=message) as info:
        model.load(path)
    assert str(path) in str(info.value) and weights(model) == before
    with pytest.raises(ValueError, match=str(path).replace("\\", "\\\\")):
        nn.load(path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    import tracemalloc
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:             # 114 MB, sparse: cheap to make
        f.truncate(114 * 2**20)
    model = MLP(2, [1], seed=0)
    tracemalloc.start()
    for load in (model.load, nn.load):
        with pytest.raises(ValueError, match="bytes, more than a saved model"):
            load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2**20


def test_a_numpy_scalar_written_into_data_saves_as_a_float(tmp_path):
    import numpy as np
    model = MLP(2, [1], seed=0)
    p = model.parameters()[0]
    p.grad = 1.0
    p.data -= np.float32(0.1) * p.grad
    model([1.0, 2.0]).backward()             # the next forward pass works
    model.save(tmp_path / "m.json")
    assert weights(nn.load(tmp_path / "m.json")) == pytest.approx(weights(model))


def test_a_model_and_its_history_come_back_in_a_new_process(tmp_path):
    import json
    import subprocess
    import sys

    import numpy as np

    from nn import fit, load_history, predict
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    model = MLP(2, [3, 1], activation="sigmoid", seed=0)
    history = fit(model, X, [0, 1, 1, 0], epochs=50, lr=0.5, optimizer="sgd", progress=False)
    path = tmp_path / "run.json"
    model.save(path, history=history)
    code = ("import json, sys, nn; m = nn.load(sys.argv[1]); h = nn.load_history(sys.argv[1]);"
            "print(json.dumps([nn.predict(m, json.loads(sys.argv[2])), h.loss, h.accuracy,"
            " h.steps, repr(h)]))")
    out = subprocess.run([sys.executable, "-c", code, str(path), json.dumps(X)],
                         capture_output=True, text=True, check=True).stdout
    predictions, loss, accuracy, steps, shown = json.loads(out)
    assert predictions == predict(model, X)                       # identical, not close
    assert (loss, accuracy, steps, shown) == (history.loss, history.accuracy, history.steps,
                                              repr(history))
    assert load_history(path).loss == history.loss and np.isfinite(loss).all()


def test_bad_histories_are_refused(tmp_path):
    import json

    from nn import load_history
    model = MLP(2, [1], seed=0)
    with pytest.raises(TypeError, match="History fit returned"):
        model.save(tmp_path / "m.json", history={"loss": [1.0]})
    model.save(tmp_path / "plain.json")
    with pytest.raises(ValueError, match="holds no History"):
        load_history(tmp_path / "plain.json")
    saved = json.loads((tmp_path / "plain.json").read_text())
    good = {"loss": [1.0], "accuracy": [], "stopped_early": False, "interrupted": False,
            "steps": 4}
    for change, message in ((dict(loss=["1"]), "'loss' should be a list of finite"),
                            (dict(steps=True), "'steps' should be a count"),
                            (dict(interrupted=0), "'interrupted' should be true or false"),
                            (dict(extra=1), "should hold accuracy, interrupted")):
        saved["history"] = {**good, **change}
        (tmp_path / "bad.json").write_text(json.dumps(saved))
        with pytest.raises(ValueError, match=message):
            load_history(tmp_path / "bad.json")


def saved(tmp_path, change=None, state=None, name="m.json"):
    """A file save() wrote for MLP(2, [1]), with `change` applied to its JSON."""
    model = MLP(2, [1], seed=0)
    path = tmp_path / name
    model.save(path)
    data = json.loads(path.read_text())
    if change:
        change(data)
    path.write_text(json.dumps(data) if state is None else state(json.dumps(data)))
    return path


@pytest.mark.parametrize("change, message", [
    # a tiny file naming a model of any size: refused before anything is built
    (lambda d: d["architecture"].update(nin=10**9, nouts=[10**9]),
     "architecture makes a model of 1,000,000,001,000,000,000 parameters, more than a file "
     "may build"),
    (lambda d: d["architecture"].update(nin=3),
     "architecture makes a model of 4 parameters but its state holds 3"),
    (lambda d: d["architecture"].update(bias="no"), "'bias' must be True or False, got 'no'"),
    (lambda d: d["architecture"].update(bias=1), "'bias' must be True or False, got 1"),
    (lambda d: d["architecture"].update(nouts=[10**9, "x"]),
     r"'nouts'\[1\] must be a positive int, got 'x'"),
    (lambda d: d["architecture"].update(nin=2.5), "'nin' must be a positive int"),
    (lambda d: d["architecture"].update(_fan_out=5), r"keys a file may not set: \['_fan_out'\]"),
    (lambda d: d["architecture"].update(weights=[[[1, 2]]]),
     r"keys a file may not set: \['weights'\]"),
    (lambda d: d.update(version=2), "format version 2; this version of seegrad reads version 1"),
    (lambda d: d.update(version="1"), "format version '1'"),
])
def test_a_file_is_checked_before_its_model_is_built(tmp_path, change, message):
    path = saved(tmp_path, change)
    with pytest.raises(ValueError, match=message) as info:
        nn.load(path)
    assert str(path) in str(info.value)


def test_a_file_of_zeros_cannot_make_a_model_beyond_the_cap(tmp_path):
    """An 8 MB file of zeros once built 4 million Parameters (2.2 GB, 73 s): the count its
    architecture names is capped, and the file's size with it."""
    from nn.files.saved import MAX_BYTES, MAX_PARAMETERS
    count = 4_000_000
    architecture = {"class": "MLP", "nin": 1999, "nouts": [2000], "activation": "tanh",
                    "output_activation": None, "bias": True}
    assert MLP.parameter_count(1999, [2000]) == count
    path = tmp_path / "zeros.json"
    path.write_text(json.dumps({"format": "seegrad-model", "version": 1,
                                "architecture": architecture,
                                "state": {"all": [0] * count}}))
    assert path.stat().st_size < MAX_BYTES
    with pytest.raises(ValueError, match=f"4,000,000 parameters, more than a file may build "
                                         f"\\({MAX_PARAMETERS:,}\\)"):
        nn.load(path)
    assert MAX_PARAMETERS * 25 < MAX_BYTES <= 16 * 2**20


@pytest.mark.parametrize("number, shown", [("1e400", "1e400"), ("-1e999", "-1e999"),
                                           ("1" + "0" * 400, "1000000000")])
def test_numbers_too_large_for_a_float_are_refused_naming_the_file(tmp_path, number, shown):
    def big_first_weight(data):
        data["state"]["layers.0.neurons.0.w"][0] = "BIG"
    path = saved(tmp_path, big_first_weight, state=lambda text: text.replace('"BIG"', number))
    model = MLP(2, [1], seed=0)
    for load in (nn.load, model.load):
        with pytest.raises(ValueError, match=f"{shown}.*not a finite number") as info:
            load(path)
        assert str(path) in str(info.value)


def test_a_special_file_is_refused_without_blocking(tmp_path):
    import threading
    fifo = tmp_path / "model.json"
    os.mkfifo(fifo)
    outcome = []

    def load():
        try:
            nn.load(fifo)
        except ValueError as e:
            outcome.append(str(e))
    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():                       # it blocked: let it go, and fail
        with open(fifo, "w"):
            pass
        pytest.fail("nn.load blocked on a FIFO")
    assert outcome and "not a regular file" in outcome[0] and str(fifo) in outcome[0]
    with pytest.raises(ValueError, match="not a regular file"):
        nn.load(tmp_path)                       # a folder


def test_save_gives_a_new_file_the_mode_a_plain_write_would(tmp_path):
    mask = os.umask(0o027)
    try:
        MLP(2, [1], seed=0).save(tmp_path / "new.json")
        (tmp_path / "plain.txt").write_text("x")
    finally:
        os.umask(mask)
    assert os.stat(tmp_path / "new.json").st_mode & 0o777 == \
        os.stat(tmp_path / "plain.txt").st_mode & 0o777 == 0o640


def test_save_keeps_an_existing_files_mode_and_writes_through_a_symlink(tmp_path):
    target = tmp_path / "models" / "m.json"
    target.parent.mkdir()
    MLP(2, [1], seed=0).save(target)
    os.chmod(target, 0o604)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    model = MLP(2, [1], seed=5)
    model.save(link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert os.stat(target).st_mode & 0o777 == 0o604
    assert weights(nn.load(target)) == weights(model)
    assert sorted(os.listdir(target.parent)) == ["m.json"]


def test_a_model_with_a_weight_that_is_not_finite_is_not_saved_and_says_which(tmp_path):
    model = MLP(2, [3, 1], seed=0)
    model.layers[1].neurons[0].w[2].data = float("nan")
    with pytest.raises(ValueError, match=r"m.json was not written: the model's "
                                         r"layers.1.neurons.0.w\[2\] is nan"):
        model.save(tmp_path / "m.json")
    assert os.listdir(tmp_path) == []
