"""Shape of the published warehouse and its answers to the questions issue #2 asks."""
from decimal import Decimal

from tests.warehouse.conftest import rows

MARTS = {"dim_document", "dim_city", "dim_domain", "dim_department", "dim_indicator", "dim_national_service_item",
         "fct_indicator_targets", "fct_indicator_values", "cmp_indicator_by_city", "cmp_service_coverage",
         "cmp_domain_profile", "cmp_department_load", "dq_unmapped_service_items",
         "fct_service_items", "fct_tasks", "fct_responsibilities", "dq_findings", "dq_number_coverage"}


def test_marts_are_tables_and_staging_covers_every_input(con):
    from ingest.model.records import TABLES

    kinds = {(r["table_schema"], r["table_name"]): r["table_type"] for r in rows(con, "select * from information_schema.tables")}
    assert {t for (s, t), k in kinds.items() if s == "marts" and k == "BASE TABLE"} == MARTS
    staging = {t: k for (s, t), k in kinds.items() if s == "staging"}
    # extracted tables are copied in (the published file must not depend on build/extracted/); seeds are views
    assert {f"stg_ingest__{t}" for t in TABLES} == {t for t, k in staging.items() if k == "BASE TABLE"}
    seeds = {t for (s, t) in kinds if s == "seeds"}
    assert seeds and all(t.startswith("ref_") for t in seeds)
    assert {f"stg_reference__{t[4:]}" for t in seeds} == {t for t, k in staging.items() if k == "VIEW"}


def test_required_columns(con):
    required = {
        "fct_indicator_targets": "doc_id city domain indicator_name unit baseline_year baseline_value target_year target_value increment_stated comparator source_line source_text",
        "fct_indicator_values": "doc_id city indicator_name value_kind year value unit comparator value_base base_unit source_line source_text",
        "fct_service_items": "doc_id city domain seq item_name target_population content_standard spending_responsibility lead_units source_line",
        "dq_findings": "doc_id check_name severity detail source_line",
    }
    for model, cols in required.items():
        have = {r["column_name"] for r in rows(con, "select column_name from information_schema.columns where table_schema='marts' and table_name=?", model)}
        assert set(cols.split()) <= have, (model, set(cols.split()) - have)


def test_base_unit_conversion(con, golden_ids):
    [r] = rows(con, """select value, value_base, base_unit from marts.fct_indicator_values
                       where indicator_name='新增城镇就业人数' and value_kind='increment' and list_contains(?, doc_id)""", golden_ids)
    assert (r["value"], r["value_base"], r["base_unit"]) == (Decimal("17"), Decimal("170000"), "人")


def test_increment_mismatch_is_reported_with_document_line_and_numbers(con, golden_ids, golden):
    found = rows(con, "select * from marts.dq_findings where check_name='increment_mismatch' and list_contains(?, doc_id)", golden_ids)
    assert [(f["source_file"], f["source_line"]) for f in found] == [("004_2d37ce64d69f20cb.txt", 187)]
    assert found[0]["detail"] == "stated increment 10.3 <> target 11.6 - baseline 1.5 = 10.1 for 农村危房改造 (万户)"
    # reported, not corrected: the stated value stays as written
    [t] = rows(con, "select increment_stated from marts.fct_indicator_targets where source_line=187 and doc_id = ?",
               golden["004_2d37ce64d69f20cb.txt"])
    assert t["increment_stated"] == Decimal("10.3")


def test_lead_units_are_a_list(con, golden_ids):
    [r] = rows(con, """select lead_units from marts.fct_service_items
                       where item_name='免费义务教育' and source_kind='table' and list_contains(?, doc_id)""", golden_ids)
    assert r["lead_units"] == ["市教育局", "市财政局"]


def test_build_info_records_inputs_and_versions(con):
    [r] = rows(con, "select * from meta.build_info")
    assert r["n_inputs"] >= 5 and "duckdb" in r["tool_versions"] and "data/raw/004_2d37ce64d69f20cb.txt" in r["input_hashes"]


def test_task_counts_per_document(con, golden_ids):
    got = dict(con.execute("""select city, count(*) from marts.fct_tasks
                              where task_style = 'numbered' and list_contains(?, doc_id) group by city""", [golden_ids]).fetchall())
    assert got == {"内江": 33, "陇南": 30, "巴中": 59}


def test_department_aliases_map_to_one_canonical_department(con):
    got = dict(con.execute("""select department_zh, department_code from marts.fct_responsibilities
                              where department_zh in ('市人社局', '市人力资源社会保障局', '市卫计委', '市卫生计生委')
                              group by all""").fetchall())
    assert got == {"市人社局": "hrss", "市人力资源社会保障局": "hrss", "市卫计委": "health_family_planning",
                   "市卫生计生委": "health_family_planning"}
    [(successor,)] = con.execute("select successor_code from marts.dim_department where department_code = 'health_family_planning'").fetchall()
    assert successor == "health"


def test_odd_department_names_stay_unmapped_and_are_reported(con, golden):
    unmapped = {r[0] for r in con.execute("select department_zh from marts.fct_responsibilities where department_code is null").fetchall()}
    assert {"市社局", "财政局"} <= unmapped
    checks = {r[0] for r in con.execute("select check_name from marts.dq_findings where source_line in (866, 1202) and doc_id = ?",
                                        [golden["004_2d37ce64d69f20cb.txt"]]).fetchall()}
    assert {"probable_department_typo", "department_missing_prefix"} <= checks


def test_one_quantity_with_two_values_is_reported(con, golden_ids):
    [r] = rows(con, "select * from marts.dq_findings where check_name = 'conflicting_values' and list_contains(?, doc_id)", golden_ids)
    assert r["source_file"] == "000_0f5b46df09df09b5.txt" and r["source_line"] == 23
    assert "1900" in r["detail"] and "1800" in r["detail"] and "line 45" in r["detail"]


def test_number_coverage_is_reported_per_document(con, golden):
    cov = {r["doc_id"]: r for r in rows(con, "select * from marts.dq_number_coverage")}
    [(n_docs,)] = con.execute("select count(*) from marts.dim_document").fetchall()
    assert len(cov) == n_docs  # a failed document is listed too, with nothing seen
    for r in cov.values():
        assert r["numbers_seen"] == r["numbers_captured"] + r["numbers_excluded"] + r["numbers_unclassified"]
    assert cov[golden["000_0f5b46df09df09b5.txt"]]["capture_rate"] >= 0.95


def test_views_resolve_in_the_published_file(con):
    """Views name the catalog after the file stem; the build file keeps the live stem so they survive the rename."""
    assert con.execute("select current_database()").fetchone()[0] == "public_services"
    views = con.execute("select schema_name, view_name from duckdb_views() where not internal").fetchall()
    for schema, view in views:
        con.table_function("query_table", [f"{schema}.{view}"]).aggregate("count(*)").fetchone()
    assert {s for s, _ in views} == {"staging", "intermediate"}
