"""Neural networks on top of `autograd`: modules, losses, optimizers and a training loop."""

from .losses import (binary_cross_entropy, cross_entropy, hinge_loss, log_softmax, mse_loss,
                     softmax)
from .files import load_history
from .modules import MLP, Layer, Module, Neuron, load
from .optim import SGD, Adam, Optimizer
from .history import History
from .training import accuracy, fit, predict
from .recording import Recording
from .arrays import to_numpy
from .pictures import draw_network, render_network
from .film import Film
from .bridge import from_torch, to_torch

__all__ = ["Module", "Neuron", "Layer", "MLP", "mse_loss", "binary_cross_entropy",
           "cross_entropy", "hinge_loss", "softmax", "log_softmax", "SGD", "Adam", "Optimizer",
           "fit", "predict", "accuracy", "History", "load", "load_history", "Recording", "to_numpy",
           "draw_network", "render_network", "Film", "to_torch", "from_torch"]
