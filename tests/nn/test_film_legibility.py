"""A film's text is readable where it is shown: every label at least 10 px high in a frame that
the player (and a notebook) at 1280 x 800 shows at its own size, and no two labels overlap."""

import numpy as np
import pytest

from nn import MLP, Film, fit

PLAYER_WIDTH = 1240          # the player's frame at 1280 x 800, less its margins


def labels(film: Film, k: int = 0) -> list:
    """(text, its box in the frame's pixels) for every label drawn in frame k."""
    from matplotlib.text import Text
    film.frame(k)
    figure = film._figure
    renderer = figure.canvas.get_renderer()
    undrawn = _labels_of_ticks_outside_the_view(figure)
    found = []
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip() and id(text) not in undrawn:
            box = text.get_window_extent(renderer)
            if box.width > 0:
                found.append((text.get_text(), box))
    return found


def _labels_of_ticks_outside_the_view(figure) -> set:
    """The tick labels matplotlib keeps but does not draw: those of ticks the locator put
    beyond the axis's limits (a text artist of its own, but never on the picture)."""
    hidden = set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            slack = (high - low) * 1e-9
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - slack <= tick.get_loc() <= high + slack:
                    hidden.update((id(tick.label1), id(tick.label2)))
    return hidden


def overlapping(found: list) -> list:
    pairs = []
    for i, (a, box_a) in enumerate(found):
        for b, box_b in found[i + 1:]:
            if (box_a.x0 < box_b.x1 - 0.5 and box_b.x0 < box_a.x1 - 0.5
                    and box_a.y0 < box_b.y1 - 0.5 and box_b.y0 < box_a.y1 - 0.5):
                pairs.append((a, b))
    return pairs


def films():
    xor_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    xor = MLP(2, [3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    yield "xor 2-3-1", xor, xor_X, [0, 1, 1, 0], "mse"
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    yield "2-10-2 softmax", MLP(2, [10, 2], activation="tanh", output_activation="linear",
                                seed=0), X, y, "cross_entropy"
    yield "2-16-16-1", MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid",
                           seed=0), X, y, "bce"


@pytest.mark.parametrize("name, model, X, y, loss", list(films()), ids=lambda v: str(v)[:16])
def test_every_label_is_at_least_10_px_and_none_overlap(name, model, X, y, loss):
    pytest.importorskip("matplotlib")
    history = fit(model, X, y, loss=loss, epochs=12, record=4, progress=False)
    film = Film(history.recording, X, y)
    assert film.frame(0).size[0] <= PLAYER_WIDTH             # shown at its own size
    found = labels(film)
    small = [(t, round(box.height, 1)) for t, box in found if box.height < 10]
    assert small == [], name
    assert overlapping(found) == [], name
