// A grouped graph on screen: its tree of groups, what of it is seen and where it stands, and
// each closed group's numbers, drawn by a GroupView. The grouped live page and the
// playground's graph of one sample (nn/browser/js/sample.js) each show their graph through one;
// they give it the numbers (every node's data and grad) and it keeps the boxes' in step.
import { Aggregates } from "./aggregates.js";
import { find } from "./find.js";
import { GroupView } from "./groupview.js";
import { Tree } from "./grouptree.js";
import { layout } from "./layout.js";
import { quoted } from "./numbers.js";

export const MOST = 400;          // the most boxes ever seen at once

/**
 * @typedef {{groups: import("./grouptree.js").GroupRow[], home: number[],
 *            parameter: number[], activations: string[], saturated: number}} Groups
 *   a graph's groups as autograd/drawing/grouped.py's grouped_data gives them
 * @typedef {{data: ArrayLike<number>, grad: ArrayLike<number>, known?: Uint8Array}} Numbers
 *   every node's data and gradient (`known`: 0 where no gradient has arrived yet, part way
 *   through a step-through)
 * @typedef {{marked: Set<string>, carried: Map<string, number>}} Marks
 * @typedef {{node?: (i: number) => void, data?: (i: number, at: DOMRect) => void,
 *            marks?: () => Marks, seen?: () => void, said?: (text: string) => void}} Options
 *   what a click on a node (not a group) and on a leaf's data does; what is marked; what to
 *   do when what is seen changed, before it is drawn; where to say what the learner did not
 *   ask for (other groups closed)
 */

export class GroupedGraph {
  /**
   * @param {HTMLElement} panel @param {import("./engine.js").Node[]} nodes
   * @param {Groups} groups @param {Numbers} numbers @param {Options} [options]
   */
  constructor(panel, nodes, groups, numbers, options = {}) {
    this.nodes = nodes;
    this.groups = groups.groups;
    this.tree = new Tree(nodes, groups.groups, groups.home);
    this.sums = new Aggregates(this.tree, groups);
    this.options = options;
    this.numbers = numbers;
    this.seen = this.tree.view();
    /** @type {import("./layout.js").Layout | null} */
    this.placed = null;
    /** @type {Map<number, import("./aggregates.js").Aggregate>} each seen box's numbers */
    this.shown = new Map();
    /** @type {string | null} the id of the item found */
    this.found = null;
    this.view = new GroupView(panel, {
      box: (item) => (item.group >= 0 ? this.open(item.group) : options.node?.(item.node)),
      frame: (g) => this.close(g),
      data: options.data,
    });
  }

  /** Open groups outermost first, each that keeps the boxes seen at most `most` and the
   * whole fitting the panel with its text drawn (then the groups inside it are tried), and
   * draw the whole. Namesakes (a layer's neurons n1[0], n1[1], ...) open together or not at
   * all, so a level looks the same throughout; a long sum stays one box (Σ16) until the
   * learner opens it. @param {number} most */
  openFirst(most) {
    const { tree } = this;
    const queue = this.namesakes(tree.children[this.groups.length]);
    for (let k = 0; k < queue.length; k++) {
      const unit = queue[k].filter((g) => this.groups[g].kind !== "sum");
      if (!unit.length) continue;
      unit.forEach((g) => { tree.open[g] = 1; });
      const seen = tree.view();
      if (seen.items.length > most || !this.view.fits(layout(tree, seen))) {
        unit.forEach((g) => { tree.open[g] = 0; });
      } else {
        unit.forEach((g) => queue.push(...this.namesakes(tree.children[g])));
      }
    }
    this.reseen();
    this.view.fit();
  }

