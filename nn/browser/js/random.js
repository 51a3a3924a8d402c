// A twin (a port of CPython's random module, not of this project): Python's
// random.Random(seed).random() and .shuffle, in JavaScript: the same Mersenne Twister (MT19937,
// seeded from an int as CPython seeds it, by init_by_array) and the same Fisher-Yates walk
// with CPython's _randbelow, so a page shuffles its samples into the order fit does. Held to
// Python on a million draws (tests/live/test_browser_training.py).

const N = 624;
const M = 397;

export class PythonRandom {
  /** @param {number} seed a whole number (its absolute value seeds, as CPython's) */
  constructor(seed) {
    this.state = new Uint32Array(N);
    this.index = N;
    this.seedFromInt(seed);
  }

  /** @param {number} s */
  initGenrand(s) {
    const mt = this.state;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
  }

  // CPython's seed for an int: its absolute value as 32-bit words, least significant first.
  /** @param {number} seed */
  seedFromInt(seed) {
    let n = BigInt(Math.abs(seed));
    const key = [];
    do {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    } while (n > 0n);
    this.initByArray(key);
  }

  /** @param {number[]} key */
  initByArray(key) {
    const mt = this.state;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i += 1;
      j += 1;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i += 1;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
  }

  nextUint32() {
    const mt = this.state;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  // The generator's state, to come back to (random.getstate / setstate).
  /** @returns {{state: Uint32Array, index: number}} */
  getState() {
    return { state: Uint32Array.from(this.state), index: this.index };
  }

  /** @param {{state: Uint32Array, index: number}} saved */
  setState({ state, index }) {
    this.state = Uint32Array.from(state);
    this.index = index;
  }

  // random.random(): 53 random bits, as CPython makes them from two 32-bit outputs.
  random() {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  // getrandbits(k) for 0 < k <= 32.
  /** @param {number} k */
  bits(k) {
    return this.nextUint32() >>> (32 - k);
  }

  // CPython's _randbelow_with_getrandbits(n).
  /** @param {number} n */
  below(n) {
    const k = n.toString(2).length;
    let r = this.bits(k);
    while (r >= n) r = this.bits(k);
    return r;
  }

  // random.shuffle(x), in place.
  /** @param {unknown[]} x */
  shuffle(x) {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [x[i], x[j]] = [x[j], x[i]];
    }
  }
}
