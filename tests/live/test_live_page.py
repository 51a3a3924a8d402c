"""The live graph page in headless Chromium at 1280x800: a leaf typed into the page's own
input changes every value and grad shown to what the Python engine computes there, nothing
moves, the path from the leaf to the root is marked, nudge agrees with Python, a value outside
log's domain shows the engine's message (and no NaN), and labels stay text."""

import math

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from autograd import Value, render_live
from autograd.graph import node_names, topological_order


def tanh_neuron(w=-1.5, x=0.5, b=0.25):
    leaves = {name: Value(v, label=name) for name, v in (("x", x), ("w", w), ("b", b))}
    f = (leaves["w"] * leaves["x"] + leaves["b"]).tanh()
    f.label = "f"
    return f


def python_numbers(root):
    """Every node's name -> (data, grad), by the Python engine."""
    root.backward()
    order = topological_order(root)
    names = node_names(order)
    return {names[n]: (n.data, n.grad) for n in order}


def positions(browser):
    """Every node's outline on the picture (relative to the picture, so that scrolling does
    not count; the outline, as a text's box follows its glyphs)."""
    return browser.execute_script(
        "const s = document.querySelector('#picture svg').getBoundingClientRect();"
        "return [...document.querySelectorAll('g.node')].map(g => {"
        "const r = g.querySelector('polygon, ellipse, path').getBoundingClientRect();"
        "return [g.id, ...[r.x - s.x, r.y - s.y, r.width, r.height].map(v => v.toFixed(2))];"
        "})")


def shown_texts(browser):
    return browser.execute_script(
        "return [...document.querySelectorAll('g.node text')].map(t => t.textContent)")


def type_into(browser, name, text):
    """Click the leaf's data on the picture and type `text` into the box that opens."""
    index = browser.execute_script("return window.seegrad.names().indexOf(arguments[0])", name)
    field = [t for t in browser.find_elements(By.CSS_SELECTOR, f"#n{index} text")
             if t.get_attribute("textContent").startswith("data ")][0]
    field.click()
    editor = browser.find_element(By.ID, "editor")
    assert editor.is_displayed()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(text, Keys.ENTER)


def close(a, b):
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


@pytest.fixture
def page(tmp_path, require_dot):
    return render_live(tanh_neuron(), str(tmp_path / "live.html"))


def test_typing_a_leaf_changes_every_number_to_pythons(browser, page):
    browser.get("file://" + page)
    before = positions(browser)
    type_into(browser, "w", "0.7")
    expected = python_numbers(tanh_neuron(w=0.7))
    for name, (data, grad) in expected.items():
        assert close(browser.execute_script("return window.seegrad.value(arguments[0])", name),
                     data), name
        assert close(browser.execute_script("return window.seegrad.grad(arguments[0])", name),
                     grad), name
    texts = shown_texts(browser)
    for name, (data, grad) in expected.items():
        assert f"data {data:.4g}" in texts and f"grad {grad:.4g}" in texts, name
    assert positions(browser) == before                       # nothing moved
    marked = browser.execute_script(
        "return [...document.querySelectorAll('g.node.path')].map(g => g.id)")
    names = browser.execute_script("return window.seegrad.names()")
    records = [int(i[1:]) for i in marked if not i.endswith("_op")]
    assert sorted(names[i] for i in records) == ["#1", "#2", "f", "w"]
    assert len(marked) == 4 + 3                     # and the three ops between them
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_nudge_is_the_root_change_and_grad_times_delta(browser, page):
    browser.get("file://" + page)
    delta = 1e-3
    got = browser.execute_script("return window.seegrad.nudge('w', arguments[0])", delta)
    f0, f1 = tanh_neuron(), tanh_neuron(w=-1.5 + delta)
    assert close(got["actual"], f1.data - f0.data)
    f0.backward()
    w = [n for n in topological_order(f0) if n.label == "w"][0]
    assert close(got["predicted"], w.grad * delta)


def test_a_value_outside_logs_domain_shows_the_engines_message(browser, tmp_path, require_dot):
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    f = (x * y).log()
    path = render_live(f, str(tmp_path / "log.html"))
    browser.get("file://" + path)
    type_into(browser, "x", "-1")
    message = browser.find_element(By.ID, "message").text
    with pytest.raises(ValueError) as raised:
        (Value(-1.0) * Value(3.0)).log()
    assert "log needs a positive argument" in message
    assert "log needs a positive argument" in str(raised.value)
    body = browser.find_element(By.TAG_NAME, "body")
    assert "NaN" not in body.text and "nan" not in " ".join(shown_texts(browser))
    assert "stale" in body.get_attribute("class")
    type_into(browser, "x", "4")                      # a good value brings the page back
    assert browser.find_element(By.ID, "message").text == ""
    assert close(browser.execute_script("return window.seegrad.value('#2')"), math.log(12.0))


