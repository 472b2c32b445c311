"""Funding lines across genres: decision reports, budget tables by year, contract registers,
pooled-budget (Section 75) summaries, benchmark tables and partnership plans.

Every document here is invented (Elmshire, Fenwick, Wessex; figures made up): the tests pin
the rules, not any real council's wording.
"""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.funding import extract_funding
from ckg.loaders.extract.money import cell_number, column_scale, find_amounts
from ckg.loaders.extract.organisations import extract_organisations
from ckg.loaders.registry import load_file
from ckg.loaders.text import load_string


def _funding(doc, area: str | None = None):
    ctx = Context.for_document(doc, area=area)
    extract_organisations(doc, ctx)
    return extract_funding(doc, ctx)


def _html(tmp_path, name: str, title: str, body: str):
    path = tmp_path / name
    path.write_text(f"<html><head><title>{title}</title></head><body>{body}</body></html>", encoding="utf-8")
    return load_file(path)


DECISION_REPORT = """
<h1>Short Breaks for Disabled Children: Recommissioning</h1>
<table><tr><td>Report to</td><td>Cabinet</td></tr><tr><td>Key decision</td><td>Yes</td></tr></table>
<h2>1. Recommendations</h2>
<ol>
<li>Approve capital expenditure of £275,000 for the refurbishment of Brook Lodge.</li>
<li>Note that the proposals are forecast to deliver savings of £80k in 2026/27 and £1.1m in 2027/28.</li>
</ol>
<h2>4. Current arrangements</h2>
<p>4.1 Family link breaks are provided by Brightpath Trust under a block contract worth £415,000 a year
with Brightpath Trust, which ends on 31 March 2027.</p>
<p>4.2 Nationally, councils spend over £900m a year on short breaks.</p>
<h2>5. Proposal</h2>
<p>5.1 The new service will be procured as a framework with an estimated value of £2m-£3m over four
years. Contracts worth over £30,000 will be advertised.</p>
<h2>6. Financial implications</h2>
<p>6.1 The one-off capital cost of £275,000 for Brook Lodge will be met from the Council's capital
programme. The ICB will contribute £160,000 a year towards joint packages.</p>
<p>Table 2: Short breaks budget lines (£000)</p>
<table>
<tr><th>Budget line</th><th>2025/26 outturn</th><th>2026/27 budget</th><th>2027/28 forecast</th></tr>
<tr><td>Overnight short breaks</td><td>1,905</td><td>1,960</td><td>0</td></tr>
<tr><td>Direct payments</td><td>640</td><td>-</td><td>702</td></tr>
<tr><td>Less: NHS Elmshire and Fenwick ICB contribution to joint packages</td><td>(150)</td>
<td>(160)</td><td>(160)</td></tr>
<tr><td>Net total</td><td>2,395</td><td>1,800</td><td>542</td></tr>
</table>
"""


