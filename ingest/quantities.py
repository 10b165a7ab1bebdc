"""Quantified statements in prose: '城镇登记失业率控制在4.1%以内', '新、改扩建城乡公办幼儿园15所'.

One pass over each clause (text between ，；。). Every Arabic number is either
- excluded, with a reason (a date, a document number, list numbering, a phone number …),
- captured as a value with a name, unit, comparator, kind and year, or
- left unclassified (no unit), so coverage can be counted.

Word lists (units, comparators, verbs, markers) are reviewed data in seeds/reference; this module
holds only the grammar. Pure functions over one normalised line at a time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .metadata import five_year_period

NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")
_CLAUSE_END = "，,；;。!！?？:：\t"
_QUOTES = (("“", "”"), ("《", "》"), ("\"", "\""), ("<", ">"), ("〈", "〉"))
_CN_PERIOD = re.compile(r"十([一二三四五六七八九])五")
_CN = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_YEAR_IN = re.compile(r"(?:到|至|在|于)?\s*((?:19|20)\d{2})\s*年(?:底|末|前|内)?")
_RANGE_SEP = re.compile(r"^\s*(?:[-—~～至])\s*$")
_COUNT_CLASSIFIERS = frozenset({"名", "万名", "人", "万人", "个", "所", "户", "万户", "家", "位", "项", "处", "座", "支", "套", "万套", "张", "条", "万", "亿"})
_FROM_TO = re.compile(r"(?:提高|增加|增长|提升|下降|降低|减少|扩大|调整)(?:到|至)\s*$")
_FROM = re.compile(r"(?:由|从)(?=[^由从]*$)")
_CONNECTOR = re.compile(r"^\s*(?:和|及|与|、|或)\s*$")


def _replace(q, **changes):
    from dataclasses import replace

    return replace(q, **changes)


@dataclass(frozen=True)
class Words:
    """Reviewed word lists (seeds/reference/ref_quantity_words.csv and ref_units.csv)."""

    units: tuple[str, ...]  # longest first
    comparator_after: dict[str, str]
    comparator_before: dict[str, str]
    lead_verbs: tuple[str, ...]  # longest first
    fillers: tuple[str, ...]
    change_verbs: tuple[str, ...]
    standard_markers: tuple[str, ...]
    past_markers: tuple[str, ...]


@dataclass(frozen=True)
class DocInfo:
    plan_kind: str | None
    period_start: int | None
    period_end: int | None


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


# ---------------------------------------------------------------- exclusions
def _inside_quotes(text: str, pos: int) -> bool:
    for left, right in _QUOTES:
        open_at = text.rfind(left, 0, pos)
        if open_at != -1:
            close_at = text.find(right, open_at + 1)
            if close_at == -1 or close_at > pos:
                if left != right or text.count(left, 0, pos) % 2 == 1:
                    return True
    return False


_FOOTNOTE = re.compile(r"^\s*(?:注\s*[:：]\s*)?\d+\s*[.．、]\s*指")


def exclusion(text: str, start: int, end: int) -> str | None:
    """Why the number text[start:end] is not a quantity, or None."""
    num = text[start:end]
    before, after = text[:start], text[end:]
    if _FOOTNOTE.match(text):
        return "list numbering" if not before.strip(" 注:：") else "definition in a footnote"
    if re.match(r"^\s*[.．、]", after) and not before.strip():
        return "list numbering"
    if re.search(r"[(（]\s*$", before) and re.match(r"^\s*[)）]", after):
        return "list numbering"
    if re.match(r"^\s*年", after) and re.fullmatch(r"(?:19|20)\d{2}", num):
        return "year or date"
    if re.search(r"\d\s*/$", before) and re.match(r"^\s*万", after):
        return "part of a unit (/10万)"
    if re.match(r"^\s*(?:月|日|时|点|:\d)", after) or re.match(r"^[-./]\d{1,2}[-./]\d", after) \
            or re.search(r"\d[-./]\d{1,2}[-./]$", before) or re.search(r"(?:19|20)\d{2}[-.]$", before) \
            or (re.fullmatch(r"(?:19|20)\d{2}", num) and re.match(r"^[-.]\d{1,2}(?!\d)", after)):
        return "year or date"
    if re.fullmatch(r"(?:19|20)\d{2}", num) and re.match(r"^\s*[-—~至]\s*(?:19|20)\d{2}", after):
        return "year or date"
    if re.search(r"[〔\[【(（]\s*$", before) and re.match(r"^\s*[〕\]】)）]", after) and re.fullmatch(r"(?:19|20)\d{2}", num):
        return "document number"
    if re.match(r"^\s*号", after) or re.search(r"[〕\]】]\s*$", before):
        return "document number"
    if before.endswith("第"):
        return "ordinal"
    if re.match(r"^\s*周年", after):
        return "anniversary"
    if len(num.split(".")[0]) >= 7 or re.search(r"(?:电话|传真|邮编|邮政编码|热线|ICP|备|网站标识码)[^\d]{0,6}$", before) or "@" in after[:3]:
        return "phone, postal code or identifier"
    if re.search(r"\d\s*[-—~至]\s*$", before) and re.match(r"^\s*级", after) or re.match(r"^\s*(?:[-—~至]\s*\d+\s*)?级", after):
        return "grade or level"
    if re.search(r"等\s*$", before) and re.match(r"^\s*(?:类|项|个|种|大|方面)", after):
        return "count of items in a list description"
    if re.match(r"^\s*(?:个|项)(?:基本)?(?:公共)?服务项目", after) or re.search(r"服务项目\s*(?:共|有)?\s*$", before):
        return "count of items in a list description"
    if _inside_quotes(text, start):
        return "inside a title or quoted name"
    return None


# ---------------------------------------------------------------- units, comparators, names
def unit_after(after: str, words: Words) -> str | None:
    s = after.lstrip()
    for unit in words.units:
        if s.startswith(unit):
            return unit
    return None


def comparator_of(before: str, after_unit: str, words: Words) -> str:
    tail = after_unit.lstrip()[:3]
    for word, comp in words.comparator_after.items():
        if tail.startswith(word):
            return comp
    for word, comp in sorted(words.comparator_before.items(), key=lambda kv: -len(kv[0])):
        if before.rstrip().endswith(word):
            return comp
    near = before.rstrip()[-6:]  # '至少办好1所': the comparator may stand just before the verb
    for word, comp in sorted(words.comparator_before.items(), key=lambda kv: -len(kv[0])):
        if len(word) >= 2 and word in near:
            return comp
    return "="


def _strip_tail(text: str, words: tuple[str, ...]) -> str:
    changed = True
    while changed and text:
        changed = False
        for w in words:
            if text.endswith(w) and len(text) > 0:
                text = text[: -len(w)].rstrip()
                changed = True
                break
    return text


def _strip_head(text: str, words: tuple[str, ...]) -> str:
    changed = True
    while changed and text:
        changed = False
        text = re.sub(r"^(?:到|至)?\s*(?:19|20)\d{2}\s*年(?:底|末)?\s*", "", text)
        text = re.sub(r"^(?:到|在)?\s*[“\"]?十.五[”\"]?(?:末|期间|时期)?\s*", "", text)
        for w in words:
            if text.startswith(w):
                text = text[len(w):].lstrip()
                changed = True
                break
    return text


def _clean(name: str) -> str:
    name = name.strip(" 、,，;；:：和及与或的")
    name = re.sub(r"^[)）\]】”]+", "", name)
    name = re.sub(r"^[(（]\s*(?:其中)?", "", name) if name.count("(") + name.count("（") > name.count(")") + name.count("）") else name
    return name.strip(" 、,，;；:：和及与或的")


def name_before(window: str, words: Words) -> str:
    """Measured thing written before the number: '城镇登记失业率控制在' -> '城镇登记失业率'."""
    per_unit = tuple(m for m in words.standard_markers if m.startswith(("每", "/")))
    name = _strip_tail(window.strip(" 、,，"), words.lead_verbs + per_unit)
    name = _strip_tail(name, words.lead_verbs)
    name = _strip_head(name, words.fillers)
    name = _clean(name)
    if len(name) > 40:
        name = re.sub(r"[(（][^()（）]*[)）]", "", name)
    return name[-40:]


def noun_after(after_unit: str) -> str:
    """Noun counted by a number written before it: '名家庭经济困难学生提供补助' (unit removed)."""
    s = after_unit.lstrip()
    s = re.sub(r"^(?:以上|以下|以内|左右)", "", s)
    s = re.sub(r"^的", "", s)
    return _clean(s)[:30]


# ---------------------------------------------------------------- context: kind and year
def period_end_of(text: str) -> int | None:
    if m := _CN_PERIOD.search(text):
        return five_year_period(10 + _CN[m.group(1)])[1]
    return None


def _names_past_period(text: str, doc: DocInfo) -> bool:
    """'“十二五”以来' in a 13th-plan document: a period that ended before this plan began."""
    return any(five_year_period(10 + _CN[c])[1] < (doc.period_start or 0) for c in _CN_PERIOD.findall(text))


def kind_and_year(sentence: str, before: str, unit: str, section: str | None, doc: DocInfo, words: Words,
                  clause_before: str = "") -> tuple[str, int | None]:
    """value_kind and year of a number from its sentence, the words before it, and its section.

    Past statements (an achievements section, a past marker, a period that ended before the plan)
    take the time named in their own clause before the number ('从“十一五”末的74岁' -> 2010), else the
    year before the plan period. Future ones take the first future year of the sentence ('到2020年'),
    else the plan's end year (an annual plan: its year)."""
    tail = before.rstrip()
    if unit == "个百分点" or any(tail.endswith(v) or tail.endswith(v + "了") for v in words.change_verbs):
        kind = "increment"
    elif unit.startswith("元") and any(m in sentence for m in words.standard_markers):
        kind = "standard"
    else:
        kind = None
    past = section == "baseline" or any(m in sentence for m in words.past_markers) or _names_past_period(sentence, doc)
    kind = kind or ("baseline" if past else "target")
    # '比“十一五”期间净增…', '较2016年提高…': the named time is the comparison base, not the value's time
    clause_before = re.sub(r"(?:比|较)\s*[“\"]?(?:十.五[”\"]?(?:末|期间)?|(?:19|20)\d{2}\s*年(?:末|底)?)", "", clause_before)
    if past:
        if (end := period_end_of(clause_before)) and (doc.period_start is None or end < doc.period_start):
            return kind, end
        years = [int(y) for y in _YEAR_IN.findall(clause_before) if doc.period_start is None or int(y) < doc.period_start]
        if years:
            return kind, years[-1]
        return kind, (doc.period_start - 1) if doc.period_start else None
    if doc.plan_kind == "annual_plan" and doc.period_end:
        return kind, doc.period_end
    future = [int(y) for y in _YEAR_IN.findall(sentence) if doc.period_start is None or int(y) >= doc.period_start]
    return kind, future[0] if future else doc.period_end


