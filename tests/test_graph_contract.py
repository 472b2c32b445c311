"""The built graph keeps ontology-core.md: every class populated, every fact traceable to its text."""

from __future__ import annotations

import pytest

CORE_CLASSES = [
    "ckg:Document",
    "ckg:Passage",
    "org:Organization",
    "ckg:LocalAuthority",
    "ckg:HealthBody",
    "ckg:Partnership",
    "ckg:Team",
    "ckg:Provider",
    "ckg:Priority",
    "ckg:CommissioningIntention",
    "ckg:Service",
    "ckg:FundingAllocation",
    "foaf:Person",
    "org:Post",
    "ckg:Topic",
    "ckg:Area",
    "ckg:Indicator",
]
EXTRACTED = [
    "org:Organization",
    "ckg:Priority",
    "ckg:CommissioningIntention",
    "ckg:Service",
    "ckg:FundingAllocation",
    "foaf:Person",
    "ckg:Indicator",
]


@pytest.mark.parametrize("cls", CORE_CLASSES)
def test_every_core_class_has_instances(kg, cls):
    assert kg.sparql(f"ASK {{ ?s a {cls} }}").boolean, f"no {cls} in the graph"


@pytest.mark.parametrize("cls", EXTRACTED)
def test_every_extracted_resource_has_provenance(kg, cls):
    missing = kg.sparql(f"""SELECT ?s WHERE {{ ?s a {cls} .
        FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom ?p . ?p a ckg:Passage }} }} LIMIT 5""")
    assert len(missing) == 0, [r["s"].value for r in missing.rows]


def test_passages_hold_the_exact_source_text(kg):
    """A passage's text is the slice of its document's text at its offsets."""
    from ckg.graph.build import Builder  # noqa: F401  (the cache layout is the build's)
    from ckg.graph.cache import BuildCache
    from ckg.loaders.extract.pipeline import loader_version
    from ckg.loaders.structure import StructuredDocument

    rows = kg.sparql("""SELECT ?text ?start ?end ?hash WHERE {
        ?p a ckg:Passage ; ckg:text ?text ; ckg:startChar ?start ; ckg:endChar ?end ; ckg:inDocument ?d .
        ?d ckg:contentHash ?hash } LIMIT 400""").values()
    cache = BuildCache(kg.cache_dir)
    docs: dict[str, StructuredDocument] = {}
    for r in rows:
        doc = docs.get(r["hash"])
        if doc is None:
            doc = docs[r["hash"]] = StructuredDocument.from_dict(
                cache.get_json(r["hash"], "doc", loader_version())
            )
        assert doc.text[r["start"] : r["end"]] == r["text"]


def test_same_body_in_two_documents_is_one_iri(kg):
    rows = kg.sparql("""SELECT ?o (COUNT(DISTINCT ?d) AS ?n) WHERE {
        ?o a org:Organization ; prov:wasDerivedFrom/ckg:inDocument ?d } GROUP BY ?o HAVING (COUNT(DISTINCT ?d) > 1)
        """).values()
    names = {r["o"].rsplit("/", 1)[-1] for r in rows}
    assert "oxfordshire-county-council" in names


def test_documents_have_metadata(kg):
    for d in kg.sparql("documents").values():
        assert d["title"] and d["area"] and d["type"], d


def test_topics_link_the_scheme_to_the_text(kg):
    assert kg.sparql(
        "ASK { ?p a ckg:Passage ; dcterms:subject ?t . ?t a ckg:Topic ; skos:prefLabel ?l }"
    ).boolean


def test_people_have_mailto_and_tel_iris(kg):
    rows = kg.sparql("""SELECT ?m ?t WHERE { ?p a foaf:Person .
        OPTIONAL { ?p vcard:hasEmail ?m } OPTIONAL { ?p vcard:hasTelephone ?t } }""").rows
    assert any(r.get("m") for r in rows) and any(r.get("t") for r in rows)
    for r in rows:
        if r.get("m"):
            assert r["m"].type == "uri" and r["m"].value.startswith("mailto:")
        if r.get("t"):
            assert r["t"].type == "uri" and r["t"].value.startswith("tel:+44")
