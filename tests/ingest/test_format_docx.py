"""Word .docx reading (ingest/read/formats/docx.py).

Real plan texts are written into Word files here with python-docx: each text line a paragraph, each
tab-cell table of the text (as the ingest's own table reader finds it) a real Word table, with
section rows merged across the table and, in the 达州 service tables, repeated lead units and
spending rules merged vertically. Ingesting the Word file must find what the plain text gives:
the same statements, values, tasks and service items (a tab-led line that is no table is written as
a paragraph indented by a tab, and is compared with the text as Word shows it: indented, not a
cell). Small hand-built files test each rule of the
reader (merges, captions, multi-row headers, nested and layout tables, numbering, breaks, notes)
and each failure.
"""
from __future__ import annotations

import csv
import io
import time
import zipfile

import docx as python_docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph

from ingest.model.context import DocContext
from ingest.paths import CORPUS_DIR
from ingest.model.errors import CorruptFileError, NoTextError, UnsupportedFormatError
from ingest.read.formats import detect_format
from ingest.read.formats import docx as reader
from ingest.read.formats.docx import chinese_counting, format_number
from ingest.read.text import detect_script, split_lines
from tests.conftest import RAW
from tests.ingest.formats_common import differences, ingest_bytes, reference, semantic

CORPUS = CORPUS_DIR
# corpus excerpts with many numbers (dense baselines, targets, a service list, tab-led prose lines)
CORPUS_FILES = ("020.txt", "036.txt", "053.txt", "007.txt", "055.txt")
DAZHOU = "004_2d37ce64d69f20cb.txt"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# ------------------------------------------------------------------------------ writing Word files


def _text_tables(lines: list[str], name: str):
    """The tab-cell tables of a plan text, as the ingest reads them."""
    from ingest.extract.tables.layout import read_plan_tables

    ctx = DocContext("test", name, detect_script("\n".join(lines)), reference())
    return [t for _, t in read_plan_tables(lines, ctx)]


def _set_cell(cell, text: str) -> None:
    parts = text.split("\n")
    cell.paragraphs[0].text = parts[0]
    for part in parts[1:]:
        cell.add_paragraph(part)


def _vmerge(tc, restart: bool) -> None:
    tc_pr = tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:vMerge {W} w:val="restart"/>' if restart else f"<w:vMerge {W}/>"))


def _add_table(doc, table, merge_down: bool) -> None:
    """A text table as a Word table: section rows (text in the first cell only) merged across, and
    with merge_down equal texts in the last two columns of consecutive rows merged vertically."""
    texts = [[c.text for c in row] for row in [table.header, *table.rows]]
    width = len(texts[0])
    word = doc.add_table(rows=len(texts), cols=width)
    section = [r > 0 and not any(t.strip() for t in row[1:]) for r, row in enumerate(texts)]
    for r, row in enumerate(word.rows):
        cells = row.cells
        for c, text in enumerate(texts[r]):
            _set_cell(cells[c], text)
    if merge_down:
        for c in (width - 2, width - 1):
            for r in range(2, len(texts)):
                same = texts[r][c].strip() and texts[r][c] == texts[r - 1][c] and not section[r] and not section[r - 1]
                if same:
                    above, here = word.rows[r - 1].cells[c]._tc, word.rows[r].cells[c]._tc
                    if above.tcPr is None or above.tcPr.find(qn("w:vMerge")) is None:
                        _vmerge(above, restart=True)
                    for p in here.findall(qn("w:p"))[1:]:
                        here.remove(p)
                    word.rows[r].cells[c].paragraphs[0].text = ""
                    _vmerge(here, restart=False)
    for r, row in enumerate(word.rows):
        if section[r]:
            row.cells[0].merge(row.cells[width - 1])


def plan_docx(text: str, name: str, merge_down: bool = False) -> tuple[bytes, int, str]:
    """A plan text as a Word file: (bytes, number of tables, the text as the Word file shows it). A
    tab-led line that is not part of a table is a paragraph indented by a tab, which Word shows as
    indentation (so that line reads as prose, not as a table cell)."""
    lines = split_lines(text)
    tables = {t.start_line: t for t in _text_tables(lines, name)}
    doc = python_docx.Document()
    shown = list(lines)
    i = 0
    while i < len(lines):
        table = tables.get(i + 1)
        if table is not None:
            _add_table(doc, table, merge_down)
            i = table.end_line
            continue
        doc.add_paragraph(lines[i])
        shown[i] = lines[i].replace("\t", " ")
        i += 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), len(tables), "\n".join(shown)


