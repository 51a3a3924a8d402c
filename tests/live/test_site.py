"""The documentation site as built (`mkdocs build --strict` into site/; .ci/run builds it before
the slow tests), served locally to headless Chromium with every other host unreachable: each
page loads with no console error, and the pages the guides embed answer their window
interfaces."""

import functools
import http.server
import os
import re
import threading
import time

import pytest

from tests.conftest import IN_CI, chromium

pytestmark = pytest.mark.slow
SITE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    "site")
GUIDES = ["", "guide/seeing/", "guide/chain-rule/", "guide/touching/", "guide/big-graphs/",
          "guide/training/", "guide/watching/", "guide/playground/", "guide/directions/",
          "guide/compiler/", "guide/pytorch/", "guide/practice/", "tutorials/",
          "tutorials/from-scratch/", "reference/autograd/", "reference/nn/",
          "reference/autograd-modules/", "reference/nn-modules/", "reference/pages/",
          "notebooks/11_practice/"]


@pytest.fixture(scope="module")
def site():
    if not os.path.exists(os.path.join(SITE, "index.html")):
        if IN_CI:
            pytest.fail("site/ is not built (.ci/run builds it with mkdocs before the slow tests)")
        pytest.skip("build the site first: pip install -e '.[docs]' && mkdocs build --strict")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def offline():
    """Chromium that can reach 127.0.0.1 and nothing else."""
    driver = chromium("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    yield driver
    driver.quit()


def _errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("page", GUIDES)
def test_every_page_loads_offline_without_an_error(site, offline, page):
    offline.get(site + page)
    time.sleep(0.5)
    assert offline.execute_script("return document.readyState") == "complete"
    assert offline.find_element("css selector", "h1").text
    assert _errors(offline) == []


def _inside(driver, site, page, frame_src, script, tries=100):
    """Run `script` in the page's embedded frame whose src ends with frame_src, once it
    answers."""
    driver.get(site + page)
    frame = driver.find_element("css selector", f'iframe[src$="{frame_src}"]')
    driver.execute_script("arguments[0].scrollIntoView()", frame)
    driver.switch_to.frame(frame)
    try:
        for _ in range(tries):
            found = driver.execute_script(script)
            if found is not None:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{page}: {frame_src} never answered")
    finally:
        driver.switch_to.default_content()


def test_the_embedded_pages_answer(site, offline):
    live = _inside(offline, site, "guide/touching/", "forward_pass_live.html",
                   "const s = window.seegrad; if (!s) return null; "
                   "const leaf = s.names().find(n => n.startsWith('v')); "
                   "const before = s.value(s.names().at(-1)); s.set(leaf, 3.21); "
                   "return [before, s.value(s.names().at(-1))]")
    assert live[0] != live[1]
    steps = _inside(offline, site, "guide/playground/", "playground_moons.html",
                    "const p = window.playground; if (!p) return null; p.step(3); "
                    "return p.history().steps")
    assert steps == 3
    directions = _inside(offline, site, "guide/directions/", "directions_three_outputs.html",
                         "return window.directions ? Object.keys(window.directions).length : null")
    assert directions >= 1
    practice = _inside(offline, site, "guide/practice/", "exercise.html",
                       "return window.exercise ? window.exercise.questions().length : null")
    assert practice >= 10
    grouped = _inside(offline, site, "guide/big-graphs/", "grouped_sample.html",
                      "return window.seegrad && window.seegrad.groups ? "
                      "window.seegrad.visible().length : null")
    assert 1 <= grouped <= 60
    assert _errors(offline) == []


def test_the_reference_lists_every_name_of_each_pages_interface(site, offline):
    """The pages' window interfaces page (made from the modules' headers) names every key each
    page really puts on window."""
    offline.get(site + "reference/pages/")
    reference = offline.find_element("css selector", "article").text
    pages = [("guide/touching/", "forward_pass_live.html", "seegrad"),
             ("guide/big-graphs/", "grouped_sample.html", "seegrad"),
             ("guide/playground/", "playground_moons.html", "playground"),
             ("guide/directions/", "directions_three_outputs.html", "directions"),
             ("guide/practice/", "exercise.html", "exercise")]
    for page, frame, name in pages:
        keys = _inside(offline, site, page, frame,
                       f"return window.{name} ? Object.keys(window.{name}) : null")
        unlisted = [key for key in keys if not re.search(rf"\b{key}\b", reference)]
        assert unlisted == [], (frame, unlisted)


def test_the_engine_runs_in_the_browser_as_in_cpython(site, offline):
    """The in-browser page (Pyodide, from the site itself): the issue's lines print CPython's
    number, an error is one line, and the live graph's set equals Python."""
    from autograd import Value
    offline.get(site + "pages/tryit.html")
    for _ in range(1200):                            # the first load: Python and the package
        if offline.execute_script("return document.body.dataset.ready === 'true'"):
            break
        time.sleep(0.1)
    run = ("const done = arguments[arguments.length - 1]; "
           "window.tryit.run(arguments[0]).then(done, e => done({error: String(e)}))")
    said = offline.execute_async_script(
        run, "x = Value(2.0); y = (x * x).tanh(); y.backward(); print(x.grad)")
    x = Value(2.0)
    y = (x * x).tanh()
    y.backward()
    assert said == {"stdout": f"{x.grad!r}\n", "error": None}
    names = offline.execute_script("return window.seegrad.names()")
    page = offline.execute_script(
        "window.seegrad.set(arguments[0], 0.75); "
        "return [window.seegrad.value(arguments[1]), window.seegrad.grad(arguments[0])]",
        names[0], names[-1])
    x = Value(0.75)
    y = (x * x).tanh()
    y.backward()
    assert page == [y.data, x.grad]
    wrong = offline.execute_async_script(run, "z = Value(1.0).log() / 0")
    assert wrong["error"] == "ValueError: /: 0.0 / 0.0 is undefined: division by zero"
    assert "Traceback" not in wrong["error"]
    assert offline.execute_script("return window.tryit.loadMs") > 0
    assert _errors(offline) == []