  /** Sibling groups in units of one name but for their number (n1[0], n1[1] together).
   * @param {number[]} siblings @returns {number[][]} */
  namesakes(siblings) {
    /** @type {Map<string, number[]>} */
    const units = new Map();
    for (const g of siblings) {
      const base = (this.groups[g].name.split("/").pop() ?? "").replace(/\[[^\]]*\]$/, "");
      units.set(base, [...(units.get(base) ?? []), g]);
    }
    return [...units.values()];
  }

  /** New numbers for every node: every seen box's worked out again, and drawn.
   * @param {Numbers} numbers */
  update(numbers) {
    this.numbers = numbers;
    this.shown.clear();
    this.seen.items.forEach((item) => item.group >= 0 && this.aggregate(item.group));
  }

  /** @param {number} g */
  aggregate(g) {
    let found = this.shown.get(g);
    if (!found) this.shown.set(g, found = this.sums.of(g, this.numbers.data, this.numbers.grad));
    return found;
  }

  /** Whether group g's output, and each of its parameters, has had its gradient (part way
   * through a step-through, not yet perhaps). @param {number} g */
  arrived(g) {
    const known = this.numbers.known;
    const { outputs, params } = this.sums.partsOf(g);
    return { delta: !known || outputs.every((i) => known[i]),
             norm: !known || params.every((i) => known[i]) };
  }

  scene() {
    this.placed ??= layout(this.tree, this.seen);
    const marks = this.options.marks?.() ?? { marked: new Set(), carried: new Map() };
    return { items: this.seen.items, edges: this.seen.edges, layout: this.placed,
             groups: this.groups, sizes: this.tree.size, nodes: this.nodes,
             parameter: this.sums.isParameter, data: this.numbers.data,
             grad: this.numbers.grad, known: this.numbers.known ?? null,
             aggregate: (/** @type {number} */ g) => this.aggregate(g),
             arrived: (/** @type {number} */ g) => this.arrived(g), found: this.found,
             ...marks };
  }

  draw() {
    this.view.show(this.scene());
  }

  // What is seen changed: lay it out again, keeping `anchor` (an item or a frame's id) where
  // it stood on the screen.
  /** @param {string} [anchor] */
  reseen(anchor) {
    const before = anchor ? this.where(anchor) : undefined;
    this.seen = this.tree.view();
    this.placed = null;
    this.options.seen?.();
    const drawn = this.scene();
    const after = anchor ? this.where(anchor) : undefined;
    if (before && after) this.view.keep(before.x, before.y, after.x, after.y);
    this.view.show(drawn);
  }

  /** @param {string} id */
  where(id) {
    if (!this.placed) return undefined;
    return id.startsWith("f") ? this.placed.frames.get(Number(id.slice(1)))
      : this.placed.boxes.get(id);
  }

  /** A group's place in the list, by its name. @param {string} name */
  groupIndex(name) {
    const g = this.tree.byName.get(name);
    if (g === undefined) {
      throw new Error(`${quoted(name)} is not a group of this graph (its groups: ` +
        `${this.groups.slice(0, 8).map((x) => x.name).join(", ")}` +
        `${this.groups.length > 8 ? ", ..." : ""})`);
    }
    return g;
  }

  /** Open group g and every group around it, in place (a group that was hidden in a closed
   * one is framed in the window); where that would show more than MOST boxes, every other
   * group closes. Returns whether others closed. @param {number} g */
  open(g) {
    const shown = this.where(`g${g}`) !== undefined;
    const closed = this.openAround(g, true);
    this.reseen(`g${g}`);
    const frame = this.placed?.frames.get(g);
    if (frame && !shown) this.view.focus(frame);        // it was inside a closed group
    return closed;
  }

  /** Open the groups around group g (and g itself with `itself`), closing every other group
   * where otherwise more than MOST boxes would be seen. @param {number} g
   * @param {boolean} itself */
  openAround(g, itself) {
    const { tree } = this;
    const chain = new Set();
    for (let k = itself ? g : this.groups[g].parent; k >= 0; k = this.groups[k].parent) {
      chain.add(k);
    }
    chain.forEach((k) => { tree.open[k] = 1; });
    if (tree.view().items.length <= MOST) return false;
    tree.open.forEach((_, k) => { if (!chain.has(k)) tree.open[k] = 0; });
    this.options.said?.(`${this.groups[g].name}: the other groups closed, so that no more ` +
                        `than ${MOST} boxes are seen at once`);
    return true;
  }

  /** Close group g: its box stands where its frame's corner stood. @param {number} g */
  close(g) {
    const before = this.placed?.frames.get(g);
    this.tree.open[g] = 0;
    this.reseen();
    const after = this.placed?.boxes.get(`g${g}`);
    if (before && after) {
      this.view.keep(before.x, before.y, after.x, after.y);
      this.view.draw();
    }
  }

  /** The first node or group matching `query` (a name or a pattern), the groups around it
   * opened (a group itself stays closed unless `inside`), centred and marked; null if none.
   * @param {string} query @param {boolean} [inside] */
  find(query, inside = false) {
    const { tree } = this;
    const found = find(tree, query);
    if (!found) return null;
    let id;
    if ("group" in found) {
      this.openAround(found.group, inside);
      id = inside ? `f${found.group}` : `g${found.group}`;
    } else {
      const i = found.node;
      const within = tree.home[i] >= 0 ? i : tree.users.of(i)[0] ?? i;
      const around = tree.around(within);
      if (around.length) this.openAround(around[around.length - 1], true);
      id = `n${i}`;
    }
    this.found = id;
    this.reseen();
    const box = this.where(id);
    if (box && inside) this.view.focus(box);
    else if (box) this.view.centre(box);
    return "group" in found ? this.groups[found.group].name : this.nodes[found.node].name ?? "";
  }
}
