"""The playground page in headless Chromium: its steps are fit's, its export is a file nn.load
reads, added points are data, a weight typed in is trained from, and test rows are only
measured."""

import json
import math

import numpy as np
import pytest

from nn import MLP, SGD, Adam, fit, load, load_history
from nn.browser.playground import playground

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


def xor_model():
    return MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=3)


def open_page(browser, tmp_path, model, **settings):
    path = playground(model, XOR_X, XOR_Y, loss="mse", **settings).save(
        str(tmp_path / "playground.html"))
    browser.get("file://" + path)
    return browser


@pytest.mark.parametrize("optimizer, lr", [("sgd", 0.5), ("adam", 0.05)])
@pytest.mark.parametrize("batch_size", [1, 2, None])
def test_the_pages_steps_are_fits(browser, tmp_path, optimizer, lr, batch_size):
    open_page(browser, tmp_path, xor_model(), optimizer=optimizer, lr=lr,
              batch_size=batch_size, seed=4)
    epochs = 12
    steps = epochs * math.ceil(4 / (batch_size or 4))
    page = np.array(browser.execute_script("return window.playground.step(arguments[0])", steps))
    model = xor_model()
    chosen = (SGD if optimizer == "sgd" else Adam)(model.parameters(), lr=lr)
    history = fit(model, XOR_X, XOR_Y, loss="mse", optimizer=chosen, epochs=epochs,
                  batch_size=batch_size, seed=4, engine="scalar", progress=False)
    np.testing.assert_allclose(page, [p.data for p in model.parameters()], rtol=1e-9,
                               atol=1e-12)
    shown = browser.execute_script("return window.playground.history()")
    np.testing.assert_allclose(shown["loss"], history.loss, rtol=1e-9)
    assert shown["accuracy"] == history.accuracy
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_micrograds_demo_trains_on_the_page_as_fit_trains_it(browser, tmp_path):
    """The hinge loss on -1/+1 targets, SGD, the full batch (micrograd's demo): fit's steps."""
    from nn.datasets import points
    X, labels = points("moons", 30, 0.1, 0)
    y = [2.0 * v - 1.0 for v in labels]

    def model():
        return MLP(2, [8, 1], activation="relu", output_activation="linear", seed=0)

    path = playground(model(), X, y, loss="hinge", optimizer="sgd", lr=0.05,
                      batch_size=None).save(str(tmp_path / "hinge.html"))
    browser.get("file://" + path)
    page = browser.execute_script("window.playground.selectSample(0); "
                                  "return window.playground.step(5)")
    trained = model()
    history = fit(trained, X, y, loss="hinge", optimizer=SGD(trained.parameters(), lr=0.05),
                  epochs=5, batch_size=None, engine="scalar", progress=False)
    np.testing.assert_allclose(page, [p.data for p in trained.parameters()], rtol=1e-9,
                               atol=1e-12)
    shown = browser.execute_script("return window.playground.history()")
    np.testing.assert_allclose(shown["loss"], history.loss, rtol=1e-9)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_the_export_is_a_file_nn_load_reads(browser, tmp_path):
    open_page(browser, tmp_path, xor_model(), lr=0.5)
    browser.execute_script("window.playground.step(40)")
    exported = browser.execute_script("return window.playground.export()")
    path = tmp_path / "model.json"
    path.write_text(json.dumps(exported))
    model = load(str(path))
    page = browser.execute_script("return window.playground.predict(arguments[0])", XOR_X)
    np.testing.assert_allclose([model(x).data for x in XOR_X], np.array(page)[:, 0],
                               rtol=1e-12)
    assert load_history(str(path)).loss == exported["history"]["loss"]
    # labelled as fit labels its History (nn.training.data.LOSS_LABEL)
    assert exported["history"]["loss_label"] == fit(
        xor_model(), XOR_X, XOR_Y, epochs=1, progress=False).loss_label
    assert browser.execute_script("return window.playground.addPoint(0.5, 0.5, 1)") == 5
    again = browser.execute_script("return window.playground.export()")
    assert len(again["data"]["X"]) == len(exported["data"]["X"]) + 1 == 5


