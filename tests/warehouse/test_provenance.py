"""Every extracted row's source_text really occurs at its source_line: of the raw file for plain text,
of the converted text (seeds/extracted/text/<doc_id>.txt, whose sha256 the manifest records) for an
html, docx or pdf file, whose rows also say where the line sits in the original (source_locator)."""
import hashlib

import pytest

from ingest.paths import SEEDS_DIR
from tests.conftest import RAW
from tests.warehouse.conftest import rows

PROVENANCED = ["fct_indicator_targets", "fct_indicator_values", "fct_service_items", "fct_tasks", "fct_responsibilities", "dq_findings"]


def _raw_lines(name, cache={}):
    if name not in cache:
        cache[name] = (RAW / name).read_bytes().decode("utf-8").split("\n")
    return cache[name]


def _text_lines(doc_id, text_sha256, cache={}):
    """The converted text a document's lines count, checked against the manifest's sha256."""
    if doc_id not in cache:
        raw = (SEEDS_DIR / "text" / f"{doc_id}.txt").read_bytes()
        assert hashlib.sha256(raw).hexdigest() == text_sha256, f"text/{doc_id}.txt is not the text the ingest read"
        cache[doc_id] = raw.decode("utf-8").split("\n")
    return cache[doc_id]


@pytest.mark.parametrize("model", PROVENANCED)
def test_source_text_is_at_source_line(con, model):
    files = dict(con.execute("select doc_id, source_file from marts.dim_document").fetchall())
    converted = dict(con.execute("select doc_id, text_sha256 from marts.dim_document where text_sha256 is not null").fetchall())
    data = [r for r in rows(con, "select * from query_table(?)", f"marts.{model}") if r["source_text"] is not None]
    assert data, f"{model} has no rows with provenance"
    bad = []
    for r in data:
        source_file = r.get("source_file") or files[r["doc_id"]]  # a finding names its own file (e.g. a duplicate)
        if r["doc_id"] in converted and files.get(r["doc_id"]) == source_file:
            lines = _text_lines(r["doc_id"], converted[r["doc_id"]])
        else:
            lines = _raw_lines(source_file)
        end = r.get("source_end_line") or r["source_line"]
        span = "\n".join(lines[r["source_line"] - 1 : end]) if r["source_line"] else ""
        if r["source_text"] not in span:
            bad.append((source_file, r["source_line"], r["source_text"][:40]))
    assert not bad, f"{len(bad)} of {len(data)} rows of {model} do not match the raw file, e.g. {bad[:3]}"


def test_every_value_has_provenance(con):
    [(n,)] = con.execute("""select count(*) from marts.fct_indicator_values
                            where source_line is null or source_text is null or doc_id is null""").fetchall()
    assert n == 0


@pytest.mark.parametrize("model", ["fct_indicator_targets", "fct_indicator_values", "fct_service_items", "fct_tasks"])
def test_rows_of_converted_documents_say_where_they_sit_in_the_original(con, model):
    """A row of an html/docx/pdf document has a source_locator; a row of a plain-text file has none."""
    [(missing, spurious)] = con.execute("""
        select count(*) filter (where d.text_sha256 is not null and m.source_locator is null),
               count(*) filter (where d.text_sha256 is null and m.source_locator is not null)
        from query_table(?) m join marts.dim_document d using (doc_id)""", [f"marts.{model}"]).fetchall()
    assert (missing, spurious) == (0, 0)
