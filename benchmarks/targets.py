"""What every benchmark ends with: its targets, each marked met or missed, and an exit status."""


def report(checks) -> int:
    """Print (description, target, met) triples; return 0 if all were met, else 1."""
    print("\ntargets:")
    for what, target, ok in checks:
        print(f"  {'met ' if ok else 'MISSED'}  {what} (target {target})")
    return 0 if all(ok for *_, ok in checks) else 1
