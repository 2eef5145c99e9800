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
does); without it they are computed in float32 with XLA's own kernels. nan in gives nan out,
x = ∓inf the proved limits of f and f′, a ``Piecewise`` computes every branch and ``jnp.where``
picks.

Kernels (float64): exp, expm1, tanh, log1p, cosh, sinh are symact's own
(:mod:`symact.codegen.elementary`: XLA's are up to 6.5 ULP for tanh, 3.6 for expm1, 115 for log1p,
495 for cosh, measured); erfc past 1 is 2·Q(u√2)·e^{−u²} (XLA's: 475 ULP at 24.7); σ →
``jax.nn.sigmoid``, softplus → max(u, 0) + log1p(e^{−|u|}), Φ → ``jax.scipy.special.ndtr`` for
x ≥ −1 and e^{−x²/2}·Q(−x) below, Q from the fitted Mills-ratio table (as the NumPy runtime), erf
→ ``jax.scipy.special``; φ with u² split exactly (Veltkamp), sinc and its derivatives with their
Taylor series near 0, exp(ax + c·e^{dx}) and 1 + sin 2u by the NumPy runtime's kernels
(:mod:`symact.codegen.runtime`), polynomial arguments as double-double pairs with first-order
corrected kernels (:mod:`symact.codegen.dd_arrays`).

What XLA does to code, and what the generated code does about it: it contracts products and sums
into FMAs, so a double-double pair's steps are not exact as written (a polynomial whose roots are
all exact doubles, x/6 + 1/2, is printed as c·∏(x − r) instead, exactly 0 at its roots); it folds
(1 + x) − 1 to x and hi + lo constants into one (``optimization_barrier`` keeps them); it factors
a·c + b·c into (a + b)·c, which overflows where a + b does (such terms go through a barrier); it
flushes subnormals to zero, inputs and results and intermediates, on the CPU. For the last, every
float64 result below 2⁻⁹⁵⁸ in magnitude (zeros included, x finite and ≠ 0) of a function with a
transcendental kernel or root is recomputed by the NumPy backend on the host, in the default
floating-point environment (:func:`flush_net`: GoLU′ at −6.57 is −4.6·10⁻³⁰⁸, XLA alone gives 0);
subnormal inputs still read as 0. The rare elements where sinc′'s closed form cancels (past its
8th zero) and where 1 + sin 2u is next to a double zero (Snake′) go the NumPy runtime's slow paths
(long double, mpmath) on the host too. Host calls are :func:`jax.pure_callback` under
:func:`jax.lax.cond`: an array without such elements never leaves XLA.

With float64 enabled every row of docs/accuracy.md meets symact's targets in the column "symact
JAX". The price is speed: on 10⁶ float64 elements, one thread of this machine, GELU 69 ms (61
before these kernels), Mish 39 (21), tanh 8.6 (1.3), GoLU 25 (12); the C backend is the fast one.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import sympy as sp

from ..core.errors import PrecisionWarning, UnsupportedError
from .array_printer import ArrayPrinter, check_names, source
from .dd import CORRECTED, mark
from .dd_arrays import namespace as dd_namespace
from . import numpy_backend
from .elementary import Elementary
from .runtime import (checked_sinc_derivative, exp_table, expexp_kernel, gauss_kernel, horner, ieee_subnormals, mills_rows,
                      mills_tail_kernel, ndtr_kernel, onepsin2_fix, onepsin2_kernel, sech2, sinc_d1_cancelled)

