"""Inter-coder agreement: Krippendorff's α (nominal or ordinal), Cohen's κ, percent agreement.

The input is a mapping ``unit -> {coder: value}`` (a unit is a quote or an article; a value
a label key or a canonical speaker). Units that fewer than two coders coded are not
pairable and are left out, as Krippendorff's α does. An ordinal variable's values are
ranked by ``order`` (its labels, in the codebook's order).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import krippendorff
import numpy as np

Units = Mapping[Hashable, Mapping[str, str]]


@dataclass(frozen=True)
class PairKappa:
    """Cohen's κ for one pair of coders, on the units both coded."""

    coder_a: str
    coder_b: str
    kappa: float
    agreement: float
    units: int


@dataclass(frozen=True)
class CategoryAgreement:
    """How often a category, when one coder used it, was matched by another coder."""

    category: str
    values: int  # pairable values in this category
    agreement: float  # share of them matched (o_cc / n_c in the coincidence matrix)


@dataclass
class AgreementReport:
    """Agreement on one variable among ``coders``."""

    variable: str
    coders: list[str]
    units: int
    alpha: float
    alpha_ci: tuple[float, float]
    percent: float
    kappas: list[PairKappa] = field(default_factory=list)
    categories: list[CategoryAgreement] = field(default_factory=list)
    confusion: dict[tuple[str, str], float] = field(default_factory=dict)  # coincidence matrix
    level: str = "nominal"
    left_out: int = 0  # codes of an ordinal variable whose value is not one of its labels

    def summary(self) -> str:
        """The report as plain text for the terminal."""
        lo, hi = self.alpha_ci
        lines = [
            f"Agreement on {self.variable} among {', '.join(self.coders)}: {self.units} unit(s) coded by 2+ coders",
            f"  Krippendorff's alpha ({self.level}): {fmt(self.alpha)}  95% CI [{fmt(lo)}, {fmt(hi)}] (bootstrap)",
            f"  Percent agreement: {fmt(100 * self.percent, 1)}%",
        ]
        if self.left_out:
            lines.append(f"  {self.left_out} code(s) with a value that is not a label of the codebook were left out "
                         "(an ordinal α needs each value's rank).")
        for pair in self.kappas:
            lines.append(
                f"  Cohen's kappa {pair.coder_a} vs {pair.coder_b}: {fmt(pair.kappa)} "
                f"({fmt(100 * pair.agreement, 1)}% agreement on {pair.units} unit(s))"
            )
        if self.categories:
            lines.append("  By category (values, share matched by another coder):")
            width = max(len(c.category) for c in self.categories)
            lines += [
                f"    {c.category:<{width}}  {c.values:>5}  {fmt(100 * c.agreement, 1)}%" for c in self.categories
            ]
        cats = [c.category for c in self.categories]
        if cats:
            lines.append("  Coincidence matrix (pairable values):")
            width = max(len(c) for c in cats)
            lines.append("    " + " " * width + "  " + "  ".join(f"{c[:8]:>8}" for c in cats))
            for a in cats:
                row = "  ".join(f"{self.confusion.get((a, b), 0.0):>8.1f}" for b in cats)
                lines.append(f"    {a:<{width}}  {row}")
        return "\n".join(lines)


def fmt(value: float, digits: int = 3) -> str:
    """A figure as the reports print it: "n/a" when undefined."""
    return "n/a" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def pairable(units: Units, coders: Sequence[str] | None = None) -> dict[Hashable, dict[str, str]]:
    """The units that at least two of ``coders`` coded, restricted to those coders."""
    chosen = None if coders is None else set(coders)
    result = {}
    for unit, values in units.items():
        kept = {c: v for c, v in values.items() if v is not None and (chosen is None or c in chosen)}
        if len(kept) >= 2:
            result[unit] = kept
    return result


def krippendorff_alpha(units: Units, coders: Sequence[str], order: Sequence[str] | None = None) -> float:
    """α with the ``krippendorff`` package, nominal, or ordinal when ``order`` ranks the values
    (each value is then its rank); NaN when it is undefined."""
    present = {v for values in units.values() for v in values.values()}
    categories = [c for c in order if c in present] if order is not None else sorted(present)
    if not units or len(categories) < 2:
        return 1.0 if units and categories else math.nan
    index = {c: i for i, c in enumerate(categories)}
    data = np.full((len(coders), len(units)), np.nan)
    for j, values in enumerate(units.values()):
        for i, coder in enumerate(coders):
            if coder in values:
                data[i, j] = index[values[coder]]
    level = "nominal" if order is None else "ordinal"
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def bootstrap_alpha(
    units: Units, coders: Sequence[str], samples: int = 1000, seed: int = 0, order: Sequence[str] | None = None
) -> tuple[float, float]:
    """A 95% percentile interval for α (ordinal with ``order``), resampling units with replacement."""
    return pattern_interval(value_patterns(units, coders), samples, seed, order)


