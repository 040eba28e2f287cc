"""News-database bundles (issue 13): LexisNexis, Nexis Uni and Factiva exports, zips, web furniture.

The bundles in tests/fixtures/news/ are fictional and written by make_fixtures.py
there (a test checks they are what it writes). Each format is checked for the
article count, the metadata, and bodies free of the database's furniture.
"""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotecoder.core.export import export
from quotecoder.core.importers import FILE_DIALOG_FILTER, ImportProblem, parse_date, read_articles
from quotecoder.core.importers import archive as archive_module
from quotecoder.core.importing import import_paths
from quotecoder.core.model import Article, Quote
from quotecoder.core.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "news"

# Database furniture that must never reach an article's text.
FURNITURE = (
    "LOAD-DATE", "Load-Date", "LENGTH:", "Length:", "SECTION:", "Section:", "BYLINE", "Byline:", "LANGUAGE",
    "Language:", "PUBLICATION-TYPE", "Publication-Type", "GRAPHIC", "Graphic", "PHOTO:", "Copyright", "(c) 20",
    "All Rights Reserved", "All rights reserved", "Tous droits", "End of Document", "Classification", "Subject:",
    "Geographic:", "DOCUMENTS", "Document ", "Download Request", "Job Number", "Client/Matter", "Search Terms",
    "Body", "Domestic Politics", "Valdoran Media Ltd", "Harbour | Fishing", "words", "mots", "07:30",
)  # fmt: skip


def items(*names: str | Path) -> list:
    return list(read_articles([FIXTURES / name if isinstance(name, str) else name for name in names]))


def articles(found: list) -> list[Article]:
    return [item for item in found if isinstance(item, Article)]


def problems(found: list) -> list[ImportProblem]:
    return [item for item in found if isinstance(item, ImportProblem)]


def assert_clean(article: Article) -> None:
    for marker in FURNITURE:
        assert marker not in article.text, (marker, article.source, article.text)
    assert "\n\n" in article.text and "\n\n\n" not in article.text
    assert all(paragraph == " ".join(paragraph.split()) for paragraph in article.text.split("\n\n"))


def summary(article: Article) -> tuple:
    return article.title, article.outlet, article.published, article.byline


# --- the fixtures are what the generator writes -------------------------------------------------


def test_fixtures_are_reproducible(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_fixtures", module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    module.main(["make_fixtures", str(tmp_path)])
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in FIXTURES.iterdir() if p.name != "make_fixtures.py")
    for name in written:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


# --- LexisNexis Academic: TXT, HTML, RTF ---------------------------------------------------------


HARBOUR = ("Harbour talks collapse after fishing rights row", "The Valdoran Herald", "2019-07-01", "Jana Novak")
PILOTS = ("Ostport pilots warn of winter delays", "Ostport Daily", "2019-07-02", "Ilse Marquand")
BRIDGE = ("Council approves second Lindgrave bridge", "Northmarch Courier", "2019-07-03",
          "Ruben Castellane and Odile Ferrant")  # fmt: skip


def test_lexisnexis_text_bundle():
    found = items("lexisnexis_academic.TXT")
    assert not problems(found)
    harbour, pilots, bridge = articles(found)
    assert [summary(a) for a in (harbour, pilots, bridge)] == [HARBOUR, PILOTS, BRIDGE]
    assert (harbour.section, harbour.length, harbour.language, harbour.doc_id) == (
        "NEWS; Pg. 4", "74 words", "English", "1 of 3")
    assert harbour.source == f"{FIXTURES / 'lexisnexis_academic.TXT'}#document 1"
    assert harbour.text.startswith("The harbour agreement between Valdoria and Ostrenia collapsed early on Saturday")
    assert harbour.text.endswith("Talks are not expected to resume before the spring.")
    assert "negotiators failed to settle the question" in harbour.text  # the 80-column wrap is undone
    for article in (harbour, pilots, bridge):
        assert_clean(article)
    assert "OSTPORT" not in pilots.text  # the DATELINE field


