"""Canonical speakers within one article: names, titles, roles, pronouns, organisations.

:class:`SpeakerResolver` is built once per document from its entities, and
resolves a speaker mention (the head token of a reporting verb's subject) to
a mention span and a canonical :class:`Speaker`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quotecoder.core.model import Entity, Span, Speaker
from quotecoder.core.pretag.cues import (
    DOTTED_ABBREVIATIONS,
    NONHUMAN_SOURCES,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    PRONOUNS_FEMALE,
    PRONOUNS_MALE,
    PRONOUNS_PLURAL,
    PROXY_NOUNS,
    REPORTING_NOUNS,
    REPORTING_VERBS,
    TITLES,
    is_reporting_verb,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_POSSESSIVE = re.compile(r"(?:['\u2019]s?|\u2019)$")
_POSSESSIVE_END = re.compile(r"['\u2019]s$")
_SPOKES = frozenset({"spokesperson", "spokesman", "spokeswoman", "spokespeople", "spokespersons", "spokesmen", "spokeswomen"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
_ORG_NOUNS = frozenset(
    """company firm government ministry department agency organization organisation group union
    association council board party embassy office police force service authority city province
    state court commission committee bank university school hospital club team network""".split()
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_KIN = frozenset("""father mother son daughter wife husband brother sister parent parents grandmother
    grandfather aunt uncle cousin niece nephew widow widower fiancé fiancée partner girlfriend boyfriend""".split())
_MALE_NOUNS = frozenset("""husband father son brother uncle grandfather nephew boyfriend widower fiancé
    king prince sir lord spokesman chairman businessman congressman councilman dad grandson stepfather""".split())
_FEMALE_NOUNS = frozenset("""wife mother daughter sister aunt grandmother niece girlfriend widow fiancée
    queen princess dame lady spokeswoman chairwoman businesswoman congresswoman councilwoman mom mum
    granddaughter stepmother""".split())
_AUTHORING = frozenset("""e-mail email mail send issue sign write release post publish tweet author pen
    deliver submit file distribute circulate""".split())
_DESCRIPTIVE_OK = frozenset({"NORP", "DATE", "CARDINAL", "ORDINAL", "QUANTITY", "TIME"})
_STOP_NAME_WORDS = frozenset({"he", "she", "they", "it", "i", "we", "you"})
_GENDERED_PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE
#: Honorifics that tell a person's gender: "Mrs. Marten", "Sir Jo Brandt"
_HONORIFIC = re.compile(r"\b(mr|mrs|ms|miss|sir|dame|lady|lord|madam)\.?\s+$", re.IGNORECASE)
_HONORIFIC_MALE = frozenset({"mr", "sir", "lord"})


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2009\u202f\u2007\n\t"), " ")


def clean_name(text: str) -> str:
    """A name without titles, possessive ending, leading article, invisible characters or
    surrounding punctuation ("the Rev. Jo Brandt’s" → "Jo Brandt"; "Smith & Co." keeps its dot)."""
    words = text.translate(_INVISIBLE).translate(_SPACES).split()
    if words and words[0] in ("s", "S", "'s", "\u2019s"):
        words = words[1:]  # "’s Trudeau": the tail of a possessive before the name
    while words and words[0].lower().strip(".,") in _DETERMINERS:
        words = words[1:]
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    # "Harbour Mayor Jo Brandt", "campaign manager Jo Brandt": the name after the last title word
    k = max((i for i, w in enumerate(words[:-1]) if w.lower().strip(".,") in TITLES or w.lower() in PERSON_NOUNS), default=-1)
    if k >= 0 and all(w[:1].isupper() for w in words[k + 1 :]):
        words = words[k + 1 :]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    name = " ".join(w for w in words if w).strip(" ,;:-\u2014\u2013\"'\u2018\u2019\u201c\u201d")
    last = name.split()[-1] if name.split() else ""
    if last.endswith(".") and "." not in last[:-1] and last.lower() not in DOTTED_ABBREVIATIONS:
        name = name[:-1]
    return name


def _tidy(text: str) -> str:
    """A mention without surrounding punctuation, keeping the dot of a final abbreviation
    ("Harbour Shipping Co." stays whole; "the board," → "the board")."""
    name = text.strip(" ,.;:-\u2014\u2013\"'\u2018\u2019\u201c\u201d")
    last = name.split()[-1].lower() + "." if name.split() else ""
    return name + "." if last in DOTTED_ABBREVIATIONS and text.rstrip(" ,;:").endswith(".") else name


def person_clean(text: str) -> str:
    """A person's name as :func:`clean_name` gives it, without an owner's possessive before it
    ("the Harbour Gazette’s Jo Brandt", "Norland’s Ilse Marten" → "Jo Brandt", "Ilse Marten")."""
    name = clean_name(text)
    words = name.split()
    k = max((i for i, w in enumerate(words[:-2]) if _POSSESSIVE_END.search(w)), default=-1)
    if k >= 0 and len(words) - k - 1 in (2, 3) and all(w[:1].isupper() for w in words[k + 1 :]):
        return " ".join(words[k + 1 :])
    return name


@dataclass(frozen=True)
class Resolution:
    """A resolved speaker mention: its span, the canonical speaker and what the link rests on.

    ``basis`` is one of BASES: a name, a pronoun, a role or description, a proxy
    ("X's office"), a document ("the statement said"), an apposition, the registry …
    """

    mention: Span | None
    speaker: Speaker | None
    basis: str


class SpeakerResolver:
    """Per-document state: name clusters, roles, genders and the salience history."""

    def __init__(
        self, doc: Doc, entities: Sequence[Entity], registry: Sequence[Speaker] = (), quoted: Sequence[tuple[int, int]] = ()
    ) -> None:
        """``quoted``: the spans of the document's quotations (marks.find_segments), for gender learning."""
        self.doc = doc
        self.text = doc.text
        self.quoted = _merged(list(quoted))
        self.registry = list(registry)
        self._reg: dict[str, Speaker] = {}
        for sp in self.registry:
            for key in (sp.name, *sp.aliases, *sp.roles):
                if key:
                    self._reg.setdefault(_norm(key), sp)
                    cleaned = _norm(clean_name(key))
                    if cleaned:
                        self._reg.setdefault(cleaned, sp)
        # Entities by token
        self.ent_of_tok: dict[int, Entity] = {}
        self._tok_starts = [t.idx for t in doc]
        for ent in entities:
            i = bisect.bisect_left(self._tok_starts, ent.start)
            while i < len(doc) and doc[i].idx < ent.end:
                self.ent_of_tok[i] = ent
                i += 1
        # Person clusters: surname / first name -> [(position, full name)]
        self.full_by_key: dict[str, list[tuple[int, str]]] = {}
        self.first_by_key: dict[str, list[tuple[int, str]]] = {}
        self.gender: dict[str, str] = {}
        self._genders_known = False  # while learning genders, an honorific surname may stay undecided
        self.roles: dict[str, list[tuple[int, str]]] = {}
        self.role_heads: dict[str, list[tuple[int, str]]] = {}
        self.orgs: list[tuple[int, str]] = []
        persons = [e for e in entities if e.label == "PERSON"]
        for e in persons:
            name = person_clean(e.text)
            parts = name.split()
            if len(parts) >= 2:
                self.full_by_key.setdefault(parts[-1].lower(), []).append((e.start, name))
                self.first_by_key.setdefault(parts[0].lower(), []).append((e.start, name))
        # names the NER missed: chains of capitalised proper nouns ("Ilse Marten") that speak
        speaking = {
            t.lower_ for t in doc if t.pos_ == "PROPN" and t.dep_ in ("nsubj", "nsubjpass") and is_reporting_verb(t.head)
        }
        for tok in doc:
            if tok.pos_ != "PROPN" or tok.dep_ in ("compound", "flat") or not tok.text[:1].isupper():
                continue
            ent = self.ent_of_tok.get(tok.i)
            if ent is not None and ent.label != "PERSON":
                continue
            left = []
            j = tok.i - 1
            while j >= 0 and doc[j].pos_ == "PROPN" and doc[j].dep_ in ("compound", "flat") and doc[j].head.i == tok.i:
                left.insert(0, doc[j])
                j -= 1
            while left and left[0].lower_ in TITLES:
                left = left[1:]
            if not left or len(left) > 2:
                continue
            if any(not c.text[:1].isupper() or c.lower_ in TITLES or self.ent_of_tok.get(c.i) not in (None, ent) for c in left):
                continue
            if ent is None and tok.lower_ not in speaking and not _person_context(tok, left[0]):
                continue
            name = " ".join([c.text for c in left] + [_POSSESSIVE.sub("", tok.text)])
            key = name.split()[-1].lower()
            if not any(n == name for _, n in self.full_by_key.get(key, [])):
                self.full_by_key.setdefault(key, []).append((left[0].idx, name))
                self.first_by_key.setdefault(name.split()[0].lower(), []).append((left[0].idx, name))
        for table in (self.full_by_key, self.first_by_key):
            for items in table.values():
                items.sort()
        self.org_ents: list[tuple[int, str, str]] = []
        self.acronyms: dict[str, str] = {}
        for e in entities:
            if e.label in ("ORG", "GPE", "NORP"):
                name = clean_name(e.text)
                self.orgs.append((e.start, name))
                self.org_ents.append((e.start, name, e.label))
                caps = [w for w in name.split() if w[:1].isupper()]
                if len(caps) >= 2:
                    self.acronyms.setdefault("".join(w[0] for w in caps).upper(), name)
        self._count_persons(persons)
        self._scan_titles_and_roles(persons)
        for items in self.roles.values():
            items.sort()
        self._genders_from_honorifics(persons)
        self._learn_genders(persons)
        self._genders_known = True
        self._genders_from_honorifics(persons)
        self._count_persons(persons)
        # salience history: (position, canonical name, type, gender)
        self.history: list[tuple[int, str, str, str | None]] = []
        self.described: set[str] = set()  # people known only by a description ("a security officer")
        self.hidden: list[tuple[int, int]] = []  # quotations and reported clauses (forget_inside)
        known = {name for items in self.full_by_key.values() for _, name in items}
        for tok in doc:
            if tok.pos_ != "PROPN":
                continue
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                # "The director of X, Jo Bloggs, agreed": the apposed name is the subject
                if tok.dep_ != "appos" or not _in_subject(tok):
                    continue
                if self.ent_of_tok.get(tok.i) is None or self.ent_of_tok[tok.i].label != "PERSON":
                    continue
            ent = self.ent_of_tok.get(tok.i)
            if ent is not None and ent.label == "PERSON":
                canon = self.person_name(ent.text, ent.start)
            elif ent is None or ent.label in ("ORG", "NORP", "GPE"):
                canon = self.person_name(tok.text, tok.idx)
                if canon not in known and not (
                    ent is None
                    and tok.tag_ == "NNP"
                    and tok.text[:1].isupper()
                    and not tok.text.isupper()
                    and tok.lower_ not in TITLES
                    and tok.lower_ not in PERSON_NOUNS
                ):
                    continue
            else:
                continue
            self.history.append((tok.idx, canon, "person", self.gender.get(canon)))
        # organisations and groups as subjects, for "it" and "they": "the Harbour Party voted …"
        known_lower = {name.lower() for name in known}
        self.collectives: list[tuple[int, str, str, str | None]] = []
        for tok in doc:
            if tok.dep_ != "nsubj" or tok.pos_ not in ("PROPN", "NOUN"):
                continue
            ent = self.ent_of_tok.get(tok.i)
            if ent is not None and ent.label == "ORG":
                name = clean_name(ent.text)
                if name and self.person_name(name, ent.start) == name and name.lower() not in known_lower:
                    self.collectives.append((tok.idx, self.acronyms.get(name, name) if name.isupper() else name, "organisation", None))
            elif tok.tag_ in ("NNS", "NNPS") and (ent is None or ent.label == "NORP") and (
                tok.lemma_.lower() in PERSON_NOUNS or agentive(tok.lemma_.lower()) or tok.lower_ in PEOPLE_NOUNS or ent is not None
            ):
                s, e = _mention_bounds(tok)
                name = clean_name(self.text[s:e])
                if name:
                    self.collectives.append((tok.idx, name, "group", None))
        # a known role as a subject keeps its person in view: "the mayor brought it up again"
        for tok in doc:
            if tok.dep_ == "nsubj" and tok.tag_ == "NN" and tok.lower_ in self.role_heads and tok.lower_ not in _ORG_NOUNS:
                if any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
                    s, e = _mention_bounds(tok)
                    found = self._role_by_head(tok, text_words(self.text[s:e]), tok.idx)
                    if found:
                        self.history.append((tok.idx, found, "person", self.gender.get(found)))
        self.history += self._subjects_tagged_as_nouns()
        self.history.sort()
        self.things = _speaking_things(doc)
        # he and she as subjects of main clauses, for the pronoun chains of _main_subject
        self.main_pronouns: dict[str, list[int]] = {"m": [], "f": []}
        for t in doc:
            if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass") and not _embedded_subject(t):
                self.main_pronouns["m" if t.lower_ == "he" else "f"].append(t.idx)
        self.everyone = sorted(self.history + self.collectives)  # history with organisations and groups
        self._scan_document_authors()

    # ---- building -------------------------------------------------------------------------
    def _count_persons(self, persons: Sequence[Entity]) -> None:
        """Where each person is named and how often ("Marten" counts for Ilse Marten)."""
        self.all_persons = sorted((e.start, self.person_name(e.text, e.start)) for e in persons)
        self.person_counts: dict[str, int] = {}
        for _, canon in self.all_persons:
            self.person_counts[canon] = self.person_counts.get(canon, 0) + 1
        self._mentions: dict[str, int] = {}
        for name, count in self.person_counts.items():
            self._mentions[name.lower()] = self._mentions.get(name.lower(), 0) + count
        for _, name in self.orgs:
            self._mentions[name.lower()] = self._mentions.get(name.lower(), 0) + 1

    def _subjects_tagged_as_nouns(self) -> list[tuple[int, str, str, str | None]]:
        """Salience entries for people the tagger took for common nouns, named by the NER or by
        a surname met in a full name ("Fields is also urging …" after "Mara Fields")."""
        out: list[tuple[int, str, str, str | None]] = []
        for tok in self.doc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "NOUN" and tok.text[:1].isupper() and not tok.text.isupper():
                ent = self.ent_of_tok.get(tok.i)
                if ent is not None and ent.label == "PERSON":
                    canon = self.person_name(ent.text, ent.start)
                elif ent is None and tok.lower_ in self.full_by_key:
                    canon = _nearest(self.full_by_key[tok.lower_], tok.idx)
                else:
                    continue
                out.append((tok.idx, canon, "person", self.gender.get(canon)))
        return out

    def _scan_document_authors(self) -> None:
        """Who wrote each document the article mentions: "a report by X", "X's study",
        "X released a report", "X said in a blog post" (later "the report said" is X)."""
        self.doc_authors: list[tuple[int, str, Speaker]] = []
        self._author_of: dict[int, Speaker] = {}
        for tok in self.doc:
            if tok.pos_ != "NOUN" or not _is_document(tok):
                continue
            author = _said_in(tok)  # "X said in the firm's blog post": X, not the firm
            for c in tok.children if author is None else ():
                target = None
                if c.dep_ == "poss" or c.dep_ == "compound" and c.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
                    target = c
                elif c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                    target = next((g for g in c.children if g.dep_ == "pobj" and (g.ent_type_ or g.pos_ == "PROPN")), None)
                elif c.dep_ in ("acl", "relcl") and c.tag_ == "VBN" and _authored(c):
                    agent = next((a for a in c.children if a.dep_ == "agent"), None)
                    target = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                if target is not None and target.pos_ in ("PROPN", "NOUN") and target.lower_ not in ("it", "its"):
                    author = target
                    break
            verb = tok.head
            if author is None and tok.dep_ == "dobj" and verb.lemma_.lower() in _PUBLISHING:
                author = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # X released a report
            if author is None and tok.dep_ == "pobj" and verb.lower_ == "in" and verb.head.pos_ == "VERB":
                author = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)  # X said in a post
            if author is None or author.pos_ == "PRON" and author.lower_ not in PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL:
                continue
            sp = self.resolve(author).speaker
            if sp is not None and sp.type in ("person", "organisation", "group") and not _is_document(author):
                self.doc_authors.append((tok.idx, tok.lemma_.lower(), sp))
                self._author_of[tok.i] = sp

    def author_before(self, lemma: str, pos: int) -> Speaker | None:
        """The author of the last document of this kind (else of any kind) mentioned before ``pos``."""
        earlier = [item for item in self.doc_authors if item[0] < pos]
        same = [sp for _, kind, sp in earlier if kind == lemma]
        if same:
            return same[-1]
        return earlier[-1][2] if earlier else None

    def _scan_titles_and_roles(self, persons: Sequence[Entity]) -> None:
        doc = self.doc
        for e in persons:
            i = bisect.bisect_left(self._tok_starts, e.start)
            if i >= len(doc):
                continue
            canon = self.person_name(e.text, e.start)
            # title/role words right before the name: "Prime Minister", "opposition leader", "Mr"
            j = i - 1
            words: list[str] = []
            while j >= 0 and doc[j].pos_ in ("NOUN", "PROPN", "ADJ") and doc[j].dep_ in ("compound", "amod", "nmod", "nsubj", "appos", "dep") and (j not in self.ent_of_tok or self.ent_of_tok[j].label in ("PERSON", "ORG", "GPE", "NORP")) and i - j <= 4:
                words.insert(0, doc[j].lower_)
                j -= 1
            if j >= 0 and doc[j].lower_ in ("mr", "mr."):
                self.gender.setdefault(canon, "m")
            elif j >= 0 and doc[j].lower_ in ("ms", "ms.", "mrs", "mrs.", "miss"):
                self.gender.setdefault(canon, "f")
            first_title = e.text.split()[0].lower() if e.text.split() else ""
            if first_title in ("mr", "mr."):
                self.gender.setdefault(canon, "m")
            elif first_title in ("ms", "ms.", "mrs", "mrs.", "miss"):
                self.gender.setdefault(canon, "f")
            if words:
                self._add_role(" ".join(words), e.start, canon)
            # "her husband Jo Bloggs", "Bloggs, the group's spokeswoman": gendered nouns
            nouns = set(words)
            head = _ent_root(doc, i, e.end)
            nouns |= {c.lower_ for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"}
            if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                nouns.add(head.head.lower_)
            if nouns & _MALE_NOUNS and not nouns & _FEMALE_NOUNS:
                self.gender.setdefault(canon, "m")
            elif nouns & _FEMALE_NOUNS and not nouns & _MALE_NOUNS:
                self.gender.setdefault(canon, "f")
            # appositions: "X, the opposition leader," / "the opposition leader, X,"
            head = _ent_root(doc, i, e.end)
            for c in head.children:
                if c.dep_ == "appos" and c.pos_ == "NOUN":
                    self._add_role(_np_words(c), e.start, canon)
                    self._add_role(_subtree_words(c), e.start, canon)
            if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                self._add_role(_np_words(head.head), e.start, canon)

    def _add_role(self, role: str, pos: int, canon: str) -> None:
        role = role.strip().lower()
        if not role or role in TITLES and role in ("mr", "mrs", "ms", "miss", "mr.", "ms.", "mrs.", "dr", "dr."):
            return
        words = [w for w in role.split() if w not in _DETERMINERS]
        if not words:
            return
        self.roles.setdefault(" ".join(words), []).append((pos, canon))
        self.role_heads.setdefault(words[-1], []).append((pos, canon))

    def _genders_from_lone_antecedents(self) -> None:
        """A gender for each person from the he/she/his/her outside quotations whose own
        sentence and the sentence before name that person and no one else, with no other person
        in view ("Ilse Marten arrived late. She said …" → f; not after "the mayor" or a "he")."""
        quoted = self.quoted
        votes: dict[str, list[int]] = {}
        start = 0
        for sent in self.doc.sents:
            for tok in sent:
                if tok.lower_ in _GENDERED_PRONOUNS and not _inside(quoted, tok.idx):
                    name = self._lone_antecedent(start, tok, quoted)
                    if name is not None:
                        votes.setdefault(name, [0, 0])[0 if tok.lower_ in PRONOUNS_MALE else 1] += 1
            start = sent.start_char
        for name, (m, f) in votes.items():
            if name not in self.gender and m != f:
                self.gender[name] = "m" if m > f else "f"

    def _genders_from_honorifics(self, persons: Sequence[Entity]) -> None:
        """The honorific's gender for the full name a mention stands for ("Mrs. Marten" → Ilse
        Marten is f); run again once genders have settled who "Mr. Marten" is."""
        for e in persons:
            want = self.honorific_gender(e.text, e.start)
            if want is not None:
                self.gender.setdefault(self.person_name(e.text, e.start), want)

    def _lone_antecedent(self, start: int, pronoun: Token, quoted: list[tuple[int, int]]) -> str | None:
        """The one person named from ``start`` up to ``pronoun`` (outside quotations), when no
        person noun ("the mayor") and no pronoun of the same gender before the name compete."""
        names = self.all_persons
        lo, hi = bisect.bisect_left(names, (start, "")), bisect.bisect_left(names, (pronoun.idx, ""))
        found = {(p, n) for p, n in names[lo:hi] if not _inside(quoted, p)}
        if len({n for _, n in found}) != 1:
            return None
        first = min(p for p, _ in found)
        same = PRONOUNS_MALE if pronoun.lower_ in PRONOUNS_MALE else PRONOUNS_FEMALE
        for tok in self.doc[self._tok_at(start) : pronoun.i]:
            if _inside(quoted, tok.idx):
                continue
            if tok.lower_ in same and tok.idx < first or _person_noun(tok) and not _names_someone(tok):
                return None
        return next(iter(found))[1]

    def _learn_genders(self, persons: Sequence[Entity]) -> None:
        """Vote a gender for each person from the first he/she after their mention (for those
        the lone-antecedent votes leave without one)."""
        self._genders_from_lone_antecedents()
        doc = self.doc
        person_at: dict[int, str] = {}
        for e in persons:
            i = bisect.bisect_left(self._tok_starts, e.start)
            if i < len(doc):
                person_at[i] = self.person_name(e.text, e.start)
        last: str | None = None
        votes: dict[str, list[int]] = {}
        for tok in doc:
            if tok.i in person_at:
                last = person_at[tok.i]
                continue
            low = tok.lower_
            if last and low in ("he", "she", "his", "her") and tok.dep_ in ("nsubj", "nsubjpass", "poss"):
                v = votes.setdefault(last, [0, 0])
                v[0 if low in ("he", "his") else 1] += 1
                last = None
        for name, (m, f) in votes.items():
            if name not in self.gender and m != f:
                self.gender[name] = "m" if m > f else "f"

    # ---- names ------------------------------------------------------------------------------
    def person_name(self, text: str, pos: int) -> str:
        """The canonical full name for a person mention (surname or title forms join the full name)."""
        name = person_clean(text)
        parts = name.split()
        if not parts:
            return name
        if len(parts) == 1:
            key = parts[0].lower()
            cand = self.full_by_key.get(key) or self.first_by_key.get(key)
            if cand:
                return self._by_surname(cand, text, pos)
        return name

    def honorific_gender(self, text: str, pos: int) -> str | None:
        """The gender an honorific gives a mention ("Mrs. Marten" → f, "Sir Jo" → m), else None."""
        found = _HONORIFIC.search(self.text[max(0, pos - 8) : pos]) or _HONORIFIC.search(" ".join(text.split()[:1]) + " ")
        if found is None:
            return None
        return "m" if found.group(1).lower() in _HONORIFIC_MALE else "f"

    def _by_surname(self, cands: list[tuple[int, str]], text: str, pos: int) -> str:
        """The full name a one-word mention stands for: the nearest one before it, of the
        honorific's gender when people share the name ("Mrs. Marten" → Ilse, not Piet Marten)."""
        want = self.honorific_gender(text, pos)
        if want is None or len({n for _, n in cands}) == 1:
            return _nearest(cands, pos)
        same = [c for c in cands if self.gender.get(c[1]) == want]
        if same:
            return _nearest(same, pos)
        other = "f" if want == "m" else "m"
        open_ = [c for c in cands if self.gender.get(c[1]) != other]
        if len({n for _, n in open_}) == 1 or self._genders_known:
            return _nearest(open_ or cands, pos)
        return person_clean(text)  # undecided until genders are learnt: "Mrs. Marten" votes for no one

    def org_name(self, name: str, pos: int, label: str = "ORG") -> str:
        """The canonical name of an organisation mention: an acronym spelt out ("HPA" after
        "Harbour Port Authority"), a one-word organisation completed by the last fuller one
        before it that ends in the same word ("the Post" after "The Gullport Post"; not places:
        "Ottawa" stays Ottawa after "the University of Ottawa")."""
        if name.isupper():
            return self.acronyms.get(name, name)
        if len(name.split()) == 1 and label == "ORG":
            fuller = [n for p, n, lab in self.org_ents if p < pos and lab == "ORG" and len(n.split()) > 1 and n.split()[-1] == name]
            if fuller:
                return fuller[-1]
        return name

    def _registry(self, *keys: str) -> Speaker | None:
        for k in keys:
            if k:
                sp = self._reg.get(_norm(k))
                if sp is not None:
                    return sp
        return None

    # ---- resolution -------------------------------------------------------------------------
    def resolve(self, head: Token) -> Resolution:
        """The mention span, canonical speaker and basis for a mention whose head token is ``head``."""
        head = self._name_after_title(head) or _glued_name(head) or self._twin_subject(head) or head
        doc, text = self.doc, self.text
        low = head.lower_
        pos = head.idx
        if (ante := _antecedent(head)) is not None:
            # "a scholar named Ina Velkov, who … praised": the speaker is the relative's antecedent
            res = self.resolve(ante)
            return Resolution(Span.of(text, head.idx, head.idx + len(head.text)), res.speaker, res.basis)
        if head.pos_ == "PRON" or low in PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL:
            mention = Span.of(text, head.idx, head.idx + len(head.text))
            sp = self.resolve_pronoun(low, pos)
            return Resolution(mention, sp, "pronoun")
        ent = self.ent_of_tok.get(head.i)
        start, end = _mention_bounds(head)
        if ent is not None and ent.label == "PERSON" and start >= ent.start:
            start, end = min(start, ent.start), max(end, ent.end)
        mention = _span(text, start, end)
        mention_text = mention.text if mention else head.text
        if head.lemma_.lower() in _SPOKES and (app := self._apposed_name(head)) is not None and (sp := self.resolve(app).speaker) is not None:
            return Resolution(mention, sp, "apposition")  # "The firm's spokesperson, Ida Brun, said"
        if head.lemma_.lower() in _SPOKES or low == "office" and any(c.dep_ in ("poss", "compound") for c in head.children):
            # a spokesperson or an office speaks under its own description, as news coding has it
            # ("a Harbour Party spokesperson", "Brandt's office"); "the spokesperson" is the one met before
            if mention_text.split()[0].lower() in ("the", "this") and len(mention_text.split()) == 2:
                for p, name, typ, _g in reversed(self.history):
                    if p < pos and name.split()[-1].lower() == low:
                        return Resolution(mention, Speaker(name=name, type=typ), "proxy")  # type: ignore[arg-type]
            name = _tidy(_POSSESSIVE_END.sub("", mention_text.replace("\n", " ")))
            return Resolution(mention, Speaker(name=name, type="organisation" if low == "office" else "person"), "proxy")
        publisher = _publisher(head)
        if publisher is not None and (res := self.resolve(publisher)).speaker is not None:
            return res  # "X issued a statement saying …": X speaks, as both news codings have it
        # proxies: "a statement from Albanese", "Albanese's book"
        if low in PROXY_NOUNS or head.lemma_.lower() in PROXY_NOUNS or low in REPORTING_NOUNS or head.lemma_.lower() in REPORTING_NOUNS:
            for c in head.children:
                target = None
                if c.dep_ == "poss":
                    target = c
                elif c.dep_ == "prep" and c.lower_ in ("for", "from", "of", "at", "with", "by"):
                    target = next((g for g in c.children if g.dep_ == "pobj"), None)
                elif c.dep_ == "compound" and self.ent_of_tok.get(c.i) is not None:
                    target = c
                elif c.dep_ == "acl" and c.tag_ in ("VBN", "VBD") and c.lemma_.lower() in _AUTHORING:
                    # "a statement e-mailed to the paper by X", "a letter signed by X"
                    agent = next((a for a in c.children if a.dep_ == "agent"), None)
                    target = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                if target is not None:
                    sp = self.resolve(target).speaker
                    if sp is not None and (sp.type in ("person", "organisation") or low in REPORTING_NOUNS):
                        return Resolution(mention, sp, "proxy")
        if _is_document(head):
            author = self._author_of.get(head.i) or (None if _indefinite(head) else self.author_before(head.lemma_.lower(), pos))
            if author is not None:
                return Resolution(mention, author, "document")  # "the report said": its author
        if (low in REPORTING_NOUNS or head.lemma_.lower() in REPORTING_NOUNS) and not _is_title(head) and (
            mention_text.split()[0].lower() in ("the", "this", "that")
            or mention_text.split()[0].lower() in ("a", "an") and len(mention_text.split()) == 2 and head.lemma_.lower() not in PROXY_NOUNS
        ):
            # "the statement said": the source of the most recent statement
            just = self._just_before(pos)
            if just is not None:
                return Resolution(mention, just, "document")  # "X said … A statement said …": X's
            for p, name, typ, _g in reversed(self.history):
                if p < pos and typ in ("organisation", "group"):
                    return Resolution(mention, Speaker(name=name, type=typ), "document")
            if self.history and self.history[0][0] < pos:
                p, name, typ, _g = max((h for h in self.history if h[0] < pos), key=lambda h: h[0])
                return Resolution(mention, Speaker(name=name, type=typ), "document")
        reg = self._registry(mention_text, clean_name(mention_text))
        if reg is not None:
            return Resolution(mention, reg, "registry")
        if head.pos_ in ("NOUN", "NUM") or head.pos_ == "PROPN" and (ent is None or ent.label != "PERSON" or any(c.dep_ == "det" for c in head.children)):
            # "DeLaet's agent, Danny Fritz, said", "A red-state Democrat, Sen. Jo Bloggs, said":
            # the apposed name is the speaker
            app = self._apposed_name(head) or self._called_name(head)
            if app is not None:
                sp = self.resolve(app).speaker
                if sp is not None:
                    return Resolution(mention, sp, "apposition")
        if ent is not None and ent.label == "NORP" and head.tag_ == "NNP" and mention_text.split()[0].lower() == "the":
            for p, name, typ, _g in reversed(self.history):
                if p < pos and typ == "person" and pos - p < 2000 and name not in self.described:
                    return Resolution(mention, Speaker(name=name, type="person"), "description")
        if ent is not None and ent.label == "PERSON" and head.dep_ in ("nsubj", "nsubjpass"):
            # "Both Bloggs and Jones have said …": the pair speaks together
            others = [c for c in head.children if c.dep_ == "conj" and c.pos_ == "PROPN" and (self.ent_of_tok.get(c.i) is not None and self.ent_of_tok[c.i].label == "PERSON")]
            if others and any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children):
                names = [self.person_name(ent.text, ent.start)]
                for o in others:
                    oe = self.ent_of_tok[o.i]
                    names.append(self.person_name(oe.text, oe.start))
                last = others[-1].right_edge
                pair = _span(text, start, last.idx + len(last.text))
                return Resolution(pair or mention, Speaker(name=" and ".join(names), type="group"), "group")
        if ent is not None and ent.label == "PERSON":
            if len(ent.text.split()) == 1 and mention_text.split()[0].lower() == "the" and self.person_name(ent.text, ent.start) == clean_name(ent.text):
                # "the Kentucky Republican": a description, not a name
                for p, name, typ, _g in reversed(self.history):
                    if p < pos and typ == "person" and pos - p < 2000 and name not in self.described:
                        return Resolution(mention, Speaker(name=name, type="person"), "description")
            name = self.person_name(ent.text, ent.start)
            return Resolution(mention, Speaker(name=name, type="person"), "name")
        if ent is not None and ent.label in _ORG_LABELS and head.pos_ == "PROPN" and len(clean_name(ent.text).split()) == 1:
            # the NER labels a repeated surname as an organisation: "Wang said" after "Wang Qishan"
            key = clean_name(ent.text).lower()
            cand = self.full_by_key.get(key) or self.first_by_key.get(key)
            if cand and not any(clean_name(n).lower() == key for _, n in self.orgs if n != clean_name(ent.text)):
                return Resolution(mention, Speaker(name=_nearest(cand, pos), type="person"), "name")
        if ent is not None and ent.label in _ORG_LABELS:
            name = self.org_name(clean_name(ent.text), pos, ent.label)
            return Resolution(mention, Speaker(name=name, type="organisation"), "organisation")
        if head.text.isupper() and len(head.text) >= 2 and head.text in self.acronyms:
            return Resolution(mention, Speaker(name=self.acronyms[head.text], type="organisation"), "organisation")
        if head.pos_ == "PROPN" or head.text[:1].isupper() and head.lower_ in self.full_by_key and not head.is_sent_start:
            # a name, or a known surname the tagger took for another word ("said Skelly" as an adverb)
            name = self.person_name(mention_text, pos)
            if name.lower() in _STOP_NAME_WORDS or not name:
                return Resolution(mention, None, "none")
            return Resolution(mention, Speaker(name=name, type="person" if name != clean_name(mention_text) or len(name.split()) >= 2 or ent is None else "unknown"), "name")
        # role nominals: "the opposition leader", "the prime minister"
        words = [w.lower() for w in mention_text.split() if w.lower() not in _DETERMINERS]
        key = " ".join(words)
        if key in self.roles:
            return Resolution(mention, Speaker(name=_nearest(self.roles[key], pos), type="person"), "role")
        if head.tag_ == "NN" and head.lower_ in self.role_heads and head.lower_ not in _ORG_NOUNS:
            found = self._role_by_head(head, words, pos)
            if found:
                return Resolution(mention, Speaker(name=found, type="person"), "role")
        if head.tag_ == "NN" and head.lower_ in TITLES and any(w in _DETERMINERS for w in mention_text.lower().split()[:1]) and self.person_counts:
            # "the opposition leader" with no apposition in the article: the person named last before it
            k = bisect.bisect_left(self.all_persons, (pos, "")) - 1
            if k >= 0:
                return Resolution(mention, Speaker(name=self.all_persons[k][1], type="person"), "role")
        if (org := self._org_named_by(head, mention_text, pos)) is not None:
            return Resolution(mention, Speaker(name=org, type="organisation"), "description")  # "the diocese"
        if head.lower_ in _ORG_NOUNS and words and mention_text.split()[0].lower() in ("the", "this"):
            for p, name in reversed(self.orgs):
                if p < pos and head.lower_ in name.lower():
                    return Resolution(mention, Speaker(name=name, type="organisation"), "description")
            for p, name, typ, _g in reversed(self.history):
                if p < pos and typ == "organisation":
                    return Resolution(mention, Speaker(name=name, type="organisation"), "description")
            for p, name, label in reversed(self.org_ents):
                if p < pos and label == "ORG":
                    return Resolution(mention, Speaker(name=name, type="organisation"), "description")
        if (
            head.tag_ in ("NN", "NNP")
            and mention_text.split()[0].lower() == "the"
            and head.lower_ not in _ORG_NOUNS
            and head.lower_ not in REPORTING_NOUNS
            and not any(
                self.ent_of_tok.get(t.i) is not None and self.ent_of_tok[t.i].label not in _DESCRIPTIVE_OK
                for t in head.lefts
            )
            and head.lemma_.lower() not in _KIN
            and (head.lemma_.lower() in PERSON_NOUNS or _person_noun(head) or head.ent_type_ == "NORP" or "year-old" in mention_text or head.lower_ in self.role_heads or agentive(head.lower_))
        ):
            # "the official" after "a justice official": the same anonymous speaker
            for p, name, typ, _g in reversed(self.history):
                if p < pos and name.split()[-1].lower() == head.lower_ and name.split()[0].lower() in ("a", "an", "one"):
                    return Resolution(mention, Speaker(name=name, type=typ), "description")
            # "the 26-year-old right wing", "the Kentucky Republican": the person just discussed
            for p, name, typ, _g in reversed(self.history):
                if p < pos and typ == "person" and pos - p < 2000 and name not in self.described:
                    return Resolution(mention, Speaker(name=name, type="person"), "description")
        if (longer := _named_tail(head, mention, text)) is not None:
            mention, mention_text = longer, longer.text
        name = _tidy(_POSSESSIVE.sub("", mention_text.replace("\n", " ")))
        if not name:
            return Resolution(mention, None, "none")
        if head.pos_ == "NOUN" and (words[:1] == [] or mention_text.split()[0].lower() in ("the", "those", "these") or len(words) == 1):
            # "the officials", "sources": the group quoted before under a fuller description
            earlier = self._described_before(head.lower_, name, pos)
            if earlier is not None:
                return Resolution(mention, earlier, "description")
        if (sp := self._epithet_person(head, mention_text, pos)) is not None:
            return Resolution(mention, sp, "description")  # "Jo Brandt … The former harbour master said"
        if not speaker_phrase(head):
            return Resolution(mention, None, "non-speaker")  # "the vote", "the talks": not a speaker
        typ = "group" if head.tag_ in ("NNS", "NNPS") else self._described_person(head, name)
        return Resolution(mention, Speaker(name=name, type=typ), "unresolved")

    def _twin_subject(self, head: Token) -> Token | None:
        """A person's name the parse made a second subject of the verb, set off by punctuation
        after the first ("A former senator -- Jo Pellow, who lost in 2008 -- said"; "GULLPORT
        (CP) — Jo Brandt says"; "co-host Mira Tallon asked" split at its hyphen): the name, else None."""
        if head.dep_ not in ("nsubj", "nsubjpass", "dobj") or (own := self.ent_of_tok.get(head.i)) is not None and own.label == "PERSON":
            return None
        for twin in head.head.children:
            if twin.i <= head.i or twin.dep_ != head.dep_ or twin.pos_ != "PROPN":
                continue
            ent = self.ent_of_tok.get(twin.i)
            between = head.doc[head.i + 1 : twin.left_edge.i]
            set_off = all(t.is_punct or t.dep_ == head.dep_ for t in between) or (
                between[-1].is_punct and not any(t.pos_ in ("VERB", "AUX") for t in between)
            )
            return twin if ent is not None and ent.label == "PERSON" and set_off else None
        return None

    def _described_person(self, head: Token, name: str) -> str:
        """The type "person" for someone described, not named ("a security officer at the port
        told …"), remembered with the noun's gender so that a later "he" can refer to them."""
        if not _person_noun(head) or head.lower_ in _SPOKES or not _new_someone(head):
            return "unknown"
        low = head.lemma_.lower()
        if low in _MALE_NOUNS or low in _FEMALE_NOUNS:
            self.gender.setdefault(name, "m" if low in _MALE_NOUNS else "f")
        self.described.add(name)
        return "person"

    def _name_after_title(self, head: Token) -> Token | None:
        """The name an abbreviated title cut off from its subject ("said Navy Capt. Jo Brandt",
        "former Harbour Gov. and party chairman Ed Marten": Brandt, Marten), else None."""
        own = self.ent_of_tok.get(head.i)
        if not head.text[:1].isupper() or head.lower_.rstrip(".") + "." not in TITLES or own is not None and own.end > head.idx + len(head.text):
            return None
        if not head.text.endswith(".") and (head.i + 1 >= len(self.doc) or self.doc[head.i + 1].text != "."):
            return None
        for tok in self.doc[head.i + 1 : head.i + 9]:
            ent = self.ent_of_tok.get(tok.i)
            if ent is not None and ent.label == "PERSON" and ent is not own:
                last = tok
                while last.i + 1 < len(self.doc) and self.ent_of_tok.get(last.i + 1) is ent and self.doc[last.i + 1].pos_ == "PROPN":
                    last = self.doc[last.i + 1]
                return last
            if not (tok.text in (".", "and") or tok.pos_ in ("PROPN", "NOUN") and tok.text[:1].isupper()):
                return None
        return None

    def _org_named_by(self, head: Token, mention_text: str, pos: int) -> str | None:
        """The organisation named last before ``pos`` whose name has the head noun of a definite
        description as a word ("the diocese" after "the Diocese of Gullport"), for nouns that are
        not already organisation, person or document words."""
        if head.tag_ != "NN" or head.lower_ in _ORG_NOUNS or _person_noun(head) or _is_document(head):
            return None
        if mention_text.split()[0].lower() not in ("the", "this"):
            return None
        word = head.lower_
        for p, name, label in reversed(self.org_ents):
            if p < pos and label == "ORG" and word in (w.lower() for w in name.split() if w[:1].isupper()):
                return name
        return None

    def _document_it(self, pos: int, reach: int = 300) -> Speaker | None:
        """The author of a document mentioned just before an "it" that speaks (quotations aside), with
        no organisation a subject or speaker since ("Experts signed an open letter. “…,” it stated":
        the experts)."""
        k = bisect.bisect_left(self.doc_authors, (pos,)) - 1
        if k < 0:
            return None
        p, _kind, author = self.doc_authors[k]
        hidden = sum(max(0, min(b, pos) - max(a, p)) for a, b in self.hidden if a < pos and b > p)
        if pos - p - hidden > reach:
            return None
        j = bisect.bisect_left(self.everyone, (pos, "", "", None)) - 1
        if j >= 0 and self.everyone[j][0] > p and self.everyone[j][2] == "organisation":
            return None
        return author

    def _just_before(self, pos: int, reach: int = 250) -> Speaker | None:
        """The speaker or subject met last, when it is within ``reach`` characters before ``pos``."""
        k = bisect.bisect_left(self.history, (pos, "", "", None)) - 1
        if k < 0 or pos - self.history[k][0] >= reach:
            return None
        _, name, typ, _g = self.history[k]
        return Speaker(name=name, type=typ)  # type: ignore[arg-type]

    def _apposed_name(self, head: Token) -> Token | None:
        """The name apposed to a description ("DeLaet's agent, Danny Fritz,"; "The author of the
        book, Mitchell Zuckoff,"), or to a proper noun when the name is a person's."""
        app = next(
            (
                c
                for c in head.children
                if c.dep_ == "appos" and c.pos_ == "PROPN" and (head.pos_ in ("NOUN", "NUM") or self.ent_of_tok.get(c.i) is not None and self.ent_of_tok[c.i].label == "PERSON")
            ),
            None,
        )
        if app is None and head.pos_ in ("NOUN", "NUM"):
            app = self._apposed_person(head)
        return app

    def _epithet_person(self, head: Token, mention_text: str, pos: int) -> Speaker | None:
        """The person just discussed, for a definite description of one person that the earlier
        rules left unresolved ("Jo Brandt … The former sergeant-at-arms said"; "the retired
        harbour pilot said"; "the Gullport-born nominee"), unless a modifier names someone else."""
        noun = _hyphen_head(head)
        if mention_text.split()[0].lower() != "the" or noun.tag_ != "NN" and noun.lower_ != "old" or not _epithet_noun(noun):
            return None
        if noun.lower_ in _ORG_NOUNS or noun.lower_ in REPORTING_NOUNS or noun.lemma_.lower() in _KIN:
            return None
        for t in noun.lefts:
            ent = self.ent_of_tok.get(t.i)
            if ent is not None and ent.label not in _DESCRIPTIVE_OK | {"GPE"} or ent is None and t.pos_ == "PROPN":
                return None  # "the Brandt aide", "the Harbour Line employee": someone else
        if head.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ == "case" for c in head.children):
            return None
        want = _clause_gender(noun)
        for p, name, typ, g in reversed(self.history):
            if p < pos and typ == "person" and pos - p < 2000 and name not in self.described:
                if want is None or (g or self.gender.get(name)) == want:
                    return Speaker(name=name, type="person")
        return None

    def _called_name(self, head: Token) -> Token | None:
        """A person's name that a description gives with "named", "called" or "known as" ("A
        harbour official in Gullport named Tomas Orrin told": Orrin), else None."""
        if head.pos_ != "NOUN":
            return None
        for t in head.subtree:
            if t.i <= head.i or t.dep_ != "acl" or t.tag_ not in ("VBN", "VBD") or t.lower_ not in ("named", "called", "known") or t.nbor(-1).is_punct:
                continue
            kids = [c for c in t.children if c.dep_ in ("oprd", "dobj", "attr")]
            kids += [g for c in t.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
            name = next((c for c in kids if c.pos_ == "PROPN" and (e := self.ent_of_tok.get(c.i)) is not None and e.label == "PERSON"), None)
            cur = t.head
            while cur.i != head.i and cur.dep_ in ("pobj", "prep"):
                cur = cur.head
            if name is not None and cur.i == head.i:
                return name
        return None

    def _apposed_person(self, head: Token) -> Token | None:
        """A person's name set off by commas after a description whose parse hung it on the
        description's own complement: "The author of the book, Mitchell Zuckoff, said" (the name
        is apposed to "book"), "The director of the harbour centre, Ina Velkov, told"."""
        doc = head.doc
        for t in head.subtree:
            if t.i <= head.i or t.dep_ != "appos" or t.pos_ != "PROPN" or doc[t.left_edge.i - 1].text != ",":
                continue
            ent = self.ent_of_tok.get(t.i)
            if ent is None or ent.label != "PERSON":
                continue
            cur = t.head
            while cur.i != head.i and cur.dep_ in ("pobj", "prep"):
                cur = cur.head
            if cur.i == head.i:
                return t
        return None

    def _described_before(self, head: str, name: str, pos: int) -> Speaker | None:
        """An earlier quoted group or anonymous speaker whose description has ``head`` as a
        word and says more than ``name`` ("sources" after "sources familiar with the talks")."""
        k = bisect.bisect_left(self.history, (pos, "", "", None)) - 1
        while k >= 0 and pos - self.history[k][0] < 4000:
            _, earlier, typ, _g = self.history[k]
            k -= 1
            if (typ in ("group", "unknown") or earlier in self.described) and len(earlier) > len(name) and head in earlier.lower().split():
                return Speaker(name=earlier, type=typ)  # type: ignore[arg-type]
        return None

    def _role_by_head(self, head: Token, words: list[str], pos: int) -> str | None:
        """A person whose role has the mention's head noun and agrees with its modifiers."""
        mods = {w.strip(",.").lower() for w in words} - {head.lower_, "of", "for", "to", "in", "at", "with"}
        mods = {clean_name(m).lower() for m in mods if m}
        best, best_score = None, -1
        for p, canon in self.role_heads[head.lower_]:
            role_words = set()
            for key, items in self.roles.items():
                if key.endswith(head.lower_) and any(n == canon for _, n in items):
                    role_words |= set(key.split())
            score = len(mods & role_words)
            if mods and score == 0:
                continue
            if score > best_score or (score == best_score and p <= pos):
                best, best_score = canon, score
        return best

    def resolve_pronoun(self, low: str, pos: int, depth: int = 0) -> Speaker | None:
        """The speaker a pronoun refers to: the latest person of its gender (he, she; a main
        clause's subject before one of a subordinate clause), the speaking thing just before or the
        latest organisation (it), or group or organisation (they) in view before ``pos``."""
        if low in ("i", "me", "we", "us", "you"):
            return None
        want = "m" if low in PRONOUNS_MALE else "f" if low in PRONOUNS_FEMALE else "o" if low in ("it", "its") else "p"
        if want in ("m", "f") and (main := self._main_subject(pos, want, depth)) is not None:
            return main
        if want == "o" and (thing := self._thing_before(pos)) is not None:
            return thing
        if want == "o" and low == "it" and (author := self._document_it(pos)) is not None:
            return author
        seen = self.history if want in ("m", "f") else self.everyone
        i = bisect.bisect_left(seen, (pos, "", "", None)) - 1
        fallback = None
        steps = 0
        while i >= 0 and steps < 12:
            p, name, typ, gender = seen[i]
            i -= 1
            if want == "o":
                if pos - p > 1500:
                    return None
                if typ == "organisation":
                    return Speaker(name=name, type="organisation")
                continue
            if want == "p":
                steps += 1
                if typ in ("organisation", "group"):
                    return Speaker(name=name, type=typ)
                continue
            if typ != "person":
                continue
            steps += 1
            g = gender or self.gender.get(name)
            if g is None or g == want:
                return Speaker(name=name, type="person")
        if fallback is None and want in ("m", "f"):
            # no subject in view: the latest person named anywhere before
            k = bisect.bisect_left(self.all_persons, (pos, "")) - 1
            while k >= 0:
                p, name = self.all_persons[k]
                g = self.gender.get(name)
                if g is None or g == want:
                    return Speaker(name=name, type="person")
                k -= 1
        return Speaker(name=fallback, type="person") if fallback else None

    def _main_subject(self, pos: int, want: str, depth: int) -> Speaker | None:
        """In the last sentence before ``pos`` with a person of the pronoun's gender, the subject
        of its main clause outranks people in its other clauses: in "She implied that Brandt
        would win. “…,” she said." the second she is the first one (found the same way), not
        Brandt. None when the latest such person is a main-clause subject (the usual rule)."""
        if depth > 6:
            return None
        k = self._latest_person(pos, want)
        latest = self.history[k][0] if k >= 0 else -1
        mine = self._main_pronoun_before(pos, want)
        if max(latest, mine) < 0:
            return None
        start = self.doc[self._tok_at(max(latest, mine))].sent.start_char
        if mine >= start and (mine > latest or self._embedded_at(latest)):
            return self.resolve_pronoun("he" if want == "m" else "she", mine, depth + 1)
        if mine > latest or not self._embedded_at(latest):
            return None
        while k >= 0 and self.history[k][0] >= start:
            p, name, typ, gender = self.history[k]
            if typ == "person" and (gender or self.gender.get(name)) in (None, want) and not self._embedded_at(p):
                return Speaker(name=name, type="person")
            k -= 1
        return None

    def _main_pronoun_before(self, pos: int, want: str) -> int:
        """The position of the last he (want "m") or she ("f") before ``pos`` that is the subject
        of a main clause outside quotations, else -1."""
        found = self.main_pronouns[want]
        k = bisect.bisect_left(found, pos) - 1
        while k >= 0 and self._hidden_at(found[k]):
            k -= 1
        return found[k] if k >= 0 else -1

    def _latest_person(self, pos: int, want: str) -> int:
        """The index in the history of the latest person before ``pos`` who may be of gender
        ``want`` (among the last 12 people), else -1."""
        k = bisect.bisect_left(self.history, (pos, "", "", None)) - 1
        steps = 0
        while k >= 0 and steps < 12:
            _p, name, typ, gender = self.history[k]
            if typ == "person":
                if (gender or self.gender.get(name)) in (None, want):
                    return k
                steps += 1
            k -= 1
        return -1

    def _embedded_at(self, pos: int) -> bool:
        """The salience entry at ``pos`` is the subject of a subordinate clause (a quote's speaker,
        noted at the quote's first word, is not)."""
        return not self._hidden_at(pos) and _embedded_subject(self.doc[self._tok_at(pos)])

    def _tok_at(self, pos: int) -> int:
        """The index of the token at character ``pos``."""
        return max(0, bisect.bisect_right(self._tok_starts, pos) - 1)

    def _hidden_at(self, pos: int) -> bool:
        """``pos`` lies inside a quotation or a reported clause."""
        return _inside(self.hidden, pos)

    def _thing_before(self, pos: int) -> Speaker | None:
        """What "it" stands for when a speaking thing is the latest subject before it in its own
        sentence or the one before, with no named organisation since ("The agency said … It
        added" → the agency; "the report said … It found" → the report's author)."""
        k = bisect.bisect_left(self.things, (pos, -1)) - 1
        if k < 0:
            return None
        p, i = self.things[k]
        here = self.doc[self._tok_at(pos)].sent.start
        if self.doc[i].sent.start < here and (here == 0 or self.doc[i].sent.start < self.doc[here - 1].sent.start):
            return None  # no further back than the sentence before
        j = bisect.bisect_left(self.everyone, (pos, "", "", None)) - 1
        if j >= 0 and self.everyone[j][0] > p and self.everyone[j][2] == "organisation":
            return None  # a named organisation is more recent: the history decides
        tok = self.doc[i]
        res = self.resolve(tok)
        if res.basis == "description" and res.mention is not None and res.speaker is not None and tok.lower_ not in res.speaker.name.lower():
            # "the government" when no organisation named so is in view: the description itself
            return Speaker(name=" ".join(res.mention.text.split()), type="organisation")
        sp = res.speaker
        return sp if sp is not None and sp.type != "person" or _is_document(tok) else None

    # ---- alternatives and evidence ------------------------------------------------------------
    def mentions_of(self, name: str) -> int:
        """Times ``name`` is named (as a person or organisation) or quoted in the article."""
        return self._mentions.get(name.lower(), 0)

    def rivals(self, pos: int, speaker: Speaker) -> int:
        """Other speakers of the same kind in view just before ``pos`` (the last 1,500 characters)."""
        names = set()
        k = bisect.bisect_left(self.history, (pos, "", "", None)) - 1
        while k >= 0 and pos - self.history[k][0] < 1500:
            _, name, typ, _g = self.history[k]
            if typ == speaker.type and surname(name) != surname(speaker.name):
                names.add(surname(name))
            k -= 1
        return len(names)

    def in_view(self, pos: int, limit: int = 6) -> list[Speaker]:
        """The latest distinct people, organisations and groups before ``pos``, latest first."""
        seen = self.everyone
        k = bisect.bisect_left(seen, (pos, "", "", None)) - 1
        out: list[Speaker] = []
        names: set[str] = set()
        floor = max(-1, k - 60)  # the last 60 entries are view enough
        while k > floor and len(out) < limit:
            _, name, typ, _g = seen[k]
            k -= 1
            if name.lower() not in names:
                names.add(name.lower())
                out.append(Speaker(name=name, type=typ))  # type: ignore[arg-type]
        return out

    def named_before(self, pos: int, limit: int = 2, reach: int = 400) -> list[Speaker]:
        """The people named last in the ``reach`` characters before ``pos``, latest first, whatever
        their role in the sentence ("… helped accountant Jo Brandt, 50. “…”")."""
        k = bisect.bisect_left(self.all_persons, (pos, "")) - 1
        out: list[Speaker] = []
        while k >= 0 and pos - self.all_persons[k][0] <= reach and len(out) < limit:
            name = self.all_persons[k][1]
            if all(sp.name != name for sp in out):
                out.append(Speaker(name=name, type="person"))
            k -= 1
        return out

    def most_mentioned(self, limit: int = 2) -> list[Speaker]:
        """The people named most often in the article."""
        ranked = sorted(self.person_counts.items(), key=lambda item: -item[1])[:limit]
        return [Speaker(name=name, type="person") for name, _ in ranked]

    def related(self, mention: Span | None, chosen: Speaker | None) -> list[Speaker]:
        """Speakers a mention can also stand for: the mention itself when the speaker was
        inferred from it ("the union"), and the people or organisations named inside it
        ("Brandt's office" → Brandt, "a study by the Harbour Institute" → the institute)."""
        if mention is None:
            return []
        out: list[Speaker] = []
        low = mention.text.lower()
        if low.split()[0] not in PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL | {"it", "i", "we", "you"}:
            own = _tidy(_POSSESSIVE_END.sub("", " ".join(mention.text.split())))
            if own and (chosen is None or not _same_name(own, chosen.name)):
                out.append(Speaker(name=own, type="group" if own.endswith("s") else "unknown"))
        i = bisect.bisect_left(self._tok_starts, mention.start)
        done: set[int] = set()
        while i < len(self.doc) and self.doc[i].idx < mention.end:
            ent = self.ent_of_tok.get(i)
            if ent is not None and id(ent) not in done and ent.label in ("PERSON", "ORG", "NORP", "GPE"):
                done.add(id(ent))
                if ent.label == "PERSON":
                    out.insert(0, Speaker(name=self.person_name(ent.text, ent.start), type="person"))
                else:
                    out.insert(0, Speaker(name=clean_name(ent.text), type="organisation"))
            i += 1
        return out

    def forget_inside(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Drop salience entries inside quotations (a name in a quote is not the narrator's topic)."""
        if not ranges:
            return
        ranges = _merged(list(ranges))
        self.hidden = _merged(self.hidden + ranges)
        # "Apple" in 'Facebook said it is “working with Apple”' is no referent for a later "it"
        self.history = [item for item in self.history if not _inside(ranges, item[0])]
        self.collectives = [item for item in self.collectives if not _inside(ranges, item[0])]
        self.things = [item for item in self.things if not _inside(ranges, item[0])]
        self.everyone = sorted(self.history + self.collectives)

    def note_speaker(self, pos: int, speaker: Speaker | None) -> None:
        """Record an attributed quote, so later pronouns and floating quotes can refer back."""
        if speaker is None:
            return
        item = (pos, speaker.name, speaker.type, self.gender.get(speaker.name))
        bisect.insort(self.history, item)
        bisect.insort(self.everyone, item)
        self._mentions[speaker.name.lower()] = self._mentions.get(speaker.name.lower(), 0) + 1

    def newcomer_before(self, pos: int, low: str, chosen: Speaker | None) -> Speaker | None:
        """The person introduced with a description just before a quote, whom its he or she
        means rather than an earlier speaker: "… helped Lakeview baker Ina Velkov, 44. “…,” she says."
        None unless that sentence (in the quote's paragraph) names only this person, not as its subject."""
        want = "m" if low in PRONOUNS_MALE else "f" if low in PRONOUNS_FEMALE else None
        k = self._tok_at(pos) - 1
        while k >= 0 and self.doc[k].is_quote:
            k -= 1
        if want is None or chosen is None or k < 0 or self.doc[k].text not in (".", "!", "?"):
            return None  # the quote or its cue opens the sentence after the introduction
        start = self.doc[k].sent.start_char
        if "\n" in self.text[start:pos] or self._hidden_at(start):
            return None
        lo, hi = bisect.bisect_left(self.all_persons, (start, "")), bisect.bisect_left(self.all_persons, (pos, ""))
        named = [(p, name) for p, name in self.all_persons[lo:hi] if not _inside(self.quoted, p)]
        if len({name for _, name in named}) != 1 or chosen.name == named[0][1]:
            return None
        at, name = named[0]
        ent = self.ent_of_tok.get(self._tok_at(at))
        if ent is None or self.gender.get(name) not in (None, want):
            return None
        root = _ent_root(self.doc, self._tok_at(at), ent.end)
        return Speaker(name=name, type="person") if root.dep_ not in ("nsubj", "nsubjpass") and _introduced(root) else None


def _introduced(name: Token) -> bool:
    """A name given with an age or a description: "Ina Velkov, 44", "baker Ina Velkov",
    "Ina Velkov, a baker", "a baker, Ina Velkov"."""
    for c in name.children:
        if c.dep_ == "appos" and (c.like_num or _person_noun(c)) or c.dep_ == "compound" and _person_noun(c):
            return True
    return name.dep_ == "appos" and _person_noun(name.head)


def _embedded_subject(tok: Token) -> bool:
    """``tok`` is a subject, but not of its sentence's main clause: Brandt in "She left before
    Brandt arrived" or "When Brandt left, she wept"."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = tok.head
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ != "ROOT"


def _antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for: "video" in "a video that said", "Velkov" in
    "Ina Velkov, who is running … and who told" (None for other words)."""
    if tok.lower_ not in ("who", "that", "which") or tok.tag_ not in ("WP", "WDT"):
        return None
    verb = tok.head
    while verb.dep_ == "conj":
        verb = verb.head
    if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return verb.head


def _hyphen_head(head: Token) -> Token:
    """The first noun of a hyphenated "N-prep-N" title the parse headed by its last word
    ("sergeant" of "sergeant-at-arms", "editor" of "editor-in-chief"), else ``head``."""
    doc, i = head.doc, head.i
    if i >= 4 and doc[i - 1].text == "-" and doc[i - 2].pos_ == "ADP" and doc[i - 3].text == "-" and doc[i - 4].pos_ == "NOUN":
        return doc[i - 4]
    return head


def _epithet_noun(tok: Token) -> bool:
    """A noun for one person as an epithet: "nominee", "radioman", "the 40-year-old"."""
    low = tok.lower_
    if low.endswith("paper") or low == "percent":
        return False  # agentive-looking things: "the newspaper", "the 30 percent"
    return _person_noun(tok) or len(low) > 5 and low.endswith(("ee", "man")) or low == "old" and tok.i > 0 and tok.nbor(-1).text == "-"


def _clause_gender(subject: Token) -> str | None:
    """The gender ("m" or "f") of the first he or she after a subject in its clause ("the nominee
    said she would win": "f"), else None."""
    for t in subject.head.subtree:
        if t.i > subject.i and t.tag_ in ("PRP", "PRP$"):
            if t.lower_ in PRONOUNS_MALE:
                return "m"
            if t.lower_ in PRONOUNS_FEMALE:
                return "f"
    return None


def _new_someone(head: Token) -> bool:
    """A noun introducing someone not met before: "an officer", "one pastor", "another resident"."""
    return any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another") for c in head.children)


def _person_noun(tok: Token) -> bool:
    """A common noun for one person: "the mayor", "a woman", "his lawyer"."""
    low = tok.lemma_.lower()
    return tok.pos_ == "NOUN" and tok.tag_ == "NN" and (low in PERSON_NOUNS or low in _KIN or low in _MALE_NOUNS or low in _FEMALE_NOUNS or agentive(low))


def _names_someone(tok: Token) -> bool:
    """A noun that describes a name next to it: "campaign manager Jo Brandt", "Brandt, the
    manager,", "the manager, Jo Brandt,"."""
    if tok.head.ent_type_ == "PERSON" and tok.dep_ in ("compound", "appos", "nmod", "amod"):
        return True
    return any(c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON" for c in tok.children)


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    """``pos`` lies in one of ``ranges`` (sorted, disjoint)."""
    k = bisect.bisect_right(ranges, (pos, 1 << 60)) - 1
    return k >= 0 and ranges[k][0] <= pos < ranges[k][1]


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` sorted with the overlapping ones joined: [(5, 9), (1, 6)] → [(1, 9)]."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _speaking_things(doc: Doc) -> list[tuple[int, int]]:
    """(position, token index) of singular subjects that are things able to speak: an organisation
    noun, a document, or any thing that reports ("the agency", "the report", "the lawsuit contends")."""
    out = []
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.tag_ != "NN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        low = tok.lemma_.lower()
        if not any(c.dep_ in ("det", "poss") for c in tok.children):
            continue
        person = low in PERSON_NOUNS or low in _KIN or low in _SPOKES or agentive(low)
        if low in _ORG_NOUNS or _is_document(tok) or (is_reporting_verb(tok.head) and not person):
            out.append((tok.idx, tok.i))
    return out


_PUBLISHING = frozenset("""release publish issue write post send file conduct commission author produce launch
    unveil present submit prepare draft sign circulate table""".split())


#: Verbs whose agent made a document, not just obtained or read it ("a poll conducted by X").
_MAKING = _PUBLISHING | _AUTHORING | frozenset("compile collect make provide record report develop run do lead".split())


def _indefinite(head: Token) -> bool:
    """A noun introduced by "a" or "an": a new document, not one met before ("a statement said")."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)


def _publisher(head: Token) -> Token | None:
    """The subject who put out the document ``head`` ("Jo Brandt issued a statement saying …")."""
    verb = head.head
    put_out = verb.lemma_.lower() == "put" and any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children)
    if head.dep_ != "dobj" or not _is_document(head) or not (put_out or verb.lemma_.lower() in _PUBLISHING | _AUTHORING):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and not _is_document(subj) and subj.lower_ not in ("it", "that", "which", "this") else None


def _said_in(doc_noun: Token) -> Token | None:
    """Who speaks in the document ``doc_noun``: "Jo Brandt wrote in the firm's blog post" (Jo Brandt)."""
    prep = doc_noun.head
    if doc_noun.dep_ != "pobj" or prep.lower_ != "in" or not is_reporting_verb(prep.head):
        return None
    return next((c for c in prep.head.children if c.dep_ == "nsubj"), None)


def _authored(verb: Token) -> bool:
    """A participle that names a document's maker: "a poll conducted by X" (not "a memo obtained by X")."""
    return verb.lemma_.lower() in _MAKING


def _is_document(tok: Token) -> bool:
    """A noun for a statement, report or data ("the report", "preliminary findings", "the post"),
    not a title that names a newspaper or an organisation ("The Post", "the Harbour Record")."""
    if _is_title(tok):
        return False
    lemma = tok.lemma_.lower()
    return (lemma in REPORTING_NOUNS or lemma in NONHUMAN_SOURCES or tok.lower_ in REPORTING_NOUNS) and lemma not in PROXY_NOUNS


def _is_title(tok: Token) -> bool:
    """A capitalised proper noun inside a sentence, or part of an organisation's name: "The Post"."""
    return tok.ent_type_ in ("ORG", "WORK_OF_ART") or tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_sent_start





#: Nouns for a share of people: "54 percent of voters", "most of the delegates".
_SHARES = frozenset("""percent per cent majority minority half third quarter most many some all others share
    number plurality handful dozens""".split())


#: Head nouns of things and events, which never speak: "the vote", "the cost of …", "the talks".
_NON_SPEAKERS = frozenset("""vote votes ballot talk talks cost costs price prices arrest arrests shooting attack attacks
    crash fire deal deals decision move plan plans bill bills law laws rule rules policy policies measure measures
    change changes increase rise drop fall growth rate rates total amount budget deficit debt tax taxes fee fees money
    case cases trial charge charges issue issues problem problems question questions situation event events incident
    meeting meetings election elections race war conflict crisis storm weather death deaths injury injuries disease
    diseases virus economy market markets stock stocks project projects program programme proposal proposals idea
    ideas effort efforts process system outcome impact effect effects risk risks threat threats reason
    reasons fact facts thing things way ways time times year years day days""".split())


def speaker_phrase(head: Token) -> bool:
    """False when the phrase headed by ``head`` names a thing or an event rather than a person,
    an organisation or a group ("the vote", "the cost of the first six months", "the talks"),
    or nobody in particular (a bare "two people")."""
    if head.pos_ in ("PRON", "PROPN") or head.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    lemma = head.lemma_.lower()
    if head.lower_ == "people" and head.children and all(c.dep_ == "nummod" for c in head.children):
        return False
    if head.tag_ == "VBG" or head.ent_type_ in ("MONEY", "QUANTITY"):
        return False
    return lemma not in _NON_SPEAKERS and head.lower_ not in _NON_SPEAKERS


def _same_name(mention: str, name: str) -> bool:
    """``mention`` is ``name`` again, with an article or an owner ("the preliminary findings"), or
    a part of it as a name ("Delacroix" for Irma Delacroix; "the union" stays a description of its own)."""
    form = person_clean(mention)
    if form.lower() == person_clean(name).lower():
        return True
    words = form.split()
    return bool(words) and all(w[:1].isupper() for w in words) and {w.lower() for w in words} <= set(name.lower().split())


def text_words(text: str) -> list[str]:
    """The lower-case words of a mention, without determiners."""
    return [w.lower() for w in text.split() if w.lower() not in _DETERMINERS]


def surname(name: str) -> str:
    """The last word of a name, lower-cased, without a possessive: how names are told apart."""
    words = _POSSESSIVE.sub("", name.strip()).lower().split()
    return words[-1].strip(".,;:'\u2019\"") if words else ""


def _norm(s: str) -> str:
    return " ".join(s.replace("\u2019", "'").lower().split())


def _nearest(cands: list[tuple[int, str]], pos: int) -> str:
    """The name of the last candidate at or before ``pos`` (``cands`` sorted), else the first."""
    k = bisect.bisect_right(cands, (pos, "\uffff")) - 1
    return cands[k][1] if k >= 0 else cands[0][1]


def _ent_root(doc: Doc, i: int, end: int) -> Token:
    tok = doc[i]
    j = i
    while j < len(doc) and doc[j].idx < end:
        if doc[j].head.i == j or not (doc[j].head.idx >= doc[i].idx and doc[j].head.idx < end):
            return doc[j]
        j += 1
    return tok


def _person_context(tok: Token, first: Token) -> bool:
    """A name the NER missed counts as a person when it speaks, has a person apposition
    or follows a person noun or title ('harbour master Ilse Marten')."""
    if tok.dep_ in ("nsubj", "nsubjpass") and is_reporting_verb(tok.head):
        return True
    if any(c.dep_ == "appos" and (c.lemma_.lower() in PERSON_NOUNS or agentive(c.lower_)) for c in tok.children):
        return True
    if first.i > 0:
        prev = tok.doc[first.i - 1]
        if prev.lemma_.lower() in PERSON_NOUNS or prev.lower_ in TITLES:
            return True
    return False


def _in_subject(tok: Token) -> bool:
    """An apposed name inside a clause's subject phrase, with no verb between."""
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i or cur.head.pos_ in ("VERB", "AUX"):
            return cur.dep_ in ("nsubj", "nsubjpass") and cur.i != tok.i
        cur = cur.head
    return False


def agentive(word: str) -> bool:
    """Nouns for a person's role: harbour master, organiser, economist, historian."""
    return len(word) > 4 and word.endswith(("er", "or", "ist", "ian", "ant", "ent")) and word not in ("center", "corner", "river", "water", "border", "sector", "matter", "order", "winter", "summer", "number", "government", "department", "parliament", "event", "agreement", "statement")


def _subtree_words(tok: Token) -> str:
    return " ".join(t.lower_ for t in tok.subtree if not t.is_punct and t.dep_ not in ("relcl",))


def _np_words(tok: Token) -> str:
    left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "det")]
    return " ".join([c.lower_ for c in left] + [tok.lower_])


def _mention_bounds(head: Token) -> tuple[int, int]:
    """Characters of a mention: the head with its left modifiers and a possessor/of/for phrase."""
    start = head.idx
    end = head.idx + len(head.text)
    for c in head.lefts:
        if c.dep_ in ("det", "compound", "amod", "nmod", "poss", "nummod", "case") and c.dep_ != "punct":
            start = min(start, c.left_edge.idx)
    for c in head.rights:
        if c.dep_ == "case":
            continue
        if c.dep_ == "prep" and c.i == head.i + 1 and (c.lower_ in ("for", "from", "of", "at", "with") or c.lower_ in ("on", "in") and head.tag_ == "NNS"):
            # "another member of the public, whose name is withheld,": not the relative clause
            last = c
            for t in c.doc[c.i : c.right_edge.i + 1]:
                if t.is_punct and t.text not in ("'", "\u2019", "-", ".", "&") or t.tag_ in ("WDT", "WP", "WP$"):
                    break
                last = t
            end = max(end, last.idx + len(last.text))
            break
        if head.pos_ == "NOUN" and c.i == head.i + 1 and (c.dep_ == "acl" and c.tag_ == "VBN" or c.dep_ == "amod" and any(g.dep_ == "prep" for g in c.children)):
            last = c
            for t in c.doc[c.i : c.right_edge.i + 1]:
                if t.is_punct or t.dep_ in ("cc", "relcl") or t.tag_ in ("WDT", "WP"):
                    break
                last = t
            end = max(end, last.idx + len(last.text))
            break
        if c.dep_ in ("compound", "flat") :
            end = max(end, c.idx + len(c.text))
    return start, end


#: Prepositions that tie a description to the name it is about: "aides to Brandt", "a count by the Harbour Herald".
_NAMED_TAIL_PREPS = frozenset({"to", "by", "in", "on", "like", "inside", "from", "of", "for", "at", "with"})


def _named_tail(head: Token, mention: Span | None, text: str) -> Span | None:
    """The mention of a description grown over the phrase that names whom or what it is about,
    which news coding keeps in the description ("Aides to Brandt", "a new article in the Harbour
    Herald", "a count by the Harbour Herald"), else None."""
    if mention is None or head.pos_ != "NOUN":
        return None
    prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ in _NAMED_TAIL_PREPS and c.idx >= mention.end), None)
    if prep is None or text[mention.end : prep.idx].strip():
        return None
    last = prep
    for t in head.doc[prep.i + 1 : prep.right_edge.i + 1]:
        if t.is_punct and t.text not in ("'", "\u2019", "-", ".", "&") or t.tag_ in ("WDT", "WP", "WP$") or t.dep_ in ("relcl", "acl", "cc"):
            break
        last = t
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or obj.pos_ != "PROPN" or obj.ent_type_ not in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "FAC") or last.i < obj.i:
        return None
    return _span(text, mention.start, last.idx + len(last.text))


def _glued_name(head: Token) -> Token | None:
    """The name the parse glued to its reporting verb as one noun phrase ("“Go back,” Varrick
    barked" read as the noun phrase "Varrick barked"): Varrick, else None."""
    if head.pos_ == "PROPN" or head.lemma_.lower() not in REPORTING_VERBS or head.i == 0:
        return None
    name = head.doc[head.i - 1]
    if name.dep_ != "compound" or name.head.i != head.i or name.pos_ != "PROPN" or name.ent_type_ not in ("PERSON", "ORG", ""):
        return None
    if any(c.dep_ in ("det", "poss", "amod", "nummod") for c in head.children):
        return None  # "a Reuters report", "the Brandt notes": a thing, not a glued verb
    return name


def _span(text: str, start: int, end: int) -> Span | None:
    """The mention ``text[start:end]`` trimmed of spaces and commas, and grown over the
    rest of a hyphenated or dotted word the parse cut ("Vice-president", "Smith & Co.")."""
    n = len(text)
    while end < n and (text[end].isalnum() or text[end] in "-\u2010\u2011" and end + 1 < n and text[end + 1].isalnum()):
        end += 1
    if end < n and text[end] == "." and text[start:end].split()[-1:] and text[start:end].split()[-1].lower() + "." in DOTTED_ABBREVIATIONS:
        end += 1
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-\u2010\u2011" and start > 1 and text[start - 2].isalnum()):
        start -= 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \n\t,":
        end -= 1
    if start >= end:
        return None
    return Span.of(text, start, end)
