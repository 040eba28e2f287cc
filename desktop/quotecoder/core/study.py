"""The rules of a coding study, shared by the command line and the window.

- **Blind mode** is a setting of the database: while it is on, a coder sees only their
  own labels. Exports of labels are limited to one coder, every-coder files (articles,
  JSONL) are refused, and so are agreement and adjudication; merge reports count
  conflicts without listing them (they show other coders' labels).
- Coders, variables and labels named by the user are checked: an unknown coder or variable
  is named in the message, and a label is accepted by its key or its name, in any case.
- Agreement on a variable (a quote or article variable of the codebook, or ``speaker``: each
  coder's speaker attribution), the table of every variable, and the merge report, as the
  user reads them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quotecoder.core.model import STANCE, UNITS

if TYPE_CHECKING:
    from quotecoder.core.agreement import AgreementReport
    from quotecoder.core.model import Codebook, CodebookLabel, Variable
    from quotecoder.core.store import Store
    from quotecoder.core.transfer import MergeReport

BLIND_SETTING = "blind_mode"
#: Export formats whose file holds every coder's labels.
ALL_CODERS_FORMATS = ("articles", "jsonl")
#: Export formats with a coder's own labels.
PER_CODER_FORMATS = ("long", "wide", "article-codes")
#: What ``agreement --variable`` calls each coder's speaker attribution (not a codebook variable).
SPEAKER_ATTRIBUTION = "speaker"
#: The units each coder codes (a speaker variable is coded once per speaker).
CODED_BY_EACH = ("quote", "article")


class BlindModeError(ValueError):
    """Something blind mode does not allow; the message says what to do instead."""


# -- blind mode ---------------------------------------------------------------------------------


def is_blind(store: Store) -> bool:
    """True while the database is in blind mode."""
    return store.setting(BLIND_SETTING) == "1"


def set_blind(store: Store, on: bool) -> None:
    """Turn blind mode on or off for everyone who codes this database."""
    store.set_setting(BLIND_SETTING, "1" if on else "0")


def refuse_if_blind(store: Store, what: str) -> None:
    """Raise :class:`BlindModeError` in blind mode: ``what`` would show other coders' labels."""
    if is_blind(store):
        raise BlindModeError(
            f"{what} shows other coders' labels, so it is off in blind mode. "
            "Turn blind mode off (View › Blind mode, or `quotecoder blind off`) once every coder has finished."
        )


def visible_coders(store: Store, viewer: str | None, coders: Sequence[str] | None = None) -> list[str] | None:
    """The coders whose labels ``viewer`` may see among ``coders`` (None: all of them).

    Outside blind mode that is ``coders`` as given. In blind mode it is the viewer alone:
    name the viewer (or the one coder asked for) or get a :class:`BlindModeError`.
    """
    if not is_blind(store):
        return list(coders) if coders else None
    if viewer is None and coders is not None and len(coders) == 1:
        viewer = coders[0]
    if not viewer:
        raise BlindModeError(
            "Blind mode is on: each coder sees only their own labels. Say who you are with --coder NAME.")
    others = sorted(set(coders or ()) - {viewer})
    if others:
        raise BlindModeError(
            f"Blind mode is on: {viewer} sees only their own labels, not those of {', '.join(others)}."
        )
    return [viewer]


def export_coders(store: Store, fmt: str, viewer: str | None, coders: Sequence[str] | None) -> list[str] | None:
    """The coders an export of format ``fmt`` may hold (None: all); blind mode limits and refuses."""
    if fmt in ALL_CODERS_FORMATS:
        refuse_if_blind(store, f"The {fmt} export")
        return list(coders) if coders else None
    if fmt in PER_CODER_FORMATS:
        return visible_coders(store, viewer, coders)
    return list(coders) if coders else None


# -- names the user types -----------------------------------------------------------------------


def check_coders(store: Store, coders: Sequence[str] | None) -> list[str] | None:
    """``coders`` as given, after checking that each is a coder of this database."""
    if not coders:
        return None
    known = [c.name for c in store.coders()]
    unknown = [c for c in coders if c not in known]
    if unknown:
        listed = ", ".join(known) if known else "none yet"
        raise ValueError(
            f"There is no coder {', '.join(unknown)} in {store.path.name} (coders: {listed})."
        )
    return list(dict.fromkeys(coders))


