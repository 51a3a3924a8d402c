"""XOR: a 2-2-1 sigmoid network learns it with per-sample gradient descent; a network without a
hidden layer cannot, whatever its seed or learning rate, and its loss shows the plateau.

    python -m demos.xor [--epochs 20000] [--seed 0] [--out DIR]
"""

from demos.common import figure_path, main, plot_curves
from nn import MLP, SGD, accuracy, fit, predict

X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
Y = [0, 1, 1, 0]
LEARNING_RATE = 0.5


def train(hidden: list, epochs: int, seed: int, display_every: int):
    model = MLP(2, hidden + [1], activation="sigmoid", seed=seed)
    history = fit(model, X, Y, loss="mse", optimizer=SGD(model.parameters(), lr=LEARNING_RATE),
                  epochs=epochs, batch_size=1, display_every=display_every, seed=seed)
    return model, history


def run(out: str = "out", seed: int = 0, epochs: int = 20_000) -> dict:
    every = 1_000 if epochs >= 20_000 else max(epochs // 5, 1)
    print(f"2-2-1 sigmoid network, per-sample SGD, learning rate {LEARNING_RATE}, {epochs} "
          "epochs (loss = mean of 0.5 (y - t)^2 over the four samples):")
    model, history = train([2], epochs, seed, every)
    print(f"\n{'data':<12}{'ground truth':>13}{'prediction':>12}{'step':>6}")
    for x, t, p in zip(X, Y, predict(model, X)):
        print(f"{str([int(v) for v in x]):<12}{t:>13}{p:>12.4f}{int(p >= 0.5):>6}")
    solved = round(accuracy(model, X, Y) * 4)
    print(f"{solved}/4 correct")

    print(f"\nThe same training without a hidden layer (2-1), {epochs} epochs:")
    flat, flat_history = train([], epochs, seed, every * 5)
    flat_solved = round(accuracy(flat, X, Y) * 4)
    print(f"{flat_solved}/4 correct; the loss stalls at {flat_history.loss[-1]:.4f}: one line "
          "cannot put (0,1) and (1,0) on one side and (0,0) and (1,1) on the other.")

    curves = plot_curves(figure_path(out, "xor_loss.png"), "XOR: training loss", "loss",
                         {"2-2-1 (hidden layer)": history.loss, "2-1 (no hidden layer)":
                          flat_history.loss}, log_y=True)
    print(f"\nloss curves: {curves}")
    return {"correct": solved, "flat_correct": flat_solved, "loss": history.loss[-1],
            "flat_loss": flat_history.loss[-1], "files": [curves]}


if __name__ == "__main__":
    main(run, __doc__, epochs=20_000)
