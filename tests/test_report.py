"""`quotecoder report`: the self-contained HTML study report, parsed back and checked against
`quotecoder agreement` and the exports.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from contextlib import redirect_stderr
from html.parser import HTMLParser

import pytest

from quotecoder.cli import main as cli
from quotecoder.core.model import Codebook, CodebookLabel
from quotecoder.core.workspace import open_store
from test_summary import CODERS, STANCES, build_study, cli_alpha, export, final_values, outlet_of, run


class Page(HTMLParser):
    """What a test needs from the report: elements by data attribute, table rows, SVGs, links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[tuple[str, str], str] = {}  # (attribute, value) -> text
        self.tables: dict[str, list[list[str]]] = defaultdict(list)  # "variable/by" -> rows of cells
        self.svgs = 0
        self.tags: Counter = Counter()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self._open: list[tuple[str, tuple[str, str], list[str]]] = []  # elements with a data- attribute
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] += 1
        self.svgs += tag == "svg"
        self.urls += [v for k, v in attrs.items() if k in ("src", "href", "xlink:href") and v]
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for key, value in attrs.items():
            if key.startswith("data-") and tag in ("td", "b"):
                self._open.append((tag, (key[5:], value), []))
        if tag == "table":
            self._table = f"{attrs.get('class', '')}/{attrs.get('data-variable', '')}/{attrs.get('data-by', '')}"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _, key, parts = self._open.pop()
            self.data[key] = " ".join("".join(parts).split())
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None

    def handle_data(self, data):
        self.text.append(data)
        for _, _, parts in self._open:
            parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def table(self, name: str) -> list[dict[str, str]]:
        head, *rows = self.tables[name]
        return [dict(zip(head, row)) for row in rows]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return build_study(tmp_path_factory.mktemp("report") / "study.db")


