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
    confess chant blurt crow scold wonder proclaim brag retort bark fume gush marvel mutter
    murmur interject quip rant rave scoff sneer thunder chide lecture opine posit reassure
    """.split()
)

#: Reporting verbs that also have common senses that are not speech ("maintain the roads",
#: "the move signals a shift", "the study concluded"): they report only with a "that" clause
#: and a speaking subject.
WEAK_VERBS: frozenset[str] = frozenset({"maintain", "signal", "conclude", "share", "indicate", "suggest", "estimate", "predict", "show"})

#: Verbs that are reporting verbs only with a clausal complement (never for a bare quotation).
COMPLEMENT_ONLY: frozenset[str] = frozenset({"share"})  # "X shared that …"; believe/think/know… are opinions, not reports

#: Verbs whose object and its complement report what was said: "called the plan a gift",
#: "described the talks as frank", "urged members to vote no", "accused the board of lying".
OBJECT_CUES: dict[str, str] = {
    **dict.fromkeys(("call", "label", "brand", "dub", "term"), "naming"),
    **dict.fromkeys(("describe", "characterize", "characterise", "portray", "depict"), "describing"),
    **dict.fromkeys(("urge", "advise", "tell", "encourage", "implore", "beg", "warn", "exhort", "ask"), "urging"),
    **dict.fromkeys(("accuse",), "accusing"),
}

#: Verbs that report what someone said through a quoted fragment (X called it 'hasty').
EXPRESSIVE_VERBS = frozenset(
    """call describe characterize characterise label dub term brand welcome restate reaffirm praise
    condemn hail express laud decry denounce vow pledge promise stress emphasize emphasise
    insist reiterate tout warn""".split()
)

#: Subjects that are documents or data rather than speakers (a report found, the data suggests).
NONHUMAN_SOURCES = frozenset(
    """report reports study studies data survey surveys footage record records review analysis
    evidence poll polls finding findings document documents figures numbers statistics research
    video image images photo photos map list index chart graph model""".split()
)

WH_WORDS = frozenset({"whether", "if", "what", "why", "how", "who", "whom", "which", "when", "where", "whose"})

#: Nouns that stand for a statement and can "say" things (a statement from X said ...).
REPORTING_NOUNS = frozenset(
    """statement release communique communiqué spokesperson spokesman spokeswoman representative
    letter email e-mail post tweet report memo note notice message filing affidavit document
    study survey ruling decision judgment judgement book article blog website database account
    numbers figures data column op-ed paper analysis review findings""".split()
)

#: Head nouns for a person speaking on someone's behalf (a spokesperson for X, X's office).
PROXY_NOUNS = frozenset(
    """office spokesperson spokesman spokeswoman spokespeople campaign press""".split()
)

#: Abbreviations that keep their final dot in a name: "Smith & Co.", "Jo Brandt Jr."
DOTTED_ABBREVIATIONS = frozenset({"co.", "inc.", "ltd.", "corp.", "jr.", "sr.", "st.", "bros.", "mfg.", "plc."})

TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady rev rev. reverend
    president premier minister senator sen sen. rep rep. representative gov gov. governor mayor
    chief judge justice det det. detective sgt sgt. sergeant const const. constable cpl cpl.
    officer coach pope king queen prince princess general gen gen. col col. colonel capt capt.
    captain lt lt. lieutenant insp insp. inspector councillor councilor coun. mp mla mpp
    chancellor secretary ambassador commissioner superintendent supt supt. dean deputy leader
    spokesperson spokesman spokeswoman director manager ceo chair chairman chairwoman head
    prime vice acting interim former opposition attorney-general
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

#: Nouns for people, used to recognise a person from an apposition ("X, the board's chair,").
PERSON_NOUNS = frozenset(
    """chair chairman chairwoman chairperson president founder cofounder co-founder director professor
    spokesperson spokesman spokeswoman lawyer attorney analyst economist researcher scientist official
    manager owner resident student mother father son daughter wife husband brother sister friend
    executive ceo minister premier mayor councillor councilor senator leader coach player author writer
    editor reporter teacher principal doctor nurse officer chief head member advocate activist expert
    strategist consultant partner worker volunteer organizer organiser coordinator superintendent
    trustee candidate mp mla mpp secretary ambassador commissioner judge sergeant constable inspector
    detective captain lieutenant general colonel pastor priest bishop rabbi imam veteran survivor
    victim witness neighbour neighbor farmer designer engineer architect artist singer actor
    """.split()
)

#: Plural nouns for people that speak as a group: "residents said", "they added".
PEOPLE_NOUNS = frozenset("""residents officials voters protesters protestors critics supporters opponents
    members parents students workers employees experts analysts observers advocates lawmakers legislators
    leaders authorities police investigators organizers organisers activists""".split())
