r"""JAX backend: the stable expression as ``jax.numpy`` code, a ``jax.custom_jvp`` function.

>>> import jax, jax.numpy as jnp, symact                   # doctest: +SKIP
>>> jax.config.update("jax_enable_x64", True)             # doctest: +SKIP
>>> f = symact.numeric("gelu", backend="jax")              # doctest: +SKIP
>>> jax.grad(lambda x: f(x).sum())(jnp.array([-10.0]))     # doctest: +SKIP
Array([-7.6946e-22], dtype=float64)

``f(x)`` is a jitted :func:`jax.custom_jvp` function whose JVP rule is the fused derivative:
(f(x), f′(x)·ẋ) from one pass, f′ the stable generated one (σ′ = σ(x)σ(−x), GELU′ through Φ and
φ, …), never autodiff through the value's operations. ``jax.grad``, ``jax.jvp``, ``jax.vmap`` and
``jax.jit`` around it work; ``f.value_and_grad(x)`` returns (f(x), f′(x)).

**float64 needs** ``jax.config.update("jax_enable_x64", True)``: JAX's default has no float64,
so float64 inputs are float32 arrays and everything is computed in float32. With x64 enabled,
float32, float16 and bfloat16 are computed in float64 and rounded once (as the NumPy backend
does); without it they are computed in float32. nan in gives nan out, x = ∓inf the proved limits
of f and f′, a ``Piecewise`` computes every branch and ``jnp.where`` picks. XLA on CPU flushes
subnormal results to zero. Kernels: σ → ``jax.nn.sigmoid``, softplus → ``jnp.logaddexp(0, u)``,
Φ → ``jax.scipy.special.ndtr`` for x ≥ −1 and e^{−x²/2}·Q(−x) below, Q from the fitted
Mills-ratio table (as the NumPy runtime), erf / erfc → ``jax.scipy.special``, expm1, log1p →
``jnp``; φ with u² split exactly (Veltkamp), sinc and its derivatives with their Taylor series
near 0, exp(ax + c·e^{dx}) and 1 + sin 2u by the NumPy runtime's kernels
(:mod:`symact.codegen.runtime`), polynomial arguments as double-double pairs with first-order
corrected kernels (:mod:`symact.codegen.dd_arrays`). XLA contracts some of the pair's steps into
FMAs, so they are not exact as written: a polynomial whose roots are all exact doubles (x/6 + 1/2,
x²/6 + x/2) is printed as c·∏(x − r) instead, exactly 0 at its roots.

With float64 enabled, float32 meets symact's targets in every row of docs/accuracy.md (column
"symact JAX"); float64 misses 19 of 118 rows there (measured against mpmath): a few ULP over
where XLA's own tanh (6.5 ULP) or expm1 (3.3 ULP) dominate (tanh, tanhshrink′ 8.2, TanhExp,
LiSHT, …), XLA's flushing of subnormal intermediates (GoLU at −6.6: −0 for −7.5·10⁻³⁰⁸), ISRU /
ISRLU / squareplus / bent identity next to ±10³⁰⁸, Snake′ (180 ULP next to its double zeros) and
sinc′ past its 8th zero (the NumPy and PyTorch runtimes recompute those with mpmath, which jit
cannot call).
"""
from __future__ import annotations

import math

import sympy as sp

from ..core.errors import UnsupportedError
from .array_printer import ArrayPrinter, check_names, source
from .dd import CORRECTED, mark
from .dd_arrays import namespace as dd_namespace
from .runtime import exp_table, expexp_kernel, horner, mills_rows, mills_tail_kernel, onepsin2_kernel, sech2, sinc_derivative

FUNCS = {
    "sigmoid": "_jax.nn.sigmoid", "softplus": "_softplus", "Phi": "_ndtr", "phi": "_phi",
    "erf": "_jsp.erf", "erfc": "_jsp.erfc", "expm1": "_jnp.expm1", "log1p": "_jnp.log1p",
    "sinc": "_sinc", "exp": "_jnp.exp", "log": "_jnp.log", "tanh": "_jnp.tanh", "sin": "_jnp.sin", "cos": "_jnp.cos",
    "atan": "_jnp.arctan", "sinh": "_jnp.sinh", "cosh": "_jnp.cosh", "asinh": "_jnp.arcsinh", "sqrt": "_jnp.sqrt",
    "Abs": "_jnp.abs", "sign": "_jnp.sign", "sech": "_sech", "shift": "_shift", "sech2": "_sech2",
    "expexp": "_expexp", "onepsin2": "_onepsin2",
}
# kernels corrected to first order when their argument is a double-double polynomial (_dd_<name>)
DD_KERNELS = CORRECTED
PRIMS = {"where": "_jnp.where", "maximum": "_jnp.maximum", "minimum": "_jnp.minimum", "sqrt": "_jnp.sqrt",
         "power": "_jnp.power"}
