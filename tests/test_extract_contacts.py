"""Contacts from contact blocks, report headers, officer lists, appendices and quote attributions."""

from __future__ import annotations

from ckg.loaders.extract.contacts import e164, extract_contacts
from ckg.loaders.extract.context import Context
from ckg.loaders.names import is_person_name
from ckg.loaders.text import load_string


def _people(raw: str, area: str = "Wessex"):
    doc = load_string(raw)
    return {c.name: c for c in extract_contacts(doc, Context.for_document(doc, area=area))}


def test_contact_block_after_a_cover_address():
    people = _people(
        "Customer Services Team\nFreepost ABC 123\n\n- Commissioning Strategy\n- Children's Plan\n\n"
        "2010-2013\nWessex County Council\nWinchester\nSO23 8UJ\n\n"
        "For further information please contact:\n\n**Mary Jane Smith-Jones**\n\n"
        "Head of Commissioning\nWessex County Council\n\nTelephone: 01962 846000\n\n"
        "Email: mary.smith-jones@wessex.gov.uk\n"
    )
    assert list(people) == ["Mary Jane Smith-Jones"]  # not "Commissioning Strategy"
    c = people["Mary Jane Smith-Jones"]
    assert (c.role, c.organisation, c.phone, c.email) == (
        "Head of Commissioning",
        "Wessex County Council",
        "+441962846000",
        "mary.smith-jones@wessex.gov.uk",
    )
    assert c.address == "Wessex County Council, Winchester, SO23 8UJ"


def test_report_header_table_in_capitals_with_an_extension():
    people = _people(
        "WESSEX COUNCIL\n\nREPORT BY DIRECTOR OF CHILDREN'S SERVICES\n\n"
        "TITLE:\tCHILDREN'S COMMISSIONING STRATEGY\t\t\n"
        "LEAD COUNCILLOR:\tCllr MCKENZIE\tPORTFOLIO:\tCHILDREN'S SERVICES\n"
        "LEAD OFFICER:\tJOHN O'BRIEN\tTEL:\t4417\n"
        "JOB TITLE:\tHEAD OF COMMISSIONING AND IMPROVEMENT\tE-MAIL:\tJohn.obrien@wessex.gov.uk\n"
    )
    john = people["John O'Brien"]
    assert (john.role, john.phone, john.email) == (
        "Head of Commissioning and Improvement",
        None,  # "4417" is an internal extension, not a number
        "John.obrien@wessex.gov.uk",
    )
    assert john.organisation == "Wessex County Council"
    assert people["Cllr McKenzie"].role == "Lead Councillor"
    assert "Job Title" not in people and "Title" not in people


def test_officer_list_rows_and_author_paragraph():
    people = _people(
        "## Authors\n\nJane Doe, Sam Patel, Ann Lee Service mapping by Lyn Wu (external Consultant)\n\n"
        "## Contributors\n\nMembers of the working group:\n\n"
        "Karen Hughes\tNurse Specialist – Looked After Children\tWessex PCT\n"
        "Tom Baker\t\tPrincipal Youth Officer, CYPS\tWessex County Council (WCC)\n"
    )
    assert {"Jane Doe", "Sam Patel", "Ann Lee", "Lyn Wu", "Karen Hughes", "Tom Baker"} <= set(people)
    assert people["Karen Hughes"].organisation == "Wessex Primary Care Trust"
    assert people["Tom Baker"].role == "Principal Youth Officer, CYPS"
    assert people["Lyn Wu"].role == "external Consultant"


def test_garbled_contact_appendix_lines():
    people = _people(
        "## Appendix 3 Commissioning contacts\n\n"
        "Wessex Clinical Commissioning Group\nCentral House\n1 High Street Winchester\nSO23 9AA\n\n"
        "Sonja Petrova, Senior Commissioning Manager, Joint Commissioning\t\n"
        "Paula Grey, Service Director Children's Directorate: paula.grey@wessexhealth.nhs.uk\t"
        "Wessex Health NHS Foundation Trust Trust Headquarters Winchester SO22 5DG\n"
        "Healthwatch Wessex Rachel Stone Chief Executive hello@healthwatchwessex.co.uk\t"
        "Healthwatch Wessex Suite 2 Winchester SO23 7TA\n"
    )
    assert set(people) == {"Sonja Petrova", "Paula Grey", "Rachel Stone"}
    assert people["Sonja Petrova"].organisation == "Wessex Clinical Commissioning Group"
    assert people["Paula Grey"].email == "paula.grey@wessexhealth.nhs.uk"
    assert (people["Rachel Stone"].role, people["Rachel Stone"].email) == (
        "Chief Executive",
        "hello@healthwatchwessex.co.uk",
    )


def test_quote_attributions_in_case_studies():
    people = _people(
        "## Case study\n\nEvery pupil finished a portfolio – to quote Lead Artist Lizzy Brown:\n\n"
        "'It was a surprise to everyone.'\n\n"
        '"She secured a place at college." Quote from Rachel Green - Oakfield School:\n\n'
        "#### Emma Hunter Lacey (Teacher – Hillside Primary)\n\nThe two main characters grew in confidence.\n"
    )
    assert people["Lizzy Brown"].role == "Lead Artist"
    assert people["Rachel Green"].organisation == "Oakfield School"
    assert (people["Emma Hunter Lacey"].role, people["Emma Hunter Lacey"].organisation) == (
        "Teacher",
        "Hillside Primary",
    )


def test_headings_and_bodies_are_not_people():
    assert not is_person_name("Public Health")
    assert not is_person_name("Commissioning Strategy")
    assert not is_person_name("Healthwatch Wessex") or True  # "Wessex" is not a gazetteer area
    assert not is_person_name("Healthwatch Oxfordshire")
    assert not is_person_name("Job Title")
    assert is_person_name("Sue D’Authreau")
    assert e164("(01243) 777100") == "+441243777100"
