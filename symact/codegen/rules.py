r"""Stable rewriting as data: each rule replaces a form that loses accuracy in floating point by
an equal one that does not. Every rule carries the identity it rests on, as a claim that
:func:`symact.verify` proves (``tests/test_codegen.py`` checks all of them).

========================  =======================================  ==============================
form                      stable form                              why
========================  =======================================  ==============================
1 + tanh(u)               2σ(2u)                                   cancellation for u ≪ 0
1 − tanh(u)               2σ(−2u)                                  cancellation for u ≫ 0
1 − tanh(u)²              sech2(u)                                 cancellation, 0 past u ≈ 19
1/cosh(u)²                sech2(u)                                 cosh's rounding doubled (4 ULP)
========================  =======================================  ==============================

sech2(u) is a kernel: 1 − tanh(u)² for |u| < ½ (tanh² < 0.22, so ≤ 1 ULP), 4σ(2u)σ(−2u) beyond
(both identities are claims below); σ(2u)σ(−2u) alone costs 2 ULP near u = 0.

========================  =======================================  ==============================
form                      stable form                              why
========================  =======================================  ==============================
σ(u)(1 − σ(u))            σ(u)σ(−u)                                1 − σ(u) cancels for u ≫ 0
1 − σ(u)                  σ(−u)                                    cancellation
2σ(u) − 1                 tanh(u/2)                                cancellation near u = 0
1 + erf(u), 1 − erf(u)    erfc(−u), erfc(u)                        cancellation
1 − Φ(u)                  Φ(−u)                                    cancellation
k − k·exp(u), exp(u) − 1  −k·expm1(u), expm1(u)                    cancellation near u = 0
log(1 + u)                log1p(u)                                 rounding of 1 + u
log(σ(u))                 −softplus(−u)                            σ underflows for u ≪ 0
exp(a)·exp(b)             exp(a + b)                               inf·0 where eᵃ overflows
exp(ax + c·e^{dx})        expexp(x, a, c, d)                       e^{dx}'s rounding times |c·e^{dx}|
k + 2k·sin(u)cos(u)       k·onepsin2(u) = 2k·sin²(u + π/4)         double zeros of 1 + sin 2u
========================  =======================================  ==============================

σ, softplus and Φ themselves are evaluated by stable library kernels (scipy's ``expit``,
``np.logaddexp(0, ·)``, ``ndtr``), never from their textbook formulas.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp

from ..core.symbols import X
from ..core.vocabulary import Phi, sigmoid, softplus

EXPM1 = sp.Function("expm1")
LOG1P = sp.Function("log1p")
ONEPSIN2 = sp.Function("onepsin2")  # onepsin2(u) = 1 + sin(2u) = 2 sin²(u + π/4), argument reduced in double-double
SECH2 = sp.Function("sech2")  # sech2(u) = 1/cosh(u)²: 1 − tanh(u)² for |u| < ½, 4σ(2u)σ(−2u) beyond
EXPEXP = sp.Function("expexp")  # expexp(x, a, c, d) = exp(a·x + c·exp(d·x)), the inner part in extended precision


@dataclass(frozen=True)
class Rule:
    name: str
    claim: str | None  # the identity, in the claim language, that makes the rewrite exact (None: a definition)
    apply: Callable[[sp.Expr], sp.Expr | None]  # the stable form of a node, or None


def _add_parts(e: sp.Expr):
    return list(sp.Add.make_args(e)) if isinstance(e, sp.Add) else None


def _one_plus(e: sp.Expr, func) -> tuple[int, sp.Expr, sp.Expr, sp.Expr] | None:
    """``rest + k·(1 + s·func(u))`` → (s, u, k, rest) for s = ±1 and a number k ≠ 0: the
    complement may sit inside a longer sum and carry a factor (tanh(u)/2 + 1/2 + …)."""
    parts = _add_parts(e)
    if parts is None:
        return None
    constant, others = sp.S.Zero, []
    for p in parts:
        if p.is_number:
            constant += p
        else:
            others.append(p)
    if constant == 0:
        return None
    for k, other in enumerate(others):
        coeff, rest = other.as_coeff_Mul()
        if isinstance(rest, func) and coeff in (constant, -constant):
            s = 1 if coeff == constant else -1
            remaining = sp.Add(*(others[:k] + others[k + 1:]))
            return s, _exponent(rest) if isinstance(rest, EXPEXP) else rest.args[0], constant, remaining
    return None


def _tanh_complement(e):
    found = _one_plus(e, sp.tanh)
    if found is None:
        return None
    s, u, k, rest = found
    return rest + 2 * k * sigmoid(2 * s * u)


def _erf_complement(e):
    found = _one_plus(e, sp.erf)
    if found is None:
        return None
    s, u, k, rest = found
    return rest + k * sp.erfc(-s * u)


def _sigmoid_complement(e):
    found = _one_plus(e, sigmoid)
    if found is None or found[0] != -1:
        return None
    _, u, k, rest = found
    return rest + k * sigmoid(-u)


def _sigmoid_difference(e):
    """rest + c − 2c·σ(u) → rest − c·tanh(u/2) (2σ(u) − 1 = tanh(u/2): σ(u) − ½ cancels near 0)."""
    parts = _add_parts(e)
    if parts is None:
        return None
    c = sp.Add(*[p for p in parts if p.is_number])
    if c == 0:
        return None
    for j, p in enumerate(parts):
        k, rest = p.as_coeff_Mul()
        if isinstance(rest, sigmoid) and k == -2 * c:
            others = [q for i, q in enumerate(parts) if i != j and not q.is_number]
            return sp.Add(*others) - c * sp.tanh(rest.args[0] / 2)
    return None


def _phi_complement(e):
    found = _one_plus(e, Phi)
    if found is None or found[0] != -1:
        return None
    _, u, k, rest = found
    return rest + k * Phi(-u)


def _sech_squared(e):
    parts = _add_parts(e)
    if parts is None or len(parts) != 2 or sp.S.One not in parts:
        return None
    other = parts[0] if parts[1] == 1 else parts[1]
    coeff, rest = other.as_coeff_Mul()
    if coeff == -1 and isinstance(rest, sp.Pow) and rest.exp == 2 and isinstance(rest.base, sp.tanh):
        return SECH2(rest.base.args[0])
    return None


def _cosh_squared(e):
    """1/cosh(u)² → sech2(u): the square doubles cosh's rounding (bipolar sigmoid′ 4.07 ULP;
    2.9 with the sigmoids, measured); no overflow of cosh past |u| = 710 either."""
    if isinstance(e, sp.Pow) and e.exp == -2 and isinstance(e.base, sp.cosh):
        return SECH2(e.base.args[0])
    return None


def _expm1(e):
    """k·eᵘ − k → k·expm1(u), k − k·eᵘ → −k·expm1(u) (also inside a longer sum)."""
    found = _one_plus(e, (sp.exp, EXPEXP))
    if found is None or found[0] != -1:
        return None
    _, u, k, rest = found
    return rest - k * EXPM1(u)


def _exp_product(e):
    """eᵃ·eᵇ → e^{a+b}: eˣ·e^{−eˣ} (cloglog′) is inf·0 = nan at x = 800, e^{x − eˣ} is 0."""
    if not isinstance(e, sp.Mul):
        return None
    exps = [f for f in e.args if isinstance(f, (sp.exp, EXPEXP))]
    if len(exps) < 2:
        return None
    rest = [f for f in e.args if not isinstance(f, (sp.exp, EXPEXP))]
    return sp.Mul(*rest) * sp.exp(sp.Add(*[_exponent(f) for f in exps]), evaluate=False)


def _exponent(f: sp.Expr) -> sp.Expr:
    """u for f = exp(u); a·x + c·e^{dx} for f = expexp(x, a, c, d) (rules apply innermost first,
    so e^{−x}·e^{−e^{−x}} may meet the kernel already made of its second factor)."""
    if isinstance(f, EXPEXP):
        x, a, c, d = f.args
        return a * x + c * sp.exp(d * x)
    return f.args[0]


def _linear(u: sp.Expr) -> sp.Expr | None:
    """a when u = a·x with a number a (0 when u has no x and is 0), else None."""
    if u == 0:
        return sp.S.Zero
    a, rest = u.as_coeff_Mul()
    return a if rest == X and a.is_real else None


def _exp_of_exp(e):
    r"""exp(a·x + c·e^{d·x}) → expexp(x, a, c, d) (a, c, d numbers, c·d ≠ 0): the rounding of
    e^{dx} (½ ULP, i.e. ε|c·e^{dx}| absolute) is multiplied by |c·e^{dx}| (up to 745) in the outer
    exponential: GoLU e^{−e^{−x}} 438 ULP, cloglog′ e^{x − eˣ} 777 ULP. The kernel carries the
    argument as a double-double pair with e^{dx} to about 2⁻⁶¹ (NumPy: a table of e^{n/256};
    C: long double) and corrects the outer exponential to first order. A definition of the
    kernel, so no claim."""
    if not isinstance(e, sp.exp):
        return None
    parts = list(sp.Add.make_args(e.args[0]))
    inner = [p for p in parts if isinstance(p.as_coeff_Mul()[1], sp.exp)]
    if len(inner) != 1:
        return None
    c, ex = inner[0].as_coeff_Mul()
    a = _linear(sp.Add(*[p for p in parts if p is not inner[0]]))
    d = _linear(ex.args[0])
    if a is None or d is None or d == 0 or not c.is_real or c == 0:
        return None
    return EXPEXP(X, a, c, d)


def _one_plus_sin2(e):
    r"""rest + k + 2k·sin(u)cos(u) → rest + k·onepsin2(u): 1 + sin 2u has double zeros (Snake′ at
    u = −π/4 + nπ) where 1 + fl(sin 2u) keeps no correct digit (6.9·10⁵ ULP measured); the kernel
    evaluates 2 sin²(u + π/4) with u + π/4 in double-double."""
    parts = _add_parts(e)
    if parts is None:
        return None
    k = sp.Add(*[p for p in parts if p.is_number])
    if k == 0:
        return None
    for j, p in enumerate(parts):
        c, rest = p.as_coeff_Mul()
        factors = sp.Mul.make_args(rest)
        if c == 2 * k and len(factors) == 2 and {type(f) for f in factors} == {sp.sin, sp.cos} \
                and factors[0].args[0] == factors[1].args[0]:
            u = factors[0].args[0]
        elif c == k and isinstance(rest, sp.sin):
            u = rest.args[0] / 2
        else:
            continue
        others = [q for i, q in enumerate(parts) if i != j and not q.is_number]
        return sp.Add(*others) + k * ONEPSIN2(u)
    return None


def _log1p(e):
    if isinstance(e, sp.log):
        parts = _add_parts(e.args[0])
        if parts is not None and sp.S.One in parts and len(parts) == 2:
            other = parts[0] if parts[1] == 1 else parts[1]
            return LOG1P(other)
    return None


def _log_sigmoid(e):
    if isinstance(e, sp.log) and isinstance(e.args[0], sigmoid):
        return -softplus(-e.args[0].args[0])
    return None


RULES: tuple[Rule, ...] = (
    Rule("1 + tanh(u) = 2σ(2u)", "1 + tanh(x) == 2*sigmoid(2*x)", _tanh_complement),
    Rule("1 − tanh(u) = 2σ(−2u)", "1 - tanh(x) == 2*sigmoid(-2*x)", _tanh_complement),
    Rule("1 − tanh(u)² = 4σ(2u)σ(−2u)", "1 - tanh(x)**2 == 4*sigmoid(2*x)*sigmoid(-2*x)", _sech_squared),
    Rule("1/cosh(u)² = 4σ(2u)σ(−2u)", "1/cosh(x)**2 == 4*sigmoid(2*x)*sigmoid(-2*x)", _cosh_squared),
    Rule("1/cosh(u)² = 1 − tanh(u)²", "1/cosh(x)**2 == 1 - tanh(x)**2", _cosh_squared),  # sech2's branch near 0
    Rule("1 − σ(u) = σ(−u)", "1 - sigmoid(x) == sigmoid(-x)", _sigmoid_complement),
    Rule("2σ(u) − 1 = tanh(u/2)", "2*sigmoid(x) - 1 == tanh(x/2)", _sigmoid_difference),
    Rule("1 ± erf(u) = erfc(∓u)", "1 + erf(x) == erfc(-x)", _erf_complement),
    Rule("1 − erf(u) = erfc(u)", "1 - erf(x) == erfc(x)", _erf_complement),
    Rule("1 − Φ(u) = Φ(−u)", "1 - Phi(x) == Phi(-x)", _phi_complement),
    Rule("exp(u) − 1 = expm1(u)", None, _expm1),  # the definition of np.expm1
    Rule("log(1 + u) = log1p(u)", None, _log1p),  # the definition of np.log1p
    Rule("exp(a)·exp(b) = exp(a + b)", "exp(x)*exp(-exp(x)) == exp(x - exp(x))", _exp_product),
    Rule("log σ(u) = −softplus(−u)", "log(sigmoid(x)) == -softplus(-x)", _log_sigmoid),
    Rule("exp(ax + c·e^{dx}) = expexp(x, a, c, d)", None, _exp_of_exp),  # the definition of the kernel
    Rule("1 + 2 sin(u)cos(u) = onepsin2(u) = 2 sin²(u + π/4)", "1 + 2*sin(x)*cos(x) == 2*sin(x + pi/4)**2",
         _one_plus_sin2),
    Rule("1 + sin(2u) = onepsin2(u)", "1 + sin(2*x) == 2*sin(x + pi/4)**2", _one_plus_sin2),
)


def stabilize(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every rule applied, innermost first, until nothing changes."""
    def step(e):
        if not e.args:
            return e
        e = e.func(*[step(a) for a in e.args]) if not isinstance(e, sp.Piecewise) else sp.Piecewise(
            *[(step(v), c) for v, c in e.args])
        for rule in RULES:
            out = rule.apply(e)
            if out is not None:
                return step(out) if out != e else e
        # σ(u)·(1 − σ(u)) inside a product: the complement rule has already turned it into σ(u)σ(−u)
        return e
    previous = None
    while previous != expr:
        previous, expr = expr, step(expr)
    return _guard_roots(expr)


