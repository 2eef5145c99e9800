r"""Textbook LaTeX for the formulas and exact numbers of a profile.

The store keeps each formula and exact number in SymPy syntax (read back here with symact's
own whitelisted parser, never ``eval``) and SymPy's LaTeX. This printer differs from SymPy's
where textbooks do: ``\tfrac{1}{4}`` for a rational, ``W(1/e)`` for ``LambertW(exp(-1))``,
positive terms first (``2 \sqrt{2} - 3``), a bracketed sum after the other factors
(``\sigma(x) (1 - \sigma(x))``), and plain parentheses around arguments that are not tall.

>>> textbook("-3 + 2*sqrt(2)")
'2 \\sqrt{2} - 3'
>>> textbook("-LambertW(exp(-1))")
'- W(1/e)'
>>> textbook("(1 - sigmoid(x))*sigmoid(x)")
'\\sigma(x) (1 - \\sigma(x))'
>>> textbook("1/4")
'\\tfrac{1}{4}'
"""
from __future__ import annotations

import re
from functools import lru_cache

_TALL = re.compile(r"\\(frac|dfrac|begin|sum|int)")


def _printer():
    import sympy as sp
    from sympy.printing.latex import LatexPrinter
    from sympy.printing.precedence import PRECEDENCE

    class Textbook(LatexPrinter):
        def _print_Rational(self, e):
            if e.q == 1:
                return str(e.p)
            sign = "-" if e.p < 0 else ""
            return rf"{sign}\tfrac{{{abs(e.p)}}}{{{e.q}}}"

        def _print_LambertW(self, e, exp=None):
            arg = e.args[0]
            inner = "1/e" if arg == sp.exp(-1) else self._print(arg)
            text = f"W({inner})" if len(e.args) == 1 else rf"W_{{{self._print(e.args[1])}}}({inner})"
            return f"{text}^{{{exp}}}" if exp else text

        def _print_Function(self, e, exp=None):
            text = super()._print_Function(e, exp)
            wrapped = r"{\left(" + ", ".join(self._print(a) for a in e.args) + r" \right)}"
            if text.endswith(wrapped):  # SymPy's f{\left(x \right)}: drop the group braces
                text = text[: -len(wrapped)] + wrapped[1:-1].replace(r" \right)", r"\right)")
            return text

        def _print_Piecewise(self, e):
            if not self.inline:
                return super()._print_Piecewise(e)
            parts = []
            for value, cond in e.args:
                where = r"\text{ otherwise}" if cond is sp.true else r"\text{ if } " + self._print(cond)
                parts.append(self._print(value) + where)
            return r";\quad ".join(parts)

        def _as_ordered_terms(self, expr, order=None):
            terms = list(super()._as_ordered_terms(expr, order=order))
            plus = [t for t in terms if not t.could_extract_minus_sign()]
            return plus + [t for t in terms if t.could_extract_minus_sign()]

        def _print_Mul(self, e):
            coeff, rest = e.as_coeff_mul()
            plain = all(not (f.is_Pow and f.exp.is_negative) for f in rest) and coeff.is_Integer
            if not plain or not any(f.is_Add for f in rest):
                return super()._print_Mul(e)
            factors = [f for f in rest if not f.is_Add] + [f for f in rest if f.is_Add]
            parts = [self.parenthesize(f, PRECEDENCE["Mul"]) if not f.is_Add else rf"\left({self._print(f)}\right)"
                     for f in factors]
            sign = "- " if coeff < 0 else ""
            lead = "" if abs(coeff) == 1 else f"{abs(coeff)} "
            return sign + lead + " ".join(parts)

    return Textbook


@lru_cache(maxsize=1)
def _printer_class():
    return _printer()


@lru_cache(maxsize=4096)
def textbook(expr_text: str | None, fallback: str | None = None, inline: bool = False) -> str:
    r"""Textbook LaTeX of a SymPy-syntax string from the store (``fallback``, SymPy's own LaTeX,
    when the text names something the parser does not know, such as SELU's constants);
    ``inline`` writes a piecewise function on one line (``x \text{ if } x > 0;\ 0 …``)."""
    if expr_text is None:
        return fallback or ""
    from ..core.errors import SymactError
    from ..parse import parse_expression
    try:
        expr = parse_expression(expr_text)
    except (SymactError, RecursionError):
        return flatten(fallback) if fallback else expr_text
    printer = _printer_class()()
    printer.inline = inline
    return flatten(printer.doprint(expr))


def flatten(latex: str) -> str:
    r"""``\left( … \right)`` as plain parentheses when nothing inside is tall."""
    if _TALL.search(latex):
        return latex
    return latex.replace(r"\left(", "(").replace(r"\right)", ")")
