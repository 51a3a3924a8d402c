"""A folder of the pages' JavaScript that Node.js runs (see node.py)."""

import pytest

from tests.conftest import IN_CI

from . import node


@pytest.fixture(scope="module")
def js(tmp_path_factory):
    if node.node_program() is None:
        if IN_CI:
            pytest.fail("Node.js is missing in CI (.ci/run installs nodejs)")
        pytest.skip("Node.js is not installed")
    return node.folder(str(tmp_path_factory.mktemp("js")))
