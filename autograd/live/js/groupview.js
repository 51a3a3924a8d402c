// The grouped graph drawn: open groups as frames, closed ones as boxes coloured by their
// output's gradient (one scale per kind: white where it vanishes), nodes as records, and the
// edges between them with their counts. Only what lies in the window is drawn, and no text
// smaller than MIN_TEXT pixels: zoomed out, a box is its colour and its frame's title. When
// only the numbers changed (an edit, a training step) the elements drawn are repainted in
// place: a frame builds nothing; those scrolled off the screen, as they come back into view.
// Wheel to zoom about the pointer, drag to move; the page says what a click does.
import { svgElement as element } from "./dom.js";
import { format } from "./numbers.js";
import { OnScreen } from "./onscreen.js";

export const MIN_TEXT = 8;        // pixels: smaller text is not drawn
const FONT = 11;                  // a box's text, in the diagram's units
const TITLE = 12;                 // a frame's title

/**
 * @typedef {import("./layout.js").Box} Box
 * @typedef {import("./grouptree.js").Item} Item
 * @typedef {import("./grouptree.js").Edge} Edge
 * @typedef {import("./aggregates.js").Aggregate} Aggregate
 * @typedef {{items: Item[], edges: Edge[], layout: import("./layout.js").Layout,
 *            groups: import("./grouptree.js").GroupRow[], sizes: Int32Array,
 *            nodes: import("./engine.js").Node[], parameter: Uint8Array,
 *            data: ArrayLike<number>, grad: ArrayLike<number>, known: Uint8Array | null,
 *            aggregate: (g: number) => Aggregate, arrived: (g: number) => Arrived,
 *            marked: Set<string>,
 *            carried: Map<string, number>, found: string | null}} Scene
 *   what to draw: the items and edges seen, where they stand, the nodes (1 in `parameter`
 *   where a leaf is one of the parameters), the numbers (`known` 0, `arrived` false: no
 *   gradient yet, part way through a step-through), the items and
 *   edges on the marked path (with what each edge carries), the item found
 * @typedef {{delta: boolean, norm: boolean}} Arrived
 *   whether a box's output's gradient, and its parameters' all, have arrived
 * @typedef {{box: (item: Item) => void, frame: (g: number) => void,
 *            data?: (i: number, at: DOMRect) => void}} Clicks
 *   what a click on a box, on an open group's title and on a leaf's data does (no data:
 *   the numbers are not the learner's to edit)
 * @typedef {(scene: Scene, scales: Map<string, number>) => void} Painter
 */

export class GroupView {
  /** @param {HTMLElement} panel @param {Clicks} clicks */
  constructor(panel, clicks) {
    this.panel = panel;
    this.clicks = clicks;
    this.svg = /** @type {SVGSVGElement} */ (element("svg", { class: "grouped" }, panel));
    this.camera = { scale: 1, x: 0, y: 0 };      // screen = diagram * scale + (x, y)
    /** @type {Scene | null} */
    this.scene = null;
    this.pending = false;
    this.size = { width: panel.clientWidth, height: panel.clientHeight };
    /** @type {Painter[]} what repaints each box's and node's numbers on the elements drawn */
    this.painters = [];
    /** @type {OnScreen<Painter>} those of boxes on the screen, repainted with every step */
    this.onScreen = new OnScreen((paint) => {
      if (this.scene) paint(this.scene, kindScales(this.scene));
    });
    /** @type {unknown[]} what the elements drawn depend on besides the numbers */
    this.drawnFor = [];
    this.listen();
  }

  // The panel's size, read when the window changes (not on every drawing: reading it after
  // the page changed makes the browser lay the page out at once).
  resized() {
    this.size = { width: this.panel.clientWidth, height: this.panel.clientHeight };
    this.draw();
  }

  /** @param {Scene} scene */
  show(scene) {
    this.scene = scene;
    this.draw();
  }

  /** Whether a diagram of this size fits the panel with its text drawn.
   * @param {{width: number, height: number}} size */
  fits(size) {
    const scale = Math.min((this.panel.clientWidth - 16) / size.width,
                           (this.panel.clientHeight - 16) / size.height);
    return scale * FONT >= MIN_TEXT;
  }

