r"""The catalog: one record per activation, each defined once as a SymPy expression.

Every pointwise record is an expression in the real symbol ``x`` (:data:`X`) with
parameters as positive/real symbols, their defaults kept *exact* (``1/100``, not ``0.01``;
SELU's constants as closed forms). Kinks are ``Piecewise`` so the analysis sees the
breakpoints. Vector activations (softmax family, Maxout, the GLU family) are records of kind
``"vector"`` / ``"gated"`` whose definition builds a SymPy matrix for a chosen size.

Where sources disagree the record says which variant it is, in ``notes``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp
from sympy import Piecewise, Rational, exp, sqrt, pi, tanh, erfc, E

from .parsing import X
from .vocabulary import NamedConstant, Phi, sigmoid, softplus

x = X


class CatalogError(KeyError):
    """An unknown activation name or an invalid parameter value (message is for the user)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Parameter:
    """A named parameter: its symbol, exact default, and the condition a value must meet."""

    name: str
    symbol: sp.Symbol
    default: sp.Expr
    condition: str = "real"  # "real" | "positive" | "nonnegative"
    description: str = ""

    def check(self, value: sp.Expr) -> None:
        ok = {"real": value.is_real, "positive": value.is_positive,
              "nonnegative": value.is_nonnegative}[self.condition]
        if not ok:
            raise CatalogError(f"parameter {self.name} must be {self.condition}, got {value}")


def _param(name: str, default, condition: str = "real", description: str = "") -> Parameter:
    assumptions = {"positive": {"positive": True}, "nonnegative": {"nonnegative": True},
                   "real": {"real": True}}[condition]
    return Parameter(name, sp.Symbol(name, **assumptions), sp.sympify(default), condition, description)


@dataclass(frozen=True)
class Activation:
    """One catalog record.

    ``expr`` is the definition in :data:`X` (pointwise kinds) or ``None`` for vector kinds,
    which use ``build(n)`` to return ``(input symbols, output matrix)``.
    """

    name: str
    title: str
    expr: sp.Expr | None
    kind: str = "pointwise"  # pointwise | vector | gated
    params: tuple[Parameter, ...] = ()
    aliases: tuple[str, ...] = ()
    torch: str = ""
    jax: str = ""
    reference: str = ""
    notes: str = ""
    constraints: tuple[tuple[str, Callable[[Mapping[str, sp.Expr]], bool]], ...] = ()
    build: Callable[[int], tuple[tuple[sp.Symbol, ...], sp.Matrix]] | None = field(default=None, repr=False)
    default_size: int = 3

    def parameter_values(self, overrides: Mapping[str, sp.Expr] | None = None) -> dict[sp.Symbol, sp.Expr]:
        """Defaults with ``overrides`` applied and checked; keys are the parameter symbols."""
        overrides = dict(overrides or {})
        known = {p.name: p for p in self.params}
        for name in overrides:
            if name not in known:
                listed = ", ".join(known) or "none"
                raise CatalogError(f"{self.name} has no parameter '{name}' (parameters: {listed})")
        values = {}
        named = {}
        for p in self.params:
            value = sp.sympify(overrides.get(p.name, p.default))
            p.check(value)
            values[p.symbol] = value
            named[p.name] = value
        for message, holds in self.constraints:
            if not holds(named):
                raise CatalogError(f"{self.name}: {message}")
        return values

    def expression(self, overrides: Mapping[str, sp.Expr] | None = None) -> sp.Expr:
        """The definition with parameter values substituted (defaults unless overridden)."""
        if self.expr is None:
            raise CatalogError(f"{self.name} is a {self.kind} activation, not a function of one x")
        return self.expr.subs(self.parameter_values(overrides))

    def __call__(self, arg: sp.Expr) -> sp.Expr:
        """Apply the activation (at its default parameters) to a SymPy argument."""
        return self.expression().subs(x, arg)

    def profile(self, **params):
        """The :class:`~symact.profile.Profile` of this activation at the given parameters."""
        from .profile import profile_of
        return profile_of(self, params)


