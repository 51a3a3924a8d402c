// Runs what tests/live/node.py sends on stdin with the page's engine and the generated op
// table, and prints the numbers as text that Python's float() reads back exactly.
import { readFileSync } from "node:fs";
import { forwardEach, run } from "./engine.js";
import { runTyped, typed } from "./typed.js";
import { OPS } from "./ops.js";
import { format } from "./numbers.js";
import { PythonRandom } from "./random.js";
import { Trainer } from "./trainer.js";
import { template } from "./compose.js";
import { initialWeights, layers, mlpProgram, names } from "./mlp.js";
import { check } from "./checking.js";
import { Player } from "./player.js";

const text = (x) => (Object.is(x, -0) ? "-0" : String(x));
const task = JSON.parse(readFileSync(0, "utf8"));

function graphs(items) {
  return items.map(({ program, leaves }) => {
    const result = run(program, leaves || {});
    if (result.error) return { error: result.error };
    return { data: Array.from(result.data, text), grad: Array.from(result.grad, text) };
  });
}

function points(items) {
  return items.map(({ op, args }) => {
    const entry = OPS[op];
    const numbers = args.map(Number);
    const out = entry.forward(...numbers);
    return {
      forward: text(out),
      undefined: entry.undefined === null ? false : Boolean(entry.undefined(...numbers)),
      why: entry.why(...numbers),
      derivatives: entry.derivatives.map((rule) => text(rule(...numbers, out))),
    };
  });
}

// Each graph run by engine.js and by typed.js: the nodes where any number differs (Object.is:
// -0 and NaN too), and whether both stopped at the same error.
function typedSame(items) {
  return items.map(({ program, leaves }) => {
    const a = run(program, leaves || {});
    const b = runTyped(typed(program), leaves || {});
    if (a.error || b.error) return { error: JSON.stringify(a.error) === JSON.stringify(b.error) };
    const differ = [];
    for (let i = 0; i < a.data.length; i++) {
      if (!Object.is(a.data[i], b.data[i]) || !Object.is(a.grad[i], b.grad[i])) differ.push(i);
    }
    return { differ };
  });
}

const answers = { names: () => Object.keys(OPS), graphs: () => graphs(task.items),
                  typedSame: () => typedSame(task.items),
                  points: () => points(task.items),
                  format: () => task.items.map((x) => format(Number(x))),
                  shuffle: () => task.items.map(({ seed, n, times }) => {
                    const random = new PythonRandom(seed);
                    const order = [...Array(n).keys()];
                    for (let k = 0; k < times; k++) random.shuffle(order);
                    return order;
                  }),
                  draws: () => task.items.map(({ seed, n }) => {
                    const random = new PythonRandom(seed);
                    const drawn = new Float64Array(n);
                    for (let k = 0; k < n; k++) drawn[k] = random.random();
                    return Buffer.from(drawn.buffer).toString("base64");
                  }),
                  template: () => task.items.map(({ model, loss }) => template(model, loss)),
                  check: () => task.items.map(({ questions, answers, hints }) =>
                    check(questions, answers, hints)),
                  mlp: () => task.items.map(({ parts, sizes, activations, bias, seed }) => {
                    const layout = layers(sizes, activations, bias);
                    const params = initialWeights(parts, sizes, seed, bias);
                    return { params, model: mlpProgram(parts, layout, sizes[0], params),
                             ...names(parts, layout, sizes[0]) };
                  }),
                  // stepsPerSecond after each of the frames [seconds it took, steps finished]
                  rate: () => task.items.map((frames) => {
                    const player = new Player(null, () => false, () => {}, () => {});
                    let now = 0;
                    return frames.map(([seconds, taken]) => {
                      player.count(taken, now, now + 1000 * seconds);
                      now += 1000 * seconds;
                      return player.stepsPerSecond;
                    });
                  }),
                  // a program over n points: the nodes `wanted`, as forwardEach gives them
                  // when asked for them (sums of products fused) and with every node kept
                  each: () => task.items.map(({ program, columns, n, wanted }) => {
                    const given = Object.fromEntries(Object.entries(columns).map(
                      ([i, v]) => [i, typeof v === "number" ? v : Float64Array.from(v)]));
                    const shown = (v) => (typeof v === "number" ? Array(n).fill(v) : [...v])
                      .map(text);
                    const fused = forwardEach(program, given, n, wanted);
                    const whole = forwardEach(program, given, n);
                    return wanted.map((i) => [shown(fused[i]), shown(whole[i])]);
                  }),
                  train: () => task.items.map(({ spec, steps }) => {
                    const trainer = new Trainer(spec);
                    for (let k = 0; k < steps; k++) trainer.step();
                    return Array.from(trainer.params, text);
                  }) };
process.stdout.write(JSON.stringify(answers[task.kind]()));
