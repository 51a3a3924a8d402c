"""Recording training (fit(record=...), Recording) and its film (GIF, HTML player)."""

import base64
import json
import re

import numpy as np
import pytest

from nn import MLP, fit
from nn.training.recording import Recording

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([0, 1, 1, 0], dtype=float)


def xor_run(engine: str, epochs: int = 30, record=3):
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = fit(model, XOR_X, XOR_Y, loss="bce", epochs=epochs, batch_size=2, seed=1,
                  engine=engine, optimizer="adam", lr=0.05, record=record, progress=False)
    return model, history


def test_record_keeps_a_snapshot_every_k_epochs_and_the_last():
    model, history = xor_run("scalar", epochs=10, record=3)
    r = history.recording
    assert r.epochs == [0, 3, 6, 9, 10]
    assert len(r.params) == 5 and all(p.shape == (17,) for p in r.params)
    assert np.array_equal(r.params[-1], [p.data for p in model.parameters()])
    assert r.loss[0] is None and r.loss[1:] == [history.loss[e - 1] for e in r.epochs[1:]]
    assert r.accuracy[1:] == [history.accuracy[e - 1] for e in r.epochs[1:]]
    assert r.losses == history.loss
    assert not np.array_equal(r.params[0], r.params[-1])
    assert xor_run("scalar", epochs=5, record=None)[1].recording is None


def test_scalar_and_compiled_recordings_give_the_same_frames():
    _, scalar = xor_run("scalar")
    _, compiled = xor_run("compiled")
    a, b = scalar.recording, compiled.recording
    assert a.epochs == b.epochs
    assert np.allclose(np.array(a.params), np.array(b.params), rtol=1e-9, atol=1e-12)
    assert np.allclose(a.losses, b.losses, rtol=1e-9)
    assert a.accuracy == b.accuracy


def test_a_recording_goes_on_across_fit_calls():
    model = MLP(2, [3, 1], activation="sigmoid", seed=0)
    recording = Recording(model, every=4)
    for _ in range(3):
        history = fit(model, XOR_X, XOR_Y, epochs=5, record=recording, progress=False)
        assert history.recording is recording
    assert recording.epochs == [0, 4, 8, 12]          # the caller finishes it
    recording.finish()
    assert recording.epochs == [0, 4, 8, 12, 15] and len(recording.losses) == 15


@pytest.mark.parametrize("record", [0, -2, 1.5, "5", True])
def test_bad_record_arguments_are_refused(record):
    model = MLP(2, [1], seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match="record must be"):
        fit(model, XOR_X, XOR_Y, epochs=2, record=record, progress=False)
    assert [p.data for p in model.parameters()] == before


def test_a_recording_of_another_model_is_refused():
    with pytest.raises(ValueError, match="another model"):
        fit(MLP(2, [1]), XOR_X, XOR_Y, epochs=1, record=Recording(MLP(2, [1])),
            progress=False)


# --- the film ---

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def xor_film():
    from nn.drawing.film import Film
    _, history = xor_run("compiled", epochs=40, record=2)
    return Film(history.recording, XOR_X, XOR_Y, title="XOR 2-4-1")


def test_the_film_has_a_frame_per_snapshot_with_the_same_scales(xor_film):
    assert len(xor_film) == 21
    first, last = np.asarray(xor_film.frame(0)), np.asarray(xor_film.frame(20))
    limits = xor_film._network.norm.vmin, xor_film._network.norm.vmax
    middle = np.asarray(xor_film.frame(10))
    assert (xor_film._network.norm.vmin, xor_film._network.norm.vmax) == limits
    assert first.shape == last.shape == middle.shape
    assert (first != last).any(axis=2).mean() > 0.01       # learning shows
    assert xor_film.label(0) == "epoch 0"
    assert re.fullmatch(r"epoch 40   ·   loss [\d.e-]+   ·   accuracy \d+%", xor_film.label(20))


def test_gif_and_html_from_one_drawing(xor_film, tmp_path):
    from PIL import Image
    gif, page = xor_film.save(tmp_path / "xor.gif", tmp_path / "xor.html")
    with Image.open(gif) as image:
        assert image.n_frames == 21
    data = _film_data(page)
    assert len(data["frames"]) == 21 and data["labels"][0] == "epoch 0"
    assert base64.b64decode(data["frames"][-1]).startswith(b"\x89PNG")
    with pytest.raises(ValueError, match=r"\.gif or \.html"):
        xor_film.save(tmp_path / "xor.mp4")