FUNCS = {
    "sigmoid": "_jax.nn.sigmoid", "softplus": "_softplus", "Phi": "_ndtr", "phi": "_phi",
    "erf": "_jsp.erf", "erfc": "_erfc", "expm1": "_expm1", "log1p": "_log1p",
    "sinc": "_sinc", "exp": "_exp", "log": "_jnp.log", "tanh": "_tanh", "sin": "_jnp.sin", "cos": "_jnp.cos",
    "atan": "_jnp.arctan", "sinh": "_sinh", "cosh": "_cosh", "asinh": "_jnp.arcsinh", "sqrt": "_jnp.sqrt",
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

    def _pow2(j):  # 2^j from its bits (jnp.ldexp: 12 ns an element)
        return jax.lax.bitcast_convert_type((j.astype(jnp.int64) + 1023) << 52, jnp.float64)

    elementary = Elementary(jnp, jax.lax.optimization_barrier, _pow2)

    def _accurate(name):
        """symact's float64 kernel (:mod:`symact.codegen.elementary`) in place of XLA's, which is
        up to 6.5 ULP (tanh), 115 (log1p), 495 (cosh) off; XLA's own in float32 (without x64)."""
        ours, theirs = getattr(elementary, name), getattr(jnp, name)
        return lambda u: ours(u) if u.dtype == np.float64 else theirs(u)

    _exp, _expm1, _tanh, _log1p, _cosh, _sinh = (_accurate(n) for n in ("exp", "expm1", "tanh", "log1p", "cosh", "sinh"))

    def _softplus(u):
        # log(1 + eᵘ) = max(u, 0) + log1p(e^{−|u|}): no overflow, no cancellation
        return jnp.maximum(u, jnp.zeros((), u.dtype)) + _log1p(_exp(-jnp.abs(u)))

    _gauss = gauss_kernel(jnp.where, jnp.isfinite, _exp, _expm1)

    def _phi(u):
        # past `gone`, φ(u) is below half the smallest subnormal: exactly 0 (and u² may overflow)
        gone = math.sqrt(-2 * math.log(float(jnp.finfo(u.dtype).smallest_subnormal))) + 1
        return jnp.where(jnp.abs(u) > gone, jnp.zeros((), u.dtype), _gauss(u) * _INV_SQRT_2PI)

    mills = jnp.asarray(mills_rows())
    _scaled_tail = mills_tail_kernel(jnp.where, jnp.isfinite, jnp.clip, jnp.floor, lambda k: k.astype(jnp.int32),
                                     lambda like: mills)

    _ndtr = ndtr_kernel(jnp.where, jsp.ndtr, _scaled_tail, _gauss)  # Φ as the NumPy runtime

    def _sinc(u):
        one = jnp.ones((), u.dtype)
        return jnp.where(u == 0, one, jnp.sin(u) / jnp.where(u == 0, one, u))

    def _sinc_d(n, u):
        """The NumPy runtime's series / closed form on jnp arrays; for sinc′ in float64 the
        elements where the closed form cancels (κ > 4, near the zeros past the eighth) go through
        the NumPy runtime's slow path (long double, mpmath) on the host."""
        return checked_sinc_derivative(jnp, n, u, u.dtype == np.float64, lambda out, slow, u: on_host(
            jax, lambda out, u: sinc_d1_cancelled(u, out), slow, out, u))

    def _sech(u):
        return 1 / _cosh(u)

    def _erfc(u):
        r"""erfc u; for u ≥ 1, 2·Q(u√2)·e^{−u²} with Q the Mills-ratio table (as Φ's tail) and
        e^{−u²} from u split exactly (XLA's erfc: 475 ULP at u = 24.7, measured); 0 past 27.3,
        where erfc u < 2⁻¹⁰⁷⁴."""
        far = u >= 1
        w = jnp.where(far, u, jnp.full((), 2.0, u.dtype))
        tail = 2 * _scaled_tail(w * math.sqrt(2)) * _gauss(w, 1.0)
        tail = jnp.where(u > 27.3, jnp.zeros((), u.dtype), tail)
        return jnp.where(far, tail, jsp.erfc(u))

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
        "sigmoid": jax.nn.sigmoid, "exp": _exp, "expm1": _expm1, "softplus": _softplus, "Phi": _ndtr,
        "phi": _phi, "tanh": _tanh, "sech2": _sech2, "erf": jsp.erf, "erfc": _erfc, "gauss": _gauss,
        "log1p": _log1p})
    table = jnp.asarray(exp_table())
    dd["_expexp"] = expexp_kernel(jnp.where, _exp, jnp.abs, jnp.round, lambda n: n.astype(jnp.int32),
                                  lambda like: table, dd)
    onepsin2_pair = onepsin2_kernel(jnp.where, jnp.sin, jnp.cos, jnp.abs, jnp.isfinite, dd["_dd_add"])

    def _dd_onepsin2(a):
        """1 + sin 2u, u = a[0] + a[1]; the rare cancelling elements (within about an ULP of a
        double zero) recomputed by mpmath on the host, as in the NumPy runtime."""
        hi, lo = jnp.broadcast_arrays(*(jnp.asarray(p, dtype=np.float64) for p in a))
        out, slow = onepsin2_pair((hi, lo))
        return on_host(jax, onepsin2_fix, slow, out, slow, hi, lo)

    dd["_dd_onepsin2"] = _dd_onepsin2
    dd["_onepsin2"] = lambda u: _dd_onepsin2((u, jnp.zeros_like(u)))
    return {**dd, "_sech2": _sech2, "_jax": jax, "_jnp": jnp, "_jsp": jsp, "_prepare": _prepare, "_finish": _finish, "_softplus": _softplus,
            "_gauss": _gauss, "_phi": _phi, "_ndtr": _ndtr, "_sinc": _sinc, "_sinc_d": _sinc_d, "_horner": horner,
            "_sech": _sech, "_shift": _shift, "_nan": _nan, "_exp": _exp, "_expm1": _expm1, "_tanh": _tanh,
            "_log1p": _log1p, "_cosh": _cosh, "_sinh": _sinh, "_erfc": _erfc, "_keep": jax.lax.optimization_barrier}


