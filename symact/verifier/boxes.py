r"""Inequalities over a box of parameter values: ``for a <= p <= b: f(x, p) REL g(x, p) [on I]``.

With h = g − f (or f − g) the claim says h ≥ 0 (h > 0 when strict) for every x in I and every
allowed p. For each piece of h in x (its breakpoints must not depend on p):

1. **symbolic**: the sign of the piece proved by SymPy's assumptions, p carrying what its
   condition implies (``0 < alpha`` makes alpha positive) — valid for the whole range;
2. **branch and bound over (x, p) cells** with arb: p enters as a ball, so one evaluation
   encloses h over a whole rectangle [x₀, x₁] × [p₀, p₁]. A cell is settled when the enclosure
   of h, or the mean-value form h(m) − |∂ₓh|·rₓ − |∂ₚh|·rₚ (derivatives enclosed over the
   cell), is ≥ 0 (> 0 when strict). The cover runs over the *closure* of the parameter range
   and of the piece: proving h ≥ 0 on a larger set proves it on the claim's set. An open end
   where h is undefined or touches 0 (``0 < alpha`` with a 1/alpha) is left undecided, never
   guessed;
3. **tails in x**: beyond ±R the piece is enclosed by half-line interval arithmetic on its forms
   (:mod:`symact.numeric.halfline`) with p as an interval, the parameter box split into 1, 4, 16
   or 64 parts.

Values at breakpoints (functions of p alone) are covered the same way. A cell whose centre
shows h < 0 yields a candidate (x, p); it refutes the claim only when both sides, with p set to
that exact value, are enclosed in the wrong order (``certify_counterexample`` of :mod:`symact.verifier.decide`).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

import mpmath
import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.symbols import X
from ..core.vocabulary import sigmoid
from ..numeric.compile import BACKENDS, Unsupported, arb_precision, compile_expr, register_backend
from ..numeric.halfline import XInterval
from ..prove.forms import Forms
from ..prove.pieces import split
from ..prove.signs import proved_sign
from .claims import Claim, Region, Relation
from .verdicts import Counterexample, Status, Verdict


@dataclass(frozen=True)
class Tools:
    """What the box prover uses from :mod:`symact.verifier.decide` (passed in, so that the two
    modules do not import each other)."""

    assumed: Callable[[Claim, sp.Expr], sp.Expr]  # parameters as symbols with their assumptions
    clip: Callable[[sp.Expr, sp.Expr, Region], tuple]  # (lo, hi) ∩ region
    inside: Callable[[sp.Expr, Region], bool]
    certify: Callable[..., Counterexample | None]  # certify_counterexample(lhs, rhs, rel, t, params)

def _monotone_sigmoid(v: arb) -> arb:
    """σ over a ball: the plain formula, or, where e^(−v) of a wide ball far left straddles 0
    (giving nan), σ at the two ends (σ is increasing), each in the form that does not overflow."""
    out = 1 / (1 + (-v).exp())
    if out.is_finite() or not v.is_finite():
        return out

    def at(t: arb) -> arb:
        if t < 0:
            e = t.exp()
            return e / (1 + e)
        return 1 / (1 + (-t).exp())
    return arb.union(at(v.lower()), at(v.upper()))


class _BoxBackend(type(BACKENDS["arb"])):
    """The arb backend with σ enclosed by monotonicity over wide balls (cells of a box)."""

    name = "arb_box"
    functions = {**BACKENDS["arb"].functions, sigmoid: _monotone_sigmoid}


register_backend(_BoxBackend())

#: most (x, p) cells for one claim
MAX_CELLS = 30_000
#: most parameters in one box
MOST_PARAMETERS = 3
#: where the x-window may end (tails beyond by half-line interval arithmetic)
TAIL_STARTS = (8, 20, 50, 200)
_PREC = 128
_NOT_SMOOTH = (sp.Abs, sp.sign, sp.Heaviside, sp.Min, sp.Max, sp.Piecewise, sp.floor, sp.ceiling)
_SMALLEST = 2.0 ** -40
_MOST_UNDECIDED = 20


def parameter_inequality(claim: Claim, body: Relation, budget: Budget, evidence: list[str], tools: Tools,
                         record: dict | None = None) -> Verdict:
    """Prove, certify, refute or leave unknown an inequality over a box of parameter values
    (one interval per parameter, at most :data:`MOST_PARAMETERS` parameters). With ``record``
    (a dict), the cover is written into it for a certificate (:func:`replay_cover`)."""
    assumed, clip, inside = tools.assumed, tools.clip, tools.inside

    def unknown(why: str, *more: str) -> Verdict:
        return Verdict(claim.text, Status.UNKNOWN, (why, *more, *evidence))

    if len(claim.parameters) > MOST_PARAMETERS:
        return unknown(f"inequalities over parameter boxes are certified for at most {MOST_PARAMETERS} "
                       f"parameters; this claim has {len(claim.parameters)}")
    symbols = tuple(param.symbol for param in claim.parameters)
    names = ", ".join(q.name for q in symbols)
    found = box_of(claim, budget)
    if isinstance(found, str):
        return unknown(found)
    _, box, ranges = found
    h, strict = difference(body)
    try:
        pieces = split(h, X, budget)
    except Exception as exc:  # noqa: BLE001 - a split that cannot be made is no proof
        return unknown(f"cannot split into pieces: {exc}")
    if any(c.free_symbols for c in pieces.breakpoints):
        return unknown("a breakpoint in x depends on a parameter")
    unbounded = ", ".join(f"{q.name} ({sp.sstr(rng)})" for q, rng in zip(symbols, ranges) if _closure(rng) is None)
    how: list[str] = []
    numeric = False
    forms = Forms(budget)
    cells_left = [MAX_CELLS]
    covers = [] if record is not None else None
    for piece in pieces.pieces:
        lo, hi = clip(piece.lo, piece.hi, body.region)
        if lo is None:
            continue
        where = f"({sp.sstr(lo)}, {sp.sstr(hi)})"
        if proved_sign(assumed(claim, piece.expr), X, lo, hi, budget) == 1:
            how.append(f"on {where}: sign proved by SymPy's assumptions ({_assumption_text(claim, tools)})")
            if covers is not None:
                covers.append({"on": [sp.sstr(lo), sp.sstr(hi)], "assumptions": True})
            continue
        if box is None:
            return unknown(f"on {where} the sign is not proved symbolically, and the range of {unbounded} "
                           "is unbounded: a box cover needs bounded parameter ends")
        tree: dict | None = {} if covers is not None else None
        result = cover_piece(piece.expr, symbols, lo, hi, box, strict, forms, cells_left, tree)
        if result.bad is not None:
            found = _counterexample(claim, body, symbols, *result.bad, tools)
            if found is not None:
                return Verdict(claim.text, Status.REFUTED, ("a certified counterexample (arb enclosures of both "
                                                            f"sides at an exact x and {names})",), found)
        if not result.done:
            return unknown(f"on {where}: {result.why}", *how)
        how.append(f"on {where}: {result.text}")
        numeric = True
        if covers is not None:
            covers.append({"on": [sp.sstr(lo), sp.sstr(hi)], **tree})
    for c, value in zip(pieces.breakpoints, pieces.values):
        if not inside(c, body.region):
            continue
        s = assumed(claim, value)
        if (s.is_positive if strict else s.is_nonnegative) is True:
            how.append(f"at x = {sp.sstr(c)}: {sp.sstr(value)} has the right sign by assumption "
                       f"({_assumption_text(claim, tools)})")
            if covers is not None:
                covers.append({"at": sp.sstr(c), "assumptions": True})
            continue
        if box is None:
            return unknown(f"at the breakpoint x = {sp.sstr(c)}: sign of {sp.sstr(value)} not proved")
        tree = {} if covers is not None else None
        result = cover_piece(value, symbols, c, c, box, strict, forms, cells_left, tree)
        if result.bad is not None:
            found = _counterexample(claim, body, symbols, *result.bad, tools)
            if found is not None:
                return Verdict(claim.text, Status.REFUTED, ("a certified counterexample at a breakpoint",), found)
        if not result.done:
            return unknown(f"at the breakpoint x = {sp.sstr(c)}: {result.why}", *how)
        how.append(f"at x = {sp.sstr(c)}: {result.text}")
        numeric = True
        if covers is not None:
            covers.append({"at": sp.sstr(c), **tree})
    if record is not None:
        record["box"] = [[repr(u), repr(v)] for u, v in box] if box is not None else None
        record["parts"] = covers
    status = Status.CERTIFIED if numeric else Status.PROVED
    every = " and ".join(f"{q.name} in {sp.sstr(rng)}" for q, rng in zip(symbols, ranges))
    closure = " × ".join(f"[{_fmt(u)}, {_fmt(v)}]" for u, v in box) if box is not None else ""
    head = (f"rhs - lhs {'>' if strict else '>='} 0 for every {every}"
            + (f" (cells cover the closure {closure})" if numeric else ""))
    return Verdict(claim.text, status, (head + ": " + "; ".join(how),))


def difference(body: Relation) -> tuple[sp.Expr, bool]:
    """(h, strict): the claim says h ≥ 0 (h > 0 when strict), h = rhs − lhs or lhs − rhs."""
    h = body.rhs - body.lhs if body.rel in ("<=", "<") else body.lhs - body.rhs
    return h, body.rel in ("<", ">")


def box_of(claim: Claim, budget: Budget):
    """``(symbols, box, ranges)``: the parameters, the closure of their ranges as float ends
    rounded outward (None when a range is unbounded) and the ranges; or the reason (text) why
    the conditions are not one interval per parameter."""
    symbols = tuple(param.symbol for param in claim.parameters)
    conjuncts = _conjuncts_of(claim)
    if any(len(c.free_symbols) > 1 for c in conjuncts):
        return "a condition ties parameters together: a box needs one interval per parameter"
    ranges = []
    for q in symbols:
        own = sp.And(*[c for c in conjuncts if c.free_symbols == {q}])
        rng = _range(own, q) if own is not sp.true else sp.Interval(sp.S.NegativeInfinity, sp.oo)
        ok = rng is not None
        if not ok:
            ok, rng = budget.run(lambda own=own: own.as_set(), steps=settings.MEDIUM_STEPS)
        if not ok or not isinstance(rng, sp.Interval):
            return f"the range of {q.name} is not one interval ({sp.sstr(rng) if ok else 'not solved'})"
        ranges.append(rng)
    closures = [_closure(rng) for rng in ranges]
    box = None if any(c is None for c in closures) else tuple(closures)
    return symbols, box, ranges


def _conjuncts_of(claim: Claim) -> list:
    """The claim's parameter conditions as a flat list of comparisons."""
    out = []
    for param in claim.parameters:
        cond = param.condition
        for c in (cond.args if isinstance(cond, sp.And) else (cond,)):
            if c not in out and c is not sp.true:
                out.append(c)
    return out


