"""The tour: run every demo on fast settings and list the files they wrote.

    python -m demos [--out DIR]
"""

from demos import expression
from demos.common import parse_args


def main(argv=None) -> None:
    args = parse_args("Run every demo on fast settings.", argv)
    files = []
    for demo in (expression,):
        print(f"=== demos.{demo.__name__.rsplit('.', 1)[-1]} " + "=" * 50 + "\n")
        files += demo.run(args.out)["files"]
    print("\nfiles written:")
    for path in files:
        print(f"  {path}")


if __name__ == "__main__":
    main()
