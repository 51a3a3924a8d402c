"""`python -m autograd EXPRESSION --at NAME=VALUE ...`: see autograd/cli/main.py."""

import sys

from .cli import main

sys.exit(main())
