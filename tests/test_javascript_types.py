"""All of the project's JavaScript type-checks: TypeScript's `tsc --noEmit` over jsconfig.json
(`checkJs` and `strict`), with the generated modules (the op table, the data sets, the decision
rule) written where jsconfig.json looks for them first. TypeScript comes from npm (CI installs
it: .ci/run); without it this skips, but never under CI=true."""

import json
import os
import shutil
import subprocess

import pytest

from autograd.live.javascript import source
from nn.browser.playground import GENERATED

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _tsc():
    found = os.environ.get("TSC") or shutil.which("tsc") or next(
        (p for p in [os.path.join(ROOT, "node_modules", ".bin", "tsc")] if os.path.exists(p)),
        None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("TypeScript's tsc is not installed (npm install -g typescript)")
        pytest.skip("TypeScript's tsc is not installed (npm install -g typescript)")
    return found


def test_the_configuration_checks_every_file_strictly():
    with open(os.path.join(ROOT, "jsconfig.json")) as f:
        config = json.load(f)
    options = config["compilerOptions"]
    assert options["checkJs"] is True and options["strict"] is True
    assert {"autograd/live/js/*.js", "nn/browser/js/*.js"} <= set(config["include"])


def test_tsc_finds_no_error():
    tsc = _tsc()
    generated = os.path.join(ROOT, ".generated", "js")
    os.makedirs(generated, exist_ok=True)
    modules = {"ops.js": lambda: source("ops.js"), **GENERATED}
    for name, write in modules.items():
        with open(os.path.join(generated, name), "w", encoding="utf-8") as f:
            f.write(write())
    done = subprocess.run([tsc, "--noEmit", "-p", os.path.join(ROOT, "jsconfig.json")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
