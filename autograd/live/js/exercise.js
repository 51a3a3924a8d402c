// An exercise's page (autograd/drawing/exercise.py): the graph with the numbers asked for
// hidden, the questions beside it. Every answer is checked here by checking.js (the twin of
// autograd/exercises/checking.py), against the engine's numbers Python wrote into the page
// and against the learner's own earlier answers; a prediction is then shown beside what the
// graph really does (the generated engine run again with the nudge). Progress is kept in the
// browser under the exercise's key, and inside a notebook's widget each answer reaches Python.
//
// window.exercise, for tests and for people embedding the page:
//   questions()          [{id, kind, node, prompt}]
//   answer(id, text)     {verdict, mistakes, hint, why, consistent, firstWrong}
//   hint(id, level)      the hint of that level (1: the rule, 2: the numbers, 3: the value)
//   results()            {results: {id: result}, firstWrong, hints: {id: highest level asked}}
import { check } from "./checking.js";
import { byId } from "./dom.js";
import { format, quoted } from "./numbers.js";
import { fields, fitWidth } from "./records.js";
import { forwardOnly, typed } from "./typed.js";

/**
 * @typedef {import("./checking.js").Question} Question
 * @typedef {{questions: Question[], key: string, hints: Record<string, string>,
 *            mistakes: Record<string, string>, records: Record<string, number>,
 *            made: Record<string, number>, program: import("./engine.js").Program,
 *            grads: Record<string, number>}} Data
 */

const data = /** @type {Data} */ (JSON.parse(byId("data").textContent ?? "{}"));
const { questions } = data;
const byQuestion = new Map(questions.map((q) => [q.id, q]));
const svg = /** @type {SVGSVGElement} */ (byId("picture").querySelector("svg"));
const store = `seegrad-exercise-${data.key}`;

// The page's state, all of it: the answers given, the highest hint asked per question, the
// question in focus.
const state = {
  /** @type {Record<string, unknown>} */ answers: {},
  /** @type {Record<string, number>} */ hints: {},
  /** @type {string} */ focus: questions[0]?.id ?? "",
};
restore();

function restore() {
  try {
    const kept = JSON.parse(localStorage.getItem(store) ?? "null");
    if (kept && typeof kept === "object") {
      state.answers = kept.answers ?? {};
      state.hints = kept.hints ?? {};
    }
  } catch {
    // a frame without storage (a notebook's sandbox): progress lives as long as the page
  }
}

function keep() {
  try {
    localStorage.setItem(store, JSON.stringify({ answers: state.answers, hints: state.hints }));
  } catch {
    // as above
  }
}

function judged() {
  return check(questions, state.answers, data.hints);
}

// --- the picture: what is hidden, what is in focus ----------------------------------------

const originals = new Map();       // each record's fields as Python drew them

/** @param {string} name */
function record(name) {
  const i = data.records[name];
  if (i === undefined) return { data: undefined, grad: undefined };
  if (!originals.has(name)) {
    const found = fields(svg, i);
    originals.set(name, { found, data: found.data?.textContent, grad: found.grad?.textContent });
  }
  return originals.get(name);
}

function drawPicture() {
  const { results } = judged();
  const solved = (/** @type {Question} */ q) => results[q.id] && results[q.id].verdict !== "wrong";
  const focus = byQuestion.get(state.focus);
  const hunting = focus?.kind === "bughunt" && !solved(focus);
  for (const name of Object.keys(data.records)) {
    const r = record(name);
    if (r.found.data) r.found.data.textContent = r.data;
    if (r.found.grad) r.found.grad.textContent = r.grad;
  }
  for (const q of questions) {
    if (solved(q)) continue;
    const r = record(q.node);
    if (q.kind === "forward" && r.found.data) r.found.data.textContent = "data ?";
    if (!hunting && ["passes", "total", "leaf"].includes(q.kind) && r.found.grad) {
      r.found.grad.textContent = "grad ?";
    }
  }
  if (hunting && focus) {
    const bug = record(focus.bug.node);
    if (bug.found.grad) bug.found.grad.textContent = `grad ${format(focus.bug.shown)}`;
  }
  for (const marked of svg.querySelectorAll(".current")) marked.classList.remove("current");
  if (!focus) return;
  const mark = (/** @type {string} */ id) => svg.querySelector(`[id="${id}"]`)?.classList.add("current");
  if (!hunting) mark(`n${data.records[focus.node]}`);
  if (focus.user !== undefined) {
    mark(`e${data.records[focus.node]}_${data.records[focus.user]}`);
    mark(`n${data.records[focus.user]}_op`);
  }
}

// --- the questions ------------------------------------------------------------------------

const list = byId("questions");

function drawQuestions() {
  const { results, firstWrong } = judged();
  list.replaceChildren(...questions.map((q) => item(q, results[q.id],
                                                    firstWrong?.id === q.id)));
  const answered = Object.keys(results).length;
  const right = Object.values(results).filter((r) => r.verdict !== "wrong").length;
  const summary = byId("summary");
  summary.textContent = `${right} of ${questions.length} right (${answered} answered, ` +
    `${Object.values(state.hints).reduce((s, n) => s + n, 0)} hints). `;
  if (firstWrong) {
    const first = document.createElement("span");
    first.className = "first";
    first.textContent = `The first wrong step of backward: d/d${firstWrong.node} (${firstWrong.id}).`;
    summary.append(first);
  }
}

