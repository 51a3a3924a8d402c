// The live graph page: every leaf's number can be changed (drag it to scrub, Shift for fine
// steps, or click and type one), and every node's data and grad follow, computed by the
// page's engine (engine.js, with the op table generated from autograd/ops.py). The picture
// is Graphviz's, laid out once by Python: only the numbers change, so nothing moves.
//
// window.seegrad, for tests and for people embedding the page:
//   names()            the nodes' names, as in the picture
//   value(name), grad(name)   (a name that is no node's throws)
//   set(name, x)       set a leaf (as typing does) to a finite number and return the root's
//                      new value; anything else (a string, NaN, null) is refused, on the page
//                      and by a throw, and changes nothing
//   nudge(name, delta) {actual, predicted}: the root's change when the leaf moves by delta,
//                      and the first-order prediction grad * delta (nothing on the page moves)
//   nudgePanel()       the nudge panel shown again for the numbers now
//   lastUpdateMs       how long the last recompute and redraw took
import { byId, control, pageData } from "./dom.js";
import { runTyped, typed } from "./typed.js";
import { nudgePanel } from "./nudge.js";
import { quoted } from "./numbers.js";
import { fields, rewrite } from "./records.js";

/**
 * @typedef {import("./engine.js").Program} Program
 * @typedef {{data: Float64Array, grad: Float64Array}} Numbers every node's data and grad
 */
/** @type {{program: Program}} */
const data = pageData("data");
const program = data.program;
const nodes = program.nodes;
const root = nodes.length - 1;
const compiled = typed(program);          // the engine's numbers, from typed arrays
const leafNames = nodes.filter((n) => n.kind === "leaf").map((n) => n.name ?? "");
const index = new Map(nodes.map((node, i) => [node.name, i]));
/** @type {Record<number, number>} leaf index -> the number the learner gave it */
const leaves = {};
/** @returns {Numbers} */
function firstRun() {
  const result = runTyped(compiled, leaves);
  if (result.error) throw new Error(`the graph's own numbers fail: ${result.error.message}`);
  return result;
}
let shown = firstRun();                  // the numbers on the picture: the last good ones
const message = byId("message");
const picture = byId("picture");
const svg = /** @type {SVGSVGElement} */ (picture.querySelector("svg"));
/** @type {(leaf?: string) => unknown} the nudge panel's update, once it exists */
let refreshNudge = () => null;

// The text elements of node i's record that hold its data and its grad.
const texts = nodes.map((_, i) => fields(document, i));

function redraw() {
  rewrite(texts, shown);
}

// The nodes between leaf i and the root (every node of the program reaches the root), with
// the ops and edges that join them; marked once per leaf, not on every change of it.
/** @type {{leaf: number | null, elements: HTMLElement[]}} */
let marked = { leaf: null, elements: [] };
/** @param {number} i */
function markPath(i) {
  if (marked.leaf === i) return;
  const on = new Set([i]);
  nodes.forEach((node, j) => {
    if (node.operands.some((k) => on.has(k))) on.add(j);
  });
  /** @type {string[]} */
  const ids = [];
  on.forEach((j) => {
    ids.push(`n${j}`);
    if (j === i) return;
    ids.push(`n${j}_op`, `e${j}`);
    nodes[j].operands.filter((k) => on.has(k)).forEach((k) => ids.push(`e${k}_${j}`));
  });
  marked.elements.forEach((e) => e.classList.remove("path"));
  marked = { leaf: i, elements: ids.flatMap((id) => document.getElementById(id) ?? []) };
  marked.elements.forEach((e) => e.classList.add("path"));
}

/** @param {{node: number, message: string}} error */
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

// The names of a list, as a message shows them: the first ten, and how many more.
/** @param {string[]} names */
function some(names) {
  return names.length <= 10 ? names.join(", ")
    : `${names.slice(0, 10).join(", ")} and ${names.length - 10} more`;
}

/** @param {string} name */
function nodeIndex(name) {
  const i = index.get(name);
  if (i === undefined) {
    throw new Error(`${quoted(name)} is not the name of a node of this graph (its nodes: ` +
      `${some(nodes.map((n) => n.name ?? ""))})`);
  }
  return i;
}

/** @param {string} name */
function leafIndex(name) {
  const i = index.get(name);
  if (i === undefined || nodes[i].kind !== "leaf") {
    throw new Error(`${quoted(name)} is not a leaf of this graph (leaves: ` +
      `${some(leafNames)})`);
  }
  return i;
}