def on_host(jax, fix, mask, out, *args):
    r"""``out``, or where any element of ``mask`` is set, ``fix(out, *args)`` computed by NumPy on
    the host (:func:`jax.pure_callback`; under :func:`jax.lax.cond`, so a call whose mask is all
    false never leaves XLA). ``fix`` returns the whole array, its own elements recomputed."""
    import jax.numpy as jnp
    spec = jax.ShapeDtypeStruct(out.shape, out.dtype)

    def host(*arrays):
        with ieee_subnormals():  # the callback thread flushes subnormals: NumPy would too
            return np.asarray(fix(*(np.asarray(a) for a in arrays)), dtype=spec.dtype)

    def call(operands):
        return jax.pure_callback(host, spec, *operands, vmap_method="broadcast_all")

    return jax.lax.cond(jnp.any(mask), call, lambda operands: operands[0], (out, *args))


TINY = 2.0**-958  # float64 results below this may have lost a flushed subnormal intermediate


def _flush_prone(e: sp.Expr) -> bool:
    """Whether e holds anything but +, −, ×, integer powers and |·|, sign, max, min, Piecewise: a
    kernel (exp, σ, Φ, √ …) whose subnormal intermediates XLA may flush to 0."""
    plain = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Piecewise, sp.Heaviside)
    for node in sp.preorder_traversal(e):
        if isinstance(node, sp.Function) and not isinstance(node, plain):
            return True
        if isinstance(node, sp.Pow) and not node.exp.is_Integer:
            return True
    return False


def flush_net(jax, x, y, host_fn):
    r"""``y`` (a generated JAX function's output at x) with its float64 elements below 2⁻⁹⁵⁸ in
    magnitude, zeros included, at finite x ≠ 0, recomputed by ``host_fn`` (the NumPy backend's) on
    the host: XLA on the CPU flushes subnormals to zero, also intermediate ones that a normal result
    needs (GoLU′ at x = −6.57 is −4.6·10⁻³⁰⁸, from e^{−e^{−x}} = 1.6·10⁻³¹¹; XLA gave 0)."""
    import jax.numpy as jnp
    if y.dtype != np.float64:
        return y

    def fix(y, x, mask):
        y = np.array(y, copy=True)
        y[mask] = np.asarray(host_fn(x[mask]), dtype=y.dtype)
        return y

    x = jnp.broadcast_to(x, y.shape)
    mask = (jnp.abs(y) < TINY) & (x != 0) & jnp.isfinite(x)
    return on_host(jax, fix, mask, y, x, mask)


def jax_source(stable: sp.Expr, derivative: sp.Expr, limits) -> str:
    """The generated JAX source of f and the fused f, f′ (what ``symact codegen --backend jax`` prints)."""
    (stable, derivative), pairs = mark([stable, derivative])  # polynomials in x: double-double pairs
    printer = ArrayPrinter("jax", FUNCS, PRIMS, pairs, DD_KERNELS, factor_dyadic=True, keep_common_factors=True)
    return source(printer, stable, derivative, limits)


def build(name: str, expr: sp.Expr, stable: sp.Expr, derivative: sp.Expr, limits):
    """The JAX :class:`~symact.codegen.NumericFunction` (see :func:`symact.codegen.numeric`)."""
    from .function import NumericFunction
    jax = _jax()
    if not jax.config.read("jax_enable_x64"):
        warnings.warn("symact's jax backend: jax_enable_x64 is off, so it computes in float32 (float64 inputs become "
                      "float32 arrays); jax.config.update('jax_enable_x64', True) first for its float64 accuracy",
                      PrecisionWarning, stacklevel=3)
    namespace = _runtime(jax)
    try:
        code = jax_source(stable, derivative, limits)
        exec(compile(code, f"<symact.numeric jax {name}>", "exec"), namespace)  # noqa: S102 - our own printer's output
        check_names(namespace, namespace["f"], namespace["f_value_and_grad"])
    except (ValueError, NotImplementedError) as exc:  # a function without a JAX kernel
        raise UnsupportedError(f"cannot generate jax code for {name}: {str(exc).splitlines()[0][:120]}") from None
    raw_value, raw_fused = namespace["f"], namespace["f_value_and_grad"]
    prepare, net_value, net_derivative = namespace["_prepare"], _flush_prone(stable), _flush_prone(derivative)
    if net_value or net_derivative:  # the flush net's host function
        host = numpy_backend.build(name, expr, stable, derivative, limits)

    def value(x0):  # the generated function with the flush net
        y = raw_value(x0)
        return flush_net(jax, prepare(x0)[0], y, host) if net_value else y

    def fused(x0):
        y, d = raw_fused(x0)
        x = prepare(x0)[0]
        if net_value:
            y = flush_net(jax, x, y, host)
        if net_derivative:
            d = flush_net(jax, x, d, lambda t: host.value_and_grad(t)[1])
        return y, d

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