def test_decision_report_money_is_the_writing_councils_unless_someone_else_pays(tmp_path):
    doc = _html(
        tmp_path,
        "elmshire-cabinet-short-breaks.html",
        "Short Breaks Recommissioning - Cabinet, 9 June 2026 - Elmshire County Council",
        DECISION_REPORT,
    )
    recs = _funding(doc)
    by = {(r.item, r.amount, r.period): r for r in recs}
    council = "Elmshire County Council"
    icb = "NHS Elmshire and Fenwick Integrated Care Board"

    # the capital figure restated in the financial implications is one line with two mentions
    capital = [r for r in recs if r.amount == "275000"]
    assert len(capital) == 1 and capital[0].kind == "capital" and capital[0].funder == council
    assert len(capital[0].spans) == 2

    # two figures of one measure share its name, each with its own period
    savings = [(r.item, r.amount, r.period, r.kind) for r in recs if r.kind == "saving"]
    assert savings == [
        ("forecast to deliver savings", "80000", "2026/27", "saving"),
        ("forecast to deliver savings", "1100000", "2027/28", "saving"),
    ]

    # a contract value in prose: the contract and who is paid; the council pays
    contract = next(r for r in recs if r.amount == "415000")
    assert (contract.item, contract.funder, contract.period, contract.kind, contract.note) == (
        "block contract with Brightpath Trust",
        council,
        "a year",
        "revenue",
        "provider: Brightpath Trust",
    )

    # a national figure is not the council's money; a range is one line with its bounds noted
    assert next(r for r in recs if r.amount == "900000000").funder is None
    framework = next(r for r in recs if r.amount == "2000000")
    assert (framework.qualifier, framework.note, framework.period) == (
        "between",
        "range £2000000 to £3000000",
        "over four years",
    )
    # a threshold is a rule about purchases: nobody pays it
    threshold = next(r for r in recs if r.amount == "30000")
    assert (threshold.note, threshold.funder, threshold.kind) == ("threshold", None, "unknown")

    # the £000 table: one line per cell and period, "0" is a nil line, "-" is none
    assert by[("Overnight short breaks", "1905000", "2025/26 outturn")].kind == "spend"
    assert by[("Overnight short breaks", "1960000", "2026/27 budget")].kind == "revenue"
    assert by[("Overnight short breaks", "0", "2027/28 forecast")].funder == council
    assert [r.period for r in recs if r.item == "Direct payments"] == ["2025/26 outturn", "2027/28 forecast"]
    # a partner's contribution netted off the budget: paid by the partner, printed as a deduction
    less = [r for r in recs if r.item.startswith("Less:")]
    assert [(r.amount, r.funder, r.kind, r.note) for r in less] == [
        ("150000", icb, "revenue", "deducted"),
        ("160000", icb, "revenue", "deducted"),
        ("160000", icb, "revenue", "deducted"),
    ]
    # "The ICB will contribute £160,000 a year" (the same section) restates the 2026/27 line
    assert [len(r.spans) for r in less] == [1, 2, 1]
    assert not any("contribute" in r.item for r in recs)
    # totals are stated figures too
    assert [(r.amount, r.note) for r in recs if r.item == "Net total"] == [
        ("2395000", "total"),
        ("1800000", "total"),
        ("542000", "total"),
    ]


CONTRACTS = """
<h2>3. Current contracts</h2>
<p>3.1 The Council's current contracts are summarised below.</p>
<p>Table 1: Current contracts</p>
<table>
<tr><th>Contract</th><th>Commissioned by</th><th>Provider(s)</th><th>Annual value</th><th>End date</th></tr>
<tr><td>Regional fostering framework</td>
<td>Fenwick City Council, as lead authority for the Northern Fostering Partnership</td>
<td>14 agencies</td><td>£6.2m</td><td>31 March 2027</td></tr>
<tr><td>Community CAMHS</td><td>NHS Elmshire and Fenwick Integrated Care Board</td>
<td>Elmfield Health NHS Trust</td><td>£3.45m</td><td>30 June 2026</td></tr>
<tr><td>Advocacy service</td><td>Elmshire County Council</td><td>Voices Together CIC</td><td>£0.185m</td>
<td>31 March 2026</td></tr>
</table>
"""


def test_contract_register_is_read_by_its_headers(tmp_path):
    doc = _html(tmp_path, "elmshire-contracts.html", "Contracts Review - Elmshire County Council", CONTRACTS)
    recs = _funding(doc)
    assert [(r.item, r.amount, r.funder, r.note) for r in recs] == [
        # a lead authority lets the framework for a partnership: each member (the writer) pays
        ("Regional fostering framework", "6200000", "Elmshire County Council", "provider: 14 agencies"),
        (
            "Community CAMHS",
            "3450000",
            "NHS Elmshire and Fenwick Integrated Care Board",
            "provider: Elmfield Health NHS Trust",
        ),
        ("Advocacy service", "185000", "Elmshire County Council", "provider: Voices Together CIC"),
    ]


