"""The playground refuses what fit refuses, and never trains on nonsense: playground()'s
arguments are checked before anything is made; on the page every control and every
window.playground call refuses what is not a setting, says so where the learner sees it and
changes nothing; a step that would leave the finite numbers is not taken; a reshape to an
unknown activation or past the page's limit is refused; the status line, the chart, the data
and the controls say what is true; and the kernel's model after a reshape is the page's."""

import math

import numpy as np
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from nn import MLP, Layer
from nn.browser.playground import Playground, playground

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


def xor_model(output="sigmoid"):
    return MLP(2, [4, 1], activation="tanh", output_activation=output, seed=3)


def nan_model():
    model = xor_model()
    model.parameters()[2].data = math.nan
    return model


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": 0}, "playground: batch_size must be a positive int, got 0"),
    ({"batch_size": -1}, "playground: batch_size must be a positive int, got -1"),
    ({"batch_size": 2.7}, "playground: batch_size must be a positive int, got 2.7"),
    ({"batch_size": "3"}, "playground: batch_size must be a positive int, got '3'"),
    ({"batch_size": True}, "playground: batch_size must be a positive int, got True"),
    ({"shuffle": "no"}, "playground: shuffle must be True or False, got 'no'"),
    ({"lr": -0.1}, "playground: lr must be a finite number >= 0"),
    ({"seed": -3}, "playground: seed must be an int >= 0"),
    ({"X_test": [[0.0, 0.5]]}, "playground: X_test and y_test go together"),
    ({"model": nan_model()}, r"playground: the model's layers.0.neurons.0.b\[0\] is nan"),
    ({"model": "MLP(2, [4, 1])"}, "playground: model must be an nn Module"),
    ({"X": [[1e308, 0.0], [-1e308, 1.0], [0.0, 0.0], [1.0, 1.0]]},
     "playground: X's column 0 spans from -1e\\+308 to 1e\\+308, more than a float holds"),
    ({"model": MLP(2, [100, 100, 1], seed=0)},
     "playground: this model's graph of one sample is .* nodes; the page takes at most 16,000"),
])
def test_playground_checks_its_arguments_as_fit_does(kwargs, message):
    arguments = {"model": xor_model(), "X": XOR_X, "y": XOR_Y, **kwargs}
    model, X, y = arguments.pop("model"), arguments.pop("X"), arguments.pop("y")
    with pytest.raises(ValueError, match=message):
        playground(model, X, y, **arguments)


@pytest.fixture
def page(browser, tmp_path):
    def open_page(model=None, **settings):
        path = playground(model or xor_model(), XOR_X, XOR_Y, loss="mse", lr=0.5,
                          **settings).save(str(tmp_path / "p.html"))
        browser.get("file://" + path)
        browser.execute_script("window.playground.step(3)")
        return browser
    return open_page


def state(browser):
    return browser.execute_script(
        "const p = window.playground; return [p.params(), p.history().steps, p.data(), "
        "document.getElementById('lr').value]")


@pytest.mark.parametrize("typed", ["abc", "", "-1", "1e999", "0x10", "1,5"])
def test_the_lr_box_refuses_what_is_not_a_learning_rate(page, typed):
    browser = page()
    before = state(browser)
    box = browser.find_element(By.ID, "lr")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(typed if typed else Keys.DELETE, Keys.TAB)
    message = browser.find_element(By.ID, "message")
    assert message.is_displayed() and "the learning rate must be" in message.text
    assert state(browser) == before                                 # the box shows 0.5 again
    browser.execute_script("window.playground.step(1)")
    assert browser.execute_script("return window.playground.history().steps") == 4


