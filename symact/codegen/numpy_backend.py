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

_FUNCS = {
    "sigmoid": "_sp.expit", "softplus": "_softplus", "Phi": "_sp.ndtr", "phi": "_phi",
    "erf": "_sp.erf", "erfc": "_sp.erfc", "expm1": "_np.expm1", "log1p": "_np.log1p",
    "sinc": "_sinc", "exp": "_np.exp", "log": "_np.log", "tanh": "_np.tanh", "sin": "_np.sin",
    "cos": "_np.cos", "atan": "_np.arctan", "sinh": "_np.sinh", "cosh": "_np.cosh", "asinh": "_np.arcsinh",
    "sqrt": "_np.sqrt", "Abs": "_np.abs", "sign": "_np.sign", "sech": "_sech",
}


class _Printer(NumPyPrinter):
    """NumPy code with symact's kernels; numbers become dtype-cast constants."""

    def __init__(self):
        super().__init__({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": False})

    def _print(self, expr, **kwargs):
        if isinstance(expr, sp.Expr) and expr.is_number and not expr.is_Integer and expr.is_real is not False:
            return self._constant(expr)  # pi, sqrt(2/pi), E: one correctly rounded constant
        return super()._print(expr, **kwargs)

    def _print_Function(self, expr):
        # undefined functions (expm1, log1p of the rules) skip their own class name in SymPy's
        # dispatch and arrive here; the kernel table names them
        name = type(expr).__name__
        if name in _FUNCS:
            return f"{_FUNCS[name]}({', '.join(self._print(a) for a in expr.args)})"
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
        return "x" if expr == X else str(expr)


def _kernel_printer(kernel: str):
    def print_it(self, expr):
        return f"{kernel}({', '.join(self._print(a) for a in expr.args)})"
    return print_it


# one printing method per kernel (SymPy's printer dispatches on the function's class name)
for _name, _kernel in _FUNCS.items():
    setattr(_Printer, f"_print_{_name}", _kernel_printer(_kernel))


def source(f: sp.Expr, d: sp.Expr | None, name: str = "f", limits=((None, None), (None, None))) -> str:
    """Python source of ``name(x)`` (value) and, when ``d`` is given, ``name_value_and_grad(x)``;
    ``limits`` are the proved limits of f and f′ at (−∞, +∞), returned at x = ∓inf."""
    printer = _Printer()

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
        reps, (fv, dv) = sp.cse([f, d], symbols=sp.numbered_symbols("_t"), optimizations="basic")
        lines += ["", f"def {name}_value_and_grad(x0):", "    x0, x, _c = _prepare(x0)", "    with _np.errstate(all='ignore'):"]
        for s, e in reps:
            lines.append(f"        {s} = {printer._print(e)}")
        lines.append(f"        return _finish({printer._print(fv)}, x0, {ends[0]}), _finish({printer._print(dv)}, x0, {ends[1]})")
    return "\n".join(lines) + "\n"


__all__ = ["source"]
