"""The C backend: every pointwise catalog activation the NumPy backend compiles also compiles to C
(one shared library for the whole catalog) and agrees with the NumPy backend on ±0, subnormals,
nan, ±inf and |x| up to the largest double; where the two differ by more than a few ULP, the C
result is checked against mpmath at 50 digits and must be the more accurate one. float32 in gives
float32 out, the fused value_and_grad gives exactly the separate value, and σ, softplus, ELU,
tanh and GELU meet the issue's ULP targets against 50-digit mpmath values computed here from
their textbook definitions."""
from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp

from symact import numeric
from symact.catalog import names
from symact.codegen import c_backend, cupy_backend, numpy_backend
from symact.core.errors import UnsupportedError
from symact.core.symbols import X
from symact.numeric.compile import point_evaluator

pytestmark = pytest.mark.skipif(not (shutil.which("gcc") or shutil.which("cc")), reason="no C compiler")

TINY = np.finfo(np.float64).smallest_normal


def _sample() -> np.ndarray:
    rng = np.random.default_rng(20261130)
    special = [0.0, -0.0, 5e-324, -5e-324, 1e-310, -1e-310, TINY, -TINY, 1e-300, -1e-300, 1e-20, -1e-20,
               0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 6.0, 40.0, -40.0, -88.8, 88.8, -709.9, -709.7, 709.7,
               710.0, -745.0, -740.0, 800.0, -800.0, 1e30, -1e30, 1e154, -1e154, 1e300, -1e300,
               1.7976931348623157e308, -1.7976931348623157e308, np.nan, np.inf, -np.inf]
    mags = 10 ** rng.uniform(-323, 308.2, 600) * rng.choice([-1.0, 1.0], 600)
    return np.concatenate([special, mags, rng.uniform(-40, 40, 900)])


X64 = _sample()
with np.errstate(over="ignore"):
    X32 = X64.astype(np.float32)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    old = os.environ.get("SYMACT_CACHE_DIR")
    os.environ["SYMACT_CACHE_DIR"] = str(tmp_path_factory.mktemp("symact-cache"))
    yield os.environ["SYMACT_CACHE_DIR"]
    if old is None:
        del os.environ["SYMACT_CACHE_DIR"]
    else:
        os.environ["SYMACT_CACHE_DIR"] = old


# every kernel of the prelude, Piecewise, Heaviside-like steps, powers, nested kernels and the
# compensated (Horner) derivatives; the whole catalog with --runslow
FAST = ("sigmoid", "tanh", "softplus", "log_sigmoid", "elu", "selu", "gelu", "gelu_sigmoid", "swish", "mish",
        "hardtanh", "relu6", "softsign", "sinc", "gaussian", "isru", "sqnl", "squareplus", "serf", "cloglog",
        "snake", "nlrelu", "hard_swish", "arctan")


def _build(wanted):
    """name -> (NumPy function, C function), the C functions in ONE shared library."""
    ours = {}
    for name in wanted:
        try:
            ours[name] = numeric(name)
        except UnsupportedError:  # the NumPy backend cannot either: nothing to compare
            continue
    built = c_backend.build_many([(f.name, f.expr, f.stable, f.derivative, f.limits) for f in ours.values()])
    return {f.name: (ours[f.name], f) for f in built}


@pytest.fixture(scope="module")
def catalog(cache_dir):
    return _build(FAST)


def _error(y: float, exact) -> float:
    """|y - exact| (inf for a non-finite y where the exact value is finite, 0 for a matching inf)."""
    if not mpmath.isfinite(exact):
        return 0.0 if (np.isinf(y) and (y > 0) == (exact > 0)) else np.inf
    if not np.isfinite(y):
        return np.inf
    return float(abs(mpmath.mpf(float(y)) - exact))


