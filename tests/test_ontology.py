"""The ontology files: OWL terms (ckg.ttl), SHACL shapes (shapes.ttl), SKOS topics (topics.ttl), areas.txt.

The core terms are fixed by ../shared/design/ontology-core.md and the extensions by
docs/architecture.md ("Contract 3: RDF"); these tests keep the Turtle in step with both.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace

from ckg.graph.namespaces import CKG, CKGID, ORG, SH, TOPIC_SCHEME, VCARD

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
CORE_DOC = ROOT.parent / "shared" / "design" / "ontology-core.md"
ARCHITECTURE_DOC = ROOT / "docs" / "architecture.md"

TOPIC = Namespace(str(CKGID) + "topic/")
DOCTYPE = Namespace(str(CKGID) + "document-type/")


def _names(text: str) -> set[str]:
    return set(text.split())


# Terms of ontology-core.md (fixed: never renamed or dropped).
CORE_CLASSES = _names(
    """
    Document Passage LocalAuthority HealthBody Partnership Team Provider Priority CommissioningIntention Service
    FundingAllocation Topic Area Indicator
    """
)
CORE_OBJECT_PROPERTIES = _names(
    """
    area documentType inDocument priorityOf statedIn commissioner supportsPriority concernsService commissionedBy
    providedBy funder funds
    """
)
CORE_DATATYPE_PROPERTIES = _names(
    """
    periodStart periodEnd text section startChar endChar rank action timescale amount fundingKind period target
    baseline
    """
)
# Extensions of docs/architecture.md, Contract 3.
EXTENSION_CLASSES = {"School", "NationalBody"}
EXTENSION_OBJECT_PROPERTIES = {"subPriorityOf"}
EXTENSION_DATATYPE_PROPERTIES = _names(
    """
    contentHash extractorVersion mediaType sourcePath approximate amountQualifier theme note address blockKind order page
    confidence
    """
)
ALL_CLASSES = CORE_CLASSES | EXTENSION_CLASSES
OBJECT_PROPERTIES = CORE_OBJECT_PROPERTIES | EXTENSION_OBJECT_PROPERTIES
ALL_PROPERTIES = OBJECT_PROPERTIES | CORE_DATATYPE_PROPERTIES | EXTENSION_DATATYPE_PROPERTIES

SUBCLASS_OF = {
    "Document": FOAF.Document,
    "Passage": PROV.Entity,
    "LocalAuthority": ORG.Organization,
    "HealthBody": ORG.Organization,
    "Provider": ORG.Organization,
    "NationalBody": ORG.Organization,
    "Partnership": ORG.OrganizationalCollaboration,
    "Team": ORG.OrganizationalUnit,
    "School": CKG.Provider,
    "Topic": SKOS.Concept,
}
RANGES = {
    "periodStart": XSD.gYear,
    "periodEnd": XSD.gYear,
    "amount": XSD.decimal,
    "approximate": XSD.boolean,
    "rank": XSD.integer,
    "startChar": XSD.integer,
    "endChar": XSD.integer,
    "order": XSD.integer,
    "page": XSD.integer,
    "documentType": SKOS.Concept,
    "inDocument": CKG.Document,
    "area": CKG.Area,
    "statedIn": CKG.Document,
    "supportsPriority": CKG.Priority,
    "concernsService": CKG.Service,
    "subPriorityOf": CKG.Priority,
    "priorityOf": ORG.Organization,
    "funder": ORG.Organization,
}
DOCUMENT_TYPES = _names(
    """
    strategy plan framework committee-report guide action-plan needs-assessment report act guidance other
    """
)
AREA_KINDS = {"county", "unitary", "metropolitan", "london-borough", "district", "city", "region", "town"}


@functools.cache
def _parse(name: str) -> Graph:
    """One parse per file per session; callers must not modify the graph."""
    return Graph().parse(ONTOLOGY_DIR / name, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse("ckg.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _parse("shapes.ttl")


@pytest.fixture(scope="module")
def topics() -> Graph:
    return _parse("topics.ttl")


@pytest.fixture(scope="module")
def ontology_and_topics(ontology: Graph, topics: Graph) -> Graph:
    """What a built store's union graph holds besides the documents' graphs."""
    return ontology + topics


# --------------------------------------------------------------------------- ckg.ttl


@pytest.mark.parametrize("name", ["ckg.ttl", "shapes.ttl", "topics.ttl"])
def test_turtle_parses(name: str) -> None:
    assert len(_parse(name)) > 50


def test_ontology_header(ontology: Graph) -> None:
    head = URIRef("https://w3id.org/ckg/ontology")
    assert (head, RDF.type, OWL.Ontology) in ontology
    for p in (DCTERMS.title, DCTERMS.description, OWL.versionInfo):
        assert ontology.value(head, p) is not None, p


@pytest.mark.parametrize("name", sorted(ALL_CLASSES))
def test_class_declared(ontology: Graph, name: str) -> None:
    term = CKG[name]
    assert (term, RDF.type, OWL.Class) in ontology
    assert ontology.value(term, RDFS.label) is not None
    assert ontology.value(term, RDFS.comment) is not None


@pytest.mark.parametrize("name", sorted(ALL_PROPERTIES))
def test_property_declared(ontology: Graph, name: str) -> None:
    term = CKG[name]
    kinds = {k for k in (OWL.ObjectProperty, OWL.DatatypeProperty) if (term, RDF.type, k) in ontology}
    expected = OWL.ObjectProperty if name in OBJECT_PROPERTIES else OWL.DatatypeProperty
    assert kinds == {expected}
    assert ontology.value(term, RDFS.label) is not None
    assert ontology.value(term, RDFS.comment) is not None
    assert ontology.value(term, RDFS.domain) is not None
    assert ontology.value(term, RDFS.range) is not None


def test_subclass_axioms(ontology: Graph) -> None:
    for name, parent in SUBCLASS_OF.items():
        assert (CKG[name], RDFS.subClassOf, parent) in ontology, name


def test_ranges(ontology: Graph) -> None:
    for name, rng in RANGES.items():
        assert ontology.value(CKG[name], RDFS.range) == rng, name
    for s in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        assert str(ontology.value(s, RDFS.range)).startswith(str(XSD)), s
    for s in ontology.subjects(RDF.type, OWL.ObjectProperty):
        assert not str(ontology.value(s, RDFS.range)).startswith(str(XSD)), s


def test_only_ckg_terms_are_declared(ontology: Graph) -> None:
    """External vocabularies are reused, not redeclared."""
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for s in ontology.subjects(RDF.type, kind):
            assert isinstance(s, BNode) or str(s).startswith(str(CKG)), s


def _ckg_terms_in(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])ckg:([A-Za-z]\w*)", text))


def test_architecture_terms_declared(ontology: Graph) -> None:
    declared = {str(s).removeprefix(str(CKG)) for s in ontology.subjects(RDFS.label, None)}
    missing = _ckg_terms_in(ARCHITECTURE_DOC.read_text(encoding="utf-8")) - declared
    assert not missing


def test_core_terms_listed_here_match_the_contract() -> None:
    if not CORE_DOC.exists():
        pytest.skip("ontology-core.md is not beside this checkout")
    in_doc = _ckg_terms_in(CORE_DOC.read_text(encoding="utf-8"))
    assert in_doc <= ALL_CLASSES | ALL_PROPERTIES


def test_every_ckg_term_used_is_declared(ontology: Graph, shapes: Graph, topics: Graph) -> None:
    declared = {s for s in ontology.subjects(RDFS.label, None) if str(s).startswith(str(CKG))}
    for g in (ontology, shapes, topics):
        used = {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(str(CKG))}
        assert used <= declared, used - declared


def test_document_types(ontology: Graph) -> None:
    scheme = CKGID["document-types"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    assert concepts == {DOCTYPE[k] for k in DOCUMENT_TYPES}
    for c in concepts:
        assert ontology.value(c, SKOS.prefLabel).language == "en"
        assert (c, SKOS.topConceptOf, scheme) in ontology or ontology.value(c, SKOS.broader) is not None
    assert Literal("JSNA", lang="en") in set(ontology.objects(DOCTYPE["needs-assessment"], SKOS.altLabel))
    assert Literal("bill", lang="en") in set(ontology.objects(DOCTYPE["act"], SKOS.altLabel))


def test_extraction_activities_match_the_methods(ontology: Graph) -> None:
    """Every method extraction can name is a prov:Activity in ckg.ttl with its label and a comment,
    and ckg.ttl declares no other: the graph's prov:wasGeneratedBy always points at a described
    activity, and the entity page's "read from ..." is the ontology's own label."""
    from ckg.graph.iris import activity_iri
    from ckg.loaders.extract.methods import METHODS

    declared = {s for s in ontology.subjects(RDF.type, PROV.Activity)}
    assert declared == {activity_iri(k) for k in METHODS}
    for key, method in METHODS.items():
        iri = activity_iri(key)
        assert ontology.value(iri, RDFS.label) == Literal(method.label, lang="en")
        assert len(str(ontology.value(iri, RDFS.comment))) > 40
        assert str(ontology.value(iri, SKOS.notation)) == key
    assert (CKG.confidence, RDFS.range, XSD.decimal) in ontology


# --------------------------------------------------------------------------- shapes.ttl


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    # meta_shacl raises if the shapes graph breaks the SHACL-for-SHACL shapes.
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_is_documented(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 12
    for ns in node_shapes:
        assert shapes.value(ns, SH.targetClass) is not None, ns
        for ps in [ns, *shapes.objects(ns, SH.property)]:
            assert shapes.value(ps, SH.name) is not None, ps
            assert shapes.value(ps, SH.description) is not None, ps
            if ps != ns:
                assert shapes.value(ps, SH.message) is not None, shapes.value(ps, SH.path)
                assert shapes.value(ps, SH.severity) in (SH.Violation, SH.Warning)


def test_every_core_class_has_a_shape(shapes: Graph) -> None:
    targets = set(shapes.objects(None, SH.targetClass))
    wanted = {CKG[c] for c in ALL_CLASSES} | {ORG.Organization, FOAF.Person, ORG.Post}
    assert wanted <= targets


def test_shared_labels_have_no_max_count(shapes: Graph) -> None:
    """An org, person, service, priority, topic or area may be described in several documents' graphs."""
    shared = {ORG.Organization, FOAF.Person, CKG.Service, CKG.Priority, CKG.Topic, CKG.Area}
    for ns in shapes.subjects(RDF.type, SH.NodeShape):
        if not shared & set(shapes.objects(ns, SH.targetClass)):
            continue
        for ps in shapes.objects(ns, SH.property):
            if shapes.value(ps, SH.path) in (RDFS.label, FOAF.name, SKOS.prefLabel, SKOS.altLabel):
                assert shapes.value(ps, SH.maxCount) is None, (ns, shapes.value(ps, SH.path))


