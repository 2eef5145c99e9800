r"""The helpers generated NumPy code calls: dtype handling and a few stable kernels."""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import math

import numpy as np
import scipy.special as _sp

from .dd_arrays import SECH2_NEAR
from .dd_arrays import namespace as dd_namespace
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


@contextlib.contextmanager
def ieee_subnormals():
    """Within: the default floating-point environment (no flush to zero, no denormals-are-zero),
    the caller's restored after. A host callback from XLA's CPU runtime runs with both flags set
    (MXCSR 0x9fe2, measured), so NumPy there flushes subnormals too (GoLU′ at −6.57 gave 0
    instead of −4.6·10⁻³⁰⁸). glibc's ``fesetenv(FE_DFL_ENV)`` through ctypes; elsewhere a no-op."""
    libm = _libm()
    if libm is None:
        yield
        return
    saved = ctypes.create_string_buffer(64)  # fenv_t: 32 bytes on x86-64, 8 on AArch64
    if libm.fegetenv(saved) != 0:
        yield
        return
    libm.fesetenv(ctypes.c_void_p(-1))  # FE_DFL_ENV is (const fenv_t *) -1 in glibc
    try:
        yield
    finally:
        libm.fesetenv(saved)


@functools.lru_cache(maxsize=1)
def _libm():
    """glibc's libm (for fegetenv / fesetenv), or None on another C library."""
    import platform
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
    except OSError:
        return None


def _softplus(u):
    """log(1 + eᵘ) = max(u, 0) + log1p(e^{−|u|}): no overflow, no cancellation."""
    return np.logaddexp(u.dtype.type(0), u)


def _phi(u):
    r"""φ(u) = e^{−u²/2}/√(2π), the Gaussian factor from :func:`_gauss` (u² split exactly)."""
    dt = u.dtype
    inv_sqrt_2pi = dt.type("0.398942280401432677939946059934381868475858631164934657665926")
    value = _gauss(u) * inv_sqrt_2pi
    # beyond this |u|, φ(u) is below half the smallest subnormal: exactly 0 (and u² may overflow)
    gone = dt.type(np.sqrt(-2 * np.log(float(np.finfo(dt).smallest_subnormal))) + 1)
    return np.where(np.abs(u) > gone, dt.type(0), value)


def gauss_kernel(where, isfinite, exp, expm1):
    r"""``gauss(u, s=½)`` = e^{−s·u²} (s = ½ or 1) for an array module given by its ``where``,
    ``isfinite``, ``exp`` and ``expm1``, with u² split exactly (Veltkamp): u = h + l with h² exact,
    so e^{−s·u²} = e^{−s·h²}(1 + expm1(−s(2hl + l²))) and the rounding of u² (relative ε, absolute
    ε·s·u²: hundreds of ULP of the result at |u| ≈ 30) never reaches the exponent. Written
    e₁ + e₁·expm1(b), not e₁·exp(b): XLA rewrites exp(a)·exp(b) to exp(a + b), which rounds a + b
    and undoes the split (476 ULP at u = −37.16, measured). One definition for every runtime."""

    def gauss(u, s=0.5):
        c = u * (2.0**27 + 1 if u.dtype.itemsize == 8 else 2.0**12 + 1)  # float32: JAX without x64
        h = c - (c - u)
        h = where(isfinite(h), h, u)
        low = u - h
        e1 = exp(-(h * h) * s)
        return e1 + e1 * expm1(-(2 * h * low + low * low) * s)

    return gauss


_gauss = gauss_kernel(np.where, np.isfinite, np.exp, np.expm1)


def mills_tail_kernel(where, isfinite, clip, floor, to_index, table):
    r"""``scaled_tail(t)`` = Q(t) = Φ(−t)·e^{t²/2} for t ≥ 1 from :mod:`symact.codegen.mills_table`
    (Horner, one degree-16 polynomial per unit interval; t past the table's end clips to its last
    row, where e^{−t²/2} is 0 anyway), for an array module given by its ``where``, ``isfinite``,
    ``clip``, ``floor``, ``to_index`` and ``table(like)`` (the rows as that module's array, beside
    ``like``): one definition for the NumPy, PyTorch and JAX runtimes."""
    from .mills_table import FIRST, LAST

    def scaled_tail(t):
        rows = table(t)
        t = clip(where(isfinite(t), t, float(FIRST)), FIRST, LAST)  # past the end any finite Q does
        kf = clip(floor(t), FIRST, LAST - 1)
        k = to_index(kf) - FIRST
        s = t - (kf + 0.5)
        acc = rows[k, -1]
        for j in range(rows.shape[1] - 2, -1, -1):
            acc = rows[k, j] + s * acc
        return acc

    return scaled_tail


