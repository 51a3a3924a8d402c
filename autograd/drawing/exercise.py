"""The page of an exercise (autograd.exercises): the graph, with the numbers asked for hidden
("?"), beside the questions; every answer checked as it is typed in, by the page itself
(autograd/live/js/exercise.js, with checking.js and verdicts.js, the twins of the Python
checker), the learner's progress kept in the browser under the exercise's key.
"""

import html

from ..exercises.mistakes import HINTS, MISTAKES
from ..live.javascript import bundle
from ..live.program import program
from . import colours
from .pages import graph_head, page, page_tail, script_json
from .picture import picture
from .simple_layout import page_svg


def exercise_page(ex) -> str:
    """The HTML of exercise `ex`'s page: one file, no network."""
    graph = ex.graph
    order, names = graph.order, graph.names
    svg, note = page_svg(order, names, graph.grad, lambda: picture(
        order, "LR", graph.grad, compact=True, extra_legend=["?: yours to find"]),
        rooted=True)
    number = {names[node]: i for i, node in enumerate(reversed(order))}
    made = {names[node]: i for i, node in enumerate(graph.made)}
    data = {"questions": ex.asked, "key": ex.key, "hints": HINTS, "mistakes": MISTAKES,
            "records": number, "made": made, "program": program(graph.root),
            "grads": {names[n]: graph.grad.get(n, 0.0) for n in order}}
    title = html.escape(f"Practice: {names[graph.root]} = {graph.root.data:.4g}")
    style = page("autograd.drawing", "exercise.css", HIGHLIGHT=colours.HIGHLIGHT,
                 RIGHT=colours.POSITIVE, WRONG=colours.NEGATIVE)
    return page("autograd.drawing", "exercise.html", HEAD=graph_head(title, style), SVG=svg,
                NOTE=html.escape(note), DATA=script_json(data),
                TAIL=page_tail(bundle("exercise.js")))
