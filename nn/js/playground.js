// The playground page: a network trained live, with fit's numbers (training.js), its data and
// decision over the plane, the network, and the loss and accuracy of every epoch on the
// training and the test rows. See nn/playground.py; window.playground is its interface.
import { forward, run } from "./engine.js";
import { fields, fitWidth, rewrite } from "./records.js";
import { format } from "./numbers.js";
import { OPS } from "./ops.js";
import { dataset } from "./datasets.js";
import { initialWeights, layers, template } from "./model_graph.js";
import { Trainer } from "./training.js";

const spec = JSON.parse(document.getElementById("data").textContent);
const colours = JSON.parse(document.getElementById("colours").textContent);
const start = { params: [...spec.params], X: spec.X.map((r) => [...r]),
                targets: spec.targets.map((t) => (Array.isArray(t) ? [...t] : t)) };
let trainer = new Trainer(spec);
let history = { loss: [], accuracy: [], testLoss: [], testAccuracy: [], steps: 0 };
let playing = false;
let stepsPerSecond = 0;

// --- the model as arrays: each layer's W x + b through its activation (the op table's) ---

// Every layer's outputs for the input x: [x, layer 1's, ..., the model's].
function activations(params, x) {
  const all = [x];
  for (const layer of spec.layers) {
    const a = all[all.length - 1];
    all.push(layer.weights.map((row, j) => {
      let z = layer.biases === null ? 0 : params[layer.biases[j]];
      row.forEach((p, i) => { z += params[p] * a[i]; });
      return layer.activation === "linear" ? z : OPS[layer.activation].forward(z);
    }));
  }
  return all;
}

function outputs(params, x) {
  const all = activations(params, x);
  return all[all.length - 1];
}

// Every layer's outputs at many points at once, layer by layer over typed arrays: what the
// plane and the neurons' maps draw, 4,096 points a step, without an array per point.
// Returns, per column of the network, a Float64Array of points x neurons.
function gridActivations(params, points) {
  const n = points.length;
  let a = new Float64Array(n * 2);
  points.forEach(([x, y], k) => { a[2 * k] = x; a[2 * k + 1] = y; });
  const all = [a];
  let width = 2;
  for (const layer of spec.layers) {
    const m = layer.weights.length;
    const out = new Float64Array(n * m);
    const act = layer.activation === "linear" ? null : OPS[layer.activation].forward;
    layer.weights.forEach((row, j) => {
      const b = layer.biases === null ? 0 : params[layer.biases[j]];
      const w = row.map((p) => params[p]);
      for (let k = 0; k < n; k++) {
        let z = b;
        for (let i = 0; i < width; i++) z += w[i] * a[k * width + i];
        out[k * m + j] = act === null ? z : act(z);
      }
    });
    all.push(out);
    a = out;
    width = m;
  }
  return all;
}

// The plane's grid points, row by row from the top, `side` to a side.
function gridPoints(side) {
  const points = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      points.push(fromPixel((c + 0.5) * plane.width / side, (r + 0.5) * plane.height / side));
    }
  }
  return points;
}

// Which class an output means (nn/classes.py): the largest of several outputs; for one, the
// upper label where it reaches the threshold midway between the labels.
function decide(scores) {
  if (scores.length > 1) return scores.indexOf(Math.max(...scores));
  const labels = spec.labelValues;
  return scores[0] >= spec.threshold ? labels[labels.length - 1] : labels[0];
}

function label(target) {
  return Array.isArray(target) ? target[0] : target;
}

// The loss (mean, or sum with reduction "sum") and accuracy of rows X with targets, now.
function measure(X, targets) {
  if (!X.length) return [null, null];
  const measurer = new Trainer({ ...spec, X, targets });
  measurer.params = trainer.params;
  let total = 0;
  let right = 0;
  X.forEach((x, row) => {
    const program = measurer.batchProgram([row]);
    const { data } = forward(program);
    total += data ? data[program.nodes.length - 1] : NaN;
    if (decide(outputs(trainer.params, x)) === label(targets[row])) right += 1;
  });
  return [spec.reduction === "sum" ? total : total / X.length, right / X.length];
}

// The run's timeline: a snapshot of the trainer at the start and after every epoch, so the
// page can go back to any epoch (seek) and train on from there (fork).
let timeline = [trainer.snapshot()];
let viewing = null;                 // the epoch seek went to, until training goes on

