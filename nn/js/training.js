// Training in the page as fit's scalar engine trains (nn/browser_training.py says how): for
// each batch, one sample's loss graph (a template) copied per sample into one program, the
// losses joined in order (and divided by the batch size for a mean), one backward, the
// optimizer's step; the samples shuffled every epoch as Python's random.shuffle does.
import { run } from "./engine.js";
import { optimizer } from "./optimizers.js";
import { PythonRandom } from "./random.js";

export class Trainer {
  constructor(spec) {
    this.spec = spec;
    this.params = Float64Array.from(spec.params);
    this.optimizer = optimizer(spec.optimizer, this.params.length);
    this.random = new PythonRandom(spec.seed);
    this.order = spec.X.map((_, i) => i);
    this.start = spec.X.length;            // where in the epoch the next batch starts
    this.steps = 0;
  }

  // The next batch's rows: an epoch's rows in order, reshuffled at each epoch's start.
  nextBatch() {
    if (this.start >= this.order.length) {
      if (this.spec.shuffle) this.random.shuffle(this.order);
      this.start = 0;
    }
    const batch = this.order.slice(this.start, this.start + this.spec.batchSize);
    this.start += this.spec.batchSize;
    return batch;
  }

  // Everything the next steps depend on: the parameters, the optimizer's state, the
  // shuffle's generator and where the epoch is; restore() goes back to it.
  snapshot() {
    return { params: Float64Array.from(this.params), optimizer: this.optimizer.snapshot(),
             random: this.random.getState(), order: [...this.order], start: this.start,
             steps: this.steps };
  }

  restore(s) {
    this.params = Float64Array.from(s.params);
    this.optimizer.restore(s.optimizer);
    this.random.setState(s.random);
    Object.assign(this, { order: [...s.order], start: s.start, steps: s.steps });
  }

  // One step: the batch's program, its gradients, the optimizer's update.
  step() {
    const program = this.batchProgram(this.nextBatch());
    const result = run(program);
    if (result.error) throw new Error(result.error.message);
    const grads = this.params.map((_, p) => result.grad[p]);
    this.grads = grads;                      // the last step's, for the page to show
    this.params = Float64Array.from(this.optimizer.update(Array.from(this.params), grads));
    this.steps += 1;
  }

  // The parameters as leaves (first, as Python made them before any sample), then each
  // sample's copy of its template, then l0 + l1 + ... (and / n).
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
    return { nodes };
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