def _pw(*pieces):
    return Piecewise(*pieces)


# Parameters --------------------------------------------------------------------------------
_alpha = _param("alpha", 1, "positive", "saturation scale of the negative side")
_slope = _param("negative_slope", Rational(1, 100), "nonnegative", "slope for x < 0")
_a = _param("a", Rational(1, 4), "real", "learned slope for x < 0 (PyTorch's initial value)")
_lower = _param("lower", Rational(1, 8), "nonnegative", "lower bound of the sampled slope")
_upper = _param("upper", Rational(1, 3), "nonnegative", "upper bound of the sampled slope")
_beta = _param("beta", 1, "positive", "sharpness")
_lambd = _param("lambd", Rational(1, 2), "nonnegative", "half-width of the zero band")
_thr = _param("threshold", Rational(1, 2), "real", "inputs at or below it are replaced")
_val = _param("value", 0, "real", "replacement value")
_b_sq = _param("b", 4, "nonnegative", "curvature at the origin")
_min_val = _param("min_val", -1, "real", "lower clip")
_max_val = _param("max_val", 1, "real", "upper clip")
_isr_alpha = _param("alpha", 1, "positive", "saturation scale")
_sa, _sb, _sc, _sd = (_param(n, 1, "real", f"Soboleva's {n}") for n in "abcd")

_ERFC = erfc(1 / sqrt(2))
#: SELU's α₀₁ in closed form (Klambauer et al. 2017, eq. 14), ≈ 1.6732632423543772848.
SELU_ALPHA_CLOSED_FORM = -sqrt(2 / pi) / (_ERFC * exp(Rational(1, 2)) - 1)
#: SELU's λ₀₁ in closed form (Klambauer et al. 2017, eq. 14), ≈ 1.0507009873554804934.
SELU_LAMBDA_CLOSED_FORM = (1 - _ERFC * sqrt(E)) * sqrt(2 * pi) * (
    2 * erfc(sqrt(2)) * E**2 + pi * _ERFC**2 * E - 2 * (2 + pi) * _ERFC * sqrt(E) + pi + 2
) ** Rational(-1, 2)
#: The same constants as exact named numbers (print as selu_alpha / selu_lambda).
SELU_ALPHA = NamedConstant("selu_alpha", SELU_ALPHA_CLOSED_FORM, r"\alpha_{01}", (1, 2))
SELU_LAMBDA = NamedConstant("selu_lambda", SELU_LAMBDA_CLOSED_FORM, r"\lambda_{01}", (1, 2))

GELU_TANH_COEFF = Rational(44715, 1000000)  # 0.044715, Hendrycks & Gimpel
GELU_SIGMOID_COEFF = Rational(1702, 1000)  # 1.702


