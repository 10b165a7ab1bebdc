"""Export step: one Parquet file per mart, rows in a deterministic order.

load inputs  : the live warehouse, opened read-only
process      : SELECT * FROM marts.<model> ORDER BY ALL (DuckDB-specific; confined to this layer)
save outputs : exports/<model>.parquet, written to a temp name then renamed
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
LIVE = ROOT / "warehouse" / "public_services.duckdb"
EXPORT_DIR = ROOT / "exports"


def mart_tables(con) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by table_name").fetchall()]


def export(warehouse: Path = LIVE, out_dir: Path = EXPORT_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    written = []
    try:
        for table in mart_tables(con):
            target = out_dir / f"{table}.parquet"
            tmp = out_dir / f".{table}.parquet.tmp"
            con.execute(f"copy (select * from marts.{table} order by all) to '{tmp}' (format parquet, compression zstd)")
            tmp.replace(target)
            written.append(target)
    finally:
        con.close()
    return written


if __name__ == "__main__":
    paths = export(Path(sys.argv[1]) if len(sys.argv) > 1 else LIVE, Path(sys.argv[2]) if len(sys.argv) > 2 else EXPORT_DIR)
    print(f"    wrote {len(paths)} Parquet files to {EXPORT_DIR.relative_to(ROOT)}/", file=sys.stderr)