_INV_SQRT_2PI = 0.398942280401432677939946059934381868  # 1/√(2π)


def _jax():
    try:
        import jax
    except ImportError:
        raise UnsupportedError("the jax backend needs JAX: pip install 'symact[jax]'") from None
    return jax


def _runtime(jax) -> dict:
    """The helpers the generated code calls (see :mod:`symact.codegen.runtime` for the NumPy ones)."""
    import jax.numpy as jnp
    import jax.scipy.special as jsp
    import numpy as np

    def _prepare(x0):
        x0 = jnp.asarray(x0)
        if not jnp.issubdtype(x0.dtype, jnp.floating):
            x0 = x0.astype(jax.dtypes.canonicalize_dtype(np.float64))
        work = jax.dtypes.canonicalize_dtype(np.float64)  # float32 unless jax_enable_x64
        x = x0.astype(work)

        def _c(text):  # a concrete constant (NumPy), also under jit: kernels may read its value
            return np.asarray(float(text), dtype=work)
        return x0, x, _c

    def _finish(y, x0, ends=(None, None)):
        """y in x0's dtype and shape (one rounding), nan where x0 is nan, the proved limits at
        x0 = ∓inf."""
        y = jnp.broadcast_to(jnp.asarray(y).astype(x0.dtype), x0.shape)
        y = jnp.where(jnp.isnan(x0), x0, y)  # nan in, nan out (a branch test never sees it)
        if ends[0] is not None:
            y = jnp.where(x0 == -jnp.inf, ends[0].astype(x0.dtype), y)
        if ends[1] is not None:
            y = jnp.where(x0 == jnp.inf, ends[1].astype(x0.dtype), y)
        return y

    def _softplus(u):
        # log(1 + eᵘ) = max(u, 0) + log1p(e^{−|u|}): no overflow, no cancellation
        return jnp.logaddexp(jnp.zeros((), u.dtype), u)

    def _gauss(u):
        r"""e^{−u²/2} with u = h + l split so that h² is exact (Veltkamp):
        e^{−h²/2}·e^{−(2hl + l²)/2}, the rounding of u² never reaches the exponent."""
        factor = 2.0**27 + 1 if u.dtype == np.float64 else 2.0**12 + 1
        c = factor * u
        h = c - (c - u)
        h = jnp.where(jnp.isfinite(h), h, u)
        low = u - h
        # e₁·(1 + expm1(b)), not e₁·exp(b): XLA rewrites exp(a)·exp(b) to exp(a + b), which
        # rounds a + b and undoes the split (476 ULP at u = −37.16, measured)
        e1 = jnp.exp(-(h * h) / 2)
        return e1 + e1 * jnp.expm1(-(2 * h * low + low * low) / 2)

    def _phi(u):
        # past `gone`, φ(u) is below half the smallest subnormal: exactly 0 (and u² may overflow)
        gone = math.sqrt(-2 * math.log(float(jnp.finfo(u.dtype).smallest_subnormal))) + 1
        return jnp.where(jnp.abs(u) > gone, jnp.zeros((), u.dtype), _gauss(u) * _INV_SQRT_2PI)

    mills = jnp.asarray(mills_rows())
    _scaled_tail = mills_tail_kernel(jnp.where, jnp.isfinite, jnp.clip, jnp.floor, lambda k: k.astype(jnp.int32),
                                     lambda like: mills)

    def _ndtr(v):
        r"""Φ(v), as the NumPy runtime: ``ndtr`` for v ≥ −1; below, :math:`e^{−v²/2}Q(−v)` with v
        split exactly (Veltkamp) and Q from the fitted table (erfcx·e^{−v²/2} was 4.4 ULP)."""
        far = v < -1
        w = jnp.where(far, v, jnp.full((), -2.0, v.dtype))
        tail = _scaled_tail(-w) * _gauss(w)
        tail = jnp.where(v < -40, jnp.zeros((), v.dtype), tail)  # Φ(−40) < 10⁻³⁴⁸ (and the split overflows)
        return jnp.where(far, tail, jsp.ndtr(v))

    def _sinc(u):
        one = jnp.ones((), u.dtype)
        return jnp.where(u == 0, one, jnp.sin(u) / jnp.where(u == 0, one, u))

    def _sinc_d(n, u):  # the NumPy runtime's series / closed form, on jnp arrays
        return sinc_derivative(jnp, n, u)

    def _sech(u):
        return 1 / jnp.cosh(u)

    def _shift(u, hi, lo):
        # (u − hi) − lo with hi + lo a constant to twice the precision: the barrier stops XLA's
        # simplifier from folding hi + lo into one rounded constant (220 ULP of SiLU′ near its
        # zero, measured)
        return jax.lax.optimization_barrier(u - hi) - lo

    def _nan(x):
        return jnp.full(x.shape, jnp.nan, x.dtype)

    def _sech2(u):
        return sech2(jnp, jax.nn.sigmoid, u)

    dd = dd_namespace(jnp.where, jnp.isfinite, jnp.abs, {
        "sigmoid": jax.nn.sigmoid, "exp": jnp.exp, "expm1": jnp.expm1, "softplus": _softplus, "Phi": _ndtr,
        "phi": _phi, "tanh": jnp.tanh, "sech2": _sech2, "erf": jsp.erf, "erfc": jsp.erfc, "gauss": _gauss,
        "log1p": jnp.log1p})
    table = jnp.asarray(exp_table())
    dd["_expexp"] = expexp_kernel(jnp.where, jnp.exp, jnp.abs, jnp.round, lambda n: n.astype(jnp.int32),
                                  lambda like: table, dd)
    onepsin2_pair = onepsin2_kernel(jnp.where, jnp.sin, jnp.cos, jnp.abs, jnp.isfinite, dd["_dd_add"])
    dd["_dd_onepsin2"] = lambda a: onepsin2_pair(a)[0]  # under jit: no mpmath for the rare cancelling elements
    dd["_onepsin2"] = lambda u: onepsin2_pair((u, jnp.zeros_like(u)))[0]
    return {**dd, "_sech2": _sech2, "_jax": jax, "_jnp": jnp, "_jsp": jsp, "_prepare": _prepare, "_finish": _finish, "_softplus": _softplus,
            "_gauss": _gauss, "_phi": _phi, "_ndtr": _ndtr, "_sinc": _sinc, "_sinc_d": _sinc_d, "_horner": horner,
            "_sech": _sech, "_shift": _shift, "_nan": _nan}


