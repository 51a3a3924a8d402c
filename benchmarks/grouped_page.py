"""How the grouped page answers on a big graph, in Chromium at 1280x800: opening and closing
groups, and an edit that recomputes every value, gradient and box, on the loss of a 2-16-16-1
MLP over one sample (986 nodes) and over a batch of 100 moons (65,338 nodes), built as a
learner builds it; the batch page's size, how many boxes each page opens on and the most it
shows while 30 layers are opened one after another; and how long `render` takes to draw the
batch at neuron level.

    python benchmarks/grouped_page.py [--quick]

Times are the page's own: an edit's recompute (seegrad.lastComputeMs: the engine's run and
every box's numbers) and with its drawing (lastUpdateMs, not the browser's paint), medians of
`rounds`. Targets (issue 30): open or close any group <= 300 ms; an edit
<= 16 ms for the batch, <= 2 ms for one sample; the batch page <= 1.5 MB; at most 60 boxes
first and never more than 400; an edit on screen, its frame painted, within 50 ms;
render(batch, "x.svg", level="neuron") <= 10 s. Needs Chromium and chromedriver (selenium),
and Graphviz for the render.
"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from batch_graph import losses  # noqa: E402
from targets import report, rounds  # noqa: E402

from autograd import render  # noqa: E402
from autograd.drawing.grouped import grouped_page  # noqa: E402


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


MEASURE = """
const [count, groups, layers] = arguments;
const s = window.seegrad;
const first = s.visible().length;
const leaf = s.names().find((n) => n.startsWith("w2["));
const edits = [];
const drawn = [];
for (let k = 0; k < count; k++) {
  s.set(leaf, 0.1 + 0.01 * k);
  edits.push(s.lastComputeMs);
  drawn.push(s.lastUpdateMs);
}
const toggles = [];
for (const name of groups) {
  s.open(name); toggles.push(s.lastUpdateMs);
  s.close(name); toggles.push(s.lastUpdateMs);
}
let most = first;
for (const layer of layers) {
  s.open(layer);
  toggles.push(s.lastUpdateMs);
  most = Math.max(most, s.visible().length);
}
return {edits, drawn, toggles, first, most};
"""


def painted(setup: str, action: str) -> str:
    """A script timing `action` (JavaScript using k, the count so far) `count` times, each until
    the browser has painted the frame that shows it: two animation frames after it (the one it
    lands in, then the next, once that one is painted). `setup` runs first."""
    return f"""
const [count, done] = arguments;
{setup}
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
(async () => {{
  const times = [];
  for (let k = 0; k < count; k++) {{
    await frame();
    const started = performance.now();
    {action};
    await frame();
    await frame();
    times.push(performance.now() - started);
  }}
  done(times);
}})();
"""


# Edits timed until the browser has painted the frame that shows them.
PAINTED = painted("const s = window.seegrad;\n"
                  'const leaf = s.names().find((n) => n.startsWith("w2["));',
                  "s.set(leaf, 0.2 + 0.01 * k)")


def measure(driver, path, count, groups, layers):
    driver.get("file://" + path)
    for _ in range(400):
        if driver.execute_script("return document.body.dataset.ready === 'true'"):
            break
        time.sleep(0.05)
    found = driver.execute_script(MEASURE, count, groups, layers)
    painted = statistics.median(driver.execute_async_script(PAINTED, count))
    return (found["first"], found["most"], statistics.median(found["edits"]),
            statistics.median(found["drawn"]), max(found["toggles"]), painted)


def main(argv=None) -> int:
    count = rounds(__doc__, argv, full=30, quick=8)
    folder = tempfile.mkdtemp()
    driver = browser()
    checks = []
    try:
        one, batch = losses()
        cases = [("one sample", one, ["sample", "sample/layer2", "sample/layer2/n2[5]", "loss"],
                  2),
                 ("a batch of 100", batch, ["sample[0:50]", "sample[50:100]", "loss[0:50]",
                                            "sample[17]", "sample[17]/layer1", "Σ100"], 16)]
        for what, root, groups, target in cases:
            path = os.path.join(folder, f"{what}.html")
            with open(path, "w", encoding="utf-8") as f:
                f.write(grouped_page(root))
            size = os.path.getsize(path)
            layers = ([f"sample[{k}]/layer{1 + k % 2}" for k in range(0, 60, 2)]
                      if what.startswith("a batch") else [])
            first, most, edit, drawn, toggle, painted = measure(driver, path, count, groups,
                                                                layers)
            print(f"{what}: page {size / 1e6:.2f} MB, opens on {first} boxes (at most {most} "
                  f"seen); an edit recomputes every value, gradient and box in {edit:.2f} ms, "
                  f"drawn by {drawn:.1f} ms, painted by {painted:.1f} ms (medians of {count}); "
                  f"open or close, slowest of "
                  f"{2 * len(groups) + len(layers)}: {toggle:.1f} ms")
            checks += [(f"{what}: edit {edit:.2f} ms", f"<= {target}", edit <= target),
                       (f"{what}: edit painted {painted:.1f} ms", "<= 50 (3 frames)",
                        painted <= 50),
                       (f"{what}: open/close {toggle:.1f} ms", "<= 300", toggle <= 300),
                       (f"{what}: {first} boxes first", "<= 60", first <= 60),
                       (f"{what}: at most {most} boxes seen", "<= 400", most <= 400)]
            if what.startswith("a batch"):
                checks.append((f"{what}: page {size / 1e6:.2f} MB", "<= 1.5 MB", size <= 1.5e6))
    finally:
        driver.quit()
    started = time.perf_counter()
    render(batch, os.path.join(folder, "batch.svg"), level="neuron")
    took = time.perf_counter() - started
    print(f"render(batch, 'batch.svg', level='neuron'): {took:.1f} s")
    checks.append((f"render at neuron level {took:.1f} s", "<= 10 s", took <= 10))
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
