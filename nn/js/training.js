// Training in the page as fit's scalar engine trains (nn/browser_training.py says how): for
// each batch, one sample's loss graph (a template) copied per sample into one program, the
// losses joined in order (and divided by the batch size for a mean), one backward, the
// optimizer's step; the rows shuffled at each epoch's start as Python's random.shuffle does,
// from where the last epoch left them (nn/loop.py: the run's cursor).
//
// A step that would leave the finite numbers (a loss, a gradient or a new parameter that is
// inf or nan) is not taken, as fit does (nn/engines.py): everything stays as it was, and
// `step` throws a Refused saying which number it was.
import { run } from "./engine.js";
import { optimizer } from "./optimizers.js";
import { PythonRandom } from "./random.js";

export class Refused extends Error {
  /** @param {string} what @param {number} value */
  constructor(what, value) {
    super(`the ${what} became ${value}`);
    Object.assign(this, { what, value });
  }
}

export class Trainer {
  constructor(spec) {
    this.spec = spec;
    this.params = Float64Array.from(spec.params);
    this.optimizer = optimizer(spec.optimizer, this.params.length);
    this.random = new PythonRandom(spec.seed);
    this.order = spec.X.map((_, i) => i);
    this.start = spec.X.length;            // where in the epoch the next batch starts
    this.steps = 0;
    this.grads = null;                     // the last step's gradients
  }

  // A new optimizer from its settings, its state fresh: as Python's code makes a new object.
  setOptimizer(settings) {
    this.optimizer = optimizer(settings, this.params.length);
  }

  // Rows added to the data join the epoch under way, at the end of its order; before the
  // first step there is none, and the first epoch will hold them all (as a fit call given
  // every row from the start has it).
  addRow() {
    this.order.push(this.order.length);
    if (this.steps === 0) this.start = this.order.length;
  }

  // Whether the last step ended an epoch (its order used up).
  epochEnded() {
    return this.start >= this.order.length;
  }

  // Everything the next steps depend on: the parameters, the optimizer (its settings and its
  // state), the shuffle's generator and where the epoch is; restore() goes back to it.
  snapshot() {
    return { params: Float64Array.from(this.params),
             optimizer: { settings: this.optimizer.settings(), state: this.optimizer.snapshot() },
             random: this.random.getState(), order: [...this.order], start: this.start,
             steps: this.steps, grads: this.grads };
  }

  restore(s) {
    this.params = Float64Array.from(s.params);
    this.setOptimizer(s.optimizer.settings);
    this.optimizer.restore(s.optimizer.state);
    this.random.setState(s.random);
    Object.assign(this, { order: [...s.order], start: s.start, steps: s.steps, grads: s.grads });
  }

  // One step on the next batch (an epoch's rows in order, reshuffled at each epoch's start),
  // or, where a number would not be finite, none: a Refused is thrown and nothing changes.
  step() {
    const before = this.snapshot();
    if (this.start >= this.order.length) {
      if (this.spec.shuffle) this.random.shuffle(this.order);
      this.start = 0;
    }
    const batch = this.order.slice(this.start, this.start + this.spec.batchSize);
    try {
      this.take(batch);
    } catch (error) {
      this.restore(before);
      throw error;
    }
    this.start += this.spec.batchSize;
    this.steps += 1;
  }

  // The batch's program, its gradients checked, the optimizer's update checked.
  take(batch) {
    const program = this.batchProgram(batch);
    const result = run(program);
    if (result.error) throw new Error(result.error.message);
    let sum = 0;
    for (const i of program.losses) sum += result.data[i];
    if (!Number.isFinite(sum)) throw new Refused("loss", sum);
    const grads = Array.from(this.params, (_, p) => result.grad[p]);
    const bad = grads.find((g) => !Number.isFinite(g));
    if (bad !== undefined) throw new Refused("gradient", bad);
    const params = this.optimizer.update(Array.from(this.params), grads);
    const wrong = params.find((x) => !Number.isFinite(x));
    if (wrong !== undefined) throw new Refused("new value of a parameter", wrong);
    this.params = Float64Array.from(params);
    this.grads = grads;
  }

  // The parameters as leaves (first, as Python made them before any sample), then each
  // sample's copy of its template, then l0 + l1 + ... (and / n). `losses`: each sample's.
  batchProgram(batch) {
    const nodes = Array.from(this.params, (x, p) => ({ kind: "leaf", op: "", operands: [],
                                                         data: x, name: `p${p}` }));
    const losses = batch.map((row) => this.addSample(nodes, row));
    let total = losses[0];
    for (const loss of losses.slice(1)) {
      nodes.push({ kind: "op", op: "+", operands: [total, loss] });
      total = nodes.length - 1;
    }
    if (this.spec.reduction === "mean" && losses.length > 1) {
      nodes.push({ kind: "constant", op: "", operands: [], data: losses.length });
      nodes.push({ kind: "op", op: "/", operands: [total, nodes.length - 1] });
    }
    return { nodes, losses };
  }

  // Row `row`'s copy of its template at the end of `nodes`; returns its loss's index.
  addSample(nodes, row) {
    const target = this.spec.targets[row];
    const template = this.spec.templates[Array.isArray(target) ? "all" : String(target)];
    const where = new Map(template.params.map((i, p) => [i, p]));
    const values = new Map(template.inputs.map((i, k) => [i, this.spec.X[row][k]]));
    if (Array.isArray(target)) template.targets.forEach((i, j) => values.set(i, target[j]));
    const offset = nodes.length;
    let made = 0;
    const index = template.nodes.map((node, i) => {
      if (where.has(i)) return where.get(i);
      made += 1;
      return offset + made - 1;
    });
    template.nodes.forEach((node, i) => {
      if (where.has(i)) return;
      nodes.push({ ...node, operands: node.operands.map((j) => index[j]),
                   data: values.has(i) ? values.get(i) : node.data });
    });
    return index[template.nodes.length - 1];
  }
}
