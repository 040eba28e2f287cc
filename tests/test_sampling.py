"""Reliability samples."""

from collections import Counter

import pytest

from quotecoder.core.sampling import draw_sample

ARTICLES = [(i, "Harbour Post") for i in range(1, 61)] + [(i, "Coastal Ledger") for i in range(61, 91)] + [
    (i, None) for i in range(91, 101)
]
OUTLET = dict(ARTICLES)


def test_stratified_by_outlet():
    sample = draw_sample(ARTICLES, size=20, seed=7)
    assert len(sample) == 20 == len(set(sample))
    assert Counter(OUTLET[i] for i in sample) == {"Harbour Post": 12, "Coastal Ledger": 6, None: 2}


def test_reproducible_with_seed_and_different_without():
    assert draw_sample(ARTICLES, fraction=0.1, seed=3) == draw_sample(ARTICLES, fraction=0.1, seed=3)
    assert draw_sample(ARTICLES, fraction=0.1, seed=3) != draw_sample(ARTICLES, fraction=0.1, seed=4)


def test_fraction_rounds_up_and_largest_remainders_fill_quota():
    assert len(draw_sample(ARTICLES, fraction=0.055)) == 6
    small = [(1, "A"), (2, "A"), (3, "B"), (4, "C")]
    assert len(draw_sample(small, size=3)) == 3


def test_bad_arguments():
    with pytest.raises(ValueError):
        draw_sample(ARTICLES)
    with pytest.raises(ValueError):
        draw_sample(ARTICLES, size=3, fraction=0.5)
    with pytest.raises(ValueError):
        draw_sample(ARTICLES, fraction=1.5)
    assert draw_sample(ARTICLES, size=500) == sorted(i for i, _ in ARTICLES)
    assert draw_sample([], size=3) == []