def test_a_weight_typed_in_is_what_the_next_step_trains_from(browser, tmp_path):
    open_page(browser, tmp_path, xor_model(), lr=0.5, batch_size=None)
    browser.execute_script("window.playground.step(3); window.playground.setParam(0, 0.5)")
    before = browser.execute_script("return window.playground.params()")
    assert before[0] == 0.5
    after = browser.execute_script("return window.playground.step(1)")
    model = xor_model()
    for p, x in zip(model.parameters(), before):
        p.data = x
    fit(model, XOR_X, XOR_Y, loss="mse", optimizer=SGD(model.parameters(), lr=0.5), epochs=1,
        batch_size=None, engine="scalar", progress=False)
    np.testing.assert_allclose(after, [p.data for p in model.parameters()], rtol=1e-12)


def test_test_rows_are_measured_and_never_trained_on(browser, tmp_path):
    X_test, y_test = [[0.1, 0.9], [0.9, 0.1], [0.2, 0.2]], [1, 1, 0]
    path = playground(xor_model(), XOR_X, XOR_Y, loss="mse", lr=0.5, X_test=X_test,
                      y_test=y_test).save(str(tmp_path / "p.html"))
    browser.get("file://" + path)
    params = browser.execute_script("return window.playground.step(8)")
    shown = browser.execute_script("return window.playground.history()")
    model = xor_model()
    for p, x in zip(model.parameters(), params):
        p.data = x
    expected = np.mean([0.5 * (model(x).data - t) ** 2 for x, t in zip(X_test, y_test)])
    assert shown["testLoss"][-1] == pytest.approx(expected, rel=1e-12)
    untouched = xor_model()
    fit(untouched, XOR_X, XOR_Y, loss="mse", optimizer=SGD(untouched.parameters(), lr=0.5),
        epochs=2, seed=0, engine="scalar", progress=False)
    np.testing.assert_allclose(params, [p.data for p in untouched.parameters()], rtol=1e-9)


@pytest.mark.parametrize("optimizer, lr, batch_size, steps", [
    ("sgd", 0.5, None, 5), ("adam", 0.05, None, 5), ("adam", 0.05, 1, 8)])
def test_seek_and_fork_train_on_from_an_epochs_snapshot(browser, tmp_path, optimizer, lr,
                                                        batch_size, steps):
    """seek(10), fork(), step(k) lands where fit does after 10 epochs and then k more steps:
    the snapshot holds the weights, the optimizer's state and the shuffle's place."""
    open_page(browser, tmp_path, xor_model(), optimizer=optimizer, lr=lr,
              batch_size=batch_size, seed=4)
    per_epoch = math.ceil(4 / (batch_size or 4))
    browser.execute_script("window.playground.step(arguments[0])", 20 * per_epoch)
    browser.execute_script("window.playground.seek(10); window.playground.fork()")
    assert len(browser.execute_script("return window.playground.history()")["loss"]) == 10
    page = np.array(browser.execute_script("return window.playground.step(arguments[0])", steps))
    model = xor_model()
    chosen = (SGD if optimizer == "sgd" else Adam)(model.parameters(), lr=lr)
    fit(model, XOR_X, XOR_Y, loss="mse", optimizer=chosen, epochs=10 + steps // per_epoch,
        batch_size=batch_size, seed=4, engine="scalar", progress=False)
    np.testing.assert_allclose(page, [p.data for p in model.parameters()], rtol=1e-9,
                               atol=1e-12)


def test_the_exported_code_trains_the_same_model_with_fit(browser, tmp_path):
    open_page(browser, tmp_path, xor_model(), optimizer="adam", lr=0.05, batch_size=2, seed=7)
    page = browser.execute_script("return window.playground.step(24)")      # 12 epochs
    code = browser.execute_script("return window.playground.code()")
    assert "fit(model, X, y" in code and "epochs=12" in code
    scope = {}
    exec(compile(code, "the page's code", "exec"), scope)
    np.testing.assert_allclose([p.data for p in scope["model"].parameters()], page, rtol=1e-9,
                               atol=1e-12)