def test_lexisnexis_html_and_rtf():
    html = articles(items("lexisnexis.HTML"))
    rtf = articles(items("lexisnexis.RTF"))
    assert [summary(a) for a in html] == [
        ("Valdoria unveils plans for national stadium", "The Valdoran Herald", "2019-09-05", "Jana Novak"),
        ("Night trams return to Northmarch", "Northmarch Courier", "2019-09-09", "Dario Lunde"),
    ]
    assert [summary(a) for a in rtf] == [
        ("Frost damages half of Vell valley vineyards", "Ostport Daily", "2019-10-01", "Ilse Marquand"),
        ("Teachers in Valdoria vote to accept pay offer", "The Valdoran Herald", "2019-10-04", "Jana Novak"),
    ]
    for article in html + rtf:
        assert_clean(article)
        assert "First Edition" not in article.text


DECK = "Reaction from across the region"


def test_lexisnexis_fielded_layout_with_the_copyright_notice_on_top():
    """Later downloads: the notice above the outlet (wrapped, or in the outlet's block), a HEADLINE
    field over two lines, and BODY: before the text."""
    found = items("lexisnexis_fields.TXT")
    assert not problems(found)
    harbour, pilots = articles(found)
    assert [summary(a) for a in (harbour, pilots)] == [
        (f"{HARBOUR[0]}; {DECK}", *HARBOUR[1:]), (f"{PILOTS[0]}; {DECK}", *PILOTS[1:])]
    for article in (harbour, pilots):
        assert_clean(article)
        assert "Final Edition" not in article.text and "HEADLINE" not in article.text


def test_lexisnexis_rtf_headline_field_over_two_paragraphs():
    found = items("lexisnexis_fields.RTF")
    assert not problems(found)
    ferry, bridge = articles(found)
    assert summary(ferry) == (f"Ferry strike ends after overnight deal; {DECK}", "Ostport Daily", "2019-08-14",
                              "Marta Oyelaran")  # fmt: skip
    assert summary(bridge) == (f"{BRIDGE[0]}; {DECK}", *BRIDGE[1:])
    for article in (ferry, bridge):
        assert_clean(article)
        assert DECK not in article.text and not article.text.startswith("BYLINE")


def test_one_malformed_document_is_reported_and_the_others_imported():
    found = items("lexisnexis_malformed.TXT")
    assert [a.title for a in articles(found)] == [
        "Scientists measure record melt on the Skarn glacier", "Lindgrave library to open on Sundays"]
    [problem] = problems(found)
    assert problem.message == "document 2 of 3: no article text"
    assert problem.line == 55 and not problem.is_warning  # the line of "2 of 3 DOCUMENTS"
    docx = items("nexis_uni_malformed.DOCX")
    assert len(articles(docx)) == 2
    assert [p.message for p in problems(docx)] == ["document 2 of 3: no article text"]


def test_lexisnexis_variants_wire_copyright_on_top_and_headline_field(tmp_path):
    text = (
        "                 1 of 1 DOCUMENT\r\n\r\n\r\n"
        "              Copyright 2012 Valdoran Press Agency\r\n              All Rights Reserved\r\n\r\n"
        "                    Valdoran Press Agency Wire\r\n\r\n"
        "                 March 3, 2012 Saturday 2:15 PM GMT\r\n\r\n\r\n"
        "HEADLINE: Lighthouse keeper retires after forty years\r\n\r\n"
        "Byline:  By ARNO VESTERGAARD\r\n\r\nLENGTH: 30 words\r\n\r\nDATELINE: NORTHCAPE\r\n\r\n"
        "The last lighthouse keeper of Northcape retired on Saturday.\r\n\r\n"
        "\u201cThe lamp never once went out on my watch,\u201d said Edvin Rask.\r\n\r\n"
        "LOAD-DATE: March 4, 2012\r\n"
    )
    path = tmp_path / "wire.txt"
    path.write_text(text, encoding="utf-8", newline="")
    [article] = articles(items(path))
    assert summary(article) == ("Lighthouse keeper retires after forty years", "Valdoran Press Agency Wire",
                                "2012-03-03T14:15:00+00:00", "Arno Vestergaard")  # fmt: skip
    assert article.text.startswith("The last lighthouse keeper") and article.text.endswith("Edvin Rask.")


# --- Nexis Uni: DOCX, RTF, empty --------------------------------------------------------------


