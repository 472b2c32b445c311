"""Referenced documents in the genres councils publish: decision reports (background papers,
appendices, cover tables), agreements (documents referred to), needs assessments (table sources,
handbooks, footnotes). Invented councils, bodies, titles and dates; real legislation only as the
general vocabulary every such document cites."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.organisations import extract_organisations
from ckg.loaders.extract.references import extract_references
from ckg.loaders.text import load_string


def _refs(raw: str, area: str | None = None) -> dict[str, tuple]:
    doc = load_string(raw)
    ctx = Context.for_document(doc, area=area)
    extract_organisations(doc, ctx)
    return {r.title: (r.period, r.kind, r.publisher) for r in extract_references(doc, ctx)}


def test_decision_report_background_papers_appendices_and_legislation():
    refs = _refs(
        "# Re-commissioning of short breaks\n\n"
        "Report to\tCabinet\n"
        "Forward Plan reference\tFP/2026/007\n"
        "Decision number\tCAB/2026/031\n\n"
        "3.1 The Council has a duty under section 22G of the Children Act 1989. Providers must be "
        "registered under the Supported Accommodation (England) Regulations 2023, and staff transfer "
        "under the Transfer of Undertakings (Protection of Employment) Regulations 2006.\n\n"
        "## Background papers\n\n"
        "- Elmshire Short Breaks Strategy 2024–2027 (Cabinet, 9 May 2024)\n"
        "- Report to Cabinet, 4 June 2025: Fenwick Respite Review\n"
        "- Department for Education, Brighter Futures: Statutory guidance on short breaks (March 2021)\n\n"
        "## Appendices\n\n"
        "- Appendix A – Equality Impact Assessment\n"
        "- Appendix B – Summary of parent engagement, May 2026\n"
    )
    assert refs["Children Act 1989"][1] == "act"
    assert refs["Supported Accommodation (England) Regulations 2023"][:2] == ("2023", "act")
    assert "Transfer of Undertakings (Protection of Employment) Regulations 2006" in refs
    assert refs["Elmshire Short Breaks Strategy 2024–2027"][:2] == ("2024–2027", "strategy")
    assert refs["Report to Cabinet, 4 June 2025: Fenwick Respite Review"][:2] == ("4 June 2025", "report")
    assert refs["Brighter Futures: Statutory guidance on short breaks"] == (
        "March 2021",
        "guidance",
        "Department for Education",
    )
    assert "Equality Impact Assessment" in refs
    assert refs["Summary of parent engagement, May 2026"][0] == "May 2026"
    assert not any(t.startswith(("G of", "Forward Plan", "Cabinet")) for t in refs)


def test_procurement_frameworks_are_contracts_and_guidance_frameworks_documents():
    refs = _refs(
        "Since 2022 the Council has purchased placements through the Dale Regional Fostering "
        "Framework, which is let and managed by a lead authority. Providers on the Elmshire Homes "
        "Framework are appointed for four years. Practice follows the Elmshire Early Help "
        "Outcomes Framework."
    )
    assert "Elmshire Early Help Outcomes Framework" in refs
    assert not any("Fostering Framework" in t or "Homes Framework" in t for t in refs)


def test_documents_referred_to_in_an_agreement():
    refs = _refs(
        "## 10. Documents referred to\n\n"
        "- National Health Service Act 2006, section 75\n"
        "- Fenwick and Dale Children's Mental Health Local Transformation Plan (2025/26 refresh)\n"
        "- Fenwick Children's Integrated Commissioning Agreement 2021–2026\n\n"
        "The ICB's contribution counts towards the Mental Health Investment Standard. The "
        "Partners may end the Agreement. A Section 75 Agreement may pool budgets.\n"
    )
    assert refs["Fenwick and Dale Children's Mental Health Local Transformation Plan"][:2] == (
        "2025/26",
        "plan",
    )
    assert "Fenwick Children's Integrated Commissioning Agreement 2021–2026" in refs
    assert "Mental Health Investment Standard" in refs
    assert not any(t.lower() in ("section 75 agreement", "the agreement") for t in refs)


def test_needs_assessment_sources_handbooks_and_footnotes():
    refs = _refs(
        "# Elmshire needs assessment\n\n"
        "Table 3: Claimants by district\n\n"
        "Local Authority\tTotal\n"
        "Fenwick\t30\n\n"
        "Source: DWP Benefit Claimant Explorer\n\n"
        "Source: Department for Education\n\n"
        "Source: Harper et al 2011\n\n"
        "Source: https://www.example.gov.uk/statistics/children-in-care-in-fenwick-2020-to-2021\n\n"
        "The Family Information Service publishes a handbook for parents (Finding Our Way Together), "
        "and the best practice guidance, Steps into Adult Life: planning for full lives, (2012) "
        "sets out pathways. The Fenwick Household Survey (FHS) is used.\n\n"
        "3 Lark and Finch's Projecting Need for Short Breaks in England (2009)\n"
    )
    assert "DWP Benefit Claimant Explorer" in refs
    assert "Children in care in fenwick 2020 to 2021" in refs
    assert not any(t in ("Department for Education", "Harper et al 2011") for t in refs)
    assert "Finding Our Way Together" in refs
    assert refs["Steps into Adult Life: planning for full lives"][0] == "2012"
    assert "Fenwick Household Survey" in refs
    assert refs["Projecting Need for Short Breaks in England"][:2] == ("2009", "report")


def test_national_documents_named_without_a_document_noun():
    refs = _refs(
        "# Elmshire Sufficiency Statement\n\n"
        "Our approach follows Stable Homes, Built on Love (2023) and Keeping children safe in "
        "education 2024. We are putting children first in every decision.\n"
    )
    assert refs["Stable Homes, Built on Love"][:2] == ("2023", "strategy")
    assert refs["Keeping children safe in education"][:2] == ("2024", "guidance")
    assert not any(t.lower() == "putting children first" for t in refs)
