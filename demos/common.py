"""What every demo shares: its command line, where its pictures go, and how they are drawn."""

import argparse
import os
import shutil
import tempfile
from typing import Callable, Optional, Sequence, Tuple

from autograd import GraphvizMissing, render


def main(run: Callable[..., dict], doc: str, epochs: Optional[int] = None, seed: int = 0,
         seeded: bool = True, argv: Optional[Sequence[str]] = None,
         flags: Sequence[Tuple[str, str]] = (),
         counts: Sequence[Tuple[str, int, str]] = ()) -> dict:
    """Parse a demo's command line (--out, --seed, --epochs where it trains, on/off `flags`:
    (name, help) pairs, and other whole numbers `counts`: (name, default, help)) and run it.
    Bad values are argparse errors (one line, exit status 2), never tracebacks."""
    spec = run.__globals__.get("__spec__")        # demos.xor when run as python -m demos.xor
    parser = argparse.ArgumentParser(prog=f"python -m {spec.name}" if spec else None,
                                     description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="out", type=_writable_folder,
                        help="folder for pictures (default: out)")
    parser.add_argument("--seed", type=int, default=seed,
                        help=f"random seed (default: {seed})" if seeded else
                        "has no effect here: this demo draws no random numbers")
    if epochs is not None:
        parser.add_argument("--epochs", type=_positive_int, default=epochs,
                            help=f"training epochs, at least 1 (default: {epochs})")
    for name, help_text in flags:
        parser.add_argument(f"--{name}", action="store_true", help=help_text)
    for name, default, help_text in counts:
        parser.add_argument(f"--{name}", type=_positive_int, default=default,
                            help=f"{help_text}, at least 1 (default: {default})")
    args = vars(parser.parse_args(argv))
    return run(**args)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _writable_folder(text: str) -> str:
    """The folder, made if need be, once it is known that files can be written in it."""
    try:
        os.makedirs(text, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=text, prefix=".write-test-")
        probe.close()
    except OSError as e:
        raise argparse.ArgumentTypeError(f"cannot write in {text!r}: "
                                         f"{e.strerror or e}") from None
    return text


_told_about_graphviz = []


def graphviz_missing(e: Exception) -> None:
    """Say once per run that Graphviz is missing and how to install it."""
    if not _told_about_graphviz:
        _told_about_graphviz.append(True)
        print(f"({e}) The demos write the DOT sources (.gv) instead of the drawings.")


def save_graph(root, path: str, **draw_options) -> str:
    """Draw root's graph to `path`, running whichever way reads best (rankdir="auto") unless
    told otherwise. Where Graphviz's `dot` is missing, the demo writes the DOT source next to
    it instead (a .gv file), says so and carries on; returns the file written."""
    draw_options.setdefault("rankdir", "auto")
    try:
        return render(root, path, **draw_options)
    except GraphvizMissing as e:
        graphviz_missing(e)
        return render(root, os.path.splitext(path)[0] + ".gv", **draw_options)


def page(path: str) -> str:
    """A page's path as the demos print it: said to use the simple layout where Graphviz's
    `dot` is missing (the pages are written either way)."""
    return path if shutil.which("dot") else f"{path} (simple layout: Graphviz is missing)"


def figure_path(out: str, name: str) -> str:
    os.makedirs(out, exist_ok=True)
    return os.path.join(out, name)


def save_film(recording, out: str, name: str, X, y, **options) -> list:
    """The film of a recording (nn.drawing.film.Film) as out/NAME.gif and out/NAME.html; returns the
    two paths."""
    from nn.drawing.film import Film
    film = Film(recording, X, y, **options)
    paths = film.save(figure_path(out, f"{name}.gif"), figure_path(out, f"{name}.html"))
    print(f"film of {len(film)} frames (epochs {recording.epochs[film.indices[0]]:,} to "
          f"{recording.epochs[film.indices[-1]]:,}): {paths[0]}, {paths[1]}")
    return paths


def pyplot():
    """matplotlib's pyplot, drawing to files only (no window)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def plot_curves(path: str, title: str, ylabel: str, curves: dict, log_y: bool = False,
                x=None) -> str:
    """One PNG with a line per entry of `curves` ({label: values per epoch}); `x` gives the
    epochs the values belong to, where they are not 1, 2, 3, ..."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.2))
    # Each curve its own line style and markers, so a curve lying on another stays visible.
    looks = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "d")]
    for k, (label, values) in enumerate(curves.items()):
        style, marker = looks[k % len(looks)]
        ax.plot(range(1, len(values) + 1) if x is None else x, values, label=label,
                linestyle=style,
                marker=marker, markevery=max(len(values) // 12, 1), markersize=5,
                markerfacecolor="none", linewidth=1.8 if k == 0 else 1.4)
    ax.set(title=title, xlabel="epoch", ylabel=ylabel)
    if log_y:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_decision_boundary(path: str, title: str, classify: Callable, X, y,
                           resolution: int = 150) -> str:
    """Shade the plane by the class `classify(points)` gives each point of a grid (points: an
    (n, 2) array; it returns n labels), and draw the samples on top, in the classes' colours
    of every other picture (autograd.drawing.colours: the lower label red, the upper blue)."""
    import numpy as np
    from matplotlib.colors import ListedColormap

    from autograd.drawing import colours
    plt = pyplot()
    X, y = np.asarray(X), np.asarray(y)
    pad = 0.5
    xs = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    ys = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    a, b = np.meshgrid(xs, ys)
    grid = np.asarray(classify(np.column_stack([a.ravel(), b.ravel()]))).reshape(a.shape)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    two = ListedColormap(colours.CLASSES)
    ax.contourf(xs, ys, grid, levels=1, cmap=two, alpha=0.3)
    for label, colour in zip(np.unique(y), colours.CLASSES):
        chosen = y == label
        ax.scatter(X[chosen, 0], X[chosen, 1], color=colour, edgecolors="k", s=25,
                   label=f"class {label:g}")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.8)
    ax.set(title=title, xlabel="x1", ylabel="x2")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
