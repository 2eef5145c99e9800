"""Proof machinery: pieces, zero tests, structural signs, limits, branch and bound, tails,
exact roots, domain checks. Each result says how it is known."""
