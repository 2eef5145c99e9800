"""The command line: outputs, JSON, and one-line errors with exit status 2."""
import json
import subprocess
import sys

import pytest

from symact.cli import main


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "symact", *args], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def test_list_names_every_record(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("gelu", "mish", "softmax", "swiglu", "selu"):
        assert name in out


def test_show_json_is_valid_and_labelled(capsys):
    assert main(["show", "sigmoid", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "sigmoid"
    methods = {f["method"] for f in data["facts"]}
    assert methods <= {"proved", "certified", "numeric", "unknown"}
    rng = next(f for f in data["facts"] if f["key"] == "range")
    assert rng["value"] == "(0, 1)"


def test_show_vector_activation(capsys):
    assert main(["show", "softmax"]) == 0
    assert "softmax(x + c) = softmax(x)" in capsys.readouterr().out


@pytest.mark.parametrize("args, needle", [
    (["show", "nope"], "unknown activation"),
    (["show", "elu", "--param", "alpha=-1"], "must be positive"),
    (["show", "elu", "--param", "alpha"], "NAME=VALUE"),
    (["show", "elu", "--param", "beta=2"], "no parameter"),
    (["analyze", "__import__('os').system('echo pwned')"], "attribute access"),
    (["analyze", "__import__('os')"], "unknown function"),
    (["analyze", "x +"], "malformed"),
    (["analyze", "y*2"], "unknown name"),
    (["analyze", "3"], "does not depend on x"),
    (["analyze", "x.real"], "not allowed"),
    (["frobnicate"], "invalid choice"),
    (["analyze", "1/x"], "x is zero at x = 0"),
    (["analyze", "log(x)"], "not defined for every real x"),
    (["analyze", "sqrt(1 - x^2)"], "is negative at x = -2"),
    (["analyze", "sin(x)/x"], "not defined for every real x"),
])
def test_bad_input_is_one_line_and_exit_2(args, needle):
    code, out, err = run(*args)
    assert code == 2
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err
    assert "pwned" not in out


def test_analyze_with_parameter(capsys):
    assert main(["analyze", "x*sigmoid(b*x)", "--param", "b=1.702"]) == 0
    assert "global minimum" in capsys.readouterr().out


def test_jupyter_reprs():
    import symact
    from symact.vector import vector_profile
    p = symact.get("sigmoid").profile()
    latex = p._repr_latex_()
    assert latex.startswith("\\begin{tabular}") and "\\sigma" in latex and latex.endswith("\\end{tabular}")
    md = p._repr_markdown_()
    assert md.count("\n| ") == len(p.facts()) + 1  # header row + one row per fact
    assert "softmax" in vector_profile(symact.get("softmax"))._repr_markdown_()
