"""Document metadata (the manifest) read from the head of a plan text.

Each rule returns a Found(value, line, rule) or None. Nothing here knows a file name or a city:
rules look for the labels and title shapes Chinese government web pages use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

HEAD_LINES = 60  # metadata lives in the page header and the first paragraphs


@dataclass(frozen=True)
class Found:
    value: str
    line: int | None  # 1-based line in the raw file; None for a derived value
    rule: str


_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-年./]\s*(?P<m>\d{1,2})\s*[-月./]\s*(?P<d>\d{1,2})日?"
_DATE_LABELLED = re.compile(r"(?:发布时间|发表时间|发文日期|成文日期|印发日期|发布日期)\s*[:：]?\s*" + _DATE)
_DATE_LEADING = re.compile(r"^\s*" + _DATE + r"(?:\s+\d{1,2}:\d{2})?(?:\s|$)")
_DATE_STANDALONE = re.compile(r"^\s*" + _DATE + r"\s*$")
_DOC_NUMBER = r"[\u4e00-\u9fff]{1,12}[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*\d{1,4}\s*号"
_DOC_NUMBER_LABELLED = re.compile(r"文\s*号\s*[:：]\s*(" + _DOC_NUMBER + ")")
_DOC_NUMBER_STANDALONE = re.compile(r"^\s*(" + _DOC_NUMBER + r")\s*$")
_ISSUER_LABELLED = re.compile(r"(?:文章来源|来源|发布机构|发文机关|发文单位)\s*[:：]\s*(?P<v>[\u4e00-\u9fff]{2,30})")
_TITLE_QUOTED = re.compile(r"关于(?:印发|公开征求|转发|发布)《(?P<t>.+?)》(?:的)?(?:意见的)?(?:通知|公告)")
_TITLE_UNQUOTED = re.compile(r"关于印发(?P<t>.+?)的通知")
_TITLE_OWN = re.compile(r"^\s*(?P<t>关于.{4,60}(?:意见|方案|规划|计划))\s*$")
_CITY_IN_TITLE = re.compile(r"^(?P<c>[\u4e00-\u9fff]{2,3}?)市")
_CITY_ISSUER = re.compile(r"(?P<c>[\u4e00-\u9fff]{2,3}?)市(?:人民政府|政府|发展和改革委员会|发展改革委)")
_FIVE_YEAR = re.compile(r"十(?P<n>[一二三四五六七八九])五")
_YEAR_TARGET = re.compile(r"到\s*(?P<y>20\d{2})\s*年")
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _iso(m: re.Match) -> str | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _head(lines: list[str]) -> list[tuple[int, str]]:
    return [(i + 1, s) for i, s in enumerate(lines[:HEAD_LINES])]


def find_issue_date(lines: list[str]) -> Found | None:
    for rule, pattern in (
        ("labelled date", _DATE_LABELLED),
        ("date leading a header line", _DATE_LEADING),
        ("standalone signature date", _DATE_STANDALONE),
    ):
        for no, text in _head(lines):
            m = pattern.search(text)
            if m and (iso := _iso(m)):
                return Found(iso, no, rule)
    return None


def find_doc_number(lines: list[str]) -> Found | None:
    for rule, pattern in (("labelled 文号", _DOC_NUMBER_LABELLED), ("standalone document number", _DOC_NUMBER_STANDALONE)):
        for no, text in _head(lines):
            if m := pattern.search(text):
                return Found(re.sub(r"\s+", "", m.group(1)), no, rule)
    return None


def find_issuer(lines: list[str]) -> Found | None:
    for no, text in _head(lines):
        if m := _ISSUER_LABELLED.search(text):
            return Found(m.group("v"), no, "labelled source/issuer")
    return None


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Consecutive non-blank head lines joined, with the first line number: titles often wrap."""
    out: list[tuple[int, str]] = []
    start, buf = None, []
    for no, text in _head(lines) + [(None, "")]:
        if text.strip():
            start = start or no
            buf.append(text.strip())
        elif buf:
            out.append((start, "".join(buf)))
            start, buf = None, []
    return out


def find_title(lines: list[str]) -> Found | None:
    paragraphs = _paragraphs(lines)
    for rule, pattern in (
        ("title quoted in 关于印发/征求《…》", _TITLE_QUOTED),
        ("title in 关于印发…的通知", _TITLE_UNQUOTED),
    ):
        for no, text in paragraphs:
            if m := pattern.search(text):
                return Found(m.group("t").strip(), no, rule)
    for no, text in _head(lines):
        if m := _TITLE_OWN.match(text):
            return Found(m.group("t"), no, "own title line 关于…")
    return None


_CITY_OWN_PLAN = re.compile(r"(?P<c>[\u4e00-\u9fff]{2,3}?)市(?:“|\")(?:十.五|\d{4})")


def find_city(title: Found | None, lines: list[str]) -> Found | None:
    if title and (m := _CITY_IN_TITLE.match(title.value)):
        return Found(m.group("c"), title.line, "city at the start of the title")
    for no, text in _head(lines):
        if m := _CITY_ISSUER.search(text):
            return Found(m.group("c"), no, "city of the issuing government body")
    # no title: the city that most often heads the plan's own phrases ('X市“十三五”时期…清单')
    counts: dict[str, list[int]] = {}
    for no, text in enumerate(lines, 1):
        for m in _CITY_OWN_PLAN.finditer(text):
            counts.setdefault(m.group("c"), []).append(no)
    if counts:
        city = max(counts, key=lambda c: (len(counts[c]), -counts[c][0]))
        if len(counts[city]) >= 2:
            return Found(city, counts[city][0], "most frequent 'X市“十X五”' phrase in the text")
    return None


def find_plan_kind(title: str | None, kinds: list[tuple[str, re.Pattern]]) -> str | None:
    """First matching kind in priority order (from the reviewed ref_plan_kinds seed)."""
    if not title:
        return None
    for kind, pattern in kinds:
        if pattern.search(title):
            return kind
    return None


def five_year_period(n: int) -> tuple[int, int]:
    """The n-th national five-year plan period (regular five-year cycle since the 4th, 1971-1975)."""
    start = 1971 + 5 * (n - 4)
    return start, start + 4


def find_period(title: str | None, plan_kind: str | None, issue_year: int | None, lines: list[str]) -> tuple[int, int, str] | None:
    """(start, end, rule). Title '十X五' wins; an annual plan is its year; else issue year to the
    most frequent '到20XX年' horizon in the text."""
    if title:
        if plan_kind == "annual_plan" and (m := re.search(r"((?:19|20)\d{2})年", title)):
            year = int(m.group(1))
            return year, year, "year of an annual plan in its title"
        if m := _FIVE_YEAR.search(title):
            start, end = five_year_period(10 + _CN_DIGITS[m.group("n")])
            return start, end, "十X五 period named in the title"
    horizons = [int(m.group("y")) for text in lines for m in _YEAR_TARGET.finditer(text)]
    if issue_year and horizons:
        end = max(set(horizons), key=lambda y: (horizons.count(y), y))
        if end >= issue_year:
            return issue_year, end, "issue year to the most frequent 到YYYY年 horizon"
    return None