/** @param {Question} q @param {import("./checking.js").Result | undefined} result
 * @param {boolean} first */
function item(q, result, first) {
  const li = document.createElement("li");
  li.dataset.id = q.id;
  if (q.id === state.focus) li.className = "focus";
  const prompt = document.createElement("p");
  prompt.className = "prompt";
  prompt.textContent = q.prompt;
  const input = document.createElement("input");
  input.value = state.answers[q.id] === undefined ? "" : String(state.answers[q.id]);
  input.setAttribute("aria-label", `answer to ${q.id}`);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") answer(q.id, input.value);
  });
  const checkButton = button("check", () => answer(q.id, input.value));
  const hintButton = button("hint", () => hint(q.id, (state.hints[q.id] ?? 0) + 1));
  li.append(prompt, input, checkButton, hintButton);
  if (result) li.append(...said(q, result, first));
  const level = state.hints[q.id] ?? 0;
  for (let k = 0; k < level; k++) li.append(line("hint", `hint ${k + 1}: ${q.hints[k]}`));
  li.addEventListener("click", () => {
    if (state.focus === q.id) return;
    state.focus = q.id;
    drawQuestions();
    drawPicture();
  });
  return li;
}

/** @param {Question} q @param {import("./checking.js").Result} result @param {boolean} first */
function said(q, result, first) {
  const out = [];
  const words = { right: "right", rounded: "right, up to rounding", wrong: "wrong" };
  const verdict = line(`verdict ${result.verdict}`,
    /** @type {Record<string, string>} */ (words)[result.verdict] +
    (result.mistakes.length ? `: ${result.mistakes.map((m) => `${m} (${data.mistakes[m]})`).join("; ")}` : "") +
    (result.consistent ? " — but it follows from your own upstream answers" : ""));
  out.push(verdict);
  if (first) out.push(line("first", "the first wrong step of your backward pass"));
  if (result.hint) out.push(line("hint", result.hint));
  if (result.why) out.push(line("why", result.why));
  if (q.kind === "predict") out.push(line("why", actual(q)));
  return out;
}

/** What the graph really does when the leaf is nudged: the engine run again. @param {Question} q */
function actual(q) {
  const compiled = typed(data.program);
  const root = data.program.nodes.length - 1;
  const i = data.made[q.node];
  const before = forwardOnly(compiled, {});
  const after = forwardOnly(compiled, { [i]: Number(data.program.nodes[i].data) + q.nudge });
  if (!before || !after) return "";
  return `the graph run again with the nudge: it changes by ${format(after[root] - before[root])}`;
}

/** @param {string} className @param {string} text */
function line(className, text) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}

/** @param {string} text @param {() => void} click */
function button(text, click) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", (event) => {
    event.stopPropagation();
    click();
  });
  return b;
}

// --- what the learner does ------------------------------------------------------------------

/** @param {string} id */
function question(id) {
  const q = byQuestion.get(id);
  if (!q) throw new Error(`${quoted(id)} is not a question of this exercise`);
  return q;
}

/** @param {string} id @param {unknown} text */
function answer(id, text) {
  question(id);
  state.answers[id] = typeof text === "string" ? text.trim() : text;
  state.focus = id;
  keep();
  const { results, firstWrong } = judged();
  drawQuestions();
  drawPicture();
  tell(id, state.answers[id]);
  return { ...results[id], firstWrong };
}

// Inside a notebook's widget (widget.js), what the learner did reaches Python.
/** @param {string} name @param {unknown} value */
function tell(name, value) {
  if (window.parent !== window) window.parent.postMessage({ seegrad: "changed", name, value }, "*");
}

/** @param {string} id @param {unknown} level */
function hint(id, level) {
  const q = question(id);
  if (typeof level !== "number" || !Number.isInteger(level) || level < 1 || level > 3) {
    throw new Error(`hint ${quoted(level)}: the levels are 1, 2 and 3`);
  }
  state.hints[id] = Math.max(state.hints[id] ?? 0, level);
  keep();
  drawQuestions();
  tell("hints", { ...state.hints });
  return q.hints[level - 1];
}

svg.addEventListener("click", (event) => {
  const node = /** @type {Element} */ (event.target).closest("g.node");
  const id = node?.getAttribute("id")?.match(/^n(\d+)$/);
  if (!id) return;
  const name = Object.keys(data.records).find((n) => data.records[n] === Number(id[1]));
  if (!name) return;
  const focus = byQuestion.get(state.focus);
  if (focus?.kind === "bughunt") {
    answer(focus.id, name);
    return;
  }
  const about = questions.find((q) => q.node === name);
  if (about) {
    state.focus = about.id;
    drawQuestions();
    drawPicture();
  }
});

Object.assign(window, {
  exercise: {
    questions: () => questions.map(({ id, kind, node, prompt }) => ({ id, kind, node, prompt })),
    answer, hint,
    results: () => ({ ...judged(), hints: { ...state.hints } }),
  },
});
fitWidth(byId("picture"), svg);
drawQuestions();
drawPicture();
// progress kept in the browser reaches Python too
for (const [name, value] of Object.entries(state.answers)) tell(name, value);
if (Object.keys(state.hints).length) tell("hints", { ...state.hints });
document.body.dataset.ready = "true";
