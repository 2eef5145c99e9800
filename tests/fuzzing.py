"""A grammar of activation-like expressions for fuzzing, and the independent check of a profile
against dense 50-digit samples (SymPy's lambdify to mpmath, not symact's evaluators)."""
from __future__ import annotations

import time

import mpmath
import sympy as sp
from hypothesis import strategies as st

import symact
from symact.core.errors import SymactError
from symact.core.values import Extremum, RealSet, Shape
from symact.core.vocabulary import sinc, sinc_derivative, to_ground_truth

X = symact.X
ATOMS = ["x", "x", "x", "2", "1/2", "3", "-1", "0.25", "pi"]
UNARY = ["exp", "tanh", "sigmoid", "softplus", "atan", "sin", "erf", "Phi", "abs", "relu", "gelu", "mish", "swish",
         "elu", "softsign", "sinc", "asinh"]


@st.composite
def expressions(draw, depth: int = 3) -> str:
    if depth == 0 or draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(ATOMS))
    kind = draw(st.integers(0, 6))
    sub = expressions(depth - 1)
    if kind <= 1:
        return f"{draw(st.sampled_from(UNARY))}({draw(sub)})"
    if kind <= 4:
        op = draw(st.sampled_from(["+", "-", "*", "*", "/"]))
        return f"({draw(sub)}) {op} ({draw(sub)})"
    if kind == 5:
        return f"({draw(sub)})^{draw(st.integers(2, 3))}"
    cut = draw(st.sampled_from(["0", "1", "-1", "1/2"]))
    return f"where(x > {cut}, {draw(sub)}, {draw(sub)})"


def random_expression(rng, depth: int = 3) -> str:
    """The same grammar driven by a ``random.Random`` (for the fuzzing benchmark)."""
    if depth == 0 or rng.randint(0, 4) == 0:
        return rng.choice(ATOMS)
    kind = rng.randint(0, 6)
    if kind <= 1:
        return f"{rng.choice(UNARY)}({random_expression(rng, depth - 1)})"
    if kind <= 4:
        op = rng.choice(["+", "-", "*", "*", "/"])
        return f"({random_expression(rng, depth - 1)}) {op} ({random_expression(rng, depth - 1)})"
    if kind == 5:
        return f"({random_expression(rng, depth - 1)})^{rng.randint(2, 3)}"
    cut = rng.choice(["0", "1", "-1", "1/2"])
    return f"where(x > {cut}, {random_expression(rng, depth - 1)}, {random_expression(rng, depth - 1)})"


SECONDS = 10.0


def analyse(text: str):
    """(profile or None, seconds); SymactError means refused input, anything else propagates."""
    start = time.monotonic()
    try:
        p = symact.analyze(text)
        p.facts()
    except SymactError:
        return None, time.monotonic() - start
    return p, time.monotonic() - start


def _ground(expr, keep):
    """The exp/erf form of the vocabulary, except the functions in ``keep``."""
    from symact.core.vocabulary import Phi, phi, sigmoid, softplus
    return expr.replace(lambda e: isinstance(e, (sigmoid, softplus, Phi, phi)), lambda e: to_ground_truth(e))


def disagreements(p) -> list[str]:
    """Proved or certified range / extremum / monotonicity facts that samples contradict."""
    # SymPy's lambdify to mpmath, with sinc and its derivatives from mpmath itself (the ground
    # truth sin(x)/x would divide by zero at 0)
    functions = {"sinc": mpmath.sinc,
                 "sinc_derivative": lambda n, t: mpmath.diff(mpmath.sinc, t, int(n))}
    modules = [functions, "mpmath"]
    keep = (sinc, sinc_derivative)
    f = _ground(p.f, keep)
    fn = sp.lambdify(X, f, modules=modules)
    dfn = sp.lambdify(X, _ground(sp.diff(p.f, X), keep), modules=modules)
    breaks = [float(b) for b in p.analysis.breaks]
    out = []
    with mpmath.workdps(50):
        # within ±30 only: far out, mpmath itself can take minutes (exp(x^3) at x = 300)
        pts = [mpmath.mpf(k) / 16 for k in range(-480, 481, 3)]
        pts = [t for t in pts if all(abs(t - b) > 1e-9 for b in breaks)]
        ys = []
        for t in pts:
            try:
                y, dy = fn(t), dfn(t)
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                continue
            if isinstance(y, mpmath.mpf) and mpmath.isfinite(y):
                ys.append((t, y, dy if isinstance(dy, mpmath.mpf) and mpmath.isfinite(dy) else None))
        tol = lambda v: mpmath.mpf(10) ** -25 * max(1, abs(v))  # noqa: E731
        for key in ("range", "minimum", "maximum", "monotonicity"):
            fact = p[key]
            if not fact.method.certain:
                continue
            v = fact.value
            if isinstance(v, RealSet) and v.period is None:
                for t, y, _ in ys:
                    if not any((p_.lo.is_infinite or y >= p_.lo.lo - tol(y)) and (p_.hi.is_infinite or y <= p_.hi.hi + tol(y))
                               for p_ in v.parts):
                        out.append(f"{key}: f({mpmath.nstr(t, 8)}) = {mpmath.nstr(y, 12)} outside")
                        break
            if isinstance(v, Extremum) and v.status == "attained":
                for t, y, _ in ys:
                    if (v.kind == "min" and y < v.value.lo - tol(y)) or (v.kind == "max" and y > v.value.hi + tol(y)):
                        out.append(f"{key}: f({mpmath.nstr(t, 8)}) = {mpmath.nstr(y, 12)} beats it")
                        break
            if isinstance(v, Shape) and v.period is None:
                for run in v.runs:
                    want = {"increasing": 1, "decreasing": -1}.get(run.kind, 0)
                    for t, _, dy in ys:
                        if dy is None:
                            continue
                        lo, hi = run.interval.lo, run.interval.hi
                        if (lo.is_infinite or t > lo.hi) and (hi.is_infinite or t < hi.lo):
                            if (want > 0 and dy < -tol(dy)) or (want < 0 and dy > tol(dy)) or (want == 0 and abs(dy) > tol(dy)):
                                out.append(f"{key}: f'({mpmath.nstr(t, 8)}) = {mpmath.nstr(dy, 8)} against {run.kind}")
                                break
    return out