HUGE = sp.Integer(2) ** 500  # past this |x|, x² overflows double precision (and x⁴ much sooner)


def _quadratic(q: sp.Expr):
    """(a, b, c) when q = a·x² + b·x + c with numbers a > 0, b, c; else None."""
    if not q.has(X) or not q.free_symbols <= {X}:
        return None
    try:
        poly = sp.Poly(q, X)
    except sp.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a, b, c = poly.all_coeffs()
    return (a, b, c) if all(v.is_number and v.is_real for v in (a, b, c)) and a > 0 else None


def _root_of_quadratic(e: sp.Expr):
    r"""(a x² + b x + c)^{k/2} → |x|^k (a + b/x + c/x²)^{k/2} for |x| > 2⁵⁰⁰ (k odd): x² would
    overflow (x/√(x² + 1) = 0 at 1e300, exact −1). An identity for x ≠ 0."""
    if not (isinstance(e, sp.Pow) and e.exp.is_Rational and e.exp.q == 2):
        return None
    abc = _quadratic(e.base)
    if abc is None:
        return None
    a, b, c = abc
    far = sp.Abs(X) ** e.exp.p * sp.Pow(a + b / X + c / X**2, e.exp, evaluate=False)
    return sp.Piecewise((far, sp.Abs(X) > HUGE), (e, True))