def ranked(units: Units, order: Sequence[str]) -> tuple[dict[Hashable, dict[str, str]], int]:
    """``units`` without the values that ``order`` does not rank, and how many were left out."""
    known = set(order)
    kept = {unit: {c: v for c, v in values.items() if v in known} for unit, values in units.items()}
    return kept, sum(len(values) - len(kept[unit]) for unit, values in units.items())


# -- α from value patterns ------------------------------------------------------------------------
#
# Nominal α depends on the units only through how many units hold each multiset of values
# (a "pattern": one unit's values, sorted). Resampling N units with replacement is then one
# multinomial draw over the patterns, so the bootstrap costs the same for 100 or 100,000
# units, and variables with thousands of categories (speakers) need no units × categories
# matrix. The summary view and the report count patterns in SQL and use the same functions.

Pattern = tuple[str, ...]


def value_patterns(units: Units, coders: Sequence[str] | None = None) -> Counter[Pattern]:
    """How many pairable units (2+ values among ``coders``) hold each pattern of values."""
    return Counter(tuple(sorted(values.values())) for values in pairable(units, coders).values())


@dataclass(frozen=True)
class _Patterns:
    """Patterns as arrays: per pattern its count, values m and disagreeing pairs / (m − 1);
    per (pattern, category) entry, sorted by category, how many of the pattern's values it holds."""

    counts: np.ndarray
    values: np.ndarray
    disagreement: np.ndarray
    entry_pattern: np.ndarray
    entry_values: np.ndarray
    category_starts: np.ndarray

    @classmethod
    def of(cls, patterns: Mapping[Pattern, int]) -> _Patterns:
        ordered = sorted((p, n) for p, n in patterns.items() if len(p) >= 2 and n > 0)
        categories = sorted({v for p, _ in ordered for v in p})
        index = {c: i for i, c in enumerate(categories)}
        entries = sorted(
            (index[value], i, k) for i, (pattern, _) in enumerate(ordered) for value, k in Counter(pattern).items()
        )
        m = np.array([len(p) for p, _ in ordered], dtype=float)
        same = np.zeros(len(ordered))
        for _, i, k in entries:
            same[i] += k * k
        cats = np.array([e[0] for e in entries], dtype=np.int64)
        return cls(
            counts=np.array([n for _, n in ordered], dtype=np.int64),
            values=m,
            disagreement=(m * m - same) / np.maximum(m - 1, 1),
            entry_pattern=np.array([e[1] for e in entries], dtype=np.int64),
            entry_values=np.array([e[2] for e in entries], dtype=float),
            category_starts=np.flatnonzero(np.r_[True, cats[1:] != cats[:-1]]) if len(cats) else cats,
        )

    def alpha(self, weights: np.ndarray) -> np.ndarray:
        """α for each row of ``weights`` (how often each pattern is taken)."""
        n = weights @ self.values
        observed = weights @ self.disagreement
        per_category = np.add.reduceat(weights[:, self.entry_pattern] * self.entry_values, self.category_starts, axis=1)
        expected = n * n - (per_category**2).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = 1 - (n - 1) * observed / expected
        # One category only: perfect agreement, as krippendorff_alpha() says; nothing pairable: undefined.
        return np.where(expected > 0, alpha, np.where((n > 0) & (observed == 0), 1.0, np.nan))


@dataclass(frozen=True)
class _OrdinalPatterns:
    """Patterns as each one's coincidences (pattern × category × category, categories ranked),
    for ordinal α: its distances depend on the category totals, so each resample gets its own."""

    counts: np.ndarray
    coincidences: np.ndarray  # pattern × (category × category), flattened

    @classmethod
    def of(cls, patterns: Mapping[Pattern, int], order: Sequence[str]) -> _OrdinalPatterns:
        rank = {value: i for i, value in enumerate(order)}
        ordered = sorted((p, n) for p, n in ranked_patterns(patterns, order).items() if n > 0)
        matrix = np.zeros((len(ordered), len(order), len(order)))
        for i, (pattern, _) in enumerate(ordered):
            held = Counter(rank[v] for v in pattern)
            for c, k_c in held.items():
                for k, k_k in held.items():
                    matrix[i, c, k] = (k_c * (k_c - 1) if c == k else k_c * k_k) / (len(pattern) - 1)
        return cls(np.array([n for _, n in ordered], dtype=np.int64), matrix.reshape(len(ordered), -1))

    def alpha(self, weights: np.ndarray) -> np.ndarray:
        """Ordinal α for each row of ``weights`` (how often each pattern is taken)."""
        size = int(round(math.sqrt(self.coincidences.shape[1])))
        observed = (weights @ self.coincidences).reshape(len(weights), size, size)
        totals = observed.sum(axis=2)  # n_c
        n = totals.sum(axis=1)
        below = np.cumsum(totals, axis=1)
        # δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)², Krippendorff's ordinal metric.
        distance = (below[:, np.newaxis, :] - below[:, :, np.newaxis]
                    + (totals[:, :, np.newaxis] - totals[:, np.newaxis, :]) / 2) ** 2
        disagreement = (observed * distance).sum(axis=(1, 2))
        expected = (totals[:, :, np.newaxis] * totals[:, np.newaxis, :] * distance).sum(axis=(1, 2))
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = 1 - (n - 1) * disagreement / expected
        return np.where(expected > 0, alpha, np.where((n > 0) & (disagreement == 0), 1.0, np.nan))


