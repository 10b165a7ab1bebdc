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
    from ingest import run as pipeline

    generate(10, tmp_path / "raw")
    results = pipeline.run(raw_dir=tmp_path / "raw", out_dir=tmp_path / "out", log=open("/dev/null", "w"), workers=1)
    assert all(r.manifest["status"] == "ok" for r in results)
    assert not [f for r in results for f in r.findings if f.severity == "error"]
    assert sum(len(r.tasks) for r in results) == 2 * sum(n for n in (33, 30, 59)) + sum(
        len(r.tasks) for r in results if r.source_file.endswith(("aab9be7ad895d433.txt", "2d37ce64d69f20cb.txt")))


def test_a_template_that_names_no_city_is_generated_without_replacing_one(tmp_path, monkeypatch):
    """A real plan with its city removed: the generator keeps its text (no city to replace) and still
    perturbs it, and the other templates are generated as before."""
    import re

    from bench import corpus
    from ingest.read.text import split_lines

    real, text, city = next((p, *corpus.template_city(p.read_bytes(), p.name)) for p in corpus.TEMPLATES
                            if corpus.template_city(p.read_bytes(), p.name)[1])
    assert city in text
    no_city = tmp_path / "templates" / "no_city.txt"
    no_city.parent.mkdir()
    no_city.write_text(text.replace(city + "市", "本市").replace(city, ""), encoding="utf-8")
    assert corpus.template_city(no_city.read_bytes(), no_city.name)[1] is None

    monkeypatch.setattr(corpus, "TEMPLATES", [no_city, real])
    out = corpus.generate(4, tmp_path / "out")
    assert [p.name for p in out] == ["00000_no_city.txt", "00001_" + real.name, "00002_no_city.txt", "00003_" + real.name]
    known = corpus.known_cities()

    def shape(t: str) -> list[str]:  # the lines with every number blanked, in any order
        return sorted(re.sub(r"\d+", "#", s) for s in split_lines(t) if s.strip())

    template_text = no_city.read_text(encoding="utf-8")
    for p in out[0::2]:
        generated = p.read_text(encoding="utf-8")
        assert generated != template_text  # perturbed
        assert shape(generated) == shape(template_text)  # ... but no city (or anything else) put in
        assert not any(c + "市" in generated for c in known)
    for p in out[1::2]:
        generated = p.read_text(encoding="utf-8")
        assert city not in generated and any(c + "市" in generated for c in known)
