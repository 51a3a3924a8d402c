"""The groups of one sample's loss graph, which the playground shows beside the network.

The page runs a sample's whole graph (nn/browser/spec.py's template, made in the page from the
traced model and loss) and shows it a group at a time, as the grouped live page does
(autograd/live/js/groupedgraph.js): the loss, the layers, each layer's neurons, a neuron's
own ops. What the groups are is Python's to say (autograd.groups, from the names nn gives its
layers and neurons), so Python builds row 0's graph once per template and sends its groups and
its nodes' names, in the order the page's template has its nodes (the order made).
"""

from typing import Dict

from autograd.drawing.grouped import grouped_data

from ..modules import Module
from ..training.data import task as checked_task
from .spec import sample_graph


def sample_groups(model: Module, X, y, loss) -> Dict[str, dict]:
    """Per template (by class for cross_entropy, else "all"): grouped_data's groups, each
    node's group, the parameters and the activation rules, with every node's name."""
    data = checked_task(model, X, y, loss, "playground")
    labels = range(data.outputs) if data.loss_name == "cross_entropy" else [None]
    found = {}
    for label in labels:
        root = sample_graph(model, data, label)[0]
        root.label = "loss"
        grouped = grouped_data(root)
        program = grouped.pop("program")
        found["all" if label is None else str(label)] = {
            **grouped, "names": [node["name"] for node in program["nodes"]]}
    return found
