"""What a compiled program is made of, and how it runs a batch.

The passes (`passes.py`) turn a traced graph into groups (`ir.py`): an `OpGroup` is nodes of
one level with one op, a `SumGroup` n-ary sums, a `DenseNode` a layer of neurons. A `Program`
turns each group into a *step* (made by a backend: `numpy_steps.py`) that knows, once and for
all, which rows it reads and writes (`places.py`) and where its backward pass sends gradient
(`plan.py`).

A batch runs in a `Workspace`: a value array and a gradient array with one row per node and
one column per sample, the parameter vector and its gradient, made once per batch size. Each
step binds to a workspace once, making its views into those arrays then, so that a call is
NumPy arithmetic and little else. At batch 32 a NumPy call on a group costs about a
microsecond, and a Python statement or a view costs about as much as the arithmetic it
starts, so everything that can be decided before the call is:

- parameters come as one vector; a layer's weights laid out as `nn` lays them out (each
  neuron's weights in a row, neurons at a fixed stride) are a strided view of it, not a gather,
  and their gradients are computed straight into a view of the gradient vector (for a long
  one, a vector handed out, written again only once the caller has let go of it: see
  POINT_FROM);
- gradient flows only where a parameter learns from it (`gradients_needed`): the first layer
  passes none back to the inputs;
- the first contribution to a gradient row is written rather than added (`plan_writes`), and a
  matrix product, a sum or an op's forward is computed straight into place (NumPy's `out=`);
- each step writes its passes as NumPy statements, and the workspace runs all of them as two
  generated functions (`numpy_code.py`), not as a Python call per step and per rule.
"""

import contextvars
import math
import sys
import threading
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

import numpy as np

from ..value import Value
from . import exact, numpy_code, numpy_steps, scalar
from .ir import DenseNode, Group, Rows
from .places import as_index, count, used
from .plan import gradients_needed, only_layers_read_inputs, plan_writes


class Result(NamedTuple):
    outputs: np.ndarray      # (batch, number of outputs)
    grads: np.ndarray        # (number of params,): d(output 0)/d(param), summed over the batch


_KEPT_ENTRIES = 1 << 22      # a workspace whose arrays are larger than 32 MB each is not kept
# A parameter vector this long or longer is read where it is (views of it made anew when
# another one comes); a shorter one is copied into the workspace: about 1 us a layer against a
# copy of 4 bytes a nanosecond (the digits net's 2,778 weights: 1 us; 784-64-10's 50,890: 12).
# Likewise the gradients: a vector this long is handed out, and the next call writes a new one
# (the layers' views of it made anew) unless the caller let go of it (Workspace.new_grads); a
# shorter one is the workspace's, copied for the result (in place, 50,890 gradients took 22 us
# to copy at batch 32, a tenth of the step).
POINT_FROM = 16_384


