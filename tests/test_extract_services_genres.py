"""Services across genres: what a children's commissioner buys and runs, read from contract
tables by their headers, commissioning arrangements (frameworks, DPS, approved provider lists,
placement panels, lots), scheme lists in agreements, enumerations after "provides", and the
sub-headings of a needs assessment's services section. Invented places and bodies throughout."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.services import extract_services
from ckg.loaders.text import load_string


def _services(text: str, area: str | None = "Elmshire") -> dict[str, object]:
    doc = load_string(text)
    ctx = Context.for_document(doc, area=area)
    ctx.orgs.add("Elmshire County Council", "local-authority", aliases=["the Council", "ECC"])
    recs = extract_services(doc, ctx)
    for r in recs:
        assert r.spans and all(0 <= s.start < s.end <= len(doc.text) for s in r.spans)
    return {r.name: r for r in recs}


def test_contract_table_read_by_its_headers_in_any_column_order():
    got = _services(
        "## Current arrangements\n\n"
        "Provider(s)\tEnd date\tArrangement\tCommissioned by\tSpend 2024/25\n"
        "Fenwick Foyer Trust\t31 March 2026\tSupported Lodgings Scheme\tElmshire County Council\t£0.42m\n"
        "14 independent fostering agencies\t31 March 2027\tElmshire Fostering Framework\t"
        "Fenwick City Council, as lead authority for the Wessex partnership\t£9.1m\n"
        "In-house\t31 January 2026\tAsh Lodge block contract (3 beds)\tElmshire County Council\t£1.2m\n"
        "Total\t\t\t\t£10.72m\n"
    )
    lodgings = got["Supported Lodgings Scheme"]
    assert (lodgings.commissioner, lodgings.provider) == ("Elmshire County Council", "Fenwick Foyer Trust")
    framework = got["Elmshire Fostering Framework"]
    assert (framework.commissioner, framework.provider) == ("Fenwick City Council", None)
    block = got["Ash Lodge block contract (3 beds)"]
    assert (block.commissioner, block.provider) == ("Elmshire County Council", "Elmshire County Council")
    assert "Total" not in got


def test_a_budget_table_without_a_buyer_or_provider_column_names_no_services():
    got = _services("Budget line\t2024/25\t2025/26\nIndependent fostering agencies\t14,620\t15,180\n")
    assert got == {}


def test_frameworks_dps_provider_lists_panels_and_lots_are_arrangements():
    got = _services(
        "Placements are bought through the Wessex IFA Framework, which is let by Fenwick City Council, "
        "and through the 16+ Accommodation Dynamic Purchasing System. Emergency placements come from the "
        "Residential Approved Provider List. Requests are considered by the Children's Placements "
        "Resource Panel. The Council follows the Outcomes Framework and reports to the Youth Scrutiny Panel.\n\n"
        "The framework will have two Lots:\n\n"
        "- Lot 1: Independent Fostering Agencies, including parent and child fostering;\n"
        "- Lot 2: Residential Children's Homes, including block beds.\n"
    )
    assert got["Wessex IFA Framework"].commissioner == "Fenwick City Council"
    for name in (
        "16+ Accommodation Dynamic Purchasing System",
        "Residential Approved Provider List",
        "Children's Placements Resource Panel",
        "Lot 1: Independent Fostering Agencies",
        "Lot 2: Residential Children's Homes",
    ):
        assert name in got, name
    assert "Outcomes Framework" not in got and "Youth Scrutiny Panel" not in got


def test_scheme_list_of_an_agreement_with_providers_and_appositives():
    got = _services(
        "4.1 Lead commissioner: Elmshire County Council. Scheme 1 pays for therapy for disabled children. "
        "It includes:\n\n"
        "- the Children's Speech and Language Therapy Service, provided by Fenwick Community Healthcare NHS "
        "Trust under a contract that runs to 31 March 2027;\n"
        "- Rowan House, a four-bed overnight short breaks home run by the Council's Disabled Children's Team;\n"
        "- overnight short breaks for children with complex health needs, including children who need "
        "nursing care, which are jointly funded by Fenwick Integrated Care Board.\n"
    )
    speech = got["Children's Speech and Language Therapy Service"]
    assert speech.provider == "Fenwick Community Healthcare NHS Trust"
    assert speech.commissioner == "Elmshire County Council"
    assert "Rowan House" in got
    assert "overnight short breaks for children with complex health needs" in got


def test_enumeration_after_provides_gives_one_service_per_item():
    got = _services(
        "For example: Hartley Play currently provides After School Clubs, Saturday drama clubs, "
        "holiday play schemes and a Summer play scheme for 90 families in the north.\n"
    )
    for name in ("After School Clubs", "Saturday drama clubs", "holiday play schemes", "Summer play scheme"):
        assert got[name].provider == "Hartley Play", name


def test_passive_with_which_names_the_commissioner():
    got = _services(
        "Services outside the Agreement include specialist inpatient mental health care for children and "
        "young people, which is commissioned by NHS England.\n"
    )
    rec = got["specialist inpatient mental health care for children and young people"]
    assert rec.commissioner == "NHS England"


def test_sub_headings_of_a_services_section_name_services_not_topics():
    got = _services(
        "## 6 Service information including comparative data\n\n"
        "### 6.1 Transport\n\nTransport is often raised by families.\n\n"
        "### 6.2 Shared Lives\n\nShared Lives offers care in a family home.\n\n"
        "### 6.3 Family Information Service\n\nIt helps parents find childcare.\n\n"
        "### 6.4 Looked after children\n\nThere were 400 looked after children.\n\n"
        "## 7 Feedback\n\n### 7.1 Compass Card\n\nParents liked it.\n"
    )
    assert {"Shared Lives", "Family Information Service"} <= set(got)
    assert not {"Transport", "Looked after children", "Compass Card"} & set(got)


def test_another_councils_service_is_named_with_its_place():
    got = _services(
        "## 4.5 Fenwick City Council – 0-25 Years Service\n\nIt began in 2014.\n\n"
        "## 4.6 Hartley – 0-25 Years Service\n\nIt began in 2016.\n",
        area=None,
    )
    assert got["Fenwick 0-25 Years Service"].commissioner == "Fenwick City Council"
    assert "Hartley 0-25 Years Service" not in got  # Hartley is not a known place or council


def test_a_local_name_printed_without_its_place_is_the_same_service():
    got = _services(
        "The Elmshire Youth Counselling Service is provided by Fenwick Trust. Waiting times for the "
        "Youth Counselling Service fell in 2024. Our Legal Services team and the Children's Commissioning "
        "and Sufficiency Team support the Placements Hub.\n"
    )
    assert "Elmshire Youth Counselling Service" in got and "Youth Counselling Service" not in got
    assert "Legal Services" not in got
    assert "Children's Commissioning and Sufficiency Team" not in got
    assert "Placements Hub" in got


def test_what_the_writing_council_says_it_buys_is_commissioned_by_it():
    from ckg.loaders.extract.organisations import extract_organisations

    def services(text: str) -> dict[str, object]:
        doc = load_string(text)
        ctx = Context.for_document(doc, area="Elmshire")
        extract_organisations(doc, ctx)
        return {r.name: r for r in extract_services(doc, ctx)}

    own = services(
        "# Elmshire County Council\n\n"
        "Report to: Children's Committee\n\n"
        "Date: 3 March 2026\n\n"
        "## 1. Purpose\n\n"
        "1.1 This report updates the committee on placements commissioning.\n\n"
        "## 2. Current arrangements\n\n"
        "2.1 The Council is part of a framework - the Wessex Residential Panel - which began in 2024.\n\n"
        "2.2 Health partners commission the Fenwick Counselling Service through the Wessex Partnership.\n\n"
        "## 3. Action plan\n\n"
        "Care Leavers Framework - prepare tender exercise\tIN PROGRESS\n"
    )
    assert own["Wessex Residential Panel"].commissioner == "Elmshire County Council"
    assert own["Care Leavers Framework"].commissioner == "Elmshire County Council"
    assert own["Fenwick Counselling Service"].commissioner != "Elmshire County Council"
    joint = services(
        "# Elmshire County Council and NHS Elmshire Integrated Care Board: pooled budget agreement\n\n"
        "We are part of a framework - the Wessex Residential Panel - which began in 2024.\n"
    )
    assert joint["Wessex Residential Panel"].commissioner is None
