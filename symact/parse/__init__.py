"""Reading user text (expressions, numbers) through :mod:`ast` with a whitelist; no ``eval``."""
from .expressions import known_function_names, parse_expression, parse_number, shorten

__all__ = ["known_function_names", "parse_expression", "parse_number", "shorten"]