def label_choices(labels: Sequence[CodebookLabel]) -> str:
    """The labels as the user may type them: "opposed (Opposed), threat (Threat)"."""
    return ", ".join(f"{lab.key} ({lab.name})" if lab.name != lab.key else lab.key for lab in labels)


def resolve_variable(codebook: Codebook | None, key: str, units: Sequence[str] = UNITS) -> Variable:
    """The codebook variable ``key`` (its key or name, any case) of one of ``units``; ValueError naming the choices."""
    variables = codebook.variables if codebook else ()
    found = codebook.find_variable(key) if codebook else None
    if found is not None and found.unit in units:
        return found
    choices = ", ".join(v.key for v in variables if v.unit in units) or "none"
    if found is not None:
        raise ValueError(f"{found.key} is coded per {found.unit}; this takes a {' or '.join(units)} variable "
                         f"({choices}).")
    raise ValueError(f"There is no variable “{key.strip()}” in the codebook (variables: {choices}).")


def resolve_label(codebook: Codebook | None, value: str, variable: str = STANCE) -> str:
    """The key of ``variable``'s label meant by ``value`` (a key or a name, any case); ValueError if none is.

    ``stance`` is the codebook's first quote variable when it has no variable of that name.
    """
    found = codebook.stance if codebook and variable == STANCE and not codebook.variable(STANCE) else None
    found = found or resolve_variable(codebook, variable)
    label = found.find(value)
    if label is None:
        what = "the codebook" if found.key == STANCE else found.key
        choices = label_choices(found.labels) or "no labels"
        raise ValueError(f"“{value.strip()}” is not a label of {what} ({choices}).")
    return label.key


# -- agreement ----------------------------------------------------------------------------------


def agreement_variables(codebook: Codebook | None) -> list[Variable]:
    """The variables coders can agree on: the codebook's quote and article variables."""
    return [v for v in (codebook.variables if codebook else ()) if v.unit in CODED_BY_EACH]


def compute_agreement(store: Store, variable: str = STANCE, coders: Sequence[str] | None = None,
                      bootstrap: int = 1000, seed: int = 0) -> tuple[AgreementReport, dict[tuple[str, str], float]]:
    """(report, boundary shares): agreement on ``variable`` among ``coders`` (all when None).

    ``variable`` is a quote or article variable of the codebook (an ordinal one gets ordinal α)
    or ``speaker``, each coder's speaker attribution. Boundary shares (of each coder's quotes,
    those the other also coded) come with quote variables. Refused in blind mode; an unknown
    coder or variable is named.
    """
    from quotecoder.core.agreement import agreement

    refuse_if_blind(store, "Agreement")
    coders = check_coders(store, coders)
    unit = "quote"
    if variable.strip().casefold() == SPEAKER_ATTRIBUTION:
        report = agreement(store.speaker_units(coders), coders=coders, variable=SPEAKER_ATTRIBUTION,
                           bootstrap=bootstrap, seed=seed)
    else:
        codebook = store.codebook()
        found = codebook.variable(variable) if codebook else None
        if found is not None and found.unit not in CODED_BY_EACH:
            raise ValueError(f"{found.key} is coded once per {found.unit}, not by each coder: there is no "
                             "agreement among coders to measure.")
        found = resolve_variable(codebook, variable, CODED_BY_EACH)
        order = [lab.key for lab in found.labels] if found.level == "ordinal" else None
        report = agreement(store.units(found.key, coders, found.unit), coders=coders, variable=found.key,
                           bootstrap=bootstrap, seed=seed, order=order)
        unit = found.unit
    boundaries = store.boundary_agreement(report.coders) if len(report.coders) >= 2 and unit == "quote" else {}
    return report, boundaries


def agreement_text(report: AgreementReport, boundaries: dict[tuple[str, str], float]) -> str:
    """The agreement report as plain text."""
    lines = [report.summary()]
    if boundaries:
        lines.append("Quote boundaries (share of each coder's quotes the other also coded):")
        lines += [f"  {a} → {b}: {100 * share:.1f}%" for (a, b), share in sorted(boundaries.items())]
    return "\n".join(lines)


