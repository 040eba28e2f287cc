"""The study summary's charts as matplotlib Figures, for the window (QtAgg) and the report (SVG).

Figures are made with :class:`matplotlib.figure.Figure` directly, never pyplot, so no global
figure state exists and a chart can be built in any thread. Every bar series is a
``BarContainer`` labelled with what it counts, so the data drawn can be read back
(``ax.containers``), and each chart carries its :data:`CHARTS` name as ``fig.get_label()``.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from quotecoder.core.summary import (
    BAND_NAMES,
    DISPUTED,
    NO_OUTLET,
    NOT_CODED,
    OTHER,
    CoderProgress,
    MachineAgreement,
    MachineSummary,
    Reliability,
    SampleProgress,
    SpeakerCount,
    StudySummary,
    ValueCounts,
    Variable,
)

#: The charts, in the order the window and the report show them: name → title.
CHARTS: dict[str, str] = {
    "outlets": "{Units} by {variable} per outlet",
    "time": "{Variable} over time",
    "speakers": "Most quoted speakers",
    "progress": "Coding progress",
    "alpha": "Agreement among coders (Krippendorff's α)",
    "machine": "The pre-tagger as a coder",
}

INK = "#2b2b2b"
MUTED = "#6b6b6b"
GRID = "#e4e4e4"
KEPT = "#5b9e74"
CHANGED = "#e0894a"
SPECIAL_COLOURS = {OTHER: "#b9b9b9", DISPUTED: "#707070", NOT_CODED: "#ffffff"}
SPECIAL_NAMES = {OTHER: "Other codes", DISPUTED: "Disputed", NOT_CODED: "Not coded yet"}
COMPUTING = "Counting…"
WIDTH = 8.0  # inches; the report scales the SVG to its column
MAX_BARS = 15  # outlets and speakers beyond these are summed into one bar
THRESHOLDS = ((0.667, "tentative ", "right"), (0.8, " reliable", "left"))  # Krippendorff (2004): α ≥ .667, ≥ .8
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.edgecolor": "#9a9a9a",
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "text.color": INK,
    "hatch.color": "#bdbdbd",
    "hatch.linewidth": 0.6,
    "svg.fonttype": "none",
}


def _figure(name: str, height: float, **titles: str) -> Figure:
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(WIDTH, height), layout="constrained")
    fig.set_label(name)
    fig.suptitle(plain(CHARTS[name].format(**titles)), x=0.01, ha="left", fontsize=12, fontweight="bold", color=INK)
    return fig


def _axes(fig: Figure):
    with matplotlib.rc_context(STYLE):
        ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_axisbelow(True)
    return ax


def _empty(ax, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color=MUTED, fontsize=11, transform=ax.transAxes)


def _note(fig: Figure, lines: Sequence[str]) -> None:
    """Lines of small print under the chart (the layout leaves room for them)."""
    lines = [part for line in lines if line for part in textwrap.wrap(line, int(fig.get_figwidth() * 15.5))]
    if lines:
        height = fig.get_figheight()
        room = (0.2 + 0.17 * len(lines)) / height
        fig.text(0.01, 0.06 / height, "\n".join(lines), ha="left", va="bottom", fontsize=8, color=MUTED,
                 linespacing=1.4)
        fig.get_layout_engine().set(rect=(0, room, 1, 1 - room))


def safe_colour(colour: str, fallback: str = "#cccccc") -> str:
    """A codebook colour as "#rgb" or "#rrggbb" (a colour from a colleague's codebook is untrusted)."""
    return colour if isinstance(colour, str) and re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", colour or "") else fallback


def value_style(variable: Variable, value: str) -> tuple[str, str, str]:
    """(name, face colour "#rrggbb", hatch) of one value of a charted variable."""
    category = next((c for c in variable.categories if c.key == value), None)
    if category is not None:
        return category.name, safe_colour(category.colour), ""
    return SPECIAL_NAMES.get(value, value), SPECIAL_COLOURS.get(value, "#cccccc"), "////" if value == NOT_CODED else ""


def _stacked_bars(ax, variable: Variable, columns: Sequence[str], rows: Sequence[tuple[str, Counter]],
                  horizontal: bool = True) -> None:
    """One bar per row, stacked by value, each series a labelled BarContainer."""
    positions = range(len(rows))
    base = [0] * len(rows)
    for value in columns:
        heights = [counts.get(value, 0) for _, counts in rows]
        if not any(heights):
            continue
        name, colour, hatch = value_style(variable, value)
        draw = ax.barh if horizontal else ax.bar
        draw(positions, heights, 0.72, base, label=plain(name), color=colour, hatch=hatch,
             edgecolor="#bdbdbd" if hatch else "white", linewidth=0.6, gid=f"series-{value}")
        base = [b + h for b, h in zip(base, heights)]
    return base


def _legend(ax) -> None:
    """The series' legend in one row between the title and the axes."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=6, frameon=False, fontsize=8.5,
                  handlelength=1.2, columnspacing=1.2, borderaxespad=0.3)


def _totals(ax, totals: Sequence[int], horizontal: bool = True) -> None:
    """Each bar's total beside (or above) it."""
    for i, total in enumerate(totals):
        if horizontal:
            ax.annotate(f"{total:,}", (total, i), xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=8, color=MUTED)
        elif total:
            ax.annotate(f"{total:,}", (i, total), xytext=(0, 2), textcoords="offset points", ha="center",
                        fontsize=7, color=MUTED)


def _top_rows(items: Sequence[tuple[str, Counter]], limit: int, rest: str) -> list[tuple[str, Counter]]:
    """The ``limit`` largest rows, the others summed into one row called ``rest``."""
    ranked = sorted(items, key=lambda item: -sum(item[1].values()))
    if len(ranked) <= limit:
        return ranked
    summed: Counter = Counter()
    for _, counts in ranked[limit - 1:]:
        summed.update(counts)
    return [*ranked[: limit - 1], (rest.format(n=len(ranked) - limit + 1), summed)]


def _horizontal_bars(ax, variable: Variable, columns: Sequence[str], rows: list, xlabel: str) -> None:
    """Named rows (bottom to top) as horizontal bars stacked by the variable's values, with totals."""
    totals = _stacked_bars(ax, variable, columns, rows)
    _totals(ax, totals)
    ax.set_yticks(range(len(rows)), [plain(_short(name, 34)) for name, _ in rows])
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, max(totals) * 1.1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color=GRID)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _legend(ax)


