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
#: where the x-window may end (tails beyond by half-line interval arithmetic)
TAIL_STARTS = (8, 20, 50, 200)
_PREC = 128
_NOT_SMOOTH = (sp.Abs, sp.sign, sp.Heaviside, sp.Min, sp.Max, sp.Piecewise, sp.floor, sp.ceiling)
_SMALLEST = 2.0 ** -40
_MOST_UNDECIDED = 20


def parameter_inequality(claim: Claim, body: Relation, budget: Budget, evidence: list[str], tools: Tools) -> Verdict:
    """Prove, certify, refute or leave unknown an inequality over a range of one parameter."""
    assumed, clip, inside = tools.assumed, tools.clip, tools.inside

    def unknown(why: str, *more: str) -> Verdict:
        return Verdict(claim.text, Status.UNKNOWN, (why, *more, *evidence))

    if len(claim.parameters) != 1:
        return unknown("inequalities over parameter boxes are certified for one parameter; "
                       f"this claim has {len(claim.parameters)}")
    param = claim.parameters[0]
    p = param.symbol
    rng = _range(param.condition, p)
    ok = rng is not None
    if not ok:
        ok, rng = budget.run(lambda: param.condition.as_set(), steps=settings.MEDIUM_STEPS)
    if not ok or not isinstance(rng, sp.Interval):
        return unknown(f"the range of {p.name} is not one interval ({sp.sstr(rng) if ok else 'not solved'})")
    h = body.rhs - body.lhs if body.rel in ("<=", "<") else body.lhs - body.rhs
    strict = body.rel in ("<", ">")
    try:
        pieces = split(h, X, budget)
    except Exception as exc:  # noqa: BLE001 - a split that cannot be made is no proof
        return unknown(f"cannot split into pieces: {exc}")
    if any(c.free_symbols for c in pieces.breakpoints):
        return unknown("a breakpoint in x depends on the parameter")
    box = _closure(rng)
    how: list[str] = []
    numeric = False
    forms = Forms(budget)
    cells_left = [MAX_CELLS]
    for piece in pieces.pieces:
        lo, hi = clip(piece.lo, piece.hi, body.region)
        if lo is None:
            continue
        where = f"({sp.sstr(lo)}, {sp.sstr(hi)})"
        if proved_sign(assumed(claim, piece.expr), X, lo, hi, budget) == 1:
            how.append(f"on {where}: sign proved by SymPy's assumptions ({_assumption_text(claim, tools)})")
            continue
        if box is None:
            return unknown(f"on {where} the sign is not proved symbolically, and the range of {p.name} "
                           f"({sp.sstr(rng)}) is unbounded: a box cover needs bounded parameter ends")
        result = _cover_piece(piece.expr, p, lo, hi, box, strict, forms, cells_left)
        if result.bad is not None:
            found = _counterexample(claim, body, p, *result.bad, tools)
            if found is not None:
                return Verdict(claim.text, Status.REFUTED, ("a certified counterexample (arb enclosures of both "
                                                            f"sides at an exact x and {p.name})",), found)
        if not result.done:
            return unknown(f"on {where}: {result.why}", *how)
        how.append(f"on {where}: {result.text}")
        numeric = True
    for c, value in zip(pieces.breakpoints, pieces.values):
        if not inside(c, body.region):
            continue
        s = assumed(claim, value)
        if (s.is_positive if strict else s.is_nonnegative) is True:
            how.append(f"at x = {sp.sstr(c)}: {sp.sstr(value)} has the right sign by assumption "
                       f"({_assumption_text(claim, tools)})")
            continue
        if box is None:
            return unknown(f"at the breakpoint x = {sp.sstr(c)}: sign of {sp.sstr(value)} not proved")
        result = _cover_piece(value, p, c, c, box, strict, forms, cells_left)
        if result.bad is not None:
            found = _counterexample(claim, body, p, *result.bad, tools)
            if found is not None:
                return Verdict(claim.text, Status.REFUTED, ("a certified counterexample at a breakpoint",), found)
        if not result.done:
            return unknown(f"at the breakpoint x = {sp.sstr(c)}: {result.why}", *how)
        how.append(f"at x = {sp.sstr(c)}: {result.text}")
        numeric = True
    status = Status.CERTIFIED if numeric else Status.PROVED
    head = (f"rhs - lhs {'>' if strict else '>='} 0 for every {p.name} in {sp.sstr(rng)}"
            + (f" (cells cover the closure [{_fmt(box[0])}, {_fmt(box[1])}])" if numeric else ""))
    return Verdict(claim.text, status, (head + ": " + "; ".join(how),))


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
    sym = next(iter(tools.assumed(claim, claim.parameters[0].symbol).free_symbols))
    facts = [k for k in ("positive", "negative", "nonnegative", "nonpositive") if sym.assumptions0.get(k)]
    return f"{sym.name} {facts[0]}" if facts else f"{sym.name} real"


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


