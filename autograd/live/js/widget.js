// The live page as a notebook widget (anywidget): the page in a frame of its own, and its
// leaves joined to the kernel's Values both ways. A change the learner makes on the page is
// sent to Python as `edit` ({name, value, count}); a `pushed` value set from Python
// (widget.set("w", 0.7)) is passed into the page, which recomputes as if it had been typed.
function render({ model, el }) {
  const frame = document.createElement("iframe");
  frame.srcdoc = model.get("page");
  frame.style.cssText = `width: 100%; height: ${model.get("height")}px; border: 1px solid #ddd;`;
  frame.setAttribute("title", "the live graph");
  el.appendChild(frame);
  let count = 0;
  const heard = (event) => {
    const message = event.data;
    if (event.source !== frame.contentWindow || !message || message.seegrad !== "changed") return;
    count += 1;
    model.set("edit", { name: message.name, value: message.value, count });
    model.save_changes();
  };
  window.addEventListener("message", heard);
  const push = () => {
    const pushed = model.get("pushed");
    if (pushed && pushed.name) {
      frame.contentWindow.postMessage({ seegrad: "set", name: pushed.name, value: pushed.value },
                                      "*");
    }
  };
  model.on("change:pushed", push);
  return () => window.removeEventListener("message", heard);
}

export default { render };
