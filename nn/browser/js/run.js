// The run a playground trains, in one place: its settings and data (`spec`), the trainer, the
// History of its epochs, a timeline of snapshots (one per epoch) to go back to, and the log of
// everything that changed the numbers (steps taken, settings, points, weights typed in), which
// code.js writes as the Python that trains the same model to the same weights.
//
// It follows fit (nn/training/loop.py) exactly: an epoch ends when its order of rows is used up, and
// then the model is measured; a step that would leave the finite numbers is not taken; a
// measured loss that is not finite, or a weight past 1e100, ends the run's stretch there (the
// call of fit that took it would end there too). Every change is checked before anything
// changes (settings.js), and made while viewing an earlier epoch it trains on from there.
import { forward } from "./engine.js";
import { at, decide, label, over } from "./model.js";
import { Refused, StepJob, Trainer } from "./trainer.js";

export const EXPLODED = 1e100;            // nn/training/loop.py's EXPLODED

/**
 * @typedef {import("./spec.js").Spec} Spec
 * @typedef {import("./spec.js").Target} Target
 * @typedef {{loss: number[], accuracy: number[], testLoss: (number | null)[],
 *            testAccuracy: (number | null)[], steps: number}} History what each epoch measured
 * @typedef {{kind: "steps", count: number, epochs: number, fromStart: boolean, toEnd: boolean,
 *            closed?: boolean}} Steps a stretch of steps (closed: fit's call ended there)
 * @typedef {{kind: "set", name: string, value: any}} Setting a setting changed
 * @typedef {{kind: "point", x: number, y: number, label: number}} Point a point added
 * @typedef {{kind: "param", index: number, value: number}} Param a weight typed in
 * @typedef {Steps | Setting | Point | Param} Entry what changed the numbers, in order
 * @typedef {Pick<Spec, "batchSize" | "batchAll" | "shuffle" | "lossName" | "templates" |
 *            "sampleGraphs" | "optimizer">} Settings the spec's settings, as a run changes them
 * @typedef {{trainer: import("./trainer.js").Snapshot, settings: Settings, rows: number,
 *            log: number, last: Entry | undefined, epochs: number, steps: number}} Snapshot
 * @typedef {{refused?: Refused, stopped?: string, pending?: boolean}} Result how a step went
 */

export class Run {
  /** @param {Spec} spec the page's state: the run is the one thing that changes it */
  constructor(spec) {
    this.spec = spec;
    /** @type {StepJob | null} the step under way, while it spans frames */
    this.job = null;
    this.trainer = new Trainer(spec);
    /** @type {History} */
    this.history = { loss: [], accuracy: [], testLoss: [], testAccuracy: [], steps: 0 };
    this.rows = { X: spec.X, targets: spec.targets };
    /** @type {Entry[]} */
    this.log = [];
    this.start = { params: spec.params, X: spec.X, targets: spec.targets,
                   settings: this.settings() };
    /** @type {Snapshot[]} */
    this.timeline = [];
    /** @type {number | null} the epoch seek went to, until something changes */
    this.viewing = null;
    /** @type {Snapshot | null} the run as it was before that seek */
    this.live = null;
    // What reset goes back to: the weights and rows the page began with, or the last new set
    // of points, or the reshaped network's starting weights.
    this.given = { params: [...spec.params], X: spec.X.map((r) => [...r]),
                   targets: spec.targets.map(copy), dataName: spec.dataName ?? "" };
    this.begin();
  }

  // Begin again from these new parts (a set of points, a network), which reset then goes
  // back to.
  /** @param {Partial<Spec>} changes */
  replace(changes) {
    this.begin(changes);
    const spec = this.spec;
    if ("params" in changes) this.given.params = [...spec.params];
    if ("X" in changes) {
      Object.assign(this.given, { X: spec.X.map((r) => [...r]), targets: spec.targets.map(copy),
                                  dataName: spec.dataName ?? "" });
    }
  }

  // Begin again from the given weights and rows.
  reset() {
    const g = this.given;
    this.begin({ params: [...g.params], X: g.X.map((r) => [...r]), targets: g.targets.map(copy) });
  }

  // A run from the spec as it is now, with `changes` made to it first (new weights, data, a
  // network, a loss): no steps, no epochs, an empty log.
  /** @param {Partial<Spec>} [changes] */
  begin(changes = {}) {
    if (this.job) this.cancel();
    const spec = Object.assign(this.spec, changes);
    if ("model" in changes || "lossName" in changes) spec.templates = changes.templates;
    if (spec.batchAll) spec.batchSize = spec.X.length;
    this.trainer = new Trainer(spec);
    this.history = { loss: [], accuracy: [], testLoss: [], testAccuracy: [], steps: 0 };
    this.rows = { X: spec.X.map((r) => [...r]), targets: spec.targets.map(copy) };
    this.log = [];
    this.start = { params: [...spec.params], X: this.rows.X.map((r) => [...r]),
                   targets: this.rows.targets.map(copy), settings: this.settings() };
    this.timeline = [this.snapshot()];
    this.viewing = null;
    this.live = null;
  }

