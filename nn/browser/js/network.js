// The network view: a column of neurons per layer, each showing its output over the plane, and
// a line per weight coloured by its sign and as wide as it is large. Hovering a line shows its
// value, its last gradient and the step the optimizer gave it; hovering a neuron its formula
// with the numbers and its map; a click on a line types a new value, on a neuron picks its
// part of a sample's graph. The elements are made once per network shape; a drawing only
// recolours them, and paints every neuron's map into one canvas inside the picture (under the
// neurons' rings, over the lines), so that a frame encodes no image.
import { svgElement } from "./dom.js";
import { at, over } from "./model.js";
import { format } from "./numbers.js";
import { gridPoints, hex, mix } from "./plane.js";

const MAP = 16;

/** @typedef {import("./spec.js").Spec} Spec @typedef {import("./mlp.js").Layer} Layer */

export class NetworkView {
  /**
   * @param {SVGSVGElement} svg @param {HTMLElement} card the hover card
   * @param {import("./spec.js").Page} page the page: its run, colours, plane canvas and what
   *   a click does
   */
  constructor(svg, card, page) {
    this.svg = svg;
    this.card = card;
    this.page = page;
    /** @type {Layer[] | null} the layers drawn (null: none) */
    this.layers = null;
    /** @type {[Element, number][]} each weight's line and its parameter */
    this.lines = [];
    /** @type {{cx: number, cy: number, r: number}[][]} each neuron's circle, per column */
    this.circles = [];
    /** @type {HTMLCanvasElement | null} where the maps are painted */
    this.canvas = null;
    /** @type {string[]} each line's stroke and width as last set */
    this.shown = [];
  }

  /** @param {Spec & {layers: Layer[]}} spec */
  build(spec) {
    const svg = this.svg;
    svg.replaceChildren();
    const sizes = [spec.X[0].length, ...spec.layers.map((l) => l.weights.length)];
    const [width, height] = [360, 360];
    /** @param {number} c @param {number} j */
    const place = (c, j) => [30 + c * (width - 60) / (sizes.length - 1),
                             height / 2 + (j - (sizes[c] - 1) / 2) * Math.min(40, 320 / sizes[c])];
    this.lines = [];
    spec.layers.forEach((layer, c) => {
      layer.weights.forEach((row, j) => row.forEach((p, i) => {
        const [x1, y1] = place(c, i);
        const [x2, y2] = place(c + 1, j);
        const line = svgElement("line", { x1, y1, x2, y2, class: "weight", "data-param": p },
                                svg);
        line.addEventListener("mouseenter", (e) => this.show(this.weightCard(p),
                                                             /** @type {MouseEvent} */ (e)));
        line.addEventListener("mouseleave", () => { this.card.hidden = true; });
        line.addEventListener("click", (e) => this.page.editWeight(p,
                                                                   /** @type {MouseEvent} */ (e)));
        this.lines.push([line, p]);
      }));
    });
    const holder = svgElement("foreignObject", { x: 0, y: 0, width, height,
                                                 "pointer-events": "none" }, svg);
    this.canvas = document.createElement("canvas");
    [this.canvas.width, this.canvas.height] = [width, height];
    Object.assign(this.canvas.style, { width: `${width}px`, height: `${height}px`,
                                       display: "block" });
    holder.appendChild(this.canvas);
    this.shown = [];
    this.circles = sizes.map((n, c) => {
      const r = Math.min(15, 0.45 * Math.min(40, 320 / n));
      return [...Array(n).keys()].map((j) => {
        const [cx, cy] = place(c, j);
        const circle = svgElement("circle", { cx, cy, r, class: "neuron" }, svg);
        if (c > 0) {
          circle.addEventListener("mouseenter", (e) => this.show(this.neuronCard(c - 1, j),
                                                                 /** @type {MouseEvent} */ (e)));
          circle.addEventListener("mouseleave", () => { this.card.hidden = true; });
          circle.addEventListener("click", () => this.page.selectNeuron(spec.neuronNames[c][j]));
        }
        return { cx, cy, r };
      });
    });
    this.layers = spec.layers;
  }

