"""`History`: what `fit` measured, epoch by epoch, and how training ended. In Jupyter a History
shows as its curves (`_repr_png_`, drawn by nn/drawing/figures.py)."""

from dataclasses import dataclass, field
from typing import List, Optional


@dataclass
class History:
    """What `fit` measured, one entry per epoch completed, each taken with the weights as that
    epoch left them (so after the last epoch, `loss[-1]` and `accuracy[-1]` are what the model
    scores now): `loss[k]` is the mean per-sample loss over the rows of X after epoch k + 1
    (their sum where fit was given reduction="sum", as the from-scratch tutorials report it),
    `accuracy[k]` the fraction of rows it gets right (see nn.training.classes; empty unless the
    task is a classification). The console lines, a Recording and its film show these same numbers.

    `steps` counts the optimizer steps taken. How training ended: `stopped_early` (the loss
    reached stop_at), `interrupted` (Ctrl-C: the model holds the parameters of step `steps`),
    `diverged` (a loss or a gradient that was not finite: that step was not taken, and the model
    holds the parameters of step `steps`), `exploded` (a weight grew past fit's EXPLODED,
    1e100, which only a learning rate far too large does: every neuron saturates and the loss
    goes flat, so training stopped at that epoch's end); after fit(resume=...) they say how the
    latest call ended. `loss_label` says what the loss is, as every view of it labels it."""
    loss: List[float] = field(default_factory=list)
    accuracy: List[float] = field(default_factory=list)
    stopped_early: bool = False
    interrupted: bool = False
    diverged: bool = False
    exploded: bool = False
    steps: int = 0
    recording: Optional[object] = None        # fit(record=...): a Recording, for a film
    loss_label: str = ""                      # what the loss is, e.g. "mse: mean over ..."
    # where the run stopped (nn.training.loop.Cursor), for fit(resume=history); not saved in files
    cursor: Optional[object] = field(default=None, repr=False, compare=False)

    def _repr_png_(self) -> Optional[bytes]:
        """In Jupyter the curves of loss and accuracy (drawn by nn/drawing/figures.py, imported
        only when a notebook asks); None (the repr) before any epoch, or without matplotlib."""
        from ..drawing.figures import history_png
        return history_png(self)

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def __repr__(self) -> str:
        ended = (["stopped early"] * self.stopped_early + ["interrupted"] * self.interrupted
                 + ["diverged"] * self.diverged + ["exploded"] * self.exploded)
        if not self.loss:
            return f"History({', '.join([f'no epoch completed, {self.steps} steps'] + ended)})"
        parts = [f"{self.epochs} epochs, {self.steps} steps",
                 f"loss {self.loss[0]:.4g} -> {self.loss[-1]:.4g}"]
        if self.accuracy:
            parts.append(f"accuracy {self.accuracy[0]:.3g} -> {self.accuracy[-1]:.3g}")
        return f"History({', '.join(parts + ended)})"