def jax_source(stable: sp.Expr, derivative: sp.Expr, limits) -> str:
    """The generated JAX source of f and the fused f, f′ (what ``symact codegen --backend jax`` prints)."""
    (stable, derivative), pairs = mark([stable, derivative])  # polynomials in x: double-double pairs
    return source(ArrayPrinter("jax", FUNCS, PRIMS, pairs, DD_KERNELS, factor_dyadic=True), stable, derivative, limits)


def build(name: str, expr: sp.Expr, stable: sp.Expr, derivative: sp.Expr, limits):
    """The JAX :class:`~symact.codegen.NumericFunction` (see :func:`symact.codegen.numeric`)."""
    from .function import NumericFunction
    jax = _jax()
    namespace = _runtime(jax)
    try:
        code = jax_source(stable, derivative, limits)
        exec(compile(code, f"<symact.numeric jax {name}>", "exec"), namespace)  # noqa: S102 - our own printer's output
        check_names(namespace, namespace["f"], namespace["f_value_and_grad"])
    except (ValueError, NotImplementedError) as exc:  # a function without a JAX kernel
        raise UnsupportedError(f"cannot generate jax code for {name}: {str(exc).splitlines()[0][:120]}") from None
    value, fused = namespace["f"], namespace["f_value_and_grad"]

    @jax.custom_jvp
    def fn(x):
        return value(x)

    @fn.defjvp
    def fn_jvp(primals, tangents):  # (f(x), f'(x)·ẋ): the fused derivative, one pass
        (x,), (dx,) = primals, tangents
        y, d = fused(x)
        return y, d * dx

    out = NumericFunction(name, expr, stable, derivative, code, jax.jit(fn), jax.jit(fused))
    out.limits = limits
    return out


__all__ = ["DD_KERNELS", "FUNCS", "build", "jax_source"]
