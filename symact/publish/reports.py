"""A report on several activations: one section each (definition, derivatives, every fact with
its label and evidence, the figure) and a comparison section (the survey table).

``.md`` and ``.tex`` are written with their figures beside them (``STEM-NAME.svg`` /
``.pdf``); ``.html`` is one self-contained file (inline SVG); ``.pdf`` is compiled by
pdflatex in a temporary folder. Nothing is written until everything has been produced.
"""
from __future__ import annotations

import html as _html
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.errors import UnsupportedError
from . import formats
from .cells import LEGEND, Cell, cell
from .latex import PACKAGES, cell_latex, escape_text, table_latex, words
from .output import atomic, check_writable, kind_of
from .source import facts_of, profiles
from .table import Table, columns_for

FORMULAS = (("definition", "f(x)"), ("derivative", "f'(x)"), ("second_derivative", "f''(x)"),
            ("derivative_in_f", "f' in terms of f"))


def _figure(name: str, fmt: str) -> bytes:
    from .figures import plot
    return plot([name]).to_bytes(fmt)


def _facts(data: dict) -> list[tuple[dict, Cell]]:
    return [(f, cell(f)) for f in data["facts"]]


# ---- Markdown -----------------------------------------------------------------------------------

def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def markdown(data: list[dict], table: Table, figures: dict[str, str]) -> str:
    out = ["# symact report", "", "Activations: " + ", ".join(d["name"] for d in data), ""]
    for d in data:
        out += [f"## {d['name']}: {d.get('title', '')}", ""]
        if d.get("reference"):
            out += [f"Reference: {d['reference']}", ""]
        facts = facts_of(d)
        for key, what in FORMULAS:
            c = cell(facts[key])
            math = (c.inline or c.latex).replace("|", r"\vert ")
            if key == "derivative_in_f":
                out.append("- f' in terms of f: " + (f"$f' = {math}$" if c.value is not None else c.text))
            else:
                out.append(f"- ${what} = {math}$" if c.math else f"- {what}: {c.text}")
        out += ["", f"![{d['name']}]({figures[d['name']]})", "",
                "| property | value | how known | evidence |", "|---|---|---|---|"]
        for f, c in _facts(d):
            out.append(f"| {f['label']} | {_md_escape(c.text)} | {c.method} | {_md_escape(f['evidence'])} |")
        out.append("")
    out += ["## Comparison", "", formats.markdown(table)]
    return "\n".join(out)


# ---- LaTeX --------------------------------------------------------------------------------------

def latex(data: list[dict], table: Table, figures: dict[str, str]) -> str:
    body = [r"\section*{symact report}", escape_text("Activations: " + ", ".join(d["name"] for d in data)) + r"\par"]
    for d in data:
        body.append(rf"\section{{\texttt{{{escape_text(d['name'])}}}: {escape_text(d.get('title', ''))}}}")
        if d.get("reference"):
            body.append("Reference: " + escape_text(d["reference"]) + r"\par\medskip")
        facts = facts_of(d)
        for key, _ in FORMULAS:
            c = cell(facts[key])
            label = {"definition": "$f(x)$", "derivative": "$f'(x)$", "second_derivative": "$f''(x)$",
                     "derivative_in_f": "$f'$ in terms of $f$"}[key]
            value = rf"\symactfit{{$\displaystyle {c.latex}$}}" if c.math else escape_text(c.text)
            body.append(rf"\noindent {label}:\par\noindent\hspace*{{1em}}\begin{{minipage}}{{\dimexpr\linewidth-1em}}{value}"
                        r"\end{minipage}\par\smallskip")
        body.append(r"\begin{center}\includegraphics[width=0.55\linewidth]{" + figures[d["name"]] + r"}\end{center}")
        rows = [words(escape_text(f["label"])) + " & " + cell_latex(c) + " & " + str(c.method) + " & "
                + words(escape_text(f["evidence"])) + r" \\" for f, c in _facts(d)]
        spec = "".join(rf">{{\raggedright\arraybackslash}}p{{\dimexpr {w}\linewidth-2\tabcolsep\relax}}"
                       for w in (0.16, 0.30, 0.10, 0.44))
        body += [r"\begingroup\footnotesize\setlength{\tabcolsep}{3pt}", rf"\begin{{longtable}}{{{spec}}}",
                 r"\toprule property & value & how known & evidence \\ \midrule \endhead", r"\bottomrule \endfoot",
                 *rows, r"\end{longtable}\endgroup"]
    body += [r"\begin{landscape}", r"\section{Comparison}", table_latex(table), r"\end{landscape}"]
    from .latex import FIT
    head = [r"\documentclass[10pt]{article}", r"\usepackage[a4paper,margin=2cm]{geometry}", PACKAGES,
            r"\usepackage{pdflscape}", r"\usepackage[hidelinks]{hyperref}", r"\setlength{\parindent}{0pt}", FIT,
            r"\begin{document}"]
    return "\n".join(head + body + [r"\end{document}"]) + "\n"


