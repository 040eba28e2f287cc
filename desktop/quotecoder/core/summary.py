"""The study at a glance: what the summary view charts and the methods report states.

Everything is counted in SQL over one open :class:`Store`, within a :class:`SummaryFilter`
(outlet, publication dates, the reliability sample, one coder):

* :func:`count_study`: the overview, quotes by each variable's value per outlet and over
  time, coding progress per coder and of the reliability sample (the fast part: the window
  shows these first);
* :func:`top_speakers`: the most quoted speakers with their mix of values;
* :func:`machine_summary`: the machine as a coder: how often coders kept its speaker,
  boundaries and kind, what they rejected and added, by confidence band, and α on speaker
  attribution with the machine as one more coder;
* :func:`compute_reliability`: Krippendorff's α with its bootstrap interval per variable;
* :func:`compute_summary` gathers the first three, :func:`compute_all` everything from one
  snapshot (the report).

The variables come from :func:`study_variables`: the codebook's variables (quote variables
counted per quote, article variables per article, each with its own α; an ordinal one gets
ordinal α) and each coder's speaker attribution. Every aggregation here follows that
:class:`Variable` list.

In blind mode (:mod:`quotecoder.core.study`) a summary holds one coder's own data only, and no
α among coders.
"""

from __future__ import annotations

import itertools
import math
import sqlite3
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from quotecoder.core.agreement import (
    CategoryAgreement,
    PairKappa,
    Pattern,
    cohen_kappa,
    pattern_alpha,
    pattern_interval,
    ranked_patterns,
)
from quotecoder.core.model import CodebookLabel
from quotecoder.core.model import Variable as CodebookVariable
from quotecoder.core.store import Store
from quotecoder.core.study import is_blind, visible_coders

NO_OUTLET = "(no outlet)"
DISPUTED = "(disputed)"  # coders disagree and nobody adjudicated
NOT_CODED = "(not coded)"
OTHER = "(other codes)"  # values that are not (or no longer) in the codebook
UNKNOWN_SPEAKER = "(unknown)"
BOOTSTRAP = 1000  # resamples for α's interval, as `quotecoder agreement` draws
TOP_SPEAKERS = 12
WEEKLY_UP_TO_DAYS = 120  # a date range up to about four months is charted by week, a longer one by month

#: Confidence bands of the pre-tagger's proposals: (name, lower bound, upper bound).
BANDS: tuple[tuple[str, float, float], ...] = (("high", 0.8, math.inf), ("medium", 0.5, 0.8), ("low", -math.inf, 0.5))
BAND_NAMES = tuple(name for name, _, _ in BANDS)


# -- variables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variable:
    """A coded variable as the summary reads it.

    ``codes`` is SQL giving each coder's value per unit (columns ``unit_id``, ``coder_id``,
    ``value``), ``adjudicated`` the decided values (``unit_id``, ``value``), if any. A unit is
    a quote or an article (``unit``); a speaker variable (coded once per speaker, not by each
    coder) is listed for the codebook but neither charted nor given α. A variable without
    ``categories`` is an open set (speakers): it gets α but no bar charts.
    """

    key: str
    name: str
    codes: str
    adjudicated: str | None = None
    categories: tuple[CodebookLabel, ...] = ()
    unit: str = "quote"
    level: str = "nominal"
    description: str = ""
    twice: str = ""  # SQL: the units coded by two or more coders (``unit_id``), cheaper than ``codes``

    @property
    def charted(self) -> bool:
        """True for a variable whose values are counted in the bar charts."""
        return bool(self.categories) and self.unit in UNIT_TABLES

    @property
    def compared(self) -> bool:
        """True for a variable each coder codes: it gets α."""
        return self.unit in UNIT_TABLES and bool(self.codes)

    @property
    def units(self) -> str:
        """SQL for the table of its units, as quotes are: ``id``, ``article_id``, ``status``."""
        return UNIT_TABLES[self.unit]

    @property
    def order(self) -> list[str] | None:
        """The values in rank order for ordinal α; None for a nominal variable."""
        return [c.key for c in self.categories] if self.level == "ordinal" else None

    def label(self, value: str) -> str:
        """A value's name for people (the codebook's label name, or the value itself)."""
        found = next((c for c in self.categories if c.key == value), None)
        return found.name if found else value


#: The speaker the machine proposed for quote ``q``: the proposal kept when a coder first
#: corrected the quote, else the quote's own speaker.
MACHINE_SPEAKER = """(CASE WHEN q.proposal IS NOT NULL AND json_type(q.proposal, '$.speaker_id') IS NOT NULL
                          THEN json_extract(q.proposal, '$.speaker_id') ELSE q.speaker_id END)"""


def coder_speaker(coder_id: str) -> str:
    """SQL for the speaker coder ``coder_id`` gave quote ``q``: their last speaker correction,
    else the machine's (the rule of the long export's ``speaker`` column)."""
    corrected = f"""FROM corrections k WHERE k.item = 'quote' AND k.action = 'speaker'
                    AND k.item_id = q.id AND k.coder_id = {coder_id}"""
    return f"""(CASE WHEN EXISTS (SELECT 1 {corrected})
                     THEN (SELECT json_extract(k.after, '$.speaker_id') {corrected} ORDER BY k.id DESC LIMIT 1)
                     ELSE {MACHINE_SPEAKER} END)"""


#: The units each coder codes, as SQL tables with the columns of ``quotes`` the counts read
#: (an article is its own article; SQLite flattens the subquery into the query that uses it).
UNIT_TABLES = {"quote": "quotes", "article": "(SELECT id, id AS article_id, 'active' AS status FROM articles)"}
_UNIT_CODES = {"quote": ("quote_codes", "quote_id", "quote_adjudications"),
               "article": ("article_codes", "article_id", "article_adjudications")}
_DESCRIPTIONS = {"quote": "Coded per quote by each coder.", "article": "Coded per article by each coder.",
                 "speaker": "Coded once per speaker in the speaker registry, and carried into each of their quotes."}


def literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'{}'".format(text.replace("'", "''"))