  draw() {
    const { spec, trainer } = this.page.run;
    const layers = spec.layers;
    if (!layers) {
      if (this.layers !== null || !this.svg.childNodes.length) this.unlaid();
      return;
    }
    if (this.layers !== layers) this.build({ ...spec, layers });
    const params = trainer.params;
    let largest = 1e-9;
    for (const w of params) largest = Math.max(largest, Math.abs(w));
    const { positive, negative } = this.page.colours;
    this.lines.forEach(([line, p], k) => {
      const w = params[p];
      const stroke = w >= 0 ? positive : negative;
      const width = (0.5 + 5 * Math.abs(w) / largest).toFixed(1);
      if (this.shown[k] === stroke + width) return;      // a line that looks the same is left
      this.shown[k] = stroke + width;
      line.setAttribute("stroke", stroke);
      line.setAttribute("stroke-width", width);
    });
    this.paintMaps({ ...spec, layers }, params);
  }

  // A model that is not neurons in layers has no picture of them: the view says so.
  unlaid() {
    this.svg.replaceChildren();
    this.layers = null;
    const text = svgElement("text", { x: 180, y: 170, "text-anchor": "middle", class: "note" },
                            this.svg);
    text.textContent = "this model is not an MLP, a Layer or a Neuron:";
    const more = svgElement("text", { x: 180, y: 190, "text-anchor": "middle", class: "note" },
                            this.svg);
    more.textContent = "its network is not drawn; the plane and curves are";
  }

  // Each neuron's output over the plane, as a small picture in its circle (blue high, red
  // low; white at 0, or at 0.5 for a sigmoid).
  /** @param {Spec & {layers: Layer[]}} spec @param {ArrayLike<number>} params */
  paintMaps(spec, params) {
    const canvas = /** @type {HTMLCanvasElement} */ (this.canvas);
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.setTransform(canvas.width / 360, 0, 0, canvas.height / 360, 0, 0);
    ctx.clearRect(0, 0, 360, 360);
    const all = this.neuronValues(spec, params, gridPoints(this.page.plane, spec.plane, MAP));
    const small = mapCanvas();
    const image = small.image;
    const [up, down] = [hex(this.page.colours.positive), hex(this.page.colours.negative)];
    this.circles.forEach((column, c) => column.forEach(({ cx, cy, r }, j) => {
      const activation = c === 0 ? "linear" : spec.layers[c - 1].activation;
      const centre = activation === "sigmoid" ? 0.5 : 0;
      const values = all[c][j];
      let scale = activation === "sigmoid" ? 0.5 : activation === "tanh" ? 1 : 1e-9;
      if (scale === 1e-9) {
        for (let k = 0; k < values.length; k++) scale = Math.max(scale, Math.abs(values[k]));
      }
      for (let k = 0; k < values.length; k++) {
        const v = values[k] - centre;
        const t = Math.min(1, Math.abs(v) / scale) || 0;
        const colour = v >= 0 ? up : down;
        for (let ch = 0; ch < 3; ch++) {
          image.data[4 * k + ch] = Math.round(255 + (colour[ch] - 255) * t);
        }
        image.data[4 * k + 3] = 255;
      }
      small.ctx.putImageData(image, 0, 0);
      ctx.save();
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      ctx.clip();
      ctx.drawImage(small.canvas, cx - r, cy - r, 2 * r, 2 * r);
      ctx.restore();
    }));
  }

  // Each neuron's output (inputs first) at each point: per column of the network, per neuron,
  // a list of one value per point, read from the model's program run over the points.
  /**
   * @param {Spec} spec @param {ArrayLike<number>} params @param {number[][]} points
   * @returns {ArrayLike<number>[][]}
   */
  neuronValues(spec, params, points) {
    const values = over(spec.model, params, points, (spec.model.neurons ?? []).flat());
    const inputs = spec.X[0].map((_, i) => points.map((p) => p[i]));
    return [inputs, ...(spec.model.neurons ?? []).map((column) => column.map((node) => {
      const v = values[node];
      return v instanceof Float64Array ? v : points.map((_, k) => at(values, node, k));
    }))];
  }