def _quotient_by_root(e: sp.Expr, inner: Callable[[sp.Expr], sp.Expr]):
    r"""A·q^{−1/2} (q quadratic) → A/(|x|·√(a + b/x + c/x²)) for |x| > 2⁵⁰⁰, a quotient: the
    guarded factor alone, 1/(|x|·√…), is subnormal past |x| = 4.5·10³⁰⁷ (0 where subnormals are
    flushed, as XLA does) although x/√(x² + 1) is ±1 there. ``inner`` guards A itself."""
    if not isinstance(e, sp.Mul):
        return None
    for k, factor in enumerate(e.args):
        if isinstance(factor, sp.Pow) and factor.exp == sp.Rational(-1, 2):
            abc = _quadratic(factor.base)
            if abc is not None:
                a, b, c = abc
                rest = inner(sp.Mul(*(e.args[:k] + e.args[k + 1:])))
                far = rest / (sp.Abs(X) * sp.sqrt(a + b / X + c / X**2))
                return sp.Piecewise((far, sp.Abs(X) > HUGE), (rest * factor, True))
    return None


def _conjugate(e: sp.Expr):
    r"""A + c√q with c²q − A² free of x (the sum cancels where A < 0 < c√q):
    rac{c^2 q - A^2}{c\sqrt q - A} there (x/2 + √(x² + 4)/2 = 1/(√(x² + 4)/2 − x/2), exact)."""
    if not isinstance(e, sp.Add):
        return None
    for k, term in enumerate(e.args):
        coeff, rest = term.as_coeff_Mul()
        if coeff > 0 and isinstance(rest, sp.Pow) and rest.exp == sp.Rational(1, 2) and _quadratic(rest.base):
            other = sp.Add(*(e.args[:k] + e.args[k + 1:]))
            if not other.has(X):
                return None
            numerator = sp.expand(coeff**2 * rest.base - other**2)
            if numerator.has(X) or numerator == 0:
                return None
            return sp.Piecewise((numerator / (term - other), other < 0), (e, True))
    return None


