"""Word .docx -> the text the ingest reads, with python-docx (the package, its parts and their XML).

What is read, in document order: the body's paragraphs and tables (also those wrapped in content
controls), then footnotes and endnotes. Headers, footers, comments and deleted (tracked) text are
not read; hidden runs (w:vanish) are left out. A table of contents (paragraphs in a 'toc N' style,
the built-in style names of the format, or a content control of the 'Table of Contents' gallery) is
left out: its lines are headings followed by page numbers, navigation rather than content.

Paragraphs. One paragraph is one line. Only explicit breaks (w:br, w:cr) split it; a tab inside a
paragraph becomes a space, so no paragraph line ever starts with the tab that marks a table cell.
Automatic numbering (numbering.xml) is written in front of the text the way Word shows it ('1.',
'(1)', '①', and Chinese counting numerals, whose characters come from the reviewed `cn_digit` words
and their Unicode numeric values, so that numbered tasks and headings read as in a pasted text).

Tables. Every table with at least two columns is written as real cells with `tab_cell_lines`.
- Columns: the table grid, with grid columns that no row ever splits merged into one (Word often
  adds slivers of grid where cell borders are not quite aligned).
- Horizontal merge (w:gridSpan): the text is written in the first column it covers. The other
  columns repeat it only where the header row spans exactly the same columns (a header spanning
  two columns names both, and a row merged the same way belongs to both); elsewhere they are left
  empty. This keeps every row as wide as the header, so that a section row such as a domain name
  merged across the whole table reads as the name followed by empty cells, as in a pasted text,
  and no value is invented in a column whose header says something else.
- Vertical merge (w:vMerge continue): the cell repeats the text of the cell above. The merged cell
  states that value for every row it covers (a lead unit or a spending rule shared by several
  service items); leaving it empty would lose it for all rows but the first.
- A first row that is one cell across the whole table is the table's caption: written as a plain
  line above the table, where the table readers look for a title. Last rows that are one cell
  across the table (a note, a source) are written as plain lines below it (a section row heads the
  rows below it, so a row across the table at the end is not one).
- A header of several rows (rows marked to repeat as header, or header cells merged down over
  them) is written as one header row: each column's distinct texts from top to bottom, one per
  line of the cell.
- A table with a single column is page layout, not data: its cells are read as paragraphs.
- A nested table is flattened into its cell: one line per nested row, its cells separated by a
  space.
- A cell's paragraphs are the cell's lines. A line the tab-cell reader would not take as the
  wrapped tail of a cell (a heading shape, pattern `tab_cells.heading_line`, or beyond its limit of
  wrapped lines) is joined to the line before it.

Locators: `p{n}` for the n-th paragraph of the body (1-based, empty ones counted),
`table{t}/row{r}/cell{c}` for the c-th cell (w:tc) of row r of the t-th body table, and the same
with a prefix inside containers (`table1/row2/cell1/p3` in a layout table,
`p4/textbox1/p1` in a text box, `footnote2/p1`). A cell merged vertically points at the cell where
its text is written.

Failures: a file that is not a readable zip or whose document part is missing or malformed is a
CorruptFileError; a document with no text at all (only pictures: a scan) is a NoTextError.
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from zipfile import BadZipFile

from docx.opc.exceptions import OpcError
from docx.oxml.parser import parse_xml
from docx.package import Package
from lxml import etree

from ingest.model.errors import CorruptFileError, NoTextError
from ingest.read.formats import Converted, tab_cell_lines, version_of
from ingest.read.tables.tab_cells import MAX_WRAP_LINES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
REL_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (_w(n) for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
T, TAB, PTAB, BR, CR, SYM, RUN = (_w(n) for n in ("t", "tab", "ptab", "br", "cr", "sym", "r"))
NO_BREAK_HYPHEN, TXBX, ALT_CHUNK, VAL = _w("noBreakHyphen"), _w("txbxContent"), _w("altChunk"), _w("val")
M_T = f"{{{M_NS}}}t"
OBJECT = _w("object")
PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
IMAGE_DATA = "{urn:schemas-microsoft-com:vml}imagedata"
# never text of the paragraph: properties, deleted or moved-away text, the fallback copy of a drawing
SKIP = {_w("pPr"), _w("rPr"), _w("del"), _w("moveFrom"), _w("instrText"), _w("delText"), f"{{{MC_NS}}}Fallback"}
PRIVATE_USE = range(0xE000, 0xF900)  # symbol-font glyphs (Wingdings bullets): no text
TOC_STYLE = re.compile(r"^toc \d$", re.I)  # built-in style names of the format, the same in every UI language
TOC_GALLERY = "Table of Contents"


@dataclass
class _Ctx:
    numbering: "_Numbering"
    toc_styles: frozenset[str]
    heading: re.Pattern
    n_tables: int = 0
    notes: dict[str, int] = field(default_factory=dict)

    def note(self, what: str, n: int = 1) -> None:
        self.notes[what] = self.notes.get(what, 0) + n


# ---------------------------------------------------------------------------------------------- open


def _open(raw: bytes, source_file: str):
    """(document element, document part) of a Word package; CorruptFileError when it cannot be read."""
    try:
        part = Package.open(BytesIO(raw)).main_document_part
        root = _element(part)
    except (BadZipFile, zlib.error, EOFError, KeyError, OSError, OpcError) as exc:
        raise CorruptFileError(source_file, None, f"the Word file cannot be opened ({type(exc).__name__}: {exc}); it is truncated "
                               "or damaged: download it again, or open it in Word or LibreOffice, save it as .docx and add that file") from None
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptFileError(source_file, None, f"the Word file's XML is malformed ({exc}): open it in Word or "
                               "LibreOffice (which repair it), save it as .docx and add that file") from None
    body = root.find(_w("body")) if root is not None else None
    if body is None:
        raise CorruptFileError(source_file, None, "the Word file has no document body (word/document.xml is not a Word "
                               "document): open it in Word or LibreOffice, save it as .docx and add that file")
    return body, part


def _element(part):
    """The XML of a part: parsed by python-docx for the parts it knows, from the bytes otherwise."""
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)


def _related(part, reltype: str):
    """The XML of the part related to `part` by `reltype`, or None (missing or unreadable: read without it)."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            try:
                return _element(rel.target_part)
            except (etree.XMLSyntaxError, ValueError):
                return None
    return None


