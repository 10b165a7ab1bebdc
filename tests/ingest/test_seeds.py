"""The committed seeds equal a fresh ingest, and two ingests are byte-identical."""
from ingest import run as pipeline
from tests.conftest import ROOT


def test_committed_seeds_equal_a_fresh_ingest(tmp_path):
    pipeline.run(out_dir=tmp_path, log=open("/dev/null", "w"))
    committed = ROOT / "seeds" / "extracted"
    fresh = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert fresh == sorted(p.name for p in committed.glob("*.csv"))
    stale = [n for n in fresh if (tmp_path / n).read_bytes() != (committed / n).read_bytes()]
    assert not stale, f"seeds/extracted differ from a fresh ingest: {stale}; run `make build` (it promotes build/extracted/*.csv) and commit the diff"


def test_two_ingests_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        pipeline.run(out_dir=d, log=open("/dev/null", "w"))
    for p in sorted(a.glob("*.csv")):
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name
