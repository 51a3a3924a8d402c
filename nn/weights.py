"""How a neuron's weights start: drawn by one of the rules in INITS, or given as numbers (a
worked example's exact weights, typed in), checked."""

import math
import random
from typing import List, Optional, Sequence

from .checks import shown



def _sqrt(x):
    return x.sqrt() if hasattr(x, "sqrt") else math.sqrt(x)


def _between(low, high, u):
    """random.uniform(low, high)'s arithmetic on the draw u = random.random()."""
    return low + (high - low) * u


# Each rule: (the draw it takes, weight from (draw, nin, nout)). "random": u = random.random(),
# uniform in [0, 1); "gauss": random.gauss(0.0, 1.0). Written once: `initial_weights` draws with
# them, and a page traces them (nn/browser/traced.py) to start a network the learner reshapes there.
#   uniform: U(-1, 1), micrograd's choice; normal: N(0, 1) / sqrt(nin), the tutorials' choice;
#   xavier: U(-a, a) with a = sqrt(6 / (nin + nout)) (Glorot & Bengio, 2010).
INIT_RULES = {
    "uniform": ("random", lambda u, nin, nout: _between(-1.0, 1.0, u)),
    "normal": ("gauss", lambda n, nin, nout: n / _sqrt(nin)),
    "xavier": ("random", lambda u, nin, nout: _between(-_sqrt(6.0 / (nin + nout)),
                                                       _sqrt(6.0 / (nin + nout)), u)),
}
INITS = tuple(INIT_RULES)


def initial_weights(init: str, nin: int, nout: int, rng: random.Random) -> List[float]:
    """nin starting weights for one neuron of a layer with nout neurons, by INIT_RULES[init]."""
    draw, rule = INIT_RULES[init]
    take = rng.random if draw == "random" else lambda: rng.gauss(0.0, 1.0)
    return [rule(take(), nin, nout) for _ in range(nin)]


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
