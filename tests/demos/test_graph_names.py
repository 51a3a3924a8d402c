"""Every demo's graph has one name per node: no two records in its DOT are called alike."""

import re
from collections import Counter

import pytest

from autograd import Value, draw_dot
from demos import batch_vs_stochastic, expression, forward_pass
from nn import MLP, cross_entropy, mse_loss


def forward_pass_graph():
    model = forward_pass.build()
    x = [Value(v, label=name) for v, name in zip(forward_pass.INPUT, ("x1", "x2", "bias"))]
    return mse_loss([model(x)], [forward_pass.TARGET]), model


def sample_loss(model, x, target, loss=mse_loss):
    return loss(model(x), target), model


GRAPHS = {
    "forward_pass": forward_pass_graph,
    "expression": lambda: (expression.build()[2], None),
    "xor": lambda: sample_loss(MLP(2, [2, 1], activation="sigmoid", seed=0), [0.0, 1.0], [1.0]),
    "single_layer": lambda: sample_loss(
        MLP(3, [4, 1], activation="sigmoid", bias=False, seed=1), [0.0, 1.0, 1.0], [1.0]),
    "batch_vs_stochastic": lambda: sample_loss(batch_vs_stochastic.network(1),
                                               batch_vs_stochastic.X[0], [1.0]),
    "moons": lambda: sample_loss(MLP(2, [10, 2], activation="tanh", output_activation="linear",
                                     seed=0), [0.3, -0.2], 1, cross_entropy),
    "digits": lambda: sample_loss(MLP(64, [32, 16, 10], activation="sigmoid", seed=0),
                                  [0.5] * 64, [0.0] * 9 + [1.0]),
}


def record_names(source):
    return re.findall(r'\[label="(?:\{ )?((?:[^|"\\]|\\.)+?) \| data', source)


@pytest.mark.parametrize("demo", GRAPHS)
def test_names_in_the_dot_are_unique(demo):
    root, model = GRAPHS[demo]()
    source = draw_dot(root, params=model, max_nodes=100_000).source
    names = record_names(source)
    assert len(names) > 5
    repeated = [name for name, count in Counter(names).items() if count > 1]
    assert repeated == [], f"{demo}: {repeated[:5]}"


def test_record_names_finds_a_repeated_name():
    a, b = Value(1.0, label="x"), Value(2.0, label="x")
    names = record_names(draw_dot(a * b).source)
    assert names == ["x", "x#2", "#1"]
