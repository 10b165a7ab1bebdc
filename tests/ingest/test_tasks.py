"""Tasks and responsible units in the four ways the real plans write them (golden counts checked by hand)."""
from collections import Counter

import pytest

from ingest.extract.tasks import split_title
from ingest.extract.units import expand_shared_levels, parse_units

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
    lead, supporting, responsible, _ = parse_units(text, lead_before_comma=expected is None)
    if expected is None:
        assert (lead, supporting) == (["市人社局"], ["市发展改革委", "市财政局"])
    else:
        assert (lead, supporting, responsible) == expected


def test_shared_level_prefix_is_expanded():
    assert expand_shared_levels(["市", "县人社服务中心"]) == ["市人社服务中心", "县人社服务中心"]
    assert expand_shared_levels(["市财政局", "县"]) == ["市财政局", "县"]


def test_split_title():
    assert split_title("普惠性学前教育。制定并实施计划。") == ("普惠性学前教育", "制定并实施计划。")
    assert split_title("健全制度,推动共享。建立机制。")[0] is None