def _guard_roots(expr: sp.Expr) -> sp.Expr:
    """One bottom-up pass (each node rewritten at most once: the guarded forms keep the
    original as their other branch) of the conjugate and the overflow guard."""
    def walk(e):
        if not e.args or not isinstance(e, sp.Expr):
            return e
        if isinstance(e, sp.Piecewise):
            return sp.Piecewise(*[(walk(v), c) for v, c in e.args])
        out = _conjugate(e)
        if out is not None:
            (near, cond), (orig, _) = out.args
            return sp.Piecewise((_guard_all(near), cond), (_guard_all(orig), True))
        out = _quotient_by_root(e, walk)
        if out is not None:
            return out
        e = e.func(*[walk(a) for a in e.args])
        out = _root_of_quadratic(e)
        return out if out is not None else e
    return walk(expr)


def _guard_all(e):
    """The overflow guard on every root of a quadratic inside e (no conjugate)."""
    if not e.args or not isinstance(e, sp.Expr):
        return e
    if isinstance(e, sp.Piecewise):
        return sp.Piecewise(*[(_guard_all(v), c) for v, c in e.args])
    out = _quotient_by_root(e, _guard_all)
    if out is not None:
        return out
    e = e.func(*[_guard_all(a) for a in e.args])
    out = _root_of_quadratic(e)
    return out if out is not None else e
