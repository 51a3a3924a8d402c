"""How fast practice answers: making an exercise on a graph of about 30 nodes (a neuron of
four inputs, tanh, a squared error and two more terms), and checking an answer on its page in
Chromium (the page's window.exercise.answer: the checker, the verdict, the first wrong step
and the redrawn list and picture).

    python benchmarks/exercise.py [--quick]

Targets (issue 31): making a 30-node exercise <= 50 ms; checking an answer on the page
<= 5 ms; and the answer on screen, the frame painted, within 50 ms (medians). Needs
Chromium and chromedriver (selenium) for the page.
"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from grouped_page import browser, painted  # noqa: E402
from targets import report, rounds  # noqa: E402

from autograd import Value, exercise  # noqa: E402
from autograd.graph import creation_order  # noqa: E402


def neuron():
    xs = [Value(v, label=f"x{k}") for k, v in enumerate((0.5, -1.2, 0.8, 2.0))]
    ws = [Value(v, label=f"w{k}") for k, v in enumerate((0.3, -0.7, 1.1, -0.4))]
    b = Value(0.1, label="b")
    total = b
    for x, w in zip(xs, ws):
        total = total + x * w
    out = total.tanh()
    return (out - 0.5) ** 2 + (out * xs[0]) ** 2 + (out * xs[1]).sigmoid() + b * xs[2]


MEASURE = """
const [count] = arguments;
const e = window.exercise;
const times = [];
const questions = e.questions();
for (let k = 0; k < count; k++) {
  const q = questions[k % questions.length];
  const started = performance.now();
  e.answer(q.id, String(0.1 * k));
  times.push(performance.now() - started);
}
return times;
"""

# The same answers, each timed until the browser has painted the frame that shows it.
PAINTED = painted("const e = window.exercise;\nconst questions = e.questions();",
                  "e.answer(questions[k % questions.length].id, String(0.2 * k))")


def main(argv=None) -> int:
    count = rounds(__doc__, argv, full=60, quick=15)
    root = neuron()
    nodes = len(creation_order(root))
    made = []
    for seed in range(count):
        started = time.perf_counter()
        ex = exercise(root, seed=seed)
        made.append(time.perf_counter() - started)
    make = statistics.median(made) * 1000
    print(f"an exercise on {nodes} nodes ({len(ex.asked)} questions): made in {make:.1f} ms "
          f"(median of {count})")
    path = ex.save(os.path.join(tempfile.mkdtemp(), "exercise.html"))
    driver = browser()
    try:
        driver.get("file://" + path)
        for _ in range(200):
            if driver.execute_script("return document.body.dataset.ready === 'true'"):
                break
            time.sleep(0.05)
        driver.execute_script("localStorage.clear()")
        check = statistics.median(driver.execute_script(MEASURE, count))
        painted = statistics.median(driver.execute_async_script(PAINTED, count))
    finally:
        driver.quit()
    print(f"an answer checked on the page, list and picture redrawn: {check:.2f} ms; until the "
          f"browser has painted it: {painted:.1f} ms (medians of {count})")
    return report([(f"making a {nodes}-node exercise {make:.1f} ms", "<= 50 ms", make <= 50),
                   (f"checking an answer on the page {check:.2f} ms", "<= 5 ms", check <= 5),
                   (f"an answer painted {painted:.1f} ms", "<= 50 ms (3 frames)",
                    painted <= 50)])


if __name__ == "__main__":
    sys.exit(main())
