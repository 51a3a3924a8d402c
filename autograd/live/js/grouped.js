// The grouped live page: a graph of any size (a batch's loss: 65,000 nodes) seen a group at a
// time. It opens at the deepest level of its groups that shows at most FIRST boxes (for one
// sample of an MLP: the loss, the layers, each layer's neurons); a click on a box opens it in
// place, a click on an open group's title closes it. Every number is recomputed by the typed
// engine whenever a leaf changes, and every box shows its group's aggregate (aggregates.js).
// The page's data comes packed (deflated JSON, see autograd/drawing/grouped.py).
//
// window.seegrad, for tests and for people embedding the page (as the live page's, plus):
//   groups()            [{name, parent, kind, size, open}], parents first
//   open(name), close(name)    a group; visible() the names of the boxes and nodes drawn
//   aggregate(name)     {value, grad, gradNorm, maxAbsGrad, maxAbsGradName, saturated}
//   find(query)         the first node or group matching (a name or a pattern: w2[5,*]), its
//                       groups opened, centred and marked; null if none
//   lastComputeMs       of lastUpdateMs, the engine's run and every box's numbers (the rest
//                       is drawing)
//   routes(name)        the routes from leaf `name` to the root: marked, and returned as
//                       {routes, out: [[to, carried]], listed: [[names, product]]}
import { byId, control } from "./dom.js";
import { Aggregates } from "./aggregates.js";
import { find } from "./find.js";
import { GroupView, summary } from "./groupview.js";
import { Tree } from "./grouptree.js";
import { layout } from "./layout.js";
import { nudgePanel } from "./nudge.js";
import { format, quoted } from "./numbers.js";
import { routes } from "./routes.js";
import { forwardOnly, runTyped, typed } from "./typed.js";

export const FIRST = 60;          // the most boxes the page opens on

/**
 * @typedef {{program: import("./engine.js").Program,
 *            groups: import("./grouptree.js").GroupRow[], home: number[],
 *            parameter: number[], activations: string[], saturated: number}} Data
 */

