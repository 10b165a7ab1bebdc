"""Tasks and responsible units in the four ways the real plans write them (golden counts checked by hand),
and every entry of the task-style, unit-place and unit-rule registries on hand-labelled lines."""
from collections import Counter

import pytest

from ingest.extract.tasks import TASK_STYLES, UNIT_PLACES, extract_tasks, split_title
from ingest.extract.tasks.places import find_units
from ingest.extract.tasks.styles import read_task
from ingest.extract.units import UNIT_RULES, clean_unit, expand_shared_levels, parse_units
from ingest.paths import REF_DIR
from ingest.reference import load_reference

REF = load_reference(REF_DIR)
LEX = REF.lexicon

NEIJIANG, LONGNAN, BAZHONG, JINGMEN, DAZHOU = (
    "000_0f5b46df09df09b5.txt", "001_e095f4ee91c0465c.txt", "002_41ce2cef4a4ba362.txt",
    "003_aab9be7ad895d433.txt", "004_2d37ce64d69f20cb.txt")


def tasks(all_results, f):
    return all_results[f].tasks


@pytest.mark.parametrize("source_file,count", [(NEIJIANG, 33), (LONGNAN, 30), (BAZHONG, 59)])
def test_numbered_tasks_are_all_found_in_order(all_results, source_file, count):
    ts = tasks(all_results, source_file)
    assert [t.seq for t in ts] == list(range(1, count + 1))
    assert {t.style for t in ts} == {"numbered"}


def test_bazhong_task_without_a_separate_title(all_results):
    t59 = [t for t in tasks(all_results, BAZHONG) if t.seq == 59][0]
    assert t59.title is None and t59.body.startswith("健全公共服务领域诚信制度")
    assert [t.title for t in tasks(all_results, BAZHONG) if t.title is None] == [None]


def test_bazhong_lead_units_before_the_first_comma_and_deadline(all_results):
    t1 = tasks(all_results, BAZHONG)[0]
    assert t1.lead_units == "市发展改革委|市财政局"
    assert t1.supporting_units.startswith("市教育体育局|市公安局")
    assert t1.deadline == "持续推进" and "first comma" in t1.units_basis


def test_bazhong_list_without_comma_names_no_lead(all_results):
    t3 = [t for t in tasks(all_results, BAZHONG) if t.seq == 3][0]
    assert t3.lead_units == "市发展改革委" and t3.supporting_units  # '市发展改革委,市教育体育局、…'
    t58 = [t for t in tasks(all_results, BAZHONG) if t.seq == 58][0]
    assert t58.lead_units is None and t58.responsible_units.startswith("市教育体育局")


def test_neijiang_units_line_applies_to_every_task_above_it(all_results):
    edu = [t for t in tasks(all_results, NEIJIANG) if t.seq <= 5]
    assert {t.responsible_units for t in edu} == {"市教育局|市发展改革委|市财政局|市人力资源社会保障局"}
    assert {t.units_line for t in edu} == {39}
    t27 = [t for t in tasks(all_results, NEIJIANG) if t.seq == 27][0]
    assert "各县(市、区)人民政府" in t27.responsible_units.split("|")  # a name with 、 inside parentheses stays whole


def test_longnan_units_in_trailing_parentheses(all_results):
    by_seq = {t.seq: t for t in tasks(all_results, LONGNAN)}
    assert by_seq[1].responsible_units == "市教育局|市财政局|各县区政府"
    assert by_seq[15].lead_units == "市卫生计生委" and by_seq[15].responsible_units is None
    assert by_seq[26].lead_units == "市文广新局|市科技局"
    assert not by_seq[1].body.endswith(")")


def test_jingmen_paragraph_titled_tasks_in_task_and_measure_sections(all_results):
    ts = tasks(all_results, JINGMEN)
    assert {t.style for t in ts} == {"titled"}
    sections = Counter(t.section.split(" > ")[-1] for t in ts)
    assert set(sections) == {"重点任务", "保障措施"}
    titles = {t.title for t in ts}
    assert {"推动学前教育公益普惠性发展", "学前教育设施建设", "残疾人服务信息化建设"} <= titles
    assert Counter(t.domain_code for t in ts)["public_education"] == 13


def test_dazhou_dash_tasks_and_projects(all_results):
    ts = tasks(all_results, DAZHOU)
    assert {t.style for t in ts} == {"dash"}
    kinds = Counter(t.section.split(" > ")[-1] for t in ts)
    assert kinds["重点任务"] > 0 and kinds["保障工程"] > 0
    assert "加快普及学前教育" in {t.title for t in ts}
    assert not any(t.title and t.title.startswith(("社会保险全面覆盖", "发展水平更高")) for t in ts)  # not task sections


