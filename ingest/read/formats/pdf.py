"""PDF with a text layer -> the lines of text the ingest reads, tables as tab cells.

Two readers, each for what it does best (measured on the plans printed by Chromium, see
tests/ingest/test_format_pdf.py):
- characters by pypdfium2 (PDFium): each with its box, font size and angle. pdfminer.six (under
  pdfplumber) gives the same Chinese text, but interprets the content stream in Python: 4 to 7 times
  slower (the 27-page plan 004: 4.6 s against 1.1 s; 30-300 ms a page, depending on how the producer places
  its glyphs). Neither gives reading order by itself (PDFium's plain text follows the content stream:
  Chromium draws the page-number box first), so lines are built here from positions. Both lose a glyph
  the font maps to no character (pdfminer writes '(cid:0)', PDFium 0): it becomes U+FFFD, with a note.
- ruled tables by pdfplumber's table finder, fed with the horizontal and vertical segments PDFium reads
  from the page's paths (pdfplumber's "explicit" lines strategy): pdfplumber does not parse the pages.

Everything is told from the layout, never from words:
- lines: characters grouped by their vertical centre, ordered left to right. CJK characters drawn side
  by side are joined without a space; a space stands where the file drew one (PDFium reports it) over
  a gap of a fifth of an em or more, between two Latin letters/digits drawn apart, and where a gap of
  two ems or more separates two runs;
- paragraphs: a line that was wrapped by the page (the first word of the next line would not have
  fitted on it), followed closely by a line of the same size that is not indented, continues on that
  line, also across a page break; so a sentence and its numbers stay on one line, as in a text file;
- running headers and footers: the same text (digits masked, so '- 3 -' and '- 4 -' are one text) at
  the same height on most pages, among the first or last two lines of a page; and a lone number
  alone at the bottom of a page (a page number);
- tables: ruling lines (pdfplumber's table finder) with at least two rows and two columns; each cell is
  read with the same line rules (a line wrapped by the cell's width is joined; a line break that
  the cell did not force is kept) and written with `tab_cell_lines`; the characters inside a table
  are not also read as lines. A table that ends a page and one that starts the next page with the
  same columns is one table; a header row repeated at the top of the next page is dropped;
- characters not drawn upright (rotated watermarks, vertical margin notes) are left out.

Locators: `page{n}` for a line (the page of its first line), `page{n}/table{t}/row{r}/cell{c}` for a
cell (t-th table on page n, all 1-based).

Failures: a PDF that needs a password, a truncated or unreadable file -> CorruptFileError; a PDF whose
pages carry no characters (a scan) -> NoTextError, asking for OCR.
"""
from __future__ import annotations

import ctypes
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO

from ingest.model.errors import CorruptFileError, NoTextError
from ingest.read.formats import Converted, tab_cell_lines, version_of

CONVERTER = "pypdfium2+pdfplumber"  # characters by pdfium; ruled tables by pdfplumber (pdfminer.six)

EOF_WINDOW = 1024  # a complete PDF ends with %%EOF; readers accept up to this many bytes after it
SAME_LINE = 0.4  # characters whose vertical centres differ by less than this many ems share a line
LATIN_GAP = 0.15  # ems between two Latin letters/digits that is a space the file did not draw
DUPLICATE = 0.3  # of its width: the same character drawn again closer than this is one character
SPACE_GAP = 0.2  # ems: a gap where the file drew a space (pdfium reports it) is a space, between any characters
COLUMN_GAP = 2.0  # ems between two runs on a line that is a space whatever the script
PARA_GAP = 0.5  # ems of vertical gap between two lines above which a new paragraph starts
INDENT = 0.5  # ems right of the left edge of the text at which a line counts as indented
RUNNING_LINES = 2  # how many lines at the top and at the bottom of a page may be a running header/footer
RUNNING_TOLERANCE = 3.0  # points: how close two running lines must sit on their pages
PAGE_NUMBER_ZONE = 0.8  # a lone number below this fraction of the page height is a page number
AXIS_TOLERANCE = 0.5  # points: a segment this close to level (or plumb) is a ruling line
MIN_EDGE = 1.0  # points: shorter segments are not ruling lines (pdfplumber drops edges under 3 points)
MAX_FORM_DEPTH = 8  # form XObjects nested deeper than this are not searched for ruling lines
EDGE_TOLERANCE = 2.0  # points: column edges of two table parts that continue one another
_DIGITS = re.compile(r"\d+")
_LONE_NUMBER = re.compile(r"^[\W_]*\d{1,4}(?:\s*/\s*\d{1,4})?[\W_]*$")

