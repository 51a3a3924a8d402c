// How the playground is driven: its controls, window.playground (for scripts and tests) and a
// notebook's kernel (autograd/live/js/widget.js), each passing what it asks to the page's
// checked changes (`page`, from playground.js). A control whose change is refused shows the
// run's setting again; the page has said why.
import { fromPixel, pointAt } from "./plane.js";
import { quoted } from "./numbers.js";
import { MAX_CALL_NODES, MAX_STEPS_AT_ONCE, Refusal, typedNumber } from "./settings.js";

const $ = (id) => document.getElementById(id);

/**
 * A select's options, from what the page has (Python's optimizers, the losses it has graphs of).
 * @param {string} id @param {string[][]} options [value, text] each
 */
function menu(id, options) {
  $(id).replaceChildren(...options.map(([value, text]) => {
    const option = document.createElement("option");
    Object.assign(option, { value, textContent: text });
    return option;
  }));
}

/** Join the page's controls, window.playground and the kernel to `page`; returns `tell`,
 * which sends the kernel the page's weights (after every drawing). */
export function wire(page) {
  const { run, spec, plane } = page;
  window.playground = {
    step: page.step, set: page.set, addPoint: page.addPoint, reset: page.reset,
    seek: page.seek, fork: page.fork, selectSample: page.selectSample,
    selectNeuron: page.selectNeuron, newData: page.newData, reshape: page.reshape,
    predict: page.predict, code: page.code, export: page.exported,
    params: () => Array.from(run.trainer.params),
    grads: () => (run.trainer.grads ? Array.from(run.trainer.grads) : null),
    setParam: (i, x) => page.setParam(i, x),
    data: () => ({ X: spec.X, targets: spec.targets }),
    history: () => run.history,
    get playing() { return page.playing(); },
    get stepsPerSecond() { return page.stepsPerSecond(); },
    get message() { return page.said(); },
    limits: { sampleNodes: spec.limits.sampleNodes, callNodes: MAX_CALL_NODES,
              stepsAtOnce: MAX_STEPS_AT_ONCE },
  };

  addEventListener("message", (event) => {
    const message = event.data;
    if (event.source === window.parent && message && message.seegrad === "set") {
      refusable(() => page.set(message.name, message.value));
    }
  });

  // A control's change: a refusal is said on the page and the control shows the run's
  // setting again.
  const control = (id, event, act) => {
    $(id).addEventListener(event, (e) => {
      if (!refusable(() => act(e))) page.syncControls();
    });
  };
  menu("optimizer", Object.entries(spec.optimizers).flatMap(([kind, declared]) => [
    [kind, declared.label], ...(kind === "sgd" ? [["momentum", "SGD with momentum"]] : [])]));
  menu("loss", Object.keys(spec.lossPrograms).map((name) => [name, name.replace("_", " ")]));
  control("play", "click", () => page.setPlaying(!page.playing()));
  control("step", "click", () => page.step(1));
  control("reset", "click", page.reset);
  control("speed", "change", (e) => page.set("speed", e.target.value));
  control("lr", "change", (e) => page.set("lr", e.target.value));
  control("batch", "change", (e) => page.set("batch_size", e.target.value === "all" ? null
    : Number(e.target.value)));
  control("optimizer", "change", (e) => (e.target.value === "momentum"
    ? page.set("momentum", 0.9) : page.set("optimizer", e.target.value)));
  control("loss", "change", (e) => page.set("loss", e.target.value));
  control("shuffle", "change", (e) => page.set("shuffle", e.target.checked));
  control("timeline", "input", (e) => {             // the right end: the run as it is now
    const epoch = Number(e.target.value);
    page.seek(epoch === run.timeline.length - 1 ? null : epoch);
  });
  control("fork", "click", page.fork);
  control("reshape", "click", () => {
    const chosen = $("activation").value;
    const given = $("hidden").value.split(",").map((s) => s.trim()).filter(Boolean)
      .map((s) => s.split(/\s+/));
    if (given.some((g) => g.length > 2)) {
      page.refuse(`each hidden layer is a size and an activation, got ${quoted($("hidden").value)}`);
    }
    page.reshape(given.map(([n]) => Number(n)), given.map(([, act]) => act ||
      (chosen === "per layer" ? "tanh" : chosen)));
  });
  control("new-data", "click", () => {
    const name = $("dataset").value;
    if (!name) return;                   // the rows given to playground(): reset brings them
    page.newData(name, { noise: Number($("noise").value), share: Number($("share").value),
                         seed: Math.floor(Math.random() * 1e9) });
  });
  control("code", "click", () => {
    $("code-text").value = page.code();
    $("code-dialog").showModal();
  });
  control("export", "click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(page.exported())],
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
      page.selectSample(near);
      return;
    }
    const [x, y] = fromPixel(plane, spec.plane, px, py);
    const labels = spec.labelValues;
    page.addPoint(x, y, event.shiftKey ? labels[0] : labels[labels.length - 1]);
  });

  // Inside a notebook widget the kernel's model follows the page's weights and shape: sent
  // after every drawing, at most four times a second while playing.
  let sent = 0;
  return {
    tell() {
      if (window.parent === window || (page.playing() && performance.now() - sent < 250)) return;
      sent = performance.now();
      window.parent.postMessage({ seegrad: "changed", name: "params",
                                  value: { params: Array.from(run.trainer.params),
                                           architecture: spec.file.architecture,
                                           keys: spec.file.keys } }, "*");
    },
  };
}

// Run `act`; false if the page refused it (it has said why), anything else thrown on.
function refusable(act) {
  try {
    act();
    return true;
  } catch (error) {
    if (error instanceof Refusal) return false;
    throw error;
  }
}

/** The box that opens on a weight clicked: Enter sets the number typed, Escape closes it. */
export function editWeight(page, p, event) {
  const input = $("weight-editor");
  input.hidden = false;
  input.value = String(page.run.trainer.params[p]);
  input.style.left = `${event.pageX}px`;
  input.style.top = `${event.pageY}px`;
  input.focus();
  input.select();
  input.onkeydown = (e) => {
    if (e.key === "Escape") input.hidden = true;
    if (e.key !== "Enter") return;
    const name = page.spec.paramNames[p];
    if (refusable(() => page.setParam(p, page.checked(() => typedNumber(`${name}'s value`,
                                                                            input.value))))) {
      input.hidden = true;
    }
  };
}
