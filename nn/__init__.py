"""Neural networks on top of `autograd`: modules, losses and optimizers."""

from .losses import binary_cross_entropy, cross_entropy, hinge_loss, mse_loss, softmax
from .modules import MLP, Layer, Module, Neuron
from .optim import SGD

__all__ = ["Module", "Neuron", "Layer", "MLP", "mse_loss", "binary_cross_entropy",
           "cross_entropy", "hinge_loss", "softmax", "SGD"]
