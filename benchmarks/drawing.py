"""How long Graphviz takes to lay out the graphs that used to stop it: fan-out from one leaf
(x + x + ... + x, sum([x] * 200)), long sums of products, a 64-input neuron, and the worked
3-3-1 example. Needs Graphviz's `dot`.

    python benchmarks/drawing.py [--quick]

A leaf used by every step of a long sum makes dot route tens of thousands of edge segments;
autograd/drawing/picture.py predicts that (long_edges) and draws such graphs with straight
edges. The target: every graph here lays out in under 2 s (x + ... + x of 150 terms took
24 s and then crashed before).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from targets import interleaved, report, rounds  # noqa: E402

from autograd import Value, draw_dot, topological_order  # noqa: E402
from autograd.drawing.picture import long_edges  # noqa: E402


def chain(terms: int) -> Value:
    x = Value(1.0, label="x")
    out = x
    for _ in range(terms - 1):
        out = out + x
    return out


def products(terms: int) -> Value:
    a = [Value(float(i), label=f"a{i}") for i in range(terms)]
    b = [Value(float(i), label=f"b{i}") for i in range(terms)]
    out = a[0] * b[0]
    for i in range(1, terms):
        out = out + a[i] * b[i]
    return out


def neuron(inputs: int) -> Value:
    from nn import MLP, mse_loss
    model = MLP(inputs, [3, 1], seed=0)
    return mse_loss([model([i / inputs for i in range(inputs)])], [1.0])


def worked_example() -> Value:
    from demos.forward_pass import INPUT, TARGET, build
    from nn import mse_loss
    model = build()
    return mse_loss([model([Value(v) for v in INPUT])], [TARGET])


GRAPHS = {
    "x + ... + x, 150 terms": lambda: chain(150),
    "sum([x] * 200)": lambda: sum([Value(1.0, label="x")] * 200),
    "a0*b0 + ... , 150 products": lambda: products(150),
    "MLP(64, [3, 1]) and its loss": lambda: neuron(64),
    "the worked 3-3-1 example": worked_example,
}


def main(argv=None) -> int:
    count = rounds(__doc__, argv, full=3, quick=1)
    checks = []
    print(f"{'graph':<32}{'nodes':>7}{'long edges':>12}{'layout s':>10}")
    for name, make in GRAPHS.items():
        root = make()
        dot = draw_dot(root, max_nodes=10_000)
        (seconds,) = interleaved(count, lambda dot=dot: dot.pipe(format="svg"))
        order = topological_order(root)
        print(f"{name:<32}{len(order):>7}{long_edges(order):>12,}{seconds:>10.2f}")
        checks.append((f"{name}: layout {seconds:.2f} s", "< 2 s", seconds < 2.0))
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
