"""PDF input: real plan texts are written as HTML (paragraphs, real bordered tables for their tab-cell
tables, a running header and a page number on every page), printed to PDF by headless Chromium, read
back by ingest/read/formats/pdf.py, and must give what the plain text gives: the same statements,
values, tasks and service items. Also: locators point at the right page/table/row/cell, and a scan, a
truncated file and a password-protected file fail with typed errors that say what to do.

All PDFs are printed in ONE Chromium process (DevTools protocol over --remote-debugging-pipe,
Page.printToPDF per document: the same printing as --print-to-pdf --no-pdf-header-footer), once per
session.
"""
from __future__ import annotations

import base64
import difflib
import functools
import hashlib
import html
import json
import os
import select
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path

import pytest

from ingest.model.context import DocContext
from ingest.paths import CORPUS_DIR
from ingest.model.errors import CorruptFileError, NoTextError
from ingest.read.formats import detect_format
from ingest.read.formats import pdf as pdf_format
from ingest.read.text import detect_script, split_lines
from ingest.extract.tables.layout import read_plan_tables
from tests.conftest import RAW
from tests.conftest import chromium_binary as _chromium
from tests.ingest.formats_common import differences, ingest_bytes, reference, semantic

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CORPUS = CORPUS_DIR
# corpus texts with many numbers (statements in the plain ingest), long run-on lines that wrap in print
CORPUS_DOCS = ("020.txt", "055.txt")  # a one-page excerpt; a long one with tab-led headings
PLANS = sorted(p.name for p in RAW.glob("*.txt"))

STYLE = """
@page { size: A4; margin: 20mm 18mm;
        @top-center { content: "%s"; font-size: 9pt; }
        @bottom-center { content: "- " counter(page) " -"; font-size: 9pt; } }
body { font-family: sans-serif; font-size: 11pt; }
p { margin: 0 0 0.6em 0; }
table { border-collapse: collapse; margin: 0.5em 0; }
td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
tr { break-inside: avoid; }
"""


# ---------------------------------------------------------------- plan text -> HTML
def _table_html(table) -> str:
    def cell(c) -> str:
        return "<br>".join(html.escape(part.strip()) for part in c.text.split("\n") if part.strip())

    rows = [table.header, *table.rows]
    return '<table border="1">' + "".join(
        "<tr>" + "".join(f"<td>{cell(c)}</td>" for c in row) + "</tr>" for row in rows) + "</table>"


def plan_html(text: str, name: str, header: str) -> str:
    """The plan as a web page: each non-blank line a paragraph; each table the ingest reads from the
    text (tab cells) a real bordered table with the same cells."""
    lines = split_lines(text)
    ctx = DocContext("probe", name, detect_script(text), reference())
    tables = {t.start_line: t for _, t in read_plan_tables(lines, ctx)}
    body, i = [], 1
    while i <= len(lines):
        if i in tables:
            body.append(_table_html(tables[i]))
            i = tables[i].end_line + 1
            continue
        line = lines[i - 1].strip("\t \r")
        if line:
            body.append(f"<p>{html.escape(line)}</p>")
        i += 1
    css = STYLE % header.replace("\\", "").replace('"', "")
    return f'<!doctype html><html><head><meta charset="utf-8"><style>{css}</style></head><body>{"".join(body)}</body></html>'


