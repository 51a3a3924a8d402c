// The model as arrays, as nn/arrays.py reads it: each layer's W x + b through its activation
// (the op table's forward), for one input or for many points at once; and which class an
// output means (nn/classes.py).
import { OPS } from "./ops.js";

/**
 * @typedef {{weights: number[][], biases: number[] | null, activation: string}} Layer
 *   a layer's weights and biases as places in the parameter vector
 */

/**
 * Every layer's outputs for the input x: [x, layer 1's, ..., the model's].
 * @param {Layer[]} layers @param {ArrayLike<number>} params @param {number[]} x
 */
export function activations(layers, params, x) {
  const all = [x];
  for (const layer of layers) {
    const a = all[all.length - 1];
    all.push(layer.weights.map((row, j) => {
      let z = layer.biases === null ? 0 : params[layer.biases[j]];
      row.forEach((p, i) => { z += params[p] * a[i]; });
      return layer.activation === "linear" ? z : OPS[layer.activation].forward(z);
    }));
  }
  return all;
}

/** The model's outputs for x. @param {Layer[]} layers @param {ArrayLike<number>} params */
export function outputs(layers, params, x) {
  const all = activations(layers, params, x);
  return all[all.length - 1];
}

/**
 * Every layer's outputs at many points at once, layer by layer over typed arrays: what the
 * plane and the neurons' maps draw, thousands of points a step, without an array per point.
 * Returns, per column of the network, a Float64Array of points x neurons.
 * @param {Layer[]} layers @param {ArrayLike<number>} params @param {number[][]} points
 */
export function gridActivations(layers, params, points) {
  const n = points.length;
  let a = new Float64Array(n * 2);
  points.forEach(([x, y], k) => { a[2 * k] = x; a[2 * k + 1] = y; });
  const all = [a];
  let width = 2;
  for (const layer of layers) {
    const m = layer.weights.length;
    const out = new Float64Array(n * m);
    const act = layer.activation === "linear" ? null : OPS[layer.activation].forward;
    layer.weights.forEach((row, j) => {
      const b = layer.biases === null ? 0 : params[layer.biases[j]];
      const w = row.map((p) => params[p]);
      for (let k = 0; k < n; k++) {
        let z = b;
        for (let i = 0; i < width; i++) z += w[i] * a[k * width + i];
        out[k * m + j] = act === null ? z : act(z);
      }
    });
    all.push(out);
    a = out;
    width = m;
  }
  return all;
}

/**
 * Which class an output means: the largest of several outputs; for one, the upper label where
 * it reaches the threshold midway between the labels.
 * @param {number[]} scores @param {number[]} labels @param {number} threshold
 */
export function decide(scores, labels, threshold) {
  if (scores.length > 1) return scores.indexOf(Math.max(...scores));
  return scores[0] >= threshold ? labels[labels.length - 1] : labels[0];
}

/** A row's class label: its class index, or its one target. */
export function label(target) {
  return Array.isArray(target) ? target[0] : target;
}
