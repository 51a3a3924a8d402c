// The JavaScript twins of nn.optim's SGD and Adam (nn/optim.py), number for number: each
// `update` is that file's vector rule written out per parameter, in the same order of
// operations, so a page's steps land where fit's do. An optimizer's `settings` say what it is
// (what Python's code for it names); its state (momentum buffers, Adam's moments and step
// count) is what `snapshot` copies and `restore` puts back.

/**
 * @typedef {{kind: string, lr: number, momentum?: number, weightDecay?: number,
 *            beta1?: number, beta2?: number, eps?: number}} Settings
 */

/** @param {Settings} settings @param {number} size the number of parameters */
export function optimizer(settings, size) {
  return settings.kind === "adam" ? new Adam(settings, size) : new SGD(settings);
}

class SGD {
  /** @param {Settings} settings */
  constructor({ lr, momentum = 0, weightDecay = 0 }) {
    Object.assign(this, { lr, momentum, weightDecay, buffers: null });
  }

  /** @returns {Settings} */
  settings() {
    return { kind: "sgd", lr: this.lr, momentum: this.momentum, weightDecay: this.weightDecay };
  }

  snapshot() {
    return { buffers: this.buffers && Array.from(this.buffers) };
  }

  restore(s) {
    this.buffers = s.buffers ? Array.from(s.buffers) : null;
  }

  update(data, grads) {
    let g = this.weightDecay ? grads.map((x, i) => x + this.weightDecay * data[i]) : grads;
    if (this.momentum) {
      this.buffers = this.buffers === null ? g
        : this.buffers.map((b, i) => this.momentum * b + g[i]);
      g = this.buffers;
    }
    return data.map((x, i) => x - this.lr * g[i]);
  }
}

class Adam {
  /** @param {Settings} settings @param {number} size */
  constructor({ lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 }, size) {
    Object.assign(this, { lr, beta1, beta2, eps, weightDecay, t: 0 });
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** @returns {Settings} */
  settings() {
    return { kind: "adam", lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps,
             weightDecay: this.weightDecay };
  }

  snapshot() {
    return { t: this.t, m: Float64Array.from(this.m), v: Float64Array.from(this.v) };
  }

  restore(s) {
    Object.assign(this, { t: s.t, m: Float64Array.from(s.m), v: Float64Array.from(s.v) });
  }

  update(data, grads) {
    this.t += 1;
    const fix1 = 1.0 - this.beta1 ** this.t;
    const fix2 = 1.0 - this.beta2 ** this.t;
    const g = this.weightDecay ? grads.map((x, i) => x + this.weightDecay * data[i]) : grads;
    this.m = this.m.map((m, i) => this.beta1 * m + (1.0 - this.beta1) * g[i]);
    this.v = this.v.map((v, i) => this.beta2 * v + (1.0 - this.beta2) * g[i] * g[i]);
    return data.map((x, i) =>
      x - this.lr * (this.m[i] / fix1) / (Math.sqrt(this.v[i] / fix2) + this.eps));
  }
}
