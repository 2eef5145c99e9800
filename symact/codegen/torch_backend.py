r"""PyTorch backend: the stable expression as torch code, wrapped in an ``autograd.Function``.

>>> import torch, symact                                   # doctest: +SKIP
>>> f = symact.numeric("softplus", backend="torch")        # doctest: +SKIP
>>> f(torch.tensor([800.0]))                               # doctest: +SKIP
tensor([800.])

``f(x)`` runs :class:`torch.autograd.Function` whose forward computes f(x) and, when x requires a
gradient, f′(x) in the same fused pass (common subexpressions once) and saves f′(x); backward is
``grad · f′(x)``: the derivative is the stable generated one (σ′ = σ(x)σ(−x), never σ(1 − σ),
GELU′ through Φ and φ, …), not autograd's chain through the value's operations.
``f.value_and_grad(x)`` returns (f(x), f′(x)) from one pass, outside autograd.

Semantics are the NumPy backend's: float32, float16 and bfloat16 are computed in float64 and
rounded once (float64 stays float64; integer tensors become torch's default dtype); nan in
gives nan out; x = ∓inf gives the proved limits of f and f′; a ``Piecewise`` computes every
branch and ``torch.where`` picks (a branch's overflow on inputs it does not own is discarded).
The same code runs on any device the input lives on. Kernels: σ → ``torch.sigmoid``,
softplus → ``torch.logaddexp(0, u)`` (not ``F.softplus``: its threshold 20 returns u where
log1p(e⁻ᵘ) still counts), Φ → ``torch.special.ndtr`` for x ≥ −1 and e^{−x²/2}·Q(−x) below, Q
from the fitted Mills-ratio table (as the NumPy runtime; ``torch.special.ndtr`` returns 2⁻⁵⁴ for
Φ(−8.4) = 2.9·10⁻¹⁷), erf / erfc → ``torch.special``, expm1, log1p → ``torch``, sech² →
1 − tanh² near 0 and 4σ(2u)σ(−2u) beyond; φ with u² split exactly (Veltkamp), sinc and its
derivatives with their Taylor series near 0, as in the NumPy runtime. Polynomial arguments
that would round more than once are double-double pairs (:mod:`symact.codegen.dd_arrays`, the
NumPy runtime's arithmetic) and σ, e^u, softplus, Φ, tanh, erf, … are corrected to first order
(GELU-tanh 176 → 1.7 ULP in float64); exp(ax + c·e^{dx}) is the NumPy runtime's kernel
(:func:`symact.codegen.runtime.expexp_kernel`: GoLU, cloglog′) and 1 + sin 2u is 2 sin²(u + π/4)
with u + π/4 in double-double, the elements within about an ULP of a double zero recomputed by
mpmath (Snake′), and sinc′ past its 8th zero takes the NumPy runtime's slow path (long double,
mpmath) for the elements where its closed form cancels (one host round trip then).
"""
from __future__ import annotations

import math

import sympy as sp

from ..core.errors import UnsupportedError
from .array_printer import ArrayPrinter, check_names, source
from .dd import CORRECTED, mark
from .dd_arrays import namespace as dd_namespace
from .runtime import (checked_sinc_derivative, exp_table, expexp_kernel, gauss_kernel, horner, mills_rows, mills_tail_kernel,
                      ndtr_kernel, onepsin2_exact_all, onepsin2_kernel, sech2, sinc_d1_cancelled)

FUNCS = {
    "sigmoid": "_t.sigmoid", "softplus": "_softplus", "Phi": "_ndtr", "phi": "_phi",
    "erf": "_t.special.erf", "erfc": "_t.special.erfc", "expm1": "_t.expm1", "log1p": "_t.log1p",
    "sinc": "_sinc", "exp": "_t.exp", "log": "_t.log", "tanh": "_t.tanh", "sin": "_t.sin", "cos": "_t.cos",
    "atan": "_t.atan", "sinh": "_t.sinh", "cosh": "_t.cosh", "asinh": "_t.asinh", "sqrt": "_t.sqrt",
    "Abs": "_t.abs", "sign": "_t.sign", "sech": "_sech", "sech2": "_sech2",
    "expexp": "_expexp", "onepsin2": "_onepsin2",
}
# kernels corrected to first order when their argument is a double-double polynomial (_dd_<name>)
DD_KERNELS = CORRECTED
# beyond this |u|, φ(u) is below half the smallest float64 subnormal
_PHI_GONE = math.sqrt(-2 * math.log(2.0**-1074)) + 1
_INV_SQRT_2PI = 0.398942280401432677939946059934381868  # 1/√(2π)
_SQRT_HALF = 0.707106781186547524400844362104849039  # √½
PRIMS = {"where": "_t.where", "maximum": "_t.maximum", "minimum": "_t.minimum", "sqrt": "_t.sqrt", "power": "_t.pow"}