def mills_rows():
    """The Mills-ratio table's rows as a float64 NumPy array (built once)."""
    global _MILLS_ROWS
    if _MILLS_ROWS is None:
        from .mills_table import ROWS
        _MILLS_ROWS = np.array(ROWS, dtype=np.float64)
    return _MILLS_ROWS


_MILLS_ROWS = None
_scaled_tail = mills_tail_kernel(np.where, np.isfinite, np.clip, np.floor, lambda k: k.astype(np.int64),
                                 lambda like: mills_rows())


def ndtr_kernel(where, ndtr, scaled_tail, gauss):
    r"""Φ(v) for an array module given by its ``where``, ``ndtr``, the Mills-ratio
    ``scaled_tail`` (:func:`mills_tail_kernel`) and ``gauss`` (:func:`gauss_kernel`): ``ndtr`` for
    v ≥ −1; below, :math:`Φ(v) = e^{−v²/2}\,Q(−v)` with the Gaussian factor from v split exactly
    and Q from the fitted table. ``ndtr`` itself computes ½erfc(−v/√2), whose argument's rounding is
    amplified v² times and whose erfc is inexact (scipy: 1705 ULP at v = −30; torch cancels to
    ½(1 + erf) there), and erfcx·e^{−v²/2} was 4.4 ULP; this form stays within 3 ULP. One
    definition for the NumPy, PyTorch and JAX runtimes."""

    def phi_cdf(v):
        far = v < -1
        w = where(far, v, -2.0)
        tail = scaled_tail(-w) * gauss(w)
        tail = where(v < -40, 0.0, tail)  # Φ(−40) < 10⁻³⁴⁸: 0 in every format (and the split overflows)
        return where(far, tail, ndtr(v))

    return phi_cdf


_ndtr_f64 = ndtr_kernel(np.where, _sp.ndtr, _scaled_tail, _gauss)


def _ndtr(v):
    """Φ(v) (:func:`ndtr_kernel`) in v's dtype."""
    with np.errstate(all="ignore"):
        return _ndtr_f64(v.astype(np.float64, copy=False)).astype(v.dtype, copy=False)


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


def checked_sinc_derivative(xp, n: int, u, float64: bool, patch):
    """:func:`sinc_derivative`, and for sinc′ in float64 the elements where its closed form cancels
    (:func:`sinc_d1_slow`) handed to ``patch(out, slow, u)``: a backend's way of sending them to
    :func:`sinc_d1_cancelled` on the host."""
    out = sinc_derivative(xp, n, u)
    if n != 1 or not float64:
        return out
    slow, _ = sinc_d1_slow(xp, u)
    return patch(out, slow, u)


def _sinc_d(n, u):
    """sinc′ / sinc″ for NumPy; sinc′ with the slow path of :func:`sinc_d1_cancelled` where its
    closed form cancels (near the zeros of sinc′ past the eight that
    :mod:`symact.codegen.compensate` serves: tan u = u has infinitely many roots)."""
    out = sinc_derivative(np, n, u)
    if n == 1 and u.dtype == np.float64:
        out = sinc_d1_cancelled(u, out)
    return out


CANCEL = 4.0        # κ past which sinc′ is recomputed in extended precision (κ·2⁻⁶⁴ ≪ 2⁻⁵³)
CANCEL_EXACT = 2.0**9  # … and past which (extended precision loses more than κ·2⁻⁶⁴ > 2⁻⁵⁵) by mpmath


def sinc_d1_slow(xp, u):
    r"""(slow, κ) for sinc′'s closed form (cos u − sin(u)/u)/u at u, for an array module ``xp``:
    κ = (|cos u| + |sin(u)/u|)/|cos u − sin(u)/u|, the cancellation's amplification of rounding
    errors, and ``slow`` where κ > 4 (or not a number) past the series (|u| ≥ 1.5)."""
    s, c = xp.sin(u), xp.cos(u)
    q = s / u
    kappa = (xp.abs(c) + xp.abs(q)) / xp.abs(c - q)
    return (xp.abs(u) >= SINC_SERIES_END) & xp.isfinite(u) & ~(kappa <= CANCEL), kappa


