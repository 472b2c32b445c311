"""Contacts in the genres councils publish, on small invented documents.

Decision reports (header tables, contact-officer tables read by what their headers mean),
prose and line-per-field contact blocks, signatories and post holders in agreements, phones in
every UK form, addresses and Freepost lines, and the shared name/post test.
"""

from __future__ import annotations

from ckg.loaders.extract.contacts import e164, extract_contacts, phone_in
from ckg.loaders.extract.context import Context
from ckg.loaders.names import is_person_name, is_post, person_names_in, posts_in
from ckg.loaders.registry import load_file
from ckg.loaders.text import load_string

DECISION_REPORT = """<html><head><title>Report to Cabinet</title></head><body>
<h1>Short Breaks for Disabled Children: Award of Contracts</h1>
<table>
<tr><th scope="row">Report to</th><td>Cabinet</td></tr>
<tr><th scope="row">Report of</th><td>Director of Children's Services</td></tr>
<tr><th scope="row">Report author</th><td>Tamsin Okoro, Head of Early Help</td></tr>
<tr><th scope="row">Cabinet Member</th><td>Councillor Ravi Mendes, Cabinet Member for Children and Families</td></tr>
<tr><th>Lead officer</th><td>GWEN PRYCE</td><th>Tel</th><td>4417</td></tr>
<tr><th>Job title</th><td>SENIOR COMMISSIONING MANAGER</td><th>E-mail</th><td>gwen.pryce@elmshire.gov.uk</td></tr>
</table>
<h2>1. Purpose</h2>
<p>1.1 This report asks Cabinet to award contracts for short breaks worth £420,000 a year.</p>
<h2>2. Financial implications</h2>
<p>Finance comments provided by Oskar Lindqvist, Strategic Finance Business Partner (Children), 3 June 2025.</p>
<h2>Contact officers</h2>
<table>
<tr><th>Email</th><th>Name</th><th>Telephone</th><th>Job title</th></tr>
<tr><td>tamsin.okoro@elmshire.gov.uk</td><td>Tamsin Okoro</td><td>(01632) 960 123</td><td>Head of Early Help</td></tr>
<tr><td>oskar.lindqvist@elmshire.gov.uk</td><td>Oskar Lindqvist</td><td>+44 1632 960456</td>
<td>Strategic Finance Business Partner (Children)</td></tr>
</table>
<p>Elmshire County Council, County Hall, Fenwick Road, Elmbridge EL1 2AB</p>
</body></html>
"""


def _people_of(doc, area=None):
    return {c.name: c for c in extract_contacts(doc, Context.for_document(doc, area=area))}


def _html(tmp_path, html: str):
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    return load_file(path)


def test_decision_report_header_and_contact_table_by_header_meaning(tmp_path):
    doc = _html(tmp_path, DECISION_REPORT)
    people = _people_of(doc)
    assert set(people) == {"Tamsin Okoro", "Councillor Ravi Mendes", "Gwen Pryce", "Oskar Lindqvist"}
    tamsin = people["Tamsin Okoro"]
    assert (tamsin.role, tamsin.phone, tamsin.email) == (
        "Head of Early Help",
        "+441632960123",
        "tamsin.okoro@elmshire.gov.uk",
    )
    # the address printed after the contact table belongs to the people of that table
    assert (tamsin.organisation, tamsin.address) == (
        "Elmshire County Council",
        "County Hall, Fenwick Road, Elmbridge EL1 2AB",
    )
    oskar = people["Oskar Lindqvist"]
    assert (oskar.role, oskar.phone) == ("Strategic Finance Business Partner (Children)", "+441632960456")
    gwen = people["Gwen Pryce"]
    assert (gwen.role, gwen.phone, gwen.email) == (
        "Senior Commissioning Manager",
        None,  # "4417" is an extension, not a number
        "gwen.pryce@elmshire.gov.uk",
    )
    assert people["Councillor Ravi Mendes"].role == "Cabinet Member for Children and Families"


def test_posts_are_never_organisations(tmp_path):
    doc = _html(tmp_path, DECISION_REPORT)
    ctx = Context.for_document(doc)
    extract_contacts(doc, ctx)
    names = {r.name for r in ctx.orgs.records()}
    assert "Elmshire County Council" in names
    assert not any(is_post(n) for n in names), names


