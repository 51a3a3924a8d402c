// Numbers as the pictures write them.

// Python's f"{x:.4g}", as the picture writes numbers.
/** @param {number} x */
export function format(x) {
  return formatTo(x, 4);
}

// Python's f"{x:.<digits>g}".
/** @param {number} x @param {number} digits */
export function formatTo(x, digits) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
  const e = Number(exponent);
  if (e < -4 || e >= digits) {
    return `${trim(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return trim(x.toFixed(digits - 1 - e));
}

// "1.500" -> "1.5", "2.000" -> "2", "1000" stays: zeros after a decimal point go.
/** @param {string} text */
function trim(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

// Any value as a message quotes it (a string in quotes, a list in brackets), cut to 40
// characters: what a page refuses is shown, never a page of it.
/** @param {unknown} x */
export function quoted(x) {
  const text = typeof x === "string" ? JSON.stringify(x) : Array.isArray(x)
    ? `[${String(x)}]` : String(x);
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}
