// The nudge panel: what a gradient means, checked on the learner's own graph. Move one leaf
// by a step delta: the root moves by `actual`; the gradient predicts grad * delta. The two
// agree to first order, so their difference falls like delta squared as delta shrinks, which
// the small plot shows on log-log axes (the difference's line has slope 2, the changes'
// slope 1). Nothing on the picture moves: the nudges are computed aside (seegrad.nudge).
import { svgElement as element } from "./dom.js";
import { format } from "./numbers.js";

const HALVINGS = 12;          // delta, delta / 2, ... delta / 2^11
const WIDTH = 240;
const HEIGHT = 96;
const MARGIN = { left: 34, right: 8, top: 8, bottom: 20 };

// log10 of |x|, or null where it has none (0, NaN).
/** @param {number} x */
function logOf(x) {
  const a = Math.abs(x);
  return a > 0 && Number.isFinite(a) ? Math.log10(a) : null;
}

/**
 * @typedef {{delta: number, actual: number, predicted: number}} Row one nudge's numbers
 * @param {Element} svg @param {Row[]} rows
 */
function plot(svg, rows) {
  svg.replaceChildren();
  const series = {
    actual: rows.map((r) => [logOf(r.delta), logOf(r.actual)]),
    predicted: rows.map((r) => [logOf(r.delta), logOf(r.predicted)]),
    difference: rows.map((r) => [logOf(r.delta), logOf(r.actual - r.predicted)]),
  };
  /** @param {(number | null)[]} p @returns {p is number[]} */
  const known = (p) => p[0] !== null && p[1] !== null;
  const points = Object.values(series).flat().filter(known);
  if (!points.length) return;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (/** @type {number} */ x) => MARGIN.left + (x - x0) / (x1 - x0 || 1) * (WIDTH - MARGIN.left - MARGIN.right);
  const sy = (/** @type {number} */ y) => HEIGHT - MARGIN.bottom - (y - y0) / (y1 - y0 || 1) *
    (HEIGHT - MARGIN.top - MARGIN.bottom);
  element("rect", { x: MARGIN.left, y: MARGIN.top, width: WIDTH - MARGIN.left - MARGIN.right,
                    height: HEIGHT - MARGIN.top - MARGIN.bottom, class: "frame" }, svg);
  Object.entries(series).forEach(([name, line]) => {
    const drawn = line.filter(known);
    element("polyline", { points: drawn.map(([x, y]) => `${sx(x)},${sy(y)}`).join(" "),
                          class: name }, svg);
  });
  /** @param {string} text @param {number} x @param {number} y @param {string} anchor */
  const label = (text, x, y, anchor) => {
    element("text", { x, y, "text-anchor": anchor }, svg).textContent = text;
  };
  label(`1e${Math.round(y1)}`, MARGIN.left - 3, MARGIN.top + 8, "end");
  label(`1e${Math.round(y0)}`, MARGIN.left - 3, HEIGHT - MARGIN.bottom, "end");
  label(`Δ ${format(10 ** x0)}`, MARGIN.left, HEIGHT - 5, "start");
  label(format(10 ** x1), WIDTH - MARGIN.right, HEIGHT - 5, "end");
}

// The panel in `container`, for the page's api (window.seegrad) and its leaves' names,
// starting on the leaf `first`. Returns update(), which the page calls after every change of
// a leaf.
/**
 * @param {HTMLElement} container
 * @param {{nudge: (name: string, delta: number) => {actual: number, predicted: number}}} api
 * @param {string[]} leaves @param {string} [first]
 */
export function nudgePanel(container, api, leaves, first = leaves[0]) {
  container.innerHTML = `
    <div class="controls">
      <div><label>nudge <select></select></label>
        <label>by Δ <input type="text" value="0.1" size="6"></label></div>
      <div class="readout"></div>
      <div class="key">right, as Δ halves: <span class="actual">the root's change</span>,
        <span class="predicted">grad × Δ</span> (dashed),
        <span class="difference">their difference</span>, which falls like Δ²</div>
    </div>`;
  const select = /** @type {HTMLSelectElement} */ (container.querySelector("select"));
  const input = /** @type {HTMLInputElement} */ (container.querySelector("input"));
  const readout = /** @type {HTMLElement} */ (container.querySelector(".readout"));
  leaves.forEach((name) => {
    const option = document.createElement("option");
    option.textContent = name;
    select.appendChild(option);
  });
  if (first !== undefined) select.value = first;
  const svg = element("svg", { width: WIDTH, height: HEIGHT, class: "nudge-plot",
                               role: "img" }, container);

  // `leaf`: the leaf just changed, which the panel then nudges.
  /** @param {string} [leaf] */
  function update(leaf) {
    if (leaf !== undefined && leaves.includes(leaf)) select.value = leaf;
    const delta = Number(input.value);
    if (!select.value || !Number.isFinite(delta) || delta === 0) {
      readout.textContent = "Δ must be a number other than 0";
      return null;
    }
    const now = api.nudge(select.value, delta);
    const difference = now.actual - now.predicted;
    readout.textContent = `root changes by ${format(now.actual)}; grad × Δ predicts ` +
      `${format(now.predicted)}; difference ${format(difference)}`;
    /** @type {Row[]} */
    const rows = [];
    for (let k = 0; k < HALVINGS; k++) {
      const d = delta / 2 ** k;
      rows.push({ delta: d, ...api.nudge(select.value, d) });
    }
    plot(svg, rows);
    return { ...now, difference, rows };
  }
  select.addEventListener("change", () => update());
  input.addEventListener("input", () => update());
  update();
  return update;
}
