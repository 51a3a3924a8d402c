// The types of what a playground page holds: the description Python writes (nn/browser/playground.py,
// nn/browser/spec.py) as the page's state, which the run (run.js) alone changes as the
// learner works. Types only: nothing here runs.

/**
 * @typedef {import("./engine.js").Node} Node
 * @typedef {import("./compose.js").Traced} Traced
 * @typedef {import("./compose.js").Template} Template
 * @typedef {import("./model.js").Model} Model
 * @typedef {import("./mlp.js").Layer} Layer
 * @typedef {import("./mlp.js").Parts} Parts
 * @typedef {import("./optimizers.js").Settings} Settings
 * @typedef {import("./optimizers.js").Declared} Declared
 *
 * @typedef {number | number[]} Target a row's targets: a class index for cross_entropy, else
 *   one number per output
 *
 * @typedef {object} File how a file nn.load reads is written (nn/files/saved.py's form)
 * @property {string} format
 * @property {number} version
 * @property {any} architecture the model's class and arguments (null: not one nn rebuilds)
 * @property {Record<string, unknown>} history an empty History's fields, to fill in
 * @property {[string, number][]} keys each state dict key and how many parameters it holds
 * @property {string} lossLabel what a loss number means ("{loss}: {how} over the {rows} ...")
 *
 * @typedef {object} Spec
 * @property {number[]} params the starting weights, in model.parameters() order
 * @property {number[][]} X the training rows
 * @property {Target[]} targets their targets
 * @property {number[][]} testX rows only measured
 * @property {Target[]} testTargets their targets
 * @property {Model} model the model's program
 * @property {string} lossName the loss trained with
 * @property {boolean} ownLoss whether it is a function of the learner's
 * @property {Record<string, Record<string, Traced>>} lossPrograms each loss's program (by
 *   class, or "all"), for the losses the page can train with
 * @property {Record<string, Template>} [templates] one sample's loss graph, by class or "all"
 * @property {number} batchSize samples per step
 * @property {boolean} batchAll whether a batch is every row (as rows are added too)
 * @property {boolean} shuffle
 * @property {number} seed the shuffle's
 * @property {string} reduction "mean" or "sum"
 * @property {Settings} optimizer the optimizer the run starts with
 * @property {Record<string, Declared>} optimizers every optimizer the page offers
 * @property {Layer[] | null} layers the network's layers, for a network of neurons
 * @property {Parts | null} parts what an MLP is built from, for a reshape
 * @property {number} threshold where one output flips class (nn/training/classes.py)
 * @property {number} lowLabel the class below it (0, or -1 for -1/+1 labels)
 * @property {number[]} labelValues the class labels
 * @property {string[]} paramNames
 * @property {string[][]} neuronNames per column of the network (inputs first)
 * @property {string[]} activations what a hidden layer may use
 * @property {File} file
 * @property {{xlim: number[], ylim: number[]}} plane the part of the plane drawn
 * @property {Record<string, import("./sample.js").Groups>} sampleGraphs per template, the
 *   groups of a sample's graph and its nodes' names, from Python (nn/browser/sample_groups.py)
 * @property {{sampleNodes: number}} limits
 * @property {string} [dataName] the set of points drawn on the page ("" for the rows given)
 *
 * @typedef {import("./plane.js").Colours} Colours
 *
 * @typedef {object} Page what the views and the controls share (made by playground.js)
 * @property {import("./run.js").Run} run the run: the one thing that changes the state
 * @property {Spec} spec the state
 * @property {Colours} colours
 * @property {HTMLCanvasElement} plane the plane's canvas
 * @property {(name: string) => void} selectNeuron show a neuron's part of a sample's graph
 * @property {(p: number, event: MouseEvent) => void} editWeight type a weight's value in
 */

export {};
