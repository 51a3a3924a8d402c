// The JavaScript twins of nn.optim's SGD and Adam (nn/optim.py), number for number: each
// `update` is that file's vector rule written out per parameter, in the same order of
// operations, so a page's steps land where fit's do.

export function optimizer(settings, size) {
  return settings.kind === "adam" ? new Adam(settings, size) : new SGD(settings);
}

class SGD {
  constructor({ lr, momentum = 0, weightDecay = 0 }) {
    Object.assign(this, { lr, momentum, weightDecay, buffers: null });
  }

  snapshot() {
    return { lr: this.lr, buffers: this.buffers && Array.from(this.buffers) };
  }

  restore(s) {                 // (a snapshot of Adam's, from before a change: no momentum)
    this.lr = s.lr;
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
  constructor({ lr, beta1, beta2, eps, weightDecay = 0 }, size) {
    Object.assign(this, { lr, beta1, beta2, eps, weightDecay, t: 0 });
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  snapshot() {
    return { lr: this.lr, t: this.t, m: Float64Array.from(this.m), v: Float64Array.from(this.v) };
  }

  restore(s) {                 // (a snapshot of SGD's, from before a change: Adam starts anew)
    const size = this.m.length;
    Object.assign(this, { lr: s.lr, t: s.t || 0, m: Float64Array.from(s.m || new Array(size).fill(0)),
                          v: Float64Array.from(s.v || new Array(size).fill(0)) });
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
