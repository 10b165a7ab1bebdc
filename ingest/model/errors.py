"""Typed ingest errors. Every error names the file, the 1-based line and the reason."""
from __future__ import annotations


class IngestError(Exception):
    """A problem in one source document. It is recorded and the other documents still build."""

    kind = "ingest_error"

    def __init__(self, source_file: str, line: int | None, reason: str, text: str | None = None):
        self.source_file = source_file
        self.line = line
        self.reason = reason
        self.text = text
        where = f"{source_file}:{line}" if line else source_file
        super().__init__(f"{where}: {self.kind}: {reason}")

    def as_record(self, doc_id: str | None) -> dict:
        return {
            "doc_id": doc_id,
            "source_file": self.source_file,
            "source_line": self.line,
            "error_kind": self.kind,
            "reason": self.reason,
            "source_text": self.text,
        }


class DecodeError(IngestError):
    kind = "undecodable_file"


class TableError(IngestError):
    kind = "malformed_table"


class CellParseError(IngestError):
    kind = "unparseable_cell"


class NumberParseError(ValueError):
    """Raised by the pure number parser; callers wrap it in CellParseError with file and line."""


class ExtractorError(IngestError):
    """The extractor itself failed on a document (a bug). The document is recorded as failed with this
    error finding, and the other documents still build; STRICT=1 makes it fatal."""

    kind = "extractor_error"


class UnsupportedFormatError(IngestError):
    """A file format the ingest cannot read (an old binary .doc, a spreadsheet ...): the reason says how
    to convert it."""

    kind = "unsupported_format"


class CorruptFileError(IngestError):
    """A file of a known format that its reader cannot open: a truncated zip, an encrypted PDF."""

    kind = "corrupt_file"


class NoTextError(IngestError):
    """A readable file with no text to ingest: a scanned PDF without a text layer, an HTML page with no
    article body."""

    kind = "no_text"
