"""The command line: answers from the store, the cache or a derivation; JSON under the schema;
one-line errors with exit status 2 for every kind of bad input."""
import json
import subprocess
import sys

import pytest

from symact.cli import main
from symact.store import lookup


def run(*args, env=None):
    proc = subprocess.run([sys.executable, "-m", "symact", *args], capture_output=True, text=True, timeout=300,
                          env=env)
    return proc.returncode, proc.stdout, proc.stderr


def test_list_names_every_record(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("gelu", "mish", "softmax", "swiglu", "selu", "star_relu", "logsumexp"):
        assert name in out


def test_show_answers_from_the_store(capsys):
    assert main(["show", "SiLU"]) == 0
    assert capsys.readouterr().out == lookup("swish")["text"] + "\n"


def test_show_json_carries_typed_values(capsys):
    assert main(["show", "sigmoid", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "symact.profile/1" and data["name"] == "sigmoid"
    facts = {f["key"]: f for f in data["facts"]}
    assert {f["method"] for f in data["facts"]} <= {"proved", "certified", "numeric", "unknown"}
    part = facts["derivative_range"]["value"]["parts"][0]
    assert part["lo"]["exact"] == "0" and part["hi"]["exact"] == "1/4"
    assert part["lo_closed"] is False and part["hi_closed"] is True
    assert facts["minimum"]["value"]["status"] == "not attained"


def test_analyze_is_cached(tmp_path, capsys):
    import os
    old = os.environ.get("SYMACT_CACHE_DIR")
    os.environ["SYMACT_CACHE_DIR"] = str(tmp_path)
    try:
        assert main(["analyze", "x*sigmoid(b*x)", "--param", "b=2"]) == 0
        first = capsys.readouterr().out
        assert len(list(tmp_path.iterdir())) == 1
        assert main(["analyze", "x*sigmoid(b*x)", "--param", "b=2"]) == 0
        assert capsys.readouterr().out == first
    finally:
        if old is not None:
            os.environ["SYMACT_CACHE_DIR"] = old


@pytest.mark.parametrize("args, needle", [
    (["show", "nope"], "unknown activation"),
    (["show", "elu", "--param", "alpha=-1"], "must be positive"),
    (["show", "elu", "--param", "alpha"], "NAME=VALUE"),
    (["show", "elu", "--param", "beta=2"], "no parameter"),
    (["show", "softmax", "--param", "a=1"], "takes no parameters"),
    (["analyze", "__import__('os').system('echo pwned')"], "attribute access"),
    (["analyze", "__import__('os')"], "unknown function"),
    (["analyze", "x +"], "malformed"),
    (["analyze", "y*2"], "unknown name"),
    (["analyze", "3"], "does not depend on x"),
    (["analyze", "x.real"], "not allowed"),
    (["frobnicate"], "invalid choice"),
    (["analyze", "1/x"], "x is zero at x = 0"),
    (["analyze", "log(x)"], "not defined for every real x"),
    (["analyze", "sqrt(1 - x^2)"], "is negative at x ="),
    (["analyze", "sin(x)/x"], "not defined for every real x"),
    (["analyze", "tan(x)"], "not defined for every real x"),
    (["analyze", "x*inf"], "not a finite number"),
    (["analyze", "x + LambertW(-1)"], "not a real number"),
    (["analyze", "Piecewise((x, x > 0))"], "no case of the definition applies"),
    (["analyze", "x*(-8)**(1/3)"], "not a real number"),
    (["analyze", "x*1e999999999"], "outside"),
    (["analyze", "where(sin(x) > 0, x, 0)"], "cannot find every point"),
])
def test_bad_input_is_one_line_and_exit_2(args, needle):
    code, out, err = run(*args)
    assert code == 2, err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err
    assert "pwned" not in out


def test_many_abs_terms_answer_quickly():
    code, out, err = run("analyze", " + ".join(f"Abs(x - {k})" for k in range(8)), "--no-cache")
    assert code == 0 and "breakpoints x = 0" in out


def test_jupyter_reprs():
    import symact
    p = symact.profile("sigmoid")
    latex = p._repr_latex_()
    assert latex.startswith("\\begin{tabular}") and "\\sigma" in latex and latex.endswith("\\end{tabular}")
    md = p._repr_markdown_()
    assert md.count("\n| ") == len(p.facts()) + 1  # header row + one row per fact
    assert "softmax" in symact.vector_profile("softmax")._repr_markdown_()


def test_documented_variants_answer_from_the_store(capsys):
    from symact.store import lookup
    assert main(["show", "swish", "--param", "beta=2"]) == 0
    out = capsys.readouterr().out
    assert out == lookup("swish", ["beta=2"])["text"] + "\n" and "beta = 2" in out
