r"""Compile a SymPy expression in one variable into a fast evaluator.

Three backends share one compiler:

* ``"mpmath"`` — points at any working precision (``mpmath.mp.dps``); used for sampling.
* ``"arb"`` — python-flint balls: the result *rigorously encloses* the exact value for every
  point of the input ball. Used for certification. A ``Piecewise`` whose condition is
  undecided on the ball returns the union of the candidate branches, so enclosures stay sound.
* ``"halfline"`` — extended intervals over unbounded sets such as :math:`[R, \infty)`
  (:mod:`symact.numeric.halfline`), for tail arguments.

Unsupported nodes raise :class:`Unsupported`; callers then fall back to a weaker method.

>>> import sympy as sp
>>> from flint import arb
>>> from symact.numeric.compile import compile_expr
>>> x = sp.Symbol("x", real=True)
>>> compile_expr(sp.exp(x) - 1, x, "arb")(arb(0)).is_zero()
True
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable

import mpmath
import sympy as sp
from flint import arb, ctx

from ..core.vocabulary import Phi, phi, sigmoid, sinc, sinc_derivative, softplus


class Unsupported(ValueError):
    """The expression has a node the evaluator does not know."""


@contextmanager
def arb_precision(bits: int):
    """Run a block at ``bits`` of arb working precision, restoring the previous one after."""
    old = ctx.prec
    ctx.prec = bits
    try:
        yield
    finally:
        ctx.prec = old


def _mp_sigmoid(v):
    return 1 / (1 + mpmath.exp(-v))


def _mp_softplus(v):
    # log(1 + e^v) without forming a huge e^v
    return v + mpmath.log1p(mpmath.exp(-v)) if v > 0 else mpmath.log1p(mpmath.exp(v))


def _mp_heaviside(v, *h0):
    if v > 0:
        return mpmath.mpf(1)
    if v < 0:
        return mpmath.mpf(0)
    return mpmath.mpf("0.5")


def _mp_lambertw(v):
    w = mpmath.lambertw(v)
    if mpmath.im(w) != 0:
        raise ValueError("LambertW of an argument below -1/e is complex")
    return mpmath.re(w)


def _arb_softplus(v: arb) -> arb:
    """log(1 + e^v), written so that neither branch forms a huge e^v."""
    if v > 0:
        return v + (-v).exp().log1p()
    if v < 0:
        return v.exp().log1p()
    return arb.union(v.exp().log1p(), v + (-v).exp().log1p())  # straddles 0: both forms are valid


def _arb_sigmoid(v: arb) -> arb:
    return 1 / (1 + (-v).exp())


def _arb_Phi(v: arb) -> arb:
    return (-v / arb(2).sqrt()).erfc() / 2


def _arb_phi(v: arb) -> arb:
    return (-(v * v) / 2).exp() / (2 * arb.pi()).sqrt()


def _arb_sign(v: arb) -> arb:
    if v > 0:
        return arb(1)
    if v < 0:
        return arb(-1)
    if v.is_zero():
        return arb(0)
    return arb(0, 1)


def _arb_heaviside(v: arb, *h0) -> arb:
    if v > 0:
        return arb(1)
    if v < 0:
        return arb(0)
    if v.is_zero():
        return arb(0.5)
    return arb(0.5, 0.5)


def _arb_tan(v: arb) -> arb:
    c = v.cos()
    if c.contains(0):
        raise ZeroDivisionError("tan at a pole")
    return v.sin() / c


def arb_ipow(b: arb, n: int) -> arb:
    """b**n for an integer n, tight on balls that contain 0 (python-flint's ``**`` returns nan
    there, and a huge ball for some negative balls)."""
    if n == 0:
        return arb(1)
    if n < 0:
        return 1 / arb_ipow(b, -n)
    if b.is_exact():
        out = arb(1)
        for _ in range(n):
            out = out * b
        return out
    lo, hi = b.lower(), b.upper()
    if not (lo.is_finite() and hi.is_finite()):
        return b ** n
    plo, phi = arb_ipow(lo, n), arb_ipow(hi, n)
    if lo < 0 < hi and n % 2 == 0:
        return arb.union(arb(0), arb.max(plo, phi))
    return arb.union(plo, phi)


_SINC_CLOSED: dict = {}
_T = sp.Dummy("t")


def sinc_closed(n: int, backend: str):
    """d^n/dt^n sin(t)/t compiled (valid away from 0)."""
    key = (n, backend)
    if key not in _SINC_CLOSED:
        _SINC_CLOSED[key] = compile_expr(sp.diff(sp.sin(_T) / _T, _T, n), _T, backend)
    return _SINC_CLOSED[key]


def _sinc_series_terms(n: int):
    """(exponent, coefficient) of sinc^(n)(x) = Σ (-1)^j x^(2j-n) / ((2j+1)(2j-n)!), 2j ≥ n."""
    j = (n + 1) // 2
    while True:
        i = 2 * j - n
        yield i, (-1) ** j, (2 * j + 1) * _factorial(i)
        j += 1


def _factorial(k: int) -> int:
    out = 1
    for m in range(2, k + 1):
        out *= m
    return out


def arb_sinc_derivative(n: int, b: arb) -> arb:
    """sinc^(n) on a ball: the series on [-1/2, 1/2] (no cancellation), the closed form elsewhere."""
    lo, hi = b.lower(), b.upper()
    half = arb(1) / 2
    if hi < -half or lo > half:
        return sinc_closed(n, "arb")(b)
    parts = []
    if lo < -half:
        parts.append(sinc_closed(n, "arb")(arb.union(lo, -half)))
    if hi > half:
        parts.append(sinc_closed(n, "arb")(arb.union(half, hi)))
    inner = arb.union(arb.max(lo, -half), arb.min(hi, half))
    parts.append(_sinc_series(n, inner, half))
    out = parts[0]
    for p in parts[1:]:
        out = arb.union(out, p)
    return out


def _sinc_series(n: int, b: arb, half: arb) -> arb:
    """The series of sinc^(n) on a ball within [-1/2, 1/2]. A ball around 0 is bounded by the
    constant term plus the terms' magnitudes at its radius (every other term vanishes at 0)."""
    eps = arb(2) ** -(ctx.prec + 10)
    straddles = b.lower() < 0 < b.upper()
    r = arb.max(abs(b.lower()), abs(b.upper())) if straddles else None
    total = arb(0)
    power = None
    for i, sign, den in _sinc_series_terms(n):
        if straddles:
            if i == 0:
                total += arb(sign) / den
            else:
                total += arb(0, (arb_ipow(r, i) / den).upper())
        else:
            power = arb_ipow(b, i) if power is None else power * b * b  # i grows by 2 each step
            total += power * sign / den
        bound = half ** i / den  # the terms shrink by at least 1/8 from here on
        if bound < eps and i > 2:
            return total + arb(0, (2 * bound).upper())
    return total  # pragma: no cover - the loop always returns


