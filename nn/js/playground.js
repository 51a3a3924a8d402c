// The playground page: a network trained live with fit's numbers, its data and decision over
// the plane, the network, the loss and accuracy of every epoch, and one sample's graph (see
// nn/playground.py). The run and its log live in run.js; each view draws from it (plane.js,
// network.js, curves.js, sample.js); this module joins the controls, window.playground and a
// notebook's kernel to the run, checks what they ask (settings.js) and says on the page what
// it refuses, and plays: as many steps a frame as the frame allows.
import { pythonCode } from "./code.js";
import { drawCurves } from "./curves.js";
import { SETS } from "./datasets.js";
import { NetworkView } from "./network.js";
import { format, quoted } from "./numbers.js";
import { drawPlane } from "./plane.js";
import { Run } from "./run.js";
import { SampleView } from "./sample.js";
import { editWeight, wire } from "./controls.js";
import { MAX_CALL_NODES, MAX_POINTS, MAX_STEPS_AT_ONCE, Refusal, finiteNumber, hiddenLayers,
         oneOf, sampleSize, setting, wholeNumber } from "./settings.js";
import { outputs } from "./model.js";
import { lossChange, points, reshaped } from "./shapes.js";

const spec = JSON.parse(document.getElementById("data").textContent);
const colours = JSON.parse(document.getElementById("colours").textContent);
const $ = (id) => document.getElementById(id);
const run = new Run(spec);
// What `reset` goes back to: the weights and data the page began with (or the last new set
// of points, or the reshaped network's starting weights).
const given = { params: [...spec.params], X: spec.X.map((r) => [...r]),
                targets: spec.targets.slice(), dataName: "" };
const plane = /** @type {HTMLCanvasElement} */ ($("plane"));
// What the views and the controls share: the run, and (below) what a change does.
const page = { run, colours, plane, selectNeuron: (name) => selectNeuron(name),
               editWeight: (p, event) => editWeight(page, p, event) };
const network = new NetworkView($("network"), $("card"), page);
const sample = new SampleView($("sample"), $("sample-caption"), page);
let playing = false;
let speed = 1;
let stepsPerSecond = 0;
let said = "";                 // what the page last said to the learner (a refusal, a stop)

// --- saying what happened ------------------------------------------------------------------

function say(text) {
  said = text;
  $("message").textContent = text;
}

// Run `change`; a Refusal is said on the page and thrown on (nothing changed).
function checked(change) {
  try {
    return change();
  } catch (error) {
    if (error instanceof Refusal) say(error.message);
    throw error;
  }
}

// --- stepping and playing ------------------------------------------------------------------

// What stopped the run, said on the page (and playing stopped): a step not taken, or a
// stretch that ended (a loss that is not finite, a weight past 1e100), with what to try, as
// fit says it. Returns whether anything did.
function stopped(result) {
  const why = result.refused ? `step ${run.history.steps + 1} was not taken: ` +
    `${result.refused.message}` : result.stopped && `training stopped: ${result.stopped}`;
  if (why) {
    setPlaying(false);
    say(`${why}. The weights are those of step ${run.history.steps}, all finite. Try a ` +
        `smaller learning rate (it is ${format(run.trainer.optimizer.lr)}), or reset.`);
  }
  return Boolean(why);
}

function step(n = 1) {
  checked(() => {
    wholeNumber("the number of steps", n, 1, MAX_STEPS_AT_ONCE);
    const work = n * run.trainer.templateNodes() * spec.batchSize;
    if (work > MAX_CALL_NODES) {
      throw new Refusal(`${n} steps are ${work.toLocaleString("en")} nodes of work, more than ` +
        `window.playground.step takes at once (${MAX_CALL_NODES.toLocaleString("en")}): take ` +
        "fewer, or play");
    }
  });
  stopped(run.step(n));
  draw();
  return Array.from(run.trainer.params);
}

// Playing: up to `speed` steps a frame, as many as fit in about 12 ms of it (a step on a large
// batch goes on over several frames), then every view redrawn; stepsPerSecond is measured over
// the last second.
const FRAME_MS = 12;
const PIECE = 2000;                     // nodes of work between two looks at the clock
let recent = [];
function play() {
  if (!playing) return;
  const begun = performance.now();
  let taken = 0;
  while (taken < speed && performance.now() - begun < FRAME_MS) {
    const result = run.advance(PIECE);
    if (stopped(result)) break;
    if (!result.pending) taken += 1;
  }
  draw();
  const now = performance.now();
  recent = [...recent.filter((t) => now - t[0] < 1000), [now, taken]];
  const span = (now - recent[0][0]) / 1000;
  stepsPerSecond = span > 0 ? recent.slice(1).reduce((s, t) => s + t[1], 0) / span
    : taken / Math.max(1e-3, (now - begun) / 1000);
  if (playing) requestAnimationFrame(play);
}

