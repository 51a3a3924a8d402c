"""Live pages: the engine run in the browser, made from the op table.

    code.py        Code, a kind of number that writes JavaScript: the op table's rules run on
                   it print themselves, and so do nn's data sets and decision rule
    javascript.py  the op table as a JavaScript module (ops.js, generated), and `bundle`: a
                   page's module and all it imports as one script
    program.py     a graph as a straight-line program (nodes in creation order) that the
                   page's engine runs, with the Python engine's rules for accumulation,
                   constants, zero factors and domain errors
    js/            the JavaScript kept as files (tests/test_javascript_files.py says what each
                   is; all of it type-checked by tsc, jsconfig.json):
        elementary.js  the functions the generated rules call (a twin of elementary.py's
                       float branches)
        engine.js      a program run forward, backward (the chain rule), in forward mode,
                       and over arrays of points
        typed.js       a program as typed arrays, run by passes generated from the op table
                       (the engine's numbers, for graphs of tens of thousands of nodes)
        live.js        the live page: leaves changed by dragging or typing, numbers redrawn
        nudge.js       the live page's nudge panel: a gradient checked against a change
        directions.js  the two-directions page: forward and reverse sweeps, step by step
        records.js     a picture's records (data, grad) rewritten in place
        numbers.js     numbers as the pictures write them; values quoted in messages
        dom.js         a page's elements by id, SVG elements made
        widget.js      a page as a notebook widget (anywidget), joined to the kernel
"""
