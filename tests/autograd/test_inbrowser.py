"""What the in-browser page runs (autograd/inbrowser.py): here in a Python where NumPy and the
graphviz package cannot be imported, as in Pyodide. The code's output, its error in one line,
and the live page of the last Value it assigned, laid out without Graphviz."""

import subprocess
import sys

BROWSER_LIKE = """
import sys
sys.modules["graphviz"] = None
sys.modules["numpy"] = None
from autograd.inbrowser import run
first = run("x = Value(2.0); y = (x * x).tanh(); y.backward(); print(x.grad)")
print(repr(first["stdout"]), first["error"], first["name"], "seegrad" in first["page"],
      "simple layout" in first["page"])
again = run("w = x * 3")            # the namespace is kept: x is still there
print(again["name"], again["error"])
print(run("z = Value(1.0).log() / 0")["error"])
print(run("import autograd; autograd.compile")["error"].split(":")[0])
print(run("print('no Value here')")["name"])
"""


def test_the_engine_runs_without_numpy_or_graphviz():
    done = subprocess.run([sys.executable, "-c", BROWSER_LIKE], capture_output=True, text=True,
                          check=True)
    from autograd import Value
    x = Value(2.0)
    (x * x).tanh().backward()
    lines = done.stdout.splitlines()
    assert lines[0] == f"{repr(repr(x.grad) + chr(10))} None y True True"
    assert lines[1] == "w None"
    assert lines[2] == "ValueError: /: 0.0 / 0.0 is undefined: division by zero"
    assert lines[3] == "ModuleNotFoundError"
    assert lines[4] == "None"
