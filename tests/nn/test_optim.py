"""Optimizers against hand-computed steps of PyTorch's rules, and their argument checks."""

import math

import pytest

from autograd import Value
from nn import SGD, Adam


def test_sgd_follows_pytorchs_rule():
    p = Value(1.0)
    opt = SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01)
    p.grad = 0.5
    opt.step()                       # buf = 0.5 + 0.01 * 1.0 = 0.51
    assert p.data == pytest.approx(1.0 - 0.1 * 0.51)
    p.grad = 0.5
    opt.step()                       # buf = 0.9 * 0.51 + (0.5 + 0.01 * p)
    assert p.data == pytest.approx(0.949 - 0.1 * (0.9 * 0.51 + 0.5 + 0.01 * 0.949))
    opt.zero_grad()
    assert p.grad == 0.0


def test_adam_matches_hand_computed_steps():
    p = Value(1.0)
    opt = Adam([p], lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    p.grad = 0.5
    opt.step()                               # first step moves by lr * sign(g)
    assert p.data == pytest.approx(1.0 - 0.1, rel=1e-6)
    p.grad = -0.2
    opt.step()
    m = 0.9 * 0.05 + 0.1 * -0.2
    v = 0.999 * 0.00025 + 0.001 * 0.04
    first = 1.0 - 0.1 * (0.05 / 0.1) / (math.sqrt(0.00025 / 0.001) + 1e-8)
    expected = first - 0.1 * (m / (1 - 0.81)) / (math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8)
    assert p.data == pytest.approx(expected, rel=1e-9)


def test_optimizer_arguments_are_checked():
    with pytest.raises(ValueError, match="lr"):
        SGD([Value(1.0)], lr=-1)
    with pytest.raises(TypeError, match=r"params\[0\]"):
        Adam([1.0])
    with pytest.raises(ValueError, match="betas"):
        Adam([Value(1.0)], betas=(0.9, 1.0))
