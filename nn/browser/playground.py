"""`playground(model, X, y, ...)`: train a network in the browser, live, with fit's numbers.

The page trains with nn/browser/js/trainer.js (the model's loss graph per sample, the op table's
generated engine, the optimizers' and Python's shuffle's twins: see nn/browser/spec.py),
so after k steps its weights are the ones `fit` reaches with the same settings; its "Python
code" writes the fit calls that reach them after any sequence of changes (nn/browser/js/code.js). It
shows the data with the model's decision over the plane, the network (weights coloured by
sign, as wide as they are large), the loss and accuracy of every epoch on the training rows
and on the test rows, and controls: play, pause, step, reset, the learning rate, the batch
size, the optimizer, the loss and shuffle, changeable while it trains; a click on the plane
adds a point (Shift: of the other class). `export()` on the page gives a file `nn.load` reads.

    pg = playground(MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0),
                    X, y, loss="mse", optimizer="sgd", lr=0.5)
    pg.save("xor.html")           # one file, no network
"""

import html
import math
import os
from importlib import resources
from typing import Callable, Optional, Union

import numpy as np

from autograd.drawing import colours
from autograd.drawing.pages import graph_head, group_view_style, page, page_tail, script_json
from autograd.live.javascript import bundle, source

from .. import checks, datasets
from ..training import classes
from ..files import saved
from ..arrays import Layout, runs_as_arrays
from .spec import training_spec
from ..training.data import LOSS_LABEL, matrix
from ..files.saved import FORMAT, VERSION
from ..training.history import History
from ..modules import ACTIVATIONS, MLP, MODULES, Module
from ..training.optim import OPTIMIZERS, SGD, Optimizer
from .sample_groups import sample_groups
from .traced import mlp_parts

# The page's modules written from Python declarations, by file name.
GENERATED = {"datasets.js": datasets.javascript, "decision.js": classes.javascript}
SETTINGS = ("lr", "batch_size", "optimizer", "momentum", "shuffle", "loss", "speed", "playing")
# The page's limit on one sample's graph (the page reads it from here): a step is worked
# through a sample at a time, a large batch over several frames, so a sample is what must fit
# in about a frame.
MAX_SAMPLE_NODES = 16_000


class Playground:
    """A model, its data and training settings, as a page that trains it (see the module
    docstring). `page()` is the HTML; `save(path)` writes it. In Jupyter it is a widget
    (anywidget) joined to Python both ways: `model` takes the page's weights as it trains
    (and, after a reshape on the page, is the page's new model: its shape and weights), and
    `set("lr", 0.01)` (or any of SETTINGS) changes the page's setting; without anywidget, or
    where no kernel runs, it shows as the page itself."""

    def __init__(self, model: Module, spec: dict, title: str) -> None:
        self.model, self.spec, self.title = model, spec, title
        self._widget = None

    def widget(self):
        """The notebook widget showing the page (made once; needs anywidget)."""
        if self._widget is None:
            from autograd.drawing.widget import page_widget_class
            self._widget = page_widget_class()(self.page(), self._edited, height=760)
        return self._widget

    def _edited(self, name: str, value) -> None:
        """The page's weights (and its network's shape) after its latest steps: the model
        takes them, or is rebuilt as the page's network where it was reshaped there."""
        if name != "params" or not isinstance(value, dict):
            return
        architecture, params = value.get("architecture"), value.get("params")
        if architecture != self.model.architecture():
            self.model = _rebuilt(architecture, value.get("keys"), params)
            return
        for p, x in zip(self.model.parameters(), params):
            p.data = float(x)

    def set(self, name: str, value) -> None:
        """Change a setting on the page: lr, batch_size (None: all rows), optimizer ("sgd",
        "adam"), momentum, shuffle, loss, speed or playing, each checked as fit checks it."""
        checks.choice(name, "name", "Playground.set", SETTINGS)
        self.widget().push(name, _setting(name, value))

    def _repr_mimebundle_(self, **kwargs):
        try:
            return self.widget()._repr_mimebundle_(**kwargs)
        except ImportError:
            return {"text/html": self._repr_html_()}

    def page(self) -> str:
        """The page, one file that needs no network."""
        palette = {"classes": list(colours.CLASSES), "positive": colours.POSITIVE,
                   "negative": colours.NEGATIVE}
        style = page("nn.browser", "playground.css", LOSS=colours.LOSS, ACCURACY=colours.ACCURACY,
                     GROUPED=group_view_style())
        return page("nn.browser", "playground.html",
                    HEAD=graph_head(html.escape(self.title), style),
                    DATA=script_json(self.spec), COLOURS=script_json(palette),
                    TAIL=page_tail(bundle_scripts()), LOSS=colours.LOSS,
                    ACCURACY=colours.ACCURACY)

    def save(self, path: Union[str, os.PathLike]) -> str:
        path = os.fspath(path)
        if not path.lower().endswith(".html"):
            raise ValueError(f"a playground is written as a page: {path!r} should end in .html")
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.page())
        return path

    def _repr_html_(self) -> str:
        from autograd.drawing.notebook import inline_frame
        return inline_frame(self.page(), height=760)