@lru_cache(maxsize=1)
def _lexicon():
    from ingest.paths import REF_DIR
    from ingest.reference.lexicon import load_lexicon

    return load_lexicon(REF_DIR)


# ------------------------------------------------------------------------------------------ numbering


@lru_cache(maxsize=1)
def _cn_numerals() -> dict[int, str]:
    """Value -> Chinese numeral character, from the reviewed `cn_digit` words (their Unicode values)."""
    out: dict[int, str] = {}
    for word in _lexicon().words("cn_digit"):
        if len(word) == 1:
            try:
                out.setdefault(int(unicodedata.numeric(word)), word)
            except ValueError:
                continue
    return out


def chinese_counting(n: int) -> str | None:
    """n (1..999) in Chinese counting numerals as Word writes list numbers; None when a character is missing."""
    d = _cn_numerals()
    if not 0 < n < 1000 or any(k not in d for k in (*range(10), 10, 100)):
        return None
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = ""
    if hundreds:
        out += d[hundreds] + d[100]
        if tens == 0 and ones:
            out += d[0]
    if tens:
        out += ("" if tens == 1 and not hundreds else d[tens]) + d[10]
    if ones:
        out += d[ones]
    return out


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str | None:
    """A list counter in a numFmt of the format; None for a format not handled (written as decimal)."""
    if fmt in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    enclosed = {"decimalEnclosedCircle": (0x2460, 20), "decimalEnclosedCircleChinese": (0x2460, 20),
                "decimalEnclosedParen": (0x2474, 20), "decimalEnclosedFullstop": (0x2488, 20)}
    if fmt in enclosed:
        base, top = enclosed[fmt]
        return chr(base + n - 1) if 0 < n <= top else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital"):
        return chinese_counting(n)
    return None


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str
    legal: bool
    style: str | None  # the paragraph style bound to this level (headings numbered by their style)


