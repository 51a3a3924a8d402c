// A twin of autograd/exercises/verdicts.py: how a typed answer is judged against the engine's
// number ("right", "rounded" or "wrong"), held to it by the tests on the same answers.

export const RELATIVE = 1e-9;
export const NEAR_ZERO = 1e-12;
export const MIN_DIGITS = 3;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number typed, or null. @param {unknown} text @returns {number | null} */
export function parse(text) {
  if (typeof text === "number") return Number.isFinite(text) ? text : null;
  if (typeof text !== "string") return null;
  const cleaned = text.trim().replace(/\u2212/g, "-");
  return NUMBER.test(cleaned) ? Number(cleaned) : null;
}

/** How many significant digits were typed (a number: all of them). @param {unknown} text */
export function significantDigits(text) {
  if (typeof text !== "string") return 17;
  const mantissa = text.trim().replace(/\u2212/g, "-").split(/[eE]/)[0].replace(/^[+-]+/, "");
  return Math.max(mantissa.replace(".", "").replace(/^0+/, "").length, 1);
}

/** @param {unknown} text @param {number} truth @returns {"right" | "rounded" | "wrong"} */
export function verdict(text, truth) {
  const answer = parse(text);
  if (answer === null || !Number.isFinite(truth)) return "wrong";
  if (Math.abs(answer - truth) <= RELATIVE * Math.abs(truth)) return "right";
  if (Math.abs(truth) <= NEAR_ZERO && Math.abs(answer) <= NEAR_ZERO) return "right";
  const digits = significantDigits(text);
  if (digits < MIN_DIGITS || answer === 0) return "wrong";
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(answer))) - digits + 1);
  const slack = 1e-9 * unit;
  const rounded = Math.abs(answer - truth) <= unit / 2 + slack;
  const cut = answer * truth > 0 && Math.abs(answer) - slack <= Math.abs(truth) &&
    Math.abs(truth) < Math.abs(answer) + unit + slack;
  return rounded || cut ? "rounded" : "wrong";
}

/** Right or rounded. @param {unknown} text @param {number} value */
export function agrees(text, value) {
  return verdict(text, value) !== "wrong";
}