def _ball(u: float, v: float) -> arb:
    return arb(u) if u == v else arb.union(arb(u), arb(v))


def _good(ball, strict: bool) -> bool:
    return isinstance(ball, arb) and ball.is_finite() and (ball > 0 if strict else ball >= 0)


def _cover_piece(e: sp.Expr, p: sp.Symbol, lo: sp.Expr, hi: sp.Expr, box: tuple[float, float], strict: bool,
                 forms: Forms, cells_left: list[int]) -> _Result:
    """h = e ≥ 0 (> 0) on the closure of (lo, hi) × box: tails, then branch and bound."""
    current = [arb(0)]
    try:
        fn = compile_expr(e, X, "arb_box", {p: lambda: current[0]})
        smooth = not e.has(*_NOT_SMOOTH)  # the mean-value form needs h to be C1 on every cell
        dx = compile_expr(sp.diff(e, X), X, "arb_box", {p: lambda: current[0]}) if smooth and e.has(X) else None
        dp = compile_expr(sp.diff(e, p), X, "arb_box", {p: lambda: current[0]}) if smooth and e.has(p) else None
    except Unsupported as exc:
        return _Result(False, why=f"cannot evaluate with interval arithmetic ({exc})")
    parts = []
    failed = ""
    a = _down(lo) if lo.is_finite else None
    b = _up(hi) if hi.is_finite else None
    for direction in (-1, 1):
        if (direction < 0 and a is not None) or (direction > 0 and b is not None):
            continue
        inner = b if direction < 0 else a  # the tail must start inside the window (x = ±R is a cell end)
        starts = [R for R in TAIL_STARTS if inner is None or (R > inner if direction > 0 else -R < inner)] \
            or [int(abs(inner)) + 1 + R for R in TAIL_STARTS]
        found = _tail(e, p, box, direction, strict, forms, starts)
        if found is None:  # no proof; the scan below may still find a counterexample
            failed = failed or (f"no tail bound in x {'below' if direction < 0 else 'above'} "
                                f"±{starts[-1]} for {p.name} in the box (half-line interval arithmetic)")
            found = (starts[-1], "")
        R, text = found
        parts.append(text)
        if direction < 0:
            a = -float(R)
        else:
            b = float(R)

    def value(xu, xv, pu, pv, f):
        with arb_precision(_PREC):
            current[0] = _ball(pu, pv)
            try:
                out = f(_ball(xu, xv))
            except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
                return None
        return out if isinstance(out, arb) and out.is_finite() else None

    worst = _scan(value, fn, a, b, box)
    if worst is not None:
        return _Result(False, why="h < 0 on the scan grid", bad=worst)
    if failed:
        return _Result(False, why=failed)
    stack = [(a, b, box[0], box[1])]
    count = 0
    undecided: list[tuple[float, float, float, float]] = []
    while stack:
        xu, xv, pu, pv = stack.pop()
        count += 1
        cells_left[0] -= 1
        if cells_left[0] < 0:
            return _Result(False, why=f"the cover stopped after {MAX_CELLS} cells (x ∈ [{_fmt(xu)}, {_fmt(xv)}], "
                                      f"{p.name} ∈ [{_fmt(pu)}, {_fmt(pv)}] undecided)")
        whole = value(xu, xv, pu, pv, fn)
        if whole is not None and _good(whole, strict):
            continue
        xm, pm = (xu + xv) / 2, (pu + pv) / 2
        centre = value(xm, xm, pm, pm, fn)
        if centre is not None and (centre < 0 or (strict and centre.is_exact() and centre == 0)):
            return _Result(False, why="h < 0 at a cell centre", bad=(xm, pm))
        gx = value(xu, xv, pu, pv, dx) if dx is not None else (arb(0) if smooth else None)
        gp = value(xu, xv, pu, pv, dp) if dp is not None else (arb(0) if smooth else None)
        if centre is not None and gx is not None and gp is not None:
            with arb_precision(_PREC):
                low = centre - abs(gx) * (arb(xv) - arb(xu)) / 2 - abs(gp) * (arb(pv) - arb(pu)) / 2
            if _good(low, strict):
                continue
        wx, wp = xv - xu, pv - pu
        if max(wx, wp) < _SMALLEST * (1 + abs(xu) + abs(pu)):
            # left undecided; the search goes on (a counterexample elsewhere still refutes)
            undecided.append((xu, xv, pu, pv))
            if len(undecided) >= _MOST_UNDECIDED:
                break
            continue
        # split the side that contributes more to the mean-value error (the wider one without it)
        ex = float(abs(gx).upper()) * wx if gx is not None else wx
        ep = float(abs(gp).upper()) * wp if gp is not None else wp
        if wp == 0 or (wx > 0 and ex >= ep):
            stack += [(xm, xv, pu, pv), (xu, xm, pu, pv)]
        else:
            stack += [(xu, xv, pm, pv), (xu, xv, pu, pm)]
    if undecided:
        xu, xv, pu, pv = undecided[0]
        return _Result(False, why=f"{len(undecided)}{'+' if stack else ''} cell(s) of width < 2^-40 undecided, e.g. "
                                  f"x ∈ [{_fmt(xu)}, {_fmt(xv)}], {p.name} ∈ [{_fmt(pu)}, {_fmt(pv)}] "
                                  "(a touching point, or an open end where h is not defined)")
    parts.insert(0, f"arb branch and bound over (x, {p.name}) cells on [{_fmt(a)}, {_fmt(b)}] × "
                    f"[{_fmt(box[0])}, {_fmt(box[1])}] ({count} cells, mean-value form)")
    return _Result(True, "; ".join(parts))


