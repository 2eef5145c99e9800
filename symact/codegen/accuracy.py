r"""Accuracy in ULPs against a 50-digit mpmath reference, by region of the input.

Inputs (deterministic): magnitudes spread log-uniformly over the whole finite range of the dtype
(both signs), a dense uniform sample of [−10, 10], the points next to the interior zeros of f′
(where every implementation loses accuracy) and a few special values. The reference is the
expression evaluated by mpmath at 50 digits (:func:`symact.numeric.compile.point_evaluator`),
rounded to the dtype; the error of an output y is :math:`|y - r| / \mathrm{ulp}(r)` with
``ulp`` = ``np.spacing`` in the dtype, counted where the exact result is 0 or a normal number
of the dtype (in the subnormal range every format loses relative accuracy by design). Outputs that are not finite where the exact result is
a finite number of the dtype (normal, subnormal or smaller) are counted separately, never folded into the maximum.
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from ..core.symbols import X
from ..numeric.compile import point_evaluator

_TOO_TINY = 2.0**-1022  # the smallest normal double: a value known to lie below it is not counted (no ULP target there)
REGIONS = (("x < -5", lambda x: x < -5), ("|x| <= 5", lambda x: np.abs(x) <= 5), ("x > 5", lambda x: x > 5),
           ("all", lambda x: np.ones_like(x, dtype=bool)))


@dataclass
class Row:
    region: str
    max_ulp: float
    worst: float | None
    nonfinite: int
    count: int


def sample(dtype, zeros: list[float] = (), count: int = 3000) -> np.ndarray:
    dt = np.dtype(dtype)
    info = np.finfo(dt)
    rng = np.random.default_rng(20261129)
    lo, hi = np.log10(float(info.smallest_normal)), np.log10(float(info.max)) - 0.01
    mags = 10 ** rng.uniform(lo, hi, count)
    signs = rng.choice([-1.0, 1.0], count)
    dense = rng.uniform(-10, 10, count)
    special = [0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5]
    near = []
    for z in zeros:
        z = dt.type(z)
        t = z
        for _ in range(8):
            near.append(t)
            t = np.nextafter(t, dt.type(np.inf))
        t = z
        for _ in range(8):
            t = np.nextafter(t, dt.type(-np.inf))
            near.append(t)
    xs = np.concatenate([mags * signs, dense, special, np.array(near, dtype=np.float64)]).astype(dt)
    return np.unique(xs[np.isfinite(xs)])


def reference(expr: sp.Expr, xs: np.ndarray) -> list:
    """The exact values at ``xs`` as 50-digit mpmath numbers (None where undefined). Where the
    50-digit evaluation gives up because the value is far below every format's subnormals
    (GELU′(−1e300) ≈ −1e300·e^{−5e599}), a stand-in that small is returned: no ULP error is
    counted there, but a non-finite output still is."""
    ev = point_evaluator(expr, X, 50)
    out = []
    with mpmath.workdps(50):
        for t in xs:
            try:
                v = ev(mpmath.mpf(float(t)))
            except Exception:  # noqa: BLE001 - no reference at this point
                v = None
            out.append(v if v is not None and mpmath.isfinite(v) else None)
    missing = [k for k, v in enumerate(out) if v is None]
    if missing:
        ref, _ = reference64(expr, np.asarray(xs, dtype=np.float64)[missing])
        for k, r in zip(missing, ref.tolist()):
            if abs(r) < _TOO_TINY:  # nan compares False: still no reference
                out[k] = mpmath.mpf(r) if r != 0 else mpmath.mpf(2) ** -1100
    return out


def reference64(expr: sp.Expr, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The exact value of ``expr`` at each float ``xs[k]``, rounded to float64 (nan where it is
    undefined or not had to 2⁻⁶⁰ relative at 1024 bits), and whether it is exactly 0 (a zero
    ball). An expression the ``arb`` evaluator does not know raises UnsupportedError."""
    from flint import arb

    from ..core.errors import UnsupportedError
    from ..numeric.compile import Unsupported, arb_precision, compile_expr
    try:
        ev = compile_expr(expr, X, "arb")
    except Unsupported as exc:
        raise UnsupportedError(f"no exact reference for {sp.sstr(expr)[:80]}: {exc}") from None
    out = np.full(len(xs), np.nan)
    zero = np.zeros(len(xs), dtype=bool)
    for k, t in enumerate(np.asarray(xs, dtype=np.float64).tolist()):
        for prec in (96, 256, 1024):  # more bits only where cancellation widened the ball
            with arb_precision(prec):
                try:
                    ball = ev(arb(t))
                except (ValueError, ZeroDivisionError, Unsupported, OverflowError):
                    break  # outside the domain: no reference
                if not ball.is_finite():
                    continue
                mid, rad = float(ball.mid()), float(ball.rad())
                if rad == 0 or rad <= abs(mid) * 2.0**-60 or abs(mid) + rad < _TOO_TINY:
                    out[k], zero[k] = mid, (rad == 0 and mid == 0)
                    break
    return out, zero


