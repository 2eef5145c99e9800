"""Evaluation: one compiler with mpmath, arb-ball and half-line interval backends, and numbers
with rigorous enclosures.

The package is also callable: ``symact.numeric("mish", backend="numpy")`` is
:func:`symact.codegen.numeric` (generated float kernels live in the higher ``codegen`` layer;
this facade reaches it lazily, by name, so no layer below imports it).
"""
import importlib
import sys
import types


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return importlib.import_module("symact.codegen").numeric(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
