// The grouped live page: a graph of any size (a batch's loss: 65,000 nodes) seen a group at a
// time. It opens each group, outermost first, that keeps the boxes at most FIRST and fitting
// the window (for one sample of an MLP: the loss, the layers, each layer's neurons, the output
// neuron's ops); a click on a box opens it in
// place, a click on an open group's title closes it. Every number is recomputed by the typed
// engine whenever a leaf changes, and every box shows its group's aggregate (aggregates.js).
// The page's data comes packed (deflated JSON, see autograd/drawing/grouped.py).
//
// window.seegrad, for tests and for people embedding the page (as the live page's, plus):
//   groups()            [{name, parent, kind, size, open}], parents first
//   open(name), close(name)    a group; visible() the names of the boxes and nodes drawn
//   aggregate(name)     {value, grad, gradNorm, maxAbsGrad, maxAbsGradName, saturated}
//   summary(name)       the lines a box shows for that group (value, δ, ‖∇θ‖, saturated)
//   find(query)         the first node or group matching (a name or a pattern: w2[5,*]), its
//                       groups opened, centred and marked; null if none
//   lastComputeMs       of lastUpdateMs, the engine's run and every box's numbers (the rest
//                       is drawing)
//   routes(name)        the routes from leaf `name` to the root: marked, and returned as
//                       {routes, out: [[to, carried]], listed: [[names, product]]}
//   step(k)             on a step-through (a graph too large for steps.py's page): backward
//                       up to step k, a box at a time (groupsteps.js) -> {step, steps, until,
//                       caption}; grad(name) is then null where nothing has arrived yet
import { byId, control } from "./dom.js";
import { GroupedGraph } from "./groupedgraph.js";
import { GroupSteps } from "./groupsteps.js";
import { summary } from "./groupview.js";
import { nudgePanel } from "./nudge.js";
import { format, quoted } from "./numbers.js";
import { routes } from "./routes.js";
import { forwardOnly, runTyped, typed } from "./typed.js";

export const FIRST = 60;          // the most boxes the page opens on

/**
 * @typedef {{program: import("./engine.js").Program} & import("./groupedgraph.js").Groups} Data
 */

/** The page's data, inflated, and whether it steps through backward.
 * @returns {Promise<Data & {steps: boolean}>} */