def _magnitude(e: sp.Expr) -> sp.Expr:
    """e with every sum in its arithmetic (outside function arguments) replaced by the sum of
    the absolute values of its terms: the scale of the rounding errors of an evaluation of e
    (x − tanh(x) near 0 is exact to ε·2|x|, not to ε·|x³/3|)."""
    if isinstance(e, sp.Add):
        return sp.Add(*[sp.Abs(_magnitude(a)) for a in e.args], evaluate=False)
    if isinstance(e, sp.Mul):
        return sp.Mul(*[_magnitude(a) for a in e.args], evaluate=False)
    if isinstance(e, sp.Pow) and e.exp.is_Integer:
        return sp.Pow(_magnitude(e.base), e.exp, evaluate=False)
    if isinstance(e, sp.Piecewise):
        return sp.Piecewise(*[(_magnitude(v), c) for v, c in e.args])
    return e


def _tolerance(stable: sp.Expr, x: np.ndarray, dtype, ulps: float) -> np.ndarray:
    """``ulps`` units in the last place of the rounding-error scale of ``stable`` at x (floored at
    |x|·the smallest normal: a subnormal intermediate multiplied by x)."""
    scale = numpy_backend.build("scale", stable, _magnitude(stable), _magnitude(stable), ((None, None), (None, None)))
    with np.errstate(all="ignore"):
        m = np.abs(scale(x.astype(np.float64)))
        floor = float(np.finfo(dtype).smallest_normal) * np.maximum(1.0, np.abs(x.astype(np.float64)))
        m = np.where(np.isnan(m), np.inf, np.maximum(m, floor))
        return ulps * np.spacing(m.astype(dtype)).astype(np.float64)


def _disagreements(c, n, x, stable, dtype, ulps) -> np.ndarray:
    """Indices where C and NumPy differ beyond the rounding-error scale or in their nan/inf pattern."""
    c64, n64 = c.astype(np.float64), n.astype(np.float64)
    with np.errstate(all="ignore"):
        near = (np.abs(c64 - n64) <= _tolerance(stable, x, dtype, ulps)) & np.isfinite(c64) & np.isfinite(n64)
    same = (np.isnan(c) & np.isnan(n)) | ((c64 == n64) & ~np.isnan(c)) | near
    return np.flatnonzero(~same)


def _check_against(name, expr, stable, x, c, n, dtype, ulps):
    """C agrees with NumPy (up to ``ulps`` of the rounding-error scale), or is at least as close to
    the 50-digit value, or within 2·``ulps`` of it (libm and NumPy round exp, tanh, … differently,
    and a nested kernel such as exp(−exp(−x)) amplifies that by |e^{−x}|)."""
    bad = []
    evaluate = None
    for i in _disagreements(c, n, x, stable, dtype, ulps):
        t = float(x[i])
        if not np.isfinite(t):
            bad.append((t, c[i], n[i]))  # ±inf and nan follow the same proved limits in both
            continue
        evaluate = evaluate or point_evaluator(expr, X, 50)
        with mpmath.workdps(50):
            exact = evaluate(mpmath.mpf(t))
            if exact is None:
                continue  # undefined at t (a jump): nothing to compare
            with np.errstate(over="ignore"):  # an exact value past the dtype's largest: spacing inf
                spacing = float(np.spacing(np.asarray(max(abs(float(exact)), float(np.finfo(dtype).smallest_normal)), dtype)))
            ec, en = _error(float(c[i]), exact), _error(float(n[i]), exact)
            if not (ec <= en or ec <= 2 * ulps * spacing):
                bad.append((t, c[i], n[i], float(exact)))
    assert not bad, (name, dtype.__name__, bad[:5])


def _agrees(pairs, dtype):
    x = X64 if dtype is np.float64 else X32
    ulps = 4 if dtype is np.float64 else 2
    for name, (ours_np, ours_c) in pairs.items():
        with np.errstate(all="ignore"):
            vn, dn = ours_np.value_and_grad(x)
        vc, dc = ours_c.value_and_grad(x)
        assert vc.dtype == dtype and dc.dtype == dtype and vc.shape == x.shape
        _check_against(name, ours_np.expr, ours_np.stable, x, vc, vn, dtype, ulps)
        _check_against(name + "'", sp.diff(ours_np.expr, X), ours_np.derivative, x, dc, dn, dtype, ulps)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_activations_agree_with_the_numpy_backend(catalog, dtype):
    assert set(catalog) == set(FAST)
    _agrees(catalog, dtype)


