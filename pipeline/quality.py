"""Quality step: Great Expectations (1.x API) suites for the extracted seeds (before dbt) and for
every mart (after dbt, read through a read-only DuckDB connection as DataFrames).

load inputs  : seeds/extracted/*.csv, or the marts of a warehouse file
process      : one expectation suite per dataset, plus per-document row-count frames whose bounds
               come from the documents themselves (numbered sequences)
save outputs : reports/quality/<stage>_results.json and Data Docs under reports/quality/data_docs/

Every expectation carries meta.severity. 'error' marks a pipeline invariant (keys, types, sets):
a failure exits 1 and stops the build before publish. 'warning' marks what a source document can
legitimately break (a rate above 100 %): it is reported, and the build goes on.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "extracted"
OUT = ROOT / "reports" / "quality"
DOCS_DIR = OUT / "data_docs"

VALUE_KINDS = ["baseline", "target", "increment", "standard"]
COMPARATORS = ["=", ">=", "<=", "~"]
SEVERITIES = ["error", "warning", "info"]
PLAN_KINDS = ["five_year_plan", "annual_plan", "implementation_opinion", "implementation_plan"]
YEARS = (1990, 2050)
INT_TYPES = ["int8", "int16", "int32", "int64", "Int8", "Int16", "Int32", "Int64", "uint8", "uint16", "uint32", "uint64", "UInt32", "UInt64"]
TEXT_TYPES = ["object", "str", "string", "StringDtype", "string[python]", "string[pyarrow]"]


# ---------------------------------------------------------------- expectation specs (pure data)
def E(kind: str, severity: str = "error", **kwargs) -> tuple[str, str, dict]:
    return kind, severity, kwargs


def key(col):
    return [E("ExpectColumnValuesToNotBeNull", column=col), E("ExpectColumnValuesToBeUnique", column=col)]


def nonempty(col, severity="error"):
    return [E("ExpectColumnValuesToNotBeNull", severity, column=col),
            E("ExpectColumnValueLengthsToBeBetween", severity, column=col, min_value=1)]


def in_set(col, values, severity="error"):
    return [E("ExpectColumnValuesToBeInSet", severity, column=col, value_set=values)]


def of_type(col, types):
    return [E("ExpectColumnValuesToBeInTypeList", column=col, type_list=types)]


def line_no(col="source_line"):
    return [E("ExpectColumnValuesToNotBeNull", column=col), *of_type(col, INT_TYPES),
            E("ExpectColumnValuesToBeBetween", column=col, min_value=1)]


def year(col, severity="warning"):
    return [E("ExpectColumnValuesToBeBetween", severity, column=col, min_value=YEARS[0], max_value=YEARS[1])]


def percent_range(value_col="value", unit_col="unit", kinds=("baseline", "target", "standard")):
    cond = f'{unit_col}=="%" and value_kind in {list(kinds)!r}'
    return [E("ExpectColumnValuesToBeBetween", "warning", column=value_col, min_value=0, max_value=100,
              row_condition=cond, condition_parser="pandas")]


def equal_pair(a, b, severity="error"):
    return [E("ExpectColumnPairValuesToBeEqual", severity, column_A=a, column_B=b)]


SEED_SUITES: dict[str, list] = {
    "documents": [*key("doc_id"), *key("sha256"), *nonempty("source_file"),
                  E("ExpectColumnValuesToMatchRegex", column="sha256", regex=r"^[0-9a-f]{64}$"),
                  *in_set("status", ["ok", "failed"]), *in_set("plan_kind", PLAN_KINDS),
                  *in_set("script", ["simplified", "traditional", "unknown"]),
                  *year("period_start"), *year("period_end"),
                  E("ExpectColumnPairValuesAToBeGreaterThanB", "warning", column_A="period_end", column_B="period_start",
                    or_equal=True, ignore_row_if="either_value_is_missing")],
    "document_field_sources": [*nonempty("doc_id"), *in_set("origin", ["text", "reviewed", "derived", "not_stated"]),
                               *in_set("field", ["title", "city", "province", "plan_kind", "period_start", "period_end",
                                                 "issue_date", "doc_number", "issuer"])],
    "indicator_statements": [*key("statement_id"), *nonempty("doc_id"), *nonempty("indicator_name"), *line_no(),
                             *nonempty("source_text")],
    "indicator_values": [*nonempty("statement_id"), *in_set("value_kind", VALUE_KINDS), *in_set("comparator", COMPARATORS),
                         *year("year"), E("ExpectColumnValuesToNotBeNull", column="value"), *line_no(),
                         *nonempty("source_text"), *percent_range(),
                         *key("value_id"),
                         E("ExpectCompoundColumnsToBeUnique", column_list=["statement_id", "value_kind", "comparator", "year"])],
    "service_items": [*key("item_id"), *nonempty("item_name"), *line_no(), *nonempty("source_text"),
                      E("ExpectColumnValuesToBeBetween", column="seq", min_value=1)],
    "ingest_findings": [*nonempty("source_file"), *nonempty("check_name"), *nonempty("detail"), *in_set("severity", SEVERITIES)],
    "tasks": [*key("task_id"), *nonempty("body"), *line_no(), *nonempty("source_text"),
              *in_set("style", ["numbered", "dash", "titled"]), E("ExpectColumnValuesToBeBetween", column="seq", min_value=1)],
    "responsibilities": [*nonempty("subject_id"), *nonempty("department_zh"), *in_set("role", ["lead", "supporting", "responsible"]),
                         *in_set("subject_kind", ["task", "service_item"]),
                         E("ExpectCompoundColumnsToBeUnique", column_list=["subject_id", "role", "position"])],
    "number_mentions": [*line_no(), *in_set("status", ["captured", "excluded", "unclassified"]), *nonempty("reason")],
    "declared_counts": [*line_no(), E("ExpectColumnValuesToBeBetween", column="declared", min_value=1),
                        *in_set("subject", ["service_items"])],
    # derived frame: what a document declares about itself vs what was extracted. A mismatch can be
    # the document's own error, so it is a warning here and a dq_findings row in the warehouse.
    "declared_vs_extracted": [*equal_pair("declared", "extracted", "warning")],
    # derived frame: numbered tasks per document run 1..n without gaps or repeats
    "numbered_tasks_per_section": [*equal_pair("n_tasks", "max_seq"), *equal_pair("n_tasks", "n_distinct_seq")],
    # derived frames: row counts per document and table must match the table's own numbering
    "service_items_per_table": [*equal_pair("n_items", "max_seq"), *equal_pair("n_items", "n_distinct_seq"),
                                E("ExpectColumnValuesToBeBetween", column="n_items", min_value=1)],
}

MART_SUITES: dict[str, list] = {
    "dim_document": SEED_SUITES["documents"],
    "dim_city": [*key("city")],
    "dim_domain": [*key("domain"), *nonempty("domain_name_zh"), *nonempty("domain_name_en")],
    "fct_indicator_targets": [*key("statement_id"), *nonempty("indicator_name"), *line_no(), *nonempty("source_text"),
                              *in_set("comparator", COMPARATORS), *year("baseline_year"), *year("target_year"),
                              E("ExpectColumnPairValuesAToBeGreaterThanB", "warning", column_A="target_year",
                                column_B="baseline_year", or_equal=True, ignore_row_if="either_value_is_missing")],
    "fct_indicator_values": [*key("value_id"), *in_set("value_kind", VALUE_KINDS), *in_set("comparator", COMPARATORS),
                             *year("year"), *line_no(), *nonempty("source_text"), *percent_range()],
    "fct_service_items": [*key("item_id"), *nonempty("item_name"), *line_no(), *nonempty("source_text")],
    "dq_findings": [*key("finding_id"), *nonempty("check_name"), *nonempty("detail"), *in_set("severity", SEVERITIES)],
    "fct_tasks": [*key("task_id"), *nonempty("body"), *line_no(), *in_set("task_style", ["numbered", "dash", "titled"])],
    "fct_responsibilities": [*key("responsibility_id"), *nonempty("department_zh"),
                             *in_set("role", ["lead", "supporting", "responsible"])],
    "dim_department": [*key("department_key"), *nonempty("name_zh")],
    "dq_number_coverage": [*key("doc_id"), E("ExpectColumnValuesToBeBetween", "warning", column="capture_rate",
                                             min_value=0, max_value=1)],
    "service_items_per_table": SEED_SUITES["service_items_per_table"],
    "numbered_tasks_per_section": SEED_SUITES["numbered_tasks_per_section"],
    "declared_vs_extracted": SEED_SUITES["declared_vs_extracted"],
}


# ---------------------------------------------------------------- load
def per_table_counts(items: pd.DataFrame, from_prose: pd.Series) -> pd.DataFrame:
    """Per document and list (a table, or one prose catalogue line): items extracted vs the list's own numbering."""
    if items.empty:
        return pd.DataFrame({"doc_id": [], "list_key": [], "n_items": [], "max_seq": [], "n_distinct_seq": []})
    key = items["context"].fillna("").where(~from_prose, "line " + items["source_line"].astype(str))
    g = items.assign(list_key=key).groupby(["doc_id", "list_key"], dropna=False)
    return g.agg(n_items=("item_name", "size"), max_seq=("seq", "max"), n_distinct_seq=("seq", "nunique")).reset_index()


