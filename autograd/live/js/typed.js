// A program as typed arrays, run by the passes generated from the op table (ops.js's
// forwardTyped and backwardTyped): the numbers of engine.js's run, bit for bit, without an
// object per node or a function call per op, so that a graph of tens of thousands of nodes
// (a batch's loss) is recomputed within a frame.
import { number } from "./engine.js";
import { CODES, OPS, backwardTyped, forwardTyped } from "./ops.js";

/**
 * @typedef {import("./engine.js").Program} Program
 * @typedef {{code: Int16Array, first: Int32Array, second: Int32Array, constant: Uint8Array,
 *            start: Float64Array, ops: string[]}} Typed
 *   each node's op number (-1: a leaf or constant), its operands, whether it is a constant,
 *   its data as the program gives it (leaves and constants), and its op's name
 */

/** The program as typed arrays. @param {Program} program @returns {Typed} */
export function typed(program) {
  const n = program.nodes.length;
  const t = { code: new Int16Array(n), first: new Int32Array(n), second: new Int32Array(n),
              constant: new Uint8Array(n), start: new Float64Array(n),
              ops: program.nodes.map((node) => node.op) };
  program.nodes.forEach((node, i) => {
    const [a, b] = node.operands;
    t.code[i] = node.operands.length ? CODES[node.op] : -1;
    t.first[i] = a ?? 0;
    t.second[i] = b ?? a ?? 0;
    t.constant[i] = node.kind === "constant" ? 1 : 0;
    t.start[i] = node.operands.length ? 0 : number(node.data);
  });
  return t;
}

/**
 * The forward pass alone: every node's data, or null where an op is outside its domain (what
 * a nudge needs: the root's new value, not its gradients).
 * @param {Typed} t @param {Record<number, number>} [leaves] @returns {Float64Array | null}
 */
export function forwardOnly(t, leaves = {}) {
  const data = Float64Array.from(t.start);
  for (const [i, x] of Object.entries(leaves)) data[Number(i)] = x;
  return forwardTyped(t.code, t.first, t.second, data, 0) >= 0 ? null : data;
}

/**
 * Forward then backward from the last node, as engine.js's run: {data, grad}, or {error}
 * at the first node outside its op's domain.
 * @param {Typed} t @param {Record<number, number>} [leaves] leaves given other data
 * @returns {{data: Float64Array, grad: Float64Array, error?: undefined} |
 *           {error: {node: number, message: string}, data?: undefined, grad?: undefined}}
 */
export function runTyped(t, leaves = {}) {
  const data = Float64Array.from(t.start);
  for (const [i, x] of Object.entries(leaves)) data[Number(i)] = x;
  const bad = forwardTyped(t.code, t.first, t.second, data, 0);
  if (bad >= 0) {
    const args = OPS[t.ops[bad]].arity === 1 ? [data[t.first[bad]]]
      : [data[t.first[bad]], data[t.second[bad]]];
    return { error: { node: bad, message: OPS[t.ops[bad]].why(...args) } };
  }
  return { data, grad: backwardUntil(t, data, 0).grad };
}

/**
 * Backward from the last node (the root, gradient 1) down to node `until`: what every node
 * has received so far (`received` 0 where nothing has arrived yet), as a step-through shows
 * it part way; `until` 0 is the whole of backward, engine.js's numbers.
 * @param {Typed} t @param {Float64Array} data forward's @param {number} until
 * @returns {{grad: Float64Array, received: Uint8Array}}
 */
export function backwardUntil(t, data, until) {
  const n = data.length;
  const pending = new Float64Array(n);
  const received = new Uint8Array(n);
  pending[n - 1] = 1;
  received[n - 1] = 1;
  backwardTyped(t.code, t.first, t.second, t.constant, data, pending, received, until);
  // added to 0, as engine.js's backward: a -0 summed there is shown as 0
  return { grad: pending.map((g, i) => (received[i] ? 0 + g : 0)), received };
}