def _torch():
    try:
        import torch
    except ImportError:
        raise UnsupportedError("the torch backend needs PyTorch: pip install 'symact[torch]'") from None
    return torch


def _runtime(torch) -> dict:
    """The helpers the generated code calls (see :mod:`symact.codegen.runtime` for the NumPy ones)."""
    inf, nan = float("inf"), float("nan")

    def _prepare(x0):
        x0 = torch.as_tensor(x0)
        if not x0.is_floating_point():
            x0 = x0.to(torch.get_default_dtype())
        x = x0.to(torch.float64)  # float32, float16, bfloat16: computed in float64, rounded once
        consts = {}

        def _c(text):
            if text not in consts:
                consts[text] = x.new_full((), float(text))
            return consts[text]
        return x0, x, _c

    def _finish(y, x0, ends=(None, None)):
        """y in x0's dtype and shape (one rounding), nan where x0 is nan, the proved limits at
        x0 = ∓inf."""
        y = y.to(x0.dtype)
        if y.shape != x0.shape:
            y = y.expand(x0.shape).clone()
        elif y.data_ptr() == x0.data_ptr():
            y = y.clone()  # f = x: never hand back (or fill) the caller's tensor
        special = ~torch.isfinite(x0)
        if bool(special.any()):  # one cheap pass when every input is finite (the usual case)
            y.masked_fill_(torch.isnan(x0), nan)  # nan in, nan out (a branch test never sees it)
            if ends[0] is not None:
                y.masked_fill_(x0 == -inf, ends[0])
            if ends[1] is not None:
                y.masked_fill_(x0 == inf, ends[1])
        return y

    def _softplus(u):
        # log(1 + eᵘ) = max(u, 0) + log1p(e^{−|u|}): no overflow, no cancellation
        return torch.logaddexp(u.new_zeros(()), u)

    _gauss = gauss_kernel(torch.where, torch.isfinite, torch.exp, torch.expm1)

    def _phi(u):
        # past _PHI_GONE, φ(u) is below half the smallest subnormal: exactly 0 (and u² may overflow)
        return torch.where(torch.abs(u) > _PHI_GONE, u.new_zeros(()), _gauss(u) * _INV_SQRT_2PI)

    mills: dict = {}

    def _mills(like):
        if like.device not in mills:
            mills[like.device] = torch.as_tensor(mills_rows(), device=like.device)
        return mills[like.device]

    _scaled_tail = mills_tail_kernel(torch.where, torch.isfinite, torch.clamp, torch.floor, lambda k: k.long(), _mills)

    # Φ as the NumPy runtime (torch.special.ndtr itself cancels to 0.5·(1 + erf) below −1)
    _ndtr = ndtr_kernel(torch.where, torch.special.ndtr, _scaled_tail, _gauss)

    def _sinc(u):
        one = u.new_ones(())
        return torch.where(u == 0, one, torch.sin(u) / torch.where(u == 0, one, u))

    def _sinc_d(n, u):
        """The NumPy runtime's series / closed form on torch arrays; for sinc′ in float64 the
        elements where the closed form cancels (κ > 4, near the zeros past the eighth) go through
        the NumPy runtime's slow path (long double, mpmath) on the host."""
        return checked_sinc_derivative(torch, n, u, u.dtype == torch.float64, _patch_sinc)

    def _patch_sinc(out, slow, u):
        if not bool(slow.any()):
            return out
        where = slow.nonzero(as_tuple=True)
        fixed = sinc_d1_cancelled(u[where].cpu().numpy(), out[where].cpu().numpy())
        out = out.clone()
        out[where] = torch.as_tensor(fixed, dtype=out.dtype, device=out.device)
        return out

    def _sech(u):
        return 1 / torch.cosh(u)

    def _sech2(u):
        return sech2(torch, torch.sigmoid, u)

    def _nan(x):
        return torch.full_like(x, nan)

    dd = dd_namespace(torch.where, torch.isfinite, torch.abs, {
        "sigmoid": torch.sigmoid, "exp": torch.exp, "expm1": torch.expm1, "softplus": _softplus, "Phi": _ndtr,
        "phi": _phi, "tanh": torch.tanh, "sech2": _sech2, "erf": torch.special.erf, "erfc": torch.special.erfc,
        "gauss": _gauss, "log1p": torch.log1p})
    tables: dict = {}

    def _table(like):
        if like.device not in tables:
            tables[like.device] = torch.tensor(exp_table(), dtype=torch.float64, device=like.device)
        return tables[like.device]

    dd["_expexp"] = expexp_kernel(torch.where, torch.exp, torch.abs, torch.round, lambda n: n.long(), _table, dd)
    onepsin2_pair = onepsin2_kernel(torch.where, torch.sin, torch.cos, torch.abs, torch.isfinite, dd["_dd_add"])

    def _dd_onepsin2(a):
        """1 + sin 2u, u = a[0] + a[1]; the rare cancelling elements (within about an ULP of a
        double zero) recomputed by mpmath as in the NumPy runtime (one host round trip then)."""
        hi, lo = torch.broadcast_tensors(*(torch.as_tensor(p, dtype=torch.float64, device=a[0].device) for p in a))
        out, slow = onepsin2_pair((hi, lo))
        if bool(slow.any()):
            where = slow.nonzero(as_tuple=True)
            exact = onepsin2_exact_all(hi[where].cpu().numpy(), lo[where].cpu().numpy())
            out = out.clone()
            out[where] = torch.as_tensor(exact, dtype=out.dtype, device=out.device)
        return out

    dd["_dd_onepsin2"] = _dd_onepsin2
    dd["_onepsin2"] = lambda u: _dd_onepsin2((u, torch.zeros_like(u)))
    return {"_t": torch, "_prepare": _prepare, "_finish": _finish, "_softplus": _softplus, "_phi": _phi,
            "_gauss": _gauss, "_ndtr": _ndtr, "_sinc": _sinc, "_sinc_d": _sinc_d, "_horner": horner, "_sech": _sech,
            "_sech2": _sech2, "_nan": _nan, **dd}


