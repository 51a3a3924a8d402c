"""The files `render` writes, by suffix, and the format Graphviz is asked for. A module of its
own, so that the command line can name them without loading Graphviz."""

FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}