PREFIXES = """
@prefix ckg: <https://w3id.org/ckg/ontology#> .
@base <https://w3id.org/ckg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

VALID_DATA = (
    PREFIXES
    + """
<doc/plan> a ckg:Document ;
    dcterms:title "Children and Young People's Plan 2010-13" ;
    ckg:periodStart "2010"^^xsd:gYear ; ckg:periodEnd "2013"^^xsd:gYear ;
    ckg:documentType <document-type/plan> ;
    dcterms:publisher <org/oxfordshire-county-council> ;
    dcterms:references <doc/ref/children-act-2004> ;
    ckg:area <area/oxfordshire> ;
    ckg:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    ckg:extractorVersion "1" ; ckg:mediaType "text/plain" ; dcterms:source "plan.txt" .

<doc/ref/children-act-2004> a ckg:Document ; dcterms:title "Children Act 2004" ;
    ckg:documentType <document-type/act> ; ckg:period "2004" .

<passage/plan/0-120> a ckg:Passage ;
    ckg:inDocument <doc/plan> ; ckg:text "Strengthen prevention of child sexual exploitation (CSE)." ;
    ckg:startChar 0 ; ckg:endChar 120 ; ckg:section "3.0 Priorities" ; ckg:blockKind "list_item" ;
    ckg:order 4 ; ckg:page 2 ; dcterms:subject <topic/cse> .

