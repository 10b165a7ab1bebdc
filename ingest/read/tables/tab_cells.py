"""A generic reader for tables written one cell per line.

Many plan texts copied from web pages or word processors keep a table as a run of lines that
each start with a tab: one line per cell, row after row. A cell may wrap onto following lines
that do not start with a tab (for example '服务\\n项目' or '0—6岁\\n儿童'); those lines are joined
to the cell. Blank lines carry no structure. The header row fixes the number of columns.

A line that is a section heading or a dash-led item (pattern `tab_cells.heading_line` in
seeds/reference/ref_patterns.csv: 第X章, 一、, ——) is never the wrapped tail of a cell.

The reader knows nothing about which document it reads. It returns Table objects with every
cell's verbatim text and line span, or raises TableError naming the file and line.
"""
from __future__ import annotations

import re

from ingest.model.errors import TableError
from ingest.read.tables.cells import Cell, Table
from ingest.reference.lexicon import Lexicon

CELL_PREFIX = "\t"
MAX_WRAP_LINES = 8


def _is_cell(line: str) -> bool:
    return line.startswith(CELL_PREFIX)


def _next_nonblank(lines: list[str], i: int) -> int | None:
    while i < len(lines):
        if lines[i].strip():
            return i
        i += 1
    return None


def _wrap_block_end(lines: list[str], i: int, heading: re.Pattern) -> int | None:
    """If lines[i:] is a short block of non-cell text, without a `heading` line, followed by a cell
    line, return the index of that cell line; else None. Such a block is the wrapped tail of the
    previous cell."""
    count = 0
    j = i
    while j < len(lines) and not _is_cell(lines[j]):
        if lines[j].strip():
            count += 1
            if count > MAX_WRAP_LINES or heading.match(lines[j]):
                return None
        j += 1
    return j if j < len(lines) else None


def _append_wrap(cell: Cell, lines: list[str], start: int, stop: int) -> Cell:
    """Extend a cell with lines[start:stop] (verbatim, trailing blank lines dropped)."""
    last = stop - 1
    while last >= start and not lines[last].strip():
        last -= 1
    if last < start:
        return cell
    text = cell.text + "\n" + "\n".join(lines[cell.end_line : last + 1])
    return Cell(text=text, line=cell.line, end_line=last + 1)


def _title_before(lines: list[str], i: int) -> tuple[str | None, int | None]:
    """The nearest non-blank line above index i, within 3 lines, when it looks like a caption."""
    j = i - 1
    while j >= 0 and i - j <= 3:
        text = lines[j].strip()
        if text:
            if not _is_cell(lines[j]) and len(text) <= 80:
                return text, j + 1
            return None, None
        j -= 1
    return None, None


def _read_header(lines: list[str], i: int, heading: re.Pattern) -> tuple[list[Cell], int]:
    """Header cells run until a blank line that is followed by a cell line (the first data row).
    A blank line followed by text is a wrapped header cell ('服务', '', '项目')."""
    cells: list[Cell] = []
    while i < len(lines):
        line = lines[i]
        if _is_cell(line):
            cells.append(Cell(line[len(CELL_PREFIX):], i + 1, i + 1))
            i += 1
            continue
        nxt = _next_nonblank(lines, i)
        if nxt is None or not cells:
            return cells, i
        if nxt > i and _is_cell(lines[nxt]):  # blank line(s), then the first row
            return cells, nxt
        stop = _wrap_block_end(lines, i, heading)
        if stop is None:
            return cells, i
        cells[-1] = _append_wrap(cells[-1], lines, i, stop)
        i = stop
    return cells, i


