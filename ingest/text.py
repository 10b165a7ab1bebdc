"""Decoding and normalisation of raw plan texts.

`source_text` columns keep the verbatim original; derived columns go through `normalise`,
which folds full-width characters (NFKC) and, for documents in traditional script,
converts to simplified characters with OpenCC.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .errors import DecodeError

# Encodings tried in order. GB18030 is a superset of GBK/GB2312, common for Chinese government files.
_ENCODINGS = ("utf-8", "gb18030")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def decode(raw: bytes, source_file: str) -> tuple[str, str]:
    """Return (text, encoding). Strips a UTF-8 BOM; raises DecodeError for binary or unknown bytes."""
    if not raw.strip():
        raise DecodeError(source_file, None, "file is empty")
    if b"\x00" in raw[:4096]:
        raise DecodeError(source_file, None, "file contains NUL bytes: binary, not a text document")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    errors = []
    for encoding in _ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            errors.append(f"{encoding} fails at byte {exc.start} (line {line})")
    raise DecodeError(source_file, None, "cannot decode as " + "; ".join(errors))


def split_lines(text: str) -> list[str]:
    """Split into lines so that index i is line i+1 of the file (LF, CRLF and CR all end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: only needed for traditional-script documents

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def detect_script(text: str, threshold: float = 0.02) -> str:
    """'traditional' when more than `threshold` of Han characters change under t2s, else 'simplified'."""
    han = _HAN.findall(text)
    if not han:
        return "unknown"
    sample = "".join(han[:20000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample)))
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
    return re.sub(r"\s+", "", text)
