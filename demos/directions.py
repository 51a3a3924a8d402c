"""Forward and reverse mode on one function of two inputs and three outputs, and on a neuron:
the Jacobian both ways, the sweeps and multiply-adds each took, and a page that steps through
both on the graph.

    python -m demos.directions [--out DIR]
"""

import os

from autograd import Value, jacobian, render_directions
from autograd.functional import cost
from demos.common import main, page


def three_outputs(x, y):
    """f(x, y) = (x * y, x + y, sin(x * y)), the product shared by two outputs."""
    p = x * y
    f2, f3 = x + y, p.sin()
    p.label, f2.label, f3.label = "f1", "f2", "f3"
    return [p, f2, f3]


def neuron(x1, x2, w1, w2, b):
    """tanh(w1 x1 + w2 x2 + b): five inputs, one output."""
    out = (w1 * x1 + w2 * x2 + b).tanh()
    out.label = "out"
    return out


def show(name, f, point):
    """Print the Jacobian by both modes and what each took; return the page's path."""
    forward, reverse = jacobian(f, point, mode="fwd"), jacobian(f, point, mode="rev")
    rows = forward if isinstance(forward[0], list) else [forward]
    print(f"{name}: the Jacobian, {len(rows)} x {len(rows[0])}, forward mode == reverse mode: "
          f"{forward == reverse}")
    for row in rows:
        print("   " + "  ".join(f"{v:>9.4f}" for v in row))
    for mode, what in (("fwd", "a column"), ("rev", "a row")):
        c = cost(f, point, mode)
        sweeps = f"{c.sweeps} sweep" + ("" if c.sweeps == 1 else "s")
        print(f"   {mode}: {sweeps} ({what} each), {c.multiply_adds} multiply-adds")


def run(out: str = "out", seed: int = 0) -> dict:
    files = []
    for name, f, point in (("f(x, y) = (x y, x + y, sin(x y))", three_outputs, [1.0, 2.0]),
                           ("a neuron tanh(w1 x1 + w2 x2 + b)", neuron,
                            [0.5, -1.5, 0.8, 0.3, 0.1])):
        show(name, f, point)
        names = f.__code__.co_varnames[:len(point)]
        inputs = [Value(v, label=n) for v, n in zip(point, names)]
        path = render_directions(f(*inputs), os.path.join(out, f"directions_{f.__name__}.html"),
                                 inputs=inputs)
        print(f"   step through both directions: {page(path)}\n")
        files.append(path)
    return {"files": files}


if __name__ == "__main__":
    main(run, __doc__, seeded=False)
