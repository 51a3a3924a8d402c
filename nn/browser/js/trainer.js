// Training in the page as fit's scalar engine trains (nn/browser/spec.py says how): for
// each batch, one sample's loss graph (a template) copied per sample into one program, the
// losses joined in order (and divided by the batch size for a mean), one backward, the
// optimizer's step; the rows shuffled at each epoch's start as Python's random.shuffle does,
// from where the last epoch left them (nn/training/loop.py: the run's cursor).
//
// A step is a job of one unit per sample (StepJob): each sample's copy of the template is run
// forward, then backward from the last sample to the first, every parameter's gradient summed
// in one array carried from sample to sample, in exactly the order one program of the whole
// batch would sum it. So a large batch can be spread over several frames (`advance` with a
// budget) with the very numbers of one program.
//
// A step that would leave the finite numbers (a loss, a gradient or a new parameter that is
// inf or nan) is not taken, as fit does (nn/training/engines.py): everything stays as it was, and
// `step` throws a Refused saying which number it was.
import { OPS, backwardTyped, forwardTyped } from "./ops.js";
import { typed } from "./typed.js";
import { templates } from "./compose.js";
import { Optimizer } from "./optimizers.js";
import { PythonRandom } from "./random.js";

export class Refused extends Error {
  /** @param {string} what @param {number} value */
  constructor(what, value) {
    super(`the ${what} became ${value}`);
    Object.assign(this, { what, value });
  }
}

/**
 * @typedef {import("./spec.js").Spec} Spec
 * @typedef {import("./spec.js").Settings} Settings
 * @typedef {import("./engine.js").Node} Node
 * @typedef {{params: Float64Array, optimizer: {settings: Settings,
 *            state: import("./optimizers.js").State}, random: {state: Uint32Array,
 *            index: number}, order: number[], start: number, steps: number,
 *            grads: number[] | null, moved: number[] | null}} Snapshot
 */

export class Trainer {
  /** @param {Spec} spec the page's state: the trainer reads its data and settings */
  constructor(spec) {
    this.spec = spec;
    this.params = Float64Array.from(spec.params);
    this.optimizer = new Optimizer(spec.optimizers, spec.optimizer, this.params.length);
    this.random = new PythonRandom(spec.seed);
    this.order = spec.X.map((_, i) => i);
    this.start = spec.X.length;            // where in the epoch the next batch starts
    this.steps = 0;
    /** @type {number[] | null} the last step's gradients */
    this.grads = null;
    /** @type {number[] | null} what the last step added to each parameter */
    this.moved = null;
  }

  // A new optimizer from its settings, its state fresh: as Python's code makes a new object.
  /** @param {{kind: string, [setting: string]: number | string}} settings */
  setOptimizer(settings) {
    this.optimizer = new Optimizer(this.spec.optimizers, settings, this.params.length);
  }

  // Rows added to the data join the epoch under way, at the end of its order; before the
  // first step there is none, and the first epoch will hold them all (as a fit call given
  // every row from the start has it).
  addRow() {
    this.order.push(this.order.length);
    if (this.steps === 0) this.start = this.order.length;
  }

  // The nodes of the largest template: one sample's program, less the parameters.
  templateNodes() {
    return Math.max(...Object.values(this.templates()).map((t) => t.nodes.length));
  }

  // One sample's loss graph, by class or "all" (joined when the spec changed the model or loss).
  templates() {
    const spec = this.spec;
    spec.templates ??= templates(spec.model, spec.lossPrograms[spec.lossName]);
    return spec.templates;
  }

  // Whether the last step ended an epoch (its order used up).
  epochEnded() {
    return this.start >= this.order.length;
  }

  // Everything the next steps depend on: the parameters, the optimizer (its settings and its
  // state), the shuffle's generator and where the epoch is; restore() goes back to it.
  /** @returns {Snapshot} */
  snapshot() {
    return { params: Float64Array.from(this.params),
             optimizer: { settings: this.optimizer.settings(), state: this.optimizer.snapshot() },
             random: this.random.getState(), order: [...this.order], start: this.start,
             steps: this.steps, grads: this.grads, moved: this.moved };
  }

