"""Codebooks: loading the default one shipped in ``resources/codebooks``."""

from __future__ import annotations

import json
from pathlib import Path

from quotecoder.core.model import Codebook
from quotecoder.core.resources import resource

DEFAULT_CODEBOOK = "default.json"


def load_codebook(path: str | Path) -> Codebook:
    """A codebook from a JSON file of the shape ``{"name", "version", "labels": [...]}``."""
    return Codebook.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def default_codebook() -> Codebook:
    """The codebook that new databases start with."""
    return load_codebook(resource("codebooks", DEFAULT_CODEBOOK))
