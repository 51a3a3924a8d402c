"""The NumPy backend's step for a layer of neurons (`ir.DenseNode`): its forward is one matrix
product, W @ sources (+ b), and its backward two, dW = gradient @ sources.T and, where the
sources need gradient, W.T @ gradient; the bias's gradient is the gradient summed over the
batch. `numpy_steps.py` says what a step offers; this one writes its passes by the quickest
way its places allow (see `DenseStep.bind`)."""

from typing import NamedTuple, Optional, Set

import numpy as np

from . import exact, numpy_code
from .ir import DenseNode
from .places import Bound, Inputs, Place, any_needed, as_index, count


class DenseStep:
    """A layer: one matrix product forward, two backward (one when its sources are inputs,
    which need no gradient)."""

    def __init__(self, layer: DenseNode, needed: Set[int], size: int,
                 reads_inputs: bool = False) -> None:
        self.rows, self.sources = Place(as_index(layer.rows)), Place(as_index(layer.sources))
        self.reads_inputs = reads_inputs     # its sources are X itself (see _load)
        self.weights = Place(layer.weights, params=size)
        self.bias = None if layer.bias is None else Place(layer.bias, params=size)
        self.runs_backward = any(r in needed for r in layer.rows)
        self.source_grads = any_needed(needed, self.sources.index)
        self.folded = self._fold(layer)

    def _fold(self, layer: DenseNode):
        """(rows of the sources and the ones row after them, the weights' window in the
        parameter vector, its (neurons, inputs + 1) shape) where the bias trick applies: a
        ones row follows the sources (see compact) and each neuron's bias follows its weights
        in the parameter vector, as nn lays them out. Then [W | b] @ [sources; 1] is one
        product, and so is its gradient [dW | db] = gradient @ [sources; 1].T. Else None."""
        block, index = self.weights.block, self.sources.index
        if (layer.ones is None or layer.bias is None or block is None or block[1] is None
                or not isinstance(index, slice) or index.stop != layer.ones):
            return None
        window, (n, stride), width = block
        if stride != width + 1 or not np.array_equal(
                layer.bias, window.start + stride * np.arange(n) + width):
            return None
        return slice(index.start, layer.ones + 1), window, (n, stride)

    def _write_views(self, work, code, out: np.ndarray, sources, gradient,
                     dsources: Optional[np.ndarray]):
        """forward (and backward, where `gradient` is a view and every gradient is written
        into place, else None) where the result and the weights are views: the weights' views
        made anew for each parameter vector (`Workspace.weight_views`), the rest once.

        work      the workspace whose arrays the statements run on
        code      where the arrays are named
        out       the view of the rows the layer writes
        sources   the rows it reads: a view, the batch's inputs, or a Place to gather them
        gradient  the view of its rows' gradient (None where it is gathered)
        dsources  the view of its sources' gradient, where they need one"""
        weights = work.weight_views
        W = weights.name("W", self.weights.view_of)
        W_T = weights.name("W_T", lambda vector: self.weights.view_of(vector).T)
        b = None if self.bias is None else weights.name(
            "b", lambda vector: self.bias.view_of(vector)[:, None])
        read, V = _sources(code, sources), code.name(out, "V")
        forward = [f"np.matmul({W}, {read}, out={V})"]
        if b is not None:
            forward.append(f"np.add({V}, {b}, out={V})")
        if gradient is None:
            return forward, None
        G, dW = code.name(gradient, "G"), work.grad_views.name("dW", self.weights.view_of)
        db = None if self.bias is None else work.grad_views.name("db", self.bias.view_of)
        backward = [f"np.matmul({G}, {read}.T, out={dW})"]
        if db is not None:
            ones = code.name(work.ones, "ones")      # G @ ones: BLAS sums the batch faster
            backward.append(f"np.matmul({G}, {ones}, out={db})")
        if dsources is not None:
            backward.append(f"np.matmul({W_T}, {G}, out={code.name(dsources, 'dS')})")
        return forward, backward

    def describe(self) -> str:
        return (f"a layer of {numpy_code.many(count(self.rows.index), 'neuron')} reading "
                f"{numpy_code.many(count(self.sources.index), 'row')}"
                + (", the bias trick" * bool(self.folded)))

    def places(self) -> list:
        """Where backward passes gradient, in order."""
        return [self.weights, self.bias] + [self.sources] * self.source_grads

    def backward_exactly(self, work) -> None:
        exact.dense_step(self, work)

    def _write_folded(self, work, code, out: np.ndarray, gradient: np.ndarray,
                      dsources: Optional[np.ndarray]):
        """forward and backward with the bias trick (see _fold): one product each way, and
        one more backward for the sources' gradient.

        work      the workspace whose arrays the statements run on
        code      where the arrays are named
        out       the view of the rows the layer writes
        gradient  the view of its rows' gradient
        dsources  the view of its sources' gradient, where they need one"""
        rows, window, shape = self.folded
        with_ones = work.values[rows]                       # (inputs + 1, batch): a view
        Wb = work.weight_views.name("Wb", lambda vector: vector[window].reshape(shape))
        W_T = work.weight_views.name(
            "W_T", lambda vector: vector[window].reshape(shape)[:, :-1].T)
        S, V, G = code.name(with_ones, "S"), code.name(out, "V"), code.name(gradient, "G")
        dWb = work.grad_views.name("dWb", lambda vector: vector[window].reshape(shape))
        backward = [f"np.matmul({G}, {code.name(with_ones.T, 'S_T')}, out={dWb})"]
        if dsources is not None:
            backward.append(f"np.matmul({W_T}, {G}, out={code.name(dsources, 'dS')})")
        return [f"np.matmul({Wb}, {S}, out={V})"], backward

    def bind(self, work, code):
        """forward and backward on `work`, by the quickest way its places allow: one product
        each way with the bias trick (`_write_folded`) where every place is a view and the
        backward writes each first; views (`_write_views`) for the forward, and for the
        backward where it writes into views first; else gathers and scatters (`_gathered`)."""
        p = _LayerPlaces(
            out=self.rows.bind(work.values), upstream=self.rows.bind(work.grads),
            W=self.weights.bind(work.weights), W_grads=self.weights.bind(work.param_grads),
            b=self.bias.bind(work.weights) if self.bias else None,
            b_grads=self.bias.bind(work.param_grads) if self.bias else None,
            sources=Inputs(work) if self.reads_inputs else self.sources.bind(work.values),
            source_grads=self.sources.bind(work.grads) if self.source_grads else None)
        views = _views(p.out, p.W, p.b)
        in_place = views and _views(p.upstream) and _first_views(p.W_grads, p.b_grads,
                                                                p.source_grads)
        dsources = p.source_grads.view if p.source_grads else None
        if in_place and self.folded is not None:
            return self._write_folded(work, code, p.out.view, p.upstream.view, dsources)
        if in_place:
            return self._write_views(work, code, p.out.view, p.sources, p.upstream.view,
                                     dsources)
        forward, backward = self._gathered(p)
        forward = code.call(forward)
        if views:
            forward, _ = self._write_views(work, code, p.out.view, p.sources, None, dsources)
        work.copies_weights = True           # the gathers read the workspace's own vector
        work.copies_grads = True             # and write its own gradient vector
        return forward, code.call(backward)

    @staticmethod
    def _gathered(p: "_LayerPlaces"):
        """forward and backward through get, fill and receive: for places that are not views."""
        def forward():
            p.out.fill(np.matmul, p.W.get(), p.sources.get())
            if p.b is not None:
                p.out.add(p.b.get()[:, None])

        def backward():
            gradient = p.upstream.get()
            p.W_grads.receive(np.matmul, gradient, p.sources.get().T)
            if p.b is not None:
                p.b_grads.receive(np.add.reduce, gradient, axis=1)
            if p.source_grads is not None:
                p.source_grads.receive(np.matmul, p.W.get().T, gradient)
        return forward, backward


class _LayerPlaces(NamedTuple):
    """A layer's places bound to one workspace (None where a layer has none)."""
    out: Bound
    upstream: Bound
    W: Bound
    W_grads: Bound
    b: Optional[Bound]
    b_grads: Optional[Bound]
    sources: object                  # a Bound, or Inputs (the batch, read in place)
    source_grads: Optional[Bound]


def _sources(code, sources) -> str:
    """How the statements read a layer's sources: a view's name, the batch's inputs as this
    call's X sets them (see Inputs), or a gather."""
    if getattr(sources, "view", None) is not None:
        return code.name(sources.view, "S")
    if isinstance(sources, Inputs):
        return f"{code.name(sources.work, 'work')}.inputs"
    return f"{code.name(sources, 'S')}.get()"


def _views(*places) -> bool:
    """Whether every place given (None: absent) is a view."""
    return all(p is None or p.view is not None for p in places)


def _first_views(*places) -> bool:
    """Whether every place given is a view that backward writes first."""
    return all(p is None or (p.view is not None and p.first) for p in places)