function endOfEpoch() {
  timeline.push(trainer.snapshot());
  const [loss, accuracy] = measure(spec.X, spec.targets);
  const [testLoss, testAccuracy] = measure(spec.testX, spec.testTargets);
  history.loss.push(loss);
  history.accuracy.push(accuracy);
  history.testLoss.push(testLoss);
  history.testAccuracy.push(testAccuracy);
}

// Go back to the trainer as it was after `epoch` epochs (0: the start).
function seek(epoch) {
  if (!(epoch >= 0 && epoch < timeline.length)) {
    throw new Error(`epoch ${epoch} is not on the timeline (0 to ${timeline.length - 1})`);
  }
  trainer.restore(timeline[epoch]);
  viewing = epoch;
  draw();
  return Array.from(trainer.params);
}

// Train on from the epoch seek went to: what came after it is dropped.
function fork() {
  if (viewing === null) return timeline.length - 1;
  timeline = timeline.slice(0, viewing + 1);
  history = { loss: history.loss.slice(0, viewing), accuracy: history.accuracy.slice(0, viewing),
              testLoss: history.testLoss.slice(0, viewing),
              testAccuracy: history.testAccuracy.slice(0, viewing),
              steps: timeline[viewing].steps };
  viewing = null;
  return timeline.length - 1;
}

function step(n = 1) {
  fork();
  for (let k = 0; k < n; k++) {
    trainer.step();
    history.steps += 1;
    if (trainer.start >= trainer.order.length) endOfEpoch();
  }
  draw();
  return Array.from(trainer.params);
}

// --- drawing ---------------------------------------------------------------------------------

const plane = document.getElementById("plane");
const GRID = 64;

function toPixel([x, y]) {
  const { xlim, ylim } = spec.plane;
  return [(x - xlim[0]) / (xlim[1] - xlim[0]) * plane.width,
          (1 - (y - ylim[0]) / (ylim[1] - ylim[0])) * plane.height];
}

function fromPixel(px, py) {
  const { xlim, ylim } = spec.plane;
  return [xlim[0] + px / plane.width * (xlim[1] - xlim[0]),
          ylim[0] + (1 - py / plane.height) * (ylim[1] - ylim[0])];
}

function hex(colour) {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
}

function mix(a, b, t) {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}

// Each grid cell coloured by the class the model picks there, paler near the boundary.
function drawPlane() {
  const ctx = plane.getContext("2d");
  const image = ctx.createImageData(GRID, GRID);
  const [low, high] = [hex(colours.classes[0]), hex(colours.classes[1])];
  const white = [255, 255, 255];
  const all = gridActivations(trainer.params, gridPoints(GRID));
  const last = all[all.length - 1];
  const m = last.length / (GRID * GRID);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const at = (r * GRID + c) * m;
      const scores = Array.from(last.subarray(at, at + m));
      const sure = scores.length > 1
        ? softmaxTop(scores)
        : Math.min(1, Math.abs(scores[0] - spec.threshold) * 2);
      const upper = scores.length > 1 ? decide(scores) === 1 : scores[0] >= spec.threshold;
      const rgb = mix(white, upper ? high : low, 0.15 + 0.45 * sure);
      image.data.set([...rgb, 255], (r * GRID + c) * 4);
    }
  }
  const small = new OffscreenCanvas(GRID, GRID);
  small.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, plane.width, plane.height);
  const upperLabel = spec.labelValues[spec.labelValues.length - 1];
  spec.X.forEach((x, row) => {
    const [px, py] = toPixel(x);
    ctx.beginPath();
    ctx.arc(px, py, 5, 0, 2 * Math.PI);
    ctx.fillStyle = label(spec.targets[row]) === upperLabel ? colours.classes[1]
      : colours.classes[0];
    ctx.fill();
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
  });
}

function softmaxTop(scores) {
  const top = Math.max(...scores);
  const sum = scores.reduce((s, v) => s + Math.exp(v - top), 0);
  return Math.min(1, (1 / sum - 1 / scores.length) * 2);
}

const SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes, parent) {
  const e = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, v));
  parent.appendChild(e);
  return e;
}

// The network: a column of neurons per layer, each showing its output over the plane, and a
// line per weight coloured by its sign and as wide as it is large; hovering a line shows its
// value. The elements are made once per network shape; each drawing only recolours them.
let network = null;

