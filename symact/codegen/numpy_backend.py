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
from sympy.printing.numpy import NumPyPrinter

from ..core.symbols import X
from .dd import CORRECTED, mark, pair_code

_FUNCS = {
    "sigmoid": "_sp.expit", "softplus": "_softplus", "Phi": "_ndtr", "phi": "_phi",
    "erf": "_sp.erf", "erfc": "_sp.erfc", "expm1": "_np.expm1", "log1p": "_np.log1p",
    "sinc": "_sinc", "exp": "_np.exp", "log": "_np.log", "tanh": "_np.tanh", "sin": "_np.sin",
    "cos": "_np.cos", "atan": "_np.arctan", "sinh": "_np.sinh", "cosh": "_np.cosh", "asinh": "_np.arcsinh",
    "sqrt": "_np.sqrt", "Abs": "_np.abs", "sign": "_np.sign", "sech": "_sech",
}


def coefficient_last(printer, expr: sp.Mul, fallback) -> str:
    """A product with its numeric factor multiplied last: 4·x·σ(x)σ(−x) at x = 6e307 overflows
    in 4·x (inf·0 = nan), (x·σ(x)σ(−x))·4 does not; the roundings are the same either way."""
    c, rest = expr.as_coeff_Mul()
    if c.is_Number and c not in (1, -1) and rest != 1 and rest.has(X):
        return f"({printer._print(rest)})*{printer._print(c)}"
    return fallback(printer, expr)


