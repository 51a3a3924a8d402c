"""`python -m autograd`: the value and derivatives of one expression, from the command line."""

import argparse
import json
import math
import os
import sys
from typing import Dict, List, Optional, Sequence, Tuple

from ..backward import grad
from ..functional import hessian, jacobian, value_and_grad
from ..explain import explain
from ..drawing.formats import FORMATS
from .expression import FUNCTIONS, ExpressionError, evaluate
from ..value import Value

EXAMPLES = """examples:
  python -m autograd "x**2 * y" --at x=3 y=2
      the value 18 and the gradient: d/dx = 12, d/dy = 9

  python -m autograd "tanh(x*w + b)" --at x=0.5 w=-1.2 b=0.1 --explain --render graph.svg
      a neuron: its gradients, the chain-rule table, and a picture of the graph

  python -m autograd "sin(x) * exp(y)" --at x=1 y=0 --order 2 --json
      first and second derivatives (the Hessian) as one JSON object

An expression that starts with a minus sign goes after --:  python -m autograd --at x=2 -- "-x**2"
"""


class UsageError(Exception):
    """A problem with the command line, reported as one line and exit status 2."""


class _Parser(argparse.ArgumentParser):
    """Errors as UsageError, one line; where an argument that starts with a minus was taken for
    an option, the line says how to pass it as the expression."""
    argv: Sequence[str] = ()

    def error(self, message):
        options = {s for action in self._actions for s in action.option_strings}
        raise UsageError(f"{message}{_minus_hint(self.argv, options)} (see --help)")


