// A twin of autograd.groups.Groups.aggregate: what a closed group shows, from every node's
// data and grad, by its rules, held to it by the tests on the same numbers.
//   value, grad        its output's (null where it has several: nodes used outside it)
//   gradNorm           the norm of the gradients of the parameters its nodes use
//   maxAbsGrad(Name)   the largest of them, and whose
//   saturated          how many of its activations have a local derivative under the limit
import { OPS } from "./ops.js";

/**
 * @typedef {{value: number | null, grad: number | null, gradNorm: number, maxAbsGrad: number,
 *            maxAbsGradName: string | null, saturated: number}} Aggregate
 * @typedef {{outputs: number[], params: number[], activations: number[]}} Parts
 */

export class Aggregates {
  /**
   * @param {import("./grouptree.js").Tree} tree
   * @param {{parameter: number[], activations: string[], saturated: number}} rules
   *   the parameters (node indices), the ops that are activations, the saturation limit: all
   *   as Python declares them
   */
  constructor(tree, rules) {
    this.tree = tree;
    this.isParameter = new Uint8Array(tree.nodes.length);
    rules.parameter.forEach((i) => { this.isParameter[i] = 1; });
    this.activations = new Set(rules.activations);
    this.limit = rules.saturated;
    /** @type {Map<number, Parts>} found once per group, when first asked for */
    this.parts = new Map();
    /** @type {number[][] | null} each group's nodes */
    this.members = null;
  }

  /** @param {number} g @returns {Parts} */
  partsOf(g) {
    const found = this.parts.get(g);
    if (found) return found;
    const { tree } = this;
    if (!this.members) {
      this.members = tree.groups.map(() => []);
      tree.home.forEach((home, i) => {
        for (let k = home; k >= 0; k = tree.groups[k].parent) this.members?.[k].push(i);
      });
    }
    const inside = this.members[g];
    const root = tree.nodes.length - 1;
    const outputs = inside.filter((i) => i === root ||
      tree.users.of(i).some((u) => !tree.within(u, g)));
    /** @type {Set<number>} */
    const used = new Set();
    inside.forEach((i) => tree.nodes[i].operands.forEach((j) => used.add(j)));
    const params = [...used].filter((j) => this.isParameter[j]).sort((a, b) => a - b);
    const activations = inside.filter((i) => this.activations.has(tree.nodes[i].op));
    const parts = { outputs, params, activations };
    this.parts.set(g, parts);
    return parts;
  }

  /**
   * @param {number} g @param {ArrayLike<number>} data @param {ArrayLike<number>} grad
   * @returns {Aggregate}
   */
  of(g, data, grad) {
    const { outputs, params, activations } = this.partsOf(g);
    const only = outputs.length === 1 ? outputs[0] : -1;
    let squares = 0;
    let top = -1;
    for (const p of params) {
      const a = Math.abs(grad[p]);
      squares += a * a;
      if (top < 0 || a > Math.abs(grad[top])) top = p;
    }
    return {
      value: only < 0 ? null : data[only],
      grad: only < 0 ? null : grad[only],
      gradNorm: Math.sqrt(squares),
      maxAbsGrad: top < 0 ? 0 : Math.abs(grad[top]),
      maxAbsGradName: top < 0 ? null : this.tree.nodes[top].name ?? null,
      saturated: activations.filter((i) => this.isSaturated(i, data)).length,
    };
  }

  /** Whether activation node i is saturated. @param {number} i @param {ArrayLike<number>} data */
  isSaturated(i, data) {
    const node = this.tree.nodes[i];
    const slope = OPS[node.op].derivatives[0](data[node.operands[0]], data[i]);
    return Math.abs(slope) < this.limit;
  }
}
