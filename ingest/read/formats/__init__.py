"""Input formats: what a file is, told by its bytes, and its conversion to the text the ingest reads.

Plain text goes on to `ingest/read/text.py` as before. HTML, DOCX and PDF are converted, each by one
module here with the same interface,

    convert(raw: bytes, source_file: str) -> Converted

into lines of text in reading order. A table found as real cells (an HTML <table>, a Word table, a
PDF table) is written in the tab-cell layout that `ingest/read/tables/tab_cells.py` reads
(`tab_cell_lines`), so every table goes through the same table readers as a text table. Each line
carries a locator saying where it sits in the original file (page, paragraph, table/row/cell, element
path). The converted text is kept as a derived artefact with its own sha256; `source_line` refers to
it, `source_locator` to the original.

A file no reader can use is a typed error naming the file and what to do (convert an old .doc to
.docx, OCR a scanned PDF), recorded like any other document failure.
"""
from __future__ import annotations

import importlib
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from io import BytesIO

from ingest.model.errors import UnsupportedFormatError

FORMATS = ("text", "html", "docx", "pdf")


@dataclass(frozen=True)
class Converted:
    """A file converted to the text the ingest reads."""

    text: str  # lines joined with '\n'; tables in the tab-cell layout
    locators: tuple[str | None, ...]  # one per line of `text` (index 0 = line 1): where it sits in the original
    format: str  # html | docx | pdf
    converter: str  # the library that read the file, e.g. 'python-docx'
    converter_version: str
    n_pages: int | None = None  # PDF pages; None where a format has no pages
    n_tables: int = 0  # tables found as real cells
    notes: tuple[str, ...] = field(default_factory=tuple)  # what the reader dropped or doubted, for findings


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def detect_format(raw: bytes, source_file: str) -> str:
    """'text', 'html', 'docx' or 'pdf', from the bytes (the extension only breaks a tie). Raises
    UnsupportedFormatError for formats the ingest cannot read."""
    head = raw[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .doc, .xls, .wps
        raise UnsupportedFormatError(source_file, None, "an old binary Office file (.doc/.xls/.wps): save it as .docx "
                                     "(Word: File > Save As; LibreOffice: soffice --headless --convert-to docx) and add that file")
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(raw)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names or source_file.lower().endswith(".docx"):
            return "docx"  # a truncated .docx fails in its reader, with its own message
        raise UnsupportedFormatError(source_file, None, "a zip file that is not a Word .docx document "
                                     "(a spreadsheet or an archive?): extract or convert the plan text and add that file")
    probe = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower().replace(b"\x00", b"")
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in raw[:65536].lower().replace(b"\x00", b""):
        return "html"
    if source_file.lower().endswith((".html", ".htm")) and b"<" in head:
        return "html"
    return "text"


def tab_cell_lines(rows: list[list[str]], locators: list[list[str]]) -> tuple[list[str], list[str | None]]:
    """A table as cells -> the tab-cell text layout (one cell per line, each starting with a tab; the
    header row, a blank line, then the data rows; a cell's own line breaks continue it on lines without
    a tab). `locators[r][c]` says where cell (r, c) sits in the original. Rows are padded to the header's
    width with empty cells."""
    if not rows:
        return [], []
    width = max(len(r) for r in rows)
    out: list[str] = []
    where: list[str | None] = []
    for r, row in enumerate(rows):
        cells = list(row) + [""] * (width - len(row))
        locs = list(locators[r]) + [locators[r][-1] if locators[r] else None] * (width - len(locators[r]))
        for text, loc in zip(cells, locs):
            parts = [p.strip() for p in str(text).replace("\r", "").split("\n")]
            parts = [p for p in parts if p] or [""]
            out.append("\t" + parts[0])
            where.append(loc)
            for extra in parts[1:]:
                out.append(extra)
                where.append(loc)
        if r == 0:
            out.append("")
            where.append(None)
    out.append("")
    where.append(None)
    return out, where


def convert(raw: bytes, source_file: str) -> Converted | None:
    """The converted text of an HTML, DOCX or PDF file; None for plain text (read as it is)."""
    kind = detect_format(raw, source_file)
    if kind == "text":
        return None
    reader = importlib.import_module(f"ingest.read.formats.{kind}")  # each reader imports its library on use
    return reader.convert(raw, source_file)
