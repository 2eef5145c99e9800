"""symact — the mathematics of neural-network activation functions, checkable and executable.

>>> import symact
>>> symact.get("gelu").profile()["minimum"].method
<Method.NUMERIC: 'numeric'>
"""
import os as _os
import sys as _sys

# SymPy's python-flint ground types run polynomial work in C, where a time budget's signal
# cannot interrupt it (sympy.solve on GELU-sigmoid ran 8 s past a 0.35 s budget). Pure-Python
# ground types are interruptible and measured no slower here. Must precede the first sympy import.
if "sympy" not in _sys.modules:
    _os.environ.setdefault("SYMPY_GROUND_TYPES", "python")

from .catalog import CATALOG, Activation, CatalogError, get, names
from .facts import Fact, Method
from .parsing import X, ParseError, parse_expression
from .profile import Profile
from .vocabulary import Phi, phi, sigmoid, softplus

__all__ = ["CATALOG", "Activation", "CatalogError", "Fact", "Method", "ParseError", "Phi", "Profile",
           "X", "analyze", "get", "names", "parse_expression", "phi", "sigmoid", "softplus"]
__version__ = "0.1.0"


def analyze(text_or_expr, params: dict | None = None) -> Profile:
    """Profile a user expression in ``x`` (text is parsed without eval; ``params`` name → value)."""
    from .userexpr import build_user_expression
    expr, named = build_user_expression(text_or_expr, params or {})
    return Profile(expr, str(text_or_expr), None, named)
