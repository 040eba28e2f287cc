"""Named entities from spaCy's NER, with fixes for errors common in news text.

* a possessive ’s / 's (or a bare ’) inside an entity is trimmed: "Russia’s" → "Russia";
* a name glued to -led/-backed/-run…: "Trump-led" → "Trump";
* a person's name tagged NORP/ORG/GPE is relabelled PERSON when the same name is
  a PERSON elsewhere in the document (or the surname of one), or when it is the
  subject of a reporting verb and tagged NORP ("Albanese said").

Every entity satisfies ``text[start:end] == entity.text``; origin is "model".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quotecoder.core.model import Entity
from quotecoder.core.pretag.cues import DOTTED_ABBREVIATIONS, PERSON_NOUNS, is_reporting_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_POSSESSIVE = re.compile(r"(?:['\u2019][sS]|(?<=[sS])['\u2019])$")
_GLUED = re.compile(r"[-\u2010\u2011](?:led|backed|run|owned|allied|aligned|controlled|funded|based|era|style|friendly|appointed|nominated|linked|inspired|branded)$", re.I)
_RELABEL_FROM = frozenset({"NORP", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
_ORG_WORDS = frozenset(
    """inc inc. ltd ltd. corp corp. co co. llc plc association council group party bank university college
    school board agency department ministry office committee commission foundation institute news press
    media union society club network company city police service services government court house
    centre center hospital church canada times post mail journal league team fund trust authority""".split()
)
_EDGE_JUNK = " \t\n\"'\u2018\u2019\u201c\u201d,.;:()[]"


def _key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).lower()


def extract_entities(doc: Doc) -> list[Entity]:
    """The document's entities, with offsets into ``doc.text``."""
    text = doc.text
    raw: list[tuple[int, int, str, int]] = []  # start, end, label, root token index
    places: set[str] = set()  # names the NER took for people in "Milton, Ont."
    lowered = {t.text for t in doc if t.is_lower}  # words the text also uses in lower case
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        if ent.label_ == "PERSON":
            end = _before_headline_words(ent, text, lowered)
        # trim possessives and glued -led/-backed suffixes, then stray punctuation
        for _ in range(2):
            chunk = text[start:end]
            m = _POSSESSIVE.search(chunk) or _GLUED.search(chunk)
            if m and m.start() > 0:
                end = start + m.start()
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        if text[start : start + 2] in ("s ", "S ") and start > 0 and text[start - 1] in "'\u2019\u02bc":
            start += 2  # "’s Trudeau": the possessive of the word before, not part of the name
        while end > start and text[end - 1] in _EDGE_JUNK:
            if text[end - 1] == "." and ("." in text[start : end - 1] or _abbreviation_end(text[start:end])):
                break  # an abbreviation: U.S., Harbour Shipping Co.
            end -= 1
        if end <= start or not text[start:end].strip():
            continue
        if ent.label_ == "PERSON" and _town_and_region(ent):
            places.add(_key(text[start:end]))
        if ent.label_ == "PERSON":
            start = _after_stray_word(ent, start, end, lowered)
        raw.append((start, end, ent.label_, ent.root.i))
    raw = _owners_not_owned(raw, text)
    persons: set[str] = set()
    surnames: set[str] = set()
    for start, end, label, _ in raw:
        if label == "PERSON" and _key(text[start:end]) not in places:
            k = _key(text[start:end])
            persons.add(k)
            parts = k.split()
            if len(parts) >= 2:
                surnames.add(parts[-1])
    out: list[Entity] = []
    for start, end, label, root_i in raw:
        if label == "PERSON" and _key(text[start:end]) in places:
            label = "GPE"
        if label in _RELABEL_FROM and _key(text[start:end]) not in places:
            k = _key(text[start:end])
            if k in persons or (len(k.split()) == 1 and k in surnames):
                label = "PERSON"
            elif _has_person_apposition(doc[root_i]) or (label == "ORG" and _looks_like_person(doc, text, start, end, root_i)):
                label = "PERSON"
            elif label == "NORP":
                root = doc[root_i]
                if (
                    root.dep_ in ("nsubj",)
                    and root.tag_ == "NNP"
                    and is_reporting_verb(root.head)
                    and not text[start:end].isupper()
                    and not any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in root.children)  # "One Democrat, Sen. Jo Tesk, said"
                ):
                    label = "PERSON"
        out.append(Entity(start=start, end=end, label=label, text=text[start:end]))
    return out


_INNER_POSSESSIVE = re.compile(r"['\u2019]s?\s+")


def _owners_not_owned(raw: list[tuple[int, int, str, int]], text: str) -> list[tuple[int, int, str, int]]:
    """Person entities spanning a possessive cut to the person: "Jon Brask’s Liberals" → "Jon Brask",
    but "Ledger’s Ana Pryce" → "Ana Pryce" when the document names her elsewhere."""
    names = {w for a, b, label, _ in raw if label == "PERSON" and not _INNER_POSSESSIVE.search(text[a:b]) for w in _key(text[a:b]).split()}
    out = []
    for start, end, label, root_i in raw:
        m = _INNER_POSSESSIVE.search(text, start, end) if label == "PERSON" else None
        if m is not None and start < m.start() and m.end() < end:
            if _owned_is_the_name(text[start : m.start()], text[m.end() : end], names):
                start = m.end()
            else:
                end = m.start()
        out.append((start, end, label, root_i))
    return out


