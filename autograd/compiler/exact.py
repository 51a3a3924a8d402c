"""The backward pass again, slowly, with the scalar engine's conventions where 0 * inf arises.

A program's steps multiply whole arrays: upstream * local, and matrix products for layers. That
is IEEE arithmetic, in which 0 * inf is nan. The scalar engine has a zero factor give zero
(`autograd.backward.pass_back`): a node whose gradient is 0 passes 0 (d tanh(w x)/dw at x = inf
is 0), and a local derivative that is 0 (relu below 0, maximum's losing side, the 0 in 0 * x)
passes 0 whatever arrives. Checking for them on every call would cost every call a pass over
each array; they can only matter where a gradient came out nan. So the program checks its
parameters' gradients for nan once per call (`needed`), and only then runs this pass: the same
steps, each product written with that exception, everything added afresh.
"""

import math

import numpy as np

# A layer's products are formed per (output, input, sample) here, so that each can be checked;
# this many at a time bounds the memory that takes.
_CHUNK = 1 << 20


def needed(param_grads: np.ndarray) -> bool:
    """Whether a gradient came out nan (the sum of squares is nan exactly then: one BLAS call)."""
    return math.isnan(param_grads.dot(param_grads))


def backward_exactly(program, work) -> None:
    """Recompute the gradients of `work` (whose forward pass has run) by the scalar engine's
    rules, leaving them where the fast pass leaves them."""
    work.grads[...] = 0.0
    work.param_grads[...] = 0.0
    work.grads[program.rows.outputs[0]] = 1.0
    for step in reversed(program.steps):
        if step.runs_backward:
            step.backward_exactly(work)


def _times(upstream: np.ndarray, local) -> np.ndarray:
    """upstream * local, but 0 where either is 0."""
    closed = (upstream == 0.0) | (np.asarray(local) == 0.0)
    return np.where(closed, 0.0, upstream * local)


def op_step(step, work) -> None:
    args = [o if isinstance(o, float) else o.bind(work.values).get() for o in step.operands]
    args.append(step.rows.bind(work.values).get())
    upstream = step.rows.bind(work.grads).get()
    for rule, place in step.rules:
        place.bind(work.grads).add(_times(upstream, rule(*args)))


def sum_step(step, work) -> None:
    upstream = step.rows.bind(work.grads).get()
    step.terms.bind(work.grads).add(np.repeat(upstream, step.shape[1], axis=0))


def dense_step(step, work) -> None:
    """rows = W @ sources (+ b): each weight's gradient sums upstream * source over the batch,
    each source's sums weight * upstream over the neurons, a term being 0 where a factor is."""
    upstream = step.rows.bind(work.grads).get()                         # (neurons, batch)
    sources = work.inputs if step.reads_inputs else step.sources.bind(work.values).get()
    W = step.weights.bind(work.weight_views.vector).get()                      # (neurons, inputs)
    dW, dsources = np.zeros(W.shape), np.zeros(sources.shape)
    width = max(1, _CHUNK // max(W.size, 1))
    for start in range(0, upstream.shape[1], width):
        u = upstream[:, None, start:start + width]                      # (neurons, 1, chunk)
        dW += _times(u, sources[None, :, start:start + width]).sum(axis=2)
        if step.source_grads:
            dsources[:, start:start + width] = _times(u, W[:, :, None]).sum(axis=0)
    step.weights.bind(work.param_grads).add(dW)
    if step.bias is not None:
        step.bias.bind(work.param_grads).add(upstream.sum(axis=1))
    if step.source_grads:
        step.sources.bind(work.grads).add(dsources)

