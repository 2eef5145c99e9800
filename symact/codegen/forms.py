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
Then, for an expression σ(x)·g(σ(x), x), the form σ(x)·(g(0, x) + the rest) replaces the chosen one
left of x = −4 where it is measured better there (Logish′, Smish′: 1 + x formed exactly).
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


def _budgeted(fn, steps: int = SIMPLIFY_STEPS):
    from ..core.budget import within_budget
    try:
        ok, out = within_budget(fn, steps)
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
    factored = _budgeted(lambda: _sigmoid_polynomial(e))
    if factored is not None and factored not in out:
        out.append(factored)
    return out


def _sigmoid_polynomial(e: sp.Expr) -> sp.Expr | None:
    r"""e as a factored polynomial in s = σ(u) (σ(−u) written 1 − s, the proved rule), each factor
    collected in x with factored coefficients: dSiLU′ = s(1 − s)(2 + x(1 − 2s)), which the rules
    turn into σ(u)σ(−u)(2 − x·tanh(x/2)) (5.5 ULP → 3). None without a sigmoid or when s does not
    replace every sigmoid."""
    from ..core.vocabulary import sigmoid
    args = {f.args[0] for f in e.atoms(sigmoid)}
    if len({frozenset((a, -a)) for a in args}) != 1:  # none, or sigmoids of unrelated arguments
        return None
    u = min(args, key=lambda a: (a.could_extract_minus_sign(), sp.default_sort_key(a)))
    s = sp.Dummy("s")
    poly = e.subs(sigmoid(-u), 1 - s).subs(sigmoid(u), s)
    if poly.has(sigmoid) or not poly.has(s):
        return None
    factored = sp.factor(sp.expand(poly))
    collected = sp.Mul(*[sp.collect(f, X, func=sp.factor) for f in sp.Mul.make_args(factored)])
    return collected.subs(s, sigmoid(u))


TAIL = -4  # the left tail where a sigmoid is small: σ(−4) ≈ 0.018 …
FAR = -80  # … and a normal number even in float32 (σ(−80) ≈ 2e-35; JAX without x64 computes in
# float32): σ(x)·g is 0/0 where σ underflows to 0; further left the terms cancel like 1 + 1/|x|


def _sigmoid_tail(e: sp.Expr) -> sp.Expr | None:
    r"""σ(x)·(c₀ + small) for e = σ(x)·g(σ(x), x) with g(0, x) = c₀ ≠ 0 (σ(−x) written 1 − σ(x),
    tanh, cosh, sinh of anything written with exponentials): the rational part of g split into
    its value c₀ at σ = 0 and the remainder, which carries a factor σ(x). In the left tail the
    terms of e cancel like c₀ (Logish′ = log(1 + σ) + xσ(1 − σ)/(1 + σ) ≈ σ(1 + x)); there c₀
    (1 + x, exact for x ≤ −½) is formed without the roundings of σ and the rest is a small
    correction: Logish′ 4.24 → 2.25 ULP, Smish′ 4.91 → 1.97 (the accuracy table's sample; ≤ 2.9
    on 20 000 points of [−12, −5]). None without a sigmoid of ±x or when g(0, x) is 0 or not
    finite."""
    from ..core.vocabulary import sigmoid
    args = {f.args[0] for f in e.atoms(sigmoid)}
    if not args or args - {X, -X}:
        return None
    s = sp.Dummy("s", positive=True)
    g = e.subs(sigmoid(-X), 1 - s).subs(sigmoid(X), s)
    if g.has(sigmoid) or not g.has(s):
        return None
    if g.has(sp.tanh, sp.cosh, sp.sinh):
        g = g.rewrite(sp.exp)
    lead, rest = sp.S.Zero, []
    for term in sp.Add.make_args(sp.expand(g / s)):
        if term.is_rational_function(s):
            lead += term
        else:
            rest.append(term)
    lead = sp.cancel(lead)
    c0 = sp.expand(lead.subs(s, 0))
    if c0 == 0 or c0.has(s) or not c0.free_symbols <= {X} or c0.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    small = sp.factor(sp.cancel(lead - c0))
    return (sigmoid(X) * (c0 + small + sp.Add(*rest))).subs(s, sigmoid(X))


def _score(stable: sp.Expr, exact: list, where=None) -> float:
    from .numpy_backend import build
    try:
        fn = build("candidate", stable, stable, None, ((None, None), (None, None)))
        with np.errstate(all="ignore"):
            y = np.asarray(fn(SAMPLE), dtype=np.float64)
    except Exception:  # noqa: BLE001 - a form that does not compile loses
        return float("inf")
    worst = 0.0
    for k, r in enumerate(exact):
        if where is not None and not where[k]:
            continue
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
    tail = _budgeted(lambda: _sigmoid_tail(e), 4 * SIMPLIFY_STEPS)  # substitute, expand, cancel twice
    if tail is not None:  # the tail form left of TAIL, the best form elsewhere: compared where they differ
        left = (SAMPLE < TAIL) & (SAMPLE > FAR)
        split = sp.Piecewise((stabilize(tail), (X < TAIL) & (X > FAR)), (best, True))
        if _score(split, exact, left) < 0.75 * _score(best, exact, left):
            best = split
    return best


__all__ = ["best_form", "candidates"]