def _records() -> list[Activation]:
    al, sl, a, lo, up, be = _alpha.symbol, _slope.symbol, _a.symbol, _lower.symbol, _upper.symbol, _beta.symbol
    lm, th, va, bq = _lambd.symbol, _thr.symbol, _val.symbol, _b_sq.symbol
    mn, mx = _min_val.symbol, _max_val.symbol
    ia = _isr_alpha.symbol
    sa, sb, sc, sd = _sa.symbol, _sb.symbol, _sc.symbol, _sd.symbol
    relu6_of = lambda u: Piecewise((0, u < 0), (6, u > 6), (u, True))  # noqa: E731
    return [
        Activation("identity", "Identity (linear)", x, aliases=("linear",),
                   torch="torch.nn.Identity", jax="(none: lambda x: x)"),
        Activation("binary_step", "Binary step (Heaviside)", _pw((0, x < 0), (1, True)),
                   aliases=("step", "heaviside"), torch="torch.heaviside(x, values=1)",
                   jax="jnp.heaviside(x, 1)",
                   notes="Value at 0 is a convention: 1 here (torch.heaviside takes it as an argument; "
                         "SymPy's Heaviside uses 1/2)."),
        Activation("sigmoid", "Logistic sigmoid", sigmoid(x), aliases=("logistic", "sigma"),
                   torch="torch.sigmoid", jax="jax.nn.sigmoid"),
        Activation("tanh", "Hyperbolic tangent", tanh(x), torch="torch.tanh", jax="jnp.tanh"),
        Activation("hardtanh", "Hard tanh", _pw((mn, x < mn), (mx, x > mx), (x, True)),
                   params=(_min_val, _max_val), aliases=("hard_tanh",),
                   torch="torch.nn.functional.hardtanh", jax="jax.nn.hard_tanh",
                   constraints=(("min_val must be below max_val", lambda v: bool(v["min_val"] < v["max_val"])),)),
        Activation("softsign", "Softsign", x / (1 + sp.Abs(x)), torch="torch.nn.functional.softsign",
                   jax="jax.nn.soft_sign", reference="Bergstra et al. 2009; Glorot & Bengio 2010"),
        Activation("arctan", "Arctangent", sp.atan(x), aliases=("atan",), torch="torch.atan", jax="jnp.arctan"),
        Activation("relu", "Rectified linear unit", _pw((x, x > 0), (0, True)),
                   torch="torch.relu", jax="jax.nn.relu", reference="Nair & Hinton 2010; Glorot et al. 2011",
                   notes="Not differentiable at 0; PyTorch and JAX use ReLU'(0) = 0."),
        Activation("leaky_relu", "Leaky ReLU", _pw((x, x >= 0), (sl * x, True)), params=(_slope,),
                   aliases=("lrelu",), torch="torch.nn.functional.leaky_relu (negative_slope=0.01)",
                   jax="jax.nn.leaky_relu (negative_slope=0.01)", reference="Maas et al. 2013"),
        Activation("prelu", "Parametric ReLU", _pw((x, x >= 0), (a * x, True)), params=(_a,),
                   torch="torch.nn.PReLU (init=0.25)", jax="(none)", reference="He et al. 2015",
                   notes="a is learned; 1/4 is PyTorch's initial value."),
        Activation("rrelu", "Randomized leaky ReLU (evaluation form)",
                   _pw((x, x >= 0), ((lo + up) / 2 * x, True)), params=(_lower, _upper),
                   torch="torch.nn.RReLU (lower=1/8, upper=1/3)", jax="(none)", reference="Xu et al. 2015",
                   constraints=(("lower must not exceed upper", lambda v: bool(v["lower"] <= v["upper"])),),
                   notes="Evaluation form with the mean slope (l+u)/2. In training PyTorch samples the slope "
                         "a ~ U(l, u) and outputs a*x; Xu et al. sample a divisor a ~ U(l, u) and output x/a "
                         "(with l=3, u=8, so 1/a lies in [1/8, 1/3]). The two sampling schemes have different "
                         "means (mean slope (l+u)/2 vs E[1/a] = log(u/l)/(u-l))."),
        Activation("relu6", "ReLU6", relu6_of(x), torch="torch.nn.functional.relu6", jax="jax.nn.relu6",
                   reference="Krizhevsky 2010; Howard et al. 2017"),
        Activation("elu", "Exponential linear unit", _pw((x, x > 0), (al * (exp(x) - 1), True)),
                   params=(_alpha,), torch="torch.nn.functional.elu", jax="jax.nn.elu",
                   reference="Clevert et al. 2016", notes="C^1 only when alpha = 1; otherwise C^0."),
        Activation("selu", "Scaled ELU",
                   SELU_LAMBDA * _pw((x, x > 0), (SELU_ALPHA * (exp(x) - 1), True)),
                   torch="torch.nn.functional.selu", jax="jax.nn.selu", reference="Klambauer et al. 2017",
                   notes="selu_alpha and selu_lambda are exact constants defined by the closed forms of "
                         "Klambauer et al. eq. 14 (alpha ~ 1.6732632423543772848, lambda ~ 1.0507009873554804934); "
                         "rewrite('closed') expands them."),
        Activation("celu", "Continuously differentiable ELU",
                   _pw((x, x > 0), (al * (exp(x / al) - 1), True)), params=(_alpha,),
                   torch="torch.nn.functional.celu", jax="jax.nn.celu", reference="Barron 2017"),
        Activation("gelu", "Gaussian error linear unit (exact)", x * Phi(x),
                   torch="torch.nn.functional.gelu (approximate='none', the default)",
                   jax="jax.nn.gelu(x, approximate=False)", reference="Hendrycks & Gimpel 2016",
                   notes="Defaults differ: PyTorch's gelu is exact by default, JAX's jax.nn.gelu "
                         "uses the tanh approximation (approximate=True) by default."),
        Activation("gelu_tanh", "GELU, tanh approximation",
                   x / 2 * (1 + tanh(sqrt(2 / pi) * (x + GELU_TANH_COEFF * x**3))),
                   aliases=("gelu_approx",), torch="torch.nn.functional.gelu(approximate='tanh')",
                   jax="jax.nn.gelu (approximate=True, the default)", reference="Hendrycks & Gimpel 2016"),
        Activation("gelu_sigmoid", "GELU, sigmoid approximation (QuickGELU)",
                   x * sigmoid(GELU_SIGMOID_COEFF * x), aliases=("quick_gelu",),
                   torch="(none; x*torch.sigmoid(1.702*x))", jax="(none)", reference="Hendrycks & Gimpel 2016"),
        Activation("swish", "Swish / SiLU", x * sigmoid(be * x), params=(_beta,),
                   aliases=("silu", "swish1"), torch="torch.nn.functional.silu (beta=1 only)",
                   jax="jax.nn.silu / jax.nn.swish (beta=1 only)",
                   reference="Elfwing et al. 2017 (SiLU); Ramachandran et al. 2017 (Swish)",
                   notes="SiLU is Swish with beta = 1."),
        Activation("hard_sigmoid", "Hard sigmoid (PyTorch/JAX form)", relu6_of(x + 3) / 6,
                   aliases=("hardsigmoid",), torch="torch.nn.functional.hardsigmoid",
                   jax="jax.nn.hard_sigmoid", reference="Howard et al. 2019",
                   notes="relu6(x+3)/6. Older Keras used clip(0.2x + 0.5, 0, 1): see hard_sigmoid_keras."),
        Activation("hard_sigmoid_keras", "Hard sigmoid (old Keras form)",
                   _pw((0, x < Rational(-5, 2)), (1, x > Rational(5, 2)), (x / 5 + Rational(1, 2), True)),
                   torch="(none)", jax="(none)", reference="Courbariaux et al. 2015; Keras < 3",
                   notes="clip(0.2x + 0.5, 0, 1); slope 1/5 where PyTorch's hard sigmoid has 1/6."),
        Activation("hard_swish", "Hard swish", x * relu6_of(x + 3) / 6, aliases=("hardswish", "hard_silu"),
                   torch="torch.nn.functional.hardswish", jax="jax.nn.hard_swish",
                   reference="Howard et al. 2019"),
        Activation("mish", "Mish", x * tanh(softplus(x)), torch="torch.nn.functional.mish",
                   jax="(none; x*jnp.tanh(jax.nn.softplus(x)))", reference="Misra 2019"),
        Activation("softplus", "Softplus", softplus(be * x) / be, params=(_beta,),
                   torch="torch.nn.functional.softplus (beta=1, threshold=20)", jax="jax.nn.softplus",
                   reference="Dugas et al. 2001",
                   notes="PyTorch returns x itself once beta*x > threshold (20); this is the exact function."),
        Activation("log_sigmoid", "Log-sigmoid", -softplus(-x), aliases=("logsigmoid",),
                   torch="torch.nn.functional.logsigmoid", jax="jax.nn.log_sigmoid",
                   notes="log(sigmoid(x)) = -softplus(-x)."),
        Activation("tanhshrink", "Tanhshrink", x - tanh(x), torch="torch.nn.functional.tanhshrink", jax="(none)"),
        Activation("softshrink", "Soft shrinkage", _pw((x - lm, x > lm), (x + lm, x < -lm), (0, True)),
                   params=(_lambd,), torch="torch.nn.functional.softshrink (lambd=0.5)", jax="(none)"),
        Activation("hardshrink", "Hard shrinkage", _pw((x, x > lm), (x, x < -lm), (0, True)),
                   params=(_lambd,), torch="torch.nn.functional.hardshrink (lambd=0.5)", jax="(none)"),
        Activation("threshold", "Threshold", _pw((x, x > th), (va, True)), params=(_thr, _val),
                   torch="torch.nn.Threshold(threshold, value)", jax="(none)",
                   notes="PyTorch has no defaults; threshold=1/2, value=0 are this catalog's."),
        Activation("squareplus", "Squareplus", (x + sqrt(x**2 + bq)) / 2, params=(_b_sq,),
                   torch="(none)", jax="jax.nn.squareplus (b=4)", reference="Barron 2021"),
        Activation("sparse_plus", "Sparse plus",
                   _pw((0, x <= -1), (x, x >= 1), ((x + 1) ** 2 / 4, True)),
                   torch="(none)", jax="jax.nn.sparse_plus", reference="Martins & Astudillo 2016 (sparsemax)"),
        Activation("sparse_sigmoid", "Sparse sigmoid",
                   _pw((0, x <= -1), (1, x >= 1), ((x + 1) / 2, True)),
                   torch="(none)", jax="jax.nn.sparse_sigmoid", notes="The derivative of sparse plus."),
        Activation("bent_identity", "Bent identity", (sqrt(x**2 + 1) - 1) / 2 + x, torch="(none)", jax="(none)"),
        Activation("gaussian", "Gaussian", exp(-x**2), torch="(none)", jax="(none)"),
        Activation("sinusoid", "Sinusoid", sp.sin(x), aliases=("sin",), torch="torch.sin", jax="jnp.sin",
                   reference="Sitzmann et al. 2020 (SIREN)"),
        Activation("sinc", "Sinc (unnormalised)", sp.sinc(x), torch="(torch.sinc is normalised: sin(pi x)/(pi x))",
                   jax="(jnp.sinc is normalised)", notes="sin(x)/x with value 1 at 0."),
        Activation("isru", "Inverse square root unit", x / sqrt(1 + ia * x**2), params=(_isr_alpha,),
                   torch="(none)", jax="(none)", reference="Carlile et al. 2017"),
        Activation("isrlu", "Inverse square root linear unit",
                   _pw((x, x >= 0), (x / sqrt(1 + ia * x**2), True)), params=(_isr_alpha,),
                   torch="(none)", jax="(none)", reference="Carlile et al. 2017"),
        Activation("soboleva_tanh", "Soboleva modified hyperbolic tangent",
                   (exp(sa * x) - exp(-sb * x)) / (exp(sc * x) + exp(-sd * x)), params=(_sa, _sb, _sc, _sd),
                   aliases=("smht",), torch="(none)", jax="(none)", reference="Soboleva et al.",
                   notes="With a = b = c = d = 1 it is tanh."),
        Activation("elish", "ELiSH", _pw((x * sigmoid(x), x >= 0), ((exp(x) - 1) * sigmoid(x), True)),
                   torch="(none)", jax="(none)", reference="Basirat & Roth 2018"),
        *_vector_records(),
    ]


