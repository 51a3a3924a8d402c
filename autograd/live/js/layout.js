// Where each item of the grouped view stands: every open group is a frame holding its items,
// laid out as the page's top is, in columns by the longest path from an item with no input
// among its neighbours, and down each column in the order made. A frame is as large as what
// it holds, so opening a group grows it where it stood: what is below it in its column moves
// down, the columns after it move right, and nothing changes order.

export const BOX = { width: 168, height: 42 };       // a closed group
export const NODE = { width: 120, height: 44 };      // a node as itself
export const GAP = { column: 48, row: 6 };
export const FRAME = { pad: 8, head: 18 };          // an open group's margin and title

/**
 * @typedef {import("./grouptree.js").Item} Item
 * @typedef {import("./grouptree.js").Edge} Edge
 * @typedef {{x: number, y: number, width: number, height: number}} Box
 * @typedef {{boxes: Map<string, Box>, frames: Map<number, Box>, width: number, height: number}}
 *   Layout   where each item and each open group's frame stands, and the whole's size
 */

/**
 * @param {import("./grouptree.js").Tree} tree
 * @param {{items: Item[], edges: Edge[]}} view
 * @returns {Layout}
 */
export function layout(tree, view) {
  const top = tree.groups.length;
  /** @type {Map<number, string[]>} each frame's slots: items and open groups, in order */
  const slots = new Map();
  /** @type {Map<string, number>} the first node of each slot */
  const first = new Map();
  const slotId = (/** @type {number} */ g) => `f${g}`;
  // the slot of frame `frame` that holds `g` (an open group) or an item
  const add = (/** @type {number} */ frame, /** @type {string} */ id, /** @type {number} */ at) => {
    if (!first.has(id)) {
      first.set(id, at);
      const list = slots.get(frame) ?? [];
      list.push(id);
      slots.set(frame, list);
    } else {
      first.set(id, Math.min(first.get(id) ?? at, at));
    }
  };
  /** @type {Map<string, string[]>} each item's chain of slots, outermost first */
  const chains = new Map();
  for (const item of view.items) {
    const chain = [];
    let frame = item.container;
    let id = item.id;
    chain.unshift(id);
    while (frame >= 0) {
      add(frame, id, item.first);
      id = slotId(frame);
      chain.unshift(id);
      frame = tree.groups[frame].parent;
    }
    add(top, id, item.first);
    chains.set(item.id, chain);
  }
  // the edges between slots of one frame: each edge of the view lifted to where its ends'
  // chains part
  /** @type {Map<string, Set<string>>} */
  const inputs = new Map();
  for (const edge of view.edges) {
    const a = chains.get(edge.from) ?? [];
    const b = chains.get(edge.to) ?? [];
    let k = 0;
    while (k < a.length && k < b.length && a[k] === b[k]) k++;
    if (k < a.length && k < b.length) {
      const into = inputs.get(b[k]) ?? new Set();
      into.add(a[k]);
      inputs.set(b[k], into);
    }
  }
  /** @type {Map<string, Box>} */
  const boxes = new Map();
  /** @type {Map<number, Box>} */
  const frames = new Map();
  const kindOf = new Map(view.items.map((item) => [item.id, item]));

  // Each slot's size, and the places of what is inside it relative to its corner.
  /** @param {number} frame @returns {{width: number, height: number, places: Map<string, Box>}} */
  function arrange(frame) {
    const list = [...(slots.get(frame) ?? [])]
      .sort((a, b) => (first.get(a) ?? 0) - (first.get(b) ?? 0));
    const order = new Map(list.map((id, k) => [id, k]));
    /** @type {Map<string, {width: number, height: number, places?: Map<string, Box>}>} */
    const sizes = new Map();
    for (const id of list) {
      if (id.startsWith("f")) sizes.set(id, arrange(Number(id.slice(1))));
      else sizes.set(id, (kindOf.get(id)?.group ?? -1) >= 0 ? BOX : NODE);
    }
    /** @type {Map<string, number>} */
    const column = new Map();
    for (const id of list) {
      let c = 0;
      for (const from of inputs.get(id) ?? []) {
        if ((order.get(from) ?? Infinity) < (order.get(id) ?? 0)) {
          c = Math.max(c, (column.get(from) ?? 0) + 1);
        }
      }
      column.set(id, c);
    }
    const columns = Math.max(0, ...column.values()) + 1;
    const widths = new Array(columns).fill(0);
    list.forEach((id) => {
      const c = column.get(id) ?? 0;
      widths[c] = Math.max(widths[c], sizes.get(id)?.width ?? 0);
    });
    const lefts = widths.map((_, c) => widths.slice(0, c).reduce((s, w) => s + w + GAP.column, 0));
    const heights = new Array(columns).fill(0);
    /** @type {Map<string, Box>} */
    const places = new Map();
    const pad = frame === top ? 0 : FRAME.pad;
    const head = frame === top ? 0 : FRAME.head;
    for (const id of list) {
      const c = column.get(id) ?? 0;
      /** @type {{width: number, height: number, places?: Map<string, Box>}} */
      const size = sizes.get(id) ?? NODE;
      places.set(id, { x: pad + lefts[c] + (widths[c] - size.width) / 2,
                       y: head + pad + heights[c], width: size.width, height: size.height });
      heights[c] += size.height + GAP.row;
      const inner = size.places;
      if (inner) for (const [k, v] of inner) places.set(k, v);
    }
    return { width: 2 * pad + lefts[columns - 1] + widths[columns - 1],
             height: 2 * pad + head + Math.max(0, ...heights) - (list.length ? GAP.row : 0),
             places };
  }

  const whole = arrange(top);
  // places are relative to their frame's corner: add each frame's corner, outermost first
  /** @param {number} frame @param {number} x @param {number} y */
  function settle(frame, x, y) {
    for (const id of slots.get(frame) ?? []) {
      const box = whole.places.get(id);
      if (!box) continue;
      const at = { x: x + box.x, y: y + box.y, width: box.width, height: box.height };
      if (id.startsWith("f")) {
        const g = Number(id.slice(1));
        frames.set(g, at);
        settle(g, at.x, at.y);
      } else {
        boxes.set(id, at);
      }
    }
  }
  settle(top, 0, 0);
  return { boxes, frames, width: whole.width, height: whole.height };
}
