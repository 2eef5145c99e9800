r"""The profile of a pointwise activation: every property as a typed :class:`Fact`.

>>> import symact
>>> p = symact.profile("sigmoid")
>>> str(p["derivative_range"].method)
'proved'

All facts are derived together, in a fixed order, on first access (so a profile reads the same
whatever is asked first, and whenever), then audited against dense samples
(:mod:`symact.analysis.guard`).
"""
from __future__ import annotations

from functools import cached_property
from typing import Mapping

import sympy as sp

from ..core.facts import Fact
from ..core.symbols import X
from ..core.values import SCHEMA
from .context import FactContext
from .guard import audit
from .ingredients import Analysis
from . import facts  # noqa: F401 - registers every fact
from .registry import specs as fact_specs


class Profile:
    """All facts about ``f`` (an expression in :data:`symact.X`)."""

    def __init__(self, f: sp.Expr, name: str = "", record=None, params: Mapping[str, sp.Expr] | None = None,
                 analysis: Analysis | None = None):
        self.f = f
        self.name = name or sp.sstr(f)
        self.record = record
        self.params = dict(params or {})
        self.analysis = analysis or Analysis(f, X)

    @cached_property
    def _facts(self) -> dict[str, Fact]:
        specs = fact_specs()
        done: dict[str, Fact] = {}
        computing: set[str] = set()

        def compute(key: str) -> Fact:
            if key not in done:
                if key in computing:
                    raise RuntimeError(f"fact {key} depends on itself")
                computing.add(key)
                done[key] = specs[key].compute(ctx)
                computing.discard(key)
            return done[key]
        ctx = FactContext(self.analysis, compute)
        for key in specs:
            compute(key)
        return audit(self.analysis, {k: done[k] for k in specs})

    def __getitem__(self, key: str) -> Fact:
        return self._facts[key]

    def facts(self) -> list[Fact]:
        return list(self._facts.values())

    def keys(self) -> list[str]:
        return list(self._facts)

    def to_json(self) -> dict:
        out = {"schema": SCHEMA, "name": self.name, "kind": "pointwise", "definition": sp.sstr(self.f),
               "latex": sp.latex(self.f), "parameters": {k: sp.sstr(v) for k, v in self.params.items()}}
        if self.record is not None:
            r = self.record
            out.update(title=r.title, aliases=list(r.aliases), torch=r.torch, jax=r.jax, keras=r.keras,
                       reference=r.reference, notes=r.notes)
        out["facts"] = [f.to_json() for f in self.facts()]
        return out

    def __str__(self) -> str:
        from ..report.text import profile_text
        return profile_text(self)

    def _repr_markdown_(self) -> str:
        from ..report.markdown import profile_markdown
        return profile_markdown(self)

    def _repr_latex_(self) -> str:
        from ..report.latex import profile_latex
        return profile_latex(self)

    def _repr_html_(self) -> str:
        from ..report.html import profile_html
        return profile_html(self)