function setPlaying(on) {
  playing = on;
  $("play").textContent = playing ? "❚❚ pause" : "▶ play";
  if (playing) {
    run.fork();
    recent = [];
    requestAnimationFrame(play);
  }
}

// --- the changes a learner makes ---------------------------------------------------------------

function set(name, value) {
  checked(() => {
    const v = setting(name, value, { optimizers: Object.keys(spec.optimizers),
                                     losses: Object.keys(spec.lossPrograms) });
    if (name === "speed") speed = v;
    else if (name === "playing") setPlaying(v);
    else if (name === "loss") run.set("loss", lossChange(spec, v));
    else run.set(name, v);
  });
  say("");
  syncControls();
  draw();
}

function addPoint(x, y, cls) {
  checked(() => {
    finiteNumber("a point's x", x);
    finiteNumber("a point's y", y);
    const classes = spec.lossName === "cross_entropy"
      ? [...spec.model.roots.keys()] : spec.labelValues;
    oneOf("a point's class", cls, classes);
  });
  const rows = run.addPoint(x, y, cls);
  draw();
  return rows;
}

function setParam(i, x) {
  checked(() => {
    wholeNumber("the parameter's index", i, 0, run.trainer.params.length - 1);
    finiteNumber(`${spec.paramNames[i]}'s value`, x);
  });
  run.setParam(i, x);
  draw();
}

// Begin the run again from what the spec now holds (the start's weights and data).
function begin() {
  setPlaying(false);
  run.begin();
  sample.clear();
  say("");
  syncControls();
  draw();
}

function reset() {
  Object.assign(spec, { params: [...given.params], X: given.X.map((r) => [...r]),
                        targets: given.targets.slice() });
  begin();
}

// A new set of points; training starts again from the starting weights.
function newData(name, { n = 200, noise = 0.1, share = 0.25, seed = 0 } = {}) {
  const made = checked(() => {
    oneOf("the set of points", name, Object.keys(SETS));
    wholeNumber("the number of points", n, 4, MAX_POINTS);
    finiteNumber("the noise", noise);
    if (noise < 0 || noise > 1) throw new Refusal(`the noise must be from 0 to 1, got ${noise}`);
    finiteNumber("the test share", share);
    if (share < 0 || share > 0.9) throw new Refusal(`the test share must be from 0 to 0.9, got ${share}`);
    wholeNumber("the seed", seed, 0, 2 ** 53);
    return points(spec, name, { n, noise, share, seed });
  });
  Object.assign(spec, made);
  Object.assign(given, { X: made.X.map((r) => [...r]), targets: made.targets.slice(),
                         dataName: name });
  begin();
  return spec.X.length;
}

// A reshaped network (one activation for all hidden layers, or a list, one each), built as
// nn builds it; training starts again.
function reshape(hidden, activation, seed = 0) {
  const made = checked(() => {
    const shape = hiddenLayers(hidden, activation, spec.activations);
    wholeNumber("the seed", seed, 0, 2 ** 53);
    const next = reshaped(spec, shape.sizes, shape.activations, seed);
    sampleSize(Math.max(...Object.values(next.templates).map((t) => t.nodes.length)),
               spec.limits.sampleNodes);
    return next;
  });
  document.querySelector("h1").textContent = made.title;
  Object.assign(spec, made);
  given.params = [...made.params];
  begin();
  return made.params.length;
}

function seek(epoch) {
  checked(() => (epoch === null ? null
    : wholeNumber("the epoch", epoch, 0, run.timeline.length - 1)));
  setPlaying(false);
  run.seek(epoch);
  draw();
  return Array.from(run.trainer.params);
}

function fork() {
  run.fork();
  draw();
  return run.timeline.length - 1;
}

function selectSample(row) {
  checked(() => wholeNumber("the row", row, 0, spec.X.length - 1));
  sample.select(row);
}

function selectNeuron(name) {
  checked(() => oneOf("the neuron", name, spec.neuronNames.slice(1).flat()));
  sample.selectNeuron(name);
}

function predict(rows) {
  checked(() => {
    if (!Array.isArray(rows)) throw new Refusal(`predict takes a list of rows, got ${quoted(rows)}`);
    rows.forEach((r, k) => {
      if (!Array.isArray(r) || r.length !== spec.X[0].length) {
        throw new Refusal(`row ${k} must be a list of ${spec.X[0].length} numbers, got ${quoted(r)}`);
      }
      r.forEach((v) => finiteNumber(`row ${k}'s numbers`, v));
    });
  });
  return outputs(spec.model, run.trainer.params, rows);
}

