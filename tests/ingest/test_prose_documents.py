"""Script normalisation, departments, declared catalogues and the CLI on the real documents."""
import json
import subprocess
import sys
from collections import Counter

from ingest.match.departments import odd_name
from tests.conftest import RAW, ROOT

JINGMEN, DAZHOU, NEIJIANG = "003_aab9be7ad895d433.txt", "004_2d37ce64d69f20cb.txt", "000_0f5b46df09df09b5.txt"


def test_traditional_source_text_stays_verbatim_and_derived_columns_are_simplified(all_results):
    r = all_results[JINGMEN]
    assert r.manifest["script"] == "traditional"
    [st] = [s for s in r.statements if s.method == "prose" and s.indicator_name == "学前三年入园率"]
    assert "學前三年入園率" in st.source_text and "学前三年入园率" not in st.source_text
    raw_line = (RAW / JINGMEN).read_text(encoding="utf-8").split("\n")[st.source_line - 1]
    assert st.source_text in raw_line


def test_jingmen_catalogue_80_items_matching_declared_counts(all_results):
    r = all_results[JINGMEN]
    items = [i for i in r.service_items if i.context == "catalogue list in prose"]
    assert len(items) == 80
    declared = {d.scope: d.declared for d in r.declared}
    assert declared["all"] == 80
    counts = Counter(i.domain_code for i in items)
    assert {k: v for k, v in declared.items() if k != "all"} == dict(counts)
    names = {i.item_name for i in items}
    assert "长期护理保险" in names and "农村义务教育学生营养改善" not in names


def test_catalogue_count_mismatch_is_detectable(all_results, tmp_path):
    """Drop one item from a domain list: the declared count no longer matches (dbt reports it)."""
    from ingest import run as pipeline

    text = (RAW / JINGMEN).read_text(encoding="utf-8")
    assert "長期護理保險、" in text or "、長期護理保險" in text
    broken = text.replace("、長期護理保險", "", 1) if "、長期護理保險" in text else text.replace("長期護理保險、", "", 1)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / JINGMEN).write_text(broken, encoding="utf-8")
    [r] = pipeline.run(raw_dir=raw, out_dir=tmp_path / "out", log=open("/dev/null", "w"))
    items = Counter(i.domain_code for i in r.service_items)
    declared = {d.scope: d.declared for d in r.declared}
    assert items["social_insurance"] == declared["social_insurance"] - 1


def test_odd_department_names_are_findings_not_mappings(all_results, ref):
    findings = {(f.check_name, f.source_line) for f in all_results[DAZHOU].findings}
    assert ("probable_department_typo", 1202) in findings
    assert ("department_missing_prefix", 866) in findings
    aliases = frozenset({"市人社局", "市财政局"})
    lex = ref.lexicon
    assert odd_name("市社局", aliases, lex)[0] == "probable_department_typo"
    assert odd_name("财政局", aliases, lex)[0] == "department_missing_prefix"
    assert "'市财政局' is a known name" in odd_name("财政局", aliases, lex)[2]
    assert odd_name("市人社局", aliases, lex) is None
    assert odd_name("人行巴中市中心支行", aliases, lex)[0] == "department_not_in_reference"


def test_neijiang_has_about_a_hundred_prose_statements(all_results):
    n = sum(1 for s in all_results[NEIJIANG].statements if s.method == "prose")
    assert 90 <= n <= 120


def test_jingmen_development_base_has_about_fifty_baselines(all_results):
    r = all_results[JINGMEN]
    base = [v for v in r.values if v.value_kind == "baseline" and 29 <= v.source_line <= 47]
    assert 45 <= len(base) <= 70


def test_cli_extract_prints_csv_and_json():
    path = RAW / NEIJIANG
    out = subprocess.run([sys.executable, "-m", "ingest", "extract", str(path), "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    payload = json.loads(out)
    assert payload["document"]["city"] == "内江" and len(payload["tasks"]) == 33
    csv_out = subprocess.run([sys.executable, "-m", "ingest", "extract", str(path)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    assert "# indicator_values (" in csv_out and "城镇登记失业率" in csv_out


def test_cli_extract_reports_unreadable_files(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    run = subprocess.run([sys.executable, "-m", "ingest", "extract", str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and "bad.txt" in run.stderr and "undecodable_file" in run.stderr