class _Printer(NumPyPrinter):
    """NumPy code with symact's kernels; numbers become dtype-cast constants."""

    def __init__(self, dd: dict | None = None):
        super().__init__({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": False})
        self.dd = dd or {}  # placeholder symbol -> polynomial evaluated in double-double

    def _print(self, expr, **kwargs):
        if isinstance(expr, sp.Expr) and expr.is_number and not expr.is_Integer and expr.is_real is not False:
            return self._constant(expr)  # pi, sqrt(2/pi), E: one correctly rounded constant
        return super()._print(expr, **kwargs)

    def _print_Function(self, expr):
        # undefined functions (expm1, log1p of the rules) skip their own class name in SymPy's
        # dispatch and arrive here; the kernel table names them
        name = type(expr).__name__
        if name == "horner":  # horner(t, c0, …, cn) = c0 + t·(c1 + t·(… + t·cn)), in that nesting
            t, coeffs = self._print(expr.args[0]), [self._print(c) for c in expr.args[1:]]
            out = coeffs[-1]
            for c in reversed(coeffs[:-1]):
                out = f"({c} + ({t})*{out})"
            return out
        if name == "shift":  # shift(x, hi, lo) = (x − hi) − lo: x − r to twice double precision
            a, hi, lo = (self._print(v) for v in expr.args)
            return f"({a} - {hi})" if expr.args[2] == 0 else f"(({a} - {hi}) - {lo})"
        if name in _FUNCS:
            return _kernel_printer(name, _FUNCS[name])(self, expr)
        return super()._print_Function(expr)

    def _print_sinc_derivative(self, expr):
        n = int(expr.args[0])
        if n > 2:
            raise ValueError("sinc derivatives beyond the second are not generated")
        return f"_sinc_d({n}, {self._print(expr.args[1])})"

    def _print_Number(self, expr):
        return self._constant(expr)

    _print_Rational = _print_Number
    _print_Integer = _print_Number
    _print_Float = _print_Number

    def _print_NumberSymbol(self, expr):
        return self._constant(expr)

    def _constant(self, value) -> str:
        text = str(sp.N(value, 40)) if not (value.is_Integer and abs(value) < 2**53) else str(int(value))
        return f"_c({text!r})"

    def _print_Pow(self, expr, rational=False):
        base, e = expr.as_base_exp()
        if e == sp.Rational(1, 2):
            return f"_np.sqrt({self._print(base)})"
        if e.is_Integer and abs(e) <= 8:
            b = self._print(base)
            if e > 0:
                return "(" + "*".join([f"({b})"] * int(e)) + ")"
            return "(_c('1')/(" + "*".join([f"({b})"] * int(-e)) + "))"
        return f"_np.power({self._print(base)}, {self._print(e)})"

    def _print_Piecewise(self, expr):
        out = self._print(expr.args[-1][0]) if expr.args[-1][1] == sp.true else "_nan(x)"
        for value, cond in reversed(expr.args[:-1] if expr.args[-1][1] == sp.true else expr.args):
            out = f"_np.where({self._print(cond)}, {self._print(value)}, {out})"
        return out

    def _print_Mul(self, expr):
        return coefficient_last(self, expr, NumPyPrinter._print_Mul)

    def _print_Relational(self, expr):
        op = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}[expr.rel_op]
        return f"({self._print(expr.lhs)} {op} {self._print(expr.rhs)})"

    def _print_And(self, expr):
        return "(" + " & ".join(self._print(a) for a in expr.args) + ")"

    def _print_Or(self, expr):
        return "(" + " | ".join(self._print(a) for a in expr.args) + ")"

    def _print_Max(self, expr):
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for a in args[1:]:
            out = f"_np.maximum({out}, {a})"
        return out

    def _print_Min(self, expr):
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for a in args[1:]:
            out = f"_np.minimum({out}, {a})"
        return out

    def _print_Heaviside(self, expr):
        h0 = self._print(expr.args[1]) if len(expr.args) > 1 else "_c('0.5')"
        return f"_np.where({self._print(expr.args[0])} > 0, _c('1'), _np.where({self._print(expr.args[0])} < 0, _c('0'), {h0}))"

    def _print_Symbol(self, expr):
        if expr in self.dd:
            return f"_dd_round({self._pair(expr)})"
        return "x" if expr == X else str(expr)

    def _pair(self, placeholder) -> str:
        return pair_code(self.dd[placeholder], lambda c: f"_ddc({str(sp.N(c, 40))!r})")


def _kernel_printer(name: str, kernel: str):
    def print_it(self, expr):
        if name in CORRECTED and len(expr.args) == 1 and expr.args[0] in self.dd:
            return f"_dd_{name}({self._pair(expr.args[0])})"  # K(h + l) = K(h) + l·K′(h)
        return f"{kernel}({', '.join(self._print(a) for a in expr.args)})"
    return print_it


# one printing method per kernel (SymPy's printer dispatches on the function's class name)
for _name, _kernel in _FUNCS.items():
    setattr(_Printer, f"_print_{_name}", _kernel_printer(_name, _kernel))


def whole_tree_cse(exprs: list[sp.Expr]) -> tuple[list, list[sp.Expr]]:
    """Common subexpressions shared only where whole subtrees are equal. SymPy's ``cse`` also
    pulls common *parts* of sums and products out (``|x| + 1`` from ``|x| + 1 − x·sign(x)``),
    which reassociates them: ``(|x| + 1) − |x|`` is 0 in floating point for large |x| where
    ``(−|x| + |x|) + 1`` is 1. The stable form was chosen for its order of operations; this keeps it."""
    from sympy.simplify.cse_main import tree_cse
    return tree_cse(list(exprs), sp.numbered_symbols("_t"), {}, "canonical", ())


def source(f: sp.Expr, d: sp.Expr | None, name: str = "f", limits=((None, None), (None, None))) -> str:
    """Python source of ``name(x)`` (value) and, when ``d`` is given, ``name_value_and_grad(x)``;
    ``limits`` are the proved limits of f and f′ at (−∞, +∞), returned at x = ∓inf."""
    (f, d), placeholders = mark([f, d])  # polynomials in x that round more than once: double-double
    printer = _Printer(placeholders)

    def end(v):
        if v is None:
            return "None"
        if v is sp.oo:
            return "_c('inf')"
        if v is sp.S.NegativeInfinity:
            return "_c('-inf')"
        return printer._constant(v) if not v.is_Integer else f"_c('{int(v)}')"
    ends = [f"({end(a)}, {end(b)})" for a, b in limits]
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


__all__ = ["build", "coefficient_last", "source", "whole_tree_cse"]