def _rebuilt(architecture, keys, params) -> Module:
    """The page's reshaped network as a model: built from its architecture, state keys and
    weights as a file of them would be (nn.files.saved checks all three), or ValueError."""
    if not isinstance(params, list) or not isinstance(keys, list):
        raise ValueError("the playground's page sent weights without the keys they belong to")
    state, at = {}, 0
    for key, n in keys:
        state[key] = [float(x) for x in params[at:at + n]]
        at += n
    return saved.built({"format": FORMAT, "version": VERSION, "architecture": architecture,
                        "state": state}, "the playground's page", MODULES)


def _setting(name: str, value):
    """A setting's value as the page takes it, checked as fit checks its arguments."""
    who = "Playground.set"
    if name == "lr":
        return checks.real_number(value, "lr", who, minimum=0.0)
    if name == "momentum":
        return checks.real_number(value, "momentum", who, minimum=0.0)
    if name == "batch_size":
        return None if value is None else checks.whole_number(value, "batch_size", who)
    if name == "speed":
        return checks.whole_number(value, "speed", who)
    if name in ("shuffle", "playing"):
        return checks.flag(value, name, who)
    if name == "optimizer":
        return checks.choice(value, "optimizer", who, tuple(OPTIMIZERS))
    return checks.choice(value, "loss", who, ("mse", "bce", "cross_entropy"))


def bundle_scripts() -> str:
    """The page's scripts as one: nn/js's page and all it imports, from nn/js or, for the
    engine and the op table, autograd/live."""
    ours = resources.files("nn.browser").joinpath("js")

    def find(name: str) -> str:
        if name in GENERATED:
            return GENERATED[name]()
        mine = ours.joinpath(name)
        return mine.read_text("utf-8") if mine.is_file() else source(name)

    return bundle("playground.js", find)


def playground(model: Module, X, y, *, loss: Union[str, Callable] = "mse",
               optimizer: Union[str, Optimizer] = "sgd", lr: Optional[float] = None,
               batch_size: Optional[int] = 1, shuffle: bool = True, seed: int = 0,
               X_test=None, y_test=None, title: Optional[str] = None) -> Playground:
    """The model, its data and settings as a page that trains it live (see the module
    docstring). The training arguments mean what they mean to `fit` and are checked as fit
    checks them, before anything is made: a ValueError names `playground` and the argument.

    model       any nn Module of two inputs (the plane is drawn over them); an MLP, a Layer
                or a Neuron also shows its network
    X           the training rows
    y           their targets (class labels)
    loss        a name from nn.LOSSES, or your function (output, target) -> Value
    optimizer   "sgd" or "adam", or an optimizer over model.parameters() (SGD(...,
                momentum=0.7), Adam(..., betas=(0.5, 0.9)), or one of your own with a `rule`)
    lr          the learning rate of an optimizer given by name (default: its own, as fit's)
    batch_size  samples per step (None: all of them)
    shuffle     shuffle the samples every epoch
    seed        the shuffling's seed
    X_test      rows the page only measures (optional)
    y_test      their targets
    title       the page's heading"""
    who = "playground"
    if not isinstance(model, Module):
        raise ValueError(f"{who}: model must be an nn Module (an MLP, a Layer, a Neuron or one "
                         f"of your own), got {type(model).__name__}")
    _finite_weights(model)
    optimizer = _optimizer(optimizer, lr, model, who)
    batch_size = None if batch_size is None else checks.whole_number(batch_size, "batch_size",
                                                                      who)
    checks.flag(shuffle, "shuffle", who)
    checks.whole_number(seed, "seed", who, minimum=0)
    if title is not None and not isinstance(title, str):
        raise ValueError(f"{who}: title must be a str, got {checks.shown(title)}")
    if (X_test is None) != (y_test is None):
        raise ValueError(f"{who}: X_test and y_test go together (the test rows and their "
                         "targets); give both or neither")
    rows = matrix(X, "X", who)
    _within_floats(rows, "X")
    if rows.shape[1] != 2:
        raise ValueError(f"{who}: the page draws the data on a plane, so the model takes two "
                         f"inputs; X's rows hold {rows.shape[1]}")
    spec = training_spec(model, X, y, loss=loss, optimizer=optimizer, batch_size=batch_size,
                         shuffle=shuffle, seed=seed, who=who)
    _fits_the_page(spec)
    spec.update(_views(model, X, y, loss, X_test, y_test))
    spec["batchAll"] = batch_size is None
    spec["limits"] = {"sampleNodes": MAX_SAMPLE_NODES}
    return Playground(model, spec, title or _named(model))


def _named(model: Module) -> str:
    """The page's heading for a model: its repr, or for a Module of the learner's without
    one, its class and its number of parameters."""
    if type(model).__repr__ is not object.__repr__:
        return repr(model)
    return f"{type(model).__name__}, {len(model.parameters())} parameters"


