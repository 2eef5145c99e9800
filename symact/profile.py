r"""The profile of a pointwise activation: every textbook property as a :class:`Fact`.

>>> import symact
>>> p = symact.get("sigmoid").profile()
>>> p["range"].text, str(p["range"].method)
('(0, 1)', 'proved')

Facts are computed on first access and cached; ``Profile.facts()`` computes them all in a
fixed order. Each says how it is known (``proved`` / ``certified`` / ``numeric`` /
``unknown``) and carries one line of evidence a reader can re-check.
"""
from __future__ import annotations

import dataclasses
import time
from functools import cached_property
from typing import Mapping

import mpmath
import sympy as sp

from . import display
from .analysis import NEG_OO, OO, Analysis, Candidate, _mp, justified_digits
from .catalog import Activation, CatalogError
from .facts import Fact, Known, Method, weakest
from .parsing import ParseError, X, parse_number
from .render import Rendered
from .vocabulary import Phi, phi, sigmoid, softplus, to_exp_form

ORDER = (
    "definition", "derivative", "second_derivative", "derivative_in_f", "value_at_0",
    "derivative_at_0", "limit_-oo", "limit_+oo", "derivative_limit_-oo", "derivative_limit_+oo",
    "asymptote_-oo", "asymptote_+oo", "range", "derivative_range", "minimum", "maximum",
    "critical_points", "monotonicity", "convexity", "smoothness", "bounded", "zero_centred",
    "saturation", "dead_region", "identity_near_0", "parity", "lipschitz",
)


