r"""Profiles of vector and gated activations (softmax family, Maxout, GLU family).

Facts here are identities checked symbolically for a concrete size (``n = 3`` unless stated):
the Jacobian in closed form (softmax: :math:`J = \operatorname{diag}(s) - s s^\top`), the
invariances (softmax is unchanged by adding a constant to every input), the reductions
(two-class softmax is :math:`\sigma(x_1 - x_2)`, log-softmax is :math:`x - \operatorname{LSE}(x)`,
softmin is softmax of :math:`-x`, ReGLU/GEGLU/SwiGLU are :math:`a\,g(b)`) and ranges.
An identity is ``proved`` only when ``simplify`` of its ground-truth difference is 0, under a
time budget; otherwise it is reported ``unknown``.
"""
from __future__ import annotations

import sympy as sp

from .budget import within_budget
from .limits import budget_scale
from .catalog import Activation, get
from .facts import Fact, Method
from .render import Rendered
from .vocabulary import sigmoid, to_exp_form


def _zero(expr: sp.Expr, seconds: float = 2.0) -> bool | None:
    def attempt():
        return sp.simplify(to_exp_form(sp.sympify(expr))) == 0
    try:
        finished, ok = within_budget(attempt, seconds * budget_scale())
    except (NotImplementedError, TypeError, ValueError):
        return None
    return ok if finished else None


def _identity_fact(key: str, label: str, text: str, difference, evidence: str) -> Fact:
    if isinstance(difference, sp.MatrixBase):
        results = [_zero(e) for e in difference]
        ok = all(results) if all(r is not None for r in results) else None
    else:
        ok = _zero(difference)
    if ok:
        return Fact(key, label, text, Method.PROVED, evidence + "; difference simplifies to 0")
    return Fact(key, label, text + " (not confirmed)", Method.UNKNOWN, evidence + "; simplification did not reach 0")


def _open_unit_interval_fact(s: sp.Matrix, text: str) -> Fact:
    """Each output in (0, 1): sᵢ > 0 and 1 - sᵢ > 0, proved by the structural sign prover."""
    from .analysis import _structural_sign
    ok = all(_structural_sign(sp.together(v)) == 1 and _structural_sign(sp.together(1 - v)) == 1 for v in s)
    if ok:
        return Fact("range", "range of each output", text, Method.PROVED,
                    "sᵢ > 0 and 1 - sᵢ > 0 proved by SymPy's assumptions (sums of exponentials)")
    return Fact("range", "range of each output", text + " (not confirmed)", Method.UNKNOWN, "sign not proved")


def _negative_fact(out: sp.Matrix) -> Fact:
    """log_softmax < 0: exp of each output is a softmax component, which is in (0, 1)."""
    from .analysis import _structural_sign
    ok = all(_structural_sign(sp.together(1 - sp.exp(v))) == 1 for v in out)
    if ok:
        return Fact("range", "range of each output", "(-∞, 0)", Method.PROVED,
                    "1 - exp(outᵢ) > 0 proved by SymPy's assumptions")
    return Fact("range", "range of each output", "(-∞, 0) (not confirmed)", Method.UNKNOWN, "sign not proved")


