"""Exact constants of catalog activations, kept exact so no float residue enters the analysis."""
from __future__ import annotations

import sympy as sp
from sympy import E, Rational, erfc, exp, pi, sqrt

from ..core.vocabulary import NamedConstant

_ERFC = erfc(1 / sqrt(2))
#: SELU's α₀₁ in closed form (Klambauer et al. 2017, eq. 14), ≈ 1.6732632423543772848.
SELU_ALPHA_CLOSED_FORM = -sqrt(2 / pi) / (_ERFC * exp(Rational(1, 2)) - 1)
#: SELU's λ₀₁ in closed form (Klambauer et al. 2017, eq. 14), ≈ 1.0507009873554804934.
SELU_LAMBDA_CLOSED_FORM = (1 - _ERFC * sqrt(E)) * sqrt(2 * pi) * (
    2 * erfc(sqrt(2)) * E**2 + pi * _ERFC**2 * E - 2 * (2 + pi) * _ERFC * sqrt(E) + pi + 2
) ** Rational(-1, 2)
#: The same constants as exact named numbers (print as selu_alpha / selu_lambda).
SELU_ALPHA = NamedConstant("selu_alpha", SELU_ALPHA_CLOSED_FORM, r"\alpha_{01}", (1, 2))
SELU_LAMBDA = NamedConstant("selu_lambda", SELU_LAMBDA_CLOSED_FORM, r"\lambda_{01}", (1, 2))

GELU_TANH_COEFF = Rational(44715, 1000000)  # 0.044715, Hendrycks & Gimpel 2016
GELU_SIGMOID_COEFF = Rational(1702, 1000)  # 1.702, Hendrycks & Gimpel 2016
#: StarReLU's scale and bias for unit-variance output under N(0, 1) input (Yu et al. 2022):
#: s = 1/sqrt(Var relu(Z)^2) = 2/sqrt(5) ≈ 0.8944, b = -s E[relu(Z)^2] = -1/sqrt(5) ≈ -0.4472
STAR_RELU_SCALE = 2 / sp.sqrt(5)
STAR_RELU_BIAS = -1 / sp.sqrt(5)
LECUN_TANH_SCALE = Rational(17159, 10000)  # 1.7159, LeCun et al. 1998
