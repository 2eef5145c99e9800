r"""Profiles of vector and gated activations (softmax family, log-sum-exp, Maxout, GLU family).

Facts here are identities checked symbolically for a concrete size (``n = 3`` unless stated):
the Jacobian in closed form (softmax: :math:`J = \operatorname{diag}(s) - s s^\top`), the
invariances (softmax is unchanged by adding a constant to every input), the reductions
(two-class softmax is :math:`\sigma(x_1 - x_2)`, log-softmax is :math:`x - \operatorname{LSE}(x)`,
softmin is softmax of :math:`-x`, ReGLU/GEGLU/SwiGLU are :math:`a\,g(b)`) and ranges. An identity
is ``proved`` only when its difference is shown to be 0 (:mod:`symact.prove.zero`) under the work
budget; otherwise it is ``unknown``.
"""
from __future__ import annotations

import sympy as sp

from ..catalog import Activation, get
from ..catalog.vector import softmax_of
from ..core import settings
from ..core.budget import Budget
from ..core.facts import Fact
from ..core.methods import Method, weakest
from ..core.values import SCHEMA, Formula, Interval, Label, RealSet
from ..core.vocabulary import sigmoid
from ..numeric.numbers import exact_number
from ..prove.structural import structural_sign
from ..prove.zero import constant_is_zero


def _zero(expr: sp.Expr, budget: Budget) -> Method | None:
    """The method proving expr ≡ 0 (symbols are real), or None."""
    known = constant_is_zero(sp.sympify(expr), budget)  # symbolic: simplify of the exp form
    return known.method if known.value is True and known.method is Method.PROVED else None


def identity(key: str, label: str, statement: str, difference, evidence: str, budget: Budget) -> Fact:
    diffs = list(difference) if isinstance(difference, sp.MatrixBase) else [difference]
    methods = [_zero(d, budget) for d in diffs]
    if all(m is not None for m in methods):
        return Fact(key, label, Label("holds", {"statement": statement}), weakest(*methods),
                    evidence + "; the difference simplifies to 0")
    return Fact(key, label, Label("not confirmed", {"statement": statement}), Method.UNKNOWN,
                evidence + "; simplification did not reach 0")


def _open_unit(values, text_key: str, statement: str) -> Fact:
    ok = all(structural_sign(sp.together(v)) == 1 and structural_sign(sp.together(1 - v)) == 1 for v in values)
    s = RealSet((Interval(exact_number(sp.S.Zero), exact_number(sp.S.One), False, False),))
    if ok:
        return Fact(text_key, "range of each output", s, Method.PROVED,
                    f"{statement}: sᵢ > 0 and 1 - sᵢ > 0 proved by SymPy's assumptions (sums of exponentials)")
    return Fact(text_key, "range of each output", s, Method.UNKNOWN, "sign not proved")