<area/oxfordshire> a ckg:Area ; rdfs:label "Oxfordshire" .

<org/oxfordshire-county-council> a ckg:LocalAuthority ;
    rdfs:label "Oxfordshire County Council" ; skos:altLabel "OCC" ;
    ckg:area <area/oxfordshire> ; prov:wasDerivedFrom <passage/plan/0-120> .

<org/oxfordshire-childrens-trust> a ckg:Partnership ;
    rdfs:label "Oxfordshire Children's Trust" ;
    org:hasMember <org/oxfordshire-county-council> ;
    prov:wasDerivedFrom <passage/plan/0-120> .

<org/barnardos> a ckg:Provider ; rdfs:label "Barnardo's" ; prov:wasDerivedFrom <passage/plan/0-120> .

<priority/plan/keeping-children-safe> a ckg:Priority ;
    rdfs:label "Keeping children and young people safe" ; ckg:rank 3 ;
    ckg:priorityOf <org/oxfordshire-childrens-trust> ; ckg:statedIn <doc/plan> ;
    dcterms:subject <topic/safeguarding> ;
    prov:wasDerivedFrom <passage/plan/0-120> .

<priority/plan/cse> a ckg:Priority ;
    rdfs:label "Strengthen prevention of child sexual exploitation" ;
    ckg:subPriorityOf <priority/plan/keeping-children-safe> ; ckg:statedIn <doc/plan> ;
    prov:wasDerivedFrom <passage/plan/0-120> .

