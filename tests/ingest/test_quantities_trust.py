"""Numbers in prose are right or flagged: spaced and uncertain decimal points, corrupted digits,
years written before a value, from→to pairs, ranges, and one value per (kind, comparator, year)
within a statement. The sentences are made up, shaped like plan text; the property test mutates
real sentences from data/raw."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract.prose import read_prose
from ingest.extract.prose.grammar import CORRUPTED, extract_line
from ingest.model.context import DocContext, DocInfo
from ingest.paths import RAW_DIR

FYP = DocInfo("five_year_plan", 2016, 2020)  # a 13th five-year plan
FYP14 = DocInfo("five_year_plan", 2021, 2025)
ANNUAL = DocInfo("annual_plan", 2017, 2017)
RAW = RAW_DIR


@pytest.fixture(scope="module")
def words(ref):
    return ref.words


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()  # what ingest.read.text.normalise does to a simplified line


def run(words, text, doc=FYP, section=None):
    return extract_line(nfkc(text), section, doc, words)


def values(words, text, doc=FYP, section=None):
    qs, _ = run(words, text, doc, section)
    return [(q.value, q.unit, q.comparator, q.value_kind, q.year) for q in qs]


def groups(qs):
    out: dict[int, list] = {}
    for q in qs:
        out.setdefault(q.group, []).append(q)
    return list(out.values())


# ---------------------------------------------------------------- decimal points
@pytest.mark.parametrize("text,value,unit,comparator", [
    ("学前三年毛入园率达到 92. 4%", "92.4", "%", "="),
    ("全市城镇新增就业 385. 6 万人", "385.6", "万人", "="),
    ("九年义务教育巩固率保持在95 .2%以上", "95.2", "%", ">="),
    ("人均体育场地面积达到1. 8平方米", "1.8", "平方米", "="),
    ("学前三年毛入园率达到９２．４％", "92.4", "%", "="),  # full-width digits and point: NFKC folds them
    ("城镇登记失业率控制在４．１％以内", "4.1", "%", "<="),
])
def test_spaced_and_full_width_decimals_are_one_number(words, text, value, unit, comparator):
    qs, mentions = run(words, text)
    assert [(q.value, q.unit, q.comparator, q.value_kind, q.year, q.confidence) for q in qs] == \
        [(Decimal(value), unit, comparator, "target", 2020, "high")]
    assert [m.status for m in mentions] == ["captured"]


@pytest.mark.parametrize("point", ["。", "·", "・"])
def test_ideographic_stop_or_middle_dot_between_digits_is_a_low_confidence_decimal(words, point):
    qs, _ = run(words, f"学前三年毛入园率达到92{point}4%,九年义务教育巩固率达到95%")
    first, second = qs
    assert (first.name, first.value, first.unit, first.confidence) == ("学前三年毛入园率", Decimal("92.4"), "%", "low")
    assert first.doubt and point in first.doubt
    assert (second.value, second.confidence) == (Decimal("95"), "high")


def test_ideographic_stop_without_a_unit_after_it_still_ends_the_sentence(words):
    qs, _ = run(words, "全市共有学校92。4所新建学校全部投入使用")
    assert [(q.value, q.confidence) for q in qs] == [(Decimal("92.4"), "low")]
    qs, mentions = run(words, "共建成示范点12。全市养老机构床位达到1500张")
    assert [(q.value, q.unit, q.confidence) for q in qs] == [(Decimal("1500"), "张", "high")]
    assert ("12", "unclassified") in [(m.text, m.status) for m in mentions]


def test_list_numbering_at_line_or_clause_start_is_not_joined(words):
    qs, mentions = run(words, "1. 2020年全面完成农村危房改造任务")
    assert qs == []
    assert [(m.text, m.reason) for m in mentions] == [("1", "list numbering"), ("2020", "year or date")]
    qs, _ = run(words, "3. 5所乡镇卫生院完成标准化建设")
    assert [(q.value, q.unit) for q in qs] == [(Decimal("5"), "所")]
    qs, _ = run(words, "主要任务:2. 3个县完成义务教育均衡验收")
    assert [(q.value, q.unit) for q in qs] == [(Decimal("3"), "个")]


def test_a_year_then_a_spaced_point_is_a_date_not_a_decimal(words):
    qs, mentions = run(words, "截至2020. 5,全市已建成社区养老服务站")
    assert qs == [] and [(m.text, m.reason) for m in mentions] == [("2020. 5", "year or date")]
    qs, _ = run(words, "项目总投资达到2020. 5万元")  # a unit follows: perhaps a decimal, not certain
    assert [(q.value, q.unit, q.confidence) for q in qs] == [(Decimal("2020.5"), "万元", "low")]


def test_digits_separated_by_a_space_only_are_two_numbers(words):
    qs, mentions = run(words, "发布时间:2018-04-30 16:15")
    assert qs == [] and [m.text for m in mentions] == ["2018", "04", "30", "16", "15"]


# ---------------------------------------------------------------- corrupted digits
@pytest.mark.parametrize("marker", ["?", "？", "\ufffd", "□"])
def test_digits_touching_a_corruption_marker_are_never_a_value(words, marker):
    qs, mentions = run(words, f"新建改建保障性住房3{marker}2万套,学前三年毛入园率达到85%")
    assert [(q.value, q.unit) for q in qs] == [(Decimal("85"), "%")]
    assert [(m.text, m.status, m.reason) for m in mentions][0] == ("3?2" if marker in "?？" else f"3{marker}2",
                                                                   "excluded", CORRUPTED)


@pytest.mark.parametrize("text", ["毛入园率达到9?%", "毛入园率达到?5%", "毛入园率达到9.?%", "新增就业□.5万人"])
def test_a_marker_on_either_side_of_a_number_excludes_it(words, text):
    qs, mentions = run(words, text)
    assert qs == []
    assert any(m.reason == CORRUPTED for m in mentions)


def test_a_date_after_a_stray_marker_stays_a_date(words):
    _, mentions = run(words, "??2023年4月23日")
    assert [m.reason for m in mentions] == ["year or date", "year or date", "year or date"]


def test_prose_reports_corrupted_and_uncertain_numbers_as_findings(ref):
    lines = ["第二章 发展目标",
             "到2020年,全市新建保障性住房3?2万套,学前三年毛入园率达到92。4%,九年义务教育巩固率达到 95. 2%。"]
    ctx = DocContext("t", "t.txt", "simplified", ref)
    out = read_prose(lines, [nfkc(x) for x in lines], ctx, FYP, [], [])
    checks = sorted((f.check_name, f.severity, f.source_line) for f in out.findings)
    assert checks == [("corrupted_number", "warning", 2), ("uncertain_number", "warning", 2)]
    assert "3?2" in next(f.detail for f in out.findings if f.check_name == "corrupted_number")
    assert sorted(v.value for v in out.values) == ["92.4", "95.2"]
    confidence = {s.indicator_name: s.confidence for s in out.statements}
    assert confidence == {"学前三年毛入园率": "low", "九年义务教育巩固率": "high"}


# ---------------------------------------------------------------- years written before a value
def test_year_before_a_from_value_is_its_year(words):
    qs, _ = run(words, "学前教育毛入园率由2010年65%提高到80%")
    assert [(q.value, q.value_kind, q.year, q.comparator, q.group) for q in qs] == [
        (Decimal("65"), "baseline", 2010, "=", 1), (Decimal("80"), "target", 2020, "=", 1)]


@pytest.mark.parametrize("text,doc,kind,year", [
    ("2015年全市城镇新增就业5.2万人", FYP, "baseline", 2015),  # a year before the plan: a past value
    ("2018年底前建成乡镇综合文化站12个", FYP, "target", 2018),
    ("力争2019年城乡居民基本养老保险参保率达到95%", FYP, "target", 2019),
    ("2018年城乡居民医保财政补助标准提高到每人每年490元", ANNUAL, "standard", 2018),
])
def test_year_written_in_the_clause_before_the_value(words, text, doc, kind, year):
    (q,) = run(words, text, doc)[0]
    assert (q.value_kind, q.year) == (kind, year)


@pytest.mark.parametrize("text,year", [
    ("城镇登记失业率比2015年下降0.5个百分点", 2020),  # a comparison base is not the value's year
    ("服务设施面积是2010年的3倍", 2020),
    ("《2016年全民健身实施计划》提出建成健身路径50条", 2020),  # a year inside a title
])
def test_years_that_do_not_date_the_value(words, text, year):
    (q,) = run(words, text)[0]
    assert q.year == year


def test_a_year_in_another_clause_does_not_govern(words):
    assert values(words, "2015年,全市新建社区服务中心20个") == [(Decimal("20"), "个", "=", "target", 2020)]


def test_year_since_is_not_the_value_year(words):
    (q,) = run(words, "2012年以来累计新增城镇就业20万人")[0]
    assert (q.value_kind, q.year) == ("baseline", 2015)  # told in the past, as of the year before the plan


def test_past_pair_in_a_later_plan_keeps_both_written_years(words):
    qs, _ = run(words, "孕产妇死亡率由2010年的30/10万降至2014年的21.7/10万,婴儿死亡率由2010年的13.1‰降至2014年的8.9‰",
                FYP14)
    assert [[(q.value, q.unit, q.value_kind, q.year) for q in g] for g in groups(qs)] == [
        [(Decimal("30"), "/10万", "baseline", 2010), (Decimal("21.7"), "/10万", "baseline", 2014)],
        [(Decimal("13.1"), "‰", "baseline", 2010), (Decimal("8.9"), "‰", "baseline", 2014)]]


# ---------------------------------------------------------------- from→to pairs
def test_two_pairs_in_two_clauses_are_two_statements_in_order(words):
    qs, _ = run(words, "学前教育毛入园率由2010年65%提高到80%,九年义务教育巩固率由2010年70%提高到85%")
    assert [[(q.name, q.value, q.value_kind, q.year) for q in g] for g in groups(qs)] == [
        [("学前教育毛入园率", Decimal("65"), "baseline", 2010), ("学前教育毛入园率", Decimal("80"), "target", 2020)],
        [("九年义务教育巩固率", Decimal("70"), "baseline", 2010), ("九年义务教育巩固率", Decimal("85"), "target", 2020)]]


def test_two_pairs_in_one_clause(words):
    qs, _ = run(words, "城市社区综合服务设施覆盖率由85%提高到100%、农村社区综合服务设施覆盖率由40%提高到60%")
    assert [[(q.name, q.value, q.value_kind) for q in g] for g in groups(qs)] == [
        [("城市社区综合服务设施覆盖率", Decimal("85"), "baseline"), ("城市社区综合服务设施覆盖率", Decimal("100"), "target")],
        [("农村社区综合服务设施覆盖率", Decimal("40"), "baseline"), ("农村社区综合服务设施覆盖率", Decimal("60"), "target")]]


def test_respectively_from_list_to_list_pairs_in_order(words):
    qs, _ = run(words, "小学和初中入学率分别由95%和90%提高到99%和97%")
    assert [[(q.name, q.value, q.value_kind) for q in g] for g in groups(qs)] == [
        [("小学和初中入学率(小学)", Decimal("95"), "baseline"), ("小学和初中入学率(小学)", Decimal("99"), "target")],
        [("小学和初中入学率(初中入学率)", Decimal("90"), "baseline"), ("小学和初中入学率(初中入学率)", Decimal("97"), "target")]]


def test_respectively_lists_with_written_years(words):
    qs, _ = run(words, "全市孕产妇死亡率、婴儿死亡率分别从2015年的20.1/10万、8.1‰降至2019年的17.8/10万、5.6‰", FYP14)
    assert [[(q.value, q.value_kind, q.year) for q in g] for g in groups(qs)] == [
        [(Decimal("20.1"), "baseline", 2015), (Decimal("17.8"), "baseline", 2019)],
        [(Decimal("8.1"), "baseline", 2015), (Decimal("5.6"), "baseline", 2019)]]


@pytest.mark.parametrize("text", ["小学和初中入学率分别由95%和90%提高到99%", "小学和初中入学率分别由95%和90%提高到99%、97%和96%",
                                  "养老金由1500元提高到1800元和2000元"])
def test_unequal_from_and_to_lists_are_flagged(words, text):
    qs, _ = run(words, text)
    unpaired = [q for q in qs if q.doubt]
    assert unpaired and all(q.confidence == "low" for q in unpaired)


def test_two_indicators_in_a_list_are_not_a_from_to_pair(words):
    qs, _ = run(words, "住院费用支付比例达到75%左右、门诊支付比例提高到50%以上")
    assert [(q.name, q.value, q.comparator, q.value_kind) for q in qs] == [
        ("住院费用支付比例", Decimal("75"), "~", "target"), ("门诊支付比例", Decimal("50"), ">=", "target")]
    assert len(groups(qs)) == 2


def test_an_annual_plan_pair_does_not_give_both_values_the_same_year(words):
    qs, _ = run(words, "月人均养老金从1245元增长到1597元", ANNUAL, "baseline")
    assert [(q.value, q.value_kind, q.year) for q in qs] == [(Decimal("1245"), "baseline", None),
                                                            (Decimal("1597"), "baseline", 2016)]


# ---------------------------------------------------------------- ranges
@pytest.mark.parametrize("text,low,high,unit", [
    ("城乡居民养老保险年人均缴费档次为100-4800元", "100", "4800", "元"),
    ("每年新增就业3万至10万人", "3", "10", "万人"),
    ("护理补贴标准提高5%－10%", "5", "10", "%"),
    ("每个县建设10~15所标准化幼儿园", "10", "15", "所"),
    ("每个县建设10～15所标准化幼儿园", "10", "15", "所"),
    ("每个县建设10—15所标准化幼儿园", "10", "15", "所"),
    ("每个县建设10–15所标准化幼儿园", "10", "15", "所"),
    ("每个县建设10至15所标准化幼儿园", "10", "15", "所"),
])
def test_ranges_keep_both_bounds_in_one_statement(words, text, low, high, unit):
    qs, _ = run(words, text)
    assert [(q.value, q.unit, q.comparator) for q in qs] == [(Decimal(low), unit, ">="), (Decimal(high), unit, "<=")]
    assert len({(q.group, q.value_kind, q.year) for q in qs}) == 1


# ---------------------------------------------------------------- '<' and titles
def test_angle_brackets_are_a_title_not_a_comparator(words):
    qs, mentions = run(words, "印发<城市居民最低生活保障标准提高10%的通知>,新建社区康复站5个")
    assert [(q.value, q.unit, q.comparator) for q in qs] == [(Decimal("5"), "个", "=")]
    assert ("10", "inside a title or quoted name") in [(m.text, m.reason) for m in mentions]
    assert all(q.comparator != "<=" for q in qs)


# ---------------------------------------------------------------- properties over real sentences
def _real_sentences() -> list[str]:
    out = []
    for path in sorted(RAW.glob("*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        for line in text.splitlines():
            for s in re.split(r"(?<=。)", nfkc(line.lstrip("\t"))):
                if re.search(r"\d", s) and len(s) > 6:
                    out.append(s)
    return out[:600]


SENTENCES = _real_sentences()
DOCS = [FYP, FYP14, ANNUAL, DocInfo("implementation_opinion", 2018, 2020), DocInfo(None, None, None)]
PIECES = ["?", "？", "\ufffd", "□", "。", "·", ". ", " .", "-", "至", "、", "和", "由", "提高到", "分别", "2015年", "<", ">",
          "“", "", "以上", "万人", "%"]


@st.composite
def mutated_lines(draw):
    parts = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5))
    text = "".join(parts)
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.sampled_from(PIECES)) + text[pos:]
    if draw(st.booleans()):
        text = re.sub(r"[,;。]", "", text)  # no sentence or clause punctuation at all
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_lines(), st.sampled_from(DOCS), st.sampled_from([None, "baseline", "target"]))
def test_every_statement_has_one_value_per_kind_comparator_and_year(ref, text, doc, section):
    words = ref.words
    markers = tuple(words.corruption_markers)
    qs, mentions = extract_line(text, section, doc, words)
    for g in groups(qs):
        keys = [(q.value_kind, q.comparator, q.year) for q in g]
        assert len(keys) == len(set(keys)), (text, keys)
    for q in qs:
        assert q.value.is_finite() and q.confidence in ("high", "medium", "low")
        assert q.value_kind in ("baseline", "target", "increment", "standard")
        touching = text.endswith(markers, 0, q.start) or text.startswith(markers, q.end)
        assert not touching or q.confidence == "low", (text, q)
        assert q.doubt is None or q.confidence == "low"
    for m in mentions:
        assert m.status in ("captured", "excluded", "unclassified") and m.reason
        if m.status == "captured":
            assert not (text.endswith(markers, 0, m.start) or text.startswith(markers, m.end)), (text, m)
    assert len([m for m in mentions if m.status == "captured"]) == len(qs)
