"""Importers: header layouts, encodings, tables, JSON, HTML and robustness.

Every fixture is fictional (invented people, places and outlets) and written into
``tmp_path`` by the test that uses it.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotecoder.core.importers import ImportProblem, content_hash, parse_date, read_articles
from quotecoder.core.importers import decode as decode_module
from quotecoder.core.importers import table as table_module
from quotecoder.core.model import Article

BODY = (
    "The harbour agreement between Valdoria and Ostrenia collapsed early on Saturday "
    "after negotiators failed to settle the question of fishing rights.\n"
    "\n"
    "\u2018We came to the table in good faith,\u2019 said Tomas Evrard, the Valdoran trade minister.\n"
    "\n"
    "Talks are not expected to resume before the spring."
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def read_all(*paths: Path | str, columns: dict[str, str] | None = None) -> list:
    return list(read_articles(paths, columns))


def articles(items: list) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list) -> list[ImportProblem]:
    return [item for item in items if isinstance(item, ImportProblem)]


def one_article(path: Path) -> Article:
    items = read_all(path)
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def read_as(path: Path, encoding: str) -> Article:
    """The one article in ``path``, which must come with the warning that it was read as ``encoding``."""
    items = read_all(path)
    assert [type(item) for item in items] == [Article, ImportProblem], items
    assert items[1].is_warning and f"read as {encoding}" in items[1].message
    return items[0]


def one_problem(path: Path, columns: dict[str, str] | None = None) -> ImportProblem:
    items = read_all(path, columns=columns)
    assert len(items) == 1 and isinstance(items[0], ImportProblem), items
    return items[0]


# --- header layouts --------------------------------------------------------------------------


def test_tabloid_header(tmp_path):
    text = (
        "By MIRELA OSKARSDOTTIR FOR THE VALDORAN HERALD\n\n"
        "Published: 06:37 GMT, 14 March 2025 | Updated: 06:52 GMT, 14 March 2025\n\n" + BODY + "\n"
    )
    article = one_article(write(tmp_path, "a.txt", text))
    assert article.byline == "Mirela Oskarsdottir"
    assert article.outlet == "The Valdoran Herald"
    assert article.published == "2025-03-14T06:37:00+00:00"
    assert article.title is None and article.url is None
    assert article.text == BODY
    assert article.source == str(tmp_path / "a.txt")
    assert article.content_hash == content_hash(BODY)


@pytest.mark.parametrize(
    ("line", "byline", "outlet"),
    [
        ("By Jana Novak", "Jana Novak", None),
        ("By JANA NOVAK", "Jana Novak", None),
        ("By TOMAS EVRARD and ILSE MARQUAND", "Tomas Evrard and Ilse Marquand", None),
        ("By Jana Novak, Political Reporter", "Jana Novak", None),
        ("By Jana Novak, Ilse Marquand and Piet de Vries", "Jana Novak, Ilse Marquand and Piet de Vries", None),
        ("By SEAN O'BRIEN-VALE FOR OSTRENIA TODAY", "Sean O'Brien-Vale", "Ostrenia Today"),
        ("By: Jana Novak", "Jana Novak", None),
        ("Author: Jana Novak", "Jana Novak", None),
        ("Jana Novak, The Valdoran Press", "Jana Novak", None),
        ("Jana Novak, Power Play producer", "Jana Novak", None),
    ],
)
def test_byline_variants(tmp_path, line, byline, outlet):
    article = one_article(write(tmp_path, "a.txt", f"{line}\n\n{BODY}"))
    assert (article.byline, article.outlet) == (byline, outlet)
    assert article.text == BODY


def test_date_and_slug_header(tmp_path):
    text = "9 September, 2025\nharbour-talks-collapse-in-valdoria\n\n" + BODY
    article = one_article(write(tmp_path, "a.txt", text))
    assert article.published == "2025-09-09"
    assert article.title == "Harbour talks collapse in Valdoria"  # the body writes it so mid-sentence
    assert article.url is None
    assert article.text == BODY


@pytest.mark.parametrize(
    "first", ["9 September, 2025", "September 9, 2025", "2025-09-09", "9 Sep 2025", "Tuesday 9 September 2025"]
)
def test_date_line_formats(tmp_path, first):
    article = one_article(write(tmp_path, "a.txt", f"{first}\nharbour-talks-collapse-in-valdoria\n\n{BODY}"))
    assert article.published == "2025-09-09"
    assert article.text == BODY


def test_date_and_full_url_header(tmp_path):
    url = "https://herald.example.org/news/harbour-talks-collapse"
    article = one_article(write(tmp_path, "a.txt", f"9 September 2025\n{url}\n\n{BODY}"))
    assert (article.published, article.url, article.title) == ("2025-09-09", url, None)
    assert article.text == BODY


def test_title_line_wins_over_slug(tmp_path):
    text = "Harbour deal collapses after late-night talks\n\n9 September 2025\nharbour-deal-collapses\n\n" + BODY
    article = one_article(write(tmp_path, "a.txt", text))
    assert article.title == "Harbour deal collapses after late-night talks"
    assert article.published == "2025-09-09"
    assert article.text == BODY


def test_title_line_before_byline(tmp_path):
    text = "Harbour deal collapses after late-night talks\n\nBy Jana Novak\n\n" + BODY
    article = one_article(write(tmp_path, "a.txt", text))
    assert article.title == "Harbour deal collapses after late-night talks"
    assert article.byline == "Jana Novak"
    assert article.text == BODY


def test_key_value_header(tmp_path):
    text = (
        "Title: Harbour deal collapses\n"
        "Source: The Valdoran Herald\n"
        "Date: 2 November 2024\n"
        "URL: https://herald.example.org/news/harbour\n"
        "Author: Jana Novak\n"
        "\n" + BODY
    )
    article = one_article(write(tmp_path, "a.txt", text))
    assert article.title == "Harbour deal collapses"
    assert article.outlet == "The Valdoran Herald"
    assert article.published == "2024-11-02"
    assert article.url == "https://herald.example.org/news/harbour"
    assert article.byline == "Jana Novak"
    assert article.text == BODY


def test_bare_body_keeps_everything(tmp_path):
    article = one_article(write(tmp_path, "a.txt", "\n\n" + BODY + "\n\n\n"))
    assert article.text == BODY
    assert (article.title, article.outlet, article.byline, article.published, article.url) == (None,) * 5


@pytest.mark.parametrize(
    "text",
    [
        # a short first line with no header after it is a paragraph, not a title
        "Fishing rights remain the sticking point\n\n" + BODY,
        # a long sentence is never a header, even when it starts with "By"
        "By the time the negotiators from Valdoria and Ostrenia arrived on Saturday, "
        "the harbour agreement had already collapsed.\n\n" + BODY,
        "By Friday, the ministry had agreed to resume talks\n\n" + BODY,
        "Source: officials in the Valdoran trade ministry said the talks had failed.\n\n" + BODY,
        "Date: to be confirmed\n\n" + BODY,
    ],
)
def test_body_paragraphs_are_never_eaten(tmp_path, text):
    article = one_article(write(tmp_path, "a.txt", text))
    assert article.text == text


def test_only_the_first_value_of_a_field_counts(tmp_path):
    text = "9 September 2025\nharbour-talks-collapse\nsecond-slug-line-here\nUpdated: 10 September 2025\n\n"
    article = one_article(write(tmp_path, "a.txt", text + BODY))
    assert (article.published, article.title) == ("2025-09-09", "Harbour talks collapse")
    assert article.text == BODY


def test_header_only_file_is_a_problem(tmp_path):
    problem = one_problem(write(tmp_path, "a.txt", "By Jana Novak\n\nPublished: 14 March 2025\n"))
    assert problem.message == "no article text after the header"


# --- encodings ---------------------------------------------------------------------------------


def test_crlf_and_cr_are_normalised(tmp_path):
    crlf = one_article(write(tmp_path, "crlf.txt", ("By Jana Novak\n\n" + BODY).replace("\n", "\r\n")))
    cr = one_article(write(tmp_path, "cr.txt", BODY.replace("\n", "\r")))
    assert crlf.text == BODY and crlf.byline == "Jana Novak"
    assert cr.text == BODY


def test_utf8_bom(tmp_path):
    article = one_article(write(tmp_path, "a.txt", ("By Jana Novak\n\n" + BODY).encode("utf-8-sig")))
    assert article.byline == "Jana Novak"
    assert article.text == BODY


def test_utf16_with_bom(tmp_path):
    article = read_as(write(tmp_path, "a.txt", BODY.encode("utf-16")), "utf-16")
    assert article.text == BODY


def test_cp1252_curly_quotes(tmp_path):
    text = "\u2018It\u2019s a red line,\u2019 said the minister."
    article = read_as(write(tmp_path, "a.txt", text.encode("cp1252")), "cp1252")
    assert article.text == text


def test_latin1(tmp_path):
    text = "Caf\u00e9 owners in S\u00e3o Miguel-Vor said the na\u00efve plan would fail, according to M\u00fcller."
    article = read_as(write(tmp_path, "a.txt", text.encode("latin-1")), "cp1252")
    assert article.text == text


def test_binary_file_is_a_problem(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    problem = one_problem(write(tmp_path, "image.txt", png))
    assert problem.message == "not a text file (binary content)"
    assert str(problem) == f"{tmp_path / 'image.txt'}: not a text file (binary content)"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n"])
def test_empty_files_are_problems(tmp_path, content):
    problem = one_problem(write(tmp_path, "a.txt", content))
    assert problem.message.startswith("empty file")
    assert problem.line is None


def test_folder_with_mixed_files(tmp_path):
    folder = tmp_path / "downloads"
    write(folder, "a_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00IHDR")
    write(folder, "b_empty.txt", b"")
    write(folder, "c_windows.txt", "\u2018It\u2019s a red line,\u2019 said the minister.".encode("cp1252"))
    write(folder, "nested/d_good.txt", BODY)
    write(folder, ".hidden.txt", BODY)
    write(folder, ".git/config.txt", BODY)
    items = read_all(folder)
    assert [Path(a.source).name for a in articles(items)] == ["c_windows.txt", "d_good.txt"]
    assert [Path(p.path).name for p in problems(items) if not p.is_warning] == ["a_binary.txt", "b_empty.txt"]


def test_too_large_file_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(decode_module, "MAX_ARTICLE_BYTES", 100)
    problem = one_problem(write(tmp_path, "a.txt", BODY))
    assert problem.message.startswith("file too large")


def test_unknown_extension_and_missing_path(tmp_path):
    problem = one_problem(write(tmp_path, "report.pdf", b"%PDF-1.4 fictional"))
    assert problem.message.startswith("unsupported file type '.pdf'")
    assert ".txt" in problem.message and ".csv" in problem.message and ".docx" in problem.message
    damaged = one_problem(write(tmp_path, "report.docx", b"PK\x03\x04"))
    assert damaged.message.startswith("could not read the Word file")
    missing = one_problem(tmp_path / "nowhere.txt")
    assert missing.message == "no such file or folder"


def test_file_without_extension_is_text(tmp_path):
    assert one_article(write(tmp_path, "ARTICLE", BODY)).text == BODY


def test_content_hash_ignores_whitespace():
    assert content_hash("A  harbour\n\ndeal.\n") == content_hash(" A harbour deal.")
    assert content_hash("Cafe\u0301") == content_hash("Caf\u00e9")  # NFC
    assert content_hash("A harbour deal.") != content_hash("A harbour deal!")
    assert len(content_hash("x")) == 64


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9 September, 2025", "2025-09-09"),
        ("September 9, 2025", "2025-09-09"),
        ("Tuesday, 9th September 2025", "2025-09-09"),
        ("9 Sept. 2025", "2025-09-09"),
        ("2025-09-09", "2025-09-09"),
        ("2025-09-09T10:00:00Z", "2025-09-09T10:00:00+00:00"),
        ("2025-09-09T10:00:00+10:00", "2025-09-09T10:00:00+10:00"),
        ("06:37 GMT, 14 March 2025", "2025-03-14T06:37:00+00:00"),
        ("March 14, 2025 at 6:37 p.m. EDT", "2025-03-14T18:37:00-04:00"),
        ("14/03/2025", "2025-03-14"),
        ("03/14/2025", "2025-03-14"),
        ("04/03/2025", "2025-03-04"),  # ambiguous: day first
        ("2025/03/14", "2025-03-14"),
        ("31 February 2025", None),
        ("The talks resumed on 9 September 2025", None),
        ("14 March 2025 06:37 XYZ", None),
        ("2025", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# --- tables ------------------------------------------------------------------------------------


def test_csv_with_column_mapping(tmp_path):
    path = write(
        tmp_path,
        "export.csv",
        "Headline,Body,Paper,When\n"
        '"Harbour deal collapses","The talks failed.\n\nBoth sides blamed each other.",The Valdoran Herald,2 Nov 2024\n',
    )
    items = read_all(path, columns={"Headline": "title", "Body": "text", "when": "date"})
    (article,) = items
    assert article.title == "Harbour deal collapses"
    assert article.text == "The talks failed.\n\nBoth sides blamed each other."
    assert article.published == "2024-11-02"
    assert article.outlet is None
    assert article.source == f"{path}#row 2"


def test_csv_synonyms_case_insensitive(tmp_path):
    path = write(
        tmp_path,
        "a.csv",
        "HEADLINE,Content,Publication,PubDate,Link,Byline\n"
        "Harbour deal collapses,The talks failed.,Ostrenia Today,2024-11-02,https://example.org/a,Jana Novak\n",
    )
    (article,) = read_all(path)
    assert (article.title, article.text, article.outlet, article.published, article.url, article.byline) == (
        "Harbour deal collapses",
        "The talks failed.",
        "Ostrenia Today",
        "2024-11-02",
        "https://example.org/a",
        "Jana Novak",
    )


def test_csv_bad_rows_are_reported_with_line_numbers(tmp_path):
    path = write(
        tmp_path,
        "a.csv",
        "title,text,date\n"  # line 1
        "One,First article text.,2024-11-02\n"  # line 2
        "Two,,2024-11-03\n"  # line 3: no text
        "Three,Third article text.\n"  # line 4: too few fields
        'Four,"Fourth article,\nacross two lines.",sometime soon\n'  # lines 5-6: bad date (warning)
        "Five,Fifth article text.,2024-11-05,,\n"  # line 7: trailing empty cells are fine
        "Six,Sixth article text.,2024-11-06,extra\n",  # line 8: too many fields
    )
    items = read_all(path)
    assert [a.title for a in articles(items)] == ["One", "Four", "Five"]
    assert articles(items)[1].published is None
    found = [(p.line, p.message) for p in problems(items)]
    assert found == [
        (3, "row 3: missing the 'text' column value"),
        (4, "row 4: expected 3 fields but found 2"),
        (5, "warning: row 5: unrecognised date 'sometime soon'; imported without a date"),
        (8, "row 7: expected 3 fields but found 4"),
    ]
    assert problems(items)[2].is_warning and not problems(items)[0].is_warning
    assert str(problems(items)[0]) == f"{path}:3: row 3: missing the 'text' column value"


def test_csv_without_text_column(tmp_path):
    path = write(tmp_path, "a.csv", "Headline,Story\nHarbour deal,The talks failed.\n")
    problem = one_problem(path)
    assert problem.message == (
        "no 'text' column (the columns are 'Headline', 'Story'); map one with --column NAME=text"
    )
    (article,) = read_all(path, columns={"Story": "text"})  # mapping the column fixes it
    assert article.text == "The talks failed."


def test_csv_unterminated_quote(tmp_path):
    path = write(tmp_path, "a.csv", 'title,text\nOne,Fine text.\nTwo,"Never closed\nThree,More text.\n')
    items = read_all(path)
    assert [a.title for a in articles(items)] == ["One"]
    (problem,) = problems(items)
    assert problem.line == 3
    assert problem.message.startswith("row 3: malformed CSV: unterminated quoted field")


def test_csv_nul_in_a_row(tmp_path):
    path = write(tmp_path, "a.csv", "title,text\nOne,Fine text.\nTwo,Bad\x00text.\n")
    items = read_all(path)
    assert len(articles(items)) == 1
    assert problems(items)[0].message.startswith("row 3: the text contains NUL bytes")


def test_csv_header_only_and_binary(tmp_path):
    assert one_problem(write(tmp_path, "a.csv", "title,text\n")).message == "no rows under the header"
    binary = one_problem(write(tmp_path, "b.csv", b"title,text\n\x00\x01\x02\x03"))
    assert binary.message == "not a text file (binary content)"


def test_unknown_mapping_field_raises():
    with pytest.raises(ValueError, match="unknown field 'bodytext'"):
        read_articles([], columns={"Body": "bodytext"})


def test_tsv_and_semicolon_csv(tmp_path):
    tsv = write(tmp_path, "a.tsv", "title\ttext\nHarbour deal\tThe talks, sadly, failed.\n")
    semi = write(tmp_path, "b.csv", "title;text\nHarbour deal;The talks, sadly, failed.\n")
    for path in (tsv, semi):
        (article,) = read_all(path)
        assert (article.title, article.text) == ("Harbour deal", "The talks, sadly, failed.")


def test_cp1252_csv_with_late_non_utf8_byte(tmp_path):
    filler = "".join(f"Row {i},Plain ascii text number {i}.\n" for i in range(4000))  # > 64 KB
    content = "title,text\n" + filler + 'Last,"\u2018It\u2019s a red line,\u2019 said the minister."\n'
    items = read_all(write(tmp_path, "a.csv", content.encode("cp1252")))
    assert [p.message for p in problems(items)] == [
        "warning: read as cp1252 (it is not UTF-8; use --encoding NAME if characters look wrong)"
    ]
    assert articles(items)[-1].text == "\u2018It\u2019s a red line,\u2019 said the minister."


# --- JSON --------------------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"headline": "One", "body": "First text.", "published": "2024-11-02"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "Four", "text": ""}),
        json.dumps({"title": "Five", "text": "Fifth text.", "author": "Jana Novak"}),
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")
    items = read_all(path)
    assert [(a.title, a.text, a.source) for a in articles(items)] == [
        ("One", "First text.", f"{path}#line 1"),
        ("Five", "Fifth text.", f"{path}#line 6"),
    ]
    assert articles(items)[0].published == "2024-11-02"
    assert articles(items)[1].byline == "Jana Novak"
    assert [p.line for p in problems(items)] == [2, 4, 5]
    assert problems(items)[0].message.startswith("line 2: invalid JSON")
    assert problems(items)[1].message == "line 4: expected a JSON object, found a list"
    assert problems(items)[2].message == "line 5: missing the 'text' field value"


def test_jsonl_without_text_field_is_one_problem(tmp_path):
    path = write(tmp_path, "a.ndjson", '{"story": "One."}\n{"story": "Two."}\n')
    problem = one_problem(path)
    assert problem.message == "no 'text' key (the keys are 'story'); map one with --column NAME=text"
    assert len(articles(read_all(path, columns={"story": "text"}))) == 2


def test_json_list_and_json_lines(tmp_path):
    listed = write(tmp_path, "a.json", json.dumps([{"text": "One."}, 5, {"content": "Three."}], indent=2))
    items = read_all(listed)
    assert [a.text for a in articles(items)] == ["One.", "Three."]
    assert articles(items)[1].source == f"{listed}#item 3"
    assert problems(items)[0].message == "item 2: expected a JSON object, found a number"
    lines = write(tmp_path, "b.json", '{"text": "One."}\n{"text": "Two."}\n')
    assert [a.text for a in articles(read_all(lines))] == ["One.", "Two."]
    broken = one_problem(write(tmp_path, "c.json", '[{"text": "One."},'))
    assert broken.message.startswith("invalid JSON")


# --- HTML --------------------------------------------------------------------------------------

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour deal collapses | The Valdoran Herald</title>
  <meta property="og:title" content="Harbour deal collapses after late-night talks">
  <meta property="og:site_name" content="The Valdoran Herald">
  <meta name="author" content="Mirela Oskarsdottir">
  <link rel="canonical" href="https://herald.example.org/news/harbour-deal-collapses">
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
    <a href="/weather">Weather</a></nav></header>
  <main>
  <article>
    <h1>Harbour deal collapses after late-night talks</h1>
    <time datetime="2024-11-02T21:15:00+01:00">2 November 2024</time>
    <p>The proposed harbour agreement between Valdoria and Ostrenia collapsed early on Saturday
    after negotiators failed to settle the question of fishing rights in the northern bay.</p>
    <p>"We came to the table in good faith, and we leave it with our heads high," said Tomas Evrard,
    the Valdoran trade minister, speaking to reporters outside the conference hall.</p>
    <p>Ostrenian officials blamed the breakdown on last-minute demands. "The goalposts moved three
    times in one evening," said Ilse Marquand, a spokeswoman for the Ostrenian delegation.</p>
    <p>Talks are not expected to resume before the spring, according to a senior official familiar
    with the process who spoke on condition of anonymity.</p>
  </article>
  </main>
  <footer><p>Copyright 2024 The Valdoran Herald. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/subscribe">Subscribe to our newsletter</a></footer>
</body>
</html>
"""


