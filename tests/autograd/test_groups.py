"""Groups of a graph: name scopes while it is built (`autograd.group`), nn's own (a model call
is a sample, holding a layer per layer and a neuron per neuron; a loss call is a loss), and
what each group shows (`autograd.groups(root).aggregate`), held to a backpropagation written
out with NumPy, the tutorials' way."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, group, groups
from nn import MLP, mse_loss
from nn.arrays import to_numpy


def test_a_learners_groups_nest_and_are_named_by_their_paths():
    x, w = Value(0.5, label="x"), Value(-1.5, label="w")
    with group("block", kind="attention"):
        with group("head"):
            a = (w * x).tanh()
        with group("head"):
            b = (w + x).sigmoid()
        c = a * b
    loss = (c - 1.0) ** 2
    loss.backward()
    found = groups(loss)
    assert found.list() == [
        {"name": "block", "parent": None, "kind": "attention", "size": 5},
        {"name": "block/head[0]", "parent": "block", "kind": "group", "size": 2},
        {"name": "block/head[1]", "parent": "block", "kind": "group", "size": 2}]
    shown = found.aggregate("block/head[0]")
    assert shown["value"] == a.data and shown["grad"] == a.grad
    # a graph built by hand has no Parameters: its leaves are what the norm is over
    assert shown["gradNorm"] == math.hypot(w.grad, x.grad)
    assert shown["maxAbsGradName"] == ("w" if abs(w.grad) >= abs(x.grad) else "x")
    with pytest.raises(KeyError, match="no group 'nothing'"):
        found.aggregate("nothing")
    with pytest.raises(TypeError, match="non-empty str"):
        with group(""):
            pass


def _batch(model, X, targets):
    losses = [mse_loss(model(x), t) for x, t in zip(X, targets)]
    total = losses[0]
    for term in losses[1:]:
        total = total + term
    return total / len(losses)


def test_nn_names_samples_layers_neurons_and_losses():
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
    rng = np.random.default_rng(0)
    loss = _batch(model, rng.normal(size=(100, 2)).tolist(), [[1.0]] * 100)
    listed = groups(loss).list()
    named = [g for g in listed if g["kind"] not in ("sum", "run")]
    assert len(named) == 100 * (1 + 3 + 33) + 100
    # a hundred samples and a hundred losses show in runs of REPEATS (50)
    top = [g["name"] for g in listed if g["parent"] is None]
    assert top == ["sample[0:50]", "loss[0:50]", "sample[50:100]", "loss[50:100]", "Σ100"]
    parents = {g["name"]: g["parent"] for g in listed}
    assert parents["sample[0]"] == "sample[0:50]" and parents["loss[99]"] == "loss[50:100]"
    assert {g["kind"] for g in listed} == {"sample", "layer", "neuron", "loss", "sum", "run"}
    # long sums fold: the batch's total, and each neuron's running sum of 17 terms
    sums = [g for g in listed if g["kind"] == "sum"]
    assert {"name": "Σ100", "parent": None, "kind": "sum", "size": 99} in sums
    assert {"name": "sample[3]/layer2/n2[0]/Σ17", "parent": "sample[3]/layer2/n2[0]",
            "kind": "sum", "size": 16} in sums
    assert len(sums) == 1 + 100 * 17
    layers = [g for g in listed if g["parent"] == "sample[17]"]
    assert [g["name"] for g in layers] == [f"sample[17]/layer{i}" for i in (1, 2, 3)]
    neuron = next(g for g in listed if g["name"] == "sample[17]/layer2/n2[5]")
    assert neuron["kind"] == "neuron" and neuron["size"] == 16 + 16 + 1   # w*h, +, relu
    one = mse_loss(model([0.5, 0.5]), [1.0])
    assert [g["name"] for g in groups(one).list() if g["parent"] is None] == ["sample", "loss"]


ACTIVATIONS = {"tanh": (np.tanh, lambda a: 1 - a * a),
               "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda a: a * (1 - a)),
               "relu": (lambda z: np.maximum(z, 0), lambda a: (a > 0).astype(float))}


def _numpy_backprop(model, X, T, activation, output):
    """Every neuron's output a and dL/da per sample, and dL/dW, dL/db per layer, for the mean
    of 0.5 (y - t)^2 over the rows: backpropagation written out with arrays."""
    layers = to_numpy(model)
    acts = [ACTIVATIONS[activation]] * (len(layers) - 1) + [ACTIVATIONS[output]]
    outs = [np.asarray(X, dtype=float)]
    for (W, b, _), (f, _) in zip(layers, acts):
        outs.append(f(outs[-1] @ W.T + b))
    deltas = [None] * len(layers)
    grad_a = (outs[-1] - np.asarray(T)) / len(X)
    grads = [None] * len(layers)
    for k in reversed(range(len(layers))):
        deltas[k] = grad_a
        dz = grad_a * acts[k][1](outs[k + 1])
        grads[k] = (dz.T @ outs[k], dz.sum(axis=0))
        grad_a = dz @ layers[k][0]
    return outs[1:], deltas, grads


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=2), st.sampled_from(list(ACTIVATIONS)),
       st.sampled_from(["sigmoid", "tanh"]), st.integers(0, 10_000), st.integers(1, 4))
def test_every_neurons_aggregate_is_the_backpropagation_written_out(hidden, activation, output,
                                                                   seed, rows):
    model = MLP(2, hidden + [1], activation=activation, output_activation=output, seed=seed)
    rng = np.random.default_rng(seed)
    X, T = rng.normal(size=(rows, 2)), rng.uniform(size=(rows, 1))
    loss = _batch(model, X.tolist(), T.tolist())
    loss.backward()
    found = groups(loss)
    outs, deltas, grads = _numpy_backprop(model, X, T, activation, output)
    acts = [activation] * len(hidden) + [output]
    for s in range(rows):
        sample = f"sample[{s}]" if rows > 1 else "sample"
        for k, layer in enumerate(model.layers):
            for j, neuron in enumerate(layer.neurons):
                shown = found.aggregate(f"{sample}/layer{k + 1}/{neuron.name}")
                assert shown["value"] == pytest.approx(outs[k][s, j], rel=1e-12, abs=1e-12)
                assert shown["grad"] == pytest.approx(deltas[k][s, j], rel=1e-9, abs=1e-12)
                theta = np.r_[grads[k][0][j], grads[k][1][j]]
                assert shown["gradNorm"] == pytest.approx(np.linalg.norm(theta), rel=1e-9,
                                                          abs=1e-12)
                assert shown["maxAbsGrad"] == pytest.approx(np.abs(theta).max(), rel=1e-9,
                                                            abs=1e-12)
                slope = ACTIVATIONS[acts[k]][1](outs[k][s, j])
                assert shown["saturated"] == int(abs(slope) < 0.01)


@pytest.mark.parametrize("level", ["sample", "layer", "neuron", "loss"])
def test_a_level_closes_its_groups_into_boxes_and_counts_the_edges_between(level):
    model = MLP(2, [3, 2, 1], activation="tanh", output_activation="sigmoid", seed=1)
    rng = np.random.default_rng(1)
    loss = _batch(model, rng.normal(size=(4, 2)).tolist(), [[1.0]] * 4)
    found = groups(loss)
    seen = found.boxes(level)
    kinds = [b["kind"] for b in seen["boxes"]]
    expected = {"sample": 4, "layer": 4 * 3, "neuron": 4 * 6, "loss": 4}[level]
    assert kinds.count(level if level != "loss" else "sample") == expected
    assert kinds.count("loss") == 4
    # every edge of the graph is inside one box or counted once between two
    from autograd.graph import creation_order
    order = creation_order(loss)
    edges = sum(len(set(n.parents)) for n in order)
    members = {b["id"]: b["size"] for b in seen["boxes"]}
    assert sum(c for _, _, c in seen["edges"]) <= edges
    assert sum(members.values()) == len(order)
    with pytest.raises(ValueError, match="no group of kind 'head'"):
        found.boxes("head")


def test_runs_of_runs_fold_thousands_of_siblings():
    a = Value(1.0, label="a")
    with group("big"):
        outs = []
        for i in range(3000):
            with group("cell"):
                outs.append(a * float(i))
    total = outs[0]
    for term in outs[1:]:
        total = total + term
    listed = groups(total).list()
    runs = [g for g in listed if g["kind"] == "run" and "/cell[" in g["name"]]
    assert [g["name"] for g in runs if g["parent"] == "big"] == ["big/cell[0:2500]",
                                                                 "big/cell[2500:3000]"]
    assert len(runs) == 2 + 60
    assert {g["parent"] for g in listed if g["name"].endswith("cell[2999]")} == {
        "big/cell[2950:3000]"}
    assert max(sum(g["parent"] == p["name"] for g in listed) for p in listed) <= 50


def test_the_ops_of_a_graph_built_by_hand_fold_in_runs_where_they_are_many():
    """No groups of the learner's: 150 products and the sum of them (149 additions) are runs
    of 50 ops in the order made, at the top and inside the Σ; 60 ops or fewer stay as they
    are."""
    x = Value(1.0, label="x")
    products = [x * float(i) for i in range(150)]
    total = products[0]
    for term in products[1:]:
        total = total + term
    listed = groups(total).list()
    top = [g["name"] for g in listed if g["parent"] is None]
    assert top == ["Σ150", "ops[0:50]", "ops[50:100]", "ops[100:150]"]
    inside = [g for g in listed if g["parent"] == "Σ150"]
    assert [g["name"] for g in inside] == ["Σ150/ops[0:50]", "Σ150/ops[50:100]",
                                           "Σ150/ops[100:149]"]
    assert {g["kind"] for g in inside} == {"run"} and sum(g["size"] for g in inside) == 149
    few = sum([x * float(i) for i in range(20)])
    assert all(g["kind"] == "sum" for g in groups(few).list())


def test_render_draws_a_big_graph_at_the_level_asked(tmp_path):
    """A batch of 100 through 2-16-16-1 (65,000 nodes, far over what draw_dot takes) drawn at
    neuron level: a box per neuron per sample, each sample's inputs and the shared parameters
    inside the boxes; one sample at layer level: four boxes, the edges between counted."""
    import re

    from autograd import render
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
    rng = np.random.default_rng(0)
    one = mse_loss(model([0.3, -0.2]), [1.0])
    one.backward()
    source = open(render(one, str(tmp_path / "one.dot"), level="layer")).read()
    assert re.findall(r'label="(layer\d|loss) \(', source) == ["layer1", "layer2", "layer3",
                                                                 "loss"]
    assert 'label="×256"' in source and 'label="×16"' in source
    shown = groups(one).aggregate("sample/layer3")
    assert f"{shown['value']:.4g} | δ {shown['grad']:.4g}" in source
    assert f"‖∇θ‖ {shown['gradNorm']:.3g}" in source
    batch = _batch(model, rng.normal(size=(100, 2)).tolist(), [[1.0]] * 100)
    batch.backward()
    source = open(render(batch, str(tmp_path / "batch.dot"), level="neuron")).read()
    assert source.count("(neuron)") == 100 * 33 and source.count("(loss)") == 100
    assert "Σ100 (sum)" in source
    assert render(batch, str(tmp_path / "batch.svg"), level="neuron").endswith(".svg")
    with pytest.raises(ValueError, match="no group of kind 'head'.*layer, loss, neuron"):
        render(one, str(tmp_path / "x.svg"), level="head")