def _scan(value, fn, a: float, b: float, box: tuple[float, float], k: int = 24):
    """The grid point (x, p) of a k × k scan where h is certainly most negative, or None."""
    worst, at = None, None
    for i in range(k):  # cell centres: inside an open range or interval
        x = a + (b - a) * (i + 0.5) / k
        for j in range(k):
            q = box[0] + (box[1] - box[0]) * (j + 0.5) / k
            v = value(x, x, q, q, fn)
            if v is not None and v < 0 and (worst is None or v.mid() < worst):
                worst, at = v.mid(), (x, q)
    return at


def _tail(e: sp.Expr, p: sp.Symbol, box: tuple[float, float], direction: int, strict: bool, forms: Forms,
          starts: list[int]):
    """(R, text) when e ≥ 0 (> 0) for every x beyond ±R and every p in the box."""
    current = [None]

    def compiled(expr):
        out = []
        for form in forms.of(expr):
            try:
                out.append(compile_expr(form, X, "halfline", {p: lambda: current[0]}))
            except Unsupported:
                continue
        return out

    def holds(fns, region, strict_):
        for k in (1, 4, 16, 64):
            ok = True
            for j in range(k):
                u = box[0] + (box[1] - box[0]) * j / k
                v = box[0] + (box[1] - box[0]) * (j + 1) / k if j + 1 < k else box[1]
                with arb_precision(_PREC):
                    current[0] = XInterval(arb(u), arb(v), False, False)
                    if not any(_tail_good(fn, region, strict_) for fn in fns):
                        ok = False
                        break
            if ok:
                return k
        return None

    values, slopes = compiled(e), None
    for R in starts:
        region = XInterval.from_ray(arb(R) if direction > 0 else -arb(R), direction)
        side = f"[{R}, ∞)" if direction > 0 else f"(-∞, -{R}]"
        k = holds(values, region, strict)
        if k is not None:
            return R, f"x in {side}: half-line interval arithmetic, {p.name} in {k} sub-box(es)"
        # monotone: h moves away from the window's end value, which the cells cover (x = ±R included)
        if slopes is None:
            slopes = compiled(direction * sp.diff(e, X))
        k = holds(slopes, region, False)
        if k is not None:
            return R, (f"x in {side}: {'∂h/∂x' if direction > 0 else '-∂h/∂x'} ≥ 0 by half-line interval "
                       f"arithmetic ({p.name} in {k} sub-box(es)), so h ≥ h({'' if direction > 0 else '-'}{R}, "
                       f"{p.name}), covered by the cells")
    return None


def _tail_good(fn, region: XInterval, strict: bool) -> bool:
    try:
        out = fn(region)
    except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
        return False
    if not isinstance(out, XInterval) or out.lo is None:
        return False
    return bool(out.lo > 0) or (out.lo == 0 and (out.lo_strict or not strict))


def _counterexample(claim: Claim, body: Relation, p: sp.Symbol, xm: float, pm: float, tools: Tools):
    """Both sides enclosed at exact (x, p) near a cell centre, in the wrong order; p must
    satisfy the claim's condition and x lie in the claim's interval."""
    for digits in (6, 12, 20):
        t = sp.nsimplify(sp.Rational(mpmath.nstr(mpmath.mpf(xm), digits)), rational=True)
        v = sp.Rational(mpmath.nstr(mpmath.mpf(pm), digits))
        if claim.parameters[0].condition.subs(p, v) is not sp.true or not tools.inside(t, body.region):
            continue
        try:
            fl, fr = compile_expr(body.lhs.subs(p, v), X, "arb"), compile_expr(body.rhs.subs(p, v), X, "arb")
        except Unsupported:
            return None
        found = tools.certify(fl, fr, body.rel, t, {p.name: v})
        if found is not None:
            return found
    return None