# ---------------------------------------------------------------- one line
def clauses(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    depth = 0
    for i, ch in enumerate(text):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if ch in _CLAUSE_END and depth == 0:
            if i > start:
                out.append((start, text[start:i]))
            start = i + 1
    if start < len(text):
        out.append((start, text[start:]))
    return out


def sentences(text: str) -> list[tuple[int, int, str]]:
    out, start = [], 0
    for m in re.finditer(r"[。！？!?]", text):
        out.append((start, m.end(), text[start : m.end()]))
        start = m.end()
    if start < len(text):
        out.append((start, len(text), text[start:]))
    return out


@dataclass
class _Num:
    m: re.Match
    reason: str | None = None
    unit: str | None = None
    approx: bool = False  # '2400多个', '30余万人'
    after_unit: str = ""


def _classify(clause: str, text: str, offset: int, words: Words) -> list[_Num]:
    """Phase 1: exclusion, unit and qualifier of every number in a clause."""
    nums = [_Num(m) for m in NUMBER.finditer(clause)]
    for i, n in enumerate(nums):
        n.reason = exclusion(text, offset + n.m.start(), offset + n.m.end())
        if n.reason:
            continue
        after = clause[n.m.end():]
        if re.match(r"^\s*[多余]", after):
            n.approx, after = True, re.sub(r"^\s*[多余]", "", after)
        n.unit = unit_after(after, words)
        if n.unit is None and i + 1 < len(nums):
            nxt = nums[i + 1]
            if _RANGE_SEP.match(clause[n.m.end():nxt.m.start()]):
                n.unit = unit_after(clause[nxt.m.end():], words)  # '3-5万人': the unit is written once
        if n.unit is None:
            if re.match(r"^\s*(?:电话|热线|服务热线|专线)", after):
                n.reason = "phone, postal code or identifier"
            continue
        n.after_unit = after.lstrip()[len(n.unit):] if after.lstrip().startswith(n.unit) else after
        if n.unit in ("岁", "周岁") and re.match(r"^\s*(?:以上|以下|及以上|及以下)?(?:的)?[\u4e00-\u9fff]", n.after_unit) \
                and not re.match(r"^\s*(?:提高|增加|提升|下降|降低)", n.after_unit):
            n.reason = "age qualifier of a target group"
    for a, b in zip(nums, nums[1:]):  # '0—6岁儿童': the lower bound shares the qualifier
        if not a.reason and b.reason == "age qualifier of a target group" and _RANGE_SEP.match(clause[a.m.end():b.m.start()]):
            a.reason = b.reason
    return nums


def _noun_until(after_unit: str, stop: int | None) -> str:
    return noun_after(after_unit if stop is None else after_unit[:max(stop, 0)])


def extract_line(text: str, section: str | None, doc: DocInfo, words: Words) -> tuple[list[Quantity], list[Mention]]:
    quantities: list[Quantity] = []
    mentions: list[Mention] = []
    group = 0
    for s_start, _s_end, sentence in sentences(text):
        for c_start, clause in clauses(sentence):
            offset = s_start + c_start
            nums = _classify(clause, text, offset, words)
            live = [n for n in nums if not n.reason and n.unit]
            # orientation: '完成2个A、1个B' (number before its noun) or 'A2个、B1个' (name before number)
            number_first = False
            if live:
                first = live[0]
                head = name_before(clause[: first.m.start()], words)
                nxt0 = live[1].m.start() - (len(clause) - len(first.after_unit)) if len(live) > 1 else None
                noun0 = _noun_until(first.after_unit, nxt0)
                per_unit = re.search(r"每个?[\u4e00-\u9fff]{1,3}", head)  # '每个县至少办好1所优质普通高中'
                number_first = bool(noun0) and (not head or (len(head) <= 2 and len(noun0) >= 3) or bool(per_unit))
            prev_end = 0
            prev: Quantity | None = None
            for n in nums:
                m = n.m
                abs_start, abs_end = offset + m.start(), offset + m.end()
                if n.reason:
                    mentions.append(Mention(abs_start, abs_end, m.group(), "excluded", n.reason))
                    continue
                if n.unit is None:
                    mentions.append(Mention(abs_start, abs_end, m.group(), "unclassified", "number without a known unit"))
                    continue
                unit = n.unit
                window = clause[prev_end : m.start()]
                nxt = next((x for x in live if x.m.start() > m.start()), None)
                stop = (nxt.m.start() - (len(clause) - len(n.after_unit))) if nxt else None
                comparator = ">=" if n.approx else comparator_of(window, n.after_unit, words)
                verb = _strip_head(_strip_tail(window.strip(" 、,，"), words.lead_verbs), words.fillers)
                noun = _noun_until(n.after_unit, stop)
                if number_first and noun:
                    lead_verb = verb if (n is live[0] and len(verb) <= 6) else ""
                    name, confidence = _clean(lead_verb + noun), "medium"
                else:
                    name, confidence = name_before(window, words), "high"
                    if not name:
                        name, confidence = _noun_until(n.after_unit, stop), "medium"
                if not name:
                    name, confidence = _clean(clause.replace(m.group(), "")[:30]), "low"
                elif re.search(r"(?:按|以|给予|在|对|为)$", name):
                    confidence = "low"
                before_full = sentence[: c_start + m.start()]
                kind, year = kind_and_year(sentence, before_full, unit, section, doc, words, clause[: m.start()])
                if prev is not None and _FROM_TO.search(window):
                    # '由45元提高到50元', '从74岁提高到76.5岁': the first value is the starting point
                    start_year = prev.year if prev.value_kind == "baseline" else (
                        doc.period_start - 1 if doc.period_start else prev.year)
                    if (prev.value_kind == "baseline" and doc.period_start and prev.year == doc.period_start - 1
                            and doc.plan_kind == "five_year_plan" and not _CN_PERIOD.search(clause[: m.start()])):
                        start_year = doc.period_start - 6  # achievements '由X提高到Y' run over the previous period
                    quantities[-1] = _replace(prev, comparator="=", value_kind="baseline", year=start_year)
                    name, grp, confidence = prev.name, prev.group, prev.confidence
                    kind = "baseline" if kind == "baseline" else "target"
                    if kind == "baseline" and doc.period_start:
                        year = doc.period_start - 1
                elif prev is not None and _CONNECTOR.match(window):
                    # 'A、B分别达到X和Y' / 'X和Y': a second value in the same clause
                    parts = [p for p in re.split(r"[、和及与]", prev.name) if p]
                    k = sum(1 for q in quantities if q.clause_start == offset and q.clause == clause)
                    if "分别" in clause and len(parts) > k:
                        name = f"{prev.name}({parts[k]})"
                        if k == 1:
                            quantities[-1] = _replace(prev, name=f"{prev.name}({parts[0]})")
                    else:
                        name = f"{prev.name}(第{k + 1}项)"
                    confidence, group = "medium", group + 1
                    grp = group
                elif prev is not None and _RANGE_SEP.match(window):
                    # '3万至10万人': one statement, a lower and an upper bound
                    quantities[-1] = _replace(prev, unit=unit, comparator=">=")
                    name, grp, comparator, kind, year, confidence = prev.name, prev.group, "<=", prev.value_kind, prev.year, prev.confidence
                else:
                    group += 1
                    grp = group
                    if _FROM.search(window):
                        name = name_before(_FROM.split(window)[0], words) or name
                q = Quantity(name, Decimal(m.group()), unit, comparator, kind, year, confidence, clause, offset, grp)
                quantities.append(q)
                mentions.append(Mention(abs_start, abs_end, m.group(), "captured", kind))
                prev = q
                prev_end = m.end() + (len(clause) - m.end() - len(n.after_unit))
    return quantities, mentions
