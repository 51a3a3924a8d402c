"""`NetworkPicture`: the artists of one network picture on one Axes, made once, and `update`,
which recolours them from new parameters, so that a film (`nn.drawing.film`) redraws hundreds
of frames without rebuilding anything; `draw_network` (nn/drawing/pictures.py) draws one.

Each neuron is a circle, each weight an edge coloured by its sign (blue positive, red
negative) and as wide as its magnitude, each bias a small square at its neuron's lower left;
for a model of two inputs each circle holds a map of that neuron's output over the plane.
"""

from itertools import chain
from typing import List, Optional, Sequence, Tuple

import numpy as np

from autograd.drawing import colours

from .. import checks
from ..arrays import LayerArrays, Layout
from .figures import SMALL_TEXT, Plane, matplotlib_or_explain
from .geometry import TALLEST, centres, extent

CMAP = colours.SIGN_MAP   # red for negative, white for zero, blue for positive
MAX_WIDTH = 4.5          # points: the widest edge, for the largest |weight| on the scale
MAX_EDGES = 300          # edges drawn before thinning (see draw_network)
LABELLED_BIASES = 8      # layers up to this many neurons show their biases' values
LABELLED_EDGES = 16      # networks up to this many weights show each one's value

SHOWN = ("weights", "grad")