class Profile(Rendered):
    """All facts about ``f`` (an expression in :data:`symact.X`), computed lazily."""

    def __init__(self, f: sp.Expr, name: str = "", record: Activation | None = None,
                 params: Mapping[str, sp.Expr] | None = None, symbolic_seconds: float = 0.55):
        self.f = f
        self.name = name or sp.sstr(f)
        self.record = record
        self.params = dict(params or {})
        self.x = X
        self.a = Analysis(f, X, symbolic_seconds)
        self._facts: dict[str, Fact] = {}
        self.seconds = 0.0

    # -- access --------------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Fact:
        if key not in self._facts:
            if key not in ORDER:
                raise KeyError(key)
            start = time.perf_counter()
            fact = getattr(self, "_fact_" + key.replace("-", "neg").replace("+", "pos"))()
            if not fact.latex and isinstance(fact.value, sp.Expr) and fact.text == display.num(fact.value):
                fact = dataclasses.replace(fact, latex=display.num_latex(fact.value))
            self._facts[key] = fact
            self.seconds += time.perf_counter() - start
        return self._facts[key]

    def facts(self) -> list[Fact]:
        return [self[k] for k in ORDER]

    def to_json(self) -> dict:
        out = {"name": self.name, "kind": "pointwise", "definition": sp.sstr(self.f),
               "parameters": {k: sp.sstr(v) for k, v in self.params.items()},
               "facts": [f.to_json() for f in self.facts()]}
        if self.record is not None:
            out.update(title=self.record.title, aliases=list(self.record.aliases), torch=self.record.torch,
                       jax=self.record.jax, reference=self.record.reference, notes=self.record.notes)
        return out

    # -- derivatives ---------------------------------------------------------------------------------
    def _piecewise_display(self, order: int) -> sp.Expr:
        pieces = self.a.derivative_pieces(order)
        if len(pieces) == 1:
            return _tidy(pieces[0].expr)
        args = []
        for p in pieces:
            cond = p.interval.as_relational(self.x)
            args.append((_tidy(p.expr), cond))
        return sp.Piecewise(*args)

    def _fact_definition(self) -> Fact:
        return Fact("definition", "f(x)", display.expr(self.f), Method.PROVED, "the catalog definition",
                    self.f, sp.latex(self.f))

    def _derivative_fact(self, key: str, label: str, order: int) -> Fact:
        d = self._piecewise_display(order)
        note = "symbolic differentiation in the vocabulary (σ' = σ(1-σ), softplus' = σ, Φ' = φ)"
        if self.a.breaks:
            note += "; at breakpoints see the one-sided values under smoothness"
        return Fact(key, label, display.expr(d), Method.PROVED, note, d, sp.latex(d))

    def _fact_derivative(self) -> Fact:
        return self._derivative_fact("derivative", "f'(x)", 1)

    def _fact_second_derivative(self) -> Fact:
        return self._derivative_fact("second_derivative", "f''(x)", 2)

    def _fact_derivative_in_f(self) -> Fact:
        """f' rewritten through f itself (σ' = f(1-f), tanh' = 1-f², swish' = f + σ(1-f))."""
        forms = []
        F = sp.Symbol("f")
        for i, p in enumerate(self.a.pieces):
            d = self.a.piece_derivative(i, 1)
            form = _in_terms_of_f(p.expr, d, self.x, F)
            if form is None:
                continue
            forms.append((form, p))
        if not forms:
            return Fact("derivative_in_f", "f' in terms of f", "no shorter form in f", Method.UNKNOWN,
                        "tried substituting f for the function's own building block")
        if len(forms) == 1 and len(self.a.pieces) == 1:
            text = f"f' = {sp.sstr(forms[0][0])}"
        else:
            text = "; ".join(f"f' = {sp.sstr(fm)} on {display.real_set(p.interval)}" for fm, p in forms)
        return Fact("derivative_in_f", "f' in terms of f", text, Method.PROVED,
                    "substitution checked by simplification to zero", [fm for fm, _ in forms])

    # -- point values --------------------------------------------------------------------------------------
    def _fact_value_at_0(self) -> Fact:
        k = self.a.value_at(sp.S.Zero, 0)
        return Fact("value_at_0", "f(0)", display.num(k.value), k.method, k.evidence, k.value)

    def _fact_derivative_at_0(self) -> Fact:
        k = self.a.value_at(sp.S.Zero, 1)
        if k.value is None and 0 in self.a.breaks:
            left, right = self.a.one_sided(sp.S.Zero, 1)
            text = f"undefined (left {display.num(left.value)}, right {display.num(right.value)})"
            return Fact("derivative_at_0", "f'(0)", text, weakest(left.method, right.method),
                        "one-sided derivatives differ", None)
        return Fact("derivative_at_0", "f'(0)", display.num(k.value), k.method, k.evidence, k.value)

    # -- limits and asymptotes -----------------------------------------------------------------------
    def _limit_fact(self, key: str, label: str, side: int, order: int) -> Fact:
        k = self.a.limit(side, order)
        return Fact(key, label, display.num(k.value), k.method, k.evidence, k.value)

    def _fact_limit_negoo(self):
        return self._limit_fact("limit_-oo", "lim f, x→-∞", -1, 0)

    def _fact_limit_posoo(self):
        return self._limit_fact("limit_+oo", "lim f, x→+∞", 1, 0)

    def _fact_derivative_limit_negoo(self):
        return self._limit_fact("derivative_limit_-oo", "lim f', x→-∞", -1, 1)

    def _fact_derivative_limit_posoo(self):
        return self._limit_fact("derivative_limit_+oo", "lim f', x→+∞", 1, 1)

    def _asymptote(self, side: int) -> Fact:
        key = "asymptote_-oo" if side < 0 else "asymptote_+oo"
        label = f"asymptote at {'-' if side < 0 else '+'}∞"
        lim = self[f"limit_{'-' if side < 0 else '+'}oo"]
        if lim.value is None:
            return Fact(key, label, "none found", lim.method, lim.evidence)
        if lim.value.is_finite:
            return Fact(key, label, f"horizontal: y = {display.num(lim.value)}", lim.method, lim.evidence, (0, lim.value))
        slope = self[f"derivative_limit_{'-' if side < 0 else '+'}oo"]
        if slope.value is None or not slope.value.is_finite or slope.value == 0:
            return Fact(key, label, "none (grows faster or slower than linear)", weakest(lim.method, slope.method),
                        f"f → {display.num(lim.value)}, f' → {display.num(slope.value)}")
        idx = 0 if side < 0 else len(self.a.pieces) - 1
        tail = self.a.pieces[idx].expr
        intercept = self.a.limit_of(tail - slope.value * self.x, side)
        method = weakest(lim.method, slope.method, intercept.method)
        if intercept.value is None or not intercept.value.is_finite:
            return Fact(key, label, f"none (slope {display.num(slope.value)}, no finite intercept)", method,
                        intercept.evidence)
        line = slope.value * self.x + intercept.value
        return Fact(key, label, f"y = {sp.sstr(line)}", method,
                    "slope = lim f' (l'Hôpital, f → ±∞); intercept = lim (f - slope·x)", (slope.value, intercept.value))

    def _fact_asymptote_negoo(self):
        return self._asymptote(-1)

    def _fact_asymptote_posoo(self):
        return self._asymptote(1)

    # -- ranges and extrema ----------------------------------------------------------------------------
    @cached_property
    def _continuity(self) -> list[tuple[sp.Expr, int, Method, str]]:
        """For each breakpoint: (point, k such that f is C^k there (-1: discontinuous), method, evidence)."""
        out = []
        for b in self.a.breaks:
            methods = []
            k_ok = -1
            detail = ""
            for order in range(4):
                left, right = self.a.one_sided(b, order)
                same = self.a.same(left.value, right.value)
                methods += [left.method, right.method, same.method]
                if order == 0 and same.value:
                    at = self.a.value_at(b, 0)
                    same = self.a.same(left.value, at.value)
                    methods += [at.method, same.method]
                if not same.value:
                    detail = (f"f{_primes(order)}: left {display.num(left.value)}, right {display.num(right.value)}"
                              if order else f"f jumps: left {display.num(left.value)}, right {display.num(right.value)}")
                    break
                k_ok = order
            else:
                detail = "derivatives up to order 3 agree"
            out.append((b, k_ok, weakest(*methods), detail))
        return out

    def _differentiable_at(self, b: sp.Expr) -> bool:
        return any(p == b and k >= 1 for p, k, _, _ in self._continuity)

    @cached_property
    def _ranges(self):
        f_pieces = [self.a.piece_range(i, 0, lambda b: True) for i in range(len(self.a.pieces))]
        d_pieces = [self.a.piece_range(i, 1, self._differentiable_at) for i in range(len(self.a.pieces))]
        return f_pieces, d_pieces

    def _range_fact(self, key: str, label: str, pieces) -> Fact:
        sets = []
        for r in pieces:
            lo, hi = r.inf.value, r.sup.value
            if lo is None or hi is None:
                return Fact(key, label, "unknown", Method.UNKNOWN, "a limit or critical value is unknown")
            if r.inf.approx == r.sup.approx and r.inf_attained:
                sets.append(sp.FiniteSet(lo))
            else:
                sets.append(sp.Interval(lo, hi, not r.inf_attained, not r.sup_attained))
        if key == "range":  # values taken at isolated points (Heaviside(0) = 1/2)
            sets += [sp.FiniteSet(v) for _, v in self.a.points]
        total = sp.Union(*sets)
        method = weakest(*[r.method for r in pieces])
        evidence = "per piece: ends from limits/one-sided values, interior extremes at the roots of the derivative"
        return Fact(key, label, display.real_set(total), method, evidence, total, display.real_set_latex(total))

    def _fact_range(self) -> Fact:
        return self._range_fact("range", "range of f", self._ranges[0])

    def _fact_derivative_range(self) -> Fact:
        return self._range_fact("derivative_range", "range of f'", self._ranges[1])

    def _extremum(self, kind: str) -> Fact:
        pieces = self._ranges[0]
        key = "minimum" if kind == "min" else "maximum"
        label = f"global {key}"
        fr = self["range"]
        if fr.value is None or not isinstance(fr.value, sp.Set):
            return Fact(key, label, "unknown", Method.UNKNOWN, fr.evidence)
        bound = fr.value.inf if kind == "min" else fr.value.sup
        if bound.is_infinite:
            sides = [self[k] for k in ("limit_-oo", "limit_+oo") if self[k].value == bound]
            method = sides[0].method if sides else fr.method
            return Fact(key, label, "none (unbounded)", method, f"f → {display.num(bound)}", None)
        attained = fr.value.contains(bound) == sp.true
        if not attained:
            word = "infimum" if kind == "min" else "supremum"
            return Fact(key, label, f"none ({word} {display.num(bound)} approached, not attained)", fr.method,
                        fr.evidence, None)
        best: Candidate | None = None
        wheres = []
        for r in pieces:
            c = r.inf if kind == "min" else r.sup
            if (r.inf_attained if kind == "min" else r.sup_attained) and c.approx is not None and \
                    abs(c.approx - _mp(bound)) <= 1e-30 * max(1, abs(c.approx)):
                wheres.append(c.where)
                best = c if best is None else best
        where = "; ".join(dict.fromkeys(wheres)) or "?"
        text = f"{display.num(bound)} at {where}"
        closed = self._closed_form(kind)
        if closed:
            text += f"  [closed form: {closed}]"
        return Fact(key, label, text, fr.method, f"{fr.evidence}; value known {best.method if best else '?'}", bound)

    def _closed_form(self, kind: str) -> str:
        crit = self["critical_points"].value or []
        for point, exact, value, nature in crit:
            if exact is not None and nature == kind:
                return f"x = {sp.sstr(exact)}, f = {sp.sstr(value)}"
        return ""

    def _fact_minimum(self):
        return self._extremum("min")

    def _fact_maximum(self):
        return self._extremum("max")

    def _fact_critical_points(self) -> Fact:
        found = []
        methods = []
        for i, s in enumerate(self.a.sign_of(1)):
            methods.append(s.method)
            for root in s.roots[:12]:
                if root.change not in ("-+", "+-"):
                    continue
                nature = "min" if root.change == "-+" else "max"
                value, method, ex = self.a.value_on_root(self.a.pieces[i].expr, root, 0)
                found.append((root, ex, value if method is Method.PROVED else None, nature))
        if not found:
            return Fact("critical_points", "critical points (f' changes sign)", "none", weakest(*methods),
                        "; ".join(dict.fromkeys(s.evidence for s in self.a.sign_of(1))), [])
        parts = []
        for root, ex, value, nature in found:
            with mpmath.workdps(60):
                width = mpmath.nstr(root.hi - root.lo, 2)
                loc = mpmath.nstr(root.approx, justified_digits(root.approx, (root.hi - root.lo) / 2))
            s = f"local {nature} at x = {loc}" + (f" (= {sp.sstr(ex)})" if ex is not None else f" (enclosure width {width})")
            parts.append(s)
        oscillating = any(s.oscillating for s in self.a.sign_of(1))
        if oscillating:
            parts.append("… more beyond the window (f' keeps changing sign)")
        certified = all(r.certified and r.unique for r, *_ in found)
        method = weakest(*methods) if certified else Method.NUMERIC
        evidence = "; ".join(dict.fromkeys(s.evidence for s in self.a.sign_of(1)))
        evidence += "; each root certified by a sign change of f' and unique by the sign of f''" if certified else ""
        return Fact("critical_points", "critical points (f' changes sign)", "; ".join(parts), method, evidence,
                    [(r.approx, ex, v, n) for r, ex, v, n in found])

    # -- shape ---------------------------------------------------------------------------------------------
    def _segments(self, order: int):
        """[(lo, hi, sign)] of f^(order) across all pieces, split at its roots."""
        segs = []
        for p, s in zip(self.a.pieces, self.a.sign_of(order)):
            cuts = [r for r in s.roots if r.change in ("-+", "+-")]
            bounds = [p.lo] + [sp.Float(mpmath.nstr(r.approx, 30), 30) for r in cuts] + [p.hi]
            signs = s.signs if len(s.signs) == len(cuts) + 1 else [None] * (len(cuts) + 1)
            for j in range(len(cuts) + 1):
                segs.append([bounds[j], bounds[j + 1], signs[j]])
        return segs

    def _junctions(self, order: int) -> dict:
        """At each breakpoint, whether the shape can continue: for order 1 the jump of f, for 2 the kink."""
        out = {}
        for b, k, _, _ in self._continuity:
            if order == 1:
                if k >= 0:
                    out[b] = 0
                else:
                    left, right = self.a.one_sided(b, 0)
                    at = self.a.value_at(b, 0)
                    try:
                        up = bool(left.value <= at.value <= right.value)
                        down = bool(left.value >= at.value >= right.value)
                    except TypeError:
                        up = down = False
                    out[b] = 1 if up else (-1 if down else None)
            else:
                if k < 0:
                    out[b] = None
                elif k >= 1:
                    out[b] = 0
                else:
                    left, right = self.a.one_sided(b, 1)
                    try:
                        out[b] = 1 if bool(left.value < right.value) else -1
                    except TypeError:
                        out[b] = None
        return out

    def _shape(self, order: int):
        """Maximal intervals on which f is increasing/decreasing (order 1) or convex/concave (order 2)."""
        segs = self._segments(order)
        junction = self._junctions(order)
        methods = [s.method for s in self.a.sign_of(order)] + [m for _, _, m, _ in self._continuity]
        result = []
        for want in (1, -1):
            runs, current = [], None
            for lo, hi, sgn in segs:
                ok = sgn in (want, 0)
                joinable = current is not None and (lo not in junction or junction[lo] in (0, want)) and current[1] == lo
                if ok and joinable:
                    current[1] = hi
                    current[2] = current[2] or sgn == want or junction.get(lo) == want
                elif ok:
                    if current:
                        runs.append(current)
                    current = [lo, hi, sgn == want]
                else:
                    if current:
                        runs.append(current)
                    current = None
            if current:
                runs.append(current)
            result.append(runs)
        ups, downs = result
        flat = [s for s in segs if s[2] == 0]
        unknown = any(s[2] is None for s in segs)
        return ups, downs, flat, unknown, weakest(*methods)

    def _fact_monotonicity(self) -> Fact:
        ups, downs, flat, unknown, method = self._shape(1)
        if unknown:
            return Fact("monotonicity", "monotonicity", "unknown", Method.UNKNOWN, "sign of f' undecided somewhere")
        whole = lambda runs: len(runs) == 1 and runs[0][0] is NEG_OO and runs[0][1] is OO  # noqa: E731
        strict_up = not flat
        if whole(ups):
            text = "strictly increasing on ℝ" if strict_up else "non-decreasing on ℝ (constant on " + \
                ", ".join(display.interval_text(a, b, True, True) for a, b, _ in flat) + ")"
            if all(s[2] == 0 for s in self._segments(1)):
                text = "constant on every piece (piecewise constant)"
        elif whole(downs):
            text = "strictly decreasing on ℝ" if not flat else "non-increasing on ℝ"
        else:
            parts = [f"increasing on {display.interval_text(a, b, True, True)}" for a, b, strict in ups if strict]
            parts += [f"decreasing on {display.interval_text(a, b, True, True)}" for a, b, strict in downs if strict]
            parts += [f"constant on {display.interval_text(a, b, True, True)}" for a, b, _ in flat]
            text = "not monotonic: " + "; ".join(sorted(parts, key=_interval_key))
        evidence = "; ".join(dict.fromkeys(s.evidence for s in self.a.sign_of(1)))
        return Fact("monotonicity", "monotonicity", text, method, evidence, (ups, downs))

    def _fact_convexity(self) -> Fact:
        ups, downs, flat, unknown, method = self._shape(2)
        if unknown:
            return Fact("convexity", "convexity", "unknown", Method.UNKNOWN, "sign of f'' undecided somewhere")
        whole = lambda runs: len(runs) == 1 and runs[0][0] is NEG_OO and runs[0][1] is OO  # noqa: E731
        if whole(ups) and whole(downs):
            text = "linear (both convex and concave)"
        elif whole(ups):
            text = "convex on ℝ"
        elif whole(downs):
            text = "concave on ℝ"
        else:
            parts = [f"convex on {display.interval_text(a, b, True, True)}" for a, b, strict in ups if strict]
            parts += [f"concave on {display.interval_text(a, b, True, True)}" for a, b, strict in downs if strict]
            parts += [f"linear on {display.interval_text(a, b, True, True)}" for a, b, _ in flat
                      if not any(u <= a and b <= v for u, v, st in ups + downs if st)]
            text = "neither: " + "; ".join(sorted(parts, key=_interval_key)) if parts else "neither"
        evidence = "; ".join(dict.fromkeys(s.evidence for s in self.a.sign_of(2)))
        if self.a.breaks:
            evidence += "; kinks: convex where f' jumps up"
        return Fact("convexity", "convexity", text, method, evidence)

    def _fact_smoothness(self) -> Fact:
        interior, interior_method, interior_note = _interior_smoothness(self.a)
        if not self._continuity:
            text = "C^∞ (analytic on ℝ)" if interior else "unknown"
            return Fact("smoothness", "smoothness", text, interior_method if interior else Method.UNKNOWN,
                        interior_note, sp.oo if interior else None)
        worst = min(k for _, k, _, _ in self._continuity)
        method = weakest(interior_method, *[m for _, _, m, _ in self._continuity])
        points = ", ".join(f"x = {display.num(b)}: C^{k if k >= 0 else '-1'} ({d})" for b, k, _, d in self._continuity)
        if worst < 0:
            text = "discontinuous"
        elif worst >= 3:
            text = "C^3 at least"
        else:
            text = f"C^{worst}" + (" (continuous, not differentiable everywhere)" if worst == 0 else
                                   f" (not C^{worst + 1})")
        return Fact("smoothness", "smoothness", f"{text}; breakpoints {points}", method,
                    interior_note + "; one-sided derivatives compared at each breakpoint", worst)

    # -- summary properties ------------------------------------------------------------------------------
    def _fact_bounded(self) -> Fact:
        r = self["range"]
        if not isinstance(r.value, sp.Set):
            return Fact("bounded", "bounded", "unknown", Method.UNKNOWN, "range unknown")
        below, above = r.value.inf.is_finite, r.value.sup.is_finite
        text = {(True, True): "bounded (above and below)", (True, False): "bounded below only",
                (False, True): "bounded above only", (False, False): "unbounded on both sides"}[(bool(below), bool(above))]
        return Fact("bounded", "bounded", text, r.method, f"from the range {r.text}", (below, above))

    def _fact_zero_centred(self) -> Fact:
        parity, r, f0 = self["parity"], self["range"], self["value_at_0"]
        method = weakest(parity.method, r.method, f0.method)
        if parity.value == "odd":
            return Fact("zero_centred", "zero-centred", "yes: odd, outputs symmetric about 0", parity.method,
                        parity.evidence, "odd")
        if isinstance(r.value, sp.Set) and f0.value == 0 and r.value.inf < 0 < r.value.sup:
            return Fact("zero_centred", "zero-centred", "partly: f(0) = 0 and takes both signs, but not symmetric",
                        method, f"range {r.text}, not odd", "both signs")
        return Fact("zero_centred", "zero-centred", "no", method, f"range {r.text}, f(0) = {f0.text}", "no")

    def _fact_saturation(self) -> Fact:
        parts, methods, value = [], [], {}
        for side, key in ((-1, "derivative_limit_-oo"), (1, "derivative_limit_+oo")):
            lim = self[key]
            methods.append(lim.method)
            tail = self.a.pieces[0 if side < 0 else -1]
            name = "left" if side < 0 else "right"
            if not tail.expr.has(self.x):
                kind = "hard (f' = 0 on a tail)"
            elif lim.value == 0:
                kind = "soft (f' → 0)"
            elif lim.value is None:
                kind = "unknown"
            else:
                kind = f"no (f' → {display.num(lim.value)})"
            value[name] = kind.split()[0]
            parts.append(f"{name}: {kind}")
        return Fact("saturation", "saturating", "; ".join(parts), weakest(*methods), "from lim f' at ±∞", value)

    def _fact_dead_region(self) -> Fact:
        dead = [p for i, p in enumerate(self.a.pieces) if self.a.is_constant_piece(i)]
        if not dead:
            return Fact("dead_region", "dead region (f' ≡ 0)", "none", Method.PROVED,
                        "no piece is constant", [])
        text = " ∪ ".join(display.real_set(p.interval) for p in dead)
        return Fact("dead_region", "dead region (f' ≡ 0)", text, Method.PROVED,
                    "constant pieces of the definition", [p.interval for p in dead])

    def _fact_identity_near_0(self) -> Fact:
        f0, d0 = self["value_at_0"], self["derivative_at_0"]
        method = weakest(f0.method, d0.method)
        if f0.value == 0 and d0.value == 1:
            return Fact("identity_near_0", "identity near 0", "yes: f(x) = x + o(x)", method, "f(0) = 0, f'(0) = 1", True)
        if d0.value is None:
            return Fact("identity_near_0", "identity near 0", f"no: f'(0) {d0.text}", method, d0.evidence, False)
        return Fact("identity_near_0", "identity near 0",
                    f"no: f(x) ≈ {display.num(f0.value)} + {display.num(d0.value)}·x", method, "first-order Taylor", False)

    def _fact_parity(self) -> Fact:
        odd = _symmetry(self.a, self.f, self.x, odd=True)
        if odd.value:
            return Fact("parity", "parity", "odd: f(-x) = -f(x)", odd.method, odd.evidence, "odd")
        even = _symmetry(self.a, self.f, self.x, odd=False)
        if even.value:
            return Fact("parity", "parity", "even: f(-x) = f(x)", even.method, even.evidence, "even")
        if odd.value is None or even.value is None:
            return Fact("parity", "parity", "unknown", Method.UNKNOWN, f"{odd.evidence}; {even.evidence}")
        return Fact("parity", "parity", "neither odd nor even", weakest(odd.method, even.method),
                    f"{odd.evidence}; {even.evidence}", "neither")

    def _fact_lipschitz(self) -> Fact:
        smooth = self["smoothness"]
        if smooth.value is not None and smooth.value != sp.oo and smooth.value < 0:
            return Fact("lipschitz", "Lipschitz constant", "∞ (discontinuous)", smooth.method, smooth.evidence, sp.oo)
        r = self["derivative_range"]
        if not isinstance(r.value, sp.Set):
            return Fact("lipschitz", "Lipschitz constant", "unknown", Method.UNKNOWN, r.evidence)
        lo, hi = r.value.inf, r.value.sup
        if lo.is_infinite or hi.is_infinite:
            return Fact("lipschitz", "Lipschitz constant", "∞ (f' unbounded)", r.method, f"range of f' {r.text}", sp.oo)
        bound = sp.Max(sp.Abs(lo), sp.Abs(hi))
        return Fact("lipschitz", "Lipschitz constant", display.num(bound), r.method,
                    f"sup |f'| over the range of f' {r.text}", bound)


