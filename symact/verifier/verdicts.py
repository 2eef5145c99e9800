r"""Verdicts: what the verifier answers about a claim, and how it renders.

``proved``     a symbolic derivation (simplification to 0, a sign proved from the structure of
               the expression, exact roots);
``certified``  interval arithmetic (arb balls: branch and bound, tails, enclosures);
``refuted``    a certified counterexample (both sides enclosed in disjoint balls at an exact
               point) or a proved value that differs from the claimed one;
``unknown``    neither; the evidence says what ran, what stayed undecided and what samples show.

Exit status of ``symact verify`` / ``symact check``: 0 when everything is proved or certified,
1 when something is refuted, 3 when something is unknown and nothing refuted (2: bad input).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    PROVED = "proved"
    CERTIFIED = "certified"
    REFUTED = "refuted"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value

    @property
    def holds(self) -> bool:
        return self in (Status.PROVED, Status.CERTIFIED)


@dataclass(frozen=True)
class Counterexample:
    """A point where the claim fails: ``x`` exactly, and enclosures of both sides there."""

    x: str  # exact rational (or the exact point) as text
    lhs: tuple[str, str]
    rhs: tuple[str, str]
    parameters: dict = field(default_factory=dict)
    #: a strict claim failing at an irrational point where both sides are *equal*: the balls
    #: overlap, and lhs − rhs = 0 there is the zero test's proof (its text)
    equal: str | None = None

    def text(self) -> str:
        params = "".join(f", {k} = {v}" for k, v in self.parameters.items())
        if self.equal:
            return f"at x = {self.x}{params}: both sides are equal ({self.equal}), both ∈ [{self.lhs[0]}, {self.lhs[1]}]"
        return f"at x = {self.x}{params}: left side ∈ [{self.lhs[0]}, {self.lhs[1]}], " \
               f"right side ∈ [{self.rhs[0]}, {self.rhs[1]}]"

    def to_json(self) -> dict:
        out = {"x": self.x, "lhs": list(self.lhs), "rhs": list(self.rhs), "parameters": self.parameters}
        if self.equal:
            out["equal"] = self.equal
        return out


@dataclass(frozen=True)
class Verdict:
    claim: str
    status: Status
    evidence: tuple[str, ...]
    counterexample: Counterexample | None = None
    #: for sup/inf claims: a rigorous enclosure of the supremum (infimum) and where it is reached
    enclosure: tuple[str, str] | None = None
    where: str | None = None

    def to_json(self) -> dict:
        return {"claim": self.claim, "status": str(self.status), "evidence": list(self.evidence),
                "counterexample": self.counterexample.to_json() if self.counterexample else None,
                "enclosure": list(self.enclosure) if self.enclosure else None, "where": self.where}


def exit_status(verdicts: list[Verdict]) -> int:
    if any(v.status is Status.REFUTED for v in verdicts):
        return 1
    if any(v.status is Status.UNKNOWN for v in verdicts):
        return 3
    return 0


def render(verdicts: list[Verdict], fmt: str = "text") -> str:
    """Verdicts as terminal text, a Markdown table or JSON (schema ``symact.verdicts/1``)."""
    if fmt == "json":
        return json.dumps({"schema": "symact.verdicts/1", "verdicts": [v.to_json() for v in verdicts],
                           "summary": summary(verdicts)}, indent=2, ensure_ascii=False)
    if fmt == "markdown":
        lines = ["| claim | verdict | evidence |", "|---|---|---|"]
        for v in verdicts:
            ev = "; ".join(_details(v))
            lines.append(f"| `{_md(v.claim)}` | **{v.status}** | {_md(ev)} |")
        lines.append("")
        lines.append(_summary_text(verdicts))
        return "\n".join(lines)
    out = []
    for v in verdicts:
        out.append(f"{str(v.status):<10} {v.claim}")
        out.extend(f"{'':<10} ↳ {line}" for line in _details(v))
    if len(verdicts) > 1:
        out.append("")
        out.append(_summary_text(verdicts))
    return "\n".join(out)


def _details(v: Verdict) -> list[str]:
    lines = list(v.evidence)
    if v.enclosure:
        where = f" at x ≈ {v.where}" if v.where else ""
        lines.append(f"value ∈ [{v.enclosure[0]}, {v.enclosure[1]}]{where}")
    if v.counterexample:
        lines.append("counterexample " + v.counterexample.text())
    return lines


def summary(verdicts: list[Verdict]) -> dict:
    return {s.value: sum(1 for v in verdicts if v.status is s) for s in Status}


def _summary_text(verdicts: list[Verdict]) -> str:
    counts = summary(verdicts)
    return f"{len(verdicts)} claims: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
