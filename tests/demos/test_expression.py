"""The expression demo reproduces micrograd's README numbers and draws its graph."""

import os

from demos import expression


def test_numbers_and_picture(tmp_path, capsys):
    result = expression.run(str(tmp_path))
    assert round(result["g"], 4) == 24.7041
    assert round(result["dg/da"], 4) == 138.8338
    assert round(result["dg/db"], 4) == 645.5773
    printed = capsys.readouterr().out
    assert "138.8338" in printed and "total dg/da = 138.834" in printed
    picture, live = result["files"]
    assert os.path.getsize(picture) > 0 and live.endswith("expression_live.html")


def test_picture_is_svg(tmp_path, require_dot):
    picture, _ = expression.run(str(tmp_path))["files"]
    assert picture.endswith(".svg")
    with open(picture) as f:
        assert "<svg" in f.read()
