"""Profiles as terminal text: one line per fact, ``[method]`` at the end."""
from __future__ import annotations

import textwrap

import sympy as sp

from ..core.facts import Fact
from ..core.values import (Asymptote, Extremum, Formula, Label, Number, OneSided, Points, RealSet, Shape,
                           Smoothness)
from .display import interval, num, num_short, real_set


def _formula(v: Formula) -> str:
    if isinstance(v.expr, sp.MatrixBase):
        return sp.sstr(v.expr.tolist() if v.expr.shape[1] != 1 else list(v.expr))
    if v.expr is not None and not v.forms:
        return sp.sstr(v.expr)
    if v.expr is not None:
        return f"f' = {sp.sstr(v.expr)}"
    return "; ".join(f"f' = {sp.sstr(e)} on {interval(i)}" for e, i in v.forms)


def _extremum(v: Extremum) -> str:
    word = "minimum" if v.kind == "min" else "maximum"
    if v.status == "unbounded":
        return "none (unbounded)"
    if v.status == "not attained":
        return f"none ({'infimum' if v.kind == 'min' else 'supremum'} {num(v.value)}, approached, not attained)"
    if v.status == "unknown" or v.value is None:
        return "unknown"
    if v.where is None:
        return num(v.value)
    parts = v.where.parts
    if v.where.period is None and len(parts) == 1 and parts[0].is_point:
        where = f"at x = {num_short(parts[0].lo)}"
    else:
        where = f"at x ∈ {real_set(v.where, short=True)}"
        if v.where.period is not None:
            where += " (infinitely many)"
    del word
    return f"{num(v.value)} {where}"


def _points(v: Points, key: str) -> str:
    if not v.points:
        text = "none found where decided" if v.more else "none"
    else:
        items = []
        for p in v.points:
            what = {"min": "local min", "max": "local max", "inflection": "inflection"}[p.kind]
            items.append(f"{what} at x = {num_short(p.location)}" + (f" (f = {num_short(p.value)})" if p.value is not None else ""))
        text = "; ".join(items)
    if v.period is not None and v.points:
        text += f"; repeating with period {num_short(v.period)}"
    if v.more:
        text += f"; {v.more}"
    return text


def _within(inner, outer) -> bool:
    a, b = inner.interval, outer.interval
    return (a.lo.approx >= b.lo.approx) and (a.hi.approx <= b.hi.approx)


def _run_name(r) -> str:
    if not r.strict and r.kind in ("increasing", "decreasing"):
        return {"increasing": "non-decreasing", "decreasing": "non-increasing"}[r.kind]
    return r.kind


def _shape(v: Shape, key: str) -> str:
    flat_kind = "constant" if key == "monotonicity" else "linear"
    flats = [r for r in v.runs if r.kind == flat_kind]
    main = [r for r in v.runs if r.kind != flat_kind]
    # a run that is flat throughout and lies inside a run of the other kind says nothing new
    main = [r for r in main if not (any(f.interval == r.interval for f in flats)
                                    and any(o.kind != r.kind and o is not r and _within(r, o) for o in main))]
    whole = [r for r in v.runs if r.interval.lo.is_infinite and r.interval.hi.is_infinite]
    if whole and not v.undecided and v.period is None:
        best = whole[0] if len(whole) == 1 else sorted(whole, key=lambda r: r.kind != flat_kind)[0]
        text = f"{v.summary} on ℝ"
        inner = [f for f in flats if f is not best]
        if inner and flat_kind == "constant" and best.kind != "constant":
            text += " (constant on " + ", ".join(interval(f.interval) for f in inner) + ")"
        return text
    parts = []
    for r in sorted(main, key=lambda r: r.interval.lo.approx):
        text = f"{_run_name(r)} on {interval(r.interval)}"
        inner = [f for f in flats if _within(f, r)]
        if inner and flat_kind == "constant":
            text += " (constant on " + ", ".join(interval(f.interval) for f in inner) + ")"
        parts.append((r.interval.lo.approx, text))
    for f in flats:
        if not any(_within(f, r) for r in main):
            parts.append((f.interval.lo.approx, f"{f.kind} on {interval(f.interval)}"))
    text = v.summary + (": " + "; ".join(t for _, t in sorted(parts, key=lambda p: p[0])) if parts else "")
    if v.period is not None:
        text += f" (repeating with period {num_short(v.period)})"
    if v.undecided:
        text += "; undecided on " + ", ".join(interval(u) for u in v.undecided)
    return text


def _smoothness(v: Smoothness) -> str:
    if v.order is None:
        return "C^∞ (analytic on ℝ)" if v.analytic else "unknown"
    if v.order < 0:
        head = "discontinuous"
    elif v.at_least:
        head = f"C^{v.order} at least"
    else:
        head = f"C^{v.order}" + (" (continuous, not differentiable everywhere)" if v.order == 0 else f" (not C^{v.order + 1})")
    details = []
    for b in v.breakpoints:
        k = b.order
        if b.at_least:
            details.append(f"x = {num_short(b.at)}: C^{k} at least")
            continue
        diff = k + 1
        if diff < len(b.left):
            what = "f" + "'" * diff
            details.append(f"x = {num_short(b.at)}: C^{k if k >= 0 else '-1'} ({what}: left {num_short(b.left[diff])}, "
                           f"right {num_short(b.right[diff])}" + (f", f({num_short(b.at)}) = {num_short(b.value)}" if k < 0 else "") + ")")
        else:
            details.append(f"x = {num_short(b.at)}: C^{k if k >= 0 else '-1'}")
    return head + "; breakpoints " + ", ".join(details)