def test_prose_contact_line_with_lower_case_labels():
    people = _people_of(
        load_string(
            "## Further information\n\n"
            "Contact: Priya Nair, Head of Inclusion, tel 01632 960777, priya.nair@fenwick.gov.uk\n"
        )
    )
    priya = people["Priya Nair"]
    assert (priya.role, priya.phone, priya.email) == (
        "Head of Inclusion",
        "+441632960777",
        "priya.nair@fenwick.gov.uk",
    )


def test_contact_list_items_with_body_and_a_shared_address():
    people = _people_of(
        load_string(
            "## 11. Contacts\n\n"
            "- Lena Fox, Head of Joint Commissioning (Children), Fenwick City Council. "
            "Telephone: 01632 960201. Email: lena.fox@fenwick.gov.uk\n"
            "- Omar Haddad, Associate Director of Commissioning, NHS Fenwick and Elmshire Integrated Care Board. "
            "Telephone: 01632 960202. Email: omar.haddad@fenwickelmshire.icb.nhs.uk\n\n"
            "Fenwick City Council, Civic Offices, Market Place, Fenwick FN1 1AA\n"
        )
    )
    lena, omar = people["Lena Fox"], people["Omar Haddad"]
    assert (lena.role, lena.organisation, lena.phone) == (
        "Head of Joint Commissioning (Children)",
        "Fenwick City Council",
        "+441632960201",
    )
    assert lena.address == "Civic Offices, Market Place, Fenwick FN1 1AA"
    assert (omar.organisation, omar.phone, omar.email) == (
        "NHS Fenwick and Elmshire Integrated Care Board",
        "+441632960202",
        "omar.haddad@fenwickelmshire.icb.nhs.uk",
    )
    assert omar.address is None  # the council's address is not the ICB's


def test_line_per_field_block_with_freepost_address():
    people = _people_of(
        load_string(
            "Elmshire Family Information Service\nFREEPOST RTKX-ABCD-1234\n\n"
            "For more information please contact:\n\n"
            "Jude Abara\n\nSenior Commissioning Officer\n\nTelephone: 0300 123 4567\n\n"
            "Email: jude.abara@elmshire.gov.uk\n"
        )
    )
    jude = people["Jude Abara"]
    assert (jude.role, jude.phone, jude.email) == (
        "Senior Commissioning Officer",
        "+443001234567",
        "jude.abara@elmshire.gov.uk",
    )
    assert "FREEPOST RTKX-ABCD-1234" in jude.address


def test_signatories_and_post_holders_in_an_agreement():
    people = _people_of(
        load_string(
            "## 7. Governance\n\n"
            "7.1 The Joint Board is co-chaired by the Council's Director of Children's Services, Helen Marsh, "
            "and the ICB's Director of Place, Kwame Asante.\n\n"
            "7.2 The Council's Section 151 Officer, Rhys Morgan, must agree any change.\n\n"
            "7.3 The Panel is chaired by Cllr Nuala Byrne.\n\n"
            "Signed on behalf of Fenwick City Council by Helen Marsh, Director of Children's Services, and on behalf "
            "of NHS Fenwick Integrated Care Board by Kwame Asante, Director of Place.\n",
        ),
        area=None,
    )
    assert set(people) == {"Helen Marsh", "Kwame Asante", "Rhys Morgan", "Cllr Nuala Byrne"}
    assert people["Helen Marsh"].role == "Director of Children's Services"
    assert people["Kwame Asante"].role == "Director of Place"
    assert people["Kwame Asante"].organisation == "NHS Fenwick Integrated Care Board"
    assert people["Helen Marsh"].organisation == "Fenwick City Council"
    assert people["Rhys Morgan"].role == "Section 151 Officer"
    assert people["Cllr Nuala Byrne"].role == "Chair"


def test_people_table_without_contact_columns_is_not_read_as_people():
    people = _people_of(
        load_string(
            "## Services\n\nName\tDescription\nFamily Hub\tSupport for families\nYouth Club\tOpen evenings\n"
        )
    )
    assert people == {}


def test_uk_phone_forms():
    assert e164("01632 960123") == "+441632960123"
    assert e164("(01632) 960 123") == "+441632960123"
    assert e164("+44 1632 960123") == "+441632960123"
    assert e164("+44 (0)1632 960123") == "+441632960123"
    assert e164("020 7946 0123") == "+442079460123"
    assert e164("4417") is None
    assert phone_in("Tel: 4417") is None
    assert phone_in("Direct line 01632 960999 (ext 4412)") == "+441632960999"