ENCRYPTED = ("the PDF is encrypted (it needs a password to open): remove the password (open it with the password "
             "and print to PDF, or qpdf --password=... --decrypt in.pdf out.pdf) and add that file")
TRUNCATED = "the PDF is truncated (no %%EOF at its end): download or export it again and add the complete file"
CORRUPT = "the PDF cannot be read ({}): open it in a PDF viewer and print it to a new PDF, then add that file"
NO_TEXT = ("the PDF has no text layer (its {} pages carry no characters: a scan or images of text): OCR it, e.g. "
           "ocrmypdf -l chi_sim in.pdf out.pdf, and add the OCRed file")


# ---------------------------------------------------------------- layout objects
@dataclass
class Line:
    """One line of characters as drawn: text and the box of its non-space characters."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_unit: float  # width of what would have had to fit at the end of the previous line (a word, a CJK char)
    page: int = 0


@dataclass
class Grid:
    """A table found on one page: cell texts by row, and where it sits."""

    page: int
    index: int  # 1-based among the tables of its page
    top: float
    bottom: float
    col_edges: tuple[float, ...]
    rows: list[list[str]]
    box: tuple[float, float, float, float]
    row_pages: list[tuple[int, int, int]] = field(default_factory=list)  # (page, table index, row on that page)


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line]
    grids: list[Grid]
    n_chars: int
    n_rotated: int


# ---------------------------------------------------------------- characters -> lines
def is_wide(ch: str) -> bool:
    """A CJK character or full-width form (ideographs, kana, full-width punctuation, U+3000)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _joiner(prev: dict, cur: dict, size: float) -> str:
    """What goes between two characters drawn next to each other on a line."""
    a, b = prev["text"], cur["text"]
    if a.isspace() or b.isspace():
        return ""
    gap = cur["x0"] - prev["x1"]
    if gap >= COLUMN_GAP * size or (cur.get("space_before") and gap >= SPACE_GAP * size):
        return " "
    if not is_wide(a[-1]) and not is_wide(b[0]) and gap >= LATIN_GAP * size:
        return " "
    return ""


def _no_break_before(ch: str) -> bool:
    """Punctuation that may not start a line (closing brackets and quotes, commas, full stops...)."""
    return unicodedata.category(ch) in ("Pe", "Pf", "Po")


def _no_break_after(ch: str) -> bool:
    """Punctuation that may not end a line (opening brackets and quotes)."""
    return unicodedata.category(ch) in ("Ps", "Pi")


def _is_quote(ch: str) -> bool:
    return unicodedata.category(ch) in ("Pi", "Pf")