@pytest.mark.slow
def test_every_pointwise_activation_compiles_and_agrees_with_the_numpy_backend(cache_dir):
    everything = _build(names("pointwise"))
    assert len(everything) >= 50
    for dtype in (np.float64, np.float32):
        _agrees(everything, dtype)
    _fused_is_separate(everything)


def _fused_is_separate(pairs):
    for name, (_, f) in pairs.items():
        for x in (X64, X32):
            v, _ = f.value_and_grad(x)
            assert np.array_equal(v, f(x), equal_nan=True), name
            assert f(x).dtype == x.dtype
        v, d = f.value_and_grad(np.array([np.nan]))
        assert np.isnan(v[0]) and np.isnan(d[0]) and np.isnan(f(np.nan)), name


def test_fused_value_is_the_separate_value_and_nan_in_nan_out(catalog):
    _fused_is_separate(catalog)


def test_shapes_scalars_ints_and_strides(catalog):
    _, sigmoid = catalog["sigmoid"]
    assert sigmoid(0).dtype == np.float64 and float(sigmoid(0)) == 0.5  # ints compute in double
    assert sigmoid(np.float32(0)).dtype == np.float32
    grid = np.linspace(-3, 3, 12).reshape(3, 4)
    assert sigmoid(grid).shape == (3, 4)
    assert np.array_equal(sigmoid(grid[:, ::2]), sigmoid(np.ascontiguousarray(grid[:, ::2])))
    v, d = sigmoid.value_and_grad(np.array([-np.inf, np.inf]))
    assert list(v) == [0.0, 1.0] and list(d) == [0.0, 0.0]  # the proved limits
    _, gelu = catalog["gelu"]
    v, d = gelu.value_and_grad(np.array([-np.inf, np.inf]))
    assert v[0] == 0 and v[1] == np.inf and d[0] == 0 and d[1] == 1  # not -inf·0 = nan


def _ncdf(t):
    """Φ(t) at 50 digits; past |t| = 10⁴ it is 0 or 1 to far more than 50 digits (mpmath's erfc
    overflows an exponent there)."""
    return mpmath.ncdf(t) if abs(t) < 10**4 else mpmath.mpf(t > 0)


def _npdf(t):
    return mpmath.npdf(t) if abs(t) < 10**4 else mpmath.mpf(0)


def test_user_expressions_and_parameters(cache_dir):
    mish = numeric("x*tanh(softplus(x))", backend="c")
    assert "double f_value(double x)" in mish.source  # an expression gets the C name f
    assert float(mish(np.array([0.0]))[0]) == 0.0 and float(mish(np.array([800.0]))[0]) == 800.0
    elu = numeric("elu", backend="c", alpha=2)
    assert float(elu(np.array([-1.0]))[0]) == pytest.approx(2 * float(mpmath.expm1(-1)), rel=4e-16)


# textbook definitions, evaluated by mpmath alone: (f, f')
_TEXTBOOK = {
    "sigmoid": (lambda t: 1 / (1 + mpmath.exp(-t)), lambda t: mpmath.exp(-t) / (1 + mpmath.exp(-t)) ** 2),
    "softplus": (lambda t: mpmath.log1p(mpmath.exp(t)), lambda t: 1 / (1 + mpmath.exp(-t))),
    "elu": (lambda t: t if t > 0 else mpmath.expm1(t), lambda t: mpmath.mpf(1) if t > 0 else mpmath.exp(t)),
    "tanh": (mpmath.tanh, lambda t: mpmath.sech(t) ** 2),
    "gelu": (lambda t: t * _ncdf(t), lambda t: _ncdf(t) + t * _npdf(t)),
}


