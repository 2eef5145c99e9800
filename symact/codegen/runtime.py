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
    """sinc′ / sinc″ for NumPy; sinc′ with the slow path of :func:`_sinc_d1_cancelled` where its
    closed form cancels (near the zeros of sinc′ past the eight that
    :mod:`symact.codegen.compensate` serves: tan u = u has infinitely many roots)."""
    out = sinc_derivative(np, n, u)
    if n == 1 and u.dtype == np.float64:
        out = _sinc_d1_cancelled(u, out)
    return out


CANCEL = 4.0        # κ past which sinc′ is recomputed in extended precision (κ·2⁻⁶⁴ ≪ 2⁻⁵³)
CANCEL_EXACT = 2.0**9  # … and past which (extended precision loses more than κ·2⁻⁶⁴ > 2⁻⁵⁵) by mpmath


def _sinc_d1_cancelled(u, out):
    r"""sinc′(u) = (cos u − sin(u)/u)/u for |u| ≥ 1.5 cancels near its zeros (tan u = u): the
    relative error is κε with κ = (|cos u| + |sin(u)/u|)/|cos u − sin(u)/u|, 10¹² ULP at the float
    nearest the 9th zero. Where κ > 4 (a fraction of about 2.5/|u| of uniform inputs) the
    difference is recomputed with a 64-bit significand (glibc's sinl/cosl reduce exactly), where
    κ > 2⁹ (about 1/(200|u|)) by mpmath at 40 digits beyond the cancellation. NumPy only: the C,
    PyTorch and JAX kernels keep the closed form there."""
    with np.errstate(all="ignore"):
        s, c = np.sin(u), np.cos(u)
        q = s / u
        kappa = (np.abs(c) + np.abs(q)) / np.abs(c - q)
        slow = (np.abs(u) >= SINC_SERIES_END) & np.isfinite(u) & ~(kappa <= CANCEL)
    if not slow.any():
        return out
    out = np.array(out, copy=True)
    idx = np.flatnonzero(slow.ravel())
    ul = u.ravel()[idx].astype(EXTENDED)
    sl, cl = np.sin(ul), np.cos(ul)
    out.ravel()[idx] = ((cl - sl / ul) / ul).astype(np.float64)
    if EXTENDED is np.float64:
        exact = idx
    else:
        exact = idx[kappa.ravel()[idx] > CANCEL_EXACT]
    for k in exact.tolist():
        out.ravel()[k] = _sinc_d1_exact(float(u.ravel()[k]))
    return out


def _sinc_d1_exact(t: float) -> float:
    """sinc′(t) = (t cos t − sin t)/t², by mpmath with 40 digits to spare over the cancellation."""
    import mpmath
    with mpmath.workdps(60):
        v = mpmath.mpf(t)
        g = (v * mpmath.cos(v) - mpmath.sin(v))
        scale = abs(v) + 1
        if g != 0 and abs(g) < scale * mpmath.mpf(10) ** -20:  # more digits where it cancels deeper
            with mpmath.workdps(60 + int(-mpmath.log10(abs(g) / scale)) + 10):
                g = v * mpmath.cos(v) - mpmath.sin(v)
                return float(g / (v * v))
        return float(g / (v * v))


def horner(t, *cs):
    """c0 + t·(c1 + t·(… + t·cn)), in that nesting (the compensation polynomials; any array type)."""
    out = cs[-1]
    for c in reversed(cs[:-1]):
        out = c + t * out
    return out


# x86-64's long double: a 64-bit significand (11 bits more than double); elsewhere (MSVC, some
# ARM ABIs) it may be plain double, and the kernel below falls back to double (correct, less accurate)
EXTENDED = np.longdouble if np.finfo(np.longdouble).nmant >= 63 else np.float64