def test_html_article(tmp_path):
    article = one_article(write(tmp_path, "page.html", NEWS_PAGE))
    assert article.title == "Harbour deal collapses after late-night talks"
    assert article.byline == "Mirela Oskarsdottir"
    assert article.outlet == "The Valdoran Herald"
    assert article.published == "2024-11-02"
    assert article.url == "https://herald.example.org/news/harbour-deal-collapses"
    assert article.text.startswith("The proposed harbour agreement between Valdoria and Ostrenia")
    assert "said Ilse Marquand" in article.text
    assert article.text.rstrip().endswith("who spoke on condition of anonymity.")
    for boilerplate in ("Home", "Subscribe", "Privacy policy", "All rights reserved"):
        assert boilerplate not in article.text


def test_html_without_text(tmp_path):
    page = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    problem = one_problem(write(tmp_path, "empty.htm", page))
    assert problem.message == "no article text found in the HTML"


# --- robustness --------------------------------------------------------------------------------


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SUFFIXES = st.sampled_from([".txt", ".csv", ".tsv", ".jsonl", ".json", ".html", ""])


@FUZZ
@given(data=st.binary(max_size=2000), suffix=SUFFIXES)
def test_random_bytes_never_raise(tmp_path, data, suffix):
    path = write(tmp_path, f"random{suffix}", data)
    for item in read_articles([path]):
        assert isinstance(item, (Article, ImportProblem))
        if isinstance(item, Article):
            assert item.text.strip()
            assert item.content_hash == content_hash(item.text)