/** The page's data, inflated. @returns {Promise<Data>} */
async function unpack() {
  const text = byId("data").textContent ?? "";
  const bytes = Uint8Array.from(atob(JSON.parse(text).packed), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return JSON.parse(await new Response(stream).text());
}

const data = await unpack();
const nodes = data.program.nodes;
const root = nodes.length - 1;
const tree = new Tree(nodes, data.groups, data.home);
const sums = new Aggregates(tree, data);
const compiled = typed(data.program);
const index = new Map(nodes.map((node, i) => [node.name, i]));
const leafNames = nodes.filter((n) => n.kind === "leaf").map((n) => n.name ?? "");
const message = byId("message");

// The page's state, all of it: the numbers shown and the leaves given, what is seen, and what
// is marked (a leaf's routes, a found item).
const state = {
  /** @type {Record<number, number>} */ leaves: {},
  numbers: first(),
  seen: tree.view(),
  /** @type {import("./layout.js").Layout | null} */ placed: null,
  /** @type {Map<number, import("./aggregates.js").Aggregate>} */ shown: new Map(),
  /** @type {{leaf: number, routes: import("./routes.js").Routes} | null} */ path: null,
  /** @type {string | null} */ found: null,
};

function first() {
  const result = runTyped(compiled, {});
  if (result.error) throw new Error(`the graph's own numbers fail: ${result.error.message}`);
  return result;
}


const view = new GroupView(byId("picture"), {
  box: (item) => (item.group >= 0 ? open(data.groups[item.group].name)
    : showRoutes(item.node)),
  frame: (g) => close(data.groups[g].name),
  data: (i, at) => edit(i, at),
});

// Open level after level while the boxes seen stay at most FIRST and fit the window with
// their text drawn.
function openFirst() {
  for (let depth = 0; ; depth++) {
    const closed = data.groups.map((_, g) => g)
      .filter((g) => tree.depth[g] === depth && !tree.open[g]);
    if (!closed.length) return;
    closed.forEach((g) => { tree.open[g] = 1; });
    const seen = tree.view();
    if (seen.items.length > FIRST || !view.fits(layout(tree, seen))) {
      closed.forEach((g) => { tree.open[g] = 0; });
      return;
    }
  }
}
openFirst();
state.seen = tree.view();

/** @param {number} g */
function aggregateOf(g) {
  let found = state.shown.get(g);
  if (!found) state.shown.set(g, found = sums.of(g, state.numbers.data, state.numbers.grad));
  return found;
}

function marks() {
  /** @type {Set<string>} */ const marked = new Set();
  /** @type {Map<string, number>} */ const carried = new Map();
  const path = state.path;
  if (!path) return { marked, carried };
  path.routes.on.forEach((on, i) => {
    const item = state.seen.itemOf[i];
    if (on && item) marked.add(item.id);
  });
  for (const edge of state.seen.edges) {
    let sum = 0;
    let any = false;
    for (let k = 0; k < edge.pairs.length; k += 2) {
      const [j, i] = [edge.pairs[k], edge.pairs[k + 1]];
      if (path.routes.on[j] && path.routes.on[i]) {
        any = true;
        sum += path.routes.carried(j, i);
      }
    }
    if (any) carried.set(`${edge.from} ${edge.to}`, sum);
  }
  return { marked, carried };
}

function scene() {
  state.placed ??= layout(tree, state.seen);
  return { items: state.seen.items, edges: state.seen.edges, layout: state.placed,
           groups: data.groups, sizes: tree.size, nodes, data: state.numbers.data,
           grad: state.numbers.grad, aggregate: aggregateOf, found: state.found, ...marks() };
}

// What is seen changed: lay it out again, keeping `anchor` (an item or a frame's id) where
// it stood on the screen.
/** @param {string} [anchor] */
function reseen(anchor) {
  const before = anchor ? where(anchor) : undefined;
  state.seen = tree.view();
  state.placed = null;
  const drawn = scene();
  const after = anchor ? where(anchor) : undefined;
  if (before && after) view.keep(before.x, before.y, after.x, after.y);
  view.show(drawn);
}

/** @param {string} id */
function where(id) {
  if (!state.placed) return undefined;
  return id.startsWith("f") ? state.placed.frames.get(Number(id.slice(1)))
    : state.placed.boxes.get(id);
}

/** @param {string} name */
function groupIndex(name) {
  const g = tree.byName.get(name);
  if (g === undefined) {
    throw new Error(`${quoted(name)} is not a group of this graph (its groups: ` +
      `${data.groups.slice(0, 8).map((x) => x.name).join(", ")}${data.groups.length > 8 ? ", ..." : ""})`);
  }
  return g;
}

/** @param {string} name */
function nodeIndex(name) {
  const i = index.get(name);
  if (i === undefined) throw new Error(`${quoted(name)} is not the name of a node of this graph`);
  return i;
}

/** @param {string} name */
function open(name) {
  const g = groupIndex(name);
  const started = performance.now();
  tree.open[g] = 1;
  for (let k = data.groups[g].parent; k >= 0; k = data.groups[k].parent) tree.open[k] = 1;
  reseen(`g${g}`);
  api.lastUpdateMs = performance.now() - started;
}

/** @param {string} name */
function close(name) {
  const g = groupIndex(name);
  const started = performance.now();
  const before = state.placed?.frames.get(g);
  tree.open[g] = 0;
  reseen();
  const after = state.placed?.boxes.get(`g${g}`);
  if (before && after) {
    view.keep(before.x, before.y, after.x, after.y);
    view.draw();
  }
  api.lastUpdateMs = performance.now() - started;
}

/** @param {number} leaf */
function showRoutes(leaf) {
  if (nodes[leaf].operands.length) return null;
  state.path = { leaf, routes: routes(nodes, leaf, state.numbers.data, state.numbers.grad) };
  view.show(scene());
  return describeRoutes();
}

function describeRoutes() {
  const path = state.path;
  if (!path) return null;
  const { leaf, routes: found } = path;
  const out = tree.users.of(leaf).map((u) => [nodes[u].name ?? "", found.carried(leaf, u)]);
  const listed = found.listed.map((r) => [r.nodes.map((i) => nodes[i].name ?? ""), r.product]);
  const name = nodes[leaf].name;
  byId("routes").textContent = `${name}: ${found.routes.toLocaleString()} route` +
    `${found.routes === 1 ? "" : "s"} to the root. ` + (listed.length
    ? listed.map(([names, p]) => `${/** @type {string[]} */ (names).join(" → ")}: ${format(Number(p))}`).join(";  ") + ";  "
    : `its edges carry ${out.map(([to, c]) => `${format(Number(c))} (to ${to})`).slice(0, 6).join(" + ")}` +
      `${out.length > 6 ? ` + ${out.length - 6} more` : ""}; `) +
    `summed: ${format(out.reduce((s, [, c]) => s + Number(c), 0))} = grad ${format(state.numbers.grad[leaf])}`;
  return { routes: found.routes, out, listed };
}

// --- changing a leaf ----------------------------------------------------------------------

/** @param {string} name @param {unknown} x */
function set(name, x) {
  const i = index.get(name);
  if (i === undefined || nodes[i].kind !== "leaf") {
    throw new Error(`${quoted(name)} is not a leaf of this graph`);
  }
  if (typeof x !== "number" || !Number.isFinite(x)) {
    const why = `${name}: ${quoted(x)} is not a finite number; nothing was changed`;
    message.textContent = why;
    throw new Error(why);
  }
  const started = performance.now();
  state.leaves[i] = x;
  const result = runTyped(compiled, state.leaves);
  if (result.error) {
    message.textContent = `${nodes[result.error.node].name}: ${result.error.message} ` +
      "(the numbers shown are the last ones the engine could compute)";
  } else {
    if (message.textContent) message.textContent = "";
    state.numbers = result;
    state.shown.clear();
    state.seen.items.forEach((item) => item.group >= 0 && aggregateOf(item.group));
    api.lastComputeMs = performance.now() - started;
    if (state.path) state.path.routes = routes(nodes, state.path.leaf, result.data, result.grad);
    view.show(scene());
    if (state.path) describeRoutes();
    if (details.open) refreshNudge(name);
  }
  api.lastUpdateMs = performance.now() - started;
  return result.error ? NaN : state.numbers.data[root];
}

/** @param {string} name @param {unknown} delta */
function nudge(name, delta) {
  const i = nodeIndex(name);
  if (typeof delta !== "number" || !Number.isFinite(delta)) {
    throw new Error(`nudge ${name} by ${quoted(delta)}: not a finite number`);
  }
  const moved = forwardOnly(compiled, { ...state.leaves, [i]: state.numbers.data[i] + delta });
  return { actual: moved ? moved[root] - state.numbers.data[root] : NaN,
           predicted: state.numbers.grad[i] * delta };
}

const editor = control("editor");
/** @type {number | null} */
let editing = null;
/** @param {number} i @param {DOMRect} at */
function edit(i, at) {
  const frame = byId("picture").getBoundingClientRect();
  editing = i;
  editor.value = String(state.numbers.data[i]);
  editor.style.left = `${at.left - frame.left - 4}px`;
  editor.style.top = `${at.top - frame.top - 3}px`;
  editor.hidden = false;
  editor.focus();
  editor.select();
}
editor.addEventListener("keydown", (event) => {
  if (event.key === "Escape") { editing = null; editor.hidden = true; }
  if (event.key !== "Enter" || editing === null) return;
  const x = Number(editor.value.trim());
  if (editor.value.trim() === "" || !Number.isFinite(x)) {
    message.textContent = `${nodes[editing].name}: "${editor.value}" is not a finite number`;
    return;
  }
  const name = nodes[editing].name ?? "";
  // inside a notebook's widget (widget.js), the kernel's Value takes the number too
  if (!Number.isNaN(set(name, x)) && window.parent !== window) {
    window.parent.postMessage({ seegrad: "changed", name, value: x }, "*");
  }
  editing = null;
  editor.hidden = true;
});

/** @param {string} query */
function findAndShow(query) {
  const found = find(tree, query);
  if (!found) {
    message.textContent = `nothing here is called ${quoted(query)}`;
    return null;
  }
  message.textContent = "";
  let id;
  if ("group" in found) {
    for (let k = data.groups[found.group].parent; k >= 0; k = data.groups[k].parent) tree.open[k] = 1;
    id = `g${found.group}`;
  } else {
    const i = found.node;
    const inside = tree.home[i] >= 0 ? i : tree.users.of(i)[0] ?? i;
    tree.around(inside).forEach((g) => { tree.open[g] = 1; });
    id = `n${i}`;
  }
  state.found = id;
  reseen();
  const box = state.placed?.boxes.get(id);
  if (box) view.centre(box);
  return "group" in found ? data.groups[found.group].name : nodes[found.node].name;
}

const api = {
  names: () => nodes.map((n) => n.name),
  value: (/** @type {string} */ name) => state.numbers.data[nodeIndex(name)],
  grad: (/** @type {string} */ name) => state.numbers.grad[nodeIndex(name)],
  set, nudge, lastUpdateMs: 0, lastComputeMs: 0,
  groups: () => data.groups.map((g, k) => ({
    name: g.name, parent: g.parent < 0 ? null : data.groups[g.parent].name, kind: g.kind,
    size: tree.size[k], open: Boolean(tree.open[k]) })),
  open, close,
  visible: () => state.seen.items.map((item) => (item.group >= 0 ? data.groups[item.group].name
    : nodes[item.node].name)),
  aggregate: (/** @type {string} */ name) => ({ ...aggregateOf(groupIndex(name)) }),
  find: findAndShow,
  routes: (/** @type {string} */ name) => showRoutes(nodeIndex(name)),
  summary: (/** @type {string} */ name) => summary(aggregateOf(groupIndex(name))),
};
Object.assign(window, { seegrad: api });

control("search").addEventListener("keydown", (event) => {
  if (/** @type {KeyboardEvent} */ (event).key === "Enter") findAndShow(control("search").value);
});
addEventListener("message", (event) => {
  const said = event.data;
  if (event.source === window.parent && said && said.seegrad === "set") set(said.name, said.value);
});
byId("fit").addEventListener("click", () => view.fit());
addEventListener("resize", () => view.resized());
const moving = leafNames.find((name) => api.grad(name) !== 0) ?? leafNames[0];
const refreshNudge = nudgePanel(byId("nudge"), api, leafNames, moving);
// the nudge panel is worked out while it is open: 13 runs of the graph per change
const details = /** @type {HTMLDetailsElement} */ (byId("nudge").closest("details"));
details.addEventListener("toggle", () => {
  if (details.open) refreshNudge();
  view.resized();            // the picture's panel grew or shrank
});
view.show(scene());
view.fit();
document.body.dataset.ready = "true";
