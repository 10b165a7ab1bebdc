"""A saved web page (HTML) -> the text the ingest reads: the title, the date/source line and the article
body, in reading order, with every <table> of the article as real cells.

Why structure and not words: a plan is published on hundreds of government sites, each with its own
templates and class names, but every one of them wraps the article in the same kinds of boilerplate
(navigation bars, a breadcrumb, a share bar, a 'related links' list, a footer). These are told apart
from the article by what they are made of, never by what they say:

1. Decoding. A byte-order mark decides; then the charset the page declares (<meta charset>, the
   http-equiv content-type, an XML declaration), read strictly (gb2312 and gbk are read as gb18030,
   their superset; big5 as big5-hkscs) - unless the bytes are valid UTF-8 with non-ASCII characters,
   which a legacy declaration left over from an old site would turn into mojibake; then the plain-text
   rules (UTF-8, else GB18030 or Big5, whichever is plausible Chinese). A page with a few broken
   bytes is read with replacement characters and a note; a page no encoding reads is a
   CorruptFileError.
2. Parsing with selectolax (the Lexbor HTML5 parser: what a browser builds) into a light tree. Left out
   on the way: scripts, styles, embedded objects, form controls, <nav>, <aside>, the page's <header>
   and <footer> (not those of an <article> or <section>, per HTML-AAM), ARIA landmarks that are not
   the article (navigation, banner, contentinfo, complementary, search, menus, toolbars, dialogs) and
   hidden elements (hidden, aria-hidden, display:none). A <form> itself stays: ASP.NET sites wrap the
   whole page in one.
3. The article body is the element with the most non-link text in its own paragraphs: the text of
   its direct children that are leaf blocks (a <p>, a heading, a <div> without blocks inside, a data
   table) and of its direct text and inline children. A block that is mostly link text (a share bar,
   a menu; for a block holding blocks, such as a list of related links with their dates, a quarter of
   its text in links is enough) counts for nothing. Government pages put the text in one <div> (or a
   layout <td>) with many <p>, which this finds; the page's wrappers only hold other containers and
   score low. When one leaf child holds most of the body's text (a <div> of lines split by <br>), the
   body narrows to it, so the title and the date line beside it are not read as body text.
4. The title is the nearest block before the body whose text is (part of) the page's <title>, else the
   nearest <h1>-<h3> before it; when there is none the <title> itself is the first line (its longest
   part between ' - ', '_' or '|' separators, which drops the site name). Everything between the
   title and the body that is not mostly links comes through (the date/source line), and so do the
   siblings right after the body up to the first one that is mostly links. Without a title, what comes
   before the body within its third ancestor and is not mostly links stands in for the title and date.
5. Lines: each block (<p>, <div>, <li>, a heading ...) is a line, and <br> breaks lines. Whitespace
   is collapsed as a browser does, and a source line break between two CJK characters is dropped
   (CSS Text 3 segment-break rule). Inside the body a block that is mostly link text is dropped.
6. Tables: a <table> with at least two rows and two columns and no table inside it is a data table,
   written with `tab_cell_lines` (its <caption> first). Row and column spans are expanded: the text
   of a spanned cell is repeated in every position it covers, except a cell that spans the whole
   width of the table (a group row such as a domain heading), which is written once followed by
   empty cells, as plain-text plans write such rows. Other tables are page layout and read as blocks.

Locators are short element paths from <body> with XPath-style 1-based indexes among siblings of the
same tag, e.g. `body/div[2]/div[1]/p[5]`; table rows are counted over the whole table (tbody, thead
and tfoot are left out of the path), e.g. `body/div[3]/table[1]/tr[3]/td[2]`. The second and later
lines of one block (split at <br> or by inner blocks) add `#2`, `#3` ...; a title taken from <title>
is `head/title`.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from ingest.model.errors import CorruptFileError, DecodeError, NoTextError
from ingest.read.formats import Converted, tab_cell_lines, version_of
from ingest.read.text import decode as decode_text

# ------------------------------------------------------------------ decoding
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Charset labels (WHATWG Encoding names and their common aliases) -> the Python codecs tried, in order.
_GB = ("gb18030",)
_BIG5 = ("big5hkscs", "cp950")
_CHARSETS = {
    "utf-8": ("utf-8",), "utf8": ("utf-8",), "unicode-1-1-utf-8": ("utf-8",),
    "gb2312": _GB, "gbk": _GB, "gb18030": _GB, "x-gbk": _GB, "cp936": _GB, "ms936": _GB, "windows-936": _GB,
    "csgb2312": _GB, "chinese": _GB, "euc-cn": _GB, "iso-ir-58": _GB, "gb_2312-80": _GB, "gb_2312": _GB,
    "big5": _BIG5, "big5-hkscs": _BIG5, "big5hkscs": _BIG5, "cn-big5": _BIG5, "csbig5": _BIG5, "x-x-big5": _BIG5,
    "cp950": _BIG5, "ms950": _BIG5,
}
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)|<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""", re.I)
_SNIFF_BYTES = 4096
# A page that no encoding reads strictly is still read when the replacement characters are at most
# this share of its characters (a few broken bytes in a saved page), with a note.
_MAX_BROKEN_SHARE = 0.001


