"""Inequalities that touch their bound at an irrational point, open ends, boxes of several
parameters, sums of softmax, and the certificates of all of these (issue 9).

Every false variant is judged false here independently, with mpmath at 50 digits at a
hand-derived witness, before the verifier's answer is looked at.
"""
from __future__ import annotations

import json

import mpmath
import pytest
import sympy as sp

from symact import verify
from symact.verifier import certificates, parse_claim
from symact.verifier.verdicts import Status

with mpmath.workdps(60):
    W = mpmath.lambertw(mpmath.exp(-1)).real


@pytest.fixture(autouse=True)
def _fifty_digits():
    """mpmath at 50 digits for every judgement here (other tests may change mp.dps)."""
    with mpmath.workdps(50):
        yield


def _swish(x):
    return x / (1 + mpmath.exp(-x))


# -- touching at an irrational point -----------------------------------------------------------------

def test_swish_touches_minus_w_of_one_over_e():
    v = verify("swish(x) >= -LambertW(exp(-1))")
    assert v.status is Status.CERTIFIED
    assert any("touches 0 at x = -1 - LambertW(exp(-1))" in e for e in v.evidence)


def test_strict_touching_claim_is_refuted_at_the_exact_point():
    v = verify("swish(x) > -LambertW(exp(-1))")
    assert v.status is Status.REFUTED
    ce = v.counterexample
    assert ce.x == "-1 - LambertW(exp(-1))" and ce.equal
    # independently: swish(-1 - W) + W is 0 to 50 digits
    assert abs(_swish(-1 - W) + W) < mpmath.mpf(10) ** -45


@pytest.mark.parametrize("claim, witness", [
    ("swish(x) >= -LambertW(exp(-1)) + 1e-40", lambda: _swish(-1 - W) - (-W + mpmath.mpf("1e-40"))),
    ("swish(x) >= -0.2784645427", lambda: _swish(-1 - W) + mpmath.mpf("0.2784645427")),
    ("x*log(x) >= -exp(-1) + 1e-30 on (0, oo)",
     lambda: mpmath.exp(-1) * mpmath.log(mpmath.exp(-1)) + mpmath.exp(-1) - mpmath.mpf("1e-30")),
    ("x*log(x) >= -0.3678794411 on (0, oo)",
     lambda: mpmath.exp(-1) * (-1) + mpmath.mpf("0.3678794411")),
])
def test_false_touching_variants_are_never_proved(claim, witness):
    assert witness() < 0  # false, judged by mpmath at the minimiser
    assert verify(claim).status in (Status.REFUTED, Status.UNKNOWN)


def test_x_log_x_at_its_open_end_and_its_minimum():
    assert verify("x*log(x) >= -exp(-1) on (0, oo)").status is Status.CERTIFIED
    v = verify("x*log(x) > -exp(-1) on (0, oo)")
    assert v.status is Status.REFUTED and v.counterexample.x == "exp(-1)"
    assert verify("x*log(x) > -1 on (0, oo)").status is Status.CERTIFIED


# -- vector sums ------------------------------------------------------------------------------------

def test_sum_of_softmax_is_one_for_every_n():
    assert verify("for vector x: sum(softmax(x)) == 1").status is Status.PROVED
    assert verify("for vector x: sum(exp(log_softmax(x))) == 1").status is Status.PROVED
    assert verify("for vector x: sum(softmax(x)) == 2").status is Status.REFUTED
    assert verify("for vector x: sum(softmax(2*x)) == 1").status is Status.PROVED


# -- several parameters ---------------------------------------------------------------------------------

def test_two_and_three_parameter_boxes_are_certified():
    v = verify("for 1 <= a <= 2 and 1 <= b <= 3: a*tanh(b*x) >= -2")
    assert v.status is Status.CERTIFIED and "(x, a, b) cells" in v.evidence[0]
    v = verify("for 1 <= a <= 2 and 1 <= b <= 3 and 0 <= c <= 1: a*tanh(b*x) + c >= -2")
    assert v.status is Status.CERTIFIED and "(x, a, b, c) cells" in v.evidence[0]


@pytest.mark.parametrize("claim, witness", [
    # a = 2, x → −∞: 2·tanh(b·x) → −2 < −1.99
    ("for 1 <= a <= 2 and 1 <= b <= 3: a*tanh(b*x) >= -1.99", lambda: 2 * mpmath.tanh(-30) + mpmath.mpf("1.99")),
    # the corner alpha = 2, lam = 1.1: lam·alpha·(e^x − 1) → −2.2 < −2.1
    ("for 0.5 <= alpha <= 2 and 1 <= lam <= 1.1: lam*elu(x) >= -2.1",
     lambda: mpmath.mpf("1.1") * 2 * (mpmath.exp(-60) - 1) + mpmath.mpf("2.1")),
    # a = 1, b = 0, x = −40: σ(−40) ≈ 4e−18 < 1e−9
    ("for 1 <= a <= 2 and 0 <= b <= 1: a*sigmoid(x) + b >= 1e-9",
     lambda: 1 / (1 + mpmath.exp(40)) - mpmath.mpf("1e-9")),
    ("for 1 <= a <= 2 and 1 <= b <= 3: a*tanh(b*x) <= 1.999", lambda: mpmath.mpf("1.999") - 2 * mpmath.tanh(30)),
])
def test_false_box_claims_are_never_certified(claim, witness):
    assert witness() < 0
    assert verify(claim).status in (Status.REFUTED, Status.UNKNOWN)


def test_coupled_conditions_are_not_a_box():
    v = verify("for 1 <= a <= 2 and a <= b and b <= 3: a*tanh(b*x) >= -2")
    assert v.status in (Status.UNKNOWN, Status.PROVED, Status.CERTIFIED)
    if v.status is Status.UNKNOWN:
        assert any("ties parameters together" in e for e in v.evidence)


