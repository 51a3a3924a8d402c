"""`show_live(root)`: the live page as a notebook widget joined to the kernel's Values.

Built with anywidget (JupyterLab, Notebook 7, VS Code, Colab): the page runs in a frame of the
widget (autograd/live/js/widget.js), as live as on its own; a leaf the learner changes there
is set in Python too (`.data`, with every node's data and `.grad` recomputed), and
`widget.set("w", 0.7)` from Python moves the page. Where no kernel runs (a notebook saved to
HTML) the output falls back to the page in a frame, live on its own. anywidget comes with the
`notebooks` extra.
"""

import math
from importlib import resources

from ..graph import node_names, topological_order
from ..ops import CONSTANT
from ..value import Value, real
from .live import live_page
from .notebook import inline_frame

HEIGHT = 640


def recompute(root: Value) -> None:
    """Every node's data from its leaves' (creation order), then every `.grad` in the graph
    afresh: set to 0, then root.backward(). ValueError, changing nothing, where an op is
    outside its domain."""
    order = topological_order(root)
    data = {}
    for node in reversed(order):
        if not node.parents:
            continue
        args = [data.get(p, p.data) for p in node.parents]
        op = node.operation
        if op.undefined is not None and op.undefined(*args):
            raise ValueError(f"{node_names(order)[node]}: {op.reason(*args)}")
        data[node] = op.forward(*args)
    for node, value in data.items():
        node.data = value
    for node in order:
        node.grad = 0.0
    root.backward()


def page_widget_class():
    """The widget class that shows a page in a frame and joins it to Python both ways (see
    autograd/live/js/widget.js): the page's changes arrive as `on_edit(name, value)`, and
    `push(name, value)` passes one into the page. The live page and nn.browser.playground use it."""
    import anywidget
    import traitlets

    class PageWidget(anywidget.AnyWidget):
        _esm = resources.files("autograd.live").joinpath("js", "widget.js").read_text("utf-8")
        page = traitlets.Unicode("").tag(sync=True)
        height = traitlets.Int(HEIGHT).tag(sync=True)
        edit = traitlets.Dict({}).tag(sync=True)        # from the page: {name, value, count}
        # to the page: every name's latest value, [[name, value], ...], the one set `last`
        # and a `count` (so that setting a value again is a change): see widget.js
        pushed = traitlets.Dict({"values": [], "last": None, "count": 0}).tag(sync=True)

        def __init__(self, page: str, on_edit, height: int = HEIGHT) -> None:
            super().__init__(page=page, height=height)
            self.on_edit = on_edit
            self.observe(lambda change: self.on_edit(change["new"].get("name"),
                                                     change["new"].get("value")), names="edit")

        def push(self, name: str, value) -> None:
            """Set `name` to `value` on the page: now in every frame showing it, and in any
            frame that shows it later, once its page has loaded."""
            values = [pair for pair in self.pushed["values"] if pair[0] != name]
            self.pushed = {"values": values + [[name, value]], "last": name,
                           "count": self.pushed["count"] + 1}

        def _repr_mimebundle_(self, **kwargs):
            """The widget; and, for a notebook saved without its kernel, the page itself."""
            bundle = super()._repr_mimebundle_(**kwargs)
            data = bundle[0] if isinstance(bundle, tuple) else bundle
            data["text/html"] = inline_frame(self.page, height=self.height)
            return bundle

    return PageWidget


def _widget_class():
    class LiveWidget(page_widget_class()):
        """root's live page, joined to its Values (see the module docstring)."""

        def __init__(self, root: Value, **kwargs) -> None:
            super().__init__(live_page(root, **kwargs), self._edited)
            self.root = root
            order = topological_order(root)
            self.leaves = {name: node for node, name in node_names(order).items()
                           if not node.parents and node.operation is not CONSTANT}

        def _edited(self, name: str, value) -> None:
            """A leaf changed on the page: the kernel's Values take it, and so does a frame
            that shows the page later."""
            if name in self.leaves:
                self._take(name, float(value))
                self.push(name, float(value))

        def _take(self, name: str, x: float) -> None:
            leaf = self.leaves[name]
            before = leaf.data
            leaf.data = x
            try:
                recompute(self.root)
            except ValueError:
                leaf.data = before
                raise

        def set(self, name: str, x: float) -> None:
            """Set leaf `name` to the finite number x here and on the page (which recomputes
            as if it had been typed)."""
            if name not in self.leaves:
                raise KeyError(f"{name!r} is not a leaf of this graph (leaves: "
                               f"{', '.join(self.leaves)})")
            x = real(x, f"show_live: the value of {name}")
            if not math.isfinite(x):
                raise ValueError(f"show_live: the value of {name} must be a finite number, "
                                 f"got {x}")
            self._take(name, x)
            self.push(name, x)

    return LiveWidget


def show_live(root: Value, rankdir: str = "auto", max_nodes: int = 500):
    """root's live page as a notebook widget joined to its Values (needs anywidget: pip
    install "seegrad[notebooks]")."""
    if not isinstance(root, Value):
        raise TypeError(f"show_live needs a Value, got {type(root).__name__}")
    try:
        cls = _widget_class()
    except ImportError:
        raise ImportError("show_live needs anywidget: pip install anywidget (or the project's "
                          "notebooks extra)") from None
    return cls(root, rankdir=rankdir, max_nodes=max_nodes)