def declared_charset(raw: bytes) -> str | None:
    """The charset label the page declares in its first bytes (lower case), or None."""
    m = _DECLARED.search(raw[:_SNIFF_BYTES])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "replace").lower()


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the markup is ASCII in UTF-16 without a byte-order mark."""
    head = raw[:512]
    if len(head) < 8 or head.count(b"\x00") * 3 < len(head):
        return None
    return "utf-16-le" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") else "utf-16-be"


def _strict(raw: bytes, names: tuple[str, ...]) -> tuple[str, str] | None:
    """(text, codec) with the first codec that decodes `raw` without error, or None."""
    for codec in names:
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return None


def decode_page(raw: bytes, source_file: str) -> tuple[str, str, list[str]]:
    """(text, encoding, notes) of an HTML page; raises CorruptFileError when no encoding reads it."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            done = _strict(raw[len(bom):], (codec,))
            if done:
                return done[0], codec, []
            raise CorruptFileError(source_file, None, f"the page starts with a {codec} byte-order mark but is not "
                                   f"{codec}: save the page again from the browser (Save Page As, 'Web Page, HTML only')")
    wide = _utf16_without_bom(raw)
    if wide:
        done = _strict(raw, (wide,))
        if done:
            return done[0], wide, [f"no byte-order mark: read as {wide} (NUL bytes between ASCII characters)"]
    label = declared_charset(raw)
    declared = _CHARSETS.get(label or "")
    notes: list[str] = []
    if declared and declared != ("utf-8",) and not raw.isascii() and _strict(raw, ("utf-8",)):
        # valid UTF-8 with multi-byte characters is no accident of GBK or Big5 text, but a legacy codec
        # would read it without error, as mojibake: a site moved to UTF-8 kept its old declaration
        return raw.decode("utf-8"), "utf-8", [f"the page declares charset {label} but its bytes are UTF-8: read as UTF-8"]
    if declared:
        done = _strict(raw, declared)
        if done:
            return done[0], done[1], notes
        notes.append(f"the page declares charset {label} but its bytes are not {label}")
    elif label:
        notes.append(f"declared charset {label} ignored (not a Chinese or Unicode encoding)")
    try:
        text, encoding = decode_text(raw, source_file)
        return text, encoding, notes + ([f"read as {encoding}"] if notes else [])
    except DecodeError as exc:
        reason = exc.reason
    for codec in (*(declared or ()), "utf-8", "gb18030"):
        text = raw.decode(codec, "replace")
        broken = text.count("\ufffd")
        if broken <= _MAX_BROKEN_SHARE * len(text):
            return text, codec, notes + [f"{broken} undecodable byte sequence(s) read as U+FFFD ({codec})"]
    raise CorruptFileError(source_file, None, f"cannot decode the page ({reason}): open it in a browser, check that "
                           "the text shows correctly and save it again (Save Page As, 'Web Page, HTML only'), or "
                           "copy the article text into a UTF-8 .txt file")


# ------------------------------------------------------------------ the light tree
BLOCK_TAGS = frozenset("""address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre
    section summary table tbody td tfoot th thead tr ul""".split())
TITLE_HEADINGS = frozenset({"h1", "h2", "h3"})
# Never text of the article: code, styles, embedded objects, form controls, navigation and side content.
DROP_TAGS = frozenset("""script style noscript template iframe frame frameset object embed applet svg math canvas
    map area audio video source track img picture head meta link base button select option optgroup textarea
    input label datalist output progress meter nav aside dialog""".split())