def test_hovering_a_weight_shows_its_value_gradient_and_update_and_a_click_edits_it(
        browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    open_page(browser, tmp_path, xor_model(), lr=0.5)
    browser.execute_script("window.playground.step(10)")
    weight = browser.find_elements(By.CSS_SELECTOR, "line.weight")[9]
    p = int(weight.get_attribute("data-param"))
    ActionChains(browser).move_to_element(weight).perform()
    card = browser.find_element(By.ID, "card").text
    value = browser.execute_script("return window.playground.params()")[p]
    grad = browser.execute_script("return window.playground.grads()")[p]
    name = xor_model().parameters()[p].label
    assert f"{name} = {value:.4g}" in card and f"{grad:.4g}" in card
    assert f"SGD (lr 0.5) moved it by {-0.5 * grad:.4g}" in card
    weight.click()
    editor = browser.find_element(By.ID, "weight-editor")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("0.25", Keys.ENTER)
    assert browser.execute_script("return window.playground.params()")[p] == 0.25
    neuron = browser.find_elements(By.CSS_SELECTOR, "circle.neuron")[3]
    ActionChains(browser).move_to_element(neuron).perform()
    assert "= tanh(" in browser.find_element(By.ID, "card").text
    assert browser.find_elements(By.CSS_SELECTOR, "#card canvas")


SHOWN_RECORDS = """return {
  nodes: [...document.querySelectorAll('#sample g.node')].map(
    g => [...g.querySelectorAll('text')].map(t => t.textContent)),
  boxes: [...document.querySelectorAll('#sample g.box')].map(
    g => [g.dataset.name, ...[...g.querySelectorAll('text')].slice(1).map(t => t.textContent)]),
  frames: [...document.querySelectorAll('#sample g.frame')].map(g => g.dataset.group)}"""


def python_sample(model, params, x, target, loss="mse"):
    """The sample's loss graph as Python builds it with the page's parameters, after
    backward: ({name: node}, its groups)."""
    from autograd import groups
    from autograd.graph import node_names, topological_order
    from nn.browser.spec import sample_graph
    from nn.training.data import task
    for p, v in zip(model.parameters(), params):
        p.data, p.grad = v, 0.0
    root = sample_graph(model, task(model, [x], [target], loss, "test"), None)[0]
    root.label = "loss"
    root.backward()
    return ({name: node for node, name in node_names(topological_order(root)).items()},
            groups(root))


TWO_FRAMES = """const done = arguments[0];
requestAnimationFrame(() => requestAnimationFrame(() => done()));"""
SCROLLED_TO_SAMPLE = "document.getElementById('sample').scrollIntoView();\n" + TWO_FRAMES


def check_shown(browser, named, found):
    """Every node record and every box the sample's panel draws holds Python's numbers: a
    node its data and grad, a box its output's value and δ and its parameters' ‖∇θ‖; read
    as a learner sees them, the panel scrolled into view (a box under the fold is not
    repainted with every step, but as it comes into view: groupview.js, onscreen.js)."""
    browser.execute_async_script(SCROLLED_TO_SAMPLE)
    shown = browser.execute_script(SHOWN_RECORDS)
    for texts in shown["nodes"]:
        node = named[texts[0].split("  ")[0]]
        assert texts[1:] == [f"data {node.data:.4g}", f"grad {node.grad:.4g}"], texts
    for name, *lines in shown["boxes"]:
        numbers = found.aggregate(name)
        if numbers["value"] is not None:
            assert lines[0] == f"{numbers['value']:.4g} | δ {numbers['grad']:.4g}", name
        if numbers["maxAbsGradName"] is not None:
            assert f"‖∇θ‖ {numbers['gradNorm']:.4g}" in lines[-1], (name, lines)
    return shown


def test_clicking_a_point_shows_the_graph_of_its_loss_following_training(browser, tmp_path):
    """The sample's graph opens as far as fits its panel (for 2-4-1: the layers, the hidden
    neurons as boxes, the output neuron's ops with its sum closed, the loss's ops), every
    number Python's."""
    open_page(browser, tmp_path, xor_model(), lr=0.5)
    params = browser.execute_script("window.playground.step(20); "
                                    "window.playground.selectSample(2); "
                                    "return window.playground.params()")
    shown = check_shown(browser, *python_sample(xor_model(), params, XOR_X[2], XOR_Y[2]))
    assert [name for name, *_ in shown["boxes"]] == [
        *(f"sample/layer1/n1[{k}]" for k in range(4)), "sample/layer2/n2[0]/Σ5"]
    assert {"sample", "sample/layer1", "sample/layer2", "sample/layer2/n2[0]",
            "loss"} <= set(shown["frames"])
    assert {"loss", "w2[0,0]", "t[0]"} <= {t[0].split("  ")[0] for t in shown["nodes"]}
    browser.execute_script("window.playground.step(3)")
    params = browser.execute_script("return window.playground.params()")
    later = check_shown(browser, *python_sample(xor_model(), params, XOR_X[2], XOR_Y[2]))
    assert later["frames"] == shown["frames"] and later["nodes"] != shown["nodes"]
    # Scrolled back to the plane, the records under the fold keep their numbers while the
    # network trains, and are repainted as they come into view again.
    browser.execute_script("window.scrollTo(0, 0)")
    browser.execute_async_script(TWO_FRAMES)
    params = browser.execute_script("window.playground.step(4); "
                                    "return window.playground.params()")
    unseen = browser.execute_script(SHOWN_RECORDS)["nodes"]
    assert any(texts in later["nodes"] for texts in unseen)          # kept while unseen
    check_shown(browser, *python_sample(xor_model(), params, XOR_X[2], XOR_Y[2]))


def test_a_new_set_of_points_is_pythons_random_and_trains_as_fit_does(browser, tmp_path):
    import random
    open_page(browser, tmp_path, xor_model(), lr=0.5, batch_size=4, seed=2)
    rows = browser.execute_script(
        "return window.playground.newData('xor', {n: 50, noise: 0, share: 0.2, seed: 11})")
    assert rows == 40
    data = browser.execute_script("return window.playground.data()")
    rng, expected = random.Random(11), []
    for _ in range(50):
        x, y = rng.random() * 2 - 1, rng.random() * 2 - 1
        for _ in range(4):                     # the two normal draws of the noise, times 0
            rng.random()
        expected.append([x, y])
    assert data["X"] == expected[:40]
    labels = [t[0] for t in data["targets"]]
    assert labels == [int((x > 0) != (y > 0)) for x, y in expected[:40]]
    page = browser.execute_script("return window.playground.step(50)")        # 5 epochs
    model = xor_model()
    fit(model, data["X"], labels, loss="mse", optimizer=SGD(model.parameters(), lr=0.5),
        epochs=5, batch_size=4, seed=2, engine="scalar", progress=False)
    np.testing.assert_allclose(page, [p.data for p in model.parameters()], rtol=1e-9,
                               atol=1e-12)
    assert len(browser.execute_script("return window.playground.history()")["testLoss"]) == 5


@pytest.mark.parametrize("activation, shown", [
    ("relu", "MLP(2 -> 3 relu -> 2 relu -> 1 sigmoid, 20 parameters)"),
    (["relu", "tanh"], "MLP(2 -> 3 relu -> 2 tanh -> 1 sigmoid, 20 parameters)")])
def test_a_network_reshaped_on_the_page_trains_as_fit_trains_that_network(browser, tmp_path,
                                                                         activation, shown):
    """Reshaped on the page (one activation for the hidden layers, or one each), the network
    starts from MLP's own weights, trains as fit trains it, and exports to a file nn.load
    rebuilds."""
    open_page(browser, tmp_path, xor_model(), lr=0.5, batch_size=2, seed=6)
    count = browser.execute_script("return window.playground.reshape([3, 2], arguments[0], 9)",
                                   activation)
    model = MLP(2, [3, 2, 1], activation=activation, output_activation="sigmoid", seed=9)
    assert count == len(model.parameters())
    np.testing.assert_array_equal(browser.execute_script("return window.playground.params()"),
                                  [p.data for p in model.parameters()])
    page = browser.execute_script("return window.playground.step(20)")      # 10 epochs
    fit(model, XOR_X, XOR_Y, loss="mse", optimizer=SGD(model.parameters(), lr=0.5), epochs=10,
        batch_size=2, seed=6, engine="scalar", progress=False)
    np.testing.assert_allclose(page, [p.data for p in model.parameters()], rtol=1e-9,
                               atol=1e-12)
    path = tmp_path / "reshaped.json"
    path.write_text(json.dumps(browser.execute_script("return window.playground.export()")))
    loaded = load(str(path))
    assert repr(loaded) == repr(model) == shown
    np.testing.assert_allclose([p.data for p in loaded.parameters()], page)


def test_the_loss_and_momentum_change_while_it_trains(browser, tmp_path):
    """Switching to bce after 3 epochs, then to SGD with momentum 0.9 after 3 more, lands
    where fit does when handed the same settings for the same epochs (each fit call going on
    from the last's weights; the shuffle's order matters not at full batch)."""
    open_page(browser, tmp_path, xor_model(), lr=0.5, batch_size=None)
    browser.execute_script("window.playground.step(3); window.playground.set('loss', 'bce')")
    browser.execute_script("window.playground.step(3); window.playground.set('momentum', 0.9)")
    page = browser.execute_script("return window.playground.step(4)")
    model = xor_model()
    for loss, optimizer, epochs in (("mse", SGD(model.parameters(), lr=0.5), 3),
                                    ("bce", SGD(model.parameters(), lr=0.5), 3),
                                    ("bce", SGD(model.parameters(), lr=0.5, momentum=0.9), 4)):
        fit(model, XOR_X, XOR_Y, loss=loss, optimizer=optimizer, epochs=epochs,
            batch_size=None, engine="scalar", progress=False)
    np.testing.assert_allclose(page, [p.data for p in model.parameters()], rtol=1e-9,
                               atol=1e-12)
    with pytest.raises(Exception, match="one of \"mse\", \"bce\""):
        browser.execute_script("window.playground.set('loss', 'cross_entropy')")


def test_a_large_networks_sample_graph_opens_closed_to_fit_its_panel(browser, tmp_path):
    """2-8-8-1's graph of one sample (about 200 nodes) opens with at most 40 boxes, its text
    legible and never wider than the window; a neuron clicked in the network opens in place;
    every number shown is Python's, and follows training."""
    from selenium.webdriver.common.by import By
    rng = np.random.default_rng(5)
    X = rng.normal(size=(24, 2)).tolist()
    y = [int(a * b > 0) for a, b in X]
    make = lambda: MLP(2, [8, 8, 1], activation="tanh", output_activation="sigmoid", seed=1)
    path = playground(make(), X, y, loss="bce", lr=0.1).save(str(tmp_path / "p.html"))
    browser.get("file://" + path)
    params = browser.execute_script("window.playground.step(10); "
                                    "window.playground.selectSample(3); "
                                    "return window.playground.params()")
    sizes = browser.execute_script("""const svg = document.querySelector('#sample svg');
      const texts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height);
      return {svg: svg.getBoundingClientRect().width,
              panel: document.getElementById('sample').clientWidth, window: window.innerWidth,
              page: document.documentElement.scrollWidth, smallest: Math.min(...texts)}""")
    assert sizes["svg"] <= sizes["panel"] <= sizes["window"], sizes
    assert sizes["page"] <= sizes["window"], sizes
    assert sizes["smallest"] >= 7.5, sizes      # no text under 8 px (a glyph box: about that)
    shown = check_shown(browser, *python_sample(make(), params, X[3], y[3], "bce"))
    assert len(shown["nodes"]) + len(shown["boxes"]) <= 40
    assert {f"sample/layer1/n1[{k}]" for k in range(8)} <= {name for name, *_ in shown["boxes"]}
    browser.find_elements(By.CSS_SELECTOR, "circle.neuron")[2 + 2].click()   # n1[2]
    shown = check_shown(browser, *python_sample(make(), params, X[3], y[3], "bce"))
    assert "sample/layer1/n1[2]" in shown["frames"]
    assert {"w1[2,0]", "w1[2,1]", "b1[2]", "x[0]", "x[1]"} <= {t[0] for t in shown["nodes"]}
    browser.execute_script("window.playground.step(5)")
    params = browser.execute_script("return window.playground.params()")
    later = check_shown(browser, *python_sample(make(), params, X[3], y[3], "bce"))
    assert later["frames"] == shown["frames"] and later["nodes"] != shown["nodes"]
