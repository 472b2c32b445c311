"""Services: lists under a services lead-in, "e.g." enumerations, budget lines, commissioning
actions, relations ("commissioned by"), case studies and proper names; merged per service."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.services import extract_services
from ckg.loaders.extract.services_names import service_key, split_run_together
from ckg.loaders.text import load_string


def _services(text: str, area: str = "Kent") -> dict[str, object]:
    doc = load_string(text)
    ctx = Context.for_document(doc, area=area)
    ctx.orgs.add("Kent County Council", "local-authority", aliases=["the County Council", "KCC"])
    ctx.orgs.add("Kent Primary Care Trust", "health-body", aliases=["PCT"])
    recs = extract_services(doc, ctx)
    for r in recs:
        assert r.spans and all(0 <= s.start < s.end <= len(doc.text) for s in r.spans)
    return {r.name: r for r in recs}


def test_list_under_a_services_heading():
    got = _services(
        "## Services for disabled children\n\n"
        "- Emergency care\n- Relief to Carer Service\n- Family Short Break Care\n\n"
        "## Appendix 1\n\nThe plan sets out our priorities for the next three years and how we will measure them.\n"
    )
    assert list(got) == ["Emergency care", "Relief to Carer Service", "Family Short Break Care"]


def test_lead_in_names_the_body_that_provides_the_list():
    got = _services(
        "The main services provided by Kent County Council are:\n\n"
        "- Youth and engagement\n- Virtual School\n- County Music service\n\n"
        "The council also works with schools on many other things that are not listed in this plan.\n"
    )
    assert set(got) == {"Youth and engagement", "Virtual School", "County Music service"}
    assert all(r.provider == "Kent County Council" for r in got.values())


def test_a_lead_in_about_something_else_is_not_a_service_list():
    got = _services(
        "Services are designed to combat the factors associated with poor outcomes. The main ones are:\n\n"
        "- poor parenting skills,\n- obesity,\n- low birth weight.\n"
    )
    assert got == {}


def test_run_together_table_cells_are_split():
    assert split_run_together("Referral and assessment Family Support Placements") == [
        "Referral and assessment",
        "Family Support Placements",
    ]
    assert split_run_together("Children's homes Homeless young people Fostering and adoption") == [
        "Children's homes",
        "Homeless young people",
        "Fostering and adoption",
    ]


def test_examples_after_services_eg():
    got = _services(
        "- **Services for Children with identified needs** e.g. Speech and Language Therapy, Education "
        "Welfare, Mentoring schemes, Young Carers services, Health Visitors and Family Group Meetings.\n"
    )
    assert {
        "Speech and Language Therapy",
        "Education Welfare",
        "Mentoring schemes",
        "Young Carers services",
    } <= set(got)
    assert "Health Visitors" not in got  # a profession, not a service
    assert "Services for Children with identified needs" not in got


def test_budget_lines_name_services_and_their_commissioner():
    got = _services(
        "## Resource Envelope\n\n"
        "> PCT - School Health\t£980,155\n"
        "> Young Carers\t£75,000\n"
        "> KCC\t£150,000\n"
        "> 14 – 19 strategy revenue\t£1,284,000\n"
        "> Domestic Violence\tTo be advised\n"
    )
    assert got["School Health"].commissioner == "Kent Primary Care Trust"
    assert "Young Carers" in got and "Domestic Violence" in got
    assert not any("strategy" in n or n == "KCC" for n in got)  # a plan and a body are not services


def test_objects_of_commissioning_actions():
    got = _services(
        "Commissioning intention\tWhat will we do to achieve this?\n"
        "Promoting health\tReview and re-tender the School Health Nursing Service so that the new service is in "
        "place by April 2014. Commission smoking cessation services in order to reduce smoking in pregnant women.\n"
        "Improving health\tRe-tender the services for brief interventions in alcohol misuse by September 2014.\n\n"
        "- Develop advocacy service,\n- Develop user feedback and audit processes;\n"
        "- Re-commission the Young People's Supported Housing Pathway by April 2015.\n"
    )
    assert {
        "School Health Nursing Service",
        "smoking cessation services",
        "services for brief interventions in alcohol misuse",
        "advocacy service",
        "Young People's Supported Housing Pathway",
    } <= set(got)
    assert not any("audit" in n for n in got)


def test_relations_name_commissioner_and_provider():
    got = _services(
        "Kick Arts was commissioned and funded by Kent County Council, and took place in 2012.\n\n"
        "Commissioners provide networking, e.g. Kent Carers Forum (commissioned by the County Council but "
        "provided by Kent Carers Forum).\n\n"
        "The YMCA delivers counselling services commissioned by the Joint Commissioning Unit.\n"
    )
    assert got["Kick Arts"].commissioner == "Kent County Council"
    assert got["Kent Carers Forum"].commissioner == "Kent County Council"
    assert got["Kent Carers Forum"].provider == "Kent Carers Forum"
    assert got["counselling services"].provider == "YMCA"


def test_case_study_heading_gives_programme_and_provider():
    got = _services("## b. Case Study 2: BookFeast - Lunchboox\n\nThe programme was evaluated.\n")
    assert got["Lunchboox"].provider == "BookFeast"


def test_proper_names_but_not_bodies_titles_or_posts():
    got = _services(
        "The National Service Framework for Children sets standards. The Director of Children's Services "
        "chairs the board. Children are referred to the Youth Inclusion Support Programme and the "
        "Local Safeguarding Children Board. The Joint County Council Children's Services and PCT "
        "Commissioning Unit is being set up.\n"
    )
    assert list(got) == ["Youth Inclusion Support Programme"]


def test_one_record_per_service():
    got = _services(
        "- Develop services for young carers;\n\n"
        "Services for all children e.g. Young Carers services, Pupil Referral Units (PRU), Sure Start.\n\n"
        "> PRU\t£3,616,000\n> Young Carers\t£75,000\n"
    )
    assert [n for n in got if "arer" in n] == ["Young Carers services"]
    assert [n for n in got if "PRU" in n] == ["Pupil Referral Units (PRU)"]
    assert service_key("Oxfordshire Family Information Services", "Oxfordshire") == service_key(
        "Family Information Service"
    )


def test_deterministic():
    text = (
        "- Develop advocacy service,\n- Develop help line,\n\nKick Arts was funded by Kent County Council.\n"
    )
    assert [r.to_dict() for r in _services(text).values()] == [r.to_dict() for r in _services(text).values()]
