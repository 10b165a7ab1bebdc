"""The dbt source declaration of the extracted tables, generated from the record types.

`ingest/model/records.py` is the one declaration of the ingest's output: column names, order, types
and (in the trailing comments of each field) what a column holds. This module renders
`models/staging/_extracted__sources.yml` from it, so dbt's documentation and `data_type`s cannot
drift from what the ingest writes. tests/ingest/test_schema.py fails when the committed file differs;
`python -m ingest.model.schema --write` regenerates it.
"""
from __future__ import annotations

import argparse
import inspect
import io
import json
import sys
import tokenize
from dataclasses import fields

from ingest.model.records import TABLES, VALUE_PRECISION, VALUE_SCALE, column_types
from ingest.paths import ROOT

SOURCES_YML = ROOT / "models" / "staging" / "_extracted__sources.yml"
DUCKDB_TYPES = {"varchar": "varchar", "integer": "bigint", "double": "double", "date": "date",
                "decimal": f"decimal({VALUE_PRECISION},{VALUE_SCALE})"}

_HEADER = """\
version: 2

# GENERATED from ingest/model/records.py by `python -m ingest.model.schema --write`; do not edit by hand
# (tests/ingest/test_schema.py fails when this file and the record types differ).
# What the ingest extracted: typed Parquet files written beside the reviewable CSVs. The build points
# EXTRACTED_DIR at build/extracted; the committed CSV copies in seeds/extracted are promoted only after
# a build passed.
sources:
  - name: extracted
    description: Tables written by `python -m ingest run` (one Parquet file each, typed from ingest/model/records.py).
    meta:
      external_location: "read_parquet('{{ env_var('EXTRACTED_DIR', 'build/extracted') }}/{name}.parquet')"
    tables:
"""


def field_comments(record_type) -> dict[str, str]:
    """field name -> the comment written after it in the class body ('' when none)."""
    out: dict[str, str] = {}
    last_name = None
    tokens = tokenize.generate_tokens(io.StringIO(inspect.getsource(record_type)).readline)
    for tok in tokens:
        if tok.type == tokenize.NAME and tok.start[1] == 4 and last_name is None:
            last_name = tok.string
        elif tok.type == tokenize.COMMENT and last_name:
            out[last_name] = tok.string.lstrip("#").strip()
        elif tok.type == tokenize.NEWLINE:
            last_name = None
    return out


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def render_sources() -> str:
    lines = [_HEADER.rstrip("\n")]
    for table, record_type in TABLES.items():
        doc = (inspect.getdoc(record_type) or "").split("\n")[0]
        lines.append(f"      - name: {table}")
        if doc and not doc.startswith(record_type.__name__ + "("):
            lines.append(f"        description: {_yaml_str(doc)}")
        lines.append("        columns:")
        comments = field_comments(record_type)
        types = column_types(record_type)
        for f in fields(record_type):
            lines.append(f"          - name: {f.name}")
            lines.append(f"            data_type: {DUCKDB_TYPES[types[f.name]]}")
            if comments.get(f.name):
                lines.append(f"            description: {_yaml_str(comments[f.name])}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.model.schema", description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {SOURCES_YML.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    text = render_sources()
    if args.write:
        SOURCES_YML.write_text(text, encoding="utf-8")
        print(f"wrote {SOURCES_YML.relative_to(ROOT)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