def ranked_patterns(patterns: Mapping[Pattern, int], order: Sequence[str]) -> Counter[Pattern]:
    """``patterns`` without the values ``order`` does not rank (units left with fewer than two go)."""
    known = set(order)
    result: Counter[Pattern] = Counter()
    for pattern, n in patterns.items():
        kept = tuple(v for v in pattern if v in known)
        if len(kept) >= 2:
            result[kept] += n
    return result


def _stats(patterns: Mapping[Pattern, int], order: Sequence[str] | None) -> _Patterns | _OrdinalPatterns:
    return _Patterns.of(patterns) if order is None else _OrdinalPatterns.of(patterns, order)


def pattern_alpha(patterns: Mapping[Pattern, int], order: Sequence[str] | None = None) -> float:
    """Krippendorff's α of units counted by pattern, nominal, or ordinal with ``order`` (the values
    in rank order; values it lacks are left out); equal to :func:`krippendorff_alpha`."""
    stats = _stats(patterns, order)
    if not len(stats.counts):
        return math.nan
    return float(stats.alpha(stats.counts[np.newaxis, :].astype(float))[0])


def pattern_interval(patterns: Mapping[Pattern, int], samples: int = 1000, seed: int = 0,
                     order: Sequence[str] | None = None) -> tuple[float, float]:
    """A 95% percentile bootstrap interval for α (ordinal with ``order``), resampling units with replacement."""
    stats = _stats(patterns, order)
    total = int(stats.counts.sum())
    if total < 2 or samples < 1:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    share = stats.counts / total
    width = len(stats.entry_pattern) if order is None else max(stats.coincidences.shape)
    block = max(1, min(samples, 2_000_000 // max(1, width)))
    draws = np.concatenate([
        stats.alpha(rng.multinomial(total, share, size=min(block, samples - done)).astype(float))
        for done in range(0, samples, block)
    ])
    draws = np.sort(draws[~np.isnan(draws)])
    if not len(draws):
        return (math.nan, math.nan)
    return (float(draws[int(0.025 * (len(draws) - 1))]), float(draws[int(math.ceil(0.975 * (len(draws) - 1)))]))


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's κ for two equal-length label sequences; NaN when chance agreement is total."""
    n = len(a)
    if n == 0 or n != len(b):
        return math.nan
    observed = sum(x == y for x, y in zip(a, b)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[c] * count_b[c] for c in count_a) / (n * n)
    if expected == 1:
        return math.nan
    return (observed - expected) / (1 - expected)


def coincidences(units: Units) -> dict[tuple[str, str], float]:
    """Krippendorff's coincidence matrix: each unit's m values add m(m-1) ordered pairs, weighted 1/(m-1)."""
    matrix: dict[tuple[str, str], float] = Counter()
    for values in units.values():
        labels = list(values.values())
        m = len(labels)
        for i, j in itertools.permutations(range(m), 2):
            matrix[(labels[i], labels[j])] += 1 / (m - 1)
    return dict(matrix)


def agreement(
    units: Units,
    coders: Sequence[str] | None = None,
    variable: str = "stance",
    bootstrap: int = 1000,
    seed: int = 0,
    order: Sequence[str] | None = None,
) -> AgreementReport:
    """The full agreement report for ``units`` (restricted to ``coders`` when given); with
    ``order`` (the values in rank order) α is ordinal, and values it lacks are left out."""
    left_out = 0
    if order is not None:
        units, left_out = ranked(pairable(units, coders), order)
    kept = pairable(units, coders)
    names = sorted(coders or {c for values in kept.values() for c in values})
    pairs_total = pairs_same = 0
    for values in kept.values():
        for x, y in itertools.combinations(values.values(), 2):
            pairs_total += 1
            pairs_same += x == y
    kappas = []
    for a, b in itertools.combinations(names, 2):
        both = [(v[a], v[b]) for v in kept.values() if a in v and b in v]
        if both:
            xs, ys = zip(*both)
            kappas.append(
                PairKappa(a, b, cohen_kappa(xs, ys), sum(x == y for x, y in both) / len(both), len(both))
            )
    matrix = coincidences(kept)
    categories = sorted({c for pair in matrix for c in pair})
    if order is not None:
        categories = [c for c in order if c in categories]
    per_category = []
    for category in categories:
        total = sum(v for (x, _), v in matrix.items() if x == category)
        per_category.append(CategoryAgreement(category, round(total), matrix.get((category, category), 0.0) / total))
    return AgreementReport(
        variable=variable,
        coders=names,
        units=len(kept),
        alpha=krippendorff_alpha(kept, names, order),
        alpha_ci=bootstrap_alpha(kept, names, bootstrap, seed, order) if bootstrap else (math.nan, math.nan),
        percent=pairs_same / pairs_total if pairs_total else math.nan,
        kappas=kappas,
        categories=per_category,
        confusion=matrix,
        level="nominal" if order is None else "ordinal",
        left_out=left_out,
    )
