"""`import autograd` loads the engine only: NumPy, Graphviz and matplotlib wait until the
compiler or a drawing is used."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def imported_by(code: str) -> set:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True,
                          text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT), timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_import_autograd_loads_neither_numpy_nor_graphviz():
    loaded = imported_by("import autograd; autograd.Value(2.0).tanh().backward()")
    assert not loaded & {"numpy", "graphviz", "matplotlib"}, loaded & {"numpy", "graphviz"}


def test_the_lazy_names_load_when_used():
    loaded = imported_by("import autograd; autograd.draw_dot; autograd.compile")
    assert {"numpy", "graphviz"} <= loaded
    loaded = imported_by("from autograd import render, GraphvizMissing")
    assert "graphviz" in loaded


def test_the_command_line_loads_graphviz_only_to_draw():
    assert "graphviz" not in imported_by(
        "from autograd.cli import main; main(['x * y', '--at', 'x=2', 'y=3'])")
