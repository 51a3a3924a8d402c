"""Opening a page of one file in the test browser and waiting until its script has run."""

import time


def open_ready(browser, path: str) -> str:
    """Load the page at `path` and wait (up to 10 s) for document.body.dataset.ready; an
    AssertionError with the browser's log if it never comes. Returns the path."""
    browser.get("file://" + str(path))
    for _ in range(200):
        if browser.execute_script("return document.body.dataset.ready === 'true'"):
            return str(path)
        time.sleep(0.05)
    raise AssertionError(f"the page never got ready: {browser.get_log('browser')}")
