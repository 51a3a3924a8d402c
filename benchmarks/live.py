"""How fast a live graph page follows an edit: recompute and redraw of a 500-node graph in
headless Chromium, and the size of the forward_pass demo's page.

    python benchmarks/live.py [--quick]

The graph is an MLP's loss on one sample (a 2-12-12-1 tanh network and its squared error:
about 500 nodes). The page (autograd.render_live) is opened at 1280x800; a leaf is set 50
times (10 with --quick) through window.seegrad.set, and the page's own lastUpdateMs (the
engine's forward and backward plus rewriting every number that changed) is read after each.
Targets: a median under 16 ms (one frame at 60 Hz); the forward_pass page under 300 KB.
Needs Graphviz's `dot`, Chromium and chromedriver.
"""

import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from targets import report, rounds  # noqa: E402

from autograd import render_live, topological_order  # noqa: E402
from nn import MLP, mse_loss  # noqa: E402


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def main(argv=None) -> int:
    edits = rounds(__doc__, argv, full=50, quick=10)
    model = MLP(2, [12, 12, 1], activation="tanh", seed=0)
    loss = mse_loss([model([0.5, -0.3])], [1.0])
    nodes = len(topological_order(loss))
    folder = tempfile.mkdtemp()
    page = render_live(loss, os.path.join(folder, "mlp.html"), max_nodes=1000)
    driver = browser()
    try:
        driver.get("file://" + page)
        times = []
        for k in range(edits):
            driver.execute_script("window.seegrad.set('x[0]', arguments[0])", 0.5 + 0.01 * k)
            times.append(driver.execute_script("return window.seegrad.lastUpdateMs"))
    finally:
        driver.quit()
    median = statistics.median(times)
    print(f"{nodes} nodes: recompute + redraw after one edit, median of {edits}: {median:.2f} ms "
          f"(fastest {min(times):.2f}, slowest {max(times):.2f})")

    from demos.forward_pass import run
    import contextlib
    import io
    with contextlib.redirect_stdout(io.StringIO()):
        run(out=folder)
    size = os.path.getsize(os.path.join(folder, "forward_pass_live.html"))
    print(f"forward_pass_live.html: {size / 1000:.0f} KB")
    return report([
        (f"{nodes}-node graph: {median:.2f} ms a recompute and redraw", "< 16 ms",
         median < 16.0),
        (f"forward_pass page: {size / 1000:.0f} KB", "< 300 KB", size < 300_000)])


if __name__ == "__main__":
    sys.exit(main())
