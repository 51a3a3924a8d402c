"""Saving and loading models: JSON files that hold the architecture and the weights.

    model.save("m.json")          # written to a temporary file, then moved into place
    model = nn.load("m.json")     # rebuilds the model the file describes
    model.load("m.json")          # or loads the weights into a model built the same way
    model.save("m.json", history=history)    # with the History fit returned...
    history = nn.load_history("m.json")      # ...which comes back as it was

A file is read as untrusted input: its size is bounded before anything is read, and every
failure (not UTF-8, not JSON, nested too deeply, a weight that is not a finite number, a key
that does not fit) is a ValueError that names the file and, where it is about one, the key.
"""

import json
import math
import numbers
import os
import secrets
import stat
import sys
import types
from typing import Dict, Optional, Tuple, Union

PathLike = Union[str, os.PathLike]

FORMAT = "seegrad-model"
VERSION = 1
# A file is bounded before it is read, and the model it describes before it is built: at most
# MAX_PARAMETERS parameters (each a Parameter of about 550 bytes once built: 140 MB and a few
# seconds at most; 784-64-10 has 50,890) in at most MAX_BYTES, which also bounds what parsing
# the JSON takes.
MAX_PARAMETERS = 250_000
MAX_BYTES = 16 * 2**20
BYTES_PER_PARAMETER = 200       # what one weight can take in a file, generously


class class_or_instance:
    """A method that gets the instance when called on one, and the class when called on the
    class: `model.load(path)` and `MLP.load(path)` are both what a user would expect."""

    def __init__(self, method) -> None:
        self.method = method
        self.__doc__ = method.__doc__

    def __get__(self, instance, owner):
        return types.MethodType(self.method, instance if instance is not None else owner)


def write(path: PathLike, content: dict) -> None:
    """Write `content` as JSON to `path` as a plain write would, but never leaving a
    half-written file there: into a temporary file in the same folder first, then os.replace
    (atomic), so a failure keeps the file that was there before.

    A new file gets the mode a plain open() would give it (0666 less the umask); an existing
    one keeps its own. A symlink is written through: the file it points to is replaced, and the
    link stays."""
    path = os.path.realpath(os.fspath(path))
    os.makedirs(os.path.dirname(path), exist_ok=True)     # as every writer here does
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    handle, temporary = _new_file(path, 0o666 if mode is None else 0o600)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(content, f, indent=1, allow_nan=False)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _new_file(path: str, mode: int):
    """(descriptor, name) of a new, unique file beside `path`, created with `mode` (less the
    umask, as the system applies it)."""
    folder, name = os.path.split(path)
    while True:
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), temporary
        except FileExistsError:
            continue


def read(path: PathLike, max_bytes: int = MAX_BYTES) -> object:
    """The JSON in `path`, refusing (ValueError naming the file) anything that is not a regular
    file (a FIFO, a device or a folder would block or mislead), larger than `max_bytes`, not
    UTF-8, not JSON, nested too deeply, or holding a number that is not a finite float (NaN,
    Infinity, 1e400, an integer of 400 digits)."""
    path = os.fspath(path)
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    found = os.fstat(handle)
    if not stat.S_ISREG(found.st_mode):
        os.close(handle)
        kind = "a folder" if stat.S_ISDIR(found.st_mode) else "a FIFO" if stat.S_ISFIFO(
            found.st_mode) else "a special file"
        raise ValueError(f"{path} is not a regular file ({kind}), so not a saved model; "
                         "not read")
    with os.fdopen(handle, "rb") as f:
        if found.st_size > max_bytes:
            raise ValueError(f"{path} is {found.st_size:,} bytes, more than a saved model of "
                             f"this size can be ({max_bytes:,}); not read")
        raw = f.read(max_bytes + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not a saved model: it is not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_float,
                          parse_int=_int)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path} is not a saved model (not JSON: {e})") from None
    except RecursionError:
        raise ValueError(f"{path} is not a saved model: its JSON is nested too deeply") from None
    except _NotANumber as e:
        raise ValueError(f"{path} is not a saved model: it holds {e}, which is not a "
                         f"finite number") from None


class _NotANumber(Exception):
    pass


def _refuse_constant(name: str):
    raise _NotANumber(name)


def _float(text: str) -> float:
    """A JSON number with a fraction or an exponent, as a float; 1e400 is not one."""
    number = float(text)
    if not math.isfinite(number):
        raise _NotANumber(text)
    return number


