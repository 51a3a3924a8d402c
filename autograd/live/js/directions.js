// The two-directions page: forward and reverse mode, step by step, on one picture.
//
// Forward mode seeds one input with tangent 1 (the others 0) and visits the ops in creation
// order, each node's tangent the sum of local derivative x operand's tangent (engine.js's
// pushTangent); a finished sweep is a column of the Jacobian. Reverse mode seeds one output
// with gradient 1 and visits the ops newest first, each passing gradient x local derivative to
// its operands (engine.js's passBack); a finished sweep is a row. Every number shown is the
// engine's, from the op table; the edges carry the local derivatives both directions use.
//
// window.directions, for tests and for people embedding the page:
//   forward(inputName), reverse(outputName)   start a sweep from that seed
//   step(), sweep()      one op more of the sweep under way; the rest of it
//   columns(), rows()    every forward sweep; every reverse sweep
//   reset()              no sweeps, empty Jacobians
//   shown()              {node name: the number its record shows now (tangent or grad), or null}
//   jacobian()           {forward: rows, reverse: rows}, null where no sweep has filled a cell
//   counters()           {forwardSweeps, forwardWork, reverseSweeps, reverseWork}: a sweep
//                        counts once per seed (sweeping one input three times fills one
//                        column: one sweep), with the multiply-adds it took
import { byId, control, pageData } from "./dom.js";
import { forward, passBack, pushTangent } from "./engine.js";
import { format } from "./numbers.js";
import { fields, fitWidth, write } from "./records.js";
import { OPS } from "./ops.js";

/**
 * @typedef {"forward" | "reverse"} Mode
 * @typedef {{mode: "forward", seed: number, next: number, work: number, done?: boolean,
 *            tangent: Map<number, number>}} ForwardSweep
 * @typedef {{mode: "reverse", seed: number, next: number, work: number, done?: boolean,
 *            pending: (number | null)[]}} ReverseSweep
 * @typedef {ForwardSweep | ReverseSweep} Sweep a sweep: its seed, the next op, the work so far
 * @typedef {(number | null)[][]} Table a Jacobian's rows, null where no sweep filled a cell
 */
/** @type {{program: import("./engine.js").Program, inputs: number[], outputs: number[]}} */
const data = pageData("data");
const program = data.program;
const nodes = program.nodes;
const name = (/** @type {number} */ i) => nodes[i].name ?? "";
const values = (() => {
  const result = forward(program);
  if (result.error) throw new Error(`the graph's own numbers fail: ${result.error.message}`);
  return result.data;
})();
const [inputs, outputs] = [data.inputs, data.outputs];
const texts = nodes.map((_, i) => fields(document, i));
const ops = nodes.map((n, i) => i).filter((i) => nodes[i].operands.length);
const caption = byId("caption");

/** @type {Sweep} the sweep under way (start() makes the first) */
let sweep = { mode: "forward", seed: inputs[0], next: 0, work: 0, tangent: new Map() };
/** @type {{forward: Table, reverse: Table}} */
let jacobian = { forward: [], reverse: [] };
/** @type {Record<Mode, Map<number, number>>} per direction, each seed -> its multiply-adds */
let done = { forward: new Map(), reverse: new Map() };
/** @type {HTMLElement[]} */
let marked = [];

function reset() {
  const blank = () => outputs.map(() => inputs.map(() => null));
  jacobian = { forward: blank(), reverse: blank() };
  done = { forward: new Map(), reverse: new Map() };
  start("forward", inputs[0]);
}

function counts() {
  const work = (/** @type {Mode} */ mode) => [...done[mode].values()].reduce((sum, w) => sum + w, 0);
  return { forwardSweeps: done.forward.size, forwardWork: work("forward"),
           reverseSweeps: done.reverse.size, reverseWork: work("reverse") };
}

/** @param {Mode} mode @param {number} seed */
function start(mode, seed) {
  sweep = mode === "forward"
    ? { mode, seed, next: 0, work: 0, tangent: new Map([[seed, 1]]) }
    : { mode, seed, next: 0, work: 0, pending: nodes.map((_, i) => (i === seed ? 1 : null)) };
  document.body.className = mode;
  (mode === "forward" ? seedIn : seedOut).value = String(seed);
  nodes.forEach((_, i) => show(i));
  mark([]);
  caption.textContent = mode === "forward"
    ? `Forward sweep from ${name(seed)}: its tangent is 1, every other input's 0. ` +
      "Step through the ops in the order they were made."
    : `Reverse sweep from ${name(seed)}: its gradient is 1. Step back through the ops, ` +
      "newest first.";
  draw();
}

