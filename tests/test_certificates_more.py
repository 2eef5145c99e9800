"""Certificates for parameter identities, vector identities and facts of a profile (issue 9):
each true claim writes a replayable kind, and tampering with it makes the replay fail."""
import copy
import json

import pytest

from symact.cli import main
from symact.verifier.certificates import replay, replay_exit_status


def _claims_file(tmp_path, claims):
    f = tmp_path / "claims.txt"
    f.write_text("\n".join(claims) + "\n")
    return f


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """One `symact check --certificate` run over every claim the tests below need."""
    tmp = tmp_path_factory.mktemp("certs")
    claims = [
        "for alpha > 0: elu(x) == alpha*(exp(x) - 1) on (-oo, 0]",  # 0
        "for beta > 0: softplus(x) == log(1 + exp(beta*x))/beta",  # 1
        "for alpha > 0: sqrt(alpha**2)*exp(x) == alpha*exp(x)",  # 2 (true only for alpha > 0)
        "for vector x: softmax(x + c) == softmax(x)",  # 3
        "for vector x: logsumexp(x + c) == logsumexp(x) + c",  # 4
        "for vector x of length 2: softmax(x)[1] == sigmoid(x[1] - x[2])",  # 5
        "mish is Lipschitz <= 1.1",  # 6
        "relu is convex",  # 7
        "tanh is odd",  # 8
        "min of mish ≈ -0.3088 at ≈ -1.1924",  # 9
        "range of hard_tanh is [-1, 1]",  # 10
        "range of diff(sigmoid) is (0, 1/4]",  # 11: an open end rests on a limit
        "lim(sigmoid(x), x, oo) == 1",  # 12
        "elu(x) == x on [0, oo)",  # 13: a piece outside the interval is not part of the chain
        "sigmoid is increasing",  # 14
        "tanh is bounded",  # 15
        "lim(swish(x) - x, x, oo) == 0",  # 16
        "lim(sign(x), x, 0, '-') == -1",  # 17
        "range of sigmoid is (0, 1)",  # 18
        "range of relu is [0, oo)",  # 19
        "softsign is C1",  # 20
        "sigmoid is smooth",  # 21
        "tanh is zero-centred",  # 22
        "for alpha > 0: elu is C1 iff alpha == 1",  # 23
        "for beta > 0: lim(x*sigmoid(beta*x), beta, oo) == relu(x)",  # 24
        "for alpha > 0: elu(x) >= -alpha",  # 25: a sign from the expression's tree (unbounded alpha)
        "softsign is bounded",  # 26: monotone tails with a finite limit
        "elu is continuous",  # 27
        "for alpha > 0: log(1 + alpha*exp(x)) > 0",  # 28: log a > 0 from a - 1 > 0
    ]
    path = tmp / "cert.json"
    assert main(["check", str(_claims_file(tmp, claims)), "--certificate", str(path)]) == 0
    return tmp, json.loads(path.read_text())


def _replay(tmp, entry, change=None):
    entry = copy.deepcopy(entry)
    if change is not None:
        change(entry)
    doc = {"schema": "symact.certificate/1", "certificates": [entry]}
    path = tmp / "one.json"
    path.write_text(json.dumps(doc))
    return replay(path)[0]


def test_kinds_written_and_replayed(written, capsys):
    tmp, doc = written
    certs = doc["certificates"]
    kinds = [c["kind"] for c in certs]
    assert kinds == ["rewrite"] * 3 + ["vector-rewrite"] * 3 + ["composite"] * 5 + ["composite"] * 2 + [
        "rewrite", "composite", "composite"] + ["composite"] * 9 + ["box-cover", "composite", "composite", "box-cover"]
    assert certs[0]["conditions"] == {"alpha": "alpha > 0"}
    outcomes = [_replay(tmp, c) for c in certs]
    assert [r.outcome for r in outcomes] == (
        ["consistent"] * 6 + ["replayed", "replayed", "consistent", "replayed", "replayed"] + ["consistent"] * 3
        + ["replayed", "replayed"] + ["consistent"] * 5 + ["replayed"] + ["consistent"] * 3 + ["replayed"]
        + ["consistent"] * 2 + ["replayed"])
    # the detail says what was checked: the points replay chose and what arb gave there
    assert "x = 10^2, 10^4, …, 10^64" in outcomes[16].detail and "numeric check" in outcomes[16].detail
    assert "x = 0 - 2^-8, …, 0 - 2^-128" in outcomes[17].detail
    assert "rigorous" in outcomes[18].detail  # half-line interval arithmetic bounds |sigmoid - 1| beyond 10^8
    assert "structural sign check" in outcomes[25].detail
    # the exit status: everything re-checked
    assert replay_exit_status(replay(tmp / "cert.json")) == 0
    assert main(["replay", str(tmp / "cert.json")]) == 0
    capsys.readouterr()


