"""What Jupyter shows: a Value as its graph (or its DOT source and how to get Graphviz), the
step-through as a frame holding the whole page."""

import html
import re

from autograd import Value, show_steps, steps_page


def small():
    x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    return (x * y + x.tanh()).relu()


def test_without_graphviz_a_value_shows_its_dot_source_and_how_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "")                 # no `dot` to be found
    shown = small()._repr_html_()
    assert "not installed" in shown and "apt-get install graphviz" in shown
    assert "<pre>digraph" in shown and "<svg" not in shown


def test_a_graph_too_large_to_draw_whole_is_shown_a_group_at_a_time():
    from autograd.drawing.grouped import grouped_page
    x = Value(1.0)
    root = sum([x * float(i) for i in range(150)])
    frame = root._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    page = html.unescape(re.search(r'srcdoc="(.*?)" style', frame, re.S).group(1))
    assert page == grouped_page(root)


def test_the_step_through_shows_inline_in_a_frame(require_dot):
    root = small()
    frame = show_steps(root)._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    page = html.unescape(re.search(r'srcdoc="(.*?)" style', frame, re.S).group(1))
    assert page == steps_page(root)
    assert page.count("<svg") == 1 and "http" not in page.replace("http://www.w3.org", "")
