"""Drawing a reproducible reliability sample, stratified by outlet."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence


def draw_sample(
    articles: Sequence[tuple[int, str | None]],
    size: int | None = None,
    fraction: float | None = None,
    seed: int = 0,
) -> list[int]:
    """Article ids for double coding: ``size`` articles, or ``fraction`` (0–1) of them.

    Each outlet gets its proportional share (largest remainders round it off),
    and the same ``seed`` always draws the same sample. Returns ids in order.
    """
    if (size is None) == (fraction is None):
        raise ValueError("Give either a number of articles or a fraction, not both.")
    total = len(articles)
    if fraction is not None:
        if not 0 < fraction <= 1:
            raise ValueError("The fraction must be above 0 and at most 1 (100%).")
        size = math.ceil(fraction * total)
    if size is None or size < 0:
        raise ValueError("The sample size cannot be negative.")
    size = min(size, total)
    strata: dict[str, list[int]] = {}
    for article_id, outlet in sorted(articles):
        strata.setdefault(outlet or "", []).append(article_id)
    quotas = {outlet: size * len(ids) / total for outlet, ids in strata.items()} if total else {}
    counts = {outlet: math.floor(q) for outlet, q in quotas.items()}
    leftover = size - sum(counts.values())
    for outlet in sorted(quotas, key=lambda o: (counts[o] - quotas[o], o))[:leftover]:
        counts[outlet] += 1
    rng = random.Random(seed)
    chosen: list[int] = []
    for outlet in sorted(strata):
        chosen += rng.sample(strata[outlet], counts[outlet])
    return sorted(chosen)
