r"""Derivations from Gaussian inputs: SELU's constants, E[f(Z)], E[f(Z)²] and gains.

For :math:`Z \sim N(0, 1)`:

* **SELU.** With :math:`f(x) = \lambda x` for x > 0 and :math:`\lambda\alpha(e^x - 1)` otherwise,
  the self-normalising fixed point :math:`E[f(Z)] = 0`, :math:`E[f(Z)^2] = 1` gives

  .. math::
     \alpha = \frac{1}{\sqrt{2\pi}\,(\tfrac12 - \sqrt{e}\,\Phi(-1))},\qquad
     \lambda = \Bigl(\tfrac12 + \alpha^2\bigl(e^2\Phi(-2) - 2\sqrt{e}\,\Phi(-1) + \tfrac12\bigr)\Bigr)^{-1/2},

  from :math:`\int_0^\infty x\varphi = 1/\sqrt{2\pi}`, :math:`E[e^{kZ}; Z<0] = e^{k^2/2}\Phi(-k)`.
  The integrals are done by SymPy (under the work budget) and the results proved equal to the
  catalog's closed forms (Klambauer et al., eq. 14) by the zero test.
* **Moments.** :math:`E[f(Z)]` and :math:`E[f(Z)^2]` for every pointwise catalog activation:
  a closed form when SymPy's ``integrate`` finds one within the budget (checked against the
  numeric value), and always a 30-digit value by mpmath quadrature split at the breakpoints.
* **Gain.** The variance-preserving gain :math:`1/\sqrt{E[f(Z)^2]}` (Kaiming's argument: a
  layer :math:`y = W f(x)` with :math:`\mathrm{Var}\,W = g^2/n` keeps the second moment), beside
  PyTorch's ``torch.nn.init.calculate_gain``.
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from ..core import settings
from ..core.budget import Budget
from ..core.symbols import X
from ..core.vocabulary import to_ground_truth
from ..numeric.compile import Unsupported, point_evaluator

_GAUSS = sp.exp(-X**2 / 2) / sp.sqrt(2 * sp.pi)

#: torch.nn.init.calculate_gain (PyTorch 2.x), and whether the number is this derivation or a convention
TORCH_GAIN = {
    "identity": (sp.Integer(1), "derived (linear)"),
    "sigmoid": (sp.Integer(1), "convention"),
    "tanh": (sp.Rational(5, 3), "convention (chosen empirically)"),
    "relu": (sp.sqrt(2), "derived (Kaiming)"),
    "leaky_relu": (sp.sqrt(2 / (1 + sp.Rational(1, 100)**2)), "derived (Kaiming, slope 0.01)"),
    "selu": (sp.Rational(3, 4), "convention (for self-normalising nets with Kaiming-style init)"),
}


@dataclass(frozen=True)
class Moments:
    name: str
    mean: mpmath.mpf
    second: mpmath.mpf
    mean_exact: sp.Expr | None
    second_exact: sp.Expr | None

    @property
    def gain(self) -> mpmath.mpf:
        with mpmath.workdps(40):
            return 1 / mpmath.sqrt(self.second)


def selu_constants(budget: Budget | None = None) -> dict:
    """SELU's α and λ from the fixed point, in closed form and to 30 digits, with the proof that
    they equal the catalog's constants."""
    from ..catalog.constants import SELU_ALPHA_CLOSED_FORM, SELU_LAMBDA_CLOSED_FORM
    from ..prove.zero import constant_is_zero
    budget = budget or Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
    ok1, pos = budget.run(lambda: sp.integrate(X * _GAUSS, (X, 0, sp.oo)))
    ok2, neg1 = budget.run(lambda: sp.integrate((sp.exp(X) - 1) * _GAUSS, (X, -sp.oo, 0)))
    ok3, neg2 = budget.run(lambda: sp.integrate((sp.exp(X) - 1)**2 * _GAUSS, (X, -sp.oo, 0)))
    ok4, sq = budget.run(lambda: sp.integrate(X**2 * _GAUSS, (X, 0, sp.oo)))
    if not (ok1 and ok2 and ok3 and ok4):
        raise RuntimeError("SymPy could not do the Gaussian integrals within the budget")
    alpha = -pos / neg1  # E[f(Z)] = λ(pos + α·neg1) = 0
    lam = 1 / sp.sqrt(sq + alpha**2 * neg2)
    alpha, lam = (sp.simplify(v.rewrite(sp.erfc)) for v in (alpha, lam))
    same_alpha = constant_is_zero(sp.simplify(alpha - SELU_ALPHA_CLOSED_FORM), budget)
    same_lambda = constant_is_zero(lam**2 - SELU_LAMBDA_CLOSED_FORM**2, budget)
    with mpmath.workdps(40):
        return {"alpha": alpha, "lambda": lam,
                "alpha_decimal": mpmath.nstr(mpmath.mpf(sp.N(alpha, 45)), 30),
                "lambda_decimal": mpmath.nstr(mpmath.mpf(sp.N(lam, 45)), 30),
                "equations": (f"E[f(Z)] = λ({sp.sstr(pos)} + α·({sp.sstr(neg1)})) = 0",
                              f"E[f(Z)²] = λ²({sp.sstr(sq)} + α²·({sp.sstr(neg2)})) = 1"),
                "matches_catalog": (same_alpha.value is True and same_alpha.method.certain
                                    and same_lambda.value is True and same_lambda.method.certain),
                "evidence": f"α: {same_alpha.evidence} ({same_alpha.method}); λ: {same_lambda.evidence} "
                            f"({same_lambda.method})"}


