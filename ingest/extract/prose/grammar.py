"""Quantified statements in prose: '城镇登记失业率控制在4.1%以内', '新、改扩建城乡公办幼儿园15所'.

One pass over each clause (text between ，；。). Every Arabic number is either
- excluded, with a reason (a date, a document number, list numbering, a phone number, corrupted digits …),
- captured as a value with a name, unit, comparator, kind and year, or
- left unclassified (no unit), so coverage can be counted.

A number whose reading is not certain (a decimal point written as '。' or '·', a value that would
collide with another one of its statement) is captured with confidence 'low' and a `doubt` the caller
reports as a finding. Digits touching a corruption marker ('3?2万套') are never a value.

Word lists (units, comparators, verbs, markers) are reviewed data in seeds/reference; this module
holds only the grammar. Pure functions over one normalised line at a time, linear in its length:
every look-behind and look-ahead is a bounded window, quotes are tracked in one scan of the line and
sentence-level facts are computed once per sentence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from ingest.extract.metadata import five_year_period
from ingest.model.context import DocInfo
from ingest.reference.words import Words

NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")
_CLAUSE_END = "，,；;。!！?？:：\t"
_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_SPLIT = re.compile(r"[，,；;。!！?？:：\t()（）]")
_QUOTES = (("“", "”"), ("《", "》"), ("<", ">"), ("〈", "〉"))  # and '"', which opens and closes
_QUOTE_CHARS = re.compile(r"[“”《》<>〈〉\"]")
_CN_PERIOD = re.compile(r"十([一二三四五六七八九])五")
_CN = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_YEAR_IN = re.compile(r"(?:到|至|在|于)?\s*((?:19|20)\d{2})\s*年(?:底|末|前|内)?")
_YEAR_RANGE_AFTER = re.compile(r"\s*[-—~～至到]\s*(?:19|20)\d{2}")
_CONNECTOR = re.compile(r"^\s*(?:和|及|与|、|或)\s*$")
_LIST_SPLIT = re.compile(r"[、和及与]")
_APPROX = re.compile(r"\s*[多余]")
_LOW_NAME_END = re.compile(r"(?:按|以|给予|在|对|为)$")
_PHONE_AFTER = re.compile(r"\s*(?:电话|热线|服务热线|专线)")
_AGE_QUALIFIER = re.compile(r"\s*(?:以上|以下|及以上|及以下)?(?:的)?[\u4e00-\u9fff]")
_AGE_CHANGE = re.compile(r"\s*(?:提高|增加|提升|下降|降低)")
_PER_UNIT_HEAD = re.compile(r"每个?[\u4e00-\u9fff]{1,3}")
_DATE_LIKE_YEAR = re.compile(r"(?:19|20)\d{2}")

# bounded windows (characters) around a number: every rule below looks at most this far
_W = 60  # exclusions, units, comparators
_W_NOUN = 200  # the noun written after a number ('名家庭经济困难学生')
_W_LABEL = 400  # a name made from the clause itself when nothing else names the value

CORRUPTED = "corrupted digits"


@dataclass(frozen=True)
class Mention:
    """One number seen in the text and what became of it."""

    start: int
    end: int
    text: str
    status: str  # captured | excluded | unclassified
    reason: str


@dataclass(frozen=True)
class Quantity:
    name: str
    value: Decimal
    unit: str
    comparator: str
    value_kind: str
    year: int | None
    confidence: str
    clause: str
    clause_start: int
    group: int  # quantities of one statement share a group (由X提高到Y, ranges)
    doubt: str | None = None  # why the reading is not certain (confidence is then 'low'); reported as a finding
    start: int = -1  # the number's span in the line
    end: int = -1


# ---------------------------------------------------------------- compiled grammar of one word list
def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)) if w)


@dataclass(frozen=True)
class _Grammar:
    words: Words
    comparator_before: tuple[tuple[str, str], ...]  # longest first
    token: re.Pattern
    markers: tuple[str, ...]
    corrupt_tail: re.Pattern | None
    range_sep: re.Pattern
    from_to: re.Pattern
    from_markers: tuple[str, ...]
    since: tuple[str, ...]
    comparison_base: re.Pattern  # '比“十一五”期间', '较2016年', '是2010年的': a time that is a comparison base
    integer_units: frozenset[str]  # counts of whole things ('所', '个'): '3. 5所' is list item 3, not 3.5 schools


def _compile(words: Words) -> _Grammar:
    unc = _alternation(words.uncertain_decimal_points)
    gap = r"[ ]{1,2}\.[ ]{0,2}|\.[ ]{1,2}" + (rf"|[ ]{{0,2}}(?:{unc})[ ]{{0,2}}" if unc else "")
    markers = tuple(m for m in words.corruption_markers if m)
    # a number starts after anything but a digit or a point; '□.5': a point after a corruption marker too
    after_marker = "".join(f"|(?<={re.escape(m)}\\.)" for m in markers)
    token = re.compile(rf"(?:(?<![\d.]){after_marker})(\d+)(?:(\.\d+)(?![\d])|(?P<gap>{gap})(?P<frac>\d+)(?![\d])(?!\.\d))?")
    mk = _alternation(markers)
    corrupt_tail = re.compile(rf"(?:\.?(?:{mk})+[ ]?(?:\d+(?:\.\d+)?)?)+") if mk else None
    seps = _alternation(words.range_separators) or "-"
    verbs = _alternation(words.from_to_verbs) or r"(?!)"
    std = _alternation(words.standard_markers)
    # '提高到80%', '降至2014年的21.7/10万', '提高到每人每年45元': the window before a 'to' value
    from_to = re.compile(rf"(?:{verbs})\s*(?:(?:19|20)\d{{2}}\s*年(?:底|末)?\s*)?(?:的)?\s*" + (rf"(?:{std})?" if std else "") + r"\s*$")
    return _Grammar(
        words, tuple(sorted(words.comparator_before.items(), key=lambda kv: -len(kv[0]))), token, markers, corrupt_tail,
        re.compile(rf"^\s*(?:{seps})\s*$"), from_to, tuple(words.from_markers), tuple(words.year_since_markers),
        re.compile(rf"(?:{_alternation(words.comparison_markers) or '(?!)'})\s*[“\"]?(?:十.五[”\"]?(?:末|期间)?|(?:19|20)\d{{2}}\s*年(?:末|底)?)"),
        frozenset(words.integer_units))


_GRAMMARS: dict[int, tuple[Words, _Grammar]] = {}


def _grammar(words: Words) -> _Grammar:
    """The compiled grammar of a word list, compiled once per Words object."""
    hit = _GRAMMARS.get(id(words))
    if hit is None or hit[0] is not words:
        if len(_GRAMMARS) > 16:
            _GRAMMARS.clear()
        hit = _GRAMMARS[id(words)] = (words, _compile(words))
    return hit[1]


# ---------------------------------------------------------------- tokens: the numbers of a line
@dataclass
class _Tok:
    start: int
    end: int  # span in the line as written (with a spaced point or corruption markers)
    value: str  # canonical decimal ('92.4'); '' for corrupted digits
    form: str = "plain"  # plain | spaced | uncertain | datelike | corrupted
    doubt: str | None = None
    quoted: bool = False
    lead_marker_only: bool = False  # corrupted: a marker before the digits, none after or inside

    def text(self, line: str) -> str:
        return line[self.start:self.end]


def unit_after(after: str, words: Words) -> str | None:
    s = after.lstrip()
    for unit in words.units:
        if s.startswith(unit):
            return unit
    return None


def _start_of(text: str, pos: int, first_non_ws: int) -> str | None:
    """'line' when only spaces stand before pos in the line, 'clause' when only spaces stand between
    a clause break and pos, else None."""
    if pos <= first_non_ws:
        return "line"
    j = pos - 1
    while j >= 0 and text[j] == " " and pos - j <= 8:
        j -= 1
    return "clause" if text[j] in _CLAUSE_END else None


def _unit_at(text: str, pos: int, words: Words) -> str | None:
    window = text[pos:pos + _W]
    if m := _APPROX.match(window):
        window = window[m.end():]
    return unit_after(window, words)


def _tokens(text: str, g: _Grammar) -> list[_Tok]:
    """Every number of the line, in order, with spaced / uncertain decimals joined and corrupted
    digits marked. One scan; each decision looks at a bounded window."""
    out: list[_Tok] = []
    pos = 0
    words = g.words
    first_non_ws = len(text) - len(text.lstrip())
    while m := g.token.search(text, pos):
        start, int_end = m.start(), m.end(1)
        gap = m.group("gap")
        tok = None
        if gap is not None:
            integer, frac = m.group(1), m.group("frac")
            value, at = f"{integer}.{frac}", _start_of(text, start, first_non_ws)
            unit = _unit_at(text, m.end(), words)
            if "." in gap:  # '92. 4%', '385 .6万人': a decimal point with spaces, from PDF conversion
                if at is None:
                    if _DATE_LIKE_YEAR.fullmatch(integer) and len(frac) <= 2 and 1 <= int(frac) <= 12:
                        if unit:
                            tok = _Tok(start, m.end(), value, "spaced", f"'{m.group()}' may be a date (year.month) or a decimal")
                        else:
                            tok = _Tok(start, m.end(), value, "datelike")
                    else:
                        tok = _Tok(start, m.end(), value, "spaced")
                elif at == "clause" and unit and unit not in g.integer_units:
                    # ':1. 5%' after a clause break: list item 1 and 5 %, or 1.5 %; a count ('3. 5所') is list item 3
                    tok = _Tok(start, m.end(), value, "spaced", f"'{m.group()}' may be a list number and a value, or a decimal")
            elif at != "line" and unit:
                # '92。4%', '92·4%': perhaps a decimal point, perhaps two numbers
                tok = _Tok(start, m.end(), value, "uncertain", f"decimal point written as '{gap.strip()}' in '{m.group()}'")
            if tok is None:
                tok = _Tok(start, int_end, integer)
        else:
            tok = _Tok(start, m.end(), m.group())
        # digits touching a corruption marker: '3?2万套', '3�2', '□5%'
        if g.markers and (touch := _touches_marker(text, tok, g)):
            end = tok.end
            if g.corrupt_tail and (t := g.corrupt_tail.match(text, end)):
                end = t.end()
            # '??2023年4月23日': a marker only before the digits leaves them readable as a date etc.
            lead_only = touch == "before" and end == tok.end
            tok = _Tok(tok.start, end, tok.value if lead_only else "", "corrupted", lead_marker_only=lead_only)
        out.append(tok)
        pos = tok.end
    return out


def _touches_marker(text: str, tok: _Tok, g: _Grammar) -> str | None:
    """'after' when a corruption marker follows the digits (directly or after a point), 'before'
    when one precedes them, else None."""
    s, e = tok.start, tok.end
    if any(text.startswith(mk, e) or (text.startswith(".", e) and text.startswith(mk, e + 1)) for mk in g.markers):
        return "after"
    if any(text.endswith(mk, 0, s) or (s > 0 and text[s - 1] == "." and text.endswith(mk, 0, s - 1)) for mk in g.markers):
        return "before"
    return None


def _quote_flags(text: str, starts: list[int]) -> list[bool]:
    """Whether each position is inside a title or quotation: after an opening mark with no closing
    mark since ('《…', '“…'), or after an odd number of '"'. One scan of the line."""
    left = {a: i for i, (a, _b) in enumerate(_QUOTES)}
    right = {b: i for i, (_a, b) in enumerate(_QUOTES)}
    open_ = [False] * len(_QUOTES)
    parity = 0
    marks = [(m.start(), m.group()) for m in _QUOTE_CHARS.finditer(text)]
    out, k = [], 0
    for s in starts:
        while k < len(marks) and marks[k][0] < s:
            ch = marks[k][1]
            if ch == '"':
                parity ^= 1
            elif ch in left:
                open_[left[ch]] = True
            else:
                open_[right[ch]] = False
            k += 1
        out.append(parity == 1 or any(open_))
    return out


# ---------------------------------------------------------------- exclusions
_FOOTNOTE = re.compile(r"^\s*(?:注\s*[:：]\s*)?\d+\s*[.．、]\s*指")
_X_LIST_AFTER = re.compile(r"^\s*[.．、]")
_X_OPEN_PAREN = re.compile(r"[(（]\s*$")
_X_CLOSE_PAREN = re.compile(r"^\s*[)）]")
_X_YEAR_UNIT = re.compile(r"^\s*年")
_YEAR4 = re.compile(r"(?:19|20)\d{2}")
_X_PER_UNIT_BEFORE = re.compile(r"\d\s*/$")
_X_WAN = re.compile(r"^\s*万")
_X_DATE_AFTER = re.compile(r"^\s*(?:月|日|时|点|:\d)")
_X_DATE_AFTER2 = re.compile(r"^[-./]\d{1,2}[-./]\d")
_X_DATE_BEFORE = re.compile(r"\d[-./]\d{1,2}[-./]$")
_X_YEAR_DASH_BEFORE = re.compile(r"(?:19|20)\d{2}[-.]$")
_X_MONTH_AFTER = re.compile(r"^[-.]\d{1,2}(?!\d)")
_X_YEAR_SPAN = re.compile(r"^\s*[-—~至]\s*(?:19|20)\d{2}")
_X_DOC_OPEN = re.compile(r"[〔\[【(（]\s*$")
_X_DOC_CLOSE = re.compile(r"^\s*[〕\]】)）]")
_X_HAO = re.compile(r"^\s*号")
_X_DOC_BEFORE = re.compile(r"[〕\]】]\s*$")
_X_ANNIV = re.compile(r"^\s*周年")
_X_PHONE_BEFORE = re.compile(r"(?:电话|传真|邮编|邮政编码|热线|ICP|备|网站标识码)[^\d]{0,6}$")
_X_GRADE_BEFORE = re.compile(r"\d\s*[-—~至]\s*$")
_X_GRADE = re.compile(r"^\s*级")
_X_GRADE2 = re.compile(r"^\s*(?:[-—~至]\s*\d+\s*)?级")
_X_DENG = re.compile(r"等\s*$")
_X_KINDS = re.compile(r"^\s*(?:类|项|个|种|大|方面)")
_X_ITEMS_AFTER = re.compile(r"^\s*(?:个|项)(?:基本)?(?:公共)?服务项目")
_X_ITEMS_BEFORE = re.compile(r"服务项目\s*(?:共|有)?\s*$")


@dataclass
class _Line:
    text: str
    footnote: bool
    first_non_ws: int  # index of the first non-space character
    first_non_note: int  # index of the first character that is not ' 注:：'


def _exclusion(line: _Line, tok: _Tok) -> str | None:
    """Why the number tok is not a quantity, or None. Looks at most _W characters either side."""
    if tok.form == "corrupted":
        if tok.lead_marker_only:  # a date or a document number after a stray marker stays what it is
            plain = _exclusion(line, _Tok(tok.start, tok.end, tok.value, quoted=tok.quoted))
            if plain is not None:
                return plain
        return CORRUPTED
    if tok.form == "datelike":
        return "year or date"
    text, start, end = line.text, tok.start, tok.end
    num = tok.value
    before, after = text[max(0, start - _W):start], text[end:end + _W]
    if line.footnote:
        return "list numbering" if start <= line.first_non_note else "definition in a footnote"
    if _X_LIST_AFTER.match(after) and start <= line.first_non_ws:
        return "list numbering"
    if _X_OPEN_PAREN.search(before) and _X_CLOSE_PAREN.match(after):
        return "list numbering"
    is_year = _YEAR4.fullmatch(num) is not None
    if _X_YEAR_UNIT.match(after) and is_year:
        return "year or date"
    if _X_PER_UNIT_BEFORE.search(before) and _X_WAN.match(after):
        return "part of a unit (/10万)"
    if _X_DATE_AFTER.match(after) or _X_DATE_AFTER2.match(after) \
            or _X_DATE_BEFORE.search(before) or _X_YEAR_DASH_BEFORE.search(before) \
            or (is_year and _X_MONTH_AFTER.match(after)):
        return "year or date"
    if is_year and _X_YEAR_SPAN.match(after):
        return "year or date"
    if _X_DOC_OPEN.search(before) and _X_DOC_CLOSE.match(after) and is_year:
        return "document number"
    if _X_HAO.match(after) or _X_DOC_BEFORE.search(before):
        return "document number"
    if before.endswith("第"):
        return "ordinal"
    if _X_ANNIV.match(after):
        return "anniversary"
    if len(num.split(".")[0]) >= 7 or _X_PHONE_BEFORE.search(before) or "@" in after[:3]:
        return "phone, postal code or identifier"
    if _X_GRADE_BEFORE.search(before) and _X_GRADE.match(after) or _X_GRADE2.match(after):
        return "grade or level"
    if _X_DENG.search(before) and _X_KINDS.match(after):
        return "count of items in a list description"
    if _X_ITEMS_AFTER.match(after) or _X_ITEMS_BEFORE.search(before):
        return "count of items in a list description"
    if tok.quoted:
        return "inside a title or quoted name"
    return None


def exclusion(text: str, start: int, end: int) -> str | None:
    """Why the number text[start:end] is not a quantity, or None (one number, outside a line scan)."""
    quoted = _quote_flags(text, [start])[0]
    tok = _Tok(start, end, text[start:end], quoted=quoted)
    return _exclusion(_line_of(text), tok)


def _line_of(text: str) -> _Line:
    return _Line(text, _FOOTNOTE.match(text) is not None, len(text) - len(text.lstrip()),
                 len(text) - len(text.lstrip(" 注:：")))


# ---------------------------------------------------------------- units, comparators, names
def comparator_of(before: str, after_unit: str, words: Words, ordered: tuple[tuple[str, str], ...] | None = None) -> str:
    tail = after_unit.lstrip()[:3]
    for word, comp in words.comparator_after.items():
        if tail.startswith(word):
            return comp
    ordered = ordered or tuple(sorted(words.comparator_before.items(), key=lambda kv: -len(kv[0])))
    before = before[-_W:].rstrip()
    for word, comp in ordered:
        if before.endswith(word):
            return comp
    near = before[-6:]  # '至少办好1所': the comparator may stand just before the verb
    for word, comp in ordered:
        if len(word) >= 2 and word in near:
            return comp
    return "="


@lru_cache(maxsize=64)
def _tail_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """One regex for 'ends with one of these words': its leftmost match is the longest such word."""
    words = tuple(w for w in words if w)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r")\Z") if words else None


def _strip_tail(text: str, words: tuple[str, ...]) -> str:
    """Strip the words (verbs, fillers) written at the end of a name, repeatedly, longest first."""
    pattern = _tail_pattern(words)
    while pattern is not None and text and (m := pattern.search(text)):
        text = text[: m.start()].rstrip()
    return text


_HEAD_YEAR = re.compile(r"^(?:到|至)?\s*(?:19|20)\d{2}\s*年(?:底|末)?\s*")
_HEAD_PERIOD = re.compile(r"^(?:到|在)?\s*[“\"]?十.五[”\"]?(?:末|期间|时期)?\s*")


def _strip_head(text: str, words: tuple[str, ...]) -> str:
    changed = True
    while changed and text:
        changed = False
        text = _HEAD_YEAR.sub("", text)
        text = _HEAD_PERIOD.sub("", text)
        for w in words:
            if text.startswith(w):
                text = text[len(w):].lstrip()
                changed = True
                break
    return text


_CLEAN_OPEN = re.compile(r"^[)）\]】”]+")
_CLEAN_PAREN = re.compile(r"^[(（]\s*(?:其中)?")
_PAREN_GROUP = re.compile(r"[(（][^()（）]*[)）]")
_CLEAN_CHARS = " 、,，;；:：和及与或的"


def _clean(name: str) -> str:
    name = name.strip(_CLEAN_CHARS)
    name = _CLEAN_OPEN.sub("", name)
    name = _CLEAN_PAREN.sub("", name) if name.count("(") + name.count("（") > name.count(")") + name.count("）") else name
    return name.strip(_CLEAN_CHARS)


def name_before(window: str, words: Words) -> str:
    """Measured thing written before the number: '城镇登记失业率控制在' -> '城镇登记失业率'."""
    per_unit = tuple(m for m in words.standard_markers if m.startswith(("每", "/")))
    name = _strip_tail(window.strip(" 、,，"), words.lead_verbs + per_unit)
    name = _strip_tail(name, words.lead_verbs)
    name = _strip_head(name, words.fillers)
    name = _clean(name)
    if len(name) > 40:
        name = _PAREN_GROUP.sub("", name)
    return name[-40:]


_NOUN_QUAL = re.compile(r"^(?:以上|以下|以内|左右)")


def noun_after(after_unit: str) -> str:
    """Noun counted by a number written before it: '名家庭经济困难学生提供补助' (unit removed)."""
    s = after_unit.lstrip()
    s = _NOUN_QUAL.sub("", s)
    if s.startswith("的"):
        s = s[1:]
    return _clean(s)[:30]


# ---------------------------------------------------------------- context: kind and year
def period_end_of(text: str) -> int | None:
    if m := _CN_PERIOD.search(text):
        return five_year_period(10 + _CN[m.group(1)])[1]
    return None


def _names_past_period(text: str, doc: DocInfo) -> bool:
    """'“十二五”以来' in a 13th-plan document: a period that ended before this plan began."""
    return any(five_year_period(10 + _CN[c])[1] < (doc.period_start or 0) for c in _CN_PERIOD.findall(text))


class _Spans:
    """Overlap test against sorted, disjoint spans, for queries in increasing order (one pass)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans, self.k = spans, 0

    def __call__(self, s: int, e: int) -> bool:
        while self.k < len(self.spans) and self.spans[self.k][1] <= s:
            self.k += 1
        return self.k < len(self.spans) and self.spans[self.k][0] < e


