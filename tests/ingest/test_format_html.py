"""HTML pages (ingest/read/formats/html.py): the article of a saved government page, without its
boilerplate, reads like the plain text of the same plan.

The pages are built here from the real plan texts: each text is poured into three page skeletons
(tests/fixtures/html/) made after government sites - a div portal in UTF-8, an old table-layout site
in GB2312 with the http-equiv content-type, an HTML5 page with landmarks and ARIA roles in Big5 -,
each with a top navigation of many links, a breadcrumb, a title, a date/source line, a share bar,
a related-links list and a footer with copyright and ICP number. Lines become <p>, tab-cell tables
become real <table>s (equal cells down a column merged with rowspan, group rows with a full-width
colspan; a <caption> in the table-layout skeleton).
"""
from __future__ import annotations

import html
import random
import re
from functools import lru_cache

import pytest
from selectolax.lexbor import LexborHTMLParser

from ingest.model.errors import CorruptFileError, NoTextError
from ingest.paths import CORPUS_DIR, RAW_DIR, ROOT
from ingest.read.formats import convert as convert_any
from ingest.read.formats import detect_format
from ingest.read.formats.html import SourceCell, convert, declared_charset, decode_page, expand_spans
from ingest.read.tables import read_tables
from tests.ingest.formats_common import differences, ingest_bytes, reference, semantic

FIXTURES = ROOT / "tests" / "fixtures" / "html"
CORPUS = CORPUS_DIR / "docs"
# skeleton -> codec its bytes are written in (gb2312 pages are GBK/GB18030 in practice; big5 pages HKSCS)
SKELETONS = {"portal_div_utf8": "utf-8", "legacy_table_gb2312": "gb18030", "semantic_html5_big5": "big5hkscs"}
PLANS = sorted(p.name for p in RAW_DIR.glob("*.txt"))
# corpus texts with tables of numbers or many figures (INDEX.csv): 004 per-population ratios, 007 Big5 news
# with a service list, 020 dense baselines, 036 targets with comparators, 053 parallel figures
CORPUS_DOCS = ["004.txt", "007.txt", "020.txt", "036.txt", "053.txt"]
DATE = re.compile(r"\d{4}\s*[-年./]\s*\d{1,2}")
ASCII_SPACE = " \t\r\n\f"


# ------------------------------------------------------------------ text -> page
def _cell(text: str, tag: str, attrs: str = "") -> str:
    parts = [html.escape(p.strip()) for p in text.split("\n") if p.strip()]
    return f"<{tag}{attrs}>" + "<br>".join(parts) + f"</{tag}>"


def table_html(table, caption: bool) -> str:
    """A tab-cell table as a <table>: header in <thead>, equal non-empty cells down a column (not the
    first) merged with rowspan, a row with text in its first cell only as one full-width colspan."""
    rows = [[c.text for c in table.header]] + [[c.text for c in r] for r in table.rows]
    width = len(rows[0])
    out = ['<table border="1" cellspacing="0" cellpadding="0" class="MsoNormalTable">']
    if caption and table.title:
        out.append(f"<caption>{html.escape(table.title.strip())}</caption>")
    out.append("<thead><tr>" + "".join(_cell(x, "th") for x in rows[0]) + "</tr></thead><tbody>")
    body = rows[1:]
    is_group = [width > 1 and r[0].strip() and not any(x.strip() for x in r[1:]) for r in body]
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(body):
        if is_group[r]:
            out.append(f'<tr>{_cell(row[0], "td", f" colspan={width}")}</tr>')
            continue
        tds = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            n = 1
            while c > 0 and text.strip() and r + n < len(body) and not is_group[r + n] and body[r + n][c] == text:
                covered.add((r + n, c))
                n += 1
            tds.append(_cell(text, "td", f' rowspan="{n}"' if n > 1 else ""))
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def text_to_page(text: str, skeleton: str) -> bytes:
    """A plan text as a saved page of `skeleton`: its first line in the title slot, its second in the
    date/source slot when it holds a date, every other line a <p>, tab-cell tables as <table>."""
    lines = text.replace("\r\n", "\n").split("\n")
    tables = {t.start_line: t for t in read_tables(lines, "page", reference().lexicon, lambda texts: True)}
    caption = skeleton.startswith("legacy")
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    title_at = nonblank[0]
    second = lines[nonblank[1]] if len(nonblank) > 1 else ""
    info_at = nonblank[1] if DATE.search(second) and len(second) < 120 else None
    parts: list[str] = []
    i = 0
    while i < len(lines):
        if i + 1 in tables:
            table = tables[i + 1]
            if caption and table.title and parts and parts[-1] == f"<p>{html.escape(table.title.strip(ASCII_SPACE))}</p>":
                parts.pop()  # the caption line goes into <caption>
            parts.append(table_html(table, caption))
            i = table.end_line
            continue
        if i not in (title_at, info_at) and lines[i].strip():
            parts.append(f"<p>{html.escape(lines[i].strip(ASCII_SPACE))}</p>")
        i += 1
    page = (FIXTURES / f"{skeleton}.html").read_text(encoding="utf-8")
    page = page.replace("@@TITLE@@", html.escape(lines[title_at].strip(ASCII_SPACE)))
    page = page.replace("@@INFO@@", html.escape(second.strip(ASCII_SPACE)) if info_at is not None else "")
    page = page.replace("@@ARTICLE@@", "\n".join(parts))
    return page.encode(SKELETONS[skeleton], "xmlcharrefreplace")


