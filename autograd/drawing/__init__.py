"""Drawing graphs: how a graph looks (`picture.py`, with one palette, `colours.py`), drawing it
with Graphviz (`render.py`), the step-through page (`steps.py`, from a template in
`templates/` filled by `pages.py`), what a notebook shows (`notebook.py`), and PNG files that
carry the numbers they show (`png.py`).

The names a user needs are `autograd`'s (draw_dot, render, render_steps, ...). This package's
own __init__ imports nothing: Graphviz is loaded by the module that draws, when it draws.
"""
