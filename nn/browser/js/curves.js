// The chart: the loss (left scale) and the accuracy (right scale, 0 to 100%) of every epoch,
// training solid and test dashed, both scales named; a line marks the epoch shown when the
// timeline has gone back.
import { svgElement } from "./dom.js";
import { format } from "./numbers.js";

const [WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM] = [360, 260, 46, 40, 22, 24];

/**
 * @param {SVGSVGElement} svg
 * @param {import("./run.js").History} history
 * @param {number|null} viewing the epoch the timeline shows, or null for the last
 */
export function drawCurves(svg, history, viewing) {
  svg.replaceChildren();
  const epochs = history.loss.length;
  /** @param {string} t @param {number} x @param {number} y @param {string} anchor */
  const label = (t, x, y, anchor, cls = "") => svgElement("text",
    { x, y, "text-anchor": anchor, class: cls }, svg, t);
  label("loss", 4, 12, "start", "scale loss");
  label("accuracy", WIDTH - 4, 12, "end", "scale accuracy");
  if (!epochs) {
    label("no epoch yet", WIDTH / 2, HEIGHT / 2, "middle");
    return;
  }
  const losses = [...history.loss, ...history.testLoss].flatMap((v) => (v === null ? [] : [v]));
  const top = Math.max(...losses) || 1;
  const x = (/** @type {number} */ e) => LEFT + e / Math.max(1, epochs - 1) * (WIDTH - LEFT - RIGHT);
  /** @param {number} v @param {number} scale */
  const y = (v, scale) => HEIGHT - BOTTOM - v / scale * (HEIGHT - BOTTOM - TOP);
  /** @param {(number | null)[]} values @param {number} scale @param {string} cls */
  const line = (values, scale, cls) => {
    const points = values.map((v, e) => (v === null ? null : `${x(e)},${y(v, scale)}`))
      .filter(Boolean);
    if (points.length) svgElement("polyline", { points: points.join(" "), class: cls }, svg);
  };
  svgElement("rect", { x: LEFT, y: TOP, width: WIDTH - LEFT - RIGHT,
                       height: HEIGHT - BOTTOM - TOP, class: "frame" }, svg);
  line(history.loss, top, "loss train");
  line(history.testLoss, top, "loss test");
  line(history.accuracy, 1, "accuracy train");
  line(history.testAccuracy, 1, "accuracy test");
  label(format(top), LEFT - 4, TOP + 4, "end", "loss");
  label("0", LEFT - 4, HEIGHT - BOTTOM, "end", "loss");
  label("100%", WIDTH - RIGHT + 4, TOP + 4, "start", "accuracy");
  label("0%", WIDTH - RIGHT + 4, HEIGHT - BOTTOM, "start", "accuracy");
  label(`epoch ${epochs}`, WIDTH - RIGHT, HEIGHT - 6, "end");
  label("1", LEFT, HEIGHT - 6, "start");
  if (viewing !== null && viewing > 0) {
    svgElement("line", { x1: x(viewing - 1), x2: x(viewing - 1), y1: TOP,
                         y2: HEIGHT - BOTTOM, class: "shown" }, svg);
  }
}
