"""Training as a film: a Recording's snapshots drawn frame by frame.

Each frame shows, side by side, the decision boundary over the data (for inputs of two
coordinates; `nn.drawing.boundary`), the network picture at that epoch (`nn.drawing.pictures`) and
the loss (and accuracy) curve with a marker at the epoch. Every frame uses the same axes limits and
colour scales, computed once over all the snapshots, so that only what the network learned
moves.

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

from . import boundary
from .. import checks
from .figures import (ACCURACY_COLOUR, LOSS_COLOUR, Plane, folder_for, matplotlib_or_explain,
                      plot_training)
from .geometry import TALLEST, extent, figure_size
from .network_picture import MAX_EDGES, NetworkPicture, map_limit
from ..training.recording import Recording

FILM_SUFFIXES = (".gif", ".html")
BOUNDARY_RESOLUTION = 120     # grid points per side of the decision-boundary map
MAX_WIDTH_PX = 1216           # a frame's widest: the player's at 1280 x 800, less margins


class Film:
    """The frames of a Recording (see the module docstring).

    X, y: the training data; with two input coordinates (or `features`, mapping (n, 2) points
    of the plane to the model's inputs, as for the XOR tutorial's ones column) the film shows
    the decision boundary with the data. y holds class labels (0/1, -1/+1, or indices for
    several outputs); other targets, or none, show the output over the plane instead.
    `frames` limits the film to that many snapshots, evenly spread (first and last kept).
    fps: frames per second when played.

    recording  the snapshots (fit(..., record=k).recording)
    X          the training inputs (None: no data, no boundary panel)
    y          their targets (None: none drawn)
    features   maps (n, 2) points of the plane to the model's inputs
    title      the heading of every frame (default: the model's repr)
    fps        frames per second when played
    dpi        the frames' resolution
    frames     how many snapshots to show, evenly spread (None: all)
    max_edges  edges drawn before thinning to the largest"""

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
        self.classes = boundary.are_classes(self.y)
        self.plane, self.panel = self._planes(features)
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
        return (Plane.around(self.X, features), boundary.BoundaryPanel(
            Plane.around(self.X, features, resolution=BOUNDARY_RESOLUTION), self.layout,
            self.X, self.y))

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
        panels = ["network", "curves"] if self.panel is None else \
            ["boundary", "network", "curves"]
        # no wider than a player at 1280 x 800 shows at its own size (so text stays >= 10 px)
        width = min(width, MAX_WIDTH_PX / self.dpi - 4.4 * (len(panels) - 1))
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
        if self.panel is not None:
            self.panel.build(named["boundary"], limits["outputs"])
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
        if self.panel is not None:
            limits["maps"] = self._map_limits()
            # what the boundary panel shows, computed once here for its scale and kept
            self._decisions = {i: self.panel.decision(self.recording.arrays(i))
                               for i in self.indices}
            limits["outputs"] = self.panel.limit(list(self._decisions.values()))
        return limits

    def _map_limits(self) -> list:
        """Per column of the network's maps, the colour scale of every frame (see map_limit)."""
        columns = [[] for _ in self.layout.sizes]
        for i in self.indices:
            for c, grid in enumerate(self.plane.outputs(self.recording.arrays(i))):
                columns[c].append(grid)
        return [map_limit(np.array(g)) for g in columns]

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
        """Where the boundary panel draws the boundary (see boundary.level)."""
        return boundary.level(self.layout, self.y)

    # --- one frame ---

    def _show(self, k: int) -> None:
        """Recolour the figure for frame k."""
        i = self._index(k)
        self._network.update(self.recording.arrays(i))
        self._show_curves(i)
        if self.panel is not None:
            self.panel.show(self._decisions[i])
        self._heading.set_text(f"{self.title}   ·   {self.label(k)}")

    def _show_curves(self, i: int) -> None:
        """Move the curves' marker and dots to snapshot i's epoch."""
        r = self.recording
        marker, dot, accuracy_dot = self._curves
        marker.set_xdata([r.epochs[i], r.epochs[i]])
        for artist, number in ((dot, r.loss[i]), (accuracy_dot, r.accuracy[i])):
            if artist is not None:
                artist.set_data(*(([r.epochs[i]], [number]) if number is not None
                                  else ([], [])))

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
        panel = [] if self.panel is None else self.panel.changing()
        marker, dot, accuracy_dot = self._curves
        return (panel + self._network.changing()
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
        folder_for(path)
        with open(path, "wb") as f:
            f.write(png.with_numbers(_png(self.frame(k)), numbers))
        return path

    def save(self, *paths: Union[str, os.PathLike]) -> List[str]:
        """Write the film to each path, by suffix: .gif (animated, looping) or .html (the
        player). Each frame is drawn once for all of them. Returns the paths."""
        paths = _film_paths(paths)
        wants = {os.path.splitext(p)[1].lower() for p in paths}
        gif_frames, png_frames = [], []
        for k in range(len(self)):
            image = self.frame(k).quantize(colors=255, method=2)    # a quarter of the bytes
            if ".gif" in wants:
                gif_frames.append(image)
            if ".html" in wants:
                png_frames.append(_png(image))
        for p in paths:
            folder_for(p)
            if p.lower().endswith(".gif"):
                _write_gif(p, gif_frames, self.fps)
            else:
                with open(p, "w", encoding="utf-8") as f:
                    f.write(self._player(png_frames))
        return paths

    def _player(self, png_frames: Sequence[bytes]) -> str:
        """The HTML player: frames embedded as data, a slider, play/pause and the keys."""
        frames = [base64.b64encode(f).decode("ascii") for f in png_frames]
        labels = [self.label(k) for k in range(len(self))]
        data = {"frames": frames, "labels": labels, "fps": self.fps}
        return page("nn.drawing", "film.html", TITLE=html.escape(self.title),
                    DATA=script_json(data))

    def _repr_html_(self) -> str:
        """In Jupyter a Film shows as its player, in a frame of its own (frames embedded, no
        file, no network)."""
        from autograd.drawing.notebook import inline_frame
        frames = [_png(self.frame(k).quantize(colors=255, method=2)) for k in range(len(self))]
        width, height = self.frame(0).size
        return inline_frame(self._player(frames), height=int(height * 900 / width) + 150)


def _film_paths(paths) -> List[str]:
    """The paths as strings; ValueError unless there is one and each ends in .gif or .html."""
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise ValueError("Film.save needs at least one path (.gif or .html)")
    for p in paths:
        if os.path.splitext(p)[1].lower() not in FILM_SUFFIXES:
            raise ValueError(f"cannot tell what to write from {p!r}: a film's name should "
                             f"end in {' or '.join(FILM_SUFFIXES)}")
    return paths


def _write_gif(path: str, frames: list, fps: float) -> None:
    """An animated GIF of `frames` that loops, holding the last frame 2 s before it does."""
    duration = int(round(1000 / fps))
    durations = [duration] * len(frames)
    durations[-1] = max(duration, 2000)
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=durations, loop=0,
                   optimize=False)


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