@pytest.mark.parametrize("text,expected", [
    ("市教育局、市财政局、各县区政府按职责分工负责", ([], [], ["市教育局", "市财政局", "各县区政府"])),
    ("市卫生计生委牵头负责", (["市卫生计生委"], [], [])),
    ("市民政局牵头,市财政局、市残联配合", (["市民政局"], ["市财政局", "市残联"], [])),
    ("市人社局,市发展改革委、市财政局等市级有关部门(单位)", None),
])
def test_parse_units(text, expected):
    lead, supporting, responsible, _ = parse_units(text, expected is None, LEX)
    if expected is None:
        assert (lead, supporting) == (["市人社局"], ["市发展改革委", "市财政局"])
    else:
        assert (lead, supporting, responsible) == expected


def test_shared_level_prefix_is_expanded():
    assert expand_shared_levels(["市", "县人社服务中心"], LEX) == ["市人社服务中心", "县人社服务中心"]
    assert expand_shared_levels(["市财政局", "县"], LEX) == ["市财政局", "县"]
    assert expand_shared_levels(["市级", "县级财政部门"], LEX) == ["市级财政部门", "县级财政部门"]  # longest level
    assert expand_shared_levels(["县", "市"], LEX) == ["县", "市"]  # a bare level shares nothing with a bare level


def test_split_title():
    assert split_title("普惠性学前教育。制定并实施计划。") == ("普惠性学前教育", "制定并实施计划。")
    assert split_title("健全制度,推动共享。建立机制。")[0] is None


# --- registries: each entry on hand-labelled lines ------------------------------------------------

def test_every_registry_entry_names_a_seed_pattern_and_has_an_example():
    for entry in (*TASK_STYLES, *UNIT_PLACES):
        assert LEX.pattern(entry.pattern_key)  # raises, naming ref_patterns.csv, when missing
    readers = [s.read for s in TASK_STYLES] + [p.units_text for p in UNIT_PLACES] + [r.read for r in UNIT_RULES]
    assert all(f.__doc__ and "->" in f.__doc__ for f in readers), "each entry's reader shows an example: 'text' -> result"
    assert len({s.name for s in TASK_STYLES}) == len(TASK_STYLES)
    assert len({r.name for r in UNIT_RULES}) == len(UNIT_RULES)


@pytest.mark.parametrize("line,expected", [
    # numbered: the number is the task's seq; a short first sentence is its title
    ("3.推进学前教育普及。扩大普惠性资源。", ("numbered", 3, "推进学前教育普及", "扩大普惠性资源。")),
    ("12、加强基层服务能力建设。完善设施。", ("numbered", 12, "加强基层服务能力建设", "完善设施。")),
    ("59.健全公共服务领域诚信制度,推动信息共享。建立机制。",
     ("numbered", 59, None, "健全公共服务领域诚信制度,推动信息共享。建立机制。")),
    # dash: numbered later, within its section
    ("——加快普及学前教育。到2020年,学前三年毛入园率达到90%。",
     ("dash", None, "加快普及学前教育", "到2020年,学前三年毛入园率达到90%。")),
    ("--推进医养结合。鼓励社会力量举办。", ("dash", None, "推进医养结合", "鼓励社会力量举办。")),
    # titled: a paragraph whose first sentence is a short title, with a body after it
    ("推动学前教育公益普惠性发展。扩大普惠性学前教育资源。",
     ("titled", None, "推动学前教育公益普惠性发展", "扩大普惠性学前教育资源。")),
    # not tasks
    ("加强组织领导,明确责任分工。", None),  # first sentence has a comma: no title
    ("完善基本公共服务体系。", None),  # a title without a body
    ("2020年目标任务全面完成。", None),  # a year is no task number, and no body
])
def test_task_styles(line, expected):
    assert read_task(line, LEX) == expected


@pytest.mark.parametrize("line,own_line,expected", [
    ("责任单位:市教育局、市发展改革委、市财政局", True, ("市教育局、市发展改革委、市财政局", "责任单位:市教育局、市发展改革委、市财政局")),
    ("(牵头单位:市民政局)", True, ("市民政局", "(牵头单位:市民政局)")),
    ("主责单位:市卫生健康委", True, ("市卫生健康委", "主责单位:市卫生健康委")),
    ("1.完善救助制度。提高救助水平。(市民政局牵头,市财政局配合)", False,
     ("市民政局牵头,市财政局配合", "(市民政局牵头,市财政局配合)")),
    ("2.改善办学条件。(市教育局、市财政局、各县区政府按职责分工负责)", False,
     ("市教育局、市财政局、各县区政府按职责分工负责", "(市教育局、市财政局、各县区政府按职责分工负责)")),
    ("3.扩大覆盖范围(含农村地区)", False, None),  # a parenthesis without a unit verb
    ("明确责任单位,加强考核。", True, None),  # the label not at the start of the line
    ("责任单位:市教育局", False, None),  # a units line is not a trailing parenthesis
])
def test_unit_places(line, own_line, expected):
    assert find_units(line, LEX, own_line=own_line) == expected


