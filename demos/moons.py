"""Two moons: the "neural network from scratch" tutorial (2-10-2, tanh hidden layer, softmax
output, cross-entropy with L2 regularisation, full-batch descent), then micrograd's classic
(2-16-16-1 relu, hinge loss, 100 moons to 100% training accuracy). Decision boundaries drawn.

    python -m demos.moons [--epochs 1000] [--steps 100] [--frames 100] [--seed 0] [--out DIR]

--epochs sets the tutorial network's epochs, --steps micrograd's network's steps (100, as in
its demo), --frames the frames of each film. The tour (python -m demos) runs these defaults
with films of 30 frames.

Both networks are made of Values as usual, and both train on the whole data set at every
step: exactly what the batch compiler is for. Each per-sample loss is compiled once
(autograd.compile) and run on all samples with NumPy; the gradients are the scalar engine's,
summed over the samples. The L2 term involves only the weights, so its gradient is added
directly, as the tutorial's `dW += reg_lambda * W` does. The decision-boundary maps use the
compiled model too: 22,500 points each, in milliseconds.
"""

import numpy as np
from sklearn.datasets import make_moons

import autograd
from demos.common import figure_path, main, plot_curves, plot_decision_boundary, save_film
from nn import MLP, SGD, cross_entropy
from nn.training import classes
from nn.drawing.pictures import render_network
from nn.training.recording import Recording

REPORTED_ACCURACY = 0.97     # what the tutorial reports for its network
REG_LAMBDA = 0.01            # the tutorial's L2 strength
EPSILON = 0.01               # the tutorial's learning rate (on the summed loss)
FRAMES = 100                 # frames of each film (the tour makes shorter ones)
TUTORIAL_LOSS = "cross-entropy summed over the points + 0.005 * sum W^2"
MICROGRAD_LOSS = "micrograd's: mean hinge loss + 1e-4 * sum p^2"


