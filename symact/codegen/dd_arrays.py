r"""Double-double arithmetic for any array module: the runtime half of :mod:`symact.codegen.dd`.

A pair (hi, lo) of float64 arrays (or Python floats, for constants) stands for hi + lo with
|lo| ≤ ulp(hi)/2. Sums are Knuth's exact two-sum, products Dekker's with a Veltkamp split
(:math:`2^{27} + 1`), so both need every operation rounded as written: no FMA contraction, no
reassociation (NumPy and PyTorch's eager kernels round each operation; the C prelude has its own
copy for the C compiler). A kernel K receiving a pair is corrected to first order,

.. math:: K(h + l) = K(h) + l\,K'(h),

where the corrected value is finite (else K(h)); anywhere else the pair is rounded once,
fl(h + l). :func:`namespace` builds the helpers the generated code calls (``_dd_add``,
``_dd_mul``, ``_ddc``, ``_dd_round``, ``_dd_sigmoid``, …) from a backend's ``where``,
``isfinite``, ``abs`` and kernels, so NumPy and PyTorch run the same arithmetic.
"""
from __future__ import annotations

import math
from typing import Callable

VELTKAMP = 2.0**27 + 1
TWO_OVER_SQRT_PI = 1.1283791670955125739
SQRT2 = math.sqrt(2.0)
SECH2_NEAR = 0.5  # sech²(u): 1 − tanh(u)² below, 4σ(2u)σ(−2u) beyond (see runtime.sech2)

_CONSTANTS: dict[str, tuple[float, float]] = {}


def constant_pair(text: str) -> tuple[float, float]:
    """The pair (hi, lo) of a constant given to 40 digits (hi the nearest double, lo the rest)."""
    if text not in _CONSTANTS:
        import mpmath
        with mpmath.workdps(50):
            v = mpmath.mpf(text)
            hi = float(v)
            _CONSTANTS[text] = (hi, float(v - hi))
    return _CONSTANTS[text]


# the generated code's names for the first-order corrected kernels (symact.codegen.dd.CORRECTED)
KERNEL_ARGUMENTS = ("sigmoid", "exp", "expm1", "softplus", "Phi", "phi", "tanh", "sech2", "erf", "erfc",
                    "gauss", "log1p")


def namespace(where: Callable, isfinite: Callable, absolute: Callable, kernels: dict[str, Callable]) -> dict:
    """``{"_dd_add": …, "_dd_mul": …, "_ddc": …, "_dd_round": …, "_dd_<kernel>": …}`` for an array
    module given by its ``where``, ``isfinite`` and ``abs`` and its ``kernels`` (the names of
    :data:`KERNEL_ARGUMENTS`: σ, e^u, expm1, softplus, Φ, φ, tanh, sech², erf, erfc,
    e^{−u²/2}, log1p). Python floats (the constants' parts) are handled with :mod:`math`."""

    def finite(a):
        return math.isfinite(a) if isinstance(a, float) else isfinite(a)

    def select(cond, a, b):
        if isinstance(cond, bool):
            return a if cond else b
        return where(cond, a, b)

    def split(a):
        """a = hi + lo with hi the top 26 bits (|a| > 2^996: no split, lo = 0)."""
        c = VELTKAMP * a
        hi = c - (c - a)
        hi = select(finite(hi), hi, a)
        return hi, a - hi

    def two_sum(a, b):
        s = a + b
        bb = s - a
        err = (a - (s - bb)) + (b - bb)
        return s, select(finite(s), err, 0.0)

    def dd_add(a, b):
        s, e = two_sum(a[0], b[0])
        e = select(finite(s), e + (a[1] + b[1]), 0.0)
        hi = s + e
        return hi, select(finite(hi), e - (hi - s), 0.0)

    def dd_mul(a, b):
        p = a[0] * b[0]
        ah, al = split(a[0])
        bh, bl = split(b[0])
        e = ((ah * bh - p) + ah * bl + al * bh) + al * bl  # Dekker: a·b − p exactly
        e = select(finite(p), e + (a[0] * b[1] + a[1] * b[0]), 0.0)
        hi = p + e
        return hi, select(finite(hi), e - (hi - p), 0.0)

    def dd_round(a):
        return a[0] + a[1]

    def first_order(value, slope, lo):
        """K(h + l) = K(h) + l·K′(h), where both are finite (else K(h))."""
        corrected = value + lo * slope
        return select(finite(corrected), corrected, value)

    k = kernels

    def dd_sigmoid(a):
        s = k["sigmoid"](a[0])
        return first_order(s, s * k["sigmoid"](-a[0]), a[1])

    def dd_exp(a):
        e = k["exp"](a[0])
        return first_order(e, e, a[1])

    def dd_expm1(a):
        return first_order(k["expm1"](a[0]), k["exp"](a[0]), a[1])

    def dd_softplus(a):
        return first_order(k["softplus"](a[0]), k["sigmoid"](a[0]), a[1])

    def dd_phi_cdf(a):
        return first_order(k["Phi"](a[0]), k["phi"](a[0]), a[1])

    def dd_tanh(a):
        return first_order(k["tanh"](a[0]), k["sech2"](a[0]), a[1])

    def dd_erf(a):
        return first_order(k["erf"](a[0]), TWO_OVER_SQRT_PI * k["gauss"](SQRT2 * a[0]), a[1])

    def dd_erfc(a):
        return first_order(k["erfc"](a[0]), -TWO_OVER_SQRT_PI * k["gauss"](SQRT2 * a[0]), a[1])

    def dd_sech2(a):
        """sech²(h + l): 1 − t² with t = tanh(h + l) corrected to first order for |h| < ½, and
        4σ(2h + 2l)σ(−2h − 2l) with each σ corrected beyond (the same values as the two factors
        would have as kernels of their own)."""
        h, low = a
        t = dd_tanh(a)
        far = 4 * (dd_sigmoid((2 * h, 2 * low)) * dd_sigmoid((-2 * h, -2 * low)))
        return where(absolute(h) < SECH2_NEAR, 1 - t * t, far)

    def dd_log1p(a):
        return first_order(k["log1p"](a[0]), 1 / (1 + a[0]), a[1])

    return {"_split_dd": split, "_two_sum": two_sum, "_dd_add": dd_add, "_dd_mul": dd_mul, "_ddc": constant_pair,
            "_dd_round": dd_round, "_first_order": first_order, "_dd_sigmoid": dd_sigmoid, "_dd_exp": dd_exp,
            "_dd_expm1": dd_expm1, "_dd_softplus": dd_softplus, "_dd_Phi": dd_phi_cdf, "_dd_tanh": dd_tanh,
            "_dd_erf": dd_erf, "_dd_erfc": dd_erfc, "_dd_sech2": dd_sech2, "_dd_log1p": dd_log1p}


__all__ = ["KERNEL_ARGUMENTS", "SECH2_NEAR", "TWO_OVER_SQRT_PI", "VELTKAMP", "constant_pair", "namespace"]
