// The model over many points at once: its program (traced in Python, nn/browser/traced.py) run by the
// op table's engine over arrays, for the rows the page measures, the plane's grid and the
// neurons' maps; and which class an output means, by nn/training/classes.py's rule.
import { larger, side } from "./decision.js";
import { forwardEach } from "./engine.js";

/**
 * @typedef {import("./compose.js").Traced & {params: number[], inputs: number[],
 *           neurons?: number[][] | null}} Model
 *   a model's program: its parameters and inputs as leaves, its outputs (`roots`), and for a
 *   network of neurons in layers where each neuron's output is
 */

/**
 * The values at every point (each point a row of inputs) of the model's outputs, and of the
 * nodes in `more`, with the parameters `params`: per node, a number (the same at every point)
 * or a Float64Array of one per point (null for a node not asked for).
 * @param {Model} model @param {ArrayLike<number>} params @param {number[][]} points
 * @param {number[]} [more]
 */
export function over(model, params, points, more = []) {
  /** @type {Record<number, number | Float64Array>} */
  const columns = {};
  model.params.forEach((i, p) => { if (i >= 0) columns[i] = params[p]; });
  model.inputs.forEach((i, k) => {
    if (i >= 0) columns[i] = Float64Array.from(points, (x) => x[k]);
  });
  return forwardEach(model, columns, points.length, [...model.roots, ...more]);
}

/**
 * Node i's value at point k of what `over` gave.
 * @param {(number | Float64Array | null)[]} values @param {number} i @param {number} k
 */
export function at(values, i, k) {
  const v = values[i];
  if (v === null) throw new Error(`node ${i} was not asked for`);
  return typeof v === "number" ? v : v[k];
}

/**
 * The model's outputs at each point: per point, one number per output.
 * @param {Model} model @param {ArrayLike<number>} params @param {number[][]} points
 */
export function outputs(model, params, points) {
  const values = over(model, params, points);
  return points.map((_, k) => model.roots.map((i) => at(values, i, k)));
}

/**
 * Which class a row's outputs mean, by nn/training/classes.py's rule (generated into decision.js): the
 * first largest of several outputs; for one, 1 where it reaches the threshold midway between
 * the labels, else the lower label.
 * @param {number[]} scores @param {number} threshold @param {number} low
 */
export function decide(scores, threshold, low) {
  if (scores.length === 1) return side(scores[0], threshold, low);
  let [best, index] = [scores[0], 0];
  for (let j = 1; j < scores.length; j++) [best, index] = larger(best, index, scores[j], j);
  return index;
}

/**
 * A row's class label: its class index, or its one target.
 * @param {number | number[]} target
 */
export function label(target) {
  return Array.isArray(target) ? target[0] : target;
}