def _png(width: int, height: int) -> bytes:
    """A grey RGB picture: a page with an image and no text, like a scan."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + bytes([120, 120, 120]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SCAN_HTML = ('<!doctype html><html><head><style>@page { size: A4; margin: 0 }</style></head><body>'
             f'<img style="width:100%" src="data:image/png;base64,{base64.b64encode(_png(60, 80)).decode()}">'
             '</body></html>')


# ---------------------------------------------------------------- Chromium, once


class _DevTools:
    """Chromium's DevTools protocol over --remote-debugging-pipe: JSON messages ended by NUL, written to
    its fd 3 and read from its fd 4."""

    def __init__(self, binary: str, profile: str, timeout: float = 120.0):
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def child():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                                      "about:blank"], pass_fds=(3, 4), preexec_fn=child,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self._events: list[dict] = []
        self._deadline = time.monotonic() + timeout

    def _read(self) -> dict:
        while b"\0" not in self._buf:
            left = self._deadline - time.monotonic()
            if left <= 0 or not select.select([self._r], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}, **({"sessionId": session} if session else {})}
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while (m := self._read()).get("id") != self._id:
            if "method" in m:
                self._events.append(m)
        if "error" in m:
            raise RuntimeError(f"{method}: {m['error']}")
        return m["result"]

    def wait_event(self, method: str, session: str) -> None:
        """Wait for an event of one page (events of the other pages that come first are kept)."""
        def wanted(m: dict) -> bool:
            return m.get("method") == method and m.get("sessionId") == session

        for k, m in enumerate(self._events):
            if wanted(m):
                del self._events[k]
                return
        while not wanted(m := self._read()):
            if "method" in m:
                self._events.append(m)

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        os.close(self._w)
        os.close(self._r)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def print_pdfs(pages: dict[str, str], workdir: Path) -> dict[str, bytes]:
    """Each HTML page printed to PDF (A4 from its @page rule, no browser header/footer), one Chromium:
    every page is opened and laid out at once, then printed one after the other."""
    binary = _chromium()
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as profile:
        tools = _DevTools(binary, profile)
        try:
            opened = {}
            for name, page in pages.items():
                path = workdir / f"{hashlib.sha1(name.encode()).hexdigest()}.html"
                path.write_text(page, encoding="utf-8")
                target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
                session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
                tools.call("Page.enable", session=session)
                tools.call("Page.navigate", {"url": path.as_uri()}, session=session)
                opened[name] = (target, session)
            for name, (target, session) in opened.items():
                tools.wait_event("Page.loadEventFired", session)
                data = tools.call("Page.printToPDF", {"preferCSSPageSize": True, "displayHeaderFooter": False},
                                  session=session)["data"]
                out[name] = base64.b64decode(data)
                tools.call("Target.closeTarget", {"targetId": target})
        finally:
            tools.close()
    return out


def printed_cached(pages: dict[str, str], cache_dir: Path, workdir: Path) -> dict[str, bytes]:
    """print_pdfs, kept between runs under pytest's cache, keyed by the page and the Chromium binary (a
    fresh clone, as in CI, prints everything)."""
    binary = Path(_chromium()).resolve()
    stamp = f"{binary}:{binary.stat().st_size}:{binary.stat().st_mtime_ns}"
    keys = {name: hashlib.sha256((stamp + page).encode()).hexdigest() for name, page in pages.items()}
    out = {name: (cache_dir / f"{key}.pdf").read_bytes() for name, key in keys.items() if (cache_dir / f"{key}.pdf").exists()}
    missing = {name: page for name, page in pages.items() if name not in out}
    if missing:
        for name, raw in print_pdfs(missing, workdir).items():
            (cache_dir / f"{keys[name]}.pdf").write_bytes(raw)
            out[name] = raw
    return out


def _texts() -> dict[str, str]:
    texts = {name: (RAW / name).read_text(encoding="utf-8") for name in PLANS}
    if CORPUS is not None:
        texts |= {f"corpus_{name}": (CORPUS / "docs" / name).read_text(encoding="utf-8") for name in CORPUS_DOCS}
    return texts


def _header(text: str) -> str:
    """A running header for the printed plan: the start of its first line, as a real PDF's header often is."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first[:24]


@pytest.fixture(scope="session")
def printed(tmp_path_factory, request) -> dict[str, bytes]:
    """Every plan text as a PDF, and a page that is only an image, printed in one Chromium run."""
    texts = _texts()
    pages = {name: plan_html(text, name, _header(text)) for name, text in texts.items()}
    pages["scan"] = SCAN_HTML
    started = time.monotonic()
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider: print every time
    cache_dir = cache.mkdir("format_pdf") if cache is not None else tmp_path_factory.mktemp("pdf_cache")
    pdfs = printed_cached(pages, cache_dir, tmp_path_factory.mktemp("pdf"))
    print(f"\nprinted {len(pages)} PDFs in {time.monotonic() - started:.1f}s")
    return pdfs


@pytest.fixture(scope="session")
def converted(printed) -> dict[str, tuple]:
    """name -> (Converted, seconds to convert)."""
    out = {}
    for name, raw in printed.items():
        if name == "scan":
            continue
        started = time.monotonic()
        out[name] = (pdf_format.convert(raw, f"{name}.pdf"), time.monotonic() - started)
    return out


def _nonblank(text: str) -> list[str]:
    return [ln for ln in split_lines(text) if ln.strip()]