// A leaf takes a finite number, and nothing that merely converts to one ("0x10", true, [5]).
/** @param {string} name @param {unknown} x @returns {asserts x is number} */
function refuseUnlessFinite(name, x) {
  if (typeof x === "number" && Number.isFinite(x)) return;
  const why = `${name}: ${quoted(x)} is not a finite number; nothing was changed`;
  message.textContent = why;
  throw new Error(why);
}

/** @param {string} name @param {unknown} x */
function set(name, x) {
  const i = leafIndex(name);
  refuseUnlessFinite(name, x);
  const started = performance.now();
  leaves[i] = x;
  const result = runTyped(compiled, leaves);
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

/** @param {string} name @param {unknown} delta */
function nudge(name, delta) {
  const i = leafIndex(name);
  refuseUnlessFinite(`nudge ${name} by`, delta);
  const moved = { ...leaves, [i]: shown.data[i] + delta };
  const result = runTyped(compiled, moved);
  return {
    actual: result.error ? NaN : result.data[root] - shown.data[root],
    predicted: shown.grad[i] * delta,
  };
}

const api = {
  names: () => nodes.map((n) => n.name),
  value: (/** @type {string} */ name) => shown.data[nodeIndex(name)],
  grad: (/** @type {string} */ name) => shown.grad[nodeIndex(name)],
  set, nudge, lastUpdateMs: 0, nudgePanel: () => refreshNudge(),
};
Object.assign(window, { seegrad: api });
// The panel starts on a leaf that moves the root: the first whose gradient is not 0.
const moving = leafNames.find((name) => api.grad(name) !== 0) ?? leafNames[0];
refreshNudge = nudgePanel(byId("nudge"), api, leafNames, moving);

// --- editing a leaf on the picture: drag to scrub, click to type -----------------------------

// A change made on the page; a page inside a notebook widget (widget.js) also tells the
// kernel, whose Value then takes the new number. Changes that come from the kernel ("set"
// messages) are not sent back.
/** @param {string} name @param {number} x */
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

const editor = control("editor");
/** @type {number | null} the leaf being typed into */
let editing = null;

/** @param {number} i */
function openEditor(i) {
  const text = texts[i].data;
  if (!text) return;
  const box = text.getBoundingClientRect();
  const frame = picture.getBoundingClientRect();
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
  changedHere(nodes[editing].name ?? "", x);
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
  text.addEventListener("pointerdown", (/** @type {Event} */ down) => {
    const event = /** @type {PointerEvent} */ (down);
    const start = { x: event.clientX, value: shown.data[i] };
    let dragged = false;
    const move = (/** @type {PointerEvent} */ e) => {
      const dx = e.clientX - start.x;
      if (Math.abs(dx) < 3 && !dragged) return;
      dragged = true;
      const step = (e.shiftKey ? 0.001 : 0.01) * Math.max(1, Math.abs(start.value));
      changedHere(node.name ?? "", start.value + Math.round(dx) * step);
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

// The picture as large as the window lets it be, whole, up to 1.5 times its own size (a
// small graph is not blown up), and never so small that a node's text is under 10 px: a
// larger graph scrolls instead.
function legibleScale() {
  const sizes = [...svg.querySelectorAll("g.node text")]
    .map((t) => parseFloat(getComputedStyle(t).fontSize)).filter((size) => size > 0);
  return sizes.length ? 10 / Math.min(...sizes) : 1;
}

function fit() {
  const box = svg.viewBox.baseVal;
  const scale = Math.min(1.5 * 4 / 3, (picture.clientWidth - 8) / box.width,
                         (picture.clientHeight - 8) / box.height);
  const chosen = Math.max(scale, legibleScale());
  svg.style.width = `${box.width * chosen}px`;
  svg.style.height = `${box.height * chosen}px`;
}

// A graph larger than the window opens on what the learner is told to drag: its leaves,
// from the first one made (in the top left corner) with the leaf the nudge panel shows in
// view. (The picture scrolls itself; scrollIntoView would scroll a notebook holding it too.)
function showLeaves() {
  const frame = picture.getBoundingClientRect();
  const box = (/** @type {number | undefined} */ i) =>
    document.getElementById(`n${i}`)?.getBoundingClientRect();
  const first = box(nodes.findIndex((node) => node.kind === "leaf"));
  if (!first) return;
  picture.scrollLeft += first.left - frame.left - 12;
  picture.scrollTop += first.top - frame.top - 12;
  const r = box(index.get(moving));
  if (r && (r.left < frame.left || r.right > frame.right || r.top < frame.top ||
            r.bottom > frame.bottom)) {
    picture.scrollLeft += r.left + r.width / 2 - (frame.left + frame.width / 2);
    picture.scrollTop += r.top + r.height / 2 - (frame.top + frame.height / 2);
  }
}

addEventListener("resize", fit);
fit();
redraw();
showLeaves();
