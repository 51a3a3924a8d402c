"""Training as a film: a Recording's snapshots drawn frame by frame.

Each frame shows, side by side, the decision boundary over the data (for inputs of two
coordinates), the network picture at that epoch (`nn.pictures`) and the loss (and accuracy)
curve with a marker at the epoch. Every frame uses the same axes limits and colour scales,
computed once over all the snapshots, so that only what the network learned moves.

The figure is built once, and everything that never changes (axes, ticks, labels, the curves)
is drawn once as a background; a frame recolours the artists that change and draws only those
over it (blitting: a full draw, most of it text, takes five times as long). The pixels are
written as an animated GIF (with Pillow, as matplotlib's PillowWriter does, but from frames
already drawn: its grab_frame redraws the whole figure) or as a self-contained HTML player
(frames embedded as PNG, a slider, play/pause, the arrow keys; no network needed).

    film = Film(history.recording, X, y)
    film.save("out/xor.gif", "out/xor.html")     # one drawing of each frame for both
"""

import base64
import html
import io
import os
from typing import Callable, List, Optional, Sequence, Union

import numpy as np

from autograd.drawing import colours, png
from autograd.drawing.pages import page, script_json

from . import checks, classes
from .figures import (ACCURACY_COLOUR, LOSS_COLOUR, Plane, matplotlib_or_explain,
                      plot_training)
from .pictures import CMAP, MAX_EDGES, TALLEST, NetworkPicture, extent, figure_size, map_limit
from .recording import Recording

FILM_SUFFIXES = (".gif", ".html")
BOUNDARY_RESOLUTION = 120     # grid points per side of the decision-boundary map