def torch_source(stable: sp.Expr, derivative: sp.Expr, limits) -> str:
    """The generated torch source of f and the fused f, f′ (what ``symact codegen --backend torch`` prints)."""
    (stable, derivative), pairs = mark([stable, derivative])  # polynomials in x: double-double pairs
    return source(ArrayPrinter("torch", FUNCS, PRIMS, pairs, DD_KERNELS), stable, derivative, limits)


def _autograd(torch, name: str, value, both):
    from torch.autograd.function import once_differentiable

    def forward(ctx, x):
        if ctx.needs_input_grad[0]:  # f and f' from one fused pass; backward is one product
            y, d = both(x)
            ctx.save_for_backward(d)
            return y
        return value(x)

    @once_differentiable
    def backward(ctx, grad):
        (d,) = ctx.saved_tensors
        return grad * d

    title = f"symact_{name}" if name.isidentifier() else "symact_expression"  # grad_fn: symact_mishBackward
    return type(title, (torch.autograd.Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def build(name: str, expr: sp.Expr, stable: sp.Expr, derivative: sp.Expr, limits):
    """The PyTorch :class:`~symact.codegen.NumericFunction` (see :func:`symact.codegen.numeric`)."""
    from .function import NumericFunction
    torch = _torch()
    namespace = _runtime(torch)
    try:
        code = torch_source(stable, derivative, limits)
        exec(compile(code, f"<symact.numeric torch {name}>", "exec"), namespace)  # noqa: S102 - our own printer's output
        check_names(namespace, namespace["f"], namespace["f_value_and_grad"])
    except (ValueError, NotImplementedError) as exc:  # a function without a torch kernel
        raise UnsupportedError(f"cannot generate torch code for {name}: {str(exc).splitlines()[0][:120]}") from None
    value, fused = namespace["f"], namespace["f_value_and_grad"]
    fn = _autograd(torch, name, value, fused)

    def apply(x):
        return fn.apply(torch.as_tensor(x))

    def value_and_grad(x):
        with torch.no_grad():
            return fused(torch.as_tensor(x))
    out = NumericFunction(name, expr, stable, derivative, code, apply, value_and_grad)
    out.limits = limits
    return out


__all__ = ["DD_KERNELS", "FUNCS", "build", "torch_source"]