# ---------------------------------------------------------------- 1. the same plan, read from PDF and from text
# corpus 055 keeps its headings as tab-led lines ('\t一、推进民生幸福工程总体目标'): the text ingest takes a
# tab-led line for a table cell, so its statements get no domain there; printed, a heading is a heading,
# and the PDF reading finds the domain. What must hold for it: every statement with its unit, method and
# values (kind, year, value, unit, comparator).
TAB_LED_HEADINGS = {"corpus_055.txt"}


def _unmapped_only(pdf_item, text_item) -> bool:
    """Two tuples that differ only where the PDF has U+FFFD: a glyph printed from a font with no text
    mapping for it (the installed CJK font has no 〈 〉, Chromium prints a .notdef box)."""
    a, b = repr(pdf_item), repr(text_item)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return all(tag == "equal" or (a[i1:i2] and set(a[i1:i2]) <= {"\ufffd"}) for tag, i1, i2, _, _ in ops)


def assert_same_reading(from_pdf: dict, from_text: dict) -> None:
    """Equal, but for glyphs the PDF itself cannot give back (U+FFFD on the PDF side)."""
    for key in from_text:
        only_pdf = sorted(set(from_pdf[key]) - set(from_text[key]), key=repr)
        only_text = sorted(set(from_text[key]) - set(from_pdf[key]), key=repr)
        assert len(only_pdf) == len(only_text), "\n".join(differences(from_pdf, from_text, limit=8))
        for item in only_pdf:
            assert "\ufffd" in repr(item), "\n".join(differences(from_pdf, from_text, limit=8))
            match = max(only_text, key=lambda t: difflib.SequenceMatcher(None, repr(item), repr(t)).ratio())
            assert _unmapped_only(item, match), f"{key}: {item} vs {match}"
            only_text.remove(match)


def _values_by_name(result) -> list[tuple]:
    by_statement: dict[str, list[tuple]] = {}
    for v in result.values:
        by_statement.setdefault(v.statement_id, []).append((v.value_kind, v.year, v.value, v.unit, v.comparator))
    return sorted((s.indicator_name, s.unit, s.method, tuple(sorted(by_statement.get(s.statement_id, []), key=repr)))
                  for s in result.statements)


@pytest.mark.parametrize("name", [*PLANS, *(f"corpus_{n}" for n in CORPUS_DOCS)])
def test_pdf_reads_like_the_text(name, printed, converted):
    texts = _texts()
    if name not in texts:
        pytest.skip("shared corpus not present")
    conv, seconds = converted[name]
    assert detect_format(printed[name], f"{name}.pdf") == "pdf"
    assert conv.format == "pdf" and conv.converter == pdf_format.CONVERTER and "unknown" not in conv.converter_version
    assert conv.n_pages and conv.n_pages >= 1
    pdf_result = ingest_bytes(printed[name], f"{name}.pdf")
    text_result = ingest_bytes(texts[name].encode("utf-8"), name)
    assert pdf_result.manifest["file_format"] == "pdf" and pdf_result.manifest["n_pages"] == conv.n_pages
    if name in TAB_LED_HEADINGS:
        assert _values_by_name(pdf_result) == _values_by_name(text_result)
        assert semantic(pdf_result)["tasks"] == semantic(text_result)["tasks"]
    else:
        assert_same_reading(semantic(pdf_result), semantic(text_result))
    print(f"{name}: {conv.n_pages} pages, {conv.n_tables} tables, converted in {seconds:.2f}s")


@pytest.mark.parametrize("name", [*PLANS, *(f"corpus_{n}" for n in CORPUS_DOCS)])
def test_pdf_lines_are_the_text_lines(name, converted):
    """Paragraphs come back whole (wrapped lines joined, also across pages), running headers and page
    numbers are gone, and every table cell is there: the non-blank lines equal the text's, up to
    whitespace (HTML folds runs of spaces, pdfium reports U+3000 as a space) and a cell's own line breaks
    (a break the cell forced at its full width looks like a wrap: '服务\n项目' in a two-character column).
    A one-page PDF keeps its running header: one page shows no repetition to tell it by."""
    texts = _texts()
    if name not in texts:
        pytest.skip("shared corpus not present")
    conv, _ = converted[name]
    got = _comparable(conv.text)
    want = _comparable(plan_text_as_printed(texts[name], name))
    if conv.n_pages == 1 and got[:1] == [" ".join(_header(texts[name]).split())]:
        got = got[1:]
    assert len(got) == len(want) and all(a == b or _unmapped_only(a, b) for a, b in zip(got, want)), \
        _first_difference(got, want)


