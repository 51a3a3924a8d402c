// The live graph page: every leaf's number can be changed (drag it to scrub, Shift for fine
// steps, or click and type one), and every node's data and grad follow, computed by the
// page's engine (engine.js, with the op table generated from autograd/ops.py). The picture
// is Graphviz's, laid out once by Python: only the numbers change, so nothing moves.
//
// window.seegrad, for tests and for people embedding the page:
//   names()            the nodes' names, as in the picture
//   value(name), grad(name)
//   set(name, x)       set a leaf (as typing does) and return the root's new value
//   nudge(name, delta) {actual, predicted}: the root's change when the leaf moves by delta,
//                      and the first-order prediction grad * delta (nothing on the page moves)
//   lastUpdateMs       how long the last recompute and redraw took
import { run } from "./engine.js";
import { nudgePanel } from "./nudge.js";
import { fields, rewrite } from "./records.js";

const data = JSON.parse(document.getElementById("data").textContent);
const program = data.program;
const nodes = program.nodes;
const root = nodes.length - 1;
const index = new Map(nodes.map((node, i) => [node.name, i]));
const leaves = {};                       // leaf index -> the number the learner gave it
let shown = run(program, leaves);        // the numbers on the picture: the last good ones
const message = document.getElementById("message");
let refreshNudge = () => null;           // the nudge panel's, once it exists

// The text elements of node i's record that hold its data and its grad.
const texts = nodes.map((_, i) => fields(document, i));

function redraw() {
  rewrite(texts, shown);
}

// The nodes between leaf i and the root (every node of the program reaches the root), with
// the ops and edges that join them; marked once per leaf, not on every change of it.
let marked = { leaf: null, elements: [] };
function markPath(i) {
  if (marked.leaf === i) return;
  const on = new Set([i]);
  nodes.forEach((node, j) => {
    if (node.operands.some((k) => on.has(k))) on.add(j);
  });
  const ids = [];
  on.forEach((j) => {
    ids.push(`n${j}`);
    if (j === i) return;
    ids.push(`n${j}_op`, `e${j}`);
    nodes[j].operands.filter((k) => on.has(k)).forEach((k) => ids.push(`e${k}_${j}`));
  });
  marked.elements.forEach((e) => e.classList.remove("path"));
  marked = { leaf: i, elements: ids.map((id) => document.getElementById(id)).filter(Boolean) };
  marked.elements.forEach((e) => e.classList.add("path"));
}

function showError(error) {
  document.body.classList.add("stale");
  document.querySelectorAll(".error").forEach((e) => e.classList.remove("error"));
  document.getElementById(`n${error.node}`)?.classList.add("error");
  message.textContent = `${nodes[error.node].name}: ${error.message} ` +
    "(the numbers shown are the last ones the engine could compute)";
}

function clearError() {
  document.body.classList.remove("stale");
  document.querySelectorAll(".error").forEach((e) => e.classList.remove("error"));
  message.textContent = "";
}

function leafIndex(name) {
  const i = index.get(name);
  if (i === undefined || nodes[i].kind !== "leaf") {
    throw new Error(`${name} is not a leaf of this graph (leaves: ` +
      `${nodes.filter((n) => n.kind === "leaf").map((n) => n.name).join(", ")})`);
  }
  return i;
}

function set(name, x) {
  const i = leafIndex(name);
  const started = performance.now();
  leaves[i] = Number(x);
  const result = run(program, leaves);
  markPath(i);
  if (result.error) {
    showError(result.error);
  } else {
    clearError();
    shown = result;
    redraw();
    refreshNudge(name);
  }
  api.lastUpdateMs = performance.now() - started;
  return result.error ? NaN : shown.data[root];
}

function nudge(name, delta) {
  const i = leafIndex(name);
  const moved = { ...leaves, [i]: shown.data[i] + Number(delta) };
  const result = run(program, moved);
  return {
    actual: result.error ? NaN : result.data[root] - shown.data[root],
    predicted: shown.grad[i] * Number(delta),
  };
}

const api = {
  names: () => nodes.map((n) => n.name),
  value: (name) => shown.data[index.get(name)],
  grad: (name) => shown.grad[index.get(name)],
  set, nudge, lastUpdateMs: 0,
};
window.seegrad = api;
refreshNudge = nudgePanel(document.getElementById("nudge"), api,
                          nodes.filter((n) => n.kind === "leaf").map((n) => n.name));
