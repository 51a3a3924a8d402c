// The graph of one sample: its loss's scalar graph as Python laid it out (nn/browser/sample_pictures.py),
// every record's data and grad rewritten by the page's engine as training runs. A graph too
// large to draw whole is drawn through one neuron: the one clicked in the network, at first
// the output neuron.
import { run } from "./engine.js";
import { format } from "./numbers.js";
import { fields, fitWidth, rewrite } from "./records.js";

/**
 * @typedef {{svg: string, nodes: number[], names?: Record<string, string>, layout?: number}} View
 *   a picture and, for each of its nodes, the template node whose numbers it shows
 * @typedef {{whole?: View, layouts: string[], neurons: Record<string, View>}} Views
 */

export class SampleView {
  /**
   * @param {HTMLElement} panel @param {HTMLElement} caption
   * @param {import("./spec.js").Page} page
   */
  constructor(panel, caption, page) {
    this.panel = panel;
    this.caption = caption;
    this.page = page;
    /** @type {number | null} the row shown */
    this.row = null;
    /** @type {string} the neuron whose part is shown ("": the output's) */
    this.neuron = "";
    /** @type {import("./records.js").Fields[]} each template node's record, where drawn */
    this.texts = [];
  }

  // The template of row `row`'s loss with its numbers: the parameters now, the row's inputs
  // and targets; node i is the picture's n<i>.
  /** @param {number} row @returns {[string, import("./engine.js").Program]} */
  program(row) {
    const { spec, trainer } = this.page.run;
    const target = spec.targets[row];
    const key = Array.isArray(target) ? "all" : String(target);
    const template = this.page.run.trainer.templates()[key];
    const data = new Map(template.params.map((i, p) => [i, trainer.params[p]]));
    template.inputs.forEach((i, k) => data.set(i, spec.X[row][k]));
    if (Array.isArray(target)) template.targets.forEach((i, j) => data.set(i, target[j]));
    return [key, { nodes: template.nodes.map((n, i) => (data.has(i) ? { ...n, data: data.get(i) }
                                                                   : n)) }];
  }

  /** @param {number} row */
  select(row) {
    const { spec } = this.page.run;
    const [key] = this.program(row);
    /** @type {Views | undefined} */
    const views = spec.sampleGraphs[key];
    if (!views) {
      this.panel.textContent = "the graph of one sample is laid out by Python for the " +
        "network and loss the page began with: after a reshape or another loss it has no picture";
      this.row = null;
      return;
    }
    const neurons = spec.neuronNames.slice(1).flat();
    if (!neurons.includes(this.neuron)) this.neuron = neurons[neurons.length - 1];
    const view = views.whole || views.neurons[this.neuron];
    this.row = row;
    this.panel.innerHTML = views.whole ? view.svg : views.layouts[view.layout ?? 0];
    this.panel.scrollTo(0, 0);
    const svg = /** @type {SVGSVGElement} */ (this.panel.querySelector("svg"));
    const names = view.names;
    if (names) {
      for (const t of svg.querySelectorAll("text")) {
        const text = t.textContent ?? "";
        if (Object.hasOwn(names, text)) t.textContent = names[text];
      }
    }
    this.texts = [];
    view.nodes.forEach((node, i) => { this.texts[node] = fields(svg, i); });
    fitWidth(this.panel, svg);
    if (!views.whole) this.showNeuron(svg);
    const x = `x = (${spec.X[row].map(format).join(", ")})`;
    this.caption.textContent = views.whole
      ? `the graph of row ${row}'s loss, ${x}: every number follows as training runs`
      : `row ${row}'s loss graph (${x}) through neuron ${this.neuron}, from its inputs to ` +
        "the next layer (to the loss from an output neuron); click a neuron for its part. " +
        "Every number follows as training runs";
    this.draw();
  }

  // Scroll the panel to the box of the neuron drawn.
  /** @param {SVGSVGElement} svg */
  showNeuron(svg) {
    const label = [...svg.querySelectorAll("g.cluster text")]
      .find((t) => t.textContent === this.neuron);
    if (!label) return;
    const [box, frame] = [/** @type {Element} */ (label.parentNode).getBoundingClientRect(),
                          this.panel.getBoundingClientRect()];
    this.panel.scrollTo(box.left - frame.left - 20, box.top - frame.top - 20);
  }

  /** @param {string} name */
  selectNeuron(name) {
    this.neuron = name;
    if (this.row !== null) this.select(this.row);
  }

  // Forget the row shown (the data changed under it).
  clear() {
    this.row = null;
  }

  draw() {
    if (this.row === null || this.row >= this.page.run.spec.X.length) return;
    const result = run(this.program(this.row)[1]);
    if (!result.error) rewrite(this.texts, result);
  }
}
