// The page's engine: a graph as a straight-line program (autograd.live.program), run forward
// and then backward with the op table generated from autograd/ops.py. The rules of the
// Python engine (autograd/backward.py) hold here too:
//   - nodes run forward in creation order, so every operand is known before its result, and
//     an op outside its domain stops the pass, naming the node and saying why;
//   - backward visits the nodes root first, in reverse creation order, the order Python's
//     backward uses, so every gradient is summed in the same order and comes out the same;
//   - constants receive no gradient; a node that received nothing passes 0;
//   - a mask (relu, maximum) that is 0 passes nothing, whatever arrives, and a node whose
//     gradient is 0 passes 0, even where a local derivative is infinite.
import { OPS } from "./ops.js";

// A program's numbers: JSON numbers, or "Infinity", "-Infinity", "NaN" for the rest.
export function number(x) {
  return typeof x === "string" ? Number(x) : x;
}

// data of every node, from the leaves' data (`leaves`: node index -> number, for the leaves
// whose data is not the program's). Returns {data} or {error: {node, message}}.
export function forward(program, leaves = {}) {
  const nodes = program.nodes;
  const data = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node.operands.length) {
      data[i] = i in leaves ? leaves[i] : number(node.data);
      continue;
    }
    const op = OPS[node.op];
    const args = node.operands.map((j) => data[j]);
    if (op.undefined !== null && op.undefined(...args)) {
      return { error: { node: i, message: op.why(...args) } };
    }
    data[i] = op.forward(...args);
  }
  return { data };
}

// d(root)/d(node) for every node (the root is the last node), from the data forward gave.
export function backward(program, data) {
  const nodes = program.nodes;
  const pending = new Array(nodes.length).fill(null);
  pending[nodes.length - 1] = 1;
  for (let i = nodes.length - 1; i >= 0; i -= 1) {
    const node = nodes[i];
    if (node.operands.length) passBack(node, i, data, pending, nodes);
  }
  // added to 0, as Python adds a pass to .grad: a -0 summed there is shown as 0
  return Float64Array.from(pending, (g) => (g === null ? 0 : 0 + g));
}

// The chain rule at node i: upstream * d(node)/d(operand) added to each operand's pending.
function passBack(node, i, data, pending, nodes) {
  const op = OPS[node.op];
  const upstream = pending[i] === null ? 0 : pending[i];
  const zero = upstream === 0;
  const args = [...node.operands.map((j) => data[j]), data[i]];
  node.operands.forEach((j, k) => {
    if (nodes[j].kind === "constant") return;
    const local = op.derivatives[k](...args);
    if (local === 0) return;            // a zero factor gives zero, as in Python's pass_back
    const contribution = zero ? 0 : upstream * local;
    pending[j] = pending[j] === null ? contribution : pending[j] + contribution;
  });
}

// forward then backward: {data, grad} or {error}.
export function run(program, leaves = {}) {
  const result = forward(program, leaves);
  if (result.error) return result;
  return { data: result.data, grad: backward(program, result.data) };
}
