"""Chinese numerals (十三, 一百零五, 二〇二五) -> int, through the maintained cn2an library."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def chinese_int(text: str) -> int | None:
    """The integer a Chinese numeral writes, or None when `text` is not one. Arabic digits pass through."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    import cn2an  # imported on first use: ~0.4 s

    try:
        value = cn2an.cn2an(text, "strict")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if value == int(value) else None
