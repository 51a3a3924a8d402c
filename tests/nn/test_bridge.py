"""The bridge to PyTorch: to_torch and from_torch keep every weight and every output. Needs
torch (pip install torch==2.13.0 here); skipped without it, except in CI, which installs it."""

import os

import numpy as np
import pytest

from nn import MLP, from_torch, to_numpy, to_torch

if os.environ.get("CI") == "true":
    import torch                       # CI installs it: a missing torch is a failure there
else:
    torch = pytest.importorskip("torch")


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("output", [None, "linear", "sigmoid"])
def test_outputs_equal_ours_to_1e12(activation, output):
    model = MLP(3, [5, 4, 2], activation=activation, output_activation=output, seed=7)
    seq = to_torch(model)
    assert all(p.dtype == torch.float64 for p in seq.parameters())
    X = np.random.RandomState(0).randn(20, 3) * 2
    theirs = seq(torch.from_numpy(X)).detach().numpy()
    ours = np.array([[v.data for v in model(list(x))] for x in X])
    np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-12)


def test_the_layout_is_pytorchs():
    model = MLP(2, [3, 1], seed=1)
    seq = to_torch(model)
    first = model.layers[0].neurons
    assert seq[0].weight[2, 1].item() == first[2].w[1].data        # w1[2,1] is weight[2, 1]
    assert seq[0].bias[2].item() == first[2].b.data
    assert [type(m).__name__ for m in seq] == ["Linear", "Tanh", "Linear", "Tanh"]
    assert isinstance(to_torch(MLP(2, [1], activation="linear")), torch.nn.Sequential)
    assert len(to_torch(MLP(2, [1], activation="linear"))) == 1


def test_there_and_back_keeps_every_weight():
    for kwargs in ({"activation": "relu", "output_activation": "linear"},
                   {"activation": "sigmoid", "bias": False},
                   {"activation": ["tanh", "relu"]}):         # one per hidden layer
        model = MLP(4, [6, 5, 3], seed=2, **kwargs)
        back = from_torch(to_torch(model))
        assert back.architecture() == model.architecture()
        assert [p.data for p in back.parameters()] == [p.data for p in model.parameters()]


def test_from_torch_reads_a_model_trained_there():
    torch.manual_seed(0)
    seq = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1),
                              torch.nn.Identity())
    model = from_torch(seq)
    assert repr(model) == "MLP(2 -> 8 relu -> 1 linear, 33 parameters)"
    X = np.random.RandomState(1).rand(5, 2)
    theirs = seq.double()(torch.from_numpy(X)).detach().numpy()[:, 0]
    np.testing.assert_allclose([model(list(x)).data for x in X], theirs, atol=1e-7)


@pytest.mark.parametrize("modules, message", [
    (lambda: [torch.nn.Linear(2, 3), torch.nn.Dropout(0.5), torch.nn.Linear(3, 1)],
     "module 1 is a Dropout"),
    (lambda: [torch.nn.Tanh(), torch.nn.Linear(2, 1)], r"module 0 \(Tanh\) does not follow"),
    (lambda: [torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Sigmoid()],
     r"module 2 \(Sigmoid\) does not follow"),
    (lambda: [torch.nn.Linear(2, 3, bias=False), torch.nn.Linear(3, 1)], "some Linear layers"),
    (lambda: [torch.nn.Linear(2, 3), torch.nn.Linear(4, 1)], "3 outputs feeds one with 4"),
    (lambda: [torch.nn.Tanh()] * 0, "no Linear"),
])
def test_what_an_mlp_cannot_express_is_refused(modules, message):
    with pytest.raises(ValueError, match=message):
        from_torch(torch.nn.Sequential(*modules()))
    with pytest.raises(TypeError, match="Sequential"):
        from_torch(torch.nn.Linear(2, 1))


def test_to_numpy_gives_matrices_and_vectors_per_layer():
    model = MLP(3, [4, 2], activation="sigmoid", seed=0)
    layers = to_numpy(model)
    assert [(W.shape, b.shape, a) for W, b, a in layers] == \
        [((4, 3), (4,), "sigmoid"), ((2, 4), (2,), "sigmoid")]
    seq = to_torch(model)
    np.testing.assert_array_equal(layers[1].W, seq[2].weight.detach().numpy())


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_weights_that_are_not_finite_are_refused_naming_where(bad):
    seq = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
    with torch.no_grad():
        seq[2].weight[0, 1] = bad
    with pytest.raises(ValueError, match=rf"from_torch: 2.weight\[0, 1\] is {bad}, not a "
                                         "finite number"):
        from_torch(seq)
