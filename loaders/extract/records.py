"""Extracted records: what extraction hands to the graph builder.

Plain dataclasses, no RDF: the graph package turns them into triples. Every record
carries the ``spans`` (character offsets into ``StructuredDocument.text``) it was read
from; the builder maps each span to the ``ckg:Passage`` that contains it, which becomes
the record's ``prov:wasDerivedFrom``. A record without a span is a bug.

Each record also says how it was read (``method``, one of ``methods.METHODS``) and how sure
that reading is (``confidence``); see ``loaders/extract/methods.py``.

Names that refer to organisations (``owner``, ``commissioner``, ``funder``, ...) hold
the *canonical name* of an ``OrgRecord`` in the same extraction, so the builder can
mint one IRI per body.

>>> r = FundingRecord(item="PCT - CAMHS", amount="2827361", funder="Bedfordshire Primary Care Trust",
...                   spans=[Span(10, 30)])
>>> Extraction.from_dict(Extraction(document=DocumentRecord(title="T"), funding=[r]).to_dict()).funding[0].amount
'2827361'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# Organisation kinds, mapped to ontology classes by graph.rdf_builder.
ORG_KINDS = (
    "local-authority",  # councils                       -> ckg:LocalAuthority
    "health-body",  # PCT, CCG, ICB, NHS trusts        -> ckg:HealthBody
    "partnership",  # boards, partnerships, panels     -> ckg:Partnership
    "team",  # directorates, services-as-units  -> ckg:Team
    "provider",  # voluntary, private, independent  -> ckg:Provider
    "school",  # schools and academies            -> ckg:School (⊑ ckg:Provider)
    "national-body",  # departments, regulators, ACE     -> ckg:NationalBody
    "other",  #                                  -> org:Organization
)


@dataclass
class _Record:
    KIND: ClassVar[str] = ""
    spans: list[Span] = field(default_factory=list, kw_only=True)
    topics: list[str] = field(default_factory=list, kw_only=True)  # topic keys from ontology/topics.ttl
    # how it was read (a key of loaders.extract.methods.METHODS), set where the record is made;
    # the pipeline gives a record no extractor named "implied"
    method: str | None = field(default=None, kw_only=True)
    # how sure that reading is, in [0, 1]: set by the pipeline from the method's prior and evidence
    confidence: float | None = field(default=None, kw_only=True)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["spans"] = [[s.start, s.end] for s in self.spans]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]):
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        d["spans"] = [Span(a, b) for a, b in d.get("spans") or []]
        return cls(**d)


@dataclass
class DocumentRecord(_Record):
    KIND: ClassVar[str] = "document"
    title: str
    publishers: list[str] = field(default_factory=list)  # canonical org names
    area: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    issued: str | None = None  # ISO date as printed on the cover: "2016-07-04", "2006-12", "2014"
    doc_type: str | None = (
        None  # strategy | plan | framework | committee-report | guide | action-plan | needs-assessment | report
    )


@dataclass
class OrgRecord(_Record):
    KIND: ClassVar[str] = "organisation"
    name: str  # canonical full name
    aliases: list[str] = field(default_factory=list)
    kind: str = "other"  # one of ORG_KINDS
    parent: str | None = None  # canonical name of the body it sits within
    members: list[str] = field(default_factory=list)  # canonical names of member bodies (org:hasMember)
    area: str | None = None


@dataclass
class PriorityRecord(_Record):
    KIND: ClassVar[str] = "priority"
    text: str
    rank: int | None = None
    owner: str | None = None  # canonical org name
    stated_in: str | None = None  # title of the stating document; None = this document
    parent: str | None = None  # text of the priority/theme this one sits under (areas of focus)


@dataclass
class IntentionRecord(_Record):
    KIND: ClassVar[str] = "intention"
    text: str
    action: str | None = (
        None  # commission | re-commission | decommission | develop | review | re-tender | ...
    )
    commissioner: str | None = None
    timescale: str | None = None
    priority: str | None = None  # text of the priority or theme it serves
    service: str | None = None  # name of the service it concerns


@dataclass
class ServiceRecord(_Record):
    KIND: ClassVar[str] = "service"
    name: str
    commissioner: str | None = None
    provider: str | None = None
    area: str | None = None


@dataclass
class FundingRecord(_Record):
    KIND: ClassVar[str] = "funding"
    item: str  # the line as printed
    amount: str | None = None  # decimal pounds as a string ("2827361", "7000000"); None for "To be advised"
    approximate: bool = False
    qualifier: str | None = None  # "nearly", "over", "in excess of", "less", "up to", ...
    kind: str = "unknown"  # revenue | capital | grant | spend | saving | unknown
    funder: str | None = None  # canonical org name
    period: str | None = None
    theme: str | None = None  # section/theme it sits under
    funds: str | None = None  # name of the service (or text of the intention/priority) it funds
    note: str | None = None


@dataclass
class ContactRecord(_Record):
    KIND: ClassVar[str] = "contact"
    name: str
    role: str | None = None
    organisation: str | None = None  # canonical org name
    email: str | None = None
    phone: str | None = None  # E.164
    address: str | None = None


@dataclass
class ReferenceRecord(_Record):
    KIND: ClassVar[str] = "reference"
    title: str
    period: str | None = None
    kind: str = "other"  # strategy | plan | act | guidance | report | other
    publisher: str | None = None


@dataclass
class IndicatorRecord(_Record):
    KIND: ClassVar[str] = "indicator"
    label: str
    target: str | None = None
    baseline: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: DocumentRecord
    organisations: list[OrgRecord] = field(default_factory=list)
    priorities: list[PriorityRecord] = field(default_factory=list)
    intentions: list[IntentionRecord] = field(default_factory=list)
    services: list[ServiceRecord] = field(default_factory=list)
    funding: list[FundingRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    references: list[ReferenceRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    # topic keys per block index, for tagging passages
    passage_topics: dict[int, list[str]] = field(default_factory=dict)

    LISTS: ClassVar[dict[str, type]] = {
        "organisations": OrgRecord,
        "priorities": PriorityRecord,
        "intentions": IntentionRecord,
        "services": ServiceRecord,
        "funding": FundingRecord,
        "contacts": ContactRecord,
        "references": ReferenceRecord,
        "indicators": IndicatorRecord,
    }

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"document": self.document.to_dict()}
        for name in self.LISTS:
            d[name] = [r.to_dict() for r in getattr(self, name)]
        d["passage_topics"] = {str(k): v for k, v in self.passage_topics.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        ex = cls(document=DocumentRecord.from_dict(d["document"]))
        for name, rec_cls in cls.LISTS.items():
            setattr(ex, name, [rec_cls.from_dict(r) for r in d.get(name) or []])
        ex.passage_topics = {int(k): v for k, v in (d.get("passage_topics") or {}).items()}
        return ex

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.LISTS}
