"""The playground builds an MLP and its loss in JavaScript (nn/js/model_graph.js) when the
learner reshapes the network; these tests hold it to the program Python makes for the same
model, node for node (op, operands, kind and every constant), and to MLP's own starting
weights, so a reshaped network still trains with fit's numbers."""

import numpy as np
import pytest

from nn import MLP, SGD
from nn.browser_training import training_spec

from . import node

CASES = [  # sizes, hidden activation, output activation, loss, bias
    ([2, 3, 1], "tanh", "sigmoid", "mse", True),
    ([2, 4, 4, 1], "relu", "sigmoid", "bce", True),
    ([2, 5, 1], "sigmoid", "linear", "mse", False),
    ([2, 4, 2], "tanh", "linear", "cross_entropy", True),
    ([2, 3, 3, 3], "relu", "linear", "cross_entropy", True),
]


@pytest.mark.parametrize("sizes, activation, output, loss, bias", CASES)
def test_the_javascript_graph_is_pythons_node_for_node(js, sizes, activation, output, loss,
                                                      bias):
    model = MLP(sizes[0], sizes[1:], activation=activation, output_activation=output,
                bias=bias, seed=4)
    X = [[0.3, -0.7], [0.9, 0.1], [-0.2, 0.5]]
    y = [0, 1, 2][:3] if sizes[-1] == 3 else [0, 1, 1]
    spec = training_spec(model, X, y, loss=loss, optimizer=SGD(model.parameters(), lr=0.1))
    asks, expected = [], []
    for key, template in spec["templates"].items():
        asks.append({"sizes": sizes, "activation": activation, "outputActivation": output,
                     "bias": bias, "loss": loss, "params": spec["params"], "x0": X[0],
                     "t0": spec["targets"][0] if loss != "cross_entropy" else [],
                     "label": 0 if key == "all" else int(key)})
        expected.append(template)
    for got, want in zip(node.ask(js, "template", asks), expected):
        assert got["params"] == want["params"] and got["inputs"] == want["inputs"]
        assert got["targets"] == want["targets"]
        strip = [{k: v for k, v in n.items() if k != "name"} for n in want["nodes"]]
        assert got["nodes"] == strip


@pytest.mark.parametrize("sizes, bias, seed", [([2, 3, 1], True, 0), ([2, 8, 8, 1], True, 5),
                                               ([3, 4, 2], False, 11)])
def test_the_starting_weights_are_mlps(js, sizes, bias, seed):
    got = node.ask(js, "weights", [{"sizes": sizes, "bias": bias, "seed": seed}])[0]
    model = MLP(sizes[0], sizes[1:], bias=bias, seed=seed)
    np.testing.assert_array_equal(got, [p.data for p in model.parameters()])
