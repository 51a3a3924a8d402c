"""Checks of the arguments a user passes, each written once with one message.

Every check raises before anything changes, and its message names the function (`who`), the
argument and what it got, so a mistake is found where it was made rather than later, after a
model has been half trained.
"""

import math
import numbers
import reprlib
from typing import Optional

# How a message quotes what it refuses: at most 40 characters of it (an integer of 400 digits,
# a string of a megabyte or a list of a million numbers is named, not printed).
_SHORT = reprlib.Repr()
_SHORT.maxlong = _SHORT.maxstring = _SHORT.maxother = 40


def shown(value) -> str:
    """repr(value), cut to about 40 characters."""
    return _SHORT.repr(value)


# The largest count or seed taken: every int up to it is a float exactly (so a page's
# JavaScript holds it as Python does), and no loop runs so long.
LARGEST = 2**53


def whole_number(value, name: str, who: str, minimum: int = 1) -> int:
    """An int from minimum to LARGEST (a NumPy integer too, not a bool): a count, a size or a
    seed."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        kind = "a positive int" if minimum == 1 else f"an int >= {minimum}"
        raise ValueError(f"{who}: {name} must be {kind}, got {shown(value)}")
    if value > LARGEST:
        raise ValueError(f"{who}: {name} must be at most 2**53, got {shown(value)}")
    return int(value)


def optional_whole_number(value, name: str, who: str, minimum: int = 1) -> Optional[int]:
    return None if value is None else whole_number(value, name, who, minimum)


def real_number(value, name: str, who: str, minimum: Optional[float] = None) -> float:
    """A finite real number (an int, a float, a NumPy scalar; not a bool), >= minimum if given."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or (minimum is not None and value < minimum)):
        bound = "" if minimum is None else f" >= {minimum:g}"
        raise ValueError(f"{who}: {name} must be a finite number{bound}, got {shown(value)}")
    return float(value)


def positive_number(value, name: str, who: str) -> float:
    """A finite real number above 0."""
    number = real_number(value, name, who, minimum=0.0)
    if number == 0.0:
        raise ValueError(f"{who}: {name} must be a finite number > 0, got {shown(value)}")
    return number


def flag(value, name: str, who: str) -> bool:
    """True or False, nothing that merely looks like one (a string, 0, 1)."""
    if not isinstance(value, bool):
        raise ValueError(f"{who}: {name} must be True or False, got {shown(value)}")
    return value


def optional_flag(value, name: str, who: str) -> Optional[bool]:
    return None if value is None else flag(value, name, who)


def choice(value, name: str, who: str, known) -> str:
    if value not in known:
        raise ValueError(f"{who}: {name} must be one of {', '.join(map(repr, known))}, got "
                         f"{shown(value)}")
    return value


def writable(stream, name: str, who: str):
    """Something with a write method (a file, sys.stdout, io.StringIO)."""
    if not callable(getattr(stream, "write", None)):
        raise ValueError(f"{who}: {name} must be a stream with a write() method, such as "
                         f"sys.stdout, got {type(stream).__name__}")
    return stream