def agreement_report(store: Store, variable: str = STANCE, coders: Sequence[str] | None = None,
                     bootstrap: int = 1000, seed: int = 0) -> str:
    """The agreement report on ``variable`` among ``coders`` as plain text (see :func:`compute_agreement`)."""
    return agreement_text(*compute_agreement(store, variable, coders, bootstrap, seed))


@dataclass(frozen=True)
class VariableAgreement:
    """One row of the agreement table: a variable, its unit, and the agreement on it."""

    key: str
    unit: str
    report: AgreementReport


def agreement_overview(store: Store, coders: Sequence[str] | None = None, bootstrap: int = 1000,
                       seed: int = 0) -> list[VariableAgreement]:
    """Agreement on every quote and article variable of the codebook, then on speaker attribution."""
    refuse_if_blind(store, "Agreement")
    coders = check_coders(store, coders)
    keys = [(v.key, v.unit) for v in agreement_variables(store.codebook())] + [(SPEAKER_ATTRIBUTION, "quote")]
    return [VariableAgreement(key, unit, compute_agreement(store, key, coders, bootstrap, seed)[0])
            for key, unit in keys]


def _percent(share: float) -> str:
    return "n/a" if math.isnan(share) else f"{100 * share:.1f}%"


def agreement_table(store: Store, coders: Sequence[str] | None = None, bootstrap: int = 1000, seed: int = 0) -> str:
    """The agreement on every variable as one plain-text table: α with its interval, % agreement, units."""
    from quotecoder.core.agreement import fmt

    rows = agreement_overview(store, coders, bootstrap, seed)
    names = sorted({c for row in rows for c in row.report.coders})
    table = [("Variable", "Unit", "Level", "Alpha", "95% CI", "Agreement", "Units")]
    for row in rows:
        r = row.report
        table.append((row.key, row.unit, r.level, fmt(r.alpha), f"[{fmt(r.alpha_ci[0])}, {fmt(r.alpha_ci[1])}]",
                      _percent(r.percent), f"{r.units:,}"))
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    among = ", ".join(names) if names else "the coders (no unit is coded by two yet)"
    lines = [f"Agreement among {among}: Krippendorff's alpha with its 95% bootstrap interval, "
             "on the units coded by 2+ coders."]
    lines += ["  " + "  ".join(cell.rjust(w) if i >= 3 else cell.ljust(w)
                               for i, (cell, w) in enumerate(zip(line, widths))).rstrip() for line in table]
    codebook = store.codebook()
    once = [v.key for v in codebook.by_unit("speaker")] if codebook else []
    if once:
        lines.append(f"Coded once per speaker, so without agreement among coders: {', '.join(once)}.")
    lines.append(f"{SPEAKER_ATTRIBUTION}: each coder's speaker attribution. One variable in detail (Cohen's kappa "
                 "per pair of coders, each value): quotecoder agreement --variable KEY")
    return "\n".join(lines)


# -- merge and restore --------------------------------------------------------------------------


def merge_report_text(report: MergeReport, blind: bool = False) -> tuple[str, str]:
    """(headline, detail) of a merge or restore. In blind mode the conflicts (which name other
    coders' labels) are counted but not listed."""
    headline = report.headline()
    if not report.changed:
        headline = "Nothing new: this database already had everything.\n" + headline
    headline += "".join(f"\nCodebook: took {taken}." for taken in report.codebook_taken)
    trouble = []
    if report.conflicts or report.unmatched:
        trouble.append(f"{len(report.conflicts)} conflict(s) (kept as they are here) and "
                       f"{len(report.unmatched)} unmatched quote(s)")
    if report.problems:
        trouble.append(f"{len(report.problems)} record(s) or item(s) skipped as unreadable")
    if trouble:
        headline += "\n" + "; ".join(trouble) + ": see below."
    detail = []
    for title, items in report.sections().items():
        if not items:
            continue
        if blind and items is report.conflicts:
            detail.append(f"{title}: {len(items)} (not listed in blind mode: they show coders' labels)")
            continue
        detail.append(f"{title}: {len(items)}")
        detail += [f"  {item}" for item in items]
    return headline, "\n".join(detail)


def merge_report(report: MergeReport, blind: bool = False) -> str:
    """A merge or restore report as plain text for the terminal."""
    return "\n".join(part for part in merge_report_text(report, blind) if part)