function buildNetwork(sizes) {
  const svg = document.getElementById("network");
  svg.replaceChildren();
  const [width, height] = [360, 360];
  const place = (c, j) => [30 + c * (width - 60) / (sizes.length - 1),
                           height / 2 + (j - (sizes[c] - 1) / 2) * Math.min(40, 320 / sizes[c])];
  const lines = [];
  spec.layers.forEach((layer, c) => {
    layer.weights.forEach((row, j) => row.forEach((p, i) => {
      const [x1, y1] = place(c, i);
      const [x2, y2] = place(c + 1, j);
      const line = svgElement("line", { x1, y1, x2, y2, class: "weight", "data-param": p }, svg);
      line.addEventListener("mouseenter", (e) => showCard(weightCard(p), e));
      line.addEventListener("mouseleave", hideCard);
      line.addEventListener("click", (e) => editWeight(p, e));
      lines.push([line, p]);
    }));
  });
  const defs = svgElement("defs", {}, svg);
  const images = sizes.map((n, c) => {
    const r = Math.min(15, 0.45 * Math.min(40, 320 / n));
    return [...Array(n).keys()].map((j) => {
      const [cx, cy] = place(c, j);
      const clip = svgElement("clipPath", { id: `clip-${c}-${j}` }, defs);
      svgElement("circle", { cx, cy, r }, clip);
      const image = svgElement("image", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r,
        "clip-path": `url(#clip-${c}-${j})`, preserveAspectRatio: "none" }, svg);
      const circle = svgElement("circle", { cx, cy, r, class: "neuron" }, svg);
      if (c > 0) {
        circle.addEventListener("mouseenter", (e) => showCard(neuronCard(c - 1, j), e));
        circle.addEventListener("mouseleave", hideCard);
        circle.addEventListener("click", () => selectNeuron(spec.neuronNames[c][j]));
      }
      return image;
    });
  });
  return { layers: spec.layers, lines, images };
}

function drawNetwork() {
  const sizes = [spec.X[0].length, ...spec.layers.map((l) => l.weights.length)];
  if (!network || network.layers !== spec.layers) network = buildNetwork(sizes);
  const largest = Math.max(1e-9, ...Array.from(trainer.params, Math.abs));
  for (const [line, p] of network.lines) {
    const w = trainer.params[p];
    line.setAttribute("stroke", w >= 0 ? colours.positive : colours.negative);
    line.setAttribute("stroke-width", 0.5 + 5 * Math.abs(w) / largest);
  }
  const maps = neuronMaps(sizes);
  network.images.forEach((column, c) => column.forEach((image, j) => {
    image.setAttribute("href", maps[c][j]);
  }));
}

// Each neuron's output over the plane, as a small picture (blue high, red low; white at 0, or
// at 0.5 for a sigmoid): what the circle shows.
const MAP = 16;
function neuronMaps(sizes) {
  const all = gridActivations(trainer.params, gridPoints(MAP));
  return sizes.map((n, column) => [...Array(n).keys()].map((j) => {
    const activation = column === 0 ? "linear" : spec.layers[column - 1].activation;
    const centre = activation === "sigmoid" ? 0.5 : 0;
    const values = [...Array(MAP * MAP).keys()].map((k) => all[column][k * n + j] - centre);
    return picture(values, activation === "sigmoid" ? 0.5
      : activation === "tanh" ? 1 : Math.max(1e-9, ...values.map(Math.abs)));
  }));
}

function picture(values, scale) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = MAP;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(MAP, MAP);
  const white = [255, 255, 255];
  values.forEach((v, k) => {
    const t = Math.min(1, Math.abs(v) / scale);
    image.data.set([...mix(white, hex(v >= 0 ? colours.positive : colours.negative), t), 255],
                   k * 4);
  });
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL();
}

// --- hover cards: a weight's value, gradient and update; a neuron's formula and map ---------

const card = document.getElementById("card");

function showCard(content, event) {
  card.replaceChildren(...content);
  card.hidden = false;
  card.style.left = `${event.pageX + 14}px`;
  card.style.top = `${event.pageY + 10}px`;
}

function hideCard() {
  card.hidden = true;
}

function line(text, cls = "") {
  const p = document.createElement("div");
  p.textContent = text;
  if (cls) p.className = cls;
  return p;
}

// The update the weight got in the last step, with its numbers, as the optimizer wrote it.
function updateFormula(p) {
  const g = trainer.grads ? trainer.grads[p] : null;
  const o = trainer.optimizer;
  if (g === null) return "no step taken yet";
  if (spec.optimizer.kind === "adam") {
    const m = o.m[p] / (1 - o.beta1 ** o.t);
    const v = o.v[p] / (1 - o.beta2 ** o.t);
    return `Adam: w ← w − lr · m̂ / (√v̂ + ε), m̂ = ${format(m)}, √v̂ = ${format(Math.sqrt(v))},` +
      ` lr = ${format(o.lr)}: a step of ${format(-o.lr * m / (Math.sqrt(v) + o.eps))}`;
  }
  return `SGD: w ← w − lr · g = w − ${format(o.lr)} × ${format(g)}: a step of ` +
    `${format(-o.lr * (o.buffers ? o.buffers[p] : g))}`;
}

