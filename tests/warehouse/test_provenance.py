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
    cols = {r["column_name"] for r in rows(con, f"select column_name from information_schema.columns where table_schema='marts' and table_name='{model}'")}
    end = "m.source_end_line" if "source_end_line" in cols else "m.source_line"
    data = rows(con, f"""
        select d.source_file, m.source_line, {end} as end_line, m.source_text
        from marts.{model} m join marts.dim_document d using (doc_id)
        where m.source_text is not null""")
    assert data, f"{model} has no rows with provenance"
    bad = []
    for r in data:
        lines = _raw_lines(r["source_file"])
        span = "\n".join(lines[r["source_line"] - 1 : r["end_line"]])
        if not r["source_line"] or r["source_text"] not in span:
            bad.append((r["source_file"], r["source_line"], r["source_text"][:40]))
    assert not bad, f"{len(bad)} of {len(data)} rows of {model} do not match the raw file, e.g. {bad[:3]}"


def test_every_value_has_provenance(con):
    [(n,)] = con.execute("""select count(*) from marts.fct_indicator_values
                            where source_line is null or source_text is null or doc_id is null""").fetchall()
    assert n == 0
