"""Runnable reproductions of the classic backpropagation examples: `python -m demos` tours them."""
