"""What a compiled program is made of, and how it runs a batch.

The passes (`passes.py`) turn a traced graph into groups (`ir.py`): an `OpGroup` is nodes of
one level with one op, a `SumGroup` n-ary sums, a `DenseNode` a layer of neurons. A `Program`
turns each group into a *step*
(`_DenseStep`, `_SumStep`, `_OpStep`) that knows, once and for all, which rows it reads and
writes and where its backward pass sends gradient.

A batch runs in a `_Workspace`: a value array and a gradient array with one row per node and
one column per sample, the parameter vector and its gradient, made once per batch size. Each
step binds to a workspace once, making its views into those arrays then, so that a call is
NumPy arithmetic and little else. At batch 32 a NumPy call on a group costs about a
microsecond, and a Python statement or a view costs about as much as the arithmetic it
starts, so everything that can be decided before the call is:

- parameters come as one vector; a layer's weights laid out as `nn` lays them out (each
  neuron's weights in a row, neurons at a fixed stride) are a strided view of it, not a gather,
  and their gradients are computed straight into a view of the gradient vector;
- gradient flows only where a parameter learns from it (`_gradients_needed`): the first layer
  passes none back to the inputs;
- the first contribution to a gradient row is written rather than added (`_plan_writes`), and a
  matrix product or a sum is computed straight into place (NumPy's `out=`).
"""

import threading
from typing import Dict, List, NamedTuple, Optional, Sequence, Set, Tuple

import numpy as np

from ..value import Value
from . import exact
from .ir import DenseNode, Group, OpGroup, Rows, SumGroup


class Result(NamedTuple):
    outputs: np.ndarray      # (batch, number of outputs)
    grads: np.ndarray        # (number of params,): d(output 0)/d(param), summed over the batch


_KEPT_ENTRIES = 1 << 22      # a workspace whose arrays are larger than 32 MB each is not kept
# A parameter vector this long or longer is read where it is (views of it made anew when
# another one comes); a shorter one is copied into the workspace: about 1 us a layer against a
# copy of 4 bytes a nanosecond (the digits net's 2,778 weights: 1 us; 784-64-10's 50,890: 12).
POINT_FROM = 16_384


