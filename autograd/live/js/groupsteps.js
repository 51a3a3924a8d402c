// Backward a group at a time: the step-through of a graph too large to step through node by
// node (autograd/drawing/steps.py gives such a graph this page). Forward is done at step 0 and
// only the root's gradient, 1, is known; each step runs backward (typed.js's, the engine's own
// numbers) on through one more of the boxes and nodes seen, newest first, so every gradient
// shown is what has arrived so far ("?" where none has yet), and the step's box is marked
// with what it passes on along each edge. Opening or closing a group changes what a step is
// (a box or one op); backward stays where it was.
import { format } from "./numbers.js";
import { local } from "./routes.js";
import { backwardUntil } from "./typed.js";

/**
 * @typedef {import("./grouptree.js").Item} Item
 * @typedef {{item: Item, low: number, high: number, ops: number, until: number}} Step
 *   a seen item with ops in it: its first and last op node, how many ops; `until`: the last
 *   node backward has run once this step is taken
 */

export class GroupSteps {
  /**
   * @param {import("./groupedgraph.js").GroupedGraph} graph
   * @param {import("./typed.js").Typed} compiled @param {Float64Array} data forward's
   */
  constructor(graph, compiled, data) {
    this.graph = graph;
    this.compiled = compiled;
    this.data = data;
    /** @type {Step[]} */
    this.list = [];
    this.at = 0;                           // steps taken
    this.until = data.length;              // backward has run the nodes from here on
    this.derive();
  }

  /** The steps of what is seen now; backward stays where it was. */
  derive() {
    const { seen, nodes } = this.graph;
    /** @type {Map<Item, {low: number, high: number, ops: number}>} */
    const spans = new Map();
    nodes.forEach((node, i) => {
      const item = seen.itemOf[i];
      if (!item || !node.operands.length) return;
      const span = spans.get(item);
      if (span) {
        span.low = Math.min(span.low, i);
        span.ops++;
      } else {
        spans.set(item, { low: i, high: i, ops: 1 });
      }
    });
    let until = nodes.length;
    this.list = [...spans].sort((a, b) => b[1].high - a[1].high).map(([item, span]) => {
      until = Math.min(until, span.low);
      return { item, ...span, until };
    });
    return this.go(this.list.filter((step) => step.until >= this.until).length);
  }

  /** New numbers from forward (a leaf changed): backward again to where it was.
   * @param {Float64Array} data */
  restart(data) {
    this.data = data;
    return this.numbers();
  }

  /** Take steps up to `k` (0: none, backward not begun). @param {number} k */
  go(k) {
    this.at = Math.max(0, Math.min(this.list.length, Math.round(k)));
    this.until = this.at ? this.list[this.at - 1].until : this.data.length;
    return this.numbers();
  }

  /** Every node's data and what has arrived of its gradient (once backward is done, every
   * gradient is final: 0 where nothing was passed). */
  numbers() {
    const { grad, received } = backwardUntil(this.compiled, this.data, this.until);
    const done = this.at === this.list.length;
    return done ? { data: this.data, grad } : { data: this.data, grad, known: received };
  }

  /** The step taken last, marked, with what it passes on along each edge out of it.
   * @returns {import("./groupedgraph.js").Marks} */
  marks() {
    /** @type {Set<string>} */ const marked = new Set();
    /** @type {Map<string, number>} */ const carried = new Map();
    const step = this.list[this.at - 1];
    if (!step) return { marked, carried };
    marked.add(step.item.id);
    for (const edge of this.graph.seen.edges) {
      if (edge.to !== step.item.id) continue;
      carried.set(`${edge.from} ${edge.to}`, this.passed(edge.pairs));
    }
    return { marked, carried };
  }

  /** What the users pass back to the operands over edges [operand, user, ...].
   * @param {number[]} pairs */
  passed(pairs) {
    const { nodes, numbers } = this.graph;
    let sum = 0;
    for (let k = 0; k < pairs.length; k += 2) {
      const [j, i] = [pairs[k], pairs[k + 1]];
      nodes[i].operands.forEach((o, slot) => {
        if (o === j) sum += local(nodes, this.data, i, slot) * numbers.grad[i];
      });
    }
    return sum;
  }

  /** What the step taken last did, in words. @param {(item: Item) => string} name */
  caption(name) {
    const { nodes } = this.graph;
    const count = this.list.length;
    if (this.at === 0) {
      return `Forward is done: every value is known. Backward starts at the root ` +
        `(d${nodes[nodes.length - 1].name}/d${nodes[nodes.length - 1].name} = 1) and runs through ` +
        `the ${count} boxes and ops seen, newest first; ? where no gradient has arrived yet.`;
    }
    const step = this.list[this.at - 1];
    const { items, edges } = this.graph.seen;
    const passed = edges.filter((e) => e.to === step.item.id).map((e) => {
      const from = items.find((it) => it.id === e.from);
      return `${format(this.passed(e.pairs))} to ${from ? name(from) : "?"}`;
    });
    const done = this.at === count ? " Backward is done: every gradient is final." : "";
    const what = step.item.group >= 0 ? `${name(step.item)} (${step.ops} ops)`
      : `${name(step.item)} (${this.graph.nodes[step.item.node].op})`;
    return `Step ${this.at} of ${count}: backward runs through ${what}` + (passed.length
      ? ` and passes back ${passed.slice(0, 6).join(", ")}${passed.length > 6 ? ", ..." : ""}.`
      : ".") + done;
  }
}
