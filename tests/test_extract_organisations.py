"""Organisations: named bodies, acronyms and glossaries, generic "the Council"/"the PCT", lists,
relations and publishers, read from paraphrased snippets of the genres councils publish."""

from __future__ import annotations

from ckg.loaders.extract.context import Context, OrgRegistry
from ckg.loaders.extract.organisations import extract_organisations
from ckg.loaders.text import load_string


def _extract(raw: str, area: str = "Wiltshire") -> Context:
    doc = load_string(raw)
    ctx = Context.for_document(doc, area=area)
    extract_organisations(doc, ctx)
    return ctx


def _names(ctx: Context) -> set[str]:
    return {r.name for r in ctx.orgs.records()}


def test_acronym_definition_bare_use_and_generic_mentions_resolve_to_one_body():
    ctx = _extract(
        "Health services are commissioned by the Hampshire Clinical Commissioning Group (HCCG). "
        "The HCCG and the Council agree a joint plan; Hampshire CCG leads on CAMHS. "
        "The Local Authority chairs the Corporate Parenting Panel.",
        area="Hampshire",
    )
    ccg = ctx.orgs.get("Hampshire Clinical Commissioning Group")
    assert ccg is not None and ccg.kind == "health-body"
    assert {"HCCG", "Hampshire CCG"} <= set(ccg.aliases)
    assert ctx.orgs.resolve("the CCG") == ccg.name
    council = ctx.orgs.get("Hampshire County Council")
    assert council is not None and {"the Council", "The Local Authority"} & set(council.aliases)
    assert "Corporate Parenting Panel" in _names(ctx)
    assert not any(n.startswith(("The Local", "Local Authority")) for n in _names(ctx))


def test_glossary_rows_define_bodies_and_terms():
    ctx = _extract(
        "## Abbreviations\n\n"
        "CDRP\tCrime and Disorder Reduction Partnership\n"
        "SEN\tSpecial educational needs\n"
        "EMAT\tEthnic Minority Achievement Team\n"
        "NSF\tNational Service Framework\n\n"
        "## Findings\n\nThe CDRP and EMAT reported to the PCT on SEN pupils and the NSF.\n",
        area="Kent",
    )
    names = _names(ctx)
    assert "Kent Crime and Disorder Reduction Partnership" in names
    assert "Ethnic Minority Achievement Team" in names
    assert "Kent Primary Care Trust" in names  # a bare generic acronym: the area's body
    assert not any("Framework" in n or "educational" in n for n in names)
    assert ctx.orgs.resolve("EMAT") == "Ethnic Minority Achievement Team"


def test_glossary_lines_in_plain_text():
    ctx = _extract(
        "## Glossary of terms\n\n"
        "- YOT – Youth Offending Team\n"
        "- EWS – Education Welfare Service\n"
        "- CiN – Children in Need\n\n"
        "## Summary\n\nThe YOT works with the EWS.\n",
        area="Kent",
    )
    assert ctx.orgs.resolve("YOT") == "Kent Youth Offending Team"
    assert ctx.orgs.resolve("EWS") == "Education Welfare Service"
    assert ctx.orgs.resolve("CiN") is None


def test_sentence_fragments_headings_documents_and_posts_are_not_bodies():
    ctx = _extract(
        "## Youth Matters 2006\n\n"
        "- Develop the Children's Information Service to provide a directory of services.\n"
        "- Requires the Local Authority to commission Connexions Services by 2008.\n"
        "- The National Service Framework for Children sets standards.\n"
        "- The Director of Children's Services chairs the Youth Service Improvement Plan group.\n"
        "- Refer to the Children Act 2004 and the Family Support Services offered.\n"
    )
    names = _names(ctx)
    assert not any(n.startswith(("Develop", "Requires", "Director", "Youth Matters")) for n in names)
    assert not any("Framework" in n or "Act" in n.split() or "Information Service" in n for n in names)
    assert "Family Support Services" not in names
    assert "Connexions" in names  # a national body printed as "Connexions Services"


def test_sub_groups_listed_after_a_board_are_its_sub_groups():
    ctx = _extract(
        "A Programme Board, chaired by the Director, has been formed. The board has agreed a number of "
        "sub groups that report to it. These reflect the outcomes; Be Healthy, Stay Safe and Enjoy & "
        "Achieve, alongside specific groups such as Young Carers, Workforce Planning, the Heads Forum "
        "and Commissioning."
    )
    board = "Programme Board"
    for name in ("Be Healthy sub group", "Stay Safe sub group", "Young Carers sub group", "Heads Forum"):
        rec = ctx.orgs.get(name)
        assert rec is not None, name
        assert rec.parent == board
    assert ctx.orgs.get("These reflect the outcomes sub group") is None


def test_garbled_officer_table_gives_organisations_not_people():
    ctx = _extract(
        "## Contributors\n\n"
        "Members of the working group:\n\n"
        "Anna Smith\tHead of Early Years, CYPS\tKent County Council (KCC)\n"
        "Ben Jones\tCommissioning Manager\tKent PCT\n"
        "Carol White\tJoint Commissioning Manager\tKent DAAT, KCC\n"
        "Carol White\tJoint Commissioning Manager\tKent DAAT, KCC\n",
        area="Kent",
    )
    names = _names(ctx)
    assert {"Kent County Council", "Kent Primary Care Trust", "Kent Drug and Alcohol Action Team"} <= names
    assert not any(p in n for n in names for p in ("Anna", "Smith", "Ben Jones", "Carol"))
    assert ctx.orgs.get("Kent Drug and Alcohol Action Team").parent == "Kent County Council"
    assert "Kent PCT" in ctx.orgs.get("Kent Primary Care Trust").aliases