class Program:
    """A compiled graph: call it with a batch to get the outputs and the summed gradients.

    A program keeps its work arrays between calls (see `_Workspace`), one set per batch size
    and thread, so threads may share a program."""

    def __init__(self, groups: List[Group], rows: Rows, params: List[Value]) -> None:
        self.groups, self.rows, self.params = groups, rows, params
        needed = _gradients_needed(groups, rows)
        size = len(params)
        self._read_inputs_in_place = _only_layers_read_inputs(groups, rows)
        whole = tuple(range(len(rows.inputs)))
        self.steps = [_DenseStep(g, needed, size,
                                  self._read_inputs_in_place and g.sources == whole)
                       if type(g) is DenseNode
                       else _SumStep(g, needed) if type(g) is SumGroup else _OpStep(g, needed)
                       for g in groups]
        zeroed, zeroed_params = _plan_writes([s for s in reversed(self.steps)
                                              if s.runs_backward], rows)
        self._zeroed, self._zeroed_params = as_index(zeroed), as_index(zeroed_params)
        # Leaf rows, and where their values come from: columns of X and T, the parameter vector
        # (parameters read outside a layer) and the constants.
        self._inputs = _used(rows.inputs)
        self._targets = _used(rows.targets)
        self._param_rows = _used(rows.params)
        self._outputs = as_index(rows.outputs)
        self.constants = (as_index(list(rows.constants)),
                           np.array(list(rows.constants.values()))[:, None])
        self._workspaces: Dict[Tuple[int, int], _Workspace] = {}

    def __repr__(self) -> str:
        return (f"Program({self.rows.count} nodes in {len(self.groups)} groups, "
                f"{len(self.rows.inputs)} inputs, {len(self.rows.params)} params)")

    def __call__(self, X, T=None, weights=None) -> Result:
        """Outputs and summed gradients for the batch X (and targets T). The parameters' values
        are read from their `.data`, unless `weights` gives them as one vector in the order of
        `params`, for a caller that keeps them in one, as `nn.fit` does: reading the 2,778 `.data`
        of the digits network takes half as long as the rest of a batch-32 step."""
        work = self._loaded(X, T, weights)
        with np.errstate(all="ignore"):
            for forward in work.forward:
                forward()
            if _count(self._zeroed):
                work.grads[self._zeroed] = 0.0
            work.grads[self.rows.outputs[0]] = 1.0
            if _count(self._zeroed_params):
                work.param_grads[self._zeroed_params] = 0.0
            for backward in work.backward:
                backward()
            self._add_param_rows(work)
            if exact.needed(work.param_grads):      # a 0 * inf somewhere: see exact.py
                exact.backward_exactly(self, work)
                self._add_param_rows(work)
        return Result(work.values[self._outputs].T.copy(), work.param_grads.copy())

    def forward(self, X, T=None, weights=None) -> np.ndarray:
        """The outputs alone for the batch X (and targets T), (batch, number of outputs):
        the forward pass without the backward one, as for measuring a model."""
        work = self._loaded(X, T, weights)
        with np.errstate(all="ignore"):
            for forward in work.forward:
                forward()
        return work.values[self._outputs].T.copy()

    def _loaded(self, X, T, weights) -> "_Workspace":
        """The workspace of this batch, loaded with it (see _load)."""
        X = self._batch(X, len(self.rows.inputs), "X")
        batch = X.shape[0]
        T = self._batch(T, len(self.rows.targets), "T", batch) if self.rows.targets else None
        work = self._workspace(batch)
        self._load(work, X, T, weights)
        return work

    def _add_param_rows(self, work: "_Workspace") -> None:
        """A parameter read outside a layer has a row, which holds its gradient per sample."""
        rows, ids = self._param_rows
        if _count(rows):
            work.param_grads[ids] += work.grads[rows].sum(axis=1)

    def accumulate(self, X, T=None, weights=None, scale: float = 1.0) -> Result:
        """Run the batch and add the summed gradients, times `scale` (1 / batch for a mean
        loss), to the parameters' `.grad`, as `backward()` on each sample's loss would."""
        result = self(X, T, weights)
        for p, g in zip(self.params, (result.grads * scale).tolist()):
            p.grad += g
        return result

    def _workspace(self, batch: int) -> "_Workspace":
        """This thread's workspace for this batch size. Small ones are kept (binding costs
        about as much as a small batch); one for a large batch, whose arithmetic dwarfs the
        binding, is made for the call and freed after it, so it holds no memory."""
        key = (threading.get_ident(), batch)
        work = self._workspaces.get(key)
        if work is None:
            work = _Workspace(self, batch)
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
        if array.ndim != 2 or array.shape[1] != width or (batch and array.shape[0] != batch):
            rows = f"{batch} rows and " if batch else ""
            raise ValueError(f"{name} should have shape ({rows or 'batch, '}{width} columns), "
                             f"got {array.shape}")
        if array.shape[0] == 0:
            raise ValueError(f"{name} has no rows: a batch needs at least one sample")
        return array

    def _load(self, work: "_Workspace", X: np.ndarray, T: Optional[np.ndarray],
              weights) -> None:
        """Fill the leaf rows that change from call to call: inputs and targets per sample,
        and the parameters (the same for every sample) from `weights` or their `.data`."""
        if weights is None:
            work.weights[:] = [p.data for p in self.params]
            vector = work.weights
        else:
            vector = weights if type(weights) is np.ndarray else np.asarray(weights,
                                                                             dtype=float)
            if vector.shape != work.weights.shape:
                raise ValueError(f"weights should be a vector of the {len(self.params)} "
                                 f"parameters' values, got shape {vector.shape}")
            if (work.copies_weights or vector.size < POINT_FROM or vector.dtype != np.float64
                    or not vector.flags.c_contiguous):
                work.weights[:] = vector         # the layers' views need float64, in a row
                vector = work.weights
        if work.pointed_at is not vector:        # the same vector again: its views still hold
            for point in work.pointers:
                point(vector)
            work.pointed_at = vector
        if self._read_inputs_in_place:
            work.inputs = X.T                # a view: the layers read the batch as it came
        else:
            rows, columns = self._inputs
            work.values[rows] = X.T[columns]
        if T is not None:
            rows, columns = self._targets
            work.values[rows] = T.T[columns]
        rows, ids = self._param_rows
        if _count(rows):
            work.values[rows] = vector[ids][:, None]


