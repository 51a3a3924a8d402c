import os
import shutil

import pytest

IN_CI = os.environ.get("CI") == "true"


@pytest.fixture
def require_dot():
    """Skip a rendering test where Graphviz's `dot` is missing, except in CI, where it must be."""
    if shutil.which("dot") is None:
        if IN_CI:
            pytest.fail("Graphviz's `dot` program is missing in CI (apt-get install graphviz)")
        pytest.skip("Graphviz's `dot` program is not installed")


def _missing(what: str):
    if IN_CI:
        pytest.fail(f"{what} is missing in CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed")


def chromium(*arguments: str):
    """Headless Chromium at 1280 x 800 (with any further command-line `arguments`), driven by
    selenium through Debian's `chromium` and `chromedriver` (selenium's own driver download
    needs the internet). Skips where they are missing, except in CI."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        _missing("Chromium and chromedriver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800",
                     "--disable-dev-shm-usage", *arguments):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=options)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session's page tests (see chromium)."""
    driver = chromium()
    yield driver
    driver.quit()
