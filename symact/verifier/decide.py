r"""Deciding a claim: proved, certified, refuted (with a certified counterexample) or unknown.

Every claim first meets a **counterexample search**: both sides are enclosed with arb at a
fixed grid of exact rational points (and, for inequalities, at points refined towards the worst
violation by golden-section search); a point where the enclosures are disjoint in the wrong
order refutes the claim. Only then is a proof attempted:

* **identities** ``f == g``: the zero test on every piece of f − g (``simplify`` of the exp/erf
  form under the work budget), else "(f − g)′ ≡ 0 and f − g = 0 at a point";
* **inequalities** ``f <= g`` on I: the sign structure of g − f on every piece of I
  (:func:`symact.prove.signs.sign_structure`: signs proved from the structure of the expression,
  or arb branch and bound with exact roots and tails), plus its exact values at breakpoints and
  closed ends;
* **bounds** ``sup(E) <= c``: a rigorous enclosure of the supremum (local maxima from the
  sign structure of E′, values at the ends, limits at ±∞, and interval enclosures of E over
  every part left undecided) compared with c;
* **limits, ranges, extrema, properties**: the corresponding fact of the profile of E, whose
  method the verdict inherits.

Parameters bounded by ``for …:`` are proved symbolically under SymPy assumptions; without a
proof a claim with parameters can be refuted (at a sampled parameter value) but never certified.
"""
from __future__ import annotations

import itertools

import mpmath
import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.errors import DomainError, ParseError
from ..core.methods import Method
from ..core.symbols import X
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from ..numeric.numbers import arb_to_mpf, exact_number, sign_of
from ..prove.forms import Forms
from ..prove.limits import Limits
from ..prove.pieces import split
from ..prove.signs import sign_structure
from ..prove.tails import ray, region_enclosure
from ..prove.zero import constant_is_zero, function_is_zero
from ..parse import shorten
from .boxes import Tools, parameter_inequality
from .claims import (ApproxExtremum, Bound, Claim, LimitClaim, PropertyClaim, RangeClaim, Region,
                     Relation)
from .verdicts import Counterexample, Status, Verdict

NEG_OO, OO = sp.S.NegativeInfinity, sp.oo
_PRECISIONS = (128, 512, 2048)


def decide(claim: Claim) -> Verdict:
    try:
        return _decide(claim)
    except RecursionError:
        raise ParseError("the claim's expressions are nested too deeply") from None


def _decide(claim: Claim) -> Verdict:
    budget = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
    body = claim.body
    if isinstance(body, Relation):
        return _relation(claim, body, budget)
    if isinstance(body, Bound):
        return _bound(claim, body, budget)
    if isinstance(body, PropertyClaim) and body.iff is not None:
        return smoothness_iff(claim, body, budget)
    if isinstance(body, LimitClaim) and body.variable is not None:
        return parameter_limit(claim, body, budget)
    from .vector_claims import VectorClaim, vector_claim
    if isinstance(body, VectorClaim):
        return vector_claim(claim)
    if claim.parameters:
        raise ParseError("parameter conditions ('for ...:') apply to identities, inequalities and 'iff' claims")
    if isinstance(body, LimitClaim):
        return _limit(claim, body, budget)
    from .facts import approx_extremum, property_claim, range_claim
    if isinstance(body, RangeClaim):
        return range_claim(claim, body)
    if isinstance(body, ApproxExtremum):
        return approx_extremum(claim, body)
    if isinstance(body, PropertyClaim):
        return property_claim(claim, body)
    raise ParseError("unsupported claim")  # pragma: no cover


# -- points and enclosures ---------------------------------------------------------------------

def scan_points(region: Region) -> list[sp.Rational]:
    """A fixed grid of exact rationals inside ``region``: dense near 0, geometric far out."""
    near = [sp.Rational(k, 8) for k in range(-96, 97)]
    far = []
    for m in (14, 16, 20, 25, 30, 40, 50, 70, 100, 200, 500, 10**3, 10**4, 10**5, 10**6, 10**8, 10**12):
        far += [sp.Integer(m), sp.Integer(-m)]
    lo, hi = region.lo, region.hi
    if lo.is_finite and hi.is_finite:
        width = hi - lo
        pts = [lo + width * sp.Rational(k, 240) for k in range(1, 240)]
        pts = [sp.nsimplify(sp.N(p, 40), rational=True) if not p.is_Rational else p for p in pts]
    else:
        pts = near + far
        if lo.is_finite:
            base = lo if lo.is_Rational else sp.nsimplify(sp.N(lo, 40), rational=True)
            pts += [base + sp.Rational(k, 16) for k in range(1, 64)]
        if hi.is_finite:
            base = hi if hi.is_Rational else sp.nsimplify(sp.N(hi, 40), rational=True)
            pts += [base - sp.Rational(k, 16) for k in range(1, 64)]
    if region.lo_closed:
        pts.append(lo)
    if region.hi_closed:
        pts.append(hi)
    kept = [p for p in set(pts) if inside(p, region)]
    return sorted(kept, key=lambda p: (mpmath.mpf(int(p.p)) / int(p.q)) if p.is_Rational else mpmath.mpf(sp.N(p, 30)))


def inside(p: sp.Expr, region: Region) -> bool:
    """p lies in the region (its closed ends included)."""
    lo_ok = p > region.lo if not region.lo_closed else p >= region.lo
    hi_ok = p < region.hi if not region.hi_closed else p <= region.hi
    return bool(lo_ok) and bool(hi_ok)


def _compiled(expr: sp.Expr):
    try:
        return compile_expr(expr, X, "arb")
    except Unsupported:
        return None


def _ball(fn, t: sp.Expr, bits: int) -> arb | None:
    with arb_precision(bits):
        try:
            point = arb(int(t.p)) / int(t.q) if t.is_Rational else compile_expr(t, X, "arb")(arb(0))
            value = fn(point)
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
    return value if isinstance(value, arb) and value.is_finite() else None


def _text(ball: arb) -> tuple[str, str]:
    """The ball's ends in decimal, rounded outward (the texts still enclose the value)."""
    return _bound_text(arb_to_mpf(ball, False), False, 25), _bound_text(arb_to_mpf(ball, True), True, 25)


def _violated(rel: str, a: arb, b: arb) -> bool:
    """Certainly ``not (a rel b)`` for the balls a, b."""
    if rel == "==":
        return bool(a < b) or bool(a > b)
    if rel == "!=":
        return a.is_exact() and b.is_exact() and a == b
    if rel == "<=":
        return bool(a > b)
    if rel == "<":
        return bool(a > b) or (a.is_exact() and b.is_exact() and a == b)
    if rel == ">=":
        return bool(a < b)
    return bool(a < b) or (a.is_exact() and b.is_exact() and a == b)


