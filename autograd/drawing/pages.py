"""Pages: HTML templates kept as package data files (`templates/`), filled in one pass.

A template marks each place to fill as @@NAME@@. `page` reads it and fills every marker in a
single pass, so a value that itself holds a marker (a title such as "@@DATA@@") stays text:
nothing a value brings is filled again. One escaping rule per place: text shown by HTML is
escaped by the caller with `html.escape`; what goes inside a `<script>` is made by
`script_json`, which leaves no <, > or & there for HTML to read.
"""

import json
import re
from importlib import resources

from . import colours

_MARKER = re.compile(r"@@([A-Z_]+)@@")


def page(package: str, name: str, **values: str) -> str:
    """The template `templates/name` of `package` ("autograd.drawing", "nn") with its markers filled
    from `values`; each marker must have a value, and each value a marker."""
    template = resources.files(package).joinpath("templates", name).read_text(encoding="utf-8")
    return fill(template, **values)


def graph_head(title: str, style: str) -> str:
    """The start of a page (the step-through, the live page, the playground): its head, the
    style they share and the page's own (`style`), and the heading `title`, escaped already
    (templates/graph_head.html)."""
    return page("autograd.drawing", "graph_head.html", TITLE=title, STYLE=style)


def nudge_style() -> str:
    """The style of the nudge panel (nudge.js) that the live pages share (templates/nudge.css)."""
    return page("autograd.drawing", "nudge.css", HIGHLIGHT=colours.HIGHLIGHT, BLUE=colours.LOSS)


def group_view_style() -> str:
    """The style of the grouped view (groupview.js) that the grouped live page and the
    playground's graph of one sample share (templates/groupview.css)."""
    return page("autograd.drawing", "groupview.css", HIGHLIGHT=colours.HIGHLIGHT,
                POSITIVE=colours.POSITIVE, NEGATIVE=colours.NEGATIVE, LINE=colours.LINE,
                FAINT=colours.FAINT, MUTED=colours.MUTED, PARAMETER=colours.PARAMETER,
                INPUT=colours.INPUT, CONSTANT=colours.CONSTANT, BLUE=colours.LOSS)


def page_tail(script: str) -> str:
    """The end of a page whose script is bundled from modules: the script, run strictly
    (templates/page_tail.html)."""
    return page("autograd.drawing", "page_tail.html", SCRIPT=script)


def fill(template: str, **values: str) -> str:
    """`template` with every @@NAME@@ replaced by values[NAME], in one pass."""
    markers = set(_MARKER.findall(template))
    if markers != set(values):
        raise KeyError(f"the template's markers {sorted(markers)} and the values given "
                       f"{sorted(values)} differ")
    return _MARKER.sub(lambda m: values[m.group(1)], template)


def script_json(data) -> str:
    """JSON that is safe inside a `<script>` element: no `<`, `>` or `&` that HTML could read."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))