# The page's banner and footer; inside these they belong to an article or a section (HTML-AAM).
LANDMARK_TAGS = frozenset({"header", "footer"})
SCOPING_TAGS = frozenset({"article", "aside", "main", "nav", "section"})
DROP_ROLES = frozenset("""navigation banner contentinfo complementary search menu menubar toolbar tablist dialog
    alertdialog""".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
CELL_TAGS = frozenset({"td", "th"})
TABLE_PARTS = CELL_TAGS | ROW_GROUPS | {"tr", "table", "caption"}
# A block is mostly links when link text is more than this share of its text: a paragraph citing a
# linked document is not, a share bar or a menu item is. A block holding other blocks (a list of related
# links with their dates, a footer with links) is held to the lower share.
LINK_DENSE = 0.5
LINK_DENSE_CONTAINER = 0.25
# The body narrows down to a leaf child (a <div> of lines split by <br>, one long <p>) holding this share
# of its text: the title and date line are then found before it and not read as part of it.
DOMINANT_SHARE = 0.7
# Fewer non-link characters than this in the best block: the page has no article.
MIN_ARTICLE_CHARS = 40
# A table is page layout, not data, when one cell with blocks inside holds this share of its text and
# at least LAYOUT_CELL_MIN_CHARS characters (the content cell of a table-layout site).
LAYOUT_CELL_SHARE = 0.6
LAYOUT_CELL_MIN_CHARS = 200
# A title is between these lengths (characters without spaces).
TITLE_CHARS = (4, 200)
# Without a title block, the page's <title> becomes the first line unless one of the first lines is it.
TITLE_IN_BODY_LINES = 5
MAX_SPAN = {"colspan": 1000, "rowspan": 65534}  # HTML's own limits
# Without a title block, the body's preceding blocks are looked for up to this many levels above it.
NO_TITLE_LEVELS = 3
MAX_DEPTH = 400  # deeper elements (broken markup) are read as the text of the element at this depth

_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_WIDE = r"[\u2e80-\u303f\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
_SEGMENT_BREAK = re.compile(r"(?<=" + _WIDE + r")[ \t\r\f]*\n[ \t\n\r\f]*(?=" + _WIDE + r")")
_TITLE_SEPARATORS = re.compile(r"\s+[-\u2013\u2014|]+\s+|[_|\uff5c]+")


@dataclass(eq=False)
class El:
    """An element of the page; text children are str."""

    tag: str
    attrs: dict
    path: str
    parent: El | None = None
    children: list = field(default_factory=list)
    chars: int = 0  # characters of text, without whitespace
    link_chars: int = 0  # of which inside a link
    has_block: bool = False  # a block element somewhere inside

    @property
    def text_chars(self) -> int:
        return self.chars - self.link_chars

    @property
    def link_dense(self) -> bool:
        limit = LINK_DENSE_CONTAINER if self.has_block else LINK_DENSE
        return self.chars > 0 and self.link_chars > limit * self.chars

    @property
    def is_link(self) -> bool:
        """<a href> to another page or a script (share, print); not a named anchor or '#section'."""
        href = self.attrs.get("href")
        return self.tag == "a" and href is not None and (href.strip() in ("", "#") or not href.strip().startswith("#"))

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def _count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def is_boilerplate(tag: str, attrs: dict, scoped: bool) -> bool:
    """Boilerplate or invisible by structure: tag, ARIA role, hidden attributes. `scoped`: inside an
    article, section, main, nav or aside (where <header> and <footer> are the article's own)."""
    if tag in DROP_TAGS or (tag in LANDMARK_TAGS and not scoped):
        return True
    if (attrs.get("role") or "").strip().lower() in DROP_ROLES:
        return True
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))


class _Paths:
    """XPath-style paths: 1-based index among siblings of the same tag; a table's rows are counted over
    the whole table, without the tbody/thead/tfoot step."""

    def __init__(self):
        self.counts: dict[tuple[int, str], int] = {}

    def child(self, parent: El, tag: str) -> str:
        if tag == "tr" and parent.tag in ROW_GROUPS and parent.parent is not None and parent.parent.tag == "table":
            parent = parent.parent
        key = (id(parent), tag)
        self.counts[key] = self.counts.get(key, 0) + 1
        return f"{parent.path}/{tag}[{self.counts[key]}]"


