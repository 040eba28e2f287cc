"""The study report: one self-contained HTML file for the methods section of a paper.

It holds the summary's charts as inline SVG, a methods paragraph in plain English, the
agreement tables per variable, the counts behind the charts and the codebook. Nothing is
fetched: no fonts, scripts or style sheets from the network. The page comes from the
Jinja2 template ``resources/templates/report.html.j2`` (autoescaped).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from quotecoder import __version__
from quotecoder.core.charts import CHARTS, period_label, summary_charts, svg, units_word, value_style
from quotecoder.core.outfile import atomic_text_file
from quotecoder.core.progress import Progress
from quotecoder.core.resources import resource
from quotecoder.core.store import Store
from quotecoder.core.summary import (
    BANDS,
    BOOTSTRAP,
    NO_OUTLET,
    NOT_CODED,
    Reliability,
    StudySummary,
    SummaryFilter,
    compute_all,
)

TEMPLATE = "report.html.j2"


@dataclass
class Report:
    """What the template shows."""

    summary: StudySummary
    reliability: Reliability
    database: str
    made: str
    charts: dict[str, Markup]
    methods: list[list[str]]  # paragraphs of sentences
    seed: int = 0
    version: str = __version__


def build_report(store: Store, wanted: SummaryFilter = SummaryFilter(), viewer: str | None = None,
                 bootstrap: int = BOOTSTRAP, seed: int = 0, progress: Progress | None = None) -> str:
    """The report as HTML text (see :func:`write_report`)."""
    progress = progress or Progress()
    progress.start(2, "Counting and computing α with its bootstrap intervals…")
    summary, reliability = compute_all(store, wanted, viewer, bootstrap=bootstrap, seed=seed)
    progress.advance(1, "Drawing the charts…")
    charts = {name: Markup(svg(fig)) for name, fig in summary_charts(summary, reliability).items()}
    report = Report(summary, reliability, store.path.name, datetime.now().strftime("%d %B %Y, %H:%M"), charts,
                    methods_paragraph(summary, reliability), seed)
    html = _environment().get_template(TEMPLATE).render(r=report, titles=_titles(summary), bands=BANDS)
    progress.advance(1, "Done.")
    return html


def write_report(store: Store, path: str | Path, wanted: SummaryFilter = SummaryFilter(), viewer: str | None = None,
                 bootstrap: int = BOOTSTRAP, seed: int = 0, progress: Progress | None = None) -> Path:
    """Write the report to ``path`` (it appears only when complete); returns the path.

    Refuses (ValueError) a path that is the database itself or one of its SQLite files.
    """
    path = Path(path)
    database = store.path.resolve()
    if path.resolve() in (database, *(database.with_name(database.name + end) for end in ("-wal", "-shm", "-journal"))):
        raise ValueError(f"{path} is the study's database: write the report to another file, e.g. report.html.")
    html = build_report(store, wanted, viewer, bootstrap, seed, progress)
    with atomic_text_file(path, newline="\n") as handle:
        handle.write(html)
    return path


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource("templates"))),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters.update(number=number, alpha=alpha_text, percent=percent, day=long_day, period=period_label,
                       outlet=lambda o: o or NO_OUTLET, together=keep_together)
    env.globals.update(value_style=value_style)
    return env


def _titles(summary: StudySummary) -> dict[str, str]:
    variable = next(iter(summary.counts.values())).variable if summary.counts else None
    names = {"variable": variable.name.lower() if variable else "", "Variable": variable.name if variable else "",
             "Units": units_word(variable) if variable else "Quotes"}
    return {name: title.format(**names) for name, title in CHARTS.items()}


# -- words and numbers -----------------------------------------------------------------------------


def number(value: float | int | None) -> str:
    """1234 → "1,234"; None → "–"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,}"


def alpha_text(value: float | None, digits: int = 3) -> str:
    """α as `quotecoder agreement` prints it (3 decimals), "n/a" when undefined."""
    return "n/a" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def percent(share: float | None, digits: int = 1) -> str:
    return "–" if share is None or math.isnan(share) else f"{100 * share:.{digits}f}%"


def long_day(day: str | None) -> str:
    """"2025-03-14" → "14 March 2025"."""
    return date.fromisoformat(day).strftime("%-d %B %Y") if day else "–"


SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def keep_together(text: str) -> Markup:
    """``text`` escaped, with each range such as "0.61–0.84" kept on one line."""
    return Markup(re.sub(r"\d+(?:[.,]\d+)*–\d+(?:[.,]\d+)*", lambda m: f'<span class="nowrap">{m.group()}</span>', str(escape(text))))


