// Every route from a leaf to the loss (the root), and what each carries: the chain rule says a
// leaf's gradient is the sum, over its routes, of the product of the local derivatives along
// each. Through one edge u -> v of the graph pass all the routes that use it, carrying together
// (du/dleaf) * (dv/du) * (dL/dv): the leaf's tangent (forward mode) times the local derivative
// times the gradient. The edges out of the leaf carry all its routes once, so what they carry
// sums to its gradient; so does what any set of edges cut across the routes carries.
import { OPS } from "./ops.js";

/**
 * @typedef {import("./engine.js").Node} Node
 * @typedef {{on: Uint8Array, carried: (j: number, i: number) => number, routes: number,
 *            listed: {nodes: number[], product: number}[]}} Routes
 *   the nodes on a route; what edge j -> i carries; how many routes; each route's nodes and
 *   product where they are few (LISTED or fewer)
 */

export const LISTED = 12;

/**
 * @param {Node[]} nodes @param {number} leaf @param {ArrayLike<number>} data
 * @param {ArrayLike<number>} grad @returns {Routes}
 */
export function routes(nodes, leaf, data, grad) {
  const n = nodes.length;
  const on = new Uint8Array(n);
  const tangent = new Float64Array(n);
  const count = new Float64Array(n);          // routes from the leaf to each node
  on[leaf] = 1;
  tangent[leaf] = 1;
  count[leaf] = 1;
  for (let i = leaf + 1; i < n; i++) {
    const operands = nodes[i].operands;
    for (let k = 0; k < operands.length; k++) {
      const j = operands[k];
      if (!on[j]) continue;
      on[i] = 1;
      tangent[i] += local(nodes, data, i, k) * tangent[j];
      count[i] += count[j];
    }
  }
  const carried = (/** @type {number} */ j, /** @type {number} */ i) => {
    let sum = 0;
    nodes[i].operands.forEach((o, k) => {
      if (o === j && on[j]) sum += tangent[j] * local(nodes, data, i, k) * grad[i];
    });
    return sum;
  };
  const total = count[n - 1];
  return { on, carried, routes: total, listed: total <= LISTED ? list(nodes, data, leaf, on) : [] };
}

/**
 * The local derivative of node i with respect to its k-th operand, by the op table.
 * @param {Node[]} nodes @param {ArrayLike<number>} data @param {number} i @param {number} k
 */
export function local(nodes, data, i, k) {
  const node = nodes[i];
  const args = node.operands.map((j) => data[j]);
  return OPS[node.op].derivatives[k](...args, data[i]);
}

/**
 * Each route from the leaf to the root, with its product of local derivatives.
 * @param {Node[]} nodes @param {ArrayLike<number>} data @param {number} leaf
 * @param {Uint8Array} on
 */
function list(nodes, data, leaf, on) {
  const root = nodes.length - 1;
  /** @type {number[][]} */
  const next = nodes.map(() => []);
  nodes.forEach((node, i) => node.operands.forEach((j, k) => {
    if (on[j] && on[i]) next[j].push(i, k);
  }));
  /** @type {{nodes: number[], product: number}[]} */
  const found = [];
  /** @param {number} at @param {number[]} path @param {number} product */
  const walk = (at, path, product) => {
    if (at === root) {
      found.push({ nodes: path, product });
      return;
    }
    for (let m = 0; m < next[at].length; m += 2) {
      const i = next[at][m];
      walk(i, [...path, i], product * local(nodes, data, i, next[at][m + 1]));
    }
  };
  walk(leaf, [leaf], 1);
  return found;
}
