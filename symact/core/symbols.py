"""The variable every pointwise activation is written in."""
import sympy as sp

#: the real variable of pointwise activations and user expressions
X = sp.Symbol("x", real=True)