class _Workspace:
    """The arrays a program works in for one batch size, made once and kept: values and
    gradients (a row per node, a column per sample), the parameter vector and its gradient.
    Each step binds to them once, making its views then, so that a call runs arithmetic
    only: `forward` and `backward` are the steps' bound functions, in the order they run."""

    def __init__(self, program: Program, batch: int) -> None:
        count, size = program.rows.count, len(program.params)
        self.values, self.grads = np.zeros((count, batch)), np.zeros((count, batch))
        self.weights, self.param_grads = np.zeros(size), np.zeros(size)
        self.inputs: Optional[np.ndarray] = None     # X.T of the current call, where read so
        # Layers read their weights through views of a parameter vector, which `point`
        # functions (one per layer) make: of the caller's vector itself where it is given,
        # so that 50,000 weights are not copied on every call; `pointed_at` is that vector.
        self.pointers: list = []
        self.pointed_at: Optional[np.ndarray] = None
        self.copies_weights = False          # set by a step that reads `weights` otherwise
        rows, constants = program.constants
        self.values[rows] = constants                # the same on every call
        bound = [step.bind(self) for step in program.steps]
        self.forward = [forward for forward, _ in bound]
        self.backward = [backward for step, (_, backward) in zip(program.steps, bound)
                         if step.runs_backward][::-1]


# --- steps: one per group, built once per program. bind(work) returns the step's forward and
# backward functions for one workspace: forward fills the group's rows; backward passes the
# group's gradient on to its operands and parameters ---

class _DenseStep:
    """A layer: one matrix product forward, two backward (one when its sources are inputs,
    which need no gradient)."""

    def __init__(self, layer: DenseNode, needed: Set[int], size: int,
                 reads_inputs: bool = False) -> None:
        self.rows, self.sources = _Place(as_index(layer.rows)), _Place(as_index(layer.sources))
        self.reads_inputs = reads_inputs     # its sources are X itself (see _load)
        self.weights = _Place(layer.weights, params=size)
        self.bias = None if layer.bias is None else _Place(layer.bias, params=size)
        self.runs_backward = any(r in needed for r in layer.rows)
        self.source_grads = _any(needed, self.sources.index)
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

    def _bind_views(self, work: _Workspace, out: np.ndarray, sources, gradient,
                    dsources: Optional[np.ndarray]):
        """forward (and backward, where `gradient` is a view and every gradient is written
        into place, else None) where the result and the weights are views: the weights' views
        made by `point` (see _Workspace), the rest once."""
        matmul, add, reduce = np.matmul, np.add, np.add.reduce
        fixed = getattr(sources, "view", None)
        dW = self.weights.bind(work.param_grads).view
        db = None if self.bias is None else self.bias.bind(work.param_grads).view
        W = W_T = b = None

        def point(vector: np.ndarray) -> None:
            nonlocal W, W_T, b
            W = self.weights.view_of(vector)
            W_T = W.T
            b = None if self.bias is None else self.bias.view_of(vector)[:, None]
        point(work.weights)
        work.pointers.append(point)

        def forward():
            matmul(W, fixed if fixed is not None else sources.get(), out=out)
            if b is not None:
                add(out, b, out=out)
        if gradient is None:
            return forward, None

        def backward():
            matmul(gradient, (fixed if fixed is not None else sources.get()).T, out=dW)
            if db is not None:
                reduce(gradient, axis=1, out=db)
            if dsources is not None:
                matmul(W_T, gradient, out=dsources)
        return forward, backward

    def places(self) -> list:
        """Where backward passes gradient, in order."""
        return [self.weights, self.bias] + [self.sources] * self.source_grads

    def backward_exactly(self, work: _Workspace) -> None:
        exact.dense_step(self, work)

    def _bind_folded(self, work: _Workspace, out: np.ndarray, gradient: np.ndarray,
                     dsources: Optional[np.ndarray]):
        """forward and backward with the bias trick (see _fold): one product each way, and
        one more backward for the sources' gradient."""
        rows, window, shape = self.folded
        with_ones = work.values[rows]                       # (inputs + 1, batch): a view
        dWb, matmul = work.param_grads[window].reshape(shape), np.matmul
        Wb = W_T = None

        def point(vector: np.ndarray) -> None:
            nonlocal Wb, W_T
            Wb = vector[window].reshape(shape)
            W_T = Wb[:, :-1].T
        point(work.weights)
        work.pointers.append(point)

        def forward():
            matmul(Wb, with_ones, out=out)

        def backward():
            matmul(gradient, with_ones.T, out=dWb)
            if dsources is not None:
                matmul(W_T, gradient, out=dsources)
        return forward, backward

    def bind(self, work: _Workspace):
        W, out, upstream = (self.weights.bind(work.weights), self.rows.bind(work.values),
                            self.rows.bind(work.grads))
        sources = _Inputs(work) if self.reads_inputs else self.sources.bind(work.values)
        source_grads = self.sources.bind(work.grads)
        W_grads = self.weights.bind(work.param_grads)
        b = self.bias.bind(work.weights) if self.bias else None
        b_grads = self.bias.bind(work.param_grads) if self.bias else None

        views = out.view is not None and W.view is not None and (b is None or b.view is not None)
        fixed = (views and upstream.view is not None and W_grads.view is not None
                 and W_grads.first and (b is None or (b_grads.view is not None and b_grads.first))
                 and (not self.source_grads
                      or (source_grads.view is not None and source_grads.first)))
        dsources = source_grads.view if self.source_grads else None
        if fixed and self.folded is not None:
            return self._bind_folded(work, out.view, upstream.view, dsources)
        if views:                    # the common case, and with `fixed` its backward too
            forward, backward = self._bind_views(work, out.view, sources,
                                                 upstream.view if fixed else None, dsources)
            if backward is not None:
                return forward, backward
        else:
            def forward():
                out.fill(np.matmul, W.get(), sources.get())
                if b is not None:
                    out.add(b.get()[:, None])
        work.copies_weights = True           # what follows reads the workspace's own vector

        def backward():
            gradient = upstream.get()
            W_grads.receive(np.matmul, gradient, sources.get().T)
            if b is not None:
                b_grads.receive(np.add.reduce, gradient, axis=1)
            if self.source_grads:
                source_grads.receive(np.matmul, W.get().T, gradient)
        return forward, backward


