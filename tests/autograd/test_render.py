"""draw_dot(): structure, determinism, and rendering with the real `dot`."""

import json
import os
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


def kinds_example():
    w, x = Value(0.5, label="w"), Value(2.0, label="x")
    loss = (w * x + 1.0).tanh()
    loss.label = "loss"
    return w, x, loss


def node_line(source, name):
    (line,) = [ln for ln in source.splitlines() if f"{{ {name} |" in ln]
    return line


def test_root_parameters_inputs_and_constants_look_different():
    w, x, loss = kinds_example()
    source = draw_dot(loss, params=[w]).source
    fills = {name: re.search(r'fillcolor="([^"]+)"', node_line(source, name)).group(1)
             for name in ("loss", "w", "x", "const")}
    assert len(set(fills.values())) == 4
    plain = draw_dot(loss).source                     # without params: leaves share one look
    assert (re.search(r'fillcolor="([^"]+)"', node_line(plain, "w")).group(1)
            == re.search(r'fillcolor="([^"]+)"', node_line(plain, "x")).group(1))


def test_show_local_writes_each_edges_local_derivative():
    w, x, loss = kinds_example()
    source = draw_dot(loss, show_local=True).source
    assert 'label=2 ' in source or 'label=2]' in source          # d(w*x)/dw = x = 2
    assert 'label=0.5' in source                                # d(w*x)/dx = w
    assert "label=0.07065" in source                            # 1 - tanh(2)^2


def test_highlight_marks_the_path_to_a_weight():
    from autograd import path_to
    w, x, loss = kinds_example()
    path = path_to(loss, w)
    assert path[0] is w and path[-1] is loss and x not in path
    source = draw_dot(loss, highlight=path).source
    assert "#cc0000" in node_line(source, "w") and "#cc0000" not in node_line(source, "x")
    assert path_to(loss, Value(1.0)) == []


def test_large_graphs_are_refused_with_the_count_and_the_way_out():
    x = Value(1.0)
    y = x
    for _ in range(600):
        y = y + x
    with pytest.raises(ValueError, match=r"601 nodes.*max_nodes=601"):
        draw_dot(y)
    assert draw_dot(y, max_nodes=601).source


@pytest.mark.parametrize("suffix, magic", [(".svg", b"<?xml"), (".png", b"\x89PNG"),
                                           (".pdf", b"%PDF"), (".dot", b"digraph"),
                                           (".gv", b"digraph")])
def test_render_by_suffix(tmp_path, suffix, magic, require_dot):
    from autograd import render
    path = render(build(), tmp_path / f"sub/graph{suffix}")
    with open(path, "rb") as f:
        assert f.read().lstrip().startswith(magic)


def test_render_refuses_an_unknown_suffix(tmp_path):
    from autograd import render
    with pytest.raises(ValueError, match=r"\.svg"):
        render(build(), tmp_path / "graph.jpeg")


def test_render_without_dot_writes_the_source_and_names_it(tmp_path, monkeypatch):
    from autograd import GraphvizMissing, render
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizMissing) as info:
        render(build(), tmp_path / "graph.png")
    assert str(tmp_path / "graph.gv") in str(info.value)
    assert "brew install graphviz" in str(info.value)
    assert (tmp_path / "graph.gv").read_text().startswith("digraph")


def test_render_steps_writes_one_picture_per_step_and_an_index(tmp_path, require_dot):
    from autograd import explain, render_steps
    x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    z = x * y + x
    index = render_steps(z, tmp_path / "steps")
    page = open(index).read()
    pictures = sorted(p for p in os.listdir(tmp_path / "steps") if p.endswith(".svg"))
    assert pictures == [f"step_{i:03d}.svg" for i in range(5)]     # the start + 4 steps
    for name in pictures:
        assert name in page
        assert "<svg" in (tmp_path / "steps" / name).read_text()
    rows = [ln for ln in explain(z).splitlines() if ln[:4].strip().isdigit()]
    for row in rows:
        assert json.dumps(row)[1:-1] in page
    assert "previous" in page and "next" in page
    assert x.grad == 0.0


def test_value_displays_as_its_graph_in_jupyter(require_dot):
    assert "<svg" in build()._repr_svg_()
