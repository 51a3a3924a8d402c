"""How long the in-browser page (the documentation's "try it in your browser") takes to load
the first time, and how much it fetches: Pyodide and the autograd package, from the built site
(pip install -e ".[docs]" && mkdocs build --strict) served locally to headless Chromium with a
fresh profile (nothing cached), every other host unreachable. Then one run of the issue's
lines.

    python benchmarks/tryit.py [--quick]

Target (issue 32, for this machine): ready within 20 s of opening the page; the page itself
writes both numbers when it has loaded.
"""

import functools
import http.server
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from targets import report, rounds  # noqa: E402

SITE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "site")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def fresh_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main(argv=None) -> int:
    count = rounds(__doc__, argv, full=3, quick=1)
    if not os.path.exists(os.path.join(SITE, "pages", "tryit.html")):
        print("build the site first: pip install -e '.[docs]' && mkdocs build --strict")
        return 1
    handler = functools.partial(Quiet, directory=SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/pages/tryit.html"
    loads, pages = [], []
    for _ in range(count):
        driver = fresh_browser()
        try:
            started = time.perf_counter()
            driver.get(url)
            while not driver.execute_script("return document.body.dataset.ready === 'true'"):
                time.sleep(0.05)
            loads.append(time.perf_counter() - started)
            pages.append(driver.execute_script("return window.tryit.loadMs") / 1000)
            fetched = driver.execute_script(
                "return performance.getEntriesByType('resource')"
                ".reduce((s, e) => s + e.transferSize, 0)")     # 0 where the cache served
        finally:
            driver.quit()
    server.shutdown()
    load = statistics.median(loads)
    print(f"first load: ready {load:.1f} s after opening the page (the page measured "
          f"{statistics.median(pages):.1f} s), {fetched / 1e6:.1f} MB over the network "
          f"(median of {count})")
    return report([(f"first load {load:.1f} s", "<= 20 s", load <= 20)])


if __name__ == "__main__":
    sys.exit(main())
