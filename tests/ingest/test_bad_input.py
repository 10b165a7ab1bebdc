"""Bad input never stops the build: each case gets a clear message naming file, line and reason,
a recorded finding, and every other document is still read."""
import shutil

import pytest

from ingest import run as pipeline
from tests.conftest import RAW

DAZHOU = "004_2d37ce64d69f20cb.txt"
NEIJIANG = "000_0f5b46df09df09b5.txt"


def run_with(tmp_path, name: str, content: bytes, keep=(NEIJIANG, DAZHOU)):
    raw = tmp_path / "raw"
    raw.mkdir()
    for k in keep:
        shutil.copy(RAW / k, raw / k)
    (raw / name).write_bytes(content)
    log = tmp_path / "log.txt"
    with log.open("w") as fh:
        results = pipeline.run(raw_dir=raw, out_dir=tmp_path / "out", log=fh)
    return {r.source_file: r for r in results}, log.read_text()


def dazhou_lines() -> list[str]:
    return (RAW / DAZHOU).read_text(encoding="utf-8").split("\n")


def table_statements(r):
    return [s for s in r.statements if s.method == "table"]


def assert_others_intact(results, bad):
    for name, r in results.items():
        if name != bad and name == DAZHOU:
            assert len(table_statements(r)) == 26 and len(r.service_items) == 91
        if name != bad:
            assert r.manifest["status"] == "ok"


def test_gb18030_file_is_detected_and_decoded(tmp_path):
    text = (RAW / DAZHOU).read_text(encoding="utf-8")
    results, _ = run_with(tmp_path, "gbk_copy.txt", text.encode("gb18030"), keep=(NEIJIANG,))
    r = results["gbk_copy.txt"]
    assert r.manifest["encoding"] == "gb18030" and r.manifest["status"] == "ok"
    assert len(table_statements(r)) == 26 and len(r.service_items) == 91


def test_bom_and_crlf_keep_line_numbers(tmp_path):
    text = (RAW / DAZHOU).read_text(encoding="utf-8")
    results, _ = run_with(tmp_path, "bom_crlf.txt", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), keep=(NEIJIANG,))
    r = results["bom_crlf.txt"]
    assert len(table_statements(r)) == 26 and len(r.service_items) == 91
    lines = {s.indicator_name: s.source_line for s in table_statements(r)}
    assert lines["九年义务教育巩固率"] == 81 and "\r" not in "".join(s.source_text for s in r.statements)


@pytest.mark.parametrize("name,content,kind,reason", [
    ("empty.txt", b"", "undecodable_file", "file is empty"),
    ("blank.txt", b"\n\n  \n", "undecodable_file", "file is empty"),
    ("binary.txt", bytes(range(256)) * 8, "undecodable_file", "NUL bytes"),
    # not b"\xff\xfe..." (as this case once was): that starts with a UTF-16 LE byte-order mark, and a BOM decides
    ("garbage.txt", b"\xfa\xfb\xff\xfe" * 100, "undecodable_file", "cannot decode"),
])
def test_unreadable_documents_are_recorded_and_the_rest_build(tmp_path, name, content, kind, reason):
    results, log = run_with(tmp_path, name, content)
    r = results[name]
    assert r.manifest["status"] == "failed" and r.doc_id.startswith("failed_")
    [f] = [f for f in r.findings if f.severity == "error"]
    assert f.check_name == kind and reason in f.detail and f.source_file == name
    assert name in log and kind in log  # the message names the file and the reason
    assert_others_intact(results, name)
    out = (tmp_path / "out" / "ingest_findings.csv").read_text(encoding="utf-8")
    assert name in out and kind in out


