"""Commissioning intentions across genres: a cabinet decision report (recommendations,
proposal, milestones), a Section 75 agreement (lead commissioning, commitments of the
partners), and a needs assessment (numbered recommendations, work under way). Invented
places, bodies and figures throughout."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.intentions import extract_intentions
from ckg.loaders.text import load_string

_REPORT = (
    "# Re-commissioning of Placements for Children Looked After\n\n"
    "Report to\tCabinet\n"
    "Report of\tExecutive Director of Children's Services\n\n"
    "## 1. Purpose of the report\n\n"
    "1.1 This report asks Cabinet to approve the re-commissioning of Fenwick County Council's external "
    "placements. Fenwick County Council spends £31.2 million a year on them.\n\n"
    "## 2. Recommendations\n\n"
    "Cabinet is recommended to:\n\n"
    "1. Approve the procurement of a Fenwick Children's Placements Open Framework from 1 April 2026.\n"
    "2. Agree not to renew the block contract with Tarn Care Ltd for three beds at Ash Lodge.\n"
    "3. Delegate authority to the Director of Children's Services to award call-off contracts.\n"
    "4. Note that the proposals are forecast to save £640,000 in 2026/27.\n\n"
    "## 7. Proposal\n\n"
    "### Ash Lodge\n\n"
    "7.1 A Registered Manager will be recruited in summer 2025. Children living at Ash Lodge will not "
    "have to move.\n\n"
    "### Timetable\n\n"
    "Milestone\tDate\n"
    "Cabinet decision\t15 July 2025\n"
    "Tender notice for the Open Framework published\tSeptember 2025\n"
    "Block contract with Tarn Care Ltd for three beds at Ash Lodge not renewed as agreed\tJanuary 2026\n\n"
    "## 8. Contact\n\nFenwick County Council, County Hall, Fenwick FN1 1AA\n"
)


def _intentions(text: str, area: str | None = None):
    doc = load_string(text)
    ctx = Context.for_document(doc, area=area)
    if area is None:
        ctx.orgs.add("Fenwick County Council", "local-authority")
    recs = extract_intentions(doc, ctx)
    for r in recs:
        assert r.spans and all(0 <= s.start < s.end <= len(doc.text) for s in r.spans)
    return recs


def test_recommendations_of_a_decision_report_are_the_councils_intentions():
    recs = _intentions(_REPORT)
    by_start = {r.text.split(" ")[0]: r for r in recs}
    for verb, action in (
        ("Approve", "procure"),
        ("Agree", "not renew"),
        ("Delegate", "award"),
        ("Note", "note"),
    ):
        assert by_start[verb].action == action, verb
        assert by_start[verb].commissioner == "Fenwick County Council", verb
    assert by_start["Approve"].timescale == "April 2026"


def test_proposal_and_milestones_say_what_will_be_done():
    texts = [r.text for r in _intentions(_REPORT)]
    assert "A Registered Manager will be recruited in summer 2025" in texts
    assert not any("will not have to move" in t for t in texts)
    assert "Tender notice for the Open Framework published" in texts
    assert "Cabinet decision" not in texts
    # a milestone that restates a recommendation is not a second intention
    assert not any(t.startswith("Block contract with Tarn Care") for t in texts)


_AGREEMENT = (
    "# Elmshire Section 75 Agreement 2025-2028\n\n"
    "## 3. How the Agreement works\n\n"
    "- Lead commissioning. One Partner commissions services on behalf of both. The Council is lead "
    "commissioner for Scheme 1 (Therapies). The ICB is lead commissioner for Scheme 2 (Mental Health).\n\n"
    "## 4. The Schemes\n\n"
    "4.3 The Council will re-procure the therapy services during 2026/27. Elmshire Parent Carer Forum will "
    "be involved in designing the new service and in evaluating bids.\n\n"
    "4.5 In 2025/26 the ICB is also adding a one-off £150,000 to Scheme 2 to reduce waiting times.\n\n"
    "## 5. Contributions\n\n"
    "5.3 Contributions for later years will be agreed each year by the Joint Commissioning Board before "
    "31 January. Any other underspend will be returned to the Partners in proportion to their contributions.\n\n"
    "## 9. Term\n\n9.1 The Agreement runs to 31 March 2028. The Partners may agree to extend it for up to two "
    "years.\n"
)


def test_commitments_of_the_partners_to_a_section_75_agreement():
    texts = [r.text for r in _intentions(_AGREEMENT, area="Elmshire")]
    for expected in (
        "The Council is lead commissioner for Scheme 1 (Therapies)",
        "The ICB is lead commissioner for Scheme 2 (Mental Health)",
        "The Council will re-procure the therapy services during 2026/27",
        "Elmshire Parent Carer Forum will be involved in designing the new service and in evaluating bids",
        "In 2025/26 the ICB is also adding a one-off £150,000 to Scheme 2 to reduce waiting times",
        "Contributions for later years will be agreed each year by the Joint Commissioning Board before 31 January",
        "The Partners may agree to extend it for up to two years",
    ):
        assert expected in texts, expected
    assert not any(t.startswith("Any other underspend") for t in texts)


def test_numbered_recommendations_of_a_needs_assessment_keep_their_title():
    recs = _intentions(
        "## 3 Recommendations\n\n"
        "### 3.1 Extend short breaks beyond 5-18 age groups\n\n"
        "Extend the coverage of the short breaks service to a wider age group. This would help families.\n\n"
        "## 6 Housing\n\n"
        "Elmshire County Council is currently working with Hartley Homes to develop an extra care housing "
        "scheme for nine young people. The Fenwick Network meets monthly.\n",
        area="Elmshire",
    )
    texts = [r.text for r in recs]
    assert (
        "Extend short breaks beyond 5-18 age groups: Extend the coverage of the short breaks service to a "
        "wider age group" in texts
    )
    assert any(t.startswith("Elmshire County Council is currently working with Hartley Homes") for t in texts)
    assert len(texts) == 2
