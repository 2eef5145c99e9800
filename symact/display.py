"""Plain-text and LaTeX forms of values that facts carry (numbers, sets, intervals)."""
from __future__ import annotations

import mpmath
import sympy as sp

DIGITS = 30


def is_messy(value: sp.Expr) -> bool:
    """An exact number too long to read at a glance (SELU's constants, say)."""
    return value.is_number and not value.is_Rational and sp.count_ops(value) > 4


def num(value, digits: int = DIGITS) -> str:
    """A number for people: exact when short, else ``digits`` significant digits (with ≈)."""
    if value is None:
        return "?"
    value = sp.sympify(value)
    if value is sp.oo:
        return "∞"
    if value is sp.S.NegativeInfinity:
        return "-∞"
    if value.is_Float:  # never more digits than the Float carries (its precision is earned)
        own = max(1, mpmath.libmp.prec_to_dps(value._prec))
        return sp.Float(value, min(digits, own)).__str__() if abs(value) > 0 else "0"
    if is_messy(value):
        return "≈ " + str(sp.N(value, digits))
    if value.is_number and not value.is_Rational:
        return f"{sp.sstr(value)} (≈ {sp.N(value, 12)})"
    return sp.sstr(value)


def expr(value: sp.Expr) -> str:
    return sp.sstr(value)


def num_latex(value) -> str:
    value = sp.sympify(value)
    if value.is_Float:
        return sp.latex(sp.Float(value, min(DIGITS, max(1, mpmath.libmp.prec_to_dps(value._prec)))))
    return sp.latex(value)


def _brackets(lo, hi, lo_closed: bool, hi_closed: bool) -> tuple[str, str]:
    """Interval brackets; an infinite end is always open."""
    left = "[" if lo_closed and not sp.sympify(lo).is_infinite else "("
    right = "]" if hi_closed and not sp.sympify(hi).is_infinite else ")"
    return left, right


def real_set(s: sp.Set) -> str:
    """``(0, 1/4]``, ``{0, 1}``, ``[0, 1] ∪ {3}``, ``ℝ``."""
    if s is sp.S.Reals or s == sp.Interval(-sp.oo, sp.oo):
        return "ℝ"
    if s is sp.S.EmptySet:
        return "∅"
    if isinstance(s, sp.Interval):
        left, right = _brackets(s.start, s.end, not s.left_open, not s.right_open)
        return f"{left}{num(s.start)}, {num(s.end)}{right}"
    if isinstance(s, sp.FiniteSet):
        return "{" + ", ".join(num(v) for v in sorted(s.args, key=lambda v: float(v))) + "}"
    if isinstance(s, sp.Union):
        parts = sorted(s.args, key=lambda a: float(a.inf))
        return " ∪ ".join(real_set(a) for a in parts)
    return sp.sstr(s)


def real_set_latex(s: sp.Set) -> str:
    if isinstance(s, sp.Interval):
        left, right = _brackets(s.start, s.end, not s.left_open, not s.right_open)
        return rf"\left{left}{num_latex(s.start)}, {num_latex(s.end)}\right{right}"
    if isinstance(s, sp.Union):
        parts = sorted(s.args, key=lambda a: float(a.inf))
        return r" \cup ".join(real_set_latex(a) for a in parts)
    return sp.latex(s)


def interval_text(lo, hi, lo_closed: bool, hi_closed: bool) -> str:
    left, right = _brackets(lo, hi, lo_closed, hi_closed)
    return f"{left}{num(lo, 15)}, {num(hi, 15)}{right}"
