// The plane view: the data, each point coloured by its class, over the model's decision (each
// grid cell coloured by the class the model picks there, paler near the boundary).
import { at, decide, label, over } from "./model.js";

const GRID = 64;

/**
 * @typedef {import("./spec.js").Spec} Spec
 * @typedef {{classes: string[], positive: string, negative: string}} Colours
 * @typedef {{xlim: number[], ylim: number[]}} Plane the part of the plane drawn
 * @typedef {{width: number, height: number}} Canvas a canvas's size in pixels
 */

/** A colour "#rrggbb" as [r, g, b]. @param {string} colour */
export function hex(colour) {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
}

/** The colour a fraction t of the way from a to b. @param {number[]} a @param {number[]} b
 * @param {number} t */
export function mix(a, b, t) {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}

/**
 * A point of the plane at a pixel of the canvas, and back.
 * @param {Canvas} canvas @param {Plane} plane @param {number} px @param {number} py
 */
export function fromPixel(canvas, plane, px, py) {
  const { xlim, ylim } = plane;
  return [xlim[0] + px / canvas.width * (xlim[1] - xlim[0]),
          ylim[0] + (1 - py / canvas.height) * (ylim[1] - ylim[0])];
}

/** @param {Canvas} canvas @param {Plane} plane @param {number[]} point */
export function toPixel(canvas, plane, [x, y]) {
  const { xlim, ylim } = plane;
  return [(x - xlim[0]) / (xlim[1] - xlim[0]) * canvas.width,
          (1 - (y - ylim[0]) / (ylim[1] - ylim[0])) * canvas.height];
}

/**
 * The plane's grid points, row by row from the top, `side` to a side.
 * @param {Canvas} canvas @param {Plane} plane @param {number} side
 */
export function gridPoints(canvas, plane, side) {
  const points = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      points.push(fromPixel(canvas, plane, (c + 0.5) * canvas.width / side,
                            (r + 0.5) * canvas.height / side));
    }
  }
  return points;
}

/** How clear the largest of several scores is (0 to 1): its lead over the next, for the
 * colour's strength. @param {number[]} scores */
function lead(scores) {
  const [top, next] = [...scores].sort((a, b) => b - a);
  return Math.min(1, top - next);
}

/**
 * Draw the decision and the points of `spec` with the weights `params` into `canvas`.
 * @param {HTMLCanvasElement} canvas @param {Spec} spec @param {ArrayLike<number>} params
 * @param {Colours} colours
 */
export function drawPlane(canvas, spec, params, colours) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  const { small, image, points } = grid(canvas, spec.plane);
  const [low, high] = [hex(colours.classes[0]), hex(colours.classes[1])];
  const values = over(spec.model, params, points);
  const roots = spec.model.roots;
  const scores = new Array(roots.length);
  const data = image.data;
  for (let k = 0; k < GRID * GRID; k++) {     // each pixel, written in place: a frame allocates
    for (let j = 0; j < roots.length; j++) scores[j] = at(values, roots[j], k);
    const sure = roots.length > 1 ? lead(scores)
      : Math.min(1, Math.abs(scores[0] - spec.threshold) * 2);
    const colour = decide(scores, spec.threshold, spec.lowLabel) === 1 ? high : low;
    const t = 0.15 + 0.45 * (Number.isNaN(sure) ? 0 : sure);
    for (let ch = 0; ch < 3; ch++) data[4 * k + ch] = Math.round(255 + (colour[ch] - 255) * t);
    data[4 * k + 3] = 255;
  }
  small.ctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small.canvas, 0, 0, canvas.width, canvas.height);
  ctx.drawImage(pointsLayer(canvas, spec, colours), 0, 0);
}

/** @type {{X: number[][], targets: unknown[], key: string, layer: OffscreenCanvas} | null}
 *  the data's points as last drawn, on a canvas of their own */
let pointsDrawn = null;

/** The data's points, a circle each coloured by its class, drawn again only when the data,
 * the canvas, the part of the plane shown or the colours change (the data's arrays are new
 * whenever a row is added). @param {Canvas} canvas @param {Spec} spec @param {Colours} colours */
function pointsLayer(canvas, spec, colours) {
  const key = `${canvas.width} ${canvas.height} ${spec.plane.xlim} ${spec.plane.ylim} ` +
    `${colours.classes}`;
  if (pointsDrawn && pointsDrawn.X === spec.X && pointsDrawn.targets === spec.targets
      && pointsDrawn.key === key) return pointsDrawn.layer;
  const layer = new OffscreenCanvas(canvas.width, canvas.height);
  const ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (layer.getContext("2d"));
  const upperLabel = spec.labelValues[spec.labelValues.length - 1];
  spec.X.forEach((x, row) => {
    const [px, py] = toPixel(canvas, spec.plane, x);
    ctx.beginPath();
    ctx.arc(px, py, 5, 0, 2 * Math.PI);
    ctx.fillStyle = label(spec.targets[row]) === upperLabel ? colours.classes[1]
      : colours.classes[0];
    ctx.fill();
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
  });
  pointsDrawn = { X: spec.X, targets: spec.targets, key, layer };
  return layer;
}

/** @type {{key: string, small: {canvas: OffscreenCanvas, ctx: OffscreenCanvasRenderingContext2D},
 *            image: ImageData, points: number[][]} | null} the grid the plane was drawn on */
let drawnOn = null;

/** The plane's grid (its points, and a canvas of a pixel per point), made again only when the
 * canvas or the part of the plane drawn changes. @param {Canvas} canvas @param {Plane} plane */
function grid(canvas, plane) {
  const key = `${canvas.width} ${canvas.height} ${plane.xlim} ${plane.ylim}`;
  if (drawnOn === null || drawnOn.key !== key) {
    const small = new OffscreenCanvas(GRID, GRID);
    const ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (small.getContext("2d"));
    drawnOn = { key, small: { canvas: small, ctx }, image: ctx.createImageData(GRID, GRID),
                points: gridPoints(canvas, plane, GRID) };
  }
  return drawnOn;
}

/**
 * The row of spec.X drawn within 7 pixels of (px, py), or -1.
 * @param {Canvas} canvas @param {Spec} spec @param {number} px @param {number} py
 */
export function pointAt(canvas, spec, px, py) {
  return spec.X.findIndex((x) => {
    const [qx, qy] = toPixel(canvas, spec.plane, x);
    return Math.hypot(qx - px, qy - py) < 7;
  });
}
