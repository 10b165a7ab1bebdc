"""What a file is, told by its bytes; tables as cells written in the layout the text table reader reads;
which files of data/raw are plan documents; a file no reader can use is a named failure."""
import io
import zipfile

import pytest

from ingest import run as pipeline
from ingest.model.errors import UnsupportedFormatError
from ingest.read.formats import detect_format, tab_cell_lines
from ingest.read.tables import read_tables
from ingest.reference.lexicon import load_lexicon
from ingest.paths import REF_DIR

LEX = load_lexicon(REF_DIR)


def _zip(names: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in names.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("raw, name, expected", [
    (b"%PDF-1.7\n...", "plan.bin", "pdf"),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "plan.txt", "html"),
    (b"\xef\xbb\xbf<html lang='zh'><body>x</body></html>", "page", "html"),
    ("市人民政府关于印发规划的通知".encode("gb18030"), "plan.html", "text"),
    ("<p>看起来像标签的正文</p>".encode("utf-8"), "plan.txt", "text"),
    (_zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b""}), "plan.zip", "docx"),
    (b"PK\x03\x04 truncated", "plan.docx", "docx"),
])
def test_the_format_is_told_by_the_bytes(raw, name, expected):
    assert detect_format(raw, name) == expected


@pytest.mark.parametrize("raw, says", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".docx"),
    (_zip({"xl/workbook.xml": b"<workbook/>"}), "not a Word .docx"),
])
def test_a_format_the_ingest_cannot_read_is_named_with_what_to_do(raw, says):
    with pytest.raises(UnsupportedFormatError, match=says) as err:
        detect_format(raw, "plan.doc")
    assert err.value.kind == "unsupported_format" and err.value.source_file == "plan.doc"


def test_cells_are_written_in_the_layout_the_table_reader_reads():
    rows = [["序号", "指标名称", "2020年", "2025年"], ["1", "城镇登记失业率(%)", "4.1", "<4.5"], ["2", "多行\n名称", "", "90"]]
    locs = [[f"t1/r{r}/c{c}" for c in range(1, 5)] for r in range(1, 4)]
    lines, where = tab_cell_lines(rows, locs)
    assert len(lines) == len(where)
    tables = read_tables(["表1 主要指标", *lines], "t.txt", LEX, lambda texts: texts[:2] == ["序号", "指标名称"])
    [table] = tables
    assert [c.joined for c in table.header] == rows[0]
    assert [[c.joined for c in row] for row in table.rows] == [rows[1], ["2", "多行名称", "", "90"]]
    assert where[lines.index("\t城镇登记失业率(%)")] == "t1/r2/c2"
    assert where[lines.index("名称")] == "t1/r3/c2"  # a cell's second line keeps the cell's locator


def test_short_rows_are_padded_to_the_header_width():
    lines, _ = tab_cell_lines([["a", "b", "c"], ["1"]], [["x"] * 3, ["y"]])
    assert lines == ["\ta", "\tb", "\tc", "", "\t1", "\t", "\t", ""]


def test_every_plan_format_is_listed_and_other_files_are_named(tmp_path, capsys):
    for name in ("a.txt", "b.HTML", "c.docx", "d.pdf", "e.doc", "notes.md", "data.xlsx", ".hidden.txt"):
        (tmp_path / name).write_bytes(b"x")
    listed = [p.name for p in pipeline.list_documents(tmp_path)]
    assert listed == ["a.txt", "b.HTML", "c.docx", "d.pdf", "e.doc"]
    assert "data.xlsx" in capsys.readouterr().err


def test_an_unreadable_format_fails_alone_and_keeps_its_format(tmp_path):
    from ingest.reference import load_reference

    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    ref = load_reference(REF_DIR)
    results = {p.name: pipeline.ingest_one(p, ref, {}) for p in sorted(tmp_path.iterdir())}
    old, bad = results["old.doc"], results["bad.docx"]
    assert old.manifest["status"] == "failed" and old.findings[0].check_name == "unsupported_format"
    assert bad.manifest["status"] == "failed" and bad.manifest["file_format"] == "docx"
    assert bad.findings[0].check_name == "corrupt_file"