class _SumStep:
    """n-ary sums, k terms each: a reshape and a sum forward; backward every term receives the
    upstream gradient as it is (the local derivative of a sum is 1)."""

    def __init__(self, group: SumGroup, needed: Set[int]) -> None:
        self.rows, self.terms = _Place(group.rows), _Place(group.terms)
        self.shape = (_count(group.rows), group.count, -1)
        self.runs_backward = _any(needed, group.rows) and _any(needed, self.terms.index)

    def places(self) -> list:
        return [self.terms]

    def backward_exactly(self, work: _Workspace) -> None:
        exact.sum_step(self, work)

    def bind(self, work: _Workspace):
        out, upstream = self.rows.bind(work.values), self.rows.bind(work.grads)
        terms, term_grads = self.terms.bind(work.values), self.terms.bind(work.grads)
        shape, k = self.shape, self.shape[1]
        # consecutive terms: their gradient rows seen as (nodes, k, batch), one view
        block = work.grads[self.terms.index].reshape(shape) \
            if isinstance(self.terms.index, slice) else None

        def forward():
            out.fill(np.add.reduce, terms.get().reshape(shape), axis=1)

        def backward():
            gradient = upstream.get()
            if block is None:
                term_grads.put(np.repeat(gradient, k, axis=0))
            elif term_grads.first:
                block[...] = gradient[:, None, :]
            else:
                block[...] += gradient[:, None, :]
        return forward, backward