def test_nexis_uni_docx():
    found = items("nexis_uni.DOCX")
    assert not problems(found)
    harbour, pilots, bridge = articles(found)
    assert summary(harbour) == (*HARBOUR[:2], "2019-07-01T09:20:00+00:00", HARBOUR[3])
    assert [summary(a) for a in (pilots, bridge)] == [PILOTS, BRIDGE]  # "BYLINE:" spelled in capitals on the third
    assert (harbour.section, harbour.length, harbour.language) == ("NEWS; Pg. 4", "74 words", "English")
    assert harbour.doc_id == "1 of 3"
    for article in (harbour, pilots, bridge):
        assert_clean(article)
    assert "Final Edition" not in bridge.text
    assert "Harbour pilots in Ostport have warned" in pilots.text and "Highlight" not in pilots.text


def test_nexis_uni_rtf():
    found = items("nexis_uni.RTF")
    assert not problems(found)
    stadium, trams = articles(found)
    assert summary(stadium) == ("Valdoria unveils plans for national stadium", "The Valdoran Herald",
                                "2019-09-05T13:00:00-05:00", "Jana Novak")  # fmt: skip
    assert trams.byline == "Dario Lunde" and trams.language == "English"
    for article in (stadium, trams):
        assert_clean(article)


def test_a_bundle_without_articles_says_so():
    [problem] = items("nexis_uni_empty.DOCX")
    assert isinstance(problem, ImportProblem)
    assert problem.message == "no articles found in this Nexis Uni file"


def test_an_ordinary_word_file_is_one_article(tmp_path):
    import docx

    document = docx.Document()
    for line in ("Ferry fares to rise in spring", "By Jana Novak",
                 "Ferry fares between Ostport and Lindgrave will rise by a tenth in spring, the operator said.",
                 "\u201cFuel costs leave us no choice,\u201d said operator spokesman Kalle Brun."):  # fmt: skip
        document.add_paragraph(line)
    path = tmp_path / "notes.docx"
    document.save(path)
    [article] = items(path)
    assert (article.title, article.byline) == ("Ferry fares to rise in spring", "Jana Novak")
    assert article.text.startswith("Ferry fares between Ostport") and article.text.endswith("Kalle Brun.")


# --- Factiva: HTML (both layouts, French interface), RTF, XML ------------------------------------


def test_factiva_html_with_indexing():
    found = items("factiva_indexing.html")
    assert not problems(found)
    harbour, pilots, bridge = articles(found)
    assert [summary(a) for a in (harbour, pilots, bridge)] == [HARBOUR, PILOTS, BRIDGE]
    assert (harbour.section, harbour.length, harbour.language, harbour.doc_id) == (
        "NEWS; Pg. 4", "74 words", "English", "VALHER0020190701ef7100001")
    assert harbour.text.split("\n\n")[0].startswith("The harbour agreement")  # LP, then TD
    for article in (harbour, pilots, bridge):
        assert_clean(article)
        assert "Search Summary" not in article.text


def test_factiva_plain_layout():
    found = items("factiva_article.html")
    assert not problems(found)
    glacier, ferry = articles(found)
    assert summary(glacier) == ("Scientists measure record melt on the Skarn glacier", "The Valdoran Herald",
                                "2019-08-12", "Dr Halima Strand")  # fmt: skip
    assert summary(ferry) == ("Ferry strike ends after overnight deal", "Ostport Daily", "2019-08-14",
                              "Marta Oyelaran")  # fmt: skip
    assert (glacier.length, glacier.language, glacier.doc_id) == ("49 words", "English", "VALHER0020190812ef8c00004")
    for article in (glacier, ferry):
        assert_clean(article)
        assert "VALHER" not in article.text and "OSTDLY" not in article.text


