"""Decoding and normalisation of raw plan texts.

`source_text` columns keep the verbatim original; derived columns go through `normalise`,
which folds full-width characters (NFKC) and, for documents in traditional script,
converts to simplified characters with OpenCC.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from ingest.model.errors import DecodeError

_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")

# ---------------------------------------------------------------- decoding
# A byte-order mark decides first. Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Without a BOM and not UTF-8, the file is Chinese in a legacy encoding: GB18030 (a superset of GBK and
# GB2312) or Big5. Each decodes most byte sequences of the other, so trying them in a fixed order cannot
# work; each is decoded and the most plausible text (_score) wins, the first listed on a tie. Big5 has
# variants that differ in a few hundred codes (ETEN extension at C6A1-C8FE, HKSCS additions, Microsoft's
# cp950 symbols and euro sign); big5hkscs decodes the most traditional-script texts exactly (it has pinyin
# letters, 〇 and the simplified characters such texts often contain), big5 and cp950 the rest.
_LEGACY = (("gb18030", "gb18030"), ("big5hkscs", "big5"), ("big5", "big5"), ("cp950", "big5"))
# Detection reads the whole file up to this size; larger files are sampled (start, and chunks spread over
# the rest), and then decoded once with the codec chosen.
_SAMPLE_WHOLE = 256 * 1024
_SAMPLE_HEAD = 64 * 1024
_SAMPLE_CHUNK = 16 * 1024
_SAMPLE_CHUNKS = 6
# A decoded text is plausible Chinese when it scores at least this much (see _score). Measured on the fixtures
# of tests/ingest/test_encodings.py: right decodes score 0.79 and more; GB18030 read as Big5 or the other way
# round 0.28 and less; Latin-1 and random bytes that GB18030 decodes 0.29 and less.
_MIN_SCORE = 0.5
# In GB18030 and Big5 every byte below 0x30 is a character by itself (trail bytes are 0x30 and above), so a
# sample chunk can start right after one without cutting a character.
_CHAR_BOUNDARY = re.compile(rb"[\x00-\x2f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=1)
def _common_han() -> re.Pattern:
    """The frequently used Han characters of both scripts: GB2312 level 1 (the 3,755 most used simplified
    characters) and Big5 level 1 (the 5,401 most used traditional ones)."""
    chars = []
    for lead in range(0xB0, 0xD8):  # GB2312 level 1: B0A1-D7F9
        for trail in range(0xA1, 0xFF):
            chars.append(bytes((lead, trail)).decode("gb2312", "ignore"))
    for lead in range(0xA4, 0xC7):  # Big5 level 1: A440-C67E
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead << 8 | trail) <= 0xC67E:
                chars.append(bytes((lead, trail)).decode("big5", "ignore"))
    return re.compile("[" + "".join(sorted({c for c in "".join(chars) if 0x4E00 <= ord(c) <= 0x9FFF})) + "]")


# Chinese punctuation and symbols: CJK symbols, full-width forms, general punctuation, letterlike and number
# forms (℃, Ⅳ), circled numbers, no-break space, §, °, ·, ×, ÷.
_PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff5e\u2010-\u205e\u2100-\u218f\u2460-\u24ff"
                    r"\u00a0\u00a7\u00b0\u00b7\u00d7\u00f7]")
# Neither for nor against: Latin letters with diacritics (pinyin), arrows, mathematical operators, box
# drawing and geometric shapes (plain-text tables).
_NEUTRAL = re.compile(r"[\u00c0-\u024f\u2190-\u22ff\u2500-\u25ff]")


def _score(text: str) -> float:
    """How plausible `text` is as Chinese, from its n non-ASCII characters, in [-1, 1] (1.0 when all ASCII):
    (good - bad - rare / 2) / (n + 4). The 4 keeps a handful of characters that happen to be common ones
    (random bytes, a few Latin-1 letters) from looking like Chinese.

    good: common Han characters (_common_han) and Chinese punctuation (_PUNCT). rare: other Han characters.
    _NEUTRAL characters count neither way. bad: everything else, e.g. kana, bopomofo, Hangul, Greek,
    Cyrillic, IPA, private-use and compatibility code points, CJK extension blocks, C1 controls.
    Bad and rare characters instead of common ones are what a wrong choice between GB18030 and Big5
    produces (each decodes most byte sequences of the other), and what Latin-1 or random bytes give."""
    n = len(_NON_ASCII.findall(text))
    if not n:
        return 1.0
    common = len(_common_han().findall(text))
    good = common + len(_PUNCT.findall(text))
    rare = len(_HAN.findall(text)) - common
    bad = n - good - rare - len(_NEUTRAL.findall(text))
    return (good - bad - rare / 2) / (n + 4)


def decode(raw: bytes, source_file: str) -> tuple[str, str]:
    """Return (text, encoding); encoding is one of utf-8, utf-16-le, utf-16-be, utf-32-le, utf-32-be,
    gb18030, big5. Raises DecodeError for empty, binary or undecodable files.

    1. A byte-order mark decides: UTF-8 (the mark is stripped), UTF-16 or UTF-32, little or big endian.
    2. Otherwise a NUL byte anywhere means a binary file.
    3. Strict UTF-8.
    4. Otherwise GB18030 or Big5, chosen by how plausible each decoded text is as Chinese (_score), on the
       whole file or, for a large one, on a sample; the file is then decoded with the codec chosen.
    """
    if not raw or raw.isspace():
        raise DecodeError(source_file, None, "file is empty")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode_with_bom(raw, len(bom), encoding, source_file), encoding
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = _line_at(raw, nul)
        raise DecodeError(source_file, line, f"file contains NUL bytes at byte {nul} (line {line}): "
                                             "binary, not a text document")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        tried = [f"utf-8 fails at byte {exc.start}, line {_line_at(raw, exc.start)}"]
    return _decode_legacy(raw, source_file, tried)


def _line_at(raw: bytes, offset: int) -> int:
    """1-based line of a byte offset in an ASCII-compatible encoding."""
    return raw.count(b"\n", 0, offset) + 1


def _decode_with_bom(raw: bytes, start: int, encoding: str, source_file: str) -> str:
    try:
        text = raw[start:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        unit = 1 if encoding == "utf-8" else 2 if encoding.startswith("utf-16") else 4
        line = raw[start: offset - exc.start % unit].decode(encoding, "replace").count("\n") + 1
        name = encoding.upper().replace("-LE", " LE").replace("-BE", " BE")
        raise DecodeError(source_file, line, f"starts with a {name} byte-order mark but is not {name}: "
                                             f"{exc.reason} at byte {offset} (line {line})") from None
    if not text.strip():
        raise DecodeError(source_file, None, "file is empty")
    nul = text.find("\x00")
    if nul >= 0:
        offset = start + len(text[:nul].encode(encoding))
        line = text.count("\n", 0, nul) + 1
        raise DecodeError(source_file, line, f"file contains NUL characters at byte {offset} (line {line}): "
                                             "binary, not a text document")
    return text


def _sample(raw: bytes) -> list[tuple[int, bytes]]:
    """(offset, bytes) chunks the detection looks at: the whole file when small, else the head and chunks
    spread over the rest, each starting on a character boundary."""
    if len(raw) <= _SAMPLE_WHOLE:
        return [(0, raw)]
    chunks = [(0, raw[:_SAMPLE_HEAD])]
    step = (len(raw) - _SAMPLE_HEAD) // _SAMPLE_CHUNKS
    for i in range(1, _SAMPLE_CHUNKS + 1):
        at = _SAMPLE_HEAD + i * step - _SAMPLE_CHUNK
        m = _CHAR_BOUNDARY.search(raw, at, at + _SAMPLE_CHUNK)
        if m:
            chunks.append((m.end(), raw[m.end(): at + _SAMPLE_CHUNK]))
    return chunks


def _decode_chunks(chunks: list[tuple[int, bytes]], codec: str) -> str:
    """Decode the sample strictly. In a chunk of a larger file, a character cut at the end is left out;
    the byte offsets of errors are those of the file."""
    if len(chunks) == 1:
        return chunks[0][1].decode(codec)
    parts = []
    for offset, chunk in chunks:
        try:
            parts.append(codecs.getincrementaldecoder(codec)().decode(chunk, final=False))
        except UnicodeDecodeError as exc:
            raise UnicodeDecodeError(codec, b"", offset + exc.start, offset + exc.end, exc.reason) from None
    return "\n".join(parts)


def _decode_legacy(raw: bytes, source_file: str, tried: list[str]) -> tuple[str, str]:
    """GB18030 or Big5, whichever decodes (the sample of) the file into the most plausible Chinese."""
    chunks = _sample(raw)
    whole = len(chunks) == 1
    scored = []  # (score, -rank, codec, name, decoded sample): max() is the best score, then the first listed
    failed: dict[str, tuple[str, int]] = {}  # name -> (codec, byte) of its variant that got furthest
    for rank, (codec, name) in enumerate(_LEGACY):
        try:
            sample = _decode_chunks(chunks, codec)
        except UnicodeDecodeError as exc:
            if name not in failed or exc.start > failed[name][1]:
                failed[name] = (codec, exc.start)
            continue
        scored.append((_score(sample), -rank, codec, name, sample))
    decoded = {s[3] for s in scored}
    for name, (codec, at) in failed.items():
        if name not in decoded:
            via = f" ({codec})" if codec != name else ""
            tried.append(f"{name}{via} fails at byte {at}, line {_line_at(raw, at)}")
    plausible = [s for s in scored if s[0] >= _MIN_SCORE]
    if not plausible:
        for score, _, codec, name, _ in sorted(scored, reverse=True):
            if name in decoded:
                decoded.discard(name)  # one line per encoding: its best-scoring variant
                tried.append(f"{name} ({codec}) decodes{'' if whole else ' a sample'} but is not plausible "
                             f"Chinese text (score {score:.2f} < {_MIN_SCORE})")
        raise DecodeError(source_file, None, "cannot decode: not UTF-8, GB18030 or Big5 (" + "; ".join(tried) + ")")
    score, _, codec, name, sample = max(plausible)
    if whole:
        return sample, name
    # A large file: decode it all with the codec chosen, or else with another variant of the same encoding
    # that decoded the sample (a cp950-only code, say, outside the sample).
    first = None
    for _, _, variant, _, _ in sorted((s for s in plausible if s[3] == name), reverse=True):
        try:
            return raw.decode(variant), name
        except UnicodeDecodeError as exc:
            first = first or exc
    line = _line_at(raw, first.start)
    raise DecodeError(source_file, line, f"detected as {name} ({codec}, score {score:.2f} on a sample) but fails "
                                         f"at byte {first.start} (line {line}): {first.reason}")


def split_lines(text: str) -> list[str]:
    """Split into lines so that index i is line i+1 of the file (LF, CRLF and CR all end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: only needed for traditional-script documents

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


_SCRIPT_SAMPLE = 20000  # Han characters read to tell the script


def detect_script(text: str, threshold: float = 0.02) -> str:
    """'traditional' when more than `threshold` of the first Han characters change under t2s, else
    'simplified'. Reads a sample, not the whole text: the start of a long file decides."""
    han, n = [], 0
    for m in _HAN_RUN.finditer(text):
        han.append(m.group())
        n += len(han[-1])
        if n >= _SCRIPT_SAMPLE:
            break
    sample = "".join(han)[:_SCRIPT_SAMPLE]
    if not sample:
        return "unknown"
    changed = sum(map(str.__ne__, sample, to_simplified(sample)))
    return "traditional" if changed / len(sample) > threshold else "simplified"


def fold_width(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (NFKC); ideographic space to space."""
    return unicodedata.normalize("NFKC", text)


def normalise(text: str, script: str = "simplified") -> str:
    """The form used for every derived column: simplified script, half-width, trimmed."""
    if script == "traditional":
        text = to_simplified(text)
    return fold_width(text).strip()


def squash_spaces(text: str) -> str:
    """Remove spaces used for justification inside Chinese headers ('指　　标' -> '指标')."""
    return _SPACES.sub("", text)


_SPACES = re.compile(r"\s+")