def _expexp(x, a, c, d):
    r"""exp(a·x + c·e^{d·x}), rounded about once. In double the rounding of e^{dx} (relative
    ε = 2⁻⁵³) becomes an absolute error ε|c·e^{dx}| of the outer argument, i.e. a relative error up
    to 745ε of the result (GoLU e^{−e^{−x}}: 438 ULP). Here a·x + c·e^{dx} is a double-double
    pair and e^{dx}, where |c·e^{dx}| > ½ (elsewhere its rounding is below an ULP of the result),
    comes from :func:`_exp_pair` (relative 2⁻⁶¹: 745·2⁻⁶¹ ≈ 0.7 ULP); the outer exponential is
    corrected to first order. Overflow of e^{dx} gives an argument of ±inf and the limit 0 or inf,
    as the exact value rounds; nan propagates."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        v = c * np.exp(d * x)
        redo = (np.abs(v) > 0.5) & (v < 800) & (np.abs(d * x) <= _EXP_SPAN)
        pair = (v, np.zeros_like(v))
        if redo.any():
            e_hi, e_lo = _exp_pair(_scaled(d, x[redo]))
            vh, vl = _scaled(c, e_hi, e_lo)
            pair = (np.where(redo, 0.0, v), np.zeros_like(v))
            pair[0][redo], pair[1][redo] = vh, vl
        if a != 0:
            ah, al = _scaled(a, x)
            s, err = _two_sum(ah, pair[0])
            pair = (s, err + (al + pair[1]))
        return _dd_exp(pair)


def _scaled(k, hi, lo=0.0):
    """The pair k·(hi + lo): exact by a product for k = ±2ʲ (every catalog case), else Dekker's."""
    k = float(k)
    m, _ = np.frexp(k)
    if abs(m) == 0.5:
        return k * hi, k * lo
    return _dd_mul((np.float64(k), 0.0), (hi, lo))


_EXP_STEP = 256          # e^y = e^{n/256}·e^t, |t| ≤ 2⁻⁹
_EXP_SPAN = 16.0         # the table covers |y| ≤ 16 (|c·e^{dx}| between ½ and 800 needs much less)
_EXP_TABLE = None


def _exp_table() -> np.ndarray:
    """e^{n/256} for |n| ≤ 16·256: row 0 the doubles nearest, row 1 the remainders (mpmath at 40
    digits, once per process, about 0.1 s)."""
    global _EXP_TABLE
    if _EXP_TABLE is None:
        import mpmath
        m = int(_EXP_SPAN * _EXP_STEP)
        rows = []
        with mpmath.workdps(40):
            for n in range(-m - 1, m + 2):
                e = mpmath.exp(mpmath.mpf(n) / _EXP_STEP)
                hi = float(e)
                rows.append((hi, float(e - hi)))
        _EXP_TABLE = np.ascontiguousarray(np.array(rows).T)  # row 0: hi, row 1: lo
    return _EXP_TABLE


def _exp_pair(y):
    r"""e^{y_hi + y_lo} (|y_hi| ≤ 16) as a pair (hi, lo) to about 2⁻⁶¹ relative: n = rint(256·y_hi),
    t = (y_hi − n/256) + y_lo (the difference is exact), e^y = T_n·(1 + q) with T_n = e^{n/256}
    from the table (two doubles) and q = e^t − 1 by its Taylor polynomial to t⁵/120 (|t| ≤ 2⁻⁹:
    the remainder is below 2⁻⁶³, q's own rounding 2⁻⁶² absolute)."""
    table = _exp_table()
    n = np.rint(y[0] * _EXP_STEP)
    t = (y[0] - n / _EXP_STEP) + y[1]
    q = t * (1 + t * (0.5 + t * (1 / 6 + t * (1 / 24 + t / 120))))
    k = (n + int(_EXP_SPAN * _EXP_STEP) + 1).astype(np.intp)
    hi, lo = np.take(table[0], k), np.take(table[1], k)
    rest = hi * q + (lo + lo * q)
    s = hi + rest
    return s, rest - (s - hi)


_PI4 = (0.7853981633974483, 3.061616997868383e-17)  # π/4 = hi + lo to 2⁻¹⁰⁷
ONEPSIN2_EXACT = 1.25  # the addition formula's cancellation κ past which mpmath recomputes


def _dd_onepsin2(a):
    r"""1 + sin 2u = 2 sin²(w), w = u + π/4, for u = a[0] + a[1] (a double-double pair): w = h + l
    in double-double (exact to 2⁻¹⁰⁵|w|), sin w = sin h·cos l + cos h·sin l (an identity; for
    |u| < 2²⁶, l is below ulp(h) so cos l = 1 and sin l = l: the first-order correction), so the
    double zeros w = nπ keep their relative accuracy. Where the two products cancel (κ > 1.25: the
    floats within about an ULP of a zero, and about half of |u| ≥ 2²⁶, where l is not small)
    mpmath recomputes the element (NumPy only)."""
    h, low = _dd_add((np.asarray(a[0], dtype=np.float64), np.asarray(a[1], dtype=np.float64)), _PI4)
    with np.errstate(all="ignore"):
        p, q = np.sin(h) * np.cos(low), np.cos(h) * np.sin(low)
        whole = (np.abs(h) >= 2.0**53) & (np.asarray(a[1]) == 0)  # u an integer, l = π/4: no product by cos l
        if np.any(whole):
            u = np.broadcast_to(a[0], h.shape)
            p = np.where(whole, np.sin(u), p)  # sin(u + π/4) = (sin u + cos u)/√2,
            q = np.where(whole, np.cos(u), q)  # so 2 sin²(u + π/4) = (sin u + cos u)²
        r = p + q
        out = np.where(whole, r * r, 2 * (r * r))
        slow = np.isfinite(h) & ~((np.abs(p) + np.abs(q)) <= ONEPSIN2_EXACT * np.abs(r))
    if slow.any():
        out = np.array(out, copy=True)
        hi, lo = np.broadcast_to(a[0], out.shape), np.broadcast_to(a[1], out.shape)
        for k in np.flatnonzero(slow.ravel()).tolist():
            out.ravel()[k] = _onepsin2_exact(float(hi.ravel()[k]), float(lo.ravel()[k]))
    return out