def reviews_sql(quote_variables: Sequence[str]) -> str:
    """SQL for the (quote, coder) pairs (``quote_id``, ``coder_id``) of the quotes each coder
    coded, for any quote variable. SQLite flattens it into the query that uses it: with one
    variable it is its codes; with several, each pair's code of the first variable (by key) it
    has, found in the primary key's index."""
    if len(quote_variables) <= 1:
        key = quote_variables[0] if quote_variables else "stance"
        return f"(SELECT quote_id, coder_id FROM quote_codes WHERE variable = {literal(key)})"
    return """(SELECT quote_id, coder_id FROM quote_codes r WHERE r.variable = (SELECT min(m.variable)
               FROM quote_codes m WHERE m.quote_id = r.quote_id AND m.coder_id = r.coder_id))"""


def speaker_codes(reviews: str) -> str:
    """SQL for each coder's speaker attribution of the quotes they coded."""
    return f"""SELECT l.quote_id AS unit_id, l.coder_id AS coder_id, coalesce(sp.name, '{UNKNOWN_SPEAKER}') AS value
               FROM {reviews} l JOIN quotes q ON q.id = l.quote_id
               LEFT JOIN speakers sp ON sp.id = {coder_speaker('l.coder_id')}"""


def _coded_variable(variable: CodebookVariable) -> Variable:
    """A codebook variable with the SQL of its codes (a speaker variable has none: not compared)."""
    codes = adjudicated = ""
    if variable.unit in _UNIT_CODES:
        table, column, decided = _UNIT_CODES[variable.unit]
        codes = (f"SELECT {column} AS unit_id, coder_id, label AS value FROM {table} "
                 f"WHERE variable = {literal(variable.key)}")
        adjudicated = (f"SELECT {column} AS unit_id, label AS value FROM {decided} "
                       f"WHERE variable = {literal(variable.key)}")
    return Variable(key=variable.key, name=variable.name, codes=codes, adjudicated=adjudicated or None,
                    categories=tuple(variable.labels), unit=variable.unit, level=variable.level,
                    description=_DESCRIPTIONS[variable.unit], twice=_twice(codes))


def _twice(codes: str) -> str:
    """SQL for the units that ``codes`` (SQL of a variable's codes) has two or more codes of."""
    return f"SELECT unit_id FROM ({codes}) GROUP BY unit_id HAVING count(*) >= 2" if codes else ""


def study_variables(store: Store) -> list[Variable]:
    """The variables the summary and the report cover, in order: the codebook's variables (its
    quote, article and speaker variables; ``stance`` when there is no codebook), then each
    coder's speaker attribution."""
    codebook = store.codebook()
    variables = list(codebook.variables) if codebook else []
    result = [_coded_variable(v) for v in variables] or [
        _coded_variable(CodebookVariable("stance", "Stance"))]
    reviews = reviews_sql(_quote_keys(result))
    result.append(Variable(
        key="speaker", name="Speaker attribution", codes=speaker_codes(reviews),
        twice=f"SELECT quote_id AS unit_id FROM {reviews} GROUP BY quote_id HAVING count(*) >= 2",
        description="The canonical speaker each coder attributed the quote to (the pre-tagger's "
                    "proposal unless the coder changed it); an open set of values from the speaker registry.",
    ))
    return result


def _quote_keys(variables: Sequence[Variable]) -> list[str]:
    """The keys of the codebook's quote variables among ``variables`` (speaker attribution, an
    open set, has no categories)."""
    return [v.key for v in variables if v.unit == "quote" and v.categories]


def _all_coded(variables: Sequence[Variable]) -> Variable | None:
    """With several quote variables, a variable whose one value, ``done``, marks the quotes a
    coder coded for every one of them (coding progress counts those); None with one."""
    keys = _quote_keys(variables)
    if len(keys) <= 1:
        return None
    # Each code of the first variable, kept when the coder coded the others too (an index lookup each).
    codes = (f"SELECT l.quote_id AS unit_id, l.coder_id, 'done' AS value FROM quote_codes l "
             f"WHERE l.variable = {literal(keys[0])} AND (SELECT count(*) FROM quote_codes d "
             f"WHERE d.quote_id = l.quote_id AND d.coder_id = l.coder_id "
             f"AND d.variable IN ({', '.join(map(literal, keys[1:]))})) = {len(keys) - 1}")
    return Variable(key="(every quote variable)", name="Every quote variable", codes=codes)


# -- filter ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryFilter:
    """Which part of the study to summarise: an outlet ("" for articles without one), a range
    of publication dates (ISO days, both inclusive), only the reliability sample, one coder."""

    outlet: str | None = None
    start: str | None = None
    end: str | None = None
    sample: bool = False
    coder: str | None = None

    def __post_init__(self) -> None:
        for day in (self.start, self.end):
            if day is not None:
                try:
                    date.fromisoformat(day)
                except ValueError:
                    raise ValueError(f"“{day}” is not a date; write it as YYYY-MM-DD.") from None
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"The date range ends ({self.end}) before it starts ({self.start}).")

    def describe(self) -> str:
        """The filter in words ("" for the whole study)."""
        parts = []
        if self.outlet is not None:
            parts.append(f"outlet {self.outlet or NO_OUTLET}")
        if self.start and self.end:
            parts.append(f"published {self.start} to {self.end}")
        elif self.start:
            parts.append(f"published from {self.start}")
        elif self.end:
            parts.append(f"published until {self.end}")
        if self.sample:
            parts.append("reliability sample only")
        if self.coder:
            parts.append(f"codes of {self.coder} only")
        return "; ".join(parts)


def visible_filter(store: Store, wanted: SummaryFilter, viewer: str | None) -> SummaryFilter:
    """``wanted`` as ``viewer`` may see it: in blind mode only their own codes (the rule of
    :func:`quotecoder.core.study.visible_coders`, which raises ``BlindModeError`` when no coder is named)."""
    coders = visible_coders(store, viewer, [wanted.coder] if wanted.coder else None)
    return wanted if coders is None else replace(wanted, coder=coders[0])


# -- results ---------------------------------------------------------------------------------------


@dataclass
class Overview:
    """The size and shape of the (filtered) study."""

    articles: int
    outlets: list[str]  # "" for articles without an outlet
    no_outlet: int  # articles without an outlet
    first_day: str | None
    last_day: str | None
    undated: int  # articles without a usable publication date
    quotes: int  # active quotes
    coders: list[str]  # who coded at least one quote (in blind mode: the viewer)
    sample_articles: int
    sample_seed: int | None
    codebook: str
    codebook_version: int | None
    period: str  # "week" or "month": how the charts over time group the dates

    @property
    def sample_share(self) -> float:
        return self.sample_articles / self.articles if self.articles else math.nan


