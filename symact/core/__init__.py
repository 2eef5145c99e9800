"""Vocabulary, named constants, the variable x, fact and value types, errors, budgets, settings.

The top layer: imports nothing else of symact.
"""