function weightCard(p) {
  const g = trainer.grads ? trainer.grads[p] : null;
  return [line(`${spec.paramNames[p]} = ${format(trainer.params[p])}`, "title"),
          line(`d loss / d ${spec.paramNames[p]} = ${g === null ? "?" : format(g)} ` +
               "(the last step's batch)"),
          line(updateFormula(p)), line("click to type a new value", "hint")];
}

function neuronCard(layer, j) {
  const { weights, biases, activation } = spec.layers[layer];
  const inputs = spec.neuronNames[layer];
  const signed = (x, first) => (x < 0 ? `${first ? "−" : " − "}${format(-x)}`
    : `${first ? "" : " + "}${format(x)}`);
  const terms = weights[j].map((p, i) => `${signed(trainer.params[p], i === 0)}·${inputs[i]}`);
  const b = biases === null ? "" : signed(trainer.params[biases[j]], false);
  const map = document.createElement("canvas");
  map.width = map.height = 160;
  drawMap(map, layer + 1, j);
  return [line(`${spec.neuronNames[layer + 1][j]} = ${activation}(${terms.join("")}${b})`,
               "title"), map, line("its output over the plane (blue high, red low)", "hint")];
}

function drawMap(canvas, column, j) {
  const ctx = canvas.getContext("2d");
  const n = 40;
  const values = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const point = fromPixel((c + 0.5) * plane.width / n, (r + 0.5) * plane.height / n);
      values.push(activations(trainer.params, point)[column][j]);
    }
  }
  const top = Math.max(1e-9, ...values.map(Math.abs));
  const white = [255, 255, 255];
  values.forEach((v, k) => {
    const rgb = mix(white, hex(v >= 0 ? colours.positive : colours.negative), Math.abs(v) / top);
    ctx.fillStyle = `rgb(${rgb.join(",")})`;
    ctx.fillRect((k % n) * canvas.width / n, Math.floor(k / n) * canvas.height / n,
                 canvas.width / n + 1, canvas.height / n + 1);
  });
}

function editWeight(p, event) {
  const input = document.getElementById("weight-editor");
  input.hidden = false;
  input.value = String(trainer.params[p]);
  input.style.left = `${event.pageX}px`;
  input.style.top = `${event.pageY}px`;
  input.focus();
  input.select();
  input.onkeydown = (e) => {
    if (e.key === "Enter" && Number.isFinite(Number(input.value))) {
      window.playground.setParam(p, Number(input.value));
      input.hidden = true;
    }
    if (e.key === "Escape") input.hidden = true;
  };
}

// Loss (left axis) and accuracy (right) of every epoch: training solid, test dashed.
function drawCurves() {
  const svg = document.getElementById("curves");
  svg.replaceChildren();
  const [width, height, left, bottom] = [360, 260, 40, 24];
  const epochs = history.loss.length;
  if (!epochs) return;
  const losses = [...history.loss, ...history.testLoss].filter((v) => v !== null);
  const top = Math.max(...losses) || 1;
  const x = (e) => left + e / Math.max(1, epochs - 1) * (width - left - 10);
  const line = (values, scale, cls) => {
    const points = values.map((v, e) => (v === null ? null : `${x(e)},${
      height - bottom - v / scale * (height - bottom - 10)}`)).filter(Boolean);
    if (points.length) svgElement("polyline", { points: points.join(" "), class: cls }, svg);
  };
  line(history.loss, top, "loss train");
  line(history.testLoss, top, "loss test");
  line(history.accuracy, 1, "accuracy train");
  line(history.testAccuracy, 1, "accuracy test");
  const text = (t, tx, ty, anchor = "start") => {
    svgElement("text", { x: tx, y: ty, "text-anchor": anchor }, svg).textContent = t;
  };
  text(format(top), left - 4, 16, "end");
  text("0", left - 4, height - bottom, "end");
  text(`epoch ${epochs}`, width - 10, height - 6, "end");
}

// Inside a notebook widget (autograd/live/js/widget.js) the kernel's model follows the page's
// weights: sent after every drawing, at most four times a second while playing.
let sent = 0;
function tellTheKernel() {
  if (window.parent === window || (playing && performance.now() - sent < 250)) return;
  sent = performance.now();
  window.parent.postMessage({ seegrad: "changed", name: "params",
                              value: Array.from(trainer.params) }, "*");
}
addEventListener("message", (event) => {
  const message = event.data;
  if (event.source === window.parent && message && message.seegrad === "set") {
    set(message.name, message.value);
  }
});

