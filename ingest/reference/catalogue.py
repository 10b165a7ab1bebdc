"""The national service catalogue, local item aliases and canonical indicators (reviewed seeds)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingest.reference.rows import rows as _rows


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


def load_national(ref_dir: Path) -> list[NationalItem]:
    domains = {r["domain_name_zh"]: r["domain_code"] for r in _rows(ref_dir / "ref_domains.csv")}
    return [NationalItem(int(r["item_no"]), domains[r["domain"]], r["item_name"]) for r in _rows(ref_dir / "ref_national_service_items.csv")]


def load_item_aliases(ref_dir: Path) -> dict[str, int]:
    return {r["local_name"]: int(r["item_no"]) for r in _rows(ref_dir / "ref_service_item_aliases.csv")}


def load_indicators(ref_dir: Path) -> list[Indicator]:
    return [Indicator(r["indicator_code"], r["name_zh"], tuple(s for s in r["synonyms"].split("|") if s),
                      re.compile(r["pattern"]) if r["pattern"] else None) for r in _rows(ref_dir / "ref_indicators.csv")]
