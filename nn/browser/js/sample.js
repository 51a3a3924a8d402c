// The graph of one sample: its loss's scalar graph a group at a time, as the grouped live page
// shows a graph (autograd/live/js/groupedgraph.js): opened level by level as far as fits the
// panel (the loss, the layers, each layer's neurons, a neuron's own ops), a click on a box
// opens it in place, on an open group's title closes it, and every number, the boxes' too, is
// the page's engine's, again after every step of training. Python says what the groups are
// (nn/browser/sample_groups.py); a neuron clicked in the network is opened and centred here.
import { run } from "./engine.js";
import { GroupedGraph } from "./groupedgraph.js";
import { format } from "./numbers.js";
import { forwardTyped } from "./ops.js";
import { backwardUntil } from "./typed.js";

export const FIRST = 40;          // the most boxes the panel opens on

/**
 * @typedef {import("./groupedgraph.js").Groups & {names: string[]}} Groups
 *   a template's groups and its nodes' names, from Python
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
    /** @type {string} a neuron clicked in the network, to open when a row is next shown */
    this.neuron = "";
    /** @type {Map<string, {graph: GroupedGraph, frame: HTMLElement}>} each template's, once
     * shown: what is open stays open from row to row */
    this.graphs = new Map();
    /** @type {string} the template shown */
    this.key = "";
  }

  // The template of row `row`'s loss with its numbers: the parameters now, the row's inputs
  // and targets.
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
    const [key, program] = this.program(row);
    /** @type {Groups | undefined} */
    const groups = spec.sampleGraphs[key];
    if (!groups || groups.names.length !== program.nodes.length) {
      this.panel.textContent = "the graph of one sample is grouped by Python for the " +
        "network and loss the page began with: after a reshape or another loss it is not shown";
      this.graphs.clear();
      this.row = null;
      return;
    }
    const result = run(program);
    if (result.error) {
      this.caption.textContent = `row ${row}'s loss cannot be worked out: ` +
        `${groups.names[result.error.node]}: ${result.error.message}`;
      return;
    }
    this.row = row;
    const shown = this.show(key, program, groups, result);
    if (this.neuron) shown.find(this.neuron, true);
    this.neuron = "";
    const x = `x = (${spec.X[row].map(format).join(", ")})`;
    this.caption.textContent = `the graph of row ${row}'s loss, ${x}, a group at a time: a box ` +
      "shows its group's output and δ = dloss/d(output), coloured (white: no gradient left), " +
      "and ‖∇θ‖ of its weights. Click a box to open it, an open group's title to close it, a " +
      "neuron in the network to open its part; wheel to zoom. Every number follows as " +
      "training runs";
  }

  // Template `key`'s grouped graph in the panel with these numbers, made the first time.
  /** @param {string} key @param {import("./engine.js").Program} program @param {Groups} groups
   * @param {import("./groupedgraph.js").Numbers} numbers */
  show(key, program, groups, numbers) {
    if (!this.graphs.size) this.panel.replaceChildren();
    let held = this.graphs.get(key);
    for (const other of this.graphs.values()) other.frame.hidden = other !== held;
    if (!held) {
      const frame = document.createElement("div");
      frame.className = "graph";
      this.panel.append(frame);
      const nodes = program.nodes.map((n, i) => ({ ...n, name: groups.names[i] }));
      held = { graph: new GroupedGraph(frame, nodes, groups, numbers), frame };
      this.graphs.set(key, held);
      held.graph.openFirst(FIRST);
    } else if (this.key !== key) {
      held.graph.view.resized();
    }
    this.key = key;
    held.graph.update(numbers);
    held.graph.draw();
    return held.graph;
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

  // Every number again, after a step: the row's sample as the trainer runs it (its template
  // as typed arrays), forward and backward.
  draw() {
    const row = this.row;
    const { spec, trainer } = this.page.run;
    if (row === null || row >= spec.X.length) return;
    const { key, typed: t, data } = trainer.sample(row);
    const held = this.graphs.get(key);
    if (!held || forwardTyped(t.code, t.first, t.second, data, 0) >= 0) return;
    held.graph.update({ data, grad: backwardUntil(t, data, 0).grad });
    held.graph.draw();
  }
}
