"""Colours come from one place (autograd/drawing/colours.py), so one thing looks the same in
every view."""

import glob
import os
import re

import numpy as np
import pytest

from autograd.drawing import colours

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_no_colour_is_written_outside_the_palette():
    found = []
    for path in glob.glob(os.path.join(ROOT, "*", "**", "*.py"), recursive=True):
        relative = os.path.relpath(path, ROOT)
        if relative.split(os.sep)[0] not in ("autograd", "nn", "demos") or \
                relative == os.path.join("autograd", "drawing", "colours.py"):
            continue
        with open(path, encoding="utf-8") as f:
            found += [f"{relative}: {m}" for m in HEX.findall(f.read())]
    assert found == []
    template = os.path.join(ROOT, "autograd", "drawing", "templates", "steps.html")
    with open(template, encoding="utf-8") as f:
        assert colours.HIGHLIGHT not in f.read()          # filled in from the palette


def test_class_zero_is_the_same_colour_in_a_film_and_a_demos_boundary_picture(tmp_path):
    pytest.importorskip("matplotlib")
    from matplotlib.colors import to_hex

    from demos.common import plot_decision_boundary, pyplot
    from nn import MLP, Film, fit
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0])
    model = MLP(2, [3, 1], activation="tanh", seed=0)
    history = fit(model, X, y, epochs=2, record=1, progress=False, seed=0)
    film = Film(history.recording, X, y)
    film.frame(0)
    film_colours = [to_hex(a.get_facecolor()[0]) for a in film.panel.over_map[:2]]
    assert film_colours == list(colours.CLASSES)

    plt = pyplot()
    seen = []
    original = plt.Axes.scatter

    def spy(ax, *args, **kwargs):
        seen.append(to_hex(kwargs["color"]))
        return original(ax, *args, **kwargs)
    plt.Axes.scatter = spy
    try:
        plot_decision_boundary(str(tmp_path / "b.png"), "t", lambda p: p[:, 0] > 0.5, X, y)
    finally:
        plt.Axes.scatter = original
    assert seen == list(colours.CLASSES)


def test_the_graph_and_the_network_take_their_colours_from_the_palette():
    from autograd.drawing.picture import KINDS
    from nn.drawing.network_picture import CMAP
    assert KINDS["parameter"]["fillcolor"] == colours.PARAMETER
    assert CMAP == colours.SIGN_MAP
