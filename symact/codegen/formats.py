r"""The 16-bit floating-point formats: every finite value, correct rounding from float64, ULPs.

A binary format with ``p`` stored mantissa bits and exponent range ``[emin, emax]`` holds
:math:`\pm m \cdot 2^{e-p}` with integers :math:`0 \le m < 2^{p+1}` and :math:`e \ge e_{\min}`;
its largest value is :math:`(2 - 2^{-p})\,2^{e_{\max}}`.

=========  ===  =====  =====  ===============  ================
format      p   emin   emax   smallest normal  largest
=========  ===  =====  =====  ===============  ================
float16    10   −14     15    6.1e−5           65504
bfloat16    7   −126   127    1.2e−38          3.39e38
=========  ===  =====  =====  ===============  ================

Rounding to nearest, ties to even, is done in float64 arithmetic without any intermediate
format: with :math:`e = \max(\lfloor\log_2|y|\rfloor, e_{\min})` and :math:`q = 2^{e-p}`,
:math:`\mathrm{rn}(y) = q\cdot\mathrm{round\_half\_even}(y/q)` (y/q is exact: a power-of-two
scaling), and ``inf`` once :math:`|\mathrm{rn}(y)| \ge 2^{e_{\max}+1}`. This is the one rounding
IEEE 754 prescribes. Rounding float64 → float32 → bfloat16 (what ``ml_dtypes`` casts do) rounds
twice and is wrong when the float32 step lands on a bfloat16 tie:
1 + 2⁻⁸ + 2⁻⁴⁰ must round up to 1 + 2⁻⁷, and through float32 it rounds down to 1.

>>> import numpy as np
>>> float(BFLOAT16.round(np.array([1 + 2**-8 + 2**-40]))[0]) == 1 + 2**-7
True
>>> float(FLOAT16.ulp(np.array([1.0]))[0]) == 2**-10
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Format:
    """A binary floating-point format: ``mantissa`` stored bits, ``exponent`` bits."""

    name: str
    mantissa: int
    exponent: int

    @property
    def emax(self) -> int:
        return 2 ** (self.exponent - 1) - 1

    @property
    def emin(self) -> int:
        return 1 - self.emax

    @property
    def max(self) -> float:
        return (2 - 2.0**-self.mantissa) * 2.0**self.emax

    @property
    def smallest_normal(self) -> float:
        return 2.0**self.emin

    @property
    def smallest_subnormal(self) -> float:
        return 2.0 ** (self.emin - self.mantissa)

    def bits_to_values(self, bits: np.ndarray) -> np.ndarray:
        """The values (float64) of 16-bit patterns ``bits`` (uint16), nan and inf included."""
        bits = np.asarray(bits, dtype=np.uint16)
        if self.name == "float16":
            return bits.view(np.float16).astype(np.float64)
        # bfloat16 is the top half of a float32: the low 16 bits are zero
        with np.errstate(invalid="ignore"):  # signalling nan patterns
            return (bits.astype(np.uint32) << np.uint32(16)).view(np.float32).astype(np.float64)

    def all_finite(self) -> np.ndarray:
        """Every finite value of the format (−0 and +0 both), as float64, in bit-pattern order."""
        xs = self.bits_to_values(np.arange(2**16, dtype=np.uint32).astype(np.uint16))
        return xs[np.isfinite(xs)]

    def _exponent(self, y: np.ndarray) -> np.ndarray:
        # |y| = m·2^E with m in [0.5, 1): floor(log2|y|) = E − 1 (exact, no log rounding)
        _, e = np.frexp(y)
        return np.maximum(e.astype(np.int64) - 1, self.emin)

    def round(self, y) -> np.ndarray:
        """``y`` (float64) rounded to the nearest value of the format, ties to even; overflow
        gives ±inf, nan stays nan, ±0 keep their sign. Returned as float64 (exact)."""
        y = np.asarray(y, dtype=np.float64)
        with np.errstate(all="ignore"):
            finite = np.isfinite(y) & (y != 0)
            safe = np.where(finite, y, 1.0)
            q = np.ldexp(1.0, self._exponent(safe) - self.mantissa)
            r = np.round(safe / q) * q  # np.round: half to even
            r = np.where(np.abs(r) >= 2.0 ** (self.emax + 1), np.copysign(np.inf, safe), r)
            r = np.where(r == 0, np.copysign(0.0, safe), r)  # underflow keeps the sign
            return np.where(finite, r, y)

    def ulp(self, r) -> np.ndarray:
        r"""The spacing of the format at ``r`` (a value of the format, float64):
        :math:`2^{\max(\lfloor\log_2|r|\rfloor, e_{\min}) - p}`, the smallest subnormal at 0 —
        the same convention as ``np.spacing(|r|)`` for float32 and float64."""
        r = np.asarray(r, dtype=np.float64)
        safe = np.where(np.isfinite(r) & (r != 0), r, 1.0)
        out = np.ldexp(1.0, self._exponent(safe) - self.mantissa)
        return np.where(r == 0, self.smallest_subnormal, out)

    def native(self):
        """The NumPy dtype of the format (``ml_dtypes.bfloat16`` when that package is installed),
        or None."""
        if self.name == "float16":
            return np.dtype(np.float16)
        try:
            import ml_dtypes
        except ImportError:
            return None
        return np.dtype(ml_dtypes.bfloat16)


FLOAT16 = Format("float16", 10, 5)
BFLOAT16 = Format("bfloat16", 7, 8)
FORMATS = {"float16": FLOAT16, "bfloat16": BFLOAT16}


def round_to(y, dtype) -> np.ndarray:
    """``y`` cast to ``dtype`` with one correct rounding: bfloat16 (``ml_dtypes``) through
    :meth:`Format.round` (its own cast rounds twice, through float32); other dtypes by NumPy."""
    dtype = np.dtype(dtype)
    if dtype.name == "bfloat16":
        # exactly representable after the rounding, so the cast below is exact
        return BFLOAT16.round(np.asarray(y, dtype=np.float64)).astype(dtype)
    return np.asarray(y).astype(dtype)


__all__ = ["BFLOAT16", "FLOAT16", "FORMATS", "Format", "round_to"]
