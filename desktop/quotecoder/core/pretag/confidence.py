"""How sure an attribution is: a small logistic model over what the attribution rests on.

:func:`speaker_probability` turns the :class:`Evidence` for a quote's speaker into a
calibrated probability that the canonical speaker is right; :func:`alternative_score`
ranks the other speakers a quote may belong to, and :func:`rank` shares the remaining
probability among them. The weights were fitted on the development corpora with
``bench/fit_confidence.py`` (logistic regression); no corpus text is kept, only the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: How each basis (see ``speakers.Resolution`` and ``attribution``) is grouped for the model.
BASIS_GROUPS: dict[str, str] = {
    "name": "name",
    "apposition": "name",
    "registry": "name",
    "group": "name",
    "headline": "name",
    "organisation": "organisation",
    "pronoun": "pronoun",
    "pronoun-previous": "pronoun",
    "continuation": "continuation",
    "narrative": "narrative",
    "role": "role",
    "description": "role",
    "proxy": "proxy",
    "document": "document",
    "unresolved": "unresolved",
    "guess": "guess",
}


@dataclass(frozen=True)
class Evidence:
    """What a quote's attribution rests on, as the confidence model sees it."""

    basis: str  # how the speaker was found
    kind: str  # direct, indirect or mixed
    speaker_type: str  # person, organisation, group or unknown
    full_name: bool  # a person known by first and last name
    mentions: int  # times the speaker is named or quoted in the article
    rivals: int  # other speakers of the same kind in view
    distance: int  # paragraphs back to what a floating quote continues
    chained: bool  # a later paragraph of a multi-paragraph quote
    persons: int  # people named in the article
    bridged: bool = False  # narrative about someone else lies between a floating quote and its source

    def features(self) -> dict[str, float]:
        """The model's inputs: one-hot basis, kind and type, and a few scaled counts."""
        return {
            "bias": 1.0,
            f"basis={BASIS_GROUPS.get(self.basis, 'other')}": 1.0,
            f"kind={self.kind}": 1.0,
            f"type={self.speaker_type}": 1.0,
            "full_name": float(self.full_name),
            "log_mentions": math.log1p(self.mentions),
            "rivals": float(min(self.rivals, 4)),
            "distance": float(min(self.distance, 6)),
            "chained": float(self.chained),
            "log_persons": math.log1p(self.persons),
            "bridged": float(self.bridged),
        }


#: Weights of :func:`speaker_probability`, fitted by bench/fit_confidence.py on seeds and
#: polnear_train (ggt_dev held out as the check).
SPEAKER_WEIGHTS: dict[str, float] = {
    "basis=continuation": 0.644,
    "basis=document": 0.781,
    "basis=guess": -1.571,
    "basis=name": 1.016,
    "basis=narrative": -0.773,
    "basis=organisation": 0.558,
    "basis=pronoun": -0.092,
    "basis=proxy": -0.054,
    "basis=role": 0.038,
    "basis=unresolved": 1.247,
    "bias": 1.793,
    "bridged": -1.536,
    "chained": 0.005,
    "distance": 0.215,
    "full_name": 0.936,
    "kind=direct": 1.177,
    "kind=indirect": 0.416,
    "kind=mixed": 0.2,
    "log_mentions": 0.522,
    "log_persons": -0.852,
    "rivals": 0.088,
    "type=group": 0.334,
    "type=organisation": 0.328,
    "type=person": 0.597,
    "type=unknown": 0.533
}

#: Weights of :func:`alternative_score`, fitted by bench/fit_confidence.py (same corpora).
ALTERNATIVE_WEIGHTS: dict[str, float] = {
    "after": -0.087,
    "bias": -1.347,
    "frequent": -1.893,
    "in_view": 0.09,
    "log_mentions": 0.317,
    "named": -0.325,
    "previous": -0.924,
    "recency": -1.057,
    "related": 1.793
}

#: Share of the leftover probability kept for "none of the alternatives".
RESERVE = 0.5


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _score(weights: dict[str, float], features: dict[str, float]) -> float:
    return _sigmoid(sum(weights.get(name, 0.0) * value for name, value in features.items()))


def speaker_probability(evidence: Evidence) -> float:
    """The probability that the speaker this evidence supports is the right one."""
    return _score(SPEAKER_WEIGHTS, evidence.features())


def alternative_features(raw: dict[str, float]) -> dict[str, float]:
    """The model's inputs for an alternative speaker (where it was found, its mentions)."""
    feats = {name: value for name, value in raw.items() if name != "mentions"}
    feats["bias"] = 1.0
    feats["log_mentions"] = math.log1p(raw.get("mentions", 0.0))
    return feats


def alternative_score(raw: dict[str, float]) -> float:
    """How likely an alternative speaker is (before sharing out the probability left)."""
    return _score(ALTERNATIVE_WEIGHTS, alternative_features(raw))


def rank(chosen: float, alternatives: Sequence[dict[str, float]]) -> list[float]:
    """Probabilities for the alternatives: what the chosen speaker leaves, shared by score
    (never above the chosen speaker's, which stays first)."""
    scores = [alternative_score(f) for f in alternatives]
    total = sum(scores) + RESERVE
    return [min(chosen, (1.0 - chosen) * s / total) for s in scores]
