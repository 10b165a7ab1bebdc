"""Every path of the project, defined once. The ingest, the build steps, the benchmark and the tests
import their locations from here."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# inputs
RAW_DIR = ROOT / "data" / "raw"
REVIEWED_METADATA = ROOT / "data" / "reviewed" / "document_metadata.csv"
REF_DIR = ROOT / "seeds" / "reference"
CORPUS_DIR = ROOT / "tests" / "corpus"  # development corpus: real texts of other regions, test fixtures only

# ingest outputs
OUT_DIR = ROOT / "build" / "extracted"  # what the ingest writes and dbt reads
SEEDS_DIR = ROOT / "seeds" / "extracted"  # committed copy, promoted after a successful build

# warehouse
WAREHOUSE_DIR = ROOT / "warehouse"
LIVE = WAREHOUSE_DIR / "public_services.duckdb"  # what SQL users and BI tools open read-only
BUILDING = WAREHOUSE_DIR / "public_services.building.duckdb"
BUILD_LOCK = WAREHOUSE_DIR / ".build.lock"
EXPORT_VERSIONS = WAREHOUSE_DIR / "exports"
EXPORT_LINK = ROOT / "exports"

# reports and tools
REPORTS_DIR = ROOT / "reports"
QUALITY_OUT = REPORTS_DIR / "quality"
REPORT_HTML = REPORTS_DIR / "index.html"
VENV_BIN = ROOT / ".venv" / "bin"
