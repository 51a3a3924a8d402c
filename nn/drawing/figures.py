"""Figures with matplotlib: what the network pictures (`pictures.py`) and films (`film.py`)
draw on. The input plane a two-input model's maps are drawn over (`Plane`), the training
curves (`plot_training`, and a History's, `draw_history`), and writing a figure (`save_figure`,
PNG files carrying the numbers they show) or its PNG bytes for a notebook.

matplotlib is an extra (the `demos` extra), imported only when something is drawn.
"""

import functools
import io
import os
from typing import Callable, List, Optional, Sequence, Tuple, Union

import numpy as np

from autograd.drawing import colours, png

from ..arrays import LayerArrays, forward
from ..training.history import History

MAP_RESOLUTION = 32      # pixels per side of a neuron's map


def matplotlib_or_explain():
    """Import matplotlib, or say how to get it: pictures are an extra, not the engine."""
    try:
        import matplotlib
    except ImportError:
        raise ImportError("network pictures and films are drawn with matplotlib: "
                          "pip install matplotlib (or pip install -e '.[demos]')") from None
    return matplotlib


def new_figure(**options):
    """A matplotlib Figure (not pyplot's: no window, no global state) that a notebook shows as
    a PNG when it is a cell's result, whether or not pyplot was ever imported. It draws with
    Agg, which also measures text (where labels fit is decided by their size)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    figure = _picture_class()(**options)
    FigureCanvasAgg(figure)
    return figure


@functools.lru_cache(maxsize=None)
def _picture_class():
    """Figure with a _repr_png_, made on first use: matplotlib is imported only when drawing."""
    from matplotlib.figure import Figure
    return type("Picture", (Figure,), {"_repr_png_": lambda self: png_bytes(self),
                                       "__module__": __name__})


class Plane:
    """The input plane a two-input model's maps are drawn over: x and y limits, and how a
    point of the plane becomes the model's inputs (`features`: (n, 2) -> (n, inputs); none
    for a model of two inputs; the XOR tutorial's adds a ones column)."""

    def __init__(self, xlim: Tuple[float, float], ylim: Tuple[float, float],
                 features: Optional[Callable] = None, resolution: int = MAP_RESOLUTION) -> None:
        self.xlim, self.ylim = tuple(map(float, xlim)), tuple(map(float, ylim))
        self.features, self.resolution = features, resolution
        xs = np.linspace(*self.xlim, resolution)
        ys = np.linspace(*self.ylim, resolution)
        gx, gy = np.meshgrid(xs, ys)
        self.points = np.c_[gx.ravel(), gy.ravel()]

    @classmethod
    def around(cls, X, features: Optional[Callable] = None, margin: float = 0.25,
               resolution: int = MAP_RESOLUTION) -> "Plane":
        """The plane around the 2-D points X, with `margin` of their range on each side."""
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"a plane is drawn around points of two coordinates, got X of "
                             f"shape {X.shape}")
        low, high = X.min(axis=0), X.max(axis=0)
        pad = np.maximum(high - low, 1e-9) * margin
        return cls((low[0] - pad[0], high[0] + pad[0]), (low[1] - pad[1], high[1] + pad[1]),
                   features, resolution)

    def inputs(self, points: Optional[np.ndarray] = None) -> np.ndarray:
        points = self.points if points is None else points
        return points if self.features is None else np.asarray(self.features(points), float)

    def outputs(self, layers: List[LayerArrays]) -> List[np.ndarray]:
        """Every layer's outputs on the plane's grid, each (resolution, resolution, neurons);
        the first entry is the model's inputs."""
        n = self.resolution
        return [a.reshape(n, n, -1) for a in forward(layers, self.inputs())]


LOSS_COLOUR, ACCURACY_COLOUR = colours.LOSS, colours.ACCURACY
# The smallest text a picture writes, in points: 10 px high at the films' 80 dpi, the size a
# film is shown at in its player and in a notebook at 1280 x 800.
SMALL_TEXT = 9.2


def plot_training(ax, losses: Sequence[float], accuracies: Sequence[float],
                  label: Optional[str] = None):
    """The loss of every epoch on `ax` (a log scale where it falls by more than 30x), and the
    accuracy on a right-hand axis where there is one; returns that axis (or None). What a
    History shows, and a film's curves. `label` says what the loss is (as fit measures it:
    the mean over the rows of X, with the weights each epoch left)."""
    epochs = np.arange(1, len(losses) + 1)
    ax.plot(epochs, losses, color=LOSS_COLOUR, linewidth=1.6)
    if len(losses) and min(losses) > 0 and max(losses) / min(losses) > 30:
        ax.set_yscale("log")
    ax.set_xlabel("epoch (the weights as it left them)")
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))     # epochs: 0, 5, 10, not 0.0
    ax.set_ylabel(label or "loss (mean over the rows of X)", color=LOSS_COLOUR)
    ax.grid(alpha=0.3)
    if not accuracies:
        return None
    twin = ax.twinx()
    twin.plot(epochs[:len(accuracies)], accuracies, color=ACCURACY_COLOUR, linewidth=1.2)
    twin.set_ylim(-0.02, 1.02)
    twin.set_ylabel("accuracy", color=ACCURACY_COLOUR)
    return twin


def draw_history(history, title: str = "training"):
    """A History's curves: the loss of every epoch, and the accuracy (right axis) where fit
    measured it. A matplotlib Figure; in Jupyter a History displays as it."""
    matplotlib_or_explain()
    figure = new_figure(figsize=(6.4, 3.6), layout="constrained")
    ax = figure.add_subplot()
    plot_training(ax, history.loss, history.accuracy, history.loss_label or None)
    ax.set_title(f"{title}: {history!r}"[:90], fontsize=10)
    return figure


SUFFIXES = (".png", ".svg", ".pdf")


def save_figure(figure, path: Union[str, os.PathLike], dpi: int = 100) -> str:
    """Write a Figure to `path` by its suffix (.png, .svg or .pdf); returns the path. A PNG of
    a figure that says what numbers it shows (`figure.numbers`) carries them
    (autograd.drawing.png)."""
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot tell what to write from {path!r}: the name should end in "
                         f"{', '.join(SUFFIXES)}")
    numbers = getattr(figure, "numbers", None)
    folder_for(path)
    if suffix != ".png" or numbers is None:
        figure.savefig(path, dpi=dpi)
        return path
    with open(path, "wb") as f:
        f.write(png.with_numbers(png_bytes(figure, dpi), numbers))
    return path


def folder_for(path: str) -> None:
    """Make the folder a picture is written into, as the graph pages do: `out/film.gif` works
    before `out/` exists."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)


def png_bytes(figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (what a notebook shows)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def history_png(history: History) -> Optional[bytes]:
    """The curves as PNG bytes (History._repr_png_); None before any epoch, or without
    matplotlib."""
    if not history.loss:
        return None
    try:
        return png_bytes(draw_history(history))
    except ImportError:
        return None

