"""Physical table readers. Each reader module turns one way of writing a table in plain text into
`Table`s (cells with verbatim text and line spans) and knows nothing about what the table means.

Interface: `read(lines, source_file, lex, is_header, seq_first) -> list[Table]`, where `lines` are the
raw lines of the file, `lex` the reviewed lexicon (the words a reader looks for, such as heading
shapes), `is_header(texts)` says whether a row of cell texts is a header the extractors know, and
`seq_first(texts)` whether the first column numbers the rows. A new physical format (pipe,
box-drawing, space-aligned ...) is one more module registered in READERS; a line belongs to at most
one table (the first reader to claim it wins).
"""
from __future__ import annotations

from ingest.read.tables import tab_cells
from ingest.read.tables.cells import Cell, Table
from ingest.reference.lexicon import Lexicon

READERS = (tab_cells.read,)


def read_tables(lines: list[str], source_file: str, lex: Lexicon, is_header, seq_first=lambda texts: False) -> list[Table]:
    """Every table any registered reader finds, in the order they appear."""
    tables: list[Table] = []
    claimed: set[int] = set()
    for read in READERS:
        for table in read(lines, source_file, lex, is_header, seq_first):
            span = set(range(table.start_line, table.end_line + 1))
            if not span & claimed:
                tables.append(table)
                claimed |= span
    return sorted(tables, key=lambda t: t.start_line)


__all__ = ["Cell", "READERS", "Table", "read_tables"]