def gaussian_moments(name: str, closed_forms: bool = True) -> Moments:
    """E[f(Z)] and E[f(Z)²] for a pointwise catalog activation at its defaults."""
    from ..catalog import get
    from ..prove.pieces import split
    rec = get(name)
    f = rec.expression()
    budget = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
    pieces = split(f, X, budget)
    values = []
    exacts = []
    for power in (1, 2):
        total = mpmath.mpf(0)
        exact = sp.S.Zero if closed_forms else None
        with mpmath.workdps(40):
            for p in pieces.pieces:
                try:
                    ev = point_evaluator(p.expr**power, X, 40)
                except Unsupported:
                    raise RuntimeError(f"cannot evaluate {name}") from None
                # |x| > 40 carries Gaussian weight below e^-800: negligible against 30 digits
                lo = max(mpmath.mpf(sp.N(p.lo, 45)) if p.lo.is_finite else -mpmath.inf, -40)
                hi = min(mpmath.mpf(sp.N(p.hi, 45)) if p.hi.is_finite else mpmath.inf, 40)
                if lo >= hi:
                    continue
                inner = [lo] + [mpmath.mpf(t) for t in (-4, -1, 0, 1, 4) if lo < t < hi] + [hi]
                total += mpmath.quad(lambda t, ev=ev: (ev(t) or 0) * mpmath.npdf(t), inner)
                if exact is not None:
                    ground = to_ground_truth(p.expr) ** power
                    ok, value = budget.run(lambda g=ground, a=p.lo, b=p.hi: sp.integrate(g * _GAUSS, (X, a, b)),
                                           steps=settings.MEDIUM_STEPS)
                    exact = exact + value if ok and value is not None and value.is_number \
                        and not value.has(sp.Integral) else None
        values.append(total)
        if exact is not None:
            with mpmath.workdps(40):
                try:
                    close = abs(mpmath.mpf(sp.N(exact, 40)) - total) < mpmath.mpf(10) ** -25
                except (TypeError, ValueError):
                    close = False
            ok, short = budget.run(lambda e=exact: sp.simplify(e), steps=settings.SMALL_STEPS)
            exact = (short if ok else exact) if close else None
        exacts.append(exact)
    return Moments(rec.name, values[0], values[1], exacts[0], exacts[1])


def _gelu_tanh_error(c: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """sup_x |xΦ(x) − ½x(1 + tanh(√(2/π)(x + c x³)))| and where, by dense samples refined with
    golden-section search (numeric; the result is certified afterwards by the verifier)."""
    k = mpmath.sqrt(2 / mpmath.pi)

    def err(x):
        return abs(x * mpmath.ncdf(x) - x / 2 * (1 + mpmath.tanh(k * (x + c * x**3))))

    grid = [mpmath.mpf(i) / 50 for i in range(-500, 501)]
    vals = [(err(x), x) for x in grid]
    best = (mpmath.mpf(0), mpmath.mpf(0))
    for _, x0 in sorted(vals, reverse=True)[:6]:
        a, b = x0 - mpmath.mpf(1) / 50, x0 + mpmath.mpf(1) / 50
        for _ in range(60):
            m1, m2 = a + (b - a) / 3, b - (b - a) / 3
            if err(m1) < err(m2):
                a = m1
            else:
                b = m2
        best = max(best, (err((a + b) / 2), (a + b) / 2))
    return best


def best_gelu_tanh_constant() -> dict:
    """The c minimising sup |GELU − GELU_tanh(c)| (numeric minimax by golden-section search on c),
    with the certified error at that c (rounded to 8 digits) and at Hendrycks & Gimpel's 0.044715."""
    from . import verify
    with mpmath.workdps(25):
        a, b = mpmath.mpf("0.040"), mpmath.mpf("0.050")
        g = (mpmath.sqrt(5) - 1) / 2
        for _ in range(45):
            c1, c2 = b - g * (b - a), a + g * (b - a)
            if _gelu_tanh_error(c1)[0] < _gelu_tanh_error(c2)[0]:
                b = c2
            else:
                a = c1
        c = sp.Rational(mpmath.nstr((a + b) / 2, 8))
        err, where = _gelu_tanh_error(mpmath.mpf(c.p) / c.q)
    out = {"c": c, "numeric_error": err, "where": where}
    for label, const in (("best", c), ("0.044715", sp.Rational(44715, 1000000))):
        with mpmath.workdps(25):
            numeric = _gelu_tanh_error(mpmath.mpf(const.p) / const.q)[0]
            bound = sp.Rational(mpmath.nstr(numeric * (1 + mpmath.mpf(10) ** -6), 12))
        claim = (f"sup(abs(gelu(x) - x/2*(1 + tanh(sqrt(2/pi)*(x + {const}*x**3)))), x, -oo, oo) "
                 f"<= {bound}")
        out[label] = verify(claim)
    return out