def mp_sinc_derivative(n: int, v):
    if abs(v) > 0.5:
        return sinc_closed(n, "mpmath")(v)
    total = mpmath.mpf(0)
    eps = mpmath.mpf(2) ** -(mpmath.mp.prec + 10)
    for i, sign, den in _sinc_series_terms(n):
        term = sign * v ** i / den
        total += term
        if mpmath.mpf(0.5) ** i / den < eps and i > 2:
            break
    return total


class Backend:
    name: str
    functions: dict

    def ipow(self, base, n: int):
        return base ** n

    def sinc_derivative(self, n: int, value):
        raise Unsupported("sinc derivative")

    def number(self, value: sp.Expr):
        raise NotImplementedError

    def power(self, base, exponent):
        """base**exponent for a general (non-integer, non-1/2) exponent."""
        raise NotImplementedError

    def sqrt(self, value):
        raise NotImplementedError

    def truth(self, relation: str, lhs, rhs):
        raise NotImplementedError

    def union(self, a, b):
        raise NotImplementedError

    def extreme(self, values, largest: bool):
        raise NotImplementedError


class _MpmathBackend(Backend):
    name = "mpmath"
    functions = {
        sp.exp: mpmath.exp, sp.log: mpmath.log, sp.tanh: mpmath.tanh, sp.sinh: mpmath.sinh,
        sp.cosh: mpmath.cosh, sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.tan: mpmath.tan,
        sp.atan: mpmath.atan, sp.asinh: mpmath.asinh, sp.erf: mpmath.erf, sp.erfc: mpmath.erfc,
        sp.Abs: abs, sp.LambertW: _mp_lambertw, sp.sinc: mpmath.sinc, sinc: mpmath.sinc, sp.sign: mpmath.sign,
        sigmoid: _mp_sigmoid, softplus: _mp_softplus, Phi: mpmath.ncdf, phi: mpmath.npdf,
        sp.Heaviside: _mp_heaviside,
    }

    def number(self, value):
        if value.is_Rational:
            return mpmath.mpf(value.p) / value.q
        return mpmath.mpf(sp.N(value, mpmath.mp.dps + 10))

    def sinc_derivative(self, n, value):
        return mp_sinc_derivative(n, value)

    def power(self, base, exponent):
        if base < 0:
            raise ValueError("a negative base under a fractional power")
        return base ** exponent

    def sqrt(self, value):
        if value < 0:
            raise ValueError("square root of a negative number")
        return mpmath.sqrt(value)

    def truth(self, relation, lhs, rhs):
        return {"<": lhs < rhs, "<=": lhs <= rhs, ">": lhs > rhs, ">=": lhs >= rhs,
                "==": lhs == rhs, "!=": lhs != rhs}[relation]

    def union(self, a, b):  # pragma: no cover - points never need unions
        return a

    def extreme(self, values, largest):
        return max(values) if largest else min(values)


