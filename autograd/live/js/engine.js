// The page's engine: a graph as a straight-line program (autograd.live.program), run forward
// and then backward with the op table generated from autograd/ops.py. The rules of the
// Python engine (autograd/backward.py) hold here too:
//   - nodes run forward in creation order, so every operand is known before its result, and
//     an op outside its domain stops the pass, naming the node and saying why;
//   - backward visits the nodes root first, in reverse creation order, the order Python's
//     backward uses, so every gradient is summed in the same order and comes out the same;
//   - constants receive no gradient; a node that received nothing passes 0;
//   - a zero factor gives zero: a local derivative that is 0 (relu below 0, the 0 of 0 * x)
//     passes nothing, whatever arrives, and a node whose gradient is 0 passes 0, even where a
//     local derivative is infinite;
//   - forward mode (autograd/forward.py) pushes tangents in creation order by the same rules:
//     a zero tangent or a zero local derivative passes nothing.
import { OPS, SUM_OF_PRODUCT } from "./ops.js";

/**
 * @typedef {{kind: string, op: string, operands: number[], data?: number | string,
 *            name?: string}} Node
 *   a node: a leaf or a constant (with its data), or an op on earlier nodes
 * @typedef {{nodes: Node[]}} Program a graph as a straight-line program, the root last
 * @typedef {Record<number, number>} Leaves node index -> data, for leaves given new data
 */

// A program's numbers: JSON numbers, or "Infinity", "-Infinity", "NaN" for the rest.
/** @param {number | string | undefined} x @returns {number} */
export function number(x) {
  return typeof x === "string" ? Number(x) : x ?? NaN;
}

// data of every node, from the leaves' data (`leaves`: node index -> number, for the leaves
// whose data is not the program's). Returns {data} or {error: {node, message}}.
/**
 * @param {Program} program @param {Leaves} [leaves]
 * @returns {{data: Float64Array, error?: undefined} | {error: {node: number, message: string},
 *           data?: undefined}}
 */
export function forward(program, leaves = {}) {
  const nodes = program.nodes;
  const data = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node.operands.length) {
      data[i] = i in leaves ? leaves[i] : number(node.data);
      continue;
    }
    const op = OPS[node.op];
    const args = node.operands.map((j) => data[j]);
    if (op.undefined !== null && op.undefined(...args)) {
      return { error: { node: i, message: op.why(...args) } };
    }
    data[i] = op.forward(...args);
  }
  return { data };
}

// d(root)/d(node) for every node (the root is the last node), from the data forward gave.
// `seeds` (node index -> gradient) seeds several outputs instead, as Python's pull_back.
/**
 * @param {Program} program @param {ArrayLike<number>} data @param {Record<number, number>} [seeds]
 */
export function backward(program, data, seeds = { [program.nodes.length - 1]: 1 }) {
  const nodes = program.nodes;
  /** @type {(number | null)[]} */
  const pending = new Array(nodes.length).fill(null);
  Object.entries(seeds).forEach(([i, g]) => {
    pending[Number(i)] = (pending[Number(i)] ?? 0) + g;
  });
  accumulate(program, data, pending);
  // added to 0, as Python adds a pass to .grad: a -0 summed there is shown as 0
  return Float64Array.from(pending, (g) => (g === null ? 0 : 0 + g));
}

// The chain rule at every node, newest first, adding into `pending` (null: nothing arrived
// yet): backward's loop, on sums the caller keeps (a batch's parameters' gradients, carried
// from one sample's program to the next in the order one program of the batch would add them).
/**
 * @param {Program} program @param {ArrayLike<number>} data @param {(number | null)[]} pending
 */
export function accumulate(program, data, pending) {
  for (let i = program.nodes.length - 1; i >= 0; i -= 1) {
    if (program.nodes[i].operands.length) passBack(program, data, pending, i);
  }
}

