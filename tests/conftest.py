import os
import shutil

import pytest


@pytest.fixture
def require_dot():
    """Skip a rendering test where Graphviz's `dot` is missing, except in CI, where it must be."""
    if shutil.which("dot") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Graphviz's `dot` program is missing in CI (apt-get install graphviz)")
        pytest.skip("Graphviz's `dot` program is not installed")