def _minus_hint(argv: Sequence[str], options: set) -> str:
    """How to pass an expression that starts with a minus, if one in argv was taken for an
    option; else nothing."""
    minus = [a for a in argv if a.startswith("-") and a.split("=")[0] not in options
             and a != "--" and not _is_number(a)]
    if not minus:
        return ""
    return (f"; an expression that starts with a minus goes after --: python -m autograd "
            f"--at ... -- \"{minus[0]}\"")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m autograd", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Evaluate an expression and its derivatives with the scalar autograd engine. "
                    "Allowed: numbers, names given with --at, + - * / **, unary minus, and "
                    f"the functions {' '.join(FUNCTIONS)}.")
    parser.add_argument("expression", help="for example \"tanh(x*w + b)\"")
    parser.add_argument("--at", nargs="+", metavar="NAME=VALUE", default=[], action="extend",
                        help="the value of each name in the expression (--at may be given "
                             "more than once)")
    parser.add_argument("--wrt", nargs="+", metavar="NAME",
                        help="differentiate with respect to these names only (default: all)")
    parser.add_argument("--order", type=int, default=1, metavar="N",
                        help="highest derivative order, 1 to 4 (default 1); 2 adds the Hessian")
    parser.add_argument("--explain", action="store_true", help="print the chain-rule table")
    parser.add_argument("--render", metavar="FILE",
                        help=f"draw the graph to FILE ({' '.join(FORMATS)})")
    parser.add_argument("--max-nodes", type=int, default=500, metavar="N",
                        help="draw graphs of up to N nodes (default 500; larger ones take "
                             "Graphviz long to lay out)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (with "
                                                                 "--explain, the table is its "
                                                                 "\"explain\" entry)")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    _writable_anywhere(sys.stdout)
    _writable_anywhere(sys.stderr)
    parser = _parser()
    parser.argv = sys.argv[1:] if argv is None else list(argv)
    try:
        return _run(parser.parse_args(parser.argv))
    except (UsageError, ExpressionError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


def _writable_anywhere(stream) -> None:
    """Let a terminal that takes only ASCII (or another narrow encoding) show the output: a
    character it cannot encode (the table's ×, …) is written as an escape such as \\u2026."""
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")


def _run(args: argparse.Namespace) -> int:
    """Check the command line, compute, print, and draw if asked."""
    values, wrt = _checked(args)
    out = evaluate(args.expression, values)
    if out.op:
        out.label = "f"           # so the table and the picture say df/dx
    result = {"expression": args.expression, "at": {n: v.data for n, v in values.items()},
              "value": out.data}
    result.update(_derivatives(args.expression, values, wrt, args.order))
    if args.explain:
        result["explain"] = explain(out)
    print(json.dumps(_jsonable(result)) if args.json else _text(result, wrt))
    if args.render:
        _draw(out, args.render, args.max_nodes)
        if not args.json:
            print(f"graph: {args.render}")
    return 0


def _checked(args: argparse.Namespace):
    """(the Values of the names given with --at, the names to differentiate by), once every
    option is known to make sense."""
    values = _values(args.at)
    wrt = args.wrt or list(values)
    for name in wrt:
        if name not in values:
            raise UsageError(f"--wrt {name}: {name!r} has no value; give it with --at {name}=...")
    if not 1 <= args.order <= 4:
        raise UsageError(f"--order must be 1, 2, 3 or 4, got {args.order}")
    if args.max_nodes < 1:
        raise UsageError(f"--max-nodes must be a positive number, got {args.max_nodes}")
    return values, wrt


def _draw(out: Value, path: str, max_nodes: int) -> None:
    """--render: the graph, with its gradients, to `path`; any problem is one UsageError.
    Graphviz is imported here, so that a command line that draws nothing never loads it."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in FORMATS:
        raise UsageError(f"--render {path}: cannot tell the format from "
                         f"{suffix or 'a name without a suffix'}; use one of "
                         f"{' '.join(FORMATS)}")
    from ..drawing.picture import GraphTooLarge, GraphvizFailed, GraphvizMissing
    from ..drawing.render import render
    out.backward()
    try:
        render(out, path, max_nodes=max_nodes)
    except (GraphTooLarge, OSError, GraphvizFailed, GraphvizMissing) as e:
        raise UsageError(_why_not_drawn(e, path)) from None


def _why_not_drawn(e: Exception, path: str) -> str:
    """--render's one line for what stopped the drawing."""
    from ..drawing.picture import GraphTooLarge, GraphvizFailed
    if isinstance(e, GraphTooLarge):
        return (f"--render: the graph has {e.count} nodes, more than --max-nodes {e.limit}; "
                f"pass --max-nodes {e.count} to draw it anyway (a large graph takes Graphviz "
                "a while)")
    if isinstance(e, OSError):
        return f"--render {path}: cannot write it: {e.strerror or e}"
    return f"--render {path}: {e}" if isinstance(e, GraphvizFailed) else str(e)


def _values(pairs: List[str]) -> Dict[str, Value]:
    """The Values that --at's NAME=VALUE pairs give, labelled with their names."""
    values = {}
    for pair in pairs:
        name, x = _name_and_number(pair, values)
        values[name] = Value(x, label=name)
    return values


def _name_and_number(pair: str, given: Dict[str, Value]) -> Tuple[str, float]:
    """One --at pair's name and value; UsageError for anything that is not a new name and a
    finite number."""
    name, sep, number = pair.partition("=")
    if not sep or not name.isidentifier():
        raise UsageError(f"--at {pair!r}: expected NAME=VALUE, e.g. x=0.5")
    if name in FUNCTIONS:
        raise UsageError(f"--at {pair!r}: {name} is a function name")
    if name in given:
        raise UsageError(f"--at {pair!r}: {name} is given twice")
    try:
        x = float(number)
    except ValueError:
        raise UsageError(f"--at {pair!r}: {number!r} is not a number") from None
    if not math.isfinite(x):
        raise UsageError(f"--at {pair!r}: the value must be a finite number")
    return name, x


def _derivatives(expression: str, values: dict, names: List[str], order: int) -> dict:
    """The gradient, and for order >= 2 the Hessian and the pure higher derivatives, by the
    functional API on f(the inputs named) = the expression at the other values."""
    point = [values[n].data for n in names]

    def f(*xs: Value) -> Value:
        return evaluate(expression, {**values, **dict(zip(names, xs))})

    found = {"gradient": dict(zip(names, value_and_grad(f)(*point)[1]))}
    if order == 1:
        return found
    found["hessian"] = {a: dict(zip(names, row)) for a, row in zip(names, hessian(f, point))}
    for k in range(3, order + 1):             # d^k f / dx^k: the diagonal of a Jacobian
        rows = jacobian(_pure_derivatives(f, k), point, mode="fwd")
        found[f"order {k}"] = {n: rows[i][i] for i, n in enumerate(names)}
    return found


def _pure_derivatives(f, k: int):
    """The function giving d^(k-1) f / dx_i^(k-1) for each input x_i, as Values (graphs of
    the inputs, so that jacobian can differentiate them once more)."""
    def pure(*xs: Value) -> List[Value]:
        found = grad(f(*xs), xs, create_graph=True)
        for _ in range(k - 2):
            found = [grad(p, [x], create_graph=True)[0] for p, x in zip(found, xs)]
        return found
    return pure


def _text(result: dict, names: List[str]) -> str:
    """The numbers, a line each, and the chain-rule table where it was asked for."""
    at = ", ".join(f"{n}={v:g}" for n, v in result["at"].items())
    lines = [f"f = {result['expression']}" + (f"   at {at}" if at else "")]
    rows = _rows(result, names)
    width = max(len(r[0]) for r in rows)
    lines += [f"  {label:<{width}}  {v:.10g}" for label, v in rows]
    if "explain" in result:
        lines += ["", result["explain"].rstrip("\n")]
    return "\n".join(lines)


def _rows(result: dict, names: List[str]) -> List[tuple]:
    """(what, number) for the value, the gradient, the Hessian's upper half and the pure
    higher derivatives."""
    rows = [("f", result["value"])]
    rows += [(f"df/d{n}", g) for n, g in result["gradient"].items()]
    for a, row in result.get("hessian", {}).items():
        rows += [(f"d2f/d{a}2" if a == b else f"d2f/d{a}d{b}", v)
                 for b, v in row.items() if names.index(b) >= names.index(a)]
    for k in range(3, 5):
        rows += [(f"d{k}f/d{n}{k}", v) for n, v in result.get(f"order {k}", {}).items()]
    return rows


def _jsonable(x):
    """JSON has no inf or nan: write them as the strings "inf", "-inf", "nan"."""
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    return x
