"""Referenced documents: titles in prose, lists, garbled tables, link annotations and reference lists."""

from __future__ import annotations

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.references import extract_references
from ckg.loaders.text import load_string


def _refs(raw: str, area: str = "Wessex"):
    doc = load_string(raw)
    return {r.title: r for r in extract_references(doc, Context.for_document(doc, area=area))}


def test_acts_strategies_and_variants_of_one_title():
    refs = _refs(
        "# Wessex Commissioning Strategy 2016-2019\n\n"
        "The Children Act 2004 and the Children and Families Bill set the duties. Under the Children Act "
        "the council must co-operate. This supports the Children & Young People's Plan and the wider "
        "Children and Young People's Plan 2016 – 2019, and Wessex's Joint Health and Wellbeing Strategy, "
        "2016-2020.\n\nOur Commissioning Strategy sets out what we will buy.\n"
    )
    assert refs["Children Act 2004"].kind == "act"
    assert refs["Children and Families Bill"].kind == "act"
    plan = refs["Children and Young People's Plan"]
    assert (plan.kind, plan.period) == ("plan", "2016 – 2019")
    assert refs["Wessex's Joint Health and Wellbeing Strategy"].period == "2016-2020"
    assert len(refs) == 4  # no "Children Act" twice, not the document itself


def test_fragments_per_child_plans_and_adjectives_are_not_documents():
    refs = _refs(
        "- Develop the Early Help Strategy by 2017;\n"
        "- Every child in care has a Personal Education Plan and some have an Education, Health and Care Plan;\n"
        "- Continued implementation of National Strategy initiatives;\n"
        "- Strengthen Work Force Planning.\n"
    )
    assert set(refs) == {"Early Help Strategy"}


def test_list_of_policy_documents_and_quoted_titles():
    refs = _refs(
        "These requirements are supported by the following key policy and planning documents:\n\n"
        "- Youth Matters 2006. Requires the council to commission youth services.\n"
        "- Commissioning a Patient Led NHS which sets out changes to NHS commissioning.\n"
        "- The Health White Paper 'Our Health, Our Care, Our Say – a new direction for community services' "
        "sets out the approach.\n"
    )
    assert refs["Youth Matters"].period == "2006"
    assert "Commissioning a Patient Led NHS" in refs
    quoted = "Our Health, Our Care, Our Say – a new direction for community services (Health White Paper)"
    assert refs[quoted].kind == "other"
    assert "Health White Paper" not in refs


def test_titles_split_over_table_rows_and_link_annotations():
    refs = _refs(
        "Target users\tName of Strategy\tLink\n"
        "Autism – all ages\tWessex Autism Joint\tWessex Autism Joint\n"
        "\tCommissioning Strategy,\tCommissioning Strategy: 2013 – 2017 (.doc format, 518KB)\n"
        "\t2013-2017\t\n\n"
        "## Appendix 5 National resources and links\n\n"
        "Working together to engage in commissioning – Create Wessex (272KB, PDF)\n\n"
        "## Engaging in commissioning: a practical resource pack for the culture sector\n\n"
        "http://www.example.org/engaging-in-commissioning\n"
    )
    assert refs["Wessex Autism Joint Commissioning Strategy"].period == "2013-2017"
    assert refs["Working together to engage in commissioning – Create Wessex"].kind == "guidance"
    assert "Engaging in commissioning: a practical resource pack for the culture sector" in refs
    assert not any("Name of" in t for t in refs)


def test_reference_list_entries():
    refs = _refs(
        "## References\n\n"
        "1 Department of Health (2007) Commissioning Framework for Health and Well Being. HMSO.\n\n"
        "2 Meltzer H, Gatward R and Ford T (2003) The mental health of young people looked after by local "
        "authorities in England. London: TSO.\n"
    )
    framework = refs["Commissioning Framework for Health and Well Being"]
    assert (framework.period, framework.kind, framework.publisher) == (
        "2007",
        "guidance",
        "Department of Health",
    )
    person_cited = refs["The mental health of young people looked after by local authorities in England"]
    assert person_cited.publisher is None and person_cited.kind == "report"
