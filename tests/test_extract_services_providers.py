"""Services a needs assessment says a provider runs, with the provider as the subject of a plain
sentence ("<Provider> run(s)/provide(s)/has established <service>") or a scheme named in brackets
before its provider. Invented places and bodies throughout."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.services import extract_services
from ckg.loaders.text import load_string


def _services(text: str, area: str | None = "Northby") -> dict[str, object]:
    doc = load_string(text)
    ctx = Context.for_document(doc, area=area)
    ctx.orgs.add("Northby County Council", "local-authority", aliases=["NCC"])
    recs = extract_services(doc, ctx)
    for r in recs:
        assert r.spans and all(0 <= s.start < s.end <= len(doc.text) for s in r.spans)
    return {r.name: r for r in recs}


def test_an_unknown_provider_running_a_service_is_read_from_grammar():
    got = _services(
        "## Early years\n\n"
        "All nurseries welcome children with additional needs. Brightwater run a day nursery in "
        "Ravensholme for children from three to five years old.\n\n"
        "## Leisure\n\n"
        "Clubs meet weekly in Harrowmere; and Kestrels provide short breaks opportunities for "
        "children with learning disabilities.\n"
    )
    assert got["day nursery"].provider == "Brightwater"
    assert got["short breaks"].provider == "Kestrels"


def test_a_provider_that_has_established_a_programme():
    got = _services(
        "## Employment\n\n"
        "Harrowmere Lives has recently established a volunteering programme for young adults.\n"
    )
    assert got["volunteering programme"].provider == "Harrowmere Lives"


def test_common_nouns_and_function_words_are_not_providers():
    got = _services(
        "## Support\n\n"
        "Schools provide support for pupils with SEND. To provide holistic services, staff meet monthly. "
        "Parents run a play scheme in the holidays; parents value it.\n"
    )
    assert not any(r.provider in ("Schools", "To", "Parents") for r in got.values())


def test_a_scheme_named_in_brackets_before_its_provider():
    got = _services(
        "## Housing\n\n"
        "There is no specialist housing apart from a scheme in Northby (Oakfield) run by Elm Housing Trust "
        "which provides accommodation for 10 adults.\n"
    )
    assert got["Oakfield scheme"].provider == "Elm Housing Trust"


def test_a_contract_awarded_for_a_service_names_the_service_and_its_provider():
    got = _services(
        "## Leisure cards\n\n"
        "Northby County Council has awarded the contract for the card (as well as for a Carers "
        "Register) to Brightwater. The contract for holiday play schemes was awarded to Kestrel "
        "Play Trust in 2015.\n"
    )
    assert (got["Carers Register"].commissioner, got["Carers Register"].provider) == (
        "Northby County Council",
        "Brightwater",
    )
    assert got["holiday play schemes"].provider == "Kestrel Play Trust"
    assert "card" not in got


def test_a_service_named_with_a_comma_list_is_read_whole_but_a_directorate_is_not():
    got = _services(
        "## Advice\n\n"
        "Advice is available through the Local Offer; the Information, Advice and Support "
        "Service; and the Parent Carer Forum. Reports go to the Care, Youth and Education "
        "Services managers.\n"
    )
    assert "Information, Advice and Support Service" in got
    assert not [n for n in got if n.startswith(("Advice and", "Youth and", "Care,"))]


def test_a_service_printed_with_whom_or_where_it_serves_is_the_same_service():
    got = _services(
        "## Leisure\n\n"
        "NCC currently runs two Owl youth clubs for young people with learning difficulties: one "
        "in the north and one on the coast. Attendance at the Owl youth clubs is steady.\n\n"
        "## Housing\n\n"
        "Brightwater provides supported housing in Northby. Supported housing is scarce.\n"
    )
    assert [n for n in got if "Owl" in n] == ["Owl youth clubs for young people"]
    assert [n for n in got if "housing" in n.lower()] == ["supported housing in Northby"]
