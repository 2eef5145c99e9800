"""Exhaustive accuracy: the 16-bit formats (every finite input, exact reference), the float32
chunk kernel of the Dask sweep, the framework columns and ``symact accuracy --dtype float16``.

Expected values come from the IEEE 754 definitions (counts of bit patterns, spacings, ties to
even), NumPy's own float16 cast, mpmath, and closed-form derivatives."""
from __future__ import annotations

import math
import re

import mpmath
import numpy as np
import pytest
import scipy.special
import sympy as sp

from symact.cli import main
from symact.codegen import frameworks, numeric
from symact.codegen.accuracy import reference64
from symact.codegen.exhaustive import Stats, Sweep, chunk_inputs, chunk_stats, evaluate_chunk, measure_symact
from symact.codegen.formats import BFLOAT16, FLOAT16, FORMATS
from symact.core.symbols import X

# --- the formats ------------------------------------------------------------------------------


def test_finite_bit_patterns_are_all_but_the_top_exponent():
    # a 16-bit format with e exponent bits: the top exponent (inf, nan) takes 2·2^(15−e) patterns
    assert FLOAT16.all_finite().size == 2**16 - 2 * 2**10 == 63488
    assert BFLOAT16.all_finite().size == 2**16 - 2 * 2**7 == 65280
    for fmt in FORMATS.values():
        xs = fmt.all_finite()
        assert np.unique(xs).size == xs.size - 1  # distinct values, −0 and +0 compare equal
        assert xs.max() == fmt.max and np.min(xs[xs > 0]) == fmt.smallest_subnormal


def test_float16_rounding_agrees_with_numpys_direct_cast():
    rng = np.random.default_rng(7)
    y = rng.standard_normal(200_000) * 10.0 ** rng.integers(-12, 8, 200_000)
    y = np.concatenate([y, [65519.99, 65520.0, -65520.0, 2.0**-25, 2.0**-25 * 1.5, 0.0, -0.0]])
    with np.errstate(over="ignore"):
        expected = y.astype(np.float16).astype(np.float64)
    assert np.array_equal(FLOAT16.round(y), expected)


def test_bfloat16_rounds_once_to_nearest_even():
    cases = {
        1 + 2**-8 + 2**-40: 1 + 2**-7,  # above the tie: up (through float32 it would round down to 1)
        1 + 2**-8: 1.0,  # a tie: to the even mantissa
        1 + 3 * 2**-8: 1 + 2**-6,  # a tie: to the even mantissa, up this time
        (2 - 2**-7) * 2.0**127 + 2.0**119: math.inf,  # max + half an ulp: overflows
        (2 - 2**-7) * 2.0**127 + 2.0**118: (2 - 2**-7) * 2.0**127,
        2.0**-134: 0.0,  # half the smallest subnormal: a tie, to 0
        1.5 * 2.0**-134: 2.0**-133,
    }
    got = BFLOAT16.round(np.array(list(cases)))
    assert got.tolist() == list(cases.values())


def test_spacing_of_the_16_bit_formats():
    assert FLOAT16.ulp([1.0, 65504.0, 0.0, 2.0**-14, 2.0**-20]).tolist() == [2**-10, 32, 2**-24, 2**-24, 2**-24]
    assert BFLOAT16.ulp([1.0, -3.0, 2.0**-126, 0.0]).tolist() == [2**-7, 2**-6, 2**-133, 2**-133]


def test_bfloat16_in_gives_bfloat16_out_rounded_once():
    ml = pytest.importorskip("ml_dtypes")
    f = numeric("x*(1 + 2**(-8) + 2**(-40))")
    y = f(np.array([1.0, -1.0], dtype=ml.bfloat16))
    assert y.dtype == np.dtype(ml.bfloat16)
    assert y.astype(np.float64).tolist() == [1 + 2**-7, -(1 + 2**-7)]


def test_the_exact_reference_matches_closed_forms():
    xs = np.array([-10.0, -0.5, 0.0, 3.0, 1e4])
    ref, zero = reference64(sp.diff(numeric("sigmoid").expr, X), xs)
    with mpmath.workdps(40):
        expected = [float(mpmath.exp(-t) / (1 + mpmath.exp(-t)) ** 2) for t in xs]
    assert ref.tolist() == expected and not zero.any()


# --- every finite 16-bit input ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["float16", "bfloat16"])
@pytest.mark.parametrize("name", ["sigmoid", "softplus", "gelu", "silu", "elu"])
def test_every_finite_16_bit_input_within_one_ulp(name, fmt):
    """Value and derivative within 1 ULP of the exact value wherever it is 0 or a normal number
    of the format, and no non-finite output where the rounded exact value is finite."""
    f = numeric(name)
    for derivative in (False, True):
        rows = measure_symact(f, FORMATS[fmt], derivative)["symact"]
        for row in rows:
            assert row.max_ulp <= 1 and row.nonfinite == 0, (name, fmt, derivative, row)


# --- the float32 sweep's chunk kernel ---------------------------------------------------------


