import os

import pytest


def assert_pictures(files):
    """Every picture a demo names exists and is a non-empty PNG or SVG (or the step index)."""
    assert files
    for path in files:
        assert os.path.getsize(path) > 0, path
        with open(path, "rb") as f:
            head = f.read(200)
        if path.endswith(".png"):
            assert head.startswith(b"\x89PNG"), path
        elif path.endswith(".svg"):
            assert b"<svg" in head or b"<?xml" in head, path
        else:
            assert path.endswith("index.html") and b"<!DOCTYPE html>" in head, path


@pytest.fixture
def pictures():
    return assert_pictures
