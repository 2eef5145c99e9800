r"""Certificates for inequalities over parameter boxes (kind ``box-cover``).

``for 1 <= beta <= 10: x*sigmoid(beta*x) >= -0.2785/beta`` is certified by a branch and bound
over (x, β) cells (:mod:`symact.verifier.boxes`). The certificate records, per piece of
:math:`h = \text{rhs} - \text{lhs}` (or lhs − rhs) in x and per breakpoint value:

* the window ``[a, b]`` in x and, for an infinite end, the tail from ±R (how: half-line interval
  arithmetic on h's values, or on ±∂h/∂x, with the box cut k times along every parameter);
* the **split tree** of the cover: a leaf ``{}`` (settled by the enclosure of h) or
  ``{"mean": 1}`` (by the mean-value form) is a cell
  :math:`[x_0, x_1] \times \prod_k [p_{k,0}, p_{k,1}]`; an inner node
  ``{"split": d, "at": t, "lo": …, "hi": …}`` cuts its cell at t along x (d = 0) or parameter d.

Replay re-parses the claim, rebuilds h, its pieces and the parameter box from the claim (not
from the record), checks that the recorded box contains the claim's box and the window its piece,
that every cut lies strictly inside its cell (so the leaves tile the root cell), that every leaf
satisfies the cell check (:class:`symact.verifier.boxes.CellCheck`: the arb enclosure of h, or
its mean-value form, is ≥ 0, > 0 when strict) and that each tail holds. A part proved by SymPy's
assumptions over an unbounded parameter range has no cover: replay says so ("not replayable").
"""
from __future__ import annotations

import sympy as sp

from ..core import settings
from ..core.budget import Budget
from ..core.symbols import X
from ..numeric.compile import Unsupported
from ..prove.forms import Forms
from ..prove.pieces import split
from .boxes import CellCheck, Tools, box_of, difference, cover_piece, parameter_inequality, tail_holds
from .claims import Claim, Relation
from .decide import assumed, certify_counterexample, clip, inside
from .record_certificates import structural_sign
from .verdicts import Verdict

KIND = "box-cover"
_MOST_NODES = 400_000


def _tools() -> Tools:
    return Tools(assumed, clip, inside, certify_counterexample)


def applies(verdict: Verdict, claim: Claim) -> bool:
    body = claim.body
    return (verdict.status.holds and bool(claim.parameters) and isinstance(body, Relation)
            and body.rel in ("<=", "<", ">=", ">"))


def build(claim: Claim) -> dict | None:
    """The ``box-cover`` entry for a proved or certified parameter inequality (the cover is run
    again, recording its split tree; parts proved by assumptions get a cover too when the box is
    bounded), or None."""
    body = claim.body
    record: dict = {}
    budget = Budget(settings.USER_STEPS, settings.CALL_STEPS)
    verdict = parameter_inequality(claim, body, budget, [], _tools(), record)
    if not verdict.status.holds or "parts" not in record:
        return None
    found = box_of(claim, budget)
    if not isinstance(found, str):  # parts proved by SymPy's assumptions: give them a cover arb can check
        symbols, closure, _ = found
        h, strict = difference(body)
        pieces = split(h, X, budget)
        forms = Forms(budget)
        for part in record["parts"]:
            if part.get("assumptions") and closure is None and _structural(claim, part, pieces, strict) is not None:
                part.pop("assumptions")  # an unbounded range: the sign from the expression's tree instead
                part["structural"] = True
            if not part.get("assumptions") or closure is None:
                continue
            e, lo, hi = _part_function(part, pieces, body)
            if e is None:
                continue
            tree: dict = {}
            if cover_piece(e, symbols, lo, hi, closure, strict, forms, [200_000], tree).done:
                part.pop("assumptions")
                part.update(tree)
    return {"kind": KIND, "box": record["box"], "parts": record["parts"]}