POOLED = """
<p>Fenwick City Council and NHS Elmshire and Fenwick Integrated Care Board</p>
<h1>Children's Section 75 Agreement 2026-2029: Summary</h1>
<h2>1. Introduction</h2>
<p>1.1 In the final year of the previous agreement the pooled budget was £9.4 million.</p>
<h2>2. The Schemes</h2>
<h3>Scheme 1: Therapies</h3>
<p>2.1 Lead commissioner: Fenwick City Council. Scheme 1 pays for speech and language therapy.</p>
<p>2.2 Early language support is provided by Chatterbox Fenwick CIC under a grant agreement of £72,000
a year.</p>
<h3>Scheme 2: Mental health</h3>
<p>2.3 Lead commissioner: NHS Elmshire and Fenwick Integrated Care Board. The ICB's contribution includes
£640,000 of NHS England funding for school mental health teams.</p>
<h2>3. Contributions</h2>
<p>Table 1: Pooled fund contributions by Partner, 2026/27</p>
<table>
<tr><th>Scheme</th><th>Fenwick City Council</th><th>NHS Elmshire and Fenwick ICB</th><th>Total pooled fund</th></tr>
<tr><td>Scheme 1: Therapies</td><td>£810,000</td><td>£1,930,000</td><td>£2,740,000</td></tr>
<tr><td>Scheme 2: Mental health</td><td>£455,000</td><td>£3,310,000</td><td>£3,765,000</td></tr>
</table>
<p>Table 2: Aligned budgets, 2026/27</p>
<table>
<tr><th>Budget</th><th>Held by</th><th>2026/27</th></tr>
<tr><td>Continuing care</td><td>NHS Elmshire and Fenwick ICB</td><td>£1,620,000</td></tr>
<tr><td>Total aligned budgets</td><td></td><td>£1,620,000</td></tr>
</table>
<p>3.2 The Council is paid a hosting fee of £58,000 a year by the ICB for managing the pooled fund.</p>
"""


def test_pooled_budget_partner_columns_lead_commissioners_and_joint_money(tmp_path):
    doc = _html(
        tmp_path, "fenwick-s75.html", "Children's Section 75 Agreement - Fenwick City Council", POOLED
    )
    recs = _funding(doc)
    council, icb = "Fenwick City Council", "NHS Elmshire and Fenwick Integrated Care Board"
    funder = {(r.item, r.amount): r.funder for r in recs}
    # a joint document: money pooled by both partners has no single funder
    assert funder[("pooled budget", "9400000")] is None
    # "Lead commissioner: X." pays for its scheme's contracts; "£N of NHS England funding" is NHS England's
    assert funder[("grant agreement with Chatterbox Fenwick CIC", "72000")] == council
    assert next(r.funder for r in recs if r.amount == "640000") == "NHS England"
    # partner columns: each cell is that partner's contribution; the total column is joint
    assert funder[("Scheme 1: Therapies (Fenwick City Council)", "810000")] == council
    assert funder[("Scheme 1: Therapies (NHS Elmshire and Fenwick ICB)", "1930000")] == icb
    assert funder[("Scheme 1: Therapies (Total pooled fund)", "2740000")] is None
    assert {r.period for r in recs if r.item.startswith("Scheme")} == {"2026/27"}
    # "Held by" names the budget holder; a blank one (a total over holders) names none
    aligned = [(r.item, r.funder, r.note) for r in recs if r.amount == "1620000"]
    assert aligned == [("Continuing care", icb, None), ("Total aligned budgets", None, "total")]
    # "X is paid a fee ... by Y": Y pays
    assert next(r.funder for r in recs if r.amount == "58000") == icb


def test_benchmark_table_keeps_only_the_own_areas_row_and_benchmarks_have_no_funder():
    doc = load_string(
        "# Wessex County Council Needs Assessment of Short Breaks\n\n"
        "## Costs\n\n"
        "Table 7: Weekly unit costs of residential short breaks (£)\n\n"
        "Statistical Neighbours\t2022-23\t2023-24\n"
        "Wessex\t410.00\t455.00\n"
        "Mercia\t380.00\t395.00\n"
        "Anglia\t505.00\t490.00\n\n"
        "Weekly unit costs are above the comparator average of £612 and £640 respectively.\n"
    )
    recs = _funding(doc, area="Wessex")
    assert [(r.item, r.amount, r.period, r.funder) for r in recs] == [
        ("Weekly unit costs of residential short breaks – Wessex", "410", "2022-23", "Wessex County Council"),
        ("Weekly unit costs of residential short breaks – Wessex", "455", "2023-24", "Wessex County Council"),
        ("above the comparator average", "612", "Weekly", None),
        ("above the comparator average", "640", "Weekly", None),
    ]
    assert {r.note for r in recs[2:]} == {"benchmark"}


