"""Two moons: the "neural network from scratch" tutorial (2-10-2, tanh hidden layer, softmax
output, cross-entropy with L2 regularisation, full-batch descent), then micrograd's classic
(2-16-16-1 relu, hinge loss, 100 moons to 100% training accuracy). Decision boundaries drawn.

    python -m demos.moons [--epochs 1000] [--seed 0] [--out DIR]

--epochs sets the tutorial network's epochs; micrograd's network takes 100 steps, as in its
demo (30 when --epochs is under 1000, as in the demo tour, which also draws coarser maps).
"""

from sklearn.datasets import make_moons

from autograd import no_grad
from demos.common import figure_path, main, plot_curves, plot_decision_boundary
from nn import MLP, SGD, cross_entropy

REPORTED_ACCURACY = 0.97     # what the tutorial reports for its network
REG_LAMBDA = 0.01            # the tutorial's L2 strength
EPSILON = 0.01               # the tutorial's learning rate (on the summed loss)


def tutorial(out: str, seed: int, epochs: int, resolution: int) -> dict:
    X, y = make_moons(200, noise=0.20, random_state=0)
    X, y = X.tolist(), y.tolist()
    model = MLP(2, [10, 2], activation="tanh", output_activation="linear", init="normal",
                seed=seed)
    weights = [p for name, p in model.named_parameters() if ".w." in name]   # biases: no L2
    opt = SGD(model.parameters(), lr=EPSILON)
    wrong_per_epoch = []
    for epoch in range(epochs):
        logits = [model(x) for x in X]
        wrong = sum(_argmax(s) != t for s, t in zip(logits, y))
        wrong_per_epoch.append(wrong / len(X))
        loss = sum(cross_entropy(s, t) for s, t in zip(logits, y)) \
            + REG_LAMBDA / 2 * sum(w * w for w in weights)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if epoch % max(epochs // 5, 1) == 0 or epoch == epochs - 1:
            print(f"epoch={epoch + 1}, loss={loss.data:.4f}, misclassified={wrong}/{len(X)}")

    def classify(point):
        with no_grad():
            return _argmax(model(point))
    accuracy = sum(classify(x) == t for x, t in zip(X, y)) / len(X)
    print(f"training accuracy {accuracy:.1%} (the tutorial reports {REPORTED_ACCURACY:.0%})")
    boundary = plot_decision_boundary(figure_path(out, "moons_boundary.png"),
                                      f"2-10-2 tanh/softmax: {accuracy:.1%} correct", classify,
                                      X, y, resolution)
    curve = plot_curves(figure_path(out, "moons_misclassified.png"), "Two moons: misclassified",
                        "fraction misclassified", {"2-10-2 tanh, softmax": wrong_per_epoch})
    return {"accuracy": accuracy, "files": [boundary, curve]}


def micrograd_classic(out: str, seed: int, steps: int, resolution: int) -> dict:
    X, y = make_moons(n_samples=100, noise=0.1, random_state=1337)
    X, y = X.tolist(), [2 * t - 1 for t in y.tolist()]       # labels -1 / +1 for the hinge
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="linear", seed=seed)
    accuracy = 0.0
    for k in range(steps):
        scores = [model(x) for x in X]
        data_loss = sum((1 + -t * s).relu() for s, t in zip(scores, y)) / len(y)
        loss = data_loss + 1e-4 * sum(p * p for p in model.parameters())
        accuracy = sum((t > 0) == (s.data > 0) for s, t in zip(scores, y)) / len(y)
        model.zero_grad()
        loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100          # micrograd's schedule
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        if k % 10 == 0 or k == steps - 1:
            print(f"step {k} loss {loss.data:.4f}, accuracy {accuracy:.0%}")

    def classify(point):
        with no_grad():
            return int(model(point).data > 0)
    final = sum(classify(x) == (t > 0) for x, t in zip(X, y)) / len(y)
    print(f"training accuracy after {steps} steps: {final:.0%}")
    boundary = plot_decision_boundary(figure_path(out, "moons_micrograd_boundary.png"),
                                      f"micrograd's 2-16-16-1 relu: {final:.0%} correct",
                                      classify, X, y, resolution)
    return {"accuracy": final, "files": [boundary]}


def _argmax(scores) -> int:
    values = [s.data for s in scores]
    return values.index(max(values))


def run(out: str = "out", seed: int = 0, epochs: int = 1_000) -> dict:
    print(f"The tutorial's network: 200 moons, 2-10-2, {epochs:,} full-batch epochs\n")
    full = epochs >= 1_000
    first = tutorial(out, seed, epochs, 60 if full else 40)
    steps = 100 if full else 30
    print(f"\nmicrograd's classic: 100 moons, 2-16-16-1 relu, hinge loss, {steps} steps\n")
    second = micrograd_classic(out, seed, steps, 60 if full else 40)
    files = first["files"] + second["files"]
    print("\npictures: " + ", ".join(files))
    return {"accuracy": first["accuracy"], "micrograd_accuracy": second["accuracy"],
            "files": files}


if __name__ == "__main__":
    main(run, __doc__, epochs=1_000)