  // The whole diagram in the panel, no larger than 1.5 times its size.
  fit() {
    if (!this.scene) return;
    const { width, height } = this.scene.layout;
    this.size = { width: this.panel.clientWidth, height: this.panel.clientHeight };
    const w = this.size.width - 16;
    const h = this.size.height - 16;
    const scale = Math.min(1.5, w / Math.max(width, 1), h / Math.max(height, 1));
    this.camera = { scale, x: (w - width * scale) / 2 + 8, y: (h - height * scale) / 2 + 8 };
    this.draw();
  }

  /** Keep the diagram point (x, y) where it is on the screen while the diagram changes.
   * @param {number} x @param {number} y @param {number} toX @param {number} toY */
  keep(x, y, toX, toY) {
    this.camera.x += (x - toX) * this.camera.scale;
    this.camera.y += (y - toY) * this.camera.scale;
  }

  /** Centre the diagram on box `box`, zoomed so its text is legible. @param {Box} box */
  centre(box) {
    const scale = Math.max(this.camera.scale, 1);
    this.camera = { scale, x: this.size.width / 2 - (box.x + box.width / 2) * scale,
                    y: this.size.height / 2 - (box.y + box.height / 2) * scale };
    this.draw();
  }

  /** The diagram on box `box` (an open group's frame), as large as fits the panel, no larger
   * than 1.5 times its size, no smaller than its text legible. @param {Box} box */
  focus(box) {
    const fits = Math.min((this.size.width - 16) / box.width, (this.size.height - 16) / box.height);
    const scale = Math.max(MIN_TEXT / FONT, Math.min(1.5, fits));
    this.camera = { scale, x: this.size.width / 2 - (box.x + box.width / 2) * scale,
                    y: Math.max(8 - box.y * scale,
                                this.size.height / 2 - (box.y + box.height / 2) * scale) };
    this.draw();
  }

  /** Move the diagram, not zooming, to put box `box` in the middle if it is not in the
   * window now. @param {Box} box */
  reveal(box) {
    const { scale, x, y } = this.camera;
    const left = box.x * scale + x;
    const top = box.y * scale + y;
    if (left >= 0 && top >= 0 && left + box.width * scale <= this.size.width &&
        top + box.height * scale <= this.size.height) return;
    this.camera = { scale, x: this.size.width / 2 - (box.x + box.width / 2) * scale,
                    y: this.size.height / 2 - (box.y + box.height / 2) * scale };
    this.draw();
  }

