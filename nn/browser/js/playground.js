// The playground page: a network trained live with fit's numbers, its data and decision over
// the plane, the network, the loss and accuracy of every epoch, and one sample's graph (see
// nn/browser/playground.py). The state is the run's (run.js), which alone changes it; each view draws
// from it (plane.js, network.js, curves.js, sample.js, status.js); the player (player.js)
// plays. This module makes the page's changes: it checks what the controls, window.playground
// and a notebook's kernel ask (settings.js), says on the page what it refuses, and has the
// run make the rest.
import { pythonCode } from "./code.js";
import { wire } from "./controls.js";
import { drawCurves } from "./curves.js";
import { SETS } from "./datasets.js";
import { byId, pageData } from "./dom.js";
import { outputs } from "./model.js";
import { fill } from "./mlp.js";
import { NetworkView } from "./network.js";
import { format, quoted } from "./numbers.js";
import { drawPlane } from "./plane.js";
import { Player } from "./player.js";
import { Run } from "./run.js";
import { SampleView } from "./sample.js";
import { MAX_CALL_NODES, MAX_POINTS, MAX_STEPS_AT_ONCE, Refusal, finiteNumber, hiddenLayers,
         oneOf, sampleSize, setting, typedNumber, wholeNumber } from "./settings.js";
import { lossChange, points, reshaped } from "./shapes.js";
import { drawTimeline, showSettings, statusLine } from "./status.js";

/**
 * @typedef {import("./spec.js").Spec} Spec
 * @typedef {import("./run.js").Result} Result
 */

/** @type {Spec} */
const spec = pageData("data");
const run = new Run(spec);
const plane = /** @type {HTMLCanvasElement} */ (byId("plane"));
let said = "";                 // what the page last said to the learner (a refusal, a stop)
const player = new Player(run, stopped, draw,
                          (on) => { byId("play").textContent = on ? "❚❚ pause" : "▶ play"; });
/** @type {import("./spec.js").Page} */
const page = { run, spec, colours: pageData("colours"), plane, selectNeuron,
               editWeight: (p, event) => editWeight(p, event) };
const network = new NetworkView(/** @type {SVGSVGElement} */ (/** @type {unknown} */ (
  byId("network"))), byId("card"), page);
const sample = new SampleView(byId("sample"), byId("sample-caption"), page);

// --- saying what happened ------------------------------------------------------------------

/** @param {string} text */
function say(text) {
  said = text;
  byId("message").textContent = text;
}

/**
 * Run `change`; a Refusal is said on the page and thrown on (nothing changed).
 * @template T @param {() => T} change @returns {T}
 */
function checked(change) {
  try {
    return change();
  } catch (error) {
    if (error instanceof Refusal) say(error.message);
    throw error;
  }
}

/**
 * What stopped the run, said on the page (and playing stopped): a step not taken, or a
 * stretch that ended (a loss that is not finite, a weight past 1e100), with what to try, as
 * fit says it. Returns whether anything did.
 * @param {Result} result
 */
function stopped(result) {
  const why = result.refused ? `step ${run.history.steps + 1} was not taken: ` +
    `${result.refused.message}` : result.stopped && `training stopped: ${result.stopped}`;
  if (why) {
    player.setPlaying(false);
    say(`${why}. The weights are those of step ${run.history.steps}, all finite. Try a ` +
        `smaller learning rate (it is ${format(run.trainer.optimizer.lr)}), or reset.`);
  }
  return Boolean(why);
}

// --- the changes a learner makes ---------------------------------------------------------

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

/** @param {string} name @param {unknown} value */
function set(name, value) {
  checked(() => {
    const v = setting(name, value, { optimizers: Object.keys(spec.optimizers),
                                     losses: Object.keys(spec.lossPrograms) });
    if (name === "speed") player.speed = Number(v);
    else if (name === "playing") player.setPlaying(Boolean(v));
    else if (name === "loss") run.set("loss", lossChange(spec, String(v)));
    else run.set(name, v);
  });
  say("");
  showSettings(run);
  draw();
}

/** @param {number} x @param {number} y @param {number} cls */
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

/** @param {number} i @param {number} x */
function setParam(i, x) {
  checked(() => {
    wholeNumber("the parameter's index", i, 0, run.trainer.params.length - 1);
    finiteNumber(`${spec.paramNames[i]}'s value`, x);
  });
  run.setParam(i, x);
  draw();
}

// Training starts again (from new parts, or from what reset goes back to).
/** @param {() => void} change */
function again(change) {
  player.setPlaying(false);
  change();
  sample.clear();
  say("");
  showSettings(run);
  draw();
}

function reset() {
  again(() => run.reset());
}

/**
 * A new set of points (nn/datasets.py's); training starts again from the starting weights.
 * @param {string} name @param {{n?: number, noise?: number, share?: number, seed?: number}} how
 */
function newData(name, { n = 200, noise = 0.1, share = 0.25, seed = 0 } = {}) {
  const made = checked(() => {
    oneOf("the set of points", name, Object.keys(SETS));
    wholeNumber("the number of points", n, 4, MAX_POINTS);
    finiteNumber("the noise", noise);
    if (noise < 0 || noise > 1) throw new Refusal(`the noise must be from 0 to 1, got ${noise}`);
    finiteNumber("the test share", share);
    if (share < 0 || share > 0.9) {
      throw new Refusal(`the test share must be from 0 to 0.9, got ${share}`);
    }
    wholeNumber("the seed", seed, 0, 2 ** 53);
    return points(spec, name, { n, noise, share, seed });
  });
  again(() => run.replace(made));
  return spec.X.length;
}