def _comparable(text: str) -> list[str]:
    """Non-blank lines, whitespace folded, each table cell on one line (its wrapped tails joined)."""
    out: list[str] = []
    in_cell = False
    for line in split_lines(text):
        if not line.strip():
            in_cell = False
            continue
        if in_cell and not line.startswith("\t"):
            out[-1] += "".join(line.split())
            continue
        in_cell = line.startswith("\t")
        out.append(("\t" if in_cell else "") + " ".join(line.split()))
    return out


def plan_text_as_printed(text: str, name: str) -> str:
    """The plan text as the converter should give it back: the text's own lines, tables re-written by
    tab_cell_lines from the cells the ingest reads (so a wrapped cell is one cell line plus its tails)."""
    from ingest.read.formats import tab_cell_lines

    lines = split_lines(text)
    ctx = DocContext("probe", name, detect_script(text), reference())
    tables = {t.start_line: t for _, t in read_plan_tables(lines, ctx)}
    out, i = [], 1
    while i <= len(lines):
        if i in tables:
            t = tables[i]
            rows = [[c.text for c in row] for row in [t.header, *t.rows]]
            out += tab_cell_lines(rows, [[None] * len(r) for r in rows])[0]
            i = t.end_line + 1
            continue
        out.append(lines[i - 1].strip("\t \r"))
        i += 1
    return "\n".join(out)


def _first_difference(got: list[str], want: list[str]) -> str:
    for k, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return f"line {k + 1} differs:\n  pdf:  {a[:200]!r}\n  text: {b[:200]!r}"
    return f"{len(got)} lines from the PDF, {len(want)} in the text"


# ---------------------------------------------------------------- 2. locators
def test_every_line_has_a_locator(converted):
    for name, (conv, _) in converted.items():
        lines = conv.text.split("\n")
        assert len(conv.locators) == len(lines), name
        for line, loc in zip(lines, conv.locators):
            if line.strip():
                assert loc and loc.startswith("page"), (name, line, loc)


