"""The floor engine: the engine's design stripped to what a backward pass must do, to measure
ours against.

Nodes as ours (slots for the data, the gradient, two operands and a creation number), the
same topological order (autograd.graph's: reachable nodes sorted by creation number), then one
loop that adds each op's local derivatives, written inline, straight into the operands'
`.grad`. It keeps none of the engine's promises (constants get gradients, 0 * inf is nan, a
second backward is not exact, no threads, no create_graph, no checks): what is left is the
least work a pass of this design can be, so ours divided by it is what the promises cost.
"""

import itertools
import math

from autograd.graph import topological_order

ADD, MUL, NEG, RELU, TANH = 1, 2, 3, 4, 5
_numbers = itertools.count()


class Floor:
    """A scalar of the floor engine: +, -, *, relu and tanh."""

    __slots__ = ("data", "grad", "a", "b", "op", "number")

    def __init__(self, data, a=None, b=None, op=0):
        self.data, self.grad, self.a, self.b, self.op = data, 0.0, a, b, op
        self.number = next(_numbers)

    def __add__(self, other):
        other = other if isinstance(other, Floor) else Floor(float(other))
        return Floor(self.data + other.data, self, other, ADD)

    def __mul__(self, other):
        other = other if isinstance(other, Floor) else Floor(float(other))
        return Floor(self.data * other.data, self, other, MUL)

    def __neg__(self):
        return Floor(-self.data, self, None, NEG)

    def __sub__(self, other):
        return self + (-other)

    def relu(self):
        return Floor(self.data if self.data > 0 else 0.0, self, None, RELU)

    def tanh(self):
        return Floor(math.tanh(self.data), self, None, TANH)

    __radd__, __rmul__ = __add__, __mul__

    def backward(self):
        self.grad = 1.0
        for node in topological_order(self):
            op, g = node.op, node.grad
            if op == ADD:
                node.a.grad += g
                node.b.grad += g
            elif op == MUL:
                a, b = node.a, node.b
                a.grad += g * b.data
                b.grad += g * a.data
            elif op == RELU:
                if node.data > 0:
                    node.a.grad += g
            elif op == NEG:
                node.a.grad -= g
            elif op == TANH:
                node.a.grad += g * (1.0 - node.data * node.data)