<service/oxfordshire/kingfisher-team> a ckg:Service ;
    rdfs:label "Kingfisher Team" ; ckg:commissionedBy <org/oxfordshire-county-council> ;
    ckg:providedBy <org/barnardos> ; ckg:area <area/oxfordshire> ; ckg:statedIn <doc/plan> ;
    prov:wasDerivedFrom <passage/plan/0-120> .

<intention/plan/1> a ckg:CommissioningIntention ;
    rdfs:label "Commission new initiatives to prevent CSE" ; ckg:action "commission" ; ckg:timescale "2014/15" ;
    ckg:commissioner <org/oxfordshire-county-council> ;
    ckg:supportsPriority <priority/plan/cse> ; ckg:concernsService <service/oxfordshire/kingfisher-team> ;
    ckg:theme "Keeping children safe" ; ckg:statedIn <doc/plan> ;
    prov:wasDerivedFrom <passage/plan/0-120> .

<funding/plan/1> a ckg:FundingAllocation ;
    rdfs:label "PCT - CAMHS 2,827,361" ; ckg:amount "2827361"^^xsd:decimal ; ckg:approximate false ;
    ckg:fundingKind "revenue" ; ckg:funder <org/oxfordshire-county-council> ;
    ckg:funds <service/oxfordshire/kingfisher-team> ; ckg:period "2007/08" ; ckg:statedIn <doc/plan> ;
    prov:wasDerivedFrom <passage/plan/0-120> .

<funding/plan/2> a ckg:FundingAllocation ;
    rdfs:label "Nearly £7m for early intervention" ; ckg:amount "7000000"^^xsd:decimal ; ckg:approximate true ;
    ckg:amountQualifier "nearly" ; ckg:fundingKind "unknown" ; ckg:funds <intention/plan/1> ;
    ckg:statedIn <doc/plan> ; prov:wasDerivedFrom <passage/plan/0-120> .

