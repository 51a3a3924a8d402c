"""Every colour the pictures and pages use, named once.

One thing looks the same in every view: a parameter is the same blue in every graph picture, a
positive weight the same blue in a network picture and a film, class 0 the same red in a film,
a boundary picture and a demo's plot, and the step being explained the same red on a page as
a highlighted path in a picture.
"""

# Graph pictures: the fill of each kind of node (the legend under every picture names them).
ROOT = "#ffd966"
INTERMEDIATE = "#ffffff"
BLANK = INTERMEDIATE      # what carries no sign: a box whose gradient is 0, a page's ground
PARAMETER = "#9fc5e8"
INPUT = "#b6d7a8"
CONSTANT = "#eeeeee"
# A path that is highlighted, the current step of a page.
HIGHLIGHT = "#cc0000"

# Ink: text, outlines and quiet lines.
INK = "#222222"
LINE = "#444444"
MUTED = "#555555"
FAINT = "#aaaaaa"
GRID = "#999999"

# Signs (a weight, a gradient, a neuron's output): blue for positive, red for negative, white for
# zero, as matplotlib's RdBu map runs.
SIGN_MAP = "RdBu"
POSITIVE = "#2166ac"
NEGATIVE = "#b2182b"

# Classes: the lower label (0, or -1) red and the upper one (1, or +1) blue, the colours the
# sign map gives the two sides of a one-output model's threshold; more classes: tab10's.
CLASSES = (NEGATIVE, POSITIVE)
MANY_CLASSES = "tab10"

# Training curves.
LOSS = "#1f4e9c"
ACCURACY = "#c0392b"
