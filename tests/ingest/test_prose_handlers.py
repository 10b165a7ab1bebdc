"""Golden examples of every prose handler, beside the registries they test.

Every exclusion rule (ingest/extract/prose/patterns/exclusions.py) has lines where it, and not an
earlier rule, decides why a number is not a value; every statement handler
(ingest/extract/prose/patterns/statements.py) has lines whose values it reads, with the (value, unit,
comparator, kind, year) a reader of the line expects. A new handler comes with its examples here.
"""
from __future__ import annotations

import unicodedata

import pytest

from ingest.extract.prose.grammar import extract_line
from ingest.extract.prose.patterns.exclusions import BY_FORM, BY_UNIT
from ingest.extract.prose.patterns.statements import STATEMENTS
from ingest.model.context import DocInfo

FYP = DocInfo("five_year_plan", 2016, 2020)  # a 13th five-year plan
FYP14 = DocInfo("five_year_plan", 2021, 2025)
ANNUAL = DocInfo("annual_plan", 2017, 2017)


@pytest.fixture(scope="module")
def words(ref):
    return ref.words


def read(words, text, doc=FYP, section=None):
    return extract_line(unicodedata.normalize("NFKC", text), section, doc, words)


# ---------------------------------------------------------------- exclusion rules
# (rule, line, the number as written, reason)
EXCLUSIONS = [
    ("corrupted", "新建保障性住房3?2万套", "3?2", "corrupted digits"),
    ("corrupted", "毛入园率达到9.?%", "9.?", "corrupted digits"),
    ("datelike", "截至2020. 5,全市已建成社区养老服务站", "2020. 5", "year or date"),
    ("footnote_number", "注:1.指城镇新增就业人数", "1", "list numbering"),
    ("footnote_definition", "注:1.指人均预期寿命达到80岁以上", "80", "definition in a footnote"),
    ("line_numbering", "1. 2020年全面完成农村危房改造任务", "1", "list numbering"),
    ("line_numbering", "2、加强基层医疗卫生服务", "2", "list numbering"),
    ("parenthesised", "(3)加强基层服务能力建设", "3", "list numbering"),
    ("parenthesised", "重点任务(2)推进医养结合", "2", "list numbering"),
    ("year", "2020年全面建成小康社会", "2020", "year or date"),
    ("per_ten_thousand", "孕产妇死亡率控制在21.7/10万以下", "10", "part of a unit (per 100,000)"),
    ("date", "2023年4月23日", "4", "year or date"),
    ("date", "2023年4月23日", "23", "year or date"),
    ("date", "发布时间:2018-04-30", "04", "year or date"),
    ("year_span", "2016-2020年", "2016", "year or date"),
    ("year_span", "2021至2025年", "2021", "year or date"),
    ("document_year", "川府发〔2016〕12号", "2016", "document number"),
    ("document_number", "川府发〔2016〕12号", "12", "document number"),
    ("document_number", "第5号", "5", "document number"),
    ("ordinal", "第3次全国经济普查", "3", "ordinal"),
    ("anniversary", "庆祝建党100周年", "100", "anniversary"),
    ("identifier", "联系电话:0831-2345678", "0831", "phone, postal code or identifier"),
    ("identifier", "联系电话:0831-2345678", "2345678", "phone, postal code or identifier"),
    ("identifier", "邮编:635000", "635000", "phone, postal code or identifier"),
    ("identifier", "联系邮箱12345@qq.com", "12345", "phone, postal code or identifier"),
    ("grade", "3级以上医院", "3", "grade or level"),
    ("grade", "3-5级", "3", "grade or level"),
    ("list_count", "教育、医疗、养老等3类服务", "3", "count of items in a list description"),
    ("catalogue_count", "共81个基本公共服务项目", "81", "count of items in a list description"),
    ("catalogue_count", "服务项目共7个", "7", "count of items in a list description"),
    ("quoted", "印发<城市居民最低生活保障标准提高10%的通知>", "10", "inside a title or quoted name"),
    ("corrupted_lead", "毛入园率达到?5%", "5", "corrupted digits"),
    ("phone_label_after", "拨打12345热线", "12345", "phone, postal code or identifier"),
    ("phone_label_after", "拨打96110服务热线", "96110", "phone, postal code or identifier"),
    ("age_qualifier", "为60岁以上老年人免费体检", "60", "age qualifier of a target group"),
    ("age_qualifier", "0—6岁儿童健康管理率达到90%", "6", "age qualifier of a target group"),
    ("age_qualifier", "0—6岁儿童健康管理率达到90%", "0", "age qualifier of a target group"),  # shares its upper bound's
]


@pytest.mark.parametrize("rule,text,number,reason", EXCLUSIONS, ids=[f"{e[0]}:{e[1]}" for e in EXCLUSIONS])
def test_exclusion_rule(words, rule, text, number, reason):
    _, mentions = read(words, text)
    found = [(m.status, m.reason, m.rule) for m in mentions if m.text == number]
    assert found == [("excluded", reason, rule)], [(m.text, m.status, m.reason, m.rule) for m in mentions]


@pytest.mark.parametrize("text,number", [
    ("人均预期寿命从74岁提高到76.5岁", "74"),  # an age followed by a verb of change is a value
    ("??2023年4月23日", "2023"),  # a marker only before a date leaves the date a date (rule 'year')
    ("3年级学生", "3"),  # 年级 is not 级
])
def test_exclusion_rules_do_not_take_their_counter_examples(words, text, number):
    _, mentions = read(words, text)
    (m,) = [m for m in mentions if m.text == number]
    assert m.rule not in ("age_qualifier", "corrupted", "corrupted_lead", "grade"), m


