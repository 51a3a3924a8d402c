"""A scalar autograd engine: build expressions from Values, then run the chain rule backwards."""

from .backward import backward, grad
from .modes import detect_anomaly, no_grad
from .value import Value

__all__ = ["Value", "backward", "grad", "no_grad", "detect_anomaly"]
