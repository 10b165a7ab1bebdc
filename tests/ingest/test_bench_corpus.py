"""The synthetic benchmark corpus is deterministic and really perturbs the templates."""
from bench.corpus import TEMPLATES, generate


def test_same_seed_same_corpus_and_it_differs_from_the_templates(tmp_path):
    a = generate(7, tmp_path / "a")
    b = generate(7, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert all(p.read_bytes() != t.read_bytes() for p, t in zip(a, TEMPLATES * 2))
    c = generate(7, tmp_path / "c", seed=1)
    assert [p.read_bytes() for p in c] != [p.read_bytes() for p in a]


def test_synthetic_documents_still_parse_cleanly(tmp_path):
    from ingest import pipeline

    generate(10, tmp_path / "raw")
    results = pipeline.run(raw_dir=tmp_path / "raw", out_dir=tmp_path / "out", log=open("/dev/null", "w"), workers=1)
    assert all(r.manifest["status"] == "ok" for r in results)
    assert not [f for r in results for f in r.findings if f.severity == "error"]
    assert sum(len(r.tasks) for r in results) == 2 * sum(n for n in (33, 30, 59)) + sum(
        len(r.tasks) for r in results if r.source_file.endswith(("aab9be7ad895d433.txt", "2d37ce64d69f20cb.txt")))
