r"""Vector identities in the claim language: ``for vector x: softmax(x + c) == softmax(x)``.

.. code-block:: text

    vector claim := "for vector x" [ "of length" K ] ":" VEXPR "==" VEXPR

VEXPR is built from the vector x, scalars (numbers, and any other name: a real scalar such as
c), + − * / ** (element-wise, scalars broadcast), element-wise functions (exp, log, sigmoid,
tanh, … any pointwise catalog name), the vector maps ``softmax``, ``log_softmax``, ``softmin``
and the reductions ``logsumexp``, ``sum`` (scalars). Indexing, ``x[k]`` or ``softmax(x)[k]``
(1 ≤ k ≤ K), needs a fixed length.

Each side becomes its i-th component as a SymPy expression in :math:`x_1, \dots, x_n` with
symbolic sums :math:`\sum_{j=1}^{n}` (n a positive integer symbol; :mod:`symact.verifier.vectors`):

* :math:`\mathrm{softmax}(v)_i = e^{v_i} / \sum_j e^{v_j}`,
  :math:`\mathrm{log\_softmax}(v)_i = \log \mathrm{softmax}(v)_i`,
  :math:`\mathrm{softmin}(v) = \mathrm{softmax}(-v)`,
  :math:`\mathrm{logsumexp}(v) = \log \sum_j e^{v_j}`, :math:`\mathrm{sum}(v) = \sum_j v_j`.

The claim is first checked with arb at n = 2, 3, 5 (or at the fixed length) at two exact
points; disjoint enclosures refute it. It is **proved for every n** only when lhs − rhs
simplifies to 0 with n symbolic (the sums never expanded for a particular n); with a fixed
length the proof is for that length. Anything else is ``unknown``.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.errors import ParseError
from ..core.vocabulary import to_exp_form
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from ..parse import shorten
from .verdicts import Status, Verdict
from .vectors import INDEX, N, XV

VECTOR_FOR = re.compile(r"^\s*for\s+vector\s+x(?:\s+of\s+length\s+(\d+))?\s*:\s*(.+)$", re.S)
_MAPS = ("softmax", "log_softmax", "softmin")
_REDUCTIONS = ("logsumexp", "sum")
_RESERVED = {"i", "j", "n", "x", "f"}
MAX_LENGTH = 8


@dataclass(frozen=True)
class VectorClaim:
    """``lhs == rhs`` component by component, for vectors x of every length (or ``length``)."""

    lhs: sp.Expr  # the i-th component (or a scalar) in x_1 … x_n
    rhs: sp.Expr
    length: int | None = None
    scalars: tuple[sp.Symbol, ...] = ()


def parse_vector_claim(body: str, length: int | None, numbers_parse) -> VectorClaim:
    """Read ``VEXPR == VEXPR`` (``numbers_parse`` is claims._parse: numbers kept exact)."""
    if length is not None and not 1 <= length <= MAX_LENGTH:
        raise ParseError(f"a fixed vector length is 1 to {MAX_LENGTH}")
    numbers: dict = {}
    tree = numbers_parse(body, numbers)
    if not isinstance(tree, ast.Compare) or len(tree.ops) != 1:
        raise ParseError("a vector claim is an identity: for vector x: VEXPR == VEXPR")
    if not isinstance(tree.ops[0], ast.Eq):
        raise ParseError("vector claims are identities (==); inequalities between vectors are not supported")
    builder = _Builder(numbers, length)
    lhs = _canonical(builder.build(tree.left)[0])
    rhs = _canonical(builder.build(tree.comparators[0])[0])
    return VectorClaim(lhs, rhs, length, tuple(sorted(builder.scalars.values(), key=lambda s: s.name)))


class _Builder:
    """Components of vector expressions; each node gives (expr, is_vector)."""

    def __init__(self, numbers: dict, length: int | None):
        from ..catalog import catalog_functions
        self.numbers = numbers
        self.length = length
        self.scalars: dict[str, sp.Symbol] = {}
        self.functions = {n: f for n, f in catalog_functions().items()}
        self.sums = 0

    def build(self, node) -> tuple[sp.Expr, bool]:
        if isinstance(node, ast.Name):
            if node.id == "x":
                return XV[INDEX], True
            if node.id in self.numbers:
                return self.numbers[node.id], False
            if node.id in ("pi", "E"):
                return (sp.pi if node.id == "pi" else sp.E), False
            if node.id in _RESERVED or node.id in self.functions or node.id in _MAPS + _REDUCTIONS \
                    or node.id.startswith("_") or not node.id.isidentifier():
                raise ParseError(f"{node.id!r} cannot be a scalar here")
            return self.scalars.setdefault(node.id, sp.Symbol(node.id, real=True)), False
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            e, v = self.build(node.operand)
            return (-e if isinstance(node.op, ast.USub) else e), v
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            (a, va), (b, vb) = self.build(node.left), self.build(node.right)
            op = {ast.Add: sp.Add, ast.Sub: lambda p, q: p - q, ast.Mult: sp.Mul, ast.Div: lambda p, q: p / q,
                  ast.Pow: sp.Pow}[type(node.op)]
            if isinstance(node.op, ast.Pow) and vb:
                raise ParseError("an exponent is a scalar")
            return op(a, b), va or vb
        if isinstance(node, ast.Subscript):
            if self.length is None:
                raise ParseError("indexing (x[1], softmax(x)[2]) needs a fixed length: for vector x of length 2: ...")
            k = self.numbers.get(node.slice.id) if isinstance(node.slice, ast.Name) else None
            if k is None or not (k.is_Integer and 1 <= k <= self.length):
                raise ParseError(f"an index is an integer 1 to {self.length}")
            e, vector = self.build(node.value)
            if not vector:
                raise ParseError("only a vector can be indexed")
            return e.subs(INDEX, int(k)), False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            name = node.func.id
            if len(node.args) != 1:
                raise ParseError(f"{name} takes one argument in a vector claim")
            arg, vector = self.build(node.args[0])
            if name in _MAPS or name in _REDUCTIONS:
                if not vector:
                    raise ParseError(f"{name} takes a vector")
                if name == "softmin":
                    arg = -arg
                if name == "sum":
                    return self._sum(arg), False
                total = self._sum(sp.exp(arg))
                if name == "logsumexp":
                    return sp.log(total), False
                soft = sp.exp(arg) / total
                return (sp.log(soft) if name == "log_softmax" else soft), True
            if name in ("exp", "log", "sqrt", "abs"):
                fn = {"exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "abs": sp.Abs}[name]
                return fn(arg), vector
            if name in self.functions:
                try:
                    return self.functions[name](arg), vector
                except TypeError:
                    raise ParseError(f"{name} takes one argument") from None
            raise ParseError(f"unknown function {shorten(name, 20)!r} in a vector claim")
        raise ParseError(f"not allowed in a vector claim: {shorten(ast.unparse(node), 30)!r}")

    def _sum(self, component: sp.Expr) -> sp.Expr:
        self.sums += 1
        j = sp.Symbol(f"k{self.sums}", integer=True, positive=True)  # renamed by _canonical
        return sp.Sum(component.subs(INDEX, j), (j, 1, N if self.length is None else self.length))


def _canonical(e: sp.Expr, depth: int = 0) -> sp.Expr:
    """Bound indices renamed by nesting depth (j0 outermost), so that equal sums built apart
    are the same SymPy expression."""
    if isinstance(e, sp.Sum):
        var, lo, hi = e.limits[0]
        inner = _canonical(e.function, depth + 1)
        j = sp.Symbol(f"j{depth}", integer=True, positive=True)
        return sp.Sum(inner.xreplace({var: j}), (j, lo, hi))
    if e.is_Atom or not e.args:
        return e
    return e.func(*[_canonical(a, depth) for a in e.args])


def constants_pulled(e: sp.Expr) -> sp.Expr:
    r"""Factors free of a sum's index moved out of it, innermost sums first:
    :math:`\sum_j a\,b_j = a \sum_j b_j` (so :math:`\sum_i e^{x_i} / \sum_k e^{x_k}` becomes a
    ratio of two sums that are equal once their indices are renamed alike)."""
    if e.is_Atom or not e.args:
        return e
    if isinstance(e, sp.Sum):
        (var, lo, hi), = e.limits
        inner = constants_pulled(e.function)
        free, bound = inner.as_independent(var, as_Add=False)
        return free * sp.Sum(bound, (var, lo, hi)) if free != 1 else sp.Sum(inner, (var, lo, hi))
    return e.func(*[constants_pulled(a) for a in e.args])


def _sizes(body: VectorClaim) -> tuple[int, ...]:
    return (body.length,) if body.length is not None else (2, 3, 5)


def _concrete(e: sp.Expr, n: int, values: dict, i: int) -> sp.Expr:
    e = e.subs(N, n).doit()
    return e.subs(INDEX, i).subs(values)


def _refute(body: VectorClaim) -> str | None:
    """A length, component and exact point where the two sides' arb enclosures are disjoint."""
    for n in _sizes(body):
        for shift, scale in ((-7, 4), (2, 3)):
            values = {XV[k]: sp.Rational(3 * k - shift, scale) for k in range(1, n + 1)}
            values.update({s: sp.Rational(5 + k, 3) for k, s in enumerate(body.scalars)})
            for i in range(1, n + 1):
                try:
                    with arb_precision(128):
                        a = compile_expr(_concrete(body.lhs, n, values, i), sp.Dummy(), "arb")(arb(0))
                        b = compile_expr(_concrete(body.rhs, n, values, i), sp.Dummy(), "arb")(arb(0))
                except (Unsupported, ValueError, ZeroDivisionError, TypeError):
                    continue
                if a.is_finite() and b.is_finite() and (a < b or a > b):
                    point = ", ".join(f"{sp.sstr(k)} = {sp.sstr(v)}" for k, v in values.items())
                    return f"n = {n}, component {i}, {point}: {a.str(10)} vs {b.str(10)}"
    return None


