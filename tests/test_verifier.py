"""The verifier: the issue's examples, the built-in identity catalog, bad claims, the command
line, claim files, and a mutation suite of more than 500 false claims that must never be
proved or certified."""
from __future__ import annotations

import json

import mpmath
import pytest

import symact
from symact.cli import main
from symact.core.errors import ParseError
from symact.verifier import Status, check_file, verify
from symact.verifier.decide import decide
from symact.verifier.claims import Bound, Relation
from symact.verifier.identities import IDENTITIES

from mutations import fails_somewhere, mutate_bound, mutate_relation, parse


def test_tanh_identity_is_proved():
    v = symact.verify("tanh(x) == 2*sigmoid(2*x) - 1")
    assert v.status is Status.PROVED
    assert "simplifies to 0" in v.evidence[0]


def test_mish_derivative_bound_refuted_with_disjoint_enclosures():
    # Mish' peaks at 1.0885 (x ≈ 1.2): 1.08 is refuted at a point, with both sides enclosed
    v = verify("diff(mish(x), x) <= 1.08")
    assert v.status is Status.REFUTED
    c = v.counterexample
    assert mpmath.mpf(c.lhs[0]) > mpmath.mpf(c.rhs[1])
    assert verify("diff(mish(x), x) <= 1.1").status is Status.CERTIFIED


def test_gelu_tanh_error_bound_is_certified_and_tight():
    v = verify("sup(abs(gelu(x) - gelu_tanh(x)), x, -oo, oo) <= 4.74e-4")
    assert v.status is Status.CERTIFIED
    lo, hi = (mpmath.mpf(s) for s in v.enclosure)
    assert hi - lo <= mpmath.mpf("1e-9")
    assert mpmath.mpf("4.7323e-4") < lo <= hi < mpmath.mpf("4.7325e-4")
    assert abs(mpmath.mpf(v.where) + mpmath.mpf("2.699")) < mpmath.mpf("0.001")
    refuted = verify("sup(abs(gelu(x) - gelu_tanh(x)), x, -oo, oo) <= 4.73e-4")
    assert refuted.status is Status.REFUTED
    assert refuted.counterexample is not None
    assert mpmath.mpf(refuted.counterexample.lhs[0]) > mpmath.mpf(refuted.counterexample.rhs[1])


def test_gelu_sigmoid_error_and_hard_approximations():
    v = verify("sup(abs(gelu(x) - gelu_sigmoid(x)), x, -oo, oo) <= 2.04e-2")
    assert v.status is Status.CERTIFIED
    # the extremum by mpmath alone: the error e(x) = xΦ(x) − xσ(1.702x) is stationary near x = −2.27
    with mpmath.workdps(30):
        def e(t):
            return t * mpmath.ncdf(t) - t / (1 + mpmath.exp(-mpmath.mpf("1.702") * t))
        peak = mpmath.findroot(lambda t: mpmath.diff(e, t), -2.27)
        assert abs(mpmath.mpf(v.enclosure[0]) - abs(e(peak))) < mpmath.mpf(10) ** -15


@pytest.mark.parametrize("name,claim", IDENTITIES, ids=[n for n, _ in IDENTITIES])
def test_builtin_identity_catalog_holds(name, claim):
    v = verify(claim)
    assert v.status.holds, (claim, v.evidence)


def test_parameter_identity_for_the_whole_range():
    v = verify("for alpha > 0: elu(x) == alpha*(exp(x) - 1) on (-oo, 0]")
    assert v.status is Status.PROVED and "every parameter value" in v.evidence[0]
    bad = verify("for alpha > 0: elu(x) == alpha*(exp(x) - 1) on (-oo, 1]")
    assert bad.status is Status.REFUTED and bad.counterexample.parameters


def test_smoothness_iff_over_a_parameter_range():
    v = verify("for alpha > 0: elu is C1 iff alpha == 1")
    assert v.status is Status.PROVED
    wrong = verify("for alpha > 0: elu is C1 iff alpha >= 1")
    assert wrong.status is Status.REFUTED and any("alpha = " in e for e in wrong.evidence)
    assert verify("for alpha > 0: celu is C1 iff alpha > 0").status is Status.PROVED
    assert verify("for alpha > 0: elu is C2 iff alpha == 1").status is Status.REFUTED


def test_unknown_is_said_with_evidence():
    # (elu(x) >= -alpha for alpha > 0 is now proved: tests/test_verifier_gaps.py)
    v = verify("for beta > 0: x*sigmoid(beta*x) >= -0.2785/beta")
    assert v.status is Status.UNKNOWN
    assert any("no counterexample" in e for e in v.evidence)