@dataclass
class _SentenceFacts:
    past: bool
    standard: bool
    future_year: int | None


def _sentence_facts(sentence: str, section: str | None, doc: DocInfo, words: Words, g: _Grammar | None = None,
                    quoted: frozenset[int] | set[int] = frozenset(), offset: int = 0) -> _SentenceFacts:
    """Facts of a whole sentence, once per sentence. `quoted`: starts (in the line, `offset` = the
    sentence's start) of numbers inside a title or quotation."""
    past = section == "baseline" or any(m in sentence for m in words.past_markers) or _names_past_period(sentence, doc)
    standard = any(m in sentence for m in words.standard_markers)
    in_base = _Spans([m.span() for m in g.comparison_base.finditer(sentence)] if g else [])
    future = None
    for m in _YEAR_IN.finditer(sentence):
        y = int(m.group(1))
        if future is None and (doc.period_start is None or y >= doc.period_start) \
                and offset + m.start(1) not in quoted and not in_base(*m.span()):
            future = y  # the first future year of the sentence, not one in a title or a comparison base
        # '2015年以来' in a plan that starts in 2016: a time up to now, told in the past
        if not past and doc.period_start is not None and y < doc.period_start \
                and sentence.startswith(words.year_until_now_markers, m.end()):
            past = True
    return _SentenceFacts(past, standard, future)