def _edit(claim, old, new):
    """The claim replaced, and every recorded check text edited to match (so that the replay gets
    as far as the numeric checks, which must meet the change)."""
    def change(e):
        e["claim"] = claim
        for part in e.get("parts", []):
            if "what" in part:
                part["what"] = part["what"].replace(old, new)
    return change


def test_tampered_limits_and_ranges_fail(written):
    tmp, doc = written
    certs = doc["certificates"]
    swish, sign, sigmoid, relu = certs[16:20]
    # a wrong limit value: the recorded text no longer matches, and with it edited arb sees |f - L| stay large
    assert _replay(tmp, swish, lambda e: e.update(claim=e["claim"].replace("== 0", "== 1"))).outcome == "failed"
    bad = _replay(tmp, swish, _edit("lim(swish(x) - x, x, oo) == 1/10000000000000", "→ 0 as", "→ 1/10000000000000 as"))
    assert bad.outcome == "failed" and "fails" in bad.detail
    bad = _replay(tmp, sign, _edit("lim(sign(x), x, 0, '-') == 1", "-1 → -1", "-1 → 1"))
    assert bad.outcome == "failed" and "fails" in bad.detail
    # a wrong range end: an open end the function does not approach, a closed end it does not take
    assert _replay(tmp, sigmoid, lambda e: e.update(claim="range of sigmoid is (0, 2)")).outcome == "failed"
    bad = _replay(tmp, sigmoid, _edit("range of sigmoid is (0, 2)", "→ 1 as", "→ 2 as"))
    assert bad.outcome == "failed" and "→ 2" in bad.detail and "fails" in bad.detail
    assert _replay(tmp, relu, lambda e: e.update(claim="range of relu is [1, oo)")).outcome == "failed"
    assert _replay(tmp, relu, lambda e: e["choices"].update(tb="-oo")).outcome == "failed"


def test_tampered_smoothness_and_iff_fail(written):
    tmp, doc = written
    certs = doc["certificates"]
    c1, smooth, centred, iff, plimit, elu_sign, bounded, continuous = certs[20:28]
    # a wrong k: the derived checks differ, and with the record edited the jump of f'' shows
    assert _replay(tmp, c1, lambda e: e.update(claim="softsign is C2")).outcome == "failed"
    bad = _replay(tmp, c1, _edit("softsign is C2", "f^(0), f^(1)", "f^(0), f^(1), f^(2)"))
    assert bad.outcome == "failed" and "fails" in bad.detail
    bad = _replay(tmp, continuous, _edit("elu is C2", "f^(0)", "f^(0), f^(1), f^(2)"))
    assert bad.outcome == "failed" and "fails" in bad.detail
    assert _replay(tmp, smooth, lambda e: e.update(claim="relu is smooth")).outcome == "failed"
    assert _replay(tmp, centred, lambda e: e.update(claim="sigmoid is zero-centred")).outcome == "failed"
    # a flipped or moved iff condition
    assert _replay(tmp, iff, lambda e: e.update(claim="for alpha > 0: elu is C1 iff alpha != 1")).outcome == "failed"
    assert _replay(tmp, iff, lambda e: e.update(claim="for alpha > 0: elu is C1 iff alpha == 2")).outcome == "failed"
    assert _replay(tmp, iff, lambda e: e.update(claim="for alpha > 0: elu is C2 iff alpha == 1")).outcome == "failed"
    # a changed parameter condition: beta -> oo leaves beta < 0; a wrong limit
    assert _replay(tmp, plimit, lambda e: e.update(claim=e["claim"].replace("beta > 0", "beta < 0"))).outcome \
        == "failed"
    bad = _replay(tmp, plimit, _edit("for beta > 0: lim(x*sigmoid(beta*x), beta, oo) == x", "x = -3: -3*sigmoid(-3*beta) → 0",
                                     "x = -3: -3*sigmoid(-3*beta) → -3"))
    assert bad.outcome == "failed" and "fails" in bad.detail
    # the structural sign: alpha's sign changed or unknown
    assert _replay(tmp, elu_sign, lambda e: e.update(claim="for alpha < 0: elu(x) >= -alpha")).outcome == "failed"
    assert _replay(tmp, elu_sign, lambda e: e.update(claim="for alpha > -1: elu(x) >= -alpha")).outcome == "failed"
    assert _replay(tmp, elu_sign, lambda e: e.update(claim="for alpha > 0: elu(x) >= -alpha/2")).outcome == "failed"
    log = certs[28]
    assert _replay(tmp, log, lambda e: e.update(claim="for alpha > -1: log(1 + alpha*exp(x)) > 0")).outcome == "failed"
    assert _replay(tmp, log, lambda e: e.update(claim="for alpha > 0: log(1 + alpha*exp(x)) > 1")).outcome == "failed"
    # bounded by monotone tails: a wrong limit, a wrong direction
    assert _replay(tmp, bounded, lambda e: e["choices"]["tails"]["oo"].update(limit="2")).outcome == "failed"
    assert _replay(tmp, bounded, lambda e: e["choices"]["tails"]["oo"].update(monotone="decreasing")).outcome \
        == "failed"