def _int(text: str) -> int:
    """A JSON integer; one too large for a float (beyond 1.8e308) is no weight and no size."""
    if len(text.lstrip("-")) > 308:
        raise _NotANumber(text[:10] + "... (" + f"{len(text.lstrip('-'))} digits)")
    number = int(text)
    if abs(number) > sys.float_info.max:
        raise _NotANumber(text)
    return number


def contents(model, history=None, path: str = "the file") -> dict:
    """What `save` writes: the format, the architecture (None for a Module nn cannot rebuild)
    and the state dict; and the History of its training, if given. A weight that is not a
    finite number is refused, naming `path` and its key: JSON has no such numbers, and a
    model holding one predicts nothing."""
    state = model.state_dict()
    for key, row in state.items():
        for i, x in enumerate(row):
            if not math.isfinite(x):
                raise ValueError(f"{path} was not written: the model's {key}[{i}] is {x}, not a "
                                 "finite number (did training diverge?)")
    saved = {"format": FORMAT, "version": VERSION, "architecture": model.architecture(),
             "state": state}
    if history is not None:
        from ..training.history import History
        if not isinstance(history, History):
            raise TypeError(f"save: history must be the History fit returned, got "
                            f"{type(history).__name__}")
        saved["history"] = {"loss": list(map(float, history.loss)),
                            "accuracy": list(map(float, history.accuracy)),
                            "stopped_early": bool(history.stopped_early),
                            "interrupted": bool(history.interrupted),
                            "diverged": bool(history.diverged),
                            "exploded": bool(history.exploded),
                            "steps": int(history.steps),
                            "loss_label": str(history.loss_label)}
    return saved


def load_history(path: PathLike):
    """The History saved with a model (`model.save(path, history=...)`), checked as untrusted:
    lists of finite numbers, three flags, a step count and a short label; ValueError naming
    the file and the key otherwise, or if the file holds no History."""
    from ..training.history import History
    path = os.fspath(path)
    saved = _saved_history(read(path), path)
    for key, (ok, what) in _HISTORY_FIELDS.items():
        if not ok(saved[key]):
            raise ValueError(f"{path}: history '{key}' should be {what}")
    return History(loss=[float(x) for x in saved["loss"]],
                   accuracy=[float(x) for x in saved["accuracy"]],
                   stopped_early=saved["stopped_early"], interrupted=saved["interrupted"],
                   diverged=saved["diverged"], exploded=saved["exploded"],
                   loss_label=saved["loss_label"],
                   steps=saved["steps"])


def _saved_history(data: object, path: str) -> dict:
    """The 'history' entry of a file's JSON, holding the keys a History is saved with (those
    added since, filled in for files from before them)."""
    saved = data.get("history") if isinstance(data, dict) else None
    if saved is None:
        raise ValueError(f"{path} holds no History: save it with model.save(path, "
                         f"history=history)")
    if not isinstance(saved, dict) or not HISTORY_KEYS <= set(saved) <= HISTORY_KEYS | OPTIONAL:
        raise ValueError(f"{path}: its 'history' should hold {', '.join(sorted(HISTORY_KEYS))}"
                         f" (and {', '.join(sorted(OPTIONAL))})")
    return {"diverged": False, "exploded": False, "loss_label": "", **saved}


def _finite_numbers(x: object) -> bool:
    return isinstance(x, list) and all(is_number(v) for v in x)


def _flag(x: object) -> bool:
    return isinstance(x, bool)


def _count(x: object) -> bool:
    return not isinstance(x, bool) and isinstance(x, int) and x >= 0


def _short_text(x: object) -> bool:
    return isinstance(x, str) and len(x) <= 500


HISTORY_KEYS = {"loss", "accuracy", "stopped_early", "interrupted", "steps"}
OPTIONAL = {"diverged", "exploded", "loss_label"}
# each key of a saved History: the check its value must pass, and what it should be
_HISTORY_FIELDS = {
    "loss": (_finite_numbers, "a list of finite numbers"),
    "accuracy": (_finite_numbers, "a list of finite numbers"),
    "stopped_early": (_flag, "true or false"),
    "interrupted": (_flag, "true or false"),
    "diverged": (_flag, "true or false"),
    "exploded": (_flag, "true or false"),
    "steps": (_count, "a count of steps"),
    "loss_label": (_short_text, "a short text"),
}


