"""Live pages: the engine run in the browser, made from the op table.

    code.py        Code, a kind of number that writes JavaScript: the op table's rules run on
                   it print themselves (`ops_module` writes them all as one module)
    program.py     a graph as a straight-line program (nodes in creation order) that the
                   page's engine runs: `js/engine.js`, forward then backward, with the Python
                   engine's rules for accumulation, constants, zero factors and domain errors
    js/            the JavaScript kept as files: elementary.js (the functions the rules call,
                   with the float branches' conventions) and engine.js
"""