def test_tampered_parameter_identities_fail(written):
    tmp, doc = written
    elu, softplus, root = doc["certificates"][:3]
    # a parameter condition changed: in the claim (the chain no longer starts at lhs - rhs), or in the record
    assert _replay(tmp, root, lambda e: e.update(claim=e["claim"].replace("alpha > 0", "alpha < 0"))).outcome == "failed"
    assert _replay(tmp, root, lambda e: e.update(claim=e["claim"].replace("alpha > 0", "alpha > -1"))).outcome == "failed"
    assert _replay(tmp, elu, lambda e: e.update(conditions={"alpha": "alpha > 1"})).outcome == "failed"
    # a step changed, the claim's interval changed
    assert _replay(tmp, softplus, lambda e: e["pieces"][0]["chain"][1].__setitem__(1, "exp(-x)/beta")).outcome \
        == "failed"
    assert _replay(tmp, softplus, lambda e: e["pieces"][0]["chain"][0].__setitem__(
        1, e["pieces"][0]["chain"][0][1].replace("beta*x", "2*beta*x"))).outcome == "failed"
    assert _replay(tmp, elu, lambda e: e.update(claim=e["claim"].replace("(-oo, 0]", "R"))).outcome == "failed"


def test_tampered_vector_chains_fail(written):
    tmp, doc = written
    shift, lse, two = doc["certificates"][3:6]

    def bump(node):
        # the first integer 1 found in a recorded form becomes 2
        if isinstance(node, list):
            if node[:2] == ["Integer", "1"]:
                node[1] = "2"
                return True
            return any(bump(child) for child in node[1:])
        return False

    def wrong_step(e):
        chain = e["components"][0]["chain"]
        assert bump(chain[1][1])

    assert _replay(tmp, shift, wrong_step).outcome == "failed"
    assert _replay(tmp, lse, lambda e: e.update(claim="for vector x: logsumexp(x + c) == logsumexp(x) + 2*c")).outcome \
        == "failed"
    assert _replay(tmp, two, lambda e: e["components"].pop()).outcome == "failed"
    assert _replay(tmp, shift, lambda e: e["components"][0]["chain"].pop()).outcome == "failed"  # does not end at 0
    # only whitelisted node types are read back
    bad = _replay(tmp, shift, lambda e: e["components"][0]["chain"][0].__setitem__(1, ["fn", "__import__", ["Integer", "1"]]))
    assert bad.outcome == "failed"


def test_tampered_composites_fail(written):
    tmp, doc = written
    certs = doc["certificates"]
    lipschitz, convex, odd, minimum, rng = certs[6:11]
    # the Lipschitz constant below the true sup |mish'| = 1.0885
    assert _replay(tmp, lipschitz, lambda e: e.update(claim="mish is Lipschitz <= 1.08")).outcome == "failed"
    # a sub-certificate's cell removed, a recorded sub-claim edited
    assert _replay(tmp, lipschitz, lambda e: e["parts"][0]["targets"][0]["pieces"][0]["cells"].pop(3)).outcome == "failed"
    assert _replay(tmp, lipschitz, lambda e: e["parts"][0].update(claim="sup(abs(1), x, -oo, oo) <= 2")).outcome == "failed"
    # another claim under the same certificate
    assert _replay(tmp, convex, lambda e: e.update(claim="relu is concave")).outcome == "failed"
    assert _replay(tmp, odd, lambda e: e.update(claim="tanh is even")).outcome == "failed"
    # the minimum: a tighter value, a point outside the window, a bound u above the tolerance
    assert _replay(tmp, minimum, lambda e: e.update(claim="min of mish ≈ -0.3089 at ≈ -1.1924")).outcome == "failed"
    assert _replay(tmp, minimum, lambda e: e["choices"].update(t="-1")).outcome == "failed"
    assert _replay(tmp, minimum, lambda e: e["choices"].update(u="-0.3")).outcome == "failed"
    assert _replay(tmp, rng, lambda e: e.update(claim="range of hard_tanh is [-1, 2]")).outcome == "failed"
    assert _replay(tmp, rng, lambda e: e["parts"].pop()).outcome == "failed"


def test_false_claims_get_no_certificate():
    """Written for a claim that does not hold, the numeric checks refuse: no certificate (the
    reason names the failing check)."""
    from symact.verifier import certificates
    from symact.verifier.certificate_kinds import composite_entry
    from symact.verifier.claims import parse_claim
    kit = certificates._kit()
    for text in ("for alpha > 0: elu is C1 iff alpha != 1", "softsign is C2", "elu is C2",
                 "lim(swish(x) - x, x, oo) == 1/10000000000000", "range of sigmoid is (0, 2)",
                 "for beta > 0: lim(x*sigmoid(beta*x), beta, oo) == x"):
        found = composite_entry(parse_claim(text), kit)
        assert isinstance(found, str) and ("does not hold" in found or "not approached" in found), (text, found)
