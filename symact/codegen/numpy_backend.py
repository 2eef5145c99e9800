r"""NumPy source from a SymPy expression: stable kernels, guarded branches, the input's dtype.

The expression (and its derivative, for the fused function) is first rewritten by
:mod:`symact.codegen.rules`; common subexpressions of f and f′ are computed once (``cse``).
σ, softplus, Φ, log σ, erf, erfc, expm1, log1p map to library kernels (``scipy.special.expit``,
``np.logaddexp(0, ·)``, ``ndtr``, ``log_expit``, …). A ``Piecewise`` becomes ``np.where`` with
every branch computed under ``np.errstate(all="ignore")``: a branch's overflow on inputs it does
not own is discarded, never returned. Constants are cast to the input's dtype, so float32 in
gives float32 out.
"""
from __future__ import annotations

import sympy as sp
from .array_printer import ArrayPrinter, end_value, whole_tree_cse
from .dd import CORRECTED, mark

_FUNCS = {
    "sigmoid": "_sp.expit", "softplus": "_softplus", "Phi": "_ndtr", "phi": "_phi",
    "erf": "_sp.erf", "erfc": "_sp.erfc", "expm1": "_np.expm1", "log1p": "_np.log1p",
    "sinc": "_sinc", "exp": "_np.exp", "log": "_np.log", "tanh": "_np.tanh", "sin": "_np.sin",
    "cos": "_np.cos", "atan": "_np.arctan", "sinh": "_np.sinh", "cosh": "_np.cosh", "asinh": "_np.arcsinh",
    "sqrt": "_np.sqrt", "Abs": "_np.abs", "sign": "_np.sign", "sech": "_sech", "expexp": "_expexp",
    "onepsin2": "_onepsin2", "sech2": "_sech2",
}


PRIMS = {"where": "_np.where", "maximum": "_np.maximum", "minimum": "_np.minimum", "sqrt": "_np.sqrt",
         "power": "_np.power"}


def _printer(dd: dict | None = None) -> ArrayPrinter:
    """The array printer with NumPy's kernels and the double-double placeholders of
    :mod:`symact.codegen.dd`: a kernel receiving one is corrected to first order, anywhere else
    the pair is rounded once."""
    return ArrayPrinter("numpy", _FUNCS, PRIMS, dd, CORRECTED)


def source(f: sp.Expr, d: sp.Expr | None, name: str = "f", limits=((None, None), (None, None))) -> str:
    """Python source of ``name(x)`` (value) and, when ``d`` is given, ``name_value_and_grad(x)``;
    ``limits`` are the proved limits of f and f′ at (−∞, +∞), returned at x = ∓inf."""
    (f, d), placeholders = mark([f, d])  # polynomials in x that round more than once: double-double
    printer = _printer(placeholders)
    ends = [f"({end_value(printer, a)}, {end_value(printer, b)})" for a, b in limits]
    lines = [f"def {name}(x0):", "    x0, x, _c = _prepare(x0)", "    with _np.errstate(all='ignore'):"]
    lines.append(f"        return _finish({printer._print(f)}, x0, {ends[0]})")
    if d is not None:
        reps, (fv, dv) = whole_tree_cse([f, d])
        lines += ["", f"def {name}_value_and_grad(x0):", "    x0, x, _c = _prepare(x0)", "    with _np.errstate(all='ignore'):"]
        for s, e in reps:
            lines.append(f"        {s} = {printer._print(e)}")
        lines.append(f"        return _finish({printer._print(fv)}, x0, {ends[0]}), _finish({printer._print(dv)}, x0, {ends[1]})")
    return "\n".join(lines) + "\n"


def build(name: str, expr: sp.Expr, stable: sp.Expr, derivative: sp.Expr, limits):
    """The NumPy :class:`~symact.codegen.NumericFunction` (see :func:`symact.codegen.numeric`)."""
    import numpy as np
    import scipy.special as sps

    from ..core.errors import UnsupportedError
    from .function import NumericFunction
    from .runtime import NAMESPACE
    try:
        code = source(stable, derivative, "f", limits)
    except (ValueError, NotImplementedError) as exc:  # a function without a kernel yet
        raise UnsupportedError(f"cannot generate code for {name}: {str(exc).splitlines()[0][:120]}") from None
    namespace = {"_np": np, "_sp": sps, **NAMESPACE}
    exec(compile(code, f"<symact.numeric {name}>", "exec"), namespace)  # noqa: S102 - our own printer's output
    return NumericFunction(name, expr, stable, derivative, code, namespace["f"], namespace.get("f_value_and_grad"))


__all__ = ["build", "source"]