def test_factiva_plain_layout_with_section_author_and_publisher_lines():
    """The section above the headline, the byline in div.author, and the publisher's name after
    the text (a plain p, not an article paragraph) are not the headline, nor text."""
    found = items("factiva_sections.html")
    assert not problems(found)
    glacier, library = articles(found)
    assert summary(glacier) == ("Scientists measure record melt on the Skarn glacier", "The Valdoran Herald",
                                "2019-08-12", "Dr Halima Strand")  # fmt: skip
    assert summary(library) == ("Lindgrave library to open on Sundays", "Northmarch Courier", "2019-09-02", None)
    assert (glacier.section, glacier.doc_id) == ("SCIENCE; Pg. 19", "VALHER0020190812ef8c00004")
    for article in (glacier, library):
        assert_clean(article)
        assert "Media Group" not in article.text and "National" not in article.text
    assert glacier.text.endswith("The institute will publish its full figures in October.")


def test_factiva_rtf_with_the_section_before_the_headline():
    found = items("factiva_section_first.rtf")
    assert not problems(found)
    harbour, library, bridge = articles(found)
    assert [summary(a) for a in (harbour, bridge)] == [HARBOUR, BRIDGE]
    assert [a.section for a in (harbour, library, bridge)] == ["NEWS; Pg. 4", "LOCAL; Pg. 7", "LOCAL"]
    assert library.doc_id == "NMCOUR0020190902ef9200006"
    for article in (harbour, library, bridge):
        assert_clean(article)


def test_factiva_french_interface():
    found = items("factiva_fr.html")
    assert not problems(found)
    port, train = articles(found)
    assert summary(port) == ("Les pêcheurs d'Ostport bloquent le port", "Le Courrier d'Ostrénie", "2019-07-02",
                             "Marie Lenoir")  # fmt: skip
    assert train.published == "2019-12-29"  # "29 décembre 2019"
    assert (port.length, port.language, port.doc_id) == ("49 mots", "Français", "TESTFR0020190702ef7200011")
    for article in (port, train):
        assert_clean(article)
        assert "TESTFR" not in article.text
    assert port.text.startswith("Une centaine de pêcheurs")


def test_factiva_rtf_and_xml():
    rtf = articles(items("factiva.rtf"))
    xml = articles(items("factiva.xml"))
    assert [summary(a) for a in rtf] == [
        ("Frost damages half of Vell valley vineyards", "Ostport Daily", "2019-10-01", "Ilse Marquand"),
        ("Teachers in Valdoria vote to accept pay offer", "The Valdoran Herald", "2019-10-04", "Jana Novak"),
    ]
    assert [a.doc_id for a in rtf] == ["OSTDLY0020191001efa100009", "VALHER0020191004efa400010"]
    assert [summary(a) for a in xml] == [
        ("Valdoria unveils plans for national stadium", "The Valdoran Herald", "2019-09-05", "Jana Novak"),
        ("Night trams return to Northmarch", "Northmarch Courier", "2019-09-09", "Dario Lunde"),
        ("Lindgrave library to open on Sundays", "Northmarch Courier", "2019-09-02", None),
    ]
    # the accession number as an attribute, or from the reference when the attribute is missing
    assert [a.doc_id for a in xml] == ["VALHER0020190905ef9500007", "NMCOUR0020190909ef9900008",
                                       "NMCOUR0020190902ef9200006"]  # fmt: skip
    assert xml[0].length == "48 words" and xml[0].section == "SPORT; Pg. 40"
    assert xml[0].language == "English"  # baseLanguage "en", an ISO 639-1 code
    for article in rtf + xml:
        assert_clean(article)


def test_xml_that_is_not_factiva(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>', encoding="utf-8")
    [problem] = items(path)
    assert "not a Factiva export" in problem.message
    path.write_text("<ppsArticleResponse><unclosed>", encoding="utf-8")
    [problem] = items(path)
    assert problem.message.startswith("not well-formed XML")


def test_xml_entities_are_never_expanded(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        "<ppsArticleResponse><ppsarticle><article><headline><paragraph>&c;</paragraph></headline>"
        "<leadParagraph><paragraph>The envoy said talks would resume, &c;</paragraph></leadParagraph>"
        "</article></ppsarticle></ppsArticleResponse>"
    )
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, encoding="utf-8")
    for item in items(path):
        assert "aaaa" not in str(item)


# --- zip, and recognition by content --------------------------------------------------------------


