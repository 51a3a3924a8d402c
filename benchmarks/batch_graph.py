"""How fast a page recomputes a big graph after an edit: every value and gradient of a 2-16-16-1
MLP's loss, on one sample (986 nodes) and on a batch of 100 moons (65,336 nodes), built as a
learner builds it, run in Node.js by the page's engine (engine.js: an object per node, the op
table's functions) and by the typed engine (typed.js: the program as typed arrays, the passes
generated from the op table).

    python benchmarks/batch_graph.py [--quick]

Each engine runs the whole program forward and backward after a leaf changes, `rounds` times;
the median is printed. Targets (issue 30): 16 ms or less for the batch, 2 ms for one sample.
Needs Node.js.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from targets import report, rounds  # noqa: E402

from autograd.live.javascript import source  # noqa: E402
from autograd.live.program import program  # noqa: E402
from nn import MLP, mse_loss  # noqa: E402
from nn.datasets import points  # noqa: E402

TIMER = """
import { readFileSync } from "node:fs";
import { run } from "./engine.js";
import { runTyped, typed } from "./typed.js";
const { programs, rounds } = JSON.parse(readFileSync("task.json", "utf8"));
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const found = programs.map((program) => {
  const leaf = program.nodes.findIndex((n) => n.kind === "leaf");
  const t = typed(program);
  const times = { engine: [], typed: [] };
  for (let k = 0; k < rounds; k++) {
    const leaves = { [leaf]: 0.5 + 0.01 * k };
    let s = performance.now(); run(program, leaves); times.engine.push(performance.now() - s);
    s = performance.now(); runTyped(t, leaves); times.typed.push(performance.now() - s);
  }
  return { nodes: program.nodes.length, engine: median(times.engine), typed: median(times.typed) };
});
console.log(JSON.stringify(found));
"""


def losses():
    """One sample's loss and a batch's mean loss, built as a learner builds them."""
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="sigmoid", seed=0)
    X, y = points("moons", 100, 0.1, 0)
    one = mse_loss(model(X[0]), [float(y[0])])
    terms = [mse_loss(model(x), [float(t)]) for x, t in zip(X, y)]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return one, total / len(terms)


def graphs():
    """One sample's loss and a batch's mean loss, as programs."""
    return [program(root) for root in losses()]


def main(argv=None) -> int:
    count = rounds(__doc__, argv, full=30, quick=8)
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        print("Node.js is not installed")
        return 1
    folder = tempfile.mkdtemp()
    for name in ("elementary.js", "engine.js", "ops.js", "typed.js"):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(source(name))
    with open(os.path.join(folder, "package.json"), "w") as f:
        f.write('{"type": "module"}\n')
    with open(os.path.join(folder, "time.js"), "w") as f:
        f.write(TIMER)
    with open(os.path.join(folder, "task.json"), "w") as f:
        json.dump({"programs": graphs(), "rounds": count}, f)
    done = subprocess.run([node, "time.js"], cwd=folder, capture_output=True, text=True,
                          check=True)
    checks = []
    for found, (what, target) in zip(json.loads(done.stdout),
                                     [("one sample", 2), ("a batch of 100", 16)]):
        print(f"{what}, {found['nodes']:,} nodes: an edit recomputed in {found['typed']:.2f} ms "
              f"by the typed engine, {found['engine']:.2f} ms by engine.js (median of {count})")
        checks.append((f"{what}: {found['typed']:.2f} ms", f"<= {target}",
                       found["typed"] <= target))
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
