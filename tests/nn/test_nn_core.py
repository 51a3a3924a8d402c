"""nn: modules, losses and SGD against the contract and hand-computed values."""

import json
import math

import pytest

from autograd import Value
from nn import MLP, SGD, Layer, Neuron, binary_cross_entropy, cross_entropy, hinge_loss, mse_loss
from nn import softmax


def test_shapes_counts_and_repr():
    model = MLP(2, [2, 1], activation="sigmoid", seed=0)
    assert len(model.parameters()) == 9
    assert repr(model) == "MLP(2 -> 2 sigmoid -> 1 sigmoid, 9 parameters)"
    assert isinstance(model([0.0, 1.0]), Value)
    assert len(MLP(3, [4, 2])([1.0, 2.0, 3.0])) == 2
    assert len(Layer(3, 4, bias=False).parameters()) == 12
    assert len(Neuron(5).parameters()) == 6


def test_same_seed_same_weights():
    a, b = MLP(3, [4, 1], seed=7), MLP(3, [4, 1], seed=7)
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    assert [p.data for p in MLP(3, [4, 1], seed=8).parameters()] != [p.data for p in a.parameters()]


def test_activations():
    with pytest.raises(ValueError, match="known: (?=.*sigmoid)(?=.*tanh)(?=.*relu)(?=.*linear)"):
        MLP(2, [1], activation="softplus")
    model = MLP(1, [1], activation="relu", output_activation="linear", seed=0)
    assert model.layers[0].neurons[0].activation == "linear"


def test_inputs_floats_values_numpy_and_wrong_length():
    np = pytest.importorskip("numpy")
    model = MLP(2, [1], seed=0)
    expected = model([0.5, -1.0]).data
    assert model([Value(0.5), Value(-1.0)]).data == expected
    assert model(np.array([0.5, -1.0])).data == expected
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        model([1.0, 2.0, 3.0])


def test_state_dict_round_trip_through_json(tmp_path):
    model = MLP(2, [3, 1], seed=1)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.state_dict()))
    other = MLP(2, [3, 1], seed=2)
    other.load_state_dict(json.loads(path.read_text()))
    assert [p.data for p in other.parameters()] == [p.data for p in model.parameters()]


@pytest.mark.parametrize("change", [
    lambda d: d.pop(next(iter(d))),
    lambda d: d.update({"extra": [1.0]}),
    lambda d: d.update({next(iter(d)): [1.0]}),
])
def test_bad_state_dict_raises_and_changes_nothing(change):
    model = MLP(2, [3, 1], seed=1)
    before = [p.data for p in model.parameters()]
    state = MLP(2, [3, 1], seed=5).state_dict()
    change(state)
    with pytest.raises(ValueError):
        model.load_state_dict(state)
    assert [p.data for p in model.parameters()] == before
    with pytest.raises(ValueError):
        model.load_state_dict(MLP(2, [4, 1]).state_dict())


def test_losses_against_hand_computed_values():
    p = [Value(0.8), Value(0.3)]
    assert mse_loss(p, [1.0, 0.0]).data == pytest.approx(0.5 * (0.04 + 0.09))
    assert binary_cross_entropy(p, [1.0, 0.0]).data == pytest.approx(
        -(math.log(0.8) + math.log(0.7)) / 2)
    logits = [Value(1.0), Value(2.0), Value(0.5)]
    lse = math.log(math.exp(1.0) + math.exp(2.0) + math.exp(0.5))
    assert cross_entropy(logits, 1).data == pytest.approx(lse - 2.0)
    assert hinge_loss([Value(0.5), Value(-2.0)], [1, 1]).data == pytest.approx((0.5 + 3.0) / 2)
    assert sum(s.data for s in softmax(logits)) == pytest.approx(1.0)


def test_stable_for_huge_logits():
    logits = [Value(1000.0), Value(-1000.0)]
    assert cross_entropy(logits, 0).data == pytest.approx(0.0)
    assert cross_entropy(logits, 1).data == pytest.approx(2000.0)
    assert [s.data for s in softmax(logits)] == [1.0, 0.0]


def test_loss_argument_errors():
    with pytest.raises(ValueError, match="2 predictions but 1 targets"):
        mse_loss([Value(1.0), Value(2.0)], [1.0])
    with pytest.raises(ValueError, match="-1 or \\+1"):
        hinge_loss([Value(1.0)], [0])
    with pytest.raises(ValueError, match="label_index"):
        cross_entropy([Value(1.0)], 3)


def test_sgd_follows_pytorchs_rule():
    p = Value(1.0)
    opt = SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01)
    p.grad = 0.5
    opt.step()                       # buf = 0.5 + 0.01 * 1.0 = 0.51
    assert p.data == pytest.approx(1.0 - 0.1 * 0.51)
    p.grad = 0.5
    opt.step()                       # buf = 0.9 * 0.51 + (0.5 + 0.01 * p)
    assert p.data == pytest.approx(0.949 - 0.1 * (0.9 * 0.51 + 0.5 + 0.01 * 0.949))
    opt.zero_grad()
    assert p.grad == 0.0


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