api.nudgePanel = () => refreshNudge();

// --- editing a leaf on the picture: drag to scrub, click to type -----------------------------

// A change made on the page; a page inside a notebook widget (widget.js) also tells the
// kernel, whose Value then takes the new number. Changes that come from the kernel ("set"
// messages) are not sent back.
function changedHere(name, x) {
  const root = set(name, x);
  if (window.parent !== window && !Number.isNaN(root)) {
    window.parent.postMessage({ seegrad: "changed", name, value: Number(x) }, "*");
  }
}
addEventListener("message", (event) => {
  const message = event.data;
  if (event.source === window.parent && message && message.seegrad === "set") {
    set(message.name, message.value);
  }
});

const editor = document.getElementById("editor");
let editing = null;

function openEditor(i) {
  const box = texts[i].data.getBoundingClientRect();
  const frame = document.getElementById("picture").getBoundingClientRect();
  const picture = document.getElementById("picture");
  editing = i;
  editor.value = String(shown.data[i]);
  editor.style.left = `${box.left - frame.left + picture.scrollLeft - 4}px`;
  editor.style.top = `${box.top - frame.top + picture.scrollTop - 3}px`;
  editor.style.width = `${Math.max(box.width + 40, 90)}px`;
  editor.classList.remove("bad");
  editor.hidden = false;
  editor.focus();
  editor.select();
}

function commit() {
  if (editing === null) return;
  const x = Number(editor.value.trim());
  if (editor.value.trim() === "" || !Number.isFinite(x)) {
    editor.classList.add("bad");
    message.textContent = `${nodes[editing].name}: "${editor.value}" is not a finite number`;
    return;
  }
  changedHere(nodes[editing].name, x);
  editing = null;
  editor.hidden = true;
}

editor.addEventListener("keydown", (event) => {
  if (event.key === "Enter") commit();
  if (event.key === "Escape") {
    editing = null;
    editor.hidden = true;
  }
});

nodes.forEach((node, i) => {
  const text = texts[i].data;
  if (node.kind !== "leaf" || !text) return;
  text.classList.add("editable");
  text.addEventListener("pointerdown", (event) => {
    const start = { x: event.clientX, value: shown.data[i] };
    let dragged = false;
    const move = (e) => {
      const dx = e.clientX - start.x;
      if (Math.abs(dx) < 3 && !dragged) return;
      dragged = true;
      const step = (e.shiftKey ? 0.001 : 0.01) * Math.max(1, Math.abs(start.value));
      changedHere(node.name, start.value + Math.round(dx) * step);
    };
    const up = () => {
      removeEventListener("pointermove", move);
      removeEventListener("pointerup", up);
      if (!dragged) openEditor(i);
    };
    addEventListener("pointermove", move);
    addEventListener("pointerup", up);
    event.preventDefault();
  });
});

// The picture as large as the window lets it be, whole, up to 1.5 times its own size (names
// stay readable; a small graph is not blown up).
function fit() {
  const picture = document.getElementById("picture");
  const svg = picture.querySelector("svg");
  const box = svg.viewBox.baseVal;
  const scale = Math.min(1.5 * 4 / 3, (picture.clientWidth - 8) / box.width,
                         (picture.clientHeight - 8) / box.height);
  svg.style.width = `${box.width * Math.max(scale, 0.75)}px`;
  svg.style.height = `${box.height * Math.max(scale, 0.75)}px`;
}
addEventListener("resize", fit);
fit();
redraw();
// A graph larger than the window starts with its root in view: where every chain rule starts.
// (The picture scrolls itself; scrollIntoView would scroll a notebook holding the page too.)
function showRoot() {
  const picture = document.getElementById("picture");
  const node = document.getElementById(`n${root}`);
  if (!node) return;
  const r = node.getBoundingClientRect();
  const p = picture.getBoundingClientRect();
  picture.scrollLeft += r.left + r.width / 2 - (p.left + p.width / 2);
  picture.scrollTop += r.top + r.height / 2 - (p.top + p.height / 2);
}
showRoot();
