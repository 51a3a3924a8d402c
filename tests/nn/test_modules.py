"""Modules: names, hand-set and named initial weights, state dicts, save and load."""

import json

import pytest

from autograd import Value
from nn import MLP, Layer, Neuron


def test_named_parameters_in_a_fixed_order():
    model = MLP(2, [2, 1], seed=0)
    names = [name for name, _ in model.named_parameters()]
    assert names[:4] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1",
                         "layers.0.neurons.0.b", "layers.0.neurons.1.w.0"]
    assert names[-1] == "layers.1.neurons.0.b" and len(names) == 9
    assert [p for _, p in model.named_parameters()] == model.parameters()
    assert list(model.state_dict()) == ["layers.0.neurons.0.w", "layers.0.neurons.0.b",
                                        "layers.0.neurons.1.w", "layers.0.neurons.1.b",
                                        "layers.1.neurons.0.w", "layers.1.neurons.0.b"]


def test_weights_set_by_hand():
    model = MLP(3, [3, 1], activation="sigmoid", bias=False,
                weights=[[[0.351, 1.076, 1.116], [0.097, -0.165, 0.542],
                          [0.457, -0.165, -0.331]], [[0.383, -0.327, -0.329]]])
    assert [p.data for p in model.parameters()][:3] == [0.351, 1.076, 1.116]
    assert round(model([0, 1, 1]).data, 4) == 0.5065
    biased = Layer(2, 2, weights=[[1, 2], [3, 4]], biases=[0.5, -0.5])
    assert biased.state_dict() == {"neurons.0.w": [1.0, 2.0], "neurons.0.b": [0.5],
                                   "neurons.1.w": [3.0, 4.0], "neurons.1.b": [-0.5]}


@pytest.mark.parametrize("kwargs, message", [
    ({"weights": [[[1.0, 2.0]]]}, "weights should be 3 numbers"),
    ({"weights": [[[1.0, 2.0, 3.0]]] * 2}, "one entry per layer"),
    ({"weights": [[[1, 2, 3], [4, 5, 6]]]}, "one list per neuron"),
    ({"weights": [[["a", 2, 3]]]}, "numbers"),
    ({"biases": [[1.0, 2.0]]}, "biases should be 1 numbers"),
])
def test_hand_set_weights_of_the_wrong_shape(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MLP(3, [1], **kwargs)


def test_named_initialisations():
    def weights(init, nin=100, nout=50):
        return [p.data for p in Layer(nin, nout, init=init, seed=3, bias=False).parameters()]
    uniform, normal, xavier = weights("uniform"), weights("normal"), weights("xavier")
    assert max(map(abs, uniform)) <= 1.0 and max(map(abs, uniform)) > 0.9
    std = (sum(w * w for w in normal) / len(normal)) ** 0.5
    assert std == pytest.approx(1 / 100 ** 0.5, rel=0.05)             # N(0, 1) / sqrt(nin)
    assert max(map(abs, xavier)) <= (6 / 150) ** 0.5
    with pytest.raises(ValueError, match="uniform, normal, xavier"):
        Neuron(2, init="he")


def test_seed_is_independent_of_the_global_random_state():
    import random
    random.seed(1)
    a = [p.data for p in MLP(2, [3, 1], seed=4).parameters()]
    random.seed(2)
    random.random()
    assert [p.data for p in MLP(2, [3, 1], seed=4).parameters()] == a


def test_save_and_load_json(tmp_path):
    model, other = MLP(2, [3, 2], seed=1), MLP(2, [3, 2], seed=2)
    model.save(tmp_path / "model.json")
    json.loads((tmp_path / "model.json").read_text())
    other.load(tmp_path / "model.json")
    assert [p.data for p in other.parameters()] == [p.data for p in model.parameters()]
    before = [p.data for p in other.parameters()]
    MLP(2, [4, 2]).save(tmp_path / "other.json")
    with pytest.raises(ValueError, match="missing keys"):
        other.load(tmp_path / "other.json")
    (tmp_path / "junk.json").write_text("not json")
    with pytest.raises(ValueError, match="not JSON"):
        other.load(tmp_path / "junk.json")
    assert [p.data for p in other.parameters()] == before


def test_reprs_read_like_the_architecture():
    assert repr(MLP(2, [16, 16, 1], activation="relu", output_activation="linear")) == \
        "MLP(2 -> 16 relu -> 16 relu -> 1 linear, 337 parameters)"
    assert repr(Layer(3, 4, activation="sigmoid")) == "Layer(3 -> 4 sigmoid)"
    assert repr(Neuron(2, bias=False)) == "Neuron(2 -> 1 tanh, no bias)"


def test_parameters_are_labelled_after_their_place_in_the_model():
    from autograd import Parameter
    model = MLP(3, [2, 1], activation="sigmoid", seed=0)
    labels = [p.label for p in model.parameters()]
    assert labels == ["w1[0,0]", "w1[0,1]", "w1[0,2]", "b1[0]", "w1[1,0]", "w1[1,1]", "w1[1,2]",
                      "b1[1]", "w2[0,0]", "w2[0,1]", "b2[0]"]
    assert all(isinstance(p, Parameter) for p in model.parameters())
    assert [n.name for n in model.layers[0].neurons] == ["n1[0]", "n1[1]"]
    assert {p.owner for p in model.layers[1].neurons[0].parameters()} == {"n2[0]"}
    assert [p.label for p in Layer(2, 2, seed=0).parameters()] == \
        ["w[0,0]", "w[0,1]", "b[0]", "w[1,0]", "w[1,1]", "b[1]"]
    assert [p.label for p in Neuron(2, seed=0).parameters()] == ["w[0]", "w[1]", "b"]
    assert len(set(labels)) == len(labels)


def test_plain_number_inputs_become_one_shared_input_node_each():
    from autograd import topological_order
    model = MLP(2, [3, 1], activation="tanh", seed=0)
    out = model([0.5, -1.0])
    leaves = [n for n in topological_order(out)
              if not n.parents and not n.label.startswith(("w", "b"))]
    assert sorted(n.label for n in leaves) == ["x[0]", "x[1]"]
    out.backward()
    x0 = next(n for n in leaves if n.label == "x[0]")
    assert x0.grad != 0.0                                  # d out / d input, like any leaf


def test_activations_come_from_the_op_table():
    from autograd import ops
    from nn.modules import ACTIVATIONS
    assert set(ACTIVATIONS) == {op.name for op in ops.OPS if op.activation} | {"linear"}
    assert {"sigmoid", "tanh", "relu"} <= set(ACTIVATIONS)
    with pytest.raises(ValueError, match="known: .*linear"):
        Neuron(2, activation="swish")


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


def test_an_mlp_may_give_each_hidden_layer_its_own_activation(tmp_path):
    from nn import MLP, load
    model = MLP(2, [3, 2, 1], activation=["relu", "tanh"], output_activation="sigmoid", seed=1)
    assert [layer.neurons[0].activation for layer in model.layers] == ["relu", "tanh", "sigmoid"]
    assert model.architecture()["activation"] == ["relu", "tanh"]
    model.save(tmp_path / "m.json")
    again = load(tmp_path / "m.json")
    assert repr(again) == repr(model) and again([0.3, 0.4]).data == model([0.3, 0.4]).data
    assert MLP(2, [3, 1], activation=["relu"]).layers[-1].neurons[0].activation == "relu"
    with pytest.raises(ValueError, match="one name per hidden layer"):
        MLP(2, [3, 2, 1], activation=["relu"])
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        MLP(2, [3, 2, 1], activation=["relu", "swish"])
