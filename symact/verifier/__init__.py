r"""The verifier: prove or refute claims about activations.

>>> import symact
>>> symact.verify("tanh(x) == 2*sigmoid(2*x) - 1").status
<Status.PROVED: 'proved'>
>>> symact.verify("sigmoid(x) <= 1/2 on [0, oo)").status
<Status.REFUTED: 'refuted'>

See :mod:`symact.verifier.claims` for the claim language, :mod:`symact.verifier.decide` for how
each kind of claim is decided, and ``docs/verify.md``.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Mapping

from ..core.errors import ParseError
from .claims import Claim, parse_claim
from .decide import decide
from .verdicts import Status, Verdict, exit_status, render

__all__ = ["Claim", "Status", "Verdict", "check_file", "decide", "decide_all", "exit_status", "parse_claim", "read_claims",
           "render", "verify"]

#: default total wall-clock cap of ``symact check`` (seconds)
DEFAULT_TIME_LIMIT = 300.0
#: most claims read from one file
MAX_CLAIMS = 5000
NOT_ATTEMPTED = "not attempted: the file's time limit was reached"


def verify(claim: str, params: Mapping[str, object] | None = None) -> Verdict:
    """The verdict on one claim (text in the claim language); ``params`` fixes parameter values."""
    from ..catalog import exact_value
    values = {}
    for name, raw in dict(params or {}).items():
        if not isinstance(name, str) or not name.isidentifier() or name == "x":
            raise ParseError(f"bad parameter name {str(name)[:20]!r}")
        values[name] = exact_value(raw, name)
    return decide(parse_claim(claim, values))


def read_claims(path: str | Path) -> list[str]:
    """Claims from a file: TOML (``[[claim]]`` tables with ``text = "..."``, or ``claims = [...]``)
    or plain text (one claim per line, ``#`` starts a comment)."""
    import tomllib
    p = Path(path)
    try:
        with open(p, encoding="utf-8-sig") as f:
            raw = f.read(_MAX_BYTES + 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read {str(path)[:60]!r}: {exc.__class__.__name__}") from None
    if len(raw) > _MAX_BYTES:
        raise ParseError(f"{p.name} is larger than {_MAX_BYTES // 10**6} MB")
    if p.suffix == ".toml":
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise ParseError(f"{p.name}: malformed TOML: {exc}") from None
        items = data.get("claims", [])
        tables = data.get("claim", [])
        if not isinstance(items, list) or not isinstance(tables, list):
            raise ParseError(f"{p.name}: 'claims' is a list of strings, 'claim' a list of tables")
        out = [c for c in items if isinstance(c, str)]
        for t in tables:
            if not isinstance(t, dict) or not isinstance(t.get("text"), str):
                raise ParseError(f"{p.name}: every [[claim]] table needs text = \"...\"")
            out.append(t["text"])
        if len(out) != len(items) + len(tables):
            raise ParseError(f"{p.name}: every claim is a string")
    else:
        out = [line.split(" #")[0].strip() for line in raw.splitlines()]
        out = [c for c in out if c and not c.startswith("#")]
    if not out:
        raise ParseError(f"{p.name}: no claims found")
    if len(out) > MAX_CLAIMS:
        raise ParseError(f"{p.name} has {len(out)} claims; at most {MAX_CLAIMS} are checked from one file (split it)")
    return out


_MAX_BYTES = 5_000_000


def check_file(path: str | Path, time_limit: float | None = DEFAULT_TIME_LIMIT) -> list[Verdict]:
    """Verdicts on every claim of a claims file (each line parsed before any is decided)."""
    claims = [parse_claim(text) for text in read_claims(path)]
    return decide_all(claims, time_limit)


def decide_all(claims: list[Claim], time_limit: float | None = DEFAULT_TIME_LIMIT,
               clock: Callable[[], float] = time.monotonic) -> list[Verdict]:
    """Verdicts on the claims in order. Each claim is decided under its own deterministic work
    budget (SymPy steps and branch-and-bound cells, :mod:`symact.core.budget`); ``time_limit``
    (seconds, None for none) is one wall-clock cap on the whole run, checked *between* claims:
    once it has passed, every remaining claim is ``unknown`` ("not attempted"). The cut only
    ever turns verdicts into ``unknown``: a claim that was decided keeps the verdict it would
    have without the cap, because nothing is interrupted mid-claim."""
    if time_limit is not None and not time_limit > 0:
        raise ParseError("the time limit is a positive number of seconds")
    start = clock()
    out: list[Verdict] = []
    for c in claims:
        if time_limit is not None and clock() - start >= time_limit:
            out.append(Verdict(c.text, Status.UNKNOWN, (f"{NOT_ATTEMPTED} ({time_limit:g} s)",)))
            continue
        out.append(decide(c))
    return out
