"""What the benchmarks share: timing things side by side, and the end of every benchmark, its
targets each marked met or missed, and an exit status."""

import argparse
import time


def rounds(doc: str, argv, full: int, quick: int) -> int:
    """How many rounds to time: `full`, or `quick` with --quick (the script's one option;
    --help prints the first line of its docstring)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{quick} rounds, not {full}")
    return quick if parser.parse_args(argv).quick else full


def report(checks) -> int:
    """Print (description, target, met) triples; return 0 if all were met, else 1."""
    print("\ntargets:")
    for what, target, ok in checks:
        print(f"  {'met ' if ok else 'MISSED'}  {what} (target {target})")
    return 0 if all(ok for *_, ok in checks) else 1


def interleaved(rounds: int, *fns, number: int = 1):
    """Seconds per call of each fn: the fastest of `rounds` timings of `number` calls, the fns
    taking turns. On a shared machine the speed drifts by up to 2x within seconds; turns give
    every fn the same luck, so the ratios hold even when the times do not."""
    return [min(found) for found in turns(rounds, *fns, number=number)]


def turns(rounds: int, *fns, number: int = 1, warm: bool = False):
    """Every round's seconds per call of each fn (a list per fn), the fns taking turns: what
    `interleaved` keeps the fastest of, and what `paired` compares round by round. `warm`: each
    turn starts with a call that is not timed, so that what a turn times is the fn called back
    to back, as a training loop calls a step, not its first call after the others had the
    cache (see compile.py)."""
    times = [[] for _ in fns]
    for _ in range(rounds):
        for fn, found in zip(fns, times):
            if warm:
                fn()
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            found.append((time.perf_counter() - t0) / number)
    return times


def paired(times, base) -> float:
    """The median over rounds of times / base, each round's pair measured a moment apart:
    where the machine's speed drifts between rounds, this ratio holds better than the ratio
    of the fastest of each, which may come from different moments."""
    ratios = sorted(t / b for t, b in zip(times, base))
    return ratios[len(ratios) // 2]