@pytest.mark.parametrize("name", sorted(_TEXTBOOK))
def test_ulp_targets_against_mpmath(catalog, name):
    """float64 ≤ 4 ULP, float32 ≤ 2 ULP, value and derivative, wherever the exact result is 0 or a
    normal number of the dtype; no non-finite output where the exact value is finite."""
    _, f = catalog[name]
    rng = np.random.default_rng(7)
    xs = np.concatenate([10 ** rng.uniform(-300, 308, 250) * rng.choice([-1.0, 1.0], 250),
                         rng.uniform(-40, 40, 500), [0.0, -0.0, 1e-300, -1e-300, -0.7517915246935645]])
    for dtype, limit in ((np.float64, 4.0), (np.float32, 2.0)):
        with np.errstate(over="ignore"):
            x = np.unique(xs.astype(dtype))
        x = x[np.isfinite(x)]
        v, d = f.value_and_grad(x)
        info = np.finfo(dtype)
        for got, exact_of in zip((v, d), _TEXTBOOK[name]):
            worst = (0.0, 0.0)
            with mpmath.workdps(50):
                for t, y in zip(x, got):
                    exact = exact_of(mpmath.mpf(float(t)))
                    r = float(exact)
                    if not (r == 0 or float(info.smallest_normal) <= abs(r) <= float(info.max)):
                        continue
                    r_dt = np.asarray(r).astype(dtype)
                    assert np.isfinite(y), (name, float(t), y, r)
                    u = float(abs(mpmath.mpf(float(y)) - exact)) / float(np.spacing(np.abs(r_dt)))
                    worst = max(worst, (u, float(t)))
            assert worst[0] <= limit, (name, dtype.__name__, worst)


def test_source_is_one_c_translation_unit(catalog):
    _, f = catalog["mish"]
    for part in ("double mish_value(double x)", "double mish_value_and_grad(double x, double *d)",
                 "void mish_f64(const double *x, double *y, long n)", "void mish_vg_f32(", "#pragma omp parallel for",
                 "SYMACT_DEVICE", "symact_softplus"):
        assert part in f.source
    assert "-ffast-math" not in c_backend.FLAGS and "-ffp-contract=off" in c_backend.FLAGS