class Program:
    """A compiled graph: call it with a batch to get the outputs and the summed gradients.

    A program keeps its work arrays between calls (see `Workspace`), one set per batch size
    and thread, so threads may share a program."""

    def __init__(self, groups: List[Group], rows: Rows, params: List[Value],
                 fn: Optional[Callable] = None) -> None:
        self.groups, self.rows, self.params = groups, rows, params
        self.fn = fn          # what was traced: run again on a sample that comes out nan
        needed = gradients_needed(groups, rows)
        size = len(params)
        self._read_inputs_in_place = only_layers_read_inputs(groups, rows)
        whole = tuple(range(len(rows.inputs)))
        self.steps = [numpy_steps.step_for(g, needed, size, self._read_inputs_in_place
                                       and type(g) is DenseNode and g.sources == whole)
                      for g in groups]
        backward = [s for s in reversed(self.steps) if s.runs_backward]
        zeroed, zeroed_params = plan_writes(backward, rows)
        # Output 0's gradient is 1; where no step adds to it, it is set once per workspace.
        self._seed_once = not any(rows.outputs[0] in place.entries for s in backward
                                  for place in s.places() if place and not place.in_params)
        self._zeroed, self._zeroed_params = as_index(zeroed), as_index(zeroed_params)
        # Leaf rows, and where their values come from: columns of X and T, the parameter vector
        # (parameters read outside a layer) and the constants.
        self._inputs = used(rows.inputs)
        self._targets = used(rows.targets)
        self._param_rows = used(rows.params)
        self._reads_params_outside_layers = count(self._param_rows[0]) > 0
        self._widths = len(rows.inputs), len(rows.targets)
        self._outputs = as_index(rows.outputs)
        self.constants = (as_index(list(rows.constants)),
                           np.array(list(rows.constants.values()))[:, None])
        self._workspaces: Dict[Tuple[int, int], Workspace] = {}
        self.sources: dict = {}          # the workspaces' code, compiled once (numpy_code.py)

    def __getstate__(self) -> dict:
        """A copy (or a pickle) leaves out the workspaces and their compiled code, which are
        caches (and a workspace's functions name its own arrays): made again when called."""
        state = dict(self.__dict__)
        state["_workspaces"], state["sources"] = {}, {}
        return state

    def __repr__(self) -> str:
        return (f"Program({self.rows.count} nodes in {len(self.groups)} groups, "
                f"{len(self.rows.inputs)} inputs, {len(self.rows.params)} params)")

    def __call__(self, X, T=None, weights=None) -> Result:
        """Outputs and summed gradients for the batch X (and targets T). The parameters' values
        are read from their `.data`, unless `weights` gives them as one vector in the order of
        `params`, for a caller that keeps them in one, as `nn.fit` does: reading the 2,778 `.data`
        of the digits network takes half as long as the rest of a batch-32 step."""
        work, X, T = self._loaded(X, T, weights)
        if work.hands_out_grads:
            work.new_grads()
        outputs, nan = work.quietly(self._run, work)
        if nan:                                          # rarely
            with np.errstate(all="ignore"):
                self._refuse_what_fn_refuses(outputs.T, X, T, weights)
                if exact.needed(work.param_grads):      # a 0 * inf somewhere: see exact.py
                    exact.backward_exactly(self, work)
                    self._add_param_rows(work)
        grads = work.param_grads
        return Result(outputs, grads if work.hands_out_grads else grads.copy())

    def _run_forward(self, work: "Workspace") -> Tuple[np.ndarray, bool]:
        """The loaded batch's forward pass: (outputs, whether they hold a nan)."""
        work.forward()
        outputs = work.values[self._outputs].T.copy()
        return outputs, _nan_in(outputs)

    def _run(self, work: "Workspace") -> Tuple[np.ndarray, bool]:
        """The loaded batch's forward and backward passes: (outputs, whether the outputs or
        the gradients hold a nan)."""
        work.forward()
        work.backward()                         # which starts with seeds(), below
        self._add_param_rows(work)
        outputs = work.values[self._outputs].T.copy()
        return outputs, _nan_in(outputs, work.param_grads)      # one check for both

    def source(self, batch: int = 32) -> str:
        """The Python this program runs on a batch of `batch` rows: two functions, forward and
        backward, each group's NumPy statements after a comment naming it (numpy_code.py)."""
        if not isinstance(batch, int) or isinstance(batch, bool) or batch < 1:
            raise ValueError(f"source: batch must be a whole number of rows >= 1, got {batch!r}")
        return self._workspace(batch).code.source()

    def seeds(self, work: "Workspace", code: numpy_code.NumpyCode) -> List[str]:
        """The statements that start a backward pass: the gradient of the first output is 1
        (set once, where no step adds to it), and rows that a step adds to rather than writes
        first (see plan_writes) start at 0."""
        grads = code.name(work.grads, "grads")
        lines = [] if self._seed_once else [f"{grads}[{self.rows.outputs[0]}] = 1.0"]
        if count(self._zeroed):
            lines.append(f"{grads}[{code.name(self._zeroed, 'zeroed')}] = 0.0")
        if count(self._zeroed_params):
            name = work.grad_views.name("param_grads", lambda vector: vector)
            lines.append(f"{name}[{code.name(self._zeroed_params, 'zeroed')}] = 0.0")
        return lines

    def forward(self, X, T=None, weights=None) -> np.ndarray:
        """The outputs alone for the batch X (and targets T), (batch, number of outputs):
        the forward pass without the backward one, as for measuring a model."""
        work, X, T = self._loaded(X, T, weights)
        outputs, nan = work.quietly(self._run_forward, work)
        if nan:
            with np.errstate(all="ignore"):
                self._refuse_what_fn_refuses(outputs.T, X, T, weights)
        return outputs

    def _loaded(self, X, T, weights) -> Tuple["Workspace", np.ndarray, Optional[np.ndarray]]:
        """The workspace of this batch, loaded with it (see _load), and X and T checked."""
        X = self._batch(X, self._widths[0], "X")
        batch = X.shape[0]
        T = self._batch(T, self._widths[1], "T", batch) if self._widths[1] else None
        work = self._workspaces.get((threading.get_ident(), batch)) or self._workspace(batch)
        self._load(work, X, T, weights)
        return work, X, T

    def _refuse_what_fn_refuses(self, out: np.ndarray, X: np.ndarray, T, weights) -> None:
        """Where a sample's outputs `out` (outputs, batch) came out nan, the ValueError fn
        itself raises there, if it does (a check of fn's in Python, which the graph does not
        hold: see scalar.py). One sum tells that nothing is nan, the common case."""
        if self.fn is not None and math.isnan(out.sum()):
            error = scalar.refused(self.fn, self.params, X, T, weights, out)
            if error is not None:
                raise error

    def _add_param_rows(self, work: "Workspace") -> None:
        """A parameter read outside a layer has a row, which holds its gradient per sample."""
        if self._reads_params_outside_layers:
            rows, ids = self._param_rows
            work.param_grads[ids] += work.grads[rows].sum(axis=1)

    def accumulate(self, X, T=None, weights=None, scale: float = 1.0) -> Result:
        """Run the batch and add the summed gradients, times `scale` (1 / batch for a mean
        loss), to the parameters' `.grad`, as `backward()` on each sample's loss would."""
        result = self(X, T, weights)
        for p, g in zip(self.params, (result.grads * scale).tolist()):
            p.grad += g
        return result

    def _workspace(self, batch: int) -> "Workspace":
        """This thread's workspace for this batch size. Small ones are kept (binding costs
        about as much as a small batch); one for a large batch, whose arithmetic dwarfs the
        binding, is made for the call and freed after it, so it holds no memory."""
        key = (threading.get_ident(), batch)
        work = self._workspaces.get(key)
        if work is None:
            work = Workspace(self, batch)
            if self.rows.count * batch <= _KEPT_ENTRIES:
                if len(self._workspaces) >= 8:    # fit uses two sizes: the batch and the rest
                    self._workspaces.clear()
                self._workspaces[key] = work
        return work

    def _batch(self, data, width: int, name: str, batch: Optional[int] = None) -> np.ndarray:
        """data as a (batch, width) array of floats, or a ValueError saying what it got: X and T
        must hold real numbers (not strings, not complex), one row per sample, at least one."""
        if (type(data) is np.ndarray and data.dtype == np.float64 and data.ndim == 2
                and data.shape[1] == width and data.shape[0] >= 1
                and (batch is None or data.shape[0] == batch)):
            return data                      # already what it should be: the common case
        return _as_batch(data, width, name, batch)

    def _load(self, work: "Workspace", X: np.ndarray, T: Optional[np.ndarray],
              weights) -> None:
        """Fill the leaf rows that change from call to call: inputs and targets per sample,
        and the parameters (the same for every sample) from `weights` or their `.data`."""
        vector = self._weights(work, weights)
        if work.weight_views.vector is not vector:   # the same vector again: its views hold
            work.weight_views.point(vector)
        if self._read_inputs_in_place:
            work.inputs = X.T                # a view: the layers read the batch as it came
        else:
            rows, columns = self._inputs
            work.values[rows] = X.T[columns]
        if T is not None:
            if work.targets is not None:
                np.copyto(work.targets, T.T)
            else:
                rows, columns = self._targets
                work.values[rows] = T.T[columns]
        if self._reads_params_outside_layers:
            rows, ids = self._param_rows
            work.values[rows] = vector[ids][:, None]

    def _weights(self, work: "Workspace", weights) -> np.ndarray:
        """The parameter vector this call reads: the caller's `weights` where the layers can
        read it in place, else the workspace's own, filled from `weights` or the `.data`."""
        if weights is None:
            work.weights[:] = [p.data for p in self.params]
            return work.weights
        vector = weights if type(weights) is np.ndarray else np.asarray(weights, dtype=float)
        if vector.shape != work.weights.shape:
            raise ValueError(f"weights should be a vector of the {len(self.params)} "
                             f"parameters' values, got shape {vector.shape}")
        if (work.copies_weights or vector.size < POINT_FROM or vector.dtype != np.float64
                or not vector.flags.c_contiguous):
            np.copyto(work.weights, vector)  # the layers' views need float64, in a row
            return work.weights
        return vector