# -- the parameter range ----------------------------------------------------------------------------

def _range(cond: sp.Basic, p: sp.Symbol) -> sp.Interval | None:
    """The interval of p allowed by comparisons ``p op c`` / ``c op p`` with constant c (None
    for anything else)."""
    rng: sp.Set = sp.Interval(sp.S.NegativeInfinity, sp.oo)
    for c in (cond.args if isinstance(cond, sp.And) else (cond,)):
        if not isinstance(c, sp.core.relational.Relational) or c.rel_op not in ("<", "<=", ">", ">="):
            return None
        if c.lhs == p and c.rhs.is_number:
            op, k = c.rel_op, c.rhs
        elif c.rhs == p and c.lhs.is_number:
            op, k = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[c.rel_op], c.lhs
        else:
            return None
        if k.is_real is not True or k.is_finite is not True:
            return None
        part = {"<": sp.Interval.open(sp.S.NegativeInfinity, k), "<=": sp.Interval(sp.S.NegativeInfinity, k),
                ">": sp.Interval.open(k, sp.oo), ">=": sp.Interval(k, sp.oo)}[op]
        rng = rng.intersect(part)
    return rng if isinstance(rng, sp.Interval) else None


def _closure(rng: sp.Interval) -> tuple[float, float] | None:
    """Float ends (rounded outward) of the closure of a bounded range, else None."""
    if not (rng.start.is_finite and rng.end.is_finite):
        return None
    return _down(rng.start), _up(rng.end)