// The chain rule at node i: upstream * d(node)/d(operand) added to each operand's pending
// (null: nothing arrived yet). Returns how many multiply-adds it took.
/**
 * @param {Program} program @param {ArrayLike<number>} data @param {(number | null)[]} pending
 * @param {number} i
 */
export function passBack(program, data, pending, i) {
  const nodes = program.nodes;
  const node = nodes[i];
  const op = OPS[node.op];
  const upstream = pending[i] === null ? 0 : pending[i];
  const zero = upstream === 0;
  const args = [...node.operands.map((j) => data[j]), data[i]];
  let work = 0;
  node.operands.forEach((j, k) => {
    if (nodes[j].kind === "constant") return;
    const local = op.derivatives[k](...args);
    if (local === 0) return;            // a zero factor gives zero, as in Python's pass_back
    const contribution = zero ? 0 : upstream * local;
    if (!zero) work += 1;
    pending[j] = pending[j] === null ? contribution : pending[j] + contribution;
  });
  return work;
}

// Forward mode at node i: the sum over its operands of d(node)/d(operand) * their tangent
// (`tangent`: node index -> number, absent for 0), as autograd/forward.py's push_tangents.
// Returns how many multiply-adds it took.
/**
 * @param {Program} program @param {ArrayLike<number>} data
 * @param {Map<number, number>} tangent @param {number} i
 */
export function pushTangent(program, data, tangent, i) {
  const nodes = program.nodes;
  const node = nodes[i];
  const op = OPS[node.op];
  const args = [...node.operands.map((j) => data[j]), data[i]];
  /** @type {number | null} */
  let total = null;
  let work = 0;
  node.operands.forEach((j, k) => {
    const t = tangent.get(j);
    if (!t || nodes[j].kind === "constant") return;      // a zero tangent gives nothing
    const local = op.derivatives[k](...args);
    if (local === 0) return;                              // nor does a zero local derivative
    total = total === null ? t * local : total + t * local;
    work += 1;
  });
  if (total !== null) tangent.set(i, total);
  return work;
}

/**
 * forward then backward: {data, grad} or {error}.
 * @param {Program} program @param {Leaves} [leaves]
 * @returns {{data: Float64Array, grad: Float64Array, error?: undefined} |
 *           {error: {node: number, message: string}, data?: undefined, grad?: undefined}}
 */
export function run(program, leaves = {}) {
  const result = forward(program, leaves);
  if (result.error) return result;
  return { data: result.data, grad: backward(program, result.data) };
}

/**
 * Every node's data at `n` points at once: a program run over arrays, as NumPy runs the op
 * table on arrays (a model over the rows of the data or the points of a plane, an optimizer's
 * rule over every parameter). `columns` gives leaves their data (node index -> a number for
 * every point, or a Float64Array of n); a node is a number where all its operands are, else a
 * Float64Array. An op outside its domain gives NaN at that point, as NumPy's arrays do.
 * `wanted`: the nodes the caller reads; the others' arrays are reused once no node needs them
 * (a plane of 4,096 points through a thousand nodes then holds a few dozen arrays, not a
 * thousand), and come back as null. Without it every node's comes back. With it, a product
 * that only a sum reads (a neuron's term w * x) is not made as an array: the sum computes it
 * point by point (SUM_OF_PRODUCT), which halves a layer's passes over the points.
 * @param {Program} program
 * @param {Record<number, number | Float64Array>} columns
 * @param {number} n
 * @param {number[] | null} [wanted]
 * @returns {(number | Float64Array | null)[]}
 */