async function unpack() {
  const outer = JSON.parse(byId("data").textContent ?? "");
  const bytes = Uint8Array.from(atob(outer.packed), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return { ...JSON.parse(await new Response(stream).text()), steps: Boolean(outer.steps) };
}

const data = await unpack();
const nodes = data.program.nodes;
const root = nodes.length - 1;
const compiled = typed(data.program);
const index = new Map(nodes.map((node, i) => [node.name, i]));
const leafNames = nodes.filter((n) => n.kind === "leaf").map((n) => n.name ?? "");
const message = byId("message");

// The page's state: the leaves given, the leaf whose routes are marked and, on a step-through,
// where backward is; the numbers they make and what is seen of the graph are the grouped
// graph's (groupedgraph.js).
const state = {
  /** @type {Record<number, number>} */ leaves: {},
  /** @type {{leaf: number, routes: import("./routes.js").Routes} | null} */ path: null,
  /** @type {GroupSteps | null} */ steps: null,
};

function first() {
  const result = runTyped(compiled, {});
  if (result.error) throw new Error(`the graph's own numbers fail: ${result.error.message}`);
  return result;
}

const graph = new GroupedGraph(byId("picture"), nodes, data, first(), {
  node: (i) => (data.steps ? null : showRoutes(i)),
  data: (i, at) => edit(i, at),
  marks: () => (state.steps ? state.steps.marks() : marks()),
  said: (text) => { message.textContent = text; },
  seen: () => {
    if (!state.steps) return;
    graph.update(state.steps.derive());
    showStep();
  },
});
if (data.steps) {
  state.steps = new GroupSteps(graph, compiled, Float64Array.from(graph.numbers.data));
  graph.update(state.steps.numbers());
}

/** The items and edges on the marked routes, with what each edge carries.
 * @returns {import("./groupedgraph.js").Marks} */
function marks() {
  /** @type {Set<string>} */ const marked = new Set();
  /** @type {Map<string, number>} */ const carried = new Map();
  const path = state.path;
  if (!path) return { marked, carried };
  path.routes.on.forEach((on, i) => {
    const item = graph.seen.itemOf[i];
    if (on && item) marked.add(item.id);
  });
  for (const edge of graph.seen.edges) {
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

/** @param {string} name */
function nodeIndex(name) {
  const i = index.get(name);
  if (i === undefined) throw new Error(`${quoted(name)} is not the name of a node of this graph`);
  return i;
}

/** @param {(g: number) => void} change @returns {(name: string) => void} */
function timed(change) {
  return (name) => {
    const g = graph.groupIndex(name);
    const started = performance.now();
    change(g);
    api.lastUpdateMs = performance.now() - started;
  };
}

/** @param {number} leaf */
function showRoutes(leaf) {
  if (nodes[leaf].operands.length) return null;
  state.path = { leaf, routes: routes(nodes, leaf, graph.numbers.data, graph.numbers.grad) };
  graph.draw();
  return describeRoutes();
}

function describeRoutes() {
  const path = state.path;
  if (!path) return null;
  const { leaf, routes: found } = path;
  const out = graph.tree.users.of(leaf).map((u) => [nodes[u].name ?? "", found.carried(leaf, u)]);
  const listed = found.listed.map((r) => [r.nodes.map((i) => nodes[i].name ?? ""), r.product]);
  const name = nodes[leaf].name;
  byId("routes").textContent = `${name}: ${found.routes.toLocaleString()} route` +
    `${found.routes === 1 ? "" : "s"} to the root. ` + (listed.length
    ? listed.map(([names, p]) => `${/** @type {string[]} */ (names).join(" → ")}: ${format(Number(p))}`).join(";  ") + ";  "
    : `its edges carry ${out.map(([to, c]) => `${format(Number(c))} (to ${to})`).slice(0, 6).join(" + ")}` +
      `${out.length > 6 ? ` + ${out.length - 6} more` : ""}; `) +
    `summed: ${format(out.reduce((s, [, c]) => s + Number(c), 0))} = grad ${format(graph.numbers.grad[leaf])}`;
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
    graph.update(state.steps ? state.steps.restart(result.data) : result);
    api.lastComputeMs = performance.now() - started;
    if (state.path) state.path.routes = routes(nodes, state.path.leaf, result.data, result.grad);
    graph.draw();
    if (state.path) describeRoutes();
    if (details?.open) refreshNudge(name);
    showStep();
  }
  api.lastUpdateMs = performance.now() - started;
  return result.error ? NaN : graph.numbers.data[root];
}

/** @param {string} name @param {unknown} delta */
function nudge(name, delta) {
  const i = nodeIndex(name);
  if (typeof delta !== "number" || !Number.isFinite(delta)) {
    throw new Error(`nudge ${name} by ${quoted(delta)}: not a finite number`);
  }
  const moved = forwardOnly(compiled, { ...state.leaves, [i]: graph.numbers.data[i] + delta });
  return { actual: moved ? moved[root] - graph.numbers.data[root] : NaN,
           predicted: graph.numbers.grad[i] * delta };
}

const editor = control("editor");
/** @type {number | null} */
let editing = null;
/** @param {number} i @param {DOMRect} at */
function edit(i, at) {
  const frame = byId("picture").getBoundingClientRect();
  editing = i;
  editor.value = String(graph.numbers.data[i]);
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
  const found = graph.find(query);
  message.textContent = found === null ? `nothing here is called ${quoted(query)}` : "";
  return found;
}

// --- a step-through ------------------------------------------------------------------------

/** @param {import("./grouptree.js").Item} item */
function itemName(item) {
  return item.group >= 0 ? data.groups[item.group].name : nodes[item.node].name ?? "";
}

/** Backward up to step `k` (0: not begun): {step, steps, until (the last node backward has
 * run), caption}. @param {unknown} k */
function step(k) {
  const steps = state.steps;
  if (!steps) throw new Error("this page is not a step-through");
  if (typeof k !== "number" || !Number.isFinite(k)) {
    throw new Error(`step ${quoted(k)}: a step is a number, 0 to ${steps.list.length}`);
  }
  const started = performance.now();
  graph.update(steps.go(k));
  graph.draw();
  const box = steps.at ? graph.where(steps.list[steps.at - 1].item.id) : undefined;
  if (box) graph.view.reveal(box);
  const caption = showStep();
  api.lastUpdateMs = performance.now() - started;
  return { step: steps.at, steps: steps.list.length, until: steps.until, caption };
}

// The step's caption and counter. @returns {string} the caption
function showStep() {
  const steps = state.steps;
  if (!steps) return "";
  const caption = steps.caption(itemName);
  byId("caption").textContent = caption;
  byId("counter").textContent = `step ${steps.at} of ${steps.list.length}`;
  return caption;
}

function stepKeys() {
  const at = () => state.steps?.at ?? 0;
  const last = () => state.steps?.list.length ?? 0;
  byId("first").addEventListener("click", () => step(0));
  byId("previous").addEventListener("click", () => step(at() - 1));
  byId("next").addEventListener("click", () => step(at() + 1));
  byId("last").addEventListener("click", () => step(last()));
  addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLInputElement) return;
    const to = { ArrowLeft: at() - 1, ArrowRight: at() + 1, " ": at() + 1, Home: 0,
                 End: last() }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    step(to);
  });
}