def state_of(data: object, path: str) -> Dict[str, list]:
    """The state dict inside a file's JSON: a file `save` wrote, or an older one that holds
    only the state dict."""
    if isinstance(data, dict) and data.get("format") == FORMAT:
        version = data.get("version")
        if type(version) is not int or version != VERSION:
            raise ValueError(f"{path} was written in format version {version!r}; this version "
                             f"of seegrad reads version {VERSION}")
        state = data.get("state")
        if not isinstance(state, dict):
            raise ValueError(f"{path}: its 'state' is not a dict of weights")
        return state
    if isinstance(data, dict):
        return data
    raise ValueError(f"{path} is not a saved model: it holds a {type(data).__name__}, "
                     f"not a dict")


def load_into(model, path: PathLike) -> None:
    """Load the weights in `path` into `model` (the same architecture, else ValueError)."""
    path = os.fspath(path)
    limit = min(MAX_BYTES, 2**20 + BYTES_PER_PARAMETER * len(model.parameters()))
    model.load_state_dict(state_of(read(path, limit), path), source=path)


def load(path: PathLike, known: Dict[str, type], expected: Optional[type] = None):
    """The model that `path` describes, rebuilt from its architecture with its weights.
    `known`: the Module classes a file may name, by name (nn.modules.MODULES); `expected` (one
    of them) refuses a file that holds another kind of model."""
    path = os.fspath(path)
    return built(read(path), path, known, expected)


def built(data: object, source: str, known: Dict[str, type], expected: Optional[type] = None):
    """The model that a file's JSON (`data`, from `source`: a file, a page) describes, checked
    as `load` checks a file, before anything is built."""
    cls, arguments = _architecture(data, source, known, expected)
    state = state_of(data, source)
    _fits(cls, arguments, state, source)
    try:
        model = cls(**arguments)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{source}: its architecture {data['architecture']!r} does not build "
                         f"a {cls.__name__}: {e}") from None
    model.load_state_dict(state, source=source)
    return model


def _architecture(data: object, path: str, known: Dict[str, type],
                  expected: Optional[type]) -> Tuple[type, dict]:
    """(the Module class a file names, the arguments to build it with), or ValueError for a
    file without an architecture, one naming a class nn cannot rebuild, or another kind of
    model than `expected`."""
    if not (isinstance(data, dict) and data.get("format") == FORMAT):
        raise ValueError(f"{path} holds weights but no architecture (it was saved by an older "
                         f"version): build the model as it was built and call "
                         f"model.load({path!r})")
    architecture = data.get("architecture")
    if not isinstance(architecture, dict) or architecture.get("class") not in known:
        raise ValueError(f"{path} does not say how to build its model (architecture "
                         f"{architecture!r}); nn can rebuild {', '.join(known)}: build the "
                         f"model yourself and call model.load({path!r})")
    cls = known[architecture["class"]]
    if expected is not None and not issubclass(cls, expected):
        raise ValueError(f"{path} holds a {cls.__name__}, not a {expected.__name__}")
    return cls, {k: v for k, v in architecture.items() if k != "class"}


def _fits(cls, arguments: dict, state: dict, path: str) -> None:
    """Check a file's architecture before anything is built: only the keys `save` writes (no
    constructor argument a file has no business setting), sizes that are whole numbers, and a
    parameter count equal to the numbers the file holds, so that a small file cannot make a
    huge model."""
    unknown = sorted(set(arguments) - set(cls.architecture_keys))
    if unknown:
        raise ValueError(f"{path}: its architecture has keys a file may not set: {unknown} "
                         f"(a {cls.__name__} is saved with {', '.join(cls.architecture_keys)})")
    try:
        count = cls.parameter_count(**arguments)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{path}: its architecture {arguments!r} does not build a "
                         f"{cls.__name__}: {e}") from None
    if count > MAX_PARAMETERS:
        raise ValueError(f"{path}: its architecture makes a model of {count:,} parameters, "
                         f"more than a file may build ({MAX_PARAMETERS:,}); not built")
    numbers = sum(len(row) if isinstance(row, list) else 1 for row in state.values())
    if count != numbers:
        raise ValueError(f"{path}: its architecture makes a model of {count:,} parameters but "
                         f"its state holds {numbers:,} numbers")


def is_number(x: object) -> bool:
    """A finite real number that a float can hold (an int, a float, a NumPy real scalar; not a
    bool, not a str): what a weight may be."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return False
    if isinstance(x, numbers.Integral):
        return abs(int(x)) <= sys.float_info.max
    return math.isfinite(x)
