"""Extracted records -> the RDF of one document's named graph, with provenance.

Every resource made here gets ``prov:wasDerivedFrom`` the ``ckg:Passage`` (s) holding the
text it was read from, so any fact can show its sentence; every extracted one also gets
``prov:wasGeneratedBy`` the activity of the method that read it and a ``ckg:confidence``
(``loaders/extract/methods.py``). Both sit in the document's graph: a body named by two
documents has one reading, and one confidence, per document. Names that link records (an
intention's commissioner, a funding line's funder) become IRIs through ``graph.iris``,
which is what makes the same body in two documents one node.

The output is a plain rdflib ``Graph`` (a notebook can inspect it); ``graph.store`` writes
it into the document's named graph in one transaction.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from ckg.graph import iris
from ckg.graph.namespaces import CKG, ORG, PREFIXES, VCARD
from ckg.graph.passages import Passage, PassageLocator, split_passages
from ckg.loaders.extract.records import Extraction, OrgRecord, Span, _Record
from ckg.loaders.structure import StructuredDocument

ORG_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "local-authority": (CKG.LocalAuthority,),
    "health-body": (CKG.HealthBody,),
    "partnership": (CKG.Partnership, ORG.OrganizationalCollaboration),
    "team": (CKG.Team, ORG.OrganizationalUnit),
    "provider": (CKG.Provider,),
    "school": (CKG.School, CKG.Provider),
    "national-body": (CKG.NationalBody,),
    "other": (),
}


def _lit(value: object, datatype: URIRef | None = None) -> Literal:
    return Literal(value, datatype=datatype) if datatype else Literal(value)


class DocumentGraphBuilder:
    """Builds the named graph of one loaded document."""

    def __init__(self, doc: StructuredDocument, extraction: Extraction, extractor_version: str) -> None:
        self.doc = doc
        self.ex = extraction
        self.extractor_version = extractor_version
        self.doc_slug = iris.slug(doc.source.rsplit(".", 1)[0])
        self.doc_iri = iris.doc_iri(doc.source.rsplit(".", 1)[0])
        self.passages = split_passages(doc)
        self.locator = PassageLocator(self.passages)
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self._used_passages: set[int] = set()
        self._org_names: set[str] = set()
        self._area = extraction.document.area

    # ------------------------------------------------------------------ helpers
    def passage_iri(self, p: Passage) -> URIRef:
        return iris.passage_iri(self.doc_slug, p.start, p.end)

    def _derive(self, subject: URIRef, spans: list[Span]) -> None:
        seen: set[int] = set()
        for span in spans or []:
            p = self.locator.at(span.start)
            if p is None or p.order in seen:
                continue
            seen.add(p.order)
            self.g.add((subject, PROV.wasDerivedFrom, self.passage_iri(p)))
        if not seen and self.passages:
            self.g.add((subject, PROV.wasDerivedFrom, self.passage_iri(self.passages[0])))

    def _how(self, subject: URIRef, record: _Record) -> None:
        """How the record was read: its method's activity and its confidence (xsd:decimal)."""
        if record.method:
            self.g.add((subject, PROV.wasGeneratedBy, iris.activity_iri(record.method)))
        if record.confidence is not None:
            self.g.add(
                (subject, CKG.confidence, Literal(Decimal(str(record.confidence)), datatype=XSD.decimal))
            )

    def _topics(self, subject: URIRef, record: _Record) -> None:
        for key in record.topics:
            self.g.add((subject, DCTERMS.subject, iris.topic_iri(key)))

    def _org(self, name: str | None, spans: list[Span]) -> URIRef | None:
        """IRI of a named body; bodies not in the org list get a minimal node (with provenance)."""
        if not name:
            return None
        iri = iris.org_iri(name)
        if name not in self._org_names:
            self._org_names.add(name)
            self.g.add((iri, RDF.type, ORG.Organization))
            self.g.add((iri, RDFS.label, Literal(name)))
            self.g.add((iri, SKOS.prefLabel, Literal(name)))
            self._derive(iri, spans)
        return iri

    def _area_iri(self, name: str | None) -> URIRef | None:
        if not name:
            return None
        iri = iris.area_iri(name)
        self.g.add((iri, RDF.type, CKG.Area))
        self.g.add((iri, RDFS.label, Literal(name)))
        return iri

    # ------------------------------------------------------------------ build
    def build(self) -> Graph:
        self._passages()
        self._document()
        for rec in self.ex.organisations:
            self._organisation(rec)
        for rec in self.ex.organisations:  # second pass: parents and members now all exist
            if rec.parent:
                self.g.add((iris.org_iri(rec.name), ORG.subOrganizationOf, self._org(rec.parent, rec.spans)))
            for member in rec.members:
                self.g.add((iris.org_iri(rec.name), ORG.hasMember, self._org(member, rec.spans)))
        self._priorities()
        self._services()
        self._intentions()
        self._funding()
        self._contacts()
        self._references()
        self._indicators()
        return self.g

    def _passages(self) -> None:
        g, d = self.g, self.doc
        for p in self.passages:
            iri = self.passage_iri(p)
            g.add((iri, RDF.type, CKG.Passage))
            g.add((iri, CKG.inDocument, self.doc_iri))
            g.add((iri, CKG.text, Literal(d.text[p.start : p.end])))
            if p.section:
                g.add((iri, CKG.section, Literal(" > ".join(p.section))))
            g.add((iri, CKG.startChar, _lit(p.start, XSD.integer)))
            g.add((iri, CKG.endChar, _lit(p.end, XSD.integer)))
            g.add((iri, CKG.order, _lit(p.order, XSD.integer)))
            g.add((iri, CKG.blockKind, Literal(p.kind)))
            if p.page is not None:
                g.add((iri, CKG.page, _lit(p.page, XSD.integer)))
            for key in self.ex.passage_topics.get(p.block, []):
                g.add((iri, DCTERMS.subject, iris.topic_iri(key)))

    def _document(self) -> None:
        g, rec, s = self.g, self.ex.document, self.doc_iri
        g.add((s, RDF.type, CKG.Document))
        g.add((s, RDF.type, FOAF.Document))
        g.add((s, DCTERMS.title, Literal(rec.title or self.doc.title or self.doc.source)))
        g.add((s, RDFS.label, Literal(rec.title or self.doc.title or self.doc.source)))
        g.add((s, DCTERMS.source, Literal(self.doc.source)))
        g.add((s, CKG.contentHash, Literal(self.doc.sha256)))
        g.add((s, CKG.extractorVersion, Literal(self.extractor_version)))
        g.add((s, CKG.mediaType, Literal(self.doc.media_type)))
        for publisher in rec.publishers:
            g.add((s, DCTERMS.publisher, self._org(publisher, rec.spans)))
        if area := self._area_iri(rec.area):
            g.add((s, CKG.area, area))
        if rec.period_start:
            g.add((s, CKG.periodStart, _lit(str(rec.period_start), XSD.gYear)))
        if rec.period_end:
            g.add((s, CKG.periodEnd, _lit(str(rec.period_end), XSD.gYear)))
        if rec.issued:
            kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(rec.issued), XSD.date)
            g.add((s, DCTERMS.issued, _lit(rec.issued, kind)))
        if rec.doc_type:
            g.add((s, CKG.documentType, iris.document_type_iri(rec.doc_type)))
        self._derive(s, rec.spans)
        self._topics(s, rec)

    def _organisation(self, rec: OrgRecord) -> None:
        g = self.g
        iri = iris.org_iri(rec.name)
        self._org_names.add(rec.name)
        g.add((iri, RDF.type, ORG.Organization))
        for cls in ORG_CLASSES.get(rec.kind, ()):
            g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(rec.name)))
        g.add((iri, SKOS.prefLabel, Literal(rec.name)))
        for alias in rec.aliases:
            if alias and alias != rec.name:
                g.add((iri, SKOS.altLabel, Literal(alias)))
        if area := self._area_iri(rec.area):
            g.add((iri, CKG.area, area))
        self._derive(iri, rec.spans)
        self._how(iri, rec)
        self._topics(iri, rec)

    def _stating_doc(self, title: str | None) -> tuple[URIRef, str]:
        if not title:
            return self.doc_iri, self.ex.document.title or self.doc.title
        ref = iris.referenced_doc_iri(title)
        self.g.add((ref, RDF.type, CKG.Document))
        self.g.add((ref, DCTERMS.title, Literal(title)))
        self.g.add((ref, RDFS.label, Literal(title)))
        self.g.add((self.doc_iri, DCTERMS.references, ref))
        return ref, title

    def _priority_iri(self, text: str, stated_in: str | None) -> URIRef:
        return iris.priority_iri(stated_in or self.ex.document.title or self.doc.title, text)

    def _priorities(self) -> None:
        g = self.g
        self._priority_by_text: dict[str, URIRef] = {}
        for rec in self.ex.priorities:
            doc_ref, title = self._stating_doc(rec.stated_in)
            iri = self._priority_iri(rec.text, title)
            self._priority_by_text.setdefault(rec.text.lower(), iri)
            g.add((iri, RDF.type, CKG.Priority))
            g.add((iri, RDFS.label, Literal(rec.text)))
            g.add((iri, CKG.statedIn, doc_ref))
            if rec.rank is not None:
                g.add((iri, CKG.rank, _lit(rec.rank, XSD.integer)))
            if owner := self._org(rec.owner, rec.spans):
                g.add((iri, CKG.priorityOf, owner))
            self._derive(iri, rec.spans)
            self._how(iri, rec)
            self._topics(iri, rec)
        for rec in self.ex.priorities:
            if rec.parent and (parent := self._priority_by_text.get(rec.parent.lower())):
                _, title = self._stating_doc(rec.stated_in)
                g.add((self._priority_iri(rec.text, title), CKG.subPriorityOf, parent))

    def _services(self) -> None:
        g = self.g
        self._service_by_name: dict[str, URIRef] = {}
        for rec in self.ex.services:
            iri = iris.service_iri(rec.area or self._area, rec.name)
            self._service_by_name.setdefault(rec.name.lower(), iri)
            g.add((iri, RDF.type, CKG.Service))
            g.add((iri, RDFS.label, Literal(rec.name)))
            g.add((iri, CKG.statedIn, self.doc_iri))
            if c := self._org(rec.commissioner, rec.spans):
                g.add((iri, CKG.commissionedBy, c))
            if p := self._org(rec.provider, rec.spans):
                g.add((iri, CKG.providedBy, p))
            if area := self._area_iri(rec.area or self._area):
                g.add((iri, CKG.area, area))
            self._derive(iri, rec.spans)
            self._how(iri, rec)
            self._topics(iri, rec)

    def _intentions(self) -> None:
        g = self.g
        self._intention_by_text: dict[str, URIRef] = {}
        for n, rec in enumerate(self.ex.intentions, 1):
            iri = iris.numbered_iri("intention", self.doc_slug, n)
            self._intention_by_text.setdefault(rec.text.lower(), iri)
            g.add((iri, RDF.type, CKG.CommissioningIntention))
            g.add((iri, RDFS.label, Literal(rec.text)))
            g.add((iri, CKG.statedIn, self.doc_iri))
            if rec.action:
                g.add((iri, CKG.action, Literal(rec.action)))
            if rec.timescale:
                g.add((iri, CKG.timescale, Literal(rec.timescale)))
            if c := self._org(rec.commissioner, rec.spans):
                g.add((iri, CKG.commissioner, c))
            if rec.priority and (p := self._priority_by_text.get(rec.priority.lower())):
                g.add((iri, CKG.supportsPriority, p))
            if rec.priority:
                g.add((iri, CKG.theme, Literal(rec.priority)))
            if rec.service and (s := self._service_by_name.get(rec.service.lower())):
                g.add((iri, CKG.concernsService, s))
            self._derive(iri, rec.spans)
            self._how(iri, rec)
            self._topics(iri, rec)

    def _funding(self) -> None:
        g = self.g
        for n, rec in enumerate(self.ex.funding, 1):
            iri = iris.numbered_iri("funding", self.doc_slug, n)
            g.add((iri, RDF.type, CKG.FundingAllocation))
            g.add((iri, RDFS.label, Literal(rec.item)))
            g.add((iri, CKG.statedIn, self.doc_iri))
            if rec.amount is not None:
                with contextlib.suppress(InvalidOperation):
                    g.add((iri, CKG.amount, Literal(Decimal(rec.amount), datatype=XSD.decimal)))
            g.add((iri, CKG.approximate, _lit(bool(rec.approximate), XSD.boolean)))
            if rec.qualifier:
                g.add((iri, CKG.amountQualifier, Literal(rec.qualifier)))
            g.add((iri, CKG.fundingKind, Literal(rec.kind or "unknown")))
            if f := self._org(rec.funder, rec.spans):
                g.add((iri, CKG.funder, f))
            if rec.funds:
                target = (
                    self._service_by_name.get(rec.funds.lower())
                    or self._intention_by_text.get(rec.funds.lower())
                    or self._priority_by_text.get(rec.funds.lower())
                )
                if target is not None:
                    g.add((iri, CKG.funds, target))
            for prop, value in ((CKG.period, rec.period), (CKG.theme, rec.theme), (CKG.note, rec.note)):
                if value:
                    g.add((iri, prop, Literal(value)))
            self._derive(iri, rec.spans)
            self._how(iri, rec)
            self._topics(iri, rec)

    def _contacts(self) -> None:
        g = self.g
        for rec in self.ex.contacts:
            iri = iris.person_iri(rec.name)
            g.add((iri, RDF.type, FOAF.Person))
            g.add((iri, FOAF.name, Literal(rec.name)))
            g.add((iri, RDFS.label, Literal(rec.name)))
            g.add((iri, CKG.statedIn, self.doc_iri))
            if rec.email:
                g.add((iri, VCARD.hasEmail, URIRef("mailto:" + rec.email)))
            if rec.phone:
                g.add((iri, VCARD.hasTelephone, URIRef("tel:" + rec.phone)))
            if rec.address:
                g.add((iri, CKG.address, Literal(rec.address)))
            org = self._org(rec.organisation, rec.spans)
            if rec.role:
                post = iris.post_iri(rec.name, rec.role)
                g.add((post, RDF.type, ORG.Post))
                g.add((post, RDFS.label, Literal(rec.role)))
                g.add((iri, ORG.holds, post))
                g.add((post, ORG.heldBy, iri))
                if org is not None:
                    g.add((post, ORG.postIn, org))
                self._derive(post, rec.spans)
                self._how(post, rec)
            if org is not None:
                g.add((iri, ORG.memberOf, org))
            self._derive(iri, rec.spans)
            self._how(iri, rec)

    def _references(self) -> None:
        g = self.g
        for rec in self.ex.references:
            iri = iris.referenced_doc_iri(rec.title)
            g.add((iri, RDF.type, CKG.Document))
            g.add((iri, RDF.type, FOAF.Document))
            g.add((iri, DCTERMS.title, Literal(rec.title)))
            g.add((iri, RDFS.label, Literal(rec.title)))
            g.add((self.doc_iri, DCTERMS.references, iri))
            if rec.period:
                g.add((iri, CKG.period, Literal(rec.period)))
            if rec.kind:
                g.add((iri, CKG.documentType, iris.document_type_iri(rec.kind)))
            if pub := self._org(rec.publisher, rec.spans):
                g.add((iri, DCTERMS.publisher, pub))
            self._derive(iri, rec.spans)
            self._how(iri, rec)
            self._topics(iri, rec)

    def _indicators(self) -> None:
        g = self.g
        for n, rec in enumerate(self.ex.indicators, 1):
            iri = iris.numbered_iri("indicator", self.doc_slug, n)
            g.add((iri, RDF.type, CKG.Indicator))
            g.add((iri, RDFS.label, Literal(rec.label)))
            g.add((iri, CKG.statedIn, self.doc_iri))
            if rec.target:
                g.add((iri, CKG.target, Literal(rec.target)))
            if rec.baseline:
                g.add((iri, CKG.baseline, Literal(rec.baseline)))
            self._derive(iri, rec.spans)
            self._how(iri, rec)
            self._topics(iri, rec)


def build_document_graph(doc: StructuredDocument, extraction: Extraction, extractor_version: str) -> Graph:
    """The named graph of one document (see module docstring)."""
    return DocumentGraphBuilder(doc, extraction, extractor_version).build()


__all__ = ["BNode", "DocumentGraphBuilder", "build_document_graph"]
