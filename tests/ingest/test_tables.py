"""The table reader on small made-up tables (not taken from any real document)."""
from ingest.read.tables import read_tables
from ingest.paths import REF_DIR
from ingest.reference.lexicon import load_lexicon

ANY = lambda texts: texts[0] in ("名称", "序号")  # noqa: E731
LEX = load_lexicon(REF_DIR)


def lines(text: str) -> list[str]:
    return text.split("\n")


def test_reads_rows_by_header_width_and_ignores_blank_lines():
    doc = lines("表一 测试\n\n\t名称\n\t甲年\n\t乙年\n\n\tA\n\n\t1\n\t2\n\n\tB\n\t3\n\t—\n\n正文继续。")
    [t] = read_tables(doc, "t.txt", LEX, ANY)
    assert t.title == "表一 测试" and t.title_line == 1
    assert [[c.text for c in r] for r in t.rows] == [["A", "1", "2"], ["B", "3", "—"]]
    assert t.rows[0][0].line == 7 and t.rows[1][2].line == 14
    assert not t.errors


def test_wrapped_header_and_cell_are_joined_with_line_span():
    doc = lines("\t序号\n\t服务\n\n项目\n\t对象\n\n\t1\n\t0—3岁\n\n幼儿\n\t某部门\n\n下一段落文字。")
    [t] = read_tables(doc, "t.txt", LEX, ANY)
    assert [c.joined for c in t.header] == ["序号", "服务项目", "对象"]
    cell = t.rows[0][1]
    assert cell.joined == "0—3岁幼儿" and (cell.line, cell.end_line) == (8, 10)
    assert cell.text == "0—3岁\n\n幼儿"
    assert t.rows[0][2].text == "某部门" and len(t.rows) == 1


def test_wrapped_last_column_joins_when_rows_follow_but_a_new_table_does_not():
    doc = lines("\t序号\n\t单位\n\n\t1\n\t甲局、\n乙局\n\t2\n\t丙局\n\n某某清单\n\n\t序号\n\t单位\n\n\t1\n\t丁局")
    first, second = read_tables(doc, "t.txt", LEX, ANY)
    assert [r[1].joined for r in first.rows] == ["甲局、乙局", "丙局"]
    assert second.title == "某某清单" and second.rows[0][1].text == "丁局"


def test_truncated_table_is_an_error_with_file_and_line():
    doc = lines("\t名称\n\t甲\n\t乙\n\n\tA\n\t1\n\t2\n\n\tB\n\t3\n\n第二章 其他\n")
    [t] = read_tables(doc, "broken.txt", LEX, ANY)
    assert len(t.rows) == 1
    [err] = t.errors
    assert err.source_file == "broken.txt" and err.line == 9
    assert "truncated" in err.reason and "2 of 3" in err.reason


def test_heading_after_incomplete_row_is_not_swallowed_as_wrap():
    doc = lines("\t名称\n\t甲\n\n\tA\n\n第三节 保障工程\n\n\t名称\n\t甲\n\n\tB\n\t1")
    tables = read_tables(doc, "t.txt", LEX, ANY)
    assert tables[0].errors and tables[0].errors[0].line == 4
    assert [[c.text for c in r] for r in tables[1].rows] == [["B", "1"]]


def test_unknown_header_runs_are_skipped():
    doc = lines("\t甲\n\t乙\n\n正文\n\t名称\n\t值\n\n\tA\n\t1")
    [t] = read_tables(doc, "t.txt", LEX, ANY)
    assert t.header[0].line == 5
