"""Engine speed and memory, against micrograd when it is installed.

    python benchmarks/engine.py            # all workloads
    python benchmarks/engine.py --quick    # skip the 1e6-node chain

Workloads: a chain of n additions (y = y + x), a sum of 1e5 leaves (Python's sum()), one
training step (forward + backward) of a 2-16-16-1 relu MLP on 100 points, and that step run
through nn.fit with and without fit's quiet garbage collector. The garbage collector
stays on, as in real use. The 1e5 workloads are timed 3 times and the fastest kept, for both
engines alike. micrograd (`pip install micrograd`) is measured in the same run and
the ratios are printed with the targets from the engine issue.
"""

import argparse
import gc
import random
import sys
import time
import tracemalloc

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from targets import report  # noqa: E402  (benchmarks/targets.py, beside this script)

from autograd import Value  # noqa: E402
from nn import MLP  # noqa: E402

try:
    import micrograd.engine as micrograd_engine
    import micrograd.nn as micrograd_nn
except ImportError:
    micrograd_engine = micrograd_nn = None


class Engine:
    """The two things a workload needs from an engine: its Value class and an MLP factory."""

    def __init__(self, name, value, mlp):
        self.name, self.value, self.mlp = name, value, mlp


OURS = Engine("seegrad", Value,
              lambda: MLP(2, [16, 16, 1], activation="relu", output_activation="linear", seed=0))
PEER = micrograd_engine and Engine("micrograd", micrograd_engine.Value,
                                   lambda: micrograd_nn.MLP(2, [16, 16, 1]))


def build_chain(V, n):
    x = V(1.0)
    y = x
    for _ in range(n):
        y = y + x
    return y


def build_sum(V, n):
    return sum(V(float(i)) for i in range(n))


def count_nodes(root):
    seen, stack = {id(root)}, [root]
    while stack:
        node = stack.pop()
        for parent in getattr(node, "parents", None) or getattr(node, "_prev", ()):
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


def graph_workload(engine, build, n, repeats):
    """Build, then backward; returns (nodes, build s, backward s) of the fastest of `repeats`."""
    runs = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        root = build(engine.value, n)
        t1 = time.perf_counter()
        root.backward()
        t2 = time.perf_counter()
        nodes = count_nodes(root)
        del root
        runs.append((t2 - t0, nodes, t1 - t0, t2 - t1))
    gc.collect()
    return min(runs)[1:]


def bytes_per_node(engine, n=100_000):
    gc.collect()
    tracemalloc.start()
    root = build_chain(engine.value, n)
    used = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    nodes = count_nodes(root)
    del root
    gc.collect()
    return used / nodes


def mlp_step(engine, points=100, steps=5):
    """Median seconds of a forward + backward over `points` samples, and nodes per step."""
    rng = random.Random(1)
    data = [([rng.uniform(-2, 2), rng.uniform(-2, 2)], rng.choice([-1.0, 1.0]))
            for _ in range(points)]
    model = engine.mlp()
    times, nodes = [], 0
    gc.collect()
    for _ in range(steps):
        t0 = time.perf_counter()
        loss = sum((model(x) - y) ** 2 for x, y in data)
        for p in model.parameters():
            p.grad = 0.0
        loss.backward()
        times.append(time.perf_counter() - t0)
        nodes = nodes or count_nodes(loss)
        del loss
    gc.collect()
    return sorted(times)[len(times) // 2], nodes


def fit_step_collector(rounds=7):
    """Seconds per step of nn.fit on the MLP workload (2-16-16-1 relu, 100 points, full batch,
    scalar engine), with fit keeping the collector quiet and with the collector as it is
    (fit's quiet_collector swapped for a no-op), interleaved, the fastest of `rounds` each."""
    import contextlib

    import nn.training.fit as training
    from nn import SGD, fit
    rng = random.Random(1)
    X = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(100)]
    y = [rng.choice([-1.0, 1.0]) for _ in X]

    def one():
        model = OURS.mlp()
        t0 = time.perf_counter()
        fit(model, X, y, loss="hinge", optimizer=SGD(model.parameters(), lr=0.05), epochs=3,
            batch_size=None, engine="scalar", progress=False)
        return (time.perf_counter() - t0) / 3

    quiet, as_is, keep = [], [], training.quiet_collector
    for _ in range(rounds):
        quiet.append(one())
        training.quiet_collector = contextlib.nullcontext
        try:
            as_is.append(one())
        finally:
            training.quiet_collector = keep
    return min(quiet), min(as_is)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1e6-node chain")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(10_000_000)   # micrograd's topological sort is recursive
    engines = [OURS] + ([PEER] if PEER else [])
    if not PEER:
        print("micrograd is not installed (pip install micrograd): measuring seegrad alone\n")

    workloads = [("chain 1e5", build_chain, 100_000), ("sum 1e5", build_sum, 100_000)]
    if not args.quick:
        workloads.append(("chain 1e6", build_chain, 1_000_000))
    print(f"{'workload':<11} {'engine':<10} {'nodes':>9} {'build s':>8} {'backward s':>10} "
          f"{'nodes/s':>10}")
    rates, checks = {}, []
    for name, build, n in workloads:
        for engine in engines:
            nodes, t_build, t_back = graph_workload(engine, build, n, 3 if n < 1_000_000 else 1)
            rates[name, engine.name] = nodes / (t_build + t_back)
            print(f"{name:<11} {engine.name:<10} {nodes:>9} {t_build:>8.3f} {t_back:>10.3f} "
                  f"{rates[name, engine.name]:>10.0f}")
            if engine is OURS and n == 1_000_000:
                checks.append((f"backward of the 1e6 chain: {t_back:.2f} s", "< 2 s", t_back < 2.0))
        if PEER:
            ratio = rates[name, "seegrad"] / rates[name, "micrograd"]
            checks.append((f"{name}: nodes/s {ratio:.1f}x micrograd's", ">= 3x", ratio >= 3.0))

    print(f"\n{'engine':<10} {'bytes/node':>10}   (tracemalloc, chain of 1e5)")
    memory = {}
    for engine in engines:
        memory[engine.name] = bytes_per_node(engine)
        print(f"{engine.name:<10} {memory[engine.name]:>10.0f}")
    if PEER:
        share = memory["seegrad"] / memory["micrograd"]
        checks.append((f"bytes per node: {share:.2f} of micrograd's", "<= 1/3", share <= 1 / 3))

    print(f"\n{'engine':<10} {'MLP step s':>10} {'nodes':>7}   (2-16-16-1 relu, 100 points, "
          "forward + backward, median of 5)")
    step = {}
    for engine in engines:
        step[engine.name], nodes = mlp_step(engine)
        print(f"{engine.name:<10} {step[engine.name]:>10.4f} {nodes:>7}")
    if PEER:
        speedup = step["micrograd"] / step["seegrad"]
        checks.append((f"MLP step: {speedup:.1f}x micrograd's speed", ">= 6x", speedup >= 6.0))

    quiet, as_is = fit_step_collector()
    print(f"\nnn.fit step (the MLP workload, full batch, scalar engine, fastest of 7): "
          f"{quiet:.4f} s with fit's quiet collector, {as_is:.4f} s with the collector as it is")
    checks.append((f"fit with the collector quiet: {as_is / quiet:.2f}x faster than as it is",
                   ">= 1.3x", as_is / quiet >= 1.3))
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
