"""The op table as a JavaScript module, generated: every op's forward, domain check, message
and derivative rules, written by running the declarations of `autograd/ops.py` on Codes.

    export const OPS = {
      "+": {arity: 2, masks: false, forward: (a, b) => (a + b), undefined: null,
            why: (a, b) => "", derivatives: [(a, b, out) => 1.0, (a, b, out) => 1.0]},
      ...
    };

The page's engine (`js/engine.js`) runs a graph with it. Nothing in this module knows any op:
a new declaration in OPS appears in the JavaScript with no second edit.
"""

import re
from importlib import resources
from typing import Callable, Dict, List, Tuple

from .. import ops
from .code import Code, literal

HEADER = ("// Generated from autograd/ops.py by autograd.live.javascript.ops_module(): do not edit."
          "\n// Each rule is the declaration itself, run on symbolic numbers that print JavaScript."
          "\nimport * as E from \"./elementary.js\";\n"
          "\n/**\n * @typedef {object} Op one op: its forward, domain, message and derivative rules"
          "\n * @property {number} arity @property {boolean} masks"
          "\n * @property {(...x: number[]) => number} forward"
          "\n * @property {((...x: number[]) => boolean) | null} undefined"
          "\n * @property {(...x: number[]) => string} why"
          "\n * @property {((...x: number[]) => number)[]} derivatives (operands..., out)"
          "\n * @property {(...x: any[]) => Float64Array} each the op at n points: (operands..., n,"
          "\n *   into?), each operand a number or a Float64Array"
          "\n */\n")


def _operands(arity: int) -> List[Code]:
    return [Code(name) for name in ("a", "b", "c")[:arity]]


def _function(parameters: List[Code], body) -> str:
    """An arrow function of `parameters` returning `body` (a Code, a number or a string)."""
    return f"({', '.join(p.text for p in parameters)}) => {literal(body)}"


def op_entry(op: ops.Op) -> str:
    """One op's entry of OPS."""
    operands = _operands(op.arity)
    rule_parameters = operands + [Code("out")]
    why = op.why(*operands) if callable(op.why) else op.why
    fields = {
        "arity": str(op.arity),
        "masks": literal(op.masks),
        "forward": _function(operands, op.forward(*operands)),
        "undefined": "null" if op.undefined is None else
        _function(operands, op.undefined(*operands)),
        "why": _function(operands, why),
        "derivatives": "[" + ", ".join(_function(rule_parameters, rule(*rule_parameters))
                                       for rule in op.derivatives) + "]",
        "each": _each(op, operands),
    }
    body = ",\n    ".join(f"{key}: {value}" for key, value in fields.items())
    return f"  {literal(op.name)}: {{\n    {body},\n  }}"


def _each(op: ops.Op, operands: List[Code]) -> str:
    """The op at n points at once: `(a, b, n, into) => Float64Array` (written into `into` if
    given), each operand a number (the same at every point) or a Float64Array; NaN where the op
    is undefined, as NumPy's arrays have it."""
    return _loops(op.forward, op.undefined, operands)


def _sum_of_product() -> str:
    """a + b * c at n points: a sum and the product it alone reads (a neuron's next term) in
    one loop, so that the product is never an array of its own; made of + and *'s forwards,
    which JavaScript rounds one at a time, so the numbers are theirs (engine.js)."""
    return _loops(lambda a, b, c: ops.ADD.forward(a, ops.MUL.forward(b, c)), None,
                  _operands(3))


def _loops(forward, undefined, operands: List[Code]) -> str:
    """`forward` (NaN where `undefined`) at n points, one loop per case of operands (each a
    number or a Float64Array), so that each runs without a test per point."""
    names = [o.text for o in operands]
    point = [Code(f"{name}_") for name in names]
    value = literal(forward(*point))
    if undefined is not None:
        value = f"({literal(undefined(*point))} ? NaN : {value})"
    cases = []
    for arrays in range(2 ** len(names)):
        loads = [f"const {name}_ = {name}" + ("[k]" if arrays >> i & 1 else "") + ";"
                 for i, name in enumerate(names)]
        test = " && ".join(f"typeof {name} {'!==' if arrays >> i & 1 else '==='} \"number\""
                           for i, name in enumerate(names))
        cases.append(f"if ({test}) for (let k = 0; k < n; k++) {{ {' '.join(loads)} "
                     f"out[k] = {value}; }}")
    return (f"({', '.join(names)}, n, into) => {{ const out = into ?? new Float64Array(n); "
            + " else ".join(cases) + " return out; }")


def ops_module() -> str:
    """The JavaScript module of every op in ops.OPS, by name, and the typed passes over a
    whole program (`forwardTyped`, `backwardTyped`)."""
    entries = ",\n".join(op_entry(op) for op in ops.OPS)
    typed = "/** @type {Record<string, Op>} */"
    codes = ", ".join(f"{literal(op.name)}: {k}" for k, op in enumerate(ops.OPS))
    return (f"{HEADER}\n{typed}\nexport const OPS = {{\n{entries},\n}};\n\n"
            "/** a + b * c at n points, in one loop (engine.js's forwardEach)\n"
            " * @type {(a: number | Float64Array, b: number | Float64Array, "
            "c: number | Float64Array, n: number, into?: Float64Array) => Float64Array} */\n"
            f"export const SUM_OF_PRODUCT = {_sum_of_product()};\n\n"
            "/** @type {Record<string, number>} each op's number in a typed program (typed.js) */\n"
            f"export const CODES = {{ {codes} }};\n\n{_forward_typed()}\n{_backward_typed()}")


def _case(k: int, body: str) -> str:
    return f"      case {k}: {{ {body} break; }}"


