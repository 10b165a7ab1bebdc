"""Metadata rules on made-up page headers."""
import re

from ingest.extract.metadata import find_city, find_doc_number, find_issue_date, find_period, find_plan_kind, find_title, five_year_period
from ingest.paths import REF_DIR
from ingest.reference.lexicon import load_lexicon

LEX = load_lexicon(REF_DIR)


def test_title_city_date_and_number_from_a_notice_header():
    head = ["某某市人民政府关于印发某某市“十四五”公共服务规划的通知", "发文日期: 2022年03月07日", "文 号: 某政发〔2022〕7号"]
    title = find_title(head, LEX)
    assert title.value == "某某市“十四五”公共服务规划" and title.line == 1
    assert find_city(title, head, LEX).value == "某某"
    assert find_issue_date(head, LEX).value == "2022-03-07"
    assert find_doc_number(head, LEX).value == "某政发〔2022〕7号"


def test_wrapped_quoted_title_and_leading_date():
    head = ["2021-05-06 09:30 来源:市发展改革委", "", "某州市发展和改革委员会", "关于公开征求《某州市", "实施方案》意见的公告"]
    assert find_title(head, LEX).value == "某州市实施方案"
    assert find_issue_date(head, LEX).value == "2021-05-06"


def test_cited_document_numbers_are_not_the_documents_own():
    assert find_doc_number(["按照《规划》(川府发〔2017〕15号)要求"], LEX) is None


def test_plan_kind_priority_and_periods():
    kinds = [("implementation_opinion", re.compile("实施意见")), ("annual_plan", re.compile(r"\d{4}年实施计划")),
             ("implementation_plan", re.compile("实施方案")), ("five_year_plan", re.compile("规划"))]
    assert find_plan_kind("X市“十三五”规划2019年实施计划", kinds) == "annual_plan"
    assert find_plan_kind("X市“十四五”公共服务规划", kinds) == "five_year_plan"
    assert five_year_period(13) == (2016, 2020) and five_year_period(14) == (2021, 2025)
    assert find_period("X市“十三五”规划2019年实施计划", "annual_plan", 2019, [], LEX) == (2019, 2019, "year of an annual plan in its title (metadata.annual_plan_year)")
    assert find_period("关于推进的实施意见", "implementation_opinion", 2018, ["到2020年", "到2020年", "到2035年"], LEX)[:2] == (2018, 2020)
