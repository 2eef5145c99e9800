"""A survey table: one row per activation, one column per fact, every cell labelled.

The default columns are the classic survey of activation functions: f, f′, the ranges of f
and f′, f(0), f′(0), monotonicity, zero-centredness, saturation, smoothness and dead region.
Any fact key of the profile (``docs/json-schema.md``) can be a column.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import ParseError
from .cells import Cell, cell
from .source import facts_of, profiles

#: key, plain header, LaTeX header
SURVEY: tuple[tuple[str, str, str], ...] = (
    ("definition", "f(x)", "$f(x)$"),
    ("derivative", "f'(x)", "$f'(x)$"),
    ("range", "range of f", "range of $f$"),
    ("derivative_range", "range of f'", "range of $f'$"),
    ("value_at_0", "f(0)", "$f(0)$"),
    ("derivative_at_0", "f'(0)", "$f'(0)$"),
    ("monotonicity", "monotone", "monotone"),
    ("zero_centred", "zero-centred", "zero-centred"),
    ("saturation", "saturating", "saturating"),
    ("smoothness", "smoothness", "smoothness"),
    ("dead_region", "dead region", "dead region"),
)
DERIVATIONS: tuple[tuple[str, str, str], ...] = (
    ("definition", "f(x)", "$f(x)$"),
    ("derivative", "f'(x)", "$f'(x)$"),
    ("second_derivative", "f''(x)", "$f''(x)$"),
    ("derivative_in_f", "f' in terms of f", "$f'$ in terms of $f$"),
)
SYNONYMS = {"formula": "definition", "f": "definition", "monotone": "monotonicity", "saturating": "saturation",
            "zero_centered": "zero_centred", "f0": "value_at_0", "df0": "derivative_at_0",
            "dead": "dead_region"}
_HEADERS = {k: (plain, latex) for k, plain, latex in SURVEY + DERIVATIONS}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    latex_title: str


class Table:
    """Rows of cells (``cell(name, key)``) with their columns; renders itself in every format
    (``render(fmt)``) and in Jupyter (``_repr_html_``, ``_repr_markdown_``, ``_repr_latex_``)."""

    def __init__(self, data: list[dict], columns: list[Column], kind: str = "survey"):
        self.profiles = data
        self.columns = columns
        self.kind = kind
        self.names = [d["name"] for d in data]
        self._cells = {}
        for d in data:
            facts = facts_of(d)
            for c in columns:
                self._cells[d["name"], c.key] = cell(facts[c.key])

    def cell(self, name: str, key: str) -> Cell:
        return self._cells[name, SYNONYMS.get(key, key)]

    def row(self, name: str) -> list[Cell]:
        return [self._cells[name, c.key] for c in self.columns]

    def render(self, fmt: str, standalone: bool = False) -> str:
        """The table as ``latex``, ``markdown``, ``csv``, ``html`` or ``json`` (``standalone``:
        a whole LaTeX or HTML document)."""
        from . import formats, latex
        if fmt == "latex":
            return latex.table_latex(self, standalone)
        writer = {"markdown": formats.markdown, "csv": formats.csv_text, "html": formats.html,
                  "json": formats.json_text}.get(fmt)
        if writer is None:
            raise ParseError(f"unknown table format {fmt!r}; formats: latex, markdown, csv, html, json")
        return writer(self, standalone) if fmt == "html" else writer(self)

    def __str__(self) -> str:
        return self.render("markdown")

    def _repr_html_(self) -> str:
        return self.render("html")

    def _repr_markdown_(self) -> str:
        return self.render("markdown")

    def _repr_latex_(self) -> str:
        from .latex import table_tabular
        return table_tabular(self)


def columns_for(keys: list[str] | None, known: list[str], derivations: bool = False) -> list[Column]:
    """The columns for fact ``keys`` (synonyms allowed); the survey's (or the derivation
    table's) when ``keys`` is empty. An unknown key is a one-line ParseError."""
    if not keys:
        return [Column(k, p, lx) for k, p, lx in (DERIVATIONS if derivations else SURVEY)]
    out = []
    for raw in keys:
        key = raw.strip()
        if key not in known:
            key = key.lower().replace("-", "_").replace(" ", "_")
            key = SYNONYMS.get(key, key)
        if key not in known:
            shown = raw if len(raw) <= 30 else raw[:27] + "..."
            raise ParseError(f"unknown fact key {shown!r}; keys: {', '.join(known)}")
        if key not in [c.key for c in out]:
            from ..report.latex import escape
            plain, latex = _HEADERS.get(key, (key.replace("_", " "), escape(key.replace("_", " "))))
            out.append(Column(key, plain, latex))
    return out


def table(names: list[str] | None = None, facts: list[str] | None = None, derivations: bool = False) -> Table:
    """The table of ``names`` (the whole pointwise catalog when empty) with one column per fact
    key in ``facts`` (the survey columns when empty; ``derivations``: f, f′, f″ and f′ in
    terms of f)."""
    if isinstance(names, str):
        names = [names]
    if isinstance(facts, str):
        facts = [f for f in facts.split(",") if f.strip()]
    data = profiles(list(names or []))
    known = [f["key"] for f in data[0]["facts"]]
    return Table(data, columns_for(list(facts or []), known, derivations), "derivations" if derivations else "survey")