class _ArbBackend(Backend):
    name = "arb"
    ipow = staticmethod(arb_ipow)
    functions = {
        sp.exp: arb.exp, sp.log: arb.log, sp.tanh: arb.tanh, sp.sinh: arb.sinh,
        sp.cosh: arb.cosh, sp.sin: arb.sin, sp.cos: arb.cos, sp.tan: _arb_tan,
        sp.atan: arb.atan, sp.asinh: arb.asinh, sp.erf: arb.erf, sp.erfc: arb.erfc,
        sp.Abs: abs, sp.LambertW: arb.lambertw, sp.sinc: arb.sinc, sinc: arb.sinc, sp.sign: _arb_sign,
        sigmoid: _arb_sigmoid, softplus: _arb_softplus, Phi: _arb_Phi, phi: _arb_phi,
        sp.Heaviside: _arb_heaviside,
    }

    def number(self, value):
        return arb_constant(value)

    def sinc_derivative(self, n, value):
        return arb_sinc_derivative(n, value)

    def power(self, base, exponent):
        return (exponent * base.log()).exp()

    def sqrt(self, value):
        return value.sqrt()

    def truth(self, relation, lhs, rhs):
        if relation in ("<", "<="):
            lhs, rhs, relation = rhs, lhs, {"<": ">", "<=": ">="}[relation]
        if relation == ">":
            if lhs > rhs:
                return True
            if lhs <= rhs:
                return False
            return None
        if relation == ">=":
            if lhs >= rhs:
                return True
            if lhs < rhs:
                return False
            return None
        if relation == "==":
            if lhs.is_exact() and rhs.is_exact() and lhs == rhs:
                return True
            return False if (lhs != rhs) else None
        if relation == "!=":
            t = self.truth("==", lhs, rhs)
            return None if t is None else not t
        raise Unsupported(relation)

    def union(self, a, b):
        return arb.union(a, b)

    def extreme(self, values, largest):
        out = values[0]
        for w in values[1:]:
            out = arb.max(out, w) if largest else arb.min(out, w)
        return out


def arb_constant(value: sp.Expr) -> arb:
    """A ball around the exact constant ``value`` at the current arb precision."""
    if value.is_Rational:
        return arb(value.p) / value.q
    if value.is_Float:
        r = sp.Rational(value)
        return arb(r.p) / r.q
    if value is sp.pi:
        return arb.pi()
    if value is sp.E:
        return arb(1).exp()
    closed = getattr(value, "closed_form", None)
    if closed is not None:  # a named constant: enclose its closed form rigorously
        return compile_expr(closed, _NO_VARIABLE, "arb")(None)
    if value.is_number and value.args:  # a compound constant: evaluate its structure
        return compile_expr(value, _NO_VARIABLE, "arb")(None)
    raise Unsupported(f"constant {value}")


