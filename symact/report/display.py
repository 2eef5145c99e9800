r"""Plain-text and LaTeX forms of typed values: numbers, real sets, intervals.

>>> import sympy as sp
>>> from symact.numeric.numbers import exact_number
>>> num(exact_number(sp.sqrt(2) / 2))
'sqrt(2)/2 (≈ 0.707106781187)'
"""
from __future__ import annotations

import sympy as sp

from ..core.values import Interval, Number, RealSet

DIGITS = 30


def _messy(value: sp.Expr) -> bool:
    """An exact number too long to read at a glance (SELU's constants, say)."""
    return not value.is_Rational and sp.count_ops(value) > 6


def rational(r: sp.Rational) -> str:
    """A rational as typed: 3/8, or 1e-300 / 2.5e+40 when numerator or denominator is long."""
    if max(len(str(abs(r.p))), len(str(r.q))) <= 15:
        return sp.sstr(r)
    p, q = abs(int(r.p)), int(r.q)
    sign = "-" if r < 0 else ""
    text = str(q)
    if text.strip("0") == "1":  # a power of ten below: p·10^-k
        return f"{sign}{p}e-{len(text) - 1}"
    text = str(p)
    if q == 1 and len(text.rstrip("0")) <= 15:
        digits = text.rstrip("0")
        return f"{sign}{digits[0]}{'.' + digits[1:] if len(digits) > 1 else ''}e+{len(text) - 1}"
    return f"{sign}{sp.Float(r, 30)} (exact rational)"


def num(n: Number | None, digits: int = DIGITS) -> str:
    """A number for people: exact when short, else as many digits as are justified."""
    if n is None:
        return "?"
    if n.is_infinite:
        return "∞" if n.exact > 0 else "-∞"
    if n.exact is not None:
        if n.exact.is_Rational:
            return rational(n.exact)
        if _messy(n.exact):
            return "≈ " + n.decimal(digits)
        return f"{sp.sstr(n.exact)} (≈ {n.decimal(12)})"
    if not n.certified:
        return "≈ " + n.decimal(min(digits, 15))
    return n.decimal(digits)


def num_short(n: Number | None) -> str:
    """A number in 15 digits at most (interval ends, locations)."""
    if n is None:
        return "?"
    if n.is_infinite:
        return "∞" if n.exact > 0 else "-∞"
    if n.exact is not None and n.exact.is_Rational:
        return rational(n.exact)
    if n.exact is not None and not _messy(n.exact) and sp.count_ops(n.exact) <= 6:
        return sp.sstr(n.exact)
    return n.decimal(15)


def num_latex(n: Number | None) -> str:
    if n is None:
        return "?"
    if n.is_infinite:
        return r"\infty" if n.exact > 0 else r"-\infty"
    if n.exact is not None and not _messy(n.exact):
        return sp.latex(n.exact)
    return ("" if n.certified else r"\approx ") + n.decimal(DIGITS if n.certified else 15)


def brackets(i: Interval) -> tuple[str, str]:
    left = "[" if i.lo_closed and not i.lo.is_infinite else "("
    right = "]" if i.hi_closed and not i.hi.is_infinite else ")"
    return left, right


def interval(i: Interval, short: bool = True) -> str:
    fmt = num_short if short else num
    if i.is_point:
        return "{" + fmt(i.lo) + "}"
    if i.lo.is_infinite and i.hi.is_infinite:
        return "ℝ"
    left, right = brackets(i)
    return f"{left}{fmt(i.lo)}, {fmt(i.hi)}{right}"


def real_set(s: RealSet | None, short: bool = False) -> str:
    """``(0, 1/4]``, ``{0, 1}``, ``[0, 1] ∪ {3}``, ``ℝ``, ``∅``; a periodic set with ``+ T·ℤ``."""
    if s is None:
        return "?"
    if s.is_empty:
        return "∅"
    fmt = num_short if short else num
    points = all(p.is_point for p in s.parts)
    if points:
        body = "{" + ", ".join(fmt(p.lo) for p in s.parts) + "}"
    else:
        body = " ∪ ".join(interval(p, short) if not p.is_point else "{" + fmt(p.lo) + "}" for p in s.parts)
    if s.period is not None:
        return f"{body} + {num_short(s.period)}·ℤ"
    return body


def real_set_latex(s: RealSet | None) -> str:
    if s is None:
        return "?"
    if s.is_empty:
        return r"\emptyset"
    parts = []
    for p in s.parts:
        if p.is_point:
            parts.append(r"\{" + num_latex(p.lo) + r"\}")
        elif p.lo.is_infinite and p.hi.is_infinite:
            parts.append(r"\mathbb{R}")
        else:
            left, right = brackets(p)
            parts.append(rf"\left{left}{num_latex(p.lo)}, {num_latex(p.hi)}\right{right}")
    body = r" \cup ".join(parts)
    if s.period is not None:
        body += rf" + {num_latex(s.period)}\mathbb{{Z}}"
    return body