@dataclass
class ValueCounts:
    """Quotes by one variable's value, per outlet and per period (month or week)."""

    variable: Variable
    by_outlet: dict[str, Counter]
    by_period: dict[str, Counter]
    undated: Counter

    @property
    def total(self) -> Counter:
        result: Counter = Counter()
        for values in self.by_outlet.values():
            result.update(values)
        return result

    def columns(self) -> list[str]:
        """The values to show, in codebook order, then other codes, disputed, not coded (if any)."""
        total = self.total
        extra = [v for v in (OTHER, DISPUTED, NOT_CODED) if total.get(v)]
        return [c.key for c in self.variable.categories] + extra


@dataclass
class SpeakerCount:
    """One of the most quoted speakers, with the mix of each charted variable's values."""

    name: str
    quotes: int
    values: dict[str, Counter]  # variable key -> value -> quotes


@dataclass
class CoderProgress:
    coder: str
    coded: int
    quotes: int
    sample_coded: int
    sample_quotes: int


@dataclass
class SampleProgress:
    """The reliability sample's quotes by how many coders coded them."""

    articles: int
    quotes: int
    coded_twice: int | None  # None in blind mode (it would tell what others did)
    coded_once: int | None
    not_coded: int


@dataclass
class ProposalCheck:
    """How often coders kept one kind of machine proposal, by confidence band."""

    key: str  # "speaker", "boundaries", "kind"
    name: str
    kept: Counter  # band -> decisions
    changed: Counter

    @property
    def decisions(self) -> int:
        return sum(self.kept.values()) + sum(self.changed.values())

    @property
    def kept_share(self) -> float:
        return sum(self.kept.values()) / self.decisions if self.decisions else math.nan


@dataclass
class MachineAgreement:
    """The pre-tagger's speaker attributions scored as one more coder's."""

    units: int  # machine quotes that coders coded
    decisions: int  # (quote, coder) pairs
    kept: int  # pairs where the coder's speaker is the machine's
    alpha: float  # Krippendorff's α with the machine as a coder

    @property
    def percent(self) -> float:
        return self.kept / self.decisions if self.decisions else math.nan


@dataclass
class MachineSummary:
    """The pre-tagger as a coder: its proposals kept or changed, its quotes rejected, quotes it missed."""

    checks: list[ProposalCheck]
    proposed: Counter  # band -> machine quotes (active and rejected)
    rejected: Counter  # band -> machine quotes rejected
    added: int  # quotes coders added (the machine missed them)
    speaker_band_source: str  # "speaker confidence", "quote confidence" or "speaker confidence where set, else quote confidence"
    agreement: MachineAgreement | None = None  # speaker attribution, the machine scored as a coder

    @property
    def rejected_share(self) -> float:
        total = sum(self.proposed.values())
        return sum(self.rejected.values()) / total if total else math.nan


@dataclass
class StudySummary:
    """Everything the summary view charts."""

    filter: SummaryFilter
    blind: bool
    variables: list[Variable]
    overview: Overview
    counts: dict[str, ValueCounts]  # charted variables by key
    progress: list[CoderProgress]
    sample: SampleProgress
    speakers: list[SpeakerCount] | None = None  # None until computed (top_speakers)
    machine: MachineSummary | None = None  # None until computed (machine_summary)

    def variable(self, key: str) -> Variable:
        return next(v for v in self.variables if v.key == key)


@dataclass
class VariableAgreement:
    """Agreement among the coders on one variable."""

    variable: Variable
    coders: list[str]
    units: int  # units coded by 2+ coders
    values: int  # pairable values
    alpha: float
    ci: tuple[float, float]
    percent: float
    kappas: list[PairKappa] = field(default_factory=list)
    categories: list[CategoryAgreement] = field(default_factory=list)
    bootstrap: int = BOOTSTRAP


@dataclass
class Reliability:
    """α per variable; ``withheld`` says why there is none (blind mode)."""

    variables: list[VariableAgreement]
    withheld: str = ""


# -- queries ---------------------------------------------------------------------------------------


_DATED = "a.published GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*'"
_DAY = "substr(a.published, 1, 10)"
_PERIOD = {
    "month": f"CASE WHEN {_DATED} THEN substr(a.published, 1, 7) END",
    "week": f"CASE WHEN {_DATED} THEN date({_DAY}, '-6 days', 'weekday 1') END",  # the Monday
}


def band_sql(confidence: str, codes: bool = False) -> str:
    """SQL naming the confidence band of ``confidence`` (see :data:`BANDS`), or its index with ``codes``."""
    cases = " ".join(f"WHEN {confidence} >= {low} THEN {i if codes else repr(name)}"
                     for i, (name, low, _) in enumerate(BANDS) if low > -math.inf)
    return f"(CASE {cases} ELSE {len(BANDS) - 1 if codes else repr(BANDS[-1][0])} END)"


#: The facts about a quote that the machine summary counts, as bits of one integer (then its
#: band and its speaker band, two bits each).
_CELL = ("machine", "active", "confident", "moved", "rekinded", "mine", "corrected")


