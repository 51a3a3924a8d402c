"""What every demo shares: its command line and where its pictures go."""

import argparse
import os
from typing import Optional, Sequence


def parse_args(description: str, argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", default="out", help="folder for pictures (default: out)")
    return parser.parse_args(argv)


def save_graph(dot, path: str) -> str:
    """Render a graphviz.Digraph to `path` (format from its suffix). Where Graphviz's `dot`
    program is missing, write the DOT source instead and say so; returns the file written."""
    import graphviz

    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    stem, fmt = os.path.splitext(path)
    try:
        dot.render(outfile=path, format=fmt.lstrip("."), cleanup=True)
        return path
    except graphviz.ExecutableNotFound:
        source = stem + ".gv"
        dot.save(source)
        print(f"(Graphviz's `dot` program is not installed, so {path} was not drawn; the DOT "
              f"source is in {source}. Install it with `apt-get install graphviz` or "
              f"`brew install graphviz`.)")
        return source
