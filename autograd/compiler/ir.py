"""The compiler's intermediate representation: what the passes hand each other.

A traced graph becomes rows of one value array (a row per node, a column per sample). The
passes turn its nodes into groups, and the program runs each group as one NumPy call:

    OpNode     one node of an op from the table, reading the rows of its operands
    SumNode    an n-ary sum (a fused chain of +), reading the rows of its terms
    DenseNode  a layer of neurons: rows[i] = sum_j W[i, j] * sources[j] (+ b[i])
    OpGroup    op nodes of one level and one op: one call over (group, batch) arrays
    SumGroup   sum nodes of one level with the same number of terms
"""

from dataclasses import dataclass
from typing import Dict, List, NamedTuple, Optional, Tuple, Union

import numpy as np

from ..ops import Op

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


class SumNode(NamedTuple):
    row: int
    terms: Tuple[int, ...]


@dataclass
class DenseNode:
    """A layer: rows[i] = sum_j W[i, j] * values[sources[j]] (+ b[i]), with W and b taken from
    the parameters (`weights` and `bias` hold parameter indices). `ones`: a row holding 1.0
    right after the sources, where `compact` made one (the bias trick: see _DenseStep)."""
    rows: Tuple[int, ...]
    sources: Tuple[int, ...]
    weights: np.ndarray
    bias: Optional[np.ndarray]
    ones: Optional[int] = None


Node = Union[OpNode, SumNode, DenseNode]


class OpGroup(NamedTuple):
    """Op nodes of one level with the same op."""
    op: Op
    rows: Index                      # rows written
    operands: Tuple[Operand, ...]    # per operand position, the rows read (or one constant)


class SumGroup(NamedTuple):
    """Sum nodes of one level with the same number of terms (`count`)."""
    rows: Index
    terms: Index                     # the g * count rows read, node by node
    count: int


Group = Union[OpGroup, SumGroup, DenseNode]