def plural(n: int, word: str, many: str | None = None, words: bool = False) -> str:
    """"3 coders"; with ``words`` numbers below ten are spelt out ("three coders")."""
    amount = SMALL[n] if words and 0 <= n < len(SMALL) else f"{n:,}"
    return f"{amount} {word if n == 1 else many or word + 's'}"


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def methods_paragraph(summary: StudySummary, reliability: Reliability) -> list[list[str]]:
    """The methods section in plain English, ready to adapt: paragraphs of sentences (the corpus
    and its coding; reliability; the pre-tagger)."""
    o = summary.overview
    corpus: list[str] = []
    named = [outlet for outlet in o.outlets if outlet]
    where = f"from {plural(len(named), 'outlet', words=True)}" if named else "without outlet information"
    if named and o.no_outlet:
        where += f" ({plural(o.no_outlet, 'article', words=True)} name no outlet)"
    when = f", published between {long_day(o.first_day)} and {long_day(o.last_day)}" if o.first_day else ""
    undated = f" ({plural(o.undated, 'article', words=True)} without a date)" if o.undated and o.first_day else ""
    scope = f" ({summary.filter.describe()})" if summary.filter.describe() else ""
    corpus.append(f"The corpus{scope} comprises {plural(o.articles, 'article', words=True)} {where}{when}{undated}.")
    variables = _names([v.name.lower() for v in summary.variables if v.charted and v.unit == "quote"]) or \
        "their variables"
    per_article = _names([v.name.lower() for v in summary.variables if v.charted and v.unit == "article"])
    if summary.blind:
        corpus.append(f"This report was made in blind mode and covers the codes of {_names(o.coders)} only.")
    else:
        who = f"{plural(len(o.coders), 'coder', words=True)}{f' ({_names(o.coders)})' if o.coders else ''}"
        articles = f"; the articles were coded for {per_article}" if per_article else ""
        corpus.append(f"The {plural(o.quotes, 'quote')} in it were proposed by QuoteCoder's pre-tagger, corrected "
                      f"by {who} and coded for {variables}{articles}.")
        uncoded = max((c.total.get(NOT_CODED, 0) for c in summary.counts.values() if c.variable.unit == "quote"),
                      default=0)
        if uncoded:
            corpus.append(f"{plural(uncoded, 'quote', words=True).capitalize()} "
                          f"{'is' if uncoded == 1 else 'are'} not coded yet.")
    reliable: list[str] = []
    if o.sample_articles and not summary.blind:
        twice = summary.sample.coded_twice or 0
        seed = f", seed {o.sample_seed}" if o.sample_seed is not None else ""
        reliable.append(
            f"A reliability sample of {plural(o.sample_articles, 'article', words=True)} ({percent(o.sample_share, 0)} "
            f"of the corpus), drawn at random within each outlet (stratified by outlet{seed}), was coded "
            f"independently: {number(twice)} of its {plural(summary.sample.quotes, 'quote')} "
            f"{'was' if twice == 1 else 'were'} coded by two or more coders.")
    for found in reliability.variables:
        if math.isnan(found.alpha):
            continue
        low, high = found.ci
        interval = f"95% CI {low:.2f}–{high:.2f}, " if not math.isnan(low) else ""
        unit = "article" if found.variable.unit == "article" else "quote"
        reliable.append(
            f"Krippendorff's α for {found.variable.name.lower()} = {found.alpha:.2f} ({interval}"
            f"{found.variable.level}, {plural(found.units, unit)} coded by two or more coders; "
            f"{found.bootstrap:,} bootstrap resamples of {unit}s); the coders agreed on {percent(found.percent)} "
            "of pairs.")
    machine: list[str] = []
    found = summary.machine
    proposed = sum(found.proposed.values()) if found else 0
    if proposed:
        machine.append(
            f"The pre-tagger proposed {plural(proposed, 'quote')}; the coders rejected "
            f"{number(sum(found.rejected.values()))} ({percent(found.rejected_share)}) and added "
            f"{number(found.added)} it had missed.")
        speaker, boundaries, kind = found.checks
        if speaker.decisions:
            agreement = found.agreement
            versus = (f"; with the pre-tagger counted as one more coder, α for speaker attribution = "
                      f"{agreement.alpha:.2f}" if agreement and not math.isnan(agreement.alpha) else "")
            machine.append(
                f"The pre-tagger's speaker attributions were kept unchanged in {percent(speaker.kept_share)} of "
                f"{plural(speaker.decisions, 'coding decision')}{versus}; its quote boundaries were kept for "
                f"{percent(boundaries.kept_share)} and its quote kind (direct, indirect, mixed) for "
                f"{percent(kind.kept_share)} of the {plural(boundaries.decisions, 'machine quote')} the coders coded.")
    return [paragraph for paragraph in (corpus, reliable, machine) if paragraph]
