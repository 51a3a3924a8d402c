"""Backward against its floor: the engine's backward pass beside the floor engine's
(benchmarks/floor.py: the same design with every promise stripped), on the same graphs.

    python benchmarks/backward.py            # 15 rounds
    python benchmarks/backward.py --quick    # 5 rounds

Workloads: a dot product of 10,000 terms (w0*x0 + w1*x1 + ...), a chain of 20,000 additions
(y = y + x), and the backward of micrograd's demo step (a 2-16-16-1 relu MLP on 100 moons,
mean hinge loss plus an L2 penalty, as micrograd's demo notebook trains it). Each round builds
every graph afresh in both engines and times the backward alone with the garbage collector
off; the engines take turns and the fastest round of each is kept, so a loaded machine slows
both alike. Prints each ratio with the machine's load: of the fastest of each, and the median
of each round's pair (`targets.paired`), which the target reads. Target: ours at most 1.25x
the floor.
"""

import gc
import os
import random
import sys
import time

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from floor import Floor  # noqa: E402  (benchmarks/floor.py, beside this script)
from targets import paired, report, rounds  # noqa: E402

from autograd import Value  # noqa: E402
from nn.datasets import points  # noqa: E402

TARGET = 1.25


def dot(V, n=10_000):
    rng = random.Random(0)
    total = V(rng.uniform(-1, 1)) * V(rng.uniform(-1, 1))
    for _ in range(n - 1):
        total = total + V(rng.uniform(-1, 1)) * V(rng.uniform(-1, 1))
    return total


def chain(V, n=20_000):
    x = V(0.5)
    y = x
    for _ in range(n):
        y = y + x
    return y


def demo_step(V):
    """micrograd's demo: the loss of one step of its moons classifier, built from V."""
    rng = random.Random(1337)
    sizes = [2, 16, 16, 1]
    layers = [[([V(rng.uniform(-1, 1)) for _ in range(nin)], V(0.0)) for _ in range(nout)]
              for nin, nout in zip(sizes, sizes[1:])]
    X, labels = points("moons", 100, 0.1, 0)
    losses = []
    for x, label in zip(X, labels):
        for k, layer in enumerate(layers):
            x = [sum((w * xi for w, xi in zip(ws, x)), b) for ws, b in layer]
            x = x if k == len(layers) - 1 else [a.relu() for a in x]
        losses.append((1 + -(2.0 * label - 1.0) * x[0]).relu())
    data_loss = sum(losses) * (1.0 / len(losses))
    penalty = 1e-4 * sum(p * p for layer in layers for ws, b in layer for p in ws + [b])
    return data_loss + penalty


WORKLOADS = (("dot of 10,000 terms", dot), ("chain of 20,000", chain),
             ("micrograd's demo step", demo_step))


def timed_backward(build, V) -> float:
    root = build(V)
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        root.backward()
        return time.perf_counter() - t0
    finally:
        gc.enable()


def main(argv=None) -> int:
    n = rounds(__doc__, argv, 15, 5)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {n} rounds, "
          "the fastest of each\n")
    print(f"{'workload':<24} {'ours ms':>8} {'floor ms':>9} {'ratio':>6} {'by round':>9}")
    checks = []
    for name, build in WORKLOADS:
        ours, floor = [], []
        for _ in range(n):
            ours.append(timed_backward(build, Value))
            floor.append(timed_backward(build, Floor))
        ratio, by_round = min(ours) / min(floor), paired(ours, floor)
        print(f"{name:<24} {1e3 * min(ours):>8.2f} {1e3 * min(floor):>9.2f} {ratio:>6.2f} "
              f"{by_round:>9.2f}")
        checks.append((f"{name}: backward {by_round:.2f}x the floor (round by round; fastest "
                       f"of each {ratio:.2f}x)", f"<= {TARGET}x", by_round <= TARGET))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