def _symbols(n: int, name: str = "x") -> tuple[sp.Symbol, ...]:
    return tuple(sp.Symbol(f"{name}{i}", real=True) for i in range(1, n + 1))


def _softmax(n):
    xs = _symbols(n)
    total = sum(exp(v) for v in xs)
    return xs, sp.Matrix([exp(v) / total for v in xs])


def _log_softmax(n):
    xs = _symbols(n)
    lse = sp.log(sum(exp(v) for v in xs))
    return xs, sp.Matrix([v - lse for v in xs])


def _softmin(n):
    xs = _symbols(n)
    total = sum(exp(-v) for v in xs)
    return xs, sp.Matrix([exp(-v) / total for v in xs])


def _maxout(k):
    zs = _symbols(k, "z")
    return zs, sp.Matrix([sp.Max(*zs)])


def _gated(gate):
    def build(_n=2):
        a_, b_ = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
        return (a_, b_), sp.Matrix([a_ * gate(b_)])
    return build


def _vector_records() -> list[Activation]:
    relu = lambda u: Piecewise((u, u > 0), (0, True))  # noqa: E731
    return [
        Activation("softmax", "Softmax", None, kind="vector", build=_softmax,
                   torch="torch.softmax", jax="jax.nn.softmax", reference="Bridle 1990"),
        Activation("log_softmax", "Log-softmax", None, kind="vector", build=_log_softmax,
                   torch="torch.log_softmax", jax="jax.nn.log_softmax"),
        Activation("softmin", "Softmin", None, kind="vector", build=_softmin,
                   torch="torch.nn.functional.softmin", jax="(none; softmax(-x))"),
        Activation("maxout", "Maxout (k-way)", None, kind="vector", build=_maxout,
                   torch="(none; amax over k linear pieces)", jax="(none)", reference="Goodfellow et al. 2013",
                   notes="max over k pre-activations z_i = w_i.x + b_i; shown here as a function of z."),
        Activation("glu", "Gated linear unit", None, kind="gated", build=_gated(sigmoid),
                   torch="torch.nn.functional.glu", jax="jax.nn.glu", reference="Dauphin et al. 2017",
                   notes="Input split in halves (a, b); output a * sigmoid(b)."),
        Activation("reglu", "ReGLU", None, kind="gated", build=_gated(relu), torch="(none)", jax="(none)",
                   reference="Shazeer 2020"),
        Activation("geglu", "GEGLU", None, kind="gated", build=_gated(lambda u: u * Phi(u)),
                   torch="(none)", jax="(none)", reference="Shazeer 2020"),
        Activation("swiglu", "SwiGLU", None, kind="gated", build=_gated(lambda u: u * sigmoid(u)),
                   torch="(none)", jax="(none)", reference="Shazeer 2020"),
    ]


