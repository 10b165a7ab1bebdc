"""The reviewed word lists of the prose grammar (seeds/reference/ref_words.csv, ref_units.csv)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.reference.rows import rows as _rows


@dataclass(frozen=True)
class Words:
    """Reviewed word lists (seeds/reference/ref_words.csv and ref_units.csv), loaded once by
    load_words below. Every list is longest first."""

    units: tuple[str, ...]  # longest first
    comparator_after: dict[str, str]
    comparator_before: dict[str, str]
    lead_verbs: tuple[str, ...]  # longest first
    fillers: tuple[str, ...]
    change_verbs: tuple[str, ...]
    standard_markers: tuple[str, ...]
    past_markers: tuple[str, ...]
    corruption_markers: tuple[str, ...]
    uncertain_decimal_points: tuple[str, ...]
    from_markers: tuple[str, ...]
    from_to_verbs: tuple[str, ...]
    range_separators: tuple[str, ...]
    year_since_markers: tuple[str, ...]
    comparison_markers: tuple[str, ...]
    year_until_now_markers: tuple[str, ...]
    integer_units: tuple[str, ...]  # units that count whole things (ref_units: count, factor 1): '所', '个'


def load_words(ref_dir: Path, units: frozenset[str]):
    rows = _rows(ref_dir / "ref_words.csv")

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