def _first_unit(chars: list[dict]) -> float:
    """Width of the first breakable unit of a line: opening punctuation, then one wide character or a run
    of Latin letters/digits, then the punctuation that may not start a line; quotes glue on both sides,
    so an opening quote carries the character after it too ('应“1', '匠”“智')."""
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return 0.0
    j = 0
    while j < len(visible) - 1 and _no_break_after(visible[j]["text"][0]):
        j += 1
    end = visible[j]["x1"]
    in_word = not is_wide(visible[j]["text"][0])
    j += 1
    while j < len(visible):
        c, ch = visible[j], visible[j]["text"][0]
        if c["x0"] - visible[j - 1]["x1"] >= LATIN_GAP * c["size"]:
            break
        if in_word and not is_wide(ch) and not _no_break_after(ch):
            end = c["x1"]
        elif _no_break_before(ch):
            in_word = not is_wide(ch)  # a narrow comma or stop glues to the digits after it ('準,80%')
            end = c["x1"]
        elif _no_break_after(ch) and (_is_quote(ch) or _is_quote(visible[j - 1]["text"][0])):
            while j < len(visible) - 1 and _no_break_after(visible[j]["text"][0]):
                j += 1
            end = visible[j]["x1"]
            in_word = not is_wide(visible[j]["text"][0])
        else:
            break
        j += 1
    return end - visible[0]["x0"]


def dedupe(chars: list[dict]) -> list[dict]:
    """Drop a character drawn again over itself (fake bold, shadows): same text, nearly the same place
    (two apostrophes side by side are two characters)."""
    out: list[dict] = []
    for c in chars:
        prev = out[-1] if out else None
        width = max(c["x1"] - c["x0"], 0.0)
        if (prev and prev["text"] == c["text"] and abs(c["x0"] - prev["x0"]) < DUPLICATE * min(c["size"], width)
                and abs(c["top"] - prev["top"]) < DUPLICATE * c["size"]):
            continue
        out.append(c)
    return out


def make_line(chars: list[dict]) -> Line | None:
    """One line from its characters (any order); None when it has no visible character."""
    chars = dedupe(sorted(chars, key=lambda c: c["x0"]))
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return None
    size = statistics.median(c["size"] for c in visible)
    parts = [chars[0]["text"]]
    for prev, cur in zip(chars, chars[1:]):
        parts.append(_joiner(prev, cur, size) + cur["text"])
    text = "".join(parts).replace("\t", " ").strip()
    return Line(text, visible[0]["x0"], visible[-1]["x1"], min(c["top"] for c in visible),
                max(c["bottom"] for c in visible), size, _first_unit(chars))


def group_lines(chars: list[dict]) -> list[Line]:
    """Characters -> lines, top to bottom. Characters whose vertical centres lie within SAME_LINE ems
    of the first character of a line belong to it (fonts of one line differ a little in their boxes)."""
    ordered = sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    groups: list[list[dict]] = []
    anchor = None
    for c in ordered:
        centre = (c["top"] + c["bottom"]) / 2
        if anchor is None or centre - anchor > SAME_LINE * max(c["size"], 1.0):
            groups.append([])
            anchor = centre
        groups[-1].append(c)
    lines = [make_line(g) for g in groups]
    return [ln for ln in lines if ln is not None]


# ---------------------------------------------------------------- paragraphs
def soft_wrapped(a: Line, b: Line, right: float) -> bool:
    """Line `a` was broken by the width available (ending at `right`): the first unit of `b` would not
    have fitted after it."""
    return a.x1 + b.first_unit > right - 0.5


def continues(a: Line, b: Line, left: float, right: float, same_page: bool) -> bool:
    """Whether `b` continues the paragraph of `a`."""
    if abs(a.size - b.size) > 0.1 * a.size or b.x0 > left + INDENT * b.size:
        return False
    if same_page and b.top - a.bottom > PARA_GAP * a.size:
        return False
    return soft_wrapped(a, b, right)


def join_texts(a: str, b: str) -> str:
    """Two parts of one wrapped paragraph: Latin words broken at a space get the space back."""
    if a and b and not is_wide(a[-1]) and not is_wide(b[0]) and a[-1].isalnum() and b[0].isalnum():
        return a + " " + b
    return a + b


