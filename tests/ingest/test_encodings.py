"""decode(): a byte-order mark decides, a NUL byte anywhere is binary, then strict UTF-8, then GB18030 or
Big5 chosen by detection (not by trying them in a fixed order).

Every fixture is derived from real texts: the five plans in data/raw and, when present, the excerpts of the
development corpus (tests/corpus/INDEX.csv), each whole and cut to its first 2,000 and 200 characters
(short texts are where detection goes wrong)."""
import codecs
import csv
import random

import pytest

from ingest.model.errors import DecodeError
from ingest.paths import CORPUS_DIR
from ingest.read.text import decode, detect_script
from tests.conftest import RAW

CORPUS = CORPUS_DIR
BIG5_ENCODERS = ("big5", "cp950", "big5hkscs")  # Python's Big5 variants; all are reported as 'big5'


def _documents() -> list[tuple[str, str, str]]:
    """(name, text, script) of every real text."""
    docs = []
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append((path.name, text, detect_script(text)))
    if (CORPUS / "INDEX.csv").exists():
        with (CORPUS / "INDEX.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                docs.append((f"corpus/{row['file']}", (CORPUS / "docs" / row["file"]).read_text(encoding="utf-8"),
                             row["script"]))
    return docs


DOCS = _documents()
PLANS = [d for d in DOCS if not d[0].startswith("corpus/")]


def _cuts(docs):
    """Each text whole and, when it is longer, its first 2,000 and 200 characters."""
    for name, text, script in docs:
        yield name, text, script
        for n in (2000, 200):
            if len(text) > n:
                yield f"{name}[:{n}]", text[:n], script


def _round_trips(text: str, encoding: str) -> bool:
    try:
        return text.encode(encoding, errors="strict").decode(encoding) == text
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


def _representable(text: str, encoding: str) -> str:
    """The text without the characters the encoding cannot represent (e.g. no-break space, ‰ or a stray
    simplified character in a traditional-script plan, for Big5)."""
    return "".join(c for c in text if _round_trips(c, encoding))


def _big5_cases():
    for name, text, script in _cuts(DOCS):
        if script != "traditional":
            continue
        for enc in BIG5_ENCODERS:  # texts with characters outside this Big5 variant are covered below
            if _round_trips(text, enc):
                yield pytest.param(text.encode(enc), text, id=f"{name}-{enc}")
    # the traditional-script plans have characters outside Big5: their representable part, whole and cut
    for name, text, script in PLANS:
        if script == "traditional":
            for enc in BIG5_ENCODERS:
                for cut_name, cut, _ in _cuts([(name, _representable(text, enc), script)]):
                    yield pytest.param(cut.encode(enc), cut, id=f"{cut_name}-representable-{enc}")