@functools.lru_cache(maxsize=64)
def _page_text(raw: bytes, page: int) -> str:
    """A page's text as pdfium's plain-text API gives it (content order, no layout), whitespace removed."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(raw)
    try:
        return "".join(doc[page - 1].get_textpage().get_text_range().split())
    finally:
        doc.close()


def test_locators_point_at_the_page_and_cell(printed, converted):
    """A paragraph's locator names the page its first characters are on; a cell's names the page, the
    table on that page, the row and the column it was printed in."""
    name = "004_2d37ce64d69f20cb.txt"
    conv, _ = converted[name]
    lines = conv.text.split("\n")
    checked = 0
    for k in range(0, len(lines), 23):  # a spread of lines over the whole document
        line, loc = lines[k], conv.locators[k]
        if not line.strip() or "/" in (loc or ""):
            continue
        page = int(loc.removeprefix("page"))
        assert "".join(line.split())[:10] in _page_text(printed[name], page), (k, line[:40], loc)
        checked += 1
    assert checked >= 10
    # the indicator table: header cells and a data row, cell by cell
    text = (RAW / name).read_text(encoding="utf-8")
    first_cell = " ".join(next(ln for ln in text.splitlines() if ln.startswith("\t")).split())
    at = [" ".join(ln.split()) for ln in lines].index(first_cell)
    loc = conv.locators[at]
    assert loc.endswith("/table1/row1/cell1"), loc
    page = int(loc.split("/")[0].removeprefix("page"))
    assert conv.locators[at + 1] == f"page{page}/table1/row1/cell2"
    data = lines.index("\t96.98")
    assert conv.locators[data] == f"page{page}/table1/row3/cell2"
    assert conv.locators[data - 1] == f"page{page}/table1/row3/cell1"
    # every cell of every table: its text is on the page its locator names
    cells = [(ln, loc) for ln, loc in zip(lines, conv.locators) if ln.startswith("\t") and ln.strip()]
    assert len({loc.split("/")[0] for _, loc in cells}) > 5
    for line, loc in cells:
        assert "".join(line.split()) in _page_text(printed[name], int(loc.split("/")[0].removeprefix("page"))), loc


def test_tables_continue_across_pages(converted):
    """The 004 plan's tables run over many pages: each continued part joins its table (the rows of one
    table carry locators of several pages), so the PDF has as many tables as the text."""
    name = "004_2d37ce64d69f20cb.txt"
    conv, _ = converted[name]
    text = (RAW / name).read_text(encoding="utf-8")
    ctx = DocContext("probe", name, detect_script(text), reference())
    assert conv.n_tables == len(read_plan_tables(split_lines(text), ctx))
    runs, pages = [], set()
    for line, loc in zip(conv.text.split("\n"), conv.locators):
        if line.startswith("\t"):
            pages.add(loc.split("/")[0])
        elif pages:
            runs.append(pages)
            pages = set()
    assert any(len(p) > 1 for p in runs)


def test_running_header_and_page_numbers_dropped(converted, printed):
    """Every printed page has the header and '- n -' in its margins; none of it is in the text, and the
    notes say what was dropped."""
    name = "004_2d37ce64d69f20cb.txt"
    conv, _ = converted[name]
    header = _header((RAW / name).read_text(encoding="utf-8"))
    header = "".join(header.split())
    assert header in _page_text(printed[name], 2) and "-2-" in _page_text(printed[name], 2)
    text = (RAW / name).read_text(encoding="utf-8")
    in_text = sum("".join(ln.split()) == header for ln in text.splitlines())
    assert sum("".join(ln.split()) == header for ln in conv.text.split("\n")) == in_text  # the body's own line only
    assert not any(ln.strip().strip("- ").isdigit() for ln in conv.text.split("\n") if not ln.startswith("\t"))
    assert any("running header" in n for n in conv.notes)


# ---------------------------------------------------------------- layout rules, on characters
def _chars(text: str, x: float, top: float, size: float = 10.0, width: float | None = None) -> list[dict]:
    out = []
    for ch in text:
        w = width or (size if pdf_format.is_wide(ch) else size * 0.55)
        out.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size, "upright": True})
        x += w
    return out


def test_line_joins_cjk_without_spaces_and_keeps_latin_spaces():
    chars = _chars("达到", 0, 0) + _chars("96.98%", 20, 0) + _chars("GDP", 60, 0) + _chars("2025", 80, 0.5)
    (line,) = pdf_format.group_lines(chars)
    assert line.text == "达到96.98% GDP 2025"


def test_wrapped_paragraph_is_joined_and_a_short_line_ends_it():
    right = 100.0
    a = pdf_format.make_line(_chars("一二三四五六七八九十", 0, 0))
    b = pdf_format.make_line(_chars("，下一行", 0, 12))
    c = pdf_format.make_line(_chars("短", 0, 24))
    d = pdf_format.make_line(_chars("新段落", 0, 48))
    assert pdf_format.continues(a, b, 0, right, True)  # '，下' would not have fitted after a
    assert not pdf_format.continues(b, c, 0, right, True)  # b stops short of the right edge
    assert not pdf_format.continues(c, d, 0, right, True)
    indented = pdf_format.make_line(_chars("缩进", 20, 12))
    assert not pdf_format.continues(a, indented, 0, right, True)


def test_rotated_characters_and_duplicates_are_left_out():
    chars = _chars("标题''", 0, 0)
    chars.append(dict(chars[0], x0=0.2, x1=10.2))  # fake bold: drawn twice
    watermark = [dict(c, upright=False) for c in _chars("样本", 100, 0)]
    page = pdf_format.read_page(1, 842.0, chars + watermark, [])
    assert [ln.text for ln in page.lines] == ["标题''"]  # two apostrophes side by side stay two
    assert page.n_rotated == 2


# ---------------------------------------------------------------- 3. bad files
def test_scanned_pdf_is_no_text(printed):
    with pytest.raises(NoTextError) as err:
        pdf_format.convert(printed["scan"], "scan.pdf")
    assert "OCR" in err.value.reason and "ocrmypdf" in err.value.reason
    with pytest.raises(NoTextError):
        ingest_bytes(printed["scan"], "scan.pdf")


def test_truncated_pdf_is_corrupt(printed):
    raw = printed["000_0f5b46df09df09b5.txt"]
    for cut in (raw[: len(raw) // 2], raw[:2000], raw[:-200]):
        with pytest.raises(CorruptFileError) as err:
            pdf_format.convert(cut, "cut.pdf")
        assert "truncated" in err.value.reason


def test_garbage_after_the_header_is_corrupt():
    raw = b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"
    with pytest.raises(CorruptFileError) as err:
        pdf_format.convert(raw, "junk.pdf")
    assert "print it to a new PDF" in err.value.reason


# a minimal PDF (one page, Helvetica) encrypted with the standard security handler, revision 2 (RC4, 40 bits)
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes, owner_password: bytes, text: str) -> bytes:
    """PDF 1.4 spec, algorithms 3.2-3.4: O from the owner password, the file key, U from the key; every
    string and stream encrypted with its object's key."""
    file_id = hashlib.md5(b"format-pdf-test").digest()
    o_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    o_value = _rc4(o_key, (user_password + _PAD)[:32])
    perms = -4
    key = hashlib.md5((user_password + _PAD)[:32] + o_value + struct.pack("<i", perms) + file_id).digest()[:5]
    u_value = _rc4(key, _PAD)

    def obj_key(num: int) -> bytes:
        return hashlib.md5(key + struct.pack("<i", num)[:3] + b"\0\0").digest()[:10]

    stream = _rc4(obj_key(4), f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (o_value.hex().encode(), u_value.hex().encode(), perms),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, file_id.hex().encode(), file_id.hex().encode(), xref))
    return bytes(out)