def build_tree(body_node) -> tuple[El, int]:
    """The <body> as a light tree without boilerplate and hidden elements, and how many elements were
    left out."""
    root = El("body", {}, "body")
    paths = _Paths()
    order = [root]
    stack = [(body_node, root, False)]
    dropped = 0
    while stack:
        node, el, scoped = stack.pop()
        pending = []
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                el.children.append(child.text_content or "")
                continue
            if not tag or tag[0] in "-!_#":
                continue  # comments, doctype
            attrs = {k.lower(): (v or "") for k, v in child.attributes.items()}
            path = paths.child(el, tag)
            if is_boilerplate(tag, attrs, scoped):
                dropped += 1
                continue
            kid = El(tag, attrs, path, el)
            el.children.append(kid)
            order.append(kid)
            if path.count("/") >= MAX_DEPTH:
                kid.children.append(child.text(deep=True) or "")
            else:
                pending.append((child, kid, scoped or tag in SCOPING_TAGS))
        stack.extend(reversed(pending))
    for el in reversed(order):  # children before parents
        _measure(el)
    return root, dropped


def _measure(el: El) -> None:
    for child in el.children:
        if isinstance(child, str):
            el.chars += _count(child)
        else:
            el.chars += child.chars
            el.link_chars += child.chars if child.is_link else child.link_chars
            el.has_block = el.has_block or child.has_block or child.tag in BLOCK_TAGS


def walk(el: El):
    """Every element under `el` (itself included), in document order."""
    stack = [el]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed([c for c in node.children if isinstance(c, El)]))


def elements(el: El) -> list[El]:
    return [c for c in el.children if isinstance(c, El)]


# ------------------------------------------------------------------ tables
def table_rows(table: El) -> list[El]:
    rows = []
    for child in elements(table):
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ROW_GROUPS:
            rows += [r for r in elements(child) if r.tag == "tr"]
    return rows


def row_cells(row: El) -> list[El]:
    return [c for c in elements(row) if c.tag in CELL_TAGS]


def span(cell: El, name: str) -> int:
    """rowspan/colspan as a number: 1 when missing or not a number, 0 stays 0 (to the end), clamped to
    the HTML limits (colspan 1000, rowspan 65534)."""
    m = re.match(r"\s*(\d+)", cell.attrs.get(name, ""))
    return min(int(m.group(1)), MAX_SPAN[name]) if m else 1


class Tables:
    """Which tables hold data (cached: asked for again and again while the article is looked for)."""

    def __init__(self):
        self._data: dict[int, bool] = {}

    def is_data(self, table: El) -> bool:
        if id(table) not in self._data:
            self._data[id(table)] = is_data_table(table)
        return self._data[id(table)]

    def inside_data(self, el: El) -> bool:
        return any(a.tag == "table" and self.is_data(a) for a in el.ancestors())


def is_data_table(table: El) -> bool:
    """At least two rows and two columns, no table inside, and no cell with blocks inside holding most
    of the text (the content cell of a layout table)."""
    rows = table_rows(table)
    if len(rows) < 2 or max(sum(max(span(c, "colspan"), 1) for c in row_cells(r)) for r in rows) < 2:
        return False
    if any(e.tag == "table" for e in walk(table) if e is not table):
        return False
    return not any(c.has_block and c.chars >= LAYOUT_CELL_MIN_CHARS and c.chars > LAYOUT_CELL_SHARE * table.chars
                   for r in rows for c in row_cells(r))


@dataclass(frozen=True)
class SourceCell:
    text: str
    locator: str
    rowspan: int = 1
    colspan: int = 1


Grid = tuple[list[list[str]], list[list[str]], list[bool]]


def expand_spans(rows: list[list[SourceCell]], row_locators: list[str]) -> Grid:
    """Cells row by row -> (texts, locators, full_width) of the whole grid. A rowspan or colspan repeats
    the text in every position it covers, except a cell spanning the whole width (a group row): it is
    written once, the other positions empty, and the row is marked full_width. rowspan=0 (to the end)
    and spans past the last row stop at the last row. A position no cell covers is empty, located at
    its row."""
    n_rows = len(rows)
    grid: dict[tuple[int, int], tuple[int, int]] = {}  # position -> (row, index) of the cell covering it
    for r, cells in enumerate(rows):
        c = 0
        for k, cell in enumerate(cells):
            while (r, c) in grid:
                c += 1
            down = n_rows - r if cell.rowspan <= 0 else min(cell.rowspan, n_rows - r)
            for dr in range(down):
                for dc in range(max(cell.colspan, 1)):
                    grid.setdefault((r + dr, c + dc), (r, k))
            c += max(cell.colspan, 1)
    width = max((c for _, c in grid), default=-1) + 1
    texts, locators, full = [], [], []
    for r in range(n_rows):
        owners = [grid.get((r, c)) for c in range(width)]
        whole = width > 1 and None not in owners and len(set(owners)) == 1
        full.append(whole)
        texts.append([rows[o[0]][o[1]].text if o and (not whole or c == 0) else "" for c, o in enumerate(owners)])
        locators.append([rows[o[0]][o[1]].locator if o else row_locators[r] for o in owners])
    return texts, locators, full