def numbered_tasks(tasks: pd.DataFrame, style_col: str) -> pd.DataFrame:
    """Numbered tasks per document: the count must equal the highest number (1..n, no gaps)."""
    t = tasks[tasks[style_col] == "numbered"]
    if t.empty:
        return pd.DataFrame({"doc_id": [], "n_tasks": [], "max_seq": [], "n_distinct_seq": []})
    return t.groupby("doc_id").agg(n_tasks=("seq", "size"), max_seq=("seq", "max"), n_distinct_seq=("seq", "nunique")).reset_index()


def declared_vs_extracted(declared: pd.DataFrame, items: pd.DataFrame, domain_col: str) -> pd.DataFrame:
    """Declared item counts (per domain and 'all') next to the number of items extracted."""
    per_domain = items.groupby(["doc_id", domain_col]).size().rename("extracted").reset_index().rename(columns={domain_col: "scope"})
    per_doc = items.groupby("doc_id").size().rename("extracted").reset_index().assign(scope="all")
    counts = pd.concat([per_domain, per_doc], ignore_index=True)
    out = declared[["doc_id", "scope", "declared", "source_line"]].merge(counts, on=["doc_id", "scope"], how="left")
    out["extracted"] = out["extracted"].fillna(0).astype("int64")
    out["declared"] = out["declared"].astype("int64")
    return out


