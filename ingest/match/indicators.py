"""Indicator statements -> canonical indicators (ref_indicators): exact name, synonym or pattern."""
from __future__ import annotations

from ingest.reference.catalogue import Indicator


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