def test_partnership_plan_without_a_writing_body_leaves_service_lines_unfunded():
    doc = load_string(
        "# Children and Young People's Plan 2027-2030\n\nPrepared by the Wessex Children's Trust Board\n\n"
        "## Be Healthy\n\n## Resource Envelope\n\n"
        "> Youth Service\t£335,000\n> PCT - School Nursing\t£1,175,000\n"
        "> Play Areas Capital Fund\t£96,500\n"
    )
    recs = _funding(doc, area="Wessex")
    assert [(r.item, r.funder, r.kind) for r in recs] == [
        ("Youth Service", None, "revenue"),  # a service is paid for; nobody is named as paying
        ("PCT - School Nursing", "Wessex Primary Care Trust", "revenue"),
        ("Play Areas Capital Fund", None, "capital"),
    ]


def test_funded_through_a_fund_and_joint_funding_without_amounts():
    doc = load_string(
        "## Services\n\nThe Home Adaptations service is funded through the Better Care Fund.\n\n"
        "The Sensory Equipment service is joint-funded by Wessex County Council.\n"
    )
    recs = _funding(doc, area="Wessex")
    assert [(r.item, r.amount, r.funder, r.note) for r in recs] == [
        ("Home Adaptations service", None, None, "funded through the Better Care Fund"),
        ("Sensory Equipment service", None, "Wessex County Council", None),
    ]


def test_money_in_every_written_form():
    def got(text):
        return [
            (str(m.amount), m.upper and str(m.upper), m.qualifier, m.negative) for m in find_amounts(text)
        ]

    assert got("£2m-£3m") == [("2000000", "3000000", "between", False)]
    assert got("£2-3 million") == [("2000000", "3000000", "between", False)]
    assert got("between £150,000 and £175,000") == [("150000", "175000", "between", False)]
    # a change is two figures, not a range
    assert got("up from £3,960 to £5,210") == [("3960", None, None, False), ("5210", None, None, False)]
    assert got("a saving of -£37,500") == [("37500", None, "less", True)]
    assert got("45p per mile") == [("0.45", None, None, False)]
    assert got("up to £1.8 million per annum") == [("1800000", None, "up to", False)]
    assert got("£120k and £7.5bn") == [("120000", None, None, False), ("7500000000", None, None, False)]
    assert got("the £000s column, 4pm") == []
    assert (
        cell_number("(1,170)") == (1170, True) and cell_number("-") is None and cell_number("0") == (0, False)
    )
    assert [column_scale(h) for h in ("£000", "£'000s", "Cost (£m)", "£ per week", "Total", "2024/25")] == [
        1000,
        1000,
        1000000,
        1,
        None,
        None,
    ]


def test_a_table_of_councils_contributions_is_not_a_benchmark_and_localities_are_lines():
    doc = load_string(
        "# Northern Adoption Partnership Annual Report 2026\n\n"
        "## Funding\n\n"
        "Table 1: Partner contributions (£000)\n\n"
        "Council\tContribution 2026/27\n"
        "Elmshire County Council\t1,315\n"
        "Fenwick City Council\t865\n\n"
        "Table 2: Locality allocations\n\n"
        "Area\tAllocation 2026/27\n"
        "North\t£410,500\n"
        "South\t£388,250\n"
    )
    recs = _funding(doc)
    assert [(r.item, r.amount, r.funder, r.period) for r in recs] == [
        ("Elmshire County Council", "1315000", "Elmshire County Council", "2026/27"),
        ("Fenwick City Council", "865000", "Fenwick City Council", "2026/27"),
        ("North", "410500", None, "2026/27"),
        ("South", "388250", None, "2026/27"),
    ]
