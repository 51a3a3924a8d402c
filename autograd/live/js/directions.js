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
import { forward, passBack, pushTangent } from "./engine.js";
import { format } from "./numbers.js";
import { fields, fitWidth, write } from "./records.js";
import { OPS } from "./ops.js";

const data = JSON.parse(document.getElementById("data").textContent);
const program = data.program;
const nodes = program.nodes;
const values = forward(program).data;
const [inputs, outputs] = [data.inputs, data.outputs];
const texts = nodes.map((_, i) => fields(document, i));
const ops = nodes.map((n, i) => i).filter((i) => nodes[i].operands.length);
const caption = document.getElementById("caption");

let sweep = null;                 // the sweep under way: {mode, seed, next, work, ...}
let jacobian;
let done;                         // per direction, each seed swept -> the multiply-adds it took
let marked = [];

function reset() {
  const blank = () => outputs.map(() => inputs.map(() => null));
  jacobian = { forward: blank(), reverse: blank() };
  done = { forward: new Map(), reverse: new Map() };
  start("forward", inputs[0]);
}

function counts() {
  const work = (mode) => [...done[mode].values()].reduce((sum, w) => sum + w, 0);
  return { forwardSweeps: done.forward.size, forwardWork: work("forward"),
           reverseSweeps: done.reverse.size, reverseWork: work("reverse") };
}

function start(mode, seed) {
  sweep = mode === "forward"
    ? { mode, seed, next: 0, work: 0, tangent: new Map([[seed, 1]]) }
    : { mode, seed, next: 0, work: 0, pending: nodes.map((_, i) => (i === seed ? 1 : null)) };
  document.body.className = mode;
  (mode === "forward" ? seedIn : seedOut).value = String(seed);
  nodes.forEach((_, i) => show(i));
  mark([]);
  caption.textContent = mode === "forward"
    ? `Forward sweep from ${nodes[seed].name}: its tangent is 1, every other input's 0. ` +
      "Step through the ops in the order they were made."
    : `Reverse sweep from ${nodes[seed].name}: its gradient is 1. Step back through the ops, ` +
      "newest first.";
  draw();
}

// What node i's record shows: its tangent or gradient so far ("?" before its turn).
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

function show(i) {
  const t = texts[i].grad;
  if (!t) return;
  const n = number(i);
  const word = sweep.mode === "forward" ? "tangent" : "grad";
  write(t, `${word} ${n === null ? "?" : format(n)}`);
}

function mark(ids) {
  marked.forEach((e) => e.classList.remove("current"));
  marked = ids.map((id) => document.getElementById(id)).filter(Boolean);
  marked.forEach((e) => e.classList.add("current"));
  marked[0]?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

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
  if (sweep.mode === "forward") {
    const before = node.operands.map((j) => 0 + (sweep.tangent.get(j) ?? 0));
    sweep.work += pushTangent(program, values, sweep.tangent, i);
    sweep.next += 1;
    show(i);
    mark([`n${i}`, `n${i}_op`, `e${i}`, ...edges]);
    const terms = node.operands.map((j, k) => `${format(local[k])} × ${format(before[k])}`)
      .filter((_, k) => nodes[node.operands[k]].kind !== "constant");
    caption.textContent = `Forward step ${position + 1} of ${ops.length}: tangent of ` +
      `${node.name} = ${terms.join(" + ")} = ${format(number(i))} (local derivative × the ` +
      "operand's tangent, summed).";
  } else {
    const upstream = 0 + (sweep.pending[i] ?? 0);
    sweep.work += passBack(program, values, sweep.pending, i);
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
  if (sweep.mode === "forward") {
    const column = inputs.indexOf(sweep.seed);
    outputs.forEach((o, r) => { jacobian.forward[r][column] = 0 + (sweep.tangent.get(o) ?? 0); });
  } else {
    const row = outputs.indexOf(sweep.seed);
    inputs.forEach((x, c) => { jacobian.reverse[row][c] = 0 + (sweep.pending[x] ?? 0); });
  }
  done[sweep.mode].set(sweep.seed, sweep.work);
  sweep.done = true;
  caption.textContent += sweep.mode === "forward"
    ? ` The sweep is done: column ${nodes[sweep.seed].name} of the Jacobian.`
    : ` The sweep is done: row ${nodes[sweep.seed].name} of the Jacobian.`;
}

function finishSweep() {
  if (sweep.done) start(sweep.mode, sweep.seed);
  while (!sweep.done) step();
}

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
  const sweeps = (k) => `${k} sweep${k === 1 ? "" : "s"}`;
  document.getElementById("counter").textContent =
    `forward: ${sweeps(c.forwardSweeps)}, ${c.forwardWork} multiply-adds · ` +
    `reverse: ${sweeps(c.reverseSweeps)}, ${c.reverseWork} multiply-adds. ` +
    `With n = ${n} input${n === 1 ? "" : "s"} and m = ${m} output${m === 1 ? "" : "s"}, ` +
    `the whole Jacobian takes ${n} forward sweep${n === 1 ? "" : "s"} or ${m} reverse.`;
  table("jacobian-fwd", jacobian.forward, sweep.mode === "forward" && sweep.done &&
    ((r, c) => c === inputs.indexOf(sweep.seed)));
  table("jacobian-rev", jacobian.reverse, sweep.mode === "reverse" && sweep.done &&
    ((r, c) => r === outputs.indexOf(sweep.seed)));
}