  /** @param {HTMLElement[]} content @param {MouseEvent} event */
  show(content, event) {
    this.card.replaceChildren(...content);
    this.card.hidden = false;
    this.card.style.left = `${event.pageX + 14}px`;
    this.card.style.top = `${event.pageY + 10}px`;
  }

  // What the optimizer did to the weight in the last step (its rule is Python's, nn/training/optim.py).
  /** @param {number} p */
  updateFormula(p) {
    const { trainer } = this.page.run;
    if (trainer.moved === null) return "no step taken yet";
    const o = trainer.optimizer;
    return `${o.declared.label} (lr ${format(o.lr)}) moved it by ${format(trainer.moved[p])} ` +
      "in the last step";
  }

  /** @param {number} p */
  weightCard(p) {
    const { spec, trainer } = this.page.run;
    const g = trainer.grads ? trainer.grads[p] : null;
    return [line(`${spec.paramNames[p]} = ${format(trainer.params[p])}`, "title"),
            line(`d loss / d ${spec.paramNames[p]} = ${g === null ? "?" : format(g)} ` +
                 "(the last step's batch)"),
            line(this.updateFormula(p)), line("click to type a new value", "hint")];
  }

  /** @param {number} layer @param {number} j */
  neuronCard(layer, j) {
    const { spec, trainer } = this.page.run;
    const { weights, biases, activation } = (spec.layers ?? [])[layer];
    const inputs = spec.neuronNames[layer];
    /** @param {number} x @param {boolean} first */
    const signed = (x, first) => (x < 0 ? `${first ? "−" : " − "}${format(-x)}`
      : `${first ? "" : " + "}${format(x)}`);
    const terms = weights[j].map((p, i) => `${signed(trainer.params[p], i === 0)}·${inputs[i]}`);
    const b = biases === null ? "" : signed(trainer.params[biases[j]], false);
    const map = document.createElement("canvas");
    map.width = map.height = 160;
    this.drawMap(map, layer + 1, j);
    return [line(`${spec.neuronNames[layer + 1][j]} = ${activation}(${terms.join("")}${b})`,
                 "title"), map, line("its output over the plane (blue high, red low)", "hint")];
  }

  /** @param {HTMLCanvasElement} canvas @param {number} column @param {number} j */
  drawMap(canvas, column, j) {
    const { spec, trainer } = this.page.run;
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    const n = 40;
    const points = gridPoints(this.page.plane, spec.plane, n);
    const values = Array.from(this.neuronValues(spec, trainer.params, points)[column][j]);
    const top = Math.max(1e-9, ...values.map(Math.abs));
    const white = [255, 255, 255];
    const { positive, negative } = this.page.colours;
    values.forEach((v, k) => {
      const rgb = mix(white, hex(v >= 0 ? positive : negative), Math.abs(v) / top);
      ctx.fillStyle = `rgb(${rgb.join(",")})`;
      ctx.fillRect((k % n) * canvas.width / n, Math.floor(k / n) * canvas.height / n,
                   canvas.width / n + 1, canvas.height / n + 1);
    });
  }
}

/** @param {string} text */
function line(text, cls = "") {
  const p = document.createElement("div");
  p.textContent = text;
  if (cls) p.className = cls;
  return p;
}

/** @type {{canvas: OffscreenCanvas, ctx: OffscreenCanvasRenderingContext2D, image: ImageData}
 *  | null} one neuron's map, painted then drawn into its circle: made once */
let made = null;

function mapCanvas() {
  if (!made) {
    const canvas = new OffscreenCanvas(MAP, MAP);
    const ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext("2d"));
    made = { canvas, ctx, image: ctx.createImageData(MAP, MAP) };
  }
  return made;
}
