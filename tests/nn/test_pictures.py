"""The network picture: neurons, weights as coloured edges, biases, maps, thinning."""

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from autograd import Value  # noqa: E402
from nn import MLP, Layer, Module, Neuron, mse_loss  # noqa: E402
from nn.arrays import Layout, forward, to_numpy  # noqa: E402
from nn.drawing.network_picture import NetworkPicture  # noqa: E402
from nn.drawing.pictures import draw_network, render_network  # noqa: E402

TUTORIAL_NETWORKS = [(2, [2, 1]), (3, [4, 1]), (2, [10, 2]), (2, [16, 16, 1])]


def picture_of(figure) -> NetworkPicture:
    return figure.network_picture


@pytest.mark.parametrize("nin, nouts", TUTORIAL_NETWORKS + [(64, [32, 16, 10])])
def test_every_weight_is_an_edge_and_every_neuron_a_circle(nin, nouts):
    model = MLP(nin, nouts, seed=0)
    picture = picture_of(draw_network(model))
    sizes = [nin] + nouts
    assert len(picture.edge_index) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert [len(c) for c in picture.circles] == sizes
    assert [len(m) for m in picture.bias_marks[1:]] == nouts


def test_names_are_the_graph_pictures_names():
    model = MLP(2, [3, 1], seed=0)
    picture = picture_of(draw_network(model))
    shown = [t.get_text() for t in picture.names]
    owners = {p.owner for p in model.parameters()}
    assert shown == ["x[0]", "x[1]", "n1[0]", "n1[1]", "n1[2]", "n2[0]"]
    assert set(shown[2:]) == owners
    # the inputs' names are those of the leaves a model fed plain numbers makes
    leaves = {v.label for v in _leaves(model([0.5, -0.5]))}
    assert {"x[0]", "x[1]"} <= leaves


def _leaves(root):
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if id(v) not in {id(s) for s in seen}:
            seen.add(v)
            stack.extend(v.parents)
    return [v for v in seen if not v.parents]


def test_colour_by_sign_and_width_by_magnitude():
    model = MLP(2, [1], activation="linear", weights=[[[2.0, -0.5]]], biases=[[1.0]])
    picture = picture_of(draw_network(model))
    colours, widths = picture.edges.get_colors(), picture.edges.get_linewidths()
    positive, negative = colours[0], colours[1]
    assert positive[2] > positive[0]            # blue for +2
    assert negative[0] > negative[2]            # red for -0.5
    assert widths[0] > widths[1] > 0
    bias = picture.bias_marks[1][0].get_facecolor()
    assert bias[2] > bias[0]                     # +1: blue
    assert picture.bias_texts[1][0].get_text() == "b +1.00"


def test_show_grad_draws_the_last_backward():
    model = MLP(2, [1], activation="linear", weights=[[[2.0, -0.5]]], biases=[[0.0]])
    loss = mse_loss([model([1.0, -3.0])], [10.0])      # out = 3.5, d/dw = (3.5-10) * x
    model.zero_grad()
    loss.backward()
    picture = picture_of(draw_network(model, show="grad"))
    colours = picture.edges.get_colors()
    assert model.parameters()[0].grad == pytest.approx(-6.5)
    assert colours[0][0] > colours[0][2]         # d/dw0 = -6.5: red
    assert colours[1][2] > colours[1][0]         # d/dw1 = +19.5: blue
    assert "gradient" in picture.colorbar.ax.get_ylabel()


def test_two_inputs_get_maps_of_each_neurons_output():
    model = MLP(2, [3, 1], activation="tanh", seed=1)
    picture = picture_of(draw_network(model, X=[[0, 0], [1, 2]]))
    assert [len(m) for m in picture.maps] == [2, 3, 1]
    # the map of n1[1] is that neuron's output over the plane
    image = picture.maps[1][1].get_array()
    plane = picture.plane
    expected = forward(to_numpy(model), plane.points)[1][:, 1].reshape(image.shape)
    assert np.allclose(image, expected)
    assert plane.xlim[0] < 0 < 1 < plane.xlim[1] and plane.ylim[0] < 0 < 2 < plane.ylim[1]
    assert picture.maps[1][1].get_clim() == (-1.0, 1.0)          # tanh's range


def test_other_input_widths_have_no_maps_unless_given_features():
    assert picture_of(draw_network(MLP(3, [2, 1]))).maps == [[], [], []]
    def ones(points):
        return np.c_[points, np.ones(len(points))]
    with_ones = picture_of(draw_network(MLP(3, [2, 1]), features=ones))
    assert [len(m) for m in with_ones.maps] == [3, 2, 1]


def test_wide_layers_are_thinned_and_say_so():
    model = MLP(64, [32, 16, 10], seed=0)
    picture = picture_of(draw_network(model, max_edges=200))
    kept = picture.edges.get_colors()[:, 3] > 0
    assert 200 <= kept.sum() <= 200 + 32 + 16 + 10
    for c, j in {(c, j) for c, j, _ in picture.edge_index}:    # every neuron keeps an edge
        assert any(kept[e] for e, (cc, jj, _) in enumerate(picture.edge_index)
                   if (cc, jj) == (c, j))
    assert "edges drawn" in picture.note.get_text()
    names = [t.get_text() for t in picture.names]
    assert "x[0]" in names and "x[63]" in names and "x[1]" not in names


def test_render_by_suffix(tmp_path):
    model = MLP(2, [2, 1], seed=0)
    for suffix, head in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        path = render_network(model, tmp_path / f"net{suffix}")
        with open(path, "rb") as f:
            assert f.read(5).startswith(head[:5])
    with pytest.raises(ValueError, match=r"\.png, \.svg, \.pdf"):
        render_network(model, tmp_path / "net.jpeg")
    assert not (tmp_path / "net.jpeg").exists()


def test_layers_and_neurons_draw_too_and_other_modules_are_refused():
    assert len(picture_of(draw_network(Layer(3, 2))).circles) == 2
    assert len(picture_of(draw_network(Neuron(2))).circles) == 2

    class Line(Module):
        def __init__(self):
            self.a = Value(1.0)

        def named_parameters(self):
            return [("a", self.a)]

    with pytest.raises(TypeError, match=r"\(an MLP, a Layer or a Neuron\), got Line"):
        draw_network(Line())
    assert Line()._repr_png_() is None
    with pytest.raises(ValueError, match="show must be one of"):
        draw_network(MLP(2, [1]), show="weight")


def test_a_module_displays_as_its_picture_in_jupyter():
    png = MLP(2, [2, 1], seed=0)._repr_png_()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_arrays_compute_what_the_model_computes():
    for activation in ("sigmoid", "tanh", "relu", "linear"):
        model = MLP(3, [4, 2], activation=activation, seed=3)
        X = np.random.RandomState(0).randn(5, 3)
        ours = forward(to_numpy(model), X)[-1]
        scalar = np.array([[v.data for v in model(list(x))] for x in X])
        assert np.allclose(ours, scalar, rtol=1e-13, atol=1e-15)
    layout = Layout(MLP(2, [3, 1]))
    with pytest.raises(ValueError, match="holds 13 numbers"):
        layout.arrays(np.zeros(12))


def test_a_small_network_writes_each_weight_on_its_edge():
    model = MLP(2, [1], activation="linear", weights=[[[2.0, -0.5]]], biases=[[1.0]])
    picture = picture_of(draw_network(model))
    assert [t.get_text() for t in picture.edge_texts] == ["2", "-0.5"]
    assert picture_of(draw_network(MLP(4, [5, 1]))).edge_texts == []      # 25 edges: too many
