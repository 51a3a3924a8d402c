"""What every demo shares: its command line, where its pictures go, and how they are drawn."""

import argparse
import os
from typing import Callable, Optional, Sequence

from autograd import GraphvizMissing, render


def main(run: Callable[..., dict], doc: str, epochs: Optional[int] = None, seed: int = 0,
         argv: Optional[Sequence[str]] = None) -> dict:
    """Parse a demo's command line (--out, --seed, and --epochs where it trains) and run it."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0], epilog=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="out", help="folder for pictures (default: out)")
    parser.add_argument("--seed", type=int, default=seed, help=f"random seed (default: {seed})")
    if epochs is not None:
        parser.add_argument("--epochs", type=int, default=epochs,
                            help=f"training epochs (default: {epochs})")
    args = vars(parser.parse_args(argv))
    return run(**args)


def save_graph(root, path: str, **draw_options) -> str:
    """Draw root's graph to `path`, running whichever way reads best (rankdir="auto") unless
    told otherwise. Where Graphviz's `dot` is missing, the demo writes the DOT source next to
    it instead (a .gv file), says so and carries on; returns the file written."""
    draw_options.setdefault("rankdir", "auto")
    try:
        return render(root, path, **draw_options)
    except GraphvizMissing as e:
        source = render(root, os.path.splitext(path)[0] + ".gv", **draw_options)
        print(f"({e} The DOT source is in {source}.)")
        return source


def figure_path(out: str, name: str) -> str:
    os.makedirs(out, exist_ok=True)
    return os.path.join(out, name)


def pyplot():
    """matplotlib's pyplot, drawing to files only (no window)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def plot_curves(path: str, title: str, ylabel: str, curves: dict, log_y: bool = False) -> str:
    """One PNG with a line per entry of `curves` ({label: values per epoch})."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for label, values in curves.items():
        ax.plot(range(1, len(values) + 1), values, label=label)
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
    (n, 2) array; it returns n labels), and draw the samples on top."""
    import numpy as np
    plt = pyplot()
    X, y = np.asarray(X), np.asarray(y)
    pad = 0.5
    xs = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    ys = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    a, b = np.meshgrid(xs, ys)
    grid = np.asarray(classify(np.column_stack([a.ravel(), b.ravel()]))).reshape(a.shape)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.contourf(xs, ys, grid, levels=1, cmap="coolwarm", alpha=0.35)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", edgecolors="k", s=25)
    ax.set(title=title, xlabel="x1", ylabel="x2")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
