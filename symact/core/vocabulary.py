r"""Named building blocks that SymPy lacks, written as SymPy functions.

Each class follows SymPy's own special-function pattern (see ``erf``): ``eval`` knows the
special values, ``fdiff`` gives the derivative *in textbook form*, ``_eval_rewrite_as_*``
gives the ground-truth definition, ``_eval_evalf`` evaluates through that definition at any
precision, and ``_latex`` prints the usual symbol. Because derivatives are expressed in the
vocabulary, ``diff(x*sigmoid(x), x)`` reads ``x σ(x)(1 − σ(x)) + σ(x)``.

* :class:`sigmoid` — :math:`\sigma(x) = 1/(1+e^{-x})`, :math:`\sigma' = \sigma(1-\sigma)`.
* :class:`softplus` — :math:`\operatorname{softplus}(x) = \log(1+e^{x})`, derivative :math:`\sigma`.
* :class:`Phi` — standard normal CDF :math:`\Phi(x) = \tfrac12(1+\operatorname{erf}(x/\sqrt2))`,
  derivative :math:`\varphi`.
* :class:`phi` — standard normal density :math:`\varphi(x) = e^{-x^2/2}/\sqrt{2\pi}`,
  derivative :math:`-x\varphi(x)`.

Each ``fdiff`` is a claim; ``tests/test_vocabulary.py`` proves it against the derivative of
the rewrite.
"""
from __future__ import annotations

import sympy as sp
from sympy import S, exp, log, erf, erfc, sqrt, pi, tanh, Function


def _real_arg(f):
    return f.args[0].is_extended_real


class _Named(Function):
    """Shared behaviour: real on real arguments, evaluation through the exp/erf rewrite."""

    nargs = 1
    _latex_name = ""

    def _eval_is_extended_real(self):
        return _real_arg(self)

    def _eval_evalf(self, prec):
        arg = self.args[0]
        if not arg.is_number:
            return None
        return self._definition(arg)._eval_evalf(prec)

    def _eval_is_finite(self):
        a = self.args[0]
        if a.is_finite and a.is_extended_real:
            return True
        return None

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        base = rf"{self._latex_name}\left({arg}\right)"
        return base if exp is None else rf"{self._latex_name}^{{{exp}}}\left({arg}\right)"

    @classmethod
    def _definition(cls, arg):  # pragma: no cover - overridden
        raise NotImplementedError


class sigmoid(_Named):
    r"""Logistic sigmoid :math:`\sigma(x) = \dfrac{1}{1+e^{-x}}`.

    Special values :math:`\sigma(0)=\tfrac12`, :math:`\sigma(\pm\infty)\in\{1, 0\}`;
    derivative :math:`\sigma'(x) = \sigma(x)\,(1-\sigma(x))`.
    """

    _latex_name = r"\sigma"

    @classmethod
    def eval(cls, arg):
        if arg is S.NaN:
            return S.NaN
        if arg.is_zero:
            return S.Half
        if arg is S.Infinity:
            return S.One
        if arg is S.NegativeInfinity:
            return S.Zero

    def fdiff(self, argindex=1):
        return self * (1 - self)

    @classmethod
    def _definition(cls, arg):
        return 1 / (1 + exp(-arg))

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self._definition(arg)

    def _eval_rewrite_as_tanh(self, arg, **kwargs):
        return (1 + tanh(arg / 2)) / 2

    def _eval_is_positive(self):
        return True if (_real_arg(self) and self.args[0].is_finite) else None

    def _eval_is_extended_nonnegative(self):
        return True if _real_arg(self) else None


class softplus(_Named):
    r"""Softplus :math:`\operatorname{softplus}(x) = \log(1+e^{x})`.

    Special values :math:`\operatorname{softplus}(0)=\log 2`, :math:`\to\infty` and :math:`\to 0`
    at :math:`\pm\infty`; derivative :math:`\sigma(x)`.
    """

    _latex_name = r"\operatorname{softplus}"

    @classmethod
    def eval(cls, arg):
        if arg is S.NaN:
            return S.NaN
        if arg.is_zero:
            return log(2)
        if arg is S.Infinity:
            return S.Infinity
        if arg is S.NegativeInfinity:
            return S.Zero

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    @classmethod
    def _definition(cls, arg):
        return log(1 + exp(arg))

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self._definition(arg)

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_is_positive(self):
        return True if (_real_arg(self) and self.args[0].is_finite) else None

    def _eval_is_extended_nonnegative(self):
        return True if _real_arg(self) else None


