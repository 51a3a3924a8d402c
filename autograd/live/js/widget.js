// A page (the live page, the playground) as a notebook widget (anywidget): the page in a frame
// of its own, joined to the kernel both ways. A change the learner makes on the page is sent to
// Python as `edit` ({name, value, count}). What Python sets (widget.set("w", 0.7)) arrives as
// `pushed`: every name's latest value ({values: [[name, value], ...], last, count}), so a frame
// that loads after the set (the very next cell, or a notebook opened again) gets them all once
// its page is ready, and a frame already loaded gets the one just set.
/**
 * @typedef {{get: (name: string) => any, set: (name: string, value: unknown) => void,
 *            save_changes: () => void, on: (event: string, f: () => void) => void}} Model
 *   anywidget's model of the widget
 * @param {{model: Model, el: HTMLElement}} widget
 */
function render({ model, el }) {
  const frame = document.createElement("iframe");
  frame.srcdoc = model.get("page");
  frame.style.cssText = `width: 100%; height: ${model.get("height")}px; border: 1px solid #ddd;`;
  frame.setAttribute("title", "the live graph");
  let count = 0;
  /** @param {MessageEvent} event */
  const heard = (event) => {
    const message = event.data;
    if (event.source !== frame.contentWindow || !message || message.seegrad !== "changed") return;
    count += 1;
    model.set("edit", { name: message.name, value: message.value, count });
    model.save_changes();
  };
  window.addEventListener("message", heard);
  /** @param {string} name @param {unknown} value */
  const post = (name, value) => {
    frame.contentWindow?.postMessage({ seegrad: "set", name, value }, "*");
  };
  let ready = false;              // the page's script has run: it hears "set" messages now
  frame.addEventListener("load", () => {
    ready = true;
    (model.get("pushed").values || []).forEach(
      (/** @type {[string, unknown]} */ [name, value]) => post(name, value));
  });
  model.on("change:pushed", () => {
    const pushed = model.get("pushed");
    const latest = (pushed.values || []).find(
      (/** @type {[string, unknown]} */ [name]) => name === pushed.last);
    if (ready && latest) post(latest[0], latest[1]);
  });
  el.appendChild(frame);
  return () => window.removeEventListener("message", heard);
}

export default { render };
