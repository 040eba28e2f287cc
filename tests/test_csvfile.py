"""CSV output: quoting, BOM, formula injection, round trips."""

import csv

import pytest

from quotecoder.core.csvfile import neutralise, unguard, write_csv

TRICKY = [
    'He said "no", then left',
    "line one\nline two\r\nline three",
    "commas, everywhere, here",
    "emoji 🕊️ and RTL: סלאם عليكم",
    "",
    "  leading spaces",
]


def test_round_trip_of_tricky_text(tmp_path):
    path = tmp_path / "out.csv"
    rows = [{"id": i, "text": t} for i, t in enumerate(TRICKY)]
    assert write_csv(path, ["id", "text"], rows) == len(TRICKY)
    with path.open(encoding="utf-8", newline="") as f:
        back = list(csv.DictReader(f))
    assert [r["text"] for r in back] == TRICKY
    assert [r["id"] for r in back] == [str(i) for i in range(len(TRICKY))]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell, tmp_path):
    assert neutralise(cell) == "'" + cell
    path = tmp_path / "out.csv"
    write_csv(path, ["text"], [{"text": cell}])
    with path.open(encoding="utf-8", newline="") as f:
        assert list(csv.reader(f))[1] == ["'" + cell]


def test_numbers_and_none_pass_through():
    assert neutralise(-3) == -3 and neutralise(None) is None and neutralise("safe") == "safe"


def test_bom_option(tmp_path):
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    write_csv(plain, ["a"], [{"a": "é"}])
    write_csv(excel, ["a"], [{"a": "é"}], bom=True)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes().endswith(b"\r\n")


def test_a_failed_export_leaves_no_file(tmp_path):
    def rows():
        yield {"a": 1}
        raise RuntimeError("database went away")

    path = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        write_csv(path, ["a"], rows())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("cell", [
    " =1+1", "\u00a0=1+1", "\u200b=HYPERLINK(\"x\")", "\ufeff@SUM(A1)", "\u2060-2", " \u3000+3",
    "＝1+1", "＋1", "－2", "＠SUM(A1)", "\n=1",
])
def test_formulas_behind_blanks_or_in_full_width_are_neutralised(cell, tmp_path):
    assert neutralise(cell) == "'" + cell
    assert unguard(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["safe", "  leading spaces", "a=b", "'quoted already", "5 - 3", ""])
def test_unguard_leaves_other_text_alone(cell):
    assert unguard(cell) == cell
    assert unguard(neutralise(cell)) == cell


def test_the_guard_can_be_turned_off(tmp_path):
    path = tmp_path / "plain.csv"
    write_csv(path, ["text"], [{"text": "-5 percent"}, {"text": "=1+1"}], formula_guard=False)
    with path.open(encoding="utf-8", newline="") as f:
        assert [r[0] for r in csv.reader(f)][1:] == ["-5 percent", "=1+1"]