def units_word(variable: Variable) -> str:
    """What a variable's bars count: "Quotes", or "Articles" for an article variable."""
    return "Articles" if variable.unit == "article" else "Quotes"


def outlets_chart(counts: ValueCounts) -> Figure:
    """Quotes (articles) by the variable's value per outlet: horizontal stacked bars, largest outlet first."""
    variable = counts.variable
    units = units_word(variable)
    rows = _top_rows([(o or NO_OUTLET, c) for o, c in counts.by_outlet.items()], MAX_BARS, "{n} more outlets")
    fig = _figure("outlets", 1.5 + 0.36 * max(len(rows), 2), variable=variable.name.lower(), Units=units)
    ax = _axes(fig)
    if not rows or not sum(sum(c.values()) for _, c in rows):
        _empty(ax, f"No {units.lower()} in this selection.")
        return fig
    rows = rows[::-1]  # largest at the top
    _horizontal_bars(ax, variable, counts.columns(), rows, units)
    return fig


def period_label(period: str) -> str:
    """"2025-03" → "Mar 2025"; a week's Monday "2025-03-10" → "10 Mar 2025"."""
    if re.fullmatch(r"\d{4}-\d\d", period):
        return date.fromisoformat(period + "-01").strftime("%b %Y")
    return date.fromisoformat(period).strftime("%-d %b %Y")