class VectorProfile(Rendered):
    """Facts about a vector or gated activation, at size ``n``."""

    def __init__(self, record: Activation, n: int | None = None):
        self.record = record
        self.n = n or (2 if record.kind == "gated" else record.default_size)
        self.inputs, self.output = record.build(self.n)
        self.name = record.name
        self.params = {}
        self._facts = None

    def facts(self) -> list[Fact]:
        if self._facts is None:
            self._facts = self._compute()
        return self._facts

    def __getitem__(self, key: str) -> Fact:
        for f in self.facts():
            if f.key == key:
                return f
        raise KeyError(key)

    def to_json(self) -> dict:
        r = self.record
        return {"name": r.name, "kind": r.kind, "title": r.title, "size": self.n,
                "inputs": [str(s) for s in self.inputs], "definition": [sp.sstr(e) for e in self.output],
                "torch": r.torch, "jax": r.jax, "reference": r.reference, "notes": r.notes,
                "facts": [f.to_json() for f in self.facts()]}

    def _compute(self) -> list[Fact]:
        xs, out = self.inputs, self.output
        facts = [Fact("definition", f"f({', '.join(map(str, xs))})", sp.sstr(list(out)), Method.PROVED,
                      "the catalog definition", out, sp.latex(out))]
        jac = out.jacobian(sp.Matrix(xs))
        facts.append(Fact("jacobian", "Jacobian", sp.sstr(jac.applyfunc(sp.simplify)), Method.PROVED,
                          "symbolic differentiation", jac))
        facts += getattr(self, "_facts_" + self.record.name, lambda *a: [])(xs, out, jac)
        return facts

    # softmax family ---------------------------------------------------------------------------
    def _facts_softmax(self, xs, s, jac):
        c = sp.Symbol("c", real=True)
        n = len(xs)
        closed = sp.diag(*s) - s * s.T
        shifted = s.subs({v: v + c for v in xs}, simultaneous=True)
        two = get("softmax").build(2)
        return [
            _identity_fact("jacobian_closed_form", "Jacobian closed form", "J = diag(s) - s sᵀ", jac - closed,
                           f"n = {n}"),
            _identity_fact("shift_invariance", "shift invariance", "softmax(x + c) = softmax(x)", shifted - s,
                           f"n = {n}, symbolic c"),
            _identity_fact("sums_to_one", "outputs sum to 1", "Σ sᵢ = 1", sum(s) - 1, f"n = {n}"),
            _identity_fact("two_class", "two-class reduction", "softmax(x1, x2)₁ = σ(x1 - x2)",
                           two[1][0] - sigmoid(two[0][0] - two[0][1]), "n = 2"),
            _open_unit_interval_fact(s, "(0, 1), and the outputs lie on the open simplex"),
        ]

    def _facts_log_softmax(self, xs, out, jac):
        lse = sp.log(sum(sp.exp(v) for v in xs))
        s = get("softmax").build(len(xs))[1]
        return [
            _identity_fact("logsumexp", "definition via LSE", "log_softmax(x) = x - logsumexp(x)",
                           out - sp.Matrix([v - lse for v in xs]), f"n = {len(xs)}"),
            _identity_fact("log_of_softmax", "log of softmax", "log_softmax = log(softmax)",
                           out.applyfunc(sp.exp) - s, f"n = {len(xs)} (compared after exp)"),
            _negative_fact(out),
        ]

    def _facts_softmin(self, xs, out, jac):
        s = get("softmax").build(len(xs))[1].subs({v: -v for v in xs}, simultaneous=True)
        return [_identity_fact("softmax_of_negative", "reduction", "softmin(x) = softmax(-x)", out - s,
                               f"n = {len(xs)}"),
                _open_unit_interval_fact(out, "(0, 1)")]

    def _facts_maxout(self, zs, out, jac):
        relu = get("relu").expression()
        z = get("relu").expr.free_symbols.pop()
        k2 = sp.Max(zs[0], 0)
        return [
            Fact("convex", "convexity", "convex and piecewise linear (max of affine functions)", Method.PROVED,
                 "theorem: a pointwise maximum of convex (here affine) functions is convex"),
            Fact("smoothness", "smoothness", "C^0; not differentiable where two pieces tie", Method.PROVED,
                 "theorem: max of continuous functions is continuous; at a tie the one-sided slopes differ"),
            _identity_fact("relu_special_case", "ReLU as Maxout", "max(z, 0) = relu(z) (k = 2, second piece 0)",
                           sp.piecewise_fold(k2.rewrite(sp.Piecewise) - relu.subs(z, zs[0])), "k = 2"),
        ]

    # gated -------------------------------------------------------------------------------------
    def _gate_facts(self, xs, out, jac, gate_name: str, gate):
        a, b = xs
        return [
            Fact("partial_a", "∂f/∂a", sp.sstr(sp.diff(out[0], a)), Method.PROVED, "symbolic differentiation"),
            Fact("partial_b", "∂f/∂b", sp.sstr(sp.diff(out[0], b)), Method.PROVED, "symbolic differentiation"),
            Fact("gate", "gate", f"f(a, b) = a · {gate_name}(b)", Method.PROVED, "definition"),
            _identity_fact("linear_in_a", "linear in a", "f(t·a, b) = t·f(a, b)",
                           out[0].subs(a, sp.Symbol("t", real=True) * a) - sp.Symbol("t", real=True) * out[0],
                           "symbolic t"),
        ]

    def _facts_glu(self, xs, out, jac):
        return self._gate_facts(xs, out, jac, "sigmoid", sigmoid)

    def _facts_reglu(self, xs, out, jac):
        return self._gate_facts(xs, out, jac, "relu", None)

    def _facts_geglu(self, xs, out, jac):
        a, b = xs
        return self._gate_facts(xs, out, jac, "gelu", None) + [
            _identity_fact("gelu_gate", "gate is GELU", "GEGLU(a, b) = a·gelu(b)",
                           out[0] - a * get("gelu")(b), "catalog gelu")]

    def _facts_swiglu(self, xs, out, jac):
        a, b = xs
        return self._gate_facts(xs, out, jac, "swish", None) + [
            _identity_fact("swish_gate", "gate is SiLU", "SwiGLU(a, b) = a·silu(b)",
                           out[0] - a * get("silu")(b), "catalog silu (beta = 1)")]


_CACHE: dict = {}


def vector_profile(record: Activation, n: int | None = None) -> VectorProfile:
    """The (cached) profile of a vector or gated record at size ``n``."""
    key = (record.name, n)
    if key not in _CACHE:
        _CACHE[key] = VectorProfile(record, n)
    return _CACHE[key]