def test_names_and_posts():
    assert is_person_name("Jane Hall", layout=True) and not is_person_name("Jane Hall")
    assert not is_person_name("Civic Centre") and not is_person_name("Corporate Parenting")
    assert is_post("Cabinet Member for Children and Families")
    assert is_post("Head of Integrated Commissioning (Children) and Pooled Fund Manager")
    assert not is_post("Children's Joint Commissioning Board") and not is_post("Host Partner")
    text = "The Panel is chaired by the Head of Corporate Parenting, Ama Mensah, and meets weekly."
    assert [n for n, _, _ in person_names_in(text)] == ["Ama Mensah"]
    assert [p for p, _, _ in posts_in(text)] == ["Head of Corporate Parenting"]


def test_signature_block_and_post_labels():
    people = _people_of(
        load_string(
            "## Signatures\n\n"
            "Name: Bronwen Pike\n"
            "Position: Director of Children's Services\n"
            "For and on behalf of Elmshire County Council\n\n"
            "## Membership\n\n"
            "Chair: Cllr Idris Vaughan\n\n"
            "Vice-chair: Dr Ngozi Eze (NHS Elmshire Integrated Care Board)\n"
        )
    )
    bronwen = people["Bronwen Pike"]
    assert (bronwen.role, bronwen.organisation) == (
        "Director of Children's Services",
        "Elmshire County Council",
    )
    assert people["Cllr Idris Vaughan"].role == "Chair"
    assert people["Dr Ngozi Eze"].role == "Vice-chair"


def test_officer_table_with_a_contact_details_column(tmp_path):
    doc = _html(
        tmp_path,
        "<html><body><h2>Background papers and contacts</h2><table>"
        "<tr><th>Contact details</th><th>Name of officer</th><th>Role</th></tr>"
        "<tr><td>Tel: 01632 960 314<br>Email: b.osei@elmshire.gov.uk</td><td>Bukola Osei</td>"
        "<td>Commissioning Lead, SEND</td></tr>"
        "</table></body></html>",
    )
    bukola = _people_of(doc)["Bukola Osei"]
    assert (bukola.role, bukola.phone, bukola.email) == (
        "Commissioning Lead, SEND",
        "+441632960314",
        "b.osei@elmshire.gov.uk",
    )


def test_report_header_in_paragraph_lines_with_colons():
    people = _people_of(
        load_string(
            "# Elmshire County Council\n\n"
            "Contact officer: Yusuf Rahman, Service Manager, Family Hubs\n\n"
            "Telephone: 07700 900 123\n\n"
            "E-mail: yusuf.rahman@elmshire.gov.uk\n"
        )
    )
    yusuf = people["Yusuf Rahman"]
    assert (yusuf.role, yusuf.phone, yusuf.email) == (
        "Service Manager, Family Hubs",
        "+447700900123",
        "yusuf.rahman@elmshire.gov.uk",
    )


def test_directory_table_of_settings_is_not_people():
    people = _people_of(
        load_string(
            "## Early years settings\n\nName\tTelephone\tEmail\n"
            "Sunflower Nursery\t01632 960400\tsunflower@example.org\n"
            "Elm Tree Children's Centre\t01632 960401\telmtree@example.org\n"
            "Zbigniew Kowalczyk\t01632 960402\tz.kowalczyk@example.org\n"
        )
    )
    assert list(people) == ["Zbigniew Kowalczyk"]  # a surname the email spells, not a setting
    assert people["Zbigniew Kowalczyk"].phone == "+441632960402"


def test_names_with_initials_accents_and_posts_in_small_letters():
    people = _people_of(
        load_string(
            "## Contact\n\n"
            "Siân Llewellyn, Head of service for early help, sian.llewellyn@elmshire.gov.uk\n\n"
            "Report Author(s): Dr J. Okonkwo, Consultant Paediatrician, tel (01632) 960 818\n"
        )
    )
    sian = people["Siân Llewellyn"]
    assert (sian.role, sian.email) == ("Head of service for early help", "sian.llewellyn@elmshire.gov.uk")
    okonkwo = people["Dr J. Okonkwo"]
    assert (okonkwo.role, okonkwo.phone) == ("Consultant Paediatrician", "+441632960818")