def test_strided_chunk_covers_every_binade_without_nan_or_inf():
    sweep = Sweep("sigmoid", size=1024, step=2**22)  # bit patterns k·2²², 0 ≤ k < 1024
    assert sweep.chunks == 1
    xs = chunk_inputs(sweep, 0)
    # exponent field all ones (inf, nan) at k = 510, 511 and, negative, 1022, 1023
    expected = (np.arange(1024, dtype=np.uint64) * 2**22).astype(np.uint32).view(np.float32)
    assert xs.size == 1020 and np.array_equal(xs, expected[np.isfinite(expected)])
    assert evaluate_chunk(Sweep("sigmoid", size=2**10), 2**22 - 1).inputs == 0  # 0xFFFFFC00…: −nan only
    assert Sweep("sigmoid").chunks == 256 and Sweep("sigmoid", size=2**20, step=3).chunks == math.ceil(2**32 / 3 / 2**20)


def test_chunk_stats_equal_a_direct_numpy_computation():
    sweep = Sweep("sigmoid", size=2**14)
    index = 0x3F800000 // 2**14 - 3  # inputs just below 1.0 up to 1.0 + 2¹⁴ ulp
    stats = evaluate_chunk(sweep, index)
    bits = np.arange(index * 2**14, (index + 1) * 2**14, dtype=np.uint32)
    xs = bits.view(np.float32)
    y = numeric("sigmoid")(xs)
    exact = scipy.special.expit(xs.astype(np.float64))
    errs = np.abs(y.astype(np.float64) - exact) / np.spacing(np.abs(exact.astype(np.float32))).astype(np.float64)
    k = int(np.argmax(errs))
    whole = stats.rows()[-1]
    assert stats.inputs == 2**14 and whole.count == 2**14
    assert whole.max_ulp == pytest.approx(errs[k], rel=1e-12) and whole.worst == float(xs[k])
    assert whole.max_ulp <= 0.5 + 2**-20  # one rounding of a float64 value within a few of its ULPs
    # two halves merged are the whole
    halves = Stats()
    for part in (slice(0, 2**13), slice(2**13, None)):
        halves.merge(chunk_stats(xs[part], y[part], exact[part]))
    assert halves.rows()[-1].max_ulp == pytest.approx(whole.max_ulp, rel=1e-12) and halves.inputs == 2**14


def test_chunk_counts_outputs_whose_reference_overflows_apart():
    sweep = Sweep("exponential", size=2**10)
    index = int(np.array([1000.0], dtype=np.float32).view(np.uint32)[0]) // 2**10  # eˣ, x ≈ 1000
    stats = evaluate_chunk(sweep, index)
    row = stats.rows()[-1]
    # e^1000 exceeds float64: no reference, no error counted, and an inf float32 output is right
    assert stats.noref[-1] == 2**10 and row.nonfinite == 0 and row.worst is None


# --- the frameworks' columns ------------------------------------------------------------------


def test_framework_silu_value_and_autograd_derivative():
    s = 1 / (1 + math.exp(-1.0))
    for fw in ("torch", "jax"):
        if frameworks.missing(fw):
            continue
        fn = frameworks.function("swish", fw)
        for dtype, tol in ((np.float64, 1e-15), (np.float32, 1e-6)):
            y, d = fn.value_and_grad(np.array([0.0, 1.0], dtype=dtype))
            assert y.dtype == dtype and d.dtype == dtype, fw
            assert y[0] == 0 and d[0] == 0.5  # SiLU(0) = 0, SiLU′(0) = σ(0) = 1/2
            assert y[1] == pytest.approx(s, rel=tol) and d[1] == pytest.approx(s * (1 + (1 - s)), rel=tol)
    assert frameworks.function("binary_step", "torch") is None


# --- the command line -------------------------------------------------------------------------


def test_cli_accuracy_float16_is_exhaustive(capsys):
    assert main(["accuracy", "sigmoid", "--dtype", "float16"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("sigmoid, float16, every finite input (63488)")
    pattern = re.compile(r"(f'?)\s+(x < -5|\|x\| <= 5|x > 5|all)\s+(\S+) \((\d+)\)\s+(\S+) \((\d+)\)\s+(\S+)$")
    rows = [pattern.match(ln).groups() for ln in lines[2:]]
    assert [(r[0], r[1]) for r in rows] == [(w, g) for w in ("f", "f'") for g in ("x < -5", "|x| <= 5", "x > 5", "all")]
    for *_, ours, nonfinite, _naive, _naive_nonfinite, worst in rows:
        assert float(ours) <= 1 and nonfinite == "0" and FLOAT16.round(float(worst)) == float(worst)
    assert float(rows[7][4]) > 100  # the textbook σ(1 − σ) in float16 arithmetic cancels


@pytest.mark.slow
def test_dask_driver_on_a_strided_fraction():
    import subprocess
    import sys
    from pathlib import Path
    pytest.importorskip("dask.distributed")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "exhaustive_float32.py"
    proc = subprocess.run([sys.executable, str(script), "sigmoid", "--limit", "0.0001", "--chunk", "2**16", "--workers", "1"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    last = proc.stdout.strip().splitlines()[-1].split()
    # 2³²/10⁴ patterns, every 10⁴-th; the nan/inf ones are those with a top exponent field
    assert last[0] == "all" and float(last[1]) <= 0.5 + 2**-20 and last[2] == "0" and last[3] == "0"
    expected = np.count_nonzero(np.isfinite((np.arange(0, 2**32, 10**4, dtype=np.uint64)).astype(np.uint32).view(np.float32)))
    assert int(last[4]) == expected
