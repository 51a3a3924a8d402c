"""What a Jupyter notebook shows for the project's objects (their `_repr_html_`).

A cell whose result is a Value shows its graph (Value._repr_html_ calls `graph_html`); a graph
too large to draw whole is shown a group at a time (the grouped page, in a frame), and a
machine without Graphviz gets a sentence saying why, the DOT source and how to install
Graphviz, instead of an exception. Whole pages
(the step-through, a training film) go in a frame of their own (`inline_frame`), so that
their scripts and styles cannot meet the notebook's or each other's, and nothing needs a file
or the network.
"""

import html
import re

from ..value import Value

MAX_NODES = 200          # a notebook cell draws graphs up to this size
SCALE = 0.8              # px per pt of the graph: Graphviz's 14 pt text shows at 11 px


def graph_html(root: Value, max_nodes: int = MAX_NODES) -> str:
    """root's graph as inline SVG (at its own size, scrolling where it is larger than the
    cell); above `max_nodes`, its grouped page in a frame (autograd/drawing/grouped.py); a
    note and the DOT source where Graphviz cannot draw it."""
    from ..graph import creation_order
    from .picture import INSTALL_HINT, GraphvizFailed, GraphvizMissing
    from .render import draw_dot
    if len(creation_order(root)) > max_nodes:
        from .grouped import grouped_page
        return inline_frame(grouped_page(root), height=640)
    dot = draw_dot(root, rankdir="auto", max_nodes=max_nodes)   # "auto": fits a window best
    try:
        svg = dot.pipe(format="svg").decode("utf-8")
    except GraphvizMissing:
        return (f"<p>Graphviz's <code>dot</code> program is not installed, so here is the "
                f"graph's DOT source instead; install it ({html.escape(INSTALL_HINT)}) to see "
                f"the picture.</p><pre>{html.escape(dot.source)}</pre>")
    except GraphvizFailed as e:
        return f"<p>{html.escape(str(e))}</p><pre>{html.escape(repr(root))}</pre>"
    # At a fixed scale (node text about 11 px), in a box that scrolls: a notebook would
    # otherwise shrink a wide graph to the cell's width, and its text below what anyone reads.
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"',
                 lambda m: (f'<svg style="max-width: none" width="{float(m[1]) * SCALE:.0f}px" '
                            f'height="{float(m[2]) * SCALE:.0f}px"'), svg, count=1)
    return f'<div style="overflow: auto; max-height: 640px">{svg}</div>'


def inline_frame(page: str, height: int) -> str:
    """A whole HTML page inside a frame of the notebook (srcdoc: no file, no network)."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width: 100%; '
            f'height: {int(height)}px; border: 1px solid #ddd" sandbox="allow-scripts">'
            f'</iframe>')