def test_facts_claims():
    assert verify("range of diff(sigmoid) is (0, 1/4]").status is Status.PROVED
    assert verify("range of diff(sigmoid) is (0, 1/4)").status is Status.REFUTED
    assert verify("relu is C1").status is Status.REFUTED
    assert verify("tanh is even").status is Status.REFUTED
    assert verify("lim(sigmoid(x), x, -oo) == 0").status is Status.PROVED
    assert verify("lim(sigmoid(x), x, -oo) == 1/2").status is Status.REFUTED
    assert verify("mish is Lipschitz <= 1.08").status is Status.REFUTED


@pytest.mark.parametrize("text", [
    "", "import os", "__import__('os') == 1", "x.__class__ == 1", "mish(x) ==", "foo(x) == 1",
    "x <= 1 on [2, 1]", "x*inf == 0", "lim(x, y, oo) == 0", "sup(x, x, 0) <= 1", "sigmoid is purple",
    "for x > 0: x == x", "elu is C1 iff alpha == 1", "for alpha > 0: elu is convex iff alpha == 1",
    "range of x is [0", "x == 1 == x",
    "min of mish ≈ abc", "diff(x, x, 9) == 0", "(lambda: 1)() == 1", "x" * 3000,
])
def test_bad_claims_are_one_line_errors(text):
    with pytest.raises(ParseError) as exc:
        verify(text)
    assert "\n" not in str(exc.value) and str(exc.value)


def test_cli_exit_codes(capsys):
    assert main(["verify", "tanh(x) == 2*sigmoid(2*x) - 1"]) == 0
    assert main(["verify", "sigmoid(x) <= 1/2 on [0, oo)"]) == 1
    assert main(["verify", "for beta > 0: x*sigmoid(beta*x) >= -0.2785/beta"]) == 3
    assert main(["verify", "import os"]) == 2
    out = capsys.readouterr()
    assert "symact: error:" in out.err and "Traceback" not in out.err


