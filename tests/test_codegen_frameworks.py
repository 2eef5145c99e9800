"""The PyTorch and JAX backends: the same values as the NumPy backend (same non-finite pattern,
a few ULP), autograd / custom_jvp gradients that are the fused derivative and match mpmath's
derivative of the textbook formula, gradcheck, jit, dtypes kept, softplus finite at x = 800,
and the speed benchmark's smoke run."""
from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest

import symact
from symact.core.errors import UnsupportedError

ROOT = Path(__file__).resolve().parents[1]

# the SELU constants from Klambauer et al. (2017), eq. (14), to the digits printed there
SELU_LAMBDA = mpmath.mpf("1.0507009873554804934193349852946")
SELU_ALPHA = mpmath.mpf("1.6732632423543772848170429916717")


def _softplus(t):
    return mpmath.log1p(mpmath.exp(t))


# (name, params, textbook formula in mpmath, points away from kinks for derivatives)
CASES = [
    ("sigmoid", {}, lambda t: 1 / (1 + mpmath.exp(-t))),
    ("tanh", {}, mpmath.tanh),
    ("softplus", {}, _softplus),
    ("gelu", {}, lambda t: t * mpmath.ncdf(t)),
    ("gelu_tanh", {}, lambda t: t / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (t + mpmath.mpf("0.044715") * t**3)))),
    ("silu", {}, lambda t: t / (1 + mpmath.exp(-t))),
    ("mish", {}, lambda t: t * mpmath.tanh(_softplus(t))),
    ("elu", {"alpha": 0.7}, lambda t: t if t > 0 else mpmath.mpf("0.7") * mpmath.expm1(t)),
    ("selu", {}, lambda t: SELU_LAMBDA * (t if t > 0 else SELU_ALPHA * mpmath.expm1(t))),
    ("hardswish", {}, lambda t: t * min(max(t + 3, 0), 6) / 6),
    ("relu6", {}, lambda t: min(max(t, 0), 6)),
    ("sinc", {}, lambda t: mpmath.sin(t) / t if t != 0 else mpmath.mpf(1)),
    ("x*tanh(softplus(x))", {}, lambda t: t * mpmath.tanh(_softplus(t))),
]
IDS = [c[0] for c in CASES]
SMOOTH_POINTS = [-7.5, -2.3, -0.6, 0.4, 1.7, 4.9]  # no kink of ELU/SELU/hardswish/relu6 here
SPECIAL = [-np.inf, -800.0, -100.0, -40.0, -1e-300, 0.0, 1e-300, 40.0, 100.0, 800.0, np.inf, np.nan]
GRID = np.concatenate([SPECIAL, np.linspace(-8.0, 8.0, 641)])
# two implementations each within the targets of the exact value
ULP = {"torch": 6, "jax": 6}
# no wider tolerance for tanh-GELU any more: its argument c(x + 0.044715x³) is a double-double pair
# in every backend (92 ULP between PyTorch and NumPy before)
WIDER: dict = {}


@functools.lru_cache(maxsize=None)
def _numpy(name: str, params: tuple):
    return symact.numeric(name, **dict(params))


@functools.lru_cache(maxsize=None)
def _built(name: str, params: tuple, backend: str):
    """The backend's function from the NumPy build's pieces (proving the limits once)."""
    import importlib
    f = _numpy(name, params)
    module = importlib.import_module(f"symact.codegen.{backend}_backend")
    return module.build(f.name, f.expr, f.stable, f.derivative, f.limits)


def _ulps(got: np.ndarray, ref: np.ndarray) -> float:
    """Max |got − ref| in ULP of ref's dtype, where ref is a normal number (XLA flushes subnormals)."""
    ref = np.asarray(ref)
    m = np.isfinite(ref) & (np.abs(ref) >= np.finfo(ref.dtype).tiny)
    if not m.any():
        return 0.0
    err = np.abs(got[m].astype(np.float64) - ref[m].astype(np.float64)) / np.spacing(np.abs(ref[m]))
    return float(err.max())


def _same_nonfinite(got, ref) -> bool:
    return np.array_equal(np.isnan(got), np.isnan(ref)) and np.array_equal(np.isposinf(got), np.isposinf(ref)) \
        and np.array_equal(np.isneginf(got), np.isneginf(ref))


def _mp_derivative(formula, t: float) -> float:
    with mpmath.workdps(40):
        return float(mpmath.diff(formula, mpmath.mpf(t)))


