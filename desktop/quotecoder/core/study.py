"""The rules of a coding study, shared by the command line and the window.

- **Blind mode** is a setting of the database: while it is on, a coder sees only their
  own labels. Exports of labels are limited to one coder, every-coder files (articles,
  JSONL) are refused, and so are agreement and adjudication; merge reports count
  conflicts without listing them (they show other coders' labels).
- Coders and labels named by the user are checked: an unknown coder is named in the
  message, and a label is accepted by its key or its name, in any case.
- The agreement report and the merge report as the user reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quotecoder.core.agreement import AgreementReport
    from quotecoder.core.model import Codebook
    from quotecoder.core.store import Store
    from quotecoder.core.transfer import MergeReport

BLIND_SETTING = "blind_mode"
#: Export formats whose file holds every coder's labels.
ALL_CODERS_FORMATS = ("articles", "jsonl")
#: Export formats with a coder's own labels.
PER_CODER_FORMATS = ("long", "wide")


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


def resolve_label(codebook: Codebook | None, value: str) -> str:
    """The stance key meant by ``value`` (a key or a name, any case); ValueError if none is."""
    stance = codebook.stance if codebook else None
    found = stance.find(value) if stance else None
    if found is None:
        choices = ", ".join(f"{lab.key} ({lab.name})" if lab.name != lab.key else lab.key
                            for lab in (stance.labels if stance else ()))
        raise ValueError(f"“{value.strip()}” is not a label of the codebook ({choices or 'no labels'}).")
    return found.key


# -- agreement ----------------------------------------------------------------------------------


def compute_agreement(store: Store, variable: str = "stance", coders: Sequence[str] | None = None,
                      bootstrap: int = 1000, seed: int = 0) -> tuple[AgreementReport, dict[tuple[str, str], float]]:
    """(report, boundary shares): agreement on ``variable`` among ``coders`` (all when None).

    Refused in blind mode; an unknown coder is named.
    """
    from quotecoder.core.agreement import agreement

    refuse_if_blind(store, "Agreement")
    if variable not in ("stance", "speaker"):
        raise ValueError(f"Agreement is on stance or speaker, not {variable!r}.")
    coders = check_coders(store, coders)
    units = store.speaker_units(coders) if variable == "speaker" else store.stance_units(coders)
    report = agreement(units, coders=coders, variable=variable, bootstrap=bootstrap, seed=seed)
    boundaries = store.boundary_agreement(report.coders) if len(report.coders) >= 2 else {}
    return report, boundaries


def agreement_text(report: AgreementReport, boundaries: dict[tuple[str, str], float]) -> str:
    """The agreement report as plain text."""
    lines = [report.summary()]
    if boundaries:
        lines.append("Quote boundaries (share of each coder's quotes the other also coded):")
        lines += [f"  {a} → {b}: {100 * share:.1f}%" for (a, b), share in sorted(boundaries.items())]
    return "\n".join(lines)


def agreement_report(store: Store, variable: str = "stance", coders: Sequence[str] | None = None,
                     bootstrap: int = 1000, seed: int = 0) -> str:
    """The agreement report on ``variable`` among ``coders`` as plain text (see :func:`compute_agreement`)."""
    return agreement_text(*compute_agreement(store, variable, coders, bootstrap, seed))


# -- merge and restore --------------------------------------------------------------------------


def merge_report_text(report: MergeReport, blind: bool = False) -> tuple[str, str]:
    """(headline, detail) of a merge or restore. In blind mode the conflicts (which name other
    coders' labels) are counted but not listed."""
    headline = report.headline()
    if not report.changed:
        headline = "Nothing new: this database already had everything.\n" + headline
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
