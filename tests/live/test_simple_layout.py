"""The simple layout (pages without Graphviz) is legible, measured in Chromium as the films'
labels are: no two texts overlap, every record's text stays inside its field, no edge crosses
a box it does not start or end at, and nothing lies outside the picture (the top row is not
clipped). On the README's graphs, the worked 3-3-1 example and 30 random graphs."""

import random

import pytest

from autograd import Parameter, Value
from autograd.drawing.picture import CONSTANT
from autograd.drawing.simple_layout import simple_svg
from autograd.graph import node_names, topological_order

MEASURE = """
const boxes = (svg) => {
  const found = [];
  const records = [...svg.querySelectorAll('g.node:not(.op)')].map((g) => {
    const b = g.querySelector('polygon').getBBox();
    return { id: g.id, box: [b.x, b.y, b.x + b.width, b.y + b.height], g };
  });
  const ops = [...svg.querySelectorAll('g.node.op')].map((g) => {
    const b = g.querySelector('ellipse').getBBox();
    return { id: g.id, box: [b.x, b.y, b.x + b.width, b.y + b.height] };
  });
  const texts = [...svg.querySelectorAll('text')].map((t) => {
    const b = t.getBBox();
    return { text: t.textContent, box: [b.x, b.y, b.x + b.width, b.y + b.height] };
  });
  const overlap = (a, b, slack) => Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > slack &&
    Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > slack;
  texts.forEach((a, i) => texts.slice(i + 1).forEach((b) => {
    if (overlap(a.box, b.box, 0.5)) found.push(`texts overlap: ${a.text} / ${b.text}`);
  }));
  for (const r of records) {
    const cuts = [...r.g.querySelectorAll('polyline')]
      .map((p) => p.points.getItem(0).x).sort((a, b) => a - b);
    const bounds = [r.box[0], ...cuts, r.box[2]];
    [...r.g.querySelectorAll('text')].forEach((t, k) => {
      const b = t.getBBox();
      if (b.x < bounds[k] || b.x + b.width > bounds[k + 1] || b.y < r.box[1] ||
          b.y + b.height > r.box[3] + 1) found.push(`${t.textContent} leaves its box`);
    });
  }
  const crosses = (x0, y0, x1, y1, box) => {        // a segment through the box's inside
    for (let k = 0; k <= 40; k++) {
      const x = x0 + (x1 - x0) * k / 40, y = y0 + (y1 - y0) * k / 40;
      if (x > box[0] + 1 && x < box[2] - 1 && y > box[1] + 1 && y < box[3] - 1) return true;
    }
    return false;
  };
  for (const edge of svg.querySelectorAll('g.edge')) {
    const points = edge.querySelector('path').getAttribute('d').slice(1).split('L')
      .map((p) => p.split(',').map(Number));
    for (let k = 1; k < points.length; k++) {
      for (const n of [...records, ...ops]) {
        if (crosses(...points[k - 1], ...points[k], n.box)) {
          found.push(`edge ${edge.id} crosses ${n.id}`);
        }
      }
    }
  }
  const view = svg.viewBox.baseVal;
  for (const e of svg.querySelectorAll('g.node, g.edge, text')) {
    const b = e.getBBox();
    if (b.x < view.x - 0.5 || b.y < view.y - 0.5 || b.x + b.width > view.x + view.width + 0.5
        || b.y + b.height > view.y + view.height + 0.5) {
      found.push(`${e.id || e.textContent} is cut off`);
    }
  }
  return found;
};
return [...document.querySelectorAll('svg')].map((svg) => [svg.id, boxes(svg)]);
"""


def readme_neuron():
    w, x, b = Parameter(0.5, label="w"), Value(2.0, label="x"), Parameter(0.1, label="b")
    loss = (w * x + b).tanh()
    loss.label = "loss"
    return [loss]


def forward_pass():
    from demos.forward_pass import TARGET, build, forward
    from nn import mse_loss
    model = build()
    _, _, y = forward(model)
    return [mse_loss([y], [TARGET])]


def constants_alike():
    a = Value(1.0, label="a")
    return [(a + 1) * (a - 1) + a * 1 + 1.0000001 * a]


def three_outputs():
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    p = x * y
    return [p, x + y, p.sin()]


UNARY = ["tanh", "exp", "sigmoid", "relu", "sin", "__neg__", "__abs__"]
BINARY = ["__add__", "__sub__", "__mul__", "maximum"]


def random_graph(seed):
    rng = random.Random(seed)
    nodes = [Value(rng.uniform(-2, 2), label=f"x{k}") for k in range(rng.randint(1, 4))]
    for _ in range(rng.randint(2, 14)):
        if rng.random() < 0.4:
            nodes.append(getattr(rng.choice(nodes), rng.choice(UNARY))())
        else:
            other = rng.choice(nodes) if rng.random() < 0.8 else round(rng.uniform(-3, 3), 2)
            nodes.append(getattr(rng.choice(nodes), rng.choice(BINARY))(other))
    out = nodes[-1]
    for node in nodes[-4:-1]:
        out = out + node
    return [out]


GRAPHS = [readme_neuron, forward_pass, constants_alike, three_outputs] + \
    [lambda seed=seed: random_graph(seed) for seed in range(30)]


def test_the_simple_layout_is_legible(browser, tmp_path):
    svgs = []
    for k, make in enumerate(GRAPHS):
        outputs = make()
        order = topological_order(*outputs)
        grads = {n: -1.234e-05 for n in order if n.operation is not CONSTANT}
        svg = simple_svg(order, node_names(order), grads, rooted=len(outputs) == 1,
                         show_local=True)
        svgs.append(svg.replace("<svg ", f'<svg id="graph{k}" ', 1))
    page = tmp_path / "simple.html"
    page.write_text("<!DOCTYPE html><html><body>" + "".join(svgs) + "</body></html>")
    browser.get("file://" + str(page))
    problems = {name: found for name, found in browser.execute_script(MEASURE) if found}
    assert problems == {}, problems


@pytest.mark.parametrize("size", [11.0, 9.0])
def test_text_widths_are_the_browsers(browser, tmp_path, size):
    from autograd.drawing.simple_layout import text_width
    samples = ["data -0.00427", "grad 0.009734", "WWW mmm", "w11", "#17", "net_h1",
               "tangent -1.234e-05", "loss", "maximum", "a ** b", "0.4161"]
    page = tmp_path / "widths.html"
    page.write_text("<!DOCTYPE html><html><body><svg width='900' height='400' "
                    "font-family='Helvetica,sans-Serif'>" +
                    "".join(f'<text x="0" y="{20 * (k + 1)}" font-size="{size}">{s}</text>'
                            for k, s in enumerate(samples)) + "</svg></body></html>")
    browser.get("file://" + str(page))
    measured = browser.execute_script(
        "return [...document.querySelectorAll('text')].map(t => t.getBBox().width)")
    for text, width in zip(samples, measured):
        assert width <= text_width(text, size) + 0.5, (text, width, text_width(text, size))
