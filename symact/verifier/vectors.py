r"""Identities of vector activations for a general length n.

The vector is :math:`x_1, \dots, x_n` (SymPy ``IndexedBase``) with n a positive integer symbol;
sums stay symbolic (``Sum(…, (j, 1, n))``), so a proof holds for every n, not only the n = 3 of
the catalog's vector profiles. Each identity is proved when its difference simplifies to 0
(SymPy's ``expand``, ``expand_log`` for real arguments, ``doit`` of the sums and ``simplify``,
under the work budget); before that, it is checked at n = 2, 3, 5 at exact rational points with
arb (disjoint enclosures refute it).

* softmax is shift invariant: :math:`\mathrm{softmax}(x + c)_i = \mathrm{softmax}(x)_i`;
* log-softmax is :math:`x_i - \mathrm{logsumexp}(x)`;
* two-class softmax is :math:`\sigma(x_1 - x_2)`;
* softmax(−x)_i (softmin) is :math:`1/\sum_j e^{x_i - x_j}`;
* logsumexp is shift-equivariant: :math:`\mathrm{lse}(x + c) = \mathrm{lse}(x) + c`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.vocabulary import sigmoid, to_exp_form
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from .verdicts import Status, Verdict

N = sp.Symbol("n", integer=True, positive=True)
INDEX, J = sp.symbols("i j", integer=True, positive=True)
XV = sp.IndexedBase("x", real=True)
C = sp.Symbol("c", real=True)


def _sum(e: sp.Expr) -> sp.Expr:
    return sp.Sum(e, (J, 1, N))


def _softmax(shift=0):
    return sp.exp(XV[INDEX] + shift) / _sum(sp.exp(XV[J] + shift))


@dataclass(frozen=True)
class VectorIdentity:
    name: str
    text: str
    lhs: Callable[[], sp.Expr]
    rhs: Callable[[], sp.Expr]
    general_n: bool = True


IDENTITIES = (
    VectorIdentity("softmax shift invariance", "softmax(x + c)_i == softmax(x)_i", lambda: _softmax(C), lambda: _softmax()),
    VectorIdentity("log-softmax", "log(softmax(x)_i) == x_i - logsumexp(x)",
                   lambda: sp.log(_softmax()), lambda: XV[INDEX] - sp.log(_sum(sp.exp(XV[J])))),
    VectorIdentity("softmax(-x) as 1/sum", "softmax(-x)_i == 1/sum_j exp(x_i - x_j)",
                   lambda: sp.exp(-XV[INDEX]) / _sum(sp.exp(-XV[J])),
                   lambda: 1 / _sum(sp.exp(XV[INDEX] - XV[J]))),
    VectorIdentity("logsumexp shift", "logsumexp(x + c) == logsumexp(x) + c",
                   lambda: sp.log(_sum(sp.exp(XV[J] + C))), lambda: sp.log(_sum(sp.exp(XV[J]))) + C),
    VectorIdentity("two-class softmax", "softmax(x_1, x_2)_1 == sigmoid(x_1 - x_2)",
                   lambda: sp.exp(XV[1]) / (sp.exp(XV[1]) + sp.exp(XV[2])), lambda: sigmoid(XV[1] - XV[2]),
                   general_n=False),
)


def _concrete(e: sp.Expr, n: int, values: dict) -> sp.Expr:
    e = e.subs(N, n).doit() if e.has(N) else e
    e = e.subs(INDEX, 1)
    return e.subs(values)


def _refuted(ident: VectorIdentity) -> str | None:
    """A size and exact point where the two sides' arb enclosures are disjoint."""
    for n in ((2,) if not ident.general_n else (2, 3, 5)):
        values = {XV[k]: sp.Rational(3 * k - 7, 4) for k in range(1, n + 1)}
        values[C] = sp.Rational(5, 3)
        try:
            with arb_precision(128):
                a = compile_expr(_concrete(ident.lhs(), n, values), sp.Dummy(), "arb")(arb(0))
                b = compile_expr(_concrete(ident.rhs(), n, values), sp.Dummy(), "arb")(arb(0))
        except (Unsupported, ValueError, ZeroDivisionError, TypeError):
            continue
        if a < b or a > b:
            return f"n = {n}, x_k = (3k - 7)/4, c = 5/3: {a.str(10)} vs {b.str(10)}"
    return None


def verify_vector(ident: VectorIdentity) -> Verdict:
    found = _refuted(ident)
    if found is not None:
        return Verdict(ident.text, Status.REFUTED, (f"the sides differ at {found}",))
    budget = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)

    def attempt():
        d = to_exp_form(ident.lhs() - ident.rhs())
        d = sp.expand_log(sp.expand(d))
        d = d.replace(lambda s: isinstance(s, sp.Sum), lambda s: sp.Sum(sp.expand(s.function), *s.limits).doit())
        return sp.simplify(d) == 0

    ok, zero = budget.run(attempt, steps=settings.MEDIUM_STEPS)
    where = "for every n ≥ 1 (symbolic sums)" if ident.general_n else "for n = 2"
    if ok and zero:
        return Verdict(ident.text, Status.PROVED, (f"lhs - rhs simplifies to 0 {where} (expand, expand_log, "
                                                   "Sum.doit, simplify)",))
    return Verdict(ident.text, Status.UNKNOWN, ("no symbolic proof found; the sides agree at n = 2, 3, 5",))
