"""Forward against reverse mode: where each wins, in sweeps, multiply-adds and time.

    python benchmarks/jacobian.py

A Jacobian of m outputs by n inputs takes n forward sweeps (a column each) or m reverse
sweeps (a row each). Two functions show it: one input fanned out to 100 outputs (a shared
trunk of 100 ops, then sin(h * k) for k = 1..100), where forward mode needs 1 sweep and
reverse 100; and 100 inputs gathered into one output (tanh of 0.05 times the sum of
sin(x_i * x_(i+1))), where reverse needs 1 and forward 100. Times are the best of 5.
"""

import sys
import time

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from autograd import jacobian  # noqa: E402
from autograd.functional import cost  # noqa: E402


def fan_out(x):
    h = x
    for _ in range(20):
        h = (h * 0.9 + 0.1).tanh() + h * 0.5
    return [(h * k).sin() for k in range(1, 101)]


def fan_in(*xs):
    terms = [(a * b).sin() for a, b in zip(xs, xs[1:])]
    return (sum(terms[1:], terms[0]) * 0.05).tanh()


def best_time(f, point, mode, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        jacobian(f, point, mode=mode)
        times.append(time.perf_counter() - start)
    return min(times)


def measure(name, f, point, winner):
    loser = "rev" if winner == "fwd" else "fwd"
    found = {mode: (cost(f, point, mode), best_time(f, point, mode)) for mode in ("fwd", "rev")}
    for mode, (c, seconds) in found.items():
        print(f"  {name:<26} {mode}: {c.sweeps:>3} sweeps {c.multiply_adds:>7} multiply-adds "
              f"{seconds * 1000:8.2f} ms")
    (cw, tw), (cl, tl) = found[winner], found[loser]
    print(f"  {name:<26} {loser}/{winner}: {cl.multiply_adds / cw.multiply_adds:.1f}x the "
          f"multiply-adds, {tl / tw:.1f}x the time")
    return cl.multiply_adds / cw.multiply_adds, tl / tw


def main():
    print("jacobian: forward mode (a column per sweep) against reverse (a row per sweep)")
    out = measure("1 input, 100 outputs", fan_out, [0.3], winner="fwd")
    into = measure("100 inputs, 1 output", fan_in, [0.01 * i for i in range(100)],
                   winner="rev")
    ok = out[0] > 1 and out[1] > 1 and into[0] > 1 and into[1] > 1
    print("forward wins on 1 -> 100 and reverse on 100 -> 1: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
