"""draw_dot(): structure, determinism, and rendering with the real `dot`."""

import json
import os
import re

import pytest

from autograd import Parameter, Value, draw_dot, render, topological_order


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


def fill_of(source, name):
    return re.search(r'fillcolor="([^"]+)"', node_line(source, name)).group(1)


def test_each_kind_has_one_colour_in_every_view():
    from autograd import Parameter
    w, x, loss = kinds_example()
    source = draw_dot(loss, params=[w]).source
    constant = re.search(r'^\s*n\d+ \[label=1 .*', source, re.M).group(0)
    fills = {"loss": fill_of(source, "loss"), "w": fill_of(source, "w"), "x": fill_of(source, "x"),
             "1": re.search(r'fillcolor="([^"]+)"', constant).group(1)}
    assert len(set(fills.values())) == 4
    plain = draw_dot(loss).source                   # without params every leaf is an input
    assert fill_of(plain, "w") == fill_of(plain, "x") == fills["x"]
    p = Parameter(0.5, label="w")                    # a Parameter is one without being told
    source = draw_dot((p * x + 1.0).tanh()).source
    assert fill_of(source, "w") == fills["w"]


def test_a_constant_is_small_without_grad_and_its_edge_has_no_derivative():
    x = Value(3.0, label="x")
    y = x ** 2
    source = draw_dot(y, show_local=True).source
    constant = re.search(r'^\s*(n\d+) \[label=2 .*', source, re.M)
    assert "shape=box" in constant.group(0) and "grad" not in constant.group(0)
    edge = re.search(rf'^\s*{constant.group(1)} -> \S+ \[(.*)\]', source, re.M).group(1)
    assert "label=b" in edge and "nan" not in source           # its role, no derivative
    assert "label=\"a: 6\"" in source


def test_non_commutative_ops_say_which_operand_is_which():
    v = Value(4.0, label="v")
    first, second = draw_dot(10 / v).source, draw_dot(v / 10).source
    assert "a / b" in first and first != second
    edge_from_v = re.search(r'^\s*n0 -> n\d+_op \[.*label=(\w)', first, re.M)
    assert edge_from_v.group(1) == "b"                         # v is the denominator
    assert re.search(r'^\s*n0 -> n\d+_op \[.*label=a', second, re.M)
    assert "a + b" not in draw_dot(v + 1).source               # + reads the same either way


def test_an_operand_used_twice_is_one_edge_with_a_count():
    x = Value(3.0, label="x")
    source = draw_dot(x * x, show_local=True).source
    assert len(re.findall(r"^\s*n0 -> n1_op", source, re.M)) == 1
    assert "3 (×2)" in source


def test_every_picture_has_a_legend_that_is_not_a_node():
    w, x, loss = kinds_example()
    source = draw_dot(loss).source
    legend = re.search(r"label=<<table.*", source).group(0)
    for kind in ("root", "intermediate", "input", "constant"):
        assert f">{kind}</td>" in legend
    assert ">parameter</td>" not in legend                    # only the kinds it shows
    assert len(re.findall(r"^\s*n\d+(_op)? \[", source, re.M)) == 9   # 6 Values, 3 ops


def test_nn_parameters_are_boxed_per_neuron_and_inputs_are_shared():
    from nn import MLP, mse_loss
    model = MLP(2, [3, 1], activation="tanh", seed=0)
    source = draw_dot(mse_loss([model([0.5, -1.0])], [1.0])).source
    assert len(re.findall(r"subgraph cluster_", source)) == 4
    for neuron in ("n1[0]", "n1[1]", "n1[2]", "n2[0]"):
        assert f"label=\"{neuron}\"" in source
    assert "{ w1[0,1] |" in source and "{ b2[0] |" in source
    assert source.count("{ x[0] |") == 1 and source.count("{ x[1] |") == 1
    assert "label=0 " not in source                             # no 0 + from sum()


def test_rankdir_auto_runs_a_deep_graph_down_and_a_wide_one_across():
    deep = Value(1.0, label="x")
    for _ in range(30):
        deep = deep.tanh()
    assert "rankdir=TB" in draw_dot(deep, rankdir="auto").source
    level = [Value(float(i), label=f"x{i}").tanh() for i in range(16)]
    while len(level) > 1:
        level = [a * b for a, b in zip(level[::2], level[1::2])]
    assert "rankdir=LR" in draw_dot(level[0], rankdir="auto").source
    assert "rankdir=LR" in draw_dot(deep).source                # the default stays LR


def test_a_leaf_used_by_every_step_of_a_long_sum_is_drawn(require_dot, tmp_path):
    """x + x + ... + x (150 terms): 22,000 ranks of edges from x, which dot once took 24 s to
    crash on. Such graphs are drawn with straight edges (benchmarks/drawing.py times them)."""
    from autograd.drawing.picture import LONG_EDGES, long_edges
    x = Value(1.0, label="x")
    chain = x
    for _ in range(149):
        chain = chain + x
    assert long_edges(topological_order(chain)) > LONG_EDGES
    assert "splines=false" in draw_dot(chain).source
    svg = render(chain, str(tmp_path / "chain.svg"))
    assert open(svg).read().count('class="node') == 299
    neuron = (Parameter(0.5, label="w") * Value(2.0, label="x") + 1.0).tanh()
    assert long_edges(topological_order(neuron)) == 0
    assert "splines" not in draw_dot(neuron).source       # ordinary graphs keep their curves


