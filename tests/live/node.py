"""Running the page's JavaScript in Node.js: the generated op table, js/engine.js and
runner.js (beside this file), in a folder of their own, fed one task as JSON on stdin."""

import json
import math
import os
import shutil
import subprocess

from autograd.live.javascript import source

HERE = os.path.dirname(os.path.abspath(__file__))


def node_program() -> str:
    return shutil.which("node") or shutil.which("nodejs")


def folder(path: str) -> str:
    """Write the modules the runner imports into `path` (an ES-module package)."""
    for name in ("elementary.js", "engine.js", "ops.js", "numbers.js", "typed.js", "verdicts.js",
                 "checking.js", "formulas.js"):
        with open(os.path.join(path, name), "w", encoding="utf-8") as f:
            f.write(source(name))
    shutil.copy(os.path.join(HERE, "runner.js"), path)
    nn_js = os.path.join(os.path.dirname(os.path.dirname(HERE)), "nn", "browser", "js")
    for name in os.listdir(nn_js):
        shutil.copy(os.path.join(nn_js, name), path)
    from nn.browser.playground import GENERATED
    for name, write in GENERATED.items():
        with open(os.path.join(path, name), "w", encoding="utf-8") as f:
            f.write(write())
    with open(os.path.join(path, "package.json"), "w") as f:
        f.write('{"type": "module"}\n')
    return path


def ask(path: str, kind: str, items=None):
    """The runner's answer to one task (see runner.js)."""
    done = subprocess.run([node_program(), os.path.join(path, "runner.js")],
                          input=json.dumps({"kind": kind, "items": items}), text=True,
                          capture_output=True, check=True)
    return json.loads(done.stdout)


def as_text(x: float) -> str:
    """A float as the runner writes it (JSON numbers cannot be inf or nan)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)
