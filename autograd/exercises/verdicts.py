"""How a typed answer is judged against the engine's number: three verdicts.

- "right": within a relative error of 1e-9 (or, where the number is within 1e-12 of zero, an
  answer within 1e-12 of zero too);
- "rounded": right up to rounding: the answer agrees with the number to every significant
  digit typed, at least MIN_DIGITS of them, the last one rounded or cut off (for 0.46219:
  0.4622 or 0.4621, not 0.4620);
- "wrong": anything else, or text that is not a number.

autograd/live/js/verdicts.js is this module's twin for the page, held to it by the tests on
the same answers.
"""

import math
import re
from typing import Optional

RELATIVE = 1e-9         # "right": within this relative error
NEAR_ZERO = 1e-12       # ... or both this close to zero
MIN_DIGITS = 3          # "rounded" asks for at least this many significant digits

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def parse(text) -> Optional[float]:
    """The number a learner typed (an int or float passes as itself), or None. Spaces around
    it are allowed, and a minus sign written as − (U+2212)."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    cleaned = text.strip().replace("\u2212", "-")
    return float(cleaned) if _NUMBER.match(cleaned) else None


def significant_digits(text) -> int:
    """How many significant digits the learner typed: "0.4621" 4, "-1.50" 3, "1e-3" 1, "0"
    1; a number given as a float has all of them (17)."""
    if not isinstance(text, str):
        return 17
    mantissa = re.split(r"[eE]", text.strip().replace("\u2212", "-"))[0].lstrip("+-")
    digits = mantissa.replace(".", "").lstrip("0")
    return max(len(digits), 1)


def verdict(text, truth: float) -> str:
    """"right", "rounded" or "wrong": the answer `text` (what was typed, or a number) against
    the engine's `truth`."""
    answer = parse(text)
    if answer is None or not math.isfinite(truth):
        return "wrong"
    if abs(answer - truth) <= RELATIVE * abs(truth):
        return "right"
    if abs(truth) <= NEAR_ZERO and abs(answer) <= NEAR_ZERO:
        return "right"
    return "rounded" if _rounded(answer, truth, significant_digits(text)) else "wrong"


def _rounded(answer: float, truth: float, digits: int) -> bool:
    """Whether `answer`, typed to `digits` significant digits (at least MIN_DIGITS), is
    `truth` with its last digit rounded or cut off."""
    if digits < MIN_DIGITS or answer == 0.0:
        return False
    unit = 10.0 ** (math.floor(math.log10(abs(answer))) - digits + 1)
    slack = 1e-9 * unit                   # the typed decimal's own binary error
    rounded = abs(answer - truth) <= unit / 2 + slack
    cut = answer * truth > 0 and abs(answer) - slack <= abs(truth) < abs(answer) + unit + slack
    return rounded or cut


def agrees(text, value: float) -> bool:
    """Whether the answer is `value`, right or rounded: how a wrong answer is matched to the
    number a mistake gives."""
    return verdict(text, value) != "wrong"
