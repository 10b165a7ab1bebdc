"""Reviewed reference data the parser reads (seeds/reference/*.csv). Loaded once, passed around."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingest.reference.rows import rows as _rows
from ingest.reference.catalogue import Indicator, NationalItem, load_indicators, load_item_aliases, load_national
from ingest.reference.lexicon import Lexicon, load_lexicon
from ingest.reference.words import Words, load_words


@dataclass(frozen=True)
class ColumnRole:
    role: str
    table_kind: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Domain:
    code: str
    name_zh: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Reference:
    columns: tuple[ColumnRole, ...]
    units: frozenset[str]
    domains: tuple[Domain, ...]  # in match priority order
    plan_kinds: tuple[tuple[str, re.Pattern], ...]  # in match priority order
    provinces: dict[str, str]  # city_zh -> province_zh
    section_kinds: tuple[tuple[str, re.Pattern], ...]
    words: Words
    department_aliases: frozenset[str]
    national_items: tuple[NationalItem, ...]
    item_aliases: dict[str, int]
    indicators: tuple[Indicator, ...]
    lexicon: Lexicon  # every other word list and named pattern (ref_words, ref_patterns)

    def role_of(self, header_text: str) -> ColumnRole | None:
        for col in self.columns:
            if col.pattern.search(header_text):
                return col
        return None

    def domain_of(self, text: str) -> str | None:
        for d in self.domains:
            if d.pattern.search(text):
                return d.code
        return None


def load_reference(ref_dir: Path) -> Reference:
    columns = tuple(
        ColumnRole(r["role"], r["table_kind"], re.compile(r["header_pattern"]))
        for r in _rows(ref_dir / "ref_table_columns.csv")
    )
    units = frozenset(r["unit"] for r in _rows(ref_dir / "ref_units.csv"))
    domains = tuple(
        Domain(r["domain_code"], r["domain_name_zh"], re.compile(r["match_pattern"]))
        for r in sorted(_rows(ref_dir / "ref_domains.csv"), key=lambda r: int(r["match_priority"]))
    )
    kinds = tuple(
        (r["plan_kind"], re.compile(r["title_pattern"]))
        for r in sorted(_rows(ref_dir / "ref_plan_kinds.csv"), key=lambda r: int(r["match_priority"]))
    )
    provinces = {r["city_zh"]: r["province_zh"] for r in _rows(ref_dir / "ref_cities.csv")}
    section_kinds = tuple(
        (r["section_kind"], re.compile(r["heading_pattern"]))
        for r in sorted(_rows(ref_dir / "ref_section_kinds.csv"), key=lambda r: int(r["match_priority"]))
    )
    aliases = frozenset(r["alias"] for r in _rows(ref_dir / "ref_department_aliases.csv"))
    lexicon = load_lexicon(ref_dir)
    return Reference(columns, units, domains, kinds, provinces, section_kinds, load_words(lexicon, ref_dir, units), aliases,
                     tuple(load_national(ref_dir)), load_item_aliases(ref_dir), tuple(load_indicators(ref_dir)),
                     lexicon)