@pytest.mark.parametrize("call, message", [
    ("set('lr', NaN)", "the learning rate must be a finite number, got NaN"),
    ("set('lr', -1)", "the learning rate must be 0 or more"),
    ("set('optimizer', 'rmsprop')", "the optimizer must be one of \"sgd\", \"adam\""),
    ("set('momentum', NaN)", "momentum must be a finite number"),
    ("set('batch_size', 2.7)", "the batch size must be a whole number"),
    ("set('shuffle', 'no')", "shuffle must be true or false"),
    ("set('colour', 1)", "\"colour\" is not a setting"),
    ("setParam(999, 1)", "the parameter's index must be a whole number from 0 to 16"),
    ("setParam(0, 'abc')", "w1\\[0,0\\]'s value must be a finite number, got \"abc\""),
    ("addPoint(NaN, 0, 1)", "a point's x must be a finite number, got NaN"),
    ("addPoint(0, 0, 7)", "a point's class must be one of 0, 1, got 7"),
    ("selectSample(999)", "the row must be a whole number from 0 to 3"),
    ("selectNeuron('n9[9]')", "the neuron must be one of"),
    ("newData('moons', {n: 0})", "the number of points must be a whole number from 4"),
    ("newData('squares')", "the set of points must be one of"),
    ("predict('abc')", "predict takes a list of rows, got \"abc\""),
    ("predict([[1]])", "row 0 must be a list of 2 numbers"),
    ("seek(99)", "the epoch must be a whole number from 0 to"),
    ("step(0)", "the number of steps must be a whole number from 1"),
    ("step(1e9)", "the number of steps must be a whole number from 1 to 10000"),
    ("reshape([4], ['nope'])", "an activation must be one of \"tanh\", \"sigmoid\", \"relu\", "
                               "\"linear\", got \"nope\""),
    ("reshape([4], ['exp'])", "an activation must be one of"),
    ("reshape([99999], ['tanh'])", "hidden layer 1's size must be a whole number from 1 to"),
    ("reshape([100], ['tanh'])", "hidden layer 1's size must be a whole number from 1 to 64"),
    ("reshape([64, 64, 64], ['tanh', 'tanh', 'tanh'])",
     "this network's graph of one sample is 2.,... nodes; the page takes at most 16,000"),
])
def test_every_call_refuses_what_is_not_a_setting_visibly_and_changes_nothing(page, call,
                                                                              message):
    browser = page()
    before = state(browser)
    with pytest.raises(Exception, match=message):
        browser.execute_script(f"return window.playground.{call}")
    shown = browser.find_element(By.ID, "message")
    assert shown.is_displayed() and len(shown.text) < 300
    assert browser.execute_script("return window.playground.message") == shown.text
    assert state(browser) == before
    browser.execute_script("window.playground.step(2)")            # the page works on
    assert browser.execute_script("return window.playground.history().steps") == 5
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_a_step_that_would_leave_the_finite_numbers_is_not_taken(page):
    browser = page(xor_model(output="linear"))
    bias = browser.execute_script("return window.playground.export().state")
    index = len(next(iter(bias.values()))) * 0 + 16                # b2[0], the output's bias
    browser.execute_script(f"window.playground.setParam({index}, 1e200)")
    before = state(browser)
    browser.execute_script("window.playground.set('playing', true)")
    browser.execute_script("window.playground.step(1)")
    assert state(browser) == before
    assert not browser.execute_script("return window.playground.playing")
    said = browser.find_element(By.ID, "message").text
    assert "step 4 was not taken: the loss became Infinity" in said
    assert "Try a smaller learning rate (it is 0.5)" in said
    assert all(map(math.isfinite, browser.execute_script("return window.playground.params()")))


def test_weights_blown_past_1e100_stop_the_run_and_say_why(page):
    browser = page(batch_size=None)
    browser.execute_script("window.playground.set('lr', 1e120); window.playground.step(5)")
    assert browser.execute_script("return window.playground.history().steps") == 4
    said = browser.find_element(By.ID, "message").text
    assert "training stopped: a weight grew past 1e+100" in said


def test_the_status_chart_data_and_controls_say_what_is_true(page):
    browser = page(batch_size=None)
    browser.execute_script("window.playground.step(5); window.playground.seek(3)")
    loss = browser.execute_script("return window.playground.history().loss[2]")
    status = browser.find_element(By.ID, "status").text
    assert status.startswith("back at epoch 3 · step 3 · loss") and f"{loss:.4g}"[:5] in status
    scales = browser.execute_script(
        "return [...document.querySelectorAll('#curves text.scale')].map(t => t.textContent)")
    assert scales == ["loss", "accuracy"]
    assert browser.find_element(By.ID, "dataset").get_attribute("value") == ""
    option = browser.find_element(By.CSS_SELECTOR, "#dataset option[value='']").text
    assert option == "as given" and "yours" not in browser.page_source
    assert browser.find_element(By.ID, "share").get_attribute("value") == "0"  # no test rows
    browser.execute_script("window.playground.reshape([3, 2], ['relu', 'tanh'], 1)")
    assert browser.find_element(By.ID, "activation").get_attribute("value") == "per layer"
    assert browser.find_element(By.ID, "hidden").get_attribute("value") == "3 relu, 2 tanh"


def test_parameters_are_blue_in_the_graph_of_a_sample(page):
    browser = page()
    browser.execute_script("window.playground.selectNeuron('n1[0]'); "
                           "window.playground.selectSample(1)")
    kinds = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#sample g.node')]"
        ".map(g => [g.querySelector('text').textContent, g.getAttribute('class')]))")
    assert "parameter" in kinds["w1[0,0]"] and "parameter" in kinds["b1[0]"]
    assert "input" in kinds["x[0]"]


def test_after_a_reshape_the_kernels_model_is_the_pages(page):
    browser = page()
    browser.execute_script("window.playground.reshape([3], ['relu'], 2); "
                           "window.playground.step(7)")
    exported = browser.execute_script("return window.playground.export()")
    keys = browser.execute_script(      # in the page's order (an object's keys come back sorted)
        "return Object.entries(window.playground.export().state).map(([k, v]) => [k, v.length])")
    message = {"params": browser.execute_script("return window.playground.params()"),
               "architecture": exported["architecture"], "keys": keys}
    pg = playground(xor_model(), XOR_X, XOR_Y, lr=0.5)
    pg._edited("params", message)
    assert pg.model.architecture() == exported["architecture"]
    rows = [[0.2, 0.7], [0.9, 0.1]]
    page_says = browser.execute_script("return window.playground.predict(arguments[0])", rows)
    np.testing.assert_allclose([pg.model(r).data for r in rows], np.array(page_says)[:, 0],
                               rtol=1e-12)
    with pytest.raises(ValueError, match="Playground.set: lr must be a finite number"):
        Playground(pg.model, pg.spec, "t").set("lr", math.inf)
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        Playground(pg.model, pg.spec, "t").set("batch_size", 0)


def test_a_layer_plays_too():
    assert playground(Layer(2, 2, activation="sigmoid", seed=0), XOR_X,
                      [[0, 1], [1, 0], [1, 0], [0, 1]]).page()
