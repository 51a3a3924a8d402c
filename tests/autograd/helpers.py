"""Shared test tools: central differences on plain floats."""

from autograd import Value, no_grad


def central_difference(fn, point, i, eps=1e-6):
    """d fn / d point[i] by central differences; fn takes Values and returns a Value.

    The step shrinks with |point[i]| below 1e-2, so points near a domain edge (log at 1e-4)
    are measured without stepping across the edge or drowning in truncation error."""
    step = eps * max(abs(point[i]), 1e-2) if point[i] else eps

    def at(shift):
        moved = list(point)
        moved[i] += shift
        with no_grad():
            return fn(*(Value(x) for x in moved)).data
    return (at(step) - at(-step)) / (2 * step)