_NO_VARIABLE = sp.Dummy("no_variable")
BACKENDS: dict[str, Backend] = {"mpmath": _MpmathBackend(), "arb": _ArbBackend()}
_REL = {sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">",
        sp.GreaterThan: ">=", sp.Equality: "==", sp.Unequality: "!="}


def register_backend(backend: Backend) -> None:
    BACKENDS[backend.name] = backend


def compile_expr(expr: sp.Expr, var: sp.Symbol, backend: str = "mpmath",
                 extra: dict | None = None) -> Callable:
    """Return ``f(value)`` evaluating ``expr`` at ``var = value`` on the chosen backend.
    ``extra`` maps further symbols to functions of no argument that give their current value
    (a parameter as an arb ball: two-variable enclosures for branch and bound over boxes)."""
    be = BACKENDS[backend]
    cache: dict = {}
    expr = sp.sympify(expr)
    extra = dict(extra or {})
    stray = expr.free_symbols - {var} - set(extra)
    if stray:
        raise Unsupported(f"free symbols {stray}")

    shared = _shared_nodes(expr)
    generation = [0]  # one number per top-level evaluation: shared nodes are computed once in it

    def build(e) -> Callable:
        if e in cache:
            return cache[e]
        fn = _build(e)
        if e in shared and not e.is_number:
            fn = _memoized(fn, generation)
        cache[e] = fn
        return fn

    def _build(e) -> Callable:
        if e == var:
            return lambda v: v
        if e in extra:
            getter = extra[e]
            return lambda v: getter()
        if e.is_number and not isinstance(e, sp.Piecewise):
            return constant(e)
        return structural(e)

    def constant(e) -> Callable:
        """A constant subtree, evaluated once per working precision."""
        if e.is_infinite or e.has(sp.zoo, sp.nan, sp.I, sp.oo, -sp.oo):
            raise Unsupported(f"non-finite constant {e}")
        atomic = not e.args or getattr(e, "closed_form", None) is not None
        inner = None if atomic else structural(e)
        make = (lambda: be.number(e)) if atomic else (lambda: inner(None))
        by_precision: dict = {}

        def value(v):
            prec = ctx.prec if backend != "mpmath" else mpmath.mp.prec
            if prec not in by_precision:
                by_precision[prec] = make()
            return by_precision[prec]
        return value

    def structural(e) -> Callable:
        if e.is_Add:
            parts = [build(a) for a in e.args]

            def add(v):
                total = parts[0](v)
                for p in parts[1:]:
                    total = total + p(v)
                return total
            return add
        if e.is_Mul:
            parts = [build(a) for a in e.args]

            def mul(v):
                total = parts[0](v)
                for p in parts[1:]:
                    total = total * p(v)
                return total
            return mul
        if e.is_Pow:  # the kind of power is decided here, once, not at every evaluation
            b, ex = build(e.base), e.exp
            if ex.is_Integer:
                n = int(ex)
                return lambda v: be.ipow(b(v), n)
            if ex == sp.S.Half:
                return lambda v: be.sqrt(b(v))
            exf = build(ex)
            return lambda v: be.power(b(v), exf(v))
        if isinstance(e, sp.Piecewise):
            branches = [(build(val), build_cond(cond)) for val, cond in e.args]

            def piecewise(v):
                result = None
                for val, cond in branches:
                    t = cond(v)
                    if t is False:
                        continue
                    out = val(v)
                    result = out if result is None else be.union(result, out)
                    if t is True:
                        return result
                if result is None:
                    raise Unsupported("Piecewise with no branch for this input")
                return result
            return piecewise
        if isinstance(e, sinc_derivative):
            n, inner = int(e.args[0]), build(e.args[1])
            return lambda v: be.sinc_derivative(n, inner(v))
        if isinstance(e, (sp.Max, sp.Min)):
            parts = [build(a) for a in e.args]
            largest = isinstance(e, sp.Max)
            return lambda v: be.extreme([p(v) for p in parts], largest)
        func = be.functions.get(e.func)
        if func is not None:
            args = [build(a) for a in e.args]
            if len(args) == 1:
                a0 = args[0]
                return lambda v: func(a0(v))
            return lambda v: func(*[a(v) for a in args])
        raise Unsupported(f"cannot evaluate {e.func.__name__} numerically")

    def build_cond(c) -> Callable:
        if c is sp.true or c == True:  # noqa: E712 - SymPy booleans
            return lambda v: True
        if c is sp.false or c == False:  # noqa: E712
            return lambda v: False
        if isinstance(c, sp.And):
            parts = [build_cond(a) for a in c.args]

            def conj(v):
                vals = [p(v) for p in parts]
                if any(t is False for t in vals):
                    return False
                return True if all(t is True for t in vals) else None
            return conj
        if isinstance(c, sp.Or):
            parts = [build_cond(a) for a in c.args]

            def disj(v):
                vals = [p(v) for p in parts]
                if any(t is True for t in vals):
                    return True
                return False if all(t is False for t in vals) else None
            return disj
        if isinstance(c, sp.Not):
            inner = build_cond(c.args[0])

            def neg(v):
                t = inner(v)
                return None if t is None else not t
            return neg
        rel = _REL.get(type(c))
        if rel is None:
            raise Unsupported(f"condition {c}")
        lhs, rhs = build(c.lhs), build(c.rhs)
        return lambda v: be.truth(rel, lhs(v), rhs(v))

    root = build(expr)

    def evaluate(v):
        generation[0] += 1
        return root(v)
    return evaluate


