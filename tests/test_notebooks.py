"""The notebooks under notebooks/: stored without outputs, and each runs top to bottom in a
fresh kernel (in a temporary folder, so whatever they write stays out of the project)."""

import glob
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
IN_CI = os.environ.get("CI") == "true"


def _need(module: str):
    try:
        return __import__(module)
    except ImportError:
        if IN_CI:
            pytest.fail(f"{module} is missing in CI (it is in the test extra)")
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


def test_there_is_a_notebook_per_demo_and_more():
    names = [os.path.basename(p) for p in NOTEBOOKS]
    for part in ("forward_pass", "xor", "eleven_lines", "batch_vs_stochastic", "moons", "digits",
                 "micrograd_expression", "trace_any_expression", "watch_a_network_learn",
                 "forward_and_reverse"):
        assert any(part in n for n in names), part


@pytest.mark.parametrize("path", NOTEBOOKS, ids=os.path.basename)
def test_notebook_runs_top_to_bottom(path, tmp_path, require_dot):
    nbformat = _need("nbformat")
    _need("ipykernel")
    nbclient = _need("nbclient")
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code), \
        "stored with outputs: clear them before committing"
    assert notebook.cells[0].cell_type == "markdown"          # it starts by saying what it is
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    assert problems(code) == []
    shown = {kind for c in code for o in c.outputs for kind in o.get("data", {})}
    assert shown & {"image/png", "text/html"}, "a notebook shows pictures inline"


def problems(cells) -> list:
    """What a learner running the notebook would see go wrong: an exception, anything written
    to stderr (a warning, a failed command's message), a command's error line or traceback
    in the output, or a cell that runs a command and shows nothing."""
    found = []
    for number, cell in enumerate(cells, 1):
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        for o in cell.outputs:
            if o.output_type == "error":
                found.append(f"cell {number}: {o.ename}: {o.evalue}")
            elif o.output_type == "stream" and o.name == "stderr":
                found.append(f"cell {number} wrote to stderr: {o.text[:200]!r}")
        bad = [line for line in text.splitlines()
               if line.startswith(("error:", "Traceback (most recent call last)"))]
        found += [f"cell {number}: {line}" for line in bad]
        runs_command = "subprocess" in cell.source or any(
            line.lstrip().startswith("!") for line in cell.source.splitlines())
        if runs_command and not text.strip():
            found.append(f"cell {number} runs a command and shows nothing")
    return found


def test_a_failing_command_or_stderr_fails_the_notebook_test():
    """The checks above catch what notebook 08 once did: a command cell that failed and showed
    an empty output."""
    nbformat = _need("nbformat")
    failed = nbformat.v4.new_code_cell("!python -m autograd x")
    failed.outputs = [nbformat.v4.new_output("stream", name="stdout", text=(
        "error: the following arguments are required: --at (see --help)\n"))]
    silent = nbformat.v4.new_code_cell("print(subprocess.run(['false']).stdout)")
    silent.outputs = []
    noisy = nbformat.v4.new_code_cell("import warnings; warnings.warn('x')")
    noisy.outputs = [nbformat.v4.new_output("stream", name="stderr", text="UserWarning: x")]
    fine = nbformat.v4.new_code_cell("!python -m autograd x --at x=1")
    fine.outputs = [nbformat.v4.new_output("stream", name="stdout", text="f = x\n")]
    assert len(problems([failed, silent, noisy, fine])) == 3
