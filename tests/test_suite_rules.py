"""Rules the test suite keeps: no wall-clock limits (they fail on a loaded machine; speed is
checked by benchmarks/), and no test that can only pass."""

import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_no_test_asserts_on_the_clock():
    clocks = re.compile(r"perf_counter|time\.time\(|monotonic\(")
    found = []
    for path in glob.glob(os.path.join(ROOT, "tests", "**", "*.py"), recursive=True):
        if os.path.basename(path) == "test_suite_rules.py":
            continue
        with open(path, encoding="utf-8") as f:
            found += [f"{os.path.relpath(path, ROOT)}:{n}" for n, line in enumerate(f, 1)
                      if clocks.search(line)]
    assert found == [], "time it in benchmarks/ instead"