def test_a_hostile_label_stays_text(browser, tmp_path, require_dot):
    hostile = "<img src=x onerror=alert(1)>"
    x = Value(1.0, label=hostile)
    path = render_live((x * 2.0).tanh(), str(tmp_path / "hostile.html"))
    browser.get("file://" + path)
    assert browser.find_elements(By.CSS_SELECTOR, "#picture img") == []
    assert hostile in shown_texts(browser)
    assert browser.execute_script("return window.seegrad.set(arguments[0], 0.5)", hostile) == \
        pytest.approx(math.tanh(1.0), rel=1e-15)


def test_text_that_is_not_a_number_changes_nothing(browser, page):
    browser.get("file://" + page)
    before = shown_texts(browser)
    type_into(browser, "w", "abc")
    assert "not a finite number" in browser.find_element(By.ID, "message").text
    assert shown_texts(browser) == before


def forward_pass_loss(**weights):
    """The forward_pass demo's loss, with any weights given by label set first."""
    from demos.forward_pass import TARGET, build, forward
    from nn import mse_loss
    model = build()
    for p in model.parameters():
        p.data = weights.get(p.label, p.data)
    _, _, y = forward(model)
    loss = mse_loss([y], [TARGET])
    loss.label = "loss"
    return loss


def test_the_forward_pass_demos_page_follows_a_typed_weight(browser, tmp_path, require_dot):
    from demos.forward_pass import run
    run(out=str(tmp_path))
    page = tmp_path / "forward_pass_live.html"
    assert page.stat().st_size < 300_000
    browser.get("file://" + str(page))
    before = positions(browser)
    type_into(browser, "w11", "0.9")
    expected = python_numbers(forward_pass_loss(w11=0.9))
    texts = shown_texts(browser)
    for name, (data, grad) in expected.items():
        assert close(browser.execute_script("return window.seegrad.value(arguments[0])", name),
                     data), name
        assert close(browser.execute_script("return window.seegrad.grad(arguments[0])", name),
                     grad), name
        assert f"grad {grad:.4g}" in texts, name
    assert positions(browser) == before
    marked = browser.execute_script(
        "return [...document.querySelectorAll('g.node.path')].map(g => g.id)"
        ".filter(id => !id.endsWith('_op'))")
    names = browser.execute_script("return window.seegrad.names()")
    assert sorted(names[int(i[1:])] for i in marked) == sorted(_downstream("w11"))
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_the_nudge_panel_shows_the_error_falling_like_delta_squared(browser, page):
    browser.get("file://" + page)
    type_into(browser, "w", "0.7")
    panel = browser.execute_script("return window.seegrad.nudgePanel()")
    readout = browser.find_element(By.CSS_SELECTOR, "#nudge .readout").text
    assert f"{panel['actual']:.4g}" in readout and f"{panel['predicted']:.4g}" in readout
    assert browser.find_element(By.CSS_SELECTOR, "#nudge select").get_attribute("value") == "w"
    rows = panel["rows"]
    errors = [abs(r["actual"] - r["predicted"]) for r in rows]
    slope = math.log(errors[2] / errors[8]) / math.log(rows[2]["delta"] / rows[8]["delta"])
    assert slope == pytest.approx(2.0, abs=0.1)
    f = tanh_neuron(w=0.7 + 0.1)
    assert close(rows[0]["actual"], f.data - tanh_neuron(w=0.7).data)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".nudge-plot polyline")) == 3


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """A PATH on which Graphviz's dot cannot be found (Python is called by its full path)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_graphviz_the_pages_use_the_simple_layout_and_stay_live(browser, tmp_path,
                                                                         no_dot):
    from autograd import render_steps
    page = render_live(tanh_neuron(), str(tmp_path / "live.html"))
    steps = render_steps(tanh_neuron(), str(tmp_path / "steps"))
    browser.get("file://" + page)
    assert "simple layout" in browser.find_element(By.CSS_SELECTOR, ".note").text
    before = positions(browser)
    type_into(browser, "w", "0.7")
    for name, (data, grad) in python_numbers(tanh_neuron(w=0.7)).items():
        assert close(browser.execute_script("return window.seegrad.value(arguments[0])", name),
                     data), name
        assert f"grad {grad:.4g}" in shown_texts(browser)
    assert positions(browser) == before
    browser.get("file://" + steps)
    assert "simple layout" in browser.find_element(By.CSS_SELECTOR, ".note").text
    browser.find_element(By.ID, "last").click()
    assert "grad 1" in shown_texts(browser)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def _downstream(name):
    """The names of the nodes between the forward_pass loss's leaf `name` and the loss."""
    loss = forward_pass_loss()
    names = node_names(topological_order(loss))
    order = topological_order(loss)[::-1]
    on = {n for n in order if names[n] == name}
    for n in order:
        if any(p in on for p in n.parents):
            on.add(n)
    return [names[n] for n in on]


