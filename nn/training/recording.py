"""Recording training: snapshots of a model's parameters as it learns, for a film
(`nn.drawing.film`).

A snapshot is the parameter vector (a NumPy array in `model.parameters()` order) with the
epoch it was taken after, never a graph: recording every epoch of a small network costs a
copy of a few hundred floats. The loss and accuracy of every epoch are kept too, so the film's
curves are whole even where snapshots are sparse.

    recording = Recording(model, every=10)        # snapshot 0: the parameters now
    history = fit(model, X, y, record=recording)  # or record=10
    Film(recording, X, y).save("out/learning.gif")

`fit(record=k)` makes one; a loop of your own calls `end_of_epoch(loss, accuracy)` after each
epoch and `finish()` at the end.
"""

from typing import List, Optional

import numpy as np

from .. import checks
from ..arrays import Layout
from ..modules import Module


class Recording:
    """Snapshots of `model`'s parameters: the first when the recording is made (epoch 0, before
    training), then after every `every` epochs, and after the last one (`finish`).

    epochs[i], params[i], loss[i], accuracy[i] describe snapshot i (loss and accuracy are the
    epoch's, as History has them: the model's, with the weights that epoch left; None for
    epoch 0). `losses` and `accuracies` hold every epoch's. `loss_label` says what the loss
    is, for every view of it (fit sets it, e.g. "mse: mean over the 4 rows of X"; a loop of
    your own says what it records)."""

    def __init__(self, model: Module, every: int = 1, loss_label: Optional[str] = None) -> None:
        self.every = checks.whole_number(every, "every", "Recording")
        self.model = model
        self.loss_label = loss_label
        self.layout = Layout(model)
        self._params = model.parameters()
        self.epochs: List[int] = []
        self.params: List[np.ndarray] = []
        self.loss: List[Optional[float]] = []
        self.accuracy: List[Optional[float]] = []
        self.losses: List[float] = []
        self.accuracies: List[float] = []
        self.snapshot()

    def __len__(self) -> int:
        return len(self.epochs)

    def __repr__(self) -> str:
        return (f"Recording({len(self)} snapshots of {self.model!r}, epochs "
                f"{self.epochs[0]}..{self.epochs[-1]}, every {self.every})")

    def snapshot(self, weights: Optional[np.ndarray] = None) -> None:
        """Keep the parameters now (from their .data, or `weights`, a vector in parameters()
        order, for a trainer that holds them in one) as a snapshot of the current epoch."""
        if weights is None:
            vector = np.fromiter([p.data for p in self._params], float, len(self._params))
        else:
            vector = np.array(weights, dtype=float)      # a copy: training goes on
        if vector.shape != (self.layout.size,):
            raise ValueError(f"Recording: weights should be the model's {self.layout.size} "
                             f"parameters, got shape {vector.shape}")
        epoch = len(self.losses)
        if self.epochs and self.epochs[-1] == epoch:     # taken already (finish after a due one)
            self.params[-1] = vector
            return
        self.epochs.append(epoch)
        self.params.append(vector)
        self.loss.append(self.losses[-1] if epoch else None)
        self.accuracy.append(self.accuracies[-1] if epoch and self.accuracies else None)

    def end_of_epoch(self, loss: float, accuracy: Optional[float] = None,
                     weights: Optional[np.ndarray] = None) -> None:
        """Note an epoch's loss (and accuracy), and take a snapshot if one is due."""
        self.losses.append(float(loss))
        if accuracy is not None:
            self.accuracies.append(float(accuracy))
        if len(self.losses) % self.every == 0:
            self.snapshot(weights)

    def finish(self, weights: Optional[np.ndarray] = None) -> None:
        """Snapshot the last epoch, if the schedule did not."""
        if self.epochs[-1] != len(self.losses):
            self.snapshot(weights)

    def arrays(self, i: int):
        """Snapshot i as layers of arrays (see nn.arrays.LayerArrays)."""
        return self.layout.arrays(self.params[i])
