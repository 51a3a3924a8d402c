"""`render_steps`: the backward pass as a page to step through, one chain-rule step at a time.

The graph is laid out once, and the page shows that one picture (inline SVG) throughout: each
step only changes which edge is marked and which gradients are filled in, so nothing moves
between steps and a learner's eye stays where the step is.
"""

import html
import json
import os
import re
from typing import Dict, List

from .explain import trace
from .picture import GraphTooLarge, picture
from .value import Value


def render_steps(root: Value, folder: str, rankdir: str = "auto", max_nodes: int = 200) -> str:
    """Write `folder/index.html`: root's graph with a step-through of its backward pass beside
    the matching rows of `explain` (the page `steps_page` makes). Returns the path of the
    page."""
    page = steps_page(root, rankdir, max_nodes)
    os.makedirs(folder, exist_ok=True)
    index = os.path.join(folder, "index.html")
    with open(index, "w", encoding="utf-8") as f:
        f.write(page)
    return index


class StepThrough:
    """The step-through page of a Value, for Jupyter: it shows inline, as a frame holding the
    whole page (no files, no network). `show_steps(root)` makes one."""

    def __init__(self, root: Value, rankdir: str = "auto", max_nodes: int = 200) -> None:
        self.page = steps_page(root, rankdir, max_nodes)

    def _repr_html_(self) -> str:
        from .notebook import inline_frame
        return inline_frame(self.page, height=640)


def show_steps(root: Value, rankdir: str = "auto", max_nodes: int = 200) -> StepThrough:
    """render_steps for a notebook: the page, displayed inline when it is a cell's result."""
    return StepThrough(root, rankdir, max_nodes)


def steps_page(root: Value, rankdir: str = "auto", max_nodes: int = 200) -> str:
    """The HTML of root's step-through page: root's graph with a step-through of its backward
    pass beside the matching rows of `explain`.

    The page is one file (no network needed) holding the picture as inline SVG. Step k marks in
    red (class `current`) the edge along which step k passes gradient, with the two nodes it
    joins, and fills in the gradients that have arrived so far ("?" where none has yet); step 0
    is the start, with only d(root)/d(root) = 1 known. Keys: ← and → (or Space) step, Home and
    End jump; the picture zooms (+, −, fit) and pans by dragging, and follows the current step.
    `rankdir` as for draw_dot ("auto" picks LR or TB). Reads and changes no `.grad`. Needs
    Graphviz's `dot` (GraphvizMissing otherwise); graphs above `max_nodes` raise GraphTooLarge.
    """
    if not isinstance(root, Value):
        raise TypeError(f"the step-through needs a Value, got {type(root).__name__}")
    t = trace(root)
    if len(t.order) > max_nodes:
        raise GraphTooLarge("render_steps", len(t.order), max_nodes)
    number = {node: i for i, node in enumerate(reversed(t.order))}
    final: Dict[Value, float] = {root: 1.0}
    for step in t.steps:
        final[step.operand] = final.get(step.operand, 0.0) + step.contribution
    # Laid out with the final gradients, so every record is as wide as it will ever need to be.
    dot = picture(t.order, rankdir, final, show_local=True, extra_legend=["red: this step"])
    svg = dot.pipe(format="svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]                       # inline: no XML prolog or doctype

    top = t.names[root]
    grads = {root: 1.0}
    frames: List[dict] = [{
        "caption": f"Start: d{top}/d{top} = 1. Backward now visits each node, newest first, "
                   f"and passes its gradient on to its operands.",
        "current": [f"n{number[root]}"], "grad": None}]
    for k, step in enumerate(t.steps, 1):
        operand, node = number[step.operand], number[step.node]
        grads[step.operand] = grads.get(step.operand, 0.0) + step.contribution
        name = t.names[step.operand]
        frames.append({
            "caption": (f"Step {k}: {t.names[step.node]} passes local {step.local:.4g} × "
                        f"upstream {step.upstream:.4g} = {step.contribution:.4g} back to {name}, "
                        f"so d{top}/d{name} is now {grads[step.operand]:.4g}."),
            "current": [f"n{operand}", f"e{operand}_{node}", f"n{node}_op", f"e{node}",
                        f"n{node}"],
            "grad": [f"n{operand}", f"grad {grads[step.operand]:.4g}"]})
    data = {"frames": frames, "header": t.header, "rows": t.rows + [t.footer],
            "root": f"n{number[root]}", "layout": "side" if _is_tall(svg) else "below"}
    title = html.escape(f"backward pass of {top}")
    values = {"TITLE": title, "SVG": svg, "DATA": _script_json(data)}
    return re.sub(r"@@(\w+)@@", lambda m: values[m.group(1)], _PAGE)  # one pass


def _is_tall(svg: str) -> bool:
    """A picture taller than wide reads best with the table beside it, else below it."""
    width, height = (float(x) for x in re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"',
                                                  svg).groups())
    return height > width


