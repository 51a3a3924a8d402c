"""micrograd's README expression, traced end to end: its value, its gradients, the chain-rule
table that produced them, and a picture of the graph.

    python -m demos.expression [--out DIR]
"""

import os

from autograd import Value, explain, render_live
from demos.common import main, page, save_graph

# What micrograd's README prints for this expression.
REPORTED = {"g": 24.7041, "dg/da": 138.8338, "dg/db": 645.5773}


def build():
    """The expression exactly as micrograd's README writes it; returns (a, b, g)."""
    a = Value(-4.0, label="a")
    b = Value(2.0, label="b")
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.label = "g"
    return a, b, g


def run(out: str = "out", seed: int = 0) -> dict:
    a, b, g = build()
    g.backward()
    ours = {"g": g.data, "dg/da": a.grad, "dg/db": b.grad}
    print("micrograd's README expression (a = -4, b = 2):\n")
    print(f"{'':8}{'computed':>12}{'micrograd README':>20}")
    for name, value in ours.items():
        print(f"{name:<8}{value:>12.4f}{REPORTED[name]:>20.4f}")
    print("\nHow backward got there, one chain-rule step per row:\n")
    print(explain(g))
    picture = save_graph(g, os.path.join(out, "expression.svg"))
    print(f"graph of the expression: {picture}")
    live = render_live(g, os.path.join(out, "expression_live.html"))
    print(f"change a or b and watch g and every gradient follow: {page(live)}")
    return {**ours, "files": [picture, live]}


if __name__ == "__main__":
    main(run, __doc__, seeded=False)