def certify_counterexample(lhs, rhs, rel: str, t: sp.Expr, params: dict) -> Counterexample | None:
    """Both sides enclosed at the exact point t, in the wrong order for ``rel``."""
    for bits in _PRECISIONS:
        a, b = _ball(lhs, t, bits), _ball(rhs, t, bits)
        if a is None or b is None:
            return None
        if _violated(rel, a, b):
            return Counterexample(sp.sstr(t), _text(a), _text(b), {k: sp.sstr(v) for k, v in params.items()})
    return None


def equal_at(lhs: sp.Expr, rhs: sp.Expr, t: sp.Expr, budget: Budget) -> Counterexample | None:
    """A strict claim fails at the exact (irrational) point t when lhs(t) − rhs(t) = 0 is proved
    by the zero test (swish(x) > −W(1/e) at x = −1 − W(1/e)); both sides enclosed there."""
    z = constant_is_zero((lhs - rhs).subs(X, t), budget)
    if z.value is not True or not z.method.certain:
        return None
    a, b = const_arb(lhs.subs(X, t), 256), const_arb(rhs.subs(X, t), 256)
    if a is None or b is None:
        return None
    return Counterexample(sp.sstr(t), _text(a), _text(b), {}, f"lhs - rhs = 0: {z.evidence}")


def _mid(ball: arb | None) -> mpmath.mpf | None:
    if ball is None:
        return None
    with mpmath.workdps(40):
        return mpmath.mpf(ball.mid().str(35, radius=False))


def search_counterexample(lhs: sp.Expr, rhs: sp.Expr, rel: str, region: Region, params: dict
                          ) -> tuple[Counterexample | None, str]:
    """A certified counterexample on the grid or near the worst sampled point, and a line of
    numeric evidence (the largest violation, or the largest |lhs − rhs|, seen)."""
    fl, fr = _compiled(lhs), _compiled(rhs)
    if fl is None or fr is None:
        return None, "the sides cannot be evaluated with interval arithmetic"
    points = scan_points(region)
    scores = []
    check_defined([lhs, rhs], region)
    for t in points:
        a, b = _ball(fl, t, 128), _ball(fr, t, 128)
        if a is None or b is None:
            continue
        if _violated(rel, a, b):
            found = certify_counterexample(fl, fr, rel, t, params)
            if found is not None:
                return found, ""
        scores.append((_score(rel, _mid(a), _mid(b)), t))
    if not scores:
        return None, "no sample point could be evaluated"
    order = sorted(range(len(scores)), key=lambda i: -scores[i][0])
    positions = {t: i for i, (_, t) in enumerate(scores)}
    if rel in ("<=", "<", ">=", ">"):
        for i in order[:3]:
            t = scores[i][1]
            j = positions[t]
            lo_t = scores[j - 1][1] if j > 0 else t - 1
            hi_t = scores[j + 1][1] if j + 1 < len(scores) else t + 1
            best = _golden(lambda s: _score(rel, _mid(_ball(fl, s, 128)), _mid(_ball(fr, s, 128))), lo_t, hi_t)
            if best is not None and inside(best, region):
                found = certify_counterexample(fl, fr, rel, best, params)
                if found is not None:
                    return found, ""
                scores.append((_score(rel, _mid(_ball(fl, best, 128)), _mid(_ball(fr, best, 128))), best))
    worst = max(scores, key=lambda s: s[0])
    with mpmath.workdps(20):
        if rel in ("==", "!="):
            return None, f"max |lhs - rhs| over {len(scores)} sample points: {mpmath.nstr(worst[0], 3)}"
        return None, f"largest lhs - rhs seen (in the direction that would refute): {mpmath.nstr(worst[0], 6)} " \
                     f"at x = {mpmath.nstr(mpmath.mpf(sp.N(worst[1], 20)), 12)} ({len(scores)} points)"


def _undefined(e: sp.Expr, t: sp.Rational) -> bool:
    """e is not a real number at the exact point t: mpmath (30 digits) gives a complex value, an
    infinity, or a domain error there. A value arb could not enclose because it is huge
    (exp(exp(exp(x)))) is defined, and is not reported."""
    try:
        fn = compile_expr(e, X, "mpmath")
        with mpmath.workdps(30):
            value = fn(mpmath.mpf(int(t.p)) / int(t.q))
    except (ZeroDivisionError, ValueError):
        return True
    except Exception:  # noqa: BLE001 - anything else: not decided, so not called undefined
        return False
    if isinstance(value, mpmath.mpc):
        return value.imag != 0
    try:
        return not mpmath.isfinite(value)
    except TypeError:
        return False


def check_defined(sides: list[sp.Expr], region: Region) -> None:
    """Raise a one-line :class:`DomainError` when a side is not real at a grid point of the region."""
    compiled = [(side, _compiled(side)) for side in sides]
    checked = 0
    for t in scan_points(region):
        for side, fn in compiled:
            if fn is None or checked >= 12:
                continue
            if _ball(fn, t, 128) is None:
                checked += 1
                if _undefined(side, t):
                    raise DomainError(f"{shorten(sp.sstr(side), 40)} is not a real number at x = {sp.sstr(t)} "
                                      f"(inside the claim's interval)")


def _score(rel: str, a, b) -> mpmath.mpf:
    if a is None or b is None:
        return mpmath.mpf("-inf")
    with mpmath.workdps(40):
        if rel in ("==", "!="):
            return abs(a - b)
        return a - b if rel in ("<=", "<") else b - a


def _golden(score, lo: sp.Rational, hi: sp.Rational) -> sp.Rational | None:
    """Golden-section search for the largest score on [lo, hi] (30 digits), as a rational."""
    with mpmath.workdps(40):
        a, b = mpmath.mpf(sp.N(lo, 40)), mpmath.mpf(sp.N(hi, 40))
        g = (mpmath.sqrt(5) - 1) / 2
        c, d = b - g * (b - a), a + g * (b - a)

        def at(v):
            return score(sp.Rational(mpmath.nstr(v, 35)))

        fc, fd = at(c), at(d)
        for _ in range(90):
            if fc >= fd:
                b, d, fd = d, c, fc
                c = b - g * (b - a)
                fc = at(c)
            else:
                a, c, fc = c, d, fd
                d = a + g * (b - a)
                fd = at(d)
            if b - a < mpmath.mpf(10) ** -28 * (1 + abs(a)):
                break
        return sp.Rational(mpmath.nstr((a + b) / 2, 32))


# -- parameters ----------------------------------------------------------------------------------

_PARAMETER_SAMPLES = [sp.Rational(v) for v in ("1", "1/2", "2", "3/10", "5/2", "7", "1/10", "0", "-1/2",
                                                "-2", "-7", "13/4", "100", "1/100")]


