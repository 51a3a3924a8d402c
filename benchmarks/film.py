"""What recording training and making its film cost.

    OPENBLAS_NUM_THREADS=1 python benchmarks/film.py [--quick]

- Recording: the moons demo's training (the tutorial's 2-10-2 on 200 moons, full batch, 1,000
  epochs; demos/moons.py) with a snapshot after every epoch, against the same loop without,
  and fit on the same network with record=1 against record=None, for each engine. Target:
  at most 20% more time.
- The film: 200 frames of that run drawn and written as GIF and HTML (each frame drawn once
  for both). Target: under 30 s.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from functools import partial  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.datasets import make_moons  # noqa: E402

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from targets import interleaved, report, rounds  # noqa: E402

from demos import moons  # noqa: E402
from nn import MLP, fit  # noqa: E402
from nn.drawing.film import Film  # noqa: E402
from nn.training.recording import Recording  # noqa: E402


MOONS = make_moons(200, noise=0.20, random_state=0)


def demo_training(epochs: int, record: bool):
    """The moons demo's training loop (its step, its accuracy, its update), with a snapshot
    after every epoch or none, as a function to time: the model and its program made once."""
    X, y = MOONS
    model = MLP(2, [10, 2], activation="tanh", output_activation="linear", init="normal",
                seed=0)
    step, measure = moons.compiled_steps(model, lambda s, t: moons.cross_entropy(s, t),
                                    np.eye(2)[y])
    params = model.parameters()

    def train():
        recording = Recording(model) if record else None
        for _ in range(epochs):
            step(X)
            for p in params:
                p.data -= moons.EPSILON * p.grad
            loss, scores = measure(X)                 # the demo measures after each step
            accuracy = float((scores.argmax(axis=1) == y).mean())
            if recording is not None:
                recording.end_of_epoch(loss, accuracy)
    return train


def fit_run(engine: str, epochs: int, record) -> None:
    """fit on the moons demo's network, full batch (its compile included, as a user pays it)."""
    model = MLP(2, [10, 2], activation="tanh", output_activation="linear", seed=0)
    fit(model, *MOONS, loss="cross_entropy", epochs=epochs, batch_size=None, engine=engine,
        optimizer="sgd", lr=0.5, record=record, progress=False)


def main(argv=None) -> int:
    count = rounds(__doc__, argv, full=7, quick=3)
    checks = []

    plain, recorded = interleaved(count, demo_training(1000, False),
                                  demo_training(1000, True))
    print(f"moons demo training, 1,000 epochs: {plain:.3f} s, recording every epoch "
          f"{recorded:.3f} s ({recorded / plain - 1:+.0%})")
    checks.append((f"recording every epoch of the moons demo: {recorded / plain - 1:+.0%}",
                   "<= +20%", recorded <= 1.2 * plain))
    for engine, epochs in (("compiled", 1000), ("scalar", 20)):
        plain, recorded = interleaved(count, partial(fit_run, engine, epochs, None),
                                      partial(fit_run, engine, epochs, 1))
        print(f"fit, {engine} engine, {epochs:,} epochs: {plain:.3f} s, record=1 "
              f"{recorded:.3f} s ({recorded / plain - 1:+.0%})")
        checks.append((f"fit record=1, {engine}: {recorded / plain - 1:+.0%}", "<= +20%",
                       recorded <= 1.2 * plain))

    X, y = MOONS
    model = MLP(2, [10, 2], activation="tanh", output_activation="linear", seed=0)
    history = fit(model, X, y, loss="cross_entropy", epochs=199, batch_size=None,
                  optimizer="sgd", lr=0.5, record=1, progress=False)
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        film = Film(history.recording, X, y)
        paths = film.save(os.path.join(folder, "f.gif"), os.path.join(folder, "f.html"))
        took = time.perf_counter() - t0
        sizes = [os.path.getsize(p) / 1e6 for p in paths]
    print(f"a film of {len(film)} frames, GIF and HTML: {took:.1f} s "
          f"({took / len(film) * 1e3:.0f} ms a frame; {sizes[0]:.1f} MB and {sizes[1]:.1f} MB)")
    checks.append((f"a {len(film)}-frame film in {took:.1f} s", "< 30 s", took < 30))
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
