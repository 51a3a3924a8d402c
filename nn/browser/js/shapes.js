// What a run begins from when the learner changes what is trained: another network (built
// from what Python declares: mlp.js), another loss's graph, another set of points (the sets
// nn/datasets.py declares, generated into datasets.js). Each returns the spec's new parts;
// the page checks the request first
// (settings.js) and then begins the run again from them.
import { templates } from "./compose.js";
import { SETS } from "./datasets.js";
import { initialWeights, layers, mlpProgram, names } from "./mlp.js";
import { PythonRandom } from "./random.js";
import { Refusal } from "./settings.js";

/** @typedef {import("./spec.js").Spec} Spec @typedef {import("./spec.js").Target} Target */

// Another loss while training goes on: one the page has the graph of (mse and bce, whose
// targets are of one kind); bce needs probabilities, which a sigmoid output gives, as fit says.
/** @param {Spec} spec @param {string} name @returns {Partial<Spec>} */
export function lossChange(spec, name) {
  if (!(name in spec.lossPrograms)) {
    throw new Refusal(`the page changes the loss among ${Object.keys(spec.lossPrograms)
      .join(", ")}, not from ${spec.lossName} to ${name} (its targets are of another kind)`);
  }
  const last = spec.layers && spec.layers[spec.layers.length - 1].activation;
  if (name === "bce" && last !== "sigmoid") {
    throw new Refusal(`loss bce needs probabilities, but the output activation is ${last}`);
  }
  return { lossName: name, templates: templates(spec.model, spec.lossPrograms[name]),
           sampleGraphs: {} };
}

// An MLP of the page's inputs and outputs with these hidden layers, as nn builds it: the
// same starting weights as MLP(..., seed=seed), the same graph, the same names and file keys.
/**
 * @param {Spec} spec @param {number[]} sizes @param {string[]} activations @param {number} seed
 * @returns {Partial<Spec> & {title: string}}
 */
export function reshaped(spec, sizes, activations, seed) {
  const a = spec.file.architecture;
  if (!a || a.class !== "MLP" || !spec.parts) {
    throw new Refusal("only an MLP can be reshaped on the page");
  }
  const all = [a.nin, ...sizes, a.nouts[a.nouts.length - 1]];
  const params = initialWeights(spec.parts, all, seed, a.bias);
  const layout = layers(all, [...activations, a.output_activation], a.bias);
  const model = mlpProgram(spec.parts, layout, a.nin, params);
  const named = new Set(activations).size === 1 ? activations[0] : activations;
  const { keys, ...labels } = names(spec.parts, layout, a.nin);
  return {
    params, layers: layout, model, ...labels,
    templates: templates(model, spec.lossPrograms[spec.lossName]),
    file: { ...spec.file, architecture: { ...a, nouts: all.slice(1), activation: named }, keys },
    sampleGraphs: {},            // laid out by Python: not for a network reshaped here
    title: `MLP(${all.map((n, c) => (c === 0 ? n : `${n} ${layout[c - 1].activation}`))
      .join(" -> ")}, ${params.length} parameters)`,
  };
}

/** @param {number[]} span */
function pad([low, high]) {
  const margin = Math.max(high - low, 1e-9) * 0.25;
  return [low - margin, high + margin];
}

// A new set of points, as nn.datasets.points(name, n, noise, seed) draws them: `share` of
// them kept aside as test rows.
/**
 * @param {Spec} spec @param {string} name
 * @param {{n: number, noise: number, share: number, seed: number}} how
 * @returns {Partial<Spec>}
 */
export function points(spec, name, { n, noise, share, seed }) {
  const labels = spec.labelValues;
  const random = new PythonRandom(seed);
  const drawn = Array.from({ length: n }, () => SETS[name](random, noise));
  /** @param {number} k @returns {Target} */
  const target = (k) => {
    const value = labels[k === 1 ? labels.length - 1 : 0];
    return spec.lossName === "cross_entropy" ? value : [value];
  };
  const cut = Math.round(drawn.length * (1 - share));
  const span = (/** @type {number} */ i) => [Math.min(...drawn.map((p) => p[i])), Math.max(...drawn.map((p) => p[i]))];
  return {
    X: drawn.slice(0, cut).map(([x, y]) => [x, y]),
    targets: drawn.slice(0, cut).map(([, , k]) => target(k)),
    testX: drawn.slice(cut).map(([x, y]) => [x, y]),
    testTargets: drawn.slice(cut).map(([, , k]) => target(k)),
    plane: { xlim: pad(span(0)), ylim: pad(span(1)) },
    dataName: name,
  };
}
