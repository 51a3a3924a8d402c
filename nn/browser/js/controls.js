// How the playground is driven: its controls, window.playground (for scripts and tests) and a
// notebook's kernel (autograd/live/js/widget.js), each passing what it asks to the page's
// checked changes (`actions`, from playground.js). A control whose change is refused shows the
// run's setting again; the page has said why.
//
// window.playground, for tests, scripts and people embedding the page; each call checks what
// it is given as fit checks it, and throws what it refuses with the message the page shows:
//   step(n)              n steps (default 1) as fit takes them; the weights after them
//   params(), grads()    the weights now, in model.parameters() order; their last gradients
//   setParam(i, x)       one weight
//   predict(rows)        the network's outputs for [[x, y], ...]
//   set(name, value)     lr, batch_size, optimizer, momentum, shuffle, loss, speed or playing
//   data()               {X, targets}; addPoint(x, y, label) adds a point
//   newData(name, {n, noise, share, seed})   xor, moons, circles, spiral or gauss, drawn as
//                        nn.datasets.points draws them
//   reshape(sizes, activations, seed)        a new MLP of those hidden sizes
//   history()            every epoch's loss and accuracy; seek(epoch) shows the run then
//                        (null: back to now), fork() goes on from there
//   selectSample(row), selectNeuron(name)    what the sample's graph and the network show
//   export()             the JSON nn.load and nn.load_history read, with the data
//   code()               the Python that trains the same model to the page's weights
//   reset()              back to the starting weights
//   message              what the page last said; limits; playing; stepsPerSecond
import { byId, control as field } from "./dom.js";
import { fromPixel, pointAt } from "./plane.js";
import { quoted } from "./numbers.js";
import { MAX_CALL_NODES, MAX_STEPS_AT_ONCE, Refusal } from "./settings.js";

/**
 * @typedef {import("./spec.js").Page & {
 *   player: import("./player.js").Player,
 *   step: (n?: number) => number[], set: (name: string, value: unknown) => void,
 *   addPoint: (x: number, y: number, cls: number) => number, reset: () => void,
 *   seek: (epoch: number | null) => number[], fork: () => number,
 *   selectSample: (row: number) => void,
 *   newData: (name: string, how?: {n?: number, noise?: number, share?: number,
 *             seed?: number}) => number,
 *   reshape: (hidden: unknown, activation: unknown, seed?: number) => number,
 *   predict: (rows: unknown) => number[][], code: () => string, exported: () => object,
 *   setParam: (i: number, x: number) => void, draw: () => void,
 *   checked: <T>(change: () => T) => T, said: () => string, syncControls: () => void,
 *   refuse: (text: string) => never}} Actions
 *   everything the page does when asked, each checked first
 */

/**
 * A select's options, from what the page has (Python's optimizers, the losses it has graphs of).
 * @param {string} id @param {string[][]} options [value, text] each
 */
function menu(id, options) {
  byId(id).replaceChildren(...options.map(([value, text]) => {
    const option = document.createElement("option");
    Object.assign(option, { value, textContent: text });
    return option;
  }));
}

/**
 * Join the page's controls, window.playground and the kernel to `actions`; returns `tell`,
 * which sends the kernel the page's weights (after every drawing).
 * @param {Actions} actions
 */
