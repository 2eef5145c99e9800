r"""Source for array frameworks other than NumPy (PyTorch, JAX) from the stable SymPy expression.

One printer, parameterised by a backend's table of names: a kernel table (σ → ``torch.sigmoid``
or ``_sigmoid``, softplus → ``_softplus``, Φ → ``_ndtr``, …) and the array primitives the printer
itself emits (``where``, ``maximum``, ``minimum``, ``sqrt``, ``power``). The generated functions
have the NumPy backend's shape:

.. code-block:: python

    def f(x0):
        x0, x, _c = _prepare(x0)         # x: the input in the working dtype (float64)
        return _finish(<f>, x0, (f(-oo), f(+oo)))

    def f_value_and_grad(x0):
        x0, x, _c = _prepare(x0)
        _t0 = ...                         # common subexpressions of f and f' (cse), once
        return _finish(<f>, ...), _finish(<f'>, ...)

``_prepare``, ``_finish``, ``_c`` (a constant in the working dtype, on the input's device) and
the kernels come from the backend's runtime namespace. ``horner(t, c0, …, cn)`` =
c0 + t·(c1 + t·(… + t·cn)) and ``shift(x, hi, lo)`` = (x − hi) − lo (evaluated in that order:
a constant split into two floats) are printed as ``_horner(...)`` and an explicit
``((x - hi) - lo)`` (or the backend's ``shift`` kernel, where its compiler would fold
hi + lo into one constant). A function without a kernel in the table raises ``ValueError``; so does a
generated source that names a global the runtime does not define (:func:`check_names`).
"""
from __future__ import annotations

import builtins
import dis

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from ..core.symbols import X

PRIMITIVES = ("where", "maximum", "minimum", "sqrt", "power")


def coefficient_last(printer, expr: sp.Mul, fallback) -> str:
    """A product with its numeric factor multiplied last: 4·x·σ(x)σ(−x) at x = 6e307 overflows
    in 4·x (inf·0 = nan), (x·σ(x)σ(−x))·4 does not; the roundings are the same either way."""
    c, rest = numeric_factor(expr)
    if c.is_number and c not in (1, -1) and rest != 1 and rest.has(X):
        spread = _spread_halving(c, rest) or into_monomial_branches(c, rest)
        if spread is not None:
            return printer._print(spread)
        return f"({printer._print(rest)})*{printer._print(c)}"
    return fallback(printer, expr)


def numeric_factor(expr: sp.Mul) -> tuple[sp.Expr, sp.Expr]:
    """(c, rest) with c the product of all the numeric factors (√2·x·h/(2√π): c = 1/√(2π), one
    constant rounded once instead of three roundings) and rest the others."""
    numbers = [f for f in expr.args if f.is_number and f.is_real]
    if len(numbers) < 2:
        return expr.as_coeff_Mul()
    others = [f for f in expr.args if not (f.is_number and f.is_real)]
    return sp.Mul(*numbers), sp.Mul(*others)


def _halving(c) -> bool:
    """c = ±2⁻ᵏ, k ≥ 1: a product by c is exact (outside the subnormal range)."""
    if not c.is_Rational or c.p not in (1, -1):
        return False
    q = int(c.q)
    return q > 1 and q & (q - 1) == 0


def _spread(c, e: sp.Expr) -> sp.Expr | None:
    """c·e with c moved into a two-term sum (c·a + c·b, the same roundings for c = ±2⁻ᵏ), through
    the branches of a Piecewise; None when e is neither."""
    if isinstance(e, sp.Add) and len(e.args) == 2:
        return sp.Add(*[c * t for t in e.args], evaluate=False)
    if isinstance(e, sp.Piecewise):
        spread = [_spread(c, v) for v, _ in e.args]
        if all(s is None for s in spread):
            return None  # no sum to move c into: the product stays as it is
        return sp.Piecewise(*[(sp.Mul(c, v, evaluate=False) if s is None else s, cond)
                              for s, (v, cond) in zip(spread, e.args)])
    return None


def _monomial(v: sp.Expr) -> bool:
    """v = k·xⁿ (n ≥ 0, k a number): folding a constant into k rounds once and cannot underflow
    where the product would not (unlike c/(…), which may leave the normal range)."""
    k, rest = v.as_coeff_Mul()
    return rest == 1 or rest == X or (isinstance(rest, sp.Pow) and rest.base == X and rest.exp.is_Integer
                                      and rest.exp > 0)


def into_monomial_branches(c, rest: sp.Expr) -> sp.Expr | None:
    """c·Piecewise((k·x, …), (0, True))·h as Piecewise((ck·x, …), (0, True))·h when every branch is
    a single term: one constant, one rounding (2√5/5·(2x) overflowed in 2x past 9·10³⁰⁷ where
    (4√5/5)·x is finite up to 10³⁰⁸)."""
    factors = list(sp.Mul.make_args(rest))
    for k, f in enumerate(factors):
        if isinstance(f, sp.Piecewise) and all(_monomial(v) for v, _ in f.args):
            folded = sp.Piecewise(*[(c * v, cond) for v, cond in f.args])
            return sp.Mul(*(factors[:k] + [folded] + factors[k + 1:]), evaluate=False)
    return None


