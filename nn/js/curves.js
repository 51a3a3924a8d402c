// The chart: the loss (left scale) and the accuracy (right scale, 0 to 100%) of every epoch,
// training solid and test dashed, both scales named; a line marks the epoch shown when the
// timeline has gone back.
import { format } from "./numbers.js";

const SVG = "http://www.w3.org/2000/svg";
const [WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM] = [360, 260, 46, 40, 22, 24];

function element(svg, name, attributes, text = null) {
  const e = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, String(v)));
  if (text !== null) e.textContent = text;
  svg.appendChild(e);
  return e;
}

/**
 * @param {SVGSVGElement} svg
 * @param {{loss: number[], accuracy: number[], testLoss: (number|null)[],
 *          testAccuracy: (number|null)[]}} history
 * @param {number|null} viewing the epoch the timeline shows, or null for the last
 */
export function drawCurves(svg, history, viewing) {
  svg.replaceChildren();
  const epochs = history.loss.length;
  const label = (t, x, y, anchor, cls = "") => element(svg, "text",
    { x, y, "text-anchor": anchor, class: cls }, t);
  label("loss", 4, 12, "start", "scale loss");
  label("accuracy", WIDTH - 4, 12, "end", "scale accuracy");
  if (!epochs) {
    label("no epoch yet", WIDTH / 2, HEIGHT / 2, "middle");
    return;
  }
  const losses = [...history.loss, ...history.testLoss].filter((v) => v !== null);
  const top = Math.max(...losses) || 1;
  const x = (e) => LEFT + e / Math.max(1, epochs - 1) * (WIDTH - LEFT - RIGHT);
  const y = (v, scale) => HEIGHT - BOTTOM - v / scale * (HEIGHT - BOTTOM - TOP);
  const line = (values, scale, cls) => {
    const points = values.map((v, e) => (v === null ? null : `${x(e)},${y(v, scale)}`))
      .filter(Boolean);
    if (points.length) element(svg, "polyline", { points: points.join(" "), class: cls });
  };
  element(svg, "rect", { x: LEFT, y: TOP, width: WIDTH - LEFT - RIGHT,
                         height: HEIGHT - BOTTOM - TOP, class: "frame" });
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
    element(svg, "line", { x1: x(viewing - 1), x2: x(viewing - 1), y1: TOP,
                           y2: HEIGHT - BOTTOM, class: "shown" });
  }
}
