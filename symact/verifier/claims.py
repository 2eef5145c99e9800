r"""The claim language: one small grammar for the command line, claim files and Python.

A claim is read with Python's ``ast`` and a whitelist (never ``eval``); its expressions go
through :func:`symact.parse.parse_expression`, so the same names and size limits apply.

.. code-block:: text

    claim      := [ "for" CONDITIONS ":" ] body [ "on" INTERVAL ]
    body       := EXPR REL EXPR                          f == g, f <= c, f > g   (REL: == != <= < >= >)
                | ("sup" | "inf" | "max" | "min") "(" EXPR ["," "x" "," a "," b] ")" REL c
                | ("lim" | "limit") "(" EXPR "," "x" "," POINT [, "+" | "-"] ")" "==" c
                | "range of" EXPR "is" SET                   SET: (0, 1/4], R, {1}, [0, 1) U {2}
                | ("min" | "max") "of" EXPR "≈" v [ "at ≈" x0 ]
                | EXPR "is" PROPERTY                         increasing, strictly decreasing, monotone,
                                                             convex, concave, odd, even, bounded,
                                                             zero-centred, C1 … C^k, C^inf, smooth,
                                                             "Lipschitz <= L"
    EXPR       := an expression in x; catalog names may be written bare (``mish`` = ``mish(x)``);
                  ``diff(E)``, ``diff(E, x)``, ``diff(E, x, k)`` and ``d/dx E`` differentiate;
                  in ``d/dx E == G`` the name ``f`` in G stands for E.
    INTERVAL   := (a, b), [a, b], (-oo, b], [a, oo), R
    CONDITIONS := conditions on parameters, e.g. ``alpha > 0``, ``0 < beta <= 2``
    vector     := "for vector x" [ "of length" K ] ":" VEXPR "==" VEXPR   (symact.verifier.vector_claims)

Examples: ``tanh(x) == 2*sigmoid(2*x) - 1``; ``diff(mish(x), x) <= 1.1``;
``sup(abs(gelu(x) - gelu_tanh(x)), x, -oo, oo) <= 4.74e-4``; ``d/dx sigmoid == f*(1-f)``;
``range of diff(sigmoid) is (0, 1/4]``; ``min of mish ≈ -0.3088 at ≈ -1.1924``;
``for beta > 0: swish_beta(x) ...``; ``elu(x) == x on [0, oo)``.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import sympy as sp

from ..catalog import ALIASES, CATALOG, catalog_functions, get
from ..catalog.constants import SELU_ALPHA, SELU_LAMBDA
from ..core.errors import ParseError
from ..core.symbols import X
from ..parse import parse_expression, shorten
from ..parse.expressions import MAX_LENGTH

RELATIONS = ("==", "!=", "<=", "<", ">=", ">")
#: the catalog's named constants, usable by name in claims
NAMED_CONSTANTS = {"selu_alpha": SELU_ALPHA, "selu_lambda": SELU_LAMBDA}
PROPERTIES = ("increasing", "decreasing", "strictly increasing", "strictly decreasing", "monotone",
              "convex", "concave", "odd", "even", "bounded", "zero-centred", "smooth", "continuous")


@dataclass(frozen=True)
class Region:
    """The interval a claim is about (ℝ by default)."""

    lo: sp.Expr = sp.S.NegativeInfinity
    hi: sp.Expr = sp.oo
    lo_closed: bool = False
    hi_closed: bool = False

    def text(self) -> str:
        if self.lo is sp.S.NegativeInfinity and self.hi is sp.oo:
            return "ℝ"
        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        show = {sp.oo: "∞", sp.S.NegativeInfinity: "-∞"}
        return f"{left}{show.get(self.lo, sp.sstr(self.lo))}, {show.get(self.hi, sp.sstr(self.hi))}{right}"


REALS = Region()


@dataclass(frozen=True)
class Parameter:
    """A claim parameter: its symbol and the condition that bounds it (``alpha > 0``)."""

    symbol: sp.Symbol
    condition: sp.Basic


@dataclass(frozen=True)
class Relation:
    """``lhs rel rhs`` for every x in ``region`` (and every parameter value allowed)."""

    lhs: sp.Expr
    rel: str
    rhs: sp.Expr
    region: Region = REALS


@dataclass(frozen=True)
class Bound:
    """``sup`` or ``inf`` of ``expr`` over ``region``, compared with ``bound``."""

    kind: str  # sup | inf
    expr: sp.Expr
    rel: str
    bound: sp.Expr
    region: Region = REALS


@dataclass(frozen=True)
class LimitClaim:
    expr: sp.Expr
    point: sp.Expr  # oo, -oo or a finite number
    side: str  # "+", "-" or "" (both, or the only side at ±∞)
    value: sp.Expr
    #: the variable that tends to the point: None for x, else a parameter (then value may depend on x)
    variable: sp.Symbol | None = None


@dataclass(frozen=True)
class RangeClaim:
    expr: sp.Expr
    parts: tuple[tuple[sp.Expr, sp.Expr, bool, bool], ...]  # (lo, hi, lo_closed, hi_closed)


@dataclass(frozen=True)
class ApproxExtremum:
    kind: str  # min | max
    expr: sp.Expr
    value: sp.Expr
    value_tolerance: sp.Rational
    at: sp.Expr | None = None
    at_tolerance: sp.Rational | None = None


@dataclass(frozen=True)
class PropertyClaim:
    expr: sp.Expr
    prop: str  # one of PROPERTIES, "C" (with order) or "lipschitz" (with bound)
    order: int | None = None  # C^k (None: C^∞)
    bound: sp.Expr | None = None
    #: for ``E is C1 iff alpha == 1``: the condition on the parameters
    iff: sp.Basic | None = None


@dataclass(frozen=True)
class Claim:
    """A parsed claim: the text it came from, its parameters and what it says."""

    text: str
    body: object
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)


# -- reading -------------------------------------------------------------------------------------

_FOR = re.compile(r"^\s*for\s+(.+?)\s*:\s*(.+)$", re.S)
_ON = re.compile(r"^(.*\S)\s+on\s+(\S.*)$", re.S)
_RANGE = re.compile(r"^\s*range\s+of\s+(.+?)\s+is\s+(.+)$", re.S)
_APPROX = re.compile(r"^\s*(min|max)(?:imum)?\s+of\s+(.+?)\s*(?:≈|~=|~)\s*(\S+)(?:\s+at\s*(?:≈|~=|~|=)?\s*(\S+))?\s*$", re.S)
_IS = re.compile(r"^\s*(.+?)\s+is\s+(.+?)\s*$", re.S)
_IFF = re.compile(r"^\s*(.+?)\s+is\s+(.+?)\s+iff\s+(.+?)\s*$", re.S)
_DDX = re.compile(r"d\s*/\s*dx\s+")
_LIPSCHITZ = re.compile(r"^lipschitz(?:\s+with\s+constant)?\s*(?:<=|≤)\s*(.+)$", re.I)
_SMOOTH = re.compile(r"^c\s*\^?\s*(\d+|inf|oo|∞)$", re.I)


class _Literals(ast.NodeTransformer):
    """Numbers become names bound to their exact value, read from their own text (Python's ast
    would round 0.1000000000000000000001 to the double 0.1, and 1e999 to inf)."""

    def __init__(self, source: str, numbers: dict):
        self.source = source
        self.numbers = numbers

    def visit_Constant(self, node):
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            text = ast.get_source_segment(self.source, node)
            if text is None:
                raise ParseError("cannot read a number")
            value = parse_expression(text.replace("_", ""), variable=sp.Dummy("none"))  # exact, size-checked
            name = f"lit{len(self.numbers)}_"
            self.numbers[name] = value
            return ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node)
        if isinstance(node.value, complex):
            raise ParseError("complex numbers are not allowed")
        return node


def _parse(text: str, numbers: dict, what: str = "claim"):
    """``ast.parse`` of an expression with every number kept exact (see :class:`_Literals`)."""
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ParseError(f"malformed {what} {shorten(text)!r}: {exc.msg}") from None
    return _Literals(text, numbers).visit(tree)


def parse_claim(text: str, params: dict | None = None) -> Claim:
    """Read one claim (see the module docstring for the grammar)."""
    try:
        return _parse_claim(text, params)
    except RecursionError:
        raise ParseError("the claim is nested too deeply") from None


def _parse_claim(text: str, params: dict | None = None) -> Claim:
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty claim")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"claim longer than {MAX_LENGTH} characters")
    source = " ".join(text.replace("≤", "<=").replace("≥", ">=").replace("≠", "!=").split())
    parameters: list[Parameter] = []
    symbols: dict[str, sp.Symbol] = {}
    numbers: dict[str, sp.Expr] = {}
    from .vector_claims import VECTOR_FOR, parse_vector_claim
    m = VECTOR_FOR.match(source)
    if m:  # for vector x [of length K]: VEXPR == VEXPR  (symact.verifier.vector_claims)
        if params:
            raise ParseError("vector claims take no --param")
        length = int(m.group(1)) if m.group(1) else None
        return Claim(text.strip(), parse_vector_claim(m.group(2), length, _parse))
    m = _FOR.match(source)
    if m:
        parameters, symbols = _conditions(m.group(1), numbers)
        source = m.group(2)
    fixed = dict(params or {})
    for name in fixed:
        if not re.search(rf"\b{re.escape(name)}\b", source) and not any(
                any(p.name == name for p in rec.params) and re.search(rf"\b{re.escape(n)}\b", source)
                for n, rec in catalog_functions().items()):
            raise ParseError(f"parameter {name} does not appear in the claim")
    reader = _ExprReader(symbols, fixed, numbers)
    body = _body(source, reader)
    return Claim(text.strip(), body, tuple(parameters))


def _body(source: str, reader: "_ExprReader"):
    m = _RANGE.match(source)
    if m:
        return RangeClaim(reader.expr(m.group(1)), _set(m.group(2)))
    m = _APPROX.match(source)
    if m:
        kind, expr, value, at = m.groups()
        v, vtol = _approx_number(value)
        if at is None:
            return ApproxExtremum(kind, reader.expr(expr), v, vtol)
        a, atol = _approx_number(at)
        return ApproxExtremum(kind, reader.expr(expr), v, vtol, a, atol)
    region = REALS
    m = _ON.match(source)
    if m and _looks_like_interval(m.group(2)):
        source, region = m.group(1), _interval(m.group(2))
    m = _IFF.match(source)
    if m:
        if not reader.symbols or reader.fixed:
            raise ParseError("an 'iff' claim is about a parameter range: 'for alpha > 0: elu is C1 iff alpha == 1'")
        prop = _property(reader.expr(m.group(1)), m.group(2).strip(), region)
        if prop.prop not in ("C", "continuous"):
            raise ParseError("'iff' claims are supported for smoothness: C^k or continuous")
        return PropertyClaim(prop.expr, prop.prop, prop.order, None, _condition(m.group(3), reader.symbols))
    m = _IS.match(source)
    if m and not any(op in source for op in ("==", "<", ">", "!=")) or (m and _LIPSCHITZ.match(m.group(2))):
        return _property(reader.expr(m.group(1)), m.group(2).strip(), region)
    source = _DDX.sub("diff ", source)
    source = re.sub(r"diff ([A-Za-z_][A-Za-z_0-9]*(?:\([^=<>]*?\))?)", r"diff(\1)", source)
    tree = _parse(source, reader.numbers)
    if not isinstance(tree, ast.Compare) or len(tree.ops) != 1:
        raise ParseError("a claim compares two sides (==, <=, <, >=, >, !=) or says 'E is PROPERTY'; "
                         "see 'symact verify --help'")
    rel = _REL[type(tree.ops[0])] if type(tree.ops[0]) in _REL else None
    if rel is None:
        raise ParseError("use ==, !=, <=, <, >= or > between the two sides")
    left, right = tree.left, tree.comparators[0]
    special = _special_call(left)
    if special in ("sup", "inf", "max", "min"):
        expr, sub = _extremum_args(left, reader, region)
        kind = "sup" if special in ("sup", "max") else "inf"
        return Bound(kind, expr, rel, reader.constant(right), sub)
    if special in ("lim", "limit"):
        if rel != "==":
            raise ParseError("a limit claim reads lim(E, x, oo) == value")
        expr, point, side, variable = _limit_args(left, reader)
        if variable is not None:  # a pointwise limit in a parameter: the value is a function of x
            if point.is_finite or side:
                raise ParseError("a limit in a parameter is taken at oo or -oo")
            return LimitClaim(expr, point, side, reader.node(right), variable)
        return LimitClaim(expr, point, side, reader.constant(right, allow_infinite=True))
    lhs = reader.node(left)
    uses_f = any(isinstance(n, ast.Name) and n.id == "f" for n in ast.walk(right))
    rhs = reader.node(right, f=reader.node(_differentiated(left)) if uses_f and _is_derivative(left) else None)
    return Relation(lhs, rel, rhs, region)


_REL = {ast.Eq: "==", ast.NotEq: "!=", ast.LtE: "<=", ast.Lt: "<", ast.GtE: ">=", ast.Gt: ">"}


def _special_call(node) -> str | None:
    """sup/inf/lim/limit at the top of a side; max/min only as max(E) or max(E, x, a, b)
    (max(a, b) of two values stays the elementary maximum)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
            "sup", "inf", "max", "min", "lim", "limit"):
        if node.func.id in ("max", "min") and not (
                len(node.args) == 1 or (len(node.args) == 4 and isinstance(node.args[1], ast.Name)
                                        and node.args[1].id == "x")):
            return None
        return node.func.id
    return None