  /** @returns {Settings} */
  settings() {
    const s = this.spec;
    return { batchSize: s.batchSize, batchAll: s.batchAll, shuffle: s.shuffle,
             lossName: s.lossName, templates: s.templates, sampleGraphs: s.sampleGraphs,
             optimizer: this.trainer.optimizer.settings() };
  }

  /** @returns {Snapshot} */
  snapshot() {
    const last = this.log[this.log.length - 1];
    return { trainer: this.trainer.snapshot(), settings: this.settings(),
             rows: this.spec.X.length, log: this.log.length, last: last && { ...last },
             epochs: this.history.loss.length, steps: this.history.steps };
  }

  /** @param {Snapshot} s */
  restore(s) {
    Object.assign(this.spec, s.settings);
    this.spec.optimizer = s.settings.optimizer;
    this.spec.X = this.rows.X.slice(0, s.rows);
    this.spec.targets = this.rows.targets.slice(0, s.rows);
    this.trainer.restore(s.trainer);
  }

  // --- going back, and on ------------------------------------------------------------------

  // Show the run as it was after `epoch` epochs (0: the start); null: as it is now.
  /** @param {number | null} epoch */
  seek(epoch) {
    this.cancel();
    if (epoch === null) {
      if (this.live) this.restore(this.live);
      this.viewing = this.live = null;
      return;
    }
    if (this.viewing === null) this.live = this.snapshot();
    this.restore(this.timeline[epoch]);
    this.viewing = epoch;
  }

  // Train on from the epoch seek went to: what came after it is dropped.
  fork() {
    if (this.viewing === null) return;
    this.cancel();
    const s = this.timeline[this.viewing];
    this.timeline = this.timeline.slice(0, this.viewing + 1);
    const h = this.history;
    Object.assign(h, { loss: h.loss.slice(0, s.epochs), accuracy: h.accuracy.slice(0, s.epochs),
                       testLoss: h.testLoss.slice(0, s.epochs),
                       testAccuracy: h.testAccuracy.slice(0, s.epochs) });
    this.history.steps = s.steps;
    this.rows.X.length = this.rows.targets.length = s.rows;
    this.log.length = s.log;
    if (s.last) this.log[this.log.length - 1] = { ...s.last };
    this.viewing = this.live = null;
  }

  // --- the changes a learner makes, each logged ---------------------------------------------

  // `n` steps, or fewer where the run stops: a step refused (its Refused is returned), a
  // measured loss that is not finite, or weights past EXPLODED (then `stopped` says why).
  /** @param {number} n @returns {Result} */
  step(n) {
    for (let k = 0; k < n; k++) {
      const result = this.advance(Infinity);
      if (result.refused || result.stopped) return result;
    }
    return {};
  }

  // Work on the step under way (one is begun if none is) for about `budget` nodes:
  // {pending: true} if it goes on, else {} or what stopped the run, as step's.
  /** @param {number} budget @returns {Result} */
  advance(budget) {
    this.fork();
    if (!this.job) this.job = new StepJob(this.trainer);
    const fromStart = this.job.before.start >= this.job.before.order.length;
    let done;
    try {
      done = this.job.advance(budget);
    } catch (error) {
      this.job = null;
      if (error instanceof Refused) return { refused: error };
      throw error;
    }
    if (!done) return { pending: true };
    this.job = null;
    this.history.steps += 1;
    this.logStep(fromStart);
    if (this.trainer.epochEnded()) {
      const stopped = this.endOfEpoch();
      const last = this.log[this.log.length - 1];
      if (stopped) {
        if (last.kind === "steps") last.closed = true;   // fit's call ends here too
        return { stopped };
      }
    }
    return {};
  }

  // Drop the step under way (nothing of it was taken): before any other change.
  cancel() {
    if (this.job) this.job.cancel();
    this.job = null;
  }

  /** @param {boolean} fromStart */
  logStep(fromStart) {
    const last = this.log[this.log.length - 1];
    const ended = this.trainer.epochEnded();
    if (last && last.kind === "steps" && !last.closed) {
      Object.assign(last, { count: last.count + 1, epochs: last.epochs + Number(ended),
                            toEnd: ended });
    } else {
      this.log.push({ kind: "steps", count: 1, epochs: Number(ended), fromStart, toEnd: ended });
    }
  }

