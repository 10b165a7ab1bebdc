"""Document metadata (the manifest) read from the head of a plan text.

Each rule returns a Found(value, line, rule) or None. Nothing here knows a file name or a city:
rules look for the labels and title shapes Chinese government web pages use. Those are named
patterns `metadata.*` in seeds/reference/ref_patterns.csv (dates, document numbers 〔2021〕,
issuer labels, title shapes 关于印发《…》的通知, the city before 市, the period 十X五, the horizon
到20XX年), with their label lists as word kinds (date_label, issuer_label, city_government_body).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.numerals import chinese_int
from ingest.reference.lexicon import Lexicon

HEAD_LINES = 60  # metadata lives in the page header and the first paragraphs


@dataclass(frozen=True)
class Found:
    value: str
    line: int | None  # 1-based line in the raw file; None for a derived value
    rule: str


def _iso(m: re.Match) -> str | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _head(lines: list[str]) -> list[tuple[int, str]]:
    return [(i + 1, s) for i, s in enumerate(lines[:HEAD_LINES])]


def find_issue_date(lines: list[str], lex: Lexicon) -> Found | None:
    for rule, pattern in (
        ("labelled date (metadata.date_labelled)", lex.pattern("metadata.date_labelled")),
        ("date leading a header line (metadata.date_leading)", lex.pattern("metadata.date_leading")),
        ("standalone signature date (metadata.date_standalone)", lex.pattern("metadata.date_standalone")),
    ):
        for no, text in _head(lines):
            m = pattern.search(text)
            if m and (iso := _iso(m)):
                return Found(iso, no, rule)
    return None


def speaking_year(lines: list[str], lex: Lexicon, issue_date: str | None) -> int | None:
    """The year a text speaks from, for a text whose period is unknown: its issue date, else the latest
    date with a month written anywhere in it (a news dateline, a report date). None when it has neither:
    then years tell nothing about past or future, and only the wording does."""
    if issue_date:
        return int(issue_date[:4])
    pattern = lex.pattern("metadata.date_anywhere")
    years = [int(m.group("y")) for text in lines for m in pattern.finditer(text)]
    return max(years) if years else None


def find_doc_number(lines: list[str], lex: Lexicon) -> Found | None:
    for rule, pattern in (("labelled document number (metadata.doc_number_labelled)", lex.pattern("metadata.doc_number_labelled")),
                          ("standalone document number (metadata.doc_number_standalone)", lex.pattern("metadata.doc_number_standalone"))):
        for no, text in _head(lines):
            if m := pattern.search(text):
                return Found(re.sub(r"\s+", "", m.group("number")), no, rule)
    return None


def find_issuer(lines: list[str], lex: Lexicon) -> Found | None:
    labelled = lex.pattern("metadata.issuer_labelled")
    for no, text in _head(lines):
        if m := labelled.search(text):
            return Found(m.group("v"), no, "labelled source/issuer (metadata.issuer_labelled)")
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


def find_title(lines: list[str], lex: Lexicon) -> Found | None:
    paragraphs = _paragraphs(lines)
    for rule, pattern in (
        ("title quoted in a notice of issue (metadata.title_quoted)", lex.pattern("metadata.title_quoted")),
        ("title in a notice of issue, unquoted (metadata.title_unquoted)", lex.pattern("metadata.title_unquoted")),
    ):
        for no, text in paragraphs:
            if m := pattern.search(text):
                return Found(m.group("t").strip(), no, rule)
    own = lex.pattern("metadata.title_own")
    for no, text in _head(lines):
        if m := own.match(text):
            return Found(m.group("t"), no, "own title line (metadata.title_own)")
    return None


def find_city(title: Found | None, lines: list[str], lex: Lexicon) -> Found | None:
    if title and (m := lex.pattern("metadata.city_in_title").match(title.value)):
        return Found(m.group("c"), title.line, "city at the start of the title (metadata.city_in_title)")
    issuer = lex.pattern("metadata.city_issuer")
    for no, text in _head(lines):
        if m := issuer.search(text):
            return Found(m.group("c"), no, "city of the issuing government body (metadata.city_issuer)")
    # no title: the city that most often heads the plan's own phrases ('X市“十三五”时期…清单')
    counts: dict[str, list[int]] = {}
    own_plan = lex.pattern("metadata.city_own_plan")
    for no, text in enumerate(lines, 1):
        for m in own_plan.finditer(text):
            counts.setdefault(m.group("c"), []).append(no)
    if counts:
        city = max(counts, key=lambda c: (len(counts[c]), -counts[c][0]))
        if len(counts[city]) >= 2:
            return Found(city, counts[city][0], "most frequent city-plan phrase in the text (metadata.city_own_plan)")
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


def find_period(title: str | None, plan_kind: str | None, issue_year: int | None, lines: list[str],
                lex: Lexicon) -> tuple[int, int, str] | None:
    """(start, end, rule). Title '十X五' wins; an annual plan is its year; else issue year to the
    most frequent '到20XX年' horizon in the text."""
    if title:
        if plan_kind == "annual_plan" and (m := lex.pattern("metadata.annual_plan_year").search(title)):
            year = int(m.group("y"))
            return year, year, "year of an annual plan in its title (metadata.annual_plan_year)"
        if m := lex.pattern("period.five_year").search(title):
            start, end = five_year_period(chinese_int(m.group("n")))
            return start, end, "five-year plan period named in the title (period.five_year)"
    horizon = lex.pattern("metadata.year_target")
    horizons = [int(m.group("y")) for text in lines for m in horizon.finditer(text)]
    if issue_year and horizons:
        end = max(set(horizons), key=lambda y: (horizons.count(y), y))
        if end >= issue_year:
            return issue_year, end, "issue year to the most frequent target-year horizon (metadata.year_target)"
    return None
