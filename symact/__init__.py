"""symact — the mathematics of neural-network activation functions, checkable and executable.

>>> import symact
>>> symact.profile("sigmoid")["derivative_range"].method
<Method.PROVED: 'proved'>

The package imports lazily: ``import symact`` is cheap, and SymPy loads on first use, so the
command line can answer from the derived-fact store without loading it.
"""
import os as _os
import sys as _sys

# SymPy's python-flint ground types run polynomial work in C; pure-Python ground types keep
# every SymPy step visible to the work budget (symact.core.budget) and measured no slower here.
# Must precede the first sympy import.
if "sympy" not in _sys.modules:
    _os.environ.setdefault("SYMPY_GROUND_TYPES", "python")

__version__ = "0.2.0"

_EXPORTS = {
    "analyze": "api", "profile": "api", "vector_profile": "api", "prepare_expression": "api",
    "get": "catalog", "names": "catalog", "CATALOG": "catalog", "Activation": "catalog",
    "Fact": "core.facts", "Method": "core.methods", "X": "core.symbols",
    "SymactError": "core.errors", "ParseError": "core.errors", "CatalogError": "core.errors",
    "DomainError": "core.errors", "UnsupportedError": "core.errors",
    "parse_expression": "parse", "Profile": "analysis.profile",
    "verify": "verifier", "check_file": "verifier", "Verdict": "verifier", "Status": "verifier",
    "numeric": "codegen",  # symact.numeric(...) is codegen.numeric; the numeric package is callable too
    "sigmoid": "core.vocabulary", "softplus": "core.vocabulary", "Phi": "core.vocabulary", "phi": "core.vocabulary",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'symact' has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(f"symact.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
