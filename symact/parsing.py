"""Parse user expressions without ``eval``.

The text is read by Python's :mod:`ast` parser into a syntax tree, and only a small set of
node types is turned into SymPy: numbers, the variable ``x``, declared parameters, known
constants, arithmetic (``+ - * / **``; ``^`` is read as power), comparisons inside
``Piecewise``/``where`` conditions, and calls of known functions by name. Anything else —
attribute access, subscripts, keywords, lambdas, unknown names — is a :class:`ParseError`
with a one-line message written for the person who typed it.

Decimal literals become exact rationals (``0.044715`` → ``8943/200000``) so that no
floating-point residue enters a symbolic computation.
"""
from __future__ import annotations

import ast
from typing import Callable, Mapping

import sympy as sp

from .vocabulary import VOCABULARY

X = sp.Symbol("x", real=True)


class ParseError(ValueError):
    """A user expression could not be read; the message is one line, for the user."""


_ELEMENTARY: dict[str, Callable] = {
    "exp": sp.exp, "log": sp.log, "ln": sp.log, "sqrt": sp.sqrt,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sinh": sp.sinh, "cosh": sp.cosh,
    "tanh": sp.tanh, "atan": sp.atan, "arctan": sp.atan, "asinh": sp.asinh, "arcsinh": sp.asinh,
    "erf": sp.erf, "erfc": sp.erfc, "abs": sp.Abs, "Abs": sp.Abs, "sign": sp.sign,
    "Heaviside": sp.Heaviside, "heaviside": sp.Heaviside, "sinc": sp.sinc,
    "max": sp.Max, "Max": sp.Max, "min": sp.Min, "Min": sp.Min,
    "LambertW": sp.LambertW, "lambertw": sp.LambertW,
}
_CONSTANTS: dict[str, sp.Expr] = {
    "pi": sp.pi, "e": sp.E, "E": sp.E, "oo": sp.oo, "inf": sp.oo,
}
_BINARY = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a**b, ast.BitXor: lambda a, b: a**b,
}
_COMPARE = {ast.Lt: sp.Lt, ast.LtE: sp.Le, ast.Gt: sp.Gt, ast.GtE: sp.Ge}
MAX_LENGTH = 2000


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
        shown = text.strip() if len(text.strip()) <= 60 else text.strip()[:57] + "..."
        raise ParseError(f"malformed expression {shown!r}: {exc.msg}{where}") from None
    reader = _Reader(dict(parameters or {}), dict(functions or {}), variable, source)
    try:
        result = reader.read(tree.body)
    except RecursionError:
        raise ParseError("expression is nested too deeply") from None
    if _is_condition(result) or not isinstance(result, sp.Expr):
        raise ParseError("expected an arithmetic expression, got a condition")
    return result


def parse_number(text: str) -> sp.Expr:
    """Read a parameter value: a real constant such as ``1.5``, ``1/8`` or ``sqrt(2)``."""
    value = parse_expression(text, variable=sp.Dummy("no_variable"))
    if value.free_symbols or not value.is_real or not value.is_finite:
        raise ParseError(f"parameter value {text!r} is not a finite real number")
    return value


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
        if not isinstance(value, (int, float)):
            raise ParseError(f"unexpected literal {value!r}")
        if isinstance(value, int):
            return sp.Integer(value)
        literal = ast.get_source_segment(self.source, node) or repr(value)
        try:
            return sp.Rational(literal.replace("_", ""))
        except (TypeError, ValueError):
            return sp.Rational(repr(value))

    def _Name(self, node):
        name = node.id
        if name == "x":
            return self.variable
        if name in self.parameters:
            return self.parameters[name]
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in ("True", "true"):
            return sp.true
        if name in _ELEMENTARY or name in VOCABULARY or name in self.functions:
            raise ParseError(f"'{name}' is a function: call it, e.g. {name}(x)")
        hint = " (declare parameters with --param NAME=VALUE)" if name.isidentifier() else ""
        raise ParseError(f"unknown name '{name}'{hint}")

    def _UnaryOp(self, node):
        operand = self.read(node.operand)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise ParseError(f"operator {type(node.op).__name__} is not allowed")

    def _BinOp(self, node):
        if isinstance(node.op, ast.BitAnd):
            return sp.And(self.read(node.left), self.read(node.right))
        if isinstance(node.op, ast.BitOr):
            return sp.Or(self.read(node.left), self.read(node.right))
        op = _BINARY.get(type(node.op))
        if op is None:
            raise ParseError(f"operator {type(node.op).__name__} is not allowed")
        left, right = self.read(node.left), self.read(node.right)
        if isinstance(node.op, (ast.Pow, ast.BitXor)) and right.is_Number and abs(right) > 10**4:
            raise ParseError("exponent too large")
        try:
            return op(left, right)
        except (TypeError, ValueError) as exc:
            raise ParseError(f"cannot combine these terms: {exc}") from None

    def _BoolOp(self, node):
        values = [self.read(v) for v in node.values]
        return sp.And(*values) if isinstance(node.op, ast.And) else sp.Or(*values)

    def _Compare(self, node):
        terms = [self.read(node.left)] + [self.read(c) for c in node.comparators]
        relations = []
        for op, lhs, rhs in zip(node.ops, terms, terms[1:]):
            rel = _COMPARE.get(type(op))
            if rel is None:
                raise ParseError(f"comparison {type(op).__name__} is not allowed here")
            relations.append(rel(lhs, rhs))
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
            if len(args) != 3:
                raise ParseError("where(condition, value_if_true, value_if_false) takes 3 arguments")
            return sp.Piecewise((args[1], args[0]), (args[2], True))
        fn = self.functions.get(name) or VOCABULARY.get(name) or _ELEMENTARY.get(name)
        if fn is None:
            raise ParseError(f"unknown function '{name}'")
        if any(isinstance(a, tuple) or _is_condition(a) for a in args):
            raise ParseError(f"{name}(...) takes arithmetic arguments")
        minimum = 2 if fn in (sp.Max, sp.Min) else 1
        if len(args) < minimum or (minimum == 1 and len(args) != 1):
            raise ParseError(f"{name}(...) takes {'at least 2 arguments' if minimum == 2 else 'one argument'}")
        try:
            return fn(*args)
        except (TypeError, ValueError) as exc:
            raise ParseError(f"cannot apply {name}: {exc}") from None

    def _piecewise(self, args):
        pieces = []
        for a in args:
            if not (isinstance(a, tuple) and len(a) == 2):
                raise ParseError("Piecewise takes pairs: Piecewise((value, condition), ..., (value, True))")
            pieces.append(a)
        try:
            return sp.Piecewise(*pieces)
        except (TypeError, ValueError) as exc:
            raise ParseError(f"bad Piecewise: {exc}") from None


def _is_condition(value) -> bool:
    """True for relations and logical combinations (SymPy symbols are Booleans too)."""
    return isinstance(value, (tuple, sp.core.relational.Relational, sp.logic.boolalg.BooleanAtom,
                              sp.And, sp.Or, sp.Not))


def _describe(node) -> str:
    kinds = {"Attribute": "attribute access", "Subscript": "indexing", "Lambda": "lambda",
             "Starred": "unpacking", "Dict": "a dict", "List": "a list", "Set": "a set",
             "JoinedStr": "an f-string", "IfExp": "an if-expression (use where(c, a, b))"}
    return kinds.get(type(node).__name__, type(node).__name__)