<indicator/plan/1> a ckg:Indicator ;
    rdfs:label "Children subject to CP plans per 10,000" ; ckg:target "50" ; ckg:baseline "62" ;
    ckg:statedIn <doc/plan> ; prov:wasDerivedFrom <passage/plan/0-120> .

<person/jo-bloggs> a foaf:Person ;
    foaf:name "Jo Bloggs" ; vcard:hasEmail <mailto:jo.bloggs@oxfordshire.gov.uk> ;
    vcard:hasTelephone <tel:+441865792422> ; org:holds <post/jo-bloggs/commissioning-manager> ;
    ckg:address "County Hall, New Road, Oxford OX1 1ND" ; ckg:statedIn <doc/plan> ;
    prov:wasDerivedFrom <passage/plan/0-120> .

<post/jo-bloggs/commissioning-manager> a org:Post ;
    rdfs:label "Commissioning Manager" ; org:postIn <org/oxfordshire-county-council> .
"""
)

PASSAGE = CKGID["passage/plan/0-120"]
OCC = CKGID["org/oxfordshire-county-council"]
FUNDING = CKGID["funding/plan/1"]
PERSON = CKGID["person/jo-bloggs"]


def _results(data: Graph, union_with: Graph | None) -> tuple[bool, set[tuple], str]:
    """Validate data (plus the ontology and topic graphs, as in a built store's union graph)."""
    graph = data + union_with if union_with is not None else data
    conforms, report, text = pyshacl.validate(graph, shacl_graph=_parse("shapes.ttl"))
    found = {
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            report.value(r, SH.sourceConstraintComponent),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    return conforms, found, text


@pytest.fixture
def valid_data() -> Graph:
    return Graph().parse(data=VALID_DATA, format="turtle")


def test_valid_graph_conforms(valid_data: Graph, ontology_and_topics: Graph) -> None:
    conforms, found, text = _results(valid_data, ontology_and_topics)
    assert conforms, text
    assert not found


def test_ontology_and_topics_conform(ontology_and_topics: Graph) -> None:
    conforms, _, text = _results(ontology_and_topics, None)
    assert conforms, text


def test_broken_graph_reports_each_violation(valid_data: Graph, ontology_and_topics: Graph) -> None:
    data = valid_data
    data.set((FUNDING, CKG.amount, Literal("£2.8m")))
    data.set((PERSON, VCARD.hasEmail, URIRef("https://example.org/jo.bloggs")))
    data.remove((OCC, PROV.wasDerivedFrom, None))
    conforms, found, _ = _results(data, ontology_and_topics)
    assert not conforms
    assert found == {
        (FUNDING, CKG.amount, SH.DatatypeConstraintComponent),
        (PERSON, VCARD.hasEmail, SH.PatternConstraintComponent),
        (OCC, PROV.wasDerivedFrom, SH.MinCountConstraintComponent),
    }


DOC = CKGID["doc/plan"]
PRIORITY = CKGID["priority/plan/keeping-children-safe"]
INTENTION = CKGID["intention/plan/1"]
DECIMAL_ONE = Literal("1", datatype=XSD.decimal)
LATE_YEAR = Literal("2014", datatype=XSD.gYear)
BAD_PHONE = URIRef("tel:01865792422")  # national form, not E.164
NO_TOPIC = TOPIC["no-such-topic"]
# Constraint components, as one-element sets so that a breakage can expect several.
DATATYPE = {SH.DatatypeConstraintComponent}
MIN_COUNT = {SH.MinCountConstraintComponent}
MAX_COUNT = {SH.MaxCountConstraintComponent}
CLASS = {SH.ClassConstraintComponent}
PATTERN = {SH.PatternConstraintComponent}
NODE_KIND = {SH.NodeKindConstraintComponent}
LESS_THAN = {SH.LessThanConstraintComponent}
MIN_INCLUSIVE = {SH.MinInclusiveConstraintComponent}
IN = {SH.InConstraintComponent}
OR = {SH.OrConstraintComponent}
SPARQL = {SH.SPARQLConstraintComponent}

# (case, how to change one triple, subject, predicate, new object, components expected)
# Every violation reported must be on that subject and predicate, from exactly those components.
BREAKAGES = [
    ("amount as a string", "set", FUNDING, CKG.amount, Literal("2827361"), DATATYPE),
    ("two amounts", "add", FUNDING, CKG.amount, DECIMAL_ONE, MAX_COUNT),
    ("approximate as a string", "set", FUNDING, CKG.approximate, Literal("yes"), DATATYPE),
    ("unknown funding kind", "set", FUNDING, CKG.fundingKind, Literal("loan"), IN),
    ("funding without provenance", "drop", FUNDING, PROV.wasDerivedFrom, None, MIN_COUNT),
    ("funds a document", "set", FUNDING, CKG.funds, DOC, OR),
    ("email as a literal", "set", PERSON, VCARD.hasEmail, Literal("jo@x.gov.uk"), NODE_KIND | PATTERN),
    ("phone not in E.164 form", "set", PERSON, VCARD.hasTelephone, BAD_PHONE, PATTERN),
    ("person without a name", "drop", PERSON, FOAF.name, None, MIN_COUNT),
    ("provenance not a passage", "set", OCC, PROV.wasDerivedFrom, DOC, CLASS),
    ("organisation without a label", "drop", OCC, RDFS.label, None, MIN_COUNT),
    ("passage start after end", "set", PASSAGE, CKG.startChar, Literal(500), LESS_THAN),
    (
        "passage offset as a string",
        "set",
        PASSAGE,
        CKG.startChar,
        Literal("0"),
        DATATYPE | LESS_THAN | MIN_INCLUSIVE,
    ),
    ("passage without a document", "drop", PASSAGE, CKG.inDocument, None, MIN_COUNT),
    ("unknown topic", "set", PASSAGE, DCTERMS.subject, NO_TOPIC, CLASS),
    ("period year as an integer", "set", DOC, CKG.periodStart, Literal(2010), DATATYPE),
    ("period starts after it ends", "set", DOC, CKG.periodStart, LATE_YEAR, SPARQL),
    ("document without a title", "drop", DOC, DCTERMS.title, None, MIN_COUNT),
    ("rank as a string", "set", PRIORITY, CKG.rank, Literal("three"), DATATYPE),
    ("two intention labels", "add", INTENTION, RDFS.label, Literal("Another"), MAX_COUNT),
]


@pytest.mark.parametrize(
    ("op", "s", "p", "o", "components"), [b[1:] for b in BREAKAGES], ids=[b[0] for b in BREAKAGES]
)
def test_each_breakage_is_reported(
    valid_data: Graph, ontology_and_topics: Graph, op: str, s: URIRef, p: URIRef, o, components: set[URIRef]
) -> None:
    if op == "set":
        valid_data.set((s, p, o))
    elif op == "add":
        valid_data.add((s, p, o))
    else:
        valid_data.remove((s, p, None))
    conforms, found, _ = _results(valid_data, ontology_and_topics)
    assert not conforms
    assert found == {(s, p, c) for c in components}


def test_same_org_labelled_in_two_documents_conforms(valid_data: Graph, ontology_and_topics: Graph) -> None:
    valid_data.add((OCC, RDFS.label, Literal("Oxfordshire County Council (OCC)")))
    conforms, _, text = _results(valid_data, ontology_and_topics)
    assert conforms, text


def test_org_subclass_checked_without_ontology() -> None:
    data = Graph().parse(data=PREFIXES + '<org/x> a ckg:Partnership ; rdfs:label "X" .', format="turtle")
    _, found, _ = _results(data, None)
    assert (CKGID["org/x"], PROV.wasDerivedFrom, SH.MinCountConstraintComponent) in found


# --------------------------------------------------------------------------- topics.ttl


def _topic_iris(topics: Graph) -> set[URIRef]:
    return {s for s in topics.subjects(RDF.type, CKG.Topic) if isinstance(s, URIRef)}


def test_topic_scheme(topics: Graph) -> None:
    scheme = TOPIC_SCHEME
    assert (scheme, RDF.type, SKOS.ConceptScheme) in topics
    tops = set(topics.objects(scheme, SKOS.hasTopConcept))
    assert tops == set(topics.subjects(SKOS.topConceptOf, scheme))
    assert tops and all(topics.value(t, SKOS.broader) is None for t in tops)


def test_topics_are_complete(topics: Graph) -> None:
    iris = _topic_iris(topics)
    assert len(iris) >= 80
    for t in iris:
        key = str(t).removeprefix(str(TOPIC))
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key), t
        assert (t, RDF.type, SKOS.Concept) in topics
        assert (t, SKOS.inScheme, TOPIC_SCHEME) in topics
        prefs = list(topics.objects(t, SKOS.prefLabel))
        assert len(prefs) == 1 and prefs[0].language == "en", t
        assert topics.value(t, SKOS.definition) is not None, t
        assert (t, SKOS.topConceptOf, TOPIC_SCHEME) in topics or topics.value(t, SKOS.broader) in iris, t


def test_topic_hierarchy_has_no_cycles(topics: Graph) -> None:
    for t in _topic_iris(topics):
        seen = {t}
        parent = topics.value(t, SKOS.broader)
        while parent is not None:
            assert parent not in seen, t
            seen.add(parent)
            parent = topics.value(parent, SKOS.broader)


def test_no_label_names_two_topics(topics: Graph) -> None:
    """The tagger matches labels case-insensitively, so a label shared by two topics would tag both."""
    owners: dict[str, set[URIRef]] = {}
    for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for t, label in topics.subject_objects(p):
            owners.setdefault(str(label).lower(), set()).add(t)
    shared = {label: ts for label, ts in owners.items() if len(ts) > 1}
    assert not shared


def test_topics_cover_the_basics(topics: Graph) -> None:
    labels = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in topics.objects(None, p)}
    for acronym in ("CSE", "CAMHS", "LAC", "SEND", "NEET", "UASC", "MASH", "FGM", "YOS", "EHCP", "IFA"):
        assert acronym in labels, acronym
    cse = TOPIC["cse"]
    assert topics.value(cse, SKOS.broader) == TOPIC["safeguarding"]
    assert Literal("sexually exploited", lang="en") in set(topics.objects(cse, SKOS.hiddenLabel))


