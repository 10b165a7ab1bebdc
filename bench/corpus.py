"""A synthetic corpus of N plan documents made by recombining and perturbing the real ones.

Deterministic for a given seed. Each document takes one of the real plans as a template and:
- replaces the template's city name (in its own script) with another city's (a template that names
  no city keeps its text),
- multiplies numbers outside the page header by a factor in [0.8, 1.25], keeping their decimals
  (years, list numbering and document numbers are left alone),
- shuffles sibling sections headed '(一)…(八)' inside each top-level section.
Tables, tasks and prose keep their shapes, so every document exercises the same parsers.
"""
from __future__ import annotations

import csv
import random
import re
from functools import cache
from pathlib import Path

import opencc

from ingest.extract.metadata import find_city, find_title
from ingest.read.text import decode, detect_script, normalise, split_lines
from ingest.reference.lexicon import load_lexicon

from ingest.paths import REF_DIR, ROOT
TEMPLATES = sorted((ROOT / "data" / "raw").glob("*.txt"))
HEADER_LINES = 15
_NUMBER = re.compile(r"(?<![\d.〔〕\[\]号年])(\d+)(\.\d+)?(?![\d年月日号〕\]])")
_SIBLING = re.compile(r"^\s*[(（][一二三四五六七八九十]+[)）]")
_TOP = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[篇章])")


def known_cities() -> list[str]:
    """City names the generator can recognise in a template: the reviewed ones and the bench's."""
    names = set()
    for path in (ROOT / "seeds" / "reference" / "ref_cities.csv", ROOT / "bench" / "city_names.csv"):
        with path.open(encoding="utf-8") as fh:
            names |= {r["city_zh"] for r in csv.DictReader(fh) if r["city_zh"]}
    return sorted(names)


@cache
def _lexicon():
    return load_lexicon(REF_DIR)


def template_city(raw: bytes, name: str) -> tuple[str, str | None]:
    """(decoded text, the template's city as written in it) or (text, None) when the text names no city.

    The city is the ingest's own (title, issuing body, 'X市“十X五”' phrases); failing that, the most
    frequent known city name written 'X市'. A template with neither keeps its text as it is."""
    text, _ = decode(raw, name)
    lines = split_lines(text)
    script = detect_script(text)
    norm = [normalise(s, script) for s in lines]
    lex = _lexicon()
    city = find_city(find_title(norm, lex), norm, lex)
    if city is not None:
        name_ = city.value
    else:
        counts = {c: sum(s.count(c + "市") for s in norm) for c in known_cities()}
        counts = {c: k for c, k in counts.items() if k}
        if not counts:
            return text, None
        name_ = max(sorted(counts), key=counts.get)
    written = opencc.OpenCC("s2t").convert(name_) if script == "traditional" else name_
    return text, written


def perturb_numbers(line: str, rng: random.Random) -> str:
    if re.fullmatch(r"\t\s*\d+\s*", line):  # a table's row-number cell
        return line
    if re.match(r"^\s*\d+\s*[.．、]", line):  # keep list numbering
        head, rest = re.match(r"^(\s*\d+\s*[.．、])(.*)$", line).groups()
        return head + perturb_numbers(rest, rng)

    def repl(m: re.Match) -> str:
        whole, frac = m.group(1), m.group(2) or ""
        if re.fullmatch(r"(?:19|20)\d{2}", whole) and not frac:
            return m.group(0)
        value = float(whole + frac) * rng.uniform(0.8, 1.25)
        decimals = len(frac) - 1 if frac else 0
        return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))
    return _NUMBER.sub(repl, line)


def shuffle_siblings(lines: list[str], rng: random.Random) -> list[str]:
    """Shuffle '(一)…' blocks within each top-level section; everything else stays in place."""
    out, i, n = [], 0, len(lines)
    while i < n:
        if not _SIBLING.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        blocks, cur = [], [lines[i]]
        i += 1
        while i < n and not _TOP.match(lines[i]):
            if _SIBLING.match(lines[i]):
                blocks.append(cur)
                cur = []
            cur.append(lines[i])
            i += 1
        blocks.append(cur)
        rng.shuffle(blocks)
        out.extend(line for block in blocks for line in block)
    return out


def generate(n: int, out_dir: Path, seed: int = 20261123) -> list[Path]:
    rng = random.Random(seed)
    with (ROOT / "bench" / "city_names.csv").open(encoding="utf-8") as fh:
        cities = [r["city_zh"] for r in csv.DictReader(fh)]
    templates = [(p, *template_city(p.read_bytes(), p.name)) for p in TEMPLATES]
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        old.unlink()
    written = []
    for i in range(n):
        path, text, city = templates[i % len(templates)]
        new_city = rng.choice(cities)  # drawn for every document, so one template without a city changes no other
        if "\u7e41" in text or detect_script(text) == "traditional":
            new_city = opencc.OpenCC("s2t").convert(new_city)
        lines = split_lines(text.replace(city, new_city) if city else text)
        body = shuffle_siblings(lines[HEADER_LINES:], rng)
        body = [perturb_numbers(s, rng) for s in body]
        target = out_dir / f"{i:05d}_{path.stem}.txt"
        target.write_text("\n".join(lines[:HEADER_LINES] + body), encoding="utf-8")
        written.append(target)
    return written