def _one_sided(v: OneSided) -> str:
    if v.exists:
        return num(v.value)
    return f"does not exist ({v.reason}: left {num_short(v.left)}, right {num_short(v.right)})"


def _asymptote(v: Asymptote) -> str:
    if v.kind == "horizontal":
        return f"horizontal: y = {num(v.intercept)}"
    if v.kind == "oblique":
        if v.slope.exact is not None and v.intercept.exact is not None:
            return f"y = {sp.sstr(v.slope.exact * sp.Symbol('x') + v.intercept.exact)}"
        return f"y = {num_short(v.slope)}·x + {num_short(v.intercept)}"
    return f"none ({v.reason})"


def _label(key: str, v: Label) -> str:
    if key == "saturation":
        def side(name):
            kind = v.parts.get(name)
            slope = v.parts.get(f"{name}_slope")
            text = {"hard": "hard (f constant on the tail)", "soft": "soft (f' → 0)", "unknown": "unknown"}.get(kind)
            return text or (f"no (f' → {num_short(slope)})" if slope is not None else "no (f' has no limit)")
        return f"left: {side('left')}; right: {side('right')}"
    if key == "parity":
        return {"odd": "odd: f(-x) = -f(x)", "even": "even: f(-x) = f(x)", "neither": "neither odd nor even"}[v.name]
    if key == "zero_centred":
        return {"odd": "yes: odd, outputs symmetric about 0",
                "both signs": "partly: f(0) = 0 and takes both signs, but not symmetric", "no": "no"}[v.name]
    if key == "identity_near_0":
        if v.name == "yes":
            return "yes: f(x) = x + o(x)"
        if "slope" in v.parts:
            return f"no: f(x) ≈ {num_short(v.parts['f0'])} + {num_short(v.parts['slope'])}·x"
        return f"no ({v.parts.get('reason', 'unknown')})"
    if key.startswith("limit") or key.startswith("derivative_limit"):
        return f"none ({v.parts.get('reason', '')})"
    if "statement" in v.parts:
        return v.parts["statement"] + ("" if v.name == "holds" else " (not confirmed)")
    return v.name


def value_text(fact: Fact) -> str:
    """The value of a fact as one line of text."""
    v = fact.value
    if v is None:
        return "unknown" if fact.key != "derivative_in_f" else "no shorter form in f"
    if isinstance(v, Formula):
        return _formula(v)
    if isinstance(v, Extremum):
        return _extremum(v)
    if isinstance(v, Points):
        return _points(v, fact.key)
    if isinstance(v, Shape):
        return _shape(v, fact.key)
    if isinstance(v, Smoothness):
        return _smoothness(v)
    if isinstance(v, OneSided):
        return _one_sided(v)
    if isinstance(v, Asymptote):
        return _asymptote(v)
    if isinstance(v, Label):
        return _label(fact.key, v)
    if isinstance(v, RealSet):
        if fact.key == "dead_region" and v.is_empty:
            return "none"
        return real_set(v)
    if isinstance(v, Number):
        return num(v)
    return str(v)


def header_lines(profile) -> list[str]:
    rec = profile.record
    lines = []
    if rec is not None:
        title = f"{rec.name} — {rec.title}"
        if rec.aliases:
            title += f"  (aliases: {', '.join(rec.aliases)})"
        lines.append(title)
        if profile.params:
            lines.append("parameters: " + ", ".join(f"{k} = {sp.sstr(v)}" for k, v in profile.params.items()))
        refs = [f"PyTorch: {rec.torch}" if rec.torch else "", f"JAX: {rec.jax}" if rec.jax else "",
                f"Keras: {rec.keras}" if rec.keras else ""]
        refs = [r for r in refs if r]
        if refs:
            lines.append("  ".join(refs))
        if rec.reference:
            lines.append(f"reference: {rec.reference}")
        if rec.notes:
            lines.extend(textwrap.wrap("note: " + rec.notes, 100))
    else:
        lines.append(f"f(x) = {profile.name}")
        if profile.params:
            lines.append("parameters: " + ", ".join(f"{k} = {sp.sstr(v)}" for k, v in profile.params.items()))
    return lines


def profile_text(profile, evidence: bool = False) -> str:
    facts = profile.facts()
    width = max(len(f.label) for f in facts)
    lines = header_lines(profile) + [""]
    for f in facts:
        lines.append(f"{f.label:<{width}}  {value_text(f)}  [{f.method}]")
        if evidence and f.evidence:
            lines.append(" " * (width + 2) + "↳ " + f.evidence)
    return "\n".join(lines)
