"""Why a number is not a quantity: an ordered registry of small exclusion rules.

Each rule is a named unit: `name`, the `reason` written to number_mentions, and `match`, a function of
what the rule sees around one number. The first rule that matches wins, so the order is part of the
grammar (a year before a document number, a corrupted digit before everything).

Two registries, read at two moments of a clause:
- BY_FORM: from the number as written and at most W characters either side (a date, a document
  number, list numbering, a phone number, corrupted digits …), before its unit is read;
- BY_UNIT: once the unit is read (a phone label after a number without a unit, an age that names a
  target group).

Each rule's docstring gives examples; tests/ingest/test_prose_handlers.py checks them line by line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from ingest.extract.prose.compiled import Grammar
from ingest.extract.prose.tokens import W, Line, Tok

CORRUPTED = "corrupted digits"
YEAR_OR_DATE = "year or date"
LIST_NUMBERING = "list numbering"
DOCUMENT_NUMBER = "document number"
IDENTIFIER = "phone, postal code or identifier"
LIST_COUNT = "count of items in a list description"
AGE_QUALIFIER = "age qualifier of a target group"

_YEAR4 = re.compile(r"(?:19|20)\d{2}")
_LIST_AFTER = re.compile(r"^\s*[.．、]")
_OPEN_PAREN = re.compile(r"[(（]\s*$")
_CLOSE_PAREN = re.compile(r"^\s*[)）]")
_PER_UNIT_BEFORE = re.compile(r"\d\s*/$")
_DATE_AFTER = re.compile(r"^[-./]\d{1,2}[-./]\d")
_DATE_BEFORE = re.compile(r"\d[-./]\d{1,2}[-./]$")
_YEAR_DASH_BEFORE = re.compile(r"(?:19|20)\d{2}[-.]$")
_MONTH_AFTER = re.compile(r"^[-.]\d{1,2}(?!\d)")
_DOC_OPEN = re.compile(r"[〔\[【(（]\s*$")
_DOC_CLOSE = re.compile(r"^\s*[〕\]】)）]")
_DOC_BEFORE = re.compile(r"[〕\]】]\s*$")

C = TypeVar("C")


@dataclass(frozen=True)
class ExclusionRule(Generic[C]):
    name: str
    reason: str  # written to number_mentions.reason
    match: Callable[[C], bool]


@dataclass(slots=True)
class Around:
    """What a BY_FORM rule sees of one number: the token, its line, and W characters either side.
    Read only (not frozen: one is made for every number, and a frozen one costs three times as much)."""

    line: Line
    tok: Tok
    before: str
    after: str
    is_year: bool  # four digits, 19xx or 20xx
    g: Grammar


def around(line: Line, tok: Tok, g: Grammar) -> Around:
    text = line.text
    return Around(line, tok, text[max(0, tok.start - W):tok.start], text[tok.end:tok.end + W],
                  _YEAR4.fullmatch(tok.value) is not None, g)


@dataclass(slots=True)
class AfterUnit:
    """What a BY_UNIT rule sees once the unit is read: the clause after the number (after '多'/'余'),
    the unit (None when no known unit follows), and the clause after the unit. Read only."""

    after: str
    unit: str | None
    after_unit: str
    g: Grammar


# ---------------------------------------------------------------- BY_FORM rules, in order
def _corrupted(x: Around) -> bool:
    """'新建保障性住房3?2万套', '毛入园率达到9.?%': a corruption marker after or inside the digits; a value
    lost in conversion is reported, never guessed."""
    return x.tok.form == "corrupted" and not x.tok.lead_marker_only


def _datelike(x: Around) -> bool:
    """'截至2020. 5,全市…': a year, a point with spaces and a month, with no unit after it."""
    return x.tok.form == "datelike"


def _footnote_number(x: Around) -> bool:
    """'注:1.指城镇…': the number that opens a footnote defining a term."""
    return x.line.footnote and x.tok.start <= x.line.first_non_note


def _footnote_definition(x: Around) -> bool:
    """'注:1.指人均预期寿命达到80岁…': any other number of such a footnote belongs to the definition."""
    return x.line.footnote


def _line_numbering(x: Around) -> bool:
    """'1. 2020年全面完成…', '2、加强…': a number at the start of the line, followed by a point or '、'."""
    return x.tok.start <= x.line.first_non_ws and _LIST_AFTER.match(x.after) is not None


def _parenthesised(x: Around) -> bool:
    """'(3)加强基层服务': a number alone in parentheses."""
    return _OPEN_PAREN.search(x.before) is not None and _CLOSE_PAREN.match(x.after) is not None


def _year(x: Around) -> bool:
    """'2020年', '2018 年底': four digits followed by 年."""
    return x.is_year and x.g.x_year_unit.match(x.after) is not None


def _per_ten_thousand(x: Around) -> bool:
    """'孕产妇死亡率21.7/10万': the 10 of '/10万' is part of the unit."""
    return _PER_UNIT_BEFORE.search(x.before) is not None and x.g.x_per_ten_thousand.match(x.after) is not None


def _date(x: Around) -> bool:
    """'4月23日', '16:15', '2018-04-30': a month, day or hour, or a part of a written date."""
    return (x.g.x_date_after.match(x.after) is not None or _DATE_AFTER.match(x.after) is not None
            or _DATE_BEFORE.search(x.before) is not None or _YEAR_DASH_BEFORE.search(x.before) is not None
            or (x.is_year and _MONTH_AFTER.match(x.after) is not None))


def _year_span(x: Around) -> bool:
    """'2016-2020', '2021至2025': a year followed by a second year."""
    return x.is_year and x.g.x_year_span.match(x.after) is not None


def _document_year(x: Around) -> bool:
    """'川府发〔2016〕12号': the year of a document number, in brackets."""
    return x.is_year and _DOC_OPEN.search(x.before) is not None and _DOC_CLOSE.match(x.after) is not None


def _document_number(x: Around) -> bool:
    """'〔2016〕12号', '第5号': a number followed by 号 or written after a closing bracket."""
    return x.g.x_document_number_after.match(x.after) is not None or _DOC_BEFORE.search(x.before) is not None


def _ordinal(x: Around) -> bool:
    """'第3次全国经济普查': a number written after 第."""
    return x.g.x_ordinal.search(x.before) is not None


def _anniversary(x: Around) -> bool:
    """'建党100周年': a number followed by 周年."""
    return x.g.x_anniversary.match(x.after) is not None


def _identifier(x: Around) -> bool:
    """'联系电话:0831-2345678', '邮编:635000', '12345@qq.com': seven or more digits, a number after a
    phone, fax, postal-code or registration label, or one before '@'."""
    return (len(x.tok.value.split(".")[0]) >= 7 or x.g.x_identifier_label.search(x.before) is not None
            or "@" in x.after[:3])


def _grade(x: Around) -> bool:
    """'3级以上医院', '3-5级': a number followed by 级, perhaps after a range."""
    return x.g.x_grade.match(x.after) is not None


def _list_count(x: Around) -> bool:
    """'教育、医疗、养老等3类服务': a number after 等 that counts the kinds of a list."""
    return x.g.x_list_etc.search(x.before) is not None and x.g.x_list_kinds.match(x.after) is not None


def _catalogue_count(x: Around) -> bool:
    """'共81个基本公共服务项目', '服务项目共7个': a number that counts the items of a service catalogue."""
    return (x.g.x_service_items_after.match(x.after) is not None
            or x.g.x_service_items_before.search(x.before) is not None)


def _quoted(x: Around) -> bool:
    """'印发<最低生活保障标准提高10%的通知>', '《2016年全民健身实施计划》': inside a title or quotation."""
    return x.tok.quoted


def _corrupted_lead(x: Around) -> bool:
    """'?5%': a marker before the digits only, and no rule above reads them ('??2023年4月23日' stays a
    date, through the rules above)."""
    return x.tok.form == "corrupted"


BY_FORM: tuple[ExclusionRule[Around], ...] = (
    ExclusionRule("corrupted", CORRUPTED, _corrupted),
    ExclusionRule("datelike", YEAR_OR_DATE, _datelike),
    ExclusionRule("footnote_number", LIST_NUMBERING, _footnote_number),
    ExclusionRule("footnote_definition", "definition in a footnote", _footnote_definition),
    ExclusionRule("line_numbering", LIST_NUMBERING, _line_numbering),
    ExclusionRule("parenthesised", LIST_NUMBERING, _parenthesised),
    ExclusionRule("year", YEAR_OR_DATE, _year),
    ExclusionRule("per_ten_thousand", "part of a unit (per 100,000)", _per_ten_thousand),
    ExclusionRule("date", YEAR_OR_DATE, _date),
    ExclusionRule("year_span", YEAR_OR_DATE, _year_span),
    ExclusionRule("document_year", DOCUMENT_NUMBER, _document_year),
    ExclusionRule("document_number", DOCUMENT_NUMBER, _document_number),
    ExclusionRule("ordinal", "ordinal", _ordinal),
    ExclusionRule("anniversary", "anniversary", _anniversary),
    ExclusionRule("identifier", IDENTIFIER, _identifier),
    ExclusionRule("grade", "grade or level", _grade),
    ExclusionRule("list_count", LIST_COUNT, _list_count),
    ExclusionRule("catalogue_count", LIST_COUNT, _catalogue_count),
    ExclusionRule("quoted", "inside a title or quoted name", _quoted),
    ExclusionRule("corrupted_lead", CORRUPTED, _corrupted_lead),
)


# ---------------------------------------------------------------- BY_UNIT rules, in order
def _phone_label_after(x: AfterUnit) -> bool:
    """'拨打12345热线', '96110服务热线': a number without a unit, followed by a phone label."""
    return x.unit is None and x.g.phone_label_after.match(x.after) is not None


def _age_qualifier(x: AfterUnit) -> bool:
    """'60岁以上老年人', '6岁儿童': an age followed by a noun names a target group; not '从74岁提高到…'."""
    return (x.unit in x.g.age_units and x.g.age_qualifier.match(x.after_unit) is not None
            and x.g.age_change.match(x.after_unit) is None)


BY_UNIT: tuple[ExclusionRule[AfterUnit], ...] = (
    ExclusionRule("phone_label_after", IDENTIFIER, _phone_label_after),
    ExclusionRule("age_qualifier", AGE_QUALIFIER, _age_qualifier),
)


def first_rule(rules: tuple[ExclusionRule[C], ...], seen: C) -> ExclusionRule[C] | None:
    """The first rule of the registry that matches, or None."""
    for rule in rules:
        if rule.match(seen):
            return rule
    return None
