"""`render_steps`: the backward pass as a slide show, one picture per chain-rule step."""

import html
import json
import os
from typing import Dict

from .explain import trace
from .render import _picture
from .value import Value


def render_steps(root: Value, folder: str, rankdir: str = "LR", max_nodes: int = 100) -> str:
    """Write one SVG per chain-rule step into `folder`, plus an `index.html` that shows them with
    previous / next buttons (and the arrow keys) beside the matching `explain` row.

    The table grows as you step: earlier rows in grey, the current one in red.
    Picture 0 is the graph before backward, with only d(root)/d(root) = 1 known; picture k shows
    step k's edge in red, its local derivative on every edge, and the gradients that have
    arrived so far ("?" where none has yet). Reads and changes no `.grad`. Needs Graphviz's
    `dot`. Returns the path of index.html.
    """
    t = trace(root)
    if len(t.order) > max_nodes:
        raise ValueError(f"render_steps: the graph has {len(t.order)} nodes, more than max_nodes="
                         f"{max_nodes}; that is one picture per step. To draw it anyway pass "
                         f"max_nodes={len(t.order)} or more.")
    os.makedirs(folder, exist_ok=True)
    top = t.names[root]
    grads: Dict[Value, float] = {root: 1.0}
    frames = [{"file": "step_000.svg",
               "caption": f"Start: d{top}/d{top} = 1. Backward will now visit each node, newest "
                          f"first, and pass its gradient to its operands.",
               "done": "", "rows": ""}]
    _write(t.order, rankdir, grads, None, os.path.join(folder, frames[0]["file"]))
    for number, (step, rows) in enumerate(zip(t.steps, t.rows), 1):
        grads[step.operand] = grads.get(step.operand, 0.0) + step.contribution
        name = f"step_{number:03d}.svg"
        _write(t.order, rankdir, grads, (step.operand, step.node), os.path.join(folder, name))
        done = "".join(line + "\n" for row in t.rows[:number - 1] for line in row)
        frames.append({"file": name, "done": done, "rows": "\n".join(rows), "caption": (
            f"Step {number}: {t.names[step.node]} passes local {step.local:.4g} × upstream "
            f"{step.upstream:.4g} = {step.contribution:.4g} back to {t.names[step.operand]}, "
            f"so d{top}/d{t.names[step.operand]} is now {grads[step.operand]:.4g}.")})
    index = os.path.join(folder, "index.html")
    with open(index, "w", encoding="utf-8") as f:
        f.write(_PAGE.replace("TITLE", html.escape(f"backward pass of {top}"))
                     .replace("HEADER", html.escape("\n".join(t.header)))
                     .replace("FRAMES", json.dumps(frames).replace("</", "<\\/")))
    return index


def _write(order, rankdir, grads, current, path):
    svg = _picture(order, rankdir, dict(grads), show_local=True, highlight=set(), params=None,
                   current=current).pipe(format="svg")
    with open(path, "wb") as f:
        f.write(svg)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TITLE</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }
  pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }
  #caption { font-size: 1.1em; margin: 0.6em 0; min-height: 2.5em; }
  #picture { max-width: 100%; border: 1px solid #ddd; }
  #done { color: #888; }
  #rows { color: #cc0000; }
  button { font-size: 1em; padding: 0.3em 1em; }
</style>
</head>
<body>
<h1>TITLE</h1>
<p>
  <button id="previous">&larr; previous</button>
  <button id="next">next &rarr;</button>
  <span id="counter"></span>
</p>
<p id="caption"></p>
<pre id="table">HEADER
<span id="done"></span><b id="rows"></b></pre>
<img id="picture" alt="the graph at this step">
<script>
  const frames = FRAMES;
  let at = 0;
  function show(i) {
    at = Math.max(0, Math.min(frames.length - 1, i));
    document.getElementById("picture").src = frames[at].file;
    document.getElementById("caption").textContent = frames[at].caption;
    document.getElementById("done").textContent = frames[at].done;
    document.getElementById("rows").textContent = frames[at].rows;
    document.getElementById("counter").textContent = "step " + at + " of " + (frames.length - 1);
    document.getElementById("previous").disabled = at === 0;
    document.getElementById("next").disabled = at === frames.length - 1;
  }
  document.getElementById("previous").onclick = () => show(at - 1);
  document.getElementById("next").onclick = () => show(at + 1);
  document.addEventListener("keydown", (e) => {
    if (e.key === "ArrowLeft") show(at - 1);
    if (e.key === "ArrowRight") show(at + 1);
  });
  show(0);
</script>
</body>
</html>
"""
