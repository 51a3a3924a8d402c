"""Losses against hand-computed values, their stability and their argument errors."""

import math

import pytest

from autograd import Value
from nn import binary_cross_entropy, cross_entropy, hinge_loss, log_softmax, mse_loss, softmax


def test_losses_against_hand_computed_values():
    p = [Value(0.8), Value(0.3)]
    assert mse_loss(p, [1.0, 0.0]).data == pytest.approx(0.5 * (0.04 + 0.09))
    assert binary_cross_entropy(p, [1.0, 0.0]).data == pytest.approx(
        -(math.log(0.8) + math.log(0.7)) / 2)
    logits = [Value(1.0), Value(2.0), Value(0.5)]
    lse = math.log(math.exp(1.0) + math.exp(2.0) + math.exp(0.5))
    assert cross_entropy(logits, 1).data == pytest.approx(lse - 2.0)
    assert hinge_loss([Value(0.5), Value(-2.0)], [1, 1]).data == pytest.approx((0.5 + 3.0) / 2)
    assert sum(s.data for s in softmax(logits)) == pytest.approx(1.0)


def test_stable_for_huge_logits():
    logits = [Value(1000.0), Value(-1000.0)]
    assert cross_entropy(logits, 0).data == pytest.approx(0.0)
    assert cross_entropy(logits, 1).data == pytest.approx(2000.0)
    assert [s.data for s in softmax(logits)] == [1.0, 0.0]


def test_loss_argument_errors():
    with pytest.raises(ValueError, match="2 predictions but 1 targets"):
        mse_loss([Value(1.0), Value(2.0)], [1.0])
    with pytest.raises(ValueError, match="-1 or \\+1"):
        hinge_loss([Value(1.0)], [0])
    with pytest.raises(ValueError, match="label_index"):
        cross_entropy([Value(1.0)], 3)


def test_log_softmax_is_stable():
    out = log_softmax([Value(1000.0), Value(-1000.0), Value(0.0)])
    assert [v.data for v in out] == pytest.approx([0.0, -2000.0, -1000.0])


def test_cross_entropy_takes_numpy_integer_labels():
    import numpy as np
    logits = [Value(1.0), Value(2.0), Value(0.5)]
    assert cross_entropy(logits, np.int64(1)).data == cross_entropy(logits, 1).data
    with pytest.raises(ValueError, match="label_index"):
        cross_entropy(logits, np.int64(3))
