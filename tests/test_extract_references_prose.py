"""Referenced documents a needs assessment mentions in prose without a capitalised title: a body
that produced guidelines or established a protocol, a dated survey, a statistical release, a
body's population projections. Invented councils, bodies and places throughout."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.organisations import extract_organisations
from ckg.loaders.extract.references import extract_references
from ckg.loaders.text import load_string


def _refs(raw: str, area: str | None = "Northby") -> dict[str, tuple]:
    doc = load_string(raw)
    ctx = Context.for_document(doc, area=area)
    ctx.orgs.add("Northby County Council", "local-authority", aliases=["NCC"])
    ctx.orgs.add("Office for National Statistics", "national-body", aliases=["ONS"])
    extract_organisations(doc, ctx)
    return {r.title: (r.period, r.kind) for r in extract_references(doc, ctx)}


def test_a_body_that_produced_guidelines_or_established_a_protocol():
    refs = _refs(
        "# Transition needs assessment\n\n"
        "NICE has also produced guidelines on transition which cover planning and support. "
        "Ravensholme has established a transition protocol which sets out the criteria for moving "
        "to adult services. The Network is developing an action plan and works with schools.\n"
    )
    assert refs["NICE guidelines on transition"][1] == "guidance"
    assert "Ravensholme transition protocol" in refs
    assert refs["Network action plan"][1] == "plan"


def test_a_bare_plan_or_a_pronoun_maker_is_not_a_document():
    refs = _refs(
        "# Transition needs assessment\n\n"
        "The Council has developed a plan. It has also produced guidelines on transition.\n"
    )
    assert refs == {}


def test_a_dated_survey_and_its_shorter_variant_are_one_reference():
    refs = _refs(
        "# Needs assessment\n\n"
        "A 2019 Northby County Council survey of almost 400 parent-carers found that information "
        "is the biggest barrier. A review of a 2021 survey of parents and carers of children with "
        "special educational needs (SEN) and disabilities by NCC obtained 300 responses. The 2021 "
        "survey of parents and carers of children with SEN and disabilities found high satisfaction.\n"
    )
    assert refs["2019 Northby County Council survey of almost 400 parent-carers"] == ("2019", "report")
    surveys = [t for t in refs if "2021 survey" in t]
    assert surveys == [
        "2021 survey of parents and carers of children with special educational needs (SEN) and disabilities"
    ]


def test_a_statistical_release_and_a_bodys_projections():
    refs = _refs(
        "# Needs assessment\n\n"
        "Figures are based on ONS population projections which match NCC population projections.\n\n"
        "7 Adult Social Care Activity and Finance, England - 2022-23, Final Release: Table 4.\n"
    )
    assert "ONS population projections" in refs
    assert "NCC population projections" in refs
    assert refs["Adult Social Care Activity and Finance, England - 2022-23, Final Release"] == (
        "2022-23",
        "report",
    )
