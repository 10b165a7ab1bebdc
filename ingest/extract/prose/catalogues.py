"""Service catalogues declared in prose: '本领域服务项目共7个,具体包括:A、B、C。' -> service items with
the domain of their section, and the counts the text declares."""
from __future__ import annotations

import re

from ingest.extract.units import split_top_level
from ingest.model.context import DocContext
from ingest.model.records import DeclaredCount, ServiceItem

_CATALOGUE = re.compile(r"服务项目(?:共|有)?\s*(?P<n>\d+)\s*[个项]\s*[,，]?\s*(?:具体)?包括\s*[:：]\s*(?P<items>[^。]+)")
_TOTAL_DECLARED = re.compile(r"(?:确定|明确|列出|包括)了?\s*(?P<n>\d+)\s*[个项](?:基本)?(?:公共)?服务项目")


def catalogues(lines: list[str], lines_norm: list[str], ctx: DocContext, contexts: list, out) -> None:
    """'本领域服务项目共7个,具体包括:A、B、C。' -> items with the domain of the section, and declared counts."""
    for no, norm in enumerate(lines_norm, 1):
        if m := _TOTAL_DECLARED.search(norm):
            out.declared.append(DeclaredCount(ctx.doc_id, "all", "service_items", int(m.group("n")), no, lines[no - 1]))
        m = _CATALOGUE.search(norm)
        if not m:
            continue
        lc = contexts[no - 1]
        scope = lc.domain_code or "unknown"
        out.declared.append(DeclaredCount(ctx.doc_id, scope, "service_items", int(m.group("n")), no, lines[no - 1]))
        items = [i.strip() for i in split_top_level(m.group("items"), "、；;") if i.strip()]
        items = [re.sub(r"^(?:和|及|以及)", "", i).rstrip("等") for i in items]
        for seq, name in enumerate(items, 1):
            out.service_items.append(ServiceItem(
                ctx.doc_id, f"{ctx.doc_id}:L{no}:{seq}", lc.domain_code, lc.domain_zh, "catalogue list in prose", seq,
                name, name, None, None, None, None, None, None, no, no, lines[no - 1]))