@pytest.fixture(scope="module")
def page(study, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "report.html"
    assert "Wrote the study report" in run("report", "--db", study["path"], "--out", out)
    return Page(out.read_text(encoding="utf-8"))


def number(text: str) -> int:
    return int(text.replace(",", ""))


def test_alpha_and_its_interval_equal_quotecoder_agreement(study, page):
    for variable in ("stance", "speaker"):
        alpha, low, high = cli_alpha(study, variable)
        assert page.data[("alpha", variable)] == alpha
        assert page.data[("ci", variable)] == f"{low} – {high}"
    stance_alpha = float(cli_alpha(study, "stance")[0])
    assert f"Krippendorff's α for stance = {stance_alpha:.2f} (95% CI" in page.words
    assert ("alpha", "machine-speaker") in page.data


def test_counts_match_the_exports(study, page, tmp_path):
    finals = final_values(study, tmp_path)
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    for row, value in finals.values():
        per_outlet[outlet_of(row) or "(no outlet)"][value] += 1
    rows = page.table("counts/stance/outlet")
    names = {"Pro-deployment": "pro-deployment", "Opposed": "opposed", "Threat": "threat", "Neutral": "neutral",
             "Disputed": "(disputed)"}
    drawn = {r["Outlet"]: Counter({names[k]: number(v) for k, v in r.items() if k in names and number(v)})
             for r in rows if r["Outlet"] != "All outlets"}
    assert drawn == dict(per_outlet)
    assert number(rows[-1]["All"]) == len(finals)
    assert page.data[("figure", "quotes")] == f"{len(finals):,}"
    with open_store(study["path"]) as store:
        assert page.data[("figure", "articles")] == str(store.article_count())
    progress = {r["Coder"]: r for r in page.table("progress//")}
    long_rows = export(study, "long", tmp_path)
    for coder in CODERS:
        assert number(progress[coder]["Quotes coded"]) == sum(r["coder"] == coder for r in long_rows)
    machine = [r for r in long_rows if r["origin"] == "model" and r["coder"]]
    speaker = next(r for r in page.table("machine//") if r["Proposal"] == "Speaker" and r["Confidence"] == "all")
    assert number(speaker["Changed"]) == sum(r["speaker_corrected"] == "yes" for r in machine)
    assert number(speaker["Kept"]) + number(speaker["Changed"]) == len(machine)
    assert page.data[("machine", "rejected")] == str(len(study["rejected"]))
    assert page.data[("machine", "added")] == "1"


def test_the_report_is_one_self_contained_file_with_the_charts_as_svg(page):
    assert page.svgs >= 5
    assert {f"chart-{name}" for name in ("outlets", "time", "speakers", "progress", "alpha", "machine")} <= page.ids
    assert not page.tags["script"] and not page.tags["link"] and not page.tags["img"] and not page.tags["iframe"]
    assert all(not re.match(r"(https?:)?//", url) for url in page.urls), page.urls  # nothing fetched


def test_methods_paragraph_and_codebook_appendix(study, page):
    words = page.words
    with open_store(study["path"]) as store:
        articles = store.article_count()
        codebook = store.codebook()
    assert f"The corpus comprises {articles} articles from two outlets" in words
    assert "published between 14 March 2025 and 11 September 2025" in words
    assert "corrected by two coders (ana and ben) and coded for stance" in words
    assert "A reliability sample of four articles (40% of the corpus)" in words
    assert "stratified by outlet, seed 3" in words
    assert "The pre-tagger's speaker attributions were kept unchanged in" in words
    appendix = page.table("codebook/stance/")
    assert [r["Value"] for r in appendix] == list(STANCES)
    assert [r["Description"] for r in appendix] == [lab.description for lab in codebook.labels]


def test_blind_mode_refuses_without_a_coder_and_shows_only_theirs(study, tmp_path):
    out = tmp_path / "blind.html"
    run("blind", "on", "--db", study["path"])
    try:
        err = io.StringIO()
        with redirect_stderr(err):
            assert cli(["report", "--db", str(study["path"]), "--out", str(out)]) == 2
        assert "Blind mode is on" in err.getvalue() and "--coder" in err.getvalue()
        assert not out.exists()
        text = run("report", "--db", study["path"], "--out", out, "--coder", "ben")
        assert "only ben's own codes" in text
    finally:
        run("blind", "off", "--db", study["path"])
    page = Page(out.read_text(encoding="utf-8"))
    assert "blind-notice" in page.ids and "Blind mode is on." in page.words
    assert [r["Coder"] for r in page.table("progress//")] == ["ben"]
    assert ("alpha", "stance") not in page.data  # no agreement among coders
    assert "Disputed" not in page.tables["counts/stance/outlet"][0]
    assert "This report was made in blind mode and covers the codes of ben only." in page.words


def test_filters_of_the_report(study, tmp_path):
    out = tmp_path / "outlet.html"
    run("report", "--db", study["path"], "--out", out, "--outlet", "Cornerstone Daily", "--from", "2025-03-01")
    page = Page(out.read_text(encoding="utf-8"))
    assert [r["Outlet"] for r in page.table("counts/stance/outlet")] == ["Cornerstone Daily", "All outlets"]
    assert "outlet Cornerstone Daily; published from 2025-03-01" in page.words
    err = io.StringIO()
    with redirect_stderr(err):
        assert cli(["report", "--db", str(study["path"]), "--out", str(out), "--coders", "ana,ben"]) == 2
        assert cli(["report", "--db", str(study["path"]), "--out", str(out), "--coders", "zoe"]) == 2
        assert cli(["report", "--db", str(study["path"]), "--out", str(out), "--to", "yesterday"]) == 2
        assert cli(["report", "--db", str(study["path"]), "--out", str(study["path"])]) == 2
    assert "one name" in err.getvalue() and "no coder zoe" in err.getvalue() and "YYYY-MM-DD" in err.getvalue()
    assert "is the study's database" in err.getvalue()
    with open_store(study["path"]) as store:  # untouched
        assert store.integrity_check() == "ok" and store.article_count() == 10


def test_a_colleagues_codebook_cannot_inject_markup_or_fetch(tmp_path):
    path = tmp_path / "odd.db"
    with open_store(path) as store:
        store.save_codebook(Codebook.of_labels("<b>Odd</b> codebook", 1, (
            CodebookLabel("pro", "<script>alert(1)</script>", "desc <i>x</i>", "red;background:url(http://x.test/a)"),
            CodebookLabel("con", "Con", "", "#12345"),
        )))
    out = tmp_path / "odd.html"
    run("report", "--db", path, "--out", out)
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "url(http" not in html and "&lt;script&gt;" in html
    assert Page(html).svgs >= 5  # an empty study still has its (empty) charts
