"""The network picture: a model drawn as neurons and weights, as the TensorFlow Playground does.

The scalar graph (`autograd.draw_dot`) is the picture of one expression; a model's graph has
thousands of nodes. Here each neuron is a circle, labelled with the name the graph pictures give
it (x[0] for an input, n1[0] for neuron 0 of layer 1), each weight an edge coloured by its sign
(blue positive, red negative) and as wide as its magnitude, each bias a small square at its
neuron's lower left in the same colours. For a model of two inputs each circle holds a map of
that neuron's output over the input plane.

The artists are `NetworkPicture`'s (nn/drawing/network_picture.py), which a film updates frame
by frame; here a model is drawn once, to a figure, a file or a notebook.
"""

import os
from typing import Callable, Optional, Union

import numpy as np

from ..arrays import Layout
from ..modules import Module
from .figures import Plane, matplotlib_or_explain, new_figure, png_bytes, save_figure
from .geometry import figure_size
from .network_picture import MAX_EDGES, NetworkPicture

def draw_network(model: Module, *, show: str = "weights", X=None,
                 features: Optional[Callable] = None, plane: Optional[Plane] = None,
                 max_edges: int = MAX_EDGES, title: Optional[str] = None):
    """The model as neurons and weights: a matplotlib Figure.

    model      the Module to draw
    show       "weights" or "grad": what colours the edges and squares
    X          points of the input plane the maps span (optional)
    features   maps (n, 2) points of the plane to the model's inputs
    plane      the plane of the maps, given (optional)
    max_edges  edges drawn before thinning to the largest
    title      the picture's title

    Each neuron is a circle with its name (x[i] for inputs, `n<layer>[<neuron>]` as in the graph
    pictures), each weight an edge coloured by sign (blue +, red -) and as wide as |weight| on
    the colour bar's scale (its value written on it, in networks of up to 16 weights), each
    bias a square at its neuron's lower left (its value beside, in layers of up to 8
    neurons). show="grad" colours them by the gradients the last backward left instead.

    Neuron maps: a model of two inputs (or one fed from the plane through `features`) shows in
    each circle that neuron's output over the input plane, blue high and red low (sigmoid: 0
    to 1, tanh: -1 to 1, others: symmetric about 0). The plane spans X with a margin, else
    [-1, 1] squared, or is `plane`.

    Wide layers stay legible: a layer of more than 16 neurons is squeezed into the height of
    16, with only its first and last neuron named; and beyond `max_edges` edges only the
    max_edges largest |weights| are drawn, plus each neuron's largest incoming one (a note
    under the picture says how many are shown).

    The figure's `network_picture` holds the artists (edges, circles, maps, names).
    """
    matplotlib_or_explain()
    layout = Layout(model)
    plane = _plane_for(layout, X, features, plane)
    figure = new_figure(figsize=figure_size(layout), layout="constrained")
    ax = figure.add_subplot()
    picture = NetworkPicture(ax, layout, show=show, plane=plane, max_edges=max_edges)
    vector = np.array([p.data for p in model.parameters()])
    layers = layout.arrays(vector)
    shown = layout.arrays(np.array([p.grad for p in model.parameters()])) \
        if show == "grad" else None
    picture.update(layers, shown)
    ax.set_title(title if title is not None else repr(model), fontsize=11)
    figure.network_picture = picture        # its artists, for who wants to restyle them
    figure.numbers = {"picture": "network", "shows": show, "parameters": vector.tolist(),
                      **({"grads": [p.grad for p in model.parameters()]}
                         if show == "grad" else {})}
    return figure


def _plane_for(layout: Layout, X, features, plane) -> Optional[Plane]:
    if plane is not None:
        return plane
    if features is None and layout.sizes[0] != 2:
        return None
    if X is not None:
        return Plane.around(X, features)
    return Plane((-1.0, 1.0), (-1.0, 1.0), features)


def render_network(model: Module, path: Union[str, os.PathLike], **options) -> str:
    """draw_network(model, **options) written to `path` (.png, .svg or .pdf); returns the
    path."""
    return save_figure(draw_network(model, **options), path)


def module_png(model: Module) -> Optional[bytes]:
    """The network's picture as PNG bytes (Module._repr_png_); None for a Module not made of
    layers, or without matplotlib."""
    try:
        return png_bytes(draw_network(model))
    except (ImportError, TypeError):
        return None