// --- the graph of one sample: its loss's scalar graph, as the live page draws it -----------

let sampleRow = null;
let sampleTexts = null;

// The template of row `row`'s loss with its numbers: the parameters now, the row's inputs and
// targets; node i is the picture's n<i>.
function sampleProgram(row) {
  const target = spec.targets[row];
  const key = Array.isArray(target) ? "all" : String(target);
  const template = spec.templates[key];
  const data = new Map(template.params.map((i, p) => [i, trainer.params[p]]));
  template.inputs.forEach((i, k) => data.set(i, spec.X[row][k]));
  if (Array.isArray(target)) template.targets.forEach((i, j) => data.set(i, target[j]));
  return [key, { nodes: template.nodes.map((n, i) => (data.has(i) ? { ...n, data: data.get(i) }
                                                                 : n)) }];
}

// A graph too large to draw whole is drawn through one neuron (nn/sample_pictures.py): the
// one clicked in the network, at first the output neuron.
let sampleNeuron = null;

function selectSample(row) {
  const panel = document.getElementById("sample");
  const [key] = sampleProgram(row);
  const views = spec.sampleGraphs[key];
  if (!views) {
    panel.textContent = "the graph of one sample is laid out by Python for the network and " +
      "loss the page began with: after a reshape or another loss it has no picture";
    sampleRow = null;
    return;
  }
  const neurons = spec.neuronNames.slice(1).flat();
  if (!neurons.includes(sampleNeuron)) sampleNeuron = neurons[neurons.length - 1];
  const view = views.whole || views.neurons[sampleNeuron];
  sampleRow = row;
  panel.innerHTML = views.whole ? view.svg : views.layouts[view.layout];
  panel.scrollTo(0, 0);
  const svg = panel.querySelector("svg");
  if (view.names) {
    for (const t of svg.querySelectorAll("text")) {
      if (Object.hasOwn(view.names, t.textContent)) t.textContent = view.names[t.textContent];
    }
  }
  sampleTexts = [];
  view.nodes.forEach((node, i) => { sampleTexts[node] = fields(svg, i); });
  fitWidth(panel, svg);
  if (!views.whole) showNeuron(panel, svg, sampleNeuron);
  const x = `x = (${spec.X[row].map(format).join(", ")})`;
  document.getElementById("sample-caption").textContent = views.whole
    ? `the graph of row ${row}'s loss, ${x}: every number follows as training runs`
    : `row ${row}'s loss graph (${x}) through neuron ${sampleNeuron}, from its inputs to ` +
      "the next layer (to the loss from an output neuron); click a neuron for its part. " +
      "Every number follows as training runs";
  drawSample();
}

// Scroll the panel to the box of the neuron drawn.
function showNeuron(panel, svg, name) {
  const label = [...svg.querySelectorAll("g.cluster text")].find((t) => t.textContent === name);
  if (!label) return;
  const [box, frame] = [label.parentNode.getBoundingClientRect(), panel.getBoundingClientRect()];
  panel.scrollTo(box.left - frame.left - 20, box.top - frame.top - 20);
}

function selectNeuron(name) {
  sampleNeuron = name;
  if (sampleRow !== null) selectSample(sampleRow);
}

function drawSample() {
  if (sampleRow === null) return;
  const result = run(sampleProgram(sampleRow)[1]);
  if (!result.error) rewrite(sampleTexts, result);
}

function drawTimeline() {
  const slider = document.getElementById("timeline");
  slider.max = String(timeline.length - 1);
  slider.value = String(viewing === null ? timeline.length - 1 : viewing);
  document.getElementById("timeline-label").textContent = viewing === null
    ? `epoch ${timeline.length - 1}` : `back at epoch ${viewing} of ${timeline.length - 1}`;
  document.getElementById("fork").disabled = viewing === null;
}

function draw() {
  tellTheKernel();
  drawTimeline();
  drawSample();
  drawPlane();
  drawNetwork();
  drawCurves();
  const last = history.loss.length - 1;
  document.getElementById("status").textContent = last < 0 ? `step ${history.steps}` :
    `epoch ${last + 1} · step ${history.steps} · loss ${format(history.loss[last])} · ` +
    `accuracy ${Math.round(history.accuracy[last] * 100)}%` +
    (history.testLoss[last] === null ? "" : ` · test loss ${format(history.testLoss[last])},` +
      ` accuracy ${Math.round(history.testAccuracy[last] * 100)}%`) +
    (playing ? ` · ${Math.round(stepsPerSecond)} steps/s` : "");
}

