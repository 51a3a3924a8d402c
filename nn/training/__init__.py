"""What trains: `fit` and its loop, the engines, the data a task is made of, losses,
optimizers, the decision rule, a run's History and Recording.

- fit.py: fit, predict, accuracy
- loop.py: epochs, steps, measuring and stopping, fit(resume=)
- engines.py: the scalar engine and the batch compiler, a step's numbers checked
- data.py: X, y and the loss checked against the model
- losses.py: mse, bce, cross entropy, hinge
- optim.py: SGD, Adam and the rule every optimizer declares once
- classes.py: which class an output means
- guards.py: one fit at a time; Ctrl-C between steps
- history.py: what fit measured (History)
- recording.py: snapshots for a film (Recording)
"""
