"""Every demo on fast settings, in a temporary folder: the numbers it shows and its pictures."""

import os
import subprocess
import sys

import pytest

from demos import batch_vs_stochastic, digits, forward_pass, moons, single_layer, xor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_forward_pass_reproduces_the_worked_example(tmp_path, pictures, require_dot, capsys):
    result = forward_pass.run(str(tmp_path))
    assert {k: round(v, 4) for k, v in result["activations"].items()} == \
        {"h1": 0.8995, "h2": 0.5931, "h3": 0.3785, "out": 0.5065}
    assert {k: round(v, 3) for k, v in result["nets"].items()} == \
        {"h1": 2.192, "h2": 0.377, "h3": -0.496, "out": 0.026}
    assert result["class"] == 1
    # d loss / d v1 = (y - t) * y (1 - y) * h1
    y = result["activations"]["out"]
    assert result["gradients"]["v1"] == pytest.approx((y - 1) * y * (1 - y) * 0.89955, rel=1e-4)
    assert result["weights_after"]["v1"] == pytest.approx(0.383 - 0.5 * result["gradients"]["v1"])
    assert result["updated_output"] > y
    out = capsys.readouterr().out
    assert "0.8995" in out and "0.899" in out and "class 1" in out
    pictures(result["files"])
    assert os.listdir(tmp_path / "forward_pass_steps") == ["index.html"]


def test_xor_runs_the_tutorials_network_beside_its_code(tmp_path, pictures):
    result = xor.run(str(tmp_path), epochs=3_000)
    assert result["correct"] == 4 and result["log"][-1][3] == 4      # the log agrees
    assert result["gap"] < 1e-12                      # our predictions are the code's
    assert all(abs(ours - its) <= 1e-12 for _, ours, its, _ in result["log"])
    assert [e[0] for e in result["log"]][:3] == [1, 100, 200]
    assert result["flat_correct"] <= 3 and result["flat_loss"] > 0.4
    pictures(result["files"])
    names = {os.path.basename(f) for f in result["files"]}
    assert {"xor_network.png", "xor_film.gif", "xor_film.html"} <= names
    recording = result["recording"]
    assert recording.epochs[0] == 0 and recording.epochs[-1] == 3_000 and len(recording) == 101


def test_single_layer_runs_the_tutorials_code_digit_for_digit(tmp_path, pictures):
    result = single_layer.run(str(tmp_path), seed=1, epochs=10_001)
    assert [round(o, 8) for o in result["outputs"]] == \
        [0.00966614, 0.00786443, 0.99358981, 0.99211861]            # what its code computes
    assert result["outputs"] == pytest.approx(result["code_outputs"], rel=1e-13)
    page = single_layer.PAGE_ERRORS[:2]                            # the first two it prints
    assert len(result["xor_errors"]) == 2
    assert result["xor_errors"] == pytest.approx(page, rel=1e-12)
    assert result["xor_errors"] == pytest.approx(result["code_errors"], rel=1e-13)
    pictures(result["files"])


def test_batch_vs_stochastic_predictions(tmp_path, pictures, capsys):
    result = batch_vs_stochastic.run(str(tmp_path))
    reported = batch_vs_stochastic.REPORTED
    assert [round(p, 2) for p in result["full_batch"]] == [round(p, 2) for p in reported]
    assert result["full_batch"] == pytest.approx(result["its_code"], rel=1e-12)
    low, high = result["spread"]
    assert all(lo <= r <= hi for lo, r, hi in zip(low, reported, high))
    out = capsys.readouterr().out
    assert "0.98032096" in out and "0.96845624" in out and "0.04532167" in out
    assert "sets no seed" in batch_vs_stochastic.__doc__ and "cannot be got back" in out
    assert result["stochastic"] == pytest.approx(result["full_batch"], abs=0.01)
    pictures(result["files"])