// --- playing, the controls, and the interface ----------------------------------------------

// Playing: `speed` steps, then every view redrawn, once a frame (at speed 1 a learner sees
// every step); stepsPerSecond is measured over the last second.
let speed = 1;
let recent = [];
function play() {
  if (!playing) return;
  for (let k = 0; k < speed; k++) {
    trainer.step();
    history.steps += 1;
    if (trainer.start >= trainer.order.length) endOfEpoch();
  }
  draw();
  const now = performance.now();
  recent = [...recent.filter((t) => now - t[0] < 1000), [now, speed]];
  const span = (now - recent[0][0]) / 1000;
  stepsPerSecond = span > 0 ? recent.slice(1).reduce((s, t) => s + t[1], 0) / span : 0;
  requestAnimationFrame(play);
}

function setPlaying(on) {
  playing = Boolean(on);
  if (playing) fork();
  document.getElementById("play").textContent = playing ? "❚❚ pause" : "▶ play";
  if (playing) requestAnimationFrame(play);
}

function set(name, value) {
  const o = trainer.optimizer;
  if (name === "lr") o.lr = Number(value);
  else if (name === "batch_size") spec.batchSize = value === null ? spec.X.length : Number(value);
  else if (name === "optimizer" || name === "momentum") {
    const momentum = name === "momentum" ? Number(value) : 0;
    spec.optimizer = { ...spec.optimizer, kind: name === "optimizer" ? value : "sgd",
                       lr: o.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, momentum,
                       weightDecay: 0 };
    const params = trainer.params;
    const state = { order: trainer.order, start: trainer.start, random: trainer.random };
    trainer = Object.assign(new Trainer(spec), state, { params });
  } else if (name === "loss") setLoss(value);
  else if (name === "speed") speed = Math.max(1, Math.round(Number(value)));
  else if (name === "playing") setPlaying(value);
  else {
    throw new Error(`${name} is not a setting (lr, batch_size, optimizer, momentum, loss, ` +
                    "speed, playing)");
  }
  syncControls();
}

function reset() {
  setPlaying(false);
  spec.params = [...start.params];
  spec.X = start.X.map((r) => [...r]);
  spec.targets = start.targets.map((t) => (Array.isArray(t) ? [...t] : t));
  trainer = new Trainer(spec);
  history = { loss: [], accuracy: [], testLoss: [], testAccuracy: [], steps: 0 };
  timeline = [trainer.snapshot()];
  viewing = null;
  syncControls();
  draw();
}

// A new set of points (see datasets.js): `share` of them kept aside as test rows. Training
// starts again from the starting weights.
function newData(name, { n = 200, noise = 0.1, share = 0.25, seed = 0 } = {}) {
  const labels = spec.labelValues;
  const points = dataset(name, n, noise, seed);
  const target = (k) => {
    const value = labels[k === 1 ? labels.length - 1 : 0];
    return spec.lossName === "cross_entropy" ? value : [value];
  };
  const cut = Math.round(points.length * (1 - share));
  start.X = points.slice(0, cut).map(([p]) => p);
  start.targets = points.slice(0, cut).map(([, k]) => target(k));
  spec.testX = points.slice(cut).map(([p]) => p);
  spec.testTargets = points.slice(cut).map(([, k]) => target(k));
  const all = points.map(([p]) => p);
  const span = (i) => [Math.min(...all.map((p) => p[i])), Math.max(...all.map((p) => p[i]))];
  spec.plane = { xlim: pad(span(0)), ylim: pad(span(1)) };
  sampleRow = null;
  document.getElementById("dataset").value = name;
  reset();
  return spec.X.length;
}