class Phi(_Named):
    r"""Standard normal CDF :math:`\Phi(x) = \tfrac12\bigl(1+\operatorname{erf}(x/\sqrt2)\bigr)
    = \tfrac12\operatorname{erfc}(-x/\sqrt2)`.

    Special values :math:`\Phi(0)=\tfrac12`, :math:`\Phi(\pm\infty)\in\{1,0\}`;
    derivative the density :math:`\varphi(x)`.
    """

    _latex_name = r"\Phi"

    @classmethod
    def eval(cls, arg):
        if arg is S.NaN:
            return S.NaN
        if arg.is_zero:
            return S.Half
        if arg is S.Infinity:
            return S.One
        if arg is S.NegativeInfinity:
            return S.Zero

    def fdiff(self, argindex=1):
        return phi(self.args[0])

    @classmethod
    def _definition(cls, arg):
        return erfc(-arg / sqrt(2)) / 2

    def _eval_rewrite_as_erf(self, arg, **kwargs):
        return (1 + erf(arg / sqrt(2))) / 2

    def _eval_rewrite_as_erfc(self, arg, **kwargs):
        return self._definition(arg)

    def _eval_is_positive(self):
        return True if (_real_arg(self) and self.args[0].is_finite) else None

    def _eval_is_extended_nonnegative(self):
        return True if _real_arg(self) else None


class phi(_Named):
    r"""Standard normal density :math:`\varphi(x) = \dfrac{e^{-x^2/2}}{\sqrt{2\pi}}`.

    :math:`\varphi(0) = 1/\sqrt{2\pi}`, :math:`\varphi(\pm\infty) = 0`;
    derivative :math:`\varphi'(x) = -x\,\varphi(x)`.
    """

    _latex_name = r"\varphi"

    @classmethod
    def eval(cls, arg):
        if arg is S.NaN:
            return S.NaN
        if arg.is_zero:
            return 1 / sqrt(2 * pi)
        if arg in (S.Infinity, S.NegativeInfinity):
            return S.Zero
        if arg.could_extract_minus_sign():
            return cls(-arg)

    def fdiff(self, argindex=1):
        return -self.args[0] * self

    @classmethod
    def _definition(cls, arg):
        return exp(-arg**2 / 2) / sqrt(2 * pi)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self._definition(arg)

    def _eval_is_positive(self):
        return True if (_real_arg(self) and self.args[0].is_finite) else None

    def _eval_is_extended_nonnegative(self):
        return True if _real_arg(self) else None


class sinc(_Named):
    r"""Unnormalised sinc :math:`\operatorname{sinc}(x) = \sin(x)/x`, with value 1 at 0.

    Its derivatives are :class:`sinc_derivative` functions, which stay smooth at 0 (SymPy's own
    ``sinc`` differentiates into a ``Piecewise`` with a removable singularity that defeats
    interval arithmetic near 0).
    """

    _latex_name = r"\operatorname{sinc}"

    @classmethod
    def eval(cls, arg):
        if arg is S.NaN:
            return S.NaN
        if arg.is_zero:
            return S.One
        if arg in (S.Infinity, S.NegativeInfinity):
            return S.Zero
        if arg.could_extract_minus_sign():
            return cls(-arg)

    def fdiff(self, argindex=1):
        return sinc_derivative(1, self.args[0])

    @classmethod
    def _definition(cls, arg):
        return sp.sin(arg) / arg

    def _eval_evalf(self, prec):
        arg = self.args[0]
        if not arg.is_number:
            return None
        return sp.sinc(arg)._eval_evalf(prec)

    def _eval_rewrite_as_sin(self, arg, **kwargs):
        return self._definition(arg)

    def _eval_is_positive(self):
        return None