def test_schools_providers_and_partners_named_in_lists_and_case_studies():
    ctx = _extract(
        "## Case Study 2: Riverbank Arts - Summer Stories\n\n"
        "Riverbank Arts ran reading clubs. Twelve schools took part: Millbrook, St Aidan's, "
        "Holm Lane, Ashcombe and Broad Oak.\n\n"
        "Only two members are approved providers with the Council (Kitebird and Sparrow Trust).\n\n"
        "Story Trails is a two year partnership between Lantern Theatre, Wiltshire Museum and "
        "Salisbury City Council.\n\n"
        "St Aidan's Catholic Primary ~ Yr 4\n"
    )
    kinds = {r.name: r.kind for r in ctx.orgs.records()}
    assert kinds.get("Riverbank Arts") == "provider"
    for school in ("Millbrook", "Holm Lane", "Ashcombe", "Broad Oak"):
        assert kinds.get(school) == "school", school
    assert {"Kitebird", "Sparrow Trust", "Lantern Theatre", "Salisbury City Council"} <= set(kinds)
    assert not any(n.startswith(("Story Trails", "Twelve", "Only")) for n in kinds)


def test_spelling_variants_and_county_abbreviations_canonicalise():
    ctx = _extract(
        "Funding comes from Mid Beds District Council and the South Beds District Council. "
        "Oxford Health NHS Foundation Trust and Oxford Health NHS Trust provide CAMHS. "
        "The Local Safeguarding Children's Board and the LSCB meet. "
        "The Joint Health and Well-being Board oversees the plan.",
        area="Bedfordshire",
    )
    names = _names(ctx)
    assert {"Mid Bedfordshire District Council", "South Bedfordshire District Council"} <= names
    assert "Oxford Health NHS Foundation Trust" in names and "Oxford Health NHS Trust" not in names
    assert "Bedfordshire Safeguarding Children Board" in names
    assert "Bedfordshire Health and Wellbeing Board" in names
    assert ctx.orgs.resolve("LSCB") == "Bedfordshire Safeguarding Children Board"


def test_the_ccg_is_unknown_when_the_area_has_several():
    ctx = _extract(
        "Referrals rose in Coastal Wiltshire CCG, Swindon CCG and Marlborough and Devizes CCG. "
        "Each Clinical Commissioning Group (CCG) sets its own budget; the CCG figures differ.",
    )
    names = _names(ctx)
    assert {
        "Coastal Wiltshire Clinical Commissioning Group",
        "Swindon Clinical Commissioning Group",
        "Marlborough and Devizes Clinical Commissioning Group",
    } <= names
    assert "Wiltshire Clinical Commissioning Group" not in names
    assert ctx.orgs.resolve("the CCG") is None


def test_parents_members_and_publishers():
    ctx = _extract(
        "**Wiltshire County Council**\n\n**Children's Services**\n\n"
        "# Early Help Strategy 2015 – 2018\n\n"
        "Prepared by the Early Help Partnership Board\n\n"
        "## Introduction\n\n"
        "The Early Help Partnership Board is a partnership between Wiltshire County Council, "
        "Wiltshire Police and Swindon Borough Council. The Family Hub Team, a sub-group of the "
        "Early Help Partnership Board, meets monthly. The Public Health and Education Directorates "
        "within Wiltshire County Council commission services. The Young Carers Forum reports to the "
        "Family Hub Team.\n"
    )
    reg = ctx.orgs
    board = reg.get("Early Help Partnership Board")
    assert board is not None
    assert {"Wiltshire County Council", "Swindon Borough Council"} <= set(board.members)
    assert reg.get("Family Hub Team").parent == board.name
    assert reg.get("Public Health Directorate").parent == "Wiltshire County Council"
    assert reg.get("Education Directorate").parent == "Wiltshire County Council"
    assert reg.get("Young Carers Forum").parent == "Family Hub Team"
    assert ctx.meta.publishers[:3] == [
        "Wiltshire County Council",
        "Wiltshire County Council Children's Services",
        "Early Help Partnership Board",
    ]


def test_registry_resolves_variants_and_is_deterministic():
    reg = OrgRegistry(area="Hampshire", area_kind="county")
    reg.add("Hampshire Youth Offending Service", "team", aliases=["YOS"])
    assert reg.resolve("Youth Offending Service") == "Hampshire Youth Offending Service"
    assert reg.resolve("YOS") == "Hampshire Youth Offending Service"
    assert reg.resolve("HCC") == "Hampshire County Council"
    assert reg.resolve("the Council's") == "Hampshire County Council"
    assert reg.resolve("Gryphon Partnership") is None
    raw = "The Hampshire Youth Forum and the Solent Partnership Board met Ofsted and the DfE."
    first = [(r.name, r.kind, r.aliases, r.spans) for r in _extract(raw, "Hampshire").orgs.records()]
    second = [(r.name, r.kind, r.aliases, r.spans) for r in _extract(raw, "Hampshire").orgs.records()]
    assert first == second
    assert {"Hampshire Youth Forum", "Solent Partnership Board", "Ofsted", "Department for Education"} <= {
        n for n, *_ in first
    }