class _OpStep:
    """An op from the table, applied to whole (group, batch) arrays: forward by its forward,
    backward by its derivative rules, one per operand that needs a gradient."""

    def __init__(self, group: OpGroup, needed: Set[int]) -> None:
        self.op, self.rows = group.op, _Place(group.rows)
        # a constant operand (one float for the whole group) is passed as it is
        self.operands = [o if isinstance(o, float) else _Place(o) for o in group.operands]
        # (rule, operand) for each operand position whose rows need a gradient; constants
        # receive none
        self.rules = [(rule, operand) for rule, operand in zip(group.op.derivatives,
                                                              self.operands)
                      if not isinstance(operand, float) and _any(needed, operand.index)]
        self.runs_backward = bool(self.rules) and _any(needed, group.rows)
        self.undefined = group.op.undefined if _can_fail(group.op, group.operands) else None

    def _domain_error(self, outside: np.ndarray, args: list) -> ValueError:
        """The scalar engine's error for the first sample (column) where the op is undefined."""
        shape = np.broadcast_shapes(*(np.shape(a) for a in args))    # (nodes, batch)
        outside = np.broadcast_to(outside, shape)
        sample = int(outside.any(axis=0).argmax())
        row = int(outside[:, sample].argmax())
        at = [float(np.broadcast_to(a, shape)[row, sample]) for a in args]
        shown = self.op.template.format(*(repr(x) for x in at))
        return ValueError(f"{self.op.name}: {shown} is undefined for sample {sample} of the "
                          f"batch: {self.op.reason(*at)}")

    def places(self) -> list:
        return [operand for _, operand in self.rules]

    def backward_exactly(self, work: _Workspace) -> None:
        exact.op_step(self, work)

    def bind(self, work: _Workspace):
        forward_op = self.op.forward
        out, upstream = self.rows.bind(work.values), self.rows.bind(work.grads)
        reads = [_Fixed(o) if isinstance(o, float) else o.bind(work.values)
                 for o in self.operands]
        rules = [(rule, operand.bind(work.grads)) for rule, operand in self.rules]
        undefined = self.undefined
        views = [r.value if isinstance(r, _Fixed) else r.view for r in reads]
        if out.view is not None and upstream.view is not None and \
                all(v is not None for v in views):
            return self._bind_views(tuple(views), out.view, upstream.view, rules)

        def forward():
            args = [r.get() for r in reads]
            if undefined is not None:
                outside = undefined(*args)
                if outside.any():
                    raise self._domain_error(outside, args)
            out.set(forward_op(*args))

        def backward():
            gradient = upstream.get()
            args = [r.get() for r in reads]
            args.append(out.get())
            for rule, operand_grads in rules:
                local = rule(*args)
                if type(local) is float and local == 1.0:     # + and -: pass it on as it is
                    operand_grads.put(gradient)
                else:
                    operand_grads.receive(np.multiply, gradient, local)
        return forward, backward

    def _bind_views(self, args: tuple, out: np.ndarray, gradient: np.ndarray, rules: list):
        """`bind` where every operand, the result and its gradient are views (or constants),
        fixed once bound: the functions then only compute, with no lookups per call (at batch
        1 those would cost as much as the arithmetic)."""
        forward_op, undefined = self.op.forward, self.undefined
        with_out = args + (out,)

        if undefined is None:
            def forward():
                out[...] = forward_op(*args)
        else:
            def forward():
                outside = undefined(*args)
                if outside.any():
                    raise self._domain_error(outside, list(args))
                out[...] = forward_op(*args)

        passes = [(rule, _passer(operand_grads, gradient)) for rule, operand_grads in rules]

        def backward():
            for rule, pass_on in passes:
                pass_on(rule(*with_out))
        return forward, backward


def _passer(operand_grads: "_Bound", gradient: np.ndarray):
    """pass_on(local): send gradient * local (local: the rule's array, or a float) to an
    operand's gradient rows, decided once at bind time where they are a view written first
    (the common case: a NumPy call and nothing else), else through `put` and `receive`."""
    view, multiply = operand_grads.view, np.multiply
    if view is not None and operand_grads.first:
        def pass_on(local):
            if type(local) is float and local == 1.0:        # + and -: the gradient as it is
                view[...] = gradient
            else:
                multiply(gradient, local, out=view)
        return pass_on

    def pass_on(local):
        if type(local) is float and local == 1.0:
            operand_grads.put(gradient)
        else:
            operand_grads.receive(multiply, gradient, local)
    return pass_on


class _Place:
    """Rows of the value or gradient array (or entries of the parameter vector) that a step
    reads or writes, and whether it is the first to pass gradient there (see `_plan_writes`).

    Where the indices form a regular block (consecutive or evenly spaced rows; a layer's
    weights as nn lays them out: rows of consecutive entries at a fixed stride) the place is a
    view of the array, so nothing is gathered or scattered."""

    def __init__(self, index, params: Optional[int] = None) -> None:
        """`index`: rows (a slice or an array); or, given `params` (the parameter count), an
        array of parameter indices, of any shape."""
        self.index, self.in_params = index, params is not None
        self.entries = _listed(index)
        self.repeats = len(set(self.entries)) < len(self.entries)
        self.block = (index, None, None) if isinstance(index, slice) \
            else _regular_block(index, params)
        self.first = False

    def bind(self, array: np.ndarray) -> "_Bound":
        return _Bound(array, self, None if self.block is None else self.view_of(array))

    def view_of(self, array: np.ndarray) -> np.ndarray:
        """This place in `array` as a view (for a place whose indices form a block)."""
        window, shape, width = self.block
        return array[window] if shape is None else array[window].reshape(shape)[:, :width]