def test_every_exclusion_rule_has_a_docstring_and_an_example_here():
    for rule in BY_FORM + BY_UNIT:
        assert rule.match.__doc__ and "'" in rule.match.__doc__, f"rule {rule.name} needs a docstring with an example"
    assert {r.name for r in BY_FORM + BY_UNIT} == {e[0] for e in EXCLUSIONS}
    assert len({r.name for r in BY_FORM + BY_UNIT}) == len(BY_FORM + BY_UNIT)


# ---------------------------------------------------------------- statement handlers
# (handler, line, document, section, [(value, unit, comparator, kind, year, handler that read it)])
STATEMENT_EXAMPLES = [
    ("single", "城镇登记失业率控制在4.1%以内", FYP, None, [("4.1", "%", "<=", "target", 2020, "single")]),
    ("single", "2018年底前建成乡镇综合文化站12个", FYP, None, [("12", "个", "=", "target", 2018, "single")]),
    ("single", "城乡居民基本养老保险参保率达到95%以上", FYP, None, [("95", "%", ">=", "target", 2020, "single")]),
    ("single", "城镇登记失业率比2015年下降0.5个百分点", FYP, None, [("0.5", "个百分点", "=", "increment", 2020, "single")]),
    ("range_bound", "每年新增就业3万至10万人", FYP, None,
     [("3", "万人", ">=", "target", 2020, "single"), ("10", "万人", "<=", "target", 2020, "range_bound")]),
    ("range_bound", "城乡居民养老保险年人均缴费档次为100-4800元", FYP, None,
     [("100", "元", ">=", "target", 2020, "single"), ("4800", "元", "<=", "target", 2020, "range_bound")]),
    ("from_to", "学前教育毛入园率由2010年65%提高到80%", FYP, None,
     [("65", "%", "=", "baseline", 2010, "single"), ("80", "%", "=", "target", 2020, "from_to")]),
    ("from_to", "月人均养老金从1245元增长到1597元", ANNUAL, "baseline",  # both years not written: the start's unknown
     [("1245", "元", "=", "baseline", None, "single"), ("1597", "元", "=", "baseline", 2016, "from_to")]),
    ("from_to", "全市孕产妇死亡率、婴儿死亡率分别从2015年的20.1/10万、8.1‰降至2019年的17.8/10万、5.6‰", FYP14, None,
     [("20.1", "/10万", "=", "baseline", 2015, "single"), ("8.1", "‰", "=", "baseline", 2015, "list_item"),
      ("17.8", "/10万", "=", "baseline", 2019, "from_to"), ("5.6", "‰", "=", "baseline", 2019, "paired_to")]),
    ("paired_to", "小学和初中入学率分别由95%和90%提高到99%和97%", FYP, None,
     [("95", "%", "=", "baseline", 2015, "single"), ("90", "%", "=", "baseline", 2015, "list_item"),
      ("99", "%", "=", "target", 2020, "from_to"), ("97", "%", "=", "target", 2020, "paired_to")]),
    ("paired_to", "养老金由1500元提高到1800元和2000元", FYP, None,
     [("1500", "元", "=", "baseline", 2015, "single"), ("1800", "元", "=", "target", 2020, "from_to"),
      ("2000", "元", "=", "target", 2020, "paired_to")]),
    ("list_item", "小学和初中入学率分别达到99%和97%", FYP, None,
     [("99", "%", "=", "target", 2020, "single"), ("97", "%", "=", "target", 2020, "list_item")]),
    ("list_item", "2015年全市新建幼儿园12所和15所", FYP, None,
     [("12", "所", "=", "baseline", 2015, "single"), ("15", "所", "=", "baseline", 2015, "list_item")]),
]


@pytest.mark.parametrize("handler,text,doc,section,expected", STATEMENT_EXAMPLES,
                         ids=[f"{e[0]}:{e[1]}" for e in STATEMENT_EXAMPLES])
def test_statement_handler(words, handler, text, doc, section, expected):
    qs, mentions = read(words, text, doc, section)
    got = [(f"{q.value:f}", q.unit, q.comparator, q.value_kind, q.year, q.rule) for q in qs]
    assert got == expected
    assert handler in {q.rule for q in qs}
    assert [m.rule for m in mentions if m.status == "captured"] == [q.rule for q in qs]


def test_respectively_names_each_value_after_its_part(words):
    qs, _ = read(words, "小学和初中入学率分别达到99%和97%")
    assert [(q.name, q.group) for q in qs] == [("小学和初中入学率(小学)", 1), ("小学和初中入学率(初中入学率)", 2)]


def test_a_list_without_respectively_numbers_its_items(words):
    qs, _ = read(words, "2015年全市新建幼儿园12所和15所")
    assert [(q.name, q.confidence) for q in qs] == [("新建幼儿园", "high"), ("新建幼儿园(第2项)", "medium")]


def test_a_to_value_without_a_from_value_is_in_doubt(words):
    qs, _ = read(words, "养老金由1500元提高到1800元和2000元")
    extra = qs[-1]
    assert (extra.name, extra.confidence) == ("养老金(第2项)", "low") and "more 'to' values" in extra.doubt
    assert [q.group for q in qs] == [1, 1, 2]


def test_a_range_rewrites_its_lower_bound_not_in_place(words):
    qs, _ = read(words, "每年新增就业3万至10万人")
    assert len({q.group for q in qs}) == 1 and all(q.name == "新增就业" for q in qs)


def test_every_statement_handler_has_a_docstring_and_an_example_here():
    for h in STATEMENTS:
        assert h.read.__doc__ and "'" in h.read.__doc__, f"handler {h.name} needs a docstring with an example"
    assert {h.name for h in STATEMENTS} == {e[0] for e in STATEMENT_EXAMPLES}
    assert STATEMENTS[-1].name == "single"  # the last handler always applies