def comparable_lines(text: str) -> list[str]:
    """Non-blank lines (and empty cells) with ASCII whitespace collapsed as HTML does."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        cell = line.startswith("\t")
        body = re.sub(r"[ \t\r\f]+", " ", line).strip(" ")
        if body.strip() or cell:
            out.append(("\t" if cell else "") + body)
    return out


def source_text(name: str) -> str:
    path = RAW_DIR / name if name in PLANS else CORPUS / name
    return path.read_text(encoding="utf-8")


# every plan and corpus text in one skeleton, the skeletons taken in turn (each skeleton gets plans
# with and without tables); one text in a second skeleton
CASES = [(name, skeleton) for name, skeleton in zip(PLANS + CORPUS_DOCS, [*SKELETONS] * 4)] + [("007.txt", "semantic_html5_big5")]


@lru_cache(maxsize=None)
def converted(name: str, skeleton: str):
    return convert(text_to_page(source_text(name), skeleton), f"{name}.html")


@lru_cache(maxsize=None)
def text_semantic(name: str):
    return semantic(ingest_bytes(source_text(name).encode("utf-8"), name))


# ------------------------------------------------------------------ 1. the plans read alike
@pytest.mark.parametrize("name,skeleton", CASES)
def test_converted_page_has_the_lines_of_the_text(name, skeleton):
    got = converted(name, skeleton)
    assert comparable_lines(got.text) == comparable_lines(source_text(name))
    n_tab_tables = len(read_tables(source_text(name).split("\n"), name, reference().lexicon, lambda t: True))
    assert got.n_tables == n_tab_tables
    assert got.format == "html" and got.converter == "selectolax" and got.converter_version not in ("", "unknown")


@pytest.mark.parametrize("name,skeleton", CASES)
def test_ingest_of_the_page_equals_ingest_of_the_text(name, skeleton):
    result = ingest_bytes(text_to_page(source_text(name), skeleton), f"{name}.html")
    got = semantic(result)
    want = text_semantic(name)
    assert got == want, "\n".join(differences(want, got))
    assert result.manifest["file_format"] == "html"


def test_the_plans_have_tables_and_figures_to_compare():
    """The comparison is not vacuous: tables with rowspans, statements, tasks and service items."""
    page = text_to_page(source_text("004_2d37ce64d69f20cb.txt"), "portal_div_utf8").decode("utf-8")
    assert page.count("rowspan=") >= 20 and page.count("colspan=") >= 5 and page.count("<table") == 9
    totals = {k: sum(len(text_semantic(n)[k]) for n in PLANS + CORPUS_DOCS) for k in ("statements", "tasks", "service_items")}
    assert totals["statements"] > 400 and totals["tasks"] > 200 and totals["service_items"] > 150


# ------------------------------------------------------------------ 2. boilerplate and structure
ARTICLE = """<p>　　为推进基本公共服务均等化，制定本方案。</p>
<p>一、主要目标</p>
<div>到2025年，基本公共服务标准体系全面建立。<br>城乡区域间基本公共服务差距明显缩小。</div>
<p>表1 主要指标</p>
<table>
<tr><th>指标</th><th>2020年</th><th>2025年</th></tr>
<tr><td colspan="3">一、幼有所育</td></tr>
<tr><td>每千人口拥有3岁以下婴幼儿托位数（个）</td><td>1.8</td><td rowspan="2">4.5</td></tr>
<tr><td>婴幼儿托位数（万个）</td><td>2.1</td></tr>
</table>
<p>二、保障措施</p>
<p>各地要加强组织领导，<a href="/zcjd/1.html">政策解读</a>同步发布。</p>
<ul class="tags"><li><a href="/t/1">公共服务</a></li><li><a href="/t/2">民生</a></li><li><a href="/t/3">规划</a></li></ul>"""
ARTICLE_LINES = [
    "　　为推进基本公共服务均等化，制定本方案。", "一、主要目标", "到2025年，基本公共服务标准体系全面建立。",
    "城乡区域间基本公共服务差距明显缩小。", "表1 主要指标",
    "\t指标", "\t2020年", "\t2025年", "",
    "\t一、幼有所育", "\t", "\t",
    "\t每千人口拥有3岁以下婴幼儿托位数（个）", "\t1.8", "\t4.5",
    "\t婴幼儿托位数（万个）", "\t2.1", "\t4.5", "",
    "二、保障措施", "各地要加强组织领导，政策解读同步发布。",
]
PLAN_TITLE = "XX市“十四五”基本公共服务规划"
TITLE = f"XX市人民政府关于印发《{PLAN_TITLE}》的通知"
INFO = "发布时间：2021-03-01 来源：XX市人民政府"


def skeleton_page(skeleton: str, article: str = ARTICLE, title: str = TITLE, info: str = INFO) -> bytes:
    page = (FIXTURES / f"{skeleton}.html").read_text(encoding="utf-8")
    page = page.replace("@@TITLE@@", title).replace("@@INFO@@", info).replace("@@ARTICLE@@", article)
    return page.encode(SKELETONS[skeleton], "xmlcharrefreplace")


@pytest.mark.parametrize("skeleton", SKELETONS)
def test_only_title_info_line_and_article_come_through(skeleton):
    got = convert(skeleton_page(skeleton), "page.html")
    assert got.text.split("\n") == [TITLE, INFO, *ARTICLE_LINES]
    assert got.n_tables == 1 and got.n_pages is None
    assert len(got.locators) == len(got.text.split("\n"))
    assert any("left out" in n for n in got.notes)


@pytest.mark.parametrize("skeleton", SKELETONS)
def test_the_metadata_step_reads_title_and_date_of_a_page(skeleton):
    result = ingest_bytes(skeleton_page(skeleton), "page.html")
    assert result.manifest["title"] == PLAN_TITLE
    assert result.manifest["issue_date"] == "2021-03-01"


def test_body_inside_an_aspnet_form_and_scoped_header_are_kept():
    page = f"""<html><head><title>{TITLE}</title></head><body><form id="form1" action="x.aspx">
    <input type="hidden" name="__VIEWSTATE" value="abc">
    <div class="menu"><a href="/">首页</a> <a href="/a">机构</a> <a href="/b">政务</a> <a href="/c">服务</a></div>
    <article><header><h1>{TITLE}</h1><p>{INFO}</p></header>
    <div class="text">{ARTICLE}</div></article></form></body></html>"""
    got = convert(page.encode("utf-8"), "aspx.html")
    assert got.text.split("\n") == [TITLE, INFO, *ARTICLE_LINES]


def test_hidden_elements_and_whitespace():
    page = """<html><body><div class="c">
    <p>基本公共
       服务均等化 2025 年
       target</p>
    <p style="display: none">隐藏的文字不应出现</p><p hidden>也隐藏</p><p aria-hidden="true">再隐藏</p>
    <p><a name="p2"></a><a href="#sec2">第二部分</a>锚点不是链接，这一段的文字应当保留下来。</p>
    <p>　　全角空格缩进保留&nbsp;</p>
    <p>\t一行开头的制表符不成为单元格，文字足够长以成为正文。</p>
    </div></body></html>"""
    lines = convert(page.encode("utf-8"), "ws.html").text.split("\n")
    assert lines == ["基本公共服务均等化 2025 年 target", "第二部分锚点不是链接，这一段的文字应当保留下来。",
                     "　　全角空格缩进保留\xa0", "一行开头的制表符不成为单元格，文字足够长以成为正文。"]


def test_without_a_title_block_the_page_title_is_the_first_line():
    page = f"""<html><head><title>{TITLE} - XX市人民政府门户网站</title></head><body>
    <div class="nav"><a href="/">首页</a><a href="/1">新闻</a><a href="/2">公开</a></div>
    <div class="con">{ARTICLE}</div></body></html>"""
    got = convert(page.encode("utf-8"), "notitle.html")
    assert got.text.split("\n")[:2] == [TITLE, ARTICLE_LINES[0]]
    assert got.locators[0] == "head/title"
    assert any("<title>" in n for n in got.notes)


PLAN = "关于推进基本公共服务均等化的实施意见"
NAV = '<div class="nav">' + "".join(f'<a href="/{i}">栏目{i}</a>' for i in range(12)) + "</div>"
RELATED = '<div class="xg"><h3>相关文章</h3><ul>' + "".join(
    f'<li><a href="/r{i}">相关的文章标题第{i}篇</a> 2021-0{i}-01</li>' for i in range(1, 7)) + "</ul></div>"
FOOTER = ('<div class="foot"><p>主办单位：XX市人民政府办公室 地址：XX路1号 电话：1234567</p>'
          '<p><a href="https://beian.miit.gov.cn/">蜀ICP备12345678号</a> <a href="http://www.beian.gov.cn/">公网安备</a></p></div>')
ITEMS = [f"第{i}条，基本公共服务要求写在这里共二十个字。" for i in range(8)]
PARAS = "".join(f"<p>{t}</p>" for t in ITEMS)


@pytest.mark.parametrize("name,body,expected", [
    ("lines split by <br> in one div",
     f'<h1>{PLAN}</h1><div class="info">发布时间：2021-03-01</div><div id="zoom">{"<br>".join(ITEMS)}</div>',
     [PLAN, "发布时间：2021-03-01", *ITEMS]),
    ("paragraphs wrapped in <font>", f'<h1>{PLAN}</h1><div id="zoom"><font size="3">{PARAS}</font></div>', [PLAN, *ITEMS]),
    ("intro, inner wrapper, table and closing line",
     f'<div class="art"><h1>{PLAN}</h1><div id="zoom"><p>引言一段。</p><div class="inner">{PARAS}</div>'
     f'<table><tr><td>指标</td><td>2025年</td></tr><tr><td>托位数</td><td>4.5</td></tr></table><p>本方案自印发之日起施行。</p></div></div>',
     [PLAN, "引言一段。", *ITEMS, "\t指标", "\t2025年", "", "\t托位数", "\t4.5", "", "本方案自印发之日起施行。"]),
    ("word export with spans and a title div",
     f'<div class="title">{PLAN}</div><div class="con"><div class="WordSection1">'
     + "".join(f'<p class="MsoNormal"><span lang="EN-US">{t[:2]}</span><span>{t[2:]}</span></p>' for t in ITEMS)
     + '<table class="MsoTableGrid"><tr><td><p align="center"><span>序号</span></p></td><td><p><span>服务项目</span></p></td></tr>'
       '<tr><td><p><span>1</span></p></td><td><p><span>免费义务教育</span></p></td></tr></table></div></div>',
     [PLAN, *ITEMS, "\t序号", "\t服务项目", "", "\t1", "\t免费义务教育", ""]),
    ("preformatted text", f"<h1>{PLAN}</h1><pre>{chr(10).join(ITEMS)}</pre>", [PLAN, *ITEMS]),
])
def test_article_body_of_page_variants(name, body, expected):
    page = f"<html><head><title>{PLAN}_XX市人民政府</title></head><body>{NAV}{body}{RELATED}{FOOTER}</body></html>"
    assert convert(page.encode("utf-8"), "variant.html").text.split("\n") == expected, name


def test_without_a_title_block_the_lines_before_the_body_are_kept():
    """An old table layout whose title cell does not match <title> (the site name) and is no heading:
    the title and date cells above the content cell come through, then the <title> as a first line."""
    page = f"""<html><head><title>XX市人民政府门户网站</title></head><body>{NAV}<table><tr><td>
    <table><tr><td class="bt"><b>{PLAN}</b></td></tr><tr><td>发布时间：2021-03-01</td></tr>
    <tr><td class="content"><div id="Zoom">{PARAS}</div></td></tr>
    <tr><td><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></td></tr>
    </table></td></tr></table>{FOOTER}</body></html>"""
    got = convert(page.encode("utf-8"), "old.html")
    assert got.text.split("\n") == ["XX市人民政府门户网站", PLAN, "发布时间：2021-03-01", *ITEMS]


# ------------------------------------------------------------------ tables
def test_rowspan_and_colspan_repeat_the_text_in_every_position():
    rows = [[SourceCell("a", "r1c1"), SourceCell("b", "r1c2", colspan=2)],
            [SourceCell("c", "r2c1", rowspan=2), SourceCell("d", "r2c2"), SourceCell("e", "r2c3")],
            [SourceCell("f", "r3c2"), SourceCell("g", "r3c3", rowspan=5)]]
    texts, locators, full = expand_spans(rows, ["r1", "r2", "r3"])
    assert texts == [["a", "b", "b"], ["c", "d", "e"], ["c", "f", "g"]]
    assert locators == [["r1c1", "r1c2", "r1c2"], ["r2c1", "r2c2", "r2c3"], ["r2c1", "r3c2", "r3c3"]]
    assert full == [False, False, False]


def test_a_full_width_group_row_is_written_once_and_short_rows_are_padded():
    rows = [[SourceCell("h1", "a"), SourceCell("h2", "b"), SourceCell("h3", "c")],
            [SourceCell("group", "g", colspan=3)],
            [SourceCell("x", "x")]]
    texts, locators, full = expand_spans(rows, ["r1", "r2", "r3"])
    assert texts == [["h1", "h2", "h3"], ["group", "", ""], ["x", "", ""]]
    assert locators[1] == ["g", "g", "g"] and locators[2] == ["x", "r3", "r3"]
    assert full == [False, True, False]


def test_html_table_with_spans_caption_title_row_and_cell_paragraphs():
    page = """<html><body><div id="zoom"><p>一段足够长的正文文字，说明下面这张表的来历和用途。</p>
    <table><caption>附表 服务清单</caption>
    <tr><td colspan="3">XX市基本公共服务清单</td></tr>
    <tr><th>序号</th><th>服务项目</th><th>牵头单位</th></tr>
    <tr><td>1</td><td><p>免费</p><p>义务教育</p></td><td rowspan="2">市教育局</td></tr>
    <tr><td>2</td><td>学生资助<br>服务</td></tr>
    <tr><td></td><td></td><td></td></tr>
    <tr><td colspan="3">注：本清单动态调整。</td></tr>
    </table></div></body></html>"""
    got = convert(page.encode("utf-8"), "t.html")
    assert got.text.split("\n") == [
        "一段足够长的正文文字，说明下面这张表的来历和用途。", "附表 服务清单", "XX市基本公共服务清单",
        "\t序号", "\t服务项目", "\t牵头单位", "",
        "\t1", "\t免费", "义务教育", "\t市教育局",
        "\t2", "\t学生资助", "服务", "\t市教育局", "",
        "注：本清单动态调整。"]
    loc = dict(zip(got.text.split("\n"), got.locators))
    assert loc["\t市教育局"] == "body/div[1]/table[1]/tr[3]/td[3]"
    assert loc["XX市基本公共服务清单"] == "body/div[1]/table[1]/tr[1]/td[1]"
    assert loc["附表 服务清单"] == "body/div[1]/table[1]/caption[1]"


def test_layout_tables_are_read_as_blocks():
    """A one-column table, a table holding tables and a table whose one cell holds the article are
    page layout: their cells are lines, not tab cells."""
    article = "".join(f"<p>第{i}段正文，基本公共服务的内容写在这里，足够长。</p>" for i in range(12))
    page = f"""<html><body><table><tr><td><table><tr><td>左栏</td><td>{article}</td></tr>
    <tr><td>a</td><td>b</td></tr></table></td></tr><tr><td>x</td></tr></table></body></html>"""
    got = convert(page.encode("utf-8"), "layout.html")
    assert got.n_tables == 0 and not any(line.startswith("\t") for line in got.text.split("\n"))
    assert got.text.split("\n")[:2] == ["左栏", "第0段正文，基本公共服务的内容写在这里，足够长。"]


# ------------------------------------------------------------------ 3. locators
def resolve(parser: LexborHTMLParser, locator: str):
    """The element a locator names (the '#n' line suffix is dropped; a tr counts over its table)."""
    node = parser.root
    for step in locator.split("#")[0].split("/"):
        m = re.fullmatch(r"([a-z0-9]+)(?:\[(\d+)\])?", step)
        tag, n = m.group(1), int(m.group(2) or 1)
        if tag == "tr" and node.tag == "table":
            kids = [r for g in node.iter() for r in ([g] if g.tag == "tr" else g.iter()) if r.tag == "tr"]
        else:
            kids = [k for k in node.iter() if k.tag == tag]
        node = kids[n - 1]
    return node


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("name,skeleton", [("004_2d37ce64d69f20cb.txt", "legacy_table_gb2312"),
                                           ("000_0f5b46df09df09b5.txt", "semantic_html5_big5"),
                                           ("003_aab9be7ad895d433.txt", "portal_div_utf8")])
def test_every_line_has_a_locator_that_holds_its_text(name, skeleton):
    raw = text_to_page(source_text(name), skeleton)
    got = convert(raw, "x.html")
    lines = got.text.split("\n")
    assert len(got.locators) == len(lines)
    parser = LexborHTMLParser(decode_page(raw, "x.html")[0])
    for line, loc in zip(lines, got.locators):
        if not line.strip():
            continue
        assert loc, f"no locator for {line!r}"
        assert squash(line) in squash(resolve(parser, loc).text()), (loc, line)


def test_locators_name_the_title_info_paragraph_and_cell():
    got = convert(skeleton_page("portal_div_utf8"), "page.html")
    loc = dict(zip(got.text.split("\n"), got.locators))
    assert loc[TITLE] == "body/div[4]/div[2]/h1[1]"
    assert loc[INFO] == "body/div[4]/div[2]/div[1]"
    article = "body/div[4]/div[2]/div[3]/div[1]"
    assert loc[ARTICLE_LINES[0]] == f"{article}/p[1]"
    assert loc["到2025年，基本公共服务标准体系全面建立。"] == f"{article}/div[1]"
    assert loc["城乡区域间基本公共服务差距明显缩小。"] == f"{article}/div[1]#2"
    assert loc["\t1.8"] == f"{article}/table[1]/tr[3]/td[2]"
    lines = got.text.split("\n")
    assert got.locators[lines.index("\t婴幼儿托位数（万个）") + 2] == f"{article}/table[1]/tr[3]/td[3]"  # the rowspan


# ------------------------------------------------------------------ encodings
def test_declared_charsets_are_honoured():
    body = f"<html><head>{{meta}}<title>{TITLE}</title></head><body><h1>{TITLE}</h1><div>{ARTICLE}</div></body></html>"
    cases = {
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">': "gb18030",
        '<meta charset="GBK">': "gb18030",
        '<meta charset="gb18030">': "gb18030",
        '<meta charset="big5">': "big5hkscs",
        '<meta charset="utf-8">': "utf-8",
    }
    for meta, codec in cases.items():
        raw = body.replace("{meta}", meta).encode(codec, "xmlcharrefreplace")
        got = convert(raw, "enc.html")
        assert got.text.split("\n")[:3] == [TITLE, *ARTICLE_LINES[:2]], meta
        assert not any("charset" in n for n in got.notes), meta
    assert declared_charset(b'<?xml version="1.0" encoding="GB2312"?><html>') == "gb2312"


def test_bom_wins_and_a_wrong_declaration_falls_back_with_a_note():
    page = f"<html><head><meta charset=gb2312><title>t</title></head><body><div>{ARTICLE}</div></body></html>"
    assert convert(b"\xef\xbb\xbf" + page.encode("utf-8"), "bom.html").text.split("\n")[1] == ARTICLE_LINES[0]
    assert convert(page.encode("utf-16"), "utf16.html").text.split("\n")[1] == ARTICLE_LINES[0]
    wrong = page.replace("gb2312", "utf-8").encode("gb18030")
    got = convert(wrong, "wrong.html")
    assert got.text.split("\n")[1] == ARTICLE_LINES[0]
    assert any("declares charset utf-8" in n for n in got.notes)
    undeclared = page.replace("<meta charset=gb2312>", "").encode("gb18030")
    assert convert(undeclared, "none.html").text.split("\n")[1] == ARTICLE_LINES[0]
    text = "公共服务规划教育" * 8  # in UTF-8 also valid GB18030 (as mojibake)
    stale = f"<html><head><meta charset=gb2312></head><body><div>{text}</div></body></html>".encode("utf-8")
    assert stale.decode("gb18030") != stale.decode("utf-8")
    got = convert(stale, "stale.html")  # a site moved to UTF-8 that kept its gb2312 declaration
    assert got.text == text and any("bytes are UTF-8" in n for n in got.notes)


def test_a_few_broken_bytes_are_replaced_with_a_note():
    page = f"<html><head><meta charset=utf-8></head><body><div>{ARTICLE * 3}</div></body></html>".encode("utf-8")
    broken = page[:400] + b"\xff" + page[400:]
    got = convert(broken, "broken.html")
    assert any("U+FFFD" in n for n in got.notes)


# ------------------------------------------------------------------ 4. failures
def _assert_helpful(exc, *words):
    message = str(exc.value)
    assert exc.value.source_file in message
    for word in words:
        assert word in message, message


def test_navigation_only_page_is_no_text():
    links = "".join(f'<li><a href="/c/{i}.html">栏目链接第{i}项内容标题</a></li>' for i in range(60))
    page = f"""<html><head><title>列表</title></head><body><div class="nav"><ul>{links}</ul></div>
    <div class="list"><ul>{links}</ul></div><div class="foot">版权所有 XX市人民政府</div></body></html>"""
    with pytest.raises(NoTextError) as exc:
        convert(page.encode("utf-8"), "list.html")
    _assert_helpful(exc, "no article", "Save the article page", ".txt")


@pytest.mark.parametrize("page", [b"<html><head><title>x</title></head><body></body></html>",
                                  b"<html><frameset><frame src='main.html'></frameset></html>",
                                  b"<html><body><script>var a = '" + "很长的脚本文字".encode() * 50 + b"';</script></body></html>"])
def test_empty_frameset_and_script_only_pages_are_no_text(page):
    with pytest.raises(NoTextError) as exc:
        convert(page, "empty.html")
    _assert_helpful(exc, "frame page")


def test_undecodable_page_is_a_corrupt_file():
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(20000))
    with pytest.raises(CorruptFileError) as exc:
        convert(b"<html><head><meta charset=utf-8></head><body>" + noise, "noise.html")
    _assert_helpful(exc, "cannot decode", "save it again")
    with pytest.raises(CorruptFileError) as exc:
        convert(b"\xef\xbb\xbf<html><body>\xc3\x28" + noise, "bom.html")
    _assert_helpful(exc, "byte-order mark")


def test_the_format_dispatch_reads_html():
    raw = skeleton_page("legacy_table_gb2312")
    assert detect_format(raw, "page.htm") == "html"
    assert convert_any(raw, "page.htm").text == convert(raw, "page.htm").text
