"""The film's boundary panel: what a model decides over the plane of its two inputs, with the
data drawn over it.

It colours, on a grid over the data, the output of a one-output model (the probability of class
1 for two outputs, the class picked for more) and draws the boundary where nn.training.classes
decides: at the threshold midway between the labels. So the line a learner sees is where `fit`,
`accuracy` and `predict` change their minds. Targets that are not classes (a regression's) show
the output over the plane, with no line.
"""

from typing import List, Optional

import numpy as np

from autograd.drawing import colours

from ..training import classes
from .figures import SMALL_TEXT
from .network_picture import CMAP


def are_classes(y: Optional[np.ndarray]) -> bool:
    """Whether targets are class labels (whole numbers, or one-hot rows), which get a decision
    boundary; other targets (a regression's) get only the output over the plane."""
    return y is not None and bool(np.all(np.round(y) == y))


def level(layout, y: Optional[np.ndarray]) -> Optional[float]:
    """Where the boundary is drawn on what the panel colours: for one output the threshold of
    nn.training.classes, midway between the labels (0.5 for 0/1, 0 for -1/+1), as fit and accuracy
    decide; 0.5 for the probability of class 1 of two outputs; None for more (the colours are
    the classes) or for targets that are not classes."""
    outputs = layout.sizes[-1]
    if not are_classes(y) or outputs > 2:
        return None
    return 0.5 if outputs == 2 else classes.threshold(y)


class BoundaryPanel:
    """The panel for a model of `layout` on the plane `plane` (a figures.Plane), with the data
    X (its two columns) and y (None, class labels, or a regression's targets)."""

    def __init__(self, plane, layout, X: np.ndarray, y: Optional[np.ndarray]) -> None:
        self.plane, self.layout, self.X, self.y = plane, layout, X, y
        self.classes = are_classes(y)
        self.contour = None          # the boundary line of the frame shown, if it has one
        self.over_map: list = []     # the data and its legend, drawn over the map

    def level(self) -> Optional[float]:
        return level(self.layout, self.y)

    def centre(self) -> float:
        """The value the colour scale is centred on."""
        level = self.level()
        return 0.0 if level is None else level

    def decision(self, arrays) -> np.ndarray:
        """What the panel colours, on its grid, for a model's arrays: the output of one output;
        for two outputs softmax's probability of class 1 (argmax decides there); for more, the
        class the model picks."""
        out = self.plane.outputs(arrays)[-1]
        if out.shape[2] == 1:
            return out[:, :, 0]
        if out.shape[2] == 2:
            return 1.0 / (1.0 + np.exp(np.clip(out[:, :, 0] - out[:, :, 1], -700, 700)))
        return out.argmax(axis=2).astype(float)

    def limit(self, decisions: List[np.ndarray]) -> float:
        """The colour scale's half-width for an unbounded output: the largest distance from the
        centre in any of `decisions` (1.0 if all are at it)."""
        centre = self.centre()
        return max(float(np.nanmax(np.abs(d - centre))) for d in decisions) or 1.0

    def build(self, ax, limit: float) -> None:
        """Draw what never changes on `ax`: the map's place, the data and the title."""
        plane = self.plane
        cmap, norm = self._scale(limit)
        self.map = ax.imshow(np.zeros((2, 2)), extent=(*plane.xlim, *plane.ylim),
                             origin="lower", cmap=cmap, norm=norm, alpha=0.75,
                             interpolation="bilinear", aspect="auto")
        if self.y is not None and not self.classes:          # targets of a regression
            self.over_map.append(ax.scatter(self.X[:, 0], self.X[:, 1], s=16, color="black",
                                            zorder=3))
        elif self.y is not None:
            self._draw_classes(ax)
        ax.set_xlim(*plane.xlim)
        ax.set_ylim(*plane.ylim)
        ax.set_title("decision boundary" if self.classes else "the output over the plane",
                     fontsize=11)
        self.ax = ax

    def _scale(self, limit: float):
        """(colour map, normalisation): the classes' colours for more than two outputs, else a
        diverging scale around the centre, as wide as the output activation's range."""
        from matplotlib.colors import Normalize

        outputs, t = self.layout.sizes[-1], self.centre()
        if outputs > 2:
            return colours.MANY_CLASSES, Normalize(-0.5, 9.5)
        if outputs == 2:
            return CMAP, Normalize(0.0, 1.0)
        bound = {"sigmoid": 0.5, "tanh": 1.0}.get(self.layout.activations[-1], limit)
        return CMAP, Normalize(t - bound, t + bound)

    def _draw_classes(self, ax) -> None:
        """The data, a colour per class (the palette's two for two classes), and a legend."""
        labels = self.y if self.y.ndim == 1 else self.y.argmax(axis=1)
        found = np.unique(labels)
        paint = colours.CLASSES if len(found) <= 2 else [None] * len(found)
        for c, colour in zip(found, paint):
            chosen = labels == c
            self.over_map.append(ax.scatter(
                self.X[chosen, 0], self.X[chosen, 1], s=28 if len(self.X) > 20 else 90,
                edgecolors="black", linewidths=0.6, zorder=3, label=f"class {c:g}",
                color=colour))
        self.over_map.append(ax.legend(loc="upper right", fontsize=SMALL_TEXT, framealpha=0.8))

    def show(self, decision: np.ndarray) -> None:
        """Recolour the map for one frame's `decision`, and draw its boundary line where the
        decision crosses the level."""
        self.map.set_data(decision)
        if self.contour is not None:
            self.contour.remove()
        level, plane = self.level(), self.plane
        self.contour = None
        if level is not None and decision.min() < level < decision.max():
            self.contour = self.ax.contour(
                np.linspace(*plane.xlim, plane.resolution),
                np.linspace(*plane.ylim, plane.resolution), decision, levels=[level],
                colors="black", linewidths=1.6)

    def changing(self) -> list:
        """What a frame redraws, bottom to top: the map, the line, the data over them."""
        return [self.map] + ([self.contour] if self.contour is not None else []) + \
            self.over_map
