"""What every table reader returns: cells with their verbatim text and line span, in rows under a header."""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.model.errors import TableError


@dataclass(frozen=True)
class Cell:
    text: str  # verbatim, original line breaks kept for wrapped cells, leading tab removed
    line: int  # 1-based first line
    end_line: int  # 1-based last line

    @property
    def joined(self) -> str:
        """The cell as one string: wrapped fragments joined without separator (Chinese text)."""
        return "".join(part.strip() for part in self.text.split("\n"))


@dataclass
class Table:
    header: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)
    title: str | None = None
    title_line: int | None = None
    errors: list[TableError] = field(default_factory=list)

    @property
    def start_line(self) -> int:
        return self.header[0].line

    @property
    def end_line(self) -> int:
        return self.rows[-1][-1].end_line if self.rows else self.header[-1].end_line