def body_docx(xml: str, numbering: str = "", styles: str = "", save: bool = True):
    """A Word file whose body holds the given WordprocessingML (plus numbering definitions and styles)."""
    doc = python_docx.Document()
    body = doc.element.body
    for el in list(parse_xml(f"<w:body {W}>{xml}</w:body>")):
        body.insert(len(body) - 1, el)
    if numbering:
        root = doc.part.numbering_part.element
        for el in parse_xml(f"<w:numbering {W}>{numbering}</w:numbering>"):
            if el.tag.endswith("abstractNum"):
                root.insert(0, el)
            else:
                root.append(el)
    if styles:
        root = doc.styles.element
        for el in list(parse_xml(f"<w:styles {W}>{styles}</w:styles>")):
            root.append(el)
    if not save:
        return doc
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def p(text: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def tc(text: str = "", span: int = 1, vmerge: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + \
        ({"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[vmerge] if vmerge else "")
    paras = "".join(p(part) for part in text.split("\n")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>"


def tbl(grid: int, *rows: str, header_rows: int = 0) -> str:
    cols = "".join('<w:gridCol w:w="1000"/>' for _ in range(grid))
    trs = "".join(f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if i < header_rows else ''}{row}</w:tr>"
                  for i, row in enumerate(rows))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>{trs}</w:tbl>"


def lines_of(raw: bytes) -> list[str]:
    return reader.convert(raw, "t.docx").text.split("\n")


# -------------------------------------------------------------------------------- real plan texts


def _documents() -> list[tuple[str, str]]:
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(RAW.glob("*.txt"))]
    if (CORPUS / "INDEX.csv").exists():
        with (CORPUS / "INDEX.csv").open(encoding="utf-8") as fh:
            present = {r["file"] for r in csv.DictReader(fh)}
        docs += [(f, (CORPUS / "docs" / f).read_text(encoding="utf-8")) for f in CORPUS_FILES if f in present]
    return docs


DOCUMENTS = _documents()


@pytest.fixture(scope="module")
def converted():
    """Each real text: (text as the Word file shows it, docx bytes, number of text tables, Converted,
    seconds to convert)."""
    out = {}
    for name, text in DOCUMENTS:
        raw, n_tables, shown = plan_docx(text, name, merge_down=name == DAZHOU)
        start = time.perf_counter()
        conv = reader.convert(raw, name.replace(".txt", ".docx"))
        out[name] = (shown, raw, n_tables, conv, time.perf_counter() - start)
    return out


@pytest.mark.parametrize("name", [n for n, _ in DOCUMENTS])
def test_a_plan_written_as_word_reads_like_its_text(converted, name):
    text, raw, _, _, _ = converted[name]
    as_text = semantic(ingest_bytes(text.encode("utf-8"), name))
    as_word = semantic(ingest_bytes(raw, name.replace(".txt", ".docx")))
    assert as_word == as_text, "\n".join(differences(as_text, as_word))


@pytest.mark.parametrize("name", [n for n, _ in DOCUMENTS])
def test_paragraph_lines_come_back_verbatim_and_tables_as_real_cells(converted, name):
    text, _, n_tables, conv, seconds = converted[name]
    assert conv.format == "docx" and conv.converter == "python-docx" and conv.converter_version not in ("", "unknown")
    assert conv.n_tables == n_tables and conv.n_pages is None
    assert seconds < 1.0
    if not n_tables:  # one paragraph per line: the text itself (trailing blanks go)
        assert conv.text.split("\n") == [s.rstrip() for s in split_lines(text)]


def test_dazhou_indicator_table_gives_all_26_indicators_from_word(converted):
    _, raw, n_tables, conv, _ = converted[DAZHOU]
    assert n_tables == 9 == conv.n_tables
    result = ingest_bytes(raw, DAZHOU.replace(".txt", ".docx"))
    table = [s for s in result.statements if s.method == "table"]
    assert len(table) == 26
    assert len(result.service_items) == 91


def test_dazhou_cells_keep_the_text_layout(converted):
    """The section row merged across the table reads as its name and empty cells; a vertically merged
    cell repeats its text: the converted table lines are the text's cell lines."""
    text, _, _, conv, _ = converted[DAZHOU]
    def cells(lines):
        return ["\t" + s.strip() for s in lines if s.startswith("\t")]

    assert cells(conv.text.split("\n")) == cells(split_lines(text))


# --------------------------------------------------------------------------------------- locators


@pytest.mark.parametrize("name", [n for n, _ in DOCUMENTS])
def test_every_nonblank_line_has_a_locator(converted, name):
    conv = converted[name][3]
    lines = conv.text.split("\n")
    assert len(conv.locators) == len(lines)
    assert all(loc for s, loc in zip(lines, conv.locators) if s.strip())


def _located(doc, loc: str) -> str:
    """The text of the body paragraph or table cell a locator names (cell paragraphs joined by newlines)."""
    if loc.startswith("p"):
        return doc.paragraphs[int(loc[1:]) - 1].text
    t, r, c = (int(part.lstrip("tablerowcel")) for part in loc.split("/"))
    tc = doc.tables[t - 1]._tbl.tr_lst[r - 1].tc_lst[c - 1]
    return "\n".join(Paragraph(p, None).text for p in tc.iter(qn("w:p")))


@pytest.mark.parametrize("name", [n for n, _ in DOCUMENTS])
def test_each_line_is_found_where_its_locator_points(converted, name):
    _, raw, _, conv, _ = converted[name]
    doc = python_docx.Document(io.BytesIO(raw))
    for line, loc in zip(conv.text.split("\n"), conv.locators):
        if line.strip():
            assert line.strip() in _located(doc, loc).replace("\t", " "), (line, loc)


def test_locators_of_dazhou_cells(converted):
    lines = converted[DAZHOU][3].text.split("\n")
    where = converted[DAZHOU][3].locators
    at = {}
    for i, s in enumerate(lines):
        if s.startswith("\t"):
            at.setdefault(s, where[i])
    assert at["\t96.98"] == "table1/row3/cell2"  # header row 1, section row 2
    assert at["\t一、基本公共教育服务"] == "table1/row2/cell1"
    assert at["\t序号"] == "table2/row1/cell1"
    # lead units merged down point at the cell where the text is written: fewer places than lines
    units = [where[i] for i, s in enumerate(lines) if s == "\t市人社局"]
    assert len(units) > len(set(units)) > 1


def test_locator_of_a_paragraph_with_breaks_and_of_a_layout_table():
    raw = body_docx(p("a") + "<w:p><w:r><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p>"
                    + tbl(1, tc("inside\nthe box")))
    conv = reader.convert(raw, "t.docx")
    assert conv.text.split("\n") == ["a", "b", "c", "inside", "the box"]
    assert conv.locators == ("p1", "p2", "p2", "table1/row1/cell1/p1", "table1/row1/cell1/p2")
    assert conv.n_tables == 0


# ---------------------------------------------------------------------------------- table rules


def test_a_row_merged_across_keeps_the_header_width():
    raw = body_docx(tbl(4, tc("指标") + tc("2015年") + tc("2020年") + tc("累计增加"),
                        tc("一、教育", span=4),
                        tc("巩固率（%）") + tc("96.98") + tc("97") + tc("0.02")))
    assert lines_of(raw) == ["\t指标", "\t2015年", "\t2020年", "\t累计增加", "",
                             "\t一、教育", "\t", "\t", "\t", "\t巩固率（%）", "\t96.98", "\t97", "\t0.02", ""]


def test_a_span_repeats_only_where_the_header_spans_the_same_columns():
    raw = body_docx(tbl(4, tc("A") + tc("B", span=2) + tc("C"),
                        tc("1") + tc("x") + tc("y") + tc("z"),
                        tc("2") + tc("w", span=2) + tc("v"),
                        tc("3") + tc("q") + tc("r", span=2)))
    cells = [s for s in lines_of(raw) if s.startswith("\t")]
    assert cells == ["\tA", "\tB", "\tB", "\tC", "\t1", "\tx", "\ty", "\tz", "\t2", "\tw", "\tw", "\tv",
                     "\t3", "\tq", "\tr", "\t"]


def test_grid_columns_no_row_splits_are_one_column():
    raw = body_docx(tbl(5, tc("A") + tc("B", span=2) + tc("C", span=2),
                        tc("1") + tc("x", span=2) + tc("y", span=2)))
    assert [s for s in lines_of(raw) if s.startswith("\t")] == ["\tA", "\tB", "\tC", "\t1", "\tx", "\ty"]


def test_a_vertically_merged_cell_repeats_the_text_above():
    raw = body_docx(tbl(3, tc("序号") + tc("服务项目") + tc("主责单位"),
                        tc("1") + tc("就业") + tc("市人社局", vmerge="restart"),
                        tc("2") + tc("创业") + tc(vmerge="continue"),
                        tc("3") + tc("援助") + tc(vmerge="continue")))
    conv = reader.convert(raw, "t.docx")
    lines = conv.text.split("\n")
    assert [s for s in lines if s.startswith("\t")] == ["\t序号", "\t服务项目", "\t主责单位", "\t1", "\t就业", "\t市人社局",
                                                        "\t2", "\t创业", "\t市人社局", "\t3", "\t援助", "\t市人社局"]
    assert {loc for s, loc in zip(lines, conv.locators) if s == "\t市人社局"} == {"table1/row2/cell3"}
    assert conv.locators[lines.index("\t援助")] == "table1/row4/cell2"


def test_a_first_row_across_the_table_is_its_caption_and_last_rows_across_are_notes():
    raw = body_docx(tbl(2, tc("主要指标", span=2), tc("指标") + tc("2025年"), tc("覆盖率（%）") + tc("95"),
                        tc("注：预期性指标。", span=2), tc("资料来源：统计局", span=2)))
    conv = reader.convert(raw, "t.docx")
    assert conv.text.split("\n") == ["主要指标", "", "\t指标", "\t2025年", "", "\t覆盖率（%）", "\t95", "",
                                     "注：预期性指标。", "资料来源：统计局"]
    assert conv.locators[0] == "table1/row1/cell1" and conv.locators[-1] == "table1/row5/cell1"
    assert conv.n_tables == 1


def test_header_rows_are_one_header_row():
    raw = body_docx(tbl(3, tc("指标", vmerge="restart") + tc("目标值", span=2),
                        tc(vmerge="continue") + tc("2020年") + tc("2025年"),
                        tc("覆盖率（%）") + tc("90") + tc("95")))
    conv = reader.convert(raw, "t.docx")
    assert conv.text.split("\n")[:5] == ["\t指标", "\t目标值", "2020年", "\t目标值", "2025年"]
    assert [s for s in conv.text.split("\n")[5:] if s.strip()] == ["\t覆盖率（%）", "\t90", "\t95"]
    assert any("header rows" in n for n in conv.notes)
    marked = body_docx(tbl(2, tc("A") + tc("B"), tc("a") + tc("b"), tc("1") + tc("2"), header_rows=2))
    assert lines_of(marked)[:4] == ["\tA", "a", "\tB", "b"]


def test_a_nested_table_is_flattened_into_its_cell():
    nested = tbl(2, tc("甲") + tc("1"), tc("乙") + tc("2"))
    raw = body_docx(tbl(2, tc("项目") + tc("内容"), tc("x") + f"<w:tc>{p('说明')}{nested}<w:p/></w:tc>"))
    assert [s for s in lines_of(raw) if s.strip()] == ["\t项目", "\t内容", "\tx", "\t说明", "甲 1", "乙 2"]


def test_cell_lines_the_table_reader_would_not_take_as_a_wrap_are_joined():
    many = "\n".join(f"{k}.第{k}项" for k in range(1, 13))
    raw = body_docx(tbl(2, tc("项目") + tc("内容"), tc("x") + tc("说明\n一、不是标题\n" + many)))
    lines = lines_of(raw)
    start = lines.index("\t说明一、不是标题")
    tail = lines[start + 1:lines.index("", start)]
    assert len(tail) < 8 and "".join(tail).endswith("12.第12项")


def test_gridbefore_and_short_rows_are_padded():
    raw = body_docx(tbl(3, tc("A") + tc("B") + tc("C"),
                        '<w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc("b") + tc("c"),
                        tc("a") + tc("b")))
    cells = [s for s in lines_of(raw) if s.startswith("\t")]
    assert cells == ["\tA", "\tB", "\tC", "\t", "\tb", "\tc", "\ta", "\tb", "\t"]


# ------------------------------------------------------------------------------ paragraph rules


def test_breaks_tabs_hidden_and_deleted_text():
    raw = body_docx(
        "<w:p><w:r><w:tab/><w:t>lead tab</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r><w:r><w:br w:type=\"page\"/><w:t>c</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:t>shown</w:t></w:r>"
        "<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>gone</w:delText></w:r></w:del>"
        "<w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t>+new</w:t></w:r></w:ins></w:p>"
        "<w:p><w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink><w:r><w:t>ed</w:t></w:r></w:p>")
    assert lines_of(raw) == [" lead tab", "a bc", "shown+new", "linked"]


def test_list_numbers_are_written_as_word_shows_them():
    numbering = (
        '<w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/>'
        '<w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>')

    def item(text, level):
        return p(text, f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr></w:pPr>')

    raw = body_docx(item("总体要求", 0) + item("指导思想", 1) + item("基本原则", 1) + "".join(item("x", 0) for _ in range(9))
                    + item("保障措施", 0) + item("加强领导", 1), numbering)
    lines = lines_of(raw)
    assert lines[:3] == ["一、总体要求", "（1）指导思想", "（2）基本原则"]
    assert lines[-2:] == ["十一、保障措施", "（1）加强领导"]


def test_list_numbers_count_through_tables_once():
    numbering = ('<w:abstractNum w:abstractNumId="92"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="92"><w:abstractNumId w:val="92"/></w:num>')
    item = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="92"/></w:numPr></w:pPr>'
    layout = tbl(1, tc().replace("<w:p/>", p("a", item)))
    data = tbl(2, tc("项目") + tc("内容"), tc("x") + tc().replace("<w:p/>", p("b", item)))
    raw = body_docx(layout + data + p("c", item), numbering)
    assert [s for s in lines_of(raw) if s.strip()] == ["1.a", "\t项目", "\t内容", "\tx", "\t2.b", "3.c"]


def test_headings_numbered_by_their_style():
    numbering = (
        '<w:abstractNum w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:pStyle w:val="H1x"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="H2x"/>'
        '<w:lvlText w:val="第%2节"/><w:suff w:val="space"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>')
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/><w:pPr><w:numPr>'
                     f'<w:numId w:val="91"/></w:numPr></w:pPr></w:style>' for sid in ("H1x", "H2x"))

    def heading(text, sid):
        return p(text, f'<w:pPr><w:pStyle w:val="{sid}"/></w:pPr>')

    raw = body_docx(heading("总则", "H1x") + heading("目标", "H2x") + heading("任务", "H2x") + p("正文")
                    + heading("保障", "H1x") + heading("组织", "H2x"), numbering, styles)
    assert lines_of(raw) == ["第一章 总则", "第一节 目标", "第二节 任务", "正文", "第二章 保障", "第一节 组织"]


def test_number_formats():
    assert [chinese_counting(n) for n in (1, 10, 11, 20, 35, 100, 105, 110)] == \
        ["一", "十", "十一", "二十", "三十五", "一百", "一百零五", "一百一十"]
    assert [format_number(3, f) for f in ("decimal", "lowerLetter", "upperRoman", "decimalEnclosedCircle", "decimalFullWidth")] \
        == ["3", "c", "III", "③", "３"]
    assert format_number(3, "chineseLegalSimplified") is None


def test_table_of_contents_is_left_out():
    styles = '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
    raw = body_docx(p("目录") + p("第一章 总体要求\t3", '<w:pPr><w:pStyle w:val="TOC1"/></w:pPr>')
                    + '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
                    + f"<w:sdtContent>{p('第二章 3')}</w:sdtContent></w:sdt>"
                    + f"<w:sdt><w:sdtPr/><w:sdtContent>{p('第一章 总体要求')}</w:sdtContent></w:sdt>", styles=styles)
    conv = reader.convert(raw, "t.docx")
    assert conv.text.split("\n") == ["目录", "第一章 总体要求"]
    assert conv.locators == ("p1", "p2")  # paragraphs left out are not counted
    assert any("table of contents" in n for n in conv.notes)


def test_text_boxes_follow_their_paragraph():
    box = ('<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           f'<mc:Choice Requires="wps"><w:drawing><w:txbxContent>{p("专栏1")}</w:txbxContent></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><w:txbxContent>{p("专栏1")}</w:txbxContent></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r>')
    conv = reader.convert(body_docx(f"<w:p><w:r><w:t>正文</w:t></w:r>{box}</w:p>"), "t.docx")
    assert conv.text.split("\n") == ["正文", "专栏1"]
    assert conv.locators == ("p1", "p1/textbox1/p1")


PICTURE = ('<w:r><w:drawing><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"/>'
           '</w:drawing></w:r>')
OBJECT = '<w:r><w:object><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata/></v:shape></w:object></w:r>'


def test_pictures_and_embedded_objects_are_noted():
    conv = reader.convert(body_docx(f"<w:p><w:r><w:t>表1</w:t></w:r>{OBJECT}</w:p><w:p>{PICTURE}</w:p>"), "t.docx")
    assert conv.text == "表1\n"  # the picture's paragraph is an empty line
    assert any(n.startswith("embedded objects not read") for n in conv.notes)
    assert any(n.startswith("pictures not read (text in a picture needs OCR) (1)") for n in conv.notes)


def _with_footnotes(raw: bytes) -> bytes:
    """Add a footnotes part (python-docx writes none) holding separators and one note."""
    notes = (f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             f'<w:footnote w:id="1">{p("注：2015年为基数。")}</w:footnote></w:footnotes>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
            zout.writestr(info, data)
        zout.writestr("word/footnotes.xml", notes)
    return out.getvalue()


def test_footnotes_follow_the_body_and_their_marks_add_no_digit():
    raw = _with_footnotes(body_docx('<w:p><w:r><w:t>96.98</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
                                    '<w:r><w:t>%</w:t></w:r></w:p>'))
    conv = reader.convert(raw, "t.docx")
    assert conv.text.split("\n") == ["96.98%", "", "注：2015年为基数。"]
    assert conv.locators == ("p1", None, "footnote1/p1")


def test_a_macro_enabled_document_is_read_too():
    raw = body_docx(p("正文"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            zout.writestr(info, data)
    assert lines_of(out.getvalue()) == ["正文"]


# ------------------------------------------------------------------------------------- bad files


def test_a_truncated_docx_is_a_corrupt_file(converted):
    raw = converted[DAZHOU][1]
    for cut in (raw[: len(raw) // 2], raw[:-10], raw[:100]):
        assert detect_format(cut, "plan.docx") == "docx"
        with pytest.raises(CorruptFileError, match="truncated or damaged.*save it as .docx"):
            reader.convert(cut, "plan.docx")
        with pytest.raises(CorruptFileError):
            ingest_bytes(cut, "plan.docx")


def _rezip(raw: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)
    return out.getvalue()


def test_a_docx_without_or_with_a_broken_document_part_is_a_corrupt_file():
    raw = body_docx(p("正文"))
    missing = _rezip(raw, lambda name, data: None if name == "word/document.xml" else data)
    broken = _rezip(raw, lambda name, data: data[:300] if name == "word/document.xml" else data)
    for bad in (missing, broken):
        with pytest.raises(CorruptFileError, match="save it as .docx"):
            reader.convert(bad, "plan.docx")


def test_a_docx_without_text_is_no_text():
    empty = body_docx("<w:p/><w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>" + tbl(2, tc() + tc()))
    with pytest.raises(NoTextError, match="no text.*OCR"):
        reader.convert(empty, "scan.docx")
    with pytest.raises(NoTextError):
        ingest_bytes(empty, "scan.docx")
    with pytest.raises(NoTextError, match="only pictures"):
        reader.convert(body_docx(f"<w:p>{PICTURE}</w:p>" * 3), "scan.docx")


def test_a_password_protected_docx_is_an_old_office_file():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)  # encrypted .docx files are OLE containers
    with pytest.raises(UnsupportedFormatError, match="save it as .docx"):
        detect_format(ole, "secret.docx")
    with pytest.raises(CorruptFileError, match="truncated or damaged"):
        reader.convert(ole, "secret.docx")  # called directly, the reader still gives a typed error