def _assumption_text(claim: Claim, tools: Tools) -> str:
    out = []
    for param in claim.parameters:
        sym = next(iter(tools.assumed(claim, param.symbol).free_symbols))
        facts = [k for k in ("positive", "negative", "nonnegative", "nonpositive") if sym.assumptions0.get(k)]
        out.append(f"{sym.name} {facts[0]}" if facts else f"{sym.name} real")
    return ", ".join(out)


def _down(v: sp.Expr) -> float:
    """A float at or below v."""
    f = float(sp.N(v, 30))
    return f if sp.Rational(f) <= v else float(mpmath.mpf(f) - abs(mpmath.mpf(f)) * 2**-52 - 2**-1074)


def _up(v: sp.Expr) -> float:
    """A float at or above v."""
    return -_down(-v)


def _fmt(v: float) -> str:
    return mpmath.nstr(mpmath.mpf(v), 8)


# -- the cover ------------------------------------------------------------------------------------

class _Result:
    def __init__(self, done: bool, text: str = "", why: str = "", bad: tuple | None = None):
        self.done, self.text, self.why, self.bad = done, text, why, bad


Box = tuple[tuple[float, float], ...]  # one closed interval per parameter


def _ball(u: float, v: float) -> arb:
    return arb(u) if u == v else arb.union(arb(u), arb(v))