CATALOG: dict[str, Activation] = {}
ALIASES: dict[str, str] = {}
for _rec in _records():
    CATALOG[_rec.name] = _rec
    for _alias in _rec.aliases:
        ALIASES[_alias] = _rec.name


def get(name: str) -> Activation:
    """The catalog record for ``name`` or one of its aliases (case-insensitive, '-' = '_')."""
    key = name.strip().lower().replace("-", "_")
    key = ALIASES.get(key, key)
    if key not in CATALOG:
        close = sorted(n for n in list(CATALOG) + list(ALIASES) if n[:3] == key[:3])
        hint = f"; did you mean {', '.join(close[:3])}?" if close else "; 'symact list' shows the catalog"
        raise CatalogError(f"unknown activation '{name}'{hint}")
    return CATALOG[key]


def names(kind: str | None = None) -> list[str]:
    """Canonical names, in catalog order, optionally of one kind."""
    return [n for n, r in CATALOG.items() if kind is None or r.kind == kind]


def catalog_functions() -> dict[str, Callable]:
    """Pointwise activations as callables for the parser (``mish(2*x)`` etc.)."""
    out = {}
    for rec in CATALOG.values():
        if rec.kind == "pointwise":
            for n in (rec.name, *rec.aliases):
                out[n] = rec
    return out
