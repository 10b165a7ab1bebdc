"""Map extracted names onto reviewed reference lists, recording how each match was made.

- service items -> the national catalogue (ref_national_service_items): reviewed alias, exact,
  containment within the same domain, or character-bigram similarity within the domain (with score);
- indicator statements -> canonical indicators (ref_indicators): exact, synonym or pattern.
Pure functions; the reviewed lists are seeds.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

SIMILARITY_MIN = 0.5
_GENERIC = re.compile(r"(?:服务|补助|资助|补贴|管理|项目|工作|制度|保障)$")


@dataclass(frozen=True)
class NationalItem:
    item_no: int
    domain_code: str
    name: str


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    synonyms: tuple[str, ...]
    pattern: re.Pattern | None


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_national(ref_dir: Path) -> list[NationalItem]:
    domains = {r["domain_name_zh"]: r["domain_code"] for r in _rows(ref_dir / "ref_domains.csv")}
    return [NationalItem(int(r["item_no"]), domains[r["domain"]], r["item_name"]) for r in _rows(ref_dir / "ref_national_service_items.csv")]


def load_item_aliases(ref_dir: Path) -> dict[str, int]:
    return {r["local_name"]: int(r["item_no"]) for r in _rows(ref_dir / "ref_service_item_aliases.csv")}


def load_indicators(ref_dir: Path) -> list[Indicator]:
    return [Indicator(r["indicator_code"], r["name_zh"], tuple(s for s in r["synonyms"].split("|") if s),
                      re.compile(r["pattern"]) if r["pattern"] else None) for r in _rows(ref_dir / "ref_indicators.csv")]


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


def match_indicator(name: str, indicators: list[Indicator]) -> tuple[str | None, str]:
    """(indicator_code, match_method). The part after 'item:' names the quantity in a table cell."""
    bare = name.split(":", 1)[-1]
    for ind in indicators:
        if bare == ind.name_zh:
            return ind.code, "exact"
    for ind in indicators:
        if bare in ind.synonyms:
            return ind.code, "synonym"
    for ind in indicators:
        if ind.pattern is not None and ind.pattern.search(bare):
            return ind.code, "pattern"
    return None, "unmapped"