// What node i's record shows: its tangent or gradient so far ("?" before its turn).
/** @param {number} i */
function number(i) {
  if (nodes[i].kind === "constant") return null;
  if (sweep.mode === "forward") {
    const known = inputs.includes(i) || ops.indexOf(i) < sweep.next;
    return known ? 0 + (sweep.tangent.get(i) ?? 0) : null;
  }
  const g = sweep.pending[i];
  const passed = sweep.done || ops.length - sweep.next <= ops.indexOf(i);   // its turn is over
  return g === null ? (passed ? 0 : null) : 0 + g;
}

/** @param {number} i */
function show(i) {
  const t = texts[i].grad;
  if (!t) return;
  const n = number(i);
  const word = sweep.mode === "forward" ? "tangent" : "grad";
  write(t, `${word} ${n === null ? "?" : format(n)}`);
}

/** @param {string[]} ids */
function mark(ids) {
  marked.forEach((e) => e.classList.remove("current"));
  marked = ids.flatMap((id) => document.getElementById(id) ?? []);
  marked.forEach((e) => e.classList.add("current"));
  marked[0]?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

/** @param {number} i */
function locals(i) {
  const node = nodes[i];
  const args = [...node.operands.map((j) => values[j]), values[i]];
  return node.operands.map((j, k) => OPS[node.op].derivatives[k](...args));
}

function step() {
  if (sweep.next >= ops.length) start(sweep.mode, sweep.seed);
  const position = sweep.next;
  const i = sweep.mode === "forward" ? ops[position] : ops[ops.length - 1 - position];
  const node = nodes[i];
  const local = locals(i);
  const edges = node.operands.map((j) => `e${j}_${i}`);
  const s = sweep;
  if (s.mode === "forward") {
    const before = node.operands.map((j) => 0 + (s.tangent.get(j) ?? 0));
    sweep.work += pushTangent(program, values, s.tangent, i);
    sweep.next += 1;
    show(i);
    mark([`n${i}`, `n${i}_op`, `e${i}`, ...edges]);
    const terms = node.operands.map((j, k) => `${format(local[k])} × ${format(before[k])}`)
      .filter((_, k) => nodes[node.operands[k]].kind !== "constant");
    caption.textContent = `Forward step ${position + 1} of ${ops.length}: tangent of ` +
      `${node.name} = ${terms.join(" + ")} = ${format(number(i) ?? NaN)} (local derivative × ` +
      "the operand's tangent, summed).";
  } else {
    const upstream = 0 + (s.pending[i] ?? 0);
    sweep.work += passBack(program, values, s.pending, i);
    sweep.next += 1;
    node.operands.forEach(show);
    show(i);
    mark([`n${i}`, `n${i}_op`, ...node.operands.map((j) => `n${j}`), ...edges]);
    const terms = node.operands.map((j, k) => `${nodes[j].name} gets ${format(upstream)} × ` +
      `${format(local[k])}`).filter((_, k) => nodes[node.operands[k]].kind !== "constant");
    caption.textContent = `Reverse step ${position + 1} of ${ops.length}: ${node.name}'s ` +
      `gradient ${format(upstream)} passes back: ${terms.join(", ")}.`;
  }
  if (sweep.next === ops.length) finish();
  draw();
}

function finish() {
  const s = sweep;
  if (s.mode === "forward") {
    const column = inputs.indexOf(s.seed);
    outputs.forEach((o, r) => { jacobian.forward[r][column] = 0 + (s.tangent.get(o) ?? 0); });
  } else {
    const row = outputs.indexOf(s.seed);
    inputs.forEach((x, c) => { jacobian.reverse[row][c] = 0 + (s.pending[x] ?? 0); });
  }
  done[sweep.mode].set(sweep.seed, sweep.work);
  sweep.done = true;
  caption.textContent += sweep.mode === "forward"
    ? ` The sweep is done: column ${name(sweep.seed)} of the Jacobian.`
    : ` The sweep is done: row ${name(sweep.seed)} of the Jacobian.`;
}

function finishSweep() {
  if (sweep.done) start(sweep.mode, sweep.seed);
  while (!sweep.done) step();
}

/** @param {Mode} mode */
function every(mode) {
  for (const seed of mode === "forward" ? inputs : outputs) {
    start(mode, seed);
    finishSweep();
  }
}

function draw() {
  const c = counts();
  const n = inputs.length;
  const m = outputs.length;
  const sweeps = (/** @type {number} */ k) => `${k} sweep${k === 1 ? "" : "s"}`;
  byId("counter").textContent =
    `forward: ${sweeps(c.forwardSweeps)}, ${c.forwardWork} multiply-adds · ` +
    `reverse: ${sweeps(c.reverseSweeps)}, ${c.reverseWork} multiply-adds. ` +
    `With n = ${n} input${n === 1 ? "" : "s"} and m = ${m} output${m === 1 ? "" : "s"}, ` +
    `the whole Jacobian takes ${n} forward sweep${n === 1 ? "" : "s"} or ${m} reverse.`;
  const { mode, seed } = sweep;
  const filled = Boolean(sweep.done);
  table("jacobian-fwd", jacobian.forward, (r, c) => filled && mode === "forward" &&
    c === inputs.indexOf(seed));
  table("jacobian-rev", jacobian.reverse, (r, c) => filled && mode === "reverse" &&
    r === outputs.indexOf(seed));
}

/**
 * @param {string} id @param {Table} rows
 * @param {(r: number, c: number) => boolean} isNew the cells the sweep just filled
 */
function table(id, rows, isNew) {
  const element = byId(id);
  const head = `<tr><th></th>${inputs.map((x) => `<th>∂/∂${escape(name(x))}</th>`)
    .join("")}</tr>`;
  const body = rows.map((row, r) => `<tr><th>${escape(name(outputs[r]))}</th>` +
    row.map((v, c) => `<td class="${isNew(r, c) ? "new" : ""}">` +
      `${v === null ? "" : format(v)}</td>`).join("") + "</tr>").join("");
  element.innerHTML = head + body;
}

/** @param {string} text */
function escape(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

/** @param {string} id @param {number[]} list @param {Mode} mode */
function seeds(id, list, mode) {
  const select = /** @type {HTMLSelectElement} */ (byId(id));
  list.forEach((i) => select.add(new Option(name(i), String(i))));
  select.onchange = () => start(mode, Number(select.value));
  return select;
}

const seedIn = seeds("seed-in", inputs, "forward");
const seedOut = seeds("seed-out", outputs, "reverse");
/** @param {Mode} mode @param {HTMLSelectElement} select */
const startFrom = (mode, select) => {
  const seed = Number(select.value);
  if (sweep.mode !== mode || sweep.seed !== seed) start(mode, seed);
};
byId("fwd-step").onclick = () => { startFrom("forward", seedIn); step(); };
byId("fwd-sweep").onclick = () => { startFrom("forward", seedIn); finishSweep(); };
byId("fwd-all").onclick = () => every("forward");
byId("rev-step").onclick = () => { startFrom("reverse", seedOut); step(); };
byId("rev-sweep").onclick = () => { startFrom("reverse", seedOut); finishSweep(); };
byId("rev-all").onclick = () => every("reverse");
byId("reset").onclick = reset;

fitWidth(byId("picture"), /** @type {SVGSVGElement} */ (document.querySelector("#picture svg")),
         0.85);
// The data on every record, the page's own numbers.
nodes.forEach((_, i) => { if (texts[i].data) write(texts[i].data, `data ${format(values[i])}`); });
reset();

/** @param {string} wanted @param {number[]} list */
const byName = (wanted, list) => {
  const i = list.find((j) => name(j) === wanted);
  if (i === undefined) throw new Error(`no such node here: ${wanted}`);
  return i;
};
const api = {
  forward: (/** @type {string} */ wanted) => start("forward", byName(wanted, inputs)),
  reverse: (/** @type {string} */ wanted) => start("reverse", byName(wanted, outputs)),
  step, sweep: finishSweep, reset,
  columns: () => every("forward"),
  rows: () => every("reverse"),
  shown: () => Object.fromEntries(nodes.map((n, i) => [n.name, number(i)])),
  jacobian: () => jacobian,
  counters: counts,
};
Object.assign(window, { directions: api });
