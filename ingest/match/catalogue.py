"""Service items -> the national catalogue (ref_national_service_items), recording how each match was
made: reviewed alias, exact, containment within the same domain, or character-bigram similarity within
the domain (with score). Pure functions; the reviewed lists are seeds.
"""
from __future__ import annotations

import re

from ingest.reference.catalogue import NationalItem

SIMILARITY_MIN = 0.5
_GENERIC = re.compile(r"(?:服务|补助|资助|补贴|管理|项目|工作|制度|保障)$")


def _core(name: str) -> str:
    prev = None
    while prev != name:
        prev, name = name, _GENERIC.sub("", name)
    return name or prev


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def dice(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


def match_item(name: str, domain_code: str | None, national: list[NationalItem], aliases: dict[str, int]) -> tuple[int | None, str, float | None]:
    """(national item_no, match_method, score)."""
    if name in aliases:
        return aliases[name], "reviewed_alias", None
    for item in national:
        if item.name == name:
            return item.item_no, "exact", 1.0
    same_domain = [i for i in national if i.domain_code == domain_code]
    core = _core(name)
    contained = [i for i in same_domain if len(_core(i.name)) >= 2 and (_core(i.name) in name or core in i.name)]
    if len(contained) == 1:
        return contained[0].item_no, "contains", round(dice(name, contained[0].name), 3)
    scored = sorted(((dice(core, _core(i.name)), i.item_no) for i in (contained or same_domain)), reverse=True)
    if scored and scored[0][0] >= SIMILARITY_MIN and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1], "similar", round(scored[0][0], 3)
    return None, "unmapped", round(scored[0][0], 3) if scored else None