@dataclass
class _ClauseYears:
    """Times written in a clause, once per clause: positions are absolute in the line."""

    periods: list[tuple[int, int]]  # (end, period end year) of '十X五' outside comparison bases
    past_years: list[tuple[int, int]]  # (end, year) of 'YYYY年' outside comparison bases, before the plan
    governing: list[tuple[int, int]]  # (end, year) that can date the value written after them
    first_period_at: int | None  # start of the first '十X五' (comparison bases included)


def _clause_years(text: str, c_start: int, c_end: int, doc: DocInfo, quoted_years: set[int], g: _Grammar) -> _ClauseYears:
    clause = text[c_start:c_end]
    bases = [m.span() for m in g.comparison_base.finditer(clause)]
    period_in_base, year_in_base = _Spans(bases), _Spans(bases)
    periods, past, gov = [], [], []
    first_period = None
    for m in _CN_PERIOD.finditer(clause):
        if first_period is None:
            first_period = c_start + m.start()
        if not period_in_base(*m.span()):
            periods.append((c_start + m.end(), five_year_period(10 + _CN[m.group(1)])[1]))
    for m in _YEAR_IN.finditer(clause):
        if year_in_base(*m.span()):
            continue
        y, end = int(m.group(1)), c_start + m.end()
        rest = text[end:end + 6]
        since = rest.startswith(g.since) if g.since else False
        if (doc.period_start is None or y < doc.period_start) and not since:
            past.append((end, y))
        if since or (c_start + m.start(1)) in quoted_years or _YEAR_RANGE_AFTER.match(rest):
            continue  # '2015年以来', '《2016年…》', '2016年至2020年' (the period end dates the value)
        gov.append((end, y))
    return _ClauseYears(periods, past, gov, first_period)


