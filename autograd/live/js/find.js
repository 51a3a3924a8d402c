// Finding a node or a group by its name, or by a pattern where * stands for any characters
// (w2[5,*]: every weight of neuron 5 of layer 2). A group is found by its whole path
// (sample[3]/layer1) or by its own name (layer1, the first of that name).

/** A pattern as a regular expression matching whole names. @param {string} query */
export function pattern(query) {
  const parts = query.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`);
}

/**
 * The first node (in the order made) or else group whose name matches `query`.
 * @param {import("./grouptree.js").Tree} tree @param {string} query
 * @returns {{node: number} | {group: number} | null}
 */
export function find(tree, query) {
  const match = pattern(query);
  const node = tree.nodes.findIndex((n) => match.test(n.name ?? ""));
  if (node >= 0) return { node };
  let group = tree.groups.findIndex((g) => match.test(g.name));
  if (group < 0) group = tree.groups.findIndex((g) => match.test(g.name.split("/").pop() ?? ""));
  return group >= 0 ? { group } : null;
}