def _run(backend: str, f, x: np.ndarray):
    """(f(x), value of value_and_grad, derivative) as NumPy arrays."""
    if backend == "torch":
        import torch
        t = torch.from_numpy(x.copy())
        v, d = f.value_and_grad(t)
        return f(t).numpy(), v.numpy(), d.numpy()
    import jax.numpy as jnp
    v, d = f.value_and_grad(jnp.asarray(x))
    return np.asarray(f(jnp.asarray(x))), np.asarray(v), np.asarray(d)


@pytest.mark.parametrize("backend", ["torch", "jax"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_values_and_derivatives_agree_with_the_numpy_backend(case, backend, request):
    pytest.importorskip(backend)
    if backend == "jax":
        request.getfixturevalue("x64")
    name, params, _ = case
    f, ref = _built(name, tuple(params.items()), backend), _numpy(name, tuple(params.items()))
    for dt in (np.float64, np.float32):
        x = GRID.astype(dt) if dt is np.float64 else GRID[np.abs(GRID) < 1e30].astype(dt)
        got, got_v, got_d = _run(backend, f, x)
        want_v, want_d = ref.value_and_grad(x)
        for what, g, w in (("f", got, want_v), ("f", got_v, want_v), ("d", got_d, want_d)):
            assert g.dtype == dt, (name, dt, g.dtype)
            assert _same_nonfinite(g, w), (name, dt, x[np.isfinite(g) != np.isfinite(w)])
            assert _ulps(g, w) <= WIDER.get((name, what), ULP[backend]), (name, what, dt, _ulps(g, w))


def _wide_sample(dtype, count: int) -> np.ndarray:
    """``count`` magnitudes over the dtype's whole normal range (both signs), ``count`` points of
    [−12, 12] and a few special points."""
    rng = np.random.default_rng(20261130)
    info = np.finfo(dtype)
    mags = 10 ** rng.uniform(np.log10(float(info.smallest_normal)), np.log10(float(info.max)) - 0.01, count)
    xs = np.concatenate([mags * rng.choice([-1.0, 1.0], count), rng.uniform(-12, 12, count),
                         [0.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 20.0, -20.0]])
    return np.unique(xs.astype(dtype))


@pytest.mark.parametrize("backend", ["torch", pytest.param("jax", marks=pytest.mark.slow)])  # JAX: 35 s of jit
def test_every_activation_meets_the_targets_against_mpmath(backend, request):
    """Every pointwise catalog activation, value and derivative, float64 (≤ 4 ULP) and float32
    (≤ 2 ULP) against 50-digit mpmath on a sample of the whole finite range, never non-finite
    where the exact value is finite: the PyTorch backend with the NumPy runtime's double-double
    arguments, kernels and slow paths; JAX (float64 enabled) with symact's elementary kernels, its
    flush net and host slow paths (a slow sweep: ``--runslow``; docs/accuracy.md has the same rows
    from benchmarks/accuracy.py)."""
    pytest.importorskip(backend)
    if backend == "jax":
        request.getfixturevalue("x64")
    import sympy as sp

    from symact.catalog import names
    from symact.codegen.accuracy import reference, ulp_errors
    from symact.core.symbols import X
    worst = {}
    for dtype, limit, count in ((np.float64, 4.0, 16), (np.float32, 2.0, 10)):
        xs = _wide_sample(dtype, count)
        for name in names("pointwise"):
            f = _built(name, (), backend)
            _, v, d = _run(backend, f, xs)
            for k, (got, target) in enumerate(((v, f.expr), (d, sp.diff(f.expr, X)))):
                errs, bad = ulp_errors(np.asarray(got, dtype=dtype), reference(target, xs), np.dtype(dtype))
                errs = np.nan_to_num(errs, nan=0.0)
                assert errs.max() <= limit, (name, k, dtype.__name__, xs[errs > limit][:3], errs.max())
                assert not bad.any(), (name, k, dtype.__name__, xs[bad][:3])
                worst[(name, k, dtype.__name__)] = float(errs.max())
    assert len(worst) >= 4 * 50


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_torch_autograd_gradient_is_the_fused_derivative_and_matches_mpmath(case):
    torch = pytest.importorskip("torch")
    name, params, formula = case
    f = _built(name, tuple(params.items()), "torch")
    x = torch.tensor(SMOOTH_POINTS, dtype=torch.float64, requires_grad=True)
    y = f(x)
    y.sum().backward()
    _, d = f.value_and_grad(x.detach())
    assert torch.equal(x.grad, d)
    want = np.array([_mp_derivative(formula, t) for t in SMOOTH_POINTS])
    np.testing.assert_allclose(x.grad.numpy(), want, rtol=1e-13, atol=1e-300)
    assert torch.autograd.gradcheck(f, (torch.tensor(SMOOTH_POINTS, dtype=torch.float64, requires_grad=True),))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_jax_grad_jvp_and_jit_give_the_fused_derivative(case, x64):
    jax = x64
    import jax.numpy as jnp
    name, params, formula = case
    f = _built(name, tuple(params.items()), "jax")
    x = jnp.asarray(SMOOTH_POINTS)
    _, d = f.value_and_grad(x)
    g = jax.grad(lambda t: f(t).sum())(x)
    _, tangent = jax.jvp(f, (x,), (jnp.ones_like(x),))
    assert np.array_equal(np.asarray(g), np.asarray(d)) and np.array_equal(np.asarray(tangent), np.asarray(d))
    assert np.array_equal(np.asarray(jax.jit(lambda t: f(t) * 1.0)(x)), np.asarray(f(x)))
    want = np.array([_mp_derivative(formula, t) for t in SMOOTH_POINTS])
    np.testing.assert_allclose(np.asarray(d), want, rtol=1e-13, atol=1e-300)


def test_jax_where_xla_flushes_or_cancels(x64):
    """The JAX backend's host paths: GoLU′ at −6.57 (a normal result from a subnormal intermediate
    that XLA flushes: the flush net recomputes it with NumPy, with subnormals enabled), sinc′ next
    to a far zero of tan u = u and Snake′ next to a double zero (slow paths in long double and
    mpmath), under jit and vmap; ISRU and squareplus next to ±1.8·10³⁰⁸ (x/√(x² + 1) a quotient,
    x/2 + √(x² + 4)/2 not factored by XLA)."""
    jax = x64
    import jax.numpy as jnp
    golu, sinc, snake = (_built(n, (), "jax") for n in ("golu", "sinc", "snake"))
    x = jnp.array([-6.573852638183919, -6.56, 1.0])
    d = np.asarray(golu.value_and_grad(x)[1])
    with mpmath.workdps(60):  # GoLU′ = e^{−e^{−x}}(1 + x e^{−x}); at −6.5739 a normal −4.6e-308 (XLA alone: 0)
        t = mpmath.mpf(float(x[0]))
        exact_golu = float(mpmath.exp(-mpmath.exp(-t)) * (1 + t * mpmath.exp(-t)))
    assert abs(d[0] - exact_golu) <= 4 * np.spacing(abs(exact_golu)), (d[0], exact_golu)
    assert np.array_equal(np.asarray(jax.vmap(lambda t: golu.value_and_grad(t)[1])(x)), d)
    assert np.array_equal(d, _numpy("golu", ()).value_and_grad(np.asarray(x))[1])
    with mpmath.workdps(60):
        zero = mpmath.findroot(lambda u: u * mpmath.cos(u) - mpmath.sin(u), 20.5 * mpmath.pi - 0.015)
        u = float(zero)
        exact_sinc = _mp_derivative(lambda t: mpmath.sin(t) / t, u)
        v = -mpmath.pi / 4 + 1000 * mpmath.pi
        w = float(v)
        exact_snake = float(1 + mpmath.sin(2 * mpmath.mpf(w)))
    got = float(sinc.value_and_grad(jnp.array([u]))[1][0])
    assert abs(got - exact_sinc) <= 4 * np.spacing(abs(exact_sinc)), (got, exact_sinc)
    got = float(snake.value_and_grad(jnp.array([w]))[1][0])
    assert abs(got - exact_snake) <= 4 * np.spacing(abs(exact_snake)), (got, exact_snake)
    isru, squareplus = _built("isru", (), "jax"), _built("squareplus", (), "jax")
    assert list(np.asarray(isru(jnp.array([-1.58e308, 1.58e308])))) == [-1.0, 1.0]
    big = jnp.array([9e307, 1.7e308])
    y, dy = (np.asarray(a) for a in squareplus.value_and_grad(big))
    assert list(y) == [9e307, 1.7e308] and list(dy) == [1.0, 1.0]


def test_softplus_at_800_is_finite_and_float32_stays_float32(x64):
    import jax.numpy as jnp
    import torch
    for backend in ("torch", "jax"):
        f = _built("softplus", (), backend)
        for dt in ("float32", "float64"):
            x = torch.tensor([800.0, -800.0], dtype=getattr(torch, dt)) if backend == "torch" else jnp.asarray(
                [800.0, -800.0], dtype=dt)
            v, d = f.value_and_grad(x)
            y = f(x)
            assert str(y.dtype).endswith(dt) and str(v.dtype).endswith(dt) and str(d.dtype).endswith(dt)
            assert float(y[0]) == 800.0 and float(d[0]) == 1.0  # log(1 + e⁸⁰⁰) = 800 + 1e-348
            assert float(y[1]) == 0.0  # e⁻⁸⁰⁰ underflows in both dtypes


def test_infinities_and_nan_follow_the_limits(x64):
    import jax.numpy as jnp
    import torch
    x = np.array([-np.inf, np.inf, np.nan])
    for backend in ("torch", "jax"):
        f = _built("gelu", (), backend)  # GELU(−inf) = 0, GELU′(−inf) = 0 (not −inf·0 = nan), GELU′(inf) = 1
        v, d = f.value_and_grad(torch.from_numpy(x) if backend == "torch" else jnp.asarray(x))
        v, d = np.asarray(v), np.asarray(d)
        assert v[0] == 0 and v[1] == np.inf and np.isnan(v[2])
        assert d[0] == 0 and d[1] == 1 and np.isnan(d[2])


def test_torch_gradient_where_the_frameworks_lose_it():
    """σ′(40) = σ(40)σ(−40) = 4.25e-18 (σ(1 − σ) gives 0); softplus′(30) = σ(30) < 1."""
    torch = pytest.importorskip("torch")
    x = torch.tensor([40.0, 30.0], dtype=torch.float64, requires_grad=True)
    _built("sigmoid", (), "torch")(x[:1]).sum().backward()
    want = float(mpmath.exp(-40) / (1 + mpmath.exp(-40)) ** 2)
    assert abs(float(x.grad[0]) - want) <= 4 * np.spacing(want)
    x.grad = None
    _built("softplus", (), "torch")(x[1:]).sum().backward()
    want = float(1 / (1 + mpmath.exp(-30)))
    assert float(x.grad[1]) < 1 and abs(float(x.grad[1]) - want) <= np.spacing(want)


def test_jax_without_x64_warns_that_it_computes_in_float32():
    jax = pytest.importorskip("jax")
    old = jax.config.read("jax_enable_x64")
    jax.config.update("jax_enable_x64", False)
    try:
        with pytest.warns(UserWarning, match="jax_enable_x64 is off"):
            f = symact.numeric("softplus", backend="jax")
        assert np.asarray(f(np.array([800.0]))).dtype == np.float32  # as the warning says
    finally:
        jax.config.update("jax_enable_x64", old)


def test_a_missing_framework_is_one_line_of_unsupported_error(monkeypatch):
    from symact.codegen import jax_backend, torch_backend
    f = _numpy("sigmoid", ())
    for module, name in ((torch_backend, "torch"), (jax_backend, "jax")):
        monkeypatch.setitem(sys.modules, name, None)  # import torch/jax raises ImportError
        with pytest.raises(UnsupportedError) as err:
            module.build(f.name, f.expr, f.stable, f.derivative, f.limits)
        assert "\n" not in str(err.value) and name in str(err.value)


def test_codegen_command_prints_torch_and_jax_source():
    pytest.importorskip("torch")
    pytest.importorskip("jax")
    from symact.cli.commands import run
    torch_src = run(["codegen", "softplus", "--backend", "torch"])
    jax_src = run(["codegen", "softplus", "--backend", "jax"])
    assert "def f_value_and_grad(x0):" in torch_src and "_t.sigmoid(x)" in torch_src
    assert "def f_value_and_grad(x0):" in jax_src and "_jax.nn.sigmoid(x)" in jax_src


@pytest.mark.slow
def test_speed_benchmark_quick_run_prints_the_table():
    pytest.importorskip("torch")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--quick"], capture_output=True,
                         text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [line for line in out.stdout.splitlines() if line.startswith("|")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    assert header[:3] == ["activation", "dtype", "pass"]
    body = rows[2:]
    assert len(body) == 3 * 2 * 2  # 3 activations × float32/float64 × forward / value+derivative
    assert all(len(r.strip("|").split("|")) == len(header) for r in body)
