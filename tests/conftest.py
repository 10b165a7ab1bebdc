
import pytest

from ingest.paths import RAW_DIR as RAW
from ingest.paths import ROOT


@pytest.fixture(scope="session")
def ref():
    from ingest.reference import load_reference

    return load_reference(ROOT / "seeds" / "reference")


@pytest.fixture(scope="session")
def all_results(ref):
    """Every real document ingested once (pure processing, no files written)."""
    from ingest.run import REVIEWED, ingest_one, list_documents, load_reviewed

    reviewed = load_reviewed(REVIEWED)
    return {p.name: ingest_one(p, ref, reviewed) for p in list_documents(RAW)}


def pytest_collection_modifyitems(session, config, items):
    """End-to-end tests last: their scratch build starts in the background as soon as collection
    ends (tests/e2e/conftest.py) and runs while the other tests do."""
    items.sort(key=lambda item: "/e2e/" in f"/{item.nodeid}")


def chromium_binary() -> str:
    """Debian's headless Chromium (the report and PDF tests); fails in CI, skips elsewhere when missing."""
    import os
    import shutil

    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: .ci/run installs Debian's chromium package")
    pytest.skip("chromium not installed (apt-get install chromium)")
