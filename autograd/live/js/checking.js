// A twin of autograd/exercises/checking.py: each answer's verdict, the wrong rules a wrong
// number matches, whether a wrong gradient follows from the learner's own upstream answers,
// and the first wrong step in backward order. Held to it by the tests on the same answers.
import { judgeRule } from "./formulas.js";
import { agrees, parse, verdict } from "./verdicts.js";

export const GRADIENTS = ["passes", "total", "leaf"];

/**
 * @typedef {{id: string, kind: string, node: string, prompt: string, answer: any,
 *            mistakes: Record<string, any[]>, hints: string[], why: string,
 *            at: number | null, terms?: [string | null, number, number][],
 *            users?: Record<string, string[]>, [more: string]: any}} Question
 * @typedef {{verdict: string, mistakes: string[], hint: string, why: string,
 *            consistent: boolean}} Result
 * @typedef {Record<string, unknown>} Answers question id -> what was typed
 */

/**
 * @param {Question} question @param {unknown} text @param {Answers} answers
 * @param {Record<string, string>} hints each mistake's hint
 * @returns {Result}
 */
export function judge(question, text, answers, hints) {
  const kind = question.kind;
  /** @type {{verdict: string, mistakes: string[]}} */
  let result;
  let told = "";                 // for a rule: where it parts from the differences
  if (kind === "order") {
    result = order(question, text);
  } else if (kind === "rule") {
    const judged = judgeRule(/** @type {any} */ (question), text);
    told = judged.said;
    result = { verdict: judged.verdict, mistakes: judged.mistakes };
  } else if (kind === "sign" || kind === "bughunt") {
    const said = word(text);
    const right = said === question.answer;
    result = { verdict: right ? "right" : "wrong",
               mistakes: right ? [] : Object.entries(question.mistakes)
                 .filter(([, values]) => values.includes(said)).map(([m]) => m) };
  } else {
    result = { verdict: verdict(text, question.answer), mistakes: [] };
    if (result.verdict === "wrong") {
      result.mistakes = Object.entries(question.mistakes)
        .filter(([, values]) => values.some((v) => typeof v === "number" &&
                                            Number.isFinite(v) && agrees(text, v)))
        .map(([m]) => m);
    }
  }
  const consistent = result.verdict === "wrong" && GRADIENTS.includes(kind) &&
    follows(question, text, answers);
  if (consistent) result.mistakes = [];          // the step itself was done right
  const hint = consistent ? "Right for the upstream gradient you gave: the mistake is earlier."
    : [...(told ? [told] : []), ...result.mistakes.map((m) => hints[m])].join(" ");
  return { ...result, hint, consistent, why: result.verdict !== "wrong" ? question.why : "" };
}

/** @param {Question} question @param {unknown} text @param {Answers} answers */
function follows(question, text, answers) {
  let total = 0;
  let own = false;
  for (const [user, local, upstream] of question.terms ?? []) {
    const given = user === null ? null : parse(answers[user]);
    if (given !== null) own = true;
    total += local * (given === null ? upstream : given);
  }
  return own && agrees(text, total);
}

/** @param {unknown} text */
function word(text) {
  const said = text === null || text === undefined ? "" : String(text).trim().toLowerCase();
  return /** @type {Record<string, string>} */ ({ "+": "up", "-": "down", increase: "up",
                                                 decrease: "down" })[said] ?? said;
}

/** @param {Question} question @param {unknown} text */
function order(question, text) {
  const names = (Array.isArray(text) ? text : String(text ?? "").split(","))
    .map((n) => String(n).trim()).filter(Boolean);
  const right = /** @type {string[]} */ (question.answer);
  const same = (/** @type {string[]} */ a, /** @type {string[]} */ b) =>
    a.length === b.length && a.every((x, k) => x === b[k]);
  const sorted = (/** @type {string[]} */ a) => [...a].sort();
  if (same(names, right)) return { verdict: "right", mistakes: [] };
  const users = question.users ?? {};
  const valid = same(sorted(names), sorted(right)) &&
    names.every((n, k) => (users[n] ?? []).every((u) => names.indexOf(u) < k));
  if (valid) return { verdict: "right", mistakes: [] };
  if (same(names, [...right].reverse())) {    // the order made: every node before its users too
    return { verdict: "wrong", mistakes: ["forward-order", "consumer-after"] };
  }
  return { verdict: "wrong",
           mistakes: same(sorted(names), sorted(right)) ? ["consumer-after"] : [] };
}

/**
 * Every answer given judged, and the first wrong step.
 * @param {Question[]} questions @param {Answers} answers @param {Record<string, string>} hints
 */
export function check(questions, answers, hints) {
  /** @type {Record<string, Result>} */
  const results = {};
  for (const q of questions) {
    if (Object.hasOwn(answers, q.id)) results[q.id] = judge(q, answers[q.id], answers, hints);
  }
  return { results, firstWrong: firstWrong(questions, results) };
}

/** @param {Question[]} questions @param {Record<string, Result>} results */
export function firstWrong(questions, results) {
  const steps = questions.filter((q) => GRADIENTS.includes(q.kind) && results[q.id])
    .sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  const found = steps.find((q) => results[q.id].verdict === "wrong" && !results[q.id].consistent);
  return found ? { id: found.id, node: found.node } : null;
}
