r"""The helpers generated NumPy code calls: dtype handling and a few stable kernels."""
from __future__ import annotations

import numpy as np
import scipy.special as _sp

from .formats import round_to


def _prepare(x):
    """The input as a floating array (ints become float64), the array the kernel works on and a
    constant maker in its dtype. float32 and float16 are computed in float64 and rounded once at
    the end (as the frameworks' half precision computes in float): no float32 intermediate
    underflows (x·σ(x) at x = −90) or cancels."""
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating) and x.dtype.name != "bfloat16":  # ml_dtypes' bfloat16 is floating too
        x = x.astype(np.float64)
    work = x.astype(np.float64) if x.dtype.itemsize < 8 else x
    kind = work.dtype.type
    return x, work, lambda text: kind(text)


def _finish(y, x, ends=(None, None)):
    """y in x's dtype and shape, nan where x is nan, the proved limits at x = -inf / +inf."""
    y = round_to(np.asarray(y), x.dtype)  # one rounding, bfloat16 included
    y = np.broadcast_to(y, x.shape).copy() if y.shape != x.shape else y
    y = np.where(np.isnan(x), x, y).astype(x.dtype)  # nan in, nan out (a branch test never sees it)
    lo, hi = ends
    if lo is not None or hi is not None:
        if lo is not None:
            y = np.where(x == -np.inf, x.dtype.type(lo), y).astype(x.dtype)
        if hi is not None:
            y = np.where(x == np.inf, x.dtype.type(hi), y).astype(x.dtype)
    return y


def _softplus(u):
    """log(1 + eᵘ) = max(u, 0) + log1p(e^{−|u|}): no overflow, no cancellation."""
    return np.logaddexp(u.dtype.type(0), u)


_SPLIT = {np.dtype(np.float64): 2.0**27 + 1, np.dtype(np.float32): 2.0**12 + 1}


def _phi(u):
    r"""φ(u) = e^{−u²/2}/√(2π), the Gaussian factor from :func:`_gauss` (u² split exactly)."""
    dt = u.dtype
    inv_sqrt_2pi = dt.type("0.398942280401432677939946059934381868475858631164934657665926")
    value = _gauss(u) * inv_sqrt_2pi
    # beyond this |u|, φ(u) is below half the smallest subnormal: exactly 0 (and u² may overflow)
    gone = dt.type(np.sqrt(-2 * np.log(float(np.finfo(dt).smallest_subnormal))) + 1)
    return np.where(np.abs(u) > gone, dt.type(0), value)


def _gauss(u):
    r"""e^{−u²/2} with u² split exactly (Veltkamp): u = h + l with h² exact, so
    e^{−u²/2} = e^{−h²/2}·e^{−(2hl + l²)/2} and the rounding of u² (relative ε, absolute ε·u²/2:
    hundreds of ULP of the result at |u| ≈ 30) never reaches the exponent."""
    dt = u.dtype
    factor = dt.type(_SPLIT.get(dt, 2.0**27 + 1))
    c = factor * u
    h = c - (c - u)
    h = np.where(np.isfinite(h), h, u)
    low = u - h
    return np.exp(-(h * h) / 2) * np.exp(-(2 * h * low + low * low) / 2)


_MILLS = None


def _scaled_tail(t):
    r"""Q(t) = Φ(−t)·e^{t²/2} for t ≥ 1 from :mod:`symact.codegen.mills_table` (Horner, one
    degree-16 polynomial per unit interval; t past the table's end clips to its last row, where
    e^{−t²/2} is 0 anyway)."""
    global _MILLS
    if _MILLS is None:
        from .mills_table import FIRST, LAST, ROWS
        _MILLS = (FIRST, LAST, np.array(ROWS, dtype=np.float64))
    first, last, rows = _MILLS
    t = np.clip(np.where(np.isfinite(t), t, first), first, last)  # past the end e^{−t²/2} is 0: any finite Q does
    k = np.minimum(np.floor(t), last - 1).astype(np.int64) - first
    s = t - (k + first + 0.5)
    acc = rows[k, -1]
    for j in range(rows.shape[1] - 2, -1, -1):
        acc = rows[k, j] + s * acc
    return acc


