"""python -m autograd end to end (in a subprocess), including hostile input."""

import json
import os
import subprocess
import sys

import pytest

from autograd import cli

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(*args, timeout=60):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "autograd", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)


def test_value_and_gradient():
    result = run("x**2 * y", "--at", "x=3", "y=2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["f", "=", "x**2", "*", "y", "at", "x=3,", "y=2",
                                     "f", "18", "df/dx", "12", "df/dy", "9"]


def test_json_with_second_derivatives_and_wrt():
    result = run("sin(x) * exp(y)", "--at", "x=1", "y=0", "--order", "2", "--json")
    data = json.loads(result.stdout)
    assert data["value"] == pytest.approx(0.8414709848)
    assert data["gradient"] == pytest.approx({"x": 0.5403023059, "y": 0.8414709848})
    assert data["hessian"]["x"]["y"] == pytest.approx(0.5403023059)
    assert data["hessian"]["y"]["y"] == pytest.approx(0.8414709848)
    only = json.loads(run("x*y", "--at", "x=2", "y=5", "--wrt", "y", "--json").stdout)
    assert only["gradient"] == {"y": 2.0}


def test_third_order():
    data = json.loads(run("x**4", "--at", "x=2", "--order", "3", "--json").stdout)
    assert data["order 3"]["x"] == pytest.approx(48.0)


def test_explain_and_render(tmp_path, require_dot):
    picture = tmp_path / "graph.svg"
    result = run("tanh(x*w + b)", "--at", "x=0.5", "w=-1.2", "b=0.1", "--explain",
                 "--render", str(picture))
    assert result.returncode == 0, result.stderr
    assert "step  node = op" in result.stdout and "total df/dw" in result.stdout
    assert "<svg" in picture.read_text()


def test_help_shows_three_worked_examples():
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.count("python -m autograd \"") >= 3


@pytest.mark.parametrize("expression, expected", [
    ("__import__('os').system('echo PWNED')", "call"),
    ("().__class__", "attribute access"),
    ("x.real", "attribute access"),
    ("x[0]", "subscript"),
    ("lambda: 1", "lambda"),
    ("[i for i in x]", "comprehension"),
    ("(y := 2)", "assignment"),
    ("x if x else 1", "conditional"),
    ("y + 1", "unknown name 'y'"),
    ("open(x)", "unknown function 'open'"),
    ("exp(x, x)", "exactly one argument"),
    ("x // 2", "//"),
    ("'a' + x", "only numbers"),
    ("log(x - 2)", "log(0.0) is undefined"),
    ("x +", "syntax error"),
    ("(" * 300 + "x" + ")" * 300, "nested parentheses"),
    ("-" * 50_000 + "x", "nested too deeply"),
    ("1" + "0" * 5000, "4,300 digits"),
])
def test_hostile_and_wrong_input_is_one_line_exit_2(expression, expected):
    result = run("--at", "x=2", "--", expression)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0]
    assert "PWNED" not in result.stdout + result.stderr


def test_error_names_the_position():
    result = run("--at", "x=2", "--", "x + y")
    assert "column 5" in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["x", "--at", "x"], "NAME=VALUE"),
    (["x", "--at", "x=abc"], "not a number"),
    (["x", "--at", "x=nan"], "finite"),
    (["x", "--at", "x=1", "x=2"], "twice"),
    (["x", "--at", "x=1", "--wrt", "z"], "'z' has no value"),
    (["x", "--at", "x=1", "--order", "9"], "--order"),
    ([], "required"),
])
def test_bad_command_lines(args, expected):
    result = run(*args)
    assert result.returncode == 2 and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_huge_exponent_gives_inf_not_a_hang():
    result = run("--at", "x=2", "--", "2 ** 10 ** 10 * x", timeout=20)
    assert result.returncode == 0 and "inf" in result.stdout


def test_one_megabyte_expression_is_refused(capsys):
    # Too long for a command-line argument (the OS caps one at 128 KiB), so call main directly.
    assert cli.main(["x+" * 500_000 + "x", "--at", "x=1"]) == 2
    assert "1,000,001 characters" in capsys.readouterr().err