def time_chart(counts: ValueCounts, period: str) -> Figure:
    """Quotes (articles) by the variable's value per week or month: stacked columns in date order."""
    variable = counts.variable
    fig = _figure("time", 3.6, Variable=variable.name)
    ax = _axes(fig)
    rows = list(counts.by_period.items())
    if not rows:
        _empty(ax, "No dated articles in this selection.")
        return fig
    totals = _stacked_bars(ax, variable, counts.columns(), rows, horizontal=False)
    if len(rows) <= 24:
        _totals(ax, totals, horizontal=False)
    step = max(1, math.ceil(len(rows) / 12))
    labels = [period_label(p) for p, _ in rows][::step]
    upright = sum(len(label) + 2 for label in labels) * 0.075 < WIDTH - 1.2  # inches of text at this font size
    ax.set_xticks(range(0, len(rows), step), labels, rotation=0 if upright else 35, ha="center" if upright else "right",
                  rotation_mode="anchor")
    ax.set_xlim(-0.6, len(rows) - 0.4)
    ax.set_ylabel(f"{units_word(variable)} per {period}")
    ax.set_ylim(0, max(max(totals) * 1.12, 1))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color=GRID)
    ax.tick_params(axis="x", length=0)
    _legend(ax)
    undated = sum(counts.undated.values())
    what = "article(s)" if variable.unit == "article" else "quote(s) in articles"
    _note(fig, [f"{undated:,} {what} without a publication date are not shown." if undated else ""])
    return fig


def speakers_chart(speakers: Sequence[SpeakerCount] | None, variable: Variable, columns: Sequence[str]) -> Figure:
    """The most quoted speakers, each bar split by the variable's values (None: still counting)."""
    fig = _figure("speakers", 1.5 + 0.34 * max(len(speakers or ()), 2))
    ax = _axes(fig)
    if speakers is None:
        _empty(ax, COMPUTING)
        return fig
    if not speakers:
        _empty(ax, "No attributed quotes in this selection.")
        return fig
    rows = [(s.name, s.values.get(variable.key, Counter())) for s in speakers][::-1]
    _horizontal_bars(ax, variable, columns, rows, f"Quotes (by {variable.name.lower()})")
    return fig


def progress_chart(progress: Sequence[CoderProgress], sample: SampleProgress) -> Figure:
    """Each coder's share of the quotes coded, in all and in the reliability sample; the sample's
    double coding."""
    rows: list[tuple[str, float, str, str]] = []  # (label, share, text, colour)
    for p in progress:
        rows.append((f"{p.coder}: all quotes", _share(p.coded, p.quotes), f"{p.coded:,} of {p.quotes:,}", "#5a8fc4"))
        if sample.quotes:
            rows.append((f"{p.coder}: reliability sample", _share(p.sample_coded, p.sample_quotes),
                         f"{p.sample_coded:,} of {p.sample_quotes:,}", "#9bbfe0"))
    if sample.quotes and sample.coded_twice is not None:
        rows.append(("Sample coded by 2+ coders", _share(sample.coded_twice, sample.quotes),
                     f"{sample.coded_twice:,} of {sample.quotes:,}", "#7b6bb0"))
    fig = _figure("progress", 1.3 + 0.34 * max(len(rows), 2))
    ax = _axes(fig)
    if not rows:
        _empty(ax, "Nobody has coded a quote yet.")
        return fig
    rows = rows[::-1]
    ax.barh(range(len(rows)), [1.0] * len(rows), 0.62, color="#f1f1f1", gid="series-total")
    bars = ax.barh(range(len(rows)), [share for _, share, _, _ in rows], 0.62, label="Coded",
                   color=[colour for *_, colour in rows], gid="series-coded")
    for i, (_, share, text, _) in enumerate(rows):
        ax.annotate(f"{text} ({100 * share:.0f}%)", (1.0, i), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8, color=MUTED, annotation_clip=False)
    bars.set_label("Coded")
    ax.set_yticks(range(len(rows)), [plain(label) for label, *_ in rows])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x", color=GRID)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.margins(y=0.02)
    fig.get_layout_engine().set(w_pad=0.25)
    return fig