def _good(ball, strict: bool) -> bool:
    return isinstance(ball, arb) and ball.is_finite() and (ball > 0 if strict else ball >= 0)


class CellCheck:
    r"""h and its first partial derivatives compiled for arb over cells
    :math:`[x_0, x_1] \times \prod_k [p_{k,0}, p_{k,1}]` (the parameters enter as balls).

    A cell is settled when the enclosure of h over it, or the mean-value form
    :math:`h(m) - |\partial_x h|\,r_x - \sum_k |\partial_{p_k} h|\,r_{p_k}` (derivatives enclosed
    over the cell, only for h without Abs, sign, Piecewise, …), is ≥ 0 (> 0 when strict).
    The search and :func:`replay_tree` use this one check."""

    def __init__(self, e: sp.Expr, symbols: tuple[sp.Symbol, ...], strict: bool):
        self.strict = strict
        self.current = [arb(0)] * len(symbols)
        bind = {q: (lambda k=k: self.current[k]) for k, q in enumerate(symbols)}
        self.fn = compile_expr(e, X, "arb_box", bind)
        self.smooth = not e.has(*_NOT_SMOOTH)  # the mean-value form needs h to be C1 on every cell
        self.dx = compile_expr(sp.diff(e, X), X, "arb_box", bind) if self.smooth and e.has(X) else None
        self.dp = [compile_expr(sp.diff(e, q), X, "arb_box", bind) if self.smooth and e.has(q) else None
                   for q in symbols]

    def value(self, xu: float, xv: float, box: Box, f) -> arb | None:
        if f is None:
            return arb(0) if self.smooth else None
        with arb_precision(_PREC):
            self.current[:] = [_ball(u, v) for u, v in box]
            try:
                out = f(_ball(xu, xv))
            except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
                return None
        return out if isinstance(out, arb) and out.is_finite() else None

    def whole(self, xu: float, xv: float, box: Box) -> bool:
        return _good(self.value(xu, xv, box, self.fn), self.strict)

    def centre(self, xu: float, xv: float, box: Box) -> tuple[float, Box, arb | None]:
        xm = (xu + xv) / 2
        mid = tuple(((u + v) / 2, (u + v) / 2) for u, v in box)
        return xm, mid, self.value(xm, xm, mid, self.fn)

    def slopes(self, xu: float, xv: float, box: Box) -> tuple[arb | None, list[arb | None]]:
        return self.value(xu, xv, box, self.dx), [self.value(xu, xv, box, d) for d in self.dp]

    def mean_value(self, xu: float, xv: float, box: Box, centre: arb | None, gx, gp) -> bool:
        if centre is None or gx is None or any(g is None for g in gp):
            return False
        with arb_precision(_PREC):
            low = centre - abs(gx) * (arb(xv) - arb(xu)) / 2
            for g, (u, v) in zip(gp, box):
                low -= abs(g) * (arb(v) - arb(u)) / 2
        return _good(low, self.strict)

    def settled(self, xu: float, xv: float, box: Box, mean: bool) -> bool:
        """The check replay runs on a recorded cell: the enclosure, or the mean-value form."""
        if not mean:
            return self.whole(xu, xv, box)
        _, _, centre = self.centre(xu, xv, box)
        return self.mean_value(xu, xv, box, centre, *self.slopes(xu, xv, box))


