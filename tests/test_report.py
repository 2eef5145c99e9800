"""Renderings are made from typed values: JSON round-trips to the values, Markdown has one row per
fact, LaTeX is escaped, and text never claims more digits than an enclosure justifies."""
import json

import mpmath
import sympy as sp

import symact
from symact.numeric.numbers import exact_number
from symact.report.display import num, rational, real_set
from symact.report.latex import escape


def test_json_round_trips_to_the_typed_values():
    p = symact.profile("elu", alpha="3/2")
    data = json.loads(json.dumps(p.to_json()))
    rng = next(f for f in data["facts"] if f["key"] == "range")["value"]["parts"][0]
    assert sp.Rational(rng["lo"]["exact"]) == -sp.Rational(3, 2) and rng["hi"]["exact"] == "oo"
    assert rng["lo_closed"] is False
    keys = [f["key"] for f in data["facts"]]
    assert keys == p.keys() and len(keys) == len(set(keys)) == 28


def test_every_fact_has_a_method_and_json_value():
    p = symact.profile("gelu")
    for f in p.to_json()["facts"]:
        assert f["method"] in ("proved", "certified", "numeric", "unknown") and "value" in f


def test_markdown_has_one_row_per_fact():
    p = symact.profile("tanh")
    md = p._repr_markdown_()
    assert md.count("\n| ") == len(p.facts()) + 1


def test_latex_escapes_special_characters():
    assert escape("a_b & 50% {x} #1 ~ ∞") == r"a\_b \& 50\% \{x\} \#1 \textasciitilde{} $\infty$"


def test_numbers_show_justified_digits_only():
    n = symact.profile("gelu")["minimum"].value.value
    shown = num(n)
    digits = shown.lstrip("-").replace("0.", "", 1)
    with mpmath.workdps(50):
        assert abs(mpmath.mpf(shown) - n.approx) < mpmath.mpf(10) ** (-len(digits) + 1)


def test_long_rationals_print_in_scientific_form():
    assert rational(sp.Rational(1, 10**300)) == "1e-300"
    assert rational(sp.Rational(-3, 8)) == "-3/8"
    assert num(exact_number(sp.sqrt(2) / 2)) == "sqrt(2)/2 (≈ 0.707106781187)"


def test_real_set_text():
    r = symact.profile("hardshrink")["range"].value
    assert real_set(r) == "(-∞, -1/2) ∪ {0} ∪ (1/2, ∞)"