def _is_derivative(node) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "diff" \
        and len(node.args) >= 1


def _differentiated(node):
    """E in diff(E) or diff(E, x): what ``f`` stands for on the other side."""
    if len(node.args) == 3:
        raise ParseError("'f' stands for the function in a first-derivative claim d/dx E == G(f)")
    return node.args[0]


def _extremum_args(node: ast.Call, reader, region: Region):
    args = node.args
    if node.keywords or len(args) not in (1, 4):
        raise ParseError(f"{node.func.id}(E) or {node.func.id}(E, x, a, b) expected")
    expr = reader.node(args[0])
    if len(args) == 4:
        if not (isinstance(args[1], ast.Name) and args[1].id == "x"):
            raise ParseError("the variable of sup/inf is x")
        lo = reader.constant(args[2], allow_infinite=True)
        hi = reader.constant(args[3], allow_infinite=True)
        region = _checked_region(lo, hi, lo.is_finite is True, hi.is_finite is True)
    return expr, region


def _limit_args(node: ast.Call, reader):
    args = node.args
    if node.keywords or len(args) not in (3, 4) or not isinstance(args[1], ast.Name):
        raise ParseError("a limit reads lim(E, x, POINT) or lim(E, x, POINT, '+')")
    variable = None
    if args[1].id != "x":
        if args[1].id not in reader.symbols or args[1].id in reader.fixed:
            raise ParseError("a limit is in x, or in a parameter bounded by 'for': for beta > 0: lim(E, beta, oo) == G")
        variable = reader.symbols[args[1].id]
    side = ""
    if len(args) == 4:
        if not (isinstance(args[3], ast.Constant) and args[3].value in ("+", "-")):
            raise ParseError("the side of a limit is '+' or '-'")
        side = args[3].value
    point = reader.constant(args[2], allow_infinite=True)
    if point.is_infinite and side:
        raise ParseError("a limit at ±oo has no side")
    return reader.node(args[0]), point, side, variable


