// The real engine in the browser: Pyodide (CPython compiled to WebAssembly, shipped with the
// site, no CDN) runs the autograd package itself, the same files as on a learner's machine.
// The learner types Python; autograd/inbrowser.py runs it and hands back what it printed, its
// error in one line, and the live page of the last Value it assigned, shown below and driven
// from here as on any live page.
//
// window.tryit.run(code)   a Promise of {stdout, error}; after it, window.seegrad is the live
//                          graph's (names, value, grad, set, ...)
// window.tryit.loadMs      how long Python and the package took to load here
import { byId, control } from "./dom.js";

/**
 * @typedef {{pyodide: string, package: string, files: [string, number][], version: string}} Data
 *   where Pyodide and the package are (relative to this page), and the files a first load
 *   fetches with their sizes in bytes
 * @typedef {{stdout: string, error: string | null, name: string | null, page: string | null}} Ran
 */

const data = /** @type {Data} */ (JSON.parse(byId("data").textContent ?? "{}"));
const status = byId("status");
const bar = /** @type {HTMLProgressElement} */ (byId("progress"));
const output = byId("output");
const frame = /** @type {HTMLIFrameElement} */ (byId("graph"));
const started = performance.now();

// The page's state: Python, once loaded, and the name of the Value shown.
const state = {
  /** @type {any} */ python: null,
  /** @type {string | null} */ shown: null,
};

// Fetch the large files first, with a progress bar: the browser keeps them, so Pyodide's own
// loading takes them from its cache.
async function fetchWithProgress() {
  const total = data.files.reduce((sum, [, size]) => sum + size, 0);
  let done = 0;
  bar.max = total;
  for (const [url] of data.files) {
    const response = await fetch(url);
    const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
    for (;;) {
      const { done: finished, value } = await reader.read();
      if (finished) break;
      done += value.length;
      bar.value = done;
      status.textContent = `Loading Python (Pyodide ${data.version}) and seegrad: ` +
        `${(done / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB`;
    }
  }
}

async function load() {
  await fetchWithProgress();
  status.textContent = "Starting Python...";
  const { loadPyodide } = await import(`${data.pyodide}pyodide.mjs`);
  const python = await loadPyodide({ indexURL: data.pyodide });
  const zip = await (await fetch(data.package)).arrayBuffer();
  python.unpackArchive(zip, "zip", { extractDir: "/home/pyodide" });
  python.runPython("import autograd.inbrowser");
  state.python = python;
  api.loadMs = performance.now() - started;
  status.textContent = `Python and seegrad loaded in ${(api.loadMs / 1000).toFixed(1)} s ` +
    `(${(bar.max / 1e6).toFixed(1)} MB, kept by the browser for the next time).`;
  bar.hidden = true;
  control("run").disabled = false;
}

/** Run the learner's code. @param {unknown} code @returns {Promise<{stdout: string, error: string | null}>} */
async function run(code) {
  if (typeof code !== "string") throw new Error("run takes the code as a string");
  await ready;
  const python = state.python;
  python.globals.set("_code", code);
  const proxy = python.runPython("autograd.inbrowser.run(_code)");
  /** @type {Ran} */
  const ran = proxy.toJs({ dict_converter: Object.fromEntries });
  proxy.destroy();
  output.textContent = ran.stdout + (ran.error ? `${ran.error}\n` : "");
  output.classList.toggle("error", Boolean(ran.error));
  if (ran.page !== null) await show(ran.name, ran.page);
  return { stdout: ran.stdout, error: ran.error };
}

/** The live page of Value `name`, below. @param {string | null} name @param {string} page */
function show(name, page) {
  return new Promise((resolve) => {
    frame.addEventListener("load", () => {
      const inside = /** @type {any} */ (frame.contentWindow);
      Object.assign(window, { seegrad: inside.seegrad });
      state.shown = name;
      byId("shown").textContent = `the live graph of ${name}: drag or type any leaf's data`;
      resolve(undefined);
    }, { once: true });
    frame.srcdoc = page;
  });
}

const api = { run, loadMs: 0 };
Object.assign(window, { tryit: api });
const ready = load();
control("run").addEventListener("click", () => run(control("code").value));
control("code").addEventListener("keydown", (event) => {
  const key = /** @type {KeyboardEvent} */ (event);
  if (key.key === "Enter" && (key.ctrlKey || key.metaKey)) run(control("code").value);
});
await ready;
document.body.dataset.ready = "true";
