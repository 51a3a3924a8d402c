// A graph's groups (autograd/groups.py made them: samples, layers, neurons, losses, long sums,
// runs of many samples, the learner's own) and what is seen of them when some are open: each
// node shows as itself where every group around it is open, else inside the outermost closed
// one, a box. A leaf made outside every group (a parameter, an input) is drawn beside the
// first of its users seen as a node, and not at all while all its users are inside boxes.
// Nothing here draws: the page's views ask this for the boxes and the edges between them.

/**
 * @typedef {import("./engine.js").Node} Node
 * @typedef {{name: string, parent: number, kind: string}} GroupRow
 *   a group, its parent's place in the list (-1: none), parents before children
 * @typedef {{id: string, group: number, node: number, container: number, first: number}} Item
 *   what is drawn: a closed group (group >= 0) or a node as itself (node >= 0), inside the
 *   open group `container` (-1: the page), `first` its first node in the order made (a
 *   leaf drawn beside its user: just before that user, so that it is laid out where it is used)
 * @typedef {{from: string, to: string, count: number, pairs: number[]}} Edge
 *   the graph's edges between two items, `count` of them; pairs: [operand, user, ...]
 */

export class Tree {
  /**
   * @param {Node[]} nodes @param {GroupRow[]} groups @param {ArrayLike<number>} home
   *   each node's innermost group (-1: none)
   */
  constructor(nodes, groups, home) {
    this.nodes = nodes;
    this.groups = groups;
    this.home = Int32Array.from(home);
    this.open = new Uint8Array(groups.length);
    this.byName = new Map(groups.map((g, k) => [g.name, k]));
    /** @type {number[][]} each group's child groups; the top's at [groups.length] */
    this.children = Array.from({ length: groups.length + 1 }, () => []);
    groups.forEach((g, k) => this.children[g.parent < 0 ? groups.length : g.parent].push(k));
    this.depth = new Int32Array(groups.length);
    groups.forEach((g, k) => { this.depth[k] = g.parent < 0 ? 0 : this.depth[g.parent] + 1; });
    this.users = usersOf(nodes);
    this.size = new Int32Array(groups.length);
    this.home.forEach((g) => { for (let k = g; k >= 0; k = groups[k].parent) this.size[k]++; });
  }

  /** Whether node i is inside group g. @param {number} i @param {number} g */
  within(i, g) {
    for (let k = this.home[i]; k >= 0; k = this.groups[k].parent) if (k === g) return true;
    return false;
  }

  /** The groups around node i, outermost first. @param {number} i */
  around(i) {
    const chain = [];
    for (let k = this.home[i]; k >= 0; k = this.groups[k].parent) chain.unshift(k);
    return chain;
  }

  /**
   * What is seen: the items, each node's item (undefined: hidden) and the edges.
   * @returns {{items: Item[], itemOf: (Item | undefined)[], edges: Edge[]}}
   */
  view() {
    const { groups, nodes, home } = this;
    const closedAt = new Int32Array(groups.length);     // the outermost closed group around
    groups.forEach((g, k) => {
      const above = g.parent < 0 ? -1 : closedAt[g.parent];
      closedAt[k] = above >= 0 ? above : (this.open[k] ? -1 : k);
    });
    /** @type {Map<string, Item>} */
    const items = new Map();
    /** @type {(Item | undefined)[]} */
    const itemOf = new Array(nodes.length);
    const place = (/** @type {string} */ id, /** @type {number} */ group,
                   /** @type {number} */ node, /** @type {number} */ container,
                   /** @type {number} */ first) => {
      let item = items.get(id);
      if (!item) items.set(id, item = { id, group, node, container, first });
      return item;
    };
    const loose = [];
    for (let i = 0; i < nodes.length; i++) {
      const g = home[i];
      if (g >= 0 && closedAt[g] >= 0) {
        const box = closedAt[g];
        itemOf[i] = place(`g${box}`, box, -1, groups[box].parent, i);
      } else if (g >= 0 || nodes[i].operands.length || !this.users.of(i).length) {
        itemOf[i] = place(`n${i}`, -1, i, g, i);
      } else {
        loose.push(i);
      }
    }
    for (const i of loose) {
      const shown = this.users.of(i).find((u) => itemOf[u]?.node === u);
      if (shown !== undefined) itemOf[i] = place(`n${i}`, -1, i, home[shown], shown - 0.5);
    }
    return { items: [...items.values()].sort((a, b) => a.first - b.first), itemOf,
             edges: bundled(edgesBetween(nodes, itemOf), items, home) };
  }
}

/**
 * A leaf made outside every group (a parameter every sample shares) drawn once, beside its
 * first user: its edges to the boxes of other groups become one, counting them all (×100).
 * @param {Edge[]} edges @param {Map<string, Item>} items @param {Int32Array} home
 * @returns {Edge[]}
 */
function bundled(edges, items, home) {
  /** @type {Map<string, Edge>} */
  const bundles = new Map();
  const kept = [];
  for (const edge of edges) {
    const from = items.get(edge.from);
    const to = items.get(edge.to);
    const shared = from && from.node >= 0 && home[from.node] < 0 && to &&
      to.container !== from.container;
    const bundle = shared ? bundles.get(edge.from) : undefined;
    if (bundle) {
      bundle.count += edge.count;
      bundle.pairs.push(...edge.pairs);
      continue;
    }
    if (shared) bundles.set(edge.from, edge);
    kept.push(edge);
  }
  return kept;
}

/**
 * Each node's users, in the order made, as one array: users.of(i).
 * @param {Node[]} nodes
 */
function usersOf(nodes) {
  const count = new Int32Array(nodes.length + 1);
  nodes.forEach((node) => new Set(node.operands).forEach((j) => count[j + 1]++));
  for (let i = 0; i < nodes.length; i++) count[i + 1] += count[i];
  const list = new Int32Array(count[nodes.length]);
  const filled = count.slice(0, nodes.length);
  nodes.forEach((node, i) => new Set(node.operands).forEach((j) => { list[filled[j]++] = i; }));
  return { of: (/** @type {number} */ i) => [...list.subarray(count[i], count[i + 1])] };
}

/**
 * The graph's edges between items, each pair of items once with its count.
 * @param {Node[]} nodes @param {(Item | undefined)[]} itemOf @returns {Edge[]}
 */
function edgesBetween(nodes, itemOf) {
  /** @type {Map<string, Edge>} */
  const edges = new Map();
  nodes.forEach((node, i) => {
    const to = itemOf[i];
    if (!to) return;
    new Set(node.operands).forEach((j) => {
      const from = itemOf[j];
      if (!from || from === to) return;
      const key = `${from.id} ${to.id}`;
      const edge = edges.get(key);
      if (edge) {
        edge.count++;
        edge.pairs.push(j, i);
      } else {
        edges.set(key, { from: from.id, to: to.id, count: 1, pairs: [j, i] });
      }
    });
  });
  return [...edges.values()];
}