def sinc_d1_cancelled(u, out):
    r"""sinc′(u) = (cos u − sin(u)/u)/u for |u| ≥ 1.5 cancels near its zeros (tan u = u): the
    relative error is κε with κ = (|cos u| + |sin(u)/u|)/|cos u − sin(u)/u|, 10¹² ULP at the float
    nearest the 9th zero. Where κ > 4 (a fraction of about 2.5/|u| of uniform inputs) the
    difference is recomputed with a 64-bit significand (glibc's sinl/cosl reduce exactly), where
    κ > 2⁹ (about 1/(200|u|)) by mpmath at 40 digits beyond the cancellation. NumPy, and PyTorch and
    JAX, whose backends send those elements here (:func:`checked_sinc_derivative`); the C kernel
    uses libquadmath instead."""
    with np.errstate(all="ignore"):
        slow, kappa = sinc_d1_slow(np, u)
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


def expexp_kernel(where, exp, absolute, rint, to_index, table, dd: dict):
    r"""The kernel ``expexp(x, a, c, d)`` = exp(a·x + c·e^{d·x}), rounded about once, for an array
    module given by its ``where``, ``exp``, ``abs``, ``rint`` (half to even), ``to_index`` (floats to
    integer indices), ``table(like)`` (:func:`exp_table` as that module's array, beside ``like``)
    and its double-double helpers ``dd`` (:func:`symact.codegen.dd_arrays.namespace`).

    In double the rounding of e^{dx} (relative ε = 2⁻⁵³) becomes an absolute error ε|c·e^{dx}| of
    the outer argument, i.e. a relative error up to 745ε of the result (GoLU e^{−e^{−x}}: 438 ULP).
    Here a·x + c·e^{dx} is a double-double pair and e^{dx}, where |c·e^{dx}| > ½ (elsewhere its
    rounding is below an ULP of the result), comes from the table (``exp_pair`` below, relative
    2⁻⁶¹: 745·2⁻⁶¹ ≈ 0.7 ULP); the outer exponential is corrected to first order. Overflow of
    e^{dx} gives an argument of ±inf and the limit 0 or inf, as the exact value rounds; nan
    propagates."""
    two_sum, dd_mul, dd_exp = dd["_two_sum"], dd["_dd_mul"], dd["_dd_exp"]

    def scaled(k, hi, lo=0.0):
        """The pair k·(hi + lo): exact by a product for k = ±2ʲ (every catalog case), else Dekker's."""
        k = float(k)
        if abs(math.frexp(k)[0]) == 0.5:
            return k * hi, k * lo
        return dd_mul((k, 0.0), (hi, lo))

    def exp_pair(y):
        r"""e^{y_hi + y_lo} (|y_hi| ≤ 16) as a pair (hi, lo) to about 2⁻⁶¹ relative: n = rint(256·y_hi),
        t = (y_hi − n/256) + y_lo (the difference is exact), e^y = T_n·(1 + q) with T_n = e^{n/256}
        from the table (two doubles) and q = e^t − 1 by its Taylor polynomial to t⁵/120 (|t| ≤ 2⁻⁹:
        the remainder is below 2⁻⁶³, q's own rounding 2⁻⁶² absolute)."""
        rows = table(y[0])
        n = rint(y[0] * _EXP_STEP)
        t = (y[0] - n / _EXP_STEP) + y[1]
        q = t * (1 + t * (0.5 + t * (1 / 6 + t * (1 / 24 + t / 120))))
        k = to_index(n + int(_EXP_SPAN * _EXP_STEP) + 1)
        hi, lo = rows[0][k], rows[1][k]
        rest = hi * q + (lo + lo * q)
        s = hi + rest
        return s, rest - (s - hi)

    def expexp(x, a, c, d):
        v = c * exp(d * x)
        redo = (absolute(v) > 0.5) & (v < 800) & (absolute(d * x) <= _EXP_SPAN)
        inner = scaled(d, x)
        # elsewhere 0: any index of the table will do (a float part is the exact product's 0)
        e_hi, e_lo = exp_pair(tuple(part if isinstance(part, float) else where(redo, part, 0.0) for part in inner))
        vh, vl = scaled(c, e_hi, e_lo)
        pair = (where(redo, vh, v), where(redo, vl, 0.0))
        if float(a) != 0:
            ah, al = scaled(a, x)
            s, err = two_sum(ah, pair[0])
            pair = (s, err + (al + pair[1]))
        return dd_exp(pair)

    return expexp


_EXP_STEP = 256          # e^y = e^{n/256}·e^t, |t| ≤ 2⁻⁹
_EXP_SPAN = 16.0         # the table covers |y| ≤ 16 (|c·e^{dx}| between ½ and 800 needs much less)
_EXP_TABLE = None


def exp_table() -> np.ndarray:
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


_PI4 = (0.7853981633974483, 3.061616997868383e-17)  # π/4 = hi + lo to 2⁻¹⁰⁷
ONEPSIN2_EXACT = 1.25  # the addition formula's cancellation κ past which mpmath recomputes


