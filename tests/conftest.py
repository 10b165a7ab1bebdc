from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def ref():
    from ingest.reference import load_reference

    return load_reference(ROOT / "seeds" / "reference")


@pytest.fixture(scope="session")
def all_results(ref):
    """Every real document ingested once (pure processing, no files written)."""
    from ingest.pipeline import REVIEWED, ingest_one, list_documents, load_reviewed

    reviewed = load_reviewed(REVIEWED)
    return {p.name: ingest_one(p, ref, reviewed) for p in list_documents(RAW)}