function exported() {
  /** @type {Record<string, number[]>} */
  const state = {};
  let at = 0;
  for (const [key, n] of spec.file.keys) {
    state[key] = Array.from(run.trainer.params.slice(at, at + n));
    at += n;
  }
  const h = run.history;
  const { keys, history, ...file } = spec.file;     // the form of nn's files, from Python
  return {
    ...file, state,
    history: { ...history, loss: h.loss, accuracy: h.accuracy, steps: h.steps,
               loss_label: `${spec.lossName}: ${spec.reduction} over the ${spec.X.length} rows` },
    data: { X: spec.X, targets: spec.targets },
  };
}

function code() {
  return pythonCode(run.start, run.shownLog(), spec);
}

// --- drawing ---------------------------------------------------------------------------------

function statusLine() {
  const h = run.history;
  const shown = run.viewing === null ? h.loss.length : run.viewing;
  const steps = run.viewing === null ? h.steps : run.timeline[run.viewing].steps;
  if (shown === 0) return `${run.viewing === null ? "" : "back at the start · "}step ${steps}`;
  const k = shown - 1;
  const test = h.testLoss[k] === null ? "" : ` · test loss ${format(h.testLoss[k])}, ` +
    `accuracy ${Math.round(h.testAccuracy[k] * 100)}%`;
  return `${run.viewing === null ? "" : "back at "}epoch ${shown} · step ${steps} · loss ` +
    `${format(h.loss[k])} · accuracy ${Math.round(h.accuracy[k] * 100)}%${test}` +
    (playing ? ` · ${Math.round(stepsPerSecond)} steps/s` : "");
}

function drawTimeline() {
  const slider = $("timeline");
  const epochs = run.timeline.length - 1;
  slider.max = String(epochs);
  slider.value = String(run.viewing === null ? epochs : run.viewing);
  $("timeline-label").textContent = run.viewing === null ? `epoch ${epochs}`
    : `back at epoch ${run.viewing} of ${epochs}`;
  $("fork").disabled = run.viewing === null;
}

// While playing, a view that costs much (the plane and the network of a large model) is drawn
// again only after four times its cost has passed, so that no frame is long and training keeps
// most of each; at rest every view is drawn at once.
const costs = new Map();
function often(view, drawIt) {
  const now = performance.now();
  const last = costs.get(view) ?? { at: -Infinity, cost: 0 };
  if (playing && now - last.at < 4 * last.cost) return;
  drawIt();
  costs.set(view, { at: now, cost: performance.now() - now });
}

function draw() {
  kernel.tell();
  drawTimeline();
  sample.draw();
  often("plane", () => drawPlane(plane, spec, run.trainer.params, colours));
  often("network", () => network.draw());
  drawCurves($("curves"), run.history, run.viewing);
  $("status").textContent = statusLine();
}

function syncControls() {
  $("lr").value = String(run.trainer.optimizer.lr);
  const o = run.trainer.optimizer.settings();
  $("optimizer").value = o.kind === "sgd" && o.momentum ? "momentum" : o.kind;
  $("loss").value = spec.lossName;
  $("shuffle").checked = spec.shuffle;
  $("batch").value = spec.batchAll ? "all" : String(spec.batchSize);
  if (spec.layers && spec.file.architecture && spec.file.architecture.class === "MLP") {
    const hidden = spec.layers.slice(0, -1);
    $("hidden").value = hidden.map((l) => `${l.weights.length} ${l.activation}`).join(", ");
    const kinds = new Set(hidden.map((l) => l.activation));
    $("activation").value = kinds.size === 1 ? [...kinds][0] : "per layer";
  }
  $("dataset").value = given.dataName;
  const share = spec.testX.length / (spec.testX.length + spec.X.length);
  $("share").value = String([0, 0.25, 0.5].reduce((a, b) => (Math.abs(b - share) <
    Math.abs(a - share) ? b : a)));
}

// --- the interface, the kernel and the controls (controls.js) ------------------------------

Object.assign(page, {
  spec, step, set, addPoint, reset, seek, fork, selectSample, selectNeuron, newData, reshape,
  predict, code, exported, setParam, setPlaying, syncControls, draw, checked,
  refuse: (text) => checked(() => { throw new Refusal(text); }),
  playing: () => playing, stepsPerSecond: () => stepsPerSecond, said: () => said,
});
const kernel = wire(page);
syncControls();
draw();
