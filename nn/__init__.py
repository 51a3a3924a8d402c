"""Neural networks on top of `autograd`: modules, losses, optimizers and a training loop."""

from .arrays import to_numpy
from .bridge import from_torch, to_torch
from .files import load_history
from .film import Film
from .history import History
from .losses import binary_cross_entropy, cross_entropy, hinge_loss, log_softmax, mse_loss, softmax
from .modules import MLP, Layer, Module, Neuron, load
from .optim import SGD, Adam, Optimizer
from .pictures import draw_network, render_network
from .playground import Playground, playground
from .recording import Recording
from .training import accuracy, fit, predict

__all__ = ["Module", "Neuron", "Layer", "MLP", "mse_loss", "binary_cross_entropy",
           "cross_entropy", "hinge_loss", "softmax", "log_softmax", "SGD", "Adam", "Optimizer",
           "fit", "predict", "accuracy", "History", "load", "load_history", "Recording", "to_numpy",
           "draw_network", "render_network", "Film", "to_torch", "from_torch", "playground",
           "Playground"]