def _nan_in(outputs: np.ndarray, grads: Optional[np.ndarray] = None) -> bool:
    """Whether the outputs (a C-ordered array) or the gradients hold a nan: then a sum of
    squares is nan (never for inf alone), and a BLAS call for each tells."""
    flat = outputs.ravel()
    square = flat.dot(flat)
    return math.isnan(square if grads is None else square + grads.dot(grads))


def _as_batch(data, width: int, name: str, batch: Optional[int]) -> np.ndarray:
    """Program._batch for data that is not already a (batch, width) float64 array."""
    if data is None:
        raise ValueError(f"the program needs {name} with {width} columns")
    array = np.asarray(data)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be an array of real numbers, got dtype {array.dtype}"
                         + (" (complex numbers have no order, and their imaginary part "
                            "would be lost)" if array.dtype.kind == "c" else ""))
    array = array.astype(float, copy=False)
    if array.ndim == 1 and width == 1:
        array = array[:, None]
    _check_shape(array, width, name, batch)
    return array


def _check_shape(array: np.ndarray, width: int, name: str, batch: Optional[int]) -> None:
    if array.ndim != 2 or array.shape[1] != width or (batch and array.shape[0] != batch):
        rows = f"{batch} rows and " if batch else ""
        raise ValueError(f"{name} should have shape ({rows or 'batch, '}{width} columns), "
                         f"got {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} has no rows: a batch needs at least one sample")


