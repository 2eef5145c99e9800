r"""Pointwise activations, one record each, defined once as SymPy expressions in ``x``.

Parameters are positive/real symbols with *exact* defaults (``1/100``, not ``0.01``; SELU's
constants as closed forms). Kinks are ``Piecewise`` so the analysis sees the breakpoints.
Where sources disagree the record says which variant it is, in ``notes``.
"""
from __future__ import annotations

import sympy as sp
from sympy import Piecewise, Rational, erf, exp, log, pi, sqrt, tanh

from ..core.symbols import X as x
from ..core.vocabulary import Phi, sigmoid, sinc, softplus
from .constants import (GELU_SIGMOID_COEFF, GELU_TANH_COEFF, LECUN_TANH_SCALE, SELU_ALPHA, SELU_LAMBDA,
                        STAR_RELU_BIAS, STAR_RELU_SCALE)
from .parameters import parameter
from .record import Activation

_alpha = parameter("alpha", 1, "positive", "saturation scale of the negative side")
_slope = parameter("negative_slope", Rational(1, 100), "nonnegative", "slope for x < 0")
_a = parameter("a", Rational(1, 4), "real", "learned slope for x < 0 (PyTorch's initial value)")
_lower = parameter("lower", Rational(1, 8), "nonnegative", "lower bound of the sampled slope")
_upper = parameter("upper", Rational(1, 3), "nonnegative", "upper bound of the sampled slope")
_beta = parameter("beta", 1, "positive", "sharpness")
_lambd = parameter("lambd", Rational(1, 2), "nonnegative", "half-width of the zero band")
_thr = parameter("threshold", Rational(1, 2), "real", "inputs at or below it are replaced")
_val = parameter("value", 0, "real", "replacement value")
_b_sq = parameter("b", 4, "nonnegative", "curvature at the origin")
_min_val = parameter("min_val", -1, "real", "lower clip")
_max_val = parameter("max_val", 1, "real", "upper clip")
_sa, _sb, _sc, _sd = (parameter(n, 1, "real", f"Soboleva's {n}") for n in "abcd")
_scale = parameter("scale", STAR_RELU_SCALE, "real", "learned scale (unit-variance default)")
_bias = parameter("bias", STAR_RELU_BIAS, "real", "learned bias (zero-mean default)")
_freq = parameter("a", 1, "positive", "frequency")
_pen = parameter("a", Rational(1, 4), "nonnegative", "slope factor for x < 0")
_eswish = parameter("beta", Rational(11, 8), "positive", "scale (the paper recommends 1 to 2)")


def relu6_of(u):
    return Piecewise((0, u < 0), (6, u > 6), (u, True))


def relu_of(u):
    return Piecewise((u, u > 0), (0, True))


