"""The pre-tagger: named entities and attributed quotes, found with spaCy.

>>> tagger = Pretagger()            # the model loads lazily, on first use
>>> annotation = next(tagger.annotate(["Text of an article."]))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from quotecoder.core.model import Annotation, Speaker
from quotecoder.core.nlp import load_pipeline
from quotecoder.core.pretag.entities import extract_entities
from quotecoder.core.pretag.paragraphs import ensure_line_sentences
from quotecoder.core.pretag.quotes import extract_quotes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


_CACHE: dict[str | None, Language] = {}


def cached_pipeline(model: str | None = None) -> Language:
    """The pipeline ``model`` loaded once per process (tests and benchmarks share it)."""
    if model not in _CACHE:
        _CACHE[model] = ensure_line_sentences(load_pipeline(model))
    return _CACHE[model]


class Pretagger:
    """Turns article texts into :class:`Annotation` objects.

    ``registry`` is the project's speaker registry: canonical names, aliases and
    types that attribution should prefer.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        registry: Sequence[Speaker] = (),
        model: str | None = None,
    ) -> None:
        self._nlp = nlp
        self._model = model
        self._prepared = False
        self.registry = list(registry)

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = load_pipeline(self._model)
        if not self._prepared:
            ensure_line_sentences(self._nlp)
            self._prepared = True
        return self._nlp

    def annotate_doc(self, doc: Doc) -> Annotation:
        """Entities and quotes of one parsed document."""
        entities = extract_entities(doc)
        quotes = extract_quotes(doc, entities, self.registry)
        return Annotation(entities=entities, quotes=quotes)

    def annotate(
        self, texts: Iterable[str], batch_size: int = 16, n_process: int = 1
    ) -> Iterator[Annotation]:
        """Annotate ``texts`` in order, through ``nlp.pipe`` in batches."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield self.annotate_doc(doc)
