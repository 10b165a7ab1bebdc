"""Responsible units: split a list of departments, clean their suffixes, tell lead from supporting.

'市教育局、市财政局按职责分工负责', '(X牵头,Y配合)', '各县(市、区)人民政府': used by tasks, service
tables and anything else that names departments. Pure functions.
"""
from __future__ import annotations

import re

from ingest.model.context import DocContext
from ingest.model.records import Finding

_NOTE = re.compile(r"〔[^〕]*〕|\[[^\]]*\]|[(（][^()（）]*(?:下同|未明确|不再列出)[^()（）]*[)）]")
_LEVELS = ("市", "县", "区", "乡", "镇", "市级", "县级", "区级")
_SUFFIXES = re.compile(r"(?:按职责分工负责|按职责分工|牵头负责|负责|牵头|等市级有关部门(?:\(单位\)?)?|等有关部门|等部门|等单位|等)$")


def clean_unit(name: str) -> str:
    name = name.strip()
    prev = None
    while prev != name:
        prev, name = name, _SUFFIXES.sub("", name).strip()
    if name.count("(") + name.count("（") != name.count(")") + name.count("）"):
        name = name.strip("()（）").strip()
    return name


def parse_units(text: str, lead_before_comma: bool) -> tuple[list[str], list[str], list[str], str]:
    """(lead, supporting, responsible, basis) from a responsible-units text. Units are 'responsible'
    when the text names no lead (e.g. '按职责分工负责', or no comma under a 逗号前为牵头单位 rule)."""
    text = _NOTE.sub("", text).strip().rstrip("。")
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1]
    if "牵头" in text and re.search(r"配合|参与|协助", text):
        lead_part, support_part = re.split(r"牵头[，,；;]?", text, maxsplit=1)
        support_part = re.sub(r"(?:等)?(?:部门|单位)?(?:配合|参与|协助).*$", "", support_part)
        return _names(lead_part), _names(support_part), [], "X牵头, Y配合 stated in the text"
    if lead_before_comma and len(split_top_level(text, "，,")) > 1:
        lead_part, support_part = split_top_level(text, "，,")[0], "、".join(split_top_level(text, "，,")[1:])
        return _names(lead_part), _names(support_part), [], "lead units before the first comma (rule stated in the document)"
    if re.search(r"牵头(?:负责)?$", text):
        return _names(text), [], [], "牵头 stated for the listed units"
    return [], [], _names(text), "listed as responsible; no lead unit stated"


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


def expand_shared_levels(parts: list[str]) -> list[str]:
    """'市、县人力资源社会保障电话咨询服务中心' -> 市X, 县X: a bare level shares the next name's suffix."""
    out = list(parts)
    for i in range(len(out) - 2, -1, -1):
        nxt = out[i + 1]
        lead = next((lv for lv in sorted(_LEVELS, key=len, reverse=True) if nxt.startswith(lv)), None)
        if out[i] in _LEVELS and lead and len(nxt) > len(lead):
            out[i] = out[i] + nxt[len(lead):]
    return out


def _names(text: str) -> list[str]:
    return expand_shared_levels([n for n in (clean_unit(p) for p in split_top_level(text)) if n])


def split_units(cell: str, ctx: DocContext, line: int) -> tuple[list[str], list[Finding]]:
    text = ctx.norm(cell)
    parts = [p.strip() for p in split_top_level(text, "、，,；;/")]
    findings = []
    if any(not p for p in parts) and text:
        findings.append(ctx.finding("dangling_separator", "warning", line,
                                    f"empty name between separators in responsible units '{text}'", cell))
    return expand_shared_levels([p for p in parts if p]), findings
