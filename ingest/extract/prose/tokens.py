"""The numbers of one line: every Arabic number in order, with decimal points written with spaces
('92. 4') or as an uncertain character ('92。4') joined, digits touching a corruption marker ('3?2')
marked, and whether each stands inside a title or quotation. One scan of the line; every decision
looks at a bounded window."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.extract.prose.compiled import Grammar
from ingest.extract.prose.naming import unit_after

W = 60  # characters: how far exclusions, units and comparators look either side of a number
CLAUSE_END = "，,；;。!！?？:：\t"
_QUOTES = (("“", "”"), ("《", "》"), ("<", ">"), ("〈", "〉"))  # and '"', which opens and closes
# quotation marks; '<' and '>' directly before a number are comparators ('<5.5%', '>7.5'), not quotes,
# unless the number looks like a year ('<2020年度工作要点>'): then it stays a quotation mark, as before
_QUOTE_CHARS = re.compile(r"[“”《〈》〉\"]|[<>](?!\s*(?!(?:19|20)\d{2}\D)\d)")
_DATE_LIKE_YEAR = re.compile(r"(?:19|20)\d{2}")


@dataclass(slots=True)
class Tok:
    start: int
    end: int  # span in the line as written (with a spaced point or corruption markers)
    value: str  # canonical decimal ('92.4'); '' for corrupted digits
    form: str = "plain"  # plain | spaced | uncertain | datelike | corrupted
    doubt: str | None = None
    quoted: bool = False
    lead_marker_only: bool = False  # corrupted: a marker before the digits, none after or inside

    def text(self, line: str) -> str:
        return line[self.start:self.end]


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    footnote: bool  # a footnote that defines a term ('注:1.指…')
    first_non_ws: int  # index of the first non-space character
    first_non_note: int  # index of the first character after a note label ('注:')


def line_of(text: str, g: Grammar) -> Line:
    return Line(text, g.footnote.match(text) is not None, len(text) - len(text.lstrip()), g.note_lead.match(text).end())


def _start_of(text: str, pos: int, first_non_ws: int) -> str | None:
    """'line' when only spaces stand before pos in the line, 'clause' when only spaces stand between
    a clause break and pos, else None."""
    if pos <= first_non_ws:
        return "line"
    j = pos - 1
    while j >= 0 and text[j] == " " and pos - j <= 8:
        j -= 1
    return "clause" if text[j] in CLAUSE_END else None


def _unit_at(text: str, pos: int, g: Grammar) -> str | None:
    window = text[pos:pos + W]
    if m := g.approximate.match(window):
        window = window[m.end():]
    return unit_after(window, g)


def tokens(text: str, g: Grammar) -> list[Tok]:
    """Every number of the line, in order, with spaced / uncertain decimals joined, corrupted digits
    marked and quotation flags set."""
    out = _numbers(text, g)
    flags = _quote_flags(text, [t.start for t in out])
    return [replace(t, quoted=True) if quoted else t for t, quoted in zip(out, flags)]


def _numbers(text: str, g: Grammar) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    first_non_ws = len(text) - len(text.lstrip())
    while m := g.token.search(text, pos):
        start, int_end = m.start(), m.end(1)
        gap = m.group("gap")
        tok = None
        if gap is not None:
            integer, frac = m.group(1), m.group("frac")
            value, at = f"{integer}.{frac}", _start_of(text, start, first_non_ws)
            unit = _unit_at(text, m.end(), g)
            if "." in gap:  # '92. 4%', '385 .6万人': a decimal point with spaces, from PDF conversion
                if at is None:
                    if _DATE_LIKE_YEAR.fullmatch(integer) and len(frac) <= 2 and 1 <= int(frac) <= 12:
                        if unit:
                            tok = Tok(start, m.end(), value, "spaced", f"'{m.group()}' may be a date (year.month) or a decimal")
                        else:
                            tok = Tok(start, m.end(), value, "datelike")
                    else:
                        tok = Tok(start, m.end(), value, "spaced")
                elif at == "clause" and unit and unit not in g.integer_units:
                    # ':1. 5%' after a clause break: list item 1 and 5 %, or 1.5 %; a count ('3. 5所') is list item 3
                    tok = Tok(start, m.end(), value, "spaced", f"'{m.group()}' may be a list number and a value, or a decimal")
            elif at != "line" and unit:
                # '92。4%', '92·4%': perhaps a decimal point, perhaps two numbers
                tok = Tok(start, m.end(), value, "uncertain", f"decimal point written as '{gap.strip()}' in '{m.group()}'")
            if tok is None:
                tok = Tok(start, int_end, integer)
        else:
            tok = Tok(start, m.end(), m.group())
        # digits touching a corruption marker: '3?2万套', '3�2', '□5%'
        if g.markers and (touch := _touches_marker(text, tok, g)):
            end = tok.end
            if g.corrupt_tail and (t := g.corrupt_tail.match(text, end)):
                end = t.end()
            # '??2023年4月23日': a marker only before the digits leaves them readable as a date etc.
            lead_only = touch == "before" and end == tok.end
            tok = Tok(tok.start, end, tok.value if lead_only else "", "corrupted", lead_marker_only=lead_only)
        out.append(tok)
        pos = tok.end
    return out


def _touches_marker(text: str, tok: Tok, g: Grammar) -> str | None:
    """'after' when a corruption marker follows the digits (directly or after a point), 'before'
    when one precedes them, else None. The character next to the digits is tested first."""
    s, e = tok.start, tok.end
    if text[e:e + 1] in g.marker_edges and any(
            text.startswith(mk, e) or (text.startswith(".", e) and text.startswith(mk, e + 1)) for mk in g.markers):
        return "after"
    if text[s - 1:s] in g.marker_edges and any(
            text.endswith(mk, 0, s) or (text[s - 1] == "." and text.endswith(mk, 0, s - 1)) for mk in g.markers):
        return "before"
    return None


def _quote_flags(text: str, starts: list[int]) -> list[bool]:
    """Whether each position is inside a title or quotation: after an opening mark with no closing
    mark since ('《…', '“…'), or after an odd number of '"'. One scan of the line."""
    left = {a: i for i, (a, _b) in enumerate(_QUOTES)}
    right = {b: i for i, (_a, b) in enumerate(_QUOTES)}
    open_ = [False] * len(_QUOTES)
    parity = 0
    marks = [(m.start(), m.group()) for m in _QUOTE_CHARS.finditer(text)]
    out, k = [], 0
    for s in starts:
        while k < len(marks) and marks[k][0] < s:
            ch = marks[k][1]
            if ch == '"':
                parity ^= 1
            elif ch in left:
                open_[left[ch]] = True
            else:
                open_[right[ch]] = False
            k += 1
        out.append(parity == 1 or any(open_))
    return out
