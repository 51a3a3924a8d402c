// The sets of points a playground page offers (as TensorFlow Playground does): XOR, two
// moons, circles, a spiral and two gaussian blobs, n points each, with noise, drawn by
// Python's own generator (random.js) from a seed, so a page makes the same set every time.
import { PythonRandom } from "./random.js";

function normal(random) {                 // Box-Muller, from two uniform draws
  const u = 1 - random.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.random());
}

const SHAPES = {
  xor: (r) => {
    const [x, y] = [r.random() * 2 - 1, r.random() * 2 - 1];
    return [[x, y], (x > 0) !== (y > 0) ? 1 : 0];
  },
  moons: (r) => {
    const t = r.random() * Math.PI;
    const upper = r.random() < 0.5;
    return [upper ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)],
            upper ? 1 : 0];
  },
  circles: (r) => {
    const inner = r.random() < 0.5;
    const radius = inner ? r.random() * 0.5 : 0.8 + r.random() * 0.4;
    const a = r.random() * 2 * Math.PI;
    return [[radius * Math.cos(a), radius * Math.sin(a)], inner ? 1 : 0];
  },
  spiral: (r) => {
    const k = r.random() < 0.5 ? 1 : 0;
    const t = (0.25 + 0.75 * r.random()) * 3 * Math.PI;
    return [[t * Math.cos(t + Math.PI * k) / (3 * Math.PI),
             t * Math.sin(t + Math.PI * k) / (3 * Math.PI)], k];
  },
  gauss: (r) => {
    const k = r.random() < 0.5 ? 1 : 0;
    const c = k ? 0.6 : -0.6;
    return [[c + 0.35 * normal(r), c + 0.35 * normal(r)], k];
  },
};

export const NAMES = Object.keys(SHAPES);

// n points of set `name` (labels 0 and 1), moved by gaussian noise of size `noise`.
export function dataset(name, n, noise, seed) {
  if (!SHAPES[name]) throw new Error(`${name} is not a set (${NAMES.join(", ")})`);
  const random = new PythonRandom(seed);
  const points = [];
  for (let i = 0; i < n; i++) {
    const [[x, y], label] = SHAPES[name](random);
    points.push([[x + noise * normal(random), y + noise * normal(random)], label]);
  }
  return points;
}