# ---------------------------------------------------------------------------------------------
def profile_of(record: Activation, params: Mapping[str, sp.Expr] | None = None) -> Profile:
    """Profile a catalog record at its defaults (or ``params``), cached per parameter set."""
    params = {k: _exact(v) for k, v in (params or {}).items()}
    key = (record.name, tuple(sorted((k, sp.srepr(v)) for k, v in params.items())))
    if key not in _CACHE:
        values = record.parameter_values(params)
        named = {p.name: values[p.symbol] for p in record.params}
        _CACHE[key] = Profile(record.expression(params), record.name, record, named)
    return _CACHE[key]


_CACHE: dict = {}


def _exact(value) -> sp.Expr:
    """A parameter value as an exact number: 1.5 → 3/2 (via its shortest repr), "1/8" parsed."""
    if isinstance(value, sp.Expr):
        return value
    if isinstance(value, bool):
        raise CatalogError(f"parameter value {value!r} is not a number")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CatalogError(f"parameter value {value!r} is not a finite real number")
        return sp.Rational(repr(value))
    try:
        return parse_number(str(value))
    except ParseError as exc:
        raise CatalogError(str(exc)) from None


def _primes(order: int) -> str:
    return "'" * order if order <= 3 else f"^({order})"



def _interval_key(text: str):
    import re
    m = re.search(r"[\[(](-?∞|[-0-9.e/]+)", text)
    if not m:
        return 0.0
    token = m.group(1)
    if token == "-∞":
        return -float("inf")
    try:
        return float(sp.Rational(token))
    except (TypeError, ValueError):
        return 0.0