def read(lines: list[str], source_file: str, lex: Lexicon, is_header, seq_first=lambda texts: False) -> list[Table]:
    """Find every tab-cell table whose header satisfies `is_header(list_of_header_texts)`.

    `lines` are the raw lines of the file (index 0 = line 1). Runs of cell lines whose header is
    not recognised are skipped. When `seq_first(header_texts)` is true, the first column numbers
    the rows (1, 2, 3 ...): rows are then delimited by those numbers, so a missing or extra cell is
    reported for its own row and does not shift the rows after it.
    """
    heading = lex.pattern("tab_cells.heading_line")
    tables: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        if not _is_cell(lines[i]):
            i += 1
            continue
        header, j = _read_header(lines, i, heading)
        if not is_header([c.joined for c in header]):
            # not a table we know: skip only this contiguous run of cell lines, so that a
            # recognised header after the next text line is still found
            while i < n and _is_cell(lines[i]):
                i += 1
            continue
        title, title_line = _title_before(lines, i)
        table = Table(header=header, title=title, title_line=title_line)
        texts = [c.joined for c in header]
        if seq_first(texts):
            i = _read_numbered_rows(lines, j, table, source_file, is_header, heading)
        else:
            i = _read_rows(lines, j, table, source_file, is_header, heading)
        tables.append(table)
    return tables


def _starts_table(lines: list[str], i: int, is_header, heading: re.Pattern) -> bool:
    header, _ = _read_header(lines, i, heading)
    return bool(header) and is_header([c.joined for c in header])


def _read_rows(lines: list[str], i: int, table: Table, source_file: str, is_header, heading: re.Pattern) -> int:
    width = len(table.header)
    row: list[Cell] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_cell(line):
            row.append(Cell(line[len(CELL_PREFIX):], i + 1, i + 1))
            if len(row) == width:
                table.rows.append(row)
                row = []
            i += 1
            continue
        if not line.strip():
            i += 1
            continue
        # a non-cell text line: the wrapped tail of the current cell (or of the last cell of the
        # row just completed, when more rows follow), or else the end of the table
        stop = _wrap_block_end(lines, i, heading)
        if stop is None:
            break
        if row:
            row[-1] = _append_wrap(row[-1], lines, i, stop)
        elif table.rows and not _starts_table(lines, stop, is_header, heading):
            table.rows[-1][-1] = _append_wrap(table.rows[-1][-1], lines, i, stop)
        else:
            break
        i = stop
    if row:
        table.errors.append(_truncated(table, row, source_file, min(i + 1, n)))
    return i


def _truncated(table: Table, row: list[Cell], source_file: str, before_line: int) -> TableError:
    """A row that ended before it had a cell for every header column."""
    return TableError(source_file, row[0].line,
                      f"truncated table row: {len(row)} of {len(table.header)} cells before line {before_line}"
                      f" (table '{table.title or table.header[0].joined}' starting line {table.start_line})",
                      text=row[0].text)


def _seq_of(cell: Cell) -> int | None:
    text = cell.joined.strip()
    return int(text) if text.isdigit() else None


def _read_numbered_rows(lines: list[str], i: int, table: Table, source_file: str, is_header,
                        heading: re.Pattern) -> int:
    """Rows start at a cell holding the next row number (only where a full row, or a row short of
    one cell, has been read: the number cannot be mistaken for content in the middle of a row)."""
    width = len(table.header)
    row: list[Cell] = []
    n = len(lines)

    def close(row: list[Cell]) -> None:
        if len(row) == width:
            table.rows.append(row)
        else:
            what = "missing" if len(row) < width else "extra"
            table.errors.append(TableError(
                source_file, row[0].line,
                f"row {row[0].joined.strip()!r} has {len(row)} cells where the header has {width} ({what} cell;"
                f" lines {row[0].line}-{row[-1].end_line}); row not loaded",
                text=row[0].text))

    while i < n:
        line = lines[i]
        if _is_cell(line):
            cell = Cell(line[len(CELL_PREFIX):], i + 1, i + 1)
            seq = _seq_of(cell)
            expected = (_seq_of(row[0]) or 0) + 1 if row else None
            if row and seq is not None and seq == expected and len(row) >= width - 1:
                close(row)
                row = []
            row.append(cell)
            i += 1
            continue
        if not line.strip():
            i += 1
            continue
        stop = _wrap_block_end(lines, i, heading)
        if stop is None or not row or (len(row) >= width and _starts_table(lines, stop, is_header, heading)):
            break
        row[-1] = _append_wrap(row[-1], lines, i, stop)
        i = stop
    if row:
        if len(row) < width:
            table.errors.append(_truncated(table, row, source_file, min(i + 1, n)))
        else:
            close(row)
    return i