class NetworkPicture:
    """The artists of one network picture on one Axes, made once; `update` recolours them."""

    def __init__(self, ax, layout: Layout, *, show: str = "weights",
                 plane: Optional[Plane] = None, max_edges: int = MAX_EDGES,
                 limit: Optional[float] = None, map_limits: Optional[Sequence[float]] = None,
                 colorbar: bool = True, named: int = TALLEST) -> None:
        """
        ax          the matplotlib Axes to draw on
        layout      the model's layers (nn.arrays.Layout)
        show        "weights" or "grad": what edges and bias squares are coloured by
        plane       the input plane for each neuron's map (None: no maps)
        max_edges   edges drawn before thinning to the largest
        limit       a fixed colour scale (None: the largest |value| each update)
        map_limits  per column, a fixed scale for maps of unbounded activations
        colorbar    whether to draw the colour bar
        named       columns up to this many neurons get a name by every neuron
        """
        matplotlib_or_explain()
        from matplotlib.colors import Normalize

        checks.choice(show, "show", "draw_network", SHOWN)
        checks.whole_number(max_edges, "max_edges", "draw_network")
        self.ax, self.layout, self.show, self.plane = ax, layout, show, plane
        self.max_edges, self.fixed_limit, self.map_limits = max_edges, limit, map_limits
        self.named = named
        self.norm = Normalize(-1.0, 1.0)
        self.positions = [centres(n, c) for c, n in enumerate(layout.sizes)]
        self.radii = [min(0.36, 0.36 * (TALLEST - 1) / max(n - 1, 1)) for n in layout.sizes]
        self._draw_edges()
        self.circles, self.maps, self.bias_marks, self.bias_texts = [], [], [], []
        for c, column in enumerate(self.positions):
            self._draw_neurons(c, column)
            self._draw_biases(c, column)
        self._label(layout)
        self._frame(colorbar)

    def _draw_edges(self) -> None:
        """A line per weight, from each neuron to each of the next layer's, and (in a small
        network) a label for its value."""
        from matplotlib.collections import LineCollection
        segments = self._segments()
        # many edges side by side: thinner, or they merge into one block of colour
        drawn = min(len(segments), self.max_edges)
        self.max_width = MAX_WIDTH * min(1.0, max(0.3, (50 / max(drawn, 1)) ** 0.5))
        self.edges = LineCollection(segments, zorder=1, capstyle="round")
        self.ax.add_collection(self.edges)
        self.edge_texts = [] if len(segments) > LABELLED_EDGES else self._edge_labels(segments)

    def _segments(self) -> list:
        """Each weight's line, from the edge of its neuron to the edge of the next layer's
        (`edge_index` gets its layer and place in W)."""
        segments, self.edge_index = [], []
        for c in range(1, len(self.layout.sizes)):
            for j, (xj, yj) in enumerate(self.positions[c]):
                for i, (xi, yi) in enumerate(self.positions[c - 1]):
                    segments.append(((xi + self.radii[c - 1], yi), (xj - self.radii[c], yj)))
                    self.edge_index.append((c - 1, j, i))
        return segments

    def _edge_labels(self, segments: list) -> list:
        """A label for each weight's value on its edge, near the neuron it leaves (there the
        edges leaving one neuron are far enough apart for a label each): a fifth of the way
        along from even-numbered neurons, two fifths from odd ones, so that labels of edges
        from neighbours that cross do not land on one spot."""
        texts = []
        for (a, b), (_, _, i) in zip(segments, self.edge_index):
            f = 0.2 if i % 2 == 0 else 0.4
            texts.append(self.ax.text(
                a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), "", fontsize=SMALL_TEXT,
                ha="center", va="center", zorder=2, color=colours.INK,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.85, pad=0.3)))
        return texts

    def _draw_neurons(self, c: int, column) -> None:
        """Column c's circles, each holding a map of its neuron's output where there is a
        plane."""
        from matplotlib.colors import Normalize
        from matplotlib.patches import Circle
        circles, maps, radius = [], [], self.radii[c]
        for x, y in column:
            circle = Circle((x, y), radius, edgecolor=colours.LINE, linewidth=0.8, zorder=3,
                            facecolor="none" if self.plane is not None else "white")
            self.ax.add_patch(circle)
            circles.append(circle)
            if self.plane is not None:
                image = self.ax.imshow(np.zeros((2, 2)), cmap=CMAP, norm=Normalize(-1, 1),
                                       extent=(x - radius, x + radius, y - radius, y + radius),
                                       origin="lower", interpolation="bilinear", zorder=2)
                image.set_clip_path(circle)
                maps.append(image)
        self.circles.append(circles)
        self.maps.append(maps)

    def _draw_biases(self, c: int, column) -> None:
        """Column c's bias squares (and their values, in short columns); none for the inputs
        or a layer without biases."""
        from matplotlib.patches import Rectangle
        marks, texts, radius = [], [], self.radii[c]
        has_biases = c > 0 and self.layout.biases[c - 1] is not None
        for x, y in column if has_biases else ():
            mark = Rectangle((x - radius * 1.05, y - radius * 1.05), radius * 0.7, radius * 0.7,
                             edgecolor=colours.LINE, linewidth=0.6, zorder=4)
            self.ax.add_patch(mark)
            marks.append(mark)
            if len(column) <= min(LABELLED_BIASES, self.named):
                texts.append(self.ax.text(
                    x - radius * 1.1, y - radius * 0.7, "", ha="right", va="center",
                    fontsize=SMALL_TEXT, color=colours.INK, zorder=5,
                    bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=0.4)))
        self.bias_marks.append(marks)
        self.bias_texts.append(texts)

    def _frame(self, colorbar: bool) -> None:
        """The Axes' limits, the note under the picture and the colour bar."""
        ax = self.ax
        wide, tall = extent(self.layout)
        ax.set_xlim(-1.0, wide - 1.0)
        ax.set_ylim(-tall / 2 + 0.3, tall / 2 + 0.3)
        ax.set_aspect("equal")
        ax.axis("off")
        self.note = ax.text(0.5, 0.0, "", transform=ax.transAxes, ha="center", va="top",
                            fontsize=SMALL_TEXT, color=colours.MUTED)
        self.colorbar = None
        if colorbar:
            from matplotlib.cm import ScalarMappable
            self.colorbar = ax.figure.colorbar(
                ScalarMappable(self.norm, CMAP), ax=ax, shrink=0.6, pad=0.02, aspect=25,
                label=("weight (edges) and bias (squares)" if self.show == "weights" else
                       "gradient: d loss / d parameter"))

    def _label(self, layout: Layout) -> None:
        """Names by the neurons (all of them in layers up to TALLEST, else the first and last),
        and a header per column: what the layer is and its activation."""
        self.names = []
        for c, (column, names) in enumerate(zip(self.positions, layout.names)):
            self._name_neurons(column, names, self.radii[c])
            self._header(c, column)

    def _name_neurons(self, column, names: List[str], radius: float) -> None:
        """A column's names: above each neuron, or in a tall column above the first and below
        the last."""
        tall = len(column) > self.named
        for k in ((0, len(column) - 1) if tall else range(len(column))):
            x, y = column[k]
            below = tall and k == len(column) - 1 and k > 0
            self.names.append(self.ax.text(
                x, y - radius * 1.1 if below else y + radius * 1.1, names[k], ha="center",
                va="top" if below else "bottom", fontsize=SMALL_TEXT, zorder=5))

    def _header(self, c: int, column) -> None:
        """Over column c: what it is (inputs, layer c, outputs), its size if it is tall, and
        its activation."""
        last = len(self.layout.sizes) - 1
        top = column[0][1] + max(self.radii[c], 0.2) + 0.45
        what = ("inputs" if c == 0 else "outputs" if c == last else f"layer {c}")
        how = "" if c == 0 else f"\n{self.layout.activations[c - 1]}"
        count = f" ({len(column)})" if len(column) > TALLEST else ""
        self.ax.text(column[0][0], top, what + count + how, ha="center", va="bottom",
                     fontsize=10, fontweight="bold", color=colours.INK)

    def changing(self) -> list:
        """The artists `update` changes, and those drawn over them, bottom to top: what a film
        redraws on a background drawn once (see nn.drawing.film)."""
        flat = chain.from_iterable
        return [self.edges, *self.edge_texts, *flat(self.maps), *flat(self.circles),
                *flat(self.bias_marks), *flat(self.bias_texts), *self.names, self.note]

    def update(self, layers: List[LayerArrays], shown: Optional[List[LayerArrays]] = None,
               note: str = "") -> None:
        """Recolour for parameters `layers`: edges and biases from `shown` (the same arrays
        of gradients for show="grad"; by default `layers`), maps from `layers`."""
        shown = layers if shown is None else shown
        values = np.array([shown[c].W[j, i] for c, j, i in self.edge_index])
        biases = [s.b for s in shown]
        limit = self.fixed_limit or _largest([values] + biases) or 1.0
        self.norm.vmin, self.norm.vmax = -limit, limit
        kept = self._kept(np.abs(values))
        self._recolour_edges(values, limit, kept)
        self._recolour_biases(biases)
        self._labels_that_fit()
        self.note.set_text(self._note(note, kept))
        if self.plane is not None:
            self._maps(layers)

    def _recolour_edges(self, values: np.ndarray, limit: float, kept: np.ndarray) -> None:
        from matplotlib import colormaps
        paint = colormaps[CMAP](self.norm(values))
        paint[~kept, 3] = 0.0
        strength = np.clip(np.abs(values) / limit, 0.0, 1.0)
        self.edges.set_color(paint)
        self.edges.set_linewidths(0.25 + (self.max_width - 0.25) * strength)
        for text, value in zip(self.edge_texts, values):
            text.set_text(f"{value:.3g}")

    def _labels_that_fit(self) -> None:
        """Show an edge's value only where it overlaps no other label (the names, the biases'
        values, the edge values shown before it): text never runs together."""
        if not self.edge_texts:
            return
        renderer = self.ax.figure.canvas.get_renderer()
        taken = [t.get_window_extent(renderer) for t in chain(self.names, *self.bias_texts)
                 if t.get_text()]
        for text in self.edge_texts:
            text.set_visible(True)
            box = text.get_window_extent(renderer).padded(1)
            fits = not any(box.overlaps(other) for other in taken)
            text.set_visible(fits)
            if fits:
                taken.append(box)

    def _recolour_biases(self, biases: list) -> None:
        from matplotlib import colormaps
        cmap = colormaps[CMAP]
        for marks, texts, b in zip(self.bias_marks[1:], self.bias_texts[1:], biases):
            for k, mark in enumerate(marks):
                mark.set_facecolor(cmap(self.norm(b[k])))
            for k, text in enumerate(texts):
                text.set_text(f"b {b[k]:+.2f}")

    def _note(self, note: str, kept: np.ndarray) -> str:
        """The note under the picture: the caller's, what the maps show, how many edges."""
        parts = [note] if note else []
        if self.plane is not None:
            parts.append("in each circle: that neuron's output over the input plane "
                         "(blue high, red low)")
        if not kept.all():
            what = "weight" if self.show == "weights" else "gradient"
            parts.append(f"{kept.sum():,} of {len(kept):,} edges drawn: the "
                         f"{self.max_edges} largest |{what}| and each neuron's largest")
        return "\n".join(parts)

    def _kept(self, magnitudes: np.ndarray) -> np.ndarray:
        """Which edges to draw: all of them up to max_edges; beyond, the max_edges largest and
        each neuron's largest incoming one, so that no neuron looks cut off."""
        if len(magnitudes) <= self.max_edges:
            return np.ones(len(magnitudes), dtype=bool)
        kept = np.zeros(len(magnitudes), dtype=bool)
        kept[np.argsort(-magnitudes, kind="stable")[:self.max_edges]] = True
        best = {}
        for e, (c, j, _) in enumerate(self.edge_index):
            if (c, j) not in best or magnitudes[e] > magnitudes[best[(c, j)]]:
                best[(c, j)] = e
        kept[list(best.values())] = True
        return kept

    def _maps(self, layers: List[LayerArrays]) -> None:
        outputs = self.plane.outputs(layers)
        for c, (maps, grid) in enumerate(zip(self.maps, outputs)):
            activation = "linear" if c == 0 else self.layout.activations[c - 1]
            low, high = _map_range(activation, grid,
                                   None if self.map_limits is None else self.map_limits[c])
            for k, image in enumerate(maps):
                image.set_data(grid[:, :, k])
                image.set_clim(low, high)


def map_limit(values: np.ndarray) -> float:
    """The colour scale of maps of an unbounded activation (relu, linear, the inputs): the
    largest |value|, ignoring the top 1% (a corner of the plane would wash out the rest)."""
    finite = np.abs(values[np.isfinite(values)])
    return float(np.percentile(finite, 99)) if finite.size else 1.0


def _map_range(activation: str, grid: np.ndarray, limit: Optional[float]) -> Tuple[float, float]:
    """Colour limits of a layer's maps: the activation's own range where it has one (white at
    sigmoid's 0.5 and tanh's 0), else symmetric about 0."""
    if activation in _OWN_RANGES:
        return _OWN_RANGES[activation]
    limit = limit or map_limit(grid) or 1.0
    return -limit, limit


_OWN_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def _largest(arrays: list) -> float:
    """The largest |entry| of the arrays (those not None and not empty), or 0."""
    sizes = [float(np.abs(a).max()) for a in arrays if a is not None and a.size]
    return max(sizes, default=0.0)


