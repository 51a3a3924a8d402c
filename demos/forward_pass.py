"""The worked 3-3-1 example: one forward pass, one backward pass and one update, by hand-set
weights, with the graph drawn and a step-by-step picture of backward.

    python -m demos.forward_pass [--out DIR]

The input is (0, 1, 1), the last 1 feeding the bias weights; every unit is a sigmoid and the
loss is 0.5 (y - t)^2 for target t = 1. Printed copies of the tutorial lost the minus signs of
some weights; with them restored the tutorial's numbers (cut to three decimals) come out.
"""

import os

from autograd import Value, render_live, render_steps
from demos.common import main, page, save_graph
from nn import MLP, SGD, mse_loss
from nn.drawing.pictures import render_network

HIDDEN = [[0.351, 1.076, 1.116], [0.097, -0.165, 0.542], [0.457, -0.165, -0.331]]
OUTPUT = [[0.383, -0.327, -0.329]]
INPUT = (0.0, 1.0, 1.0)
TARGET = 1.0
LEARNING_RATE = 0.5
# The tutorial's activations, cut to three decimals.
REPORTED = {"h1": 0.899, "h2": 0.593, "h3": 0.378, "out": 0.506}


def build():
    """The network with the worked example's weights, each weight labelled for the pictures."""
    model = MLP(3, [3, 1], activation="sigmoid", bias=False, weights=[HIDDEN, OUTPUT])
    for j, neuron in enumerate(model.layers[0].neurons, 1):
        for i, w in enumerate(neuron.w, 1):
            w.label = f"w{i}{j}"                      # from input i to hidden unit j
    for j, w in enumerate(model.layers[1].neurons[0].w, 1):
        w.label = f"v{j}"                             # from hidden unit j to the output
    return model


def forward(model):
    """The forward pass on the worked example's input, with its nodes named as the example
    names them: inputs x1, x2 and the bias input, hidden units h1..h3 and the output `out`,
    each unit's net input net_h1 ... net_out. Returns (inputs, hidden units, output)."""
    x = [Value(v, label=name) for v, name in zip(INPUT, ("x1", "x2", "bias"))]
    hidden = model.layers[0](x)                       # the same as model(x), one layer at a time,
    y = model.layers[1](hidden)                       # so the hidden units can be named
    for unit, name in zip(hidden + [y], ("h1", "h2", "h3", "out")):
        unit.label = name
        unit.parents[0].label = "net_" + name         # sigmoid's operand: the net input
    return x, hidden, y


def run(out: str = "out", seed: int = 0) -> dict:
    model = build()
    x, hidden, y = forward(model)

    print(f"Forward pass of the 3-3-1 network on input {INPUT} (the last 1 is the bias input):\n")
    print(f"{'unit':<6}{'net input':>10}{'activation':>12}{'tutorial':>10}")
    activations = {}
    for unit in hidden + [y]:
        activations[unit.label] = unit.data
        print(f"{unit.label:<6}{unit.parents[0].data:>10.4f}{unit.data:>12.4f}"
              f"{REPORTED[unit.label]:>10.3f}")
    predicted = 1 if y.data >= 0.5 else 0
    print(f"\nstep({y.data:.4f}) = class {predicted}   (the tutorial: class 1)")

    loss = mse_loss([y], [TARGET])
    loss.label = "loss"
    model.zero_grad()
    loss.backward()
    print(f"\nBackward pass for target {TARGET:g}, loss 0.5 (y - t)^2 = {loss.data:.4f}:\n")
    print(f"{'weight':<8}{'value':>9}{'gradient':>12}{'after update':>15}   (learning rate "
          f"{LEARNING_RATE})")
    before = [(p.label, p.data, p.grad) for p in model.parameters()]
    # Draw before the update, so every number in the picture belongs to the same pass.
    graph = save_graph(loss, os.path.join(out, "forward_pass.svg"), params=model)
    steps = render_steps(loss, os.path.join(out, "forward_pass_steps"), max_nodes=200)
    live = render_live(loss, os.path.join(out, "forward_pass_live.html"))

    pictures = [render_network(model, os.path.join(out, "forward_pass_network.png"),
                               title="The worked 3-3-1 example: the tutorial's weights"),
                render_network(model, os.path.join(out, "forward_pass_network_grad.png"),
                               show="grad", title="The worked 3-3-1 example: the gradients "
                               "of its loss")]

    SGD(model.parameters(), lr=LEARNING_RATE).step()
    for (label, data, g), p in zip(before, model.parameters()):
        print(f"{label:<8}{data:>9.4f}{g:>12.6f}{p.data:>15.4f}")
    updated = model(list(INPUT)).data
    print(f"\nAfter one update the output moves from {y.data:.4f} to {updated:.4f} "
          f"(towards the target {TARGET:g}).")

    print(f"\ngraph with data and gradients: {graph}"
          + f"\nstep through backward: {page(steps)}"
          + f"\nchange any weight or input, watch every number follow: {page(live)}"
          + f"\nthe network, its weights and gradients: {pictures[0]}, {pictures[1]}")
    return {"activations": activations, "nets": {u.label: u.parents[0].data for u in hidden + [y]},
            "class": predicted, "loss": loss.data, "updated_output": updated,
            "gradients": {label: g for label, _, g in before},
            "weights_after": {p.label: p.data for p in model.parameters()},
            "files": [graph, steps, live] + pictures}


if __name__ == "__main__":
    main(run, __doc__, seeded=False)