@pytest.mark.parametrize("rule,text,lead_before_comma,expected", [
    ("lead_then_supporting", "市民政局牵头,市财政局、市残联配合", False, (["市民政局"], ["市财政局", "市残联"], [])),
    ("lead_then_supporting", "市卫生健康委牵头;市医保局等部门参与", False, (["市卫生健康委"], ["市医保局"], [])),
    ("lead_then_supporting", "(市教育局牵头,市人社局协助)", True, (["市教育局"], ["市人社局"], [])),
    ("lead_before_comma", "市人力资源社会保障局,市发展改革委、市财政局等市级有关部门(单位)", True,
     (["市人力资源社会保障局"], ["市发展改革委", "市财政局"], [])),
    ("lead_before_comma", "市发展改革委、市财政局,市教育体育局〔逗号前为牵头单位,下同〕", True,
     (["市发展改革委", "市财政局"], ["市教育体育局"], [])),
    ("lead_stated", "市卫生计生委牵头负责", False, (["市卫生计生委"], [], [])),
    ("lead_stated", "市文广新局、市科技局牵头负责", True, (["市文广新局", "市科技局"], [], [])),
    ("listed", "市教育局、市财政局、各县区政府按职责分工负责", False, ([], [], ["市教育局", "市财政局", "各县区政府"])),
    ("listed", "市人社局,市财政局", False, ([], [], ["市人社局", "市财政局"])),  # a comma without the document's rule
    ("listed", "市发展改革委等市级有关部门(单位)", True, ([], [], ["市发展改革委"])),  # the rule, but no comma
    ("listed", "市教育局、市民政局、市残联(未明确牵头单位的按职责分工负责,下同)", False,
     ([], [], ["市教育局", "市民政局", "市残联"])),  # a note is not a unit
    ("listed", "各县(市、区)人民政府、市财政局", False, ([], [], ["各县(市、区)人民政府", "市财政局"])),
])
def test_unit_rules(rule, text, lead_before_comma, expected):
    units = parse_units(text, lead_before_comma, LEX)
    assert (units.lead, units.supporting, units.responsible) == expected
    assert units.basis == next(r.basis for r in UNIT_RULES if r.name == rule)


@pytest.mark.parametrize("name,expected", [
    ("市教育局按职责分工负责", "市教育局"),
    ("市财政局等市级有关部门(单位)", "市财政局"),
    ("市民政局等有关部门", "市民政局"),
    ("市卫生计生委牵头负责", "市卫生计生委"),
    ("各县(市、区)人民政府", "各县(市、区)人民政府"),
])
def test_clean_unit(name, expected):
    assert clean_unit(name, LEX) == expected


def test_extract_tasks_on_a_small_plan():
    """Units line for the tasks above it, trailing parentheses, deadline line, document-level rule."""
    lines = [
        "一、重点任务",
        "(一)基本公共教育",
        "1.普及学前教育。扩大普惠性资源。",
        "2.均衡发展义务教育。改善办学条件。(市教育局牵头,市财政局配合)",
        "3.发展职业教育。深化产教融合。",
        "责任单位:市教育局,市人社局、市财政局",
        "完成时限:持续推进",
        "〔逗号前为牵头单位,下同〕",
    ]
    drafts, facts = extract_tasks(lines, list(REF.section_kinds), LEX)
    assert facts == {"lead_before_comma": True}
    assert [(d.seq, d.style, d.title) for d in drafts] == [
        (1, "numbered", "普及学前教育"), (2, "numbered", "均衡发展义务教育"), (3, "numbered", "发展职业教育")]
    one, two, three = drafts
    assert (one.lead, one.supporting, one.units_line) == (["市教育局"], ["市人社局", "市财政局"], 6)
    assert (three.lead, three.units_basis) == (["市教育局"], "lead units before the first comma (rule stated in the document)")
    assert (two.lead, two.supporting, two.units_line) == (["市教育局"], ["市财政局"], 4)
    assert two.body == "改善办学条件。"
    assert three.deadline == "持续推进" and one.deadline is None