def _ndtr(v):
    r"""Φ(v). For v ≥ −1 scipy's ``ndtr``; below, :math:`Φ(v) = e^{−v²/2}\,Q(−v)` with the
    Gaussian factor from v split exactly (Veltkamp: v = h + l, h² exact, so
    :math:`e^{−v²/2} = e^{−h²/2}(1 + \mathrm{expm1}(−(2hl + l²)/2))`) and Q from the fitted table.
    ``ndtr`` itself computes ½erfc(−v/√2), whose argument's rounding is amplified v² times and whose
    erfc is inexact (1705 ULP at v = −30, measured); this form stays within 3 ULP."""
    dt = v.dtype
    with np.errstate(all="ignore"):
        far = v < -1
        w = np.where(far, v, -2.0).astype(np.float64)
        c = w * (2.0**27 + 1)
        h = c - (c - w)
        low = w - h
        q = _scaled_tail(-w)
        tail = np.exp(-(h * h) / 2) * (q + q * np.expm1(-(2 * h * low + low * low) / 2))
        tail = np.where(v < -40, 0.0, tail)  # Φ(−40) < 10⁻³⁴⁸: 0 in every format (and the split overflows)
        return np.where(far, tail.astype(dt), _sp.ndtr(v))


def _sinc(u):
    with np.errstate(all="ignore"):
        return np.where(u == 0, u.dtype.type(1), np.sin(u) / np.where(u == 0, u.dtype.type(1), u))


def _sinc_series(order: int) -> list[float]:
    r"""Coefficients of w = u² in sinc′(u)/u = Σ_{k≥1} (−1)^k 2k w^{k−1}/(2k+1)! (order 1) and
    sinc″(u) = Σ_{k≥1} (−1)^k 2k(2k−1) w^{k−1}/(2k+1)! (order 2), 16 terms (exact rationals
    rounded once; the truncation error at |u| = 1.5 is below 10⁻³⁶)."""
    from fractions import Fraction
    from math import factorial
    if order == 1:
        return [float(Fraction((-1) ** k * 2 * k, factorial(2 * k + 1))) for k in range(1, 17)]
    return [float(Fraction((-1) ** k * 2 * k * (2 * k - 1), factorial(2 * k + 1))) for k in range(1, 17)]


_SINC_SERIES = {1: _sinc_series(1), 2: _sinc_series(2)}
SINC_SERIES_END = 1.5  # below: the series (the closed forms cancel like 3/u², 349 ULP at 0.075)


def sinc_derivative(xp, n: int, u):
    """The n-th derivative of sin(u)/u (n = 1, 2) for an array module ``xp`` (numpy, torch,
    jax.numpy): its Taylor series for |u| < 1.5, where the closed form cancels, and the closed
    form (without forming u² or u³) beyond."""
    if n not in (1, 2):
        raise ValueError("sinc derivatives beyond the second are not generated")
    small = xp.abs(u) < SINC_SERIES_END
    safe = xp.where(small, xp.ones_like(u), u)
    s, c = xp.sin(safe), xp.cos(safe)
    w = u * u
    coeffs = _SINC_SERIES[n]
    near = xp.zeros_like(u) + coeffs[-1]
    for a in reversed(coeffs[:-1]):
        near = a + w * near
    if n == 1:
        far = (c - s / safe) / safe  # (u cos u − sin u)/u² without forming u² (overflow past 1e154)
        near = u * near
    else:
        far = (-s + (2 * s / safe - 2 * c) / safe) / safe  # (2 sin u − 2u cos u − u² sin u)/u³, no u³
    return xp.where(small, near, far)


def _sinc_d(n, u):
    return sinc_derivative(np, n, u)


def horner(t, *cs):
    """c0 + t·(c1 + t·(… + t·cn)), in that nesting (the compensation polynomials; any array type)."""
    out = cs[-1]
    for c in reversed(cs[:-1]):
        out = c + t * out
    return out