def ulp_errors(y: np.ndarray, ref: list, dt) -> tuple[np.ndarray, np.ndarray]:
    """Per point: the error in ULPs (nan where there is no reference or it is out of range) and
    whether the output is non-finite although the exact value is a finite number of the dtype."""
    info = np.finfo(dt)
    errs = np.full(y.shape, np.nan)
    bad = np.zeros(y.shape, dtype=bool)
    for k, r in enumerate(ref):
        if r is None or abs(r) > float(info.max):
            continue
        if not np.isfinite(y[k]):
            bad[k] = True  # the exact value is finite (normal, subnormal or below): never inf or nan
            continue
        if r != 0 and abs(r) < float(info.smallest_normal):
            continue  # the ULP targets are for exact results that are normal numbers of the dtype
        rd = dt.type(float(r))
        spacing = float(np.spacing(np.abs(rd))) if rd != 0 else float(np.finfo(dt).smallest_subnormal)
        with mpmath.workdps(50):
            errs[k] = float(abs(mpmath.mpf(float(y[k])) - r) / spacing)
    return errs, bad


def table(xs: np.ndarray, errs: np.ndarray, bad: np.ndarray) -> list[Row]:
    rows = []
    for name, pick in REGIONS:
        m = pick(xs.astype(np.float64))
        e = np.where(m, errs, np.nan)
        if np.all(np.isnan(e)):
            rows.append(Row(name, float("nan"), None, int(np.sum(bad & m)), int(np.sum(m))))
            continue
        k = int(np.nanargmax(e))
        rows.append(Row(name, float(e[k]), float(xs[k]), int(np.sum(bad & m)), int(np.sum(m))))
    return rows


def measure(fn, expr: sp.Expr, dtype="float64", zeros=(), derivative: bool = False) -> list[Row]:
    """ULP rows for ``fn`` (value, or the derivative from ``fn.value_and_grad`` when asked)."""
    return measure_many({"fn": fn}, expr, dtype, zeros, derivative)["fn"]


def measure_many(fns: dict, expr: sp.Expr, dtype="float64", zeros=(), derivative: bool = False) -> dict:
    """ULP rows for each named function of ``fns`` on one sample and one reference (computed
    once); None for a function that raises on the sample (a framework without the dtype)."""
    dt = np.dtype(dtype)
    xs = sample(dt, zeros)
    target = sp.diff(expr, X) if derivative else expr
    ref = reference(target, xs)
    out = {}
    for name, fn in fns.items():
        try:
            y = fn.value_and_grad(xs)[1] if derivative else fn(xs)
        except (TypeError, ValueError, RuntimeError):
            out[name] = None
            continue
        errs, bad = ulp_errors(np.asarray(y), ref, dt)
        out[name] = table(xs, errs, bad)
    return out


def naive(expr: sp.Expr):
    """The textbook formula through ``sympy.lambdify`` (numpy + scipy), for comparison."""
    from ..core.vocabulary import to_ground_truth
    import scipy.special  # noqa: F401 - lambdify's scipy printer needs it importable
    f = sp.lambdify(X, to_ground_truth(expr), modules=["scipy", "numpy"])
    d = sp.lambdify(X, to_ground_truth(sp.diff(expr, X)), modules=["scipy", "numpy"])

    class Naive:
        def __call__(self, x):
            with np.errstate(all="ignore"):
                return np.broadcast_to(np.asarray(f(x)), np.shape(x))

        def value_and_grad(self, x):
            with np.errstate(all="ignore"):
                return self(x), np.broadcast_to(np.asarray(d(x)), np.shape(x))
    return Naive()


def interior_zeros(name_or_expr) -> list[float]:
    """Locations of the local extrema of f (interior zeros of f′) from the profile."""
    from .. import api
    from ..catalog import canonical_name
    try:
        p = api.profile(name_or_expr) if isinstance(name_or_expr, str) and canonical_name(name_or_expr) \
            else api.analyze(name_or_expr)
        pts = p["critical_points"].value
    except Exception:  # noqa: BLE001 - no profile, no extra points
        return []
    if pts is None:
        return []
    return [float(pt.location.approx) for pt in pts.points if pt.location is not None][:8]
