"""Reporting cues: verbs, phrases and nouns that introduce speech."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Verbs that report speech and accept a clausal complement or a quotation.
REPORTING_VERBS = frozenset(
    """
    say tell add state explain note argue claim insist warn suggest announce write report
    acknowledge admit agree allege answer ask assert assure boast caution charge comment complain
    concede conclude confirm contend continue counter declare deny describe disclose emphasize
    emphasise estimate explain highlight indicate inform maintain mention observe point predict
    pledge promise propose recall recount reiterate remark repeat reply respond retort reveal
    say shout stress testify tweet post underline underscore urge vow whisper yell
    concur muse quip joke laugh sigh exclaim declare decry lament acknowledge signal clarify
    criticize criticise blast slam tout hint specify elaborate affirm reckon told
    """.split()
)

#: Verbs that are reporting verbs only with a clausal complement (never for a bare quotation).
COMPLEMENT_ONLY = frozenset("""believe think feel hope fear find show know expect""".split())

#: Nouns that stand for a statement and can "say" things (a statement from X said ...).
REPORTING_NOUNS = frozenset(
    """statement release communique communiqué spokesperson spokesman spokeswoman representative
    letter email e-mail post tweet report memo note notice message filing affidavit document
    study survey ruling decision judgment judgement""".split()
)

#: Head nouns for a person speaking on someone's behalf (a spokesperson for X, X's office).
PROXY_NOUNS = frozenset(
    """office spokesperson spokesman spokeswoman spokespeople campaign press""".split()
)

TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady rev rev. reverend
    president premier minister senator sen sen. rep rep. representative gov gov. governor mayor
    chief judge justice det det. detective sgt sgt. sergeant const const. constable cpl cpl.
    officer coach pope king queen prince princess general gen gen. col col. colonel capt capt.
    captain lt lt. lieutenant insp insp. inspector councillor councilor coun. mp mla mpp
    chancellor secretary ambassador commissioner superintendent supt supt. dean deputy leader
    spokesperson spokesman spokeswoman director manager ceo chair chairman chairwoman head
    """.split()
)

PRONOUNS_MALE = frozenset({"he", "him", "his", "himself"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers", "herself"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their", "we", "us", "our"})
PRONOUNS_SELF = frozenset({"i", "me", "my", "we", "us"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you"})


def is_reporting_verb(tok: Token, with_complement: bool = False) -> bool:
    """True when ``tok`` is a verb that reports speech."""
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in REPORTING_VERBS:
        if lemma == "point":
            return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
        if lemma == "continue":
            return False
        return True
    return with_complement and lemma in COMPLEMENT_ONLY


def is_according(tok: Token) -> bool:
    """'according' of 'according to X'."""
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)