  /** @param {Snapshot} s */
  restore(s) {
    this.params = Float64Array.from(s.params);
    this.setOptimizer(s.optimizer.settings);
    this.optimizer.restore(s.optimizer.state);
    this.random.setState(s.random);
    Object.assign(this, { order: [...s.order], start: s.start, steps: s.steps, grads: s.grads,
                         moved: s.moved });
  }

  // Row `row`'s sample: its template's key, the template as typed arrays (made once) and its
  // data before the forward pass: the parameters now, the row's inputs and its targets.
  /** @param {number} row @returns {{key: string, typed: TypedTemplate, data: Float64Array}} */
  sample(row) {
    const spec = this.spec;
    const target = spec.targets[row];
    const key = Array.isArray(target) ? "all" : String(target);
    const t = typedTemplate(this.templates()[key]);
    const data = Float64Array.from(t.start);
    const { paramAt, inputAt, targetAt } = t;
    const params = this.params;
    for (let p = 0; p < paramAt.length; p++) if (paramAt[p] >= 0) data[paramAt[p]] = params[p];
    const x = spec.X[row];
    for (let k = 0; k < inputAt.length; k++) if (inputAt[k] >= 0) data[inputAt[k]] = x[k];
    if (Array.isArray(target)) {
      for (let j = 0; j < targetAt.length; j++) {
        if (targetAt[j] >= 0) data[targetAt[j]] = target[j];
      }
    }
    return { key, typed: t, data };
  }

  // One step on the next batch, at once; or, where a number would not be finite, none: a
  // Refused is thrown and nothing changes.
  step() {
    new StepJob(this).advance(Infinity);
  }
}

// One step of a Trainer as work that can be done a piece at a time: `advance(budget)` runs
// samples until about `budget` nodes have been worked through and says whether the step is
// over (taken, or refused: a Refused, or a domain error, is thrown). Until it is over nothing
// of the trainer has changed but where its epoch is, which `cancel` puts back.
export class StepJob {
  /** @param {Trainer} trainer */
  constructor(trainer) {
    this.trainer = trainer;
    // What the job changes before the step is taken: where the epoch is, and at an epoch's
    // start the order and the shuffle's generator (kept then only: a copy of them costs).
    /** @type {{start: number, order: number[], random: Snapshot["random"] | null}} */
    this.before = { start: trainer.start, order: trainer.order, random: null };
    if (trainer.start >= trainer.order.length) {
      this.before.random = trainer.random.getState();
      trainer.order = [...trainer.order];
      if (trainer.spec.shuffle) trainer.random.shuffle(trainer.order);
      trainer.start = 0;
    }
    this.batch = trainer.order.slice(trainer.start, trainer.start + trainer.spec.batchSize);
    /** @type {({typed: TypedTemplate, data: Float64Array, loss: number} | null)[]}
     *  each sample's template, as typed arrays, its data and its loss's node (null once its
     *  backward is done) */
    this.runs = [];
    /** @type {(number | null)[]} each parameter's gradient summed so far */
    this.pending = new Array(trainer.params.length).fill(null);
    this.next = 0;                       // the sample to run forward (then back, from the last)
    this.seed = trainer.spec.reduction === "mean" && this.batch.length > 1
      ? 1 / this.batch.length : 1;       // what reaches each loss from their mean (or sum)
  }

  // The nodes one sample takes: the measure of work a budget counts.
  get nodesPerSample() {
    return this.trainer.templateNodes();
  }

  /** @param {number} budget @returns {boolean} whether the step is over */
  advance(budget) {
    let spent = 0;
    const n = this.batch.length;
    while (spent < budget && this.next < 2 * n) {
      if (this.next < n) this.runForward(this.batch[this.next]);
      else this.runBackward(2 * n - 1 - this.next);
      this.next += 1;
      spent += this.nodesPerSample;
      if (this.next === n) this.checkLosses();
    }
    if (this.next < 2 * n) return false;
    this.finish();
    return true;
  }

