"""Places: where a step reads and writes in a workspace's arrays.

A `Place` is rows of the value or gradient array, or entries of the parameter vector; bound
to one array (`Bound`) it is a view where its indices form a regular block, so a step's call
touches memory directly instead of gathering and scattering. `plan.py` marks the places that
are written first; the steps (`numpy_steps.py`) read and write through them.
"""

from typing import List, Optional, Sequence, Set

import numpy as np


class Place:
    """Rows of the value or gradient array (or entries of the parameter vector) that a step
    reads or writes, and whether it is the first to pass gradient there (see `plan_writes`).

    Where the indices form a regular block (consecutive or evenly spaced rows; a layer's
    weights as nn lays them out: rows of consecutive entries at a fixed stride) the place is a
    view of the array, so nothing is gathered or scattered."""

    def __init__(self, index, params: Optional[int] = None) -> None:
        """`index`: rows (a slice or an array); or, given `params` (the parameter count), an
        array of parameter indices, of any shape."""
        self.index, self.in_params = index, params is not None
        self.entries = listed(index)
        self.repeats = len(set(self.entries)) < len(self.entries)
        self.block = (index, None, None) if isinstance(index, slice) \
            else regular_block(index, params)
        self.first = False

    def bind(self, array: np.ndarray) -> "Bound":
        return Bound(array, self, None if self.block is None else self.view_of(array))

    def view_of(self, array: np.ndarray) -> np.ndarray:
        """This place in `array` as a view (for a place whose indices form a block)."""
        window, shape, width = self.block
        return array[window] if shape is None else array[window].reshape(shape)[:, :width]


class Bound:
    """A place in one array. `get` reads it: the view made at bind time, or a gather. `set`
    writes it; `add` adds to it, with np.add.at where an index repeats (fan-out, which `+=`
    would count once); `put` writes the first contribution and adds the later ones. `fill`
    and `receive` do what `set` and `put` do with a result that NumPy computes straight into
    the view where it can (`out=`), saving a temporary array and a pass over it."""

    def __init__(self, array: np.ndarray, place: Place, view: Optional[np.ndarray]) -> None:
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


class Inputs:
    """The batch's inputs, (inputs, batch), as a layer reads them in place: a view of the X of
    this call, which `_load` sets, instead of a transposed copy into the value array."""

    def __init__(self, work) -> None:
        self.work = work

    def get(self) -> np.ndarray:
        return self.work.inputs


class Fixed:
    """A constant operand: `get` gives the number (NumPy broadcasts it)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def get(self) -> float:
        return self.value




def regular_block(ids: np.ndarray, size: Optional[int]):
    """(slice, shape, width) such that array[slice].reshape(shape)[:, :width] is array[ids]
    (shape None: array[slice] is), or None where ids are not that regular."""
    if len(ids) == 0:
        return None
    return _evenly_spaced(ids) if ids.ndim == 1 else _rows_at_a_stride(ids, size)


def _evenly_spaced(ids: np.ndarray):
    """regular_block for indices in one row: a slice with a step, where they are evenly spaced
    and increasing."""
    step = int(ids[1] - ids[0]) if len(ids) > 1 else 1
    if step > 0 and np.array_equal(ids, ids[0] + step * np.arange(len(ids))):
        return slice(int(ids[0]), int(ids[-1]) + 1, step), None, None
    return None


def _rows_at_a_stride(ids: np.ndarray, size: Optional[int]):
    """regular_block for (n, width) indices: rows of consecutive entries that start a fixed
    stride apart (a layer's weights as nn lays them out), within a vector of `size`."""
    n, width = ids.shape
    stride = int(ids[1, 0] - ids[0, 0]) if n > 1 else width
    start = int(ids[0, 0])
    regular = np.array_equal(ids, start + stride * np.arange(n)[:, None] + np.arange(width))
    if regular and stride >= width and size is not None and start + n * stride <= size:
        return slice(start, start + n * stride), (n, stride), width
    return None


def listed(index) -> List[int]:
    if isinstance(index, slice):
        return list(range(index.start, index.stop))
    return np.asarray(index).ravel().tolist()


def any_needed(needed: Set[int], index) -> bool:
    return any(r in needed for r in listed(index))


def as_index(rows: Sequence[int]):
    """A slice where the rows are consecutive (indexing then gives a view), else an array."""
    rows = [int(r) for r in rows]
    if rows and rows == list(range(rows[0], rows[0] + len(rows))):
        return slice(rows[0], rows[0] + len(rows))
    return np.array(rows, dtype=int)


def count(index) -> int:
    return index.stop - index.start if isinstance(index, slice) else len(index)


def used(rows: List[int]):
    """(rows, positions) of the entries that the graph uses (a row of -1 means unused)."""
    pairs = [(r, i) for i, r in enumerate(rows) if r >= 0]
    return as_index([r for r, _ in pairs]), as_index([i for _, i in pairs])
