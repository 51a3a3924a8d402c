import os

import pytest


def assert_pictures(files):
    """Every picture a demo names exists and is a non-empty PNG, SVG or GIF (film), or an HTML
    page (the step-through's index, a film's player)."""
    assert files
    for path in files:
        assert os.path.getsize(path) > 0, path
        with open(path, "rb") as f:
            head = f.read(200)
        if path.endswith(".png"):
            assert head.startswith(b"\x89PNG"), path
        elif path.endswith(".svg"):
            assert b"<svg" in head or b"<?xml" in head, path
        elif path.endswith(".gif"):
            assert head.startswith(b"GIF89a"), path
        else:
            assert path.endswith(".html") and b"<!doctype html>" in head.lower(), path


@pytest.fixture
def pictures():
    return assert_pictures
