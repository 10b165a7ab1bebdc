"""Every Chinese word the ingest looks for is reviewed seed data (seeds/reference/ref_words.csv,
ref_patterns.csv), never a literal in Python.

The scan reads every module of the ingest package and fails on a string literal holding a Han
character, except in docstrings and in the text of an error or a finding (messages may quote the
document). Full-width punctuation alone is structure, not a word, and is allowed.
"""
import ast
import re
from pathlib import Path

from ingest.paths import ROOT

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MESSAGE_CALLS = re.compile(r"(?:Error|Exception|Warning|^finding|^Finding|^fail)$")


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _allowed(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings or parts of a message."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            allowed.add(id(body[0].value))
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and MESSAGE_CALLS.search(_callee(node))):
            allowed.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Constant))
    return allowed


def han_literals(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    allowed = _allowed(tree)
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and HAN.search(n.value) and id(n) not in allowed]


def test_no_chinese_word_or_phrase_in_the_ingest_code():
    found = [f"{p.relative_to(ROOT)}:{line}: {text[:40]!r}"
             for p in sorted((ROOT / "ingest").rglob("*.py")) for line, text in han_literals(p.read_text(encoding="utf-8"))]
    assert not found, "Chinese literals in Python (move them to seeds/reference/ref_words.csv or ref_patterns.csv):\n" + "\n".join(found)


def test_the_scan_finds_a_word_and_spares_docstrings_and_messages():
    source = '''
"""模块说明 docstring"""
LEAD = ("牵头", "负责")
PUNCT = "，。；"
def f(x):
    """函数说明"""
    if not x:
        raise ValueError(f"没有 {x}")
    return ctx.finding("check", "warning", 1, "缺少单位")
'''
    assert han_literals(source) == [(3, "牵头"), (3, "负责")]


def test_the_scan_reads_every_module(tmp_path: Path):
    modules = list((ROOT / "ingest").rglob("*.py"))
    assert len(modules) >= 30 and any(p.parent.name == "prose" for p in modules)