def test_zip_of_bundles():
    found = items("nexis_uni_download.zip")
    assert not problems(found)
    assert [a.title for a in articles(found)] == [
        "Scientists measure record melt on the Skarn glacier", "Ferry strike ends after overnight deal",
        "Frost damages half of Vell valley vineyards", "Teachers in Valdoria vote to accept pay offer",
    ]  # fmt: skip
    zipped = FIXTURES / "nexis_uni_download.zip"
    assert articles(found)[0].source == f"{zipped}/Files (2)/Files(2).DOCX#document 1"
    assert articles(found)[3].source == f"{zipped}/Files (2)/factiva.xml#document 2"


def test_zip_problems_name_the_member_and_the_rest_is_read(tmp_path, monkeypatch):
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a_damaged.docx", b"PK\x03\x04 not really")
        archive.writestr("b_big.txt", "x" * 5000)
        archive.write(FIXTURES / "factiva.xml", "c_factiva.xml")
        archive.writestr("d_inner.zip", _zip_of({"inner.txt": "The mayor said the bridge would open in May.\n"}))
    monkeypatch.setattr(archive_module, "MAX_MEMBER_BYTES", 4000)
    found = items(path)
    assert [Path(p.path).name for p in problems(found)] == ["a_damaged.docx", "b_big.txt"]
    assert "could not read the Word file" in problems(found)[0].message
    assert "larger than" in problems(found)[1].message
    assert len(articles(found)) == 4
    assert articles(found)[-1].source == f"{path}/d_inner.zip/inner.txt"


def test_a_zip_in_itself_stops(tmp_path):
    inner = _zip_of({"story.txt": "The mayor said the bridge would open in May.\n"})
    for depth in range(5):
        inner = _zip_of({f"level{depth}.zip": inner})
    path = tmp_path / "deep.zip"
    path.write_bytes(inner)
    found = items(path)
    assert not articles(found) and "nested more than" in problems(found)[0].message


def _zip_of(members: dict[str, str | bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fixture", "renamed", "count"),
    [
        ("nexis_uni.DOCX", "results.bin", 3),
        ("lexisnexis_academic.TXT", "download", 3),
        ("factiva_indexing.html", "factiva.txt", 3),
        ("factiva.xml", "export.dat", 3),
        ("factiva.rtf", "factiva.doc", 2),
        ("nexis_uni_download.zip", "download.csv", 4),
    ],
)
def test_recognised_by_content_not_extension(tmp_path, fixture, renamed, count):
    path = tmp_path / renamed
    shutil.copyfile(FIXTURES / fixture, path)
    found = items(path)
    assert not problems(found) and len(articles(found)) == count


# --- dates in other interface languages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("29 décembre 2011", "2011-12-29"),
        ("29 DÉCEMBRE 2011", "2011-12-29"),
        ("1er janvier 2020", "2020-01-01"),
        ("lundi 3 février 2020", "2020-02-03"),
        ("1. Juli 2019 Montag", "2019-07-01"),
        ("Mittwoch, 3. März 2021", "2021-03-03"),
        ("1 de julio de 2019", "2019-07-01"),
        ("29 diciembre 2011", "2011-12-29"),
        ("2 days ago", None),
    ],
)
def test_dates_in_other_languages(value, expected):
    assert parse_date(value) == expected


# --- web-page furniture in ordinary imports -----------------------------------------------------

TABLOID = (
    "By MIRELA OSKARSDOTTIR FOR THE VALDORAN HERALD\n\n"
    "Published: 06:37 GMT, 14 March 2025 | Updated: 06:52 GMT, 14 March 2025\n\n"
    "The harbour deal between Valdoria and Ostrenia has collapsed, officials said.\n\n"
    "Tomas Evrard (pictured) said the talks had been 'a waste of everyone's time'\n\n"
    "Tomas Evrard (pictured) said the talks had been \u2018a waste of everyone\u2019s time\u2019\n\n"
    "Talks are not expected to resume before the spring.\n\n"
    ":\n\u2018Not one more boat\u2019: Valdoria walks out of the harbour talks\n\n***\nRead more at ValdoranHerald.example\n"
)
NEWSLETTER = (
    "Ostport's council has approved the new ferry terminal.\n"
    "Sign up: Ostport Morning email\n"
    "\u201cIt is the biggest project in a generation,\u201d said council leader Ruben Castellane.\n"
    "skip past newsletter promotion\n"
    "Sign up to Ostport Morning\n"
    "The day's news, before breakfast\n"
    "Privacy Notice: Newsletters may contain information about charities and online ads.\n"
    "after newsletter promotion\n"
    "Work starts in April.\n"
)