def _property(expr: sp.Expr, text: str, region: Region) -> PropertyClaim:
    if region != REALS:
        raise ParseError("properties are claimed on all of ℝ (no 'on INTERVAL')")
    low = text.lower().replace("zero centred", "zero-centred").replace("zero-centered", "zero-centred")
    m = _LIPSCHITZ.match(low)
    if m:
        return PropertyClaim(expr, "lipschitz", bound=_constant_text(m.group(1)))
    m = _SMOOTH.match(low.replace(" ", ""))
    if m:
        k = m.group(1)
        return PropertyClaim(expr, "C", order=None if k in ("inf", "oo", "∞") else int(k))
    if " iff " in f" {low} ":
        raise ParseError("an 'iff' claim needs parameters bounded by 'for': for alpha > 0: elu is C1 iff alpha == 1")
    if low in PROPERTIES:
        return PropertyClaim(expr, low)
    raise ParseError(f"unknown property {shorten(text, 30)!r} (known: {', '.join(PROPERTIES)}, C^k, Lipschitz <= L)")


def _looks_like_interval(text: str) -> bool:
    t = text.strip()
    return t in ("R", "ℝ", "reals") or (t[:1] in "([" and t[-1:] in ")]")


def _interval(text: str) -> Region:
    t = text.strip()
    if t in ("R", "ℝ", "reals"):
        return REALS
    inner = t[1:-1]
    parts = _split_top(inner)
    if len(parts) != 2:
        raise ParseError(f"an interval has two ends: {shorten(t, 40)!r}")
    lo, hi = (_constant_text(p) for p in parts)
    return _checked_region(lo, hi, t[0] == "[", t[-1] == "]")