class _Bound:
    """A place in one array. `get` reads it: the view made at bind time, or a gather. `set`
    writes it; `add` adds to it, with np.add.at where an index repeats (fan-out, which `+=`
    would count once); `put` writes the first contribution and adds the later ones. `fill`
    and `receive` do what `set` and `put` do with a result that NumPy computes straight into
    the view where it can (`out=`), saving a temporary array and a pass over it."""

    def __init__(self, array: np.ndarray, place: _Place, view: Optional[np.ndarray]) -> None:
        self.array, self.index, self.view = array, place.index, view
        self.first, self.repeats = place.first, place.repeats

    def get(self) -> np.ndarray:
        return self.view if self.view is not None else self.array[self.index]

    def set(self, amounts) -> None:
        if self.view is not None:
            self.view[...] = amounts
        else:
            self.array[self.index] = amounts

    def add(self, amounts) -> None:
        if self.view is not None:
            self.view += amounts
        elif self.repeats:
            shape = np.shape(self.array[self.index])
            np.add.at(self.array, self.index, np.broadcast_to(amounts, shape))
        else:
            self.array[self.index] += amounts

    def put(self, amounts) -> None:
        if self.first:
            self.set(amounts)
        else:
            self.add(amounts)

    def fill(self, compute, *args, **options) -> None:
        """Set this place to compute(*args, **options), a NumPy function that takes out=."""
        if self.view is not None:
            compute(*args, out=self.view, **options)
        else:
            self.set(compute(*args, **options))

    def receive(self, compute, *args, **options) -> None:
        """Put compute(*args, **options) here: `fill` for the first contribution."""
        if self.first:
            self.fill(compute, *args, **options)
        else:
            self.add(compute(*args, **options))


class _Inputs:
    """The batch's inputs, (inputs, batch), as a layer reads them in place: a view of the X of
    this call, which `_load` sets, instead of a transposed copy into the value array."""

    def __init__(self, work: "_Workspace") -> None:
        self.work = work

    def get(self) -> np.ndarray:
        return self.work.inputs