@FUZZ
@given(text=st.text(max_size=500), suffix=SUFFIXES)
def test_random_text_never_raises(tmp_path, text, suffix):
    path = write(tmp_path, f"random{suffix}", text.encode("utf-8", "surrogatepass"))
    for item in read_articles([path]):
        assert isinstance(item, (Article, ImportProblem))
        if isinstance(item, Article):
            assert item.text.strip()


# --- hostile paths and encodings (issue 10, section 3) ------------------------------------------


@pytest.fixture
def small_csv_limit(monkeypatch):
    """The CSV field limit lowered to 1000 characters for one test (it is process-wide)."""
    saved = csv.field_size_limit()
    monkeypatch.setattr(table_module, "MAX_ARTICLE_BYTES", 1000)
    csv.field_size_limit(1000)
    yield
    csv.field_size_limit(saved)


def test_a_cell_over_the_field_limit_stops_that_file(tmp_path, small_csv_limit):
    rows = "".join(f"Row {i},Plain text of row {i} with a few more words.\n" for i in range(80))
    content = 'title,text\nBroken,"This cell never closes its quote\n' + rows
    found = read_all(write(tmp_path, "a.csv", content), write(tmp_path, "b.txt", BODY))
    assert [a.source for a in articles(found)] == [str(tmp_path / "b.txt")]  # no fragments of a.csv
    [problem] = problems(found)
    assert problem.line == 2 and problem.message.startswith("row 2: a cell is longer than 1000 characters")
    assert "stopped reading this file" in problem.message


