// The graph of one sample: its loss's scalar graph as Python laid it out (nn/sample_pictures.py),
// every record's data and grad rewritten by the page's engine as training runs. A graph too
// large to draw whole is drawn through one neuron: the one clicked in the network, at first
// the output neuron.
import { run } from "./engine.js";
import { format } from "./numbers.js";
import { fields, fitWidth, rewrite } from "./records.js";

export class SampleView {
  /** @param {HTMLElement} panel @param {HTMLElement} caption @param {any} page */
  constructor(panel, caption, page) {
    Object.assign(this, { panel, caption, page, row: null, neuron: null, texts: null });
  }

  // The template of row `row`'s loss with its numbers: the parameters now, the row's inputs
  // and targets; node i is the picture's n<i>.
  program(row) {
    const { spec, trainer } = this.page.run;
    const target = spec.targets[row];
    const key = Array.isArray(target) ? "all" : String(target);
    const template = spec.templates[key];
    const data = new Map(template.params.map((i, p) => [i, trainer.params[p]]));
    template.inputs.forEach((i, k) => data.set(i, spec.X[row][k]));
    if (Array.isArray(target)) template.targets.forEach((i, j) => data.set(i, target[j]));
    return [key, { nodes: template.nodes.map((n, i) => (data.has(i) ? { ...n, data: data.get(i) }
                                                                   : n)) }];
  }

  select(row) {
    const { spec } = this.page.run;
    const [key] = this.program(row);
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
    this.panel.innerHTML = views.whole ? view.svg : views.layouts[view.layout];
    this.panel.scrollTo(0, 0);
    const svg = this.panel.querySelector("svg");
    if (view.names) {
      for (const t of svg.querySelectorAll("text")) {
        if (Object.hasOwn(view.names, t.textContent)) t.textContent = view.names[t.textContent];
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
  showNeuron(svg) {
    const label = [...svg.querySelectorAll("g.cluster text")]
      .find((t) => t.textContent === this.neuron);
    if (!label) return;
    const [box, frame] = [label.parentNode.getBoundingClientRect(),
                          this.panel.getBoundingClientRect()];
    this.panel.scrollTo(box.left - frame.left - 20, box.top - frame.top - 20);
  }

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