def cover_piece(e: sp.Expr, symbols: tuple[sp.Symbol, ...], lo: sp.Expr, hi: sp.Expr, box: Box, strict: bool,
                 forms: Forms, cells_left: list[int], tree: dict | None = None) -> _Result:
    """h = e ≥ 0 (> 0) on the closure of (lo, hi) × box: tails, then branch and bound. With
    ``tree``, the window, the tails and the split tree of the cells are written into it."""
    names = ", ".join(q.name for q in symbols)
    try:
        check = CellCheck(e, symbols, strict)
    except Unsupported as exc:
        return _Result(False, why=f"cannot evaluate with interval arithmetic ({exc})")
    parts = []
    tails = []
    failed = ""
    a = _down(lo) if lo.is_finite else None
    b = _up(hi) if hi.is_finite else None
    for direction in (-1, 1):
        if (direction < 0 and a is not None) or (direction > 0 and b is not None):
            continue
        inner = b if direction < 0 else a  # the tail must start inside the window (x = ±R is a cell end)
        starts = [R for R in TAIL_STARTS if inner is None or (R > inner if direction > 0 else -R < inner)] \
            or [int(abs(inner)) + 1 + R for R in TAIL_STARTS]
        found = _tail(e, symbols, box, direction, strict, forms, starts)
        if found is None:  # no proof; the scan below may still find a counterexample
            failed = failed or (f"no tail bound in x {'below' if direction < 0 else 'above'} "
                                f"±{starts[-1]} for {names} in the box (half-line interval arithmetic)")
            found = (starts[-1], "", 0, "")
        R, text, k, how = found
        parts.append(text)
        tails.append({"direction": direction, "R": R, "how": how, "splits": k})
        if direction < 0:
            a = -float(R)
        else:
            b = float(R)
    worst = _scan(check, a, b, box)
    if worst is not None:
        return _Result(False, why="h < 0 on the scan grid", bad=worst)
    if failed:
        return _Result(False, why=failed)
    root: dict = {}
    stack = [(a, b, box, root)]
    count = 0
    undecided: list[tuple[float, float, Box]] = []
    while stack:
        xu, xv, cell, node = stack.pop()
        count += 1
        cells_left[0] -= 1
        if cells_left[0] < 0:
            return _Result(False, why=f"the cover stopped after {MAX_CELLS} cells (x ∈ [{_fmt(xu)}, {_fmt(xv)}], "
                                      f"{_box_text(symbols, cell)} undecided)")
        if check.whole(xu, xv, cell):
            continue
        xm, mid, centre = check.centre(xu, xv, cell)
        if centre is not None and (centre < 0 or (strict and centre.is_exact() and centre == 0)):
            return _Result(False, why="h < 0 at a cell centre", bad=(xm, tuple(u for u, _ in mid)))
        gx, gp = check.slopes(xu, xv, cell)
        if check.mean_value(xu, xv, cell, centre, gx, gp):
            node["mean"] = 1  # settled by the mean-value form (a leaf without it: by the enclosure)
            continue
        widths = [xv - xu] + [v - u for u, v in cell]
        if max(widths) < _SMALLEST * (1 + abs(xu) + sum(abs(u) for u, _ in cell)):
            # left undecided; the search goes on (a counterexample elsewhere still refutes)
            undecided.append((xu, xv, cell))
            if len(undecided) >= _MOST_UNDECIDED:
                break
            continue
        # split the side that contributes most to the mean-value error (the widest one without it)
        errors = [(float(abs(g).upper()) * w if g is not None else w) for g, w in zip([gx, *gp], widths)]
        dim = max((d for d in range(len(widths)) if widths[d] > 0), key=lambda d: (errors[d], -d))
        left, right = {}, {}
        if dim == 0:
            node.update({"split": 0, "at": repr(xm), "lo": left, "hi": right})
            stack += [(xm, xv, cell, right), (xu, xm, cell, left)]
        else:
            u, v = cell[dim - 1]
            m = (u + v) / 2
            lower = cell[:dim - 1] + ((u, m),) + cell[dim:]
            upper = cell[:dim - 1] + ((m, v),) + cell[dim:]
            node.update({"split": dim, "at": repr(m), "lo": left, "hi": right})
            stack += [(xu, xv, upper, right), (xu, xv, lower, left)]
    if undecided:
        xu, xv, cell = undecided[0]
        return _Result(False, why=f"{len(undecided)}{'+' if stack else ''} cell(s) of width < 2^-40 undecided, e.g. "
                                  f"x ∈ [{_fmt(xu)}, {_fmt(xv)}], {_box_text(symbols, cell)} "
                                  "(a touching point, or an open end where h is not defined)")
    parts.insert(0, f"arb branch and bound over (x, {names}) cells on [{_fmt(a)}, {_fmt(b)}] × "
                    f"{' × '.join(f'[{_fmt(u)}, {_fmt(v)}]' for u, v in box)} ({count} cells, mean-value form)")
    if tree is not None:
        tree.update({"window": [repr(a), repr(b)], "tails": tails, "cells": root, "count": count})
    return _Result(True, "; ".join(parts))


