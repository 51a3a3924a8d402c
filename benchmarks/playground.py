"""How fast a playground page trains with every view redrawn after every step, in headless
Chromium at 1280x800: micrograd's 2-16-16-1 on 100 moons and a 200-point spiral with 2-8-8-1,
both in batches of 8 with Adam.

    python benchmarks/playground.py [--quick]

First as a learner sees it: the page plays by itself, one step a frame (speed 1), with the
sample's graph shown; after half a second (the first frames compile the page's code: one of
about 100 ms) it is watched for `seconds` (3, or 1 with --quick). Steps a second are the steps
taken over the time between the first and last frames the browser drew (requestAnimationFrame
timestamps: rendering included), and the page's own `stepsPerSecond` is read beside them.
Cases: the benchmark page's settings (bce, Adam, batches of 8) for moons 2-16-16-1 and the
spiral 2-8-8-1, and micrograd's demo as it trains (hinge loss, SGD, the full batch of 100 each
step). Targets (issue 33): 60 steps a second, 30 for micrograd's full batch, read as printed,
to one decimal: the frames' timestamps are the display's clock, by which a page that takes a
step on every frame measures 59.97 to 60.01 (one frame dropped in three seconds reads 59.7).

Each page takes `rounds` steps through window.playground.step(1), which trains one step and
redraws the plane, the network, the curves and the graph of one sample (row 0's, through the
output neuron: both graphs are over 200 nodes); steps per second is their count over the time
the page's own clock measured. Targets (issue 22): 30 or more steps per second for the moons
network, 60 or more for the spiral.

Then the page plays by itself (its own loop, at 100 steps a frame, as many as fit in a frame)
while the browser draws, and the gaps between frames are measured: the page answers the
learner between any two of them. 2-16-16-1 on 200 moons in batches of 8, and 2-64-64-1 (the
page's largest hidden layers) on the 200 rows in one batch, which a step works through over
several frames. Targets (issue 28): a median frame of 50 ms or less, and 95% of frames within
250 ms for the largest network. Needs Chromium and chromedriver.
"""

import os
import sys
import tempfile


sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from live import browser  # noqa: E402  (benchmarks/live.py: headless Chromium at 1280x800)
from targets import report, rounds  # noqa: E402

from nn import MLP, playground  # noqa: E402
from nn.datasets import points  # noqa: E402


FRAMES = """
const done = arguments[0];
const times = [];
window.playground.set('speed', 100);
window.playground.set('playing', true);
function tick(t) {
  times.push(t);
  if (times.length < arguments[1]) { requestAnimationFrame(tick); return; }
  window.playground.set('playing', false);
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  done([gaps[Math.floor(gaps.length / 2)], gaps[Math.floor(gaps.length * 0.95)],
        window.playground.history().steps]);
}
requestAnimationFrame(tick);
""".replace("arguments[1]", "FRAMES_COUNT")

PLAYING = """
const seconds = arguments[0];
const done = arguments[1];
const stamps = [];
let before = null;
let begun = null;
window.playground.set('speed', 1);
window.playground.set('playing', true);
function tick(t) {
  begun ??= t;
  if (t - begun < 500) { requestAnimationFrame(tick); return; }     // warming up
  before ??= window.playground.history().steps;
  stamps.push(t);
  if (t - stamps[0] < seconds * 1000) { requestAnimationFrame(tick); return; }
  const steps = window.playground.history().steps - before;
  const shown = window.playground.stepsPerSecond;
  window.playground.set('playing', false);
  done([steps / ((t - stamps[0]) / 1000), stamps.length, shown]);
}
requestAnimationFrame(tick);
"""

MEASURE = """
const started = performance.now();
for (let k = 0; k < arguments[0]; k++) window.playground.step(1);
return arguments[0] / ((performance.now() - started) / 1000);
"""