# ------------------------------------------------------------------ lines
def clean_line(text: str) -> str:
    """Whitespace as a browser shows it: a line break between two CJK characters disappears, other runs
    of ASCII whitespace become one space (so no line starts with a tab: that is the tab-cell layout)."""
    return _ASCII_SPACE.sub(" ", _SEGMENT_BREAK.sub("", text)).strip(" ")


class Lines:
    """Lines with their locators, built from inline text: a block boundary or <br> ends a line."""

    def __init__(self):
        self.lines: list[str] = []
        self.locators: list[str | None] = []
        self._parts: list[str] = []
        self._where: str | None = None
        self._per_block: dict[str, int] = {}
        self.dropped_blocks = 0
        self.n_tables = 0

    def text(self, text: str, block: El) -> None:
        if not self._parts and not text.strip():
            return
        if self._where is None:
            n = self._per_block.get(block.path, 0) + 1
            self._per_block[block.path] = n
            self._where = block.path if n == 1 else f"{block.path}#{n}"
        self._parts.append(text)

    def end(self) -> None:
        line = clean_line("".join(self._parts))
        if line.strip():
            self.lines.append(line)
            self.locators.append(self._where)
        self._parts, self._where = [], None

    def add(self, lines: list[str], locators: list[str | None]) -> None:
        self.end()
        self.lines += lines
        self.locators += locators


_END = object()


def _text(text: str, block: El, out: Lines, pre: bool) -> None:
    """Inline text; in a <pre> each line break ends a line."""
    if not pre:
        out.text(text, block)
        return
    first, *rest = text.replace("\r\n", "\n").split("\n")
    out.text(first, block)
    for part in rest:
        out.end()
        out.text(part, block)


def render(el: El, out: Lines, tables: Tables, in_body: bool, owner: El | None = None) -> None:
    """Append the lines of `el` to `out`; `owner` is the block holding `el` when `el` is inline. In the
    article body (`in_body`) blocks that are mostly links are left out."""
    stack: list = [(el, owner or el, any(a.tag == "pre" for a in (el, *el.ancestors())))]
    while stack:
        node, block, pre = stack.pop()
        if node is _END:
            out.end()
        elif isinstance(node, str):
            _text(node, block, out, pre)
        elif node.tag in ("br", "hr"):
            out.end()
        elif node.tag == "table" and tables.is_data(node):
            if in_body and node.link_dense and node is not el:
                out.dropped_blocks += 1
            else:
                write_table(node, out, tables)
        elif node.tag in BLOCK_TAGS:
            out.end()
            if in_body and node.link_dense and node is not el:
                out.dropped_blocks += 1
                continue
            stack.append((_END, None, pre))
            stack.extend((child, node, pre or node.tag == "pre") for child in reversed(node.children))
        else:
            stack.extend((child, block, pre) for child in reversed(node.children))


def cell_text(cell: El, tables: Tables) -> str:
    """A cell's lines joined with '\\n' (its paragraphs and <br>)."""
    inner = Lines()
    render(cell, inner, tables, in_body=False)
    return "\n".join(inner.lines)