def train_tutorial(seed: int, epochs: int, every: int = 1, say=print):
    """The tutorial's network trained as its code trains it: (model, X, y, recording, the
    fraction misclassified after each epoch). The loss every view shows is what its code
    differentiates, measured with the weights each epoch left (TUTORIAL_LOSS)."""
    X, y = make_moons(200, noise=0.20, random_state=0)
    model = MLP(2, [10, 2], activation="tanh", output_activation="linear", init="normal",
                seed=seed)
    weights = [p for name, p in model.named_parameters() if ".w." in name]   # biases: no L2
    opt = SGD(model.parameters(), lr=EPSILON)
    step, measure = compiled_steps(model, lambda scores, t: cross_entropy(scores, t), np.eye(2)[y])

    def objective():
        """What the tutorial's code differentiates, with the weights as they are: the summed
        cross-entropy + reg/2 * sum W^2; and the fraction of points misclassified."""
        data_loss, scores = measure(X)
        loss = data_loss + REG_LAMBDA / 2 * sum(w.data ** 2 for w in weights)
        return loss, float((classes.decide(scores, y) != y).mean())

    recording = Recording(model, every=every, loss_label=TUTORIAL_LOSS)
    wrong_per_epoch = []
    say(f"loss: {TUTORIAL_LOSS}, with the weights each epoch left (the console, the curve and "
        "the film show the same numbers)")
    for epoch in range(1, epochs + 1):
        step(X)                                 # summed cross-entropy's gradients in .grad
        for w in weights:                       # + reg/2 * sum W^2: its gradient is reg * W
            w.grad += REG_LAMBDA * w.data
        opt.step()
        loss, wrong = objective()
        wrong_per_epoch.append(wrong)
        recording.end_of_epoch(loss, 1.0 - wrong)
        if epoch == 1 or epoch % max(epochs // 5, 1) == 0 or epoch == epochs:
            say(f"epoch={epoch}, loss={loss:.4f}, misclassified="
                f"{round(wrong * len(X))}/{len(X)}")
    recording.finish()
    return model, X, y, recording, wrong_per_epoch


def tutorial(out: str, seed: int, epochs: int, frames: int) -> dict:
    model, X, y, recording, wrong_per_epoch = train_tutorial(seed, epochs,
                                                            every=max(epochs // FRAMES, 1))
    classify = _classifier(model, y)
    accuracy = float((classify(X) == y).mean())
    print(f"training accuracy {accuracy:.1%} (the tutorial reports {REPORTED_ACCURACY:.0%})")
    boundary = plot_decision_boundary(figure_path(out, "moons_boundary.png"),
                                      f"2-10-2 tanh/softmax: {accuracy:.1%} correct", classify,
                                      X, y)
    curve = plot_curves(figure_path(out, "moons_misclassified.png"), "Two moons: misclassified",
                        "fraction misclassified", {"2-10-2 tanh, softmax": wrong_per_epoch})
    network = render_network(model, figure_path(out, "moons_network.png"), X=X,
                             title=f"The tutorial's 2-10-2 after {epochs:,} epochs")
    film = save_film(recording, out, "moons_film", X, y,
                     title="Two moons, the tutorial's 2-10-2 (tanh, softmax)", frames=frames)
    print(f"the trained network: {network}")
    return {"accuracy": accuracy, "files": [boundary, curve, network] + film,
            "recording": recording, "wrong": wrong_per_epoch}


def micrograd_classic(out: str, seed: int, steps: int, frames: int) -> dict:
    X, y = make_moons(n_samples=100, noise=0.1, random_state=1337)
    y = 2 * y - 1                                        # labels -1 / +1 for the hinge
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="linear", seed=seed)
    step, measure = compiled_steps(model, lambda score, t: (1 + -t[0] * score).relu(), y[:, None])
    params = model.parameters()

    def objective():
        """micrograd's loss with the weights as they are: mean hinge + 1e-4 * sum p^2; and the
        accuracy (a score's sign against the -1/+1 label, nn.training.classes' rule)."""
        hinge_sum, scores = measure(X)
        loss = hinge_sum / len(y) + 1e-4 * sum(p.data ** 2 for p in params)
        return loss, float(classes.correct(scores, y).mean())

    recording = Recording(model, loss_label=MICROGRAD_LOSS)
    print(f"loss: {MICROGRAD_LOSS}. micrograd's line 'step k' shows the weights after k updates "
          "(it prints before update k + 1): so do these, and the film's epoch k")
    loss, accuracy = objective()
    print(f"step 0 loss {loss:.4f}, accuracy {accuracy:.0%}")
    for k in range(steps):
        hinge_sum, _ = step(X)
        for p in params:                              # micrograd's loss: mean hinge + 1e-4 p^2
            p.grad = p.grad / len(y) + 2e-4 * p.data
        learning_rate = 1.0 - 0.9 * k / 100          # micrograd's schedule
        for p in params:
            p.data -= learning_rate * p.grad
        loss, accuracy = objective()
        recording.end_of_epoch(loss, accuracy)
        if (k + 1) % 10 == 0 or k == steps - 1:
            print(f"step {k + 1} loss {loss:.4f}, accuracy {accuracy:.0%}")

    classify = _classifier(model, y)
    final = float((classify(X) == y).mean())
    print(f"training accuracy after {steps} steps: {final:.0%}")
    boundary = plot_decision_boundary(figure_path(out, "moons_micrograd_boundary.png"),
                                      f"micrograd's 2-16-16-1 relu: {final:.0%} correct",
                                      classify, X, y)
    film = save_film(recording, out, "moons_micrograd_film", X, y,
                     title="micrograd's 2-16-16-1 relu on 100 moons", frames=frames)
    return {"accuracy": final, "files": [boundary] + film, "recording": recording}


def compiled_steps(model, sample_loss, targets):
    """The model and its per-sample loss compiled once (autograd.compile), as two functions:
    step(X) -> (the samples' losses summed, the model's outputs), leaving the gradient of that
    sum in each parameter's .grad (one forward and backward); measure(X) -> the same two with
    the weights as they are, and no backward."""
    def sample(x, t):
        output = model(x)
        outputs = output if isinstance(output, list) else [output]
        return [sample_loss(output, t)] + outputs
    program = autograd.compile(sample, 2, model.parameters(), n_targets=targets.shape[1])

    def step(X):
        result = program(X, targets)
        for p, g in zip(model.parameters(), result.grads.tolist()):
            p.grad = g
        return float(result.outputs[:, 0].sum()), result.outputs[:, 1:]

    def measure(X):
        outputs = program.forward(X, targets)
        return float(outputs[:, 0].sum()), outputs[:, 1:]
    return step, measure


def _classifier(model, labels):
    """classify(points) for the decision-boundary map and the accuracy, by nn.training.classes'
    rule: the model compiled once (autograd.compile) and run on all the points at once, instead of
    one forward pass each."""
    program = autograd.compile(lambda x, t: model(x), 2, model.parameters())
    return lambda points: classes.decide(program(np.asarray(points, dtype=float)).outputs,
                                         labels)


# What the tutorial gives (its forward and backward passes, the 2-10-2 tanh/softmax network,
# 1,000 passes over make_moons) and what it leaves open, which the demo chooses:
OPEN_SETTINGS = ("the data (here 200 moons, noise 0.20, random_state 0), the learning rate "
                 "epsilon and the L2 strength reg_lambda (here 0.01 each, on the summed loss), "
                 "and the initialisation (here normal(0, 1) / sqrt(n), biases 0)")


def run(out: str = "out", seed: int = 0, epochs: int = 1_000, steps: int = 100,
        frames: int = FRAMES) -> dict:
    print(f"The tutorial's network: 200 moons, 2-10-2, {epochs:,} full-batch epochs\n")
    print(f"(The tutorial gives the network, its forward and backward passes and 1,000 passes; "
          f"it leaves open {OPEN_SETTINGS}.)\n")
    first = tutorial(out, seed, epochs, frames)
    print(f"\nmicrograd's classic: 100 moons, 2-16-16-1 relu, hinge loss, {steps} steps\n")
    second = micrograd_classic(out, seed, steps, frames)
    files = first["files"] + second["files"]
    print("\npictures: " + ", ".join(files))
    return {"accuracy": first["accuracy"], "micrograd_accuracy": second["accuracy"],
            "files": files, "recording": first["recording"],
            "micrograd_recording": second["recording"]}


if __name__ == "__main__":
    main(run, __doc__, epochs=1_000, counts=[("steps", 100, "micrograd's network's steps"),
                                             ("frames", FRAMES, "frames of each film")])