def _checked_region(lo, hi, lo_closed, hi_closed) -> Region:
    if lo is sp.oo or hi is sp.S.NegativeInfinity:
        raise ParseError("an interval runs from its lower to its upper end")
    if (lo_closed and lo.is_infinite) or (hi_closed and hi.is_infinite):
        raise ParseError("an infinite end of an interval is open")
    if not (lo.is_infinite or hi.is_infinite):
        d = sp.N(hi - lo, 30)
        if d < 0 or (d == 0 and not (lo_closed and hi_closed)):
            raise ParseError("empty interval")
        if d == 0:
            raise ParseError("a one-point interval: substitute the point instead")
    return Region(lo, hi, lo_closed, hi_closed)


def _split_top(text: str) -> list[str]:
    """Split at commas outside parentheses."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return [p.strip() for p in out]


def _set(text: str) -> tuple[tuple[sp.Expr, sp.Expr, bool, bool], ...]:
    parts = []
    for piece in re.split(r"\s*(?:∪|\bU\b|\bunion\b)\s*", text.strip()):
        piece = piece.strip()
        if piece.startswith("{") and piece.endswith("}"):
            for p in _split_top(piece[1:-1]):
                v = _constant_text(p)
                parts.append((v, v, True, True))
            continue
        if piece in ("R", "ℝ", "reals"):
            parts.append((sp.S.NegativeInfinity, sp.oo, False, False))
            continue
        if not _looks_like_interval(piece):
            raise ParseError(f"a set is intervals such as (0, 1/4] or points such as {{1}}, joined by U: {shorten(piece, 30)!r}")
        r = _interval(piece)
        parts.append((r.lo, r.hi, r.lo_closed, r.hi_closed))
    return tuple(parts)


def _constant_text(text: str, allow_infinite: bool = True) -> sp.Expr:
    t = text.strip().replace("∞", "oo")
    if t in ("oo", "+oo", "inf", "+inf"):
        return sp.oo
    if t in ("-oo", "-inf"):
        return sp.S.NegativeInfinity
    value = parse_expression(t, variable=sp.Dummy("no_variable"))
    if value.free_symbols or value.is_real is not True:
        raise ParseError(f"{shorten(t, 30)!r} is not a real constant")
    return value


def _approx_number(text: str) -> tuple[sp.Expr, sp.Rational]:
    """A decimal and half a unit in its last digit (``-0.3088`` → (-0.3088, 0.00005))."""
    t = text.strip()
    m = re.fullmatch(r"[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?", t)
    if not m or not (m.group(1) or m.group(2)):
        return _constant_text(t), sp.Rational(0)
    exponent = int(m.group(3) or 0)
    if abs(exponent) > 300:
        raise ParseError("exponent out of range")
    tol = sp.Rational(1, 2) * sp.Rational(10) ** (exponent - len(m.group(2)))
    return sp.Rational(t.replace("E", "e")) if "e" not in t.lower() else sp.Rational(sp.Float(t, 40)), tol


def _conditions(text: str, numbers: dict) -> tuple[list[Parameter], dict[str, sp.Symbol]]:
    tree = _parse(text, numbers, "parameter conditions")
    names = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - {"x", "pi", "E", "e"} - set(numbers))
    for n in names:
        if n.startswith("_") or not n.isidentifier():
            raise ParseError(f"bad parameter name {n[:20]!r}")
    if not names:
        raise ParseError("'for ...:' declares conditions on parameters, e.g. for alpha > 0:")
    for n in names:
        if n in CATALOG or n in ALIASES:
            raise ParseError(f"{n!r} is an activation, not a parameter")
    symbols = {n: sp.Symbol(n, real=True) for n in names}
    relations = []
    for part in _conjuncts(tree):
        if not isinstance(part, ast.Compare):
            raise ParseError("parameter conditions are comparisons such as alpha > 0, joined by 'and'")
        terms = [parse_expression(ast.unparse(t), parameters={**numbers, **symbols}, variable=sp.Dummy("none"))
                 for t in [part.left, *part.comparators]]
        for op, a, b in zip(part.ops, terms, terms[1:]):
            rel = _REL.get(type(op))
            if rel not in ("<", "<=", ">", ">="):
                raise ParseError("parameter conditions use <, <=, > or >=")
            relations.append(sp.Rel(a, b, rel))
    cond = sp.And(*relations)
    if cond is sp.false:
        raise ParseError("the parameter conditions cannot hold")
    return [Parameter(symbols[n], cond) for n in names], symbols


def _condition(text: str, symbols: dict[str, sp.Symbol]) -> sp.Basic:
    """A condition on the parameters: comparisons (== != < <= > >=) joined by and / or."""
    numbers: dict = {}
    tree = _parse(text, numbers, "condition")
    symbols = {**numbers, **symbols}

    def read(node):
        if isinstance(node, ast.BoolOp):
            parts = [read(v) for v in node.values]
            return sp.And(*parts) if isinstance(node.op, ast.And) else sp.Or(*parts)
        if isinstance(node, ast.Compare):
            terms = [parse_expression(ast.unparse(t), parameters=symbols, variable=sp.Dummy("none"))
                     for t in [node.left, *node.comparators]]
            if any(t.has(X) for t in terms):
                raise ParseError("the condition of an 'iff' claim is on parameters, not x")
            return sp.And(*[sp.Rel(a, b, _REL[type(op)]) for op, a, b in zip(node.ops, terms, terms[1:])])
        raise ParseError("a condition is comparisons such as alpha == 1, joined by and / or")
    return read(tree)


def _conjuncts(node) -> list:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return [c for v in node.values for c in _conjuncts(v)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


class _ExprReader:
    """Expressions of a claim: catalog names bare or called, diff, and parameters."""

    def __init__(self, symbols: dict[str, sp.Symbol], fixed: dict, numbers: dict | None = None):
        self.symbols = dict(symbols)
        self.numbers = numbers if numbers is not None else {}
        for name in fixed:
            if name in symbols:
                raise ParseError(f"parameter {name} is both fixed and bounded by 'for'")
            if name == "x" or name.startswith("_") or not name.isidentifier():
                raise ParseError(f"bad parameter name {name[:20]!r}")
            self.symbols[name] = sp.Symbol(name, real=True)
        self.fixed = fixed
        self.functions = dict(catalog_functions())
        for name in list(self.functions):
            rec = self.functions[name]
            if any(p.name in self.symbols for p in rec.params):  # for-bounded or fixed by --param
                self.functions[name] = self._with_parameters(rec)
        self.functions["diff"] = lambda e: sp.diff(e, X)

    def _with_parameters(self, rec):
        values = {p.name: self.symbols.get(p.name, p.default) for p in rec.params}
        expr = rec.expr.subs({p.symbol: values[p.name] for p in rec.params})
        return lambda arg: expr.subs(X, arg)

    def expr(self, text: str) -> sp.Expr:
        text = _DDX.sub("diff ", text.strip())
        return self.node(_parse(text.replace("^", "**"), self.numbers, "expression"))

    def node(self, node, f: sp.Expr | None = None) -> sp.Expr:
        tree = _Normalise(self.functions, f is not None, self.numbers).visit(node)
        source = ast.unparse(tree)
        params = {**NAMED_CONSTANTS, **self.numbers, **self.symbols}
        if f is not None:
            params["f"] = sp.Symbol("f_claim_lhs", real=True)
        expr = parse_expression(source, parameters=params, functions=self.functions)
        if f is not None:
            expr = expr.subs(params["f"], f)
        if self.fixed:
            expr = expr.subs({self.symbols[k]: v for k, v in self.fixed.items()})
        return expr

    def constant(self, node, allow_infinite: bool = False) -> sp.Expr:
        if isinstance(node, ast.Name) and node.id in ("oo", "inf"):
            value = sp.oo
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Name) \
                and node.operand.id in ("oo", "inf"):
            value = sp.S.NegativeInfinity
        else:
            value = parse_expression(ast.unparse(node), parameters={**NAMED_CONSTANTS, **self.numbers},
                                     variable=sp.Dummy("no_variable"))
            if value.free_symbols or value.is_real is not True:
                raise ParseError(f"{shorten(ast.unparse(node), 30)!r} is not a real constant")
        if value.is_infinite and not allow_infinite:
            raise ParseError("a bound is a finite constant")
        return value


class _Normalise(ast.NodeTransformer):
    """``diff(E, x, k)`` → ``diff(diff(E))``, a bare catalog name → ``name(x)``."""

    def __init__(self, functions, keep_f: bool, numbers: dict | None = None):
        self.functions = functions
        self.keep_f = keep_f
        self.numbers = numbers or {}

    def visit_Call(self, node):
        if isinstance(node.func, ast.Name) and node.func.id == "diff":
            args = node.args
            if not args or len(args) > 3 or node.keywords:
                raise ParseError("diff(E), diff(E, x) or diff(E, x, k)")
            if len(args) >= 2 and not (isinstance(args[1], ast.Name) and args[1].id == "x"):
                raise ParseError("differentiate with respect to x")
            k = 1
            if len(args) == 3:
                order = self.numbers.get(args[2].id) if isinstance(args[2], ast.Name) else None
                if not (order is not None and order.is_Integer and 1 <= order <= 4):
                    raise ParseError("the order of a derivative is 1 to 4")
                k = int(order)
            inner = self.visit(args[0])
            for _ in range(k):
                inner = ast.Call(func=ast.Name("diff", ast.Load()), args=[inner], keywords=[])
            return inner
        node.args = [self.visit(a) for a in node.args]
        return node

    def visit_Name(self, node):
        if node.id in self.functions and node.id != "diff":
            return ast.Call(func=ast.Name(node.id, ast.Load()), args=[ast.Name("x", ast.Load())], keywords=[])
        return node


__all__ = ["ApproxExtremum", "Bound", "Claim", "LimitClaim", "Parameter", "PropertyClaim", "RangeClaim", "Region",
           "Relation", "parse_claim", "RELATIONS", "get"]
