"""The pre-tagger: named entities and attributed quotes, found with spaCy.

>>> tagger = Pretagger()            # the model loads lazily, on first use
>>> annotation = next(tagger.annotate(["Text of an article."], registry=speakers))

Texts longer than :data:`CHUNK_CHARS` are parsed in paragraph chunks (spaCy refuses
texts over ``nlp.max_length`` and needs about 1 GB per 100,000 characters) and joined
back into one document, so every offset refers to the whole text.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from quotecoder.core.model import Annotation, Span, Speaker
from quotecoder.core.nlp import load_pipeline
from quotecoder.core.pretag.entities import extract_entities
from quotecoder.core.pretag.paragraphs import ensure_line_sentences
from quotecoder.core.pretag.quotes import extract_quotes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Longest piece of text given to spaCy at once.
CHUNK_CHARS = 20_000

_CACHE: dict[str | None, Language] = {}

#: Invisible characters (zero-width space and joiners, word joiner, byte-order mark) that are not
#: inside a word. spaCy glues them to the next word ("said.\u200b"), which hides a cue or a mark.
_STRAY_INVISIBLE = re.compile(r"(?<!\w)[\u200b\u200c\u200d\u2060\ufeff]|[\u200b\u200c\u200d\u2060\ufeff](?!\w)")


#: Lone surrogates (from text decoded with "surrogateescape" or a broken "\\ud83d" escape): spaCy
#: cannot encode them and raises.
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible_text(text: str) -> str:
    """``text`` with invisible characters outside words turned into spaces and lone surrogates
    into U+FFFD: the same length, so every offset still holds ("“Hi,” she said.\u200b" → "“Hi,”
    she said. ")."""
    shown = _SURROGATE.sub("\ufffd", _STRAY_INVISIBLE.sub(" ", text))
    return _NO_SPACE_RUN.sub(lambda m: m[0][:-1] + " ", shown)


#: A run without spaces longer than any word or link; spaCy's tokenizer takes time quadratic in a
#: run of punctuation ("——…" 10,000 long took 10 s), so its last character is parsed as a space.
_NO_SPACE_RUN = re.compile(r"\S{1000}")


def _in_original(annotation: Annotation, text: str) -> Annotation:
    """``annotation`` with every text it quotes read from ``text`` (the article as given, with the
    invisible characters that :func:`visible_text` replaced for parsing)."""

    def span(s: Span | None) -> Span | None:
        return None if s is None else Span(s.start, s.end, text[s.start : s.end])

    entities = [replace(e, text=text[e.start : e.end]) for e in annotation.entities]
    quotes = [replace(q, text=text[q.start : q.end], cue=span(q.cue), mention=span(q.mention)) for q in annotation.quotes]
    return replace(annotation, entities=entities, quotes=quotes)


def cached_pipeline(model: str | None = None) -> Language:
    """The pipeline ``model`` loaded once per process (tests and benchmarks share it)."""
    if model not in _CACHE:
        _CACHE[model] = ensure_line_sentences(load_pipeline(model))
    return _CACHE[model]


def split_chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters whose concatenation is ``text``.

    Cuts fall after a line break when there is one in the second half of the piece,
    else after a sentence end, else after a space; a piece with none is cut hard.
    """
    pieces: list[str] = []
    start, n = 0, len(text)
    while n - start > limit:
        end = start + limit
        floor = start + limit // 2
        cut = text.rfind("\n", floor, end) + 1
        if cut <= 0:
            cut = max(text.rfind(". ", floor, end - 1), text.rfind("? ", floor, end - 1), text.rfind("! ", floor, end - 1)) + 2
        if cut <= 1:
            cut = text.rfind(" ", floor, end) + 1
        if cut <= 0:
            cut = end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


class Pretagger:
    """Turns article texts into :class:`Annotation` objects.

    ``registry`` is the project's speaker registry (canonical names, aliases and types
    that attribution should prefer). Pass it to :meth:`annotate` per call; the
    constructor's registry is the default for calls that give none.
    """

    #: Longest piece of a text parsed at once (see :func:`split_chunks`).
    chunk_chars: int = CHUNK_CHARS

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

    def annotate_doc(self, doc: Doc, registry: Sequence[Speaker] | None = None) -> Annotation:
        """Entities and quotes of one parsed document."""
        entities = extract_entities(doc)
        quotes = extract_quotes(doc, entities, self.registry if registry is None else registry)
        return Annotation(entities=entities, quotes=quotes)

    def annotate(
        self,
        texts: Iterable[str],
        batch_size: int = 16,
        n_process: int = 1,
        registry: Sequence[Speaker] | None = None,
    ) -> Iterator[Annotation]:
        """Annotate ``texts`` in order, through ``nlp.pipe`` in batches.

        ``registry`` (default: the constructor's) is the speaker registry for this call.
        """
        registry = self.registry if registry is None else list(registry)
        changed: deque[str | None] = deque()  # per text in order: the original when parsed as changed

        def visible() -> Iterator[str]:
            for text in texts:
                shown = visible_text(text)
                changed.append(text if shown != text else None)
                yield shown

        for doc in self.parse(visible(), batch_size=batch_size, n_process=n_process):
            annotation = self.annotate_doc(doc, registry)
            original = changed.popleft()
            yield annotation if original is None else _in_original(annotation, original)

    def parse(self, texts: Iterable[str], batch_size: int = 16, n_process: int = 1) -> Iterator[Doc]:
        """One parsed :class:`Doc` per text, in order; long texts are parsed in chunks and joined."""
        from spacy.tokens import Doc

        limit = self.chunk_chars

        def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
            for number, text in enumerate(texts):
                chunks = split_chunks(text, limit) if len(text) > limit else [text]
                for chunk in chunks:
                    yield chunk, (number, len(chunks))

        parts: list[Doc] = []
        for doc, (_, count) in self.nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process):
            if count == 1:
                yield doc
                continue
            parts.append(doc)
            if len(parts) == count:
                yield Doc.from_docs(parts, ensure_whitespace=False)
                parts = []
