"""Commissioning intentions from sections, grids, action plans, mangled tables, prose and recommendations."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.intentions import extract_intentions
from ckg.loaders.extract.intentions_fields import action_of, timescale_of
from ckg.loaders.text import load_string


def _run(raw: str, area: str = "Wessex"):
    doc = load_string(raw)
    ctx = Context.for_document(doc, area=area)
    return doc, extract_intentions(doc, ctx)


def test_commissioning_intentions_section_keeps_its_theme_across_heading_levels():
    _, recs = _run(
        "## 5.0 Commissioning Intentions\n\n### 5.1 Be Healthy\n\n"
        "- Re-tender the school nursing service by 2009;\n\n"
        "## Resource Envelope\n\n> School nursing\t£100,000\n\n"
        "## 5.2 Stay Safe\n\n- Tackle domestic abuse:\n  - > Open a refuge,\n"
    )
    got = [(r.text, r.action, r.timescale, r.priority) for r in recs]
    assert got == [
        ("Re-tender the school nursing service by 2009", "re-tender", "by 2009", "Be Healthy"),
        ("Tackle domestic abuse", "tackle", None, "Stay Safe"),
        ("Open a refuge", None, None, "Stay Safe"),
    ]


def test_two_column_grid_gives_one_intention_per_action_with_wrapped_rows_joined():
    raw = (
        "Commissioning intention\tWhat will we do to achieve this?\n"
        "Healthy pregnancies\n"
        "Fewer smokers in pregnancy\tCommission stop-smoking support for expectant mothers by "
        "March 2016. Review the midwife referral route.\n"
        "Better transition to adult\tRe-commission the transition service\n"
        "mental health services\tfrom April 2016.\n"
    )
    _, recs = _run(raw)
    assert [(r.text, r.action, r.timescale, r.priority) for r in recs] == [
        (
            "Fewer smokers in pregnancy: Commission stop-smoking support for expectant mothers by March 2016",
            "commission",
            "by March 2016",
            "Healthy pregnancies",
        ),
        (
            "Fewer smokers in pregnancy: Review the midwife referral route",
            "review",
            None,
            "Healthy pregnancies",
        ),
        (
            "Better transition to adult mental health services: Re-commission the transition service from April 2016",
            "re-commission",
            "from April 2016",
            "Healthy pregnancies",
        ),
    ]


def test_action_plan_with_subject_lines_and_status_column():
    raw = (
        "Subject: Fostering placements\n\nAction\tTimescale\n"
        "Review all agency placements at panel\tCOMPLETE All reviewed during May 2016\n"
        "Leaving Care Framework - prepare tender exercise\tIN PROGRESS Papers ready by September 2016.\n"
    )
    _, recs = _run(raw)
    assert [(r.text, r.timescale, r.priority) for r in recs] == [
        ("Review all agency placements at panel", "during May 2016", "Fostering placements"),
        ("Leaving Care Framework - prepare tender exercise", "by September 2016", "Fostering placements"),
    ]
    assert recs[1].action == "tender"


def test_mangled_grid_yields_each_cell_text_once():
    cell = (
        "Commissioning intention Family support  Strengthen early help for families  "
        "Re-commission the family support service by April 2017.  Strengthen early help for families  "
        "Re-commission the family support service by April 2017.  What will we do to achieve this?  "
    )
    raw = (
        "Commissioning intention\tWhat will we do to achieve this?\n"
        f"{cell * 3}\t\n{cell[40:] * 2}\t\n"
        "Faster adoptions\tRe-tender the adoption support contract\n"
    )
    _, recs = _run(raw)
    texts = [r.text for r in recs]
    assert texts.count("Re-commission the family support service by April 2017") == 1
    assert texts.count("Strengthen early help for families") == 1
    assert "Faster adoptions: Re-tender the adoption support contract" in texts
    assert all("What will we do" not in t for t in texts)


def test_prose_intentions_and_opportunities_but_not_principles():
    raw = (
        "## Public health\n\n"
        "Public health moved to the council in 2013. In 2016, the council will take on "
        "responsibility for commissioning school nursing. Its budget is a ring-fenced grant.\n\n"
        "All commissioning activity will be carried out in line with procurement rules.\n\n"
        "Current opportunities advertised on the portal are below.\n\n"
        "Youth work - this contract will be advertised in June 2016 and is open to all.\n"
    )
    _, recs = _run(raw)
    assert [(r.text, r.timescale) for r in recs] == [
        ("In 2016, the council will take on responsibility for commissioning school nursing", "In 2016"),
        ("Youth work - this contract will be advertised in June 2016 and is open to all", "in June 2016"),
    ]
    assert recs[0].commissioner == "Wessex County Council"


def test_recommendations_count_only_when_they_ask_for_action():
    raw = (
        "## 3 Recommendations\n\nRECOMMENDATION(S):\n\n"
        "1) Commissioners should review the out-of-hours crisis pathway.\n"
        "2) Many parents reported long waits for assessment.\n"
        "3) Extend the short breaks offer to young adults.\n"
    )
    _, recs = _run(raw)
    assert [r.text for r in recs] == [
        "Commissioners should review the out-of-hours crisis pathway",
        "Extend the short breaks offer to young adults",
    ]


def test_field_readers():
    assert (
        action_of("Work with the Clinical Commissioning Group to implement outcome based contracts") == "work"
    )
    assert action_of("Increase breastfeeding by commissioning peer support") == "commission"
    assert timescale_of("Roll out payment by results (2015/16).") == "2015/16"
    assert timescale_of("Publish the list in early 2016") == "in early 2016"