export function forwardEach(program, columns, n, wanted = null) {
  const last = wanted ? lastUses(program) : null;
  const kept = new Set(wanted ?? []);
  const terms = wanted ? productTerms(program) : null;
  /** @type {(number | Float64Array | null)[]} */
  const data = [];
  /** @type {Float64Array[]} arrays free to be written again: the last call's, at first */
  const free = FREE.get(n) ?? [];
  FREE.delete(n);
  /** @param {number} j */
  const value = (j) => /** @type {number | Float64Array} */ (data[j]);
  /** whether node j's array is no longer needed once node i has run
   * @param {number} j @param {number} i */
  const done = (j, i) => last !== null && last[j] === i && !kept.has(j)
    && data[j] instanceof Float64Array && !(j in columns);
  /** @param {number} j @param {number} i */
  const release = (j, i) => {
    if (done(j, i)) {
      free.push(/** @type {Float64Array} */ (data[j]));
      data[j] = null;
    }
  };
  // Where node i writes: over its first operand's array where i is that array's last use (a
  // sum's terms then accumulate in one array, which stays in the cache), else a free one.
  /** @param {number} j @param {number} i */
  const into = (j, i) => {
    if (!done(j, i)) return free.pop();
    const v = /** @type {Float64Array} */ (data[j]);
    data[j] = null;
    return v;
  };
  program.nodes.forEach((node, i) => {
    const { operands } = node;
    if (!operands.length) {
      data.push(i in columns ? columns[i] : number(node.data));
      return;
    }
    if (terms && terms.in[i] >= 0 && !kept.has(i)) {
      data.push(null);                      // a product its sum computes (below)
      return;
    }
    const j = terms ? terms.of[i] : -1;
    if (j >= 0 && !kept.has(j)) {           // a + b * c, the product read by this sum alone
      const [b, c] = program.nodes[j].operands;
      const [x, y, z] = [value(operands[0]), value(b), value(c)];
      data.push(typeof x === "number" && typeof y === "number" && typeof z === "number"
        ? OPS["+"].forward(x, OPS["*"].forward(y, z))
        : SUM_OF_PRODUCT(x, y, z, n, into(operands[0], i)));
      for (const k of new Set([b, c])) release(k, j);
      release(operands[0], i);
      return;
    }
    const op = OPS[node.op];
    const args = operands.map(value);
    if (args.every((a) => typeof a === "number")) {
      const xs = /** @type {number[]} */ (args);
      data.push(op.undefined !== null && op.undefined(...xs) ? NaN : op.forward(...xs));
    } else {
      data.push(op.each(...args, n, into(operands[0], i)));   // the op's loop, generated
    }
    for (const k of new Set(operands)) release(k, i);
  });
  FREE.set(n, free.slice(0, 64));           // for the next frame's call: no garbage to collect
  return data;
}

/** @type {Map<number, Float64Array[]>} arrays of n numbers that no result holds, by n */
const FREE = new Map();

/** @type {WeakMap<Program, {in: number[], of: number[]}>} */
const PRODUCT_TERMS = new WeakMap();

/**
 * The products a sum alone reads, as its second operand (how a neuron adds w * x to its sum):
 * `in[j]` the sum that reads product j, `of[i]` the product sum i reads (-1 for none). Found
 * once per program. @param {Program} program
 */
function productTerms(program) {
  let found = PRODUCT_TERMS.get(program);
  if (!found) {
    const uses = program.nodes.map(() => 0);
    program.nodes.forEach((node) => node.operands.forEach((j) => { uses[j] += 1; }));
    const terms = { in: uses.map(() => -1), of: uses.map(() => -1) };
    program.nodes.forEach((node, i) => {
      const j = node.op === "+" ? node.operands[1] : -1;
      if (j >= 0 && uses[j] === 1 && program.nodes[j].op === "*" && node.operands[0] !== j) {
        terms.in[j] = i;
        terms.of[i] = j;
      }
    });
    PRODUCT_TERMS.set(program, terms);
    found = terms;
  }
  return found;
}

/** @type {WeakMap<Program, number[]>} */
const LAST_USES = new WeakMap();

/** Each node's last user (its own index if none), found once per program. @param {Program} program */
function lastUses(program) {
  let found = LAST_USES.get(program);
  if (!found) {
    const last = program.nodes.map((_, i) => i);
    program.nodes.forEach((node, i) => node.operands.forEach((j) => { last[j] = i; }));
    LAST_USES.set(program, last);
    found = last;
  }
  return found;
}
