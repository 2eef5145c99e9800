"""symact's own exp, expm1, tanh, log1p, cosh and sinh (symact.codegen.elementary): against
50-digit mpmath on samples of their whole ranges, in NumPy and (when installed) under XLA, whose
own kernels they replace in the JAX backend."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest

from symact.codegen.elementary import Elementary

# (mpmath function, sample range, max ULP): measured 0.62, 0.79, 1.06, 1.18, 0.91, 1.54
KERNELS = {
    "exp": (mpmath.exp, (-745.0, 709.7), 0.7),
    "expm1": (mpmath.expm1, (-40.0, 709.0), 1.0),
    "tanh": (mpmath.tanh, (-25.0, 25.0), 1.2),
    "log1p": (mpmath.log1p, (-0.999, 1e300), 1.5),
    "cosh": (mpmath.cosh, (-710.4, 710.4), 1.2),
    "sinh": (mpmath.sinh, (-710.4, 710.4), 2.0),
}
SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-320, -1e-320, 5e-324])


def _sample(lo: float, hi: float, n: int = 1500) -> np.ndarray:
    """n uniform points of [lo, hi], n log-uniform magnitudes (10⁻³⁰ up to the range's end, both
    signs where the range has them) and the points around the reduction's seams (k ln 2 / 2)."""
    rng = np.random.default_rng(7)
    top = np.log(max(abs(lo), abs(hi)))
    mags = np.exp(rng.uniform(-69, top, n))
    seams = np.arange(-8, 9) * (np.log(2) / 2)
    xs = np.concatenate([rng.uniform(lo, hi, n), mags, -mags, np.nextafter(seams, np.inf), np.nextafter(seams, -np.inf)])
    return xs[(xs >= lo) & (xs <= hi)]


def _max_ulp(got: np.ndarray, xs: np.ndarray, exact) -> float:
    worst = 0.0
    with mpmath.workdps(50):
        for g, t in zip(got.tolist(), xs.tolist()):
            ref = exact(mpmath.mpf(t))
            r = float(ref)
            if r == 0 or not np.isfinite(r) or abs(r) < np.finfo(np.float64).tiny:
                continue
            assert np.isfinite(g), (t, g)
            worst = max(worst, float(abs(mpmath.mpf(g) - ref)) / float(np.spacing(abs(r))))
    return worst


@pytest.mark.parametrize("backend", ["numpy", "jax"])
@pytest.mark.parametrize("name", sorted(KERNELS))
def test_kernels_against_mpmath(name, backend, request):
    exact, (lo, hi), limit = KERNELS[name]
    if backend == "numpy":
        kernels = Elementary(np)
    else:
        jax = request.getfixturevalue("x64")
        kernels = Elementary(jax.numpy, jax.lax.optimization_barrier)
    xs = _sample(lo, hi)
    fn = getattr(kernels, name)
    if backend == "jax":
        import jax
        fn = jax.jit(fn)
    with np.errstate(all="ignore"):
        got = np.asarray(fn(xs))
    assert _max_ulp(got, xs, exact) <= limit, name


def test_special_values_in_numpy():
    """nan, ±inf, ±0 and subnormals as the mathematical functions (−0 keeps its sign where the
    function is odd)."""
    k = Elementary(np)
    with np.errstate(all="ignore"):
        out = {name: getattr(k, name)(SPECIAL) for name in KERNELS}
    assert np.isnan(out["exp"][0]) and list(out["exp"][1:3]) == [np.inf, 0.0]
    assert list(out["expm1"][1:3]) == [np.inf, -1.0] and list(out["tanh"][1:3]) == [1.0, -1.0]
    assert list(out["cosh"][1:3]) == [np.inf, np.inf] and list(out["sinh"][1:3]) == [np.inf, -np.inf]
    with np.errstate(divide="ignore", invalid="ignore"):
        assert out["log1p"][1] == np.inf and np.isnan(out["log1p"][2]) and k.log1p(np.array([-1.0]))[0] == -np.inf
    for name in ("expm1", "tanh", "log1p", "sinh"):  # odd at 0: −0 stays −0, subnormals pass through
        assert np.isnan(out[name][0]), name
        assert np.signbit(out[name][4]) and out[name][4] == 0, name
        assert list(out[name][5:]) == list(SPECIAL[5:]), name
    assert list(out["cosh"][3:]) == [1.0] * 5 and list(out["exp"][3:]) == [1.0] * 5


def test_the_barrier_keeps_log1p_exact_under_xla(x64):
    """XLA folds (1 + x) − 1 to x (jax 0.10: log1p(10⁻²³) = 0 without the barrier), which would
    make log1p's correction term 0; with the barrier the rounding of 1 + x is kept."""
    x = x64.numpy.array([1e-23, -3e-20, 2.5e-17])
    kept = np.asarray(x64.jit(Elementary(x64.numpy, x64.lax.optimization_barrier).log1p)(x))
    assert list(kept) == [1e-23, -3e-20, 2.5e-17]