def _val(el, name: str, default: str | None = None) -> str | None:
    child = el.find(_w(name)) if el is not None else None
    return child.get(VAL, default) if child is not None else default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _levels(el) -> dict[int, _Level]:
    out = {}
    for lvl in el.findall(_w("lvl")):
        suffix = {"space": " ", "nothing": ""}.get(_val(lvl, "suff", "tab"), " ")
        out[_int(lvl.get(_w("ilvl")), 0)] = _Level(_int(_val(lvl, "start"), 1), _val(lvl, "numFmt", "decimal"),
                                                   _val(lvl, "lvlText", "") or "", suffix, lvl.find(_w("isLgl")) is not None,
                                                   _val(lvl, "pStyle"))
    return out


class _Numbering:
    """Word's automatic list numbers: the label each numbered paragraph shows, counted in document order."""

    def __init__(self, numbering, styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[tuple, dict[int, int]] = {}
        self.unhandled: set[str] = set()
        if numbering is not None:
            for a in numbering.findall(_w("abstractNum")):
                self.abstract[a.get(_w("abstractNumId"))] = _levels(a)
            for num in numbering.findall(_w("num")):
                starts, levels = {}, {}
                for o in num.findall(_w("lvlOverride")):
                    ilvl = _int(o.get(_w("ilvl")), 0)
                    if o.find(_w("startOverride")) is not None:
                        starts[ilvl] = _int(_val(o, "startOverride"), 1)
                    levels.update(_levels(o))
                self.nums[num.get(_w("numId"))] = (_val(num, "abstractNumId"), starts, levels)
        if styles is not None:
            self._read_styles(styles)

    def _read_styles(self, styles) -> None:
        own, based = {}, {}
        for s in styles.findall(_w("style")):
            sid = s.get(_w("styleId"))
            num_pr = s.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                own[sid] = (_val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0) if _val(num_pr, "ilvl") else None)
            based[sid] = _val(s, "basedOn")
        for sid in based:
            seen, cur = set(), sid
            while cur and cur not in own and cur not in seen:
                seen.add(cur)
                cur = based.get(cur)
            if cur in own:
                self.style_num[sid] = own[cur]

    def label(self, p) -> str:
        """The list label of paragraph p with its suffix ('' when not numbered); advances the counters."""
        ppr = p.find(_w("pPr"))
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id, ilvl = (_val(num_pr, "numId"), _val(num_pr, "ilvl")) if num_pr is not None else (None, None)
        style = _val(ppr, "pStyle")
        style_num, style_lvl = self.style_num.get(style or "", (None, None))
        num_id = num_id or style_num
        if not num_id or num_id not in self.nums:
            return ""
        abstract_id, starts, overrides = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        bound = next((k for k, lv in levels.items() if style and lv.style == style), 0)
        level = _int(ilvl, style_lvl if style_lvl is not None else bound)
        if level not in levels:
            return ""
        key = ("num", num_id) if starts or overrides else ("abstract", abstract_id)
        counters = self.counters.setdefault(key, {})
        counters[level] = counters.get(level, starts.get(level, levels[level].start) - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        lvl = levels[level]
        if lvl.fmt == "bullet":
            text = "".join(c for c in lvl.text if ord(c) not in PRIVATE_USE).strip()
            return text + lvl.suffix if text else ""
        if lvl.fmt == "none":
            return ""

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            at = levels.get(k)
            n = counters.get(k, starts.get(k, at.start if at else 1))
            fmt = "decimal" if lvl.legal or at is None else at.fmt
            shown = format_number(n, fmt)
            if shown is None:
                self.unhandled.add(fmt)
                shown = str(n)
            return shown

        text = re.sub(r"%([1-9])", number, lvl.text)
        return text + lvl.suffix if text.strip() else ""


# --------------------------------------------------------------------------------------- paragraphs


def _hidden(run) -> bool:
    vanish = run.find(f"{_w('rPr')}/{_w('vanish')}")
    return vanish is not None and vanish.get(VAL, "true") not in ("0", "false", "off")


def _collect(el, out: list[str], boxes: list) -> None:
    """Append the visible text under el to `out`; text boxes, pictures and embedded objects found on
    the way go to `boxes`."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag in (T, M_T):
            out.append(child.text or "")
        elif tag in (TAB, PTAB):
            out.append("\t")
        elif tag == BR:
            out.append("\n" if child.get(_w("type"), "textWrapping") == "textWrapping" else "")
        elif tag == CR:
            out.append("\n")
        elif tag == NO_BREAK_HYPHEN:
            out.append("-")
        elif tag == SYM:
            code = _int_hex(child.get(_w("char")))
            out.append(chr(code) if code and code not in PRIVATE_USE else "")
        elif tag == TXBX:
            boxes.append(child)
        elif tag == OBJECT:
            boxes.append(child)  # its picture is only a preview of the object
        elif tag == RUN and _hidden(child):
            continue
        else:
            if tag in (PICTURE, IMAGE_DATA):
                boxes.append(child)
            _collect(child, out, boxes)


def _int_hex(text: str | None) -> int | None:
    try:
        return int(text, 16) if text else None
    except ValueError:
        return None


def _clean(line: str) -> str:
    return line.replace("\r", "").replace("\t", " ").rstrip()


def _paragraph(p, ctx: _Ctx) -> tuple[list[str], list]:
    """The lines of one paragraph (one unless it has explicit breaks) and its text boxes. Pictures and
    embedded objects (a spreadsheet pasted as an object shows only a picture) are counted in the notes."""
    out: list[str] = []
    found: list = []
    _collect(p, out, found)
    boxes = [b for b in found if b.tag == TXBX]
    for b in found:
        if b.tag == OBJECT:
            ctx.note("embedded objects not read (a spreadsheet or a chart: paste it as a Word table)")
        elif b.tag in (PICTURE, IMAGE_DATA):
            ctx.note("pictures not read (text in a picture needs OCR)")
    text = "".join(out)
    label = ctx.numbering.label(p)
    if label and text.strip():
        text = label + text.lstrip()
    return [_clean(s) for s in text.split("\n")], boxes


def _is_toc(el, ctx: _Ctx) -> bool:
    if el.tag == P:
        style = _val(el.find(_w("pPr")), "pStyle")
        return style in ctx.toc_styles
    gallery = el.find(f"{_w('sdtPr')}/{_w('docPartObj')}/{_w('docPartGallery')}")
    return gallery is not None and gallery.get(VAL) == TOC_GALLERY


def _blocks(container, ctx: _Ctx):
    """The paragraphs and tables of a container (body, cell, text box, note) in order, content controls opened."""
    for child in container:
        tag = child.tag
        if tag in (P, TBL):
            if _is_toc(child, ctx):
                ctx.note("table of contents lines left out")
                continue
            yield child
        elif tag == SDT:
            if _is_toc(child, ctx):
                ctx.note("table of contents lines left out")
                continue
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _blocks(content, ctx)
        elif tag == CUSTOM_XML:
            yield from _blocks(child, ctx)
        elif tag == ALT_CHUNK:
            ctx.note("embedded foreign content (altChunk) not read")


def _container(container, prefix: str, ctx: _Ctx) -> tuple[list[str], list[str | None]]:
    """Lines and locators of a container; paragraphs `{prefix}p{n}`, tables `{prefix}table{t}`."""
    lines: list[str] = []
    where: list[str | None] = []
    n_p = n_t = 0
    for block in _blocks(container, ctx):
        if block.tag == P:
            n_p += 1
            loc = f"{prefix}p{n_p}"
            text, boxes = _paragraph(block, ctx)
            lines += text
            where += [loc] * len(text)
            for k, box in enumerate(boxes, 1):
                more, more_where = _container(box, f"{loc}/textbox{k}/", ctx)
                lines += more
                where += more_where
        else:
            n_t += 1
            more, more_where = _table(block, f"{prefix}table{n_t}", ctx)
            lines += more
            where += more_where
    return lines, where


# ------------------------------------------------------------------------------------------- tables


@dataclass
class _Seg:
    """One cell of a row on the grid: columns [start, end), its text lines and locator."""

    start: int
    end: int
    lines: list[str]
    loc: str | None
    cell: object = None  # the w:tc whose text this is (the first cell of a vertical merge)
    real: bool = True  # False for the empty space of gridBefore/gridAfter


def _children(node, tag):
    """The `tag` children of a table or row, looking through content controls and custom XML wrappers."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _children(inner, tag)


def _cells(tr):
    return _children(tr, TC)


def _rows(tbl):
    return _children(tbl, TR)


def _flat_table(tbl, ctx: _Ctx) -> list[str]:
    """A nested table as lines: one per row, its cells' text separated by a space."""
    ctx.note("nested tables flattened into their cell")
    out = []
    for tr in _rows(tbl):
        texts = [" ".join(s for s in _cell_lines(tc, ctx) if s.strip()) for tc in _cells(tr)]
        line = " ".join(t for t in texts if t)
        if line:
            out.append(line)
    return out


def _cell_lines(tc, ctx: _Ctx) -> list[str]:
    lines: list[str] = []
    for block in _blocks(tc, ctx):
        if block.tag == P:
            text, boxes = _paragraph(block, ctx)
            lines += text
            for box in boxes:
                lines += _container(box, "", ctx)[0]
        else:
            lines += _flat_table(block, ctx)
    return lines


def _fold(lines: list[str], heading: re.Pattern) -> str:
    """A cell's lines as the cell text: blank lines dropped, and a line the tab-cell reader would not
    take as a wrapped tail (a heading shape, or past its wrap limit) joined to the line before."""
    parts = [s.strip() for s in lines if s.strip()]
    out: list[str] = []
    for part in parts:
        if out and (heading.match(part) or len(out) >= MAX_WRAP_LINES):
            out[-1] += part
        else:
            out.append(part)
    return "\n".join(out)


def _grid_rows(tbl, prefix: str) -> tuple[list[list[_Seg]], list[bool]]:
    """The rows of a table as segments on the grid, vertical merges resolved (text not read yet);
    and which rows are marked as header rows (w:tblHeader)."""
    rows: list[list[_Seg]] = []
    marked: list[bool] = []
    above: dict[int, _Seg] = {}  # grid column -> the segment covering it in the row above
    for r, tr in enumerate(_rows(tbl), 1):
        tr_pr = tr.find(_w("trPr"))
        before = _int(_val(tr_pr, "gridBefore"), 0)
        segs = [_Seg(0, before, [], f"{prefix}/row{r}", real=False)] if before > 0 else []
        col = before
        for c, tc in enumerate(_cells(tr), 1):
            tc_pr = tc.find(_w("tcPr"))
            span = max(1, _int(_val(tc_pr, "gridSpan"), 1))
            merge = tc_pr.find(_w("vMerge")) if tc_pr is not None else None
            origin = above.get(col) if merge is not None and merge.get(VAL, "continue") == "continue" else None
            if origin is not None and origin.real:
                segs.append(_Seg(col, col + span, [], origin.loc, origin.cell))
            else:
                segs.append(_Seg(col, col + span, [], f"{prefix}/row{r}/cell{c}", tc))
            col += span
        after = _int(_val(tr_pr, "gridAfter"), 0)
        if after > 0:
            segs.append(_Seg(col, col + after, [], f"{prefix}/row{r}", real=False))
        rows.append(segs)
        marked.append(tr_pr is not None and tr_pr.find(_w("tblHeader")) is not None
                      and _val(tr_pr, "tblHeader", "true") not in ("0", "false", "off"))
        above = {g: s for s in segs for g in range(s.start, s.end)}
    return rows, marked


def _read_text(rows: list[list[_Seg]], ctx: _Ctx) -> None:
    """Fill in each segment's lines, reading every cell once, in document order (list numbers count on)."""
    read: dict[int, list[str]] = {}
    for segs in rows:
        for s in segs:
            if s.real and s.cell is not None:
                if id(s.cell) not in read:
                    read[id(s.cell)] = _cell_lines(s.cell, ctx)
                s.lines = read[id(s.cell)]


def _to_columns(rows: list[list[_Seg]]) -> tuple[list[list[_Seg]], int]:
    """Segments on logical columns: grid columns that no row splits are one column."""
    width = max((s.end for segs in rows for s in segs), default=0)
    starts = sorted({s.start for segs in rows for s in segs} | {0})
    out = []
    for segs in rows:
        row = [_Seg(bisect_right(starts, s.start) - 1, bisect_right(starts, s.end - 1), s.lines, s.loc, s.cell, s.real)
               for s in segs]
        end = row[-1].end if row else 0
        n = len([x for x in starts if x < width])
        if end < n:
            row.append(_Seg(end, n, [], None, real=False))
        out.append(row)
    return out, len([x for x in starts if x < width])


def _header_depth(rows: list[list[_Seg]], marked: list[bool]) -> int:
    """How many rows the header has: rows marked as header, or reached by a header cell merged down."""
    depth = 1
    while depth < len(marked) and marked[depth] and marked[depth - 1]:
        depth += 1
    top = {id(s.cell) for s in rows[0] if s.real and s.cell is not None}
    for r in range(1, len(rows)):
        if any(s.real and id(s.cell) in top for s in rows[r]):
            depth = max(depth, r + 1)
    return min(depth, 3, max(1, len(rows) - 1))


def _render_row(segs: list[_Seg], n: int, spans: set[tuple[int, int]], heading: re.Pattern) -> tuple[list[str], list[str | None]]:
    texts, locs = [""] * n, [None] * n
    for s in segs:
        text = _fold(s.lines, heading)
        for k in range(s.start, s.end):
            texts[k] = text if k == s.start or (s.start, s.end) in spans else ""
            locs[k] = s.loc
    return texts, locs


def _header(rows: list[list[_Seg]], n: int, heading: re.Pattern) -> tuple[list[str], list[str | None], set]:
    """One header row from the header rows: each column's distinct texts, top to bottom."""
    spans = {(s.start, s.end) for s in rows[-1]}
    texts: list[list[str]] = [[] for _ in range(n)]
    locs: list[str | None] = [None] * n
    for segs in rows:
        row_spans = {(s.start, s.end) for s in segs}
        row_texts, row_locs = _render_row(segs, n, row_spans, heading)
        for k in range(n):
            if row_texts[k] and (not texts[k] or texts[k][-1] != row_texts[k]):
                texts[k].append(row_texts[k])
                locs[k] = row_locs[k]
            locs[k] = locs[k] or row_locs[k]
    return ["\n".join(t) for t in texts], locs, spans


def _layout(tbl, prefix: str, ctx: _Ctx) -> tuple[list[str], list[str | None]]:
    """A one-column table (page layout): its cells read as containers of paragraphs and tables."""
    lines: list[str] = []
    where: list[str | None] = []
    for r, tr in enumerate(_rows(tbl), 1):
        for c, tc in enumerate(_cells(tr), 1):
            more, more_where = _container(tc, f"{prefix}/row{r}/cell{c}/", ctx)
            lines += more
            where += more_where
    return lines, where


def _across(segs: list[_Seg], n: int) -> bool:
    """A row that is one cell across the whole table."""
    return len(segs) == 1 and segs[0].real and segs[0].end - segs[0].start == n


def _plain(segs: list[_Seg]) -> tuple[list[str], list[str | None]]:
    lines = [s for s in (x.strip() for x in segs[0].lines) if s]
    return lines, [segs[0].loc] * len(lines)


def _table(tbl, prefix: str, ctx: _Ctx) -> tuple[list[str], list[str | None]]:
    """A Word table as tab-cell lines: a first row across the table above it as its caption, last rows
    across the table below it as its notes (or, with one column, as paragraphs: page layout)."""
    rows, marked = _grid_rows(tbl, prefix)
    rows, n = _to_columns(rows)
    if n < 2:
        return _layout(tbl, prefix, ctx)
    _read_text(rows, ctx)
    if not any(line.strip() for segs in rows for s in segs for line in s.lines):
        return [], []
    before: tuple[list[str], list[str | None]] = ([], [])
    if len(rows) > 1 and _across(rows[0], n):
        before = _plain(rows[0])
        before = (before[0] + [""], before[1] + [None])
        rows, marked = rows[1:], marked[1:]
    ctx.n_tables += 1
    depth = _header_depth(rows, marked)
    if depth > 1:
        ctx.note("header rows merged into one header row")
    after: tuple[list[str], list[str | None]] = ([], [])
    while len(rows) > depth + 1 and _across(rows[-1], n):
        more = _plain(rows.pop())
        after = (more[0] + after[0], more[1] + after[1])
    head, head_locs, spans = _header(rows[:depth], n, ctx.heading)
    texts, locs = [head], [head_locs]
    for segs in rows[depth:]:
        row_texts, row_locs = _render_row(segs, n, spans, ctx.heading)
        texts.append(row_texts)
        locs.append([loc or head_locs[k] for k, loc in enumerate(row_locs)])
    lines, where = tab_cell_lines(texts, locs)
    return before[0] + lines + after[0], before[1] + where + after[1]


# ------------------------------------------------------------------------------------------- notes


def _notes(root, kind: str, ctx: _Ctx) -> tuple[list[str], list[str | None]]:
    """Footnotes or endnotes as lines, each note after the body in order of its id."""
    lines: list[str] = []
    where: list[str | None] = []
    if root is None:
        return lines, where
    for note in root.findall(_w(kind)):
        if note.get(_w("type"), "normal") != "normal":
            continue  # separators
        more, more_where = _container(note, f"{kind}{note.get(_w('id'))}/", ctx)
        if any(s.strip() for s in more):
            lines += more
            where += more_where
    return lines, where


def _toc_styles(styles) -> frozenset[str]:
    if styles is None:
        return frozenset()
    return frozenset(s.get(_w("styleId")) for s in styles.findall(_w("style"))
                     if TOC_STYLE.match(_val(s, "name", "") or ""))


def convert(raw: bytes, source_file: str) -> Converted:
    """The text of a .docx file in reading order, with one locator per line."""
    body, part = _open(raw, source_file)
    styles = _related(part, REL_STYLES)
    numbering = _Numbering(_related(part, REL_NUMBERING), styles)
    ctx = _Ctx(numbering, _toc_styles(styles), _lexicon().pattern("tab_cells.heading_line"))
    lines, where = _container(body, "", ctx)
    for reltype, kind in ((REL_FOOTNOTES, "footnote"), (REL_ENDNOTES, "endnote")):
        more, more_where = _notes(_related(part, reltype), kind, ctx)
        if more:
            lines += [""] + more
            where += [None] + more_where
    if not any(s.strip() for s in lines):
        raise NoTextError(source_file, None, "the Word file has no text (only pictures, or empty): if it holds a scan, "
                          "OCR it and add the text; otherwise check that the right file was added")
    for fmt in sorted(numbering.unhandled):
        ctx.note(f"list numbers in format '{fmt}' written as decimal numbers")
    notes = tuple(f"{what} ({n})" for what, n in ctx.notes.items())
    return Converted("\n".join(lines), tuple(where), "docx", "python-docx", version_of("python-docx"), None, ctx.n_tables, notes)
