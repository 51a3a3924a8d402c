// An MLP the learner reshapes on the page, built from what Python declares (nn/browser/traced.py's
// mlp_parts): each neuron's graph joined from the traced pieces of Neuron._forward (z = b,
// z = z + w * x per input, then its activation), its starting weights by the traced rule of
// MLP's init drawn from Python's own random.random() (random.js), its names and its file's
// keys filled from Python's templates. So the network trains, draws and saves as the MLP that
// Python builds with the same sizes and seed (tests/live/test_model_graph.py).
import { append } from "./compose.js";
import { forwardEach } from "./engine.js";
import { PythonRandom } from "./random.js";

/**
 * @typedef {import("./compose.js").Node} Node
 * @typedef {import("./compose.js").Traced} Traced
 * @typedef {{term: Traced, first: Traced, activations: Record<string, Traced>,
 *            init: Traced & {draw: string}, bias: number, labels: Record<string, string>,
 *            keys: Record<string, string>}} Parts
 * @typedef {{weights: number[][], biases: number[] | null, activation: string}} Layer
 *   a layer's weights and biases as places in the parameter vector
 */

/**
 * A template ("n{layer}{index}") filled in.
 * @param {string} text @param {Record<string, string | number>} values
 */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

/**
 * Each layer's weight and bias places in the parameter vector (Python's order: per layer, per
 * neuron, its weights then its bias) and its activation.
 * @param {number[]} sizes inputs, then each layer's size
 * @param {string[]} activations one per layer
 * @param {boolean} bias
 * @returns {Layer[]}
 */
export function layers(sizes, activations, bias) {
  /** @type {Layer[]} */
  const found = [];
  let at = 0;
  for (let c = 1; c < sizes.length; c++) {
    /** @type {number[][]} */
    const weights = [];
    /** @type {number[] | null} */
    const biases = bias ? [] : null;
    for (let j = 0; j < sizes[c]; j++) {
      weights.push([...Array(sizes[c - 1]).keys()].map((i) => at + i));
      at += sizes[c - 1];
      if (biases) biases.push(at++);
    }
    found.push({ weights, biases, activation: activations[c - 1] });
  }
  return found;
}

/**
 * The MLP's program: its parameters and inputs as leaves, then each neuron of each layer as
 * Neuron._forward makes it; `neurons`: per layer, where each neuron's output is.
 * @param {Parts} parts @param {Layer[]} layout @param {number} nin @param {number[]} params
 */
export function mlpProgram(parts, layout, nin, params) {
  /** @type {Node[]} */
  const nodes = params.map((x) => ({ kind: "leaf", op: "", operands: [], data: x }));
  /** @type {number[]} */
  let a = [];
  for (let k = 0; k < nin; k++) {
    nodes.push({ kind: "leaf", op: "", operands: [], data: 0 });
    a.push(nodes.length - 1);
  }
  const inputs = [...a];
  /** @param {Traced} piece @param {Record<string, number>} leaves */
  const join = (piece, leaves) => {
    const bound = new Map(Object.entries(leaves).map(([name, at]) => [piece[name][0], at]));
    return append(nodes, piece, bound)[piece.roots[0]];
  };
  /** @type {number[][]} */
  const neurons = [];
  for (const layer of layout) {
    a = layer.weights.map((row, j) => {
      let z = layer.biases ? layer.biases[j] : join(parts.first, { w: row[0], x: a[0] });
      row.slice(layer.biases ? 0 : 1).forEach((w, i) => {
        z = join(parts.term, { z, w, x: a[layer.biases ? i : i + 1] });
      });
      const act = parts.activations[layer.activation];
      return act ? join(act, { z }) : z;
    });
    neurons.push(a);
  }
  return { nodes, params: params.map((_, p) => p), inputs, roots: a, neurons };
}

/**
 * MLP(sizes[0], sizes.slice(1), seed=seed)'s starting weights, in model.parameters() order:
 * each weight by the declared rule from the next draw, each bias the declared start.
 * @param {Parts} parts @param {number[]} sizes @param {number} seed @param {boolean} bias
 */
export function initialWeights(parts, sizes, seed, bias) {
  const random = new PythonRandom(seed);
  const { init } = parts;
  if (init.draw !== "random") throw new Error(`a page draws no ${init.draw} weights`);
  /** @param {number} u @param {number} nin @param {number} nout */
  const weight = (u, nin, nout) => {
    /** @type {Record<number, number>} */
    const columns = {};
    [["u", u], ["nin", nin], ["nout", nout]].forEach(([name, value]) => {
      if (init[name][0] >= 0) columns[init[name][0]] = Number(value);
    });
    return Number(forwardEach(init, columns, 1)[init.roots[0]]);
  };
  /** @type {number[]} */
  const params = [];
  for (let c = 1; c < sizes.length; c++) {
    for (let j = 0; j < sizes[c]; j++) {
      for (let i = 0; i < sizes[c - 1]; i++) {
        params.push(weight(random.random(), sizes[c - 1], sizes[c]));
      }
      if (bias) params.push(parts.bias);
    }
  }
  return params;
}

/**
 * The names an MLP of this layout gives its parameters and neurons, and its file's keys
 * (nn/modules.py's LABELS and KEY templates).
 * @param {Parts} parts @param {Layer[]} layout @param {number} nin
 */
export function names(parts, layout, nin) {
  const { labels, keys } = parts;
  /** @param {number} c @param {number} j @param {string} which */
  const key = (c, j, which) => fill(keys.model, { index: c, name: fill(keys.layer,
    { index: j, name: keys[which] }) });
  return {
    paramNames: layout.flatMap((layer, c) => layer.weights.flatMap((row, j) => [
      ...row.map((_, i) => fill(labels.weight, { layer: c + 1, at: `${j},`, input: i })),
      ...(layer.biases ? [fill(labels.bias, { layer: c + 1, index: `[${j}]` })] : [])])),
    neuronNames: [[...Array(nin).keys()].map((i) => fill(labels.input, { input: i })),
      ...layout.map((layer, c) => layer.weights.map((_, j) =>
        fill(labels.neuron, { layer: c + 1, index: `[${j}]` })))],
    keys: layout.flatMap((layer, c) => layer.weights.flatMap((row, j) => [
      /** @type {[string, number]} */ ([key(c, j, "weight"), row.length]),
      ...(layer.biases ? [/** @type {[string, number]} */ ([key(c, j, "bias"), 1])] : [])])),
  };
}