def _box_text(symbols, cell: Box) -> str:
    return ", ".join(f"{q.name} ∈ [{_fmt(u)}, {_fmt(v)}]" for q, (u, v) in zip(symbols, cell))


def _scan(check: CellCheck, a: float, b: float, box: Box):
    """The grid point (x, p) of a scan (24 x-values × the box's corners and 24, 6 or 4 inner
    values per parameter) where h is certainly most negative, or None."""
    k = 24
    per = {1: 24, 2: 6}.get(len(box), 4)
    grids = [[u, *(u + (v - u) * (j + 0.5) / per for j in range(per)), v] for u, v in box]  # corners too
    worst, at = None, None
    for i in range(k):  # cell centres: inside an open range or interval
        x = a + (b - a) * (i + 0.5) / k
        for point in itertools.product(*grids):
            v = check.value(x, x, tuple((q, q) for q in point), check.fn)
            if v is not None and v < 0 and (worst is None or v.mid() < worst):
                worst, at = v.mid(), (x, point)
    return at


def _sub_boxes(box: Box, k: int):
    """The box cut into k parts along every parameter."""
    cuts = [[(u + (v - u) * j / k, u + (v - u) * (j + 1) / k if j + 1 < k else v) for j in range(k)] for u, v in box]
    return itertools.product(*cuts)


def _tail_splits(count: int) -> tuple[int, ...]:
    return {1: (1, 4, 16, 64), 2: (1, 2, 4, 8)}.get(count, (1, 2, 4))


