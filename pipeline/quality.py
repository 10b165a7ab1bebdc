"""Quality step: Great Expectations (1.x API) guards the contracts, in one process per build.

load inputs  : the extracted tables (build/extracted/*.parquet, through DuckDB) and the marts of the
               new warehouse file (read through a read-only DuckDB connection), as DataFrames
process      : the seed contract (generated from ingest/model/contract.py, the single declaration the fuzz
               test uses too) and the mart contract: the documented columns of every mart, in order
save outputs : reports/quality/contracts_results.json and Data Docs under reports/quality/data_docs/

Only contract checks live here: a failure is a pipeline bug and stops the build before publish.
Document checks (numbering, declared counts, rates above 100 %, conflicting values ...) are dbt
models (models/intermediate/int_dq__*.sql) whose hits are dq_findings rows, never a failed build.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import duckdb
import pandas as pd

from ingest.model.contract import RULES, derived_columns
from ingest.model.records import TABLES, columns
from ingest.paths import OUT_DIR as EXTRACTED
from ingest.paths import QUALITY_OUT as OUT
from ingest.paths import ROOT

DOCS_DIR = OUT / "data_docs"


# ---------------------------------------------------------------- expectation specs (pure data)
def E(kind: str, **kwargs) -> tuple[str, dict]:
    return kind, kwargs


def nonempty(col):
    return [E("ExpectColumnValuesToNotBeNull", column=col), E("ExpectColumnValuesToNotMatchRegex", column=col, regex=r"^\s*$")]


def in_set(col, values):
    return [E("ExpectColumnValuesToBeInSet", column=col, value_set=list(values))]


def _from_rule(rule) -> list:
    col = rule.columns[0]
    if rule.kind == "not_null":
        return [E("ExpectColumnValuesToNotBeNull", column=col)]
    if rule.kind == "nonempty":
        return nonempty(col)
    if rule.kind == "unique":
        return [E("ExpectColumnValuesToBeUnique", column=col)]
    if rule.kind == "in_set":
        return in_set(col, rule.values)
    if rule.kind == "min":
        return [E("ExpectColumnValuesToBeBetween", column=col, min_value=rule.values[0])]
    if rule.kind == "int64":  # BIGINT: enforced when the Parquet file is written, restated here
        return [E("ExpectColumnValuesToBeBetween", column=col, min_value=-(2 ** 63), max_value=2 ** 63 - 1)]
    if rule.kind == "decimal":  # decimal(24,6): enforced when the Parquet file is written, restated here
        return [E("ExpectColumnValuesToBeBetween", column=col, min_value=-(10 ** 18), max_value=10 ** 18)]
    if rule.kind == "regex":
        return [E("ExpectColumnValuesToMatchRegex", column=col, regex=rule.values[0])]
    if rule.kind == "unique_together":
        return [E("ExpectCompoundColumnsToBeUnique", column_list=list(rule.columns))]
    raise ValueError(f"unknown contract rule kind {rule.kind!r}")


def seed_suites() -> dict[str, list]:
    """The seed contract: the columns of every extracted table (from ingest/model/records.py) and every rule
    of ingest/model/contract.py."""
    suites = {name: [E("ExpectTableColumnsToMatchOrderedList",
                       column_list=columns(rt) + (["title_or_body"] if name == "tasks" else []))]
              for name, rt in TABLES.items()}
    for rule in RULES:
        suites[rule.table] += _from_rule(rule)
    return suites


MARTS_YML = ROOT / "models" / "marts" / "_marts__models.yml"


def mart_suites(marts_yml: Path = MARTS_YML) -> dict[str, list]:
    """The mart contract is the published shape BI tools and SQL users rely on: every mart has exactly
    the documented columns, in the documented order. Generated from models/marts/_marts__models.yml;
    keys, grain, accepted values and not-null are dbt tests in that same file and are not repeated here."""
    import yaml

    models = yaml.safe_load(marts_yml.read_text(encoding="utf-8"))["models"]
    return {m["name"]: [E("ExpectTableColumnsToMatchOrderedList", column_list=[c["name"] for c in m.get("columns", [])])]
            for m in models}


# ---------------------------------------------------------------- load
def load_extracted(extracted_dir: Path = EXTRACTED) -> dict[str, pd.DataFrame]:
    """Every extracted table as the Parquet file dbt reads, through DuckDB (in memory: no warehouse)."""
    con = duckdb.connect()
    try:
        frames = {}
        for name in TABLES:
            df = con.read_parquet(str(extracted_dir / f"{name}.parquet")).df()
            if name == "tasks":
                df = pd.DataFrame([derived_columns(name, r) for r in df.to_dict("records")], columns=[*df.columns, "title_or_body"]) \
                    if len(df) else df.assign(title_or_body=pd.Series(dtype="object"))
            frames[name] = df
    finally:
        con.close()
    return frames


def load_marts(warehouse: Path, names) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name: con.table_function("query_table", [f"marts.{name}"]).df() for name in names}
    finally:
        con.close()


# ---------------------------------------------------------------- process
def _where(frame: pd.DataFrame, index: list, files: dict[str, str]) -> list[str]:
    """'file:line' (or the doc_id) of the first failing rows, so a message names the document."""
    out = []
    for i in index[:5]:
        row = frame.loc[i] if i in frame.index else None
        if row is None:
            continue
        doc = row.get("doc_id")
        source = row.get("source_file") if "source_file" in row else files.get(doc, doc)
        line = row.get("source_line")
        out.append(f"{source}:{int(line)}" if pd.notna(line) and line is not None else f"{source}")
    return out


def validate(checks: dict[str, tuple[dict[str, pd.DataFrame], dict[str, list]]], docs_dir: Path = DOCS_DIR) -> dict:
    """Run every suite of every stage ('seeds', 'marts') in one Great Expectations context."""
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
    summary = {"datasets": {}, "failed": []}
    for stage, (frames, suites) in checks.items():
        source = ctx.data_sources.add_pandas(stage)
        docs = frames.get("documents", frames.get("dim_document"))  # the manifest of either stage
        files = dict(zip(docs["doc_id"], docs["source_file"])) if docs is not None else {}
        for name, specs in suites.items():
            if name not in frames:
                raise SystemExit(f"quality: dataset {stage}.{name} is missing")
            frame = frames[name]
            suite = ctx.suites.add(gx.ExpectationSuite(name=f"{stage}.{name}"))
            for kind, kwargs in specs:
                suite.add_expectation(getattr(gx.expectations, kind)(**kwargs))
            batch_def = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
            vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=f"{stage}.{name}", data=batch_def, suite=suite))
            # each definition runs directly; Data Docs are built once below
            run = vd.run(batch_parameters={"dataframe": frame}, result_format={
                "result_format": "SUMMARY", "partial_unexpected_count": 5})
            rows = []
            for r in run.results:
                cfg = r.expectation_config
                result = r.result or {}
                entry = {"expectation": cfg.type, "kwargs": {k: v for k, v in cfg.kwargs.items() if k != "batch_id"},
                         "success": bool(r.success),
                         "unexpected": [str(x) for x in (result.get("partial_unexpected_list") or [])[:5]],
                         "where": _where(frame, list(result.get("partial_unexpected_index_list") or []), files)}
                rows.append(entry)
                if not r.success:
                    summary["failed"].append({"dataset": f"{stage}.{name}", **entry})
            summary["datasets"][f"{stage}.{name}"] = {"rows": len(frame), "expectations": len(rows),
                                                      "passed": sum(e["success"] for e in rows), "results": rows}
    ctx.build_data_docs(site_names=["warehouse_quality"])
    return summary


# ---------------------------------------------------------------- save
def save(summary: dict, out: Path = OUT) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "contracts_results.json"
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True, default=str), encoding="utf-8")
    return path


def check_contracts(extracted_dir: Path, warehouse: Path | None, out: Path = OUT, log=sys.stderr) -> int:
    """Validate the extracted tables and (when given) the marts of a warehouse file. Exit code 1 on any
    failure: a broken contract is a pipeline bug."""
    checks = {"seeds": (load_extracted(extracted_dir), seed_suites())}
    if warehouse is not None:
        suites = mart_suites()
        checks["marts"] = (load_marts(warehouse, suites), suites)
    summary = validate(checks, out / "data_docs")
    path = save(summary, out)
    n = sum(d["expectations"] for d in summary["datasets"].values())
    print(f"    contracts: {len(summary['datasets'])} datasets, {n} expectations, {len(summary['failed'])} failed -> "
          f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}, "
          f"data docs {out / 'data_docs' / 'index.html'}", file=log)
    for f in summary["failed"]:
        where = f" at {', '.join(f['where'])}" if f["where"] else ""
        print(f"    ! contract broken (a pipeline bug, please report it): {f['dataset']}: {f['expectation']} "
              f"{f['kwargs']}{where} unexpected={f['unexpected']}", file=log)
    return 1 if summary["failed"] else 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pipeline.quality", description="Great Expectations contract checks")
    parser.add_argument("--extracted", type=Path, default=EXTRACTED, help="folder of the extracted Parquet tables")
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse file whose marts to check (read-only)")
    parser.add_argument("--out", type=Path, default=OUT, help="where results and Data Docs go")
    args = parser.parse_args(argv)
    return check_contracts(args.extracted, args.warehouse, args.out)


if __name__ == "__main__":
    sys.exit(main())
