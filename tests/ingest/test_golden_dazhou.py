"""Golden test: the indicator table and the eight service tables of the 达州 plan, checked by hand
against the raw file (data/raw/004_2d37ce64d69f20cb.txt)."""
from collections import Counter
from decimal import Decimal

import pytest

FILE = "004_2d37ce64d69f20cb.txt"


@pytest.fixture(scope="module")
def dazhou(all_results):
    return all_results[FILE]


def _table(result):
    return [s for s in result.statements if s.method == "table"]


def _values(result):
    out = {}
    for v in result.values:
        out.setdefault(v.statement_id, {})[v.value_kind] = v
    return out


def test_all_26_indicators_in_8_domains(dazhou):
    assert len(_table(dazhou)) == 26
    by_domain = Counter(s.domain_code for s in _table(dazhou))
    assert by_domain == {"public_education": 4, "employment": 2, "social_insurance": 2, "health": 5,
                         "social_services": 1, "housing": 3, "culture_sports": 6, "disability": 3}


@pytest.mark.parametrize("name,unit,baseline,target,increment", [
    ("九年义务教育巩固率", "%", "96.98", "97", "0.02"),
    ("义务教育基本均衡县(市、区)的比例", "%", "42.86", "100", "57.14"),
    ("新增城镇就业人数", "万人", None, None, "17"),
    ("农民工职业技能(市人社局系统数据)培训", "人次", "1910", "2400", "490"),
    ("每千人口床位数", "张", "4.31", "5.70", "1.39"),
    ("出生人口性别比", ":100", "109.68", "107", "-2.68"),
    ("开展国家免费孕前优生健康检查的县(市、区)覆盖率", "%", "100", "100", None),
    ("农村危房改造", "万户", "1.5", "11.6", "10.3"),
    ("残疾人托养机构服务能力", "人次/年", "100", "200", "100"),
])
def test_indicator_rows(dazhou, name, unit, baseline, target, increment):
    [st] = [s for s in _table(dazhou) if s.indicator_name == name]
    assert st.unit == unit
    vals = _values(dazhou).get(st.statement_id, {})
    for kind, expected, year in (("baseline", baseline, 2015), ("target", target, 2020), ("increment", increment, 2020)):
        if expected is None:
            assert kind not in vals, f"'—' must be NULL, not a value ({name} {kind})"
        else:
            assert Decimal(vals[kind].value) == Decimal(expected) and vals[kind].year == year


def test_ratio_keeps_its_verbatim_source(dazhou):
    [st] = [s for s in _table(dazhou) if s.indicator_name == "出生人口性别比"]
    base = _values(dazhou)[st.statement_id]["baseline"]
    assert base.source_text == "109．68：100" and base.source_line == 153


def test_91_service_items_per_domain(dazhou):
    counts = Counter(i.domain_code for i in dazhou.service_items)
    assert counts == {"public_education": 8, "employment": 11, "social_insurance": 7, "health": 21,
                      "social_services": 13, "housing": 3, "culture_sports": 11, "disability": 17}
    for domain in counts:
        seqs = [i.seq for i in dazhou.service_items if i.domain_code == domain]
        assert seqs == list(range(1, len(seqs) + 1))


def test_wrapped_cells_are_joined(dazhou):
    items = {i.item_name: i for i in dazhou.service_items}
    assert items["儿童健康管理"].target_population == "0—6岁儿童"
    aids = items["社区艾滋病高危行为人群干预"]
    assert (aids.source_line, aids.source_end_line) == (671, 673)
    assert items["基本医疗、保障医疗"].target_population == "持证残疾人"


def test_lead_units_are_split(dazhou):
    items = {i.item_name: i for i in dazhou.service_items}
    assert items["免费义务教育"].lead_units == "市教育局|市财政局"
    assert items["中等职业教育免学费"].lead_units == "市财政局|市教育局|市人社局"


def test_every_item_has_all_columns(dazhou):
    for i in dazhou.service_items:
        assert i.item_name and i.target_population and i.content_standard and i.spending_responsibility and i.lead_units


def test_dangling_separator_is_a_finding_not_a_fix(dazhou):
    dangling = [f for f in dazhou.findings if f.check_name == "dangling_separator"]
    assert [f.source_line for f in dangling] == [824, 845]
    assert all(f.source_text.endswith("、") for f in dangling)