def load_seeds(seed_dir: Path = SEEDS) -> dict[str, pd.DataFrame]:
    frames = {name: pd.read_csv(seed_dir / f"{name}.csv", keep_default_na=False, na_values=[""])
              for name in SEED_SUITES if (seed_dir / f"{name}.csv").exists()}
    for col in ("source_line", "seq", "year", "period_start", "period_end", "declared", "position"):
        for df in frames.values():
            if col in df:
                df[col] = df[col].astype("int64" if df[col].notna().all() else "Int64")
    items = frames["service_items"]
    frames["service_items_per_table"] = per_table_counts(items, items["context"] == "catalogue list in prose")
    frames["numbered_tasks_per_section"] = numbered_tasks(frames["tasks"], "style")
    frames["declared_vs_extracted"] = declared_vs_extracted(frames["declared_counts"], items, "domain_code")
    return frames


def load_marts(warehouse: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        frames = {name: con.execute(f"select * from marts.{name}").df() for name in MART_SUITES if name.startswith(("dim_", "fct_", "dq_"))}
    finally:
        con.close()
    items = frames["fct_service_items"].rename(columns={"domain_zh": "context"})
    frames["service_items_per_table"] = per_table_counts(items, items["source_kind"] == "prose_catalogue")
    frames["numbered_tasks_per_section"] = numbered_tasks(frames["fct_tasks"], "task_style")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        declared = con.execute("select * from staging.stg_ingest__declared_counts").df()
    finally:
        con.close()
    frames["declared_vs_extracted"] = declared_vs_extracted(declared, frames["fct_service_items"], "domain")
    return frames


# ---------------------------------------------------------------- process
def validate(stage: str, frames: dict[str, pd.DataFrame], suites: dict[str, list], docs_dir: Path = DOCS_DIR) -> dict:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TQDM_DISABLE", "1")
    import great_expectations as gx  # ~5 s import: only in this step

    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    ctx.add_data_docs_site("warehouse_quality", {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    source = ctx.data_sources.add_pandas(stage)
    definitions, batches = [], {}
    for name, specs in suites.items():
        if name not in frames:
            raise SystemExit(f"quality[{stage}]: dataset '{name}' is missing")
        suite = ctx.suites.add(gx.ExpectationSuite(name=f"{stage}.{name}"))
        for kind, severity, kwargs in specs:
            suite.add_expectation(getattr(gx.expectations, kind)(**kwargs, meta={"severity": severity}))
        batch_def = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        definitions.append(ctx.validation_definitions.add(gx.ValidationDefinition(name=f"{stage}.{name}", data=batch_def, suite=suite)))
        batches[name] = frames[name]
    summary = {"stage": stage, "datasets": {}, "failed_errors": [], "failed_warnings": []}
    for vd in definitions:
        name = vd.name.split(".", 1)[1]
        # run each definition directly; Data Docs are built once below (a checkpoint action per
        # dataset rebuilt the whole site every time)
        run = vd.run(batch_parameters={"dataframe": batches[name]}, result_format="SUMMARY")
        rows = []
        for r in run.results:
            cfg = r.expectation_config
            entry = {"expectation": cfg.type, "kwargs": {k: v for k, v in cfg.kwargs.items() if k != "batch_id"},
                     "severity": cfg.meta.get("severity", "error"), "success": bool(r.success),
                     "unexpected": [str(x) for x in (r.result or {}).get("partial_unexpected_list", [])[:5]]}
            rows.append(entry)
            if not r.success:
                summary["failed_errors" if entry["severity"] == "error" else "failed_warnings"].append({"dataset": name, **entry})
        summary["datasets"][name] = {"rows": len(batches[name]), "expectations": len(rows),
                                     "passed": sum(e["success"] for e in rows), "results": rows}
    ctx.build_data_docs(site_names=["warehouse_quality"])
    return summary


# ---------------------------------------------------------------- save
def save(summary: dict, out: Path = OUT) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{summary['stage']}_results.json"
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True, default=str), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    """python -m pipeline.quality seeds [SEED_DIR [OUT_DIR]] | marts WAREHOUSE_FILE [OUT_DIR]"""
    stage = argv[0] if argv else "seeds"
    if stage == "seeds":
        frames, suites = load_seeds(Path(argv[1]) if len(argv) > 1 else SEEDS), SEED_SUITES
        out = Path(argv[2]) if len(argv) > 2 else OUT
    elif stage == "marts" and len(argv) > 1:
        frames, suites = load_marts(Path(argv[1])), MART_SUITES
        out = Path(argv[2]) if len(argv) > 2 else OUT
    else:
        raise SystemExit("usage: python -m pipeline.quality seeds [SEED_DIR [OUT_DIR]] | marts WAREHOUSE_FILE [OUT_DIR]")
    summary = validate(stage, frames, suites, out / "data_docs")
    path = save(summary, out)
    n = sum(d["expectations"] for d in summary["datasets"].values())
    print(f"    {stage}: {len(summary['datasets'])} datasets, {n} expectations, "
          f"{len(summary['failed_errors'])} error failures, {len(summary['failed_warnings'])} warnings -> "
          f"{path}, data docs {out / 'data_docs' / 'index.html'}", file=sys.stderr)
    for f in summary["failed_errors"] + summary["failed_warnings"]:
        print(f"    ! [{f['severity']}] {stage}.{f['dataset']}: {f['expectation']} {f['kwargs']} unexpected={f['unexpected']}",
              file=sys.stderr)
    return 1 if summary["failed_errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