  // The model measured with the weights the epoch left; a reason to stop, or null.
  endOfEpoch() {
    const [loss, accuracy] = this.measure(this.spec.X, this.spec.targets);
    if (loss === null || accuracy === null || !Number.isFinite(loss)) {
      return `the loss measured after epoch ${this.history.loss.length + 1} became ${loss}`;
    }
    const [testLoss, testAccuracy] = this.measure(this.spec.testX, this.spec.testTargets);
    const h = this.history;
    h.loss.push(loss);
    h.accuracy.push(accuracy);
    h.testLoss.push(testLoss);
    h.testAccuracy.push(testAccuracy);
    this.timeline.push(this.snapshot());
    const largest = Math.max(...Array.from(this.trainer.params, Math.abs));
    return largest > EXPLODED ? `a weight grew past 1e+100 (to ${largest.toExponential(2)})`
      : null;
  }

  // The loss (mean, or sum with reduction "sum") and accuracy of rows X with targets, now, as
  // fit measures them: every row's outputs at once, as arrays, then each row's loss from its
  // outputs by the loss's own graph (nn/browser/spec.py's loss_programs).
  /**
   * @param {number[][]} X @param {Target[]} targets
   * @returns {[number, number] | [null, null]}
   */
  measure(X, targets) {
    if (!X.length) return [null, null];
    const spec = this.spec;
    const values = over(spec.model, this.trainer.params, X);
    const programs = spec.lossPrograms[spec.lossName];
    let total = 0;
    let right = 0;
    X.forEach((_, row) => {
      const out = spec.model.roots.map((i) => at(values, i, row));
      const target = targets[row];
      const program = programs[Array.isArray(target) ? "all" : String(target)];
      /** @type {Record<number, number>} */
      const leaves = {};
      program.outputs.forEach((/** @type {number} */ i, /** @type {number} */ k) => {
        if (i >= 0) leaves[i] = out[k];
      });
      if (Array.isArray(target)) {
        program.targets.forEach((/** @type {number} */ i, /** @type {number} */ j) => {
          if (i >= 0) leaves[i] = target[j];
        });
      }
      const { data } = forward(program, leaves);
      total += data ? data[program.roots[0]] : NaN;
      if (decide(out, spec.threshold, spec.lowLabel) === label(target)) right += 1;
    });
    return [spec.reduction === "sum" ? total : total / X.length, right / X.length];
  }

  // A setting (checked by settings.js), from the next step on.
  /** @param {string} name @param {any} value */
  set(name, value) {
    this.cancel();
    this.fork();
    const spec = this.spec;
    const trainer = this.trainer;
    const lr = trainer.optimizer.lr;
    if (name === "lr") trainer.optimizer.lr = value;
    else if (name === "batch_size") {
      spec.batchAll = value === null;
      spec.batchSize = value === null ? spec.X.length : value;
    } else if (name === "shuffle") spec.shuffle = value;
    else if (name === "optimizer") trainer.setOptimizer({ kind: value, lr });
    else if (name === "momentum") trainer.setOptimizer({ kind: "sgd", lr, momentum: value }); else if (name === "loss") Object.assign(spec, value);        // {lossName, templates, ...}
    else throw new Error(`${name} is not a setting of the run`);
    spec.optimizer = trainer.optimizer.settings();
    this.log.push({ kind: "set", name, value: name === "loss" ? value.lossName : value });
  }

  /** @param {number} x @param {number} y @param {number} cls */
  addPoint(x, y, cls) {
    this.cancel();
    this.fork();
    const target = this.spec.lossName === "cross_entropy" ? cls : [cls];
    this.rows.X.push([x, y]);
    this.rows.targets.push(target);
    this.spec.X = this.rows.X.slice();
    this.spec.targets = this.rows.targets.slice();
    if (this.spec.batchAll) this.spec.batchSize = this.spec.X.length;
    this.trainer.addRow();
    this.log.push({ kind: "point", x, y, label: cls });
    return this.spec.X.length;
  }

  /** @param {number} i @param {number} x */
  setParam(i, x) {
    this.cancel();
    this.fork();
    this.trainer.params[i] = x;
    this.log.push({ kind: "param", index: i, value: x });
  }

  // The log up to what is shown now (an earlier epoch's, while viewing it).
  shownLog() {
    if (this.viewing === null) return this.log;
    const s = this.timeline[this.viewing];
    const log = this.log.slice(0, s.log);
    if (s.last) log[log.length - 1] = { ...s.last };
    return log;
  }
}

/** @param {Target} target @returns {Target} */
function copy(target) {
  return Array.isArray(target) ? [...target] : target;
}