class Workspace:
    """The arrays a program works in for one batch size, made once and kept: values and
    gradients (a row per node, a column per sample), the parameter vector and its gradient.
    Each step binds to them once, making its views then, so that a call runs arithmetic
    only: `forward` and `backward` are functions generated from the steps' statements, in the
    order they run (`print(program.source(batch))` shows them)."""

    def __init__(self, program: Program, batch: int) -> None:
        count, size = program.rows.count, len(program.params)
        self.values, self.grads = np.zeros((count, batch)), np.zeros((count, batch))
        self.ones = np.ones(batch)
        rows, columns = program._targets        # where T is copied to: as one view if it can be
        whole = isinstance(rows, slice) and columns == slice(0, program._widths[1])
        self.targets = self.values[rows] if whole else None
        self.weights, self.param_grads = np.zeros(size), np.zeros(size)
        self.inputs: Optional[np.ndarray] = None     # X.T of the current call, where read so
        self.code = numpy_code.NumpyCode()
        # Layers read their weights through views of a parameter vector: of the caller's
        # vector itself where it is given, so that 50,000 weights are not copied on every
        # call (`weight_views.vector` is the one pointed at). Likewise the views of the
        # gradient vector that layers write: a long vector is not copied for the result but
        # handed out, and a call writes into one no one else holds (`new_grads`).
        self.weight_views = numpy_code.VectorViews(self.code, self.weights)
        self.grad_views = numpy_code.VectorViews(self.code, self.param_grads)
        self.copies_weights = False          # set by a step that reads `weights` otherwise
        self.copies_grads = False            # set by a step that writes `param_grads` otherwise
        rows, constants = program.constants
        self.values[rows] = constants                # the same on every call
        self.grads[program.rows.outputs[0]] = 1.0    # and so is the seed (Program.seeds)
        written = [_described(step, step.bind(self, self.code)) for step in program.steps]
        backward = [(step, lines) for step, (_, lines) in zip(program.steps, written)
                    if step.runs_backward]
        self.forward, self.backward = self.code.functions(
            [line for lines, _ in written for line in lines],
            program.seeds(self, self.code) + [line for _, lines in reversed(backward)
                                              for line in lines], program.sources)
        self.hands_out_grads = size >= POINT_FROM and not self.copies_grads
        self._references_of_our_own = (0, 0)  # the first call makes its vector
        # The generated code runs with NumPy's floating-point warnings off (a nan is looked for
        # afterwards, in the numbers): in a context of the workspace's own, where np.errstate
        # is entered once, since entering it costs a microsecond, 2% of a batch-32 step of
        # the digits network. (A workspace serves one thread, and a context one at a time.)
        self._quiet = contextvars.copy_context()
        self._quiet.run(np.errstate(all="ignore").__enter__)

    def quietly(self, function: Callable, *args):
        """function(*args) with NumPy's floating-point warnings off: for the generated code,
        which reads no context of its own (the autograd mode is the one of when the
        workspace was made)."""
        return self._quiet.run(function, *args)

    def new_grads(self) -> None:
        """The gradient vector this call writes and hands out: the last one again where no one
        but the workspace holds it any more (the references to it and to its memory are then
        as many as when the workspace made it and its views: the caller let go of the last
        result), else a new one, the views made of it. A vector handed out is never written
        while anyone holds it, even through a view of it; a loop that lets go of each result
        before the next call, as `nn.fit` does, writes into the same memory each time, warm
        in the cache, and the views are not made again: 4% of a batch-32 step of 784-64-10."""
        if self._references() == self._references_of_our_own:
            return
        self.param_grads = _aligned_vector(self.weights.size)
        self.grad_views.point(self.param_grads)
        self._references_of_our_own = self._references()

    def _references(self) -> Tuple[int, int]:
        """How many hold the gradient vector, and its memory (which a view of it holds)."""
        return sys.getrefcount(self.param_grads), sys.getrefcount(self.param_grads.base)


def _aligned_vector(size: int) -> np.ndarray:
    """An uninitialised vector of `size` floats starting at a multiple of 64 bytes, a cache
    line (NumPy's start at a multiple of 16): a pass over it, the nan check's, then loads
    whole lines. For 784-64-10's 50,890 gradients at batch 32, 1.5-3% of a step."""
    memory = np.empty(size + 7)
    start = (-memory.__array_interface__["data"][0] % 64) // 8
    return memory[start:start + size]


def _described(step, passes):
    """A step's (forward, backward) statements, each after a comment saying what it runs."""
    forward, backward = passes
    comment = f"# {step.describe()}"
    return [comment] + forward, None if backward is None else [comment] + backward
