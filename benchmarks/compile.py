"""The batch compiler against a hand-written NumPy network and against the scalar engine.

    OPENBLAS_NUM_THREADS=1 python benchmarks/compile.py

The workload is the digits tutorial's network: 64-32-16-10, sigmoid everywhere, squared error
on one-hot targets, one forward + backward per step. The yardstick is the same network written
directly in NumPy. BLAS is pinned to one thread (with two threads on a shared 2-core machine
OpenBLAS spin-waits and a 1.3 ms step becomes 36 ms); the script pins it itself when it can.
Prints compile time, the step times at batch 32 and 1,347, and the targets from the issue.

The program is timed given the parameters as one vector (`program(X, T, vector)`), as the
NumPy version is given its weight matrices, and, for comparison, reading the parameters'
`.data` itself (the default; nn.fit keeps the vector between steps instead).
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from targets import report  # noqa: E402  (benchmarks/targets.py, beside this script)

from autograd import compile  # noqa: E402
from nn import MLP, fit, mse_loss  # noqa: E402

SIZES = [64, 32, 16, 10]


def numpy_step(weights, X, T):
    """Forward + backward of the network by hand: the yardstick (same math as the model)."""
    activations = [X]
    for W, b in weights:
        activations.append(1.0 / (1.0 + np.exp(-(activations[-1] @ W.T + b))))
    delta = (activations[-1] - T) * activations[-1] * (1 - activations[-1])
    grads = []
    for (W, _), a in zip(reversed(weights), reversed(activations[:-1])):
        grads.append((delta.T @ a, delta.sum(axis=0)))
        delta = (delta @ W) * a * (1 - a)
    return activations[-1], grads[::-1]


def scalar_step(model, X, T):
    """The same step by the scalar engine: every sample's graph, then one backward."""
    loss = sum(mse_loss(model(list(x)), list(t)) for x, t in zip(X, T))
    loss.backward()


def best(fn, repeats, *args):
    """The fastest of `repeats` timed calls of fn(*args), in seconds."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times)


def per_sample() -> None:
    """Training sample by sample (fit with batch_size=1) with each engine: the compiled one at
    B = 1 pays a fixed cost per step, which beats the scalar engine only for larger networks.
    Compile time included, as a user of fit sees it."""
    rng = np.random.RandomState(1)
    print("\nper-sample training, one epoch, compile time included:")
    for sizes, count in (([64, 32, 16, 10], 100), ([2, 2, 1], 400)):
        X, T = rng.rand(count, sizes[0]), rng.rand(count, sizes[-1])
        per = {}
        for engine in ("scalar", "compiled"):
            model = MLP(sizes[0], sizes[1:], activation="sigmoid", seed=0)
            t0 = time.perf_counter()
            fit(model, X, T, loss="mse", batch_size=1, epochs=1, engine=engine, progress=False)
            per[engine] = (time.perf_counter() - t0) / count
        name = "-".join(map(str, sizes))
        print(f"  {name:>12}: scalar {per['scalar'] * 1e3:6.2f} ms/sample, compiled "
              f"{per['compiled'] * 1e3:6.2f} ms/sample")
    print()


def main() -> int:
    rng = np.random.RandomState(0)
    X_all, labels = rng.rand(1347, 64), rng.randint(0, 10, 1347)
    T_all = np.eye(10)[labels]
    model = MLP(64, SIZES[1:], activation="sigmoid", seed=0, init="normal")

    t0 = time.perf_counter()
    program = compile(lambda x, t: mse_loss(model(x), t), 64, model.parameters(), n_targets=10)
    compile_time = time.perf_counter() - t0

    layers = [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in model.layers]
    biases = [np.array([n.b.data for n in layer.neurons]) for layer in model.layers]
    weights = list(zip(layers, biases))
    vector = np.array([p.data for p in model.parameters()])

    print(f"{program}; compiled in {compile_time:.3f} s\n")
    print(f"{'batch':>6} {'numpy ms':>9} {'compiled ms':>12} {'ratio':>6} {'+ .data ms':>11} "
          f"{'scalar ms':>10}")
    results = {}
    for batch in (32, 1347):
        X, T = X_all[:batch], T_all[:batch]
        reference = numpy_step(weights, X, T)
        result = program(X, T)
        assert np.allclose(result.outputs[:, 0], 0.5 * ((reference[0] - T) ** 2).sum(axis=1))
        assert np.allclose(result.grads[:SIZES[1] * 65].reshape(SIZES[1], 65)[:, :64],
                           reference[1][0][0])
        t_numpy = best(numpy_step, 50, weights, X, T)
        t_compiled = best(program, 50, X, T, vector)
        t_reading = best(program, 20, X, T)
        t_scalar = best(scalar_step, 3, model, X, T) if batch == 32 else None
        results[batch] = (t_numpy, t_compiled, t_scalar)
        print(f"{batch:>6} {t_numpy * 1e3:>9.2f} {t_compiled * 1e3:>12.2f} "
              f"{t_compiled / t_numpy:>6.1f} {t_reading * 1e3:>11.2f} "
              + (f"{t_scalar * 1e3:>10.1f}" if t_scalar else ""))
    print("\ncompiled: the program given the parameters as one vector, as the NumPy version gets"
          "\nits weight matrices; + .data: the program reading the 2,778 Values' .data itself")

    per_sample()
    checks = [
        (f"compile time {compile_time:.3f} s", "< 0.2 s", compile_time < 0.2),
        (f"batch 1347: {results[1347][1] / results[1347][0]:.1f}x the NumPy step", "<= 1.5x",
         results[1347][1] <= 1.5 * results[1347][0]),
        (f"batch 32: {results[32][1] / results[32][0]:.1f}x the NumPy step", "<= 2x",
         results[32][1] <= 2 * results[32][0]),
        (f"batch 32: {results[32][2] / results[32][1]:.0f}x faster than the scalar engine",
         ">= 20x", results[32][2] >= 20 * results[32][1]),
    ]
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
