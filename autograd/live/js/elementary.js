// A twin: autograd/elementary.py's float branches in JavaScript, the functions the op table's
// generated rules call, with their conventions: IEEE results (inf, nan) where Python's math
// would raise (tests/live/test_javascript.py holds every op to Python's at edge points). The
// rules themselves are not here: they are generated from autograd/ops.py and call these.

export const exp = Math.exp;
export const log = Math.log;          // -Infinity at 0, NaN below, as elementary.log
export const sqrt = Math.sqrt;        // NaN below 0
export const tanh = Math.tanh;
export const sin = Math.sin;          // NaN at +-Infinity
export const cos = Math.cos;

// 1 / (1 + e^-x), never forming e^(+|x|): no overflow for any x.
/** @param {number} x */
export function sigmoid(x) {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const z = Math.exp(x);
  return z / (1 + z);
}

// max(x, 0), keeping NaN.
/** @param {number} x */
export function relu(x) {
  return x <= 0 ? 0 : x;
}

// The larger of a and b; NaN if either is.
/** @param {number} a @param {number} b */
export function maximum(a, b) {
  return a >= b || a !== a ? a : b;
}

// a ** b as Python's math.pow has it where JavaScript's Math.pow differs: 1 ** anything
// and (-1) ** +-Infinity are 1.
/** @param {number} a @param {number} b */
export function power(a, b) {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}

// Whether x is not a whole number (Infinity and NaN are not).
/** @param {number} x */
export function not_integer(x) {
  return !Number.isInteger(x);
}
