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


def test_the_worked_example_is_named_as_the_example_names_it():
    """Notebook 01 and the forward_pass demo: the example's names (w11, v1, h1, net_h1, out)
    and, for the steps it leaves unnamed, #1, #2, ...: nothing else, and no v4 beside v1..v3."""
    import re

    from autograd import explain
    from demos.forward_pass import TARGET, build, forward
    from nn import mse_loss
    model = build()
    _, hidden, y = forward(model)
    loss = mse_loss([y], [TARGET])
    loss.label = "loss"
    rows = [line for line in explain(loss).splitlines() if line[:4].strip().isdigit()]
    names = {line[26:34].strip() for line in rows}                  # the operand column
    names |= {line[6:24].split(" = ")[0] for line in rows if " = " in line[6:24]}
    named = {"loss", "out", "net_out", "h1", "h2", "h3", "net_h1", "net_h2", "net_h3",
             "x1", "x2", "bias", "v1", "v2", "v3"} | {f"w{i}{j}" for i in (1, 2, 3)
                                                        for j in (1, 2, 3)}
    assert all(n in named or re.fullmatch(r"#\d+", n) for n in names), names
    assert {"h1", "v1", "net_out", "w11"} <= names