  /** Draw again at the next frame (while the learner drags or zooms). */
  soon() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw() {
    const scene = this.scene;
    if (!scene) return;
    const { scale, x, y } = this.camera;
    const { width, height } = this.size;
    // a marked path's edges carry numbers too: drawn afresh
    const plain = !scene.marked.size && !scene.carried.size;
    const drawnFor = [scale, x, y, width, height, scene.items, scene.edges, scene.layout,
                      scene.found, plain];
    if (plain && drawnFor.every((v, k) => v === this.drawnFor[k])) {
      const scales = kindScales(scene);
      for (const paint of this.painters) if (this.onScreen.has(paint)) paint(scene, scales);
      return;
    }
    this.drawnFor = drawnFor;
    this.painters = [];
    this.onScreen.clear();
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(height));
    const world = element("g", { transform: `translate(${x},${y}) scale(${scale})` });
    const seen = { x: -x / scale, y: -y / scale, width: width / scale, height: height / scale };
    const inView = (/** @type {Box} */ b) => b.x < seen.x + seen.width && b.x + b.width > seen.x &&
      b.y < seen.y + seen.height && b.y + b.height > seen.y;
    const words = FONT * scale >= MIN_TEXT;
    for (const [g, box] of scene.layout.frames) {
      if (inView(box)) this.frame(world, scene, g, box, TITLE * scale >= MIN_TEXT);
    }
    const edges = element("g", { class: "edges" }, world);
    for (const edge of scene.edges) {
      const a = scene.layout.boxes.get(edge.from);
      const b = scene.layout.boxes.get(edge.to);
      if (a && b && (inView(a) || inView(b))) this.edge(edges, scene, edge, a, b, words);
    }
    const scales = kindScales(scene);
    for (const item of scene.items) {
      const box = scene.layout.boxes.get(item.id);
      if (!box || !inView(box)) continue;
      if (item.group >= 0) this.box(world, scene, item, box, scales, words);
      else this.node(world, scene, item, box, words);
    }
    this.svg.replaceChildren(world);
  }

  /** @param {Element} parent @param {Scene} scene @param {number} g @param {Box} box
   * @param {boolean} words */
  frame(parent, scene, g, box, words) {
    const group = scene.groups[g];
    const at = element("g", { class: "frame", "data-group": group.name }, parent);
    element("rect", { x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }, at);
    const head = element("rect", { x: box.x, y: box.y, width: box.width, height: 18, rx: 6,
                                   class: "head" }, at);
    if (words) {
      element("text", { x: box.x + 8, y: box.y + 13, class: "title" }, at,
              `▾ ${group.name.split("/").pop()} (${group.kind}) — click to close`);
    }
    head.addEventListener("click", () => this.clicks.frame(g));
  }

  /** @param {Element} parent @param {Scene} scene @param {Item} item @param {Box} box
   * @param {Map<string, number>} scales @param {boolean} words */
  box(parent, scene, item, box, scales, words) {
    const group = scene.groups[item.group];
    const at = element("g", { class: boxClass(scene, item, "box"), "data-name": group.name },
                       parent);
    const rect = element("rect", { x: box.x, y: box.y, width: box.width, height: box.height,
                                   rx: 5 }, at);
    const corner = element("path", { d: `M${box.x + box.width - 16},${box.y} h11 a5,5 0 0 1 5,5 ` +
                                     "v11 z", class: "saturated" }, at);
    const title = element("title", {}, at);
    /** @type {(Element | undefined)[]} the lines written (three at most) */
    const texts = [];
    /** @param {Scene} now @param {Map<string, number>} kinds */
    const paint = (now, kinds) => {
      const shown = now.aggregate(item.group);
      const scale = kinds.get(group.kind) ?? 0;
      const arrived = now.arrived(item.group);
      const coloured = arrived.delta && shown.grad !== null && scale > 0 &&
        Number.isFinite(shown.grad);
      setIf(rect, "class", coloured ? (Number(shown.grad) > 0 ? "positive" : "negative") : "");
      setIf(rect, "fill-opacity", coloured
        ? String(0.55 * Math.min(1, Math.abs(Number(shown.grad)) / scale)) : "");
      setIf(corner, "display", shown.saturated > 0 ? "" : "none");
      const lines = summary(shown, arrived);
      textIf(title, `${group.name} (${group.kind}, ${now.sizes[item.group]} nodes)\n` +
        lines.join("\n") + "\nclick to open");
      if (!words) return;
      const written = [`${group.name.split("/").pop()} (${group.kind}) ▸`, ...lines].slice(0, 3);
      for (let k = 0; k < 3; k++) {
        if (k >= written.length) {
          texts[k]?.remove();
          texts[k] = undefined;
          continue;
        }
        texts[k] ??= element("text", { x: box.x + 7, y: box.y + 13 + 12 * k,
                                       class: k ? "numbers" : "name" }, at);
        textIf(/** @type {Element} */ (texts[k]), written[k]);
      }
    };
    paint(scene, scales);
    this.painters.push(paint);
    this.onScreen.add(at, paint);
    at.addEventListener("click", () => this.clicks.box(item));
  }

  /** @param {Element} parent @param {Scene} scene @param {Item} item @param {Box} box
   * @param {boolean} words */
  node(parent, scene, item, box, words) {
    const i = item.node;
    const node = scene.nodes[i];
    const leaf = node.kind !== "leaf" ? "" : scene.parameter[i] ? " parameter" : " input";
    const at = element("g", { class: boxClass(scene, item, `node ${node.kind}${leaf}`),
                              "data-name": node.name ?? "" }, parent);
    element("rect", { x: box.x, y: box.y, width: box.width, height: box.height, rx: 3 }, at);
    element("title", {}, at, `${node.name} ${node.op || node.kind}: click for its routes to the loss`);
    if (!words) return;
    element("text", { x: box.x + 6, y: box.y + 13, class: "name" }, at,
            `${node.name}${node.op ? `  ${node.op}` : ""}`);
    const data = element("text", { x: box.x + 6, y: box.y + 26, class: "numbers" }, at);
    const grad = element("text", { x: box.x + 6, y: box.y + 39, class: "numbers" }, at);
    /** @param {Scene} now */
    const paint = (now) => {
      textIf(data, `data ${format(now.data[i])}`);
      textIf(grad, `grad ${now.known && !now.known[i] ? "?" : format(now.grad[i])}`);
    };
    paint(scene);
    this.painters.push(paint);
    this.onScreen.add(at, paint);
    const edit = this.clicks.data;
    if (node.kind === "leaf" && edit) {
      data.classList.add("editable");
      data.addEventListener("click", (event) => {
        event.stopPropagation();
        edit(i, data.getBoundingClientRect());
      });
    }
    at.addEventListener("click", () => this.clicks.box(item));
  }

  /** @param {Element} parent @param {Scene} scene @param {Edge} edge @param {Box} a
   * @param {Box} b @param {boolean} words */
  edge(parent, scene, edge, a, b, words) {
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x;
    const y2 = b.y + b.height / 2;
    const bend = Math.max(30, Math.abs(x2 - x1) / 2);
    const key = `${edge.from} ${edge.to}`;
    const marked = scene.carried.has(key);
    element("path", { d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
                      class: marked ? "edge path" : "edge",
                      "stroke-width": Math.min(4, 1 + Math.log10(edge.count)) }, parent);
    if (!words) return;
    const label = [edge.count > 1 ? `×${edge.count}` : "",
                   marked ? `carries ${format(scene.carried.get(key) ?? 0)}` : ""]
      .filter(Boolean).join("  ");
    if (label) {
      element("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 4, class: marked ? "count path" : "count" },
              parent, label);
    }
  }

  listen() {
    const { svg } = this;
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const frame = svg.getBoundingClientRect();
      const px = event.clientX - frame.left;
      const py = event.clientY - frame.top;
      const factor = 2 ** (-event.deltaY / 500);
      const scale = Math.min(4, Math.max(0.01, this.camera.scale * factor));
      const k = scale / this.camera.scale;
      this.camera = { scale, x: px - (px - this.camera.x) * k, y: py - (py - this.camera.y) * k };
      this.soon();
    }, { passive: false });
    svg.addEventListener("pointerdown", (down) => {
      const start = { x: down.clientX, y: down.clientY, camera: { ...this.camera } };
      let moved = false;
      const move = (/** @type {PointerEvent} */ e) => {
        if (!moved && Math.hypot(e.clientX - start.x, e.clientY - start.y) < 4) return;
        moved = true;
        this.camera.x = start.camera.x + e.clientX - start.x;
        this.camera.y = start.camera.y + e.clientY - start.y;
        this.soon();
      };
      const up = () => {
        removeEventListener("pointermove", move);
        removeEventListener("pointerup", up);
        if (moved) addEventListener("click", (e) => e.stopPropagation(), { capture: true, once: true });
      };
      addEventListener("pointermove", move);
      addEventListener("pointerup", up);
    });
  }
}

