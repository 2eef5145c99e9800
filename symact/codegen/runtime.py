r"""The helpers generated NumPy code calls: dtype handling and a few stable kernels."""
from __future__ import annotations

import numpy as np


def _prepare(x):
    """The input as a floating array (ints become float64), the array the kernel works on and a
    constant maker in its dtype. float32 and float16 are computed in float64 and rounded once at
    the end (as the frameworks' half precision computes in float): no float32 intermediate
    underflows (x·σ(x) at x = −90) or cancels."""
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    work = x.astype(np.float64) if x.dtype.itemsize < 8 else x
    kind = work.dtype.type
    return x, work, lambda text: kind(text)


def _finish(y, x, ends=(None, None)):
    """y in x's dtype and shape, nan where x is nan, the proved limits at x = -inf / +inf."""
    y = np.asarray(y).astype(x.dtype)
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
    r"""φ(u) = e^{−u²/2}/√(2π) with u² split exactly (Veltkamp): u = h + l with h² exact, so
    e^{−u²/2} = e^{−h²/2}·e^{−(2hl + l²)/2} and the rounding of u² never reaches the exponent."""
    dt = u.dtype
    factor = dt.type(_SPLIT.get(dt, 2.0**27 + 1))
    c = factor * u
    h = c - (c - u)
    h = np.where(np.isfinite(h), h, u)
    low = u - h
    inv_sqrt_2pi = dt.type("0.398942280401432677939946059934381868475858631164934657665926")
    value = np.exp(-(h * h) / 2) * np.exp(-(2 * h * low + low * low) / 2) * inv_sqrt_2pi
    # beyond this |u|, φ(u) is below half the smallest subnormal: exactly 0 (and u² may overflow)
    gone = dt.type(np.sqrt(-2 * np.log(float(np.finfo(dt).smallest_subnormal))) + 1)
    return np.where(np.abs(u) > gone, dt.type(0), value)


def _sinc(u):
    with np.errstate(all="ignore"):
        return np.where(u == 0, u.dtype.type(1), np.sin(u) / np.where(u == 0, u.dtype.type(1), u))


def _sinc_d(n, u):
    """The n-th derivative of sin(u)/u (n = 1, 2): closed form, and its Taylor series near 0
    where the closed form cancels."""
    one = u.dtype.type(1)
    small = np.abs(u) < u.dtype.type(0.05)
    safe = np.where(small, one, u)
    s, c = np.sin(safe), np.cos(safe)
    u2 = u * u
    if n == 1:
        far = (safe * c - s) / (safe * safe)
        near = u * (-one / 3 + u2 * (one / 30 - u2 / 840))
    elif n == 2:
        far = (2 * s - 2 * safe * c - safe * safe * s) / (safe * safe * safe)
        near = -one / 3 + u2 * (one / 10 - u2 / 168)
    else:
        raise ValueError("sinc derivatives beyond the second are not generated")
    return np.where(small, near, far)


def _sech(u):
    return 1 / np.cosh(u)


def _nan(x):
    return np.full(x.shape, np.nan, dtype=x.dtype)


NAMESPACE = {"_prepare": _prepare, "_finish": _finish, "_softplus": _softplus, "_phi": _phi, "_sinc": _sinc,
             "_sech": _sech, "_nan": _nan, "_sinc_d": _sinc_d}
