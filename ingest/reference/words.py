"""The reviewed word lists of the prose grammar, typed: read from the lexicon (seeds/reference/ref_words.csv)
and the units (ref_units.csv), once per run."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.reference.lexicon import Lexicon
from ingest.reference.rows import rows as _rows


@dataclass(frozen=True)
class Words:
    """Reviewed word lists (seeds/reference/ref_words.csv and ref_units.csv), loaded once by
    load_words below. Every list is longest first. The grammar's named patterns (ref_patterns.csv,
    keys 'prose.*') are read from `lexicon`."""

    units: tuple[str, ...]  # longest first
    comparator_after: dict[str, str]  # in seed order: the first that follows a unit wins
    comparator_before: dict[str, str]
    lead_verbs: tuple[str, ...]  # longest first
    fillers: tuple[str, ...]
    standard_markers: tuple[str, ...]
    past_markers: tuple[str, ...]
    target_markers: tuple[str, ...]
    corruption_markers: tuple[str, ...]
    uncertain_decimal_points: tuple[str, ...]
    from_markers: tuple[str, ...]
    year_since_markers: tuple[str, ...]
    year_until_now_markers: tuple[str, ...]
    integer_units: tuple[str, ...]  # units that count whole things (ref_units: count, factor 1): '所', '个'
    age_units: tuple[str, ...]
    increment_units: tuple[str, ...]
    money_units: tuple[str, ...]  # a unit starting with one of these is money
    respectively_markers: tuple[str, ...]
    per_unit_prefixes: tuple[str, ...]  # standard markers starting with one of these are per-unit phrases
    name_edge_chars: tuple[str, ...]  # single characters trimmed from both ends of a name
    unnamed_list_item: str  # name suffix of the n-th value of an unnamed list; '{n}' is the position
    lexicon: Lexicon


def load_words(lex: Lexicon, ref_dir: Path, units: frozenset[str]) -> Words:
    return Words(
        units=tuple(sorted(units, key=lambda w: (-len(w), w))),
        comparator_after=lex.meanings("comparator_after"),
        comparator_before=lex.meanings("comparator_before"),
        lead_verbs=lex.words("lead_verb"),
        fillers=lex.words("filler"),
        standard_markers=lex.words("standard_marker"),
        past_markers=lex.words("past_marker"),
        target_markers=lex.words("target_marker"),
        corruption_markers=lex.words("corruption_marker"),
        uncertain_decimal_points=lex.words("uncertain_decimal_point"),
        from_markers=lex.words("from_marker"),
        year_since_markers=lex.words("year_since_marker"),
        year_until_now_markers=lex.words("year_until_now_marker"),
        integer_units=tuple(sorted((r["unit"] for r in _rows(ref_dir / "ref_units.csv")
                                    if r["quantity_kind"] == "count" and r["factor"] == "1"),
                                   key=lambda w: (-len(w), w))),
        age_units=lex.words("age_unit"),
        increment_units=lex.words("increment_unit"),
        money_units=lex.words("money_unit"),
        respectively_markers=lex.words("respectively_marker"),
        per_unit_prefixes=lex.words("per_unit_prefix"),
        name_edge_chars=lex.words("name_edge_char"),
        unnamed_list_item=lex.words("unnamed_list_item")[0],
        lexicon=lex,
    )
