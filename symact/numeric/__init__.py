"""Evaluation: one compiler with mpmath, arb-ball and half-line interval backends, and numbers
with rigorous enclosures."""