const api = {
  names: () => nodes.map((n) => n.name),
  value: (/** @type {string} */ name) => graph.numbers.data[nodeIndex(name)],
  grad: (/** @type {string} */ name) => {
    const i = nodeIndex(name);
    return graph.numbers.known && !graph.numbers.known[i] ? null : graph.numbers.grad[i];
  },
  set, nudge, lastUpdateMs: 0, lastComputeMs: 0,
  groups: () => data.groups.map((g, k) => ({
    name: g.name, parent: g.parent < 0 ? null : data.groups[g.parent].name, kind: g.kind,
    size: graph.tree.size[k], open: Boolean(graph.tree.open[k]) })),
  open: timed((g) => graph.open(g)),
  close: timed((g) => graph.close(g)),
  visible: () => graph.seen.items.map((item) => (item.group >= 0 ? data.groups[item.group].name
    : nodes[item.node].name)),
  aggregate: (/** @type {string} */ name) => ({ ...graph.aggregate(graph.groupIndex(name)) }),
  find: findAndShow,
  routes: (/** @type {string} */ name) => showRoutes(nodeIndex(name)),
  summary: (/** @type {string} */ name) => summary(graph.aggregate(graph.groupIndex(name))),
  step,
};
Object.assign(window, { seegrad: api });

control("search").addEventListener("keydown", (event) => {
  if (/** @type {KeyboardEvent} */ (event).key === "Enter") findAndShow(control("search").value);
});
addEventListener("message", (event) => {
  const said = event.data;
  if (event.source === window.parent && said && said.seegrad === "set") set(said.name, said.value);
});
byId("fit").addEventListener("click", () => graph.view.fit());
addEventListener("resize", () => graph.view.resized());
// the nudge panel (on the live page, not a step-through's) is worked out while it is open:
// 13 runs of the graph per change
const details = /** @type {HTMLDetailsElement | null} */ (document.querySelector("details"));
const refreshNudge = details ? nudgePanel(byId("nudge"), api, leafNames,
  leafNames.find((name) => api.grad(name) !== 0) ?? leafNames[0]) : () => {};
details?.addEventListener("toggle", () => {
  if (details.open) refreshNudge();
  graph.view.resized();            // the picture's panel grew or shrank
});
if (state.steps) stepKeys();
graph.openFirst(FIRST);
if (state.steps) step(0);
document.body.dataset.ready = "true";