// A reshaped network (an MLP's hidden layers and their activations: one for all, or a list,
// one per layer), built here as nn builds it (model_graph.js: the same starting weights as
// MLP(..., seed=seed), the same graph), so it trains with fit's numbers too. Training starts
// again.
function reshape(hidden, activation, seed = 0) {
  const a = spec.file.architecture;
  if (!a || a.class !== "MLP") throw new Error("only an MLP can be reshaped on the page");
  const sizes = [a.nin, ...hidden.map(Number), a.nouts[a.nouts.length - 1]];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`layer sizes must be whole numbers >= 1, got ${hidden.join(", ")}`);
  }
  const params = initialWeights(sizes, seed, a.bias);
  spec.layers = layers(sizes, activation, a.output_activation, a.bias);
  rebuildTemplates(params);
  const named = Array.isArray(activation) && new Set(activation).size === 1 ? activation[0]
    : activation;
  spec.file.architecture = { ...a, nouts: sizes.slice(1), activation: named };
  spec.file.keys = spec.layers.flatMap((layer, c) => layer.weights.flatMap((row, j) => [
    [`layers.${c}.neurons.${j}.w`, row.length],
    ...(layer.biases ? [[`layers.${c}.neurons.${j}.b`, 1]] : [])]));
  spec.paramNames = spec.layers.flatMap((layer, c) => layer.weights.flatMap((row, j) => [
    ...row.map((_, i) => `w${c + 1}[${j},${i}]`), ...(layer.biases ? [`b${c + 1}[${j}]`] : [])]));
  spec.neuronNames = sizes.map((n, c) => [...Array(n).keys()].map((j) =>
    (c === 0 ? `x[${j}]` : `n${c}[${j}]`)));
  spec.sampleGraphs = {};           // laid out by Python: not for a network reshaped here
  start.params = params;
  document.querySelector("h1").textContent = `MLP(${sizes.map((n, c) => (c === 0 ? n
    : `${n} ${spec.layers[c - 1].activation}`)).join(" -> ")}, ${params.length} parameters)`;
  reset();
  return params.length;
}

// One sample's loss graph again (model_graph.js), for the network and the loss as they are.
function rebuildTemplates(params) {
  const outputs = spec.layers[spec.layers.length - 1].weights.length;
  const make = (label) => template({ layout: spec.layers, params, loss: spec.lossName,
    x0: spec.X[0], t0: Array.isArray(spec.targets[0]) ? spec.targets[0] : [], label });
  spec.templates = spec.lossName === "cross_entropy"
    ? Object.fromEntries([...Array(outputs).keys()].map((k) => [k, make(k)]))
    : { all: make(null) };
}

// Another loss, while training goes on: mse or bce (bce needs a sigmoid output, as fit says).
function setLoss(name) {
  const last = spec.layers[spec.layers.length - 1].activation;
  if (!["mse", "bce"].includes(name) || spec.lossName === "cross_entropy") {
    throw new Error(`the page changes the loss between mse and bce, not to ${name}`);
  }
  if (name === "bce" && last !== "sigmoid") {
    throw new Error(`loss bce needs probabilities, but the output activation is ${last}`);
  }
  spec.lossName = name;
  rebuildTemplates(Array.from(trainer.params));
  spec.sampleGraphs = {};
}

function pad([low, high]) {
  const margin = Math.max(high - low, 1e-9) * 0.25;
  return [low - margin, high + margin];
}

function addPoint(x, y, cls) {
  spec.X.push([Number(x), Number(y)]);
  spec.targets.push(spec.lossName === "cross_entropy" ? Number(cls) : [Number(cls)]);
  trainer.order.push(spec.X.length - 1);
  draw();
  return spec.X.length;
}

function exported() {
  const state = {};
  let at = 0;
  for (const [key, n] of spec.file.keys) {
    state[key] = Array.from(trainer.params.slice(at, at + n));
    at += n;
  }
  return {
    format: spec.file.format, version: spec.file.version,
    architecture: spec.file.architecture, state,
    history: { loss: history.loss, accuracy: history.accuracy, stopped_early: false,
               interrupted: false, diverged: false, steps: history.steps,
               loss_label: `${spec.lossName}: ${spec.reduction} over the ${spec.X.length} rows` },
    data: { X: spec.X, targets: spec.targets },
  };
}

// Python that rebuilds this model from its starting weights and trains it with fit as the
// page has (with the settings as they are now): run for as many epochs, it lands on the
// page's weights.
function pythonCode() {
  const a = spec.file.architecture;
  const state = {};
  let at = 0;
  for (const [key, n] of spec.file.keys) {
    state[key] = start.params.slice(at, at + n);
    at += n;
  }
  const kind = spec.optimizer.kind;
  const batch = spec.batchSize >= spec.X.length ? "None" : String(spec.batchSize);
  const args = Object.entries(a).filter(([k]) => k !== "class")
    .map(([k, v]) => `${k}=${JSON.stringify(v).replace(/\btrue\b/g, "True")
      .replace(/\bfalse\b/g, "False").replace(/\bnull\b/g, "None")}`);
  return [
    `from nn import ${a.class}, fit`,
    "",
    `model = ${a.class}(${args.join(", ")})`,
    `model.load_state_dict(${JSON.stringify(state)})`,
    `X = ${JSON.stringify(spec.X)}`,
    `y = ${JSON.stringify(spec.targets.map(label))}`,
    `history = fit(model, X, y, loss="${spec.lossName}", optimizer="${kind}", ` +
      `lr=${trainer.optimizer.lr}, batch_size=${batch}, seed=${spec.seed}, ` +
      `epochs=${Math.max(1, history.loss.length)}, reduction="${spec.reduction}")`,
    "",
  ].join("\n");
}

