r"""Exhaustive accuracy: every finite input of float16 and bfloat16, and all 2³² float32 patterns.

**16-bit formats** (:func:`measure_format`). Each of the 2¹⁶ bit patterns that is finite is an
input (63 488 for float16, 65 280 for bfloat16, −0 included). The reference is the exact value
as a python-flint ``arb`` ball at 96 bits (256, then 1024 where the ball is wider than 2⁻⁶⁰
relative), rounded to float64 (:func:`symact.codegen.accuracy.reference64`): that rounding moves the ULP error of a p-bit result by at most
:math:`2^{-53}\,|r| / \mathrm{ulp}_p(r) \le 2^{p-52}` ULP (2⁻⁴² for float16), far below what is
reported. The error of an output y is :math:`|y - r| / \mathrm{ulp}(\mathrm{rn}(r))`, counted
where the exact value is 0 or a normal number of the format (the targets' domain); a non-finite
output where rn(r) is finite is counted apart, never folded into the maximum.

The reference is not symact's own float64 kernel here: symact's 16-bit output *is* that kernel
rounded once, so measured against it the error would be ≤ 0.5 ULP by construction and the
sweep would test nothing.

**float32** (:func:`evaluate_chunk`, driven over Dask by ``benchmarks/exhaustive_float32.py``).
2³² inputs are out of reach of ``arb``; the reference is symact's own float64 NumPy kernel, which
the driver first checks to be ≤ 4 ULP against the 50-digit reference on a sample. A chunk builds
its inputs from its index (bit patterns ``index·size … (index+1)·size − 1``, times ``step`` for a
strided fraction): no array of all inputs ever exists. If the reference has error ε (float64
ULPs), the float32 error it reports is off by at most :math:`\varepsilon\,2^{-29}` ULP. For the
NumPy backend, whose float32 output is that same kernel rounded once, the sweep therefore
checks the float32 path (rounding, dtypes, special values, non-finite outputs) rather than the
kernel's accuracy; for a backend that computes in float (C, CuPy) it measures the float kernel.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import sympy as sp

from ..core.symbols import X
from .accuracy import REGIONS, Row, reference64, table
from .formats import Format

def ulp_errors_format(y: np.ndarray, ref: np.ndarray, zero: np.ndarray, fmt: Format) -> tuple[np.ndarray, np.ndarray]:
    """Per input: the ULP error of the output ``y`` (nan where the exact value is not 0 or a
    normal number of ``fmt``) and whether ``y`` is non-finite although rn(exact) is finite."""
    y = np.asarray(y, dtype=np.float64)
    rd = fmt.round(ref)
    finite_exact = np.isfinite(ref) & np.isfinite(rd)
    counted = zero | (finite_exact & (np.abs(ref) >= fmt.smallest_normal))
    with np.errstate(all="ignore"):
        errs = np.abs(y - np.where(zero, 0.0, ref)) / fmt.ulp(np.where(zero, 0.0, rd))
    ok = counted & np.isfinite(y)
    return np.where(ok, errs, np.nan), finite_exact & ~np.isfinite(y)


def symact_output(fn, fmt: Format, xs: np.ndarray, derivative: bool) -> np.ndarray:
    """symact's output for the format, as float64 values of the format. With the native dtype,
    the generated function is called on it (and must return it); without one (bfloat16 and no
    ``ml_dtypes``), the float64 computation is rounded once to the format, which is what the
    runtime does for a native array."""
    dt = fmt.native()
    arg = xs.astype(dt) if dt is not None else xs
    y = fn.value_and_grad(arg)[1] if derivative else fn(arg)
    y = np.asarray(y)
    if dt is not None and y.dtype != dt:
        raise RuntimeError(f"{fmt.name} in gave {y.dtype} out")  # a dtype bug, not a missing loop
    return y.astype(np.float64) if dt is not None else fmt.round(y)


def measure_format(fns: dict, expr: sp.Expr, fmt: Format, derivative: bool = False) -> dict[str, list[Row]]:
    """Exhaustive ULP rows for each named function of ``fns`` (``name -> callable(float64 values
    of the format) -> outputs``, rounded to the format when wider) on every finite input of
    ``fmt``, value or first derivative of ``expr``; None for a function that raises TypeError or
    ValueError (no loop for the dtype)."""
    xs = fmt.all_finite()
    target = sp.diff(expr, X) if derivative else expr
    ref, zero = reference64(target, xs)
    out = {}
    for name, fn in fns.items():
        with np.errstate(all="ignore"):
            try:
                y = fmt.round(np.asarray(fn(xs), dtype=np.float64))
            except (TypeError, ValueError):  # no loop for the dtype (naive lambdify on bfloat16)
                out[name] = None
                continue
        errs, bad = ulp_errors_format(y, ref, zero, fmt)
        out[name] = table(xs, errs, bad)
    return out


def measure_symact(f, fmt: Format, derivative: bool = False, naive=None) -> dict[str, list[Row]]:
    """Exhaustive rows for a :class:`~symact.codegen.NumericFunction` (and, when given, the naive
    lambdify function evaluated on the format's own dtype, outputs rounded to the format)."""
    fns = {"symact": lambda xs: symact_output(f, fmt, xs, derivative)}
    if naive is not None:
        dt = fmt.native()

        def theirs(xs):
            arg = xs.astype(dt) if dt is not None else xs
            y = naive.value_and_grad(arg)[1] if derivative else naive(arg)
            return np.asarray(y).astype(np.float64)
        fns["naive"] = theirs
    return measure_format(fns, f.expr, fmt, derivative)


# --- float32, all 2^32 bit patterns, in chunks ------------------------------------------------

@dataclass(frozen=True)
class Sweep:
    """What one exhaustive float32 run evaluates: an activation (with parameters as
    ``((name, value-string), ...)``), the backend under test, value or derivative, the chunk
    size in inputs and the stride between bit patterns (1: every pattern)."""

    name: str
    params: tuple = ()
    backend: str = "numpy"
    derivative: bool = False
    size: int = 2**24
    step: int = 1

    @property
    def chunks(self) -> int:
        total = -(-2**32 // self.step)
        return -(-total // self.size)


@dataclass
class Stats:
    """Per region (:data:`symact.codegen.accuracy.REGIONS`): max ULP error, the input where it
    occurs, non-finite outputs where the float32 reference is finite, inputs in the region, and
    inputs whose float64 reference is not finite (not checked)."""

    max_ulp: list = field(default_factory=lambda: [0.0] * len(REGIONS))
    worst: list = field(default_factory=lambda: [None] * len(REGIONS))
    nonfinite: list = field(default_factory=lambda: [0] * len(REGIONS))
    count: list = field(default_factory=lambda: [0] * len(REGIONS))
    noref: list = field(default_factory=lambda: [0] * len(REGIONS))
    inputs: int = 0

    def merge(self, other: "Stats") -> "Stats":
        for i in range(len(REGIONS)):
            if other.worst[i] is not None and (self.worst[i] is None or other.max_ulp[i] > self.max_ulp[i]):
                self.max_ulp[i], self.worst[i] = other.max_ulp[i], other.worst[i]
            self.nonfinite[i] += other.nonfinite[i]
            self.count[i] += other.count[i]
            self.noref[i] += other.noref[i]
        self.inputs += other.inputs
        return self

    def rows(self) -> list[Row]:
        return [Row(name, self.max_ulp[i] if self.worst[i] is not None else float("nan"), self.worst[i],
                    self.nonfinite[i], self.count[i]) for i, (name, _) in enumerate(REGIONS)]


@lru_cache(maxsize=8)
def _functions(name: str, params: tuple, backend: str):
    """(function under test, float64 NumPy reference), built once per worker process."""
    from . import numeric
    from ..parse import parse_number
    kw = {k: parse_number(v) for k, v in params}
    ref = numeric(name, "numpy", **kw)
    return (ref if backend == "numpy" else numeric(name, backend, **kw)), ref


def chunk_inputs(sweep: Sweep, index: int) -> np.ndarray:
    """The float32 inputs of chunk ``index``: bit patterns ``(index·size + i)·step`` for
    ``0 ≤ i < size`` below 2³², nan and inf left out."""
    lo = index * sweep.size
    hi = min((index + 1) * sweep.size, -(-2**32 // sweep.step))
    if sweep.step == 1:  # lo + i < 2³² for every i: uint32 arithmetic is exact
        bits = np.arange(hi - lo, dtype=np.uint32) + np.uint32(lo)
    else:
        bits = (np.arange(lo, hi, dtype=np.uint64) * np.uint64(sweep.step)).astype(np.uint32)
    xs = bits.view(np.float32)
    finite = np.isfinite(xs)
    return xs if finite.all() else xs[finite]


_NEG5, _POS5 = 0xC0A00000, 0x40A00000  # the float32 bit patterns of −5 and 5
assert [name for name, _ in REGIONS] == ["x < -5", "|x| <= 5", "x > 5", "all"]


def _segments(bits: np.ndarray) -> list[tuple[int, slice]]:
    """(region index, slice) pieces of inputs in increasing bit-pattern order: the non-negative
    ones (x ascending) come first, then the negative ones (|x| ascending), so every region of
    :data:`REGIONS` is at most two slices, found by bisection on the bit patterns."""
    p = int(np.searchsorted(bits, 0x80000000))
    k1 = int(np.searchsorted(bits[:p], _POS5, side="right"))
    k2 = p + int(np.searchsorted(bits[p:], _NEG5, side="right"))
    return [(1, slice(0, k1)), (2, slice(k1, p)), (1, slice(p, k2)), (0, slice(k2, bits.size))]


def chunk_stats(xs: np.ndarray, y: np.ndarray, ref: np.ndarray) -> Stats:
    r"""Stats of float32 outputs ``y`` at float32 inputs ``xs`` (in increasing bit-pattern order,
    as :func:`chunk_inputs` makes them) against the float64 reference ``ref``: the error
    :math:`|y - r| / \mathrm{ulp}_{32}(\mathrm{rn}_{32}(r))`, counted where rn₃₂(r) is 0 from an exact
    0 or a finite normal float32. The ULP is read off rn₃₂(r)'s biased exponent E:
    :math:`2^{\max(E, 1) - 150}`."""
    bits = xs.view(np.uint32)
    if bits.size > 1 and not np.all(bits[1:] > bits[:-1]):
        raise ValueError("chunk_stats needs its inputs in increasing bit-pattern order")
    with np.errstate(all="ignore"):
        rd = ref.astype(np.float32)
        e = (rd.view(np.uint32) >> np.uint32(23)) & np.uint32(0xFF)  # biased exponent of rn32(ref)
        finite_exact = e != 0xFF
        counted = ((e != 0) & finite_exact) | (ref == 0)
        yfinite = np.isfinite(y)
        ulp = ((np.maximum(e, 1).astype(np.uint64) + np.uint64(873)) << np.uint64(52)).view(np.float64)
        errs = np.abs(y.astype(np.float64) - ref) / ulp
        errs[~(counted & yfinite)] = -1.0
    bad = finite_exact & ~yfinite
    noref = ~np.isfinite(ref)
    st = Stats(inputs=int(xs.size))
    for i, sl in _segments(bits):
        if sl.stop <= sl.start:
            continue
        k = sl.start + int(np.argmax(errs[sl]))
        if errs[k] >= 0 and (st.worst[i] is None or errs[k] > st.max_ulp[i]):
            st.max_ulp[i], st.worst[i] = float(errs[k]), float(xs[k])
        st.nonfinite[i] += int(np.count_nonzero(bad[sl]))
        st.count[i] += sl.stop - sl.start
        st.noref[i] += int(np.count_nonzero(noref[sl]))
    whole = len(REGIONS) - 1
    for i in range(whole):  # "all" is the union of the three regions
        if st.worst[i] is not None and (st.worst[whole] is None or st.max_ulp[i] > st.max_ulp[whole]):
            st.max_ulp[whole], st.worst[whole] = st.max_ulp[i], st.worst[i]
        st.nonfinite[whole] += st.nonfinite[i]
        st.count[whole] += st.count[i]
        st.noref[whole] += st.noref[i]
    return st


def evaluate_chunk(sweep: Sweep, index: int) -> Stats:
    """One task of the float32 sweep: build the chunk's inputs, evaluate the float32 function
    and the float64 reference, reduce to :class:`Stats`."""
    fn, ref_fn = _functions(sweep.name, sweep.params, sweep.backend)
    xs = chunk_inputs(sweep, index)
    with np.errstate(all="ignore"):
        if sweep.derivative:
            y = np.asarray(fn.value_and_grad(xs)[1])
            ref = np.asarray(ref_fn.value_and_grad(xs.astype(np.float64))[1], dtype=np.float64)
        else:
            y = np.asarray(fn(xs))
            ref = np.asarray(ref_fn(xs.astype(np.float64)), dtype=np.float64)
    if y.dtype != np.float32:
        raise TypeError(f"float32 in gave {y.dtype} out ({sweep.backend} backend)")
    return chunk_stats(xs, y, ref)


__all__ = ["Stats", "Sweep", "chunk_inputs", "chunk_stats", "evaluate_chunk", "measure_format",
           "measure_symact", "symact_output", "ulp_errors_format"]