def _spread_halving(c, rest: sp.Expr) -> sp.Expr | None:
    r"""(a + b)·h·c as (c·a + c·b)·h for c = ±2⁻ᵏ: squareplus′ = ((x + √(x² + 4))/√(x² + 4))/2
    overflows in x + √(x² + 4) past x = 9·10³⁰⁷ where x/2 + √(x² + 4)/2 does not; the product by
    2⁻ᵏ is exact either way (but in the subnormal range)."""
    if not _halving(c):
        return None
    factors = list(sp.Mul.make_args(rest))
    for k, factor in enumerate(factors):
        spread = _spread(c, factor)
        if spread is not None:
            return sp.Mul(*(factors[:k] + [spread] + factors[k + 1:]), evaluate=False)
    return None


def whole_tree_cse(exprs: list[sp.Expr]) -> tuple[list, list[sp.Expr]]:
    """Common subexpressions shared only where whole subtrees are equal. SymPy's ``cse`` also
    pulls common *parts* of sums and products out (``|x| + 1`` from ``|x| + 1 − x·sign(x)``),
    which reassociates them: ``(|x| + 1) − |x|`` is 0 in floating point for large |x| where
    ``(−|x| + |x|) + 1`` is 1. The stable form was chosen for its order of operations; this keeps it."""
    from sympy.simplify.cse_main import tree_cse
    reps, out = tree_cse(list(exprs), sp.numbered_symbols("_t"), {}, "canonical", ())
    return _inline_numbers(reps, out)


def _inline_numbers(reps: list, exprs: list) -> tuple[list, list]:
    """Constant subexpressions (√5) put back where they are used: as a symbol the printer cannot
    fold them into the product's one constant (star-ReLU′ = (√5·2x)·0.4 overflowed in √5·2x at
    x = 5.7·10³⁰⁷; 0.894·(2x)·… does not)."""
    numbers: dict = {}
    kept = []
    for sym, e in reps:
        e = e.xreplace(numbers) if numbers else e
        if e.is_number:
            numbers[sym] = e
        else:
            kept.append((sym, e))
    if not numbers:
        return reps, exprs
    return kept, [e.xreplace(numbers) if e is not None else None for e in exprs]


def dyadic(c: sp.Expr) -> bool:
    """c is a number with an exact double representation of few bits (a product by it is exact
    when c = ±2^k, a sum with it rounds once)."""
    if isinstance(c, sp.Float):
        c = sp.Rational(str(c))
    if not isinstance(c, sp.Rational):
        return False
    q = int(c.q)
    return q & (q - 1) == 0 and abs(int(c.p)) < 2**53


def dyadic_roots(u: sp.Expr) -> tuple[sp.Expr, list[sp.Expr]] | None:
    r"""(c, [r₁, …, r_n]) with u = c·∏(x − r_k) when every root of the polynomial u is a short
    dyadic rational (an exact double): then x − r_k is exact near r_k (Sterbenz) and the product
    rounds n + 1 times, about (n + 1)/2 ULP, with u exactly 0 at its roots. A backend whose
    compiler does not keep double-double steps as written (XLA contracts them into FMAs: 1.5e-33
    for hard-sigmoid(−3) = 0) prints such a polynomial this way. None when u has another root."""
    try:
        poly = sp.Poly(u, X)
    except sp.PolynomialError:
        return None
    if poly.degree() < 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    roots = sp.roots(poly, X)
    if sum(roots.values()) != poly.degree() or not all(dyadic(r) for r in roots):
        return None
    return poly.LC(), [r for r, m in sorted(roots.items(), key=lambda kv: kv[0]) for _ in range(m)]


def pair_code(u: sp.Expr, constant) -> str:
    """Python source of the double-double pair of the polynomial u (``constant(text)`` prints
    the split of a number given to 40 digits)."""
    if u == X:
        return "(x, 0.0)"
    if u.is_number:
        return constant(u)
    if isinstance(u, (sp.Add, sp.Mul)):
        parts = [pair_code(a, constant) for a in u.args]
    elif isinstance(u, sp.Pow) and u.exp.is_Integer and u.exp > 0:
        parts = [pair_code(u.base, constant)] * int(u.exp)
    else:
        raise ValueError(f"not a polynomial node: {u}")
    op = "_dd_add" if isinstance(u, sp.Add) else "_dd_mul"
    out = parts[0]
    for p in parts[1:]:
        out = f"{op}({out}, {p})"
    return out


