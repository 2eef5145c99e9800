r"""Compile a SymPy expression in one variable into a fast evaluator.

Two backends share one compiler:

* ``"mpmath"`` — points at any working precision (``mpmath.mp.dps``); used for sampling and
  root refinement.
* ``"arb"`` — python-flint balls: the result *rigorously encloses* the exact value for every
  point of the input ball. Used for certification. A ``Piecewise`` whose condition is
  undecided on the ball returns the union of the candidate branches, so enclosures stay sound.

Unsupported nodes raise :class:`Unsupported`; callers then fall back to a weaker method.
"""
from __future__ import annotations

from typing import Callable

import mpmath
import sympy as sp
from flint import arb, ctx

from .vocabulary import Phi, phi, sigmoid, softplus


class Unsupported(ValueError):
    """The expression has a node the evaluator does not know."""


def _mp_sigmoid(v):
    return 1 / (1 + mpmath.exp(-v))


def _mp_softplus(v):
    return v + mpmath.log1p(mpmath.exp(-v)) if v > 0 else mpmath.log1p(mpmath.exp(v))


def _arb_softplus(v: arb) -> arb:
    """log(1 + e^v), written so that neither branch forms a huge e^v."""
    if v > 0:
        return v + (-v).exp().log1p()
    return v.exp().log1p()



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


def _arb_heaviside(v: arb, h0) -> arb:
    if v > 0:
        return arb(1)
    if v < 0:
        return arb(0)
    return arb(0.5, 0.5)


class _Backend:
    name: str
    functions: dict

    def number(self, value: sp.Expr):
        raise NotImplementedError

    def power(self, base, exponent):
        """base**exponent for a general (non-integer, non-1/2) exponent."""
        raise NotImplementedError

    def truth(self, relation: str, lhs, rhs):
        raise NotImplementedError

    def union(self, a, b):
        raise NotImplementedError


class _MpmathBackend(_Backend):
    name = "mpmath"
    functions = {
        sp.exp: mpmath.exp, sp.log: mpmath.log, sp.tanh: mpmath.tanh, sp.sinh: mpmath.sinh,
        sp.cosh: mpmath.cosh, sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.tan: mpmath.tan,
        sp.atan: mpmath.atan, sp.asinh: mpmath.asinh, sp.erf: mpmath.erf, sp.erfc: mpmath.erfc,
        sp.Abs: abs, sp.LambertW: lambda v: mpmath.re(mpmath.lambertw(v)),
        sp.sinc: lambda v: mpmath.sinc(v), sp.sign: mpmath.sign,
        sigmoid: _mp_sigmoid, softplus: _mp_softplus,
        Phi: lambda v: mpmath.ncdf(v), phi: lambda v: mpmath.npdf(v),
        sp.Heaviside: lambda v, *h: mpmath.mpf(1) if v > 0 else (mpmath.mpf(0) if v < 0 else mpmath.mpf("0.5")),
    }

    def number(self, value):
        if value.is_Rational:
            return mpmath.mpf(value.p) / value.q
        return mpmath.mpf(sp.N(value, mpmath.mp.dps + 10))

    def power(self, base, exponent):
        return base ** exponent

    def truth(self, relation, lhs, rhs):
        return {"<": lhs < rhs, "<=": lhs <= rhs, ">": lhs > rhs, ">=": lhs >= rhs,
                "==": lhs == rhs, "!=": lhs != rhs}[relation]

    def union(self, a, b):  # pragma: no cover - points never need unions
        return a


class _ArbBackend(_Backend):
    name = "arb"
    functions = {
        sp.exp: arb.exp, sp.log: arb.log, sp.tanh: arb.tanh, sp.sinh: arb.sinh,
        sp.cosh: arb.cosh, sp.sin: arb.sin, sp.cos: arb.cos, sp.tan: arb.tan,
        sp.atan: arb.atan, sp.asinh: arb.asinh, sp.erf: arb.erf, sp.erfc: arb.erfc,
        sp.Abs: abs, sp.LambertW: arb.lambertw, sp.sinc: arb.sinc, sp.sign: _arb_sign,
        sigmoid: _arb_sigmoid, softplus: _arb_softplus, Phi: _arb_Phi, phi: _arb_phi,
        sp.Heaviside: lambda v, *h: _arb_heaviside(v, h),
    }

    def number(self, value):
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
            return compile_expr(closed, sp.Dummy(), "arb")(arb(0))
        raise Unsupported(f"constant {value}")

    def power(self, base, exponent):
        return (exponent * base.log()).exp()

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


BACKENDS = {"mpmath": _MpmathBackend(), "arb": _ArbBackend()}
_REL = {sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">",
        sp.GreaterThan: ">=", sp.Equality: "==", sp.Unequality: "!="}


def compile_expr(expr: sp.Expr, var: sp.Symbol, backend: str = "mpmath") -> Callable:
    """Return ``f(value)`` evaluating ``expr`` at ``var = value`` on the chosen backend."""
    be = BACKENDS[backend]
    cache: dict = {}

    def build(e) -> Callable:
        if e in cache:
            return cache[e]
        fn = _build(e)
        cache[e] = fn
        return fn

    def _build(e) -> Callable:
        if e == var:
            return lambda v: v
        if e.is_Number or e in (sp.pi, sp.E) or (e.is_number and not e.free_symbols and not e.args):
            if e.is_infinite or e is sp.nan:
                raise Unsupported(f"non-finite constant {e}")
            if backend == "arb":  # a ball made at the precision in force when it is used
                by_precision: dict = {}

                def constant(v):
                    prec = ctx.prec
                    if prec not in by_precision:
                        by_precision[prec] = be.number(e)
                    return by_precision[prec]
                return constant
            c = be.number(e)
            return lambda v: c
        if e.free_symbols - {var}:
            raise Unsupported(f"free symbols {e.free_symbols - {var}}")
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
                return lambda v: b(v) ** n
            if ex == sp.S.Half:
                root = arb.sqrt if backend == "arb" else mpmath.sqrt
                return lambda v: root(b(v))
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
        if isinstance(e, (sp.Max, sp.Min)):
            parts = [build(a) for a in e.args]
            if backend == "arb":
                pick = arb.max if isinstance(e, sp.Max) else arb.min
            else:
                pick = max if isinstance(e, sp.Max) else min

            def extreme(v):
                vals = [p(v) for p in parts]
                out = vals[0]
                for w in vals[1:]:
                    out = pick(out, w)
                return out
            return extreme
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

    return build(sp.sympify(expr))


def mp_value(expr: sp.Expr, var: sp.Symbol, at, dps: int = 40):
    """Evaluate ``expr`` at one point with ``dps`` significant digits (mpmath)."""
    with mpmath.workdps(dps):
        return compile_expr(expr, var, "mpmath")(mpmath.mpf(at) if not isinstance(at, mpmath.mpf) else at)