def write_table(table: El, out: Lines, tables: Tables) -> None:
    """A data table in the tab-cell layout: its caption and leading full-width rows first (they are
    titles), its trailing full-width rows after (notes), all-empty rows left out."""
    out.end()
    for caption in (c for c in elements(table) if c.tag == "caption"):
        render(caption, out, tables, in_body=False)
    rows = [r for r in table_rows(table) if row_cells(r)]
    cells = [[SourceCell(cell_text(c, tables), c.path, span(c, "rowspan"), span(c, "colspan")) for c in row_cells(r)]
             for r in rows]
    texts, locators, full = expand_spans(cells, [r.path for r in rows])
    keep = [r for r in range(len(rows)) if any(t.strip() for t in texts[r])]
    first = next((i for i, r in enumerate(keep) if not full[r]), len(keep))
    last = max((i for i, r in enumerate(keep) if not full[r]), default=first - 1)
    for r in keep[:first]:
        _text_lines(texts[r][0], locators[r][0], out)
    lines, where = tab_cell_lines([texts[r] for r in keep[first:last + 1]], [locators[r] for r in keep[first:last + 1]])
    out.add(lines, where)
    for r in keep[last + 1:]:
        _text_lines(texts[r][0], locators[r][0], out)
    out.n_tables += 1


def _text_lines(text: str, locator: str, out: Lines) -> None:
    parts = [p for p in text.split("\n") if p.strip()]
    out.add(parts, [locator] * len(parts))


# ------------------------------------------------------------------ the article
def leaf_chars(child: El, tables: Tables) -> int:
    """What a child adds to its parent's score: its non-link text when it is a leaf (no blocks inside,
    or a data table) and not mostly links; 0 for a container."""
    if child.link_dense:
        return 0
    if child.tag == "table":
        return child.text_chars if tables.is_data(child) else 0
    return 0 if child.has_block else child.text_chars


def score(el: El, tables: Tables) -> int:
    """The non-link text of `el`'s own paragraphs: direct text and direct leaf children."""
    return sum(_count(c) if isinstance(c, str) else leaf_chars(c, tables) for c in el.children)


def find_body(root: El, tables: Tables) -> tuple[El, int]:
    """The element with the most non-link text in its own paragraphs (the first on a tie); tables and
    the insides of data tables are not candidates."""
    best, best_score = root, -1
    stack = [root]
    while stack:
        el = stack.pop()
        if el.tag == "table" and tables.is_data(el):
            continue
        if el.tag != "table" and (el.tag in BLOCK_TAGS or el.has_block):
            s = score(el, tables)
            if s > best_score:
                best, best_score = el, s
        stack.extend(reversed(elements(el)))
    return best, best_score


def narrow(body: El, tables: Tables) -> El:
    """The body, or its leaf child holding most of its text (DOMINANT_SHARE)."""
    total = score(body, tables)
    leaves = [c for c in elements(body) if c.tag in BLOCK_TAGS and c.tag != "table" and not c.has_block]
    top = max(leaves, key=lambda c: leaf_chars(c, tables), default=None)
    if top is not None and total > 0 and leaf_chars(top, tables) >= DOMINANT_SHARE * total:
        return top
    return body


def page_title(parser) -> str:
    node = parser.css_first("head > title") or parser.css_first("title")
    return clean_line(node.text()) if node is not None else ""


def longest_part(title: str) -> str:
    """The longest part of a <title> between separators (' - ', '_', '|'): the site name is dropped."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts, key=len) if parts else title


def title_matches(block_text: str, title: str) -> bool:
    """A block is the title when its text is part of the page's <title>, or holds all of it without
    being much longer."""
    b, t = "".join(block_text.split()), "".join(title.split())
    if not b or not t or not (TITLE_CHARS[0] <= len(b) <= TITLE_CHARS[1]):
        return False
    return b in t or (t in b and len(b) <= 2 * len(t))


def title_shown(lines: list[str], title: str) -> bool:
    """Whether one of `lines` is the page's <title> or holds its longest part (of any length)."""
    short = "".join(longest_part(title).split())
    long_enough = len(short) >= TITLE_CHARS[0]
    squashed = ["".join(line.split()) for line in lines]
    return any(title_matches(line, title) for line in lines) or \
        any(short == line or (long_enough and short in line) for line in squashed)


def block_text(el: El, tables: Tables) -> str:
    out = Lines()
    render(el, out, tables, in_body=False)
    return " ".join(out.lines)


def _is_leaf_block(el: El, tables: Tables) -> bool:
    return (el.tag in BLOCK_TAGS and not el.has_block and el.tag not in TABLE_PARTS - CELL_TAGS
            and not tables.inside_data(el))