def alpha_chart(reliability: Reliability | None, machine: MachineAgreement | None = None) -> Figure:
    """α per variable with its 95% bootstrap interval (None: still computing), and the machine's
    α on speaker attribution as one more coder."""
    rows = []  # (label, alpha, low, high, note)
    for found in reliability.variables if reliability else ():
        low, high = found.ci
        rows.append((found.variable.name, found.alpha, low, high,
                     f"{found.units:,} {units_word(found.variable).lower()} coded by 2+ coders"
                     + (", ordinal" if found.variable.level == "ordinal" else "")))
    if machine is not None and not math.isnan(machine.alpha):
        rows.append(("Speaker: pre-tagger as a coder", machine.alpha, math.nan, math.nan,
                     f"{machine.units:,} quotes, machine + coders"))
    fig = _figure("alpha", 1.5 + 0.5 * max(len(rows), 2))
    ax = _axes(fig)
    shown = [r for r in rows if not math.isnan(r[1])]
    if reliability is None:
        _empty(ax, "Computing α and its bootstrap interval…")
        return fig
    if not shown:
        _empty(ax, reliability.withheld or "Nothing was coded by two coders yet: α needs double coding.")
        return fig
    rows = rows[::-1]
    lowest = min(min(r[1], r[2] if not math.isnan(r[2]) else r[1]) for r in shown)
    left = min(0.0, math.floor(lowest * 5) / 5)
    for x, label, side in THRESHOLDS:
        ax.axvline(x, color="#b5b5b5", linestyle=(0, (4, 3)), linewidth=0.9, zorder=0)
        ax.annotate(label, (x, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2), textcoords="offset points",
                    fontsize=7.5, color=MUTED, va="bottom", ha=side)
    for i, (label, alpha, low, high, note) in enumerate(rows):
        if math.isnan(alpha):
            ax.annotate("not enough double coding", (left, i), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8, color=MUTED)
            continue
        machine_row = label.startswith("Speaker: pre-tagger")
        if not math.isnan(low):
            ax.plot([low, high], [i, i], color="#33577a", linewidth=2.2, solid_capstyle="butt", gid=f"ci-{i}")
            for end in (low, high):
                ax.plot([end, end], [i - 0.12, i + 0.12], color="#33577a", linewidth=1.2)
        ax.plot([alpha], [i], "o", markersize=8, color="white" if machine_row else "#33577a",
                markeredgecolor="#33577a", markeredgewidth=1.6, zorder=3, gid=f"alpha-{i}")
        interval = "" if math.isnan(low) else f"  [{low:.2f}, {high:.2f}]"
        ax.annotate(f"α = {alpha:.2f}{interval}\n{note}", (1.0, i), xycoords=("axes fraction", "data"),
                    xytext=(8, 0), textcoords="offset points", va="center", fontsize=8, color=INK,
                    annotation_clip=False)
    ax.set_yticks(range(len(rows)), [plain(r[0]) for r in rows])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(left, 1.0)
    ax.set_xlabel("Krippendorff's α with its 95% bootstrap interval")
    _note(fig, [reliability.withheld,
                "Dashed lines: α ≥ 0.667 allows tentative conclusions, α ≥ 0.8 reliable ones (Krippendorff, 2004)."])
    ax.grid(axis="x", color=GRID)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    fig.get_layout_engine().set(w_pad=0.3)
    return fig