def test_pictures_are_written_into_folders_not_made_yet(xor_film, tmp_path):
    """As the graph pages are: film.save("out/xor.gif") works before out/ exists."""
    import os
    from nn import MLP, render_network
    gif, page = xor_film.save(tmp_path / "a" / "xor.gif", tmp_path / "b" / "xor.html")
    frame = xor_film.save_frame(0, tmp_path / "c" / "frame.png")
    picture = render_network(MLP(2, [3, 1], seed=0), str(tmp_path / "d" / "net.svg"))
    for path in (gif, page, frame, picture):
        assert os.path.getsize(path) > 0


def _film_data(page) -> dict:
    text = open(page, encoding="utf-8").read()
    return json.loads(re.search(r"const FILM = (\{.*?\});\n", text).group(1))


def test_frames_spread_over_the_snapshots_and_other_widths_get_two_panels():
    from nn.drawing.film import Film
    model = MLP(3, [2, 1], activation="sigmoid", seed=0)
    X = np.random.RandomState(0).rand(8, 3)
    history = fit(model, X, np.arange(8) % 2, epochs=30, record=1, progress=False)
    film = Film(history.recording, X, np.arange(8) % 2, frames=5)
    assert film.indices == [0, 8, 15, 22, 30] and len(film) == 5
    film.frame(0)
    assert len(film._figure.axes) == 4       # network + colour bar, curves + accuracy twin
    with pytest.raises(ValueError, match="features="):
        Film(history.recording, X[:, :2], None)
    with pytest.raises(TypeError, match="needs a Recording"):
        Film(history)


def test_the_player_in_a_browser(xor_film, tmp_path, browser):
    """The HTML player in headless Chromium: the slider to the last frame shows it, the keys
    step, play runs to the end; no console errors."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    (page,) = xor_film.save(tmp_path / "player.html")
    browser.get(f"file://{page}")
    image = browser.find_element(By.ID, "frame")
    slider = browser.find_element(By.ID, "slider")
    first = image.get_attribute("src")
    assert image.get_attribute("data-frame") == "0"
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 500
    assert image.size["width"] <= 1280 and image.location["y"] + image.size["height"] <= 800
    slider.send_keys(Keys.END)
    assert image.get_attribute("data-frame") == "20" and image.get_attribute("src") != first
    assert "epoch 40" in browser.find_element(By.ID, "label").text
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ARROW_LEFT)
    assert image.get_attribute("data-frame") == "19"
    body.send_keys(Keys.HOME)
    assert image.get_attribute("data-frame") == "0"
    browser.find_element(By.ID, "play").click()
    browser.implicitly_wait(0)
    from selenium.webdriver.support.ui import WebDriverWait
    # 21 frames at 8 per second take under 3 s; the wait only guards against a player that
    # never ends, so it is long enough for the slowest machine
    WebDriverWait(browser, 120, poll_frequency=0.1).until(
        lambda _: image.get_attribute("data-frame") == "20")
    assert "play" in browser.find_element(By.ID, "play").text       # stopped at the end
    browser.save_screenshot(str(tmp_path / "player.png"))
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_a_regression_shows_its_output_over_the_plane_without_a_boundary():
    from nn.drawing.film import Film
    X = np.random.RandomState(0).rand(30, 2)
    model = MLP(2, [4, 1], activation="tanh", output_activation="linear", seed=0)
    history = fit(model, X, X.sum(axis=1), epochs=6, record=3, progress=False)
    film = Film(history.recording, X, X.sum(axis=1))
    film.frame(2)
    assert not film.classes and film.panel.contour is None
    assert film.panel.ax.get_title() == "the output over the plane"
    blobs = Film(xor_run("scalar", epochs=4, record=2)[1].recording, XOR_X, XOR_Y)
    assert blobs.classes


def test_a_film_refuses_targets_that_do_not_fit_and_frames_out_of_range():
    pytest.importorskip("matplotlib")
    from nn import Film
    _, history = xor_run("scalar", epochs=6, record=3)
    with pytest.raises(ValueError, match="y holds 3 targets but X has 4 rows"):
        Film(history.recording, XOR_X, XOR_Y[:3])
    film = Film(history.recording, XOR_X, XOR_Y)
    for k in (len(film), -len(film) - 1, 2.0):
        with pytest.raises(IndexError, match=r"out of range: the film has 3 frames, 0 to 2"):
            film.frame(k)
        with pytest.raises(IndexError, match="out of range"):
            film.label(k)


def test_a_title_is_text_however_it_reads():
    pytest.importorskip("matplotlib")
    from nn import Film
    _, history = xor_run("scalar", epochs=3, record=3)
    title = "@@DATA@@ @@TITLE@@ </script><b>x</b>"
    page = Film(history.recording, XOR_X, XOR_Y, title=title)._player([b"png"] * 2)
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert heading == ("@@DATA@@ @@TITLE@@ &lt;/script&gt;&lt;b&gt;x&lt;/b&gt;: "
                       "watch it learn")
    assert page.count("cG5n") == 2                  # the frames, once each, in the data only
