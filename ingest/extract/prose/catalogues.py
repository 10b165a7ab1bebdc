"""Service catalogues declared in prose: '本领域服务项目共7个,具体包括:A、B、C。' -> service items with
the domain of their section, and the counts the text declares. The sentences looked for are the
reviewed `catalogues.*` patterns in seeds/reference/ref_patterns.csv."""
from __future__ import annotations

from ingest.extract.units import split_top_level
from ingest.model.context import DocContext
from ingest.model.records import DeclaredCount, ServiceItem


def catalogues(lines: list[str], lines_norm: list[str], ctx: DocContext, contexts: list, out) -> None:
    """'本领域服务项目共7个,具体包括:A、B、C。' -> items with the domain of the section, and declared counts."""
    lex = ctx.ref.lexicon
    listed, total, trim = (lex.pattern("catalogues.item_list"), lex.pattern("catalogues.total_declared"),
                           lex.pattern("catalogues.item_trim"))
    for no, norm in enumerate(lines_norm, 1):
        if m := total.search(norm):
            out.declared.append(DeclaredCount(ctx.doc_id, "all", "service_items", int(m.group("n")), no, lines[no - 1]))
        m = listed.search(norm)
        if not m:
            continue
        lc = contexts[no - 1]
        scope = lc.domain_code or "unknown"
        out.declared.append(DeclaredCount(ctx.doc_id, scope, "service_items", int(m.group("n")), no, lines[no - 1]))
        items = [i.strip() for i in split_top_level(m.group("items"), "、；;") if i.strip()]
        items = [trim.sub("", i) for i in items]  # '以及A' -> 'A', 'B等' -> 'B'
        for seq, name in enumerate(items, 1):
            out.service_items.append(ServiceItem(
                ctx.doc_id, f"{ctx.doc_id}:L{no}:{seq}", lc.domain_code, lc.domain_zh, "catalogue list in prose", seq,
                name, name, None, None, None, None, None, None, no, no, lines[no - 1]))
