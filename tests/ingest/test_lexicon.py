"""The reviewed words and patterns (seeds/reference/ref_words.csv, ref_word_kinds.csv, ref_patterns.csv)
are consistent with each other and with the code that reads them."""
import ast
import re
from pathlib import Path

import pytest

from ingest.paths import REF_DIR, ROOT
from ingest.reference.lexicon import LexiconError, expand, load_lexicon
from ingest.reference.rows import rows

INGEST = ROOT / "ingest"
LEX = load_lexicon(REF_DIR)
PATTERN_ROWS = rows(REF_DIR / "ref_patterns.csv")


def _string_args(method: str) -> set[str]:
    """Every literal first argument of `<anything>.<method>("...")` in the ingest package."""
    found = set()
    for path in INGEST.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("row", PATTERN_ROWS, ids=[r["pattern_key"] for r in PATTERN_ROWS])
def test_every_pattern_matches_its_example_and_not_its_counter_example(row):
    pattern = LEX.pattern(row["pattern_key"])
    assert row["example"], f"pattern '{row['pattern_key']}' needs an example text it matches"
    for example in row["example"].split(" | "):
        assert pattern.search(example), f"pattern '{row['pattern_key']}' does not match its example {example!r}"
    for counter in filter(None, row["counter_example"].split(" | ")):
        assert not pattern.search(counter), f"pattern '{row['pattern_key']}' matches its counter-example {counter!r}"
    assert row["description"], f"pattern '{row['pattern_key']}' needs a description"


def test_every_kind_and_pattern_the_code_asks_for_is_in_the_seeds():
    asked_kinds = _string_args("words") | _string_args("meanings")
    asked_patterns = _string_args("pattern")
    assert not asked_kinds - set(LEX.kinds), "word kinds read in code but missing from ref_word_kinds.csv"
    assert not asked_patterns - set(LEX.patterns), "pattern keys read in code but missing from ref_patterns.csv"


def test_no_word_or_pattern_is_dead():
    """Every kind and pattern in the seeds is read somewhere (a dead list misleads the reviewer): a kind
    by the code or as a {{kind}} placeholder in a pattern the code reads."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in INGEST.rglob("*.py"))
    dead_patterns = sorted(k for k in LEX.patterns if f'"{k}"' not in code)
    in_patterns = {k for r in PATTERN_ROWS if r["pattern_key"] not in dead_patterns
                   for k in re.findall(r"\{\{(\w+)\}\}", r["pattern"])}
    dead_kinds = sorted(k for k in LEX.kinds if f'"{k}"' not in code and k not in in_patterns)
    assert not dead_kinds, f"word kinds nobody reads: {dead_kinds}"
    assert not dead_patterns, f"patterns nobody reads: {dead_patterns}"


def test_every_kind_has_words_and_a_description():
    for kind, description in LEX.kinds.items():
        assert description.strip(), f"word kind '{kind}' has no description"
        assert LEX.words_by_kind.get(kind), f"word kind '{kind}' has no words in ref_words.csv"


def test_placeholders_expand_to_the_kind_longest_first():
    words = {"unit_label": (("单位", ""), ("责任单位", ""))}
    assert expand("^{{unit_label}}:", words, "k") == "^(?:责任单位|单位):"
    assert re.match(expand("^{{unit_label}}:", words, "k"), "责任单位:")


def test_an_unknown_placeholder_or_key_names_the_seed():
    with pytest.raises(LexiconError, match="ref_words.csv"):
        expand("{{no_such_kind}}", {}, "k")
    with pytest.raises(LexiconError, match="ref_patterns.csv"):
        LEX.pattern("no.such.pattern")
    with pytest.raises(LexiconError, match="ref_word_kinds.csv"):
        LEX.words("no_such_kind")


def test_a_broken_pattern_seed_names_file_and_key(tmp_path: Path):
    for name in ("ref_words.csv", "ref_word_kinds.csv"):
        (tmp_path / name).write_text((REF_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ref_patterns.csv").write_text(
        "pattern_key,pattern,example,counter_example,description\nbad.key,(unclosed,x,,d\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.key.*ref_patterns\.csv"):
        load_lexicon(tmp_path)


def test_every_kind_names_the_modules_that_read_it():
    """ref_word_kinds.used_by names existing ingest modules, so a reviewer knows what a word changes."""
    for row in rows(REF_DIR / "ref_word_kinds.csv"):
        assert row["used_by"].strip(), f"word kind '{row['word_kind']}' names no module"
        for part in row["used_by"].split(";"):
            module = part.strip().split(" ")[0]
            assert (INGEST / f"{module}.py").exists() or (INGEST / module / "__init__.py").exists(), \
                f"word kind '{row['word_kind']}': used_by names {module!r}, which is not a module under ingest/"
