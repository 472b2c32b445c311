"""Confidence of every record: its method's prior plus the evidence the record itself carries.

Runs last in the pipeline, once every record exists, because some evidence is about other
records (whether the body a funding line names was read from the vocabulary). The rule is
``methods.confidence(method, support, doubt)``; the evidence per kind, each piece worth +0.05
(support) or -0.1 (doubt), chosen because it says the reading found what it looked for, not
by looking at any gold:

| record | support | doubt |
|---|---|---|
| organisation | named more than once in the document | |
| priority | a printed rank; an owner that is a known body | |
| intention | a recognised commissioning action; a known commissioner | |
| service | a known commissioner; a known provider | |
| funding line | an exact amount (not "nearly", not a range); a known funder | no amount |
| contact | an email or phone; an organisation | |
| referenced document | a printed period; a known publisher | |
| indicator | a target or baseline | |

A *known* body is one read from the bundled lists of bodies or from an acronym the document
defines. A record no extractor gave a method to is "implied" (made because another record
names it).

>>> from ckg.loaders.extract.records import DocumentRecord, Extraction, FundingRecord, OrgRecord, Span
>>> ex = Extraction(DocumentRecord("T"),
...     organisations=[OrgRecord("Elmshire County Council", method="vocabulary", spans=[Span(0, 5)])],
...     funding=[FundingRecord("Youth service", amount="1000", funder="Elmshire County Council",
...                            method="table-row", spans=[Span(0, 5)])])
>>> score(ex)
>>> ex.funding[0].confidence, ex.organisations[0].confidence
(0.99, 0.9)
"""

from __future__ import annotations

from collections.abc import Callable

from ckg.loaders.extract.methods import confidence
from ckg.loaders.extract.records import (
    ContactRecord,
    Extraction,
    FundingRecord,
    IndicatorRecord,
    IntentionRecord,
    OrgRecord,
    PriorityRecord,
    ReferenceRecord,
    ServiceRecord,
    _Record,
)

KNOWN_METHODS = ("vocabulary", "acronym-definition")


def _evidence(rec: _Record, known: set[str]) -> tuple[int, int]:
    """(support, doubt) for one record; see the table in the module docstring."""
    checks: dict[type, Callable[[], tuple[list[bool], list[bool]]]] = {
        OrgRecord: lambda: ([len(rec.spans) > 1], []),
        PriorityRecord: lambda: ([rec.rank is not None, rec.owner in known], []),
        IntentionRecord: lambda: ([rec.action is not None, rec.commissioner in known], []),
        ServiceRecord: lambda: ([rec.commissioner in known, rec.provider in known], []),
        FundingRecord: lambda: (
            [rec.amount is not None and not rec.approximate, rec.funder in known],
            [rec.amount is None],
        ),
        ContactRecord: lambda: ([bool(rec.email or rec.phone), rec.organisation is not None], []),
        ReferenceRecord: lambda: ([rec.period is not None, rec.publisher in known], []),
        IndicatorRecord: lambda: ([bool(rec.target or rec.baseline)], []),
    }
    check = checks.get(type(rec))
    if check is None:
        return 0, 0
    support, doubt = check()
    return sum(support), sum(doubt)


def score(ex: Extraction) -> None:
    """Give every record a method (``implied`` if none) and a confidence, in place."""
    known = {o.name for o in ex.organisations if o.method in KNOWN_METHODS}
    for name in ex.LISTS:
        for rec in getattr(ex, name):
            rec.method = rec.method or "implied"
            support, doubt = _evidence(rec, known)
            rec.confidence = confidence(rec.method, support, doubt)
