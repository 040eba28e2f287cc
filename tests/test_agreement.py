"""Agreement statistics against the reference implementations."""

import math

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

import krippendorff
from quotecoder.core.agreement import agreement, cohen_kappa, coincidences

LABEL_SETS = {
    "mostly agree": (
        ["pro", "pro", "opposed", "threat", "neutral", "pro", "opposed", "neutral", "neutral", "threat"],
        ["pro", "opposed", "opposed", "threat", "neutral", "pro", "opposed", "pro", "neutral", "neutral"],
    ),
    "two categories": (["pro", "opposed", "pro", "pro", "opposed", "pro"], ["pro", "opposed", "opposed", "pro", "opposed", "opposed"]),
    "systematic disagreement": (["pro", "opposed"] * 5, ["opposed", "pro"] * 5),
    "skewed": (["neutral"] * 9 + ["threat"], ["neutral"] * 8 + ["threat", "threat"]),
}


@pytest.mark.parametrize("name", LABEL_SETS)
def test_cohen_kappa_matches_scikit_learn(name):
    a, b = LABEL_SETS[name]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))


def reference_alpha(units, coders):
    categories = sorted({v for u in units.values() for v in u.values()})
    data = [[categories.index(u[c]) if c in u else np.nan for u in units.values()] for c in coders]
    return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")


@pytest.mark.parametrize("name", LABEL_SETS)
def test_alpha_matches_krippendorff_for_two_coders(name):
    a, b = LABEL_SETS[name]
    units = {i: {"ann": x, "ben": y} for i, (x, y) in enumerate(zip(a, b))}
    report = agreement(units, bootstrap=0)
    assert report.alpha == pytest.approx(reference_alpha(units, ["ann", "ben"]))
    assert report.units == len(a)
    assert report.percent == pytest.approx(sum(x == y for x, y in zip(a, b)) / len(a))


def test_three_coders_with_missing_values():
    # Krippendorff's (2011) worked example, nominal, with letters for the values.
    rows = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
    units = {
        j: {c: "abcde"[v[j] - 1] for c, v in rows.items() if v[j] is not None} for j in range(12)
    }
    report = agreement(units, bootstrap=200)
    assert report.alpha == pytest.approx(0.743, abs=0.001)  # the published value
    assert report.units == 11  # unit 12 has a single value and is not pairable
    lo, hi = report.alpha_ci
    # 8 of the 11 units agree perfectly: a resample of only those ((8/11)^11 ≈ 3% of them) has α = 1,
    # so the upper 2.5% bound may be 1.
    assert lo < report.alpha <= hi <= 1.0
    assert {p.units for p in report.kappas} >= {8, 9}


def test_restricting_coders_and_unpairable_units():
    units = {1: {"ann": "pro", "ben": "pro", "cat": "threat"}, 2: {"ann": "opposed"}, 3: {"ann": "pro", "cat": "pro"}}
    report = agreement(units, coders=["ann", "ben"], bootstrap=0)
    assert report.units == 1 and report.coders == ["ann", "ben"]
    assert report.percent == 1.0


def test_coincidence_matrix_counts_pairable_values():
    units = {1: {"a": "x", "b": "y"}, 2: {"a": "x", "b": "x", "c": "x"}}
    matrix = coincidences(units)
    assert matrix[("x", "y")] == matrix[("y", "x")] == 1
    assert matrix[("x", "x")] == pytest.approx(3)
    assert sum(matrix.values()) == pytest.approx(5)  # one value per coding


def test_per_category_breakdown_and_summary():
    a, b = LABEL_SETS["mostly agree"]
    report = agreement({i: {"ann": x, "ben": y} for i, (x, y) in enumerate(zip(a, b))}, bootstrap=100)
    by_cat = {c.category: c for c in report.categories}
    assert by_cat["threat"].values == 3 and by_cat["threat"].agreement == pytest.approx(2 / 3)
    text = report.summary()
    assert "Krippendorff's alpha" in text and "Cohen's kappa ann vs ben" in text


def test_no_pairable_units_is_reported_not_raised():
    report = agreement({1: {"ann": "pro"}}, bootstrap=100)
    assert report.units == 0 and math.isnan(report.alpha) and "n/a" in report.summary()
