r"""The built-in identity catalog: textbook identities about activations, as claims.

Every entry is proved or certified by :func:`symact.verify` (``tests/test_verifier.py`` checks
all of them, and mutates each into false claims that must never be proved). Run them with
``symact check --builtin`` or ``python benchmarks/verify_speed.py``.
"""
from __future__ import annotations

#: (name, claim) pairs
IDENTITIES: tuple[tuple[str, str], ...] = (
    ("tanh via sigmoid", "tanh(x) == 2*sigmoid(2*x) - 1"),
    ("sigmoid symmetry", "sigmoid(-x) == 1 - sigmoid(x)"),
    ("sigmoid' = s(1-s)", "d/dx sigmoid == f*(1 - f)"),
    ("sigmoid' = s(x)s(-x)", "diff(sigmoid(x)) == sigmoid(x)*sigmoid(-x)"),
    ("tanh' = 1 - tanh^2", "d/dx tanh == 1 - f**2"),
    ("tanh' = sech^2", "diff(tanh(x)) == sech(x)**2"),
    ("softplus' = sigmoid", "diff(softplus(x)) == sigmoid(x)"),
    ("softplus(x) - softplus(-x) = x", "softplus(x) - softplus(-x) == x"),
    ("log sigmoid = -softplus(-x)", "log(sigmoid(x)) == -softplus(-x)"),
    ("Phi via erf", "Phi(x) == (1 + erf(x/sqrt(2)))/2"),
    ("Phi via erfc", "Phi(x) == erfc(-x/sqrt(2))/2"),
    ("GELU = x Phi(x)", "gelu(x) == x*Phi(x)"),
    ("GELU' = Phi + x phi", "diff(gelu(x)) == Phi(x) + x*phi(x)"),
    ("swish' = f + sigmoid (1 - f)", "d/dx swish == f + sigmoid(x)*(1 - f)"),
    ("swish' chain", "sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x)) == x*sigmoid(x) + sigmoid(x)*(1 - x*sigmoid(x))"),
    ("SiLU = swish(beta = 1)", "silu(x) == x*sigmoid(x)"),
    ("swish_beta -> ReLU as beta -> oo", "for beta > 0: lim(x*sigmoid(beta*x), beta, oo) == relu(x)"),
    ("swish_beta = x sigmoid(beta x)", "for beta > 0: swish(x) == x*sigmoid(beta*x)"),
    ("tanh(softplus) rational in e^x", "tanh(softplus(x)) == ((1 + exp(x))**2 - 1)/((1 + exp(x))**2 + 1)"),
    ("Mish' closed form", "diff(mish(x)) == tanh(softplus(x)) + x*sigmoid(x)*(1 - tanh(softplus(x))**2)"),
    ("ELU' = f + alpha (x < 0)", "for alpha > 0: diff(elu(x)) == elu(x) + alpha on (-oo, 0)"),
    ("ELU = x (x >= 0)", "for alpha > 0: elu(x) == x on [0, oo)"),
    ("SELU' = f + lambda alpha (x < 0)", "diff(selu(x)) == selu(x) + selu_lambda*selu_alpha on (-oo, 0)"),
    ("hard swish = x ReLU6(x+3)/6", "hard_swish(x) == x*Min(Max(x + 3, 0), 6)/6"),
    ("hard sigmoid = ReLU6(x+3)/6", "hard_sigmoid(x) == Min(Max(x + 3, 0), 6)/6"),
    ("hard sigmoid piecewise", "hard_sigmoid(x) == Piecewise((0, x <= -3), (x/6 + 1/2, x < 3), (1, True))"),
    ("ReLU = (x + |x|)/2", "relu(x) == (x + abs(x))/2"),
    ("sigmoid' <= 1/4", "diff(sigmoid(x)) <= 1/4"),
    ("tanh' <= 1", "diff(tanh(x)) <= 1"),
    ("0 < sigmoid < 1", "sigmoid(x) < 1"),
    ("softplus > relu", "softplus(x) > relu(x)"),
    ("GELU tanh-form error", "sup(abs(gelu(x) - gelu_tanh(x)), x, -oo, oo) <= 4.74e-4"),
    ("GELU sigmoid-form error", "sup(abs(gelu(x) - gelu_sigmoid(x)), x, -oo, oo) <= 2.04e-2"),
    ("hard sigmoid vs sigmoid", "sup(abs(hard_sigmoid(x) - sigmoid(x)), x, -oo, oo) <= 0.0692"),
    ("hard swish vs swish", "sup(abs(hard_swish(x) - swish(x)), x, -oo, oo) <= 0.1423"),
    ("Mish' <= 1.09", "diff(mish(x), x) <= 1.09"),
    ("lim swish - x = 0 at oo", "lim(swish(x) - x, x, oo) == 0"),
    ("range of sigmoid'", "range of diff(sigmoid) is (0, 1/4]"),
    ("ELU is C1 at alpha = 1", "elu is C1"),
    ("ELU is C1 iff alpha = 1", "for alpha > 0: elu is C1 iff alpha == 1"),
    ("tanh is odd", "tanh is odd"),
)
