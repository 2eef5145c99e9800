r"""Publication products made from the typed facts: survey tables (LaTeX, Markdown, CSV, HTML,
JSON), derivation tables, figures (matplotlib, the ``plot`` extra) and reports.

Every cell is read from a profile's facts (the derived-fact store for catalog entries, so a
table of the whole catalog needs no derivation) and keeps its label: a ``numeric`` cell is
marked †, an ``unknown`` one ?, a rounded decimal *, and each format carries the legend.

>>> from symact.publish import table
>>> t = table(["sigmoid"], ["derivative_range"])
>>> t.cell("sigmoid", "derivative_range").latex
'\\left(0, \\tfrac{1}{4}\\right]'
"""
from __future__ import annotations

from .table import SURVEY, Table, table

__all__ = ["SURVEY", "Table", "table", "plot", "report"]


def plot(*args, **kwargs):
    """:func:`symact.publish.figures.plot` (imports matplotlib on first use)."""
    from .figures import plot as _plot
    return _plot(*args, **kwargs)


def report(*args, **kwargs):
    """:func:`symact.publish.reports.report`."""
    from .reports import report as _report
    return _report(*args, **kwargs)
