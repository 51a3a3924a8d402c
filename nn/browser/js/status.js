// The page's words and settings as the run has them: the status line (the epoch shown, its
// loss and accuracy, steps a second while playing), the timeline's slider, and every control
// showing the run's setting (after a change, or a refusal, puts it back).
import { control } from "./dom.js";
import { format } from "./numbers.js";

/**
 * @typedef {import("./run.js").Run} Run
 * @typedef {import("./player.js").Player} Player
 */

/** @param {Run} run @param {Player} player */
export function statusLine(run, player) {
  const h = run.history;
  const shown = run.viewing === null ? h.loss.length : run.viewing;
  const steps = run.viewing === null ? h.steps : run.timeline[run.viewing].steps;
  if (shown === 0) return `${run.viewing === null ? "" : "back at the start · "}step ${steps}`;
  const k = shown - 1;
  const [testLoss, testAccuracy] = [h.testLoss[k], h.testAccuracy[k]];
  const test = testLoss === null || testAccuracy === null ? ""
    : ` · test loss ${format(testLoss)}, accuracy ${Math.round(testAccuracy * 100)}%`;
  return `${run.viewing === null ? "" : "back at "}epoch ${shown} · step ${steps} · loss ` +
    `${format(h.loss[k])} · accuracy ${Math.round(h.accuracy[k] * 100)}%${test}` +
    (player.playing ? ` · ${Math.round(player.stepsPerSecond)} steps/s` : "");
}

/** The timeline: one stop per epoch, at the epoch shown. @param {Run} run */
export function drawTimeline(run) {
  const slider = control("timeline");
  const epochs = run.timeline.length - 1;
  const value = String(run.viewing === null ? epochs : run.viewing);
  const label = control("timeline-label");
  const text = run.viewing === null ? `epoch ${epochs}`
    : `back at epoch ${run.viewing} of ${epochs}`;
  if (slider.max !== String(epochs)) slider.max = String(epochs);    // each frame: only changes
  if (slider.value !== value) slider.value = value;
  if (label.textContent !== text) label.textContent = text;
  control("fork").disabled = run.viewing === null;
}

/** Every control showing the run's setting. @param {Run} run */
export function showSettings(run) {
  const spec = run.spec;
  control("lr").value = String(run.trainer.optimizer.lr);
  const o = run.trainer.optimizer.settings();
  control("optimizer").value = o.kind === "sgd" && o.momentum ? "momentum" : o.kind;
  control("loss").value = spec.lossName;
  control("shuffle").checked = spec.shuffle;
  control("batch").value = spec.batchAll ? "all" : String(spec.batchSize);
  if (spec.layers && spec.file.architecture && spec.file.architecture.class === "MLP") {
    const hidden = spec.layers.slice(0, -1);
    control("hidden").value = hidden.map((l) => `${l.weights.length} ${l.activation}`)
      .join(", ");
    const kinds = new Set(hidden.map((l) => l.activation));
    control("activation").value = kinds.size === 1 ? [...kinds][0] : "per layer";
  }
  control("dataset").value = run.given.dataName;
  const share = spec.testX.length / (spec.testX.length + spec.X.length);
  control("share").value = String([0, 0.25, 0.5].reduce((a, b) => (Math.abs(b - share) <
    Math.abs(a - share) ? b : a)));
}