def test_web_furniture_is_kept_out_of_the_body(tmp_path):
    (tmp_path / "tabloid.txt").write_text(TABLOID, encoding="utf-8")
    (tmp_path / "guardianish.txt").write_text(NEWSLETTER, encoding="utf-8")
    [tabloid, newsletter] = sorted(articles(items(tmp_path)), key=lambda a: a.source)[::-1]
    assert tabloid.byline == "Mirela Oskarsdottir"
    assert tabloid.text == (
        "The harbour deal between Valdoria and Ostrenia has collapsed, officials said.\n\n"
        "Tomas Evrard (pictured) said the talks had been 'a waste of everyone's time'\n\n"
        "Talks are not expected to resume before the spring."
    )
    assert newsletter.text == (
        "Ostport's council has approved the new ferry terminal.\n"
        "\u201cIt is the biggest project in a generation,\u201d said council leader Ruben Castellane.\n"
        "Work starts in April."
    )


def test_a_sign_up_sentence_in_the_text_is_kept(tmp_path):
    text = "Sign up to the scheme was slow, officials said.\nThe mayor said more would join.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    [article] = items(tmp_path / "a.txt")
    assert article.text == text.strip()


def test_a_repeated_caption_yields_one_quote(tmp_path):
    from quotecoder.core.pretag import Pretagger

    (tmp_path / "tabloid.txt").write_text(TABLOID, encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [tmp_path / "tabloid.txt"], Pretagger())
        [article_id] = report.imported
        quotes = [q.text for q in store.quotes(article_id)]
    assert sum("a waste of everyone" in q for q in quotes) == 1, quotes