function syncControls() {
  document.getElementById("lr").value = trainer.optimizer.lr;
  document.getElementById("optimizer").value = spec.optimizer.kind === "sgd" &&
    spec.optimizer.momentum ? "momentum" : spec.optimizer.kind;
  document.getElementById("loss").value = spec.lossName;
  const a = spec.file.architecture;
  if (a && a.class === "MLP") {
    document.getElementById("hidden").value = spec.layers.slice(0, -1)
      .map((l) => `${l.weights.length} ${l.activation}`).join(", ");
    if (typeof a.activation === "string") document.getElementById("activation").value = a.activation;
  }
  document.getElementById("batch").value = spec.batchSize >= spec.X.length ? "all"
    : String(spec.batchSize);
}

window.playground = {
  step, set, addPoint, reset, seek, fork, selectSample, selectNeuron, newData, reshape,
  params: () => Array.from(trainer.params),
  grads: () => (trainer.grads ? Array.from(trainer.grads) : null),
  predict: (rows) => rows.map((x) => outputs(trainer.params, x)),
  setParam: (i, x) => { trainer.params[i] = Number(x); draw(); },
  data: () => ({ X: spec.X, targets: spec.targets }),
  history: () => history,
  export: exported,
  code: pythonCode,
  get playing() { return playing; },
  get stepsPerSecond() { return stepsPerSecond; },
};

document.getElementById("play").onclick = () => setPlaying(!playing);
document.getElementById("speed").onchange = (e) => set("speed", e.target.value);
document.getElementById("timeline").oninput = (e) => {
  setPlaying(false);
  seek(Number(e.target.value));
};
document.getElementById("fork").onclick = () => { fork(); draw(); };
document.getElementById("loss").onchange = (e) => {
  try {
    set("loss", e.target.value);
  } catch (error) {
    document.getElementById("status").textContent = error.message;
    e.target.value = spec.lossName;
  }
};
document.getElementById("reshape").onclick = () => {
  const chosen = document.getElementById("activation").value;
  const layersGiven = document.getElementById("hidden").value.split(",").map((s) => s.trim())
    .filter(Boolean).map((s) => s.split(/\s+/));
  try {
    reshape(layersGiven.map(([n]) => n), layersGiven.map(([, act]) => act || chosen));
  } catch (error) {
    document.getElementById("status").textContent = error.message;
  }
};
document.getElementById("new-data").onclick = () => {
  const name = document.getElementById("dataset").value;
  if (!name) return;                     // "yours": the data the page was made with
  newData(name, { noise: Number(document.getElementById("noise").value),
                  share: Number(document.getElementById("share").value),
                  seed: Math.floor(Math.random() * 1e9) });
};
document.getElementById("step").onclick = () => step(1);
document.getElementById("reset").onclick = reset;
document.getElementById("lr").onchange = (e) => set("lr", e.target.value);
document.getElementById("optimizer").onchange = (e) => (e.target.value === "momentum"
  ? set("momentum", 0.9) : set("optimizer", e.target.value));
document.getElementById("batch").onchange = (e) =>
  set("batch_size", e.target.value === "all" ? null : e.target.value);
document.getElementById("code").onclick = () => {
  document.getElementById("code-text").value = pythonCode();
  document.getElementById("code-dialog").showModal();
};
document.getElementById("export").onclick = () => {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(exported())],
                                           { type: "application/json" }));
  link.download = "model.json";
  link.click();
};
plane.addEventListener("click", (event) => {
  const box = plane.getBoundingClientRect();
  const px = (event.clientX - box.left) * plane.width / box.width;
  const py = (event.clientY - box.top) * plane.height / box.height;
  const near = spec.X.findIndex((x) => Math.hypot(toPixel(x)[0] - px, toPixel(x)[1] - py) < 7);
  if (near >= 0) {
    selectSample(near);
    return;
  }
  const [x, y] = fromPixel(px, py);
  const labels = spec.labelValues;
  addPoint(x, y, event.shiftKey ? labels[0] : labels[labels.length - 1]);
});
syncControls();
draw();