def test_a_self_referencing_symlink_is_reported_and_the_folder_goes_on(tmp_path):
    folder = tmp_path / "in"
    write(folder, "a.txt", BODY)
    write(folder, "c.txt", BODY.replace("Saturday", "Sunday"))
    os.symlink("b_loop", folder / "b_loop")
    found = read_all(folder)
    assert [Path(a.source).name for a in articles(found)] == ["a.txt", "c.txt"]
    [loop] = problems(found)
    assert (Path(loop.path).name, loop.message) == ("b_loop", "a symbolic link that loops back on itself; skipped")
    assert [p.message for p in problems(read_all(folder / "b_loop"))] == [loop.message]


def test_devices_and_named_pipes_are_refused_without_hanging(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    write(tmp_path / "folder", "a.txt", BODY)
    os.mkfifo(tmp_path / "folder" / "b.txt")
    code = (
        "import sys\n"
        "from quotecoder.core.importers import read_articles\n"
        "for item in read_articles(sys.argv[1:]): print(type(item).__name__, getattr(item, 'message', ''))\n"
    )
    args = [sys.executable, "-c", code, "/dev/zero", str(pipe), str(tmp_path / "folder")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    refused = "ImportProblem not a regular file (a device, named pipe or socket); skipped"
    assert result.stdout.splitlines() == [refused, refused, "Article ", refused], result.stderr


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))  # reading /dev/zero must not eat the machine


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom(tmp_path, encoding):
    text = "Caf\u00e9 owners in Ostport said the \u201cnew rules\u201d would hurt trade, said Ilse Marquand."
    article = read_as(write(tmp_path, "a.txt", text.encode(encoding)), encoding)
    assert article.text == text
    table = read_all(write(tmp_path, "a.csv", f'title,text\nRules,"{text}"\n'.encode(encoding)))
    assert articles(table)[0].text == text