def test_check_file_formats(tmp_path, capsys):
    toml = tmp_path / "claims.toml"
    toml.write_text('claims = ["sigmoid(-x) == 1 - sigmoid(x)"]\n[[claim]]\ntext = "diff(sigmoid(x)) < 1/4"\n')
    verdicts = check_file(toml)
    assert [v.status for v in verdicts] == [Status.PROVED, Status.REFUTED]
    assert main(["check", str(toml), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "symact.verdicts/1" and data["summary"]["refuted"] == 1
    text = tmp_path / "claims.txt"
    text.write_text("# comment\nsoftplus(x) - softplus(-x) == x\n")
    assert main(["check", str(text), "--markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("| claim | verdict | evidence |") and "**proved**" in md
    assert main(["check", str(tmp_path / "missing.toml")]) == 2


def _base_claims():
    out = []
    for _, text in IDENTITIES:
        claim = parse(text)
        if isinstance(claim.body, Relation):
            out.append(("relation", claim, None))
        elif isinstance(claim.body, Bound):
            out.append(("bound", claim, decide(claim).enclosure))
    return out


def test_mutation_suite_never_proves_a_false_claim():
    mutants = []
    for kind, claim, enclosure in _base_claims():
        mutants += mutate_relation(claim) if kind == "relation" else mutate_bound(claim, enclosure and enclosure[0])
    assert len(mutants) >= 500
    from symact.core.errors import DomainError
    false_proved, counts, refused = [], {s: 0 for s in Status}, 0
    for what, m in mutants:
        try:
            v = decide(m)
        except DomainError:  # a mutant that is not real on its interval (tanh(x)**2.02): bad input, no proof
            refused += 1
            continue
        counts[v.status] += 1
        if v.status.holds and fails_somewhere(m):
            false_proved.append((m.text, what, v.evidence))
    assert not false_proved, false_proved[:5]
    # most mutations are false and are caught with a certified counterexample
    assert counts[Status.REFUTED] >= 0.8 * len(mutants), (counts, refused)


def test_selu_constants_derived_from_the_fixed_point():
    from symact.verifier.derivations import selu_constants
    s = selu_constants()
    assert s["matches_catalog"]
    assert s["alpha_decimal"].startswith("1.67326324235437728481704299167")
    assert s["lambda_decimal"].startswith("1.05070098735548049341933498529")


def test_gaussian_moments_and_gains():
    from symact.verifier.derivations import TORCH_GAIN, gaussian_moments
    import sympy as sp
    relu = gaussian_moments("relu")
    assert sp.simplify(relu.mean_exact - 1 / sp.sqrt(2 * sp.pi)) == 0 and relu.second_exact == sp.Rational(1, 2)
    with mpmath.workdps(40):
        assert abs(relu.gain - mpmath.sqrt(2)) < mpmath.mpf(10) ** -25  # Kaiming's √2, derived
    tanh = gaussian_moments("tanh", closed_forms=False)
    # E[tanh(Z)²] by mpmath's own quadrature (independent of symact's piecewise integration):
    # 0.39429…, so the derived gain is 1.5925, not PyTorch's 5/3 (a convention)
    with mpmath.workdps(30):
        direct = mpmath.quad(lambda t: mpmath.tanh(t) ** 2 * mpmath.npdf(t), [-mpmath.inf, 0, mpmath.inf])
        assert abs(tanh.second - direct) < mpmath.mpf(10) ** -20
    assert abs(tanh.gain - mpmath.mpf(5) / 3) > mpmath.mpf("0.05") and "convention" in TORCH_GAIN["tanh"][1]


def _certify(tmp_path, claims):
    path = tmp_path / "cert.json"
    assert main(["check", str(_claims_file(tmp_path, claims)), "--certificate", str(path)]) in (0, 1, 3)
    return path


def _claims_file(tmp_path, claims):
    f = tmp_path / "claims.txt"
    f.write_text("\n".join(claims) + "\n")
    return f


def test_certificates_replay_and_tampering_fails(tmp_path, capsys):
    from symact.verifier.certificates import replay
    path = _certify(tmp_path, ["sup(abs(gelu(x) - gelu_tanh(x)), x, -oo, oo) <= 4.74e-4",
                               "diff(mish(x), x) <= 1.08", "tanh(x) == 2*sigmoid(2*x) - 1",
                               "diff(sigmoid(x)) <= 1/4", "softplus(x) > relu(x)", "elu is C1",
                               "lim(1/log(x), x, oo) == 0"])
    results = replay(path)
    # σ' ≤ 1/4 touches its bound at x = 0: the cells there use the Taylor form at that end;
    # relu − softplus → 0 at ±∞ from below: the tails are strict (every decaying term negative);
    # C1 re-checks one-sided derivative values numerically (consistent); a limit too slow for the
    # numeric convergence check rests on symbolic steps only
    assert [r.outcome for r in results] == ["replayed", "replayed", "consistent", "replayed", "replayed",
                                            "consistent", "not replayable"]
    assert main(["replay", str(path)]) == 3
    doc = json.loads(path.read_text())
    cover, refuted, rewrite = doc["certificates"][:3]

    def tampered(change):
        d = json.loads(path.read_text())
        change(d["certificates"])
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(d))
        return replay(bad)

    # a tighter bound than the cells show, a cell removed, a cell widened, a moved tail
    assert tampered(lambda c: c[0].update(claim=c[0]["claim"].replace("4.74e-4", "4.73e-4")))[0].outcome == "failed"
    assert tampered(lambda c: c[0]["targets"][0]["pieces"][0]["cells"].pop(7))[0].outcome == "failed"
    assert tampered(lambda c: c[0]["targets"][0]["pieces"][0]["tails"][0].update(R=1))[0].outcome == "failed"
    def merge(c):
        cells = c[0]["targets"][0]["pieces"][0]["cells"]
        cells[10:12] = [[cells[10][0], cells[11][1]]]
    assert tampered(merge)[0].outcome in ("failed", "replayed")  # a merged cell is re-checked, never trusted
    # a counterexample moved to where the claim holds, a rewrite step changed
    assert tampered(lambda c: c[1].update(x="0"))[1].outcome == "failed"
    assert tampered(lambda c: c[2]["pieces"][0]["chain"][1].__setitem__(1, "exp(x)"))[2].outcome == "failed"
    assert tampered(lambda c: c[2]["pieces"][0]["chain"][-1].__setitem__(1, "1"))[2].outcome == "failed"
    assert main(["replay", str(tmp_path / "missing.json")]) == 2
    capsys.readouterr()


def test_certificate_cells_are_sound_where_derivatives_are_undefined(tmp_path):
    # the Taylor form must never accept a cell from a NaN enclosure of f''
    from symact.verifier.certificates import _Checker
    import sympy as sp
    from symact.core.symbols import X
    check = _Checker(X * sp.Abs(X) * 0 + sp.sqrt(X**2 + 1) - 100, sp.Integer(0))
    assert not check.cell(sp.Integer(0), sp.Integer(200))
    assert check.cell(sp.Integer(0), sp.Integer(50))


def test_vector_identities_hold_for_every_n():
    from symact.verifier.vectors import IDENTITIES as VECTOR, VectorIdentity, verify_vector, _softmax, C
    import sympy as sp
    for ident in VECTOR:
        v = verify_vector(ident)
        assert v.status is Status.PROVED, (ident.text, v.evidence)
    scaled = VectorIdentity("wrong", "softmax(x + c) == e^c softmax(x)", lambda: _softmax(C), lambda: sp.exp(C) * _softmax())
    assert verify_vector(scaled).status is Status.REFUTED


def test_pointwise_limit_in_a_parameter():
    assert verify("for beta > 0: lim(x*sigmoid(beta*x), beta, oo) == relu(x)").status is Status.PROVED
    wrong = verify("for beta > 0: lim(x*sigmoid(beta*x), beta, oo) == abs(x)")
    assert wrong.status is Status.REFUTED and "x < 0" in wrong.evidence[0]


# -- regressions from a hostile sweep: none of these may be proved or certified ----------------------

@pytest.mark.parametrize("claim", [
    "0.1000000000000000000001 == 0.1", "1.0000000000000001 == 1",  # decimals are exact, not doubles
    "swish(x) >= -0.27846454276107379", "sinc(x) >= -0.21723362821122165",
    "sup(abs(hard_swish(x) - swish(x))) <= 0.14227761953270034",  # the sup is 3σ(-3) = 0.142277619532700342…
    "sup(abs(hard_swish(x) - swish(x))) < 3*sigmoid(-3)",  # attained at x = -3
    "lim(binary_step(x), x, 0) == 1", "lim(sign(x), x, 0) == 0", "lim(threshold(x), x, 1/2) == 0",
])
def test_false_claims_from_the_sweep_are_not_proved(claim):
    assert not verify(claim).status.holds


@pytest.mark.parametrize("claim", [
    "gelu(x) >= -0.16997120747990367",  # the minimum is -0.1699712074799036617…
    "lim(binary_step(x), x, 0, '-') == 0", "lim(sign(x), x, 0, '-') == -1",
    "diff(sigmoid(x), x, 2) <= 1",
])
def test_true_claims_from_the_sweep_are_not_refuted(claim):
    assert verify(claim).status is not Status.REFUTED


def test_parameters_reach_catalog_functions_and_bad_names_are_refused():
    assert verify("elu(x) >= -1.9999999999", {"alpha": 2}).status is Status.REFUTED
    assert verify("swish(x) >= -0.14", {"beta": 2}).status.holds  # min for beta = 2 is -0.1392
    for params in ({"x": 2}, {"zzz": 1}):
        with pytest.raises(ParseError):
            verify("x == x", params)
    with pytest.raises(ParseError):
        verify("for __import__ > 0: x == x")
    with pytest.raises(ParseError):
        verify("x <= 1e999999 on [0, 1]")


def test_a_side_undefined_in_the_interval_is_bad_input():
    from symact.core.errors import DomainError
    with pytest.raises(DomainError):
        verify("log(x**2) == 2*log(x)")
    assert verify("log(x**2) == 2*log(x) on (0, oo)").status is Status.PROVED


def test_replay_rejects_counterexamples_outside_the_claim(tmp_path):
    from symact.verifier.certificates import replay
    path = _certify(tmp_path, ["diff(mish(x), x) <= 1.08"])
    d = json.loads(path.read_text())
    d["certificates"][0]["claim"] += " on [0, 1]"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(d))
    assert replay(bad)[0].outcome == "failed"


@pytest.mark.parametrize("claim,holds", [
    ("inf(sinc(x)) >= -0.2172", False), ("inf(sin(x)) >= 0", False), ("inf(x, x, -1, 1) >= 0", False),
    ("sup(x, x, -2, -1) >= 0.5", False), ("sup(x - 3, x, 0, 1) < 0", True), ("inf(sinc(x)) <= -0.21", True),
    ("sup(-exp(-x**2), x, -1, 1) <= -0.3", True), ("inf(swish(x)) >= -0.28", True),
    ("diff(sigmoid(x)) <= 0.25000000000000001", True), ("exp(exp(exp(x))) > 0", True),
])
def test_negative_bounds_and_huge_values(claim, holds):
    # a second sweep: the sign of a negative enclosure end was lost in the exact comparison
    v = verify(claim)
    assert v.status.holds if holds else v.status is Status.REFUTED, (claim, v.status, v.evidence)
