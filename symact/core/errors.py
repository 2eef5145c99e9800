"""The exceptions symact raises for bad input, all under :class:`SymactError`.

Each message is one line written for the person who typed the input; the CLI prints it after
``symact: error:`` and exits with status 2. Anything else escaping symact is a bug.

>>> from symact.core.errors import ParseError, SymactError
>>> issubclass(ParseError, SymactError) and issubclass(ParseError, ValueError)
True
"""
from __future__ import annotations


class SymactError(Exception):
    """Base class of every error caused by the input (never by a bug in symact)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class ParseError(SymactError, ValueError):
    """An expression, number or claim could not be read."""


class CatalogError(SymactError, KeyError):
    """An unknown activation name, or a parameter value that breaks its conditions."""


class DomainError(SymactError, ValueError):
    """An expression that is not a real function on all of ℝ (the message names a point)."""


class UnsupportedError(SymactError, ValueError):
    """An expression symact cannot analyse (for example a condition with infinitely many
    boundary points); the message says which part."""


class PrecisionWarning(UserWarning):
    """A generated function will compute in less precision than asked for (JAX without
    ``jax_enable_x64`` computes float64 inputs in float32)."""
