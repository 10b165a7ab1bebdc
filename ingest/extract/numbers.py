"""Pure parsers for numbers and units found in plan texts. No I/O.

A value cell that is a dash, a slash, an ellipsis or a word of kind `null_value_word` (无, in
seeds/reference/ref_words.csv) holds no value: NULL, never zero."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ingest.model.errors import NumberParseError
from ingest.read.text import fold_width
from ingest.reference.lexicon import Lexicon

# Cells that mean "no value" by their symbols alone (words meaning it are the null_value_word kind). Never zero.
NULL_MARKERS = frozenset({"", "—", "——", "-", "--", "/", "…"})

_NUMBER = r"[+-]?\d+(?:\.\d+)?"
_PLAIN = re.compile(rf"^({_NUMBER})$")
_PERCENT = re.compile(rf"^({_NUMBER})%$")
_RATIO = re.compile(rf"^({_NUMBER})\s*:\s*({_NUMBER})$")
# '92. 4', '385 .6': a decimal point with spaces around it (PDF conversion). Only between two digit runs;
# an ideographic full stop or a middle dot between digits ('92。4') is not read: the caller reports the cell.
_SPACED_POINT = re.compile(r"(?<=\d)[ \t]*\.[ \t]*(?=\d)")


@dataclass(frozen=True)
class ParsedValue:
    """A number as written. `per` is set for a ratio such as 109.68:100 (value 109.68, per 100)."""

    value: Decimal | None
    per: Decimal | None = None
    percent_sign: bool = False

    @property
    def is_null(self) -> bool:
        return self.value is None


def _dec(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regexes only admit valid decimals
        raise NumberParseError(f"not a number: {text!r}") from exc


def parse_value(cell: str, lex: Lexicon) -> ParsedValue:
    """Parse one table value cell.

    Accepts plain decimals, a trailing %, and ratios 'a:b' (full-width forms too).
    Dashes, empty cells and null words (无) are NULL. Anything else raises NumberParseError.
    """
    text = fold_width(cell).strip().replace(",", "")
    text = text.replace("\u2014", "—").replace("\u2212", "-")
    text = _SPACED_POINT.sub(".", text)
    if text in NULL_MARKERS or text in lex.words("null_value_word") or set(text) <= {"—", "-", " "}:
        return ParsedValue(None)
    if m := _PLAIN.match(text):
        return ParsedValue(_dec(m.group(1)))
    if m := _PERCENT.match(text):
        return ParsedValue(_dec(m.group(1)), percent_sign=True)
    if m := _RATIO.match(text):
        den = _dec(m.group(2))
        if den == 0:
            raise NumberParseError(f"ratio with zero denominator: {cell!r}")
        return ParsedValue(_dec(m.group(1)), per=den)
    raise NumberParseError(f"not a number, ratio or dash: {cell!r}")


def decimals(value: Decimal | None) -> int:
    """Number of digits after the decimal point as written (0 for integers)."""
    if value is None:
        return 0
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# A unit in parentheses at the end of a name: 九年义务教育巩固率（%）. Full-width parens are folded first.
_TRAILING_PAREN = re.compile(r"^(?P<name>.*\S)\s*\((?P<unit>[^()]{1,12})\)$")


def split_name_unit(name: str, known_units: frozenset[str]) -> tuple[str, str | None]:
    """Split a normalised indicator name into (name, unit) when it ends in a known unit in parentheses.

    A trailing parenthesis that is not a known unit (e.g. '(市、区)') stays part of the name.
    """
    m = _TRAILING_PAREN.match(name.strip())
    if m and m.group("unit").strip() in known_units:
        return m.group("name").strip(), m.group("unit").strip()
    return name.strip(), None


def ratio_unit(per: Decimal) -> str:
    """The unit used for a ratio value: ':100' means 'per 100 of the reference group'."""
    return f":{per.normalize():f}"
