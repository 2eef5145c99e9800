"""Tables, figures and reports: LaTeX that compiles without an overfull box, Markdown of the
right shape, CSV and JSON that read back to the profile's values, figures whose marked points
lie on their curves, and bad input that writes nothing.

Expected values come from hand-derived mathematics and from mpmath, never from symact."""
import csv
import html
import io
import json
import re
import shutil
import subprocess
import warnings

import mpmath
import numpy as np
import pytest

from symact.cli import main
from symact.publish import table
from symact.publish.cells import Cell
from symact.publish.source import facts_of, pointwise_names, profile_json

PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed (.ci/run installs it)")
try:
    import matplotlib  # noqa: F401
    HAS_MPL = True
except ImportError:  # pragma: no cover
    HAS_MPL = False
needs_matplotlib = pytest.mark.skipif(not HAS_MPL, reason="the plot extra (matplotlib) is not installed")


def compile_latex(tex: str, folder, name: str = "doc") -> str:
    """pdflatex ``tex`` in ``folder``; the log, after asserting no error and no overfull box."""
    (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    run = subprocess.run([PDFLATEX, "-halt-on-error", "-interaction=nonstopmode", f"{name}.tex"], cwd=folder,
                         capture_output=True, timeout=180)
    log = (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    errors = [ln for ln in log.splitlines() if ln.startswith("!")]
    assert run.returncode == 0 and not errors, errors[:3]
    assert "Overfull \\hbox" not in log, re.findall(r"Overfull \\hbox.*", log)[:3]
    assert (folder / f"{name}.pdf").stat().st_size > 1000
    return log


# a document written here, independently of symact, around a fragment
PREAMBLE = ("\\documentclass{article}\n\\usepackage{amsmath,amssymb,booktabs,longtable,array,graphicx}\n"
            "\\begin{document}\n")


@pytest.fixture(scope="module")
def survey():
    return table()


# ---- LaTeX ------------------------------------------------------------------------------------

@needs_pdflatex
def test_survey_table_of_the_whole_catalog_compiles_without_overfull_boxes(survey, tmp_path):
    compile_latex(survey.render("latex", standalone=True), tmp_path)


@needs_pdflatex
def test_latex_fragment_compiles_in_a_portrait_article(tmp_path):
    frag = table(["sigmoid", "gelu_tanh", "elish", "binary_step", "hard_sigmoid_keras"]).render("latex")
    assert "\\documentclass" not in frag
    compile_latex(PREAMBLE + frag + "\n\\end{document}\n", tmp_path)


@needs_pdflatex
def test_derivation_table_compiles_and_uses_textbook_forms(tmp_path):
    t = table(derivations=True)
    tex = t.render("latex", standalone=True)
    compile_latex(tex, tmp_path)
    # σ′ = σ(1 − σ), written in σ, not in exponentials; f′ in terms of f is f(1 − f)
    assert t.cell("sigmoid", "derivative").latex == r"\sigma(x) (1 - \sigma(x))"
    assert t.cell("sigmoid", "derivative_in_f").latex == r"f (1 - f)"
    assert t.cell("tanh", "derivative_in_f").latex == r"1 - f^{2}"
    assert "e^{" not in t.cell("sigmoid", "derivative").latex


@needs_pdflatex
def test_every_fact_as_a_column_compiles(tmp_path):
    keys = [f["key"] for f in profile_json("gelu")["facts"]]
    t = table(["gelu", "relu", "sinc", "snake", "selu", "binary_step"], keys)
    compile_latex(t.render("latex", standalone=True), tmp_path)


def test_latex_escapes_names_and_text():
    frag = table(["hard_sigmoid_keras"], ["saturation", "zero_centred"]).render("latex")
    assert "hard\\_sigmoid\\_keras" in frag and "hard_sigmoid" not in frag


# ---- exact values, marks ----------------------------------------------------------------------

def test_exact_values_print_exactly():
    t = table(["sigmoid", "swish", "elish"], ["derivative_range", "minimum", "derivative_at_0"])
    # σ′ = σ(1 − σ) ≤ 1/4 with equality at 0, and > 0: the range (0, 1/4]
    assert t.cell("sigmoid", "derivative_range").latex == r"\left(0, \tfrac{1}{4}\right]"
    assert t.cell("sigmoid", "derivative_at_0").latex == r"\tfrac{1}{4}"
    # Swish: f′ = 0 ⇔ 1 + x + e^x = 0 ⇒ x = −1 − W(1/e), f there = −W(1/e); ELiSH: 2√2 − 3
    assert t.cell("swish", "minimum").latex == "- W(1/e)"
    assert t.cell("elish", "minimum").latex == r"2 \sqrt{2} - 3"
    assert not any(t.cell(n, "minimum").rounded for n in ("swish", "elish"))


def test_a_decimal_carries_the_rounding_note():
    t = table(["gelu"], ["minimum"])
    c = t.cell("gelu", "minimum")
    assert c.rounded and c.mark == "*"
    # GELU's minimum: x Φ(x) at the root of Φ(x) + x φ(x) = 0, from mpmath
    mpmath.mp.dps = 40
    x0 = mpmath.findroot(lambda x: mpmath.ncdf(x) + x * mpmath.npdf(x), -0.75)
    assert abs(mpmath.mpf(c.text) - x0 * mpmath.ncdf(x0)) < 1e-6
    assert "\\*" in t.render("markdown").splitlines()[2]


def test_numeric_and_unknown_cells_are_marked_and_certain_ones_are_not(survey):
    md_rows = survey.render("markdown").splitlines()[2:2 + len(survey.names)]
    seen = set()
    for name, line in zip(survey.names, md_rows):
        cells = _md_cells(line)[1:]
        for col, c, text in zip(survey.columns, survey.row(name), cells):
            seen.add(c.method)
            if c.method == "numeric":
                assert "†" in text, (name, col.key)
            elif c.method == "unknown":
                assert text.rstrip().endswith("?") or " ?" in text, (name, col.key)
            else:
                assert "†" not in text
    assert {"proved", "certified", "numeric"} <= seen
    assert Cell("x", "x", "x", True, "unknown").mark == "?"
    legend = survey.render("markdown").strip().splitlines()[-1]
    assert "† numeric" in legend and "? unknown" in legend


# ---- Markdown, CSV, JSON, HTML ----------------------------------------------------------------

def _md_cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def test_markdown_table_has_one_row_per_activation_and_a_cell_per_column(survey):
    lines = survey.render("markdown").splitlines()
    n = len(survey.columns) + 1
    assert len(_md_cells(lines[0])) == n and set(_md_cells(lines[1])) == {"---"}
    rows = lines[2:2 + len(survey.names)]
    assert [_md_cells(r)[0] for r in rows] == pointwise_names()
    assert all(len(_md_cells(r)) == n for r in rows)
    assert lines[2 + len(survey.names)] == ""


def test_csv_reads_back_to_the_profile_values():
    t = table(["sigmoid", "tanh", "gelu", "swish"], ["value_at_0", "derivative_range", "minimum"])
    rows = list(csv.DictReader(io.StringIO(t.render("csv"))))
    by = {r["name"]: r for r in rows}
    assert by["sigmoid"]["value_at_0"] == "1/2" and by["sigmoid"]["derivative_range"] == "(0, 1/4]"
    assert by["tanh"]["derivative_range"] == "(0, 1]"
    assert by["swish"]["minimum"] == "-LambertW(exp(-1))"
    mpmath.mp.dps = 40
    x0 = mpmath.findroot(lambda x: mpmath.ncdf(x) + x * mpmath.npdf(x), -0.75)
    assert abs(mpmath.mpf(by["gelu"]["minimum"]) - x0 * mpmath.ncdf(x0)) < mpmath.mpf(10) ** -25
    for r in rows:
        facts = facts_of(profile_json(r["name"]))
        for key in ("value_at_0", "derivative_range", "minimum"):
            assert r[f"{key}_method"] == facts[key]["method"]


def test_json_reads_back_to_the_profile_facts():
    names = ["sigmoid", "relu", "gelu_tanh"]
    data = json.loads(table(names).render("json"))
    assert data["schema"] == "symact.table/1" and [r["name"] for r in data["rows"]] == names
    for row in data["rows"]:
        facts = facts_of(profile_json(row["name"]))
        for key, c in row["cells"].items():
            assert c["value"] == facts[key]["value"] and c["method"] == facts[key]["method"]
    lo = data["rows"][0]["cells"]["derivative_range"]["value"]["parts"][0]["hi"]
    assert lo["exact"] == "1/4"


def test_html_is_self_contained():
    page = table(["sigmoid", "relu"]).render("html", standalone=True)
    assert page.startswith("<!DOCTYPE html>") and "<table" in page
    assert not re.search(r"(src|href)=\"https?:", page)


def test_jupyter_renders_tables_and_profiles():
    import symact
    t = table(["sigmoid"], ["range"])
    assert "<table" in t._repr_html_() and t._repr_markdown_().startswith("| activation |")
    assert "\\begin{array}" in t._repr_latex_()
    shown = symact.profile("sigmoid")._repr_html_()
    assert "<table" in shown and "proved" in shown


# ---- command line: good and bad input ---------------------------------------------------------

def test_table_command_writes_latex_by_suffix(tmp_path, capsys):
    out = tmp_path / "t.tex"
    assert main(["table", "sigmoid", "relu", "--facts", "range,smoothness", "-o", str(out)]) == 0
    tex = out.read_text()
    assert "\\begin{longtable}" in tex and "\\toprule" in tex and "relu" in tex
    assert main(["table", "sigmoid", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.count("| sigmoid |") == 1


@pytest.mark.parametrize("argv, needle", [
    (["table", "nope", "-o", "{dir}/t.tex"], "unknown activation"),
    (["table", "relu", "--facts", "range,bogus", "-o", "{dir}/t.tex"], "unknown fact key"),
    (["table", "relu", "-o", "{dir}/missing/t.tex"], "cannot write"),
    (["table", "relu", "-o", "{dir}/t.docx"], "cannot tell the format"),
    (["table", "relu", "--format", "latex", "-o", "{dir}"], "it is a folder"),
    (["table", "softmax", "-o", "{dir}/t.tex"], "vector activation"),
    (["plot", "nope", "-o", "{dir}/t.svg"], "unknown activation"),
    (["plot", "relu", "--range", "3,1", "-o", "{dir}/t.svg"], "--range"),
    (["plot", "relu", "--derivatives", "0,3", "-o", "{dir}/t.svg"], "--derivatives"),
    (["plot", "relu", "-o", "{dir}/missing/t.svg"], "cannot write"),
    (["report", "relu", "nope", "-o", "{dir}/t.md"], "unknown activation"),
    (["report", "relu", "-o", "{dir}/t.txt"], "cannot tell the format"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys, argv, needle):
    existing = tmp_path / "keep.tex"
    existing.write_text("untouched")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code = main([a.replace("{dir}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("symact: error:") and needle in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert existing.read_text() == "untouched"


def test_a_failed_write_leaves_the_old_file(tmp_path, capsys):
    target = tmp_path / "t.tex"
    target.write_text("old")
    assert main(["table", "relu", "--facts", "bogus", "-o", str(target)]) == 2
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["t.tex"]


# ---- figures ----------------------------------------------------------------------------------

FAST = ["sigmoid", "relu", "gelu", "swish", "elish", "binary_step", "sinc", "snake"]


def _lines(fig, label):
    return [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_label() == label]


def _not_blank(fig) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    ink = (rgba[..., :3] < 200).any(axis=-1).mean()
    assert 0.005 < ink < 0.5


def _check_figure(names) -> None:
    from symact.publish import plot
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = plot(names)
        fig = p.figure
        fig.set_dpi(40)
        _not_blank(fig)
    for ax, name in zip(fig.axes, names):
        curve = [ln for ln in ax.get_lines() if ln.get_label() == "$f(x)$"][0]
        xs, ys = (np.asarray(a, dtype=float) for a in curve.get_data())
        for label in ("minimum", "inflection"):
            for ln in (ln for ln in ax.get_lines() if ln.get_label() == label):
                for x, y in zip(*ln.get_data()):
                    i = int(np.argmin(np.abs(xs - x)))
                    slope = abs(ys[min(i + 1, len(xs) - 1)] - ys[max(i - 1, 0)])
                    assert abs(ys[i] - y) <= slope + 1e-9, (name, label, x, y)


@needs_matplotlib
def test_marked_points_lie_on_the_curve_and_at_the_true_extremum():
    from symact.publish import plot
    fig = plot(["swish", "gelu"]).figure
    mins = _lines(fig, "minimum")
    (x_s, y_s), (x_g, y_g) = ((float(ln.get_xdata()[0]), float(ln.get_ydata()[0])) for ln in mins)
    # Swish: minimum −W(1/e) at −1 − W(1/e) (mpmath's lambertw)
    w = mpmath.lambertw(mpmath.exp(-1)).real
    assert abs(x_s - float(-1 - w)) < 1e-12 and abs(y_s - float(-w)) < 1e-12
    # and it lies on x σ(x), evaluated by mpmath
    assert abs(y_s - float(x_s / (1 + mpmath.exp(-x_s)))) < 1e-12
    assert abs(y_g - float(x_g * mpmath.ncdf(x_g))) < 1e-12
    # GELU's inflection points are ±√2 (f″ = (2 − x²)φ(x))
    gelu_axes = fig.axes[1]
    xs = sorted(float(v) for ln in gelu_axes.get_lines() if ln.get_label() == "inflection" for v in ln.get_xdata())
    assert np.allclose(xs, [-2 ** 0.5, 2 ** 0.5], atol=1e-12)


@needs_matplotlib
def test_figures_render_without_warnings_and_marks_lie_on_curves():
    _check_figure(FAST)


@needs_matplotlib
def test_every_catalog_activation_renders_without_warnings():
    names = pointwise_names()
    for i in range(0, len(names), 12):
        _check_figure(names[i:i + 12])


@needs_matplotlib
def test_plot_command_writes_svg_pdf_png(tmp_path):
    for ext in ("svg", "pdf", "png"):
        out = tmp_path / f"f.{ext}"
        assert main(["plot", "relu", "--derivatives", "0,1", "--range", "-2,2", "-o", str(out)]) == 0
        head = out.read_bytes()[:16]
        assert {"svg": b"<?xml", "pdf": b"%PDF", "png": b"\x89PNG"}[ext] in head


@needs_matplotlib
def test_error_plot_marks_the_certified_maximum():
    from symact.publish import plot
    fig = plot("gelu", vs="gelu_tanh", error=True).figure
    sup = [ln for ln in fig.axes[0].get_lines() if ln.get_label().startswith("sup =")]
    assert sup and "(certified)" in sup[0].get_label()
    top = float(sup[0].get_ydata()[0])
    # |x Φ(x) − x/2 (1 + tanh(√(2/π)(x + 0.044715 x³)))| is largest near x = ±2.7: mpmath
    mpmath.mp.dps = 30
    err = lambda x: x * mpmath.ncdf(x) - x / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (x + 0.044715 * x**3)))
    x0 = mpmath.findroot(lambda x: mpmath.diff(err, x), -2.7)
    assert abs(top - float(abs(err(x0)))) < 1e-12
    (mark,) = _lines(fig, "certified max")
    assert abs(abs(float(mark.get_xdata()[0])) - float(abs(x0))) < 1e-6


# ---- reports ----------------------------------------------------------------------------------

@needs_matplotlib
@needs_pdflatex
def test_report_latex_compiles_without_overfull_boxes(tmp_path):
    from symact.publish import report
    report(["sigmoid", "relu", "gelu_tanh"], tmp_path / "r.tex")
    tex = (tmp_path / "r.tex").read_text()
    for name in ("sigmoid", "relu", "gelu_tanh"):
        assert f"r-{name}.pdf" in tex and (tmp_path / f"r-{name}.pdf").exists()
    compile_latex(tex, tmp_path, "r")


@needs_matplotlib
def test_report_html_is_self_contained_and_has_every_fact(tmp_path):
    from symact.publish import report
    report(["sigmoid", "relu"], tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text()
    assert page.count("<svg") == 2 and not re.search(r"(src|href)=\"https?:", page)
    for f in profile_json("relu")["facts"]:
        assert f"<th>{html.escape(f['label'])}</th>" in page
    assert "<h2>Comparison</h2>" in page