def _last_before(items: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    k = bisect.bisect_right(items, (pos, 10**9))
    return items[k - 1] if k else None


def _kind_and_year(sf: _SentenceFacts, tail: str, unit: str, doc: DocInfo, words: Words, cy: _ClauseYears,
                   pos: int, governing: int | None) -> tuple[str, int | None]:
    """value_kind and year of a number from its sentence, the words before it, and its section.

    Past statements (an achievements section, a past marker, a period that ended before the plan)
    take the time named in their own clause before the number ('从“十一五”末的74岁' -> 2010), else the
    year before the plan period. Future ones take a year written in their own clause directly before
    them ('2018年达到…'; a year before the plan makes the value a baseline), else the first future
    year of the sentence ('到2020年'), else the plan's end year (an annual plan: its year)."""
    tail = tail.rstrip()
    if unit == "个百分点" or any(tail.endswith(v) or tail.endswith(v + "了") for v in words.change_verbs):
        kind = "increment"
    elif unit.startswith("元") and sf.standard:
        kind = "standard"
    else:
        kind = None
    past = sf.past
    kind = kind or ("baseline" if past else "target")
    if past:
        period = cy.periods[0] if cy.periods and cy.periods[0][0] <= pos else None
        if period and (doc.period_start is None or period[1] < doc.period_start):
            return kind, period[1]
        if hit := _last_before(cy.past_years, pos):
            return kind, hit[1]
        return kind, (doc.period_start - 1) if doc.period_start else None
    if governing is not None:
        if doc.period_start is not None and governing < doc.period_start and kind == "target":
            kind = "baseline"
        return kind, governing
    if doc.plan_kind == "annual_plan" and doc.period_end:
        return kind, doc.period_end
    return kind, sf.future_year if sf.future_year is not None else doc.period_end


def kind_and_year(sentence: str, before: str, unit: str, section: str | None, doc: DocInfo, words: Words,
                  clause_before: str = "") -> tuple[str, int | None]:
    """kind_and_year of a number written after `before` in `sentence` (`clause_before`: its clause up to it)."""
    g = _grammar(words)
    cy = _clause_years(clause_before, 0, len(clause_before), doc, set(), g)
    return _kind_and_year(_sentence_facts(sentence, section, doc, words, g), before[-_W:], unit, doc, words, cy,
                          len(clause_before), None)


# ---------------------------------------------------------------- sentences and clauses
def _sentence_spans(text: str, protected: set[int]) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() in protected:
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _clause_spans(text: str, s_start: int, s_end: int, protected: set[int]) -> list[tuple[int, int]]:
    """Clauses of text[s_start:s_end]: split at ，；。: outside parentheses."""
    out, start, depth = [], s_start, 0
    for m in _CLAUSE_SPLIT.finditer(text, s_start, s_end):
        ch, i = m.group(), m.start()
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and i not in protected:
            if i > start:
                out.append((start, i))
            start = i + 1
    if start < s_end:
        out.append((start, s_end))
    return out


def clauses(text: str) -> list[tuple[int, str]]:
    return [(s, text[s:e]) for s, e in _clause_spans(text, 0, len(text), set())]


def sentences(text: str) -> list[tuple[int, int, str]]:
    return [(s, e, text[s:e]) for s, e in _sentence_spans(text, set())]


# ---------------------------------------------------------------- one clause
@dataclass
class _Num:
    tok: _Tok
    reason: str | None = None
    unit: str | None = None
    approx: bool = False  # '2400多个', '30余万人'
    au: int = -1  # where the text after the unit starts (absolute)
    k_live: int = -1  # position among the clause's values


def _classify(line: _Line, toks: list[_Tok], c_end: int, g: _Grammar) -> list[_Num]:
    """Phase 1: exclusion, unit and qualifier of every number in a clause."""
    text, words = line.text, g.words
    nums = [_Num(t) for t in toks]
    for i, n in enumerate(nums):
        n.reason = _exclusion(line, n.tok)
        if n.reason:
            continue
        p = n.tok.end
        after = text[p:min(p + _W, c_end)]
        if m := _APPROX.match(after):
            n.approx = True
            p += m.end()
            after = text[p:min(p + _W, c_end)]
        n.unit = unit_after(after, words)
        if n.unit is None and i + 1 < len(nums):
            nxt = nums[i + 1]
            if g.range_sep.match(text[n.tok.end:nxt.tok.start]):
                n.unit = unit_after(text[nxt.tok.end:min(nxt.tok.end + _W, c_end)], words)  # '3-5万人': the unit is written once
        if n.unit is None:
            if _PHONE_AFTER.match(after):
                n.reason = "phone, postal code or identifier"
            continue
        lead = len(after) - len(after.lstrip())
        n.au = p + lead + len(n.unit) if after[lead:].startswith(n.unit) else p
        if n.unit in ("岁", "周岁") and _AGE_QUALIFIER.match(text[n.au:min(n.au + _W, c_end)]) \
                and not _AGE_CHANGE.match(text[n.au:min(n.au + _W, c_end)]):
            n.reason = "age qualifier of a target group"
    for a, b in zip(nums, nums[1:]):  # '0—6岁儿童': the lower bound shares the qualifier
        if not a.reason and b.reason == "age qualifier of a target group" and g.range_sep.match(text[a.tok.end:b.tok.start]):
            a.reason = b.reason
    return nums


@dataclass
class _Run:
    """Values of one statement list: 'A、B分别达到X和Y' (slots X, Y), or the 'from' values of
    '分别由X1、X2提高到Y1、Y2'. A slot holds one value, or the two bounds of a range."""

    base: str
    slots: list[list[int]]  # indices into the clause's quantities
    has_from: bool = False
    parts: list[str] = field(default_factory=list)


@dataclass
class _ToRun:
    """The 'to' values of a from→to statement: the i-th goes with the i-th 'from' slot."""

    source: _Run
    i: int = 0
    governing: int | None = None


def _qualifier_len(after_unit: str, words: Words) -> int:
    """Length of a comparator written after the unit ('以上', '左右'), with the spaces before it."""
    s = after_unit.lstrip()
    word = next((w for w in words.comparator_after if s.startswith(w)), "")
    return len(after_unit) - len(s) + len(word) if word else 0


def _is_from_to(window: str, g: _Grammar) -> bool:
    """'提高到', '逐步降至2014年的': the window between a 'from' and a 'to' value. Not when a new name
    stands before the verb ('A达到75%、B提高到50%' is two statements)."""
    m = g.from_to.search(window)
    if m is None:
        return False
    lead = window[:m.start()].strip(" ,，")
    return "、" not in lead and len(lead) <= 6


def _last_from(window: str, markers: tuple[str, ...]) -> int:
    return max((window.rfind(m) for m in markers), default=-1)


def _clause_quantities(line: _Line, toks: list[_Tok], c_start: int, c_end: int, sf: _SentenceFacts, s_start: int,
                       doc: DocInfo, g: _Grammar, group: int, mentions: list[Mention]) -> tuple[list[Quantity], int]:
    text, words = line.text, g.words
    clause = text[c_start:c_end]
    nums = _classify(line, toks, c_end, g)
    live = [n for n in nums if not n.reason and n.unit]
    cy = _clause_years(text, c_start, c_end, doc, {t.start for t in toks if t.quoted}, g)
    respectively = "分别" in clause

    def noun_at(n: _Num, stop: int | None) -> str:
        end = min(c_end, n.au + _W_NOUN) if stop is None else min(stop, n.au + _W_NOUN)
        return noun_after(text[n.au:end] if end > n.au else "")

    # orientation: '完成2个A、1个B' (number before its noun) or 'A2个、B1个' (name before number)
    number_first = False
    if live:
        first = live[0]
        head = name_before(text[c_start:first.tok.start], words)
        noun0 = noun_at(first, live[1].tok.start if len(live) > 1 else None)
        per_unit = _PER_UNIT_HEAD.search(head)  # '每个县至少办好1所优质普通高中'
        number_first = bool(noun0) and (not head or (len(head) <= 2 and len(noun0) >= 3) or bool(per_unit))

    qs: list[Quantity] = []
    gov_of: list[int | None] = []  # the year written directly before each value (or its list's)
    run: _Run | None = None  # the list the last value belongs to
    to: _ToRun | None = None  # set while reading the 'to' values of a from→to statement
    prev_end = c_start
    prev_live_start = -1
    for k_live, n in enumerate(live):
        n.k_live = k_live
    for n in nums:
        tok = n.tok
        raw = tok.text(text)
        if n.reason:
            mentions.append(Mention(tok.start, tok.end, raw, "excluded", n.reason))
            continue
        if n.unit is None:
            mentions.append(Mention(tok.start, tok.end, raw, "unclassified", "number without a known unit"))
            continue
        unit = n.unit
        window = text[prev_end:tok.start] if prev_end < tok.start else ""
        nxt = live[n.k_live + 1] if n.k_live + 1 < len(live) else None
        after_unit = text[n.au:min(n.au + _W, c_end)]
        comparator = ">=" if n.approx else comparator_of(window, after_unit, words, g.comparator_before)
        verb = _strip_head(_strip_tail(window.strip(" 、,，"), words.lead_verbs), words.fillers)
        noun = noun_at(n, nxt.tok.start if nxt else None)
        if number_first and noun:
            lead_verb = verb if (n is live[0] and len(verb) <= 6) else ""
            name, confidence = _clean(lead_verb + noun), "medium"
        else:
            name, confidence = name_before(window, words), "high"
            if not name:
                name, confidence = noun, "medium"
        if not name:
            name, confidence = _clean(text[c_start:min(c_end, c_start + _W_LABEL)].replace(raw, "")[:30]), "low"
        elif _LOW_NAME_END.search(name):
            confidence = "low"
        # a year written in the clause directly before the value, with no other value between them
        hit = _last_before(cy.governing, tok.start)
        governing = hit[1] if hit and hit[0] > prev_live_start else None
        tail = text[max(s_start, tok.start - _W):tok.start]
        kind, year = _kind_and_year(sf, tail, unit, doc, words, cy, tok.start, governing)
        doubt = tok.doubt
        prev = len(qs) - 1 if qs else None
        prev_slot = run.slots[-1] if run is not None and to is None and prev is not None and prev in run.slots[-1] else None
        connector = prev is not None and _CONNECTOR.match(window) is not None
        if prev is not None and _is_from_to(window, g):
            # '由45元提高到50元', '从74岁提高到76.5岁': the value before is the starting point.
            # '分别由X1、X2提高到Y1、Y2': the first 'to' value goes with the first 'from' value.
            if prev_slot is not None and run.has_from and len(run.slots) > 1:
                source = run
            else:
                slot = prev_slot if prev_slot is not None and len(run.slots) == 1 else [prev]
                source = _Run(qs[slot[0]].name, [slot])
            _close(qs, to)
            to, run = _ToRun(source, 0, governing), None
            name, grp, confidence, kind, year = _pair(qs, gov_of, source.slots[0], kind, year, governing, doc, cy, tok.start)
        elif connector and to is not None:
            to.i += 1
            if governing is None:
                governing = to.governing
            if to.i < len(to.source.slots):
                name, grp, confidence, kind, year = _pair(qs, gov_of, to.source.slots[to.i], kind, year, governing, doc,
                                                          cy, tok.start)
            else:  # more 'to' values than 'from' values: which goes with which is not certain
                group += 1
                grp = group
                name = f"{to.source.base}(第{to.i + 1}项)"
                doubt = doubt or "more 'to' values than 'from' values in one from→to statement"
        elif connector and run is not None:
            # 'A、B分别达到X和Y' / 'X和Y': a further value of the same list, a statement of its own
            k = len(run.slots)
            if k == 1:
                run.parts = [p for p in _LIST_SPLIT.split(run.base) if p]
            if governing is None and gov_of[run.slots[0][0]] is not None:
                governing = gov_of[run.slots[0][0]]  # '2015年A、B分别为X和Y': the list shares its year
                kind, year = _kind_and_year(sf, tail, unit, doc, words, cy, tok.start, governing)
            if respectively and len(run.parts) > k:
                name = f"{run.base}({run.parts[k]})"
                if k == 1:
                    for j in run.slots[0]:
                        qs[j] = replace(qs[j], name=f"{run.base}({run.parts[0]})")
            else:
                name = f"{run.base}(第{k + 1}项)"
            confidence, group = "medium", group + 1
            grp = group
            run.slots.append([])
        elif prev is not None and g.range_sep.match(window):
            # '3万至10万人': one statement, a lower and an upper bound
            p = qs[prev]
            qs[prev] = replace(p, unit=unit, comparator=">=")
            name, grp, comparator, kind, year, confidence = p.name, p.group, "<=", p.value_kind, p.year, p.confidence
            doubt = doubt or p.doubt
            governing = gov_of[prev]
        else:
            group += 1
            grp = group
            has_from = False
            if (idx := _last_from(window, g.from_markers)) >= 0:
                name = name_before(window[:idx], words) or name
                has_from = True
            _close(qs, to)
            run, to = _Run(name, [[]], has_from), None
        if doubt:
            confidence = "low"
        qs.append(Quantity(name, Decimal(tok.value), unit, comparator, kind, year, confidence, clause, c_start, grp,
                           doubt, tok.start, tok.end))
        gov_of.append(governing)
        if run is not None and to is None and (not run.slots[-1] or qs[run.slots[-1][0]].group == grp):
            run.slots[-1].append(len(qs) - 1)
        mentions.append(Mention(tok.start, tok.end, raw, "captured", kind))
        prev_end = n.au + _qualifier_len(after_unit, words)  # '75%左右、B…': the qualifier is not B's name
        prev_live_start = tok.start
    _close(qs, to)
    return _one_value_per_slot(qs, group)


def _close(qs: list[Quantity], to: _ToRun | None) -> None:
    """End of the 'to' values: 'from' values left without a 'to' value ('分别由X1、X2提高到Y1') are not
    certain to be starting points of their own statement."""
    if to is None:
        return
    for slot in to.source.slots[to.i + 1:]:
        for j in slot:  # a starting point (由…) whose end is not written: its year is not known
            qs[j] = replace(qs[j], value_kind="baseline", year=None, confidence="low",
                            doubt=qs[j].doubt or "fewer 'to' values than 'from' values in one from→to statement")


def _pair(qs: list[Quantity], gov_of: list[int | None], slot: list[int], kind: str, year: int | None,
          governing: int | None, doc: DocInfo, cy: _ClauseYears, pos: int):
    """Make the values of `slot` the starting point of a from→to statement; return the 'to' value's
    (name, group, confidence, kind, year)."""
    first = qs[slot[0]]
    to_kind = "baseline" if kind == "baseline" else "target"
    if governing is not None:  # '降至2014年的21.7/10万'
        to_year = governing
        if doc.period_start is not None and governing < doc.period_start:
            to_kind = "baseline"
    else:
        to_year = doc.period_start - 1 if to_kind == "baseline" and doc.period_start else year
    for j in slot:
        p = qs[j]
        written = gov_of[j]
        if written is not None:  # '由2010年65%'
            start_year = written
        else:
            start_year = p.year if p.value_kind == "baseline" else (doc.period_start - 1 if doc.period_start else p.year)
            if (p.value_kind == "baseline" and doc.period_start and p.year == doc.period_start - 1
                    and doc.plan_kind == "five_year_plan" and not (cy.first_period_at is not None and cy.first_period_at < pos)):
                start_year = doc.period_start - 6  # achievements '由X提高到Y' run over the previous period
        if to_kind == "baseline" and start_year == to_year and start_year is not None:
            # the same year for the start and the end of a change: a year that was not written is not known
            from_stated = written is not None or any(times and times[0][0] <= p.start for times in (cy.periods, cy.past_years))
            if governing is None and from_stated:
                to_year = None
            elif not (governing is not None and from_stated):
                start_year = None
        qs[j] = replace(p, comparator="=" if len(slot) == 1 else p.comparator, value_kind="baseline", year=start_year)
    return first.name, first.group, first.confidence, to_kind, to_year


def _one_value_per_slot(qs: list[Quantity], group: int) -> tuple[list[Quantity], int]:
    """Within one statement no two values share (value_kind, comparator, year). Where the grammar
    produced such a pair, the later value becomes a statement of its own, with low confidence."""
    seen: dict[int, set] = {}
    out = []
    for q in qs:
        key = (q.value_kind, q.comparator, q.year)
        keys = seen.setdefault(q.group, set())
        if key in keys:
            group += 1
            q = replace(q, group=group, confidence="low",
                        doubt=q.doubt or f"a second {q.value_kind} value ({q.comparator}, {q.year or 'no year'}) in one statement")
            seen[group] = {key}
        else:
            keys.add(key)
        out.append(q)
    return out, group


# ---------------------------------------------------------------- one line
def extract_line(text: str, section: str | None, doc: DocInfo, words: Words) -> tuple[list[Quantity], list[Mention]]:
    g = _grammar(words)
    toks = _tokens(text, g)
    for t, quoted in zip(toks, _quote_flags(text, [t.start for t in toks])):
        t.quoted = quoted
    line = _line_of(text)
    protected = {i for t in toks if t.form in ("uncertain", "corrupted") for i in range(t.start, t.end)}
    quoted = {t.start for t in toks if t.quoted}
    quantities: list[Quantity] = []
    mentions: list[Mention] = []
    group = 0
    ti = 0
    for s_start, s_end in _sentence_spans(text, protected):
        sf = None
        for c_start, c_end in _clause_spans(text, s_start, s_end, protected):
            while ti < len(toks) and toks[ti].start < c_start:
                ti += 1
            tj = ti
            while tj < len(toks) and toks[tj].start < c_end:
                tj += 1
            if tj == ti:
                continue
            if sf is None:
                sf = _sentence_facts(text[s_start:s_end], section, doc, words, g, quoted, s_start)
            qs, group = _clause_quantities(line, toks[ti:tj], c_start, c_end, sf, s_start, doc, g, group, mentions)
            ti = tj
            quantities.extend(qs)
    return _renumber(quantities), mentions


def _renumber(quantities: list[Quantity]) -> list[Quantity]:
    """Groups numbered 1.. in the order their first value is written."""
    ids: dict[int, int] = {}
    out = []
    for q in quantities:
        if q.group not in ids:
            ids[q.group] = len(ids) + 1
        out.append(replace(q, group=ids[q.group]) if ids[q.group] != q.group else q)
    return out