def onepsin2_kernel(where, sin, cos, absolute, isfinite, dd_add):
    r"""``pair(a) -> (1 + sin 2u, slow)`` for u = a[0] + a[1] (a double-double pair), for an array
    module given by its ``where``, ``sin``, ``cos``, ``abs``, ``isfinite`` and double-double sum:
    1 + sin 2u = 2 sin²(w), w = u + π/4 in double-double (exact to 2⁻¹⁰⁵|w|),
    sin w = sin h·cos l + cos h·sin l (an identity; for |u| < 2²⁶, l is below ulp(h) so cos l = 1
    and sin l = l: the first-order correction), so the double zeros w = nπ keep their relative
    accuracy. ``slow`` marks the elements where the two products cancel (κ > 1.25: the floats
    within about an ULP of a zero, and about half of |u| ≥ 2²⁶, where l is not small); the NumPy
    runtime recomputes those with mpmath."""

    def pair(a):
        h, low = dd_add(a, _PI4)
        p, q = sin(h) * cos(low), cos(h) * sin(low)
        whole = (absolute(h) >= 2.0**53) & (a[1] == 0)  # u an integer, l = π/4: no product by cos l
        p = where(whole, sin(a[0]), p)  # sin(u + π/4) = (sin u + cos u)/√2,
        q = where(whole, cos(a[0]), q)  # so 2 sin²(u + π/4) = (sin u + cos u)²
        r = p + q
        out = where(whole, r * r, 2 * (r * r))
        slow = isfinite(h) & ~((absolute(p) + absolute(q)) <= ONEPSIN2_EXACT * absolute(r))
        return out, slow

    return pair


def _dd_onepsin2(a):
    """1 + sin 2u for a double-double u (:func:`onepsin2_kernel`), the cancelling elements by mpmath."""
    a = (np.asarray(a[0], dtype=np.float64), np.asarray(a[1], dtype=np.float64))
    a = np.broadcast_arrays(*a)
    with np.errstate(all="ignore"):
        out, slow = _onepsin2_pair(a)
    return onepsin2_fix(out, slow, *a)


def onepsin2_fix(out, slow, hi, lo):
    """``out`` (NumPy) with the elements marked ``slow`` recomputed by :func:`onepsin2_exact` from
    the pair (hi, lo): what every runtime does with :func:`onepsin2_kernel`'s ``slow``."""
    if not np.any(slow):
        return out
    out = np.array(out, dtype=np.float64, copy=True)
    hi, lo, slow = np.broadcast_arrays(np.asarray(hi, dtype=np.float64), np.asarray(lo, dtype=np.float64), slow)
    out[slow] = onepsin2_exact_all(hi[slow], lo[slow])
    return out


def onepsin2_exact_all(hi, lo) -> np.ndarray:
    """:func:`onepsin2_exact` for each pair of two equally shaped float64 arrays (mpmath, one
    element at a time: only for the few elements a kernel marks slow)."""
    return np.array([onepsin2_exact(h, v) for h, v in zip(np.ravel(hi).tolist(), np.ravel(lo).tolist())],
                    dtype=np.float64).reshape(np.shape(hi))


def _onepsin2(u):
    """1 + sin 2u for a double u (see :func:`_dd_onepsin2`)."""
    return _dd_onepsin2((u, np.zeros_like(u)))


def onepsin2_exact(hi: float, lo: float) -> float:
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
             "_sech": _sech, "_nan": _nan, "_sinc_d": _sinc_d,
             "_onepsin2": _onepsin2, "_sech2": _sech2}


# ---- double-double arithmetic (symact.codegen.dd): pairs (hi, lo) of float64 arrays ----------

_DD = dd_namespace(np.where, np.isfinite, np.abs, {
    "sigmoid": _sp.expit, "exp": np.exp, "expm1": np.expm1, "softplus": _softplus, "Phi": _ndtr, "phi": _phi,
    "tanh": np.tanh, "sech2": _sech2, "erf": _sp.erf, "erfc": _sp.erfc, "gauss": _gauss, "log1p": np.log1p})
_dd_add = _DD["_dd_add"]
_onepsin2_pair = onepsin2_kernel(np.where, np.sin, np.cos, np.abs, np.isfinite, _dd_add)
_expexp = expexp_kernel(np.where, np.exp, np.abs, np.rint, lambda n: n.astype(np.intp), lambda like: exp_table(), _DD)
NAMESPACE.update(_DD)
NAMESPACE["_expexp"] = _expexp
NAMESPACE["_dd_onepsin2"] = _dd_onepsin2
