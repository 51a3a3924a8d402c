"""Files: a model and its History as JSON (saved.py), and weights from and to PyTorch
(torch.py).
"""