def test_a_crash_of_dot_is_one_sentence(monkeypatch):
    import graphviz

    from autograd.drawing.picture import GraphvizFailed

    def crash(*args, **kwargs):
        raise graphviz.CalledProcessError(-11, ["dot", "-Tsvg"], stderr=b"")
    monkeypatch.setattr(graphviz.Digraph, "pipe", crash)
    x = Value(1.0, label="x")
    with pytest.raises(GraphvizFailed, match=r"could not lay out this graph of 3 nodes: it "
                                             r"crashed \(SIGSEGV\)"):
        draw_dot(x * 2.0).pipe(format="svg")


def test_huge_labels_and_nuls_draw_in_every_view(require_dot, tmp_path):
    from autograd import steps_page
    from autograd.drawing.notebook import graph_html
    w = Value(0.5, label="w" * 20_000)
    x = Value(2.0, label="x\x00y")
    out = (w * x).tanh()
    out.label = "out\nput"
    out.backward()
    svg = open(render(out, str(tmp_path / "g.svg"))).read()
    assert "w" * 39 + "…" in svg and "x\\x00y" in svg and "\x00" not in svg
    page = steps_page(out)
    assert "w" * 39 + "…" in page and "\x00" not in page
    assert "<svg" in graph_html(out)


def test_a_hostile_label_never_becomes_markup(require_dot):
    from autograd import Parameter
    x = Value(1.0, label="<img src=x onerror=alert(1)>")
    w = Parameter(2.0, label="w", owner="<b>neuron</b> \\N")
    svg = draw_dot(x * w + 1.0).pipe(format="svg").decode()
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert "<b>" not in svg and "&lt;b&gt;neuron&lt;/b&gt; \\N" in svg


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
    from autograd import GraphTooLarge
    x = Value(1.0)
    y = x
    for _ in range(600):
        y = y + x
    with pytest.raises(GraphTooLarge, match=r"601 nodes.*max_nodes=601") as info:
        draw_dot(y)
    assert info.value.count == 601 and isinstance(info.value, ValueError)
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


def test_render_without_dot_says_how_to_install_and_writes_nothing(tmp_path, monkeypatch):
    from autograd import GraphvizMissing, render
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizMissing) as info:
        render(build(), tmp_path / "graph.png")
    assert "brew install graphviz" in str(info.value) and ".gv" in str(info.value)
    assert os.listdir(tmp_path) == []
    assert render(build(), tmp_path / "graph.gv")              # the source needs no Graphviz
    assert (tmp_path / "graph.gv").read_text().startswith("digraph")


def test_render_touches_no_file_but_the_one_asked_for(tmp_path, require_dot):
    from autograd import render
    keep = tmp_path / "keep.gv"
    keep.write_text("the user's own file")
    render(build(), tmp_path / "keep.svg")
    assert keep.read_text() == "the user's own file"
    assert sorted(os.listdir(tmp_path)) == ["keep.gv", "keep.svg"]


def test_render_steps_writes_one_page_with_one_inline_picture(tmp_path, require_dot):
    from autograd import explain, render_steps
    x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    z = x * y + x
    index = render_steps(z, tmp_path / "steps")
    assert os.listdir(tmp_path / "steps") == ["index.html"]
    page = open(index, encoding="utf-8").read()
    assert page.count("<svg") == 1 and "<?xml" not in page
    data = json.loads(re.search(r"const data = (.*);\n", page).group(1))
    assert data["backward"] == 3                              # forward: its start + 2 ops
    assert len(data["frames"]) == 3 + 5                       # backward: the start + 4 steps
    rows = [ln for ln in explain(z).splitlines() if ln[:4].strip().isdigit()]
    assert [block[0] for block in data["rows"][:-1]] == rows
    for frame in data["frames"]:                            # every id it marks is in the SVG
        for element in frame["current"]:
            assert f'id="{element}"' in page
    assert x.grad == 0.0


def test_render_steps_escapes_every_label(tmp_path, require_dot):
    from autograd import render_steps
    evil = "<img src=x onerror=alert(1)>"
    x = Value(1.0, label=evil)
    root = x * Value(2.0, label="@@SVG@@ FRAMES </script>")
    root.label = evil
    page = open(render_steps(root, tmp_path / "s"), encoding="utf-8").read()
    assert "<img" not in page and "</script>" not in page.split("<script>")[1][:-30]
    assert page.count("<svg") == 1


def test_value_displays_as_its_graph_in_jupyter(require_dot):
    shown = build()._repr_html_()
    assert shown.startswith("<div style=\"overflow: auto") and shown.count("<svg") == 1
