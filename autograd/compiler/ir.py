"""The compiler's intermediate representation: what the passes hand each other.

A traced graph becomes rows of one value array (a row per node, a column per sample). The
passes turn its nodes into groups, and the program runs each group as one NumPy call:

    OpNode     one node of an op from the table, reading the rows of its operands
    SumNode    an n-ary sum (a fused chain of +), reading the rows of its terms
    DenseNode  a layer of neurons: rows[i] = sum_j W[i, j] * sources[j] (+ b[i])
    OpGroup    op nodes of one level and one op: one call over (group, batch) arrays
    SumGroup   sum nodes of one level with the same number of terms

Each kind says what it reads and writes, so a pass asks a node instead of testing its type:
a node's `reads()`, `writes()` and `kind()` (what nodes must share to run as one group); a
group's `read_rows()`, `edges()` (per node: rows written, rows read, whether parameters are
read) and `renumbered(new, ones)` (the group with its rows renumbered by `compact`).
"""

from dataclasses import dataclass
from typing import Dict, List, NamedTuple, Optional, Tuple, Union

import numpy as np

from ..ops import Op
from .places import as_index, listed

Index = Union[slice, np.ndarray]   # rows of the value array: a slice (a view) or an index array
Constant = float                   # an operand that is one and the same number for a whole group
Operand = Union[Index, Constant]


class Rows(NamedTuple):
    """Where things live in the (rows, batch) value array."""
    count: int
    inputs: List[int]
    targets: List[int]
    params: List[int]             # one per declared parameter (-1 if the graph does not use it)
    constants: Dict[int, float]
    outputs: List[int]


class OpNode(NamedTuple):
    row: int
    op: Op
    operands: Tuple[int, ...]

    def reads(self) -> Tuple[int, ...]:
        return self.operands

    def writes(self) -> Tuple[int, ...]:
        return (self.row,)

    def kind(self) -> tuple:
        return self.op.name, len(self.operands)


class SumNode(NamedTuple):
    row: int
    terms: Tuple[int, ...]

    def reads(self) -> Tuple[int, ...]:
        return self.terms

    def writes(self) -> Tuple[int, ...]:
        return (self.row,)

    def kind(self) -> tuple:
        return "sum", len(self.terms)


@dataclass
class DenseNode:
    """A layer: rows[i] = sum_j W[i, j] * values[sources[j]] (+ b[i]), with W and b taken from
    the parameters (`weights` and `bias` hold parameter indices). `ones`: a row holding 1.0
    right after the sources, where `compact` made one (the bias trick: see
    layer_step.DenseStep)."""
    rows: Tuple[int, ...]
    sources: Tuple[int, ...]
    weights: np.ndarray
    bias: Optional[np.ndarray]
    ones: Optional[int] = None

    def reads(self) -> Tuple[int, ...]:
        return self.sources

    def writes(self) -> Tuple[int, ...]:
        return self.rows

    def kind(self) -> tuple:
        return "dense", self.rows[0]                 # a layer is a group of its own

    def read_rows(self) -> set:
        return set(self.sources)

    def edges(self) -> list:
        return [(list(self.rows), list(self.sources), True)]

    def renumbered(self, new: Dict[int, int], ones: Dict[Tuple[int, ...], int]) -> "DenseNode":
        return DenseNode(tuple(new[r] for r in self.rows), tuple(new[r] for r in self.sources),
                         self.weights, self.bias, ones.get(self.sources))


Node = Union[OpNode, SumNode, DenseNode]


class OpGroup(NamedTuple):
    """Op nodes of one level with the same op."""
    op: Op
    rows: Index                      # rows written
    operands: Tuple[Operand, ...]    # per operand position, the rows read (or one constant)

    def read_rows(self) -> set:
        return {r for o in self._indices() for r in o}

    def edges(self) -> list:
        operands = self._indices()
        return [([r], [o[i] for o in operands], False) for i, r in enumerate(listed(self.rows))]

    def renumbered(self, new: Dict[int, int], ones) -> "OpGroup":
        return self._replace(rows=_moved(self.rows, new),
                             operands=tuple(_moved(o, new) for o in self.operands))

    def _indices(self) -> List[List[int]]:
        """The rows each operand position reads (a constant operand reads none)."""
        return [listed(o) for o in self.operands if not isinstance(o, float)]


class SumGroup(NamedTuple):
    """Sum nodes of one level with the same number of terms (`count`)."""
    rows: Index
    terms: Index                     # the g * count rows read, node by node
    count: int

    def read_rows(self) -> set:
        return set(listed(self.terms))

    def edges(self) -> list:
        terms, n = listed(self.terms), self.count
        return [([r], terms[i * n:(i + 1) * n], False) for i, r in enumerate(listed(self.rows))]

    def renumbered(self, new: Dict[int, int], ones) -> "SumGroup":
        return self._replace(rows=_moved(self.rows, new), terms=_moved(self.terms, new))


Group = Union[OpGroup, SumGroup, DenseNode]


def _moved(index: Index, new: Dict[int, int]) -> Index:
    return as_index([new[r] for r in listed(index)])
