// What a playground takes, checked before anything changes: each setting, a point, a weight,
// a row, a set of points, a network's shape. A check returns the value as the run uses it, or
// throws a Refusal whose message names what was wrong (quoting at most 40 characters of it),
// which the page shows and window.playground's caller receives.
import { quoted } from "./numbers.js";

export class Refusal extends Error {}

// What window.playground.step(n) may do at once (n steps of the batch's samples' graphs): a
// script's call holds the page up until it returns, so it is bounded too.
export const MAX_CALL_NODES = 5000000;
export const MAX_STEPS_AT_ONCE = 10000;   // window.playground.step(n): n at most this
export const MAX_HIDDEN = 64;             // units in a hidden layer (the picture of every weight)
export const MAX_POINTS = 2000;           // a new set of points

/** @param {string} what @param {unknown} x */
export function finiteNumber(what, x) {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Refusal(`${what} must be a finite number, got ${quoted(x)}`);
  }
  return x;
}

/**
 * A number typed into a box: decimal notation only ("0x10", "", "1e999" are not).
 * @param {string} what @param {unknown} text
 */
export function typedNumber(what, text) {
  const trimmed = String(text).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw new Refusal(`${what} must be a number, got ${quoted(text)}`);
  }
  return finiteNumber(what, Number(trimmed));
}

/** @param {string} what @param {unknown} x @param {number} low @param {number} high */
export function wholeNumber(what, x, low, high) {
  if (typeof x !== "number" || !Number.isInteger(x) || x < low || x > high) {
    throw new Refusal(`${what} must be a whole number from ${low} to ${high}, got ${quoted(x)}`);
  }
  return x;
}

/**
 * @template T
 * @param {string} what @param {unknown} x @param {T[]} choices @returns {T}
 */
export function oneOf(what, x, choices) {
  if (!choices.includes(/** @type {T} */ (x))) {
    throw new Refusal(`${what} must be one of ${choices.map((c) => quoted(c)).join(", ")}, ` +
                      `got ${quoted(x)}`);
  }
  return /** @type {T} */ (x);
}

/** @param {string} what @param {unknown} x */
export function flag(what, x) {
  if (typeof x !== "boolean") throw new Refusal(`${what} must be true or false, got ${quoted(x)}`);
  return x;
}

/**
 * A setting's value as the run takes it (`known`: the optimizers and losses the page has).
 * @param {string} name @param {unknown} value
 * @param {{optimizers: string[], losses: string[]}} known
 */
export function setting(name, value, known) {
  switch (name) {
    case "lr": {
      const lr = typeof value === "string" ? typedNumber("the learning rate", value)
        : finiteNumber("the learning rate", value);
      if (lr < 0) throw new Refusal(`the learning rate must be 0 or more, got ${quoted(lr)}`);
      return lr;
    }
    case "batch_size":
      return value === null || value === "all" ? null
        : wholeNumber("the batch size", typeof value === "string" ? Number(value) : value, 1,
                      2 ** 53);
    case "optimizer": return oneOf("the optimizer", value, known.optimizers);
    case "momentum": {
      const m = finiteNumber("momentum", value);
      if (m < 0) throw new Refusal(`momentum must be 0 or more, got ${quoted(m)}`);
      return m;
    }
    case "shuffle": return flag("shuffle", value);
    case "playing": return flag("playing", value);
    case "speed": return wholeNumber("steps a frame", Number(value), 1, 1000);
    case "loss": return oneOf("the loss", value, known.losses);
    default:
      throw new Refusal(`${quoted(name)} is not a setting (lr, batch_size, optimizer, ` +
                        "momentum, shuffle, loss, speed, playing)");
  }
}

// "8 relu, 4 tanh" (or [8, 4] and one activation, or a list): the hidden layers' sizes and
// activations, each checked.
/**
 * @param {unknown} sizes @param {unknown} activation @param {string[]} activations
 * @returns {{sizes: number[], activations: string[]}}
 */
export function hiddenLayers(sizes, activation, activations) {
  if (!Array.isArray(sizes) || sizes.length > 8) {
    throw new Refusal(`the hidden layers must be a list of at most 8 sizes, got ${quoted(sizes)}`);
  }
  const each = Array.isArray(activation) ? activation : sizes.map(() => activation);
  if (each.length !== sizes.length) {
    throw new Refusal(`give one activation per hidden layer (${sizes.length}), got ` +
                      `${quoted(activation)}`);
  }
  return {
    sizes: sizes.map((n, c) => wholeNumber(`hidden layer ${c + 1}'s size`,
                                            typeof n === "string" ? Number(n) : n, 1,
                                            MAX_HIDDEN)),
    activations: each.map((a) => oneOf("an activation", a, activations)),
  };
}

// One sample's graph, if the page allows it: at most `limit` nodes (nn/browser/playground.py's
// MAX_SAMPLE_NODES: a step is worked through a sample at a time, a large batch over several
// frames, so a sample's graph is what must fit in about a frame).
/** @param {number} nodes @param {number} limit */
export function sampleSize(nodes, limit) {
  if (nodes > limit) {
    throw new Refusal(`this network's graph of one sample is ${nodes.toLocaleString("en")} ` +
      `nodes; the page takes at most ${limit.toLocaleString("en")}, so that it stays ` +
      "responsive: choose a smaller network");
  }
  return nodes;
}
