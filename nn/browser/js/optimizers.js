// An optimizer as Python declares it (nn/training/optim.py): its `rule`, traced into a program over one
// parameter (nn/browser/traced.py's rule_program), run here over every parameter at once by the op
// table's engine, as Python runs the same rule over NumPy vectors. Nothing of any optimizer's
// arithmetic is written here: a new optimizer in Python trains on the page as it is.
import { forwardEach } from "./engine.js";

/**
 * @typedef {{nodes: any[], inputs: Record<string, number>, roots: number[]}} Rule
 * @typedef {{rule: Rule, settings: string[], state: string[], call: string,
 *            defaults: Record<string, number>, label: string, nn: boolean}} Declared
 *   an optimizer's declaration: its rule, the names of its settings and of its state, how
 *   Python code makes one, its settings when only lr is given, its class's name and whether
 *   nn has it (else it is the learner's own)
 * @typedef {{kind: string, lr: number, [setting: string]: number | string}} Settings
 *   which optimizer ("sgd", "adam", ...) and its settings, by Python's names
 * @typedef {{t: number, state: Float64Array[]}} State
 */

export class Optimizer {
  /**
   * @param {Record<string, Declared>} declared every optimizer the page has, by kind
   * @param {{kind: string, [setting: string]: number | string}} settings this one's (the
   *   rest its defaults)
   * @param {number} size the number of parameters
   */
  constructor(declared, settings, size) {
    this.declared = declared[settings.kind];
    this.kind = settings.kind;
    /** @type {Record<string, number>} */
    this.values = {};
    for (const name of this.declared.settings) {
      const given = settings[name];
      this.values[name] = typeof given === "number" ? given : this.declared.defaults[name];
    }
    this.t = 0;
    /** @type {Float64Array[]} its state's vectors, by `declared.state` */
    this.state = this.declared.state.map(() => new Float64Array(size));
  }

  get lr() {
    return this.values.lr;
  }

  set lr(value) {
    this.values.lr = value;
  }

  /** @returns {Settings} */
  settings() {
    return /** @type {Settings} */ ({ ...this.values, kind: this.kind });
  }

  /** @returns {State} */
  snapshot() {
    return { t: this.t, state: this.state.map((s) => Float64Array.from(s)) };
  }

  /** @param {State} s */
  restore(s) {
    this.t = s.t;
    this.state = s.state.map((x) => Float64Array.from(x));
  }

  /**
   * The parameters' new values by the rule, the state moved on by one step.
   * @param {ArrayLike<number>} data @param {ArrayLike<number>} grads
   */
  update(data, grads) {
    this.t += 1;
    const n = data.length;
    const { rule, state: names } = this.declared;
    /** @type {Record<number, number | Float64Array>} */
    const columns = {};
    /** @param {string} name @param {number | Float64Array} value */
    const give = (name, value) => { if (rule.inputs[name] >= 0) columns[rule.inputs[name]] = value; };
    give("p", Float64Array.from(data));
    give("g", Float64Array.from(grads));
    give("t", this.t);
    names.forEach((name, k) => give(name, this.state[k]));
    Object.entries(this.values).forEach(([name, value]) => give(name, value));
    const values = forwardEach(rule, columns, n);
    /** @param {number} i @returns {Float64Array} */
    const vector = (i) => {
      const v = values[i];
      return typeof v === "number" ? new Float64Array(n).fill(v) : Float64Array.from(v ?? []);
    };
    this.state = names.map((_, k) => vector(rule.roots[k + 1]));
    return vector(rule.roots[0]);
  }
}
