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