def test_dragging_a_leaf_scrubs_it_and_shift_makes_finer_steps(browser, page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    browser.get("file://" + page)
    index = browser.execute_script("return window.seegrad.names().indexOf('w')")
    field = [t for t in browser.find_elements(By.CSS_SELECTOR, f"#n{index} text")
             if t.get_attribute("textContent").startswith("data ")][0]
    ActionChains(browser).click_and_hold(field).move_by_offset(40, 0).release().perform()
    coarse = browser.execute_script("return window.seegrad.value('w')")
    assert coarse == pytest.approx(-1.5 + 40 * 0.01 * 1.5)
    flashing = browser.execute_script(
        "return [...document.querySelectorAll('text.flash-a, text.flash-b')].length")
    assert flashing >= 5                    # w's data and every grad and data it changed
    ActionChains(browser).key_down(Keys.SHIFT).click_and_hold(field).move_by_offset(40, 0) \
        .release().key_up(Keys.SHIFT).perform()
    fine = browser.execute_script("return window.seegrad.value('w')")
    assert fine - coarse == pytest.approx(40 * 0.001 * max(1.0, abs(coarse)))
    assert shown_texts(browser).count(f"data {fine:.4g}") >= 1


# --- what a page promises under hostile use ---

def test_a_leaf_labelled_like_a_constant_keeps_every_name_unique(browser, tmp_path, require_dot):
    two = Value(3.0, label="2")
    f = two * 2 + two * 1.0000001 + two * 1.0000002
    path = render_live(f, str(tmp_path / "names.html"))
    browser.get("file://" + path)
    names = browser.execute_script("return window.seegrad.names()")
    assert len(set(names)) == len(names)
    assert {"2", "2#2", "1", "1#2"} <= set(names)
    assert browser.execute_script("return window.seegrad.set('2', 1.0)") == \
        pytest.approx(2 + 1.0000001 + 1.0000002)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.parametrize("bad", ["'abc'", "NaN", "''", "null", "'0x10'", "[5]", "true",
                                 "Infinity", "undefined", "'1'.repeat(100)"])
def test_set_takes_finite_numbers_only_and_changes_nothing_else(browser, page, bad):
    browser.get("file://" + page)
    before = shown_texts(browser)
    with pytest.raises(Exception, match="is not a finite number"):
        browser.execute_script(f"return window.seegrad.set('w', {bad})")
    assert browser.execute_script("return window.seegrad.value('w')") == -1.5
    assert shown_texts(browser) == before
    message = browser.find_element(By.ID, "message").text
    assert "is not a finite number" in message and len(message) < 120


@pytest.mark.parametrize("call", ["value('nope')", "grad('nope')", "set('nope', 1)",
                                  "set('#1', 1)", "nudge('nope', 0.1)"])
def test_an_unknown_name_throws(browser, page, call):
    browser.get("file://" + page)
    with pytest.raises(Exception, match="is not (the name of a node|a leaf) of this graph"):
        browser.execute_script(f"return window.seegrad.{call}")


def test_a_large_graph_opens_on_its_leaves_legibly_and_nudges_a_leaf_that_matters(
        browser, tmp_path, require_dot):
    from demos.forward_pass import run
    run(out=str(tmp_path))
    browser.get("file://" + str(tmp_path / "forward_pass_live.html"))
    seen = browser.execute_script(
        "const frame = document.getElementById('picture').getBoundingClientRect();"
        "const names = window.seegrad.names();"
        "return names.filter((n, i) => {"
        "  const r = document.getElementById('n' + i).getBoundingClientRect();"
        "  return r.left >= frame.left && r.right <= frame.right && r.top >= frame.top"
        "    && r.bottom <= frame.bottom; })")
    leaves = [p.label for p in __import__("demos.forward_pass", fromlist=["build"])
              .build().parameters()] + ["x1", "x2", "bias"]
    assert len([n for n in seen if n in leaves]) >= 3, seen
    assert "loss" not in seen
    smallest = browser.execute_script(
        "const svg = document.querySelector('#picture svg');"
        "const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
        "return Math.min(...[...svg.querySelectorAll('g.node text')]"
        "  .map(t => parseFloat(getComputedStyle(t).fontSize) * scale))")
    assert smallest >= 10 - 1e-9
    chosen = browser.find_element(By.CSS_SELECTOR, "#nudge select").get_attribute("value")
    assert chosen in seen
    assert browser.execute_script("return window.seegrad.grad(arguments[0])", chosen) != 0
    readout = browser.find_element(By.CSS_SELECTOR, "#nudge .readout").text
    assert "root changes by 0;" not in readout