class _Study:
    """The SQL of one summary: the filter's articles as a ``scope`` CTE, its parameters, the coder."""

    def __init__(self, conn: sqlite3.Connection, wanted: SummaryFilter, period: str = "month",
                 reviews: str = reviews_sql(())) -> None:
        self.conn = conn
        self.filter = wanted
        self.period = period
        self.reviews = reviews  # SQL: the (quote, coder) pairs of the quotes each coder coded
        clauses, self.params = [], {}
        if wanted.outlet is not None:
            clauses.append("coalesce(trim(a.outlet), '') = :outlet")
            self.params["outlet"] = wanted.outlet.strip()
        if wanted.start:
            clauses.append(f"{_DATED} AND {_DAY} >= :start")
            self.params["start"] = wanted.start
        if wanted.end:
            clauses.append(f"{_DATED} AND {_DAY} <= :end")
            self.params["end"] = wanted.end
        if wanted.sample:
            clauses.append("a.id IN (SELECT article_id FROM reliability_sample)")
        self.restricted = bool(clauses)
        self.where = " AND ".join(clauses) or "1"
        self.coder_id: int | None = None
        if wanted.coder:
            row = conn.execute("SELECT id FROM coders WHERE name = ?", (wanted.coder,)).fetchone()
            self.coder_id = row[0] if row else -1  # a coder with no codes yet
            self.params["coder_id"] = self.coder_id

    @classmethod
    def of(cls, store: Store, wanted: SummaryFilter) -> _Study:
        """The study of ``store``'s codebook (its quote variables say which quotes a coder coded)."""
        return cls(store.conn, wanted, reviews=reviews_sql(_quote_keys(study_variables(store))))

    @classmethod
    def open(cls, store: Store, wanted: SummaryFilter) -> _Study:
        """The study with the period its charts over time use (from the filtered date range)."""
        probe = cls.of(store, wanted)
        first_day, last_day = probe.rows(f"""SELECT min(CASE WHEN {_DATED} THEN {_DAY} END),
            max(CASE WHEN {_DATED} THEN {_DAY} END) FROM articles a WHERE {probe.where}""")[0]
        probe.period = _period_for(first_day, last_day)
        return probe

    @property
    def scope(self) -> str:
        return f"""scope AS (
            SELECT a.id, coalesce(trim(a.outlet), '') AS outlet, {_PERIOD[self.period]} AS period,
                   a.id IN (SELECT article_id FROM reliability_sample) AS sampled
            FROM articles a WHERE {self.where})"""

    def prefix(self, *ctes: str, scoped: bool = False) -> str:
        """The ``WITH`` clause of a query: the filter's articles as ``scope`` (when the filter
        restricts them, or ``scoped``) and ``ctes``."""
        parts = [self.scope] * (scoped or self.restricted) + list(ctes)
        return "WITH " + ",\n".join(parts) if parts else ""

    def join(self, scoped: bool = False) -> str:
        """Joins quote ``q`` to its article in the scope, when :meth:`prefix` has it."""
        return "JOIN scope s ON s.id = q.article_id" if scoped or self.restricted else ""

    def rows(self, sql: str, **params: object) -> list[tuple]:
        return self.conn.execute(sql, {**self.params, **params}).fetchall()

    def coder_clause(self, column: str) -> str:
        return "" if self.coder_id is None else f" AND {column} = :coder_id"


def _period_for(first_day: str | None, last_day: str | None) -> str:
    if not first_day or not last_day:
        return "month"
    span = (date.fromisoformat(last_day) - date.fromisoformat(first_day)).days
    return "week" if span <= WEEKLY_UP_TO_DAYS else "month"


