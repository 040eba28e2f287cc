"""Where the shipped resources (codebooks, sample articles, icons, fonts) are."""

from __future__ import annotations

import importlib.resources
import pathlib
import sys


def resources_dir() -> pathlib.Path:
    """The ``resources/`` folder: inside an installed wheel or bundle, else in the checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return pathlib.Path(bundle) / "quotecoder" / "resources"
    try:
        found = pathlib.Path(str(importlib.resources.files("quotecoder.resources")))
        if found.is_dir():
            return found
    except ModuleNotFoundError:
        pass
    return pathlib.Path(__file__).resolve().parents[3] / "resources"


def resource(*parts: str) -> pathlib.Path:
    """A path below ``resources/``."""
    return resources_dir().joinpath(*parts)