/**
 * A reshaped network (one activation for all hidden layers, or a list, one each), built as
 * nn builds it; training starts again.
 * @param {unknown} hidden @param {unknown} activation
 */
function reshape(hidden, activation, seed = 0) {
  const { title, ...made } = checked(() => {
    const shape = hiddenLayers(hidden, activation, spec.activations);
    wholeNumber("the seed", seed, 0, 2 ** 53);
    const next = reshaped(spec, shape.sizes, shape.activations, seed);
    sampleSize(Math.max(...Object.values(next.templates ?? {}).map((t) => t.nodes.length)),
               spec.limits.sampleNodes);
    return next;
  });
  const heading = document.querySelector("h1");
  if (heading) heading.textContent = title;
  again(() => run.replace(made));
  return spec.params.length;
}

/** @param {number | null} epoch */
function seek(epoch) {
  checked(() => (epoch === null ? null
    : wholeNumber("the epoch", epoch, 0, run.timeline.length - 1)));
  player.setPlaying(false);
  run.seek(epoch);
  draw();
  return Array.from(run.trainer.params);
}

function fork() {
  run.fork();
  draw();
  return run.timeline.length - 1;
}

/** @param {number} row */
function selectSample(row) {
  checked(() => wholeNumber("the row", row, 0, spec.X.length - 1));
  sample.select(row);
}

/** @param {string} name */
function selectNeuron(name) {
  checked(() => oneOf("the neuron", name, spec.neuronNames.slice(1).flat()));
  sample.selectNeuron(name);
}

/** The model's outputs for each row. @param {unknown} rows */
function predict(rows) {
  const checkedRows = checked(() => {
    if (!Array.isArray(rows)) throw new Refusal(`predict takes a list of rows, got ${quoted(rows)}`);
    return rows.map((r, k) => {
      if (!Array.isArray(r) || r.length !== spec.X[0].length) {
        throw new Refusal(`row ${k} must be a list of ${spec.X[0].length} numbers, got ${quoted(r)}`);
      }
      return r.map((v) => finiteNumber(`row ${k}'s numbers`, v));
    });
  });
  return outputs(spec.model, run.trainer.params, checkedRows);
}

// A file nn.load reads: the form nn/files/saved.py writes (from Python), the weights now, the
// History so far and the data.
function exported() {
  /** @type {Record<string, number[]>} */
  const state = {};
  let at = 0;
  for (const [key, n] of spec.file.keys) {
    state[key] = Array.from(run.trainer.params.slice(at, at + n));
    at += n;
  }
  const h = run.history;
  const { keys, history, lossLabel, ...file } = spec.file;
  const label = fill(lossLabel, { loss: spec.ownLoss ? "your loss function" : spec.lossName,
                                  how: spec.reduction, rows: spec.X.length });
  return {
    ...file, state,
    history: { ...history, loss: h.loss, accuracy: h.accuracy, steps: h.steps,
               loss_label: label },
    data: { X: spec.X, targets: spec.targets },
  };
}

function code() {
  return pythonCode(run.start, run.shownLog(), spec);
}

/**
 * The box that opens on a weight clicked: Enter sets the number typed, Escape closes it.
 * @param {number} p @param {MouseEvent} event
 */
function editWeight(p, event) {
  const input = /** @type {HTMLInputElement} */ (byId("weight-editor"));
  input.hidden = false;
  input.value = String(run.trainer.params[p]);
  input.style.left = `${event.pageX}px`;
  input.style.top = `${event.pageY}px`;
  input.focus();
  input.select();
  input.onkeydown = (e) => {
    if (e.key === "Escape") input.hidden = true;
    if (e.key !== "Enter") return;
    try {
      setParam(p, checked(() => typedNumber(`${spec.paramNames[p]}'s value`, input.value)));
      input.hidden = true;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
    }
  };
}

// --- drawing ---------------------------------------------------------------------------------

// While playing, a view that costs much (the plane and the network of a large model) is drawn
// again only after four times its cost has passed, so that no frame is long and training keeps
// most of each; at rest every view is drawn at once.
/** @type {Map<string, {at: number, cost: number}>} */
const costs = new Map();
/** @param {string} view @param {() => void} drawIt */
function often(view, drawIt) {
  const now = performance.now();
  const last = costs.get(view) ?? { at: -Infinity, cost: 0 };
  if (player.playing && now - last.at < 4 * last.cost) return;
  drawIt();
  costs.set(view, { at: now, cost: performance.now() - now });
}

// The curves change at an epoch's end (or when the run, or the epoch viewed, changes): they
// are drawn again then only.
/** @type {{history: object | null, epochs: number, viewing: number | null}} */
const curvesShown = { history: null, epochs: -1, viewing: null };

function draw() {
  kernel.tell();
  drawTimeline(run);
  sample.draw();
  often("plane", () => drawPlane(plane, spec, run.trainer.params, page.colours));
  often("network", () => network.draw());
  const h = run.history;
  if (curvesShown.history !== h || curvesShown.epochs !== h.loss.length
      || curvesShown.viewing !== run.viewing) {
    Object.assign(curvesShown, { history: h, epochs: h.loss.length, viewing: run.viewing });
    drawCurves(/** @type {SVGSVGElement} */ (/** @type {unknown} */ (byId("curves"))),
               h, run.viewing);
  }
  byId("status").textContent = statusLine(run, player);
}

// --- the interface, the kernel and the controls (controls.js) ------------------------------

const kernel = wire({
  ...page, player, step, set, addPoint, reset, seek, fork, selectSample, newData, reshape,
  predict, code, exported, setParam, draw, checked, said: () => said,
  syncControls: () => showSettings(run),
  refuse: (text) => checked(() => { throw new Refusal(text); }),
});
showSettings(run);
draw();
