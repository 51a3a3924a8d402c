"""Planning a program's run: where gradient must flow, which contributions are written rather
than added, and whether the inputs can be read from the batch in place."""

from typing import List, Set, Tuple

from .ir import DenseNode, Group, Rows


def plan_writes(steps: list, rows: Rows) -> Tuple[List[int], List[int]]:
    """Mark each place's first contribution, in the order backward runs: it can be written
    instead of added (no read of the zeros there, and a matrix product or a sum can be computed
    straight into place). Gradient rows and parameter entries are tracked separately.

    Returns the gradient rows and the parameter entries that must hold 0 when backward starts:
    those read (as a step's upstream, by an addition, or as a parameter's gradient at the end)
    before anything writes them. Only those are cleared on each call, not the whole arrays
    (for an MLP: none; clearing the 50,890 gradients of a 784-64-10 net costs 15 us a call).
    An entry nothing writes is cleared too, since a long gradient vector is a new one on each
    call (see program.POINT_FROM)."""
    rows_written, params_written = {rows.outputs[0]}, set()
    zero, zero_params = set(), set()
    for step in steps:
        zero.update(r for r in step.rows.entries if r not in rows_written)
        for place in filter(None, step.places()):
            if place.in_params:
                _mark(place, params_written, zero_params)
            else:
                _mark(place, rows_written, zero)
    # parameters read outside layers get their gradient added at the end (see __call__)
    zero.update(r for r in rows.params if r >= 0 and r not in rows_written)
    zero_params.update(i for i in range(len(rows.params)) if i not in params_written)
    return sorted(zero), sorted(zero_params)


def _mark(place, written: set, zero: set) -> None:
    """Whether backward's contribution to `place` is the first there (`written` holds the
    entries written so far); where it is not, the entries nothing wrote yet must start at 0."""
    place.first = not place.repeats and not any(e in written for e in place.entries)
    if not place.first:
        zero.update(e for e in place.entries if e not in written)
    written.update(place.entries)


def only_layers_read_inputs(groups: List[Group], rows: Rows) -> bool:
    """Whether the inputs can be read from X in place: every input is used, they are rows
    0, 1, ... in order, and nothing but layers taking all of them, in order, reads them (and
    layers pass no gradient to inputs)."""
    n = len(rows.inputs)
    if n == 0 or rows.inputs != list(range(n)):
        return False
    whole = tuple(range(n))
    if any(_reads_inputs(g, n, whole) for g in groups):
        return False
    return not any(r < n for r in rows.outputs)


def _reads_inputs(g: Group, n: int, whole: tuple) -> bool:
    """Whether group `g` reads any of the n input rows, other than as a layer reading all of
    them (`whole`), in order."""
    if type(g) is DenseNode and g.sources == whole:
        return False
    return any(r < n for r in g.read_rows())


def gradients_needed(groups: List[Group], rows: Rows) -> Set[int]:
    """The rows whose gradient backward must compute: those that depend on a parameter (else
    nothing learns from their gradient) and that output 0 depends on (else it is zero)."""
    edges = [edge for g in groups for edge in g.edges()]
    return _learning(edges, {r for r in rows.params if r >= 0}) & _feeding(edges, rows.outputs[0])


def _learning(edges: list, params: Set[int]) -> Set[int]:
    """The rows that depend on a parameter (`params`: the parameters' rows), edges in order."""
    learns = set(params)
    for written, read, reads_params in edges:
        if reads_params or any(r in learns for r in read):
            learns.update(written)
    return learns


def _feeding(edges: list, output: int) -> Set[int]:
    """The rows that `output` depends on, itself included."""
    feeds = {output}
    for written, read, _ in reversed(edges):
        if any(r in feeds for r in written):
            feeds.update(read)
    return feeds