def test_cupy_kernel_is_the_c_body(tmp_path):
    f = numeric("gelu", backend="cupy")
    body = c_backend.kernel_source(f.name, f.stable, f.derivative, f.limits)
    assert body in f.source and c_backend.PRELUDE in f.source
    preamble, value_op, fused_op = cupy_backend.kernel_parts(f.name, f.stable, f.derivative, f.limits)
    assert preamble == c_backend.PRELUDE + "\n" + body
    assert value_op == "y = (T)gelu_value((double)x);" and "gelu_value_and_grad((double)x, &d)" in fused_op
    if shutil.which("g++"):  # NVRTC compiles C++: the preamble and both operations must be valid C++
        wrapper = (f"template <typename T> void k(T x, T &y, T &dy) {{ {value_op} {fused_op} }}\n"
                   "template void k<float>(float, float &, float &);\ntemplate void k<double>(double, double &, double &);\n")
        (tmp_path / "k.cpp").write_text(preamble + "\n" + wrapper)
        done = subprocess.run(["g++", "-fsyntax-only", "-Wall", "-Werror", str(tmp_path / "k.cpp")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[:500]


def test_cupy_runs_where_there_is_a_gpu():
    cupy = pytest.importorskip("cupy")
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip("no GPU")
    except Exception:  # noqa: BLE001 - no driver
        pytest.skip("no GPU")
    f = numeric("gelu", backend="cupy")
    ref = numeric("gelu")
    x = np.linspace(-40, 40, 10001)
    for dt in (np.float64, np.float32):
        v, d = f.value_and_grad(cupy.asarray(x.astype(dt)))
        assert v.dtype == dt
        vn, dn = ref.value_and_grad(x.astype(dt))
        np.testing.assert_allclose(cupy.asnumpy(v), vn, rtol=8 * np.finfo(dt).eps, atol=1e-300)


def test_cupy_without_cupy_is_one_line():
    try:
        import cupy  # noqa: F401
        pytest.skip("cupy is installed")
    except ImportError:
        pass
    f = numeric("sigmoid", backend="cupy")
    with pytest.raises(UnsupportedError, match="CuPy"):
        f(np.zeros(3))


def test_position_independent_results(catalog):
    """Every element goes through the same compiled loop whatever its index and the array's
    length (whole blocks, the tail in a padded buffer): a shifted or one-element array gives the
    same bits (libmvec and scalar libm may differ in the last bit)."""
    for name, (_, f) in catalog.items():
        for x in (X64, X32):
            v, d = f.value_and_grad(x)
            for off in (1, 3, 7, 13):
                assert np.array_equal(f(x[off:]), v[off:], equal_nan=True), (name, off)
                assert np.array_equal(f.value_and_grad(x[off:])[1], d[off:], equal_nan=True), (name, off)
            single = np.array([f(x[k:k + 1])[0] for k in range(0, len(x), 37)])
            assert np.array_equal(single, v[::37], equal_nan=True), name


def test_flag_fallbacks_without_vector_features(monkeypatch, tmp_path):
    """A compiler without -march=native or libmvec (another CPU, another libc) gets the next
    flag set; the library still works and records what it was built with."""
    monkeypatch.setenv("SYMACT_CACHE_DIR", str(tmp_path))
    real = c_backend.subprocess.run
    seen = []

    def fussy(cmd, **kw):  # a compiler that knows neither libmvec nor -march=native
        seen.append(cmd)
        if "-lmvec" in cmd or "-march=native" in cmd:
            return subprocess.CompletedProcess(cmd, 1, "", "cc: error: unrecognized option")
        return real(cmd, **kw)

    monkeypatch.setattr(c_backend.subprocess, "run", fussy)
    f = numeric("elu", backend="c")
    lib = next(tmp_path.glob("symact_*.so"))
    builds = [cmd for cmd in seen if any(str(a).endswith(".c") and "kernel" in Path(str(a)).name for a in cmd)]
    assert c_backend.library_flags(lib) == ("-fopenmp",) and len(builds) == 4
    assert float(f(np.array([-1.0]))[0]) == pytest.approx(float(mpmath.expm1(-1)), rel=4e-16)
    assert [c_backend.ATTEMPTS.index(a) for a in c_backend.attempts()] == list(range(len(c_backend.ATTEMPTS)))
    monkeypatch.setenv("SYMACT_C_VECTOR", "0")
    assert all("-march=native" not in a and "-lmvec" not in a for a in c_backend.attempts())
    assert c_backend.attempts()[-1] == ()
    assert not any(flag.startswith(("-ffast-math", "-ffp-contract", "-Ofast", "-ffinite")) for a in c_backend.ATTEMPTS for flag in a)


def test_mixed_loops_go_scalar():
    """Where gcc vectorises an activation's value loop but not its fused loop (or the reverse),
    the vectorised one is rebuilt scalar, so that both call the same libm."""
    source = c_backend.entry_points("g")
    loops = c_backend._run_loops(source)
    assert set(loops) == {"g_f64", "g_f32", "g_vg_f64", "g_vg_f32"}
    report = "".join(f"k.c:{loops[fn] + 3}:5: optimized: loop vectorized using 32 byte vectors\n"
                     for fn in ("g_f64", "g_f32", "g_vg_f32"))
    assert c_backend._mixed(source, report) == {"g_f64"}
    fixed = c_backend._scalar_loops(source, {"g_f64"})
    assert "SYMACT_NOVEC static void g_f64_run" in fixed and fixed.count("SYMACT_NOVEC") == 1
    assert fixed.count("omp parallel for simd") == 3
    report = "".join(f"k.c:{loops[fn] + 3}:5: optimized: loop vectorized using {b} byte vectors\n"
                     for fn, b in (("g_f64", 64), ("g_vg_f64", 32), ("g_f32", 32), ("g_vg_f32", 32)))
    assert c_backend._mixed(source, report) == {"g_f64", "g_vg_f64"}  # other widths: both scalar


def test_vector_header_is_host_only_and_falls_back():
    """vector.h declares libmvec's SIMD kernels only under SYMACT_LIBMVEC on x86-64 gcc; the CUDA
    preamble never sees it; the scalar build compiles without it."""
    assert "SYMACT_LIBMVEC" in c_backend.VECTOR_H and "SYMACT_LIBMVEC" not in c_backend.PRELUDE
    f = numeric("sigmoid", backend="cupy")
    assert "symact_vexp" not in f.source and "__simd__" not in f.source


def test_vector_exp_is_within_its_documented_error(cache_dir):
    """vector.h's e^x (the SIMD loops' exp in place of libmvec's), compiled as the activations
    are, against mpmath at 40 digits over the whole range: ≤ 0.7 ULP for normal results (its
    comment says 0.68 with FMA; fdlibm's form without FMA is < 1 ULP), subnormal results within 1
    ULP of the smallest subnormal, overflow to inf past log(DBL_MAX), 0 past −745.2, nan → nan."""
    source = c_backend.VECTOR_H + """
#ifdef SYMACT_LIBMVEC
void vexp_all(const double *x, double *y, long n)
{
    #pragma omp simd
    for (long i = 0; i < n; i++)
        y[i] = symact_vexp(x[i]);
}
#endif
int symact_vexp_test = 1;
"""
    path = c_backend.compile_source(source)
    lib = ctypes.CDLL(str(path))
    if "-DSYMACT_LIBMVEC" not in c_backend.library_flags(path):
        pytest.skip("no libmvec build here: the loops call libm's exp")
    rng = np.random.default_rng(20261130)
    xs = np.concatenate([rng.uniform(-745.0, 709.7, 12000), rng.uniform(-1.0, 1.0, 4000),
                         rng.uniform(-0.35, 0.35, 2000), rng.uniform(-745.1, -708.4, 1000),
                         [0.0, -0.0, 5e-324, 1e-300, 709.78, 709.79, 710.0, 1e300, -745.13, -745.2, -1e300,
                          np.inf, -np.inf, np.nan]])
    ys = np.empty_like(xs)
    lib.vexp_all(ctypes.c_void_p(xs.ctypes.data), ctypes.c_void_p(ys.ctypes.data), ctypes.c_long(xs.size))
    mpmath.mp.dps = 40
    try:
        for x, y in zip(xs, ys):
            if np.isnan(x):
                assert np.isnan(y)
                continue
            exact = mpmath.exp(mpmath.mpf(float(x)))
            if exact > np.finfo(np.float64).max:
                assert y == np.inf, x
                continue
            size = np.spacing(float(exact)) if exact >= TINY else 5e-324
            assert float(abs(mpmath.mpf(float(y)) - exact) / size) <= (0.7 if exact >= TINY else 1.0), x
    finally:
        mpmath.mp.dps = 15


def test_unsupported_function_and_missing_compiler(monkeypatch):
    with pytest.raises(UnsupportedError, match="cannot generate C code for f: no C kernel for nokernel"):
        c_backend.build("f", X, sp.Function("nokernel")(X), sp.S.One, ((None, None), (None, None)))
    monkeypatch.setattr(c_backend.shutil, "which", lambda _: None)
    with pytest.raises(UnsupportedError, match="needs a C compiler"):
        c_backend.compile_source("int symact_nothing;")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "symact", *args], capture_output=True, text=True, timeout=120)


