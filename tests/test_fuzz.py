"""Grammar-based fuzzing: random expressions are answered (a profile or a SymactError) without a
traceback, within 10 s, and no proved or certified range, extremum or monotonicity disagrees
with dense 50-digit samples. ``--runslow`` runs ten times as many."""
import pytest
from hypothesis import given, settings

from fuzzing import SECONDS, analyse, disagreements, expressions


def _check(text):
    p, seconds = analyse(text)
    assert seconds < SECONDS, f"{text!r} took {seconds:.1f} s"
    if p is not None:
        assert not disagreements(p), (text, disagreements(p))
        assert not [f.key for f in p.facts() if "contradicted" in f.evidence], text


@settings(max_examples=25)
@given(expressions())
def test_random_expressions_are_answered_soundly(text):
    _check(text)


@pytest.mark.slow
@settings(max_examples=250)
@given(expressions())
def test_random_expressions_are_answered_soundly_many(text):
    _check(text)