def _script_json(data) -> str:
    """JSON that is safe inside a <script> element: no <, > or & that HTML could read."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>
  html, body { height: 100%; margin: 0; }
  body { font-family: Helvetica, Arial, sans-serif; color: #222; display: flex;
         flex-direction: column; overflow: hidden; }
  header { padding: 0.5em 1em 0.3em; border-bottom: 1px solid #ddd; }
  h1 { font-size: 1.1em; margin: 0 0 0.4em; }
  .bar { display: flex; gap: 0.4em; align-items: center; flex-wrap: wrap; }
  .bar .keys { color: #777; font-size: 0.85em; margin-left: 1em; }
  button { font-size: 0.95em; padding: 0.2em 0.8em; }
  #caption { margin: 0.5em 0 0; min-height: 2.4em; font-size: 1.02em; }
  main { flex: 1; display: flex; min-height: 0; }
  main.below { flex-direction: column; }
  #picture { flex: 1; overflow: auto; cursor: grab; background: #fff; min-height: 0;
             min-width: 0; position: relative; }
  #picture.dragging { cursor: grabbing; }
  #picture svg { display: block; }
  #table { overflow: auto; background: #f6f6f6; font: 12px/1.35 Menlo, Consolas, monospace;
           padding: 0.4em 0.8em; white-space: pre; border-top: 1px solid #ddd; }
  main.below #table { height: 30%; flex: none; }
  main.side #table { width: 78ch; flex: none; border-top: none; border-left: 1px solid #ddd; }
  #table .head { color: #444; }
  #table .done { color: #888; }
  #table .now { color: #cc0000; font-weight: bold; }
  #table .later { display: none; }
  .current > polygon, .current > ellipse, .current > path, .current > polyline {
    stroke: #cc0000 !important; stroke-width: 3px; }
  .current > polygon[fill="#cc0000"], .edge.current > polygon { fill: #cc0000; }
  .current > text { fill: #cc0000; }
</style>
</head>
<body>
<header>
  <h1>@@TITLE@@</h1>
  <div class="bar">
    <button id="first" title="Home">&#x21E4; first</button>
    <button id="previous" title="&larr;">&larr; previous</button>
    <button id="next" title="&rarr; or Space">next &rarr;</button>
    <button id="last" title="End">last &#x21E5;</button>
    <span id="counter"></span>
    <span style="margin-left:1.5em">zoom</span>
    <button id="zoomout" title="-">&minus;</button>
    <button id="zoomin" title="+">+</button>
    <button id="fit" title="fit the whole graph in the window">fit</button>
    <span class="keys">keys: &larr; &rarr; Space Home End, + &minus; to zoom; drag to pan</span>
  </div>
  <p id="caption"></p>
</header>
<main id="main">
  <div id="picture">@@SVG@@</div>
  <div id="table"></div>
</main>
<script>
"use strict";
const data = @@DATA@@;
const frames = data.frames;
const picture = document.getElementById("picture");
const svg = picture.querySelector("svg");
const table = document.getElementById("table");
document.getElementById("main").className = data.layout;

// The picture's own size, in CSS pixels at zoom 1 (Graphviz sizes it in points).
const box = svg.viewBox.baseVal;
const natural = { width: box.width * 4 / 3, height: box.height * 4 / 3 };
const LEGIBLE = 0.8;           // below this zoom node text would be under 10 px high
let zoom = 1;

function gradText(id) {
  const texts = document.getElementById(id).querySelectorAll("text");
  return texts[texts.length - 1];
}
const gradIds = [];
for (const frame of frames) {
  if (frame.grad && !gradIds.includes(frame.grad[0])) gradIds.push(frame.grad[0]);
}

// The explain table: its header, then one block of lines per step (and the leaf summary).
function line(text, cls) {
  const div = document.createElement("div");
  div.className = cls;
  div.textContent = text;
  return div;
}
for (const text of data.header) table.appendChild(line(text, "head"));
const blocks = data.rows.map((lines) => {
  const block = document.createElement("div");
  for (const text of lines) block.appendChild(line(text, ""));
  table.appendChild(block);
  return block;
});

function setZoom(z, keepCenter = true) {
  const cx = (picture.scrollLeft + picture.clientWidth / 2) / zoom;
  const cy = (picture.scrollTop + picture.clientHeight / 2) / zoom;
  zoom = Math.max(0.05, Math.min(4, z));
  svg.setAttribute("width", natural.width * zoom);
  svg.setAttribute("height", natural.height * zoom);
  if (keepCenter) {
    picture.scrollLeft = cx * zoom - picture.clientWidth / 2;
    picture.scrollTop = cy * zoom - picture.clientHeight / 2;
  }
}
function fitZoom() {
  return Math.min(picture.clientWidth / natural.width, picture.clientHeight / natural.height);
}

// Scroll the picture so that the current step's elements are in view (centred if they were
// not), zooming out only if they cannot fit, and never below a legible size; if even then they
// cannot all fit, the operand, its edge and the op are the ones shown.
function bounds(ids) {
  const b = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  for (const id of ids) {
    const r = document.getElementById(id).getBoundingClientRect();
    b.left = Math.min(b.left, r.left); b.top = Math.min(b.top, r.top);
    b.right = Math.max(b.right, r.right); b.bottom = Math.max(b.bottom, r.bottom);
  }
  return b;
}
function follow(ids) {
  const margin = 24, view = picture.getBoundingClientRect();
  const w = picture.clientWidth - 2 * margin, h = picture.clientHeight - 2 * margin;
  let b = bounds(ids);
  if (b.left >= view.left + margin && b.right <= view.left + margin + w
      && b.top >= view.top + margin && b.bottom <= view.top + margin + h) return;
  const needed = Math.min(w / (b.right - b.left), h / (b.bottom - b.top));
  if (needed < 1 && zoom > LEGIBLE) {
    setZoom(Math.max(LEGIBLE, zoom * needed), false);
    b = bounds(ids);
  }
  if (b.right - b.left > w || b.bottom - b.top > h) b = bounds(ids.slice(0, 3));
  picture.scrollLeft += (b.left + b.right) / 2 - (view.left + margin + w / 2);
  picture.scrollTop += (b.top + b.bottom) / 2 - (view.top + margin + h / 2);
}

let at = 0;
function show(k) {
  at = Math.max(0, Math.min(frames.length - 1, k));
  for (const id of gradIds) gradText(id).textContent = "grad ?";
  for (let i = 1; i <= at; i++) gradText(frames[i].grad[0]).textContent = frames[i].grad[1];
  for (const el of svg.querySelectorAll(".current")) el.classList.remove("current");
  for (const id of frames[at].current) document.getElementById(id).classList.add("current");
  document.getElementById("caption").textContent = frames[at].caption;
  document.getElementById("counter").textContent = "step " + at + " of " + (frames.length - 1);
  document.getElementById("previous").disabled = document.getElementById("first").disabled =
    at === 0;
  document.getElementById("next").disabled = document.getElementById("last").disabled =
    at === frames.length - 1;
  blocks.forEach((block, i) => {
    const isLast = i === blocks.length - 1;           // the leaf summary, shown at the end
    block.className = isLast ? (at === frames.length - 1 ? "done" : "later")
      : i < at - 1 ? "done" : i === at - 1 ? "now" : "later";
  });
  const now = blocks[at - 1];
  if (now) {
    const t = table.getBoundingClientRect(), r = now.getBoundingClientRect();
    if (r.top < t.top || r.bottom > t.bottom) {
      table.scrollTop += r.top - t.top - (table.clientHeight - r.height) / 2;
    }
  }
  follow(frames[at].current);
}

document.getElementById("first").onclick = () => show(0);
document.getElementById("previous").onclick = () => show(at - 1);
document.getElementById("next").onclick = () => show(at + 1);
document.getElementById("last").onclick = () => show(frames.length - 1);
document.getElementById("zoomin").onclick = () => setZoom(zoom * 1.25);
document.getElementById("zoomout").onclick = () => setZoom(zoom / 1.25);
document.getElementById("fit").onclick = () => setZoom(fitZoom());
document.addEventListener("keydown", (e) => {
  if (e.target.tagName === "BUTTON" && (e.key === " " || e.key === "Enter")) e.preventDefault();
  const actions = {
    ArrowLeft: () => show(at - 1), ArrowRight: () => show(at + 1),
    " ": () => show(e.shiftKey ? at - 1 : at + 1), Home: () => show(0),
    End: () => show(frames.length - 1), "+": () => setZoom(zoom * 1.25),
    "=": () => setZoom(zoom * 1.25), "-": () => setZoom(zoom / 1.25),
  };
  if (actions[e.key]) { e.preventDefault(); actions[e.key](); }
});

// Drag to pan; a drag that starts on text selects it instead.
let drag = null;
picture.addEventListener("mousedown", (e) => {
  if (e.button !== 0 || e.target.tagName === "text") return;
  drag = { x: e.clientX, y: e.clientY, left: picture.scrollLeft, top: picture.scrollTop };
  picture.classList.add("dragging");
  e.preventDefault();
});
window.addEventListener("mousemove", (e) => {
  if (!drag) return;
  picture.scrollLeft = drag.left - (e.clientX - drag.x);
  picture.scrollTop = drag.top - (e.clientY - drag.y);
});
window.addEventListener("mouseup", () => { drag = null; picture.classList.remove("dragging"); });

setZoom(Math.max(LEGIBLE, Math.min(1, fitZoom())), false);
show(0);
</script>
</body>
</html>
"""