def find_title(root: El, body: El, title: str, tables: Tables) -> El | None:
    """The nearest leaf block before the body whose text matches the page's <title>, else the nearest
    <h1>-<h3> before it (of any length: a heading is a title by its tag)."""
    candidates = []
    for el in walk(root):
        if el is body:
            break
        if el.chars and _is_leaf_block(el, tables):
            candidates.append(el)
    if title:
        for el in reversed(candidates):
            if el.chars <= TITLE_CHARS[1] and title_matches(block_text(el, tables), title):
                return el
    return next((el for el in reversed(candidates) if el.tag in TITLE_HEADINGS), None)


def lowest_common_ancestor(a: El, b: El) -> El:
    seen = {id(a), *map(id, a.ancestors())}
    return next((n for n in (b, *b.ancestors()) if id(n) in seen), b)


def article_units(body: El, title: El | None) -> list[tuple]:
    """The parts of the page that make the article, as (element or text, parent), in document order:
    the title, what lies between it and the body unless mostly links, the body, and the body's next
    siblings up to the first one that is mostly links. Without a title, what comes before the body
    within its ancestor NO_TITLE_LEVELS up, unless mostly links, stands in for what lies between."""
    if body.parent is None:
        return [(body, body)]
    if title is not None:
        top = lowest_common_ancestor(title, body)
    else:
        above = list(body.ancestors())
        top = above[min(NO_TITLE_LEVELS, len(above)) - 1]
    on_path = {id(n) for n in (body, *body.ancestors())}
    if title is not None:
        on_path |= {id(n) for n in (title, *title.ancestors())}
    units: list[tuple] = []
    state = {"started": title is None, "reached": False, "stopped": False}

    def side(unit, parent: El) -> None:
        dense = not isinstance(unit, str) and unit.link_dense
        if not state["started"] or state["stopped"]:
            return
        if not state["reached"]:
            if not dense:
                units.append((unit, parent))
        elif parent is body.parent and not dense:
            units.append((unit, parent))
        else:
            state["stopped"] = True

    def visit(el: El) -> None:
        for child in el.children:
            if child is title:
                units.append((child, el))
                state["started"] = True
            elif child is body:
                units.append((child, el))
                state["reached"] = True
            elif not isinstance(child, str) and id(child) in on_path:
                visit(child)
            else:
                side(child, el)

    visit(top)
    return units


def _block_of(el: El) -> El:
    return next((a for a in el.ancestors() if a.tag in BLOCK_TAGS), el)


def convert(raw: bytes, source_file: str) -> Converted:
    """An HTML page -> its title, date/source line and article body as lines with element paths."""
    text, _encoding, notes = decode_page(raw, source_file)
    parser = LexborHTMLParser(text)
    if parser.body is None:
        raise _no_text(source_file, "the page has no <body>")
    root, n_dropped = build_tree(parser.body)
    tables = Tables()
    body, best = find_body(root, tables)
    if best < MIN_ARTICLE_CHARS:
        raise _no_text(source_file, f"no block of the page has {MIN_ARTICLE_CHARS} characters of text outside "
                                    f"links (the most is {max(best, 0)})")
    body = narrow(body, tables)
    page = page_title(parser)
    title = find_title(root, body, page, tables)
    out = Lines()
    for unit, parent in article_units(body, title):
        if isinstance(unit, str):
            out.text(unit, parent if parent.tag in BLOCK_TAGS else _block_of(parent))
        else:
            owner = None if unit.tag in BLOCK_TAGS else parent if parent.tag in BLOCK_TAGS else _block_of(parent)
            render(unit, out, tables, in_body=unit is not title, owner=owner)
    out.end()
    if title is None and page and not title_shown(out.lines[:TITLE_IN_BODY_LINES], page):
        out.lines.insert(0, longest_part(page))
        out.locators.insert(0, "head/title")
        notes.append("no title before the article body: the first line is the page's <title>")
    if not out.lines:
        raise _no_text(source_file, "the article body is empty")
    notes.append(f"article body at {body.path}; left out: {n_dropped} navigation, header, footer, script, form "
                 f"control or hidden elements, {out.dropped_blocks} blocks of mostly links in the body")
    return Converted(text="\n".join(out.lines), locators=tuple(out.locators), format="html",
                     converter="selectolax", converter_version=version_of("selectolax"),
                     n_pages=None, n_tables=out.n_tables, notes=tuple(notes))


def _no_text(source_file: str, why: str) -> NoTextError:
    return NoTextError(source_file, None, f"{why}: the page holds no article text (only navigation, or empty). Save "
                       "the article page itself (not a list, search or frame page), or copy the article text into "
                       "a UTF-8 .txt file")
