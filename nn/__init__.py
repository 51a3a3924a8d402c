"""Neural networks on top of `autograd`: modules, losses, optimizers and a training loop."""

from .arrays import to_numpy
from .files.torch import from_torch, to_torch
from .files.saved import load_history
from .drawing.film import Film
from .training.history import History
from .training.losses import (binary_cross_entropy, cross_entropy, hinge_loss, log_softmax,
                              mse_loss, softmax)
from .modules import MLP, Layer, Module, Neuron, load
from .training.optim import SGD, Adam, Optimizer
from .drawing.pictures import draw_network, render_network
from .browser.playground import Playground, playground
from .training.recording import Recording
from .training.fit import accuracy, fit, predict

__all__ = ["Module", "Neuron", "Layer", "MLP", "mse_loss", "binary_cross_entropy",
           "cross_entropy", "hinge_loss", "softmax", "log_softmax", "SGD", "Adam", "Optimizer",
           "fit", "predict", "accuracy", "History", "load", "load_history", "Recording", "to_numpy",
           "draw_network", "render_network", "Film", "to_torch", "from_torch", "playground",
           "Playground"]
