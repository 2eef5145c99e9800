r"""Choose, among equal forms of an expression, the one that evaluates best in float64.

The stable rules (:mod:`symact.codegen.rules`) rewrite forms known to be bad. Some losses only
show as a whole: SymPy's derivative of softsign,
:math:`\frac{1}{1+|x|} - \frac{x\,\mathrm{sign}(x)}{(1+|x|)^2}`, cancels completely for large
|x| while :math:`(1+|x|)^{-2}` does not; Soboleva's ratio of exponentials overflows where
tanh does not. So a few candidate forms are generated — the expression as given, SymPy's
``simplify``, ``cancel``, ``factor`` and ``together`` (each under a deterministic step budget; a form that
runs out is dropped) and, when the expression has |x| or sign(x), the simplified pieces for
x < 0 and x > 0 — each is stabilised, and each is *measured*: compiled, evaluated on a fixed
sample (magnitudes log-uniform over the whole double range, both signs, and a dense sample of
[−10, 10]) and compared with the 50-digit value (arb). The form with the smallest maximum error
wins (an output that is not finite where the value is counts as the worst); ties keep the
earlier candidate, so the expression as given wins unless another form is measurably better.
Every candidate equals the expression by SymPy's exact transformations: no identity is assumed.
"""
from __future__ import annotations

import functools

import mpmath
import numpy as np
import sympy as sp

from ..core.symbols import X

SIMPLIFY_STEPS = 400_000  # per transformation; a form that needs more is not a candidate
_RNG = np.random.default_rng(20261130)
SAMPLE = np.unique(np.concatenate([
    np.sign(_RNG.uniform(-1, 1, 160)) * 10 ** _RNG.uniform(-300, 307, 160),
    _RNG.uniform(-10, 10, 80), [0.0, 1.0, -1.0, 0.5, -0.5],
]))


def _budgeted(fn):
    from ..core.budget import within_budget
    try:
        ok, out = within_budget(fn, SIMPLIFY_STEPS)
    except Exception:  # noqa: BLE001 - a transformation that fails is no candidate
        return None
    return out if ok and isinstance(out, sp.Expr) else None


def _by_sign(e: sp.Expr) -> sp.Expr | None:
    """Piecewise((e simplified for x < 0, x < 0), (e simplified for x ≥ 0, True)) when e has
    |x| or sign(x); None otherwise."""
    if not (e.has(sp.Abs) or e.has(sp.sign)):
        return None
    pos, neg = sp.Symbol("p", positive=True), sp.Symbol("n", negative=True)
    left = _budgeted(lambda: sp.simplify(e.subs(X, neg)).subs(neg, X))
    right = _budgeted(lambda: sp.simplify(e.subs(X, pos)).subs(pos, X))
    at0 = e.subs(X, 0)
    if left is None or right is None or not at0.is_finite:
        return None
    return sp.Piecewise((left, X < 0), (at0, sp.Eq(X, 0)), (right, True))


def candidates(e: sp.Expr) -> list[sp.Expr]:
    out = [e]
    for make in (lambda: sp.simplify(e), lambda: sp.cancel(e), lambda: sp.factor(e), lambda: sp.together(e)):
        c = _budgeted(make)
        if c is not None and c not in out and c.free_symbols <= {X}:
            out.append(c)
    split = _by_sign(e)
    if split is not None:
        out.append(split)
    return out


def _score(stable: sp.Expr, exact: list) -> float:
    from .numpy_backend import build
    try:
        fn = build("candidate", stable, stable, None, ((None, None), (None, None)))
        with np.errstate(all="ignore"):
            y = np.asarray(fn(SAMPLE), dtype=np.float64)
    except Exception:  # noqa: BLE001 - a form that does not compile loses
        return float("inf")
    worst = 0.0
    for k, r in enumerate(exact):
        if r is None or abs(r) > 1.7e308 or (r != 0 and abs(r) < 2.3e-308):
            continue
        if not np.isfinite(y[k]):
            return float("inf")
        spacing = float(np.spacing(abs(float(r)))) if r != 0 else 5e-324
        worst = max(worst, min(float(abs(mpmath.mpf(float(y[k])) - r) / spacing), 1e30))
    return worst


@functools.lru_cache(maxsize=256)
def best_form(e: sp.Expr) -> sp.Expr:
    """The stabilised candidate form of e with the smallest measured float64 error."""
    from ..numeric.compile import point_evaluator
    from .rules import stabilize
    first = stabilize(e)
    forms = candidates(e)
    if len(forms) == 1 or not e.has(X):
        return first
    try:
        ev = point_evaluator(e, X, 40)
        with mpmath.workdps(40):
            exact = [ev(mpmath.mpf(float(t))) for t in SAMPLE]
    except Exception:  # noqa: BLE001 - no reference, no choice
        return first
    best, best_score = first, _score(first, exact)
    for form in forms[1:]:
        stable = stabilize(form)
        score = _score(stable, exact)
        if score < best_score * 0.5:  # measurably better, not noise
            best, best_score = stable, score
    return best


__all__ = ["best_form", "candidates"]