def test_off_topic_text_is_read_with_a_low_relevance_finding(tmp_path):
    """Only an unreadable file fails: a text that names no public service is read, and flagged."""
    results, log = run_with(tmp_path, "recipe.txt", "红烧肉的做法\n五花肉500克，冰糖30克。\n".encode())
    r = results["recipe.txt"]
    assert r.manifest["status"] == "ok" and not r.doc_id.startswith("failed_")
    [f] = [f for f in r.findings if f.check_name == "low_relevance"]
    assert f.severity == "warning" and "public-service word" in f.detail and f.source_file == "recipe.txt"
    assert not [f for f in r.findings if f.severity == "error"]
    assert_others_intact(results, "recipe.txt")


def test_a_plan_gets_no_low_relevance_finding(tmp_path):
    results, _ = run_with(tmp_path, "copy.txt", (RAW / DAZHOU).read_bytes(), keep=(NEIJIANG,))
    assert not [f for f in results["copy.txt"].findings if f.check_name == "low_relevance"]


def _service_row_start(lines, seq_text, name):
    for i, l in enumerate(lines):
        if l == "\t" + seq_text and lines[i + 1] == "\t" + name:
            return i
    raise AssertionError(name)


def test_missing_cell_is_reported_for_its_row_only(tmp_path):
    lines = dazhou_lines()
    i = _service_row_start(lines, "3", "寄宿生生活补助")
    del lines[i + 2]  # drop the 服务对象 cell of item 3
    results, log = run_with(tmp_path, "missing_cell.txt", "\n".join(lines).encode(), keep=(NEIJIANG,))
    r = results["missing_cell.txt"]
    errors = [f for f in r.findings if f.severity == "error"]
    assert len(errors) == 1 and errors[0].source_line == i + 1 and "missing cell" in errors[0].detail
    assert len(r.service_items) == 90  # only the broken row is not loaded
    assert "missing_cell.txt:%d" % (i + 1) in log


def test_extra_cell_is_reported_for_its_row_only(tmp_path):
    lines = dazhou_lines()
    i = _service_row_start(lines, "5", "儿童健康管理")
    lines.insert(i + 2, "\t多出的一格")
    results, _ = run_with(tmp_path, "extra_cell.txt", "\n".join(lines).encode(), keep=(NEIJIANG,))
    r = results["extra_cell.txt"]
    [err] = [f for f in r.findings if f.severity == "error"]
    assert err.source_line == i + 1 and "extra cell" in err.detail
    assert len(r.service_items) == 90


def test_truncated_table_at_end_of_file(tmp_path):
    lines = dazhou_lines()
    i = _service_row_start(lines, "17", "0-6岁残疾儿童康复")
    results, _ = run_with(tmp_path, "truncated.txt", "\n".join(lines[: i + 3]).encode(), keep=(NEIJIANG,))
    r = results["truncated.txt"]
    [err] = [f for f in r.findings if f.severity == "error"]
    assert err.check_name == "malformed_table" and "truncated" in err.detail and err.source_line == i + 1
    assert len(r.service_items) == 90


def test_unparseable_number_is_reported_and_the_row_keeps_its_other_values(tmp_path):
    lines = dazhou_lines()
    assert lines[81] == "\t96.98"
    lines[81] = "\t96.98左右吧"
    results, log = run_with(tmp_path, "bad_number.txt", "\n".join(lines).encode(), keep=(NEIJIANG,))
    r = results["bad_number.txt"]
    [err] = [f for f in r.findings if f.severity == "error"]
    assert err.check_name == "unparseable_cell" and err.source_line == 82 and "96.98左右吧" in err.detail
    [st] = [s for s in table_statements(r) if s.indicator_name == "九年义务教育巩固率"]
    kinds = {v.value_kind for v in r.values if v.statement_id == st.statement_id}
    assert kinds == {"target", "increment"}
    assert "bad_number.txt:82" in log


def test_strict_mode_exits_non_zero_on_error_findings(tmp_path, monkeypatch):
    from ingest.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    shutil.copy(RAW / NEIJIANG, raw / NEIJIANG)
    args = ["run", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "out")]
    assert main(args) == 0
    assert main(args + ["--strict"]) == 1