class sinc_derivative(Function):
    r"""The n-th derivative of :math:`\sin(x)/x`, smooth through 0:
    :math:`\operatorname{sinc}^{(n)}(x) = \sum_{2j \ge n} \frac{(-1)^j x^{2j-n}}{(2j+1)\,(2j-n)!}`,
    and :math:`\operatorname{sinc}^{(n)}(0) = (-1)^{n/2}/(n+1)` for even n, 0 for odd n."""

    nargs = 2

    @classmethod
    def eval(cls, n, arg):
        if not (n.is_Integer and n >= 0):
            raise ValueError("sinc_derivative(n, x) needs an integer n >= 0")
        if n == 0:
            return sinc(arg)
        if arg.is_zero:
            return S.Zero if n % 2 else (-1) ** (n // 2) / (n + 1)
        if arg.could_extract_minus_sign():
            return (-1) ** int(n) * cls(n, -arg)

    def fdiff(self, argindex=2):
        if argindex != 2:
            raise sp.ArgumentIndexError(self, argindex)
        return sinc_derivative(self.args[0] + 1, self.args[1])

    def _eval_is_extended_real(self):
        return self.args[1].is_extended_real

    def _eval_is_finite(self):
        return True if self.args[1].is_extended_real else None

    @classmethod
    def _definition(cls, n, arg):
        t = sp.Dummy("t")
        return sp.diff(sp.sin(t) / t, t, int(n)).subs(t, arg)

    def _eval_evalf(self, prec):
        n, arg = self.args
        if not arg.is_number:
            return None
        if arg.is_zero:
            return (S.Zero if n % 2 else (-1) ** (n // 2) / (n + 1))._eval_evalf(prec)
        # the closed form cancels near 0: evalf's adaptive precision handles it, given room
        dps = sp.core.evalf.prec_to_dps(prec)
        return sp.Float(self._definition(n, arg).evalf(dps + 20, maxn=dps + 400), dps)

    def _latex(self, printer, exp=None):
        n = int(self.args[0])
        base = rf"\operatorname{{sinc}}^{{({n})}}\left({printer._print(self.args[1])}\right)"
        return base if exp is None else rf"\left({base}\right)^{{{exp}}}"


class NamedConstant(sp.NumberSymbol):
    """An exact constant with a closed form, named for reading (like ``pi``).

    Evaluation goes through ``closed_form`` (cached per precision); ``rewrite("closed")``
    returns it; ``symact.evaluate`` encloses it rigorously by evaluating the closed form in arb.
    """

    is_real = True
    is_positive = True
    is_finite = True
    is_number = True
    __slots__ = ()
    _registry: dict = {}

    def __new__(cls, name: str, closed_form: sp.Expr, latex: str, bounds: tuple[int, int]):
        if name not in cls._registry:
            obj = sp.Expr.__new__(cls)
            cls._registry[name] = (obj, closed_form, latex, bounds, {})
        return cls._registry[name][0]

    @property
    def _info(self):
        for name, info in self._registry.items():
            if info[0] is self:
                return (name,) + info[1:]
        raise KeyError(self)

    @property
    def closed_form(self) -> sp.Expr:
        return self._info[1]

    def _hashable_content(self):
        return (id(self),)

    def __getnewargs__(self):  # pragma: no cover - pickling
        name, closed, latex, bounds, _ = self._info
        return (name, closed, latex, bounds)

    def _as_mpf_val(self, prec):
        cache = self._info[4]
        if prec not in cache:
            cache[prec] = self.closed_form.evalf(sp.core.evalf.prec_to_dps(prec) + 5)._as_mpf_val(prec)
        return cache[prec]

    def approximation_interval(self, number_cls):
        if issubclass(number_cls, sp.Integer):
            lo, hi = self._info[3]
            return (sp.Integer(lo), sp.Integer(hi))

    def _eval_rewrite_as_closed(self, *args, **kwargs):
        return self.closed_form

    def _sympystr(self, printer):
        return self._info[0]

    def _latex(self, printer):
        return self._info[2]


#: Every vocabulary function, by the name users type.
VOCABULARY: dict[str, type[Function]] = {
    "sigmoid": sigmoid,
    "softplus": softplus,
    "Phi": Phi,
    "phi": phi,
    "sinc": sinc,
}


def to_ground_truth(expr: sp.Expr) -> sp.Expr:
    """Rewrite every vocabulary function into its definition (exp / log / erf / sin(x)/x)."""
    expr = expr.replace(lambda e: isinstance(e, sinc_derivative), lambda e: sinc_derivative._definition(*e.args))
    return expr.replace(
        lambda e: isinstance(e, _Named), lambda e: type(e)._definition(e.args[0])
    )


def to_exp_form(expr: sp.Expr) -> sp.Expr:
    """Ground truth in exponentials: vocabulary functions and tanh/sinh/… rewritten to exp
    (the form in which ``simplify`` decides identities best)."""
    return to_ground_truth(expr).rewrite(exp)
