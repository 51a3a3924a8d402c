"""The command line, `python -m autograd "EXPRESSION" --at NAME=VALUE ...`: its arguments and
output (`main.py`) and the parser that evaluates a typed-in expression without executing any
code (`expression.py`)."""

from .main import main

__all__ = ["main"]
