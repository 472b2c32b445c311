"""Funding lines from resource envelopes, budget tables and prose (paraphrased genre snippets)."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.funding import extract_funding
from ckg.loaders.extract.money import column_scale, find_amounts
from ckg.loaders.text import load_string


def _lines(raw: str, area: str = "Wessex"):
    doc = load_string(raw)
    return extract_funding(doc, Context.for_document(doc, area=area))


def test_resource_envelope_lines_funders_and_reductions():
    recs = _lines(
        "## 6.1 Be Healthy\n\n- Develop more children's centres;\n\n## Resource Envelope\n\n"
        "> WDAT(alcohol services)\t£120,500\n"
        "> YOS\t£38,500\n"
        "> PCT - School Nursing\t£1,175,000\n"
        "(less £50,000 reduction under the savings plan)\t\n"
        "> PCT – Out of Area Placements\tTo be advised\n"
        "> Family Centres\t£900,000 capital\n"
        "> Social Care family support\t£700,000\n"
        "> Youth Service\t£335,000\n"
        "> North Wessex District Council\t£210,000\n"
    )
    got = {(r.item, r.amount): r for r in recs}
    assert len(recs) == 9
    assert got[("WDAT(alcohol services)", "120500")].funder == "Wessex Drug Action Team"
    assert got[("YOS", "38500")].funder == "Wessex Youth Offending Service"
    nursing = got[("PCT - School Nursing", "1175000")]
    assert (nursing.funder, nursing.funds, nursing.theme) == (
        "Wessex Primary Care Trust",
        "School Nursing",
        "Be Healthy",
    )
    cut = got[("(less £50,000 reduction under the savings plan)", "50000")]
    assert (cut.kind, cut.funder) == ("saving", "Wessex Primary Care Trust")
    tba = got[("PCT – Out of Area Placements", None)]
    assert tba.note == "To be advised" and tba.funder == "Wessex Primary Care Trust"
    assert got[("Family Centres (capital)", "900000")].kind == "capital"
    assert got[("Social Care family support", "700000")].funder == "Wessex County Council"
    assert got[("Youth Service", "335000")].funder is None  # a service is paid for, it does not pay
    assert got[("North Wessex District Council", "210000")].funder == "North Wessex District Council"


def test_million_table_takes_funder_and_period_from_its_lead_in():
    recs = _lines(
        "The PCT can identify a spend of approximately £61m on children and young people (2011/12). "
        "This is broken down approximately into:\n\n"
        "\t£ (million)\nPrimary care\t14\nMaternity services\t17\nChild and adolescent mental health\t4.5\n"
        "Total\t35.5\n"
    )
    assert [(r.item, r.amount, r.note) for r in recs] == [
        ("spend on children and young people", "61000000", None),
        ("Primary care", "14000000", None),
        ("Maternity services", "17000000", None),
        ("Child and adolescent mental health", "4500000", None),
        ("Total", "35500000", "total"),  # a total is a stated figure too
    ]
    assert {r.funder for r in recs} == {"Wessex Primary Care Trust"}
    assert recs[1].period == "2011/12"


def test_garbled_thousands_table_with_two_money_columns():
    recs = _lines(
        "Based on information from April 2019, WCC’s current budget for disabled children is as follows:\n\n"
        "Budget line\tProvision\tChild Disability -\tSpecial Educational\n"
        "2019\t\t£000s\tNeeds - £000s\n"
        "Residential and foster\tExternal\t4,217\t0\n"
        "care\tcommissioned\t\t\n"
        "Other budgets\tIn-house\t-\t1,386\n"
        "Direct Payments\t\t1,905\t\n",
        area="Wessex",
    )
    assert [(r.item, r.amount) for r in recs] == [
        ("Residential and foster care – External commissioned (Child Disability)", "4217000"),
        # "0" is a nil budget, "-" is no line
        ("Residential and foster care – External commissioned (Special Educational Needs)", "0"),
        ("Other budgets – In-house (Special Educational Needs)", "1386000"),
        ("Direct Payments (Child Disability)", "1905000"),
    ]
    assert {r.funder for r in recs} == {"Wessex County Council"}


def test_prose_one_line_per_figure_with_its_own_kind_funder_and_period():
    recs = _lines(
        "## Family Hubs\n\nTo achieve this £1.6 million of capital funding and £2.4 million of revenue funding "
        "has been provided by the DfE for the period April 2016 to March 2018.\n"
    )
    assert [(r.item, r.amount, r.kind) for r in recs] == [
        ("capital funding", "1600000", "capital"),
        ("revenue funding", "2400000", "revenue"),
    ]
    assert {r.funder for r in recs} == {"Department for Education"}
    assert {r.period for r in recs} == {"April 2016 to March 2018"}


def test_thresholds_count_once_and_grants_are_their_own_line():
    recs = _lines(
        "Services worth £30K+ must go through a competitive tender. Services worth less than £30k are "
        "paid as a grant.\n\nJoint bids for tenders over £30k do better.\n\n"
        "The projects were funded by grants of under £30k.\n"
    )
    assert [(r.amount, r.kind, r.note) for r in recs] == [
        ("30000", "unknown", "threshold"),
        ("30000", "grant", None),
    ]
    assert recs[1].approximate and recs[1].qualifier == "under"


def test_funding_without_an_amount_and_money_that_is_not_funding():
    recs = _lines(
        "Stage Right was commissioned and funded by Wessex County Council, and ran between "
        "May 2017 and March 2018.\n\n"
        "Many families live on an income between £15,000 and £19,000.\n\n"
        "Weekly unit costs are above the comparator average of £612.\n"
    )
    assert [(r.item, r.amount, r.funder, r.note) for r in recs] == [
        ("Stage Right", None, "Wessex County Council", None),
        ("above the comparator average", "612", None, "benchmark"),  # others' average: no funder
    ]


def test_unit_cost_table_without_money_header_is_not_funding():
    recs = _lines(
        "Table 4: weekly unit costs (approximate)\n\nAuthority\t2013-14\t2014-15\nWessex\t80.00\t90.00\n"
        "Mercia\t75.00\t70.00\n"
    )
    assert recs == []


def test_money_parsing_and_column_scales():
    assert [(str(m.amount), m.qualifier) for m in find_amounts("nearly £6m, over £35m and £30K+")] == [
        ("6000000", "nearly"),
        ("35000000", "over"),
        ("30000", "or more"),
    ]
    assert find_amounts("£000s") == []
    assert str(column_scale("£'000")) == "1000"
