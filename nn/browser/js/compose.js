// Graphs joined, not written: one sample's loss graph (a template) is the model's program
// followed by the loss's, both traced in Python (nn/browser/traced.py), the loss's outputs o[k] bound to
// the model's outputs. The nodes come in the order Python makes them for one sample (the
// parameters, the inputs, the targets, then the model's ops and the loss's), so that backward
// sums every gradient as fit's graph does, and a sample's picture (nn/browser/sample_pictures.py) finds
// its numbers at the same places. Only what the loss depends on is kept, as Python's program.

/**
 * @typedef {{kind: string, op: string, operands: number[], data?: number | string,
 *            name?: string}} Node
 * @typedef {{nodes: Node[], roots: number[], [leaves: string]: any}} Traced
 *   a program Python traced: where its results are (`roots`) and its groups of leaves
 * @typedef {{nodes: Node[], params: number[], inputs: number[], targets: number[]}} Template
 *   one sample's loss graph, with where its parameters, inputs and targets are (-1: unused)
 */

/**
 * A traced piece's nodes appended to `nodes`, its leaves in `bound` (a leaf's index in the
 * piece -> the node of `nodes` it stands for): returns where the piece's nodes went.
 * @param {Node[]} nodes @param {Traced} piece @param {Map<number, number>} bound
 */
export function append(nodes, piece, bound) {
  /** @type {number[]} */
  const where = [];
  piece.nodes.forEach((node, i) => {
    const known = bound.get(i);
    if (known !== undefined) {
      where.push(known);
      return;
    }
    const { name, ...rest } = node;
    nodes.push({ ...rest, operands: node.operands.map((j) => where[j]) });
    where.push(nodes.length - 1);
  });
  return where;
}

/**
 * One sample's loss graph: `model` (leaves params and inputs) then `loss` (leaves outputs and
 * targets), the target leaves made after the model's leaves as Python makes them.
 * @param {Traced} model @param {Traced} loss
 * @returns {Template}
 */
export function template(model, loss) {
  const firstOp = model.nodes.findIndex((n) => n.kind !== "leaf");
  const split = firstOp < 0 ? model.nodes.length : firstOp;
  /** @type {Node[]} */
  const nodes = [];
  /** @type {[number, number][]} a target leaf of the loss's, and where it went */
  const targets = [];
  const leaves = append(nodes, { nodes: model.nodes.slice(0, split), roots: [] }, new Map());
  loss.targets.forEach((/** @type {number} */ i) => {
    nodes.push({ kind: "leaf", op: "", operands: [], data: 0 });
    targets.push([i, nodes.length - 1]);
  });
  const where = append(nodes, model, new Map(leaves.map((at, i) => [i, at])));
  const bound = new Map([...loss.outputs.map((/** @type {number} */ i, /** @type {number} */ k) =>
    /** @type {[number, number]} */ ([i, where[model.roots[k]]])), ...targets]);
  const root = append(nodes, loss, bound)[loss.roots[0]];
  const at = (/** @type {number} */ i) => (i < 0 ? -1 : where[i]);
  return reachable(nodes, root, model.params.map(at), model.inputs.map(at),
                   targets.map(([, t]) => t));
}

/**
 * The nodes root depends on, renumbered in order, and where the leaves went (-1: unused).
 * @param {Node[]} nodes @param {number} root
 * @param {number[]} params @param {number[]} inputs @param {number[]} targets
 * @returns {Template}
 */
export function reachable(nodes, root, params, inputs, targets) {
  const needed = new Array(nodes.length).fill(false);
  needed[root] = true;
  for (let i = root; i >= 0; i--) {
    if (needed[i]) nodes[i].operands.forEach((j) => { needed[j] = true; });
  }
  /** @type {number[]} */
  const index = [];
  /** @type {Node[]} */
  const kept = [];
  nodes.slice(0, root + 1).forEach((node, i) => {
    if (!needed[i]) return;
    index[i] = kept.length;
    kept.push({ ...node, operands: node.operands.map((j) => index[j]) });
  });
  /** @param {number[]} ids */
  const where = (ids) => ids.map((i) => (i >= 0 && needed[i] ? index[i] : -1));
  return { nodes: kept, params: where(params), inputs: where(inputs), targets: where(targets) };
}

/**
 * One sample's graph per kind of target, as the Trainer looks them up: by class for a loss
 * whose programs are per class (cross_entropy), else "all".
 * @param {Traced} model @param {Record<string, Traced>} losses
 * @returns {Record<string, Template>}
 */
export function templates(model, losses) {
  return Object.fromEntries(Object.entries(losses).map(([key, loss]) =>
    [key, template(model, loss)]));
}
