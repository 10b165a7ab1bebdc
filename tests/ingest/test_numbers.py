from decimal import Decimal

import pytest

from ingest.model.errors import NumberParseError
from ingest.extract.numbers import parse_value, ratio_unit, split_name_unit
from ingest.paths import REF_DIR
from ingest.reference.lexicon import load_lexicon

UNITS = frozenset({"%", "万人", "人次/年", "万人次"})
LEX = load_lexicon(REF_DIR)


@pytest.mark.parametrize("cell", ["—", "——", "", "  ", "-", "－", "－－", "无"])
def test_dash_and_empty_are_null_never_zero(cell):
    assert parse_value(cell, LEX).value is None


@pytest.mark.parametrize("cell,value", [
    ("96.98", Decimal("96.98")), ("97", Decimal("97")), ("-2.68", Decimal("-2.68")),
    ("５.７０", Decimal("5.70")), ("1,910", Decimal("1910")), ("89%", Decimal("89")), ("８９％", Decimal("89")),
])
def test_numbers_full_and_half_width(cell, value):
    assert parse_value(cell, LEX).value == value


def test_full_width_ratio_keeps_value_and_base():
    pv = parse_value("109．68：100", LEX)
    assert pv.value == Decimal("109.68") and pv.per == Decimal("100")
    assert ratio_unit(pv.per) == ":100"


@pytest.mark.parametrize("cell", ["约97", "97~98", "abc", "1:0", "9.7.1"])
def test_unparseable_raises_typed_error(cell):
    with pytest.raises(NumberParseError):
        parse_value(cell, LEX)


@pytest.mark.parametrize("name,expected", [
    ("九年义务教育巩固率(%)", ("九年义务教育巩固率", "%")),
    ("义务教育基本均衡县(市、区)的比例(%)", ("义务教育基本均衡县(市、区)的比例", "%")),
    ("农民工职业技能(市人社局系统数据)培训(万人次)", ("农民工职业技能(市人社局系统数据)培训", "万人次")),
    ("残疾人托养机构服务能力(人次/年)", ("残疾人托养机构服务能力", "人次/年")),
    ("出生人口性别比", ("出生人口性别比", None)),
    ("覆盖率(市、区)", ("覆盖率(市、区)", None)),  # a trailing parenthesis that is not a unit stays in the name
])
def test_unit_from_trailing_parentheses(name, expected):
    assert split_name_unit(name, UNITS) == expected


@pytest.mark.parametrize("cell,value", [
    ("92. 4", Decimal("92.4")), ("385 .6", Decimal("385.6")), ("92 . 4%", Decimal("92.4")), ("９２．　４％", Decimal("92.4")),
    ("109. 68：100", Decimal("109.68")),
])
def test_a_decimal_point_with_spaces_is_one_number(cell, value):
    assert parse_value(cell, LEX).value == value


@pytest.mark.parametrize("cell", ["92。4", "92·4", "3?2", "3�2", "3□2", "9. 7. 1"])
def test_uncertain_or_corrupted_cells_are_not_read(cell):
    with pytest.raises(NumberParseError):  # the caller reports the cell; no value is guessed
        parse_value(cell, LEX)