def fold(fn: str, args: list[str]) -> str:
    """``fn(fn(a, b), c)`` …: a binary function applied along the arguments (Max, Min)."""
    out = args[0]
    for a in args[1:]:
        out = f"{fn}({out}, {a})"
    return out


class ArrayPrinter(NumPyPrinter):
    """Array code for one backend: ``funcs`` maps SymPy function names to kernel names,
    ``prims`` the :data:`PRIMITIVES` to the backend's functions."""

    def __init__(self, backend: str, funcs: dict[str, str], prims: dict[str, str], dd: dict | None = None,
                 dd_kernels: tuple[str, ...] = (), factor_dyadic: bool = False, keep_common_factors: bool = False):
        super().__init__({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": False})
        self.backend, self.funcs, self.prims = backend, funcs, prims
        # the double-double placeholders of symact.codegen.dd (symbol -> polynomial in x) and the
        # kernels this backend corrects to first order when one is their argument (_dd_<name>);
        # any other use of a placeholder is the pair rounded once
        self.dd, self.dd_kernels = dd or {}, dd_kernels
        self.factor_dyadic = factor_dyadic  # polynomials with dyadic roots as c·∏(x − r): see dd.dyadic_roots
        self.keep_common_factors = keep_common_factors  # terms a·c + b·c through _keep (XLA factors them)

    def _pair(self, placeholder) -> str:
        return pair_code(self.dd[placeholder], lambda c: f"_ddc({str(sp.N(c, 40))!r})")

    def _print(self, expr, **kwargs):
        if isinstance(expr, sp.Expr) and expr.is_number and not expr.is_Integer and expr.is_real is not False:
            return self._constant(expr)  # pi, sqrt(2/pi), E: one correctly rounded constant
        if isinstance(expr, sp.Function) and not isinstance(expr, sp.Piecewise):
            return self._function(expr)
        return super()._print(expr, **kwargs)

    def _function(self, expr) -> str:
        name = type(expr).__name__
        args = expr.args
        if name in self.dd_kernels and len(args) == 1 and args[0] in self.dd:
            return f"_dd_{name}({self._pair(args[0])})"  # K(h + l) = K(h) + l·K′(h)
        if name == "shift" and "shift" not in self.funcs:  # (x - hi) - lo, in this order: hi + lo is a constant split in two
            x, hi, lo = (self._print(a) for a in args)
            return f"(({x} - {hi}) - {lo})"
        if name == "expexp" and "expexp" not in self.funcs:  # no extended-precision kernel: exp(a·x + c·e^{dx})
            x, a, c, d = args
            return self._print(sp.exp(a * x + c * sp.exp(d * x, evaluate=False), evaluate=False))
        if name == "onepsin2" and "onepsin2" not in self.funcs:  # no double-double kernel: 1 + sin 2u
            return self._print(1 + sp.sin(2 * args[0], evaluate=False))
        if name == "sech2" and "sech2" not in self.funcs:  # 1/cosh(u)² = 4σ(2u)σ(−2u)
            from ..core.vocabulary import sigmoid
            return self._print(4 * sigmoid(2 * args[0]) * sigmoid(-2 * args[0]))
        if name == "horner":
            return f"_horner({', '.join(self._print(a) for a in args)})"
        if name == "sinc_derivative":
            n = int(args[0])
            if n > 2:
                raise ValueError("sinc derivatives beyond the second are not generated")
            return f"_sinc_d({n}, {self._print(args[1])})"
        if name == "Heaviside":
            u = self._print(args[0])
            h0 = self._print(args[1]) if len(args) > 1 else "_c('0.5')"
            w = self.prims["where"]
            return f"{w}({u} > _c('0'), _c('1'), {w}({u} < _c('0'), _c('0'), {h0}))"
        if name not in self.funcs:
            raise ValueError(f"no {self.backend} kernel for {name}")
        return f"{self.funcs[name]}({', '.join(self._print(a) for a in args)})"

    def _print_Max(self, expr):
        return fold(self.prims["maximum"], [self._print(a) for a in expr.args])

    def _print_Min(self, expr):
        return fold(self.prims["minimum"], [self._print(a) for a in expr.args])

    def _print_Number(self, expr):
        return self._constant(expr)

    _print_Rational = _print_Number
    _print_Integer = _print_Number
    _print_Float = _print_Number
    _print_NumberSymbol = _print_Number

    def _constant(self, value) -> str:
        text = str(sp.N(value, 40)) if not (value.is_Integer and abs(value) < 2**53) else str(int(value))
        return f"_c({text!r})"

    def _print_Pow(self, expr, rational=False):
        base, e = expr.as_base_exp()
        b = self._print(base)
        if e == sp.Rational(1, 2):
            return f"{self.prims['sqrt']}({b})"
        if e.is_Integer and abs(e) <= 8:
            if e > 0:
                return "(" + "*".join([f"({b})"] * int(e)) + ")"
            return "(_c('1')/(" + "*".join([f"({b})"] * int(-e)) + "))"
        return f"{self.prims['power']}({b}, {self._print(e)})"

    def _print_Piecewise(self, expr):
        # every branch is computed, the condition picks: a branch's overflow on inputs it does
        # not own is discarded, never returned
        last_is_default = expr.args[-1][1] == sp.true
        out = self._print(expr.args[-1][0]) if last_is_default else "_nan(x)"
        for value, cond in reversed(expr.args[:-1] if last_is_default else expr.args):
            out = f"{self.prims['where']}({self._print(cond)}, {self._print(value)}, {out})"
        return out

    def _print_Mul(self, expr):
        return coefficient_last(self, expr, NumPyPrinter._print_Mul)

    def _print_Add(self, expr, order=None):
        if not self.keep_common_factors:
            return super()._print_Add(expr, order)
        coefficients = [numeric_factor(t)[0] for t in expr.args]
        shared = {c for c in coefficients if c not in (1, -1) and coefficients.count(c) > 1}
        if not shared:
            return super()._print_Add(expr, order)
        # a·c + b·c is rewritten by XLA to (a + b)·c, which overflows where a + b does (squareplus
        # x/2 + √(x² + 4)/2 = inf at x = 9e307, measured): the barrier keeps the products apart
        terms = [f"_keep({self._print(t)})" if c in shared else self._print(t) for t, c in zip(expr.args, coefficients)]
        return "(" + " + ".join(terms) + ")"

    def _print_Relational(self, expr):
        return f"({self._print(expr.lhs)} {expr.rel_op} {self._print(expr.rhs)})"

    def _print_And(self, expr):
        return "(" + " & ".join(self._print(a) for a in expr.args) + ")"

    def _print_Or(self, expr):
        return "(" + " | ".join(self._print(a) for a in expr.args) + ")"

    def _print_Not(self, expr):
        return f"(~{self._print(expr.args[0])})"

    def _print_Symbol(self, expr):
        if expr in self.dd:
            factored = dyadic_roots(self.dd[expr]) if self.factor_dyadic else None
            if factored is not None:
                c, roots = factored
                product = "*".join(f"(x - {self._constant(r)})" if r != 0 else "x" for r in roots)
                return f"(({product})*{self._constant(c)})"
            return f"_dd_round({self._pair(expr)})"
        return "x" if expr == X else str(expr)


def end_value(printer: ArrayPrinter, v) -> str:
    if v is None:
        return "None"
    if v is sp.oo:
        return "_c('inf')"
    if v is sp.S.NegativeInfinity:
        return "_c('-inf')"
    return printer._constant(v)


def source(printer: ArrayPrinter, f: sp.Expr, d: sp.Expr, limits=((None, None), (None, None))) -> str:
    """Source of ``f(x0)`` (the value) and ``f_value_and_grad(x0)`` (value and derivative, common
    subexpressions once); ``limits`` are the proved limits of f and f′ at (−∞, +∞), the outputs
    at x = ∓inf. ``f`` and ``d`` may hold the double-double placeholders of the printer's ``dd``
    (:func:`symact.codegen.dd.mark`)."""
    ends = [f"({end_value(printer, a)}, {end_value(printer, b)})" for a, b in limits]
    lines = ["def f(x0):", "    x0, x, _c = _prepare(x0)", f"    return _finish({printer.doprint(f)}, x0, {ends[0]})", ""]
    reps, (fv, dv) = whole_tree_cse([f, d])  # whole subtrees only: the stable form's order of operations kept
    lines += ["def f_value_and_grad(x0):", "    x0, x, _c = _prepare(x0)"]
    lines += [f"    {s} = {printer.doprint(e)}" for s, e in reps]
    lines.append(f"    return _finish({printer.doprint(fv)}, x0, {ends[0]}), _finish({printer.doprint(dv)}, x0, {ends[1]})")
    return "\n".join(lines) + "\n"


def check_names(namespace: dict, *functions) -> None:
    """ValueError if a generated function reads a global that ``namespace`` does not define
    (a SymPy printer's fallback such as ``arcsin(x)`` for a function without a kernel)."""
    for fn in functions:
        for ins in dis.get_instructions(fn):
            if ins.opname == "LOAD_GLOBAL":
                name = ins.argval if isinstance(ins.argval, str) else ins.argval[1]
                if name not in namespace and not hasattr(builtins, name):
                    raise ValueError(f"no kernel for {name}")


__all__ = ["ArrayPrinter", "PRIMITIVES", "check_names", "coefficient_last", "dyadic", "dyadic_roots", "end_value", "fold",
           "into_monomial_branches", "numeric_factor", "pair_code", "source", "whole_tree_cse"]