PLAYED = (("moons 2-16-16-1, bce, Adam, batches of 8", "moons", 100, 0.1, 0, [16, 16], "bce",
           "adam", 0.01, 8, 60),
          ("spiral 2-8-8-1, bce, Adam, batches of 8", "spiral", 200, 0.0, 1, [8, 8], "bce",
           "adam", 0.01, 8, 60),
          ("micrograd's demo: moons 2-16-16-1, hinge, SGD, all 100", "moons", 100, 0.1, 0,
           [16, 16], "hinge", "sgd", 0.05, None, 30))


def playing(driver, folder: str, seconds: float) -> list:
    """Steps a second while the page plays, one step a frame, as drawn."""
    found = []
    for name, kind, n, noise, seed, hidden, loss, optimizer, lr, batch, target in PLAYED:
        X, labels = points(kind, n, noise, seed)
        y = [2.0 * v - 1.0 for v in labels] if loss == "hinge" else labels
        last = "linear" if loss == "hinge" else "sigmoid"
        model = MLP(2, hidden + [1], activation="relu", output_activation=last, seed=0)
        page = playground(model, X, y, loss=loss, optimizer=optimizer, lr=lr,
                          batch_size=batch).save(os.path.join(folder, "play.html"))
        driver.get("file://" + page)
        driver.execute_script("window.playground.selectSample(0)")
        rate, frames, shown = driver.execute_async_script(PLAYING, seconds)
        print(f"playing {name}: {rate:.1f} steps/s over {frames} frames drawn (the page says "
              f"{shown:.1f})")
        found.append((f"playing {name}: {rate:.1f} steps/s", f">= {target}",
                      round(rate, 1) >= target))     # as printed: see the docstring
    return found


def main(argv=None) -> int:
    steps = rounds(__doc__, argv, full=60, quick=15)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    folder, driver = tempfile.mkdtemp(), browser()
    try:
        checks = playing(driver, folder, 3.0 if steps >= 60 else 1.0)
    finally:
        driver.quit()
    cases = [("moons 2-16-16-1, 100 points", points("moons", 100, 0.1, 0), [16, 16], 30),
             ("spiral 2-8-8-1, 200 points", points("spiral", 200, 0.0, 1), [8, 8], 60)]
    driver = browser()
    try:
        for name, (X, y), hidden, target in cases:
            model = MLP(2, hidden + [1], activation="relu", output_activation="sigmoid", seed=0)
            page = playground(model, X, y, loss="bce", optimizer="adam", lr=0.01,
                              batch_size=8).save(os.path.join(folder, "p.html"))
            driver.get("file://" + page)
            driver.execute_script("window.playground.selectSample(0)")
            rate = driver.execute_script(MEASURE, steps)
            print(f"{name}: {rate:.0f} steps per second, every view redrawn each step")
            checks.append((f"{name}: {rate:.0f} steps/s", f">= {target}", rate >= target))
        checks += frames(driver, folder, 40 if steps < 60 else 120)
    finally:
        driver.quit()
    return report(checks)


def frames(driver, folder: str, count: int) -> list:
    """The gaps between the frames the browser draws while the page plays by itself."""
    X, y = points("moons", 200, 0.1, 2)
    found = []
    for name, hidden, batch_size, target in (("2-16-16-1, batches of 8", [16, 16], 8, None),
                                             ("2-64-64-1, all 200 rows", [64, 64], None, 250)):
        model = MLP(2, hidden + [1], activation="relu", output_activation="sigmoid", seed=0)
        page = playground(model, X, y, loss="bce", optimizer="adam", lr=0.01,
                          batch_size=batch_size).save(os.path.join(folder, "f.html"))
        driver.get("file://" + page)
        median, slow, taken = driver.execute_async_script(
            FRAMES.replace("FRAMES_COUNT", str(count)))
        print(f"playing {name}: median frame {median:.0f} ms, 95% within {slow:.0f} ms, "
              f"{taken} steps in {count} frames")
        found.append((f"{name}: median frame {median:.0f} ms", "<= 50", median <= 50))
        if target:
            found.append((f"{name}: 95% of frames within {slow:.0f} ms", f"<= {target}",
                          slow <= target))
    return found


if __name__ == "__main__":
    sys.exit(main())