class Film:
    """The frames of a Recording (see the module docstring).

    X, y: the training data; with two input coordinates (or `features`, mapping (n, 2) points
    of the plane to the model's inputs, as for the XOR tutorial's ones column) the film shows
    the decision boundary with the data. y holds class labels (0/1, -1/+1, or indices for
    several outputs); other targets, or none, show the output over the plane instead.
    `frames` limits the film to that many snapshots, evenly spread (first and last kept).
    fps: frames per second when played."""

    def __init__(self, recording: Recording, X=None, y=None, *,
                 features: Optional[Callable] = None, title: Optional[str] = None,
                 fps: float = 8.0, dpi: int = 80, frames: Optional[int] = None,
                 max_edges: int = MAX_EDGES) -> None:
        matplotlib_or_explain()
        if not isinstance(recording, Recording):
            raise TypeError(f"Film needs a Recording (fit(..., record=k).recording), got "
                            f"{type(recording).__name__}")
        self.recording, self.dpi = recording, dpi
        self.fps = checks.positive_number(fps, "fps", "Film")
        self.title = title if title is not None else repr(recording.model)
        self.indices = _spread(len(recording), frames)
        self.layout = recording.layout
        self.max_edges = max_edges
        self.X, self.y = _data(X, y)
        # class labels (whole numbers, or one-hot rows) get a decision boundary; other targets
        # (a regression's) only the output over the plane
        self.classes = self.y is not None and bool(np.all(np.round(self.y) == self.y))
        self.plane, self.boundary = self._planes(features)
        self._figure = None

    def _planes(self, features: Optional[Callable]):
        """The plane of the neurons' maps and the finer one of the boundary panel, for points of
        two coordinates (X itself, or X through `features`); (None, None) otherwise."""
        two_d = self.X is not None and self.X.ndim == 2 and self.X.shape[1] == 2
        if features is not None and not two_d:
            raise ValueError("features= maps points of a plane to the model's inputs: it needs "
                             "X with two columns (the points)")
        if not two_d:
            return None, None
        if features is None and self.layout.sizes[0] != 2:
            raise ValueError(f"X has two columns but the model takes {self.layout.sizes[0]} "
                             "inputs: give features= to map the plane's points to them")
        return (Plane.around(self.X, features),
                Plane.around(self.X, features, resolution=BOUNDARY_RESOLUTION))

    def __len__(self) -> int:
        return len(self.indices)

    def __repr__(self) -> str:
        return f"Film({len(self)} frames of {self.title})"

    # --- the figure, built once ---

    def _build(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        height = max(figure_size(self.layout)[1] * 0.75, 4.6)
        width = figure_size(self.layout, 0.85 * height)[0]    # the Axes: 85% of it
        panels = ["network", "curves"] if self.boundary is None else \
            ["boundary", "network", "curves"]
        ratios = [width if p == "network" else 4.4 for p in panels]
        figure = Figure(figsize=(sum(ratios), height), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.subplots(1, len(panels), width_ratios=ratios)
        named = dict(zip(panels, axes))
        limits = self._limits()
        # names where neurons are far enough apart for them (30 points), else first and last
        spacing = 0.8 * height * 72 / extent(self.layout)[1]     # the Axes: 80% of the height
        self._network = NetworkPicture(named["network"], self.layout, plane=self.plane,
                                       max_edges=self.max_edges, limit=limits["weights"],
                                       map_limits=limits["maps"],
                                       named=TALLEST if spacing >= 30 else 1)
        self._curves = self._build_curves(named["curves"])
        self._boundary_ax = named.get("boundary")
        if self._boundary_ax is not None:
            self._build_boundary(self._boundary_ax, limits["outputs"])
        self._heading = figure.suptitle("", fontsize=12)
        self._figure, self._background = figure, None
        return figure

    def _limits(self) -> dict:
        """Colour scales shared by every frame: the largest |weight| or |bias| of any snapshot;
        per column of maps of an unbounded activation, the largest value; the same for the
        outputs on the boundary panel."""
        params = np.array([self.recording.params[i] for i in self.indices])
        limits = {"weights": float(np.abs(params).max()) or 1.0, "maps": None,
                  "outputs": None}
        if self.plane is not None:
            columns = [[] for _ in self.layout.sizes]
            for i in self.indices:
                for c, grid in enumerate(self.plane.outputs(self.recording.arrays(i))):
                    columns[c].append(grid)
            limits["maps"] = [map_limit(np.array(g)) for g in columns]
            # what the boundary panel shows, computed once here for its scale and kept
            self._decisions = {i: self._decision(i) for i in self.indices}
            limits["outputs"] = max(float(np.nanmax(np.abs(o - self._centre())))
                                    for o in self._decisions.values()) or 1.0
        return limits

    def _build_curves(self, ax):
        """The loss and accuracy of every epoch, and the marker that moves along them."""
        recording = self.recording
        twin = plot_training(ax, recording.losses, recording.accuracies, recording.loss_label)
        ax.set_xlim(0, max(len(recording.losses), 1))
        marker = ax.axvline(0, color=colours.LINE, linewidth=1.0)
        dot, = ax.plot([], [], "o", color=LOSS_COLOUR, markersize=7)
        accuracy_dot = None if twin is None else \
            twin.plot([], [], "s", color=ACCURACY_COLOUR, markersize=6)[0]
        ax.set_title("loss and accuracy" if recording.accuracies else "loss", fontsize=11)
        return marker, dot, accuracy_dot

    def level(self) -> Optional[float]:
        """Where the boundary panel draws the boundary on what it colours (see _decision): for
        one output the threshold of nn.classes, midway between the labels (0.5 for 0/1, 0 for
        -1/+1), as fit and accuracy decide; 0.5 for the probability of class 1 of two outputs;
        None for more (the colours are the classes) or for targets that are not classes."""
        outputs = self.layout.sizes[-1]
        if not self.classes or outputs > 2:
            return None
        return 0.5 if outputs == 2 else classes.threshold(self.y)

    def _centre(self) -> float:
        """The value the colour scale of the boundary panel is centred on."""
        level = self.level()
        return 0.0 if level is None else level

    def _decision(self, i: int) -> np.ndarray:
        """What the boundary panel colours, on its grid: the output of a one-output model; for
        two outputs softmax's probability of class 1 (argmax decides there); for more, the
        class the model picks."""
        out = self.boundary.outputs(self.recording.arrays(i))[-1]
        if out.shape[2] == 1:
            return out[:, :, 0]
        if out.shape[2] == 2:
            return 1.0 / (1.0 + np.exp(np.clip(out[:, :, 0] - out[:, :, 1], -700, 700)))
        return out.argmax(axis=2).astype(float)

    def _build_boundary(self, ax, limit: float) -> None:
        from matplotlib.colors import Normalize

        plane, outputs = self.boundary, self.layout.sizes[-1]
        if outputs > 2:
            norm, cmap = Normalize(-0.5, 9.5), colours.MANY_CLASSES
        elif outputs == 2:
            norm, cmap = Normalize(0.0, 1.0), CMAP
        else:
            t = self._centre()
            bound = 0.5 if self.layout.activations[-1] == "sigmoid" else \
                1.0 if self.layout.activations[-1] == "tanh" else limit
            norm, cmap = Normalize(t - bound, t + bound), CMAP
        self._over_map = []          # the data and its legend, drawn over the map
        self._map = ax.imshow(np.zeros((2, 2)), extent=(*plane.xlim, *plane.ylim),
                              origin="lower", cmap=cmap, norm=norm, alpha=0.75,
                              interpolation="bilinear", aspect="auto")
        if self.y is not None and not self.classes:          # targets of a regression
            self._over_map.append(ax.scatter(self.X[:, 0], self.X[:, 1], s=16, color="black",
                                             zorder=3))
        elif self.y is not None:
            labels = self.y if self.y.ndim == 1 else self.y.argmax(axis=1)
            found = np.unique(labels)
            paint = colours.CLASSES if len(found) <= 2 else None
            for k, c in enumerate(found):
                chosen = labels == c
                self._over_map.append(ax.scatter(
                    self.X[chosen, 0], self.X[chosen, 1], s=28 if len(self.X) > 20 else 90,
                    edgecolors="black",
                    linewidths=0.6, zorder=3, label=f"class {c:g}",
                    color=paint[k] if paint else None))
            self._over_map.append(ax.legend(loc="upper right", fontsize=8, framealpha=0.8))
        ax.set_xlim(*plane.xlim)
        ax.set_ylim(*plane.ylim)
        ax.set_title("decision boundary" if self.classes else "the output over the plane",
                     fontsize=11)
        self._contour = None

    # --- one frame ---

    def _show(self, k: int) -> None:
        """Recolour the figure for frame k."""
        i = self._index(k)
        recording = self.recording
        epoch, loss, accuracy = recording.epochs[i], recording.loss[i], recording.accuracy[i]
        self._network.update(recording.arrays(i))
        marker, dot, accuracy_dot = self._curves
        marker.set_xdata([epoch, epoch])
        dot.set_data([epoch] if loss is not None else [], [loss] if loss is not None else [])
        if accuracy_dot is not None:
            accuracy_dot.set_data([epoch] if accuracy is not None else [],
                                  [accuracy] if accuracy is not None else [])
        if self._boundary_ax is not None:
            decision = self._decisions[i]
            self._map.set_data(decision)
            if self._contour is not None:
                self._contour.remove()
            level = self.level()
            plane = self.boundary
            self._contour = None
            if level is not None and decision.min() < level < decision.max():
                self._contour = self._boundary_ax.contour(
                    np.linspace(*plane.xlim, plane.resolution),
                    np.linspace(*plane.ylim, plane.resolution), decision, levels=[level],
                    colors="black", linewidths=1.6)
        self._heading.set_text(f"{self.title}   ·   {self.label(k)}")

    def _index(self, k: int) -> int:
        """The snapshot frame k shows; IndexError naming the range for a k outside it."""
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) \
                or not -len(self) <= k < len(self):
            raise IndexError(f"frame {k!r} is out of range: the film has {len(self)} frames, "
                             f"0 to {len(self) - 1}")
        return self.indices[k]

    def label(self, k: int) -> str:
        """What frame k shows, in words: its epoch, loss and accuracy (the History's numbers
        for that epoch: the weights as it left them)."""
        i = self._index(k)
        r = self.recording
        parts = [f"epoch {r.epochs[i]:,}"]
        if r.loss[i] is not None:
            parts.append(f"loss {r.loss[i]:.4g}")
        if r.accuracy[i] is not None:
            parts.append(f"accuracy {r.accuracy[i]:.0%}")
        return "   ·   ".join(parts)

    def _changing(self) -> list:
        """What differs from frame to frame, bottom to top (and what lies over it): only these
        are drawn per frame, over a background of everything else drawn once (blitting: a
        full draw, most of it text, takes about five times as long)."""
        boundary = [] if self._boundary_ax is None else \
            [self._map] + ([self._contour] if self._contour is not None else []) + \
            self._over_map
        marker, dot, accuracy_dot = self._curves
        return (boundary + self._network.changing()
                + [a for a in (marker, dot, accuracy_dot) if a is not None] + [self._heading])

    def frame(self, k: int):
        """Frame k as a Pillow image (RGB)."""
        from PIL import Image

        self._index(k)
        if self._figure is None:
            self._build()
        figure, canvas = self._figure, self._figure.canvas
        if self._background is None:          # lay out and draw what never changes, once
            self._show(k)
            figure.set_dpi(self.dpi)
            for artist in self._changing():
                artist.set_animated(True)
            canvas.draw()
            figure.set_layout_engine("none")
            self._background = canvas.copy_from_bbox(figure.bbox)
        self._show(k)
        canvas.restore_region(self._background)
        for artist in self._changing():
            artist.set_animated(True)
            figure.draw_artist(artist)
        return Image.fromarray(np.asarray(canvas.buffer_rgba())[:, :, :3].copy())

    # --- writing ---

    def save_frame(self, k: int, path: Union[str, os.PathLike]) -> str:
        """Frame k as a PNG at `path`, carrying the numbers it shows (its epoch, loss, accuracy
        and parameters; see autograd.drawing.png). Returns the path."""
        path = os.fspath(path)
        if not path.lower().endswith(".png"):
            raise ValueError(f"a frame is written as a PNG: {path!r} should end in .png")
        i = self._index(k)
        r = self.recording
        numbers = {"picture": "film frame", "frame": k, "epoch": r.epochs[i], "loss": r.loss[i],
                   "accuracy": r.accuracy[i], "parameters": r.params[i].tolist()}
        with open(path, "wb") as f:
            f.write(png.with_numbers(_png(self.frame(k)), numbers))
        return path

    def save(self, *paths: Union[str, os.PathLike]) -> List[str]:
        """Write the film to each path, by suffix: .gif (animated, looping) or .html (the
        player). Each frame is drawn once for all of them. Returns the paths."""
        paths = [os.fspath(p) for p in paths]
        if not paths:
            raise ValueError("Film.save needs at least one path (.gif or .html)")
        for p in paths:
            if os.path.splitext(p)[1].lower() not in FILM_SUFFIXES:
                raise ValueError(f"cannot tell what to write from {p!r}: a film's name should "
                                 f"end in {' or '.join(FILM_SUFFIXES)}")
        wants = {os.path.splitext(p)[1].lower() for p in paths}
        gif_frames, png_frames = [], []
        for k in range(len(self)):
            image = self.frame(k)
            if ".gif" in wants:
                gif_frames.append(image.quantize(colors=255, method=2))
            if ".html" in wants:     # a palette of 255 colours: a quarter of the bytes
                png_frames.append(_png(image.quantize(colors=255, method=2)))
        for p in paths:
            if p.lower().endswith(".gif"):
                duration = int(round(1000 / self.fps))
                durations = [duration] * len(gif_frames)
                durations[-1] = max(duration, 2000)          # hold the end before looping
                gif_frames[0].save(p, save_all=True, append_images=gif_frames[1:],
                                   duration=durations, loop=0, optimize=False)
            else:
                with open(p, "w", encoding="utf-8") as f:
                    f.write(self._player(png_frames))
        return paths

    def _player(self, png_frames: Sequence[bytes]) -> str:
        """The HTML player: frames embedded as data, a slider, play/pause and the keys."""
        frames = [base64.b64encode(f).decode("ascii") for f in png_frames]
        labels = [self.label(k) for k in range(len(self))]
        data = {"frames": frames, "labels": labels, "fps": self.fps}
        return page("nn", "film.html", TITLE=html.escape(self.title), DATA=script_json(data))

    def _repr_html_(self) -> str:
        """In Jupyter a Film shows as its player, in a frame of its own (frames embedded, no
        file, no network)."""
        from autograd.drawing.notebook import inline_frame
        frames = [_png(self.frame(k).quantize(colors=255, method=2)) for k in range(len(self))]
        width, height = self.frame(0).size
        return inline_frame(self._player(frames), height=int(height * 900 / width) + 150)


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def _data(X, y):
    """X and y as arrays (either may be None), one target per row of X."""
    X = None if X is None else np.asarray(X, dtype=float)
    y = None if y is None else np.asarray(y)
    if y is not None and (X is None or len(y) != len(X)):
        raise ValueError(f"Film: y holds {len(y)} targets but X "
                         + ("is missing" if X is None else f"has {len(X)} rows")
                         + ": one target per row of X")
    return X, y


def _spread(count: int, frames: Optional[int]) -> List[int]:
    """Indices of `frames` snapshots out of `count`, evenly spread, first and last included."""
    if frames is None or frames >= count:
        return list(range(count))
    if isinstance(frames, bool) or not isinstance(frames, int) or frames < 2:
        raise ValueError(f"frames must be an int >= 2 (or None for every snapshot), got "
                         f"{frames!r}")
    return sorted({int(round(x)) for x in np.linspace(0, count - 1, frames)})
