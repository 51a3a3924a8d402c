// An MLP and its loss as the playground changes them: the JavaScript twin of what nn builds
// (nn/modules.py's MLP and Neuron, nn/losses.py's mse_loss, binary_cross_entropy and
// cross_entropy), node for node in Python's creation order, so that a network the learner
// reshapes on the page still trains with fit's numbers. A test compares every node with the
// program Python makes (tests/live/test_model_graph.py).
import { PythonRandom } from "./random.js";

const LOG_FLOOR = Math.exp(-100);

// MLP(nin, nouts, seed=seed)'s starting weights (init "uniform", biases 0), in
// model.parameters() order: per layer, per neuron, its weights then its bias.
export function initialWeights(sizes, seed, bias = true) {
  const random = new PythonRandom(seed);
  const params = [];
  for (let c = 1; c < sizes.length; c++) {
    for (let j = 0; j < sizes[c]; j++) {
      for (let i = 0; i < sizes[c - 1]; i++) params.push(-1 + 2 * random.random());
      if (bias) params.push(0);
    }
  }
  return params;
}

// Each layer's weight and bias positions in the parameter vector, and its activation
// (`activation`: one name for every hidden layer, or a list of them, one per hidden layer).
export function layers(sizes, activation, outputActivation, bias = true) {
  const found = [];
  let at = 0;
  for (let c = 1; c < sizes.length; c++) {
    const weights = [];
    const biases = bias ? [] : null;
    for (let j = 0; j < sizes[c]; j++) {
      weights.push([...Array(sizes[c - 1]).keys()].map((i) => at + i));
      at += sizes[c - 1];
      if (bias) biases.push(at++);
    }
    const hidden = Array.isArray(activation) ? activation[c - 1] : activation;
    found.push({ weights, biases, activation: c === sizes.length - 1 ? outputActivation : hidden });
  }
  return found;
}

// A graph being built, node by node, in creation order.
class Graph {
  constructor() {
    this.nodes = [];
  }

  leaf(data, kind = "leaf") {
    this.nodes.push({ kind, op: "", operands: [], data });
    return this.nodes.length - 1;
  }

  op(name, ...operands) {
    const ids = operands.map((o) => (typeof o === "object" ? o.constant : o));
    this.nodes.push({ kind: "op", op: name, operands: ids });
    return this.nodes.length - 1;
  }

  // A number operand: its constant node is made just before the op that uses it.
  number(x) {
    return { constant: this.leaf(x, "constant") };
  }

  total(terms) {
    let sum = terms[0];
    for (const t of terms.slice(1)) sum = this.op("+", sum, t);
    return sum;
  }
}

const ACTIVATION_METHODS = { tanh: "tanh", sigmoid: "sigmoid", relu: "relu" };

function forward(g, layout, params, inputs) {
  let a = inputs;
  for (const layer of layout) {
    a = layer.weights.map((row, j) => {
      let z = layer.biases === null ? null : params[layer.biases[j]];
      row.forEach((p, i) => {
        const term = g.op("*", params[p], a[i]);
        z = z === null ? term : g.op("+", z, term);
      });
      return layer.activation === "linear" ? z : g.op(ACTIVATION_METHODS[layer.activation], z);
    });
  }
  return a;
}

function clampedLog(g, p) {
  return g.op("log", g.op("maximum", p, g.number(LOG_FLOOR)));
}

const LOSSES = {
  mse(g, outputs, targets) {
    const terms = outputs.map((p, j) => {
      const difference = g.op("-", p, targets[j]);
      return g.op("**", difference, g.number(2));
    });
    const sum = g.total(terms);
    return g.op("*", g.number(0.5), sum);
  },
  bce(g, outputs, targets) {
    const terms = outputs.map((p, j) => {
      const t = targets[j];
      const first = g.op("*", t, clampedLog(g, p));
      const one = g.number(1);
      const rest = g.op("-", one, t);
      const one2 = g.number(1);
      const notP = g.op("-", one2, p);
      const second = g.op("*", rest, clampedLog(g, notP));
      return g.op("+", first, second);
    });
    const negative = g.op("neg", g.total(terms));
    return g.op("/", negative, g.number(terms.length));
  },
  cross_entropy(g, logits, label) {
    let top = logits[0];
    for (const v of logits.slice(1)) top = g.op("maximum", top, v);
    const exps = logits.map((v) => g.op("exp", g.op("-", v, top)));
    const logSumExp = g.op("+", g.op("log", g.total(exps)), top);
    return g.op("neg", g.op("-", logits[label], logSumExp));
  },
};

// One sample's loss graph, as nn/browser_training.py's templates hold it: the parameters
// (data `params`), the inputs x0 and targets t0 (for cross_entropy, the class `label`), then
// the model and the loss. Only the nodes the loss depends on are kept, as Python's program.
export function template({ layout, params, loss, x0, t0, label }) {
  const g = new Graph();
  const paramIds = params.map((x) => g.leaf(x));
  const inputs = x0.map((x) => g.leaf(x));
  const targets = loss === "cross_entropy" ? [] : t0.map((t) => g.leaf(t));
  const outputs = forward(g, layout, paramIds, inputs);
  const root = loss === "cross_entropy" ? LOSSES.cross_entropy(g, outputs, label)
    : LOSSES[loss](g, outputs, targets);
  return reachable(g.nodes, root, paramIds, inputs, targets);
}

// The nodes root depends on, renumbered in creation order, and where the leaves went.
function reachable(nodes, root, params, inputs, targets) {
  const needed = new Array(nodes.length).fill(false);
  needed[root] = true;
  for (let i = root; i >= 0; i--) {
    if (needed[i]) nodes[i].operands.forEach((j) => { needed[j] = true; });
  }
  const index = [];
  const kept = [];
  nodes.forEach((node, i) => {
    if (!needed[i]) return;
    index[i] = kept.length;
    kept.push({ ...node, operands: node.operands.map((j) => index[j]) });
  });
  const where = (ids) => ids.map((i) => (needed[i] ? index[i] : -1));
  return { nodes: kept, params: where(params), inputs: where(inputs), targets: where(targets) };
}
