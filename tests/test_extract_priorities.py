"""Priorities from the layouts councils use: lead-in lists, headings, prose lists, summary tables."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.priorities import extract_priorities
from ckg.loaders.text import load_string


def _run(raw: str, area: str = "Wessex"):
    doc = load_string(raw)
    ctx = Context.for_document(doc, area=area)
    return doc, extract_priorities(doc, ctx)


def test_numbered_list_after_lead_in_names_the_plan_that_states_it():
    doc, recs = _run(
        "# Joint Commissioning Strategy 2010 – 2013\n\n"
        "Key agreed priorities within the Children and Young People's Plan 2009 – 2012 are:-\n\n"
        "1. Cut the number of school exclusions.\n2. Improve emotional health of teenagers.\n"
    )
    assert [(r.rank, r.text) for r in recs] == [
        (1, "Cut the number of school exclusions"),
        (2, "Improve emotional health of teenagers"),
    ]
    assert recs[0].stated_in == "Children and Young People's Plan 2009 – 2012"
    for r in recs:
        assert doc.text[r.spans[0].start : r.spans[0].end].startswith(r.text)


def test_areas_for_improvement_heading_gives_unranked_priorities():
    _, recs = _run(
        "## Areas for improvement\n\n- Reduce waiting times for speech therapy;\n"
        "- Widen access to youth clubs in rural areas.\n"
    )
    assert [(r.rank, r.text) for r in recs] == [
        (None, "Reduce waiting times for speech therapy"),
        (None, "Widen access to youth clubs in rural areas"),
    ]


def test_areas_of_focus_sit_under_their_numbered_priority_and_absorb_sub_bullets():
    _, recs = _run(
        "## Priority Two: Helping families in crisis Areas of focus:\n\n"
        "- 1) Housing, including:\n  - Families in temporary housing\n  - Young people leaving care\n"
        "- 2) Debt advice\n"
    )
    texts = {r.text: r for r in recs}
    assert texts["Helping families in crisis"].rank == 2
    merged = texts["Housing, including families in temporary housing, young people leaving care"]
    assert merged.parent == "Helping families in crisis" and merged.rank == 1
    assert texts["Debt advice"].rank == 2
    assert "Families in temporary housing" not in texts


def test_prose_list_with_a_count_splits_on_commas_and_and():
    _, recs = _run(
        "The review identified three focus areas—early years, youth justice and policing, "
        "and school readiness—where the partnership will act.\n"
    )
    assert [r.text for r in recs] == ["early years", "youth justice and policing", "school readiness"]


def test_garbled_summary_table_rebuilds_each_list_once():
    raw = (
        "Who it is for\tObjectives in the strategy\tLink\n"
        "Young carers\t3 strategic objectives\twww.example.org\n"
        "\t1. Identify young carers\tWessex Young Carers\n"
        "Wessex Young Carers Strategy,\tearly\tStrategy 2014-2017\n"
        "2014-2017\t2. Support schools:\n"
        "\t3. Respite for families\n"
        "\t3. Respite for families\n"
        "Adults\t2 themes\n"
        "\tHealthy lives Safe homes\n"
        "\tSafe homes\n"
    )
    _, recs = _run(raw)
    assert [(r.rank, r.text) for r in recs] == [
        (1, "Identify young carers early"),
        (2, "Support schools"),
        (3, "Respite for families"),
        (None, "Healthy lives"),
        (None, "Safe homes"),
    ]
    assert recs[0].stated_in == "Wessex Young Carers Strategy, 2014-2017"


def test_priorities_run_together_in_one_cell():
    _, recs = _run(
        "Strategy\tAims\nWessex Health and Wellbeing Strategy 2013-2016\t"
        "Board Priority 1: Healthy starts Priority 2: Safer streets\n"
    )
    assert [(r.rank, r.text) for r in recs] == [(1, "Healthy starts"), (2, "Safer streets")]
    assert recs[0].stated_in == "Wessex Health and Wellbeing Strategy 2013-2016"


def test_results_and_measures_are_not_priorities():
    _, recs = _run(
        "Outcomes have continued to improve over the year:\n\n- Fewer exclusions (from 40 to 21);\n\n"
        "The partnership priorities have been adopted by the Local Area Agreement:\n\n"
        "- Raise attainment at age 16 (outcome 4). Key measures are:\n\n"
        "- > Share of pupils with five good GCSEs.\n"
    )
    assert [(r.rank, r.text, r.stated_in) for r in recs] == [
        (4, "Raise attainment at age 16 (outcome 4)", "Local Area Agreement")
    ]


def test_list_of_what_would_improve_a_service_gives_priorities():
    # needs assessments close a consultation chapter with the changes people ask for
    _, recs = _run(
        "## 6.3 Engagement with families in Brackenford\n\n"
        "Parents also returned a survey. Taken together this gives a picture of what families "
        "feel would improve short breaks across Northvale, which include the following:\n\n"
        "- Making sure that respite is offered in school holidays.\n"
        "- Ensure there is one named worker for each family.\n\n"
        "Several initiatives have been introduced to improve joint working:\n\n"
        "- A shared referral form was launched in 2015.\n"
    )
    assert [(r.rank, r.text) for r in recs] == [
        (None, "Making sure that respite is offered in school holidays"),
        (None, "Ensure there is one named worker for each family"),
    ]


def test_serial_comma_keeps_the_last_item_of_a_prose_list_whole():
    _, recs = _run(
        "The model focuses on the outcomes of: learning, housing, and friends and family from age 14.\n"
    )
    assert [r.text for r in recs] == ["learning", "housing", "friends and family from age 14"]


def test_extraction_is_deterministic():
    raw = "## Areas for improvement\n\n- Reduce waiting times;\n- Widen access to clubs.\n"
    assert [r.to_dict() for r in _run(raw)[1]] == [r.to_dict() for r in _run(raw)[1]]
