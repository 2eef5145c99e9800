r"""Parse user expressions without ``eval``.

The text is read by Python's :mod:`ast` parser into a syntax tree, and only a small set of
node types is turned into SymPy: numbers, the variable ``x``, declared parameters, known
constants, arithmetic (``+ - * / **``; ``^`` is read as power), comparisons inside
``Piecewise``/``where`` conditions, and calls of known functions by name. Anything else —
attribute access, subscripts, keywords, lambdas, unknown names — is a :class:`ParseError`
with a one-line message written for the person who typed it.

Decimal literals become exact rationals (``0.044715`` → ``8943/200000``), so no floating-point
residue enters a symbolic computation. Sizes are checked *before* anything is expanded: a
literal may not exceed ``10^±1000`` and no number built from literals may exceed 40 000 bits,
so ``x*1e999999999`` or ``(10**10**4)**10**4`` is refused at once instead of hanging.
Infinite, undefined and complex constants (``inf``, ``0/0``, ``(-8)**(1/3)``) are refused too.

>>> from symact.parse.expressions import parse_expression
>>> parse_expression("x*sigmoid(1.702*x)")
x*sigmoid(851*x/500)
>>> parse_expression("x*inf")
Traceback (most recent call last):
...
symact.core.errors.ParseError: 'inf' is not a finite number: an activation's formula has finite constants
"""
from __future__ import annotations

import ast
import re
from typing import Callable, Mapping

import sympy as sp

from ..core import settings
from ..core.errors import ParseError
from ..core.symbols import X
from ..core.vocabulary import VOCABULARY

_ELEMENTARY: dict[str, Callable] = {
    "exp": sp.exp, "log": sp.log, "ln": sp.log, "sqrt": sp.sqrt,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sinh": sp.sinh, "cosh": sp.cosh,
    "tanh": sp.tanh, "sech": sp.sech, "atan": sp.atan, "arctan": sp.atan, "asinh": sp.asinh, "arcsinh": sp.asinh,
    "erf": sp.erf, "erfc": sp.erfc, "abs": sp.Abs, "Abs": sp.Abs, "sign": sp.sign,
    "Heaviside": sp.Heaviside, "heaviside": sp.Heaviside,
    "max": sp.Max, "Max": sp.Max, "min": sp.Min, "Min": sp.Min,
    "LambertW": sp.LambertW, "lambertw": sp.LambertW,
}
_CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "e": sp.E, "E": sp.E}
_INFINITE_NAMES = ("oo", "inf", "infinity", "Infinity", "nan", "NaN", "zoo")
_BINARY = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a**b, ast.BitXor: lambda a, b: a**b,
}
_COMPARE = {ast.Lt: sp.Lt, ast.LtE: sp.Le, ast.Gt: sp.Gt, ast.GtE: sp.Ge}
MAX_LENGTH = 2000
_FLOAT = re.compile(r"^(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$")


def known_function_names() -> list[str]:
    """Names of functions a user may call in an expression (besides catalog entries)."""
    return sorted(set(_ELEMENTARY) | set(VOCABULARY) | {"Piecewise", "where"})


def parse_expression(
    text: str,
    *,
    parameters: Mapping[str, sp.Symbol] | None = None,
    functions: Mapping[str, Callable] | None = None,
    variable: sp.Symbol = X,
) -> sp.Expr:
    """Read ``text`` into a SymPy expression in ``variable`` (named ``x``).

    ``parameters`` maps extra names to symbols; ``functions`` maps extra callable names
    (catalog activations) to functions of one SymPy argument.
    """
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty expression")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"expression longer than {MAX_LENGTH} characters")
    source = text.strip().replace("^", "**")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise ParseError(f"malformed expression {shorten(text)!r}: {exc.msg}{where}") from None
    reader = _Reader(dict(parameters or {}), dict(functions or {}), variable, source)
    try:
        result = reader.read(tree.body)
    except RecursionError:
        raise ParseError("expression is nested too deeply") from None
    if _is_condition(result) or not isinstance(result, sp.Expr):
        raise ParseError("expected an arithmetic expression, got a condition")
    check_real_constants(result, text)
    return result


def parse_number(text: str) -> sp.Expr:
    """Read a parameter value: a finite real constant such as ``1.5``, ``1/8`` or ``sqrt(2)``."""
    value = parse_expression(str(text), variable=sp.Dummy("no_variable"))
    if value.free_symbols or value.is_real is not True:
        raise ParseError(f"parameter value {shorten(str(text))!r} is not a finite real number")
    return value


