"""A learner's own Module and loss, as the tests of the page use them: what `fit` trains and
the page must train the same way, though nn did not build them."""

from nn import MLP, Module


class TwoPaths(Module):
    """Two MLPs side by side, their outputs added, with a skip connection from input 0."""

    def __init__(self, first=4, second=3):
        self.a = MLP(2, [first, 1], activation="tanh", seed=1)
        self.b = MLP(2, [second, 1], activation="relu", seed=2)

    def named_parameters(self):
        return ([(f"a.{k}", p) for k, p in self.a.named_parameters()]
                + [(f"b.{k}", p) for k, p in self.b.named_parameters()])

    def __call__(self, x):
        return (self.a(x) + self.b(x) + 0.5 * x[0]).sigmoid()


def hinge(output, target):
    """A learner's own loss: the hinge on 0/1 labels."""
    return (1.0 - (2.0 * target - 1.0) * output).relu()
