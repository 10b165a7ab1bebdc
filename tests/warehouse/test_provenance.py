"""Every extracted row's source_text really occurs at its source_line of the raw file."""
import pytest

from tests.conftest import RAW
from tests.warehouse.conftest import rows

PROVENANCED = ["fct_indicator_targets", "fct_indicator_values", "fct_service_items", "fct_tasks", "fct_responsibilities", "dq_findings"]


def _raw_lines(name, cache={}):
    if name not in cache:
        cache[name] = (RAW / name).read_bytes().decode("utf-8").split("\n")
    return cache[name]


@pytest.mark.parametrize("model", PROVENANCED)
def test_source_text_is_at_source_line(con, model):
    files = dict(con.execute("select doc_id, source_file from marts.dim_document").fetchall())
    data = [r for r in rows(con, "select * from query_table(?)", f"marts.{model}") if r["source_text"] is not None]
    assert data, f"{model} has no rows with provenance"
    bad = []
    for r in data:
        source_file = r.get("source_file") or files[r["doc_id"]]  # a finding names its own file (e.g. a duplicate)
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