def _shared_nodes(expr: sp.Expr) -> set:
    """The non-atomic subexpressions with more than one parent in the expression DAG.

    Derivatives of compositions repeat their inner functions many times; evaluating each once
    per input makes a ball evaluation of a large derivative several times cheaper."""
    parents: dict = {}
    seen = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for arg in node.args:
            if isinstance(arg, sp.Basic) and arg.args:
                parents[arg] = parents.get(arg, 0) + 1
                stack.append(arg)
    return {node for node, count in parents.items() if count > 1}


def _memoized(fn: Callable, generation: list) -> Callable:
    """``fn`` computed once per top-level evaluation (generation) and reused after."""
    memo = [-1, None]

    def once(v):
        if memo[0] != generation[0]:
            memo[1] = fn(v)
            memo[0] = generation[0]
        return memo[1]
    return once


def _exact_arb(t) -> arb:
    """The number t (a float or an mpmath number, a binary fraction) as an exact arb ball: a
    decimal string of it would be rounded (6.342e227 has 228 digits; cut to 65, sin of it is
    another number altogether)."""
    from flint import fmpq, fmpz
    sign, man, exp, _ = mpmath.mpf(t)._mpf_
    if not man:
        return arb(0)
    n = -int(man) if sign else int(man)
    return arb(fmpz(n << int(exp))) if exp >= 0 else arb(fmpq(n, 1 << int(-exp)))


def point_evaluator(expr: sp.Expr, var: sp.Symbol, digits: int = 50) -> Callable:
    """``f(t) -> mpmath.mpf | None``: ``expr`` at the point t to ``digits`` correct digits, via arb.

    arb is used rather than mpmath because it stays safe far out: ``tanh(exp(1e29))`` costs
    microseconds in arb but gigabytes in mpmath. ``None`` when the value is not finite or cannot
    be had to the requested accuracy at 1024 bits."""
    fn = compile_expr(expr, var, "arb")
    bits = int(digits * 3.33) + 20

    def evaluate(t):
        for prec in (bits, 4 * bits):
            with arb_precision(prec):
                try:
                    ball = fn(_exact_arb(t) if not isinstance(t, arb) else t)
                except (ValueError, ZeroDivisionError, Unsupported, OverflowError):
                    return None
                if not ball.is_finite():
                    return None
                mid = ball.mid()
                if ball.rad() <= abs(mid) * arb(10) ** -digits or ball.is_exact():
                    with mpmath.workdps(digits + 10):
                        return mpmath.mpf(mid.str(digits + 5, radius=False))
        return None
    return evaluate