def tail_holds(e: sp.Expr, symbols: tuple[sp.Symbol, ...], box: Box, R: int, direction: int, strict: bool,
               forms: Forms, k: int, how: str) -> bool:
    """e ≥ 0 (> 0) beyond ±R for every parameter value in the box cut k times along each
    parameter: ``how`` = "values" (half-line interval arithmetic on e's forms) or "slope"
    (±∂e/∂x ≥ 0 there, so e ≥ its value at ±R, which the cells cover)."""
    current = [None] * len(symbols)
    bind = {q: (lambda j=j: current[j]) for j, q in enumerate(symbols)}
    target = e if how == "values" else direction * sp.diff(e, X)
    fns = []
    for form in forms.of(target):
        try:
            fns.append(compile_expr(form, X, "halfline", bind))
        except Unsupported:
            continue
    region = XInterval.from_ray(arb(R) if direction > 0 else -arb(R), direction)
    for sub in _sub_boxes(box, k):
        with arb_precision(_PREC):
            current[:] = [XInterval(arb(u), arb(v), False, False) for u, v in sub]
            if not any(_tail_good(fn, region, strict if how == "values" else False) for fn in fns):
                return False
    return True


def _tail(e: sp.Expr, symbols: tuple[sp.Symbol, ...], box: Box, direction: int, strict: bool, forms: Forms,
          starts: list[int]):
    """(R, text, splits, how) when e ≥ 0 (> 0) for every x beyond ±R and every parameter value
    in the box."""
    names = ", ".join(q.name for q in symbols)
    for R in starts:
        side = f"[{R}, ∞)" if direction > 0 else f"(-∞, -{R}]"
        for how in ("values", "slope"):
            for k in _tail_splits(len(symbols)):
                if tail_holds(e, symbols, box, R, direction, strict, forms, k, how):
                    if how == "values":
                        return R, f"x in {side}: half-line interval arithmetic, ({names}) box cut {k}×", k, how
                    return R, (f"x in {side}: {'∂h/∂x' if direction > 0 else '-∂h/∂x'} ≥ 0 by half-line interval "
                               f"arithmetic (({names}) box cut {k}×), so h ≥ h({'' if direction > 0 else '-'}{R}, "
                               f"{names}), covered by the cells"), k, how
    return None


def _tail_good(fn, region: XInterval, strict: bool) -> bool:
    try:
        out = fn(region)
    except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
        return False
    if not isinstance(out, XInterval) or out.lo is None:
        return False
    return bool(out.lo > 0) or (out.lo == 0 and (out.lo_strict or not strict))


def _counterexample(claim: Claim, body: Relation, symbols: tuple[sp.Symbol, ...], xm: float, pm: tuple,
                    tools: Tools):
    """Both sides enclosed at exact (x, p₁, …) near a cell centre, in the wrong order; the
    parameters must satisfy the claim's conditions and x lie in the claim's interval."""
    for digits, inward in ((6, 0), (12, 0), (20, 0), (6, 1), (12, 1)):
        t = sp.nsimplify(sp.Rational(mpmath.nstr(mpmath.mpf(xm), digits)), rational=True)
        values = {q: sp.Rational(mpmath.nstr(mpmath.mpf(v), digits)) for q, v in zip(symbols, pm)}
        if inward:  # a corner of the closure outside an open range: a point just inside it
            values = {q: v + sp.Rational(1, 10**digits) * (1 if _allows(claim, q, v + sp.Rational(1, 10**digits)) else -1)
                      if not _allows(claim, q, v) else v for q, v in values.items()}
        if any(param.condition.subs(values) is not sp.true for param in claim.parameters) \
                or not tools.inside(t, body.region):
            continue
        try:
            fl, fr = compile_expr(body.lhs.subs(values), X, "arb"), compile_expr(body.rhs.subs(values), X, "arb")
        except Unsupported:
            return None
        found = tools.certify(fl, fr, body.rel, t, {q.name: v for q, v in values.items()})
        if found is not None:
            return found
    return None


def _allows(claim: Claim, q: sp.Symbol, v: sp.Rational) -> bool:
    """The conditions on q alone hold at q = v."""
    own = [c for c in _conjuncts_of(claim) if c.free_symbols == {q}]
    return all(c.subs(q, v) is sp.true for c in own)