def zero_chain(diff: sp.Expr) -> list[tuple[str, sp.Expr]]:
    """The forms the zero test of :func:`vector_claim` goes through, each with the step that made
    it (for the certificates of :mod:`symact.verifier.certificate_kinds`): lhs − rhs, its exp
    form, ``expand``, ``expand_log``, each sum's term expanded and the sum done (``Sum.doit``),
    then ``simplify`` (or, when that is not 0, index-free factors moved out of the sums first).
    The identity is proved when the last form is 0."""
    forms = [("lhs - rhs, component i (symbolic sums)", diff)]
    d = to_exp_form(diff)
    forms.append(("exp/erf form (vocabulary definitions)", d))
    d = sp.expand(d)
    forms.append(("sympy expand", d))
    d = sp.expand_log(d)
    forms.append(("sympy expand_log", d))
    d = d.replace(lambda s: isinstance(s, sp.Sum), lambda s: sp.Sum(sp.expand(s.function), *s.limits).doit())
    forms.append(("each sum: its term expanded, then Sum.doit", d))
    done = sp.simplify(d)
    if done != 0:
        d = _canonical(constants_pulled(d))
        forms.append(("index-free factors moved out of the sums, indices renamed", d))
        done = sp.simplify(d)
    forms.append(("sympy simplify", done))
    return forms