function table(id, rows, isNew) {
  const element = document.getElementById(id);
  const head = `<tr><th></th>${inputs.map((x) => `<th>∂/∂${escape(nodes[x].name)}</th>`)
    .join("")}</tr>`;
  const body = rows.map((row, r) => `<tr><th>${escape(nodes[outputs[r]].name)}</th>` +
    row.map((v, c) => `<td class="${isNew && isNew(r, c) ? "new" : ""}">` +
      `${v === null ? "" : format(v)}</td>`).join("") + "</tr>").join("");
  element.innerHTML = head + body;
}

function escape(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function seeds(id, list, mode) {
  const select = document.getElementById(id);
  list.forEach((i) => select.add(new Option(nodes[i].name, String(i))));
  select.onchange = () => start(mode, Number(select.value));
  return select;
}

const seedIn = seeds("seed-in", inputs, "forward");
const seedOut = seeds("seed-out", outputs, "reverse");
const startFrom = (mode, select) => {
  const seed = Number(select.value);
  if (sweep.mode !== mode || sweep.seed !== seed) start(mode, seed);
};
document.getElementById("fwd-step").onclick = () => { startFrom("forward", seedIn); step(); };
document.getElementById("fwd-sweep").onclick = () => { startFrom("forward", seedIn); finishSweep(); };
document.getElementById("fwd-all").onclick = () => every("forward");
document.getElementById("rev-step").onclick = () => { startFrom("reverse", seedOut); step(); };
document.getElementById("rev-sweep").onclick = () => { startFrom("reverse", seedOut); finishSweep(); };
document.getElementById("rev-all").onclick = () => every("reverse");
document.getElementById("reset").onclick = reset;

fitWidth(document.getElementById("picture"), document.querySelector("#picture svg"), 0.85);
// The data on every record, the page's own numbers.
nodes.forEach((_, i) => { if (texts[i].data) write(texts[i].data, `data ${format(values[i])}`); });
reset();

const byName = (name, list) => {
  const i = list.find((j) => nodes[j].name === name);
  if (i === undefined) throw new Error(`no such node here: ${name}`);
  return i;
};
window.directions = {
  forward: (name) => start("forward", byName(name, inputs)),
  reverse: (name) => start("reverse", byName(name, outputs)),
  step, sweep: finishSweep, reset,
  columns: () => every("forward"),
  rows: () => every("reverse"),
  shown: () => Object.fromEntries(nodes.map((n, i) => [n.name, number(i)])),
  jacobian: () => jacobian,
  counters: counts,
};