class _Fixed:
    """A constant operand: `get` gives the number (NumPy broadcasts it)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def get(self) -> float:
        return self.value


# Operands that stand for all numbers as far as the ops' domains go: where none of these makes
# an op undefined next to a group's constant operand, nothing can (x ** 2.0, x / 4.0).
_PROBES = np.array([-np.inf, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, np.inf, np.nan])


def _can_fail(op, operands: tuple) -> bool:
    """Whether a group of `op` can meet a point outside its domain: not when a constant
    operand rules that out (an exponent of 2, a divisor of 4), which saves the check."""
    if op.undefined is None:
        return False
    if not any(isinstance(o, float) for o in operands):
        return True
    probes = [o if isinstance(o, float) else _PROBES for o in operands]
    with np.errstate(all="ignore"):
        return bool(np.any(op.undefined(*probes)))


def _regular_block(ids: np.ndarray, size: Optional[int]):
    """(slice, shape, width) such that array[slice].reshape(shape)[:, :width] is array[ids]
    (shape None: array[slice] is), or None where ids are not that regular."""
    if len(ids) == 0:
        return None
    if ids.ndim == 1:
        step = int(ids[1] - ids[0]) if len(ids) > 1 else 1
        if step > 0 and np.array_equal(ids, ids[0] + step * np.arange(len(ids))):
            return slice(int(ids[0]), int(ids[-1]) + 1, step), None, None
        return None
    n, width = ids.shape
    stride = int(ids[1, 0] - ids[0, 0]) if n > 1 else width
    start = int(ids[0, 0])
    regular = np.array_equal(ids, start + stride * np.arange(n)[:, None] + np.arange(width))
    if regular and stride >= width and size is not None and start + n * stride <= size:
        return slice(start, start + n * stride), (n, stride), width
    return None


def _plan_writes(steps: list, rows: Rows) -> Tuple[List[int], List[int]]:
    """Mark each place's first contribution, in the order backward runs: it can be written
    instead of added (no read of the zeros there, and a matrix product or a sum can be computed
    straight into place). Gradient rows and parameter entries are tracked separately.

    Returns the gradient rows and the parameter entries that must hold 0 when backward starts:
    those read (as a step's upstream, by an addition, or as a parameter's gradient at the end)
    before anything writes them. Only those are cleared on each call, not the whole arrays
    (for an MLP: none; clearing the 50,890 gradients of a 784-64-10 net costs 15 us a call).
    An entry nothing writes keeps the 0 it was made with."""
    rows_written, params_written = {rows.outputs[0]}, set()
    zero, zero_params = set(), set()
    for step in steps:
        zero.update(r for r in step.rows.entries if r not in rows_written)
        for place in step.places():
            if place is not None:
                written = params_written if place.in_params else rows_written
                place.first = not place.repeats and not any(e in written for e in place.entries)
                if not place.first:
                    (zero_params if place.in_params else zero).update(
                        e for e in place.entries if e not in written)
                written.update(place.entries)
    zero.update(r for r in rows.params if r >= 0 and r not in rows_written)
    # parameters read outside layers get their gradient added at the end (see __call__)
    zero_params.update(i for i, r in enumerate(rows.params)
                       if r >= 0 and i not in params_written)
    return sorted(zero), sorted(zero_params)


def _only_layers_read_inputs(groups: List[Group], rows: Rows) -> bool:
    """Whether the inputs can be read from X in place: every input is used, they are rows
    0, 1, ... in order, and nothing but layers taking all of them, in order, reads them (and
    layers pass no gradient to inputs)."""
    n = len(rows.inputs)
    if n == 0 or rows.inputs != list(range(n)):
        return False
    whole = tuple(range(n))
    for g in groups:
        if type(g) is DenseNode:
            if g.sources != whole and any(r < n for r in g.sources):
                return False
        else:
            read = [g.terms] if type(g) is SumGroup else \
                [o for o in g.operands if not isinstance(o, float)]
            if any(r < n for index in read for r in _listed(index)):
                return False
    return not any(r < n for r in rows.outputs)


def _gradients_needed(groups: List[Group], rows: Rows) -> Set[int]:
    """The rows whose gradient backward must compute: those that depend on a parameter (else
    nothing learns from their gradient) and that output 0 depends on (else it is zero)."""
    def edges_of(g):            # (rows written, rows read, whether parameters are read too)
        if type(g) is DenseNode:
            return [(list(g.rows), list(g.sources), True)]
        if type(g) is SumGroup:
            terms = _listed(g.terms)
            return [([r], terms[i * g.count:(i + 1) * g.count], False)
                    for i, r in enumerate(_listed(g.rows))]
        listed = [_listed(o) for o in g.operands if not isinstance(o, float)]
        return [([r], [o[i] for o in listed], False) for i, r in enumerate(_listed(g.rows))]

    edges = [edge for g in groups for edge in edges_of(g)]
    learns = {r for r in rows.params if r >= 0}
    for written, read, reads_params in edges:
        if reads_params or any(r in learns for r in read):
            learns.update(written)
    feeds = {rows.outputs[0]}
    for written, read, _ in reversed(edges):
        if any(r in feeds for r in written):
            feeds.update(read)
    return learns & feeds


def _listed(index) -> List[int]:
    if isinstance(index, slice):
        return list(range(index.start, index.stop))
    return np.asarray(index).ravel().tolist()


def _any(needed: Set[int], index) -> bool:
    return any(r in needed for r in _listed(index))


def as_index(rows: Sequence[int]):
    """A slice where the rows are consecutive (indexing then gives a view), else an array."""
    rows = [int(r) for r in rows]
    if rows and rows == list(range(rows[0], rows[0] + len(rows))):
        return slice(rows[0], rows[0] + len(rows))
    return np.array(rows, dtype=int)


def _count(index) -> int:
    return index.stop - index.start if isinstance(index, slice) else len(index)


def _used(rows: List[int]):
    """(rows, positions) of the entries that the graph uses (a row of -1 means unused)."""
    pairs = [(r, i) for i, r in enumerate(rows) if r >= 0]
    return as_index([r for r, _ in pairs]), as_index([i for _, i in pairs])