def vector_claim(claim) -> Verdict:
    """The verdict on a :class:`VectorClaim` (see the module docstring)."""
    body: VectorClaim = claim.body
    found = _refute(body)
    if found is not None:
        return Verdict(claim.text, Status.REFUTED, (f"the sides differ (arb enclosures disjoint) at {found}",))
    budget = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)

    def zero(diff: sp.Expr) -> bool:
        d = sp.expand_log(sp.expand(to_exp_form(diff)))
        d = d.replace(lambda s: isinstance(s, sp.Sum), lambda s: sp.Sum(sp.expand(s.function), *s.limits).doit())
        return sp.simplify(d) == 0 or sp.simplify(_canonical(constants_pulled(d))) == 0

    def attempt():
        diff = body.lhs - body.rhs
        if body.length is None:
            return zero(diff)
        return all(zero(diff.subs(INDEX, i)) for i in range(1, body.length + 1))  # each component

    ok, proved = budget.run(attempt, steps=settings.MEDIUM_STEPS)
    if ok and proved:
        where = "for every length n ≥ 1 (symbolic sums)" if body.length is None else f"for length {body.length}"
        return Verdict(claim.text, Status.PROVED, (f"component i of lhs - rhs simplifies to 0 {where} "
                                                   "(expand, expand_log, Sum.doit, index-free factors moved out of sums, simplify)",))
    sizes = ", ".join(str(n) for n in _sizes(body))
    return Verdict(claim.text, Status.UNKNOWN, ("no symbolic proof found" + ("" if ok else " within the work budget")
                                                + f"; the sides agree at n = {sizes} (two exact points, arb)",))


__all__ = ["VECTOR_FOR", "VectorClaim", "parse_vector_claim", "vector_claim", "zero_chain"]