def test_missing_dot_prints_the_numbers_then_one_error_line(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT, PATH=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "autograd", "x*x", "--at", "x=3",
                             "--render", str(tmp_path / "g.png")], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert "df/dx  6" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and "apt-get install graphviz" in line
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("target, expected", [
    ("graph.jpg", "use one of .svg .png .pdf .dot .gv"),
    ("graph", "use one of .svg"),
    ("missing_folder_is_a_file/graph.svg", "cannot write it"),
])
def test_render_problems_come_after_the_numbers_as_one_line(tmp_path, target, expected):
    (tmp_path / "missing_folder_is_a_file").write_text("a file, not a folder")
    result = run("x*x", "--at", "x=3", "--render", str(tmp_path / target))
    assert result.returncode == 2
    assert "df/dx  6" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: --render") and expected in line, line


def test_the_node_limit_can_be_raised_from_the_command_line(tmp_path, require_dot):
    expression = " + ".join(["x"] * 30)
    result = run(expression, "--at", "x=1", "--render", str(tmp_path / "g.svg"),
                 "--max-nodes", "20")
    assert result.returncode == 2 and "df/dx  30" in result.stdout
    assert "more than --max-nodes 20; pass --max-nodes 30" in result.stderr
    result = run(expression, "--at", "x=1", "--render", str(tmp_path / "g.svg"),
                 "--max-nodes", "30")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "g.svg").read_text().count("<svg") == 1


def test_the_functions_come_from_the_op_table():
    from autograd import ops
    from autograd.cli.expression import FUNCTIONS
    assert set(FUNCTIONS) == {op.function for op in ops.OPS if op.function}
    operators = {"+", "-", "*", "/", "**", "neg"}
    assert all(op.function or op.name in operators for op in ops.OPS)   # each op is reachable
    result = run("maximum(x, 2*x) + abs(x)", "--at", "x=1")      # 2x wins: 2 + 1
    assert result.returncode == 0, result.stderr
    assert "f      3" in result.stdout and "df/dx  3" in result.stdout
    assert "maximum" in run("--help").stdout
    result = run("maximum(x)", "--at", "x=1")
    assert result.returncode == 2 and "takes exactly 2 arguments" in result.stderr


def test_a_second_at_adds_to_the_first():
    result = run("x * y", "--at", "x=3", "--at", "y=2")
    assert result.returncode == 0, result.stderr
    assert "df/dx  2" in result.stdout and "df/dy  3" in result.stdout
    assert "twice" in run("x", "--at", "x=1", "--at", "x=2").stderr


def test_explain_with_json_puts_the_table_in_the_json():
    result = run("x * y + x", "--at", "x=2", "y=3", "--explain", "--json")
    data = json.loads(result.stdout)
    assert "step  node = op" in data["explain"] and "total df/dx = 4" in data["explain"]


def test_an_ascii_only_terminal_gets_the_table_not_a_traceback():
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONIOENCODING="ascii")
    label = "a_label_long_enough_to_be_cut_with_an_ellipsis_in_the_table"
    result = subprocess.run([sys.executable, "-m", "autograd", f"{label} * 2",
                             "--at", f"{label}=1", "--explain"], capture_output=True,
                            env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert b"\\u2026" in result.stdout and result.stderr == b""


@pytest.mark.parametrize("args", [["-x**2", "--at", "x=2"], ["--at", "x=2", "-x**2"]])
def test_a_leading_minus_gets_a_hint_to_use_double_dash(args):
    result = run(*args)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert '-- "-x**2"' in line
    assert run("--at", "x=2", "--", "-x**2").stdout.split()[-1] == "-4"


def test_a_sum_of_150_terms_is_drawn_or_refused_in_one_line(tmp_path, require_dot):
    expression = " + ".join(["x"] * 150)
    result = run(expression, "--at", "x=1", "--render", str(tmp_path / "g.svg"))
    assert result.returncode == 0, result.stderr
    assert "df/dx  150" in result.stdout and "<svg" in (tmp_path / "g.svg").read_text()


def test_graphviz_failing_is_one_error_line(tmp_path, monkeypatch, capsys):
    import graphviz

    def crash(*args, **kwargs):
        raise graphviz.CalledProcessError(-11, ["dot", "-Tsvg"], stderr=b"")
    monkeypatch.setattr(graphviz.Digraph, "pipe", crash)
    assert cli.main(["x * x", "--at", "x=3", "--render", str(tmp_path / "g.svg")]) == 2
    captured = capsys.readouterr()
    assert "df/dx  6" in captured.out
    (line,) = captured.err.splitlines()
    assert line.startswith("error: --render") and "crashed (SIGSEGV)" in line