def _periods(first: str | None, last: str | None, period: str) -> list[str]:
    """Every month ("2025-03") or week (its Monday, "2025-03-10") from ``first`` to ``last``,
    so that a chart over time shows the empty ones too."""
    if first is None or last is None:
        return []
    if period == "week":
        start, end = date.fromisoformat(first), date.fromisoformat(last)
        return [(start + timedelta(weeks=i)).isoformat() for i in range((end - start).days // 7 + 1)]
    (y, m), (y2, m2) = (map(int, first.split("-")), map(int, last.split("-")))
    return [f"{y + (m - 1 + i) // 12:04d}-{(m - 1 + i) % 12 + 1:02d}" for i in range((y2 - y) * 12 + m2 - m + 1)]


def _overview(study: _Study, store: Store, coders: list[str], quotes: int) -> Overview:
    articles, no_outlet, first_day, last_day, undated, sample_articles = study.rows(f"""
        SELECT count(*), sum(coalesce(trim(a.outlet), '') = ''),
               min(CASE WHEN {_DATED} THEN {_DAY} END), max(CASE WHEN {_DATED} THEN {_DAY} END),
               sum(NOT ({_DATED}) OR a.published IS NULL),
               sum(a.id IN (SELECT article_id FROM reliability_sample))
        FROM articles a WHERE {study.where}""")[0]
    outlets = [r[0] for r in study.rows(f"""
        SELECT DISTINCT coalesce(trim(a.outlet), '') FROM articles a WHERE {study.where} ORDER BY 1""")]
    seed = study.conn.execute("SELECT min(seed) FROM reliability_sample").fetchone()[0]
    codebook = store.codebook()
    return Overview(
        articles=articles, outlets=outlets, no_outlet=no_outlet or 0, first_day=first_day, last_day=last_day,
        undated=undated or 0, quotes=quotes, coders=coders, sample_articles=sample_articles or 0, sample_seed=seed,
        codebook=codebook.name if codebook else "", codebook_version=codebook.version if codebook else None,
        period=study.period,
    )


@dataclass
class _Tally:
    """Quotes by value for one group (an outlet × period × sample cell, a speaker), and each
    coder's coded quotes."""

    values: Counter = field(default_factory=Counter)
    coded_by: Counter = field(default_factory=Counter)  # coder id -> quotes
    coded_twice: int = 0


def _tally(study: _Study, variable: Variable, coder_ids: Sequence[int], group: Sequence[str], where: str = "",
           scoped: bool = False, per_article: bool = False, **params: object) -> dict[tuple, _Tally]:
    """Quotes per ``group`` (SQL over ``q`` the quote, and ``s`` its article when ``scoped``) by
    ``variable``'s value, with each of ``coder_ids``' coded quotes.

    A quote counts once: with its one code, its adjudicated value, the value its coders agree
    on, else as disputed; without a code as not coded. With a coder filter, that coder's code.
    Two passes keep this fast on large studies: every code of every quote (``per_article``:
    summed per article first, in the order SQLite reads them, then per group), then a
    correction for the few quotes with several codes or an adjudicated value.
    """
    keys = {f"k{i}": c.key for i, c in enumerate(variable.categories)}
    coders = {f"c{i}": coder_id for i, coder_id in enumerate(coder_ids)}
    other = f"c.value NOT IN ({', '.join(f':{k}' for k in keys)})" if keys else "c.value IS NOT NULL"
    groups = ", ".join(f"{g} AS g{i}" for i, g in enumerate(group))
    names = ", ".join(f"g{i}" for i in range(len(group)))
    sums = ("".join(f", sum(c.value = :{k}) AS {k}" for k in keys) + f", sum({other}) AS other, "
            "sum(c.unit_id IS NULL) AS uncoded" + "".join(f", sum(c.coder_id = :{k}) AS {k}" for k in coders))
    counted = ["other", "uncoded", *keys, *coders]
    query = f"""SELECT {groups}{sums} FROM {variable.units} q {study.join(scoped)}
                LEFT JOIN ({variable.codes}) c ON c.unit_id = q.id{study.coder_clause('c.coder_id')}
                WHERE q.status = 'active' {where} GROUP BY {'q.article_id' if per_article else names}"""
    if per_article:  # the article's columns (outlet, period, …) ride along: one value per article
        query = f"SELECT {names}, {', '.join(f'sum({c})' for c in counted)} FROM ({query}) GROUP BY {names}"
    else:
        query = f"SELECT {names}, {', '.join(counted)} FROM ({query})"
    result: dict[tuple, _Tally] = {}
    width = len(group)
    for row in study.rows(f"{study.prefix(scoped=scoped)} {query}", **keys, **coders, **params):
        tally = result[row[:width]] = _Tally()
        found = dict(zip(counted, row[width:]))
        tally.values.update({OTHER: found["other"] or 0, NOT_CODED: found["uncoded"] or 0})
        tally.values.update({keys[k]: found[k] or 0 for k in keys})
        tally.coded_by.update({coders[k]: found[k] or 0 for k in coders})
    if study.coder_id is None:
        _settle_several(study, variable, keys, other, group, where, scoped, params, result)
    for tally in result.values():
        tally.values = Counter({k: n for k, n in tally.values.items() if n})
    return result


def _settle_several(study: _Study, variable: Variable, keys: dict[str, str], other: str, group: Sequence[str],
                    where: str, scoped: bool, params: dict, result: dict[tuple, _Tally]) -> None:
    """Correct :func:`_tally`'s first pass for quotes with several codes or an adjudicated value:
    take their codes back and count each once, by its final value."""
    several = f"SELECT unit_id FROM ({variable.codes}) GROUP BY unit_id HAVING count(*) > 1"
    adjudicated = "NULL"
    if variable.adjudicated:
        several += f" UNION SELECT unit_id FROM ({variable.adjudicated})"
        adjudicated = f"(SELECT j.value FROM ({variable.adjudicated}) j WHERE j.unit_id = x.unit_id)"
    taken = "".join(f", sum(c.value = :{k}) AS taken_{k}" for k in keys)
    groups = ", ".join(f"{g} AS g{i}" for i, g in enumerate(group))
    names = ", ".join(f"g{i}" for i in range(len(group)))
    per_quote = f"""per_quote AS (
        SELECT {groups}, {adjudicated} AS adjudicated, count(c.value) AS n, min(c.value) AS low,
               max(c.value) AS high, sum({other}) AS taken_other{taken}
        FROM ({several}) x JOIN {variable.units} q ON q.id = x.unit_id {study.join(scoped)}
        LEFT JOIN ({variable.codes}) c ON c.unit_id = x.unit_id
        WHERE q.status = 'active' {where} GROUP BY x.unit_id)"""
    for row in study.rows(f"""
            {study.prefix(per_quote, scoped=scoped)}
            SELECT {names}, coalesce(adjudicated, CASE WHEN low = high THEN low END) AS final, count(*), sum(n = 0),
                   sum(n >= 2), sum(taken_other){"".join(f", sum(taken_{k})" for k in keys)}
            FROM per_quote GROUP BY {names}, final""", **keys, **params):
        width = len(group)
        tally = result.setdefault(tuple(row[:width]), _Tally())
        final, quotes, adjudicated_uncoded, coded_twice, taken_other = row[width:width + 5]
        tally.values[DISPUTED if final is None else final if final in keys.values() else OTHER] += quotes
        tally.values[NOT_CODED] -= adjudicated_uncoded  # the first pass found no code on them
        tally.values[OTHER] -= taken_other or 0
        for key, n in zip(keys.values(), row[width + 5:]):
            tally.values[key] -= n or 0
        tally.coded_twice += coded_twice


def _coders(study: _Study) -> list[tuple[int, str]]:
    """(id, name) of the coders the summary shows: who coded a quote or an article, or the filter's coder."""
    if study.filter.coder:
        return [(study.coder_id, study.filter.coder)]
    return [tuple(r) for r in study.conn.execute(
        """SELECT id, name FROM coders WHERE id IN (SELECT coder_id FROM quote_codes)
           OR id IN (SELECT coder_id FROM article_codes) ORDER BY name""")]


def _value_counts(study: _Study, variable: Variable, coders: list[tuple[int, str]]
                  ) -> tuple[ValueCounts, dict[tuple, _Tally]]:
    """The variable's counts per outlet and period, and the tallies per (outlet, period, in the sample)."""
    cells = _tally(study, variable, [cid for cid, _ in coders], ["s.outlet", "s.period", "s.sampled"],
                   scoped=True, per_article=True)
    by_outlet: dict[str, Counter] = {}
    by_period: dict[str, Counter] = {}
    undated: Counter = Counter()
    for (outlet, period, _), tally in cells.items():
        by_outlet.setdefault(outlet, Counter()).update(tally.values)
        (by_period.setdefault(period, Counter()) if period else undated).update(tally.values)
    by_period = {p: by_period.get(p, Counter()) for p in _periods(min(by_period, default=None),
                                                                  max(by_period, default=None), study.period)}
    return ValueCounts(variable, dict(sorted(by_outlet.items())), by_period, undated), cells


def _progress(coders: list[tuple[int, str]], cells: dict[tuple, _Tally], one_coder: bool
              ) -> tuple[list[CoderProgress], SampleProgress]:
    """Each coder's coded quotes, in all and in the reliability sample; the sample's double coding
    (unknown when the summary holds one coder's codes)."""
    quotes = sample_quotes = coded_twice = sample_uncoded = 0
    coded: Counter = Counter()
    sample_coded: Counter = Counter()
    for (_, _, sampled), tally in cells.items():
        n = sum(tally.values.values())
        quotes += n
        coded.update(tally.coded_by)
        if sampled:
            sample_quotes += n
            sample_coded.update(tally.coded_by)
            coded_twice += tally.coded_twice
            sample_uncoded += tally.values.get(NOT_CODED, 0)
    progress = [CoderProgress(name, coded[cid], quotes, sample_coded[cid], sample_quotes) for cid, name in coders]
    if one_coder:
        return progress, SampleProgress(0, sample_quotes, None, None, sample_uncoded)
    return progress, SampleProgress(0, sample_quotes, coded_twice, sample_quotes - coded_twice - sample_uncoded,
                                    sample_uncoded)


def _speakers(study: _Study, charted: list[Variable], limit: int) -> list[SpeakerCount]:
    """The ``limit`` most quoted speakers (each coder's own attribution with a coder filter)."""
    who = "+q.speaker_id" if study.coder_id is None else f"""(CASE WHEN EXISTS (
        SELECT 1 FROM {study.reviews} l WHERE l.quote_id = q.id AND l.coder_id = :coder_id)
        THEN {coder_speaker(':coder_id')} ELSE q.speaker_id END)"""
    top = study.rows(f"""{study.prefix()} SELECT {who} AS who, count(*) FROM quotes q {study.join()}
        WHERE q.status = 'active' AND who IS NOT NULL GROUP BY who ORDER BY count(*) DESC, who LIMIT :limit""",
        limit=limit)
    if not top:
        return []
    names = dict(study.conn.execute(
        f"SELECT id, name FROM speakers WHERE id IN ({','.join('?' * len(top))})", [t[0] for t in top]))
    ids = {f"s{i}": t[0] for i, t in enumerate(top)}
    chosen = f"AND {who.lstrip('+')} IN ({', '.join(f':{k}' for k in ids)})"
    mixes = {v.key: _tally(study, v, [], [who.lstrip("+")], chosen, **ids) for v in charted}
    return [
        SpeakerCount(names.get(speaker, UNKNOWN_SPEAKER), quotes,
                     {key: mix[(speaker,)].values if (speaker,) in mix else Counter() for key, mix in mixes.items()})
        for speaker, quotes in top
    ]


def _machine(study: _Study) -> MachineSummary:
    """Machine proposals kept or changed by the coders (with a coder filter: by that coder)."""
    mine = "1" if study.coder_id is None else """(CASE
        WHEN q.status = 'rejected' THEN (SELECT k.coder_id FROM corrections k WHERE k.item = 'quote'
             AND k.item_id = q.id AND k.action = 'reject' ORDER BY k.id DESC LIMIT 1) = :coder_id
        WHEN q.origin = 'coder' THEN (SELECT k.coder_id FROM corrections k WHERE k.item = 'quote'
             AND k.item_id = q.id AND k.action = 'add' ORDER BY k.id LIMIT 1) = :coder_id
        ELSE 1 END)"""
    # Sorting every quote by many columns for GROUP BY is slow on large studies: each quote's facts
    # are packed into one small integer instead (bits: see _CELL), counted per value.
    facts = {
        "machine": "q.origin = 'model'",
        "active": "q.status = 'active'",
        "confident": "q.speaker_confidence IS NOT NULL",
        "moved": "q.proposal IS NOT NULL AND (json_extract(q.proposal, '$.start') != q.start "
                 "OR json_extract(q.proposal, '$.end') != q.end)",
        "rekinded": "q.proposal IS NOT NULL AND json_extract(q.proposal, '$.kind') != q.kind",
        "mine": mine,
        "corrected": f"q.id IN ({_reattributed(study)})",
    }
    cell = " + ".join([*(f"{1 << i} * coalesce({facts[name]}, 0)" for i, name in enumerate(_CELL)),
                       f"{1 << len(_CELL)} * {band_sql('q.confidence', codes=True)}",
                       f"{4 << len(_CELL)} * {band_sql('coalesce(q.speaker_confidence, q.confidence)', codes=True)}"])
    reviews = f"(SELECT count(*) FROM {study.reviews} l WHERE l.quote_id = q.id{study.coder_clause('l.coder_id')})"
    proposed, rejected, decisions = Counter(), Counter(), Counter()
    kept = {"boundaries": Counter(), "kind": Counter(), "speaker": Counter()}
    changed = {key: Counter() for key in kept}
    added = confident = machine_quotes = 0
    agreement = _MachineVotes()
    names = dict(study.conn.execute("SELECT id, name FROM speakers"))
    agreeing = sum(1 << _CELL.index(name) for name in ("machine", "active", "corrected"))
    facts_cte = f"""facts AS MATERIALIZED (
        SELECT {cell} AS cell, {MACHINE_SPEAKER} AS who, {reviews} AS reviews FROM quotes q {study.join()})"""
    rows = study.rows(f"""
        {study.prefix(facts_cte)}
        SELECT 0, cell, count(*), sum(reviews > 0), sum(reviews) FROM facts GROUP BY cell
        UNION ALL  -- machine quotes their coders all left with the machine's speaker, by that speaker
        SELECT 1, who, count(*), sum(reviews > 0), sum(reviews) FROM facts
        WHERE cell & {agreeing} = {agreeing - (1 << _CELL.index("corrected"))} AND reviews > 0 GROUP BY who""")
    for part, key, n, reviewed, decided in rows:
        if part == 1:
            agreement.add_agreeing(names.get(key, UNKNOWN_SPEAKER), reviewed, decided)
            continue
        fact = {name: bool(key >> i & 1) for i, name in enumerate(_CELL)}
        band, speaker_band = BAND_NAMES[key >> len(_CELL) & 3], BAND_NAMES[key >> (len(_CELL) + 2) & 3]
        if not fact["machine"]:
            added += n if fact["active"] and fact["mine"] else 0
            continue
        proposed[band] += n
        machine_quotes += n
        confident += n if fact["confident"] else 0
        if not fact["active"]:
            rejected[band] += n if fact["mine"] else 0
        elif reviewed:
            (changed if fact["moved"] else kept)["boundaries"][band] += reviewed
            (changed if fact["rekinded"] else kept)["kind"][band] += reviewed
            decisions[speaker_band] += decided
    # Speakers are per coder: each (quote, coder) pair is one decision; the corrections log has the changes.
    last = f"""last AS (SELECT k.item_id, k.coder_id, max(k.id) AS id FROM corrections k
                WHERE k.item = 'quote' AND k.action = 'speaker'{study.coder_clause('k.coder_id')}
                GROUP BY k.item_id, k.coder_id)"""
    for speaker_band, n in study.rows(f"""
            {study.prefix(last)} SELECT {band_sql('coalesce(q.speaker_confidence, q.confidence)')}, count(*)
            FROM last t JOIN corrections k ON k.id = t.id JOIN quotes q ON q.id = t.item_id {study.join()}
            WHERE q.origin = 'model' AND q.status = 'active'
              AND EXISTS (SELECT 1 FROM {study.reviews} l WHERE l.quote_id = q.id AND l.coder_id = t.coder_id)
              AND coalesce(json_extract(k.after, '$.speaker_id'), -1) != coalesce({MACHINE_SPEAKER}, -1)
            GROUP BY 1"""):
        changed["speaker"][speaker_band] = n
    for band, n in decisions.items():
        kept["speaker"][band] = n - changed["speaker"][band]
    source = ("speaker confidence" if confident == machine_quotes and machine_quotes else
              "quote confidence" if not confident else "speaker confidence where set, else quote confidence")
    titles = {"speaker": "Speaker", "boundaries": "Boundaries", "kind": "Kind (direct, indirect, mixed)"}
    checks = [ProposalCheck(key, titles[key], +kept[key], +changed[key]) for key in ("speaker", "boundaries", "kind")]
    _corrected_votes(study, names, agreement)
    return MachineSummary(checks, proposed, rejected, added, source, agreement.result())


def count_study(store: Store, wanted: SummaryFilter = SummaryFilter(), viewer: str | None = None) -> StudySummary:
    """The fast part of the summary: overview, counts per outlet and over time, progress
    (``speakers`` and ``machine`` are left None: see :func:`compute_summary`)."""
    wanted = visible_filter(store, wanted, viewer)
    variables = study_variables(store)
    with store.read_snapshot():
        study = _Study.open(store, wanted)
        coders = _coders(study)
        charted = [v for v in variables if v.charted]
        counts, cells = {}, {}
        for variable in charted:
            found, tallies = _value_counts(study, variable, coders)
            cells = cells or (tallies if variable.unit == "quote" else {})
            counts[variable.key] = found
        # Progress counts a quote as coded when every quote variable is (one quote variable: its tallies).
        done = _all_coded(variables)
        if done is None and not cells:  # no quote variable is charted: the quotes still count
            done = _coded_variable(CodebookVariable("stance", "Stance"))
        if done is not None:
            cells = _value_counts(study, done, coders)[1]
        progress, sample = _progress(coders, cells, study.coder_id is not None)
        quotes = sum(sum(t.values.values()) for t in cells.values())
        overview = _overview(study, store, [name for _, name in coders], quotes)
        sample.articles = overview.sample_articles
        return StudySummary(filter=wanted, blind=is_blind(store), variables=variables, overview=overview,
                            counts=counts, progress=progress, sample=sample)


def top_speakers(store: Store, wanted: SummaryFilter = SummaryFilter(), viewer: str | None = None,
                 top: int = TOP_SPEAKERS) -> list[SpeakerCount]:
    """The most quoted speakers with their mix of each charted variable's values."""
    wanted = visible_filter(store, wanted, viewer)
    with store.read_snapshot():
        quoted = [v for v in study_variables(store) if v.charted and v.unit == "quote"]
        return _speakers(_Study.of(store, wanted), quoted, top)


def machine_summary(store: Store, wanted: SummaryFilter = SummaryFilter(), viewer: str | None = None) -> MachineSummary:
    """The pre-tagger as a coder: proposals kept or changed, quotes rejected and added, by confidence band."""
    wanted = visible_filter(store, wanted, viewer)
    with store.read_snapshot():
        return _machine(_Study.of(store, wanted))


def compute_summary(store: Store, wanted: SummaryFilter = SummaryFilter(), viewer: str | None = None,
                    top: int = TOP_SPEAKERS) -> StudySummary:
    """The whole summary within ``wanted``, as ``viewer`` may see it (see :func:`visible_filter`)."""
    with store.read_snapshot():
        summary = count_study(store, wanted, viewer)
        summary.speakers = top_speakers(store, wanted, viewer, top)
        summary.machine = machine_summary(store, wanted, viewer)
    return summary


# -- reliability -----------------------------------------------------------------------------------


def _patterns(rows: Sequence[tuple[str, int]]) -> Counter[Pattern]:
    """Patterns from SQL's (values joined by U+001F, count) rows, each sorted."""
    patterns: Counter[Pattern] = Counter()
    for joined, n in rows:
        patterns[tuple(sorted(joined.split("\x1f")))] += n
    return patterns


def _percent(patterns: Counter[Pattern]) -> float:
    """Share of agreeing pairs among all pairs of values within units (as agreement() counts it)."""
    same = total = 0
    for pattern, n in patterns.items():
        m = len(pattern)
        total += n * m * (m - 1) // 2
        same += n * sum(k * (k - 1) // 2 for k in Counter(pattern).values())
    return same / total if total else math.nan


def _categories(patterns: Counter[Pattern], closed: bool) -> list[CategoryAgreement]:
    """Per category: pairable values and the share matched by another coder (coincidences o_cc / n_c)."""
    if not closed:
        return []
    values: Counter = Counter()
    matched: Counter = Counter()
    for pattern, n in patterns.items():
        m = len(pattern)
        for value, k in Counter(pattern).items():
            values[value] += n * k
            matched[value] += n * k * (k - 1) / (m - 1)
    return [CategoryAgreement(c, values[c], matched[c] / values[c]) for c in sorted(values)]


def _variable_agreement(study: _Study, variable: Variable, coders: dict[int, str]
                        ) -> tuple[VariableAgreement, Counter[Pattern]]:
    """α, % agreement, κ per pair and per-category agreement over the quotes coded by two or more
    coders (one query gives each unit's (coder, value) pairs, grouped); and the value patterns,
    for the interval."""
    patterns: Counter[Pattern] = Counter()
    pairs: dict[tuple[str, str], Counter] = {}
    twice = variable.twice or _twice(variable.codes)
    for tagged, n in study.rows(f"""
            {study.prefix()} SELECT tagged, count(*) FROM (
                SELECT group_concat(c.coder_id || char(30) || c.value, char(31)) AS tagged, count(*) AS m
                FROM ({variable.codes}) c JOIN {variable.units} q ON q.id = c.unit_id {study.join()}
                WHERE q.status = 'active' AND c.unit_id IN ({twice}) GROUP BY c.unit_id)
            WHERE m >= 2 GROUP BY tagged"""):
        coded = sorted((coders.get(int(cid), cid), value) for cid, value in
                       (item.split("\x1e", 1) for item in tagged.split("\x1f")))
        patterns[tuple(sorted(value for _, value in coded))] += n
        for (a, x), (b, y) in itertools.combinations(coded, 2):
            pairs.setdefault((a, b), Counter())[(x, y)] += n
    if variable.order is not None:  # ordinal α ranks the values: those not in the codebook are left out
        patterns = ranked_patterns(patterns, variable.order)
    kappas = []
    for (a, b), cells in sorted(pairs.items()):
        xs = [x for (x, _), n in cells.items() for _ in range(n)]
        ys = [y for (_, y), n in cells.items() for _ in range(n)]
        kappas.append(PairKappa(a, b, cohen_kappa(xs, ys), sum(n for (x, y), n in cells.items() if x == y) / len(xs),
                                len(xs)))
    return VariableAgreement(
        variable=variable, coders=sorted({c for pair in pairs for c in pair}), units=sum(patterns.values()),
        values=sum(len(p) * n for p, n in patterns.items()), alpha=pattern_alpha(patterns, variable.order),
        ci=(math.nan, math.nan),
        percent=_percent(patterns), kappas=kappas, categories=_categories(patterns, bool(variable.categories)),
    ), patterns


def _nominal_alpha(values: Counter, disagreement: float) -> float:
    """Krippendorff's nominal α from coincidence totals: the pairable values per category, and the
    disagreeing ordered pairs of values within units, each unit's weighted 1/(m − 1)."""
    n = sum(values.values())
    expected = n * n - sum(v * v for v in values.values())
    if not n:
        return math.nan
    return 1 - (n - 1) * disagreement / expected if expected else 1.0


@dataclass
class _MachineVotes:
    """The machine's speakers beside the coders', gathered for α with the machine as a coder."""

    values: Counter = field(default_factory=Counter)  # pairable values per speaker
    disagreement: float = 0.0
    units: int = 0
    kept: int = 0
    decisions: int = 0

    def add_agreeing(self, speaker: str, quotes: int, coders: int) -> None:
        """``quotes`` quotes whose ``coders`` codes (in all) all kept the machine's ``speaker``."""
        self.values[speaker] += quotes + coders
        self.units += quotes
        self.kept += coders
        self.decisions += coders

    def add(self, machine: str, coders: list[str], n: int) -> None:
        """``n`` quotes where the machine said ``machine`` and their coders ``coders``."""
        unit = Counter([machine, *coders])
        m = len(coders) + 1
        for value, k in unit.items():
            self.values[value] += n * k
        self.disagreement += n * (m * m - sum(k * k for k in unit.values())) / (m - 1)
        self.units += n
        self.kept += n * sum(c == machine for c in coders)
        self.decisions += n * len(coders)

    def result(self) -> MachineAgreement | None:
        if not self.decisions:
            return None
        return MachineAgreement(self.units, self.decisions, self.kept, _nominal_alpha(self.values, self.disagreement))


def _reattributed(study: _Study) -> str:
    """SQL: the quotes whose speaker a coder who coded them changed (with a coder filter: that coder)."""
    return f"""SELECT k.item_id FROM corrections k JOIN {study.reviews} l ON l.quote_id = k.item_id
               AND l.coder_id = k.coder_id WHERE k.item = 'quote' AND k.action = 'speaker'{study.coder_clause('k.coder_id')}"""


def _corrected_votes(study: _Study, names: dict[int, str], votes: _MachineVotes) -> None:
    """The quotes a coder re-attributed: the machine's speaker beside each coder's."""
    corrected = f"q.id IN ({_reattributed(study)})"
    for machine_speaker, joined, n in study.rows(f"""
            {study.prefix()} SELECT who, joined, count(*) FROM (
                SELECT {MACHINE_SPEAKER} AS who, group_concat(coalesce(sp.name, '{UNKNOWN_SPEAKER}'), char(31)) AS joined
                FROM quotes q {study.join()}
                JOIN {study.reviews} l ON l.quote_id = q.id{study.coder_clause('l.coder_id')}
                LEFT JOIN speakers sp ON sp.id = {coder_speaker('l.coder_id')}
                WHERE q.origin = 'model' AND q.status = 'active' AND {corrected} GROUP BY q.id)
            GROUP BY who, joined"""):
        votes.add(names.get(machine_speaker, UNKNOWN_SPEAKER), joined.split("\x1f"), n)


def _reliability(store: Store, wanted: SummaryFilter, bootstrap: int, seed: int,
                 bootstraps: ThreadPoolExecutor) -> tuple[Reliability, list[tuple[VariableAgreement, Future | None]]]:
    """α per variable (coder filter aside: α needs two coders), with its interval being drawn by
    ``bootstraps``: (reliability, the intervals to wait for)."""
    if is_blind(store):
        return Reliability([], "Blind mode is on: agreement among coders is shown once it is off."), []
    everyone = _Study.of(store, replace(wanted, coder=None))
    coders = dict(store.conn.execute("SELECT id, name FROM coders"))
    pending = []
    for variable in study_variables(store):
        if variable.compared:
            agreement, patterns = _variable_agreement(everyone, variable, coders)
            agreement.bootstrap = bootstrap
            pending.append((agreement, bootstraps.submit(pattern_interval, patterns, bootstrap, seed, variable.order)
                            if bootstrap else None))
    return Reliability([agreement for agreement, _ in pending]), pending


def _settle(pending: list[tuple[VariableAgreement, Future | None]]) -> None:
    for agreement, interval in pending:
        agreement.ci = interval.result() if interval else (math.nan, math.nan)


def compute_reliability(store: Store, wanted: SummaryFilter = SummaryFilter(), viewer: str | None = None,
                        bootstrap: int = BOOTSTRAP, seed: int = 0) -> Reliability:
    """Krippendorff's α with its 95% bootstrap interval for each variable, among all coders (the
    coder filter does not apply); none in blind mode (``withheld`` says so)."""
    wanted = visible_filter(store, wanted, viewer)
    with store.read_snapshot(), ThreadPoolExecutor(max_workers=1) as bootstraps:
        reliability, pending = _reliability(store, wanted, bootstrap, seed, bootstraps)
        _settle(pending)
    return reliability


def compute_all(store: Store, wanted: SummaryFilter = SummaryFilter(), viewer: str | None = None,
                top: int = TOP_SPEAKERS, bootstrap: int = BOOTSTRAP, seed: int = 0
                ) -> tuple[StudySummary, Reliability]:
    """The summary and the reliability from one snapshot (the report's): the bootstraps (numpy)
    run in a thread while SQLite counts the rest, so two cores share the work."""
    wanted = visible_filter(store, wanted, viewer)
    with store.read_snapshot(), ThreadPoolExecutor(max_workers=1) as bootstraps:
        reliability, pending = _reliability(store, wanted, bootstrap, seed, bootstraps)
        summary = compute_summary(store, wanted, viewer, top)
        _settle(pending)
    return summary, reliability