def _part_function(part: dict, pieces, body: Relation):
    """(h on the part, lo, hi): a piece given by ``on`` or a breakpoint value given by ``at``."""
    if "at" in part:
        for c, value in zip(pieces.breakpoints, pieces.values):
            if sp.sstr(c) == part["at"]:
                return value, c, c
        return None, None, None
    for p in pieces.pieces:
        lo, hi = clip(p.lo, p.hi, body.region)
        if lo is not None and [sp.sstr(lo), sp.sstr(hi)] == part["on"]:
            return p.expr, lo, hi
    return None, None, None


class _Failed(Exception):
    pass


def _structural(claim: Claim, part: dict, pieces, strict: bool) -> str | None:
    """What shows h ≥ 0 (> 0 when strict) on the part from the tree of h alone (as written, else
    after ``expand``), given the signs the parameters' conditions imply and the sign of x on the
    piece (:func:`symact.verifier.record_certificates.structural_sign`); None when it does not."""
    e, lo, hi = _part_function(part, pieces, claim.body)
    if e is None:
        return None
    signs = {}
    for p in claim.parameters:
        s = assumed(claim, p.symbol)
        for test, sign in (("is_positive", (1, True)), ("is_negative", (-1, True)),
                           ("is_nonnegative", (1, False)), ("is_nonpositive", (-1, False))):
            if getattr(s, test):
                signs[p.symbol.name] = sign
                break
    if e.has(X):
        low = structural_sign(lo, signs) if lo.is_finite else None
        high = structural_sign(hi, signs) if hi.is_finite else None
        if low is not None and low[0] >= 0:
            signs[X.name] = (1, True)  # x > lo >= 0 inside the piece
        elif high is not None and high[0] <= 0:
            signs[X.name] = (-1, True)
    for form, how in ((e, "as written"), (sp.expand(e), "after expand")):
        found = structural_sign(form, signs)
        if found is not None and (found[0] > 0 if strict else found[0] >= 0) and (found[1] or found[0] == 0 or not strict):
            if found[0] == 0 and strict:
                continue
            names = ", ".join(f"{k} {'>' if v == (1, True) else '<' if v == (-1, True) else '>=' if v[0] > 0 else '<='} 0"
                              for k, v in sorted(signs.items()))
            return f"{'> 0' if strict else '>= 0'} {how}, from the signs of its terms ({names})"
    return None


def replay(claim: Claim, entry: dict) -> tuple[str, str]:
    """``(outcome, detail)`` for a ``box-cover`` entry."""
    body = claim.body
    if not isinstance(body, Relation) or body.rel not in ("<=", "<", ">=", ">") or not claim.parameters:
        return "failed", "a box cover for a claim that is not an inequality with parameters"
    budget = Budget(settings.USER_STEPS, settings.CALL_STEPS)
    found = box_of(claim, budget)
    if isinstance(found, str):
        return "failed", f"the claim's parameter conditions are not a box: {found}"
    symbols, closure, _ = found
    h, strict = difference(body)
    pieces = split(h, X, budget)
    expected = [("on", [sp.sstr(lo), sp.sstr(hi)]) for p in pieces.pieces
                for lo, hi in [clip(p.lo, p.hi, body.region)] if lo is not None]
    expected += [("at", sp.sstr(c)) for c in pieces.breakpoints if inside(c, body.region)]
    parts = entry["parts"]
    recorded = [("at", part["at"]) if "at" in part else ("on", part["on"]) for part in parts]
    if sorted(map(str, recorded)) != sorted(map(str, expected)):
        return "failed", "the pieces and breakpoints do not match the claim"
    box = tuple((float(u), float(v)) for u, v in entry["box"]) if entry.get("box") else None
    if closure is not None and (box is None or len(box) != len(closure)
                                or any(bu > cu or bv < cv for (bu, bv), (cu, cv) in zip(box, closure))):
        return "failed", "the recorded box does not contain the claim's parameter box"
    forms = Forms(budget)
    cells = 0
    symbolic, structural = [], []
    for part in parts:
        e, lo, hi = _part_function(part, pieces, body)
        if e is None:
            return "failed", "a part of the certificate is not a piece of the claim"
        if part.get("assumptions"):
            symbolic.append(part.get("at") or "(" + ", ".join(part["on"]) + ")")
            continue
        if part.get("structural"):
            why = _structural(claim, part, pieces, strict)
            if why is None:
                return "failed", "the sign of h on a part does not follow from its terms' signs"
            structural.append(f"{part.get('at') or '(' + ', '.join(part['on']) + ')'}: h {why}")
            continue
        try:
            cells += _replay_part(e, symbols, lo, hi, box, strict, forms, part)
        except _Failed as exc:
            return "failed", str(exc)
        except Unsupported as exc:
            return "failed", f"cannot evaluate: {exc}"
    if symbolic:
        return "not replayable", (f"{cells} (x, parameter) cells re-checked with arb; the sign on "
                                  f"{', '.join(symbolic)} rests on SymPy's assumptions (unbounded parameter range)")
    if structural:
        return "replayed", (f"{cells} (x, parameter) cells re-checked with arb; structural sign check (a proof from the "
                            "expression tree: sums and products of terms of known sign) on " + "; ".join(structural))
    return "replayed", f"{cells} (x, parameter) cells, tails and breakpoint values re-checked with arb"