def _records() -> list[Activation]:
    al, sl, a, lo, up, be = _alpha.symbol, _slope.symbol, _a.symbol, _lower.symbol, _upper.symbol, _beta.symbol
    lm, th, va, bq = _lambd.symbol, _thr.symbol, _val.symbol, _b_sq.symbol
    mn, mx = _min_val.symbol, _max_val.symbol
    sa, sb, sc, sd = _sa.symbol, _sb.symbol, _sc.symbol, _sd.symbol
    A = Activation
    return [
        A("identity", "Identity (linear)", x, aliases=("linear",), torch="torch.nn.Identity",
          jax="jax.nn.identity", keras="keras.activations.linear"),
        A("binary_step", "Binary step (Heaviside)", Piecewise((0, x < 0), (1, True)),
          aliases=("step", "heaviside"), torch="torch.heaviside(x, values=1)", jax="jnp.heaviside(x, 1)",
          notes="Value at 0 is a convention: 1 here (torch.heaviside takes it as an argument; "
                "SymPy's Heaviside uses 1/2)."),
        A("sigmoid", "Logistic sigmoid", sigmoid(x), aliases=("logistic", "sigma"),
          torch="torch.sigmoid", jax="jax.nn.sigmoid", keras="keras.activations.sigmoid"),
        A("tanh", "Hyperbolic tangent", tanh(x), torch="torch.tanh", jax="jnp.tanh", keras="keras.activations.tanh"),
        A("hardtanh", "Hard tanh", Piecewise((mn, x < mn), (mx, x > mx), (x, True)),
          params=(_min_val, _max_val), aliases=("hard_tanh",),
          torch="torch.nn.functional.hardtanh", jax="jax.nn.hard_tanh", keras="keras.activations.hard_tanh",
          constraints=(("min_val must be below max_val", lambda v: bool(v["min_val"] < v["max_val"])),)),
        A("softsign", "Softsign", x / (1 + sp.Abs(x)), torch="torch.nn.functional.softsign",
          jax="jax.nn.soft_sign", keras="keras.activations.softsign",
          reference="Bergstra et al. 2009; Glorot & Bengio 2010"),
        A("arctan", "Arctangent", sp.atan(x), aliases=("atan",), torch="torch.atan", jax="jnp.arctan"),
        A("relu", "Rectified linear unit", relu_of(x), torch="torch.relu", jax="jax.nn.relu",
          keras="keras.activations.relu", reference="Nair & Hinton 2010; Glorot et al. 2011",
          notes="Not differentiable at 0; PyTorch and JAX use ReLU'(0) = 0."),
        A("leaky_relu", "Leaky ReLU", Piecewise((x, x >= 0), (sl * x, True)), params=(_slope,),
          aliases=("lrelu",), torch="torch.nn.functional.leaky_relu (negative_slope=0.01)",
          jax="jax.nn.leaky_relu (negative_slope=0.01)", keras="keras.activations.leaky_relu (negative_slope=0.2)",
          reference="Maas et al. 2013", notes="Default slopes differ: PyTorch and JAX 0.01, Keras and TensorFlow 0.2."),
        A("prelu", "Parametric ReLU", Piecewise((x, x >= 0), (a * x, True)), params=(_a,),
          torch="torch.nn.PReLU (init=0.25)", jax="(none)", reference="He et al. 2015",
          notes="a is learned; 1/4 is PyTorch's initial value."),
        A("rrelu", "Randomized leaky ReLU (evaluation form)",
          Piecewise((x, x >= 0), ((lo + up) / 2 * x, True)), params=(_lower, _upper),
          torch="torch.nn.RReLU (lower=1/8, upper=1/3)", jax="(none)", reference="Xu et al. 2015",
          constraints=(("lower must not exceed upper", lambda v: bool(v["lower"] <= v["upper"])),),
          notes="Evaluation form with the mean slope (l+u)/2. In training PyTorch samples the slope "
                "a ~ U(l, u) and outputs a*x; Xu et al. sample a divisor a ~ U(l, u) and output x/a "
                "(with l=3, u=8, so 1/a lies in [1/8, 1/3]). The two sampling schemes have different "
                "means (mean slope (l+u)/2 vs E[1/a] = log(u/l)/(u-l))."),
        A("relu6", "ReLU6", relu6_of(x), torch="torch.nn.functional.relu6", jax="jax.nn.relu6",
          keras="keras.activations.relu6", reference="Krizhevsky 2010; Howard et al. 2017"),
        A("elu", "Exponential linear unit", Piecewise((x, x > 0), (al * (exp(x) - 1), True)),
          params=(_alpha,), torch="torch.nn.functional.elu", jax="jax.nn.elu", keras="keras.activations.elu",
          reference="Clevert et al. 2016", notes="C^1 only when alpha = 1; otherwise C^0."),
        A("selu", "Scaled ELU", SELU_LAMBDA * Piecewise((x, x > 0), (SELU_ALPHA * (exp(x) - 1), True)),
          torch="torch.nn.functional.selu", jax="jax.nn.selu", keras="keras.activations.selu",
          reference="Klambauer et al. 2017",
          notes="selu_alpha and selu_lambda are exact constants defined by the closed forms of "
                "Klambauer et al. eq. 14 (alpha ~ 1.6732632423543772848, lambda ~ 1.0507009873554804934); "
                "rewrite('closed') expands them."),
        A("celu", "Continuously differentiable ELU", Piecewise((x, x > 0), (al * (exp(x / al) - 1), True)),
          params=(_alpha,), torch="torch.nn.functional.celu", jax="jax.nn.celu", keras="keras.activations.celu",
          reference="Barron 2017"),
        A("gelu", "Gaussian error linear unit (exact)", x * Phi(x),
          torch="torch.nn.functional.gelu (approximate='none', the default)",
          jax="jax.nn.gelu(x, approximate=False)", keras="keras.activations.gelu(x, approximate=False)",
          reference="Hendrycks & Gimpel 2016",
          notes="Defaults differ: PyTorch's gelu is exact by default, JAX's jax.nn.gelu "
                "uses the tanh approximation (approximate=True) by default."),
        A("gelu_tanh", "GELU, tanh approximation",
          x / 2 * (1 + tanh(sqrt(2 / pi) * (x + GELU_TANH_COEFF * x**3))),
          aliases=("gelu_approx",), torch="torch.nn.functional.gelu(approximate='tanh')",
          jax="jax.nn.gelu (approximate=True, the default)", keras="keras.activations.gelu(x, approximate=True)",
          reference="Hendrycks & Gimpel 2016"),
        A("gelu_sigmoid", "GELU, sigmoid approximation (QuickGELU)", x * sigmoid(GELU_SIGMOID_COEFF * x),
          aliases=("quick_gelu",), torch="(none; x*torch.sigmoid(1.702*x))", jax="(none)",
          reference="Hendrycks & Gimpel 2016"),
        A("swish", "Swish / SiLU", x * sigmoid(be * x), params=(_beta,), aliases=("silu", "swish1"),
          torch="torch.nn.functional.silu (beta=1 only)", jax="jax.nn.silu / jax.nn.swish (beta=1 only)",
          keras="keras.activations.silu", reference="Elfwing et al. 2017 (SiLU); Ramachandran et al. 2017 (Swish)",
          notes="SiLU is Swish with beta = 1."),
        A("e_swish", "E-swish", _eswish.symbol * x * sigmoid(x), params=(_eswish,), torch="(none)", jax="(none)",
          reference="Alcaide 2018", notes="beta*x*sigmoid(x); the scale multiplies, unlike Swish's beta."),
        A("dsilu", "dSiLU (derivative of SiLU)", sigmoid(x) * (1 + x * (1 - sigmoid(x))), torch="(none)",
          jax="(none)", reference="Elfwing, Uchibe & Doya 2018"),
        A("hard_sigmoid", "Hard sigmoid (PyTorch/JAX form)", relu6_of(x + 3) / 6, aliases=("hardsigmoid",),
          torch="torch.nn.functional.hardsigmoid", jax="jax.nn.hard_sigmoid",
          keras="keras.activations.hard_sigmoid (Keras 3)", reference="Howard et al. 2019",
          notes="relu6(x+3)/6. Older Keras used clip(0.2x + 0.5, 0, 1): see hard_sigmoid_keras."),
        A("hard_sigmoid_keras", "Hard sigmoid (old Keras form)",
          Piecewise((0, x < Rational(-5, 2)), (1, x > Rational(5, 2)), (x / 5 + Rational(1, 2), True)),
          torch="(none)", jax="(none)", keras="keras.activations.hard_sigmoid (Keras 2)",
          reference="Courbariaux et al. 2015; Keras < 3",
          notes="clip(0.2x + 0.5, 0, 1); slope 1/5 where PyTorch's hard sigmoid has 1/6."),
        A("hard_swish", "Hard swish", x * relu6_of(x + 3) / 6, aliases=("hardswish", "hard_silu"),
          torch="torch.nn.functional.hardswish", jax="jax.nn.hard_swish", keras="keras.activations.hard_silu",
          reference="Howard et al. 2019"),
        A("mish", "Mish", x * tanh(softplus(x)), torch="torch.nn.functional.mish",
          jax="(none; x*jnp.tanh(jax.nn.softplus(x)))", keras="keras.activations.mish", reference="Misra 2019"),
        A("softplus", "Softplus", softplus(be * x) / be, params=(_beta,),
          torch="torch.nn.functional.softplus (beta=1, threshold=20)", jax="jax.nn.softplus",
          keras="keras.activations.softplus", reference="Dugas et al. 2001",
          notes="PyTorch returns x itself once beta*x > threshold (20); this is the exact function."),
        A("shifted_softplus", "Shifted softplus", softplus(x) - log(2), aliases=("ssp",), torch="(none)",
          jax="(none)", reference="Schütt et al. 2017 (SchNet)", notes="softplus(x) - log 2, so that f(0) = 0."),
        A("log_sigmoid", "Log-sigmoid", -softplus(-x), aliases=("logsigmoid",),
          torch="torch.nn.functional.logsigmoid", jax="jax.nn.log_sigmoid", keras="keras.activations.log_sigmoid",
          notes="log(sigmoid(x)) = -softplus(-x)."),
        A("tanhshrink", "Tanhshrink", x - tanh(x), aliases=("tanh_shrink",), torch="torch.nn.functional.tanhshrink",
          jax="(none)", keras="keras.activations.tanh_shrink"),
        A("softshrink", "Soft shrinkage", Piecewise((x - lm, x > lm), (x + lm, x < -lm), (0, True)),
          params=(_lambd,), aliases=("soft_shrink",), torch="torch.nn.functional.softshrink (lambd=0.5)",
          jax="(none)", keras="keras.activations.soft_shrink (threshold=0.5)"),
        A("hardshrink", "Hard shrinkage", Piecewise((x, x > lm), (x, x < -lm), (0, True)),
          params=(_lambd,), aliases=("hard_shrink",), torch="torch.nn.functional.hardshrink (lambd=0.5)",
          jax="(none)", keras="keras.activations.hard_shrink (threshold=0.5)"),
        A("threshold", "Threshold", Piecewise((x, x > th), (va, True)), params=(_thr, _val),
          torch="torch.nn.Threshold(threshold, value)", jax="(none)", keras="keras.activations.threshold",
          notes="PyTorch has no defaults; threshold=1/2, value=0 are this catalog's."),
        A("squareplus", "Squareplus", (x + sqrt(x**2 + bq)) / 2, params=(_b_sq,), torch="(none)",
          jax="jax.nn.squareplus (b=4)", keras="keras.activations.squareplus", reference="Barron 2021"),
        A("sparse_plus", "Sparse plus", Piecewise((0, x <= -1), (x, x >= 1), ((x + 1) ** 2 / 4, True)),
          torch="(none)", jax="jax.nn.sparse_plus", keras="keras.activations.sparse_plus",
          reference="Martins & Astudillo 2016 (sparsemax)"),
        A("sparse_sigmoid", "Sparse sigmoid", Piecewise((0, x <= -1), (1, x >= 1), ((x + 1) / 2, True)),
          torch="(none)", jax="jax.nn.sparse_sigmoid", keras="keras.activations.sparse_sigmoid",
          notes="The derivative of sparse plus."),
        A("bent_identity", "Bent identity", (sqrt(x**2 + 1) - 1) / 2 + x, torch="(none)", jax="(none)"),
        A("gaussian", "Gaussian", exp(-x**2), torch="(none)", jax="(none)"),
        A("sinusoid", "Sinusoid", sp.sin(x), aliases=("sin",), torch="torch.sin", jax="jnp.sin",
          reference="Sitzmann et al. 2020 (SIREN)"),
        A("sinc", "Sinc (unnormalised)", sinc(x), torch="(torch.sinc is normalised: sin(pi x)/(pi x))",
          jax="(jnp.sinc is normalised)", notes="sin(x)/x with value 1 at 0."),
        A("isru", "Inverse square root unit", x / sqrt(1 + al * x**2), params=(_alpha,),
          torch="(none)", jax="(none)", reference="Carlile et al. 2017"),
        A("isrlu", "Inverse square root linear unit", Piecewise((x, x >= 0), (x / sqrt(1 + al * x**2), True)),
          params=(_alpha,), torch="(none)", jax="(none)", reference="Carlile et al. 2017"),
        A("soboleva_tanh", "Soboleva modified hyperbolic tangent",
          (exp(sa * x) - exp(-sb * x)) / (exp(sc * x) + exp(-sd * x)), params=(_sa, _sb, _sc, _sd),
          aliases=("smht",), torch="(none)", jax="(none)", reference="Soboleva et al.",
          notes="With a = b = c = d = 1 it is tanh."),
        A("elish", "ELiSH", Piecewise((x * sigmoid(x), x >= 0), ((exp(x) - 1) * sigmoid(x), True)),
          torch="(none)", jax="(none)", reference="Basirat & Roth 2018"),
        A("squared_relu", "Squared ReLU", Piecewise((x**2, x > 0), (0, True)), aliases=("relu2", "relu_squared"),
          torch="(none; torch.relu(x)**2)", jax="(none)", reference="So et al. 2021 (Primer)"),
        A("star_relu", "StarReLU", _scale.symbol * Piecewise((x**2, x > 0), (0, True)) + _bias.symbol,
          params=(_scale, _bias), aliases=("starrelu",), torch="(none)", jax="(none)",
          reference="Yu et al. 2022 (MetaFormer Baselines)",
          notes="s*relu(x)^2 + b with learnable s, b; defaults 2/sqrt(5) ≈ 0.8944 and -1/sqrt(5) ≈ -0.4472 "
                "give zero mean and unit variance under N(0, 1) input."),
        A("snake", "Snake", x + sp.sin(_freq.symbol * x) ** 2 / _freq.symbol, params=(_freq,),
          torch="(none)", jax="(none)", reference="Ziyin, Hartwig & Ueda 2020"),
        A("lisht", "LiSHT (linearly scaled tanh)", x * tanh(x), torch="(none)", jax="(none)",
          reference="Roy et al. 2019"),
        A("tanhexp", "TanhExp", x * tanh(exp(x)), torch="(none)", jax="(none)", reference="Liu & Di 2020"),
        A("serf", "Serf (log-softplus error function)", x * erf(softplus(x)), torch="(none)", jax="(none)",
          reference="Nag & Bhattacharyya 2021"),
        A("smish", "Smish", x * tanh(log(1 + sigmoid(x))), torch="(none)", jax="(none)",
          reference="Wang, Ren & Wang 2022", notes="The paper's alpha = beta = 1 form."),
        A("logish", "Logish", x * log(1 + sigmoid(x)), torch="(none)", jax="(none)", reference="Zhu et al. 2021"),
        A("lecun_tanh", "LeCun's scaled tanh", LECUN_TANH_SCALE * tanh(Rational(2, 3) * x), torch="(none)",
          jax="(none)", reference="LeCun et al. 1998 (Efficient BackProp)", notes="1.7159*tanh(2x/3)."),
        A("cloglog", "Complementary log-log", 1 - exp(-exp(x)), torch="(none)", jax="(none)",
          reference="McCullagh & Nelder 1989 (the cloglog link)"),
        A("bipolar_sigmoid", "Bipolar sigmoid", (1 - exp(-x)) / (1 + exp(-x)), torch="(none)", jax="(none)",
          reference="Fausett 1994", notes="Equal to tanh(x/2) = 2*sigmoid(x) - 1."),
        A("exponential", "Exponential", exp(x), torch="torch.exp", jax="jnp.exp", keras="keras.activations.exponential"),
        A("penalized_tanh", "Penalized tanh", Piecewise((tanh(x), x > 0), (_pen.symbol * tanh(x), True)),
          params=(_pen,), torch="(none)", jax="(none)", reference="Xu, Huang & Li 2016"),
        A("sqnl", "Square nonlinearity (SQNL)",
          Piecewise((-1, x < -2), (x + x**2 / 4, x < 0), (x - x**2 / 4, x <= 2), (1, True)),
          torch="(none)", jax="(none)", reference="Wuraola & Patel 2018"),
        A("golu", "Gompertz linear unit (GoLU)", x * exp(-exp(-x)), torch="(none)", jax="(none)",
          reference="Das et al. 2025", notes="x times the Gompertz function exp(-exp(-x))."),
        A("nlrelu", "Natural-logarithm ReLU", log(be * relu_of(x) + 1), params=(_beta,), torch="(none)",
          jax="(none)", reference="Liu et al. 2019"),
    ]


POINTWISE: list[Activation] = _records()