def test_cli_prints_the_c_source_and_refuses_bad_input(cache_dir):
    done = _cli("codegen", "softplus", "--backend", "c")
    assert done.returncode == 0 and "double softplus_value(double x)" in done.stdout and "void softplus_f32(" in done.stdout
    for bad in (("codegen", "nope", "--backend", "c"), ("codegen", "softplus", "--backend", "fortran")):
        done = _cli(*bad)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def _wide_sample(dtype, count: int) -> np.ndarray:
    """``count`` magnitudes spread over the dtype's whole normal range (both signs), ``count``
    points of [−12, 12] and a few special points: finite inputs of the dtype."""
    rng = np.random.default_rng(20261201)
    info = np.finfo(dtype)
    mags = 10 ** rng.uniform(np.log10(float(info.smallest_normal)), np.log10(float(info.max)) - 0.01, count)
    xs = np.concatenate([mags * rng.choice([-1.0, 1.0], count), rng.uniform(-12, 12, count),
                         [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 20.0, -20.0]])
    return np.unique(xs.astype(dtype))


def _ulps(y, ref, dtype) -> tuple[np.ndarray, np.ndarray]:
    from symact.codegen.accuracy import ulp_errors
    errs, bad = ulp_errors(np.asarray(y, dtype=dtype), ref, np.dtype(dtype))
    return np.nan_to_num(errs, nan=0.0), bad