def compile_pdf(tex: str, files: dict[str, bytes], timeout: float = 120) -> bytes:
    """Run pdflatex on ``tex`` (with ``files`` beside it) in a temporary folder; the PDF bytes,
    or an UnsupportedError naming the first LaTeX error."""
    exe = shutil.which("pdflatex")
    if exe is None:
        raise UnsupportedError("PDF output needs pdflatex (Debian: texlive-latex-base, texlive-latex-recommended)")
    with tempfile.TemporaryDirectory(prefix="symact-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "report.tex").write_text(tex, encoding="utf-8")
        for name, data in files.items():
            (folder / name).write_bytes(data)
        for _ in range(2):  # longtable settles its column widths on the second run
            run = subprocess.run([exe, "-halt-on-error", "-interaction=nonstopmode", "report.tex"], cwd=folder,
                                 capture_output=True, timeout=timeout)
            if run.returncode != 0:
                log = (folder / "report.log").read_text(encoding="utf-8", errors="replace")
                first = next((ln for ln in log.splitlines() if ln.startswith("!")), "unknown error")
                raise UnsupportedError(f"pdflatex failed: {first[:160]}")
            if b"Rerun" not in (folder / "report.log").read_bytes():
                break
        return (folder / "report.pdf").read_bytes()


# ---- HTML ---------------------------------------------------------------------------------------

def html(data: list[dict], table: Table, figures: dict[str, str]) -> str:
    esc = _html.escape
    out = ["<h1>symact report</h1>", f"<p>Activations: {esc(', '.join(d['name'] for d in data))}</p>"]
    for d in data:
        out.append(f"<h2>{esc(d['name'])}: {esc(d.get('title', ''))}</h2>")
        facts = facts_of(d)
        out.append("<ul>" + "".join(f"<li><i>{esc(what)}</i> = <code>{esc(cell(facts[k]).text)}</code></li>"
                                    for k, what in FORMULAS) + "</ul>")
        out.append(f'<figure>{figures[d["name"]]}</figure>')
        rows = "".join(f'<tr><th>{esc(f["label"])}</th><td class="{c.method}">{esc(c.text)}</td><td>{c.method}</td>'
                       f"<td>{esc(f['evidence'])}</td></tr>" for f, c in _facts(d))
        out.append('<table class="symact"><thead><tr><th>property</th><th>value</th><th>how known</th>'
                   f"<th>evidence</th></tr></thead><tbody>{rows}</tbody></table>")
    out += ["<h2>Comparison</h2>", formats.html(table)]
    return formats.page("symact report", "\n".join(out))


def _svg_inline(data: bytes) -> str:
    text = data.decode("utf-8")
    return text[text.index("<svg"):]


def report(names, path) -> Path:
    """Write the report on ``names`` to ``path`` (.md, .tex, .pdf or .html)."""
    fmt = kind_of(path, ("markdown", "latex", "pdf", "html"))
    target = check_writable(path)
    data = profiles([names] if isinstance(names, str) else list(names))
    table = Table(data, columns_for([], [f["key"] for f in data[0]["facts"]]))
    stem = target.stem
    if fmt == "html":
        text = html(data, table, {d["name"]: _svg_inline(_figure(d["name"], "svg")) for d in data})
        with atomic(target) as tmp:
            tmp.write_text(text, encoding="utf-8")
        return target
    ext = "svg" if fmt == "markdown" else "pdf"
    figs = {d["name"]: (f"{stem}-{d['name']}.{ext}", _figure(d["name"], ext)) for d in data}
    names_only = {k: v[0] for k, v in figs.items()}
    if fmt == "markdown":
        text = markdown(data, table, names_only)
    else:
        text = latex(data, table, names_only)
    if fmt == "pdf":
        pdf = compile_pdf(text, {n: b for n, b in figs.values()})
        with atomic(target) as tmp:
            tmp.write_bytes(pdf)
        return target
    for fname, blob in figs.values():
        with atomic(target.parent / fname) as tmp:
            tmp.write_bytes(blob)
    with atomic(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


__all__ = ["report", "compile_pdf", "LEGEND"]
