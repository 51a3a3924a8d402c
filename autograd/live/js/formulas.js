// A twin of autograd/exercises/rules.py: a learner's derivative rule, written as a formula in
// a, b and out, read and worked out at the question's points, and judged against central
// differences of the op there (numbers Python wrote into the page). Held to it by the tests.
import { format, formatTo } from "./numbers.js";

export const RELATIVE = 1e-5;
export const ABSOLUTE = 1e-7;

// NaN wherever Python's math raises (log of 0, exp overflowing): the same numbers both sides.
/** @param {(x: number) => number} f @returns {(x: number) => number} */
const guarded = (f) => (x) => {
  const value = f(x);
  return Number.isFinite(value) || !Number.isFinite(x) ? value : NaN;
};
/** @type {Record<string, (x: number) => number>} */
const FUNCTIONS = {
  exp: guarded(Math.exp), log: guarded(Math.log), sqrt: Math.sqrt, tanh: Math.tanh,
  sigmoid: (x) => { const e = Math.exp(-x); return Number.isFinite(e) ? 1 / (1 + e) : NaN; },
  sin: Math.sin, cos: Math.cos, abs: Math.abs,
};
const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|(\*\*|[-+*/^()]))/y;

export class FormulaError extends Error {}

/** @param {string} text @returns {string[]} */
export function tokens(text) {
  const cleaned = text.replace(/\u2212/g, "-").replace(/·/g, "*").replace(/×/g, "*");
  const found = [];
  let at = 0;
  while (at < cleaned.trimEnd().length) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(cleaned);
    if (!match) throw new FormulaError(`cannot read '${cleaned.slice(at).trim().slice(0, 10)}'`);
    found.push(match[0].trim());
    at = TOKEN.lastIndex;
  }
  return found;
}

/** @param {unknown} text @param {Record<string, number>} names @returns {number} */
export function evaluate(text, names) {
  if (typeof text !== "string") throw new FormulaError("a formula is text");
  const found = tokens(text);
  if (!found.length) throw new FormulaError("the formula is empty");
  let position = 0;
  const peek = () => (position < found.length ? found[position] : null);
  const take = () => {
    const token = peek();
    if (token === null) throw new FormulaError("the formula ends too soon");
    position += 1;
    return token;
  };
  /** @returns {number} */
  const expression = () => {
    let value = term();
    while (peek() === "+" || peek() === "-") value = take() === "+" ? value + term() : value - term();
    return value;
  };
  /** @returns {number} */
  const term = () => {
    let value = unary();
    while (peek() === "*" || peek() === "/") {
      if (take() === "*") {
        value *= unary();
      } else {
        const divisor = unary();
        value = divisor !== 0 ? value / divisor : (value < 0 || Object.is(value, -0) ? -Infinity : Infinity);
      }
    }
    return value;
  };
  /** @returns {number} */
  const unary = () => {
    if (peek() === "-") { take(); return -unary(); }
    if (peek() === "+") { take(); return unary(); }
    return power();
  };
  /** @returns {number} */
  const power = () => {
    const base = primary();
    if (peek() === "^" || peek() === "**") {
      take();
      const value = base ** unary();
      return Number.isFinite(value) || !Number.isFinite(base) ? value : NaN;
    }
    return base;
  };
  /** @returns {number} */
  const primary = () => {
    const token = take();
    if (token === "(") {
      const value = expression();
      if (take() !== ")") throw new FormulaError("a ( is not closed");
      return value;
    }
    if (/^[\d.]/.test(token)) return Number(token);
    if (Object.hasOwn(FUNCTIONS, token)) {
      if (take() !== "(") throw new FormulaError(`${token} needs its argument in parentheses`);
      const argument = expression();
      if (take() !== ")") throw new FormulaError("a ( is not closed");
      return FUNCTIONS[token](argument);
    }
    if (Object.hasOwn(names, token)) return names[token];
    throw new FormulaError(`unknown name '${token}' (use ${Object.keys(names).join(", ")} and ` +
      `the functions ${Object.keys(FUNCTIONS).join(", ")})`);
  };
  const value = expression();
  if (peek() !== null) throw new FormulaError(`unexpected '${peek()}'`);
  return value;
}

/** @param {number} value @param {number} truth */
function close(value, truth) {
  return Number.isFinite(value) && Math.abs(value - truth) <= ABSOLUTE + RELATIVE * Math.abs(truth);
}

/**
 * @param {{names: string[], points: number[][], answer: number[],
 *          mistakes: Record<string, number[]>}} question
 * @param {unknown} text
 * @returns {{verdict: string, mistakes: string[], said: string}}
 */
export function judgeRule(question, text) {
  /** @type {number[]} */
  let values;
  try {
    values = question.points.map((point) => evaluate(text, Object.fromEntries(
      question.names.map((n, k) => [n, point[k]]))));
  } catch (e) {
    if (!(e instanceof FormulaError)) throw e;
    return { verdict: "wrong", mistakes: [], said: `cannot read it: ${e.message}` };
  }
  const truth = question.answer;
  if (values.every((v, k) => close(v, truth[k]))) return { verdict: "right", mistakes: [], said: "" };
  const k = values.findIndex((v, j) => !close(v, truth[j]));
  const where = question.names.map((n, j) => `${n} = ${format(question.points[k][j])}`).join(", ");
  const mistakes = Object.entries(question.mistakes)
    .filter(([, wrong]) => values.every((v, j) => close(v, wrong[j]))).map(([m]) => m);
  return { verdict: "wrong", mistakes,
           said: `At ${where} your rule gives ${formatTo(values[k], 6)}, central differences ` +
             `${formatTo(truth[k], 6)}.` };
}