# -- certificates ----------------------------------------------------------------------------------

def _write(tmp_path, claim: str, name: str = "c.json") -> tuple[dict, str]:
    parsed = parse_claim(claim)
    from symact.verifier import decide
    v = decide(parsed)
    path = tmp_path / name
    certificates.write(path, [certificates.certificate(v, parsed)])
    return json.loads(path.read_text()), str(path)


def _replay(doc: dict, tmp_path, name: str = "t.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return certificates.replay(path)[0]


def test_box_cover_certificate_replays_and_tampering_fails(tmp_path):
    doc, path = _write(tmp_path, "for 1 <= a <= 2 and 1 <= b <= 3: a*tanh(b*x) >= -2")
    entry = doc["certificates"][0]
    assert entry["kind"] == "box-cover"
    assert certificates.replay(path)[0].outcome == "replayed"
    # a cut moved outside its cell
    bad = json.loads(json.dumps(doc))
    node = bad["certificates"][0]["parts"][0]["cells"]
    while "split" in node:
        node = node["lo"]
    node.update({"split": 0, "at": "1e9", "lo": {}, "hi": {}})
    assert _replay(bad, tmp_path).outcome == "failed"
    # a smaller box
    bad = json.loads(json.dumps(doc))
    bad["certificates"][0]["box"][1][1] = "2.5"
    assert _replay(bad, tmp_path).outcome == "failed"
    # a tighter claim: some cell no longer holds
    bad = json.loads(json.dumps(doc))
    bad["certificates"][0]["claim"] = "for 1 <= a <= 2 and 1 <= b <= 3: a*tanh(b*x) >= -1.5"
    assert _replay(bad, tmp_path).outcome == "failed"
    # a tail moved into the window
    bad = json.loads(json.dumps(doc))
    bad["certificates"][0]["parts"][0]["tails"][0]["R"] = 3
    assert _replay(bad, tmp_path).outcome == "failed"


def test_assumption_proofs_get_a_cover_or_a_structural_check(tmp_path):
    doc, path = _write(tmp_path, "for 1 <= a <= 2 and 0 <= b <= 1: a*sigmoid(x) + b >= 0")
    assert doc["certificates"][0]["kind"] == "box-cover"
    assert certificates.replay(path)[0].outcome == "replayed"
    # over an unbounded range: the structural sign check of the expression tree (a proof)
    doc, path = _write(tmp_path, "for alpha > 0: elu(x) >= -alpha", "u.json")
    assert certificates.replay(path)[0].outcome == "replayed"
    doc, path = _write(tmp_path, "for alpha > 0: elu(x) >= -alpha - 1", "v.json")
    bad = json.loads(json.dumps(doc))
    bad["certificates"][0]["claim"] = "for alpha > 0: elu(x) >= -alpha + 1"
    assert _replay(bad, tmp_path).outcome == "failed"


def test_touching_cover_replays_as_consistent_and_tampering_fails(tmp_path):
    doc, path = _write(tmp_path, "swish(x) >= -LambertW(exp(-1))")
    piece = doc["certificates"][0]["targets"][0]["pieces"][0]
    assert [t["how"] for t in piece["touches"]] == ["convex"]
    assert certificates.replay(path)[0].outcome == "consistent"
    bad = json.loads(json.dumps(doc))
    bad["certificates"][0]["targets"][0]["pieces"][0]["touches"][0]["at"] = "-1 - LambertW(exp(-1)) + 10**(-30)"
    assert _replay(bad, tmp_path).outcome == "failed"
    bad = json.loads(json.dumps(doc))
    bad["certificates"][0]["claim"] = "swish(x) >= -LambertW(exp(-1)) + 10**(-40)"
    assert _replay(bad, tmp_path).outcome == "failed"


def test_attained_bound_and_open_end_covers(tmp_path):
    doc, path = _write(tmp_path, "sup(abs(hard_swish(x) - swish(x)), x, -oo, oo) <= 3*sigmoid(-3)")
    assert doc["certificates"][0]["kind"] == "cover"
    assert certificates.replay(path)[0].outcome == "consistent"
    doc, path = _write(tmp_path, "x*log(x) > -1 on (0, oo)", "o.json")
    hows = [t["how"] for t in doc["certificates"][0]["targets"][0]["pieces"][0]["touches"]]
    assert hows == ["open end"]
    assert certificates.replay(path)[0].outcome == "replayed"


def test_equal_sides_counterexample_replays(tmp_path):
    doc, path = _write(tmp_path, "swish(x) > -LambertW(exp(-1))")
    assert doc["certificates"][0]["kind"] == "counterexample" and doc["certificates"][0]["equal"]
    assert certificates.replay(path)[0].outcome == "consistent"
    bad = json.loads(json.dumps(doc))
    bad["certificates"][0]["x"] = "-1 - LambertW(exp(-1)) + 10**(-60)"
    assert _replay(bad, tmp_path).outcome == "failed"


def test_a_corner_outside_open_ranges_is_moved_inside_for_the_counterexample():
    # a → 0, b → 1 (both open ends): min over x of x − a·log x − b is a − a·log a − b < 0
    with mpmath.workdps(50):
        a, b = mpmath.mpf("1e-6"), 1 - mpmath.mpf("1e-6")
        assert a - a * mpmath.log(a) - b < 0
    v = verify("for 0 < a < 1 and 0 < b < 1: a*log(x) + b <= x on (0, oo)")
    assert v.status is Status.REFUTED
    values = {k: sp.Rational(t) for k, t in v.counterexample.parameters.items()}
    assert 0 < values["a"] < 1 and 0 < values["b"] < 1
