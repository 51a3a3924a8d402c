"""The step-through page in a real browser (headless Chromium at 1280 x 800), on the worked
3-3-1 example of demos.forward_pass: what a learner sees at backward's steps 1, 10, 34 and the
last, and along the forward pass before them."""

import os

import pytest

from autograd import Value, render_steps
from demos import forward_pass

STEPS = (1, 10, 34, "last")

MEASURE = """
const picture = document.getElementById("picture").getBoundingClientRect();
const inView = (r) => r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth
  && r.bottom <= innerHeight && r.left >= picture.left - 1 && r.right <= picture.right + 1
  && r.top >= picture.top - 1 && r.bottom <= picture.bottom + 1;
const current = [...document.querySelectorAll("svg .current")];
const positions = {};
for (const g of document.querySelectorAll("svg g.node")) {
  const b = g.getBBox();
  positions[g.id] = [b.x, b.y, b.width, b.height].map((v) => Math.round(v * 100) / 100);
}
const heights = [...document.querySelectorAll("svg g.node text")]
  .map((t) => t.getBoundingClientRect().height);
const table = document.getElementById("table").getBoundingClientRect();
const row = document.querySelector("#table .now");
const r = row ? row.getBoundingClientRect() : null;
return {
  counter: document.getElementById("counter").textContent,
  current: current.map((el) => el.id),
  currentInView: current.every((el) => inView(el.getBoundingClientRect())),
  positions: positions,
  smallestText: Math.min(...heights),
  rowVisible: r !== null && r.top >= table.top && r.bottom <= table.bottom
    && r.bottom <= innerHeight,
  row: row ? row.textContent : null,
};
"""


def go_to(driver, step, forward=False):
    """Backward's step `step` ("last": the end), or with forward=True forward's step `step`,
    by the keys: Home (the start of the forward pass), then →."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    body = driver.find_element(By.TAG_NAME, "body")
    if step == "last":
        body.send_keys(Keys.END)
        return
    body.send_keys(Keys.HOME)
    presses = step if forward else driver.execute_script("return data.backward") + step
    for _ in range(presses):
        body.send_keys(Keys.ARROW_RIGHT)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forward_pass")
    result = forward_pass.run(str(folder))
    return result["files"][1]


def test_forward_pass_page_at_steps_1_10_34_and_last(browser, page, require_dot):
    assert os.path.getsize(page) < 600_000
    browser.get("file://" + page)
    frames = browser.execute_script("return data.frames.length - 1 - data.backward")
    seen = {}
    for step in STEPS:
        go_to(browser, step)
        m = browser.execute_script(MEASURE)
        number = frames if step == "last" else step
        assert m["counter"] == f"step {number} of {frames}"
        assert len(m["current"]) == 5 and m["currentInView"], (step, m["current"])
        assert m["smallestText"] >= 10, step
        assert m["rowVisible"] and m["row"].split()[0] == str(number), (step, m["row"])
        seen[step] = m["positions"]
        shot = os.path.join(os.path.dirname(page), f"step_{step}.png")
        browser.save_screenshot(shot)
        print(f"screenshot: {shot}")
    first = seen[STEPS[0]]
    assert len(first) > 50 and all(seen[s] == first for s in STEPS)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_keys_buttons_zoom_and_drag(browser, page, require_dot):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    browser.get("file://" + page)
    body = browser.find_element(By.TAG_NAME, "body")
    counter = lambda: browser.find_element(By.ID, "counter").text  # noqa: E731
    assert counter().startswith("forward 0 ")
    body.send_keys(Keys.SPACE)
    body.send_keys(Keys.SPACE)
    assert counter().startswith("forward 2 ")
    body.send_keys(Keys.ARROW_LEFT)
    assert counter().startswith("forward 1 ")
    browser.find_element(By.ID, "last").click()
    assert browser.find_element(By.ID, "next").get_attribute("disabled")
    body.send_keys(Keys.HOME)
    assert counter().startswith("forward 0 ")
    width = lambda: float(browser.find_element(By.CSS_SELECTOR, "#picture svg")  # noqa: E731
                          .get_attribute("width"))
    before = width()
    browser.find_element(By.ID, "zoomin").click()
    assert width() == pytest.approx(before * 1.25)
    browser.find_element(By.ID, "fit").click()
    fitted = browser.execute_script(
        "const p = document.getElementById('picture');"
        "const s = p.querySelector('svg').getBoundingClientRect();"
        "return s.width <= p.clientWidth + 1 && s.height <= p.clientHeight + 1;")
    assert fitted and width() < before
    browser.find_element(By.ID, "zoomin").click()
    browser.find_element(By.ID, "zoomin").click()
    browser.find_element(By.ID, "zoomin").click()
    scroll = "const p = document.getElementById('picture'); return [p.scrollLeft, p.scrollTop];"
    start = browser.execute_script(scroll)
    picture = browser.find_element(By.ID, "picture")
    ActionChains(browser).move_to_element_with_offset(picture, 5, 5).click_and_hold() \
        .move_by_offset(-120, -60).release().perform()
    assert browser.execute_script(scroll) != start


def test_a_hostile_label_stays_text(browser, tmp_path, require_dot):
    evil = "<img src=x onerror=alert(1)>"
    x = Value(2.0, label=evil)
    root = (x * Value(3.0, label="</script><b>bold</b>")).tanh()
    root.label = evil
    page = render_steps(root, tmp_path / "steps")
    browser.get("file://" + page)
    assert browser.execute_script("return document.querySelectorAll('img, b').length") == 0
    assert evil in browser.title
    assert evil in browser.execute_script("return document.querySelector('svg').textContent")
    go_to(browser, 2)
    assert evil in browser.execute_script("return document.getElementById('caption').textContent")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def tall_graph():
    w = Value(0.5, label="w")
    out = w
    for _ in range(8):
        out = (out * 1.1 + 0.2).tanh()
    out.label = "loss"
    return out


def test_in_a_700_px_notebook_frame_the_picture_keeps_the_width_and_the_step_in_view(
        browser, tmp_path, require_dot):
    """JupyterLab with its side bar open leaves a notebook about 700 px: the table then goes
    below the picture (it once took all but 116 px beside it), and the current node is in view
    from the first look."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from autograd import show_steps
    frame = show_steps(tall_graph())._repr_html_()
    outer = tmp_path / "notebook.html"
    outer.write_text(f"<html><body style='margin:0'><div style='width:700px'>{frame}</div>"
                     "</body></html>")
    browser.get("file://" + str(outer))
    browser.switch_to.frame(browser.find_element(By.TAG_NAME, "iframe"))
    try:
        for step in range(4):
            m = browser.execute_script(MEASURE + "")
            width = browser.execute_script(
                "return [document.getElementById('picture').clientWidth, innerWidth]")
            assert width[0] >= 0.6 * width[1], width
            assert m["current"] and m["currentInView"], (step, m["current"])
            browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
        browser.save_screenshot(str(tmp_path / "frame_700.png"))
    finally:
        browser.switch_to.default_content()


