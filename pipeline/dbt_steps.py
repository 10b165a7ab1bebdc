"""The build's dbt step, in one process: parse once, `dbt build`, then `dbt docs generate`.

Run by pipeline/build.py as a child process (dbt keeps global state; a child keeps it out of the
build). Importing dbt costs about 3 s, so both commands share one import and one parsed manifest.
`docs generate` compiles every node (the analyses too) and reads the catalog of the new warehouse
file: target/ then holds the documentation site (index.html, manifest.json, catalog.json) and the
compiled analyses of exactly this build, which the warehouse tests read instead of running dbt again.

Usage: python -m pipeline.dbt_steps [DBT_BUILD_ARGS ...]   (environment: WAREHOUSE_PATH, EXTRACTED_DIR)
"""
from __future__ import annotations

import sys

from ingest.paths import ROOT


def main(argv: list[str] | None = None) -> int:
    build_args = list(sys.argv[1:] if argv is None else argv)
    from dbt.cli.main import dbtRunner

    common = ["--quiet", "--project-dir", str(ROOT)]
    parsed = dbtRunner().invoke(["parse", *common])
    if not parsed.success:
        print(f"dbt parse failed: {parsed.exception or 'see the messages above'}", file=sys.stderr)
        return 1
    runner = dbtRunner(manifest=parsed.result)
    built = runner.invoke(["build", *common, *build_args])
    if not built.success:
        return 1
    docs = runner.invoke(["docs", "generate", *common])
    if not docs.success:
        print(f"dbt docs generate failed: {docs.exception or 'see the messages above'}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