def text_edges(pages: list[Page]) -> tuple[float, float]:
    """The left and right edges of the body text: where most lines start, and the farthest any reaches."""
    lines = [ln for p in pages for ln in p.lines]
    if not lines:
        return 0.0, 0.0
    lefts = sorted(ln.x0 for ln in lines)
    return lefts[len(lefts) // 20], max(ln.x1 for ln in lines)


# ---------------------------------------------------------------- tables
def _inside(c: dict, bbox: tuple[float, float, float, float]) -> bool:
    x = (c["x0"] + c["x1"]) / 2
    y = (c["top"] + c["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def cell_text(lines: list[Line], right: float) -> str:
    """A cell's lines: a line wrapped by the cell's width is joined to the next, a forced break is kept."""
    if not lines:
        return ""
    parts = [lines[0].text]
    for a, b in zip(lines, lines[1:]):
        if soft_wrapped(a, b, right) and b.top - a.bottom <= PARA_GAP * a.size:
            parts[-1] = join_texts(parts[-1], b.text)
        else:
            parts.append(b.text)
    return "\n".join(parts)


def _row_cells(row, chars: list[dict]) -> list[tuple[tuple, list[Line]] | None]:
    """The lines of each cell of one table row (None for a cell merged into its neighbour)."""
    inside = [c for c in chars if _inside(c, row.bbox)]
    return [(bbox, group_lines([c for c in inside if _inside(c, bbox)])) if bbox else None for bbox in row.cells]


def read_grid(table, chars: list[dict], page_no: int, index: int) -> Grid:
    """A pdfplumber table -> cell texts; a cell merged into its neighbour is empty."""
    bbox = table.bbox
    chars = [c for c in chars if _inside(c, bbox)]
    cells = [_row_cells(row, chars) for row in table.rows]
    insets = [cell[1][0].x0 - cell[0][0] for row in cells for cell in row if cell and cell[1]]
    pad = max(min(insets), 0.0) if insets else 0.0
    rows = [[cell_text(cell[1], cell[0][2] - pad) if cell else "" for cell in row] for row in cells]
    x_edges = sorted({round(b[0], 1) for row in table.rows for b in row.cells if b} | {round(bbox[2], 1)})
    return Grid(page_no, index, bbox[1], bbox[3], tuple(x_edges), rows, bbox,
                [(page_no, index, r) for r in range(1, len(rows) + 1)])


def is_real_table(table) -> bool:
    """At least two rows and two columns: a single ruled box around text is a frame, not a table."""
    return len(table.rows) >= 2 and max((len(r.cells) for r in table.rows), default=0) >= 2


def same_columns(a: Grid, b: Grid) -> bool:
    return len(a.col_edges) == len(b.col_edges) and all(
        abs(x - y) <= EDGE_TOLERANCE for x, y in zip(a.col_edges, b.col_edges))


# ---------------------------------------------------------------- pages
def read_page(number: int, height: float, chars: list[dict], tables: list) -> Page:
    """One page's characters and pdfplumber tables -> its body lines (outside tables) and its grids."""
    upright = [c for c in chars if c["upright"]]
    tables = [t for t in tables if is_real_table(t)]
    grids = [read_grid(t, upright, number, i) for i, t in enumerate(tables, 1)]
    boxes = [g.box for g in grids]
    body = [c for c in upright if not any(_inside(c, b) for b in boxes)]
    lines = group_lines(body)
    for ln in lines:
        ln.page = number
    visible = sum(1 for c in chars if not c["text"].isspace())
    return Page(number, height, lines, grids, visible, len(chars) - len(upright))


def _masked(text: str) -> str:
    return _DIGITS.sub("#", "".join(text.split()))


def running_lines(pages: list[Page]) -> set[tuple[int, int]]:
    """(page number, id of line) of the running headers and footers: the same masked text at the same
    height among the first or last RUNNING_LINES lines of more than half of the pages (two at least)."""
    need = max(2, len(pages) // 2 + 1)
    seen: dict[str, list[tuple[float, int, int]]] = {}
    for p in pages:
        edge = p.lines[:RUNNING_LINES] + p.lines[-RUNNING_LINES:]
        for ln in {id(x): x for x in edge}.values():
            seen.setdefault(_masked(ln.text), []).append((ln.top, p.number, id(ln)))
    drop: set[tuple[int, int]] = set()
    for hits in seen.values():
        hits.sort()
        start = 0
        for i in range(1, len(hits) + 1):
            if i == len(hits) or hits[i][0] - hits[i - 1][0] > RUNNING_TOLERANCE:
                group = hits[start:i]
                if len({h[1] for h in group}) >= need:
                    drop |= {(h[1], h[2]) for h in group}
                start = i
    return drop


def is_page_number(ln: Line, page: Page) -> bool:
    """A lone number, the last line of its page, in the bottom part of the page."""
    return (bool(_LONE_NUMBER.match(ln.text)) and not any(is_wide(ch) for ch in ln.text)
            and ln.top >= PAGE_NUMBER_ZONE * page.height and page.lines and page.lines[-1] is ln)


def drop_running(pages: list[Page]) -> list[str]:
    """Remove running headers/footers and page numbers from the pages; what was dropped, for the notes."""
    drop = running_lines(pages) if len(pages) >= 2 else set()
    dropped: dict[str, set[int]] = {}
    for p in pages:
        keep = []
        for ln in p.lines:
            if (p.number, id(ln)) in drop or is_page_number(ln, p):
                dropped.setdefault(_masked(ln.text), set()).add(p.number)
            else:
                keep.append(ln)
        p.lines = keep
    return [f"dropped a running header/footer or page number {text!r} on {len(nums)} page(s)"
            for text, nums in sorted(dropped.items())]


# ---------------------------------------------------------------- reading order
def blocks(pages: list[Page]) -> list[Line | Grid]:
    """Lines and tables of all pages in reading order (top to bottom on each page), with tables that
    continue on the next page merged into one."""
    out: list[Line | Grid] = []
    for p in pages:
        items: list[Line | Grid] = sorted([*p.lines, *p.grids], key=lambda x: x.top)
        for k, item in enumerate(items):
            prev = out[-1] if out else None
            if (k == 0 and isinstance(item, Grid) and isinstance(prev, Grid) and prev.row_pages
                    and prev.row_pages[-1][0] == p.number - 1 and same_columns(prev, item)):
                rows = list(zip(item.rows, item.row_pages))
                if rows and rows[0][0] == prev.rows[0]:  # the header repeated on the new page
                    rows = rows[1:]
                prev.rows += [r for r, _ in rows]
                prev.row_pages += [w for _, w in rows]
                continue
            out.append(item)
    return out


def emit(items: list[Line | Grid], left: float, right: float) -> tuple[list[str], list[str | None], int]:
    """Paragraph lines and tab-cell tables, with one locator per line; and the number of tables."""
    text: list[str] = []
    where: list[str | None] = []
    n_tables = 0
    last: Line | None = None
    for item in items:
        if isinstance(item, Grid):
            locs = [[f"page{pg}/table{t}/row{r}/cell{c}" for c in range(1, len(row) + 1)]
                    for row, (pg, t, r) in zip(item.rows, item.row_pages)]
            lines, locators = tab_cell_lines(item.rows, locs)
            text += lines
            where += locators
            n_tables += 1
            last = None
            continue
        if last is not None and continues(last, item, left, right, last.page == item.page):
            text[-1] = join_texts(text[-1], item.text)
        else:
            text.append(item.text)
            where.append(f"page{item.page}")
        last = item
    return text, where, n_tables


# ---------------------------------------------------------------- opening
def _cause(err: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors: the original one."""
    return err.args[0] if err.args and isinstance(err.args[0], BaseException) else err


def open_document(raw: bytes, source_file: str):
    """The PDF opened by pdfium, or a CorruptFileError saying why it cannot be."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if b"%%EOF" not in raw[-EOF_WINDOW:]:
        raise CorruptFileError(source_file, None, TRUNCATED)
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as err:
        if getattr(err, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise CorruptFileError(source_file, None, ENCRYPTED) from err
        raise CorruptFileError(source_file, None, CORRUPT.format(err)) from err


def page_chars(page) -> list[dict]:
    """The characters pdfium reads on a page, in pdfplumber's coordinates (points from the top-left of the
    media box): text, x0, x1, top, bottom, font size, upright. Spaces pdfium made up are left out; a glyph
    without a Unicode value is U+FFFD."""
    import pypdfium2.raw as pdfium_c

    left, _, _, top = page.get_mediabox()
    textpage = page.get_textpage()
    out = []
    count = textpage.count_chars()
    matrix = pdfium_c.FS_MATRIX()
    spaced = False
    i = 0
    while i < count:
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        k = i
        i += 1
        if pdfium_c.FPDFText_IsGenerated(textpage, k) == 1 or code in (0x0D, 0x0A, 0xFFFE):
            spaced = spaced or code == 0x20
            continue
        if 0xD800 <= code < 0xDC00 and i < count:  # a character outside the BMP comes as a surrogate pair
            low = pdfium_c.FPDFText_GetUnicode(textpage, i)
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            i += 1
        unmapped = code == 0 or pdfium_c.FPDFText_HasUnicodeMapError(textpage, k) == 1
        x0, y0, x1, y1 = textpage.get_charbox(k, loose=True)
        angle = pdfium_c.FPDFText_GetCharAngle(textpage, k)
        size = pdfium_c.FPDFText_GetFontSize(textpage, k)
        if pdfium_c.FPDFText_GetMatrix(textpage, k, ctypes.byref(matrix)):  # the size as drawn, after scaling
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
        out.append({"text": "\ufffd" if unmapped else chr(code), "x0": x0 - left, "x1": x1 - left,
                    "top": top - y1, "bottom": top - y0, "size": size,
                    "upright": min(abs(angle), abs(angle - 2 * math.pi)) < 0.01, "space_before": spaced})
        spaced = False
    textpage.close()
    return out


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner` first, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj) -> Matrix:
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _edge(p: tuple[float, float], q: tuple[float, float], top: float, left: float) -> dict | None:
    """A straight horizontal or vertical segment as a pdfplumber edge (top-left coordinates); None for
    a slanted or very short one."""
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < AXIS_TOLERANCE and abs(x0 - x1) >= MIN_EDGE:
        lo, hi = sorted((x0, x1))
        y = top - (y0 + y1) / 2
        return {"object_type": "path_edge", "orientation": "h", "x0": lo - left, "x1": hi - left, "top": y,
                "bottom": y, "width": hi - lo, "height": 0.0}
    if abs(x0 - x1) < AXIS_TOLERANCE and abs(y0 - y1) >= MIN_EDGE:
        lo, hi = sorted((y0, y1))
        x = (x0 + x1) / 2 - left
        return {"object_type": "path_edge", "orientation": "v", "x0": x, "x1": x, "top": top - hi, "bottom": top - lo,
                "width": 0.0, "height": hi - lo}
    return None


def _path_edges(obj, matrix: Matrix, top: float, left: float) -> list[dict]:
    """The straight segments of one path object (lines and rectangle sides, filled or stroked)."""
    import pypdfium2.raw as pdfium_c

    a, b, c, d, e, f = matrix
    edges: list[dict] = []
    start = cur = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or cur is None:
            start = cur = pt
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            edges.append(_edge(cur, pt, top, left))
        cur = pt
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            edges.append(_edge(cur, start, top, left))
            cur = start
    return [x for x in edges if x]


def page_edges(page) -> list[dict]:
    """Every horizontal and vertical ruling segment the page draws, also inside form XObjects, in
    pdfplumber's coordinates: what a ruled table is found from."""
    import pypdfium2.raw as pdfium_c

    left, _, _, top = page.get_mediabox()
    edges: list[dict] = []

    def walk(objects, outer: Matrix, depth: int) -> None:
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                edges.extend(_path_edges(obj, _compose(_matrix(obj), outer), top, left))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                inner = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))]
                walk(inner, _compose(_matrix(obj), outer), depth + 1)

    raw_page = page.raw
    walk([pdfium_c.FPDFPage_GetObject(raw_page, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw_page))],
         IDENTITY, 0)
    return edges


def find_tables(raw: bytes, ruled: dict[int, list[dict]]) -> tuple[dict[int, list], list[str]]:
    """pdfplumber's tables (its table finder, on the ruling edges pdfium found) on the given pages
    (1-based). pdfplumber does not parse those pages again; a page whose tables cannot be found keeps
    its text as lines."""
    if not ruled:
        return {}, []
    import pdfplumber

    found: dict[int, list] = {}
    notes: list[str] = []
    try:
        pdf = pdfplumber.open(BytesIO(raw))
    except Exception as err:  # noqa: BLE001 - pdfium read it; only the tables are lost
        return {}, [f"tables not read ({type(_cause(err)).__name__}): their text is kept as lines"]
    with pdf:
        for n, edges in ruled.items():
            settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                        "explicit_vertical_lines": [e for e in edges if e["orientation"] == "v"],
                        "explicit_horizontal_lines": [e for e in edges if e["orientation"] == "h"]}
            try:
                found[n] = pdf.pages[n - 1].find_tables(table_settings=settings)
            except Exception as err:  # noqa: BLE001
                notes.append(f"tables on page {n} not read ({type(_cause(err)).__name__}): their text is kept as lines")
    return found, notes


def read_pages(raw: bytes, source_file: str) -> tuple[list[Page], list[str]]:
    """Every page's lines and tables: characters from pdfium, ruled tables from pdfplumber on the pages
    that draw paths."""
    doc = open_document(raw, source_file)
    try:
        pages = []
        ruled: dict[int, list[dict]] = {}
        for n in range(1, len(doc) + 1):
            page = doc[n - 1]
            pages.append((n, page.get_mediabox(), page_chars(page)))
            edges = page_edges(page)
            if sum(e["orientation"] == "h" for e in edges) >= 2 and sum(e["orientation"] == "v" for e in edges) >= 2:
                ruled[n] = edges
            page.close()
    except Exception as err:  # noqa: BLE001 - a broken object or stream met while reading a page
        raise CorruptFileError(source_file, None, CORRUPT.format(type(err).__name__)) from err
    finally:
        doc.close()
    tables, notes = find_tables(raw, ruled)
    return [read_page(n, box[3] - box[1], chars, tables.get(n, [])) for n, box, chars in pages], notes


def convert(raw: bytes, source_file: str) -> Converted:
    """A PDF -> its text in reading order, tables as tab cells, one locator per line."""
    pages, notes = read_pages(raw, source_file)
    empty = [p.number for p in pages if p.n_chars == 0]
    if len(empty) == len(pages):
        raise NoTextError(source_file, None, NO_TEXT.format(len(pages)))
    notes += drop_running(pages)
    if empty:
        notes.append(f"pages without a text layer (scanned? OCR them): {', '.join(map(str, empty))}")
    rotated = sum(p.n_rotated for p in pages)
    if rotated:
        notes.append(f"left out {rotated} characters not drawn upright (watermarks, vertical notes)")
    unmapped = sum(ln.text.count("\ufffd") for p in pages for ln in p.lines)
    if unmapped:
        notes.append(f"{unmapped} glyphs without a Unicode value (written as U+FFFD): the font has no text mapping for them")
    left, right = text_edges(pages)
    lines, locators, n_tables = emit(blocks(pages), left, right)
    return Converted("\n".join(lines), tuple(locators), "pdf", CONVERTER,
                     f"{version_of('pypdfium2')}+{version_of('pdfplumber')}",
                     n_pages=len(pages), n_tables=n_tables, notes=tuple(notes))