def shorten(text: str, most: int = 60) -> str:
    """The text as echoed in an error message: at most ``most`` characters."""
    text = str(text).strip()
    return text if len(text) <= most else text[: most - 3] + "..."


def check_real_constants(expr: sp.Expr, text: str = "") -> None:
    """Refuse infinite, undefined and complex constants anywhere in ``expr``."""
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
        raise ParseError(f"{shorten(text or sp.sstr(expr))!r} has an infinite, undefined or complex constant")
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Expr) and node.is_number and not node.is_Atom and node.is_extended_real is False:
            raise ParseError(f"the constant {shorten(sp.sstr(node))} is not a real number")


def _bits(value: sp.Expr) -> int:
    if value.is_Rational:
        return int(value.p).bit_length() + int(value.q).bit_length()
    return 0


class _Reader:
    def __init__(self, parameters, functions, variable, source):
        self.source = source
        self.parameters = parameters
        self.functions = functions
        self.variable = variable

    def read(self, node):
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise ParseError(f"{_describe(node)} is not allowed in an expression")
        return method(node)

    def _Constant(self, node):
        value = node.value
        if isinstance(value, bool):
            return sp.true if value else sp.false
        if isinstance(value, complex):
            raise ParseError("complex numbers are not allowed: an activation is real-valued")
        if not isinstance(value, (int, float)):
            raise ParseError(f"unexpected literal {value!r}")
        literal = (ast.get_source_segment(self.source, node) or repr(value)).replace("_", "")
        if isinstance(value, int):
            if len(literal) > settings.MAX_LITERAL_EXPONENT:
                raise ParseError(f"the number {shorten(literal, 20)} is too large")
            return sp.Integer(value)
        m = _FLOAT.match(literal)
        if m is None:
            raise ParseError(f"cannot read the number {shorten(literal, 20)!r}")
        whole, frac, exponent = m.group(1), m.group(2), int(m.group(3) or 0)
        mantissa = whole + frac
        first = len(mantissa) - len(mantissa.lstrip("0"))
        if first < len(mantissa):  # not zero: the decimal exponent of the leading digit
            magnitude = exponent + len(whole) - first - 1
            if abs(magnitude) > settings.MAX_LITERAL_EXPONENT:
                raise ParseError(f"the number {shorten(literal, 20)} is outside "
                                 f"1e-{settings.MAX_LITERAL_EXPONENT}..1e{settings.MAX_LITERAL_EXPONENT}")
        return sp.Rational(literal)

    def _Name(self, node):
        name = node.id
        if name == "x":
            return self.variable
        if name in self.parameters:
            return self.parameters[name]
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in _INFINITE_NAMES:
            raise ParseError(f"'{name}' is not a finite number: an activation's formula has finite constants")
        if name in ("True", "true"):
            return sp.true
        if name in _ELEMENTARY or name in VOCABULARY or name in self.functions:
            raise ParseError(f"'{name}' is a function: call it, e.g. {name}(x)")
        hint = " (declare parameters with --param NAME=VALUE)" if name.isidentifier() else ""
        raise ParseError(f"unknown name '{name}'{hint}")

    def _UnaryOp(self, node):
        operand = self.read(node.operand)
        if _is_condition(operand):
            raise ParseError("a sign cannot apply to a condition")
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise ParseError(f"operator {type(node.op).__name__} is not allowed")

    def _BinOp(self, node):
        if isinstance(node.op, ast.BitAnd):
            return sp.And(self._condition(node.left), self._condition(node.right))
        if isinstance(node.op, ast.BitOr):
            return sp.Or(self._condition(node.left), self._condition(node.right))
        op = _BINARY.get(type(node.op))
        if op is None:
            raise ParseError(f"operator {type(node.op).__name__} is not allowed")
        left, right = self.read(node.left), self.read(node.right)
        if _is_condition(left) or _is_condition(right) or isinstance(left, tuple) or isinstance(right, tuple):
            raise ParseError("arithmetic on a condition or a pair is not allowed")
        if isinstance(node.op, (ast.Pow, ast.BitXor)) and right.is_number:
            if right.is_Number and abs(right) > 10**4:
                raise ParseError("exponent too large")
            if left.is_Rational and right.is_Rational and abs(right) >= 1:
                if _bits(left) * float(abs(right)) > settings.MAX_NUMBER_BITS:
                    raise ParseError("number too large")
        if isinstance(node.op, (ast.Mult, ast.Div)) and _bits(left) + _bits(right) > settings.MAX_NUMBER_BITS:
            raise ParseError("number too large")
        if isinstance(node.op, ast.Div) and right == 0:
            raise ParseError("division by zero")
        try:
            result = op(left, right)
        except (TypeError, ValueError, ZeroDivisionError) as exc:
            raise ParseError(f"cannot combine these terms: {exc}") from None
        if _bits(result) > settings.MAX_NUMBER_BITS:
            raise ParseError("number too large")
        return result

    def _condition(self, node):
        value = self.read(node)
        if not _is_condition(value):
            raise ParseError("'&' and '|' join conditions such as x > 0")
        return value

    def _BoolOp(self, node):
        values = [self._condition(v) for v in node.values]
        return sp.And(*values) if isinstance(node.op, ast.And) else sp.Or(*values)

    def _Compare(self, node):
        terms = [self.read(node.left)] + [self.read(c) for c in node.comparators]
        if any(_is_condition(t) or isinstance(t, tuple) for t in terms):
            raise ParseError("comparisons take arithmetic terms")
        relations = []
        for op, lhs, rhs in zip(node.ops, terms, terms[1:]):
            rel = _COMPARE.get(type(op))
            if rel is None:
                raise ParseError(f"comparison {type(op).__name__} is not allowed here (use < <= > >=)")
            try:
                relations.append(rel(lhs, rhs))
            except TypeError as exc:
                raise ParseError(f"cannot compare: {exc}") from None
        return sp.And(*relations)

    def _Tuple(self, node):
        return tuple(self.read(e) for e in node.elts)

    def _Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise ParseError(f"{_describe(node.func)} cannot be called")
        if node.keywords:
            raise ParseError(f"keyword arguments are not allowed in {node.func.id}(...)")
        name = node.func.id
        known = name in ("Piecewise", "where") or name in self.functions or name in VOCABULARY or name in _ELEMENTARY
        if not known:
            raise ParseError(f"unknown function '{name}'")
        args = [self.read(a) for a in node.args]
        if name == "Piecewise":
            return self._piecewise(args)
        if name == "where":
            if len(args) != 3 or not _is_condition(args[0]) or any(_is_condition(a) or isinstance(a, tuple) for a in args[1:]):
                raise ParseError("where(condition, value_if_true, value_if_false) takes a condition and 2 values")
            return sp.Piecewise((args[1], args[0]), (args[2], True))
        fn = self.functions.get(name) or VOCABULARY.get(name) or _ELEMENTARY.get(name)
        if any(isinstance(a, tuple) or _is_condition(a) for a in args):
            raise ParseError(f"{name}(...) takes arithmetic arguments")
        minimum = 2 if fn in (sp.Max, sp.Min) else 1
        if len(args) < minimum or (minimum == 1 and len(args) != 1):
            raise ParseError(f"{name}(...) takes {'at least 2 arguments' if minimum == 2 else 'one argument'}")
        try:
            return fn(*args)
        except (TypeError, ValueError, ZeroDivisionError) as exc:
            raise ParseError(f"cannot apply {name}: {shorten(str(exc))}") from None

    def _piecewise(self, args):
        pieces = []
        for a in args:
            if not (isinstance(a, tuple) and len(a) == 2) or isinstance(a[0], tuple) or _is_condition(a[0]):
                raise ParseError("Piecewise takes pairs: Piecewise((value, condition), ..., (value, True))")
            if not (_is_condition(a[1])):
                raise ParseError("each Piecewise pair is (value, condition), e.g. (x, x > 0)")
            pieces.append(a)
        try:
            return sp.Piecewise(*pieces)
        except (TypeError, ValueError) as exc:
            raise ParseError(f"bad Piecewise: {shorten(str(exc))}") from None


def _is_condition(value) -> bool:
    """True for relations and logical combinations (SymPy symbols are Booleans too)."""
    return isinstance(value, (sp.core.relational.Relational, sp.logic.boolalg.BooleanAtom,
                              sp.And, sp.Or, sp.Not))


def _describe(node) -> str:
    kinds = {"Attribute": "attribute access", "Subscript": "indexing", "Lambda": "lambda",
             "Starred": "unpacking", "Dict": "a dict", "List": "a list", "Set": "a set",
             "JoinedStr": "an f-string", "IfExp": "an if-expression (use where(c, a, b))",
             "ListComp": "a comprehension", "GeneratorExp": "a generator", "NamedExpr": "an assignment"}
    return kinds.get(type(node).__name__, type(node).__name__)
