"""Responsible units: split a list of departments, clean their suffixes, tell lead from supporting.

'市教育局、市财政局按职责分工负责', '(X牵头,Y配合)', '各县(市、区)人民政府': used by tasks, service
tables and anything else that names departments. Pure functions; every word they look for (note
markers, name suffixes, lead and supporting verbs, administrative levels) is a reviewed seed
(`units.*` patterns in seeds/reference/ref_patterns.csv).

How a plan tells lead from supporting units is an ordered registry, UNIT_RULES: the first rule that
reads a units text wins, and a new way of stating roles is one more entry there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

from ingest.model.context import DocContext
from ingest.model.records import Finding
from ingest.reference.lexicon import Lexicon

Roles = tuple[list[str], list[str], list[str]]  # lead, supporting, responsible


class Units(NamedTuple):
    lead: list[str]
    supporting: list[str]
    responsible: list[str]  # listed without a lead/supporting distinction
    basis: str  # how the roles were told (responsibilities.basis)


@dataclass(frozen=True)
class UnitRule:
    """One way a plan states who leads. `read(text, lead_before_comma, lex)` gives the roles, or None
    when the text is not written this way (the next rule is tried)."""

    name: str
    basis: str
    read: Callable[[str, bool, Lexicon], Roles | None]


def clean_unit(name: str, lex: Lexicon) -> str:
    """'市教育局按职责分工负责' -> '市教育局': drop words that end a name without being part of it."""
    suffix = lex.pattern("units.suffix")
    name = name.strip()
    prev = None
    while prev != name:
        prev, name = name, suffix.sub("", name).strip()
    if name.count("(") + name.count("（") != name.count(")") + name.count("）"):
        name = name.strip("()（）").strip()
    return name


def _lead_then_supporting(text: str, lead_before_comma: bool, lex: Lexicon) -> Roles | None:
    """'市民政局牵头,市财政局、市残联配合' -> lead [市民政局], supporting [市财政局, 市残联]."""
    lead_verb, support_verb = lex.pattern("units.lead_verb"), lex.pattern("units.support_verb")
    if not (lead_verb.search(text) and support_verb.search(text)):
        return None
    lead_part, support_part = lead_verb.split(text, maxsplit=1)
    return _names(lead_part, lex), _names(support_verb.sub("", support_part), lex), []


def _lead_before_comma(text: str, lead_before_comma: bool, lex: Lexicon) -> Roles | None:
    """Under the document's rule '逗号前为牵头单位': '市人社局,市发展改革委、市财政局' -> lead [市人社局],
    supporting [市发展改革委, 市财政局]. Without the rule, or without a comma, the next rules decide."""
    parts = split_top_level(text, "，,")
    if not lead_before_comma or len(parts) < 2:
        return None
    return _names(parts[0], lex), _names("、".join(parts[1:]), lex), []


def _lead_stated(text: str, lead_before_comma: bool, lex: Lexicon) -> Roles | None:
    """'市文广新局、市科技局牵头负责' -> lead [市文广新局, 市科技局]."""
    if not lex.pattern("units.lead_stated").search(text):
        return None
    return _names(text, lex), [], []


def _listed(text: str, lead_before_comma: bool, lex: Lexicon) -> Roles:
    """'市教育局、市财政局、各县区政府按职责分工负责' -> responsible [市教育局, 市财政局, 各县区政府]:
    no lead is stated (the last rule: it always reads)."""
    return [], [], _names(text, lex)


UNIT_RULES: tuple[UnitRule, ...] = (
    UnitRule("lead_then_supporting", "lead and supporting units stated in the text (X leads, Y supports)", _lead_then_supporting),
    UnitRule("lead_before_comma", "lead units before the first comma (rule stated in the document)", _lead_before_comma),
    UnitRule("lead_stated", "lead stated for the listed units", _lead_stated),
    UnitRule("listed", "listed as responsible; no lead unit stated", _listed),
)


def parse_units(text: str, lead_before_comma: bool, lex: Lexicon) -> Units:
    """(lead, supporting, responsible, basis) from a responsible-units text: notes and outer
    parentheses removed, then the first rule of UNIT_RULES that reads it. Units are 'responsible'
    when the text names no lead (e.g. '按职责分工负责', or no comma under a 逗号前为牵头单位 rule)."""
    text = lex.pattern("units.note").sub("", text).strip().rstrip("。")
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1]
    for rule in UNIT_RULES:
        if (roles := rule.read(text, lead_before_comma, lex)) is not None:
            return Units(*roles, rule.basis)
    raise AssertionError("the last unit rule reads every text")


def split_top_level(text: str, separators: str = "、，,；;") -> list[str]:
    """Split on separators outside parentheses: '各县(市、区)人民政府、市财政局' -> 2 parts."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "(（〔[":
            depth += 1
        elif ch in ")）〕]":
            depth = max(depth - 1, 0)
        if ch in separators and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def expand_shared_levels(parts: list[str], lex: Lexicon) -> list[str]:
    """'市、县人力资源社会保障电话咨询服务中心' -> 市X, 县X: a bare level shares the next name's suffix."""
    level = lex.pattern("units.level")
    out = list(parts)
    for i in range(len(out) - 2, -1, -1):
        nxt = out[i + 1]
        lead = level.match(nxt)  # the longest level the next name starts with
        if level.fullmatch(out[i]) and lead and len(nxt) > lead.end():
            out[i] = out[i] + nxt[lead.end():]
    return out


def _names(text: str, lex: Lexicon) -> list[str]:
    return expand_shared_levels([n for n in (clean_unit(p, lex) for p in split_top_level(text)) if n], lex)


def split_units(cell: str, ctx: DocContext, line: int) -> tuple[list[str], list[Finding]]:
    text = ctx.norm(cell)
    parts = [p.strip() for p in split_top_level(text, "、，,；;/")]
    findings = []
    if any(not p for p in parts) and text:
        findings.append(ctx.finding("dangling_separator", "warning", line,
                                    f"empty name between separators in responsible units '{text}'", cell))
    return expand_shared_levels([p for p in parts if p], ctx.ref.lexicon), findings
