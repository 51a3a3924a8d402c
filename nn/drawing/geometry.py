"""Where a network picture puts its neurons, and how large it is: in neuron spacings, the unit
that keeps names readable, so that the picture and a film of it agree on the same sizes."""

from typing import List, Optional, Tuple

import numpy as np

from ..arrays import Layout

COLUMN_GAP = 3.2         # horizontal distance between layers, in neuron spacings
TALLEST = 16             # layers up to this many neurons get one spacing per neuron, labelled


def centres(n: int, c: int) -> List[Tuple[float, float]]:
    """Centres of a column of n neurons: one spacing apart up to TALLEST, then squeezed into
    TALLEST - 1 spacings; centred on y = 0, first on top."""
    span = min(n - 1, TALLEST - 1)
    ys = np.linspace(span / 2, -span / 2, n) if n > 1 else np.zeros(1)
    return [(COLUMN_GAP * c, float(y)) for y in ys]


def extent(layout: Layout) -> Tuple[float, float]:
    """Width and height of the drawing, in neuron spacings (the Axes limits it sets)."""
    top = min(max(layout.sizes) - 1, TALLEST - 1) / 2
    return COLUMN_GAP * (len(layout.sizes) - 1) + 2.0, 2 * top + 2.6


def figure_size(layout: Layout, height: Optional[float] = None) -> Tuple[float, float]:
    """Inches for a picture of `layout`, colour bar included: by default neurons about half an
    inch apart, so that their names are readable at 100 dpi; or the width that goes with
    `height`."""
    wide, tall = extent(layout)
    if height is None:
        height = max(3.2, 0.52 * (tall - 2.6) + 2.4)
    return max(height * wide / tall, 2.4) + 1.6, height