def _forward_typed() -> str:
    """forwardTyped: every op node of a typed program, in order, by a switch on its op's
    number (each case the op's own forward and domain check); the first node outside its
    op's domain is returned (-1: none)."""
    cases = []
    for k, op in enumerate(ops.OPS):
        args = _operands(op.arity)
        check = "" if op.undefined is None else \
            f"if ({literal(op.undefined(*args))}) return i; "
        cases.append(_case(k, f"{check}data[i] = {literal(op.forward(*args))};"))
    return ("/**\n * Forward over a typed program (typed.js): codes (-1 for a leaf), operands a "
            "and b,\n * data filled in place from node `from` on. Returns the first node "
            "outside its op's\n * domain, or -1.\n * @param {Int16Array} code @param "
            "{Int32Array} first @param {Int32Array} second\n * @param {Float64Array} data "
            "@param {number} from\n */\n"
            "export function forwardTyped(code, first, second, data, from) {\n"
            "  for (let i = from; i < code.length; i++) {\n"
            "    const c = code[i];\n    if (c < 0) continue;\n"
            "    const a = data[first[i]];\n    const b = data[second[i]];\n"
            "    switch (c) {\n" + "\n".join(cases) + "\n    }\n  }\n  return -1;\n}\n")


def _backward_typed() -> str:
    """backwardTyped: the chain rule at every op node, newest first, by a switch on its op's
    number, with the engine's rules (engine.js passBack): constants receive nothing, a zero
    local derivative passes nothing, a zero upstream passes 0."""
    cases = []
    for k, op in enumerate(ops.OPS):
        args = _operands(op.arity) + [Code("out")]
        parts = []
        for slot, rule in zip(("first", "second"), op.derivatives):
            parts.append(f"pass({slot}[i], {literal(rule(*args))});")
        cases.append(_case(k, " ".join(parts)))
    return ("/**\n * Backward over a typed program: `pending` summed in place from the nodes "
            "seeded\n * (`received` 1 where a node has had a gradient: the engine's null), "
            "root first.\n * @param {Int16Array} code @param {Int32Array} first @param "
            "{Int32Array} second\n * @param {Uint8Array} constant @param {Float64Array} data "
            "@param {Float64Array} pending\n * @param {Uint8Array} received\n * @param "
            "{number} until the last node run (0: all; a step-through stops part way)\n */\n"
            "export function backwardTyped(code, first, second, constant, data, pending, "
            "received, until) {\n"
            "  let up = 0;\n"
            "  /** @param {number} j @param {number} local */\n"
            "  const pass = (j, local) => {\n"
            "    if (constant[j] || local === 0) return;\n"
            "    const g = up === 0 ? 0 : up * local;\n"
            "    if (received[j]) pending[j] += g;\n"
            "    else { pending[j] = g; received[j] = 1; }\n  };\n"
            "  for (let i = code.length - 1; i >= until; i--) {\n"
            "    const c = code[i];\n    if (c < 0) continue;\n"
            "    up = received[i] ? pending[i] : 0;\n"
            "    const a = data[first[i]];\n    const b = data[second[i]];\n"
            "    const out = data[i];\n"
            "    switch (c) {\n" + "\n".join(cases) + "\n    }\n  }\n}\n")


def source(name: str) -> str:
    """A JavaScript file kept in the package (`js/<name>`), or the generated ops.js."""
    if name == "ops.js":
        return ops_module()
    return resources.files("autograd.live").joinpath("js", name).read_text(encoding="utf-8")


_IMPORT = re.compile(r'^import (?:\* as (\w+)|\{([^}]*)\}) from "\./([\w.]+)\.js";\n', re.M)
_TOP_AWAIT = re.compile(r"^(?=\S).*\bawait\b", re.M)       # a line of the module's own body
_EXPORT = re.compile(r"^export (?:const|function|let|class) (\w+)", re.M)


def bundle(entry: str, find: Callable[[str], str] = source) -> str:
    """The module `entry` and every module it imports, found by `find` (a file name -> its
    text; by default js/ and the generated ops.js), as one script: see bundle_texts. A page
    names only its own module; what that imports comes with it, each after its imports."""
    modules: Dict[str, str] = {}

    def visit(name: str) -> None:
        if name in modules:
            return
        modules[name] = text = find(name)
        for match in _IMPORT.finditer(text):
            visit(match.group(3) + ".js")
        modules[name] = modules.pop(name)          # after everything it imports

    visit(entry)
    return bundle_texts(list(modules.items()))


def bundle_texts(modules: List[Tuple[str, str]]) -> str:
    """ES modules, (file name, text) each, in an order where each comes after what it
    imports, as one plain script for a page of one file: each module's body in a function of
    its own, returning what it exports; an import becomes a reading of those exports."""
    parts = []
    for name, text in modules:
        exports = _EXPORT.findall(text)
        body = _IMPORT.sub(_imported, text)
        body = re.sub(r"^export ", "", body, flags=re.M)
        # a module that awaits at its top (a page's entry, which nothing imports) runs as an
        # async function
        run = "async () =>" if _TOP_AWAIT.search(body) else "() =>"
        parts.append(f"const {_variable(name)} = ({run} {{\n{body}\n"
                     f"return {{ {', '.join(exports)} }};\n}})();\n")
    return "\n".join(parts)


def _variable(name: str) -> str:
    return "module_" + name.removesuffix(".js")


def _imported(match: re.Match) -> str:
    namespace, names, module = match.groups()
    variable = _variable(module + ".js")
    if namespace:
        return f"const {namespace} = {variable};\n"
    renamed = re.sub(r"\b(\w+)\s+as\s+(\w+)\b", r"\1: \2", names)     # { a as b }
    return f"const {{{renamed}}} = {variable};\n"