def test_a_tall_graph_in_a_wide_window_has_its_table_beside(browser, tmp_path, require_dot):
    page = render_steps(tall_graph(), tmp_path / "steps")
    browser.get("file://" + page)
    assert browser.execute_script("return document.getElementById('main').className") == "side"
    assert browser.execute_script(
        "return document.getElementById('picture').clientWidth / innerWidth") >= 0.5
    browser.find_element("id", "last").click()
    table = browser.execute_script(
        "const t = document.getElementById('table');"
        "return [t.scrollWidth, t.clientWidth, t.getBoundingClientRect().right, innerWidth]")
    assert table[0] <= table[1] and table[2] <= table[3] + 1, table   # whole: no column cut


def test_the_forward_pass_fills_in_each_nodes_data_in_creation_order(browser, page,
                                                                   require_dot):
    """Before backward, the page steps through the forward pass: at its start every result
    reads "data ?" and every grad "grad ?"; each step computes one op and writes its data."""
    browser.get("file://" + page)
    texts = "return [...document.querySelectorAll('svg g.node text')].map(t => t.textContent)"
    start = browser.execute_script(texts)
    forward = browser.execute_script("return data.backward") - 1
    assert start.count("data ?") == forward and "grad 1" not in start
    assert all(t == "grad ?" for t in start if t.startswith("grad "))
    go_to(browser, 1, forward=True)
    caption = browser.execute_script("return document.getElementById('caption').textContent")
    assert caption.startswith("Forward step 1: ") and " = " in caption
    assert browser.execute_script(texts).count("data ?") == forward - 1
    go_to(browser, forward, forward=True)
    shown = browser.execute_script(texts)
    assert "data ?" not in shown and "grad 1" not in shown
    go_to(browser, 0)
    assert "grad 1" in browser.execute_script(texts)
