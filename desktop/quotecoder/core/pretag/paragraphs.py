"""A tiny pipeline component: every line break starts a sentence.

News text puts headings, captions and paragraphs on their own lines; without
this the parser often joins a heading to the next paragraph and mis-attaches
its reporting verb. The parser respects sentence starts set before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENT = "quotecoder_line_sentences"


_OPENERS = frozenset("\"'\u201c\u2018(")


def line_sentences(doc: Doc) -> Doc:
    after_break = False
    n = len(doc)
    for tok in doc:
        if after_break and not tok.is_space:
            tok.is_sent_start = True
            after_break = False
        elif "\n" in tok.text or "\n" in tok.whitespace_:
            after_break = True
        elif tok.text.endswith(".") and tok.i + 1 < n:
            # "lost 16 lbs. \u201cand two belt loops\u201d": a period before a lower-case word
            # (after any opening quotes) ends an abbreviation, not the sentence
            k = tok.i + 1
            while k < n and doc[k].text in _OPENERS and not doc[k].whitespace_:
                k += 1
            if k < n and doc[k].text[:1].islower() and doc[k].text[:1].isalpha():
                for j in range(tok.i + 1, k + 1):
                    doc[j].is_sent_start = False
    return doc


def ensure_line_sentences(nlp: Language) -> Language:
    """Add the component before the parser (once); pipelines without a parser are left alone."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=line_sentences)
    if COMPONENT in nlp.pipe_names:
        return nlp
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    return nlp
