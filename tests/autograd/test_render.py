"""draw_dot(): structure, determinism, and rendering with the real `dot`."""

import re

import pytest

from autograd import Value, draw_dot


def build():
    x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    return (x * y + x).tanh()


def test_one_record_per_value_one_node_per_op_and_edges_through_ops():
    source = draw_dot(build()).source
    records = re.findall(r"^\s*n\d+ \[label=.*shape=record", source, re.M)
    op_nodes = re.findall(r"^\s*n\d+_op \[", source, re.M)
    edges = re.findall(r"->", source)
    assert len(records) == 5 and len(op_nodes) == 3
    assert len(edges) == 2 + 1 + 2 + 1 + 1 + 1        # * (2 in, 1 out), + (2, 1), tanh (1, 1)
    assert "x | data 2 | grad 0" in source


def test_source_is_deterministic():
    assert draw_dot(build()).source == draw_dot(build()).source


def test_show_grad_and_rankdir():
    source = draw_dot(build(), rankdir="TB", show_grad=False).source
    assert "rankdir=TB" in source and "grad" not in source
    with pytest.raises(ValueError, match="rankdir"):
        draw_dot(build(), rankdir="XY")


def test_renders_svg(require_dot):
    svg = draw_dot(build()).pipe(format="svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


def test_missing_dot_says_how_to_install_and_source_still_saves(tmp_path, monkeypatch):
    import graphviz
    monkeypatch.setenv("PATH", str(tmp_path))          # no `dot` anywhere on PATH
    graph = draw_dot(build())
    for draw in (lambda: graph.pipe(format="svg"), lambda: graph.render(tmp_path / "g.svg")):
        with pytest.raises(graphviz.ExecutableNotFound) as info:
            draw()
        message = str(info.value)
        assert "apt-get install graphviz" in message and "brew install graphviz" in message
    path = graph.save(tmp_path / "g.gv")
    assert "digraph" in open(path).read()
