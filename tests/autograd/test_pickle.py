"""Graphs and models carried to another process (pickle, multiprocessing) or copied (deepcopy):
they must order correctly with every node built afterwards, whatever the depth."""

import copy
import os
import pickle
import subprocess
import sys

import pytest

from autograd import Parameter, Value, grad, topological_order

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def chain(depth: int):
    x = Value(0.5, label="x")
    y = x
    for _ in range(depth):
        y = y * 1.0001 + 0.001
    return x, y


@pytest.mark.parametrize("copier", ["pickle", "deepcopy"])
def test_deep_graphs_pickle_and_copy(copier):
    x, y = chain(3000)
    clone = pickle.loads(pickle.dumps(y)) if copier == "pickle" else copy.deepcopy(y)
    leaves = [n for n in topological_order(clone) if n.label == "x"]
    assert clone.data == y.data
    assert grad(clone, leaves) == grad(y, [x])


def test_unpickled_nodes_are_numbered_as_if_built_now():
    x, y = chain(5)
    clone = pickle.loads(pickle.dumps(y))
    later = Value(1.0)
    order = topological_order(clone)
    assert all(n.number < later.number for n in order)
    # operands before results, whatever numbers they had in the process that pickled them
    assert all(p.number < n.number for n in order for p in n.parents)


def test_sharing_survives_a_pickle_of_several_objects():
    w = Parameter(0.5, label="w")
    hidden = (w * 2.0).tanh()
    loss = hidden * hidden + w
    w2, hidden2, loss2 = pickle.loads(pickle.dumps([w, hidden, loss]))
    loss2.backward()
    loss.backward()
    assert w2.grad == w.grad and hidden2.grad == hidden.grad != 0.0


# In a fresh interpreter the creation counter starts again at 0: nodes built there must still
# come after the unpickled ones, or backward seeds the wrong node and grad gets a TypeError.
FRESH = """
import pickle, sys
from autograd import grad
from nn import fit, mse_loss
model, y, x = pickle.load(open(sys.argv[1], "rb"))
z = y * x.tanh() + x                  # built here, from unpickled nodes
z.backward()
print(repr(x.grad), repr(grad(z, [x])[0]))
X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
history = fit(model, X, [0, 1, 1, 0], optimizer="sgd", lr=0.5, epochs=200, seed=0,
              engine="scalar", progress=False)
print(repr(history.loss[-1]))
"""


def test_a_pickled_model_and_graph_train_the_same_in_a_fresh_process(tmp_path):
    from nn import MLP, fit
    model = MLP(2, [3, 1], activation="tanh", seed=1)
    x = Value(0.7, label="x")
    y = (x * 3.0).exp()
    path = tmp_path / "state.pkl"
    with open(path, "wb") as f:
        pickle.dump((model, y, x), f)
    done = subprocess.run([sys.executable, "-c", FRESH, str(path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    z = y * x.tanh() + x
    z.backward()
    assert lines[0] == f"{x.grad!r} {grad(z, [x])[0]!r}"
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    history = fit(model, X, [0, 1, 1, 0], optimizer="sgd", lr=0.5, epochs=200, seed=0,
                  engine="scalar", progress=False)
    assert float(lines[1]) == pytest.approx(history.loss[-1], rel=1e-12, abs=1e-15)
