"""Reviewed reference data the parser reads (seeds/reference/*.csv). Loaded once, passed around."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path


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
    words: "Words"
    department_aliases: frozenset[str]
    national_items: tuple
    item_aliases: dict
    indicators: tuple

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


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


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
    from .mapping import load_indicators, load_item_aliases, load_national

    return Reference(columns, units, domains, kinds, provinces, section_kinds, load_words(ref_dir, units), aliases,
                     tuple(load_national(ref_dir)), load_item_aliases(ref_dir), tuple(load_indicators(ref_dir)))


def load_words(ref_dir: Path, units: frozenset[str]):
    from .quantities import Words

    rows = _rows(ref_dir / "ref_quantity_words.csv")

    def of(kind):
        return [r for r in rows if r["word_kind"] == kind]

    def by_length(words):
        return tuple(sorted(words, key=lambda w: (-len(w), w)))

    def longest_first(kind):
        return by_length(r["word"] for r in of(kind))

    return Words(
        units=by_length(units),
        comparator_after={r["word"]: r["meaning"] for r in of("comparator_after")},
        comparator_before={r["word"]: r["meaning"] for r in of("comparator_before")},
        lead_verbs=longest_first("lead_verb"),
        fillers=longest_first("filler"),
        change_verbs=longest_first("change_verb"),
        standard_markers=longest_first("standard_marker"),
        past_markers=longest_first("past_marker"),
        corruption_markers=longest_first("corruption_marker"),
        uncertain_decimal_points=longest_first("uncertain_decimal_point"),
        from_markers=longest_first("from_marker"),
        from_to_verbs=longest_first("from_to_verb"),
        range_separators=longest_first("range_separator"),
        year_since_markers=longest_first("year_since_marker"),
        comparison_markers=longest_first("comparison_marker"),
        year_until_now_markers=longest_first("year_until_now_marker"),
        integer_units=by_length(r["unit"] for r in _rows(ref_dir / "ref_units.csv")
                                if r["quantity_kind"] == "count" and r["factor"] == "1"),
    )