def machine_chart(machine: MachineSummary | None, agreement: MachineAgreement | None = None) -> Figure:
    """Per proposal kind and confidence band: the share of decisions that kept the machine's
    proposal; and the machine's quotes that coders kept or rejected (None: still counting)."""
    rows = []  # (label, kept, changed)
    for check in machine.checks if machine else ():
        for band in BAND_NAMES:
            kept, changed = check.kept.get(band, 0), check.changed.get(band, 0)
            if kept + changed:
                rows.append((f"{check.name.split(' (')[0]} · {band} confidence", kept, changed))
    for band in BAND_NAMES if machine else ():
        total, rejected = machine.proposed.get(band, 0), machine.rejected.get(band, 0)
        if total:
            rows.append((f"Quote, not rejected · {band} confidence", total - rejected, rejected))
    fig = _figure("machine", 1.7 + 0.3 * max(len(rows), 2))
    ax = _axes(fig)
    if machine is None:
        _empty(ax, COMPUTING)
        return fig
    if not rows:
        _empty(ax, "No machine proposal has been reviewed yet.")
        return fig
    rows = rows[::-1]
    shares = [k / (k + c) for _, k, c in rows]
    ax.barh(range(len(rows)), shares, 0.66, label="Kept as proposed", color=KEPT, gid="series-kept")
    ax.barh(range(len(rows)), [1 - s for s in shares], 0.66, left=shares, label="Changed or rejected",
            color=CHANGED, gid="series-changed")
    for i, (_, kept, changed) in enumerate(rows):
        ax.annotate(f"{100 * kept / (kept + changed):.0f}% of {kept + changed:,}", (1.0, i), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8, color=MUTED, annotation_clip=False)
    ax.set_yticks(range(len(rows)), [label for label, *_ in rows])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="x", color=GRID)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _legend(ax)
    fig.get_layout_engine().set(w_pad=0.3)
    lines = [f"Bands of the pre-tagger's confidence (high ≥ 0.8, medium 0.5–0.8, low < 0.5): for speakers its "
             f"{machine.speaker_band_source}, otherwise its quote confidence."]
    added = f"Coders added {machine.added:,} quote(s) the pre-tagger missed."
    if agreement is not None:
        added += (f" Speaker attributions kept: {100 * agreement.percent:.1f}% of {agreement.decisions:,} coder "
                  f"decisions; α = {agreement.alpha:.2f} with the pre-tagger as one more coder.")
    _note(fig, [*lines, added])
    return fig


def chart(name: str, summary: StudySummary, reliability: Reliability | None, variable: str | None = None) -> Figure:
    """The chart ``name`` (a key of :data:`CHARTS`) for ``summary``, bars by ``variable`` (default: the
    first charted one). Parts not counted yet (``None``) show as "Counting…"."""
    key = variable if variable in summary.counts else next(iter(summary.counts), None)
    counts = summary.counts[key] if key is not None else ValueCounts(summary.variables[0], {}, {}, Counter())
    if name == "outlets":
        return outlets_chart(counts)
    if name == "time":
        return time_chart(counts, summary.overview.period)
    if name == "speakers":  # a quote's speaker: bars by a quote variable (the chosen one, else the first)
        mix = counts if counts.variable.unit == "quote" else next(
            (c for c in summary.counts.values() if c.variable.unit == "quote"), counts)
        return speakers_chart(summary.speakers, mix.variable, mix.columns())
    if name == "progress":
        return progress_chart(summary.progress, summary.sample)
    machine = summary.machine.agreement if summary.machine else None
    if name == "alpha":
        return alpha_chart(reliability, machine)
    if name == "machine":
        return machine_chart(summary.machine, machine)
    raise KeyError(name)


def summary_charts(summary: StudySummary, reliability: Reliability | None, variable: str | None = None
                   ) -> dict[str, Figure]:
    """Every chart of :data:`CHARTS`, in order."""
    return {name: chart(name, summary, reliability, variable) for name in CHARTS}


def svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog; ids unique to this chart)."""
    out = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": fig.get_label() or "chart"}):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    return text[text.index("<svg"):]


def save_chart(fig: Figure, path: str | Path) -> Path:
    """Save ``fig`` as PNG (150 dpi) or SVG, by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"Save the chart as .png or .svg, not {path.suffix or 'a file without a suffix'}.")
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": fig.get_label() or "chart"}):
        fig.savefig(path, format=suffix[1:], dpi=150, facecolor="white",
                    metadata={"Date": None, "Creator": None} if suffix == ".svg" else None)
    return path


def plain(text: str) -> str:
    """A name from the data as matplotlib should print it: "$" never starts mathematics."""
    return text.replace("$", r"\$")


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
