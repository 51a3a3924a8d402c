"""Drawing graphs: how a graph looks, drawn by Graphviz or without it, and the pages and
notebook views made of those pictures.

    picture.py        how a graph looks: records, op nodes, edges, clusters of neurons
    colours.py        the one palette every picture and page uses
    shape.py          a picture's shape estimated before Graphviz runs
    render.py         drawing with Graphviz (draw_dot, render)
    levels.py         a graph of any size at a level of its groups (render(..., level=))
    formats.py        the files render writes, by suffix
    simple_layout.py  a picture laid out without Graphviz, for pages where dot is missing
    pages.py          the pages' templates (templates/) filled in
    steps.py          the step-through page (render_steps)
    live.py           the live page (live_page, render_live)
    directions.py     forward and reverse mode on one picture (directions_page)
    widget.py         the live page as a notebook widget (show_live)
    notebook.py       what a notebook shows for a Value (Value._repr_html_), pages in frames
    png.py            PNG files that carry the numbers they show

The names a user needs are `autograd`'s (draw_dot, render, render_steps, ...). This package's
own __init__ imports nothing: Graphviz is loaded by the module that draws, when it draws.
"""
