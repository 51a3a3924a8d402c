"""The "try it" page: the real engine in the browser, nothing installed
(autograd/live/js/tryit.js runs autograd/inbrowser.py through Pyodide). The documentation's
build (docs/hooks.py) writes it beside the Pyodide files and a zip of the package.
"""

import io
import os
import zipfile
from typing import List, Tuple

from . import colours
from ..live.javascript import bundle
from .pages import graph_head, page, page_tail, script_json

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))     # autograd/


def package_zip() -> bytes:
    """The autograd package as a zip of its files (sources, templates, scripts), as Pyodide
    unpacks it next to the learner's code."""
    found = io.BytesIO()
    with zipfile.ZipFile(found, "w", zipfile.ZIP_DEFLATED) as z:
        for folder, dirs, names in os.walk(PACKAGE):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".html", ".css", ".js")):
                    path = os.path.join(folder, name)
                    z.write(path, os.path.relpath(path, os.path.dirname(PACKAGE)))
    return found.getvalue()


def tryit_page(pyodide: str, package: str, files: List[Tuple[str, int]], version: str) -> str:
    """The page's HTML.

    pyodide  where Pyodide's files are, relative to the page (ending in /)
    package  where the package's zip is
    files    the files a first load fetches, (url, size in bytes), for its progress bar
    version  Pyodide's version"""
    style = page("autograd.drawing", "tryit.css", HIGHLIGHT=colours.HIGHLIGHT)
    data = {"pyodide": pyodide, "package": package, "files": files, "version": version}
    return page("autograd.drawing", "tryit.html",
                HEAD=graph_head("seegrad in your browser: Python, nothing installed", style),
                DATA=script_json(data), TAIL=page_tail(bundle("tryit.js")))
