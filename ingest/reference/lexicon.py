"""Every Chinese word and phrase the ingest looks for, as reviewed data.

- seeds/reference/ref_words.csv      : word_kind, word, meaning - word lists (one kind per use);
- seeds/reference/ref_word_kinds.csv : word_kind, used_by, description - what each kind is for;
- seeds/reference/ref_patterns.csv   : pattern_key, pattern, example, counter_example, description -
  named regular expressions. `{{word_kind}}` in a pattern stands for the alternation of that kind's
  words, longest first, so a pattern keeps its shape and its words stay a reviewable list.

Python code holds the grammar (how words combine), never the words: a test scans the ingest package
for Chinese string literals. Loaded once per run, with the rest of the reference.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingest.reference.rows import rows as _rows

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class LexiconError(KeyError):
    """A word kind or pattern key the code asks for is not in the seeds (names the seed file)."""

    def __str__(self) -> str:
        return str(self.args[0])


def alternation(words) -> str:
    """'a|bc' -> 'bc|a': escaped, longest first (so the longest word wins), empty words dropped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)) if w)


@dataclass(frozen=True)
class Lexicon:
    words_by_kind: dict[str, tuple[tuple[str, str], ...]]  # kind -> ((word, meaning), ...) in seed order
    kinds: dict[str, str]  # kind -> description
    patterns: dict[str, re.Pattern]
    sources: dict[str, dict]  # pattern_key -> the seed row (pattern as written, example, counter_example)

    def words(self, kind: str) -> tuple[str, ...]:
        """The words of one kind, longest first."""
        return tuple(sorted({w for w, _ in self._entries(kind)}, key=lambda w: (-len(w), w)))

    def meanings(self, kind: str) -> dict[str, str]:
        """word -> meaning, for kinds whose meaning column carries a value (a comparator, a role)."""
        return {w: m for w, m in self._entries(kind)}

    def pattern(self, key: str) -> re.Pattern:
        try:
            return self.patterns[key]
        except KeyError:
            raise LexiconError(f"pattern '{key}' is not in seeds/reference/ref_patterns.csv") from None

    def _entries(self, kind: str) -> tuple[tuple[str, str], ...]:
        if kind not in self.kinds:
            raise LexiconError(f"word kind '{kind}' is not in seeds/reference/ref_word_kinds.csv")
        return self.words_by_kind.get(kind, ())


def expand(pattern: str, words_by_kind: dict[str, tuple[tuple[str, str], ...]], key: str) -> str:
    """Replace every {{kind}} by '(?:w1|w2|...)'."""
    def sub(m: re.Match) -> str:
        kind = m.group(1)
        if kind not in words_by_kind:
            raise LexiconError(f"pattern '{key}' in seeds/reference/ref_patterns.csv uses {{{{{kind}}}}}, "
                               "which has no words in ref_words.csv")
        return "(?:" + alternation(w for w, _ in words_by_kind[kind]) + ")"
    return _PLACEHOLDER.sub(sub, pattern)


def load_lexicon(ref_dir: Path) -> Lexicon:
    words: dict[str, list[tuple[str, str]]] = {}
    for r in _rows(ref_dir / "ref_words.csv"):
        words.setdefault(r["word_kind"], []).append((r["word"], r["meaning"]))
    by_kind = {k: tuple(v) for k, v in words.items()}
    kinds = {r["word_kind"]: r["description"] for r in _rows(ref_dir / "ref_word_kinds.csv")}
    undocumented = sorted(set(by_kind) - set(kinds))
    if undocumented:
        raise LexiconError(f"word kinds {undocumented} in seeds/reference/ref_words.csv are not described in ref_word_kinds.csv")
    patterns, sources = {}, {}
    for r in _rows(ref_dir / "ref_patterns.csv"):
        key = r["pattern_key"]
        if key in patterns:
            raise LexiconError(f"pattern '{key}' appears twice in seeds/reference/ref_patterns.csv")
        try:
            patterns[key] = re.compile(expand(r["pattern"], by_kind, key))
        except re.error as exc:
            raise LexiconError(f"pattern '{key}' in seeds/reference/ref_patterns.csv is not a valid regular expression: {exc}") from None
        sources[key] = r
    return Lexicon(by_kind, kinds, patterns, sources)
