"""The page builds a sample's graph by joining the programs Python traced
(nn/browser/js/compose.js), and builds a network the learner reshapes from MLP's declared parts
(nn/browser/js/mlp.js). These tests hold both to the graph Python makes for the same model, node
for node (op, operands, kind and every constant), and to MLP's own starting weights, names and file
keys, so what the page trains is what fit trains."""

import numpy as np
import pytest

from autograd.graph import creation_order
from autograd.live.program import program
from nn import MLP, SGD
from nn.arrays import Layout
from nn.browser.spec import sample_graph, training_spec
from nn.training.data import task
from nn.browser.traced import mlp_parts

from ..own_models import TwoPaths, hinge
from . import node

CASES = [  # sizes, hidden activation, output activation, loss, bias
    ([2, 3, 1], "tanh", "sigmoid", "mse", True),
    ([2, 4, 4, 1], "relu", "sigmoid", "bce", True),
    ([2, 5, 1], "sigmoid", "linear", "mse", False),
    ([2, 4, 2], "tanh", "linear", "cross_entropy", True),
    ([2, 3, 3, 3], "relu", "linear", "cross_entropy", True),
]
X = [[0.3, -0.7], [0.9, 0.1], [-0.2, 0.5]]


def _strip(nodes):
    """A program's nodes less what the page fills in (names, and a leaf's data)."""
    return [{k: v for k, v in n.items() if k != "name" and not (k == "data" and n["kind"] ==
                                                                  "leaf")} for n in nodes]


def _python_template(model, loss, label):
    """Python's graph of row 0's loss (of class `label`), as a program with where its
    parameters, inputs and targets are."""
    data = task(model, X, [0, 1, 2] if label is not None and model(X[0]).__len__() == 3
                else [0, 1, 1], loss, "test")
    root, inputs, targets = sample_graph(model, data, label)
    index = {id(n): i for i, n in enumerate(creation_order(root))}
    return {"nodes": program(root)["nodes"],
            "params": [index.get(id(p), -1) for p in model.parameters()],
            "inputs": [index.get(id(x), -1) for x in inputs],
            "targets": [index.get(id(t), -1) for t in targets]}


def _models():
    for sizes, activation, output, loss, bias in CASES:
        yield (MLP(sizes[0], sizes[1:], activation=activation, output_activation=output,
                   bias=bias, seed=4), loss)
    yield TwoPaths(3, 2), "mse"
    yield TwoPaths(3, 2), hinge


@pytest.mark.parametrize("model, loss", list(_models()))
def test_a_samples_graph_joined_on_the_page_is_pythons_node_for_node(js, model, loss):
    y = [0, 1, 2] if loss == "cross_entropy" and len(model(X[0])) == 3 else [0, 1, 1]
    spec = training_spec(model, X, y, loss=loss, optimizer=SGD(model.parameters(), lr=0.1))
    asks, expected = [], []
    for key, loss_program in spec["lossPrograms"][spec["lossName"]].items():
        asks.append({"model": spec["model"], "loss": loss_program})
        expected.append(_python_template(model, loss, None if key == "all" else int(key)))
    for got, want in zip(node.ask(js, "template", asks), expected):
        assert got["params"] == want["params"] and got["inputs"] == want["inputs"]
        assert got["targets"] == want["targets"]
        assert _strip(got["nodes"]) == _strip(want["nodes"])


@pytest.mark.parametrize("sizes, activations, bias, seed", [
    ([2, 3, 1], ["tanh", "sigmoid"], True, 0), ([2, 8, 8, 1], ["relu", "tanh", "linear"], True, 5),
    ([3, 4, 2], ["sigmoid", "linear"], False, 11), ([2, 3, 5, 1], ["relu", "relu", "sigmoid"],
                                                     True, 7)])
def test_a_network_reshaped_on_the_page_is_mlps(js, sizes, activations, bias, seed):
    """Its starting weights, its graph from inputs to outputs (each neuron's output where
    Python's is), its parameters' and neurons' names and its file's keys."""
    got = node.ask(js, "mlp", [{"parts": mlp_parts(), "sizes": sizes,
                                "activations": activations, "bias": bias, "seed": seed}])[0]
    model = MLP(sizes[0], sizes[1:], activation=activations[:-1], output_activation=activations[-1],
                bias=bias, seed=seed)
    np.testing.assert_array_equal(got["params"], [p.data for p in model.parameters()])
    from nn.browser.traced import model_program
    want = model_program(model, sizes[0])
    assert _strip(got["model"]["nodes"]) == _strip(want["nodes"])
    for key in ("params", "inputs", "roots", "neurons"):
        assert got["model"][key] == want[key], key
    assert got["paramNames"] == [p.label for p in model.parameters()]
    assert got["neuronNames"] == Layout(model).names
    assert got["keys"] == [[k, len(v)] for k, v in model.state_dict().items()]


@pytest.mark.parametrize("sizes, activations, bias", [
    ([2, 16, 16, 1], ["relu", "relu", "sigmoid"], True), ([2, 4, 3], ["tanh", "linear"], False),
    ([3, 5, 1], ["sigmoid", "linear"], True)])
def test_a_model_over_many_points_is_the_scalar_engine_at_each_point(js, sizes, activations,
                                                                     bias):
    """The page runs its model over a plane's points (engine.js's forwardEach), each neuron's
    term w * x computed inside its sum's loop where only the sum reads it: every output and
    every neuron's value at every point is Python's model at that point, to the bit, and the
    same as with every product kept."""
    from nn.browser.traced import model_program
    model = MLP(sizes[0], sizes[1:], activation=activations[:-1],
                output_activation=activations[-1], bias=bias, seed=3)
    traced = model_program(model, sizes[0])
    points = np.random.RandomState(0).uniform(-3, 3, (23, sizes[0]))
    columns = {i: p.data for i, p in zip(traced["params"], model.parameters()) if i >= 0}
    columns.update({i: points[:, k].tolist() for k, i in enumerate(traced["inputs"])})
    wanted = traced["roots"] + [i for column in traced["neurons"] for i in column]
    got = node.ask(js, "each", [{"program": {"nodes": traced["nodes"]}, "columns": columns,
                                 "n": len(points), "wanted": wanted}])[0]
    assert all(fused == whole for fused, whole in got)
    for k, point in enumerate(points):
        outputs = model(point.tolist())
        outputs = outputs if isinstance(outputs, list) else [outputs]
        expected = [o.data for o in outputs]
        assert [float(fused[k]) for fused, _ in got[:len(expected)]] == expected
