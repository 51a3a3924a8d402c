"""The tour: every demo on fast settings, then the list of files they wrote.

    python -m demos [--out DIR]

Each demo also runs alone at full settings: python -m demos.<name> --help.
"""

import argparse
import time

from demos import (batch_vs_stochastic, digits, directions, expression, forward_pass, moons,
                   playground, single_layer, xor)
from demos.common import _writable_folder

# (demo, its fast settings): enough to show what each demo shows, under a minute in all.
TOUR = [
    (forward_pass, {}),
    (xor, {"epochs": 3_000, "frames": 30}),
    (single_layer, {"epochs": 10_001}),
    (batch_vs_stochastic, {}),
    (moons, {"frames": 30}),
    (digits, {}),
    (expression, {}),
    (directions, {}),
    (playground, {}),
]


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--out", default="out", type=_writable_folder,
                        help="folder for pictures (default: out)")
    args = parser.parse_args(argv)
    files, start = [], time.perf_counter()
    for demo, settings in TOUR:
        name = demo.__name__.rsplit(".", 1)[-1]
        print(f"\n=== demos.{name} " + "=" * (60 - len(name)) + "\n")
        files += demo.run(out=args.out, **settings)["files"]
    print(f"\nThe tour took {time.perf_counter() - start:.0f} s and wrote:")
    for path in files:
        print(f"  {path}")
    return files


if __name__ == "__main__":
    main()