export function wire(actions) {
  const { run, spec, plane, player } = actions;
  const api = {
    step: actions.step, set: actions.set, addPoint: actions.addPoint, reset: actions.reset,
    seek: actions.seek, fork: actions.fork, selectSample: actions.selectSample,
    selectNeuron: actions.selectNeuron, newData: actions.newData, reshape: actions.reshape,
    predict: actions.predict, code: actions.code, export: actions.exported,
    params: () => Array.from(run.trainer.params),
    grads: () => (run.trainer.grads ? Array.from(run.trainer.grads) : null),
    setParam: actions.setParam,
    data: () => ({ X: spec.X, targets: spec.targets }),
    history: () => run.history,
    get playing() { return player.playing; },
    get stepsPerSecond() { return player.stepsPerSecond; },
    get message() { return actions.said(); },
    limits: { sampleNodes: spec.limits.sampleNodes, callNodes: MAX_CALL_NODES,
              stepsAtOnce: MAX_STEPS_AT_ONCE },
  };
  Object.assign(window, { playground: api });

  addEventListener("message", (event) => {
    const message = event.data;
    if (event.source === window.parent && message && message.seegrad === "set") {
      refusable(() => actions.set(message.name, message.value));
    }
  });

  /**
   * A control's change: a refusal is said on the page and the control shows the run's
   * setting again.
   * @param {string} id @param {string} event @param {(e: any) => unknown} act
   */
  const control = (id, event, act) => {
    byId(id).addEventListener(event, (e) => {
      if (!refusable(() => act(e))) actions.syncControls();
    });
  };
  menu("optimizer", Object.entries(spec.optimizers).flatMap(([kind, declared]) => [
    [kind, declared.label], ...(kind === "sgd" ? [["momentum", "SGD with momentum"]] : [])]));
  menu("loss", Object.keys(spec.lossPrograms).map((name) => [name, name.replace("_", " ")]));
  if (!spec.parts) {                    // only an MLP is rebuilt from MLP's parts
    for (const id of ["hidden", "activation", "reshape"]) {
      Object.assign(field(id), { disabled: true,
                                 title: "only an MLP is reshaped on the page; this model is not" });
    }
  }
  control("play", "click", () => player.setPlaying(!player.playing));
  control("step", "click", () => actions.step(1));
  control("reset", "click", actions.reset);
  control("speed", "change", (e) => actions.set("speed", e.target.value));
  control("lr", "change", (e) => actions.set("lr", e.target.value));
  control("batch", "change", (e) => actions.set("batch_size", e.target.value === "all" ? null
    : Number(e.target.value)));
  control("optimizer", "change", (e) => (e.target.value === "momentum"
    ? actions.set("momentum", 0.9) : actions.set("optimizer", e.target.value)));
  control("loss", "change", (e) => actions.set("loss", e.target.value));
  control("shuffle", "change", (e) => actions.set("shuffle", e.target.checked));
  control("timeline", "input", (e) => {             // the right end: the run as it is now
    const epoch = Number(e.target.value);
    actions.seek(epoch === run.timeline.length - 1 ? null : epoch);
  });
  control("fork", "click", actions.fork);
  control("reshape", "click", () => {
    const chosen = field("activation").value;
    const given = field("hidden").value.split(",").map((s) => s.trim()).filter(Boolean)
      .map((s) => s.split(/\s+/));
    if (given.some((g) => g.length > 2)) {
      actions.refuse("each hidden layer is a size and an activation, got " +
                     quoted(field("hidden").value));
    }
    actions.reshape(given.map(([n]) => Number(n)), given.map(([, act]) => act ||
      (chosen === "per layer" ? "tanh" : chosen)));
  });
  control("new-data", "click", () => {
    const name = field("dataset").value;
    if (!name) return;                   // the rows given to playground(): reset brings them
    actions.newData(name, { noise: Number(field("noise").value),
                            share: Number(field("share").value),
                         seed: Math.floor(Math.random() * 1e9) });
  });
  control("code", "click", () => {
    field("code-text").value = actions.code();
    /** @type {HTMLDialogElement} */ (byId("code-dialog")).showModal();
  });
  control("export", "click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(actions.exported())],
                                             { type: "application/json" }));
    link.download = "model.json";
    link.click();
  });
  control("plane", "click", (event) => {
    const box = plane.getBoundingClientRect();
    const px = (event.clientX - box.left) * plane.width / box.width;
    const py = (event.clientY - box.top) * plane.height / box.height;
    const near = pointAt(plane, spec, px, py);
    if (near >= 0) {
      actions.selectSample(near);
      return;
    }
    const [x, y] = fromPixel(plane, spec.plane, px, py);
    const labels = spec.labelValues;
    actions.addPoint(x, y, event.shiftKey ? labels[0] : labels[labels.length - 1]);
  });

  // Inside a notebook widget the kernel's model follows the page's weights and shape: sent
  // after every drawing, at most four times a second while playing.
  let sent = 0;
  return {
    tell() {
      if (window.parent === window || (player.playing && performance.now() - sent < 250)) return;
      sent = performance.now();
      window.parent.postMessage({ seegrad: "changed", name: "params",
                                  value: { params: Array.from(run.trainer.params),
                                           architecture: spec.file.architecture,
                                           keys: spec.file.keys } }, "*");
    },
  };
}

// Run `act`; false if the page refused it (it has said why), anything else thrown on.
/** @param {() => unknown} act */
function refusable(act) {
  try {
    act();
    return true;
  } catch (error) {
    if (error instanceof Refusal) return false;
    throw error;
  }
}