def test_moons(tmp_path, pictures):
    result = moons.run(str(tmp_path))
    assert result["accuracy"] >= 0.97                  # the tutorial reports 97%
    assert result["micrograd_accuracy"] == 1.0
    pictures(result["files"])
    names = {os.path.basename(f) for f in result["files"]}
    assert {"moons_network.png", "moons_film.gif", "moons_film.html",
            "moons_micrograd_film.gif", "moons_micrograd_film.html"} <= names


@pytest.mark.slow
def test_the_tour_runs_every_demo_and_lists_its_files(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, "-m", "demos", "--out", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    listed = result.stdout.split("wrote:")[1].split()
    assert all(os.path.exists(p) for p in listed)
    assert [os.path.relpath(p, tmp_path) for p in listed] == [
        "forward_pass.svg", "forward_pass_steps/index.html", "forward_pass_live.html",
        "forward_pass_network.png",
        "forward_pass_network_grad.png", "xor_loss.png", "xor_network.png", "xor_film.gif",
        "xor_film.html", "single_layer_error.png", "batch_vs_stochastic.png",
        "moons_boundary.png", "moons_misclassified.png", "moons_network.png", "moons_film.gif",
        "moons_film.html", "moons_micrograd_boundary.png", "moons_micrograd_film.gif",
        "moons_micrograd_film.html", "digits_loss.png", "digits_confusion.png",
        "expression.svg", "expression_live.html", "directions_three_outputs.html",
        "directions_neuron.html", "playground_xor.html",
        "playground_moons.html", "playground_circles.html", "playground_spiral.html"]
    for name in ("forward_pass", "xor", "single_layer", "batch_vs_stochastic", "moons",
                 "digits", "expression", "directions", "playground"):
        assert f"=== demos.{name} " in result.stdout


def test_digits_the_tutorials_way(tmp_path, pictures, capsys):
    result = digits.run(str(tmp_path), epochs=3, tutorial=True)
    out = capsys.readouterr().out
    assert "[INFO] epoch=1, loss=" in out and "[INFO] epoch=3, loss=" in out
    assert result["losses"][-1] < result["losses"][0]
    assert "precision" in out and "NeuralNetwork: 64-32-16-10" in out
    pictures(result["files"])


def test_digits_with_the_compiled_engine(tmp_path, pictures, capsys):
    result = digits.run(str(tmp_path))
    assert result["accuracy"] >= 0.97
    assert "precision" in capsys.readouterr().out        # the classification report
    pictures(result["files"])


def test_every_demo_has_help():
    env = dict(os.environ, PYTHONPATH=ROOT)
    for name in ("forward_pass", "xor", "single_layer", "batch_vs_stochastic", "moons",
                 "digits", "expression", "directions", "playground"):
        result = subprocess.run([sys.executable, "-m", f"demos.{name}", "--help"], cwd=ROOT,
                                capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0 and "--out" in result.stdout and "--seed" in result.stdout


@pytest.mark.slow
def test_the_tour_without_graphviz_writes_dot_sources_and_says_so_once(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    env = dict(os.environ, PYTHONPATH=ROOT, PATH=str(empty))        # no `dot` anywhere
    result = subprocess.run([sys.executable, "-m", "demos", "--out", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("apt-get install graphviz") == 1
    listed = result.stdout.split("wrote:")[1].split()
    assert [os.path.basename(p) for p in listed if p.endswith(".gv")] == \
        ["forward_pass.gv", "expression.gv"]
    assert all(os.path.exists(p) for p in listed)
    for name in ("forward_pass_steps/index.html", "forward_pass_live.html",
                 "expression_live.html"):           # the pages, laid out without Graphviz
        assert f"{name} (simple layout: Graphviz is missing)" in result.stdout


@pytest.mark.parametrize("argv, message", [
    (["--epochs", "0"], "--epochs: must be at least 1, got 0"),
    (["--epochs", "-5"], "--epochs: must be at least 1, got -5"),
    (["--epochs", "many"], "--epochs: 'many' is not a whole number"),
    (["--out", "/proc/no/such/folder"], "--out: cannot write in '/proc/no/such/folder'"),
])
def test_demo_arguments_are_checked(argv, message, capsys):
    from demos.common import main
    ran = []
    with pytest.raises(SystemExit) as info:
        main(lambda **kw: ran.append(kw), "a demo", epochs=10, argv=argv)
    assert info.value.code == 2 and ran == []
    assert message in capsys.readouterr().err


def test_help_shows_the_description_once_and_where_seed_does_nothing():
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, "-m", "demos.forward_pass", "--help"], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.count("The worked 3-3-1 example") == 1
    assert result.stdout.startswith("usage: python -m demos.forward_pass")
    assert "has no effect here" in result.stdout


def test_the_console_the_history_and_the_films_show_one_set_of_numbers(tmp_path, capsys):
    """xor and moons: every loss the console prints for epoch (or step) k is the number the
    Recording, and so the film's frame for k, holds for k, under the same label."""
    import re

    from nn import Film
    result = xor.run(str(tmp_path), epochs=300, frames=4)
    out = capsys.readouterr().out
    recording = result["recording"]
    hidden_layer = out.split("NeuralNetwork([2, 1])")[0]
    printed = re.findall(r"\[INFO\] epoch=(\d+), loss=([\d.]+) ", hidden_layer)
    assert [int(e) for e, _ in printed] == [1, 100, 200, 300]
    for epoch, loss in printed:
        assert loss == f"{recording.losses[int(epoch) - 1]:.7f}"
    film = Film(recording, xor.X, xor.Y[:, 0], features=xor.with_ones, frames=4)
    assert recording.epochs[film.indices[-1]] == 300
    assert film.label(len(film) - 1) == (f"epoch 300   ·   loss {recording.losses[299]:.4g}"
                                         f"   ·   accuracy {recording.accuracies[299]:.0%}")
    assert recording.loss_label.startswith("0.5 * sum of squared errors")

    result = moons.run(str(tmp_path), epochs=50, steps=20, frames=3)
    out = capsys.readouterr().out
    tutorial = result["recording"] if "recording" in result else None
    printed = re.findall(r"^epoch=(\d+), loss=([\d.]+), misclassified", out, re.M)
    assert [int(e) for e, _ in printed] == [1, 10, 20, 30, 40, 50]
    for epoch, loss in printed:
        assert loss == f"{tutorial.losses[int(epoch) - 1]:.4f}"
    micrograd = result["micrograd_recording"]
    steps = re.findall(r"^step (\d+) loss ([\d.]+), accuracy (\d+)%", out, re.M)
    assert [int(k) for k, _, _ in steps] == [0, 10, 20]
    for k, loss, accuracy in steps[1:]:
        assert loss == f"{micrograd.losses[int(k) - 1]:.4f}"
        assert int(accuracy) == round(100 * micrograd.accuracies[int(k) - 1])


def test_the_tour_passes_each_demo_only_settings_its_help_describes():
    from demos.__main__ import TOUR
    env = dict(os.environ, PYTHONPATH=ROOT)
    for demo, settings in TOUR:
        name = demo.__name__.rsplit(".", 1)[-1]
        result = subprocess.run([sys.executable, "-m", f"demos.{name}", "--help"], cwd=ROOT,
                                capture_output=True, text=True, env=env, timeout=60)
        for setting in settings:
            assert f"--{setting}" in result.stdout, (name, setting)
    help_text = moons.__doc__
    assert "--steps" in help_text and "--frames" in help_text
    assert "20 when --epochs" not in help_text and "films of 30 frames" in help_text


def test_directions_prints_both_jacobians_and_the_sweeps_each_mode_took(tmp_path, pictures,
                                                                        capsys):
    from demos import directions
    result = directions.run(str(tmp_path))
    out = capsys.readouterr().out
    assert out.count("forward mode == reverse mode: True") == 2
    assert "fwd: 2 sweeps (a column each)" in out and "rev: 3 sweeps (a row each)" in out
    assert "fwd: 5 sweeps" in out and "rev: 1 sweep (a row each)" in out
    pictures(result["files"])