def _tidy(expr: sp.Expr) -> sp.Expr:
    """A short, still-textbook form: factor/together only when they shorten the expression."""
    best = expr
    forms = [sp.factor_terms(expr)] + ([sp.together(expr)] if sp.count_ops(expr) <= 30 else [])
    for form in forms:
        if sp.count_ops(form) < sp.count_ops(best):
            best = form
    return best


def _in_terms_of_f(f: sp.Expr, d: sp.Expr, x: sp.Symbol, F: sp.Symbol):
    """Rewrite f' through f: substitute f for a building block that f is affine in, or for x·g.

    Accepted only when the result is no longer than f' and ``simplify(form(f) - f') == 0``.
    """
    if not f.has(x) or not d.has(x):
        return None
    candidates = []
    for block in [a for a in f.atoms(sigmoid, softplus, Phi, phi, sp.tanh, sp.exp, sp.atan) if a.has(x)]:
        t = sp.Dummy("t")
        g = f.subs(block, t)
        if g.has(x) or not g.is_polynomial(t):
            continue
        poly = sp.Poly(g, t)
        if poly.degree() != 1:
            continue
        slope, offset = poly.all_coeffs()
        raw = d.subs(block, (F - offset) / slope)
        candidates += [raw, sp.expand(raw), sp.factor(raw)]
    if f.is_Mul and x in f.args:  # f = x·g: replace x·g by f in the expanded derivative
        replaced = sp.expand(d).subs(x * (f / x), F)
        for block in sorted(replaced.atoms(sigmoid, Phi, phi, sp.tanh), key=sp.default_sort_key):
            candidates.append(sp.collect(replaced, block))  # f + σ(1 - f): the textbook order
        candidates.append(sp.collect(replaced, F))
    best = None
    for form in candidates:
        if not form.has(F) or sp.count_ops(form) > sp.count_ops(d):
            continue
        if best is not None and sp.count_ops(form) >= sp.count_ops(best):
            continue
        if sp.simplify(to_exp_form(form.subs(F, f)) - to_exp_form(d)) == 0:
            best = form
    return best