# --------------------------------------------------------------------------- areas.txt


def _areas() -> list[tuple[str, str]]:
    rows = []
    for number, line in enumerate((ONTOLOGY_DIR / "areas.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) == 2, f"line {number}: {line!r}"
        name, kind = fields
        assert name == name.strip() and name, f"line {number}: {line!r}"
        assert kind in AREA_KINDS, f"line {number}: {line!r}"
        rows.append((name, kind))
    return rows


def test_areas_parse_without_duplicates() -> None:
    rows = _areas()
    assert len(rows) > 400
    counts = Counter(name.lower() for name, _ in rows)
    assert not [name for name, n in counts.items() if n > 1]
    assert (ONTOLOGY_DIR / "areas.txt").read_text(encoding="utf-8").startswith("#")


def test_areas_include_the_corpus_places() -> None:
    kinds = dict(_areas())
    expected = {
        "Oxfordshire": "county",
        "Bedfordshire": "county",
        "West Sussex": "county",
        "Reading": "unitary",
        "Luton": "unitary",
        "Bedford": "unitary",
        "Central Bedfordshire": "unitary",
        "Slough": "unitary",
        "Oxford": "city",
        "Crawley": "district",
        "Banbury": "town",
        "Dunstable": "town",
        "Camden": "london-borough",
        "Leeds": "metropolitan",
        "South East": "region",
    }
    for name, kind in expected.items():
        assert kinds.get(name) == kind, name
    assert Counter(kinds.values())["london-borough"] == 33
    assert Counter(kinds.values())["metropolitan"] == 36
