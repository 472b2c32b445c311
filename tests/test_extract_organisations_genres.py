"""Organisations in the genres councils publish: comparator tables, decision reports, pooled-budget
agreements, needs assessments naming voluntary providers. Invented bodies and places throughout;
the councils looked up in ``english_councils.txt`` are real councils named in no gold document."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.organisations import extract_organisations
from ckg.loaders.extract.organisations_bodies import council_of_area, councils, generic_bodies
from ckg.loaders.extract.records import DocumentRecord
from ckg.loaders.text import load_string


def _extract(raw: str, area: str | None = None, year: int | None = None) -> Context:
    doc = load_string(raw)
    ctx = Context.for_document(doc, area=area)
    if year:
        ctx.meta = DocumentRecord(title=doc.title, area=area, period_start=year)
    extract_organisations(doc, ctx)
    return ctx


def _kinds(ctx: Context) -> dict[str, str]:
    return {r.name: r.kind for r in ctx.orgs.records()}


def test_council_vocabulary_covers_every_current_english_council():
    current = [c for c in councils() if c.end is None]
    assert len(current) == 317
    assert council_of_area("Somerset", 2016).name == "Somerset County Council"
    assert council_of_area("Somerset", 2024).name == "Somerset Council"
    assert council_of_area("Northamptonshire", 2024) is None
    # vocabulary of local bodies is data, with the services every area runs under one name
    assert generic_bodies()["MASH"] == ("Multi-Agency Safeguarding Hub", "team")


def test_comparator_table_rows_name_the_councils_of_the_time():
    ctx = _extract(
        "# Elmshire needs assessment\n\n"
        "Table 4: Pupils with an EHC plan\n\n"
        "Local Authority\t2014\t2015\n"
        "Somerset\t2.9\t3.1\n"
        "Northamptonshire\t2.4\t2.6\n"
        "Torbay\t3.3\t3.0\n"
        "England\t2.8\t2.8\n\n"
        "Source: School Census\n",
        year=2016,
    )
    kinds = _kinds(ctx)
    for name in ("Somerset County Council", "Northamptonshire County Council", "Torbay Council"):
        assert kinds.get(name) == "local-authority", name
    assert "Somerset" not in ctx.orgs.get("Somerset County Council").aliases  # a place, not its name
    assert not any("England" in n for n in kinds)


def test_statistical_neighbours_in_prose_and_council_names_printed_in_full():
    ctx = _extract(
        "Spending is below our statistical neighbours (Rutland, Torbay and Luton). "
        "Barnet Council and the Royal Borough of Kingston upon Thames share a fostering service.",
        year=2024,
    )
    kinds = _kinds(ctx)
    for name in (
        "Rutland County Council",
        "Torbay Council",
        "Luton Borough Council",
        "London Borough of Barnet",
        "Royal Borough of Kingston upon Thames",
    ):
        assert kinds.get(name) == "local-authority", name
    assert "Barnet Council" in ctx.orgs.get("London Borough of Barnet").aliases


def test_decision_report_bodies_without_a_known_area():
    ctx = _extract(
        "Report to\tCabinet\n"
        "Date of meeting\t3 March 2026\n"
        "Report of\tDirector of Children's Services\n\n"
        "1.1 This report asks Cabinet to agree a block contract with Elmbrook Care Ltd. "
        "Fenwick County Council will transfer the service from Willow Lane Homes.\n\n"
        "1.2 The three agencies with the most placements are Larkspur Fostering Ltd, Amberly "
        "Family Placements and the Heathcote Fostering Trust.\n\n"
        "1.3 Searches are made by the Placements Hub within the Fenwick Commissioning Team. "
        "The Council's Children with Disabilities Service runs two homes. Fenwick County "
        "Council consulted UNISON.\n"
    )
    kinds = _kinds(ctx)
    assert kinds.get("Fenwick County Council Cabinet") == "partnership"
    assert "Cabinet" in ctx.orgs.get("Fenwick County Council Cabinet").aliases
    assert kinds.get("Elmbrook Care Ltd") == "provider"
    assert kinds.get("Larkspur Fostering Ltd") == "provider"
    assert kinds.get("Amberly Family Placements") == "provider"  # listed beside two providers
    assert kinds.get("Placements Hub") == "team"
    assert "Fenwick County Council Children with Disabilities Service" in kinds
    assert kinds.get("UNISON") == "other"
    assert "Director of Children's Services" not in kinds


def test_pooled_budget_agreement_parties_and_providers():
    ctx = _extract(
        "This agreement is made between Fenwick City Council and NHS Fenwick and Dale Integrated "
        "Care Board. The ICB is lead commissioner for Scheme 2.\n\n"
        "- speech therapy, provided by Chatterbox Fenwick CIC under a grant agreement;\n"
        "- short breaks bought from providers, including Play Together Fenwick and Fenwick Family Link;\n\n"
        "Complaints can be made through Healthwatch Fenwick. The Civic Centre, Fenwick FN1 1AA.\n"
    )
    kinds = _kinds(ctx)
    icb = ctx.orgs.get("NHS Fenwick and Dale Integrated Care Board")
    assert icb is not None and icb.kind == "health-body" and "ICB" in icb.aliases
    assert kinds.get("Chatterbox Fenwick CIC") == "provider"
    assert kinds.get("Play Together Fenwick") == "provider"
    assert kinds.get("Fenwick Family Link") == "provider"
    assert kinds.get("Healthwatch Fenwick") == "other"
    assert "Civic Centre" not in kinds


def test_needs_assessment_providers_named_by_what_the_sentence_says():
    ctx = _extract(
        "Advice is available through Brightpath Families, a third sector organisation which "
        "runs a helpline. Holiday clubs are run by Tumbleweed Play; and Wallaroos provide short "
        "breaks. The council is working with Thistledown to develop a housing scheme. "
        "Comments provided by Jo Marsh, Finance Business Partner. Strengthened support for "
        "parenting is planned. Oxford City hosts the festival.",
        area="Elmshire",
    )
    kinds = _kinds(ctx)
    for name in ("Brightpath Families", "Tumbleweed Play", "Wallaroos", "Thistledown"):
        assert kinds.get(name) == "provider", name
    for not_a_body in ("Jo Marsh", "Strengthened", "Oxford City"):
        assert not_a_body not in kinds, not_a_body


def test_national_bodies_and_charities_named_in_ordinary_words():
    ctx = _extract(
        "Data: ONS/ChiMat. Scope run a nursery in Fenwick, and parents were referred to Mind. "
        "The scope of the review is wide. Sense of belonging matters. Northfield Brook ward. "
        "Families claim through Jobcentre Plus at the government's estimate.",
        area="Elmshire",
    )
    kinds = _kinds(ctx)
    for name in ("Office for National Statistics", "Child and Maternal Health Observatory", "Scope", "Mind"):
        assert name in kinds, name
    assert kinds.get("Jobcentre Plus") == "national-body"
    assert "Sense" not in kinds and "Brook" not in kinds


def test_a_kind_of_body_or_a_cut_name_is_no_body_and_no_record_names_it():
    from ckg.loaders.extract.pipeline import extract

    ex = extract(
        load_string(
            "# Fenwick children's pooled budget agreement 2026\n\n"
            "Partners: Fenwick City Council and NHS Elmshire Integrated Care Board.\n\n"
            "## Lead commissioning\n\n"
            "One Partner commissions services on behalf of both. The Council is lead commissioner for "
            "Scheme 1 (Therapies).\n\n"
            "## Schemes\n\n"
            "- Brookside House, a four-bed overnight short breaks home run by the Council's Children with "
            "Disabilities Service;\n"
            "- The Board funds the youth advocacy service.\n"
        )
    )
    names = {o.name for o in ex.organisations}
    assert {"Fenwick City Council", "NHS Elmshire Integrated Care Board"} <= names
    assert not names & {"One Partner", "Board", "Council's Children"}
    named = {s.provider for s in ex.services} | {s.commissioner for s in ex.services}
    assert not named & {"Board", "Council's Children"}