def test_short_windows_1252_is_not_guessed_wrongly(tmp_path):
    data = b"Caf\xe9 owners said the \x93new rules\x94 would hurt trade."
    article = read_as(write(tmp_path, "a.txt", data), "cp1252")
    assert article.text == "Caf\u00e9 owners said the \u201cnew rules\u201d would hurt trade."
    table = read_all(write(tmp_path, "a.csv", b"title,text\nRules," + data + b"\n"))
    assert articles(table)[0].text == article.text
    assert problems(table)[0].message.startswith("warning: read as cp1252")


def test_other_scripts_are_still_detected(tmp_path):
    text = "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0441\u043a\u0430\u0437\u0430\u043b, \u0447\u0442\u043e \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b \u043f\u0440\u043e\u0434\u043e\u043b\u0436\u0430\u0442\u0441\u044f."
    article = read_as(write(tmp_path, "a.txt", text.encode("cp1251")), "cp1251")
    assert article.text == text


def test_an_encoding_can_be_forced(tmp_path, capsys):
    from quotecoder.cli import main
    from quotecoder.core.store import Store

    path = write(tmp_path, "a.txt", "Le ma\u00eetre du port a parl\u00e9 \u00e0 Ostport.".encode("latin-1"))
    found = list(read_articles([path], encoding="mac-roman"))
    assert articles(found)[0].text == "Le ma\u00eetre du port a parl\u00e9 \u00e0 Ostport.".encode("latin-1").decode("mac-roman")
    assert problems(found)[0].message == "warning: read as mac-roman (as --encoding asked)"
    with pytest.raises(ValueError, match="unknown text encoding 'klingon'"):
        read_articles([path], encoding="klingon")
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db), "--no-pretag", "--encoding", "latin-1"]) == 0
    assert "read as iso8859-1 (as --encoding asked)" in capsys.readouterr().out
    with Store(db) as store:
        assert store.article(store.article_ids()[0]).text == "Le ma\u00eetre du port a parl\u00e9 \u00e0 Ostport."
    with pytest.raises(SystemExit):
        main(["import", str(path), "--db", str(db), "--encoding", "klingon"])
    assert "unknown text encoding 'klingon'" in capsys.readouterr().err


# --- the real seed corpus (read only; no text copied) -----------------------------------------


def test_seed_corpus_headers(shared_corpus):
    seeds = shared_corpus / "seeds"
    if not seeds.is_dir():
        pytest.skip("no seeds in the shared corpus")
    found = {Path(item.source).name[:3]: item for item in read_articles([seeds])}
    assert all(isinstance(item, Article) for item in found.values())
    tabloid, bare, dated = found["000"], found["001"], found["002"]
    assert tabloid.byline == "Caitlin Powell"
    assert tabloid.outlet == "Daily Mail Australia"
    assert tabloid.published.startswith("2025-03-14")
    assert not tabloid.text.startswith("By ")
    assert dated.published == "2025-09-09"
    assert dated.title is not None
    assert bare.text.startswith("Anthony Albanese has joined")
    assert (bare.byline, bare.published, bare.title) == (None, None, None)