  cancel() {
    const t = this.trainer;
    t.start = this.before.start;
    t.order = this.before.order;
    if (this.before.random) t.random.setState(this.before.random);
  }

  // Sample `row` forward: its template (typed arrays, made once) with the parameters now,
  // the row's inputs and its targets.
  /** @param {number} row */
  runForward(row) {
    const { typed: t, data } = this.trainer.sample(row);
    const bad = forwardTyped(t.code, t.first, t.second, data, 0);
    if (bad >= 0) {
      this.cancel();
      const op = OPS[t.ops[bad]];
      throw new Error(op.why(...(op.arity === 1 ? [data[t.first[bad]]]
        : [data[t.first[bad]], data[t.second[bad]]])));
    }
    this.runs.push({ typed: t, data, loss: data.length - 1 });
  }

  checkLosses() {
    let sum = 0;
    for (const r of this.runs) sum += r ? r.data[r.loss] : 0;
    if (!Number.isFinite(sum)) this.refuse("loss", sum);
  }

  // Sample k's backward, its parameters' sums going on from the samples after it: each
  // parameter's node starts with what the later samples gave it, as in Python's graph of the
  // whole batch, where backward reaches the newest sample first.
  /** @param {number} k */
  runBackward(k) {
    const run = this.runs[k];
    if (!run) throw new Error(`sample ${k}'s backward is done already`);
    const { typed: t, data, loss } = run;
    const pending = new Float64Array(data.length);
    const received = new Uint8Array(data.length);
    const { paramAt } = t;
    const sums = this.pending;
    for (let p = 0; p < paramAt.length; p++) {
      const i = paramAt[p];
      const sum = sums[p];
      if (i >= 0 && sum !== null) { pending[i] = sum; received[i] = 1; }
    }
    pending[loss] = this.seed;
    received[loss] = 1;
    backwardTyped(t.code, t.first, t.second, t.constant, data, pending, received, 0);
    for (let p = 0; p < paramAt.length; p++) {
      const i = paramAt[p];
      if (i >= 0 && received[i]) sums[p] = pending[i];
    }
    this.runs[k] = null;                  // done with: its memory can go
  }

  finish() {
    const t = this.trainer;
    const grads = this.pending.map((g) => (g === null ? 0 : 0 + g));
    const bad = grads.find((g) => !Number.isFinite(g));
    if (bad !== undefined) this.refuse("gradient", bad);
    const state = t.optimizer.snapshot();
    const params = t.optimizer.update(t.params, grads);
    const wrong = params.find((x) => !Number.isFinite(x));
    if (wrong !== undefined) {
      t.optimizer.restore(state);
      this.refuse("new value of a parameter", wrong);
    }
    t.moved = Array.from(params, (x, i) => x - t.params[i]);
    t.params = Float64Array.from(params);
    t.grads = grads;
    t.start += t.spec.batchSize;
    t.steps += 1;
  }

  /** @param {string} what @param {number} value @returns {never} */
  refuse(what, value) {
    this.cancel();
    throw new Refused(what, value);
  }
}

/**
 * @typedef {import("./typed.js").Typed & {paramAt: Int32Array, inputAt: Int32Array,
 *            targetAt: Int32Array}} TypedTemplate
 *   a template as typed arrays, with where each parameter, input and target is (-1: unused)
 */

/** @type {WeakMap<import("./compose.js").Template, TypedTemplate>} */
const typedTemplates = new WeakMap();

/** A template as typed arrays, made once. @param {import("./compose.js").Template} template */
function typedTemplate(template) {
  let t = typedTemplates.get(template);
  if (!t) {
    t = { ...typed({ nodes: template.nodes }), paramAt: Int32Array.from(template.params),
          inputAt: Int32Array.from(template.inputs),
          targetAt: Int32Array.from(template.targets) };
    typedTemplates.set(template, t);
  }
  return t;
}