def parameter_samples(claim: Claim, most: int = 3) -> list[dict]:
    """Parameter values (exact) that satisfy the claim's conditions: a few per parameter."""
    if not claim.parameters:
        return [{}]
    out: list[dict] = []
    names = [p.symbol for p in claim.parameters]
    cond = sp.And(*[p.condition for p in claim.parameters])
    for i, v in enumerate(_PARAMETER_SAMPLES):
        values = {s: _PARAMETER_SAMPLES[(i + 3 * j) % len(_PARAMETER_SAMPLES)] if j else v for j, s in enumerate(names)}
        if cond.subs(values) is sp.true:
            out.append(values)
        if len(out) >= most:
            break
    if not out and len(names) > 1:  # every combination of the samples, in a fixed order, spaced out
        found = [dict(zip(names, combo)) for combo in itertools.islice(
            itertools.product(_PARAMETER_SAMPLES, repeat=len(names)), 5000) if cond.subs(dict(zip(names, combo))) is sp.true]
        out = [found[k * (len(found) - 1) // max(most - 1, 1)] for k in range(most)] if found else []
        out = [dict(t) for t in dict.fromkeys(tuple(d.items()) for d in out)]
    if not out:
        raise ParseError("no parameter value satisfying the conditions was found to test")
    return out


def assumed(claim: Claim, expr: sp.Expr) -> sp.Expr:
    """``expr`` with each parameter replaced by a symbol carrying what its condition implies
    (positive, negative, nonnegative), so SymPy's simplifier may use it."""
    swap = {}
    for p in claim.parameters:
        s = p.symbol
        conds = p.condition.args if isinstance(p.condition, sp.And) else (p.condition,)
        facts = {}
        for c in conds:
            if not isinstance(c, sp.core.relational.Relational) or c.has(X):
                continue
            lhs, rhs = (c.lhs, c.rhs) if c.lhs == s else (c.rhs, c.lhs) if c.rhs == s else (None, None)
            if lhs is None or not rhs.is_number:
                continue
            op = c.rel_op if c.lhs == s else {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(c.rel_op, c.rel_op)
            if op in (">", ">=") and rhs >= 0:
                facts["positive" if (op == ">" or rhs > 0) else "nonnegative"] = True
            if op in ("<", "<=") and rhs <= 0:
                facts["negative" if (op == "<" or rhs < 0) else "nonpositive"] = True
        swap[s] = sp.Symbol(s.name, real=True, **facts)
    return expr.subs(swap)


# -- identities and inequalities -----------------------------------------------------------------

def _relation(claim: Claim, body: Relation, budget: Budget) -> Verdict:
    evidence: list[str] = []
    for values in parameter_samples(claim):
        lhs, rhs = body.lhs.subs(values), body.rhs.subs(values)
        found, seen = search_counterexample(lhs, rhs, body.rel, body.region,
                                            {s.name: v for s, v in values.items()})
        if found is not None:
            return Verdict(claim.text, Status.REFUTED, ("a certified counterexample (arb enclosures of both sides)",),
                           found)
        if seen and seen not in evidence:
            evidence.append(seen)
    if body.rel == "!=":
        return _not_equal(claim, body, budget, evidence)
    if body.rel == "==":
        return _identity(claim, body, budget, evidence)
    if claim.parameters:
        samples = ("no counterexample at sampled parameter values "
                   + ", ".join("{" + ", ".join(f"{s} = {v}" for s, v in vals.items()) + "}"
                               for vals in parameter_samples(claim)))
        return parameter_inequality(claim, body, budget, [samples, *evidence],
                                    Tools(assumed, clip, inside, certify_counterexample))
    return _inequality(claim, body, budget, evidence)


def _identity(claim: Claim, body: Relation, budget: Budget, evidence: list[str]) -> Verdict:
    g = assumed(claim, body.lhs - body.rhs)
    evidence = list(dict.fromkeys(evidence))
    try:
        pieces = split(g, X, budget)
    except Exception as exc:  # noqa: BLE001 - a split that cannot be made is no proof
        return Verdict(claim.text, Status.UNKNOWN, (f"cannot split into pieces: {exc}", *evidence))
    how = []
    for p in pieces.pieces:
        lo, hi = clip(p.lo, p.hi, body.region)
        if lo is None:
            continue
        z = function_is_zero(p.expr, X, lo, hi, budget)
        if z.value is True and z.method is Method.PROVED:
            how.append(z.evidence)
            continue
        if z.value is False and z.method.certain:
            return Verdict(claim.text, Status.REFUTED, (f"lhs - rhs is not 0 on ({sp.sstr(lo)}, {sp.sstr(hi)}): {z.evidence}",))
        d = function_is_zero(sp.diff(p.expr, X), X, lo, hi, budget) if p.expr.has(X) else None
        if d is not None and d.value is True and d.method is Method.PROVED:
            t = _rationalinside(lo, hi)
            at = constant_is_zero(p.expr.subs(X, t), budget)
            if at.value is True and at.method.certain:
                how.append(f"(lhs - rhs)' {d.evidence}, and lhs - rhs = 0 at x = {t} ({at.evidence})")
                continue
        return Verdict(claim.text, Status.UNKNOWN, (f"no symbolic proof on ({sp.sstr(lo)}, {sp.sstr(hi)}): {z.evidence}",
                                                    *evidence))
    for c, value in zip(pieces.breakpoints, pieces.values):
        if inside(c, body.region):
            z = constant_is_zero(value, budget)
            if not (z.value is True and z.method.certain):
                return Verdict(claim.text, Status.UNKNOWN if z.value is not False else Status.REFUTED,
                               (f"at the breakpoint x = {sp.sstr(c)}: lhs - rhs = {sp.sstr(value)} ({z.evidence})",))
            how.append(f"0 at the breakpoint {sp.sstr(c)}")
    where = "" if body.region.text() == "ℝ" else f" on {body.region.text()}"
    every = " for every parameter value allowed (SymPy, under the parameters' assumptions)" if claim.parameters else ""
    return Verdict(claim.text, Status.PROVED, (f"lhs - rhs ≡ 0{where}{every}: " + "; ".join(dict.fromkeys(how)),))


def _not_equal(claim: Claim, body: Relation, budget: Budget, evidence: list[str]) -> Verdict:
    for values in parameter_samples(claim):
        found, _ = search_counterexample(body.lhs.subs(values), body.rhs.subs(values), "==", body.region, {})
        if found is not None:
            return Verdict(claim.text, Status.CERTIFIED, ("the sides differ at a point: " + found.text(),))
    same = _identity(claim, Relation(body.lhs, "==", body.rhs, body.region), budget, evidence)
    if same.status is Status.PROVED:
        return Verdict(claim.text, Status.REFUTED, ("the sides are identical: " + same.evidence[0],))
    return Verdict(claim.text, Status.UNKNOWN, ("no point where the sides differ was found", *evidence))


def clip(lo: sp.Expr, hi: sp.Expr, region: Region):
    """The open interval (lo, hi) ∩ region, or (None, None) when empty."""
    a = lo if bool(lo >= region.lo) else region.lo
    b = hi if bool(hi <= region.hi) else region.hi
    if bool(a >= b):
        return None, None
    return a, b


def _rationalinside(lo: sp.Expr, hi: sp.Expr) -> sp.Rational:
    if lo.is_infinite and hi.is_infinite:
        return sp.Rational(3, 7)
    if lo.is_infinite:
        return sp.floor(hi) - 1 if hi.is_Rational else sp.Integer(int(sp.floor(sp.N(hi, 30)))) - 1
    if hi.is_infinite:
        return sp.ceiling(lo) + 1 if lo.is_Rational else sp.Integer(int(sp.ceiling(sp.N(lo, 30)))) + 1
    return sp.nsimplify(sp.N((lo + hi) / 2, 30), rational=True)


def _inequality(claim: Claim, body: Relation, budget: Budget, evidence: list[str]) -> Verdict:
    rel = body.rel
    h = body.rhs - body.lhs if rel in ("<=", "<") else body.lhs - body.rhs
    strict = rel in ("<", ">")
    try:
        pieces = split(h, X, budget)
    except Exception as exc:  # noqa: BLE001
        return Verdict(claim.text, Status.UNKNOWN, (f"cannot split into pieces: {exc}", *evidence))
    forms, limits = Forms(budget), Limits(X, budget)
    methods: list[Method] = []
    how: list[str] = []
    undecided: list[str] = []
    fl, fr = _compiled(body.lhs), _compiled(body.rhs)
    for p in pieces.pieces:
        lo, hi = clip(p.lo, p.hi, body.region)
        if lo is None:
            continue
        where = f"({sp.sstr(lo)}, {sp.sstr(hi)})"
        if not p.expr.has(X):
            s = sign_of(exact_number(p.expr))
            if s is None:
                undecided.append(f"sign of the constant {sp.sstr(p.expr)} on {where}")
            elif s < 0 or (s == 0 and strict):
                t = _rationalinside(lo, hi)
                found = certify_counterexample(fl, fr, rel, t, {}) if fl and fr else None
                return Verdict(claim.text, Status.REFUTED, (f"the difference is the constant {sp.sstr(p.expr)} on {where}",),
                               found)
            methods.append(Method.PROVED)
            continue
        st = sign_structure(p.expr, X, lo, hi, budget, forms, limits)
        how.append(st.evidence)
        bad = _wrong_sign_point(st, lo, hi, strict)
        if bad is not None:
            found = certify_counterexample(fl, fr, rel, bad, {}) if fl and fr else None
            if found is None and strict and not bad.is_Rational:
                found = equal_at(body.lhs, body.rhs, bad, budget)
            if found is not None:
                return Verdict(claim.text, Status.REFUTED, ("the sign structure of the difference shows where it fails",),
                               found)
        roots, signs = list(st.roots), list(st.signs)
        for direction in (-1, 1):  # tails the search left undecided: the majorant bounds
            r = roots[0 if direction < 0 else -1] if roots else None
            if r is None or r.change != "?" or mpmath.isfinite(r.lo if direction < 0 else r.hi):
                continue
            start = r.hi if direction < 0 else r.lo
            tail = _tail_bound(p.expr, abs(float(start)), direction, forms) if start * direction > 0 else None
            if tail is not None and (tail[0] > 0 or (tail[0] >= 0 and not strict)):
                how.append(f"rhs - lhs beyond x = {mpmath.nstr(start, 6)} is ≥ {mpmath.nstr(tail[0], 6)} ({tail[2]})")
                if direction < 0:
                    roots, signs = roots[1:], signs[1:]
                else:
                    roots, signs = roots[:-1], signs[:-1]
        if any(r.change == "?" for r in roots) or any(s is None for s in signs):
            gaps = [f"[{mpmath.nstr(r.lo, 8)}, {mpmath.nstr(r.hi, 8)}]" for r in roots if r.change == "?"]
            undecided.append(f"sign of rhs - lhs on {where} undecided" + (f" in {', '.join(gaps[:4])}" if gaps else ""))
            continue
        if any(s < 0 for s in signs) or (strict and (roots or 0 in signs)):
            undecided.append(f"rhs - lhs is 0 or negative somewhere in {where}, but no certified counterexample was found")
            continue
        if st.method is Method.PROVED:
            m = Method.PROVED
        else:
            m = Method.CERTIFIED if all(r.certified and r.unique for r in roots) else Method.NUMERIC
        if m not in (Method.PROVED, Method.CERTIFIED):
            undecided.append(f"sign on {where} only {m}: a root enclosure may hold several roots")
            continue
        methods.append(m)
    for c, value in zip(pieces.breakpoints, pieces.values):
        if inside(c, body.region):
            s = _exact_sign(value, budget)
            if s is None:
                undecided.append(f"sign at the breakpoint {sp.sstr(c)}")
            elif s < 0 or (s == 0 and strict):
                found = certify_counterexample(fl, fr, rel, c, {}) if fl and fr else None
                return Verdict(claim.text, Status.REFUTED, (f"at the breakpoint x = {sp.sstr(c)} rhs - lhs = {sp.sstr(value)}",),
                               found)
    for end, closed in ((body.region.lo, body.region.lo_closed), (body.region.hi, body.region.hi_closed)):
        if closed and end not in pieces.breakpoints:
            value = _value_at(pieces, end)
            s = _exact_sign(value, budget) if value is not None else None
            if s is None:
                undecided.append(f"sign at the end x = {sp.sstr(end)}")
            elif s < 0 or (s == 0 and strict):
                found = certify_counterexample(fl, fr, rel, end, {}) if fl and fr else None
                return Verdict(claim.text, Status.REFUTED, (f"at the end x = {sp.sstr(end)}: rhs - lhs = {sp.sstr(value)}",), found)
    if undecided:
        return Verdict(claim.text, Status.UNKNOWN, ("; ".join(undecided), *evidence))
    status = Status.PROVED if all(m is Method.PROVED for m in methods) else Status.CERTIFIED
    return Verdict(claim.text, status, ("sign of rhs - lhs: " + "; ".join(dict.fromkeys(how)) if how else
                                        "the difference is a constant of the right sign",))


def _exact_sign(value: sp.Expr, budget: Budget) -> int | None:
    """The sign of a constant: from its arb enclosure, else 0 when the zero test proves it is
    exactly 0 (3σ(−3) + 3σ(3) − 3 at a touching breakpoint)."""
    s = sign_of(exact_number(value))
    if s is None:
        z = constant_is_zero(value, budget)
        if z.value is True and z.method.certain:
            return 0
    return s


def _value_at(pieces, t: sp.Expr) -> sp.Expr | None:
    for p in pieces.pieces:
        if bool(p.lo <= t) and bool(t <= p.hi):
            return p.expr.subs(X, t)
    return None


def _wrong_sign_point(st, lo, hi, strict: bool) -> sp.Expr | None:
    """An exact point inside a part where the structure shows a negative sign (or, for strict
    claims, an exact root)."""
    def exact(v, fallback):
        return fallback if not mpmath.isfinite(v) else sp.Rational(mpmath.nstr(v, 40))

    left = lo
    for i, s in enumerate(st.signs):
        root = st.roots[i] if i < len(st.roots) else None
        right = exact(root.lo, hi) if root is not None else hi
        if s is not None and s < 0:
            if left.is_infinite and right.is_infinite:
                return sp.Rational(3, 7)
            if left.is_infinite:
                return _rationalinside(NEG_OO, right)
            if right.is_infinite:
                return _rationalinside(left, OO)
            return _rationalinside(left, right)
        if root is not None:
            if strict and root.exact is not None and root.change != "?":
                return root.exact
            left = exact(root.hi, lo)
    return None


# -- sup / inf ------------------------------------------------------------------------------------

def _bound(claim: Claim, body: Bound, budget: Budget) -> Verdict:
    expr, c, rel = body.expr, body.bound, body.rel
    if claim.parameters:
        raise ParseError("sup/inf claims take fixed parameter values (--param NAME=VALUE)")
    if rel in ("==", "!="):
        raise ParseError("compare a sup or inf with <=, <, >= or >")
    # sup E <= c  ⟺  E <= c everywhere; the enclosure of sup E says more (how close, where)
    check_defined([expr], body.region)
    sign = 1 if body.kind == "sup" else -1
    enclosure = supremum(sign * expr, body.region, budget)
    lo, hi, method, where, notes = enclosure
    if lo is not None and sign < 0:
        lo, hi = -hi, -lo
    shown = (_bound_text(lo, False), _bound_text(hi, True)) if lo is not None and hi is not None else None
    at = mpmath.nstr(where, 12) if where is not None else None
    upper_claim = (body.kind == "sup" and rel in ("<=", "<")) or (body.kind == "inf" and rel in (">=", ">"))
    if lo is None or hi is None:
        return Verdict(claim.text, Status.UNKNOWN, ("no enclosure of the " + body.kind, *notes))
    bound = const_arb(c)
    if bound is None:
        return Verdict(claim.text, Status.UNKNOWN, (f"cannot enclose {sp.sstr(c)}", *notes))
    a, b = _exact_arb(lo), _exact_arb(hi)  # the enclosure's ends as exact balls; compared with certainty
    if rel == "<=":
        holds, fails = bool(b <= bound), bool(a > bound)
    elif rel == "<":
        holds, fails = bool(b < bound), bool(a >= bound) and not bool(a == bound) or bool(a > bound)
    elif rel == ">=":
        holds, fails = bool(a >= bound), bool(b < bound)
    else:
        holds, fails = bool(a > bound), bool(b < bound)
    certain = method in (Method.PROVED, Method.CERTIFIED)
    if holds and certain:
        return Verdict(claim.text, Status.CERTIFIED, tuple(notes), None, shown, at)
    if fails and certain:
        found = None
        if upper_claim and where is not None:
            t = sp.Rational(mpmath.nstr(where, 30))
            found = certify_counterexample(_compiled(expr), _compiled(sp.sympify(c)), rel, t, {})
        return Verdict(claim.text, Status.REFUTED, (f"the {body.kind} is enclosed on the wrong side of {sp.sstr(c)}", *notes),
                       found, shown, at)
    attained = _attained(expr, c, where, body.region, budget) if certain and upper_claim else None
    if attained is not None and rel in ("<", ">"):
        return Verdict(claim.text, Status.REFUTED, (f"the {body.kind} is attained and equals {sp.sstr(c)}: {attained}",
                                                    *notes), None, shown, at)
    if certain and rel in ("<=", ">=") and upper_claim:
        touching = _touching_bound(claim, body, budget)
        if touching is not None:
            lines = (touching, *([f"attained: {attained}"] if attained else []), *notes)
            return Verdict(claim.text, Status.CERTIFIED, lines, None, shown, at)
    return Verdict(claim.text, Status.UNKNOWN, (f"the {body.kind} is enclosed only {method}ly" if not certain else
                                                f"the enclosure of the {body.kind} contains {sp.sstr(c)}"
                                                + ("; the pointwise inequality it needs was not proved either"
                                                   if certain and rel in ("<=", ">=") else ""), *notes),
                   None, shown, at)


def _attained(expr: sp.Expr, c: sp.Expr, where, region: Region, budget: Budget) -> str | None:
    """E(t) = c exactly at a simple rational t near the numeric argmax (the zero test on
    E(t) − c), with t in the region; else None."""
    if where is None or not mpmath.isfinite(where):
        return None
    t = sp.Rational(mpmath.nstr(where, 15)).limit_denominator(64)
    if abs(float(t) - float(where)) > 1e-9 * (1 + abs(float(where))) or not inside(t, region):
        return None
    z = constant_is_zero(expr.subs(X, t) - c, budget)
    if z.value is True and z.method.certain:
        return f"E({sp.sstr(t)}) - {sp.sstr(c)} = 0 exactly ({z.evidence})"
    return None


def _touching_bound(claim: Claim, body: Bound, budget: Budget) -> str | None:
    """``sup E <= c`` whose enclosure contains c (the supremum may equal c): proved as the
    pointwise inequality E <= c on the region (``inf E >= c`` as E >= c), by the sign structure
    of c − E with its exact roots and exact values at breakpoints; sup |G| <= c as G <= c and
    −G <= c. The evidence of each part is returned, or None."""
    expr, c = body.expr, body.bound
    rel = "<=" if body.kind == "sup" else ">="
    parts = [expr.args[0], -expr.args[0]] if isinstance(expr, sp.Abs) and body.kind == "sup" else [expr]
    lines = []
    for part in parts:
        v = _inequality(claim, Relation(part, rel, c, body.region), budget, [])
        if v.status not in (Status.PROVED, Status.CERTIFIED):
            return None
        lines.append(f"{shorten(sp.sstr(part), 40)} {rel} {sp.sstr(c)}: {v.evidence[0]}")
    return (f"the enclosure of the {body.kind} touches {sp.sstr(c)}; E {rel} {sp.sstr(c)} holds at every x "
            "(so the bound holds, even if attained): " + "; ".join(lines))


def _exact_arb(v: mpmath.mpf) -> arb:
    """The mpmath number v as an exact arb ball: (−1)^sign · man · 2^exp (``man_exp`` drops the sign)."""
    if not mpmath.isfinite(v):
        return arb("inf") if v > 0 else -arb("inf")
    sign, man, exp, _ = v._mpf_
    with arb_precision(max(64, int(man).bit_length() + 8)):
        value = arb(int(man)) * arb(2) ** int(exp)
    return -value if sign else value


def const_arb(c: sp.Expr, bits: int = 512) -> arb | None:
    """An arb ball around the real constant c, or None when it cannot be enclosed finitely."""
    try:
        with arb_precision(bits):
            ball = compile_expr(sp.sympify(c), X, "arb")(arb(0))
    except (Unsupported, ValueError, ZeroDivisionError, TypeError):
        return None
    return ball if ball.is_finite() else None


def _bound_text(v: mpmath.mpf, upward: bool, digits: int = 20) -> str:
    """``v`` in decimal, rounded outward: the text is still a lower (upper) bound."""
    with mpmath.workdps(60):
        text = mpmath.nstr(v, digits, strip_zeros=False)
        shown = mpmath.mpf(text)
        if (upward and shown >= v) or (not upward and shown <= v) or v == 0:
            return text
        unit = mpmath.mpf(10) ** (int(mpmath.floor(mpmath.log10(abs(v)))) - digits + 1)
        return mpmath.nstr(shown + (unit if upward else -unit), digits, strip_zeros=False)


def supremum(expr: sp.Expr, region: Region, budget: Budget):
    """A rigorous enclosure ``(lo, hi, method, where, notes)`` of sup of ``expr`` over ``region``.

    ``sup |F| = max(sup F, sup(-F))``. For each piece: values at local maxima (roots of the
    derivative where it changes sign from + to −, enclosed with arb), values or limits at the
    ends, and an interval enclosure of the function over every part where the derivative's sign
    stayed undecided (an upper bound only)."""
    if isinstance(expr, sp.Abs):
        a = supremum(expr.args[0], region, budget)
        b = supremum(-expr.args[0], region, budget)
        return _max_enclosure([a, b])
    try:
        pieces = split(expr, X, budget)
    except Exception as exc:  # noqa: BLE001
        return None, None, Method.UNKNOWN, None, [f"cannot split into pieces: {exc}"]
    forms, limits = Forms(budget), Limits(X, budget)
    parts = []
    for p in pieces.pieces:
        lo, hi = clip(p.lo, p.hi, region)
        if lo is None:
            continue
        parts.append(_piece_supremum(p.expr, lo, hi, region, budget, forms, limits))
    for c, value in zip(pieces.breakpoints, pieces.values):
        if inside(c, region):
            b = _const_ball(value)
            if b is not None:
                parts.append((b[0], b[1], Method.CERTIFIED, mpmath.mpf(sp.N(c, 40)), []))
    return _max_enclosure(parts)


def _const_ball(value: sp.Expr):
    ball = const_arb(value, 256)
    return None if ball is None else (_lo(ball), _hi(ball))


def _lo(v: arb) -> mpmath.mpf:
    return arb_to_mpf(v, False)


def _hi(v: arb) -> mpmath.mpf:
    return arb_to_mpf(v, True)


def _max_enclosure(parts):
    parts = [p for p in parts if p is not None]
    parts = [(mpmath.mpf("-inf") if p[0] is None else p[0], *p[1:]) for p in parts]
    if not parts or any(p[1] is None for p in parts):
        notes = [n for p in parts for n in p[4]]
        return None, None, Method.UNKNOWN, None, notes or ["no part could be enclosed"]
    with mpmath.workdps(60):
        lo = max(p[0] for p in parts)
        hi = max(p[1] for p in parts)
        best = max(parts, key=lambda p: p[0])
    methods = [p[2] for p in parts]
    method = Method.CERTIFIED if all(m in (Method.PROVED, Method.CERTIFIED) for m in methods) else Method.NUMERIC
    notes = list(dict.fromkeys(n for p in parts for n in p[4]))
    return lo, hi, method, best[3], notes


def _piece_supremum(e: sp.Expr, lo, hi, region: Region, budget, forms, limits):
    """(lo, hi, method, where, notes) for sup of e over the open piece (lo, hi), ends included
    as limits. Candidates: local maxima (roots of e′ where it changes sign from + to −),
    interval enclosures over parts where the sign of e′ stayed undecided (tails included, by
    :func:`_tail_bound`), values at finite ends, limits at decided infinite ends."""
    fn = _compiled(e)
    if fn is None:
        return None, None, Method.UNKNOWN, None, ["cannot evaluate with interval arithmetic"]
    if not e.has(X):
        b = _const_ball(e)
        return (b[0], b[1], Method.CERTIFIED, None, []) if b else (None, None, Method.UNKNOWN, None, [])
    st = sign_structure(sp.diff(e, X), X, lo, hi, budget, forms, limits)
    notes = ["f′ of the bounded function: " + st.evidence]
    candidates = []  # (lo, hi, method, where)

    def fail(why: str):
        return None, None, Method.UNKNOWN, None, notes + [why]

    open_tails = set()
    for r in st.roots:
        if r.change == "?" and not (mpmath.isfinite(r.lo) and mpmath.isfinite(r.hi)):
            direction = -1 if not mpmath.isfinite(r.lo) else 1
            start = r.hi if direction < 0 else r.lo
            tail = _tail_bound(e, abs(float(start)), direction, forms) if start * direction > 0 else None
            if tail is None:
                return fail(f"no bound for f beyond x = {mpmath.nstr(start, 6)}")
            open_tails.add(direction)
            candidates.append((_point_value(fn, start), tail[1], Method.CERTIFIED, start))
            notes.append(f"f beyond x = {mpmath.nstr(start, 6)}: ∈ [{mpmath.nstr(tail[0], 6)}, {mpmath.nstr(tail[1], 6)}] "
                         f"({tail[2]})")
        elif r.change == "?":
            ball = _enclose_over(fn, r.lo, r.hi, pieces=16)
            if ball is None:
                return fail("an undecided region could not be enclosed")
            candidates.append((_point_value(fn, (r.lo + r.hi) / 2), ball[1], Method.CERTIFIED, (r.lo + r.hi) / 2))
        elif r.change == "+-":
            ball = _enclose_over(fn, r.lo, r.hi)
            if ball is None:
                return fail("a local maximum could not be enclosed")
            attained = ball[0] if r.certified else _point_value(fn, r.approx)
            candidates.append((attained, ball[1], Method.CERTIFIED, r.approx))
    if not st.roots and None in st.signs:
        return fail("the sign of f′ is undecided on the whole piece")
    for end, direction in ((lo, -1), (hi, 1)):
        if end.is_finite:
            b = _value_ball(fn, end)
            if b is None:
                return fail(f"cannot evaluate at x = {sp.sstr(end)}")
            candidates.append((b[0], b[1], Method.CERTIFIED, mpmath.mpf(sp.N(end, 40))))
        elif direction not in open_tails:
            lim = limits.at_infinity(e, direction)
            value = sp.sympify(lim.value) if lim.value is not None else None
            if value is not None and lim.method.certain and value.is_finite:
                b = _const_ball(value)
                if b is not None:
                    candidates.append((b[0], b[1], Method.CERTIFIED, None))
                    continue
            if value is not None and lim.method.certain and value is sp.S.NegativeInfinity:
                continue  # f → -∞ there: that end holds no part of the supremum
            if value is not None and lim.method.certain and value is sp.oo:
                return None, None, Method.CERTIFIED, None, notes + [f"f → ∞ at {'+' if direction > 0 else '-'}∞: "
                                                                   "the supremum is ∞"]
            R = st.window[0 if direction < 0 else 1] if st.window else 20.0 * direction
            tail = _tail_bound(e, abs(R), direction, forms)
            if tail is None:
                return fail(f"no limit or bound at {'+' if direction > 0 else '-'}∞ ({lim.method}: {lim.evidence})")
            candidates.append((tail[0], tail[1], Method.CERTIFIED, None))
    lo_v, hi_v, method, where, _ = _max_enclosure([(c[0], c[1], c[2], c[3], []) for c in candidates])
    if st.decided_method is Method.NUMERIC and any(r.change != "?" and not (r.certified and r.unique) for r in st.roots):
        method = Method.NUMERIC
    return lo_v, hi_v, method, where, notes


def _tail_bound(e: sp.Expr, R: float, direction: int, forms):
    """An enclosure (lo, hi, how) of e over the half-line beyond R, by half-line interval
    arithmetic or the tail majorants of :mod:`symact.prove.asymptotic`."""
    enc = region_enclosure(e, X, ray(R, direction), forms)
    if enc is not None and enc.lo is not None and enc.hi is not None:
        return _lo(enc.lo), _hi(enc.hi), "half-line interval arithmetic"
    from ..prove.asymptotic import tail_enclosure
    found = tail_enclosure(e, X, R, direction)
    if found is not None:
        return _lo(found[0]), _hi(found[1]), found[2]
    return None


def _enclose_over(fn, a: mpmath.mpf, b: mpmath.mpf, pieces: int = 1):
    """(lo, hi) of fn over [a, b], split into ``pieces`` equal parts."""
    if not (mpmath.isfinite(a) and mpmath.isfinite(b)):
        return None
    out_lo = out_hi = None
    with arb_precision(256):
        step = (b - a) / pieces
        for k in range(pieces):
            u, v = a + k * step, a + (k + 1) * step
            try:
                ball = fn(arb.union(arb(mpmath.nstr(u, 50)), arb(mpmath.nstr(v, 50))))
            except (Unsupported, ValueError, ZeroDivisionError):
                return None
            if not ball.is_finite():
                return None
            lo, hi = _lo(ball), _hi(ball)
            out_lo = lo if out_lo is None else min(out_lo, lo)
            out_hi = hi if out_hi is None else max(out_hi, hi)
    return out_lo, out_hi


def _point_value(fn, t: mpmath.mpf) -> mpmath.mpf | None:
    ball = _value_ball(fn, sp.Rational(mpmath.nstr(t, 40)))
    return ball[0] if ball else None


def _value_ball(fn, t: sp.Expr):
    b = _ball(fn, t if t.is_Rational else sp.nsimplify(sp.N(t, 50), rational=True), 256) if t.is_Rational else None
    if b is None and not t.is_Rational:
        with arb_precision(256):
            try:
                b = fn(compile_expr(t, X, "arb")(arb(0)))
            except (Unsupported, ValueError, ZeroDivisionError):
                b = None
    if b is None or not b.is_finite():
        return None
    return _lo(b), _hi(b)


# -- smoothness over a parameter range ------------------------------------------------------------

_NOT_ANALYTIC = (sp.Abs, sp.sign, sp.Heaviside, sp.Min, sp.Max, sp.Piecewise, sp.floor, sp.ceiling)


def smoothness_iff(claim: Claim, body: PropertyClaim, budget: Budget) -> Verdict:
    r"""``for P: E is C^k iff COND``. The pieces of E are analytic for every allowed parameter
    value, so E is C^k exactly where, at every breakpoint c, the jumps
    :math:`J_j = \lim_{x\to c^-} E^{(j)} - \lim_{x\to c^+} E^{(j)}` vanish for j ≤ k. The set of
    parameter values solving J_0 = … = J_k = 0 (SymPy's ``solveset`` over the allowed range) is
    compared with the set where COND holds."""
    if len(claim.parameters) != 1:
        return Verdict(claim.text, Status.UNKNOWN, ("'iff' claims are decided for one parameter",))
    p = claim.parameters[0].symbol
    k = 0 if body.prop == "continuous" else body.order
    if k is None:
        return Verdict(claim.text, Status.UNKNOWN, ("C^∞ 'iff' claims are not decided",))
    expr = assumed(claim, body.expr)
    sym = next((s for s in expr.free_symbols if s.name == p.name), p)
    try:
        pieces = split(expr, X, budget)
    except Exception as exc:  # noqa: BLE001
        return Verdict(claim.text, Status.UNKNOWN, (f"cannot split into pieces: {exc}",))
    if any(c.free_symbols for c in pieces.breakpoints):
        return Verdict(claim.text, Status.UNKNOWN, ("a breakpoint depends on the parameter",))
    if any(piece.expr.has(*_NOT_ANALYTIC) for piece in pieces.pieces):
        return Verdict(claim.text, Status.UNKNOWN, ("a piece is not analytic",))
    jumps, lines = [], []
    for j, c in enumerate(pieces.breakpoints):
        left, right = pieces.pieces[j].expr, pieces.pieces[j + 1].expr
        for order in range(k + 1):
            a = sp.diff(left, X, order).subs(X, c)
            b = sp.diff(right, X, order).subs(X, c)
            if a.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or b.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                return Verdict(claim.text, Status.UNKNOWN, (f"a one-sided limit at x = {c} is not finite",))
            jump = sp.simplify(a - b)
            jumps.append(jump)
            lines.append(f"x = {sp.sstr(c)}: f^({order}) jumps by {sp.sstr(jump)}")
    jumps = [jump.subs(sym, p) for jump in jumps]  # the sets are read over the real line of p
    sym = p
    domain_cond = sp.And(*[q.condition for q in claim.parameters])
    cond = body.iff

    def solve():
        domain = sp.solveset(domain_cond, sym, sp.S.Reals) if domain_cond is not sp.true else sp.S.Reals
        holds = domain
        for jump in jumps:
            if jump != 0:
                holds = holds.intersect(sp.solveset(sp.Eq(jump, 0), sym, sp.S.Reals))
        wanted = domain.intersect(sp.solveset(cond, sym, sp.S.Reals))
        return holds, wanted

    ok, sets = budget.run(solve, steps=settings.MEDIUM_STEPS)
    if not ok or any(isinstance(s_, (sp.ConditionSet, sp.ImageSet)) for s_ in sets):
        return Verdict(claim.text, Status.UNKNOWN, ("solveset could not decide the sets", *lines))
    holds, wanted = sets
    diff_a, diff_b = sp.Complement(holds, wanted), sp.Complement(wanted, holds)
    what = f"C^{k}" if body.prop == "C" else "continuous"
    summary = f"{what} exactly for {p.name} ∈ {sp.sstr(holds)}; the condition holds for {p.name} ∈ {sp.sstr(wanted)}"
    if diff_a is sp.S.EmptySet and diff_b is sp.S.EmptySet:
        return Verdict(claim.text, Status.PROVED, (summary, *lines))
    witness = _element(diff_a if diff_a is not sp.S.EmptySet else diff_b)
    if witness is not None:
        return Verdict(claim.text, Status.REFUTED, (summary, f"e.g. {p.name} = {sp.sstr(witness)}", *lines))
    return Verdict(claim.text, Status.UNKNOWN, (summary, "could not compare the sets", *lines))


def _element(s: sp.Set) -> sp.Expr | None:
    if isinstance(s, sp.FiniteSet):
        return sorted(s, key=sp.default_sort_key)[0]
    if isinstance(s, sp.Interval):
        if s.is_empty:
            return None
        lo, hi = s.start, s.end
        if lo.is_finite and hi.is_finite:
            return (lo + hi) / 2
        return (lo + 1) if lo.is_finite else (hi - 1) if hi.is_finite else sp.Integer(0)
    if isinstance(s, sp.Union):
        return _element(s.args[0])
    if isinstance(s, sp.Complement):
        return None
    return None


# -- a pointwise limit in a parameter -------------------------------------------------------------

def parameter_limit(claim: Claim, body: LimitClaim, budget: Budget) -> Verdict:
    """``for beta > 0: lim(E, beta, oo) == G``: for every fixed x, E → G(x). Decided for x < 0,
    x = 0 and x > 0 separately (x a SymPy symbol with that sign), by ``sympy.limit`` under the
    budget, and compared with G on the same case by the zero test."""
    from ..core.vocabulary import to_ground_truth
    p = body.variable
    expr = assumed(claim, body.expr)
    q = next((s for s in expr.free_symbols if s.name == p.name), p)  # the symbol carrying the assumptions
    cases = (("x < 0", sp.Symbol("x_neg", negative=True)), ("x = 0", sp.S.Zero), ("x > 0", sp.Symbol("x_pos", positive=True)))
    lines = []
    for label, xs in cases:
        e = to_ground_truth(expr.subs(X, xs))
        ok, value = budget.run(lambda e=e: sp.limit(e, q, body.point), steps=settings.CALL_STEPS)
        if not ok or value is None or value.has(sp.Limit, sp.nan, sp.AccumBounds):
            return Verdict(claim.text, Status.UNKNOWN, (f"no limit found for {label}", *lines))
        g = body.value.subs(X, xs)
        if isinstance(g, sp.Piecewise):
            g = sp.piecewise_fold(g).simplify()
        z = constant_is_zero(value - g, budget) if not (value - g).free_symbols else None
        if z is None:
            ok2, diff0 = budget.run(lambda d=value - g: sp.simplify(to_ground_truth(d)), steps=settings.MEDIUM_STEPS)
            same = ok2 and diff0 == 0
            if not same:
                t = sp.Integer(-1) if label == "x < 0" else sp.Integer(1)
                a = _const_ball(value.subs(xs, t)) if value.free_symbols else _const_ball(value)
                b = _const_ball(g.subs(xs, t)) if g.free_symbols else _const_ball(g)
                if a is not None and b is not None and (a[1] < b[0] or b[1] < a[0]):
                    return Verdict(claim.text, Status.REFUTED, (f"for {label} the limit is {_in_x(value, xs)}, "
                                                                f"not {_in_x(g, xs)} (they differ at x = {t})", *lines))
                return Verdict(claim.text, Status.UNKNOWN, (f"for {label} the limit is {_in_x(value, xs)}; "
                                                            f"could not compare with {_in_x(g, xs)}", *lines))
        elif not (z.value is True and z.method.certain):
            status = Status.REFUTED if z.value is False and z.method.certain else Status.UNKNOWN
            return Verdict(claim.text, status, (f"for {label} the limit is {_in_x(value, xs)}, the claim says "
                                                f"{_in_x(g, xs)}", *lines))
        lines.append(f"{label}: the limit is {_in_x(value, xs)}")
    return Verdict(claim.text, Status.PROVED, ("sympy limit for each sign of x, compared exactly: " + "; ".join(lines),))


def _in_x(e: sp.Expr, xs) -> str:
    return sp.sstr(e.subs(xs, X)) if isinstance(xs, sp.Symbol) else sp.sstr(e)


# -- limits ---------------------------------------------------------------------------------------

def _limit(claim: Claim, body: LimitClaim, budget: Budget) -> Verdict:
    """Limits are taken on the pieces of E (never on E at a breakpoint, where substitution would
    read the value there, not the limit): the first or last piece at ∓∞, and at a finite point
    the piece on each side of it."""
    limits = Limits(X, budget)
    try:
        pieces = split(body.expr, X, budget)
    except Exception as exc:  # noqa: BLE001
        return Verdict(claim.text, Status.UNKNOWN, (f"cannot split into pieces: {exc}",))
    if body.point.is_infinite:
        piece = pieces.pieces[-1] if body.point > 0 else pieces.pieces[0]
        got = [limits.at_infinity(piece.expr, 1 if body.point > 0 else -1)]
    else:
        sides = [body.side] if body.side else ["-", "+"]
        got = []
        for side in sides:
            c = body.point
            if side == "-":  # the piece just left of c: lo < c <= hi
                piece = next((p for p in pieces.pieces if bool(p.lo < c) and bool(c <= p.hi)), None)
            else:  # just right of c: lo <= c < hi
                piece = next((p for p in pieces.pieces if bool(p.lo <= c) and bool(c < p.hi)), None)
            if piece is None:
                return Verdict(claim.text, Status.UNKNOWN, (f"no piece at x = {sp.sstr(c)}",))
            got.append(limits.one_sided(piece.expr, c, side))
    texts = [f"{sp.sstr(k.value)} ({k.method}: {k.evidence})" for k in got]
    if any(k.value is None for k in got):
        return Verdict(claim.text, Status.UNKNOWN, ("limit not found: " + "; ".join(texts),))
    if not all(k.method.certain for k in got):
        return Verdict(claim.text, Status.UNKNOWN, ("the limit is only known numerically: " + "; ".join(texts),))
    verdicts = []
    for k in got:
        v = sp.sympify(k.value)
        if v.is_infinite or body.value.is_infinite:
            verdicts.append(v == body.value)
            continue
        z = constant_is_zero(v - body.value, budget)
        verdicts.append(z.value if z.method.certain else None)
    if all(v is True for v in verdicts):
        return Verdict(claim.text, Status.PROVED, ("the limit is " + "; ".join(texts),))
    if any(v is False for v in verdicts):
        return Verdict(claim.text, Status.REFUTED, ("the limit is " + "; ".join(texts),))
    return Verdict(claim.text, Status.UNKNOWN, ("could not compare: " + "; ".join(texts),))
