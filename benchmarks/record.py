"""Run the benchmarks whose figures the documents show, and write what they print into
docs/development/measured.md: the documents' performance figures are this command's output,
never typed in.

    python benchmarks/record.py            # every benchmark below, full rounds
    python benchmarks/record.py --quick    # fewer rounds each

Each script runs in its own process (as a reader would run it), its output kept whole with
the date, the machine's cores and its load before and after. The page says which targets
were met and which missed, as the scripts do.
"""

import argparse
import datetime
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = os.path.join(os.path.dirname(HERE), "docs", "development", "measured.md")
SCRIPTS = ("backward.py", "digits.py", "compile.py", "engine.py", "playground.py", "live.py",
           "film.py")


def run(script: str, quick: bool) -> str:
    """The script's output, with how long it took and the load around it."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, os.path.join(HERE, script)]
                          + (["--quick"] if quick else []), capture_output=True, text=True)
    took = time.perf_counter() - started
    status = "all targets met" if done.returncode == 0 else "a target MISSED (exit status " \
        f"{done.returncode})"
    return (f"## `python benchmarks/{script}{' --quick' if quick else ''}`\n\n"
            f"{status}; {took:.0f} s, load average {load:.1f} before and "
            f"{os.getloadavg()[0]:.1f} after.\n\n```text\n{done.stdout.rstrip()}\n"
            f"{done.stderr.rstrip()}\n```\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds of each")
    quick = parser.parse_args(argv).quick
    parts = [run(script, quick) for script in SCRIPTS]
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = f"python benchmarks/record.py{' --quick' if quick else ''}"
    head = (f"# Measured here\n\nWhat `{command}` printed on {when}, on a machine of "
            f"{os.cpu_count()} cores (the one the project is built on), each benchmark in its "
            "own process. Run it again to measure yours; [Performance](performance.md) says "
            "what each measures.\n\n")
    with open(PAGE, "w", encoding="utf-8") as f:
        f.write(head + "\n".join(parts))
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
