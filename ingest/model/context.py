"""What every extractor is handed about the document it reads."""
from __future__ import annotations

from dataclasses import dataclass

from ingest.model.records import Finding
from ingest.read.text import normalise
from ingest.reference import Reference


def derived_text(text: str, script: str, ref: Reference) -> str:
    """The text every derived column is read from: normalised (ingest.read.text.normalise), without
    the pinyin readings a conversion site added ('濟(jì)'); the verbatim text keeps them."""
    return ref.lexicon.pattern("text.pinyin_annotation").sub("", normalise(text, script))


@dataclass(frozen=True)
class DocContext:
    doc_id: str
    source_file: str
    script: str
    ref: Reference

    def norm(self, text: str) -> str:
        return derived_text(text, self.script, self.ref)

    def finding(self, check: str, severity: str, line: int | None, detail: str, text: str | None = None) -> Finding:
        return Finding(self.doc_id, self.source_file, check, severity, line, detail, text)


@dataclass(frozen=True)
class DocInfo:
    """The document's kind and period, as the metadata step found them: what dates an undated value."""

    plan_kind: str | None
    period_start: int | None
    period_end: int | None
    now: int | None = None  # the year the text speaks from when its period is unknown: issue date, else latest date

    @property
    def reference_year(self) -> int | None:
        """Years before this one are the past: the plan's first year, else the year the text speaks from."""
        return self.period_start if self.period_start is not None else self.now
