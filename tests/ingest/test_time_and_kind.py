"""Time and kind from context, as a reader takes them, in texts whose plan period may be unknown; strict
comparators; pinyin readings. Sentences are made up, shaped like the corpus texts (tests/corpus)."""
from __future__ import annotations

import unicodedata

import pytest

from ingest.document import process_document
from ingest.extract.prose.grammar import extract_line
from ingest.model.context import DocInfo

NEWS_2020 = DocInfo(None, None, None, 2020)  # a news item dated 2020, no plan period
NEWS_2021 = DocInfo(None, None, None, 2021)
UNDATED = DocInfo(None, None, None, None)  # no period, no date: only the wording tells past from future
FYP = DocInfo("five_year_plan", 2016, 2020)


def read(ref, text, doc, carried=None):
    qs, _ = extract_line(unicodedata.normalize("NFKC", text), None, doc, ref.words, carried)
    return [(f"{q.value:f}", q.comparator, q.value_kind, q.year) for q in qs]


@pytest.mark.parametrize("text,doc,expected", [
    # a past year in a dated text: achieved values, each with its own year
    ("人均预期寿命从2015年的76.3岁提高到2019年的77.3岁", NEWS_2020,
     [("76.3", "=", "baseline", 2015), ("77.3", "=", "baseline", 2019)]),
    # a future year in the same text: a target
    ("到2025年，城镇新增就业500万人", NEWS_2020, [("500", "=", "target", 2025)]),
    # a period named by 十X五 that ended before the text: achieved, dated to the period's end
    ("“十三五”期间，城镇登记失业率控制在4%以内", NEWS_2021, [("4", "<=", "baseline", 2020)]),
    # undated text: a dated value without a target word is a fact; with 到 it is a target
    ("2019年三产就业人员占比47.4%", UNDATED, [("47.4", "=", "baseline", 2019)]),
    ("到2015年，千人病床数达到3.4张", UNDATED, [("3.4", "=", "target", 2015)]),
    # nothing dates it: no guessed year
    ("参加各类补贴性职业技能培训1500万人次", UNDATED, [("1500", "=", "target", None)]),
])
def test_time_and_kind_from_the_sentence(ref, text, doc, expected):
    assert read(ref, text, doc) == expected


def test_a_carried_year_dates_an_undated_value_only_when_the_period_is_unknown(ref):
    assert read(ref, "——每千名老年人拥有养老床位数35张以上", UNDATED, carried=2020) == [("35", ">=", "target", 2020)]
    assert read(ref, "——每千名老年人拥有养老床位数35张以上", NEWS_2021, carried=2020) == [("35", ">=", "baseline", 2020)]
    # in a plan, an undated target takes the plan's end year, not a year carried from another paragraph
    assert read(ref, "每千名老年人拥有养老床位数35张以上", FYP, carried=2018) == [("35", ">=", "target", 2020)]


@pytest.mark.parametrize("text,comparator", [
    ("农民工总量超过2.9亿人", ">"),
    ("就业困难人员就业800多万人", ">"),
    ("学前教育毛入园率大于90%", ">"),
    ("残疾人家庭人均收入年均增长>7.5%", ">"),
    ("按照不超过工资总额0.5%的比例缴纳", "<="),
    ("覆盖率不低于95%", ">="),
    ("每个县至少办好1所优质普通高中", ">="),
    ("年度报销限额最高10万元", "<="),
    ("城镇调查失业率<5.5%", "<"),  # a '<' before a number is a comparator, not a quotation mark
])
def test_comparators_as_written(ref, text, comparator):
    [(_, got, _, _)] = read(ref, text, UNDATED)
    assert got == comparator


def test_a_symbol_or_new_comparator_word_is_not_part_of_the_name(ref):
    for text, name in (("城镇调查失业率<5.5%", "城镇调查失业率"), ("学前教育毛入园率大于90%", "学前教育毛入园率"),
                       ("年度报销限额最高10万元", "年度报销限额")):
        [q] = extract_line(text, None, UNDATED, ref.words)[0]
        assert q.name == name, (text, q.name)


def test_angle_brackets_around_words_still_quote(ref):
    _, mentions = extract_line("详见<服务指南10条>，完成10项", None, UNDATED, ref.words)
    assert [(m.status, m.rule) for m in mentions if m.text == "10"][0] == ("excluded", "quoted")
    # a quoted title that starts with a year is still a title: its year dates nothing
    qs, _ = extract_line("详见<2020年度工作要点>，完成10项", None, UNDATED, ref.words)
    assert [q.year for q in qs] == [None]


def _values(ref, text: str):
    r = process_document("t.txt", text.encode("utf-8"), ref, {})
    names = {s.statement_id: s.indicator_name for s in r.statements}
    return [(names[v.statement_id], v.value, v.unit, v.value_kind, v.year) for v in r.values]


def test_a_list_takes_the_year_of_the_paragraph_before_it(ref):
    text = "一、主要目标\n到2020年，全面建成养老服务体系。\n\n——养老服务设施覆盖90%以上乡镇。\n\n——护理型床位比例达到30%以上。\n"
    got = _values(ref, text)
    assert [v[1:] for v in got] == [("90", "%", "target", 2020), ("30", "%", "target", 2020)], got


def test_a_year_in_a_heading_frames_its_section_and_the_next_heading_ends_it(ref):
    text = ("(一)“十一五”时期文化事业发展取得的主要成效。\n1、投入20万元购入图书6000余册。\n"
            "(二)存在的问题\n2、文化站达标率100%。\n")
    got = {v[1]: v[3:] for v in _values(ref, text)}
    assert got["20"] == ("baseline", 2010) and got["6000"] == ("baseline", 2010)
    assert got["100"][1] is None  # the next section is not framed by the year above it


def test_a_paragraph_does_not_carry_its_year_to_the_next_task(ref):
    text = "1.到2015年，建成4个国家级社区教育实验区。\n2.每年为老年人提供1次免费体检。\n"
    got = {v[1]: v[4] for v in _values(ref, text)}
    assert got == {"4": 2015, "1": None}


def test_pinyin_readings_are_not_part_of_names_or_units(ref):
    got = _values(ref, "“十四五”江蘇城鎮(zhèn)將新增就業(yè)500萬(wàn)人\n")
    [(name, value, unit, _, _)] = got
    assert "(" not in name and "zhèn" not in name and unit == "万人" and value == "500"


def test_an_off_topic_year_in_a_cited_title_frames_nothing(ref):
    text = "根据《国民经济和社会发展第十四个五年规划和2035年远景目标纲要》：\n——制造业增加值占GDP比重27.8%。\n"
    [(_, _, _, _, year)] = _values(ref, text)
    assert year is None