def _interior_smoothness(a: Analysis) -> tuple[bool, Method, str]:
    """Each piece is C^∞ inside: smooth functions only, and every denominator/root/log argument
    positive on the piece (proved by assumptions, else certified/numeric sign structure)."""
    methods = [Method.PROVED]
    for i, p in enumerate(a.pieces):
        e = p.expr
        for node in sp.preorder_traversal(e):
            if isinstance(node, sp.Function) and not isinstance(node, _SMOOTH_ALLOWED):
                return False, Method.UNKNOWN, f"{node.func.__name__} is not known to be smooth"
            base = None
            if isinstance(node, sp.Pow) and node.base.has(a.x) and not (node.exp.is_Integer and node.exp > 0):
                base = node.base
            elif isinstance(node, sp.log) and node.args[0].has(a.x):
                base = node.args[0]
            if base is None:
                continue
            sign = a._prove_sign(base, p)
            if sign == 1:
                continue
            from .signs import sign_structure
            s = sign_structure(base, a.x, p.lo, p.hi)
            if s.roots or s.signs != [1]:
                return False, Method.UNKNOWN, f"{base} may vanish on the piece"
            methods.append(s.method)
    return True, weakest(*methods), "smooth building blocks; denominators and roots positive on each piece"


def _symmetry(a: Analysis, f: sp.Expr, x: sp.Symbol, odd: bool) -> Known:
    name = "odd" if odd else "even"
    g = f.subs(x, -x)
    target = g + f if odd else g - f
    try:
        from .pieces import pieces_of
        parts = pieces_of(target, x)
        finished, zero = a.budget.run(lambda: all(
            sp.simplify(to_exp_form(pc.expr)) == 0 for pc in parts))
        if finished and zero:
            return Known(True, Method.PROVED, f"f(-x) {'+' if odd else '-'} f(x) simplifies to 0 on every piece")
    except (ValueError, TypeError, NotImplementedError):
        pass
    from .evaluate import compile_expr, Unsupported
    from flint import arb
    try:
        h = compile_expr(target, x, "arb")
        for t in ("0.37", "1.3", "2.9", "7.1", "0.61"):
            v = h(arb(t))
            if v.is_finite() and not v.contains(0):
                return Known(False, Method.CERTIFIED, f"not {name}: f(-{t}) vs f({t}) differ ({v})")
    except (Unsupported, ValueError, ZeroDivisionError):
        return Known(None, Method.UNKNOWN, f"{name}: cannot evaluate")
    return Known(None, Method.UNKNOWN, f"{name}: no proof, no counterexample")


_SMOOTH_ALLOWED = (sp.exp, sp.sin, sp.cos, sp.tanh, sp.sinh, sp.cosh, sp.atan, sp.asinh, sp.erf,
                   sp.erfc, sp.sinc, sigmoid, softplus, Phi, phi, sp.log)