/** An attribute set where it differs ("" removes it). @param {Element} el @param {string} name
 * @param {string} value */
function setIf(el, name, value) {
  if ((el.getAttribute(name) ?? "") === value) return;
  if (value) el.setAttribute(name, value);
  else el.removeAttribute(name);
}

/** A text set where it differs. @param {Element} el @param {string} text */
function textIf(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** A closed group's numbers, as its box writes them ("?" for what has not arrived yet).
 * @param {Aggregate} shown @param {Arrived} [arrived] */
export function summary(shown, arrived = { delta: true, norm: true }) {
  const lines = [shown.value === null ? "several outputs"
    : `${format(shown.value)} | δ ${arrived.delta ? format(shown.grad ?? NaN) : "?"}`];
  const parts = [];
  if (shown.maxAbsGradName !== null) {
    parts.push(`‖∇θ‖ ${arrived.norm ? format(shown.gradNorm) : "?"}`);
  }
  if (shown.saturated) parts.push(`${shown.saturated} saturated`);
  if (parts.length) lines.push(parts.join(" · "));
  return lines;
}

/** @param {Scene} scene @param {Item} item @param {string} base */
function boxClass(scene, item, base) {
  return [base, scene.marked.has(item.id) ? "path" : "", scene.found === item.id ? "found" : ""]
    .filter(Boolean).join(" ");
}

/** The largest |δ| of the boxes of each kind seen: one colour scale per level.
 * @param {Scene} scene */
function kindScales(scene) {
  /** @type {Map<string, number>} */
  const scales = new Map();
  for (const item of scene.items) {
    if (item.group < 0) continue;
    const kind = scene.groups[item.group].kind;
    const grad = scene.aggregate(item.group).grad;
    if (grad !== null && Number.isFinite(grad) && scene.arrived(item.group).delta) {
      scales.set(kind, Math.max(scales.get(kind) ?? 0, Math.abs(grad)));
    }
  }
  return scales;
}
