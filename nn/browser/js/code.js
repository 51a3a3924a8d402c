// The Python that trains the page's model to the page's weights: the model as the run began
// (its architecture and starting weights), the data as the page holds it, one optimizer object
// carried through, and a fit call for each stretch of steps, each going on where the last
// stopped (fit's resume=, nn/training/loop.py), with every change the learner made in between (a
// learning rate, the loss, the batch size, shuffle, an optimizer, a point, a weight typed in)
// written where it happened. A run with no change is one fit call, as a learner would write it.

/**
 * @typedef {import("./spec.js").Spec} Spec
 * @typedef {import("./run.js").Entry} Entry
 * @typedef {import("./run.js").Steps} Steps
 * @typedef {import("./spec.js").Settings} Settings
 * @typedef {import("./run.js").Settings & {resumed: boolean}} Now the settings as the code
 *   has them at a point of it
 * @typedef {{params: number[], X: number[][], targets: import("./spec.js").Target[],
 *            settings: import("./run.js").Settings}} Start
 */

/** Python for a JSON value: true/false/null as Python spells them. @param {unknown} value */
function python(value) {
  return JSON.stringify(value).replace(/\btrue\b/g, "True").replace(/\bfalse\b/g, "False")
    .replace(/\bnull\b/g, "None");
}

/** A float as Python reads it back exactly: JavaScript's shortest text for it ("1e-7"). */
/** @param {number} x */
function number(x) {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? `${x}.0` : String(x);
}

// The optimizer object for these settings, as its class says Python makes one (its CALL).
/**
 * @param {Settings} settings @param {Record<string, import("./spec.js").Declared>} declared
 */
function optimizerCode(settings, declared) {
  return declared[settings.kind].call.replace(/\{(\w+)\}/g,
    (_, name) => number(Number(settings[name])));
}

/**
 * The Python for a run: `start` (its starting weights, data and settings), the log of what
 * happened since, the page's spec (architecture, file keys, seed, reduction).
 * @param {Start} start @param {Entry[]} log @param {Spec} spec
 */
export function pythonCode(start, log, spec) {
  const a = spec.file.architecture;
  /** @type {Record<string, number[]>} */
  const state = {};
  let at = 0;
  for (const [key, n] of spec.file.keys) {
    state[key] = start.params.slice(at, at + n);
    at += n;
  }
  const target = (/** @type {import("./spec.js").Target} */ t) => (Array.isArray(t) ? t[0] : t);
  const ours = Object.values(spec.optimizers).filter((d) => d.nn).map((d) => d.label);
  const theirs = Object.values(spec.optimizers).filter((d) => !d.nn).map((d) => d.label);
  const lines = [
    `from nn import ${[...(a ? [a.class] : []), ...ours, "fit"].join(", ")}`,
    ...theirs.map((name) => `# ${name}: the optimizer class you gave playground()`),
    ...(spec.ownLoss ? [`# ${spec.lossName}: the loss function you gave playground()`] : []),
    "",
    ...(a ? [`model = ${a.class}(${Object.entries(a).filter(([k]) => k !== "class")
      .map(([k, v]) => `${k}=${python(v)}`).join(", ")})`]
      : ["# model: the Module you gave playground()"]),
    `model.load_state_dict(${python(state)})    # the weights the page started from`,
    `X = ${python(start.X)}`,
    `y = ${python(start.targets.map(target))}`,
    `optimizer = ${optimizerCode(start.settings.optimizer, spec.optimizers)}`,
  ];
  /** @type {Now} */
  const now = { ...start.settings, resumed: false };
  const fixed = [`reduction="${spec.reduction}"`].filter(() => spec.reduction !== "mean");
  for (const entry of log) {
    if (entry.kind === "steps") lines.push(...fitCall(entry, now, spec, fixed));
    else lines.push(...change(entry, now, spec));
  }
  if (!log.some((e) => e.kind === "steps")) lines.push("# no step taken yet: the model is as it began");
  lines.push("");
  return lines.join("\n");
}

// One fit call for a stretch of steps: epochs=k where it is whole epochs from an epoch's
// start, else steps=k; the first call seeds the shuffle, the later ones go on with it.
/** @param {Steps} entry @param {Now} now @param {Spec} spec @param {string[]} fixed */
function fitCall(entry, now, spec, fixed) {
  const count = entry.fromStart && entry.toEnd && entry.epochs > 0
    ? `epochs=${entry.epochs}` : `steps=${entry.count}`;
  const batch = now.batchAll ? "None" : String(now.batchSize);
  const options = [spec.ownLoss ? `loss=${now.lossName}` : `loss="${now.lossName}"`,
                   "optimizer=optimizer", `batch_size=${batch}`,
                   ...(now.shuffle ? [] : ["shuffle=False"]), count,
                   now.resumed ? "resume=history" : `seed=${spec.seed}`, ...fixed,
                   'engine="scalar"', "progress=False"];
  now.resumed = true;
  return wrapped("history = fit(model, X, y, ", options, ")");
}

// What a change on the page is in Python.
/**
 * @param {Exclude<Entry, Steps>} entry @param {Now} now @param {Spec} spec
 * @returns {string[]}
 */
function change(entry, now, spec) {
  if (entry.kind === "point") {
    return [`X.append(${python([entry.x, entry.y])})    # a point added on the page`,
            `y.append(${python(entry.label)})`];
  }
  if (entry.kind === "param") {
    return [`model.parameters()[${entry.index}].data = ${number(entry.value)}    # typed in`];
  }
  const v = entry.value;
  switch (entry.name) {
    case "lr":
      now.optimizer = { ...now.optimizer, lr: v };
      return [`optimizer.lr = ${number(v)}    # the learning rate changed on the page`];
    case "batch_size":
      now.batchAll = v === null;
      now.batchSize = v;
      return [];                                   // the next call's batch_size
    case "shuffle":
      now.shuffle = v;
      return [];
    case "loss":
      now.lossName = v;
      return [];
    case "optimizer":
    case "momentum": {
      const kind = entry.name === "optimizer" ? v : "sgd";
      now.optimizer = { ...spec.optimizers[kind].defaults, kind, lr: now.optimizer.lr,
                        ...(entry.name === "momentum" ? { momentum: v } : {}) };
      return [`optimizer = ${optimizerCode(now.optimizer, spec.optimizers)}    # another ` +
              "optimizer, from here on"];
    }
    default:
      return [];
  }
}

// A call written over lines of at most 92 characters.
/** @param {string} head @param {string[]} parts @param {string} tail */
function wrapped(head, parts, tail) {
  const lines = [head + parts[0]];
  for (const part of parts.slice(1)) {
    const last = lines[lines.length - 1];
    if (last.length + part.length + 2 > 92) {
      lines[lines.length - 1] = `${last},`;
      lines.push(`              ${part}`);
    } else {
      lines[lines.length - 1] = `${last}, ${part}`;
    }
  }
  lines[lines.length - 1] += tail;
  return lines;
}