def _optimizer(optimizer, lr, model: Module, who: str) -> Optimizer:
    """The optimizer the page trains with: one given by name at `lr` (its default rate if
    None), or the object given (then lr must be None: it has its own), as fit takes them."""
    if isinstance(optimizer, Optimizer):
        if lr is not None:
            raise ValueError(f"{who}: lr= goes with an optimizer given by name; this "
                             f"{type(optimizer).__name__} has its own (lr={optimizer.lr})")
        return optimizer
    checks.choice(optimizer, "optimizer", who, tuple(OPTIMIZERS))
    cls, default = OPTIMIZERS[optimizer]
    lr = default if lr is None else checks.real_number(lr, "lr", who, minimum=0.0)
    return cls(model.parameters(), lr=lr)


def _finite_weights(model: Module) -> None:
    """ValueError naming the first weight that is not a finite number: the page would draw
    nothing from it."""
    for key, row in model.state_dict().items():
        for i, x in enumerate(row):
            if not math.isfinite(x):
                raise ValueError(f"playground: the model's {key}[{i}] is {x}, not a finite "
                                 "number (did training diverge?)")


def _within_floats(rows: np.ndarray, what: str) -> None:
    """ValueError where a column's range (its largest value less its smallest, what the plane
    spans) is more than a float holds."""
    with np.errstate(over="ignore", invalid="ignore"):
        spans = rows.max(axis=0) - rows.min(axis=0)
    for k, span in enumerate(spans.tolist()):
        if not math.isfinite(span):
            raise ValueError(f"playground: {what}'s column {k} spans from "
                             f"{rows[:, k].min():g} to {rows[:, k].max():g}, more than a float "
                             "holds; scale the inputs (to about [-1, 1])")


def _fits_the_page(spec: dict) -> None:
    """ValueError where one sample's graph (the model's, then the loss's) is more than the
    page takes, so that it stays responsive."""
    nodes = len(spec["model"]["nodes"]) + max(
        len(p["nodes"]) for programs in spec["lossPrograms"].values()
        for p in programs.values())
    if nodes > MAX_SAMPLE_NODES:
        raise ValueError(f"playground: this model's graph of one sample is {nodes:,} nodes; the "
                         f"page takes at most {MAX_SAMPLE_NODES:,}, so that it stays responsive: "
                         "give a smaller model")


def _views(model: Module, X, y, loss, X_test, y_test) -> dict:
    """What the page needs besides training: the layers' places in the parameter vector (for
    a network of neurons in layers, which the page draws), the decision rule's threshold, the
    test rows, and how to write a file nn.load reads.

    model   the model trained
    X       the training rows (the plane is drawn around them)
    y       their labels
    loss    the loss (a name, or the learner's function)
    X_test  rows only measured, or None
    y_test  their labels"""
    labels = np.asarray(y)
    params = model.parameters()
    layout = Layout(model) if runs_as_arrays(model) else None
    return {
        "layers": _layers(layout),
        "threshold": classes.threshold(labels),
        "lowLabel": classes.lower(classes.threshold(labels)),
        "paramNames": [p.label or f"p[{i}]" for i, p in enumerate(params)],
        "neuronNames": layout.names if layout else [["x[0]", "x[1]"]],
        "labelValues": sorted(set(np.asarray(labels).ravel().tolist())),
        "activations": list(ACTIVATIONS),
        "parts": mlp_parts() if isinstance(model, MLP) else None,
        "file": {**{k: v for k, v in saved.contents(model, History()).items() if k != "state"},
                 "keys": _state_keys(model), "lossLabel": LOSS_LABEL},
        "plane": _plane(matrix(X, "X", "playground")),
        "sampleGraphs": sample_groups(model, X, y, loss),
        **_test_rows(model, loss, X_test, y_test),
    }


def _layers(layout: Optional[Layout]) -> Optional[list]:
    """Each layer's weights and biases as places in the parameter vector, and its activation:
    what the page draws the network from (None for a model not made of layers)."""
    if layout is None:
        return None
    return [{"weights": w.tolist(), "biases": None if b is None else b.tolist(), "activation": a}
            for w, b, a in zip(layout.weights, layout.biases, layout.activations)]


def _test_rows(model: Module, loss, X_test, y_test) -> dict:
    """The rows the page only measures, with their targets as the page holds them."""
    if X_test is None:
        return {"testX": [], "testTargets": []}
    _within_floats(matrix(X_test, "X_test", "playground"), "X_test")
    spec = training_spec(model, X_test, y_test, loss=loss,
                         optimizer=SGD(model.parameters(), lr=0.1), batch_size=None,
                         who="playground")
    return {"testX": spec["X"], "testTargets": spec["targets"]}


def _state_keys(model: Module) -> list:
    """[state dict key, how many parameters] in parameter order: how a parameter vector
    becomes the state dict a file holds."""
    return [[key, len(row)] for key, row in model.state_dict().items()]


def _plane(X: np.ndarray) -> dict:
    low, high = X.min(axis=0), X.max(axis=0)
    pad = np.maximum(high - low, 1e-9) * 0.25
    return {"xlim": [float(low[0] - pad[0]), float(high[0] + pad[0])],
            "ylim": [float(low[1] - pad[1]), float(high[1] + pad[1])]}
