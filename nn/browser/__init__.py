"""What runs in the browser: the playground page and what Python traces for it.

- playground.py: playground(), the page and the notebook widget
- spec.py: what a page needs to train as fit does (training_spec)
- traced.py: a model's, a loss's and an optimizer's graphs, and MLP's parts, as programs
- sample_groups.py: the groups of one sample's graph, for the page
- js/: the page's modules (tests/test_javascript_files.py says what each is)
- templates/: the page's HTML and CSS
"""
