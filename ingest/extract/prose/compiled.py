"""The prose grammar compiled once from its reviewed words.

Every Chinese word and pattern comes from the seeds: the typed word lists of `Words`
(seeds/reference/ref_words.csv) and the named patterns 'prose.*' of seeds/reference/ref_patterns.csv,
read through the lexicon. What is built here from word lists holds no word of its own: the shape of
a number (digits, a point written with spaces or as an uncertain character, corruption markers
touching it) and 'ends with one of these words'. Compiled once per Words object, not per line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.reference.lexicon import alternation
from ingest.reference.words import Words


@dataclass(frozen=True)
class Grammar:
    words: Words
    comparator_before: tuple[tuple[str, str], ...]  # longest first
    markers: tuple[str, ...]  # corruption markers
    marker_edges: frozenset[str]  # '.' and the first and last characters of the markers: a quick pre-test
    unit: re.Pattern  # any unit, longest first (ref_units.csv)
    token: re.Pattern  # one number, with a spaced or uncertain decimal point
    corrupt_tail: re.Pattern | None  # markers and digits after corrupted digits ('3?2', '9.?')
    lead_end: re.Pattern | None  # a name ends with a lead verb ('达到')
    lead_or_per_unit_end: re.Pattern | None  # … or a per-unit phrase ('每人每年')
    integer_units: frozenset[str]  # counts of whole things ('所', '个'): '3. 5所' is list item 3, not 3.5 schools
    age_units: frozenset[str]
    increment_units: frozenset[str]
    name_edge: str  # characters trimmed from both ends of a name: punctuation and name_edge_char words
    # named patterns, seeds/reference/ref_patterns.csv
    range_sep: re.Pattern
    from_to: re.Pattern
    comparison_base: re.Pattern  # '比“十一五”期间', '较2016年', '是2010年的': a time that is a comparison base
    year_in: re.Pattern
    year_range_after: re.Pattern
    five_year_period: re.Pattern
    list_connector: re.Pattern
    list_part_split: re.Pattern
    approximate: re.Pattern
    weak_name_end: re.Pattern
    per_unit_head: re.Pattern
    change_verb_end: re.Pattern
    name_head_year: re.Pattern
    name_head_period: re.Pattern
    name_open_paren: re.Pattern
    noun_qualifier: re.Pattern
    footnote: re.Pattern
    note_lead: re.Pattern
    phone_label_after: re.Pattern
    age_qualifier: re.Pattern
    age_change: re.Pattern
    x_year_unit: re.Pattern
    x_per_ten_thousand: re.Pattern
    x_date_after: re.Pattern
    x_year_span: re.Pattern
    x_document_number_after: re.Pattern
    x_ordinal: re.Pattern
    x_anniversary: re.Pattern
    x_identifier_label: re.Pattern
    x_grade: re.Pattern
    x_list_etc: re.Pattern
    x_list_kinds: re.Pattern
    x_service_items_after: re.Pattern
    x_service_items_before: re.Pattern


def _ends_with(words: tuple[str, ...]) -> re.Pattern | None:
    """One regex for 'ends with one of these words': its leftmost match is the longest such word."""
    words = tuple(w for w in words if w)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r")\Z") if words else None


def _number_patterns(words: Words) -> tuple[re.Pattern, re.Pattern | None]:
    unc = alternation(words.uncertain_decimal_points)
    gap = r"[ ]{1,2}\.[ ]{0,2}|\.[ ]{1,2}" + (rf"|[ ]{{0,2}}(?:{unc})[ ]{{0,2}}" if unc else "")
    markers = tuple(m for m in words.corruption_markers if m)
    # a number starts after anything but a digit or a point; '□.5': a point after a corruption marker too
    after_marker = "".join(f"|(?<={re.escape(m)}\\.)" for m in markers)
    token = re.compile(rf"(?:(?<![\d.]){after_marker})(\d+)(?:(\.\d+)(?![\d])|(?P<gap>{gap})(?P<frac>\d+)(?![\d])(?!\.\d))?")
    mk = alternation(markers)
    corrupt_tail = re.compile(rf"(?:\.?(?:{mk})+[ ]?(?:\d+(?:\.\d+)?)?)+") if mk else None
    return token, corrupt_tail


def compile_grammar(words: Words) -> Grammar:
    lex = words.lexicon
    token, corrupt_tail = _number_patterns(words)
    per_unit = tuple(m for m in words.standard_markers if m.startswith(words.per_unit_prefixes))
    return Grammar(
        words=words,
        comparator_before=tuple(sorted(words.comparator_before.items(), key=lambda kv: -len(kv[0]))),
        markers=tuple(m for m in words.corruption_markers if m),
        marker_edges=frozenset({"."} | {m[0] for m in words.corruption_markers if m}
                               | {m[-1] for m in words.corruption_markers if m}),
        unit=re.compile(alternation(words.units) or "(?!)"),
        token=token,
        corrupt_tail=corrupt_tail,
        lead_end=_ends_with(words.lead_verbs),
        lead_or_per_unit_end=_ends_with(words.lead_verbs + per_unit),
        integer_units=frozenset(words.integer_units),
        age_units=frozenset(words.age_units),
        increment_units=frozenset(words.increment_units),
        name_edge=" 、,，;；:：" + "".join(words.name_edge_chars),
        range_sep=lex.pattern("prose.range_separator_window"),
        from_to=lex.pattern("prose.from_to"),
        comparison_base=lex.pattern("prose.comparison_base"),
        year_in=lex.pattern("prose.year_in"),
        year_range_after=lex.pattern("prose.year_range_after"),
        five_year_period=lex.pattern("period.five_year"),
        list_connector=lex.pattern("prose.list_connector"),
        list_part_split=lex.pattern("prose.list_part_split"),
        approximate=lex.pattern("prose.approximate"),
        weak_name_end=lex.pattern("prose.weak_name_end"),
        per_unit_head=lex.pattern("prose.per_unit_head"),
        change_verb_end=lex.pattern("prose.change_verb_end"),
        name_head_year=lex.pattern("prose.name_head_year"),
        name_head_period=lex.pattern("prose.name_head_period"),
        name_open_paren=lex.pattern("prose.name_open_paren"),
        noun_qualifier=lex.pattern("prose.noun_qualifier"),
        footnote=lex.pattern("prose.footnote"),
        note_lead=lex.pattern("prose.note_lead"),
        phone_label_after=lex.pattern("prose.phone_label_after"),
        age_qualifier=lex.pattern("prose.age_qualifier"),
        age_change=lex.pattern("prose.age_change"),
        x_year_unit=lex.pattern("prose.exclusion.year_unit"),
        x_per_ten_thousand=lex.pattern("prose.exclusion.per_ten_thousand"),
        x_date_after=lex.pattern("prose.exclusion.date_after"),
        x_year_span=lex.pattern("prose.exclusion.year_span"),
        x_document_number_after=lex.pattern("prose.exclusion.document_number_after"),
        x_ordinal=lex.pattern("prose.exclusion.ordinal"),
        x_anniversary=lex.pattern("prose.exclusion.anniversary"),
        x_identifier_label=lex.pattern("prose.exclusion.identifier_label"),
        x_grade=lex.pattern("prose.exclusion.grade"),
        x_list_etc=lex.pattern("prose.exclusion.list_etc"),
        x_list_kinds=lex.pattern("prose.exclusion.list_kinds"),
        x_service_items_after=lex.pattern("prose.exclusion.service_items_after"),
        x_service_items_before=lex.pattern("prose.exclusion.service_items_before"),
    )


_GRAMMARS: dict[int, tuple[Words, Grammar]] = {}


def grammar_of(words: Words) -> Grammar:
    """The compiled grammar of a word list, compiled once per Words object."""
    hit = _GRAMMARS.get(id(words))
    if hit is None or hit[0] is not words:
        if len(_GRAMMARS) > 16:
            _GRAMMARS.clear()
        hit = _GRAMMARS[id(words)] = (words, compile_grammar(words))
    return hit[1]