def _onepsin2(u):
    """1 + sin 2u for a double u (see :func:`_dd_onepsin2`)."""
    return _dd_onepsin2((u, np.zeros_like(u)))


def _onepsin2_exact(hi: float, lo: float) -> float:
    """2 sin²(hi + lo + π/4) by mpmath, the working precision raised until the result is had to
    30 digits (the distance to the nearest zero decides how many are lost)."""
    import math

    import mpmath
    digits = int(math.log10(abs(hi) + 1))  # u + π/4 must be formed exactly: |u| reaches 10³⁰⁸
    for dps in (60, 120, 400):
        with mpmath.workdps(dps + digits):
            s = mpmath.sin(mpmath.mpf(hi) + mpmath.mpf(lo) + mpmath.pi / 4)
            if s == 0 or abs(s) > mpmath.mpf(10) ** (30 - dps):  # 30 digits left after the cancellation
                return float(2 * s * s)
    return 0.0


SECH2_NEAR = 0.5


def sech2(xp, sigmoid, u):
    r"""1/cosh(u)² for an array module ``xp``: 1 − tanh(u)² for |u| < ½ (tanh² < 0.22: the
    subtraction keeps tanh's relative error below ½ ULP of the result, ≤ 1 ULP in all) and
    4σ(2u)σ(−2u) beyond (no cancellation, no overflow; 2 ULP near 0, which is why not there)."""
    t = xp.tanh(u)
    near = 1 - t * t
    far = 4 * (sigmoid(2 * u) * sigmoid(-2 * u))
    return xp.where(xp.abs(u) < SECH2_NEAR, near, far)


def _sech2(u):
    return sech2(np, _sp.expit, u)


def _sech(u):
    return 1 / np.cosh(u)


def _nan(x):
    return np.full(x.shape, np.nan, dtype=x.dtype)


NAMESPACE = {"_prepare": _prepare, "_horner": horner, "_ndtr": _ndtr, "_gauss": _gauss,
             "_finish": _finish, "_softplus": _softplus, "_phi": _phi, "_sinc": _sinc,
             "_sech": _sech, "_nan": _nan, "_sinc_d": _sinc_d, "_expexp": _expexp,
             "_onepsin2": _onepsin2, "_sech2": _sech2}


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
    return _first_order(np.tanh(a[0]), _sech2(a[0]), a[1])


_TWO_OVER_SQRT_PI = 1.1283791670955125739


def _dd_erf(a):
    return _first_order(_sp.erf(a[0]), _TWO_OVER_SQRT_PI * _gauss(np.sqrt(2.0) * a[0]), a[1])


def _dd_erfc(a):
    return _first_order(_sp.erfc(a[0]), -_TWO_OVER_SQRT_PI * _gauss(np.sqrt(2.0) * a[0]), a[1])


def _dd_sech2(a):
    """sech²(h + l): 1 − t² with t = tanh(h + l) corrected to first order for |h| < ½, and
    4σ(2h + 2l)σ(−2h − 2l) with each σ corrected beyond (the same values as the two factors
    would have as kernels of their own)."""
    h, low = a
    t = _dd_tanh(a)
    far = 4 * (_dd_sigmoid((2 * h, 2 * low)) * _dd_sigmoid((-2 * h, -2 * low)))
    return np.where(np.abs(h) < SECH2_NEAR, 1 - t * t, far)


def _dd_log1p(a):
    return _first_order(np.log1p(a[0]), 1 / (1 + a[0]), a[1])


NAMESPACE.update({k: v for k, v in dict(globals()).items() if k.startswith("_dd") or k in ("_two_sum", "_split_dd", "_first_order")})