def _sech(u):
    return 1 / np.cosh(u)


def _nan(x):
    return np.full(x.shape, np.nan, dtype=x.dtype)


NAMESPACE = {"_prepare": _prepare, "_horner": horner, "_ndtr": _ndtr, "_gauss": _gauss,
             "_finish": _finish, "_softplus": _softplus, "_phi": _phi, "_sinc": _sinc,
             "_sech": _sech, "_nan": _nan, "_sinc_d": _sinc_d}


# ---- double-double arithmetic (symact.codegen.dd): pairs (hi, lo) of float64 arrays ----------

_VELTKAMP = 2.0**27 + 1


def _split_dd(a):
    c = _VELTKAMP * a
    hi = c - (c - a)
    hi = np.where(np.isfinite(hi), hi, a)  # |a| > 2^996: no split (the low part is then 0)
    return hi, a - hi


def _two_sum(a, b):
    s = a + b
    bb = s - a
    err = (a - (s - bb)) + (b - bb)
    return s, np.where(np.isfinite(s), err, 0.0)


def _dd_add(a, b):
    s, e = _two_sum(a[0], b[0])
    e = np.where(np.isfinite(s), e + (a[1] + b[1]), 0.0)
    hi = s + e
    return hi, np.where(np.isfinite(hi), e - (hi - s), 0.0)


def _dd_mul(a, b):
    p = a[0] * b[0]
    ah, al = _split_dd(np.asarray(a[0], dtype=np.float64))
    bh, bl = _split_dd(np.asarray(b[0], dtype=np.float64))
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl  # Dekker: a·b − p exactly
    e = np.where(np.isfinite(p), e + (a[0] * b[1] + a[1] * b[0]), 0.0)
    hi = p + e
    return hi, np.where(np.isfinite(hi), e - (hi - p), 0.0)


_DD_CONSTANTS: dict = {}


def _ddc(text: str):
    """The pair (hi, lo) of a constant given to 40 digits."""
    if text not in _DD_CONSTANTS:
        import mpmath
        with mpmath.workdps(50):
            v = mpmath.mpf(text)
            hi = float(v)
            _DD_CONSTANTS[text] = (hi, float(v - hi))
    return _DD_CONSTANTS[text]


def _dd_round(a):
    return a[0] + a[1]


def _first_order(value, slope, lo):
    """K(h + l) = K(h) + l·K′(h), where both are finite (else K(h))."""
    corrected = value + lo * slope
    return np.where(np.isfinite(corrected), corrected, value)


def _dd_sigmoid(a):
    s = _sp.expit(a[0])
    return _first_order(s, s * _sp.expit(-a[0]), a[1])


def _dd_exp(a):
    e = np.exp(a[0])
    return _first_order(e, e, a[1])


def _dd_expm1(a):
    return _first_order(np.expm1(a[0]), np.exp(a[0]), a[1])


def _dd_softplus(a):
    return _first_order(_softplus(a[0]), _sp.expit(a[0]), a[1])


def _dd_Phi(a):
    return _first_order(_ndtr(a[0]), _phi(a[0]), a[1])


def _dd_tanh(a):
    return _first_order(np.tanh(a[0]), 4 * _sp.expit(2 * a[0]) * _sp.expit(-2 * a[0]), a[1])


_TWO_OVER_SQRT_PI = 1.1283791670955125739


def _dd_erf(a):
    return _first_order(_sp.erf(a[0]), _TWO_OVER_SQRT_PI * _gauss(np.sqrt(2.0) * a[0]), a[1])


def _dd_erfc(a):
    return _first_order(_sp.erfc(a[0]), -_TWO_OVER_SQRT_PI * _gauss(np.sqrt(2.0) * a[0]), a[1])


def _dd_log1p(a):
    return _first_order(np.log1p(a[0]), 1 / (1 + a[0]), a[1])


NAMESPACE.update({k: v for k, v in dict(globals()).items() if k.startswith("_dd") or k in ("_two_sum", "_split_dd", "_first_order")})