def _owned_is_the_name(owner: str, owned: str, names: set[str]) -> bool:
    """In "Ledger’s Ana Pryce" the name is what follows the possessive: a capitalised name the
    document gives a person elsewhere, after an owner it does not."""
    if not owned[:1].isupper() or any(w in names for w in _key(owner).split()):
        return False
    return _key(owned).split()[-1] in names


_STRAY_POS = frozenset({"ADP", "ADV", "VERB", "DET", "CCONJ", "SCONJ", "PRON", "ADJ"})


def _after_stray_word(ent: Span, start: int, end: int, lowered: set[str]) -> int:
    """The start of a person's name after an ordinary word capitalised by a headline or a sentence
    start and used in lower case elsewhere: "Without Pell, the party…" → "Pell"."""
    first = ent[0]
    if len(ent) < 2 or first.idx != start or first.pos_ not in _STRAY_POS or not first.is_title or first.lower_ not in lowered:
        return start
    rest = next((t for t in ent[1:] if t.is_alpha), None)
    if rest is None or rest.pos_ != "PROPN" or not rest.text[:1].isupper() or rest.idx >= end:
        return start
    return rest.idx


def _title_case_line(text: str, start: int) -> bool:
    """The line around ``start`` is a title-case headline: "Jon Brask Says He Will Run" (a line
    longer than any headline is not one, which keeps the check short on long lines)."""
    lo = text.rfind("\n", max(0, start - _HEADLINE_CHARS), start) + 1
    hi = text.find("\n", start, start + _HEADLINE_CHARS)
    if (lo == 0 and start > _HEADLINE_CHARS) or hi < 0 and len(text) - start > _HEADLINE_CHARS:
        return False
    words = text[lo : hi if hi >= 0 else len(text)].split()
    return not any(len(w) > 3 and w[:1].isalpha() and not w[:1].isupper() for w in words)


#: The longest line read as a headline.
_HEADLINE_CHARS = 300


def _ends_line(ent: Span, text: str) -> bool:
    """The name ends its line, a full stop aside: "— Staff Writer Jo Pace."."""
    rest = text[ent.end_char : ent.end_char + 3].lstrip(".")
    return not rest.strip(" ") or rest.lstrip(" ")[:1] == "\n"


def _before_headline_words(ent: Span, text: str, lowered: set[str]) -> int:
    """The end of a person's name in a title-case headline, before the capitalised ordinary words
    glued to it: "Jon Brask Says He Will Run" → "Jon Brask" (``text`` is the document's text)."""
    end = ent.end_char
    if len(ent) < 2 or ent[0].pos_ != "PROPN" or not _title_case_line(text, ent.start_char):
        return end
    last = ent[-1].i if _ends_line(ent, text) else -1  # "— Staff Writer Jo Pace.": a signature, not a headline
    for tok in ent[1:]:
        if tok.i != last and tok.is_title and tok.lower_ in lowered and text.count(text[ent.start_char : tok.idx + len(tok)]) < 2:
            return tok.idx  # "Brask Says" occurs nowhere else, unlike "Teresa May" of "Teresa May Wins"
    return end


def _region_abbreviation(tok: Token) -> bool:
    """A region's short form with a full stop after "Town,": "Ont." of "Milton, Ont."."""
    doc, i = tok.doc, tok.i
    word = tok.text.rstrip(".")
    dotted = tok.text.endswith(".") or i + 1 < len(doc) and doc[i + 1].text == "." and not tok.whitespace_
    if not dotted or not 2 <= len(word) <= 4 or not word.isalpha() or not word[0].isupper() or not word[1:].islower():
        return False
    after = i + (1 if tok.text.endswith(".") else 2)
    if word in ("Jr", "Sr", "Inc", "Co", "Ltd", "Corp") or after < len(doc) and doc[after].text[:1].isupper():
        return False  # "Arad, Mr. Netanyahu's adviser": a title before a name
    return i >= 2 and doc[i - 1].text == "," and doc[i - 2].pos_ == "PROPN"


def _abbreviation_end(name: str) -> bool:
    """A name ending in an abbreviation that keeps its dot ("Harbour Shipping Co.")."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in DOTTED_ABBREVIATIONS


def _town_and_region(ent: Span) -> bool:
    """A place the NER took for a person: a town and its region's short form ("Milton, Ont."),
    or the short form alone ("Ont")."""
    doc = ent.doc
    if len(ent) == 1 and _region_abbreviation(ent[0]):
        return True
    return ent.end + 1 < len(doc) and doc[ent.end].text == "," and _region_abbreviation(doc[ent.end + 1])


def _has_person_apposition(root) -> bool:
    """'Moyra Baxter, the board's chair,' – a name in apposition with a person noun."""
    if root.pos_ != "PROPN":
        return False
    for c in root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in PERSON_NOUNS:
            return True
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in PERSON_NOUNS:
        return True
    return False


def _looks_like_person(doc, text: str, start: int, end: int, root_i: int) -> bool:
    """An ORG-tagged 'First Last' that speaks like a person: two or three capitalised words,
    no organisation word, subject of a reporting verb or after a person noun ('advocate Josh Matlow')."""
    words = text[start:end].split()
    if not 2 <= len(words) <= 3:
        return False
    if any(w.lower().strip(".,") in _ORG_WORDS or not w[:1].isupper() or w.isupper() for w in words):
        return False
    root = doc[root_i]
    if root.dep_ in ("nsubj", "nsubjpass") and is_reporting_verb(root.head):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    first = span[0] if span is not None and len(span) else None
    if first is not None and first.i > 0 and doc[first.i - 1].lemma_.lower() in PERSON_NOUNS:
        return True
    return False