BOM_ENCODINGS = [
    ("utf-8", lambda t: t.encode("utf-8")),
    ("utf-8", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    ("utf-16-le", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    ("utf-16-be", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    ("utf-32-le", lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le")),
    ("utf-32-be", lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be")),
]


# ---------------------------------------------------------------- texts come back exactly
@pytest.mark.parametrize("name,text", [pytest.param(n, t, id=n) for n, t, _ in _cuts(PLANS)])
@pytest.mark.parametrize("expected,encode", BOM_ENCODINGS, ids=["utf-8", "utf-8-bom", "utf-16-le-bom",
                                                                 "utf-16-be-bom", "utf-32-le-bom", "utf-32-be-bom"])
def test_unicode_with_and_without_bom(name, text, expected, encode):
    assert decode(encode(text), name) == (text, expected)


@pytest.mark.parametrize("name,text", [pytest.param(n, t, id=n) for n, t, _ in _cuts(DOCS)])
def test_gb18030_is_detected_for_simplified_and_traditional_texts(name, text):
    """Never mistaken for Big5, which decodes most GB18030 byte sequences too."""
    assert decode(text.encode("gb18030"), name) == (text, "gb18030")


@pytest.mark.parametrize("raw,text", list(_big5_cases()))
def test_big5_is_detected_and_decoded_exactly(raw, text):
    assert decode(raw, "big5.txt") == (text, "big5")


def test_the_fixtures_need_detection():
    """GB18030 decodes most Big5 fixtures without an error (into garbage): trying it first cannot work."""
    big5 = [p.values[0] for p in _big5_cases() if not p.marks and "[:" not in p.id]
    assert len(big5) >= 3
    assert sum(_decodes(raw, "gb18030") for raw in big5) >= len(big5) // 2


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def test_large_files_are_detected_from_a_sample_and_decoded_whole():
    gb = "".join(t for _, t, _ in PLANS)
    trad = _representable(next(t for _, t, script in PLANS if script == "traditional"), "big5hkscs")
    for text, encoding, codec in ((gb * 12, "gb18030", "gb18030"), (trad * 40, "big5", "big5hkscs")):
        assert len(text.encode(codec)) > 1_000_000
        assert decode(text.encode(codec), "large.txt") == (text, encoding)
    # a code only cp950 has (the euro sign) far into the file: decoded with that variant of Big5
    text = _representable(next(t for _, t, script in PLANS if script == "traditional"), "cp950") * 40
    at = text.index("\n", len(text) * 2 // 3) + 1
    text = text[:at] + "€" + text[at:]
    assert decode(text.encode("cp950"), "euro.txt") == (text, "big5")
    # an ASCII head longer than the first sampled chunk: detection looks further into the file
    text = "line of ASCII only\n" * 20_000 + trad * 10
    assert decode(text.encode("big5hkscs"), "ascii_head.txt") == (text, "big5")


# ---------------------------------------------------------------- NUL bytes
def test_nul_byte_after_the_first_4_kb_is_binary():
    raw = PLANS[0][1].encode("utf-8")
    at = raw.index(b"\n", 5000) + 1
    with pytest.raises(DecodeError) as e:
        decode(raw[:at] + b"\x00" + raw[at:], "nul.txt")
    assert "NUL" in e.value.reason and f"at byte {at}" in e.value.reason and "binary" in e.value.reason
    assert e.value.line == raw[:at].count(b"\n") + 1


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_nul_byte_in_the_middle_of_a_large_file(encoding):
    raw = "".join(t for _, t, _ in PLANS).encode(encoding) * 20
    middle = raw.index(b"\n", len(raw) // 2) + 1
    with pytest.raises(DecodeError) as e:
        decode(raw[:middle] + b"\x00" + raw[middle:], "big_nul.txt")
    assert "NUL bytes" in e.value.reason and f"at byte {middle}" in e.value.reason


def test_utf16_with_bom_is_not_binary_but_a_nul_character_is():
    text = PLANS[0][1]
    raw = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    assert b"\x00" in raw and decode(raw, "utf16.txt") == (text, "utf-16-le")
    with pytest.raises(DecodeError, match="NUL"):
        decode(codecs.BOM_UTF16_LE + (text[:100] + "\x00" + text[100:]).encode("utf-16-le"), "utf16_nul.txt")


# ---------------------------------------------------------------- what is not a text in a known encoding
LATIN_1 = ("Le bâtiment de la préfecture, où l'élève révisait, était fermé. Die Größe der Bäckerei überraschte "
           "Müller; jährlich öffnet sie später. ") * 10


def _not_text_cases():
    rnd = random.Random(20240601)
    yield "latin-1", LATIN_1.encode("latin-1")
    # accented letters only inside words: GB18030 decodes these bytes (to rare Han characters)
    words = [w for w in LATIN_1.split() if all(c.isascii() or (n.isascii() and n.isalpha()) for c, n in zip(w, w[1:] + " "))]
    yield "latin-1-gb18030-decodable", " ".join(words).encode("latin-1")
    yield "cp1252", ("\u201cQuoted\u201d \u2013 " + LATIN_1).encode("cp1252")
    for n in (16, 200, 5000, 300_000):  # 300,000: the sampled path of a large file
        yield f"random-{n}", bytes(b for b in rnd.randbytes(n) if b) + b"\x80"
        yield f"random-high-bytes-{n}", bytes(rnd.randrange(0x81, 0xFF) for _ in range(n))
    for name, text, _ in PLANS:  # a UTF-8 plan with one byte lost in the middle is not read as GB18030 garbage
        raw = text.encode("utf-8")
        at = next(i for i in range(len(raw) // 2, len(raw)) if raw[i] >= 0xC0) + 1
        yield f"{name}-utf8-byte-lost", raw[:at] + raw[at + 1:]


@pytest.mark.parametrize("name,raw", list(_not_text_cases()))
def test_bytes_in_no_known_encoding_are_a_named_error(name, raw):
    with pytest.raises(DecodeError) as e:
        decode(raw, name)
    reason = e.value.reason
    assert reason.startswith("cannot decode: not UTF-8, GB18030 or Big5 (utf-8 fails at byte ")
    assert "gb18030" in reason and "big5" in reason


def test_plausibility_not_strict_decoding_rejects_some_bytes():
    """Latin-1 and random high bytes that GB18030 decodes without error are still rejected, by content."""
    raw = dict(_not_text_cases())["latin-1-gb18030-decodable"]
    assert _decodes(raw, "gb18030")
    with pytest.raises(DecodeError, match=r"gb18030 \(gb18030\) decodes but is not plausible Chinese text"):
        decode(raw, "latin.txt")


def test_undecodable_byte_late_in_a_large_file_gives_byte_and_line():
    raw = "".join(t for _, t, _ in PLANS).encode("gb18030") * 12
    at = raw.index(b"\n", len(raw) * 3 // 4) + 1
    bad = raw[:at] + b"\xff" + raw[at:]
    with pytest.raises(DecodeError) as e:
        decode(bad, "corrupt.txt")
    line = raw[:at].count(b"\n") + 1
    assert f"fails at byte {at} (line {line})" in e.value.reason and e.value.line == line
    assert "detected as gb18030" in e.value.reason


def test_invalid_utf16_after_a_bom_is_a_named_error():
    raw = codecs.BOM_UTF16_BE + PLANS[0][1][:50].encode("utf-16-be") + b"\xd8\x00\x00\x41"  # lone surrogate
    with pytest.raises(DecodeError, match=r"UTF-16 BE byte-order mark but is not UTF-16 BE: .* at byte 102"):
        decode(raw, "bad_utf16.txt")


@pytest.mark.parametrize("raw", [b"", b" \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n ",
                                 codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_files(raw):
    with pytest.raises(DecodeError, match="file is empty"):
        decode(raw, "empty.txt")