def test_vectorised_kernels_meet_the_targets_against_mpmath(cache_dir):
    """Every pointwise catalog activation, value and derivative, float64 and float32, as compiled
    here (SIMD with glibc's libmvec where available: its log1p, tanh, erfc, … round differently
    from scalar libm) against 50-digit mpmath on a wide-range sample: within 4 ULP (float64) / 2
    ULP (float32), never non-finite where the exact value is finite. (Until the sinc′ slow path
    and the kernels of issue 10 this compared with the scalar build where that missed too.)"""
    from symact.codegen.accuracy import reference
    pairs = _build(names("pointwise"))
    worst = {}
    for dtype, limit, count in ((np.float64, 4.0, 20), (np.float32, 2.0, 12)):
        xs = _wide_sample(dtype, count)
        for name, (ours_np, ours_c) in sorted(pairs.items()):
            got_c = ours_c.value_and_grad(xs)
            for k, target in enumerate((ours_np.expr, sp.diff(ours_np.expr, X))):
                e_c, bad_c = _ulps(got_c[k], reference(target, xs), dtype)
                assert e_c.max() <= limit, (name, k, dtype.__name__, xs[e_c > limit][:3], e_c.max())
                assert not np.any(bad_c), (name, k, dtype.__name__, xs[bad_c][:3])
                worst[(name, k, dtype.__name__)] = float(e_c.max())
    assert len(pairs) >= 50 and max(worst.values()) <= 4.0


def test_sinc_derivative_next_to_its_far_zeros(cache_dir):
    """sinc′ = (u cos u − sin u)/u² at the floats nearest its zeros 9 … 40 (tan u = u) and at
    huge u: the closed form cancels there (10¹² ULP at the 9th zero); the C prelude's slow path
    (libquadmath, else long double) keeps it within 4 ULP of mpmath."""
    f = numeric("sinc", backend="c")
    mpmath.mp.dps = 60
    try:
        xs = []
        for k in range(9, 41):
            r = mpmath.findroot(lambda t: mpmath.tan(t) - t, (k + 0.5) * mpmath.pi - 1 / ((k + 0.5) * mpmath.pi))
            xs += [float(r), -float(r), np.nextafter(float(r), np.inf)]
        xs += [1e22, -3.7e300, 12345.678]
        xs = np.array(xs)
        _, d = f.value_and_grad(xs)
        for x, got in zip(xs, d):
            t = mpmath.mpf(float(x))
            exact = (t * mpmath.cos(t) - mpmath.sin(t)) / t**2
            assert abs(mpmath.mpf(float(got)) - exact) <= 4 * np.spacing(abs(float(exact))), (x, got, exact)
    finally:
        mpmath.mp.dps = 15