def _replay_part(e: sp.Expr, symbols, lo: sp.Expr, hi: sp.Expr, box, strict: bool, forms: Forms, part: dict) -> int:
    a, b = (float(t) for t in part["window"])
    if lo.is_finite and not sp.Rational(a) <= lo:
        raise _Failed(f"the window starts after the piece's end {sp.sstr(lo)}")
    if hi.is_finite and not sp.Rational(b) >= hi:
        raise _Failed(f"the window ends before the piece's end {sp.sstr(hi)}")
    ends = {-1: lo.is_infinite, 1: hi.is_infinite}
    for tail in part["tails"]:
        direction, R = int(tail["direction"]), int(tail["R"])
        if not ends.get(direction) or R < 1 or R > 10**6 or (direction < 0 and a != -R) or (direction > 0 and b != R):
            raise _Failed("a tail does not start at the window's end")
        if tail["how"] not in ("values", "slope") or not 1 <= int(tail["splits"]) <= 64:
            raise _Failed("a tail with a bad method")
        if not tail_holds(e, symbols, box, R, direction, strict, forms, int(tail["splits"]), tail["how"]):
            raise _Failed(f"the tail beyond |x| = {R} does not hold")
        ends[direction] = False
    if any(ends.values()):
        raise _Failed("an infinite end without a tail")
    check = CellCheck(e, symbols, strict)
    count = 0
    stack = [(a, b, box, part["cells"])]
    while stack:
        xu, xv, cell, node = stack.pop()
        count += 1
        if count > _MOST_NODES:
            raise _Failed("too many cells")
        if "split" not in node:
            if set(node) - {"mean"} or not check.settled(xu, xv, cell, bool(node.get("mean"))):
                raise _Failed(f"the cell x ∈ [{xu!r}, {xv!r}], {cell} does not hold")
            continue
        dim, at = int(node["split"]), float(node["at"])
        if dim == 0:
            if not xu < at < xv:
                raise _Failed("a cut outside its cell")
            stack += [(xu, at, cell, node["lo"]), (at, xv, cell, node["hi"])]
        else:
            if not 1 <= dim <= len(cell) or not cell[dim - 1][0] < at < cell[dim - 1][1]:
                raise _Failed("a cut outside its cell")
            u, v = cell[dim - 1]
            stack += [(xu, xv, cell[:dim - 1] + ((u, at),) + cell[dim:], node["lo"]),
                      (xu, xv, cell[:dim - 1] + ((at, v),) + cell[dim:], node["hi"])]
    return (count + 1) // 2


__all__ = ["KIND", "applies", "build", "replay"]
