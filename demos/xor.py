"""XOR, as the "backpropagation from scratch" tutorial trains it: NeuralNetwork([2, 2, 1],
alpha=0.5), sample by sample for 20,000 epochs; then NeuralNetwork([2, 1]), which has no hidden
layer and cannot learn XOR whatever its seed or learning rate.

    python -m demos.xor [--epochs 20000] [--frames 100] [--seed 2] [--out DIR]

(The tour, python -m demos, runs 3,000 epochs and a film of 30 frames.)

The network is the tutorial's, bias trick included (see demos/from_scratch.py): a ones column
on the inputs, 3 hidden sigmoid units (2 + the one that plays the bias), no bias anywhere,
weights randn / sqrt(n) drawn after np.random.seed(SEED) (the tutorial sets no seed; the demo
does). It is built from our modules and trained by fit with the scalar engine, one sample at a
time in the tutorial's order; the tutorial's NumPy class runs beside it from the same weights,
and the demo prints both. The tutorial logs 0.5 * the sum of squared errors over the four
samples after every 100 epochs; the demo prints it every --epochs / 10 (all in the picture).
"""

import numpy as np

from demos.common import figure_path, main, plot_curves, save_film
from demos.from_scratch import NeuralNetwork, as_mlp, tutorial_weights, with_ones
from nn import SGD, fit, predict
from nn.drawing.pictures import render_network
from nn.training.recording import Recording

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)
ALPHA = 0.5          # the tutorial's learning rate
LOG_EVERY = 100      # the tutorial's displayUpdate
FRAMES = 100         # snapshots of the training for the film
LOSS = "0.5 * sum of squared errors over the 4 samples"


def train(layers: list, epochs: int, seed: int, show_every: int):
    """Train the tutorial's network both ways from the same weights; returns our model, the
    tutorial's, the logged (epoch, our loss, its loss, our correct count) after epoch 1 and
    every LOG_EVERY epochs, and a Recording of our model (FRAMES snapshots or so) for the film.

    One loss throughout, the tutorial's: 0.5 * the sum of squared errors over the four samples,
    with the weights each epoch left (its calculate_loss). fit reports exactly that with
    reduction="sum", so the console, the History, the curves and the film all show it, for the
    same epoch."""
    np.random.seed(seed)
    weights = tutorial_weights(layers)
    model, reference = as_mlp(layers, weights), NeuralNetwork(weights, ALPHA)
    optimizer = SGD(model.parameters(), lr=ALPHA)
    recording = Recording(model, every=max(epochs // FRAMES, 1),
                          loss_label="0.5 * sum of squared errors (the tutorial's)")
    checkpoints = sorted({1, epochs} | set(range(LOG_EVERY, epochs + 1, LOG_EVERY)))
    log, done = [], 0
    for epoch in checkpoints:
        history = fit(model, with_ones(X), Y, loss="mse", reduction="sum", optimizer=optimizer,
                      epochs=epoch - done, batch_size=1, shuffle=False, engine="scalar",
                      progress=False, record=recording)
        for _ in range(epoch - done):
            reference.fit_epoch(X, Y)
        done = epoch
        correct = round(history.accuracy[-1] * len(X))
        log.append((epoch, history.loss[-1], reference.calculate_loss(X, Y), correct))
        if epoch == 1 or epoch % show_every == 0:
            print(f"[INFO] epoch={epoch}, loss={log[-1][1]:.7f}   (its code: {log[-1][2]:.7f}), "
                  f"{correct}/4 correct")
    recording.finish()
    return model, reference, log, recording


def run(out: str = "out", seed: int = 2, epochs: int = 20_000, frames: int = FRAMES) -> dict:
    show = max(epochs // 10 // LOG_EVERY, 1) * LOG_EVERY
    print(f"NeuralNetwork([2, 2, 1], alpha={ALPHA}): seed {seed}, {epochs:,} epochs, one "
          f"sample at a time (loss: {LOSS}, with the weights each epoch left, as the "
          "tutorial's calculate_loss; the film shows the same numbers)")
    print("The tutorial sets no seed and shows no numbers for this run, so its own code, run "
          "here from the same weights, is the reference ('its code').\n")
    model, reference, log, recording = train([2, 2, 1], epochs, seed, show)
    ours = np.array(predict(model, with_ones(X)))
    theirs = reference.predict(X)[:, 0]
    gap = float(np.max(np.abs(ours - theirs)))
    print(f"\nAfter epoch {epochs}, with the final weights:")
    for x, t, p, q in zip(X, Y[:, 0], ours, theirs):
        print(f"[INFO] data={x.astype(int)}, ground-truth={int(t)}, pred={p:.4f}, "
              f"step={int(p > 0.5)}   (its code: pred={q:.4f})")
    solved = int(((ours > 0.5) == (Y[:, 0] > 0.5)).sum())
    print(f"{solved}/4 correct, as the last log line says; our predictions and its code's "
          f"differ by at most {gap:.1e}")

    print(f"\nNeuralNetwork([2, 1]), no hidden layer, {epochs:,} epochs:")
    flat, _, flat_log, _ = train([2, 1], epochs, seed, epochs)
    flat_solved = flat_log[-1][3]
    print(f"{flat_solved}/4 correct; the loss stalls at {flat_log[-1][1]:.4f}: one line cannot "
          "put (0,1) and (1,0) on one side and (0,0) and (1,1) on the other.")

    curves = plot_curves(figure_path(out, "xor_loss.png"),
                         "XOR: the tutorial's loss, logged every 100 epochs",
                         LOSS,
                         {"[2, 2, 1] (hidden layer)": [e[1] for e in log],
                          "[2, 1] (no hidden layer)": [e[1] for e in flat_log]}, log_y=True,
                         x=[e[0] for e in log])
    print(f"\nloss curves: {curves}")
    # The model takes (x0, x1, 1): the plane's points get the ones column on the way in.
    network = render_network(model, figure_path(out, "xor_network.png"), X=X,
                             features=with_ones, title=f"XOR after {epochs:,} epochs: "
                             "NeuralNetwork([2, 2, 1]), the bias trick's third input")
    print(f"the trained network: {network}")
    film = save_film(recording, out, "xor_film", X, Y[:, 0], features=with_ones,
                     title="XOR, NeuralNetwork([2, 2, 1])", frames=frames)
    return {"correct": solved, "flat_correct": flat_solved, "loss": log[-1][1],
            "flat_loss": flat_log[-1][1], "gap": gap, "log": log,
            "files": [curves, network] + film, "recording": recording}


if __name__ == "__main__":
    main(run, __doc__, epochs=20_000, seed=2, counts=[("frames", FRAMES, "frames of the film")])