def test_slug_titles_keep_the_capitals_the_body_gives(tmp_path):
    text = (
        "9 September, 2025\nvaldoria-joins-ostrenia-in-harbour-talks-with-the-eu\n\n"
        "Valdoria has joined talks on the harbour, and the EU will chair them. "
        "Officials from Ostrenia said the talks were overdue.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    [article] = items(tmp_path / "a.txt")
    assert article.title == "Valdoria joins Ostrenia in harbour talks with the EU"


# --- exports, the article header and the import dialog ---------------------------------------


def test_exports_identify_every_article(tmp_path):
    with Store(tmp_path / "x.db") as store:
        report = import_paths(store, [FIXTURES / "factiva_indexing.html", FIXTURES / "nexis_uni.DOCX"])
        assert len(report.imported) == 3 and len(report.duplicates) == 3  # the same stories in both
        for article_id in report.imported:
            text = store.article(article_id).text
            start = text.index("said")
            store.add_quote(article_id, Quote(start, start + 4, "said", "indirect"), "ana")
        store.set_label(store.quotes(report.imported[0])[0].id, "ana", "neutral")
        for fmt in ("long", "wide", "articles"):
            export(store, fmt, tmp_path / f"{fmt}.csv")
    for fmt in ("long", "wide", "articles"):
        with open(tmp_path / f"{fmt}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == 3, fmt
        first = rows[0]
        assert first["source"] == f"{FIXTURES / 'factiva_indexing.html'}#document 1"
        assert (first["byline"], first["doc_id"]) == ("Jana Novak", "VALHER0020190701ef7100001")
        assert (first["section"], first["language"]) == ("NEWS; Pg. 4", "English")


def test_the_article_header_shows_the_database_metadata(qtbot):
    from quotecoder.gui.article_view import ArticleHeader

    header = ArticleHeader()
    qtbot.addWidget(header)
    [article] = [a for a in articles(items("factiva_fr.html")) if a.title.startswith("Les")]
    header.show_article(article)
    for shown in ("Le Courrier d'Ostrénie", "2019-07-02", "Marie Lenoir", "Économie", "Français",
                  "Doc. TESTFR0020190702ef7200011"):  # fmt: skip
        assert shown.replace("'", "&#x27;") in header.text() or shown in header.text(), shown


def test_the_import_dialog_lists_the_formats(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from quotecoder.core.workspace import open_store
    from quotecoder.gui.app import open_window

    patterns = FILE_DIALOG_FILTER.split(";;")[0].split("(")[1].rstrip(")").split()
    for suffix in ("*.txt", "*.docx", "*.DOCX", "*.rtf", "*.RTF", "*.html", "*.xml", "*.zip", "*.csv", "*.jsonl"):
        assert suffix in patterns
    open_store(tmp_path / "x.db").close()
    window = open_window(tmp_path / "x.db", "ana", load_nlp=False, show_errors=False,
                         settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))  # fmt: skip
    qtbot.addWidget(window)
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args: asked.append(args) or ([], ""))
    window.files.do_import()
    assert asked and asked[0][3] == FILE_DIALOG_FILTER
    window.close()


# --- the CLI ---------------------------------------------------------------------------------


def test_cli_imports_a_bundle_folder_and_names_its_problems(tmp_path, capsys):
    from quotecoder.cli import main

    folder = tmp_path / "downloads"
    folder.mkdir()
    for name in ("lexisnexis_malformed.TXT", "nexis_uni_empty.DOCX", "factiva_fr.html"):
        shutil.copyfile(FIXTURES / name, folder / name)
    code = main(["import", str(folder), "--db", str(tmp_path / "x.db"), "--no-pretag"])
    out = capsys.readouterr().out
    assert code == 1
    assert "Imported 4 article(s)" in out
    assert "lexisnexis_malformed.TXT:55: document 2 of 3: no article text" in out
    assert "nexis_uni_empty.DOCX: no articles found in this Nexis Uni file" in out


# --- robustness: any arrangement of the layouts' lines is read or reported, never a crash --------

MARKER_LINES = (
    "1 of 2 DOCUMENTS", "2 of 2 DOCUMENTS", "End of Document", "Body", "Classification", "Graphic",
    "Section: NEWS", "Length: 12 words", "Byline: Jana Novak", "BYLINE: JANA NOVAK", "LENGTH: 12 words",
    "LOAD-DATE: July 2, 2019", "LANGUAGE: ENGLISH", "Copyright 2019 Ostport Daily", "All Rights Reserved",
    "July 1, 2019 Monday 9:20 AM GMT", "29 décembre 2011", "Summer 2019", "HD", "HD | Harbour talks |", "TD |",
    "LP", "AN | Document VALHER0020190701ef7100001 |", "Document VALHER0020190701ef7100001", "523 words",
    "By Jana Novak", "English", "(c) 2019 Ostport Daily", "07:30", "\f", "", "|", "Job Number: = 1",
    "Documents (2)", "The mayor said the harbour would reopen.", "\u201cIt is done,\u201d said Piet de Vries.",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MARKER_LINES), st.text(max_size=30)), max_size=60))
def test_any_arrangement_of_layout_lines_never_raises(lines):
    from quotecoder.core.importers.html import html_items
    from quotecoder.core.importers.text import text_items

    text = "\n".join(lines)
    markup = "<html><body>" + "".join(f'<div class="article enArticle"><p>{line}</p></div>' for line in lines)
    for item in [*text_items("f.txt", text), *html_items("f.html", markup + "</body></html>")]:
        assert isinstance(item, (Article, ImportProblem))
        if isinstance(item, Article):
            assert item.text.strip()


def test_a_member_without_articles_beside_articles_is_only_a_warning(tmp_path):
    path = tmp_path / "nexis_separate_files.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(FIXTURES / "nexis_uni_empty.DOCX", "Document list.DOCX")  # the list Nexis Uni adds
        archive.write(FIXTURES / "nexis_uni.DOCX", "Files.DOCX")
    found = items(path)
    assert articles(found) and not [p for p in problems(found) if not p.is_warning]
    [note] = problems(found)
    assert "no articles found" in note.message and note.path.endswith("Document list.DOCX")
    empty_only = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty_only, "w") as archive:
        archive.write(FIXTURES / "nexis_uni_empty.DOCX", "Document list.DOCX")
    [problem] = problems(items(empty_only))  # nothing else in the zip: still a problem
    assert "no articles found" in problem.message and not problem.is_warning