class VectorProfile:
    """Facts about a vector or gated activation, at size ``n``."""

    def __init__(self, record: Activation, n: int | None = None):
        self.record = record
        self.n = n or (2 if record.kind == "gated" else record.default_size)
        self.inputs, self.output = record.build(self.n)
        self.name = record.name
        self.params: dict = {}
        self.budget = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
        self._facts: list[Fact] | None = None

    def facts(self) -> list[Fact]:
        if self._facts is None:
            self._facts = self._compute()
        return self._facts

    def __getitem__(self, key: str) -> Fact:
        for f in self.facts():
            if f.key == key:
                return f
        raise KeyError(key)

    def keys(self) -> list[str]:
        return [f.key for f in self.facts()]

    def to_json(self) -> dict:
        r = self.record
        return {"schema": SCHEMA, "name": r.name, "kind": r.kind, "title": r.title, "size": self.n,
                "inputs": [str(s) for s in self.inputs], "definition": [sp.sstr(e) for e in self.output],
                "torch": r.torch, "jax": r.jax, "keras": r.keras, "reference": r.reference, "notes": r.notes,
                "facts": [f.to_json() for f in self.facts()]}

    def __str__(self) -> str:
        from ..report.text import profile_text
        return profile_text(self)

    def _repr_markdown_(self) -> str:
        from ..report.markdown import profile_markdown
        return profile_markdown(self)

    def _repr_latex_(self) -> str:
        from ..report.latex import profile_latex
        return profile_latex(self)

    def _compute(self) -> list[Fact]:
        xs, out = self.inputs, self.output
        facts = [Fact("definition", f"f({', '.join(map(str, xs))})", Formula(out), Method.PROVED, "the definition")]
        jac = out.jacobian(sp.Matrix(xs))
        facts.append(Fact("jacobian", "Jacobian", Formula(jac.applyfunc(sp.factor_terms)), Method.PROVED,
                          "symbolic differentiation"))
        facts += getattr(self, "_facts_" + self.record.name, lambda *a: [])(xs, out, jac)
        return facts

    # softmax family ---------------------------------------------------------------------------
    def _facts_softmax(self, xs, s, jac):
        c = sp.Symbol("c", real=True)
        n = len(xs)
        shifted = s.subs({v: v + c for v in xs}, simultaneous=True)
        two_in, two_out = get("softmax").build(2)
        b = self.budget
        return [
            identity("jacobian_closed_form", "Jacobian closed form", "J = diag(s) - s sᵀ",
                     jac - (sp.diag(*s) - s * s.T), f"n = {n}", b),
            identity("shift_invariance", "shift invariance", "softmax(x + c) = softmax(x)", shifted - s,
                     f"n = {n}, symbolic c", b),
            identity("sums_to_one", "outputs sum to 1", "Σ sᵢ = 1", sum(s) - 1, f"n = {n}", b),
            identity("two_class", "two-class reduction", "softmax(x1, x2)₁ = σ(x1 - x2)",
                     two_out[0] - sigmoid(two_in[0] - two_in[1]), "n = 2", b),
            _open_unit(s, "range", "(0, 1), the outputs lie on the open simplex"),
        ]

    def _facts_log_softmax(self, xs, out, jac):
        lse = sp.log(sum(sp.exp(v) for v in xs))
        s = softmax_of(xs)
        b = self.budget
        negative = all(structural_sign(sp.together(1 - sp.exp(v))) == 1 for v in out)
        rng = RealSet((Interval(exact_number(-sp.oo), exact_number(sp.S.Zero), False, False),))
        return [
            identity("logsumexp", "definition via LSE", "log_softmax(x) = x - logsumexp(x)",
                     out - sp.Matrix([v - lse for v in xs]), f"n = {len(xs)}", b),
            identity("log_of_softmax", "log of softmax", "log_softmax = log(softmax)",
                     out.applyfunc(sp.exp) - s, f"n = {len(xs)} (compared after exp)", b),
            Fact("range", "range of each output", rng, Method.PROVED if negative else Method.UNKNOWN,
                 "1 - exp(outᵢ) > 0 proved by SymPy's assumptions" if negative else "sign not proved"),
        ]

    def _facts_softmin(self, xs, out, jac):
        s = softmax_of(xs).subs({v: -v for v in xs}, simultaneous=True)
        return [identity("softmax_of_negative", "reduction", "softmin(x) = softmax(-x)", out - s,
                         f"n = {len(xs)}", self.budget),
                _open_unit(out, "range", "(0, 1)")]

    def _facts_logsumexp(self, xs, out, jac):
        c = sp.Symbol("c", real=True)
        shifted = out.subs({v: v + c for v in xs}, simultaneous=True)
        return [identity("gradient_is_softmax", "gradient", "∇ logsumexp(x) = softmax(x)",
                         jac.T - softmax_of(xs), f"n = {len(xs)}", self.budget),
                identity("shift", "shift", "logsumexp(x + c) = logsumexp(x) + c",
                         shifted - out - sp.Matrix([c]), f"n = {len(xs)}, symbolic c", self.budget)]

    def _facts_maxout(self, zs, out, jac):
        relu_expr = get("relu").expression()
        z = next(iter(relu_expr.free_symbols))
        k2 = sp.Max(zs[0], 0)
        return [
            Fact("convex", "convexity", Label("convex and piecewise linear"), Method.PROVED,
                 "theorem: a pointwise maximum of convex (here affine) functions is convex"),
            Fact("smoothness", "smoothness", Label("C^0; not differentiable where two pieces tie"), Method.PROVED,
                 "theorem: max of continuous functions is continuous; at a tie the one-sided slopes differ"),
            identity("relu_special_case", "ReLU as Maxout", "max(z, 0) = relu(z) (k = 2, second piece 0)",
                     sp.piecewise_fold(k2.rewrite(sp.Piecewise) - relu_expr.subs(z, zs[0])), "k = 2", self.budget),
        ]

    # gated -------------------------------------------------------------------------------------
    def _gate_facts(self, xs, out, gate_name: str):
        a, b = xs
        t = sp.Symbol("t", real=True)
        return [
            Fact("partial_a", "∂f/∂a", Formula(sp.diff(out[0], a)), Method.PROVED, "symbolic differentiation"),
            Fact("partial_b", "∂f/∂b", Formula(sp.diff(out[0], b)), Method.PROVED, "symbolic differentiation"),
            Fact("gate", "gate", Label(f"f(a, b) = a · {gate_name}(b)"), Method.PROVED, "definition"),
            identity("linear_in_a", "linear in a", "f(t·a, b) = t·f(a, b)", out[0].subs(a, t * a) - t * out[0],
                     "symbolic t", self.budget),
        ]

    def _facts_glu(self, xs, out, jac):
        return self._gate_facts(xs, out, "sigmoid")

    def _facts_reglu(self, xs, out, jac):
        return self._gate_facts(xs, out, "relu")

    def _facts_geglu(self, xs, out, jac):
        a, b = xs
        return self._gate_facts(xs, out, "gelu") + [
            identity("gelu_gate", "gate is GELU", "GEGLU(a, b) = a·gelu(b)", out[0] - a * get("gelu")(b),
                     "catalog gelu", self.budget)]

    def _facts_swiglu(self, xs, out, jac):
        a, b = xs
        return self._gate_facts(xs, out, "swish") + [
            identity("swish_gate", "gate is SiLU", "SwiGLU(a, b) = a·silu(b)", out[0] - a * get("silu")(b),
                     "catalog silu (beta = 1)", self.budget)]
