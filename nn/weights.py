"""How a neuron's weights start: drawn by one of the rules in INITS, or given as numbers (a
worked example's exact weights, typed in), checked."""

import math
import random
from typing import List, Optional, Sequence

from .checks import shown

INITS = ("uniform", "normal", "xavier")


def initial_weights(init: str, nin: int, nout: int, rng: random.Random) -> List[float]:
    """nin starting weights for one neuron of a layer with nout neurons.

    uniform: U(-1, 1), micrograd's choice; normal: N(0, 1) / sqrt(nin), the tutorials' choice;
    xavier: U(-a, a) with a = sqrt(6 / (nin + nout)) (Glorot & Bengio, 2010)."""
    if init == "uniform":
        return [rng.uniform(-1.0, 1.0) for _ in range(nin)]
    if init == "normal":
        return [rng.gauss(0.0, 1.0) / math.sqrt(nin) for _ in range(nin)]
    limit = math.sqrt(6.0 / (nin + nout))
    return [rng.uniform(-limit, limit) for _ in range(nin)]


def given_numbers(values, count: int, what: str) -> List[float]:
    """`values` as a list of `count` floats, or a ValueError that says what was expected."""
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError(f"{what} should be {count} numbers, got {shown(values)}") from None
    if len(numbers) != count:
        raise ValueError(f"{what} should be {count} numbers, got {len(numbers)}")
    return numbers


def one_each(given: Optional[Sequence], count: int, what: str, each: str) -> None:
    """ValueError unless `given` (None, or one entry per neuron or layer) holds `count`."""
    if given is not None and len(given) != count:
        raise ValueError(f"{what} should hold {each} ({count}), got {len(given)}")
