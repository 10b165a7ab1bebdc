"""Property-based tests: arbitrary input never crashes the parsers; it parses or raises the typed error."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.model.errors import NumberParseError, TableError
from ingest.extract.numbers import parse_value, split_name_unit
from ingest.read.tables import read_tables
from ingest.paths import REF_DIR
from ingest.reference.lexicon import load_lexicon

UNITS = frozenset({"%", "万人", "人次/年", "张"})
LEX = load_lexicon(REF_DIR)
CHARS = st.characters(blacklist_categories=("Cs",))
TABLE_ALPHABET = st.sampled_from(["\t", "\n", " ", "序号", "名称", "1", "2", "—", "甲", "（", "）", "第一章", "——", "\r"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=CHARS, max_size=30))
def test_parse_value_parses_or_raises_typed_error(cell):
    try:
        pv = parse_value(cell, LEX)
    except NumberParseError:
        return
    assert pv.value is None or isinstance(pv.value, Decimal)


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6),
       st.sampled_from(["", "%", "％"]), st.booleans())
def test_numbers_round_trip_in_both_widths(value, suffix, full_width):
    text = f"{value}{suffix}"
    if full_width:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.-"})
    assert parse_value(text, LEX).value == value


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=10**4))
def test_ratio_keeps_numerator(value):
    pv = parse_value(f"{value}：100", LEX)
    assert pv.value == value and pv.per == 100


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=CHARS, max_size=20), st.sampled_from(sorted(UNITS) + ["市、区", "x"]))
def test_split_name_unit_never_loses_text(name, unit):
    full = f"{name}({unit})"
    got_name, got_unit = split_name_unit(full, UNITS)
    if got_unit is None:
        assert got_name == full.strip()
    else:
        assert got_unit == unit and got_unit in UNITS


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(TABLE_ALPHABET, max_size=6).map("".join), max_size=40))
def test_table_reader_never_crashes(lines):
    tables = read_tables(lines, "fuzz.txt", LEX, lambda texts: bool(texts) and texts[0] in ("序号", "名称"),
                         lambda texts: texts[0] == "序号")
    for t in tables:
        width = len(t.header)
        assert all(len(r) == width for r in t.rows)
        for e in t.errors:
            assert isinstance(e, TableError) and e.source_file == "fuzz.txt" and e.line >= 1
        for r in t.rows:
            for c in r:
                assert 1 <= c.line <= c.end_line <= len(lines)