def test_password_protected_pdf_is_corrupt_with_advice():
    raw = encrypted_pdf(b"secret", b"owner", "Plan 2025")
    with pytest.raises(CorruptFileError) as err:
        pdf_format.convert(raw, "locked.pdf")
    assert "password" in err.value.reason and "print to PDF" in err.value.reason


def test_pdf_with_only_an_owner_password_is_read():
    """Restrictions without an open password: every viewer opens it, and so does the reader."""
    raw = encrypted_pdf(b"", b"owner", "Plan 2025 target 95%")
    conv = pdf_format.convert(raw, "restricted.pdf")
    assert conv.text == "Plan 2025 target 95%" and conv.locators == ("page1",)


def _grid(page: int, rows: list[list[str]], top: float, edges=(50.0, 200.0, 300.0)) -> "pdf_format.Grid":
    return pdf_format.Grid(page, 1, top, top + 20.0 * len(rows), edges, rows, (edges[0], top, edges[-1], top + 100.0),
                           [(page, 1, r) for r in range(1, len(rows) + 1)])


def test_table_continued_on_the_next_page_is_one_table():
    """A table ending page 1 and one starting page 2 with the same columns are one table; a header row
    repeated on page 2 is dropped; a part with other columns, or after a line of text, is a new table."""
    first = _grid(1, [["指标", "2020年"], ["甲", "1"]], 700.0)
    again = _grid(2, [["指标", "2020年"], ["乙", "2"]], 60.0)
    pages = [pdf_format.Page(1, 842.0, [], [first], 10, 0), pdf_format.Page(2, 842.0, [], [again], 10, 0)]
    (table,) = pdf_format.blocks(pages)
    assert table.rows == [["指标", "2020年"], ["甲", "1"], ["乙", "2"]]
    assert table.row_pages == [(1, 1, 1), (1, 1, 2), (2, 1, 2)]
    text, where, n = pdf_format.emit([table], 0.0, 500.0)
    assert n == 1 and where[text.index("\t乙")] == "page2/table1/row2/cell1"

    other = _grid(2, [["a", "b", "c"]], 60.0, edges=(50.0, 100.0, 200.0, 300.0))
    pages = [pdf_format.Page(1, 842.0, [], [_grid(1, [["指标", "2020年"], ["甲", "1"]], 700.0)], 10, 0),
             pdf_format.Page(2, 842.0, [], [other], 10, 0)]
    assert len(pdf_format.blocks(pages)) == 2
    caption = pdf_format.make_line(_chars("表2", 50.0, 40.0))
    caption.page = 2
    pages = [pdf_format.Page(1, 842.0, [], [_grid(1, [["指标", "2020年"], ["甲", "1"]], 700.0)], 10, 0),
             pdf_format.Page(2, 842.0, [caption], [_grid(2, [["丙", "3"], ["丁", "4"]], 60.0)], 10, 0)]
    assert [type(b).__name__ for b in pdf_format.blocks(pages)] == ["Grid", "Line", "Grid"]
