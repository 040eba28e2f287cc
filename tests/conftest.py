"""Shared fixtures. Qt runs offscreen unless a display is asked for."""

import os
import pathlib

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_corpus() -> pathlib.Path:
    """The real evaluation corpus beside the checkout; tests using it skip when it is absent."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    return corpus


@pytest.fixture(scope="session")
def tagger():
    """One pre-tagger on the cached spaCy pipeline, for the pattern tests (see pretagging.py)."""
    from quotecoder.core.pretag import Pretagger, cached_pipeline

    return Pretagger(nlp=cached_pipeline())
