"""Graph facts behind an answer: rows of the ``queries/ask/*.rq`` templates, bound to passages.

Each template reads one kind of resource (funding lines, commissioning, bodies, people,
priorities, documents) from the passages retrieval found. A ``Fact`` says: this resource
(the *answer*) stands in this *relation* to that *item*, read from this passage. The
engine ranks facts and groups them into answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

from rdflib import URIRef

from ckg.graph.store import bind


@cache
def template(name: str) -> str:
    return resources.files("ckg.queries.ask").joinpath(f"{name}.rq").read_text(encoding="utf-8")


def bound_query(name: str, passages: list[str]) -> str:
    """The template with the passages bound inline: runnable as-is on /sparql."""
    return bind(template(name), {"passage": [URIRef(p) for p in passages]})


@dataclass
class Fact:
    answer: str  # IRI of the answer resource
    answer_label: str
    relation: str  # funder, commissioner, provider, named, person, priority, intention, service, line, document, part-of
    item: str | None  # IRI of the thing the answer relates to (the funding line, the intention...)
    item_label: str | None
    passage: str
    quote: str
    section: str | None
    doc: str
    doc_title: str
    template: str
    extra: dict[str, object] = field(default_factory=dict)


def _s(row: dict, key: str) -> str | None:
    v = row.get(key)
    return None if v is None else str(v)


def funding_facts(rows: list[dict]) -> list[Fact]:
    out = []
    for r in rows:
        base = dict(
            passage=r["passage"],
            quote=r["quote"],
            section=_s(r, "section"),
            doc=r["doc"],
            doc_title=r["docTitle"],
            template="funding",
        )
        extra = {
            k: r.get(k)
            for k in (
                "amount",
                "approximate",
                "qualifier",
                "kind",
                "period",
                "theme",
                "note",
                "funderLabel",
                "funder",
                "targetLabel",
            )
        }
        out.append(Fact(r["item"], r["itemLabel"], "line", r["item"], r["itemLabel"], extra=extra, **base))
        if r.get("funder"):
            out.append(
                Fact(r["funder"], r["funderLabel"], "funder", r["item"], r["itemLabel"], extra=extra, **base)
            )
    return out


def commissioning_facts(rows: list[dict]) -> list[Fact]:
    out = []
    for r in rows:
        base = dict(
            passage=r["passage"],
            quote=r["quote"],
            section=_s(r, "section"),
            doc=r["doc"],
            doc_title=r["docTitle"],
            template=r["itemType"] + "s",
        )
        extra = {
            k: r.get(k)
            for k in (
                "timescale",
                "action",
                "theme",
                "commissionerLabel",
                "providerLabel",
                "itemType",
                "commissioner",
                "provider",
            )
        }
        out.append(
            Fact(r["item"], r["itemLabel"], r["itemType"], r["item"], r["itemLabel"], extra=extra, **base)
        )
        if r.get("commissioner"):
            out.append(
                Fact(
                    r["commissioner"],
                    r["commissionerLabel"],
                    "commissioner",
                    r["item"],
                    r["itemLabel"],
                    extra=extra,
                    **base,
                )
            )
        if r.get("provider"):
            out.append(
                Fact(
                    r["provider"],
                    r["providerLabel"],
                    "provider",
                    r["item"],
                    r["itemLabel"],
                    extra=extra,
                    **base,
                )
            )
    return out


def body_facts(rows: list[dict]) -> list[Fact]:
    merged: dict[tuple[str, str], Fact] = {}
    for r in rows:
        key = (r["item"], r["passage"])
        f = merged.get(key)
        if f is None:
            f = merged[key] = Fact(
                r["item"],
                r["itemLabel"],
                "named",
                None,
                None,
                r["passage"],
                r["quote"],
                _s(r, "section"),
                r["doc"],
                r["docTitle"],
                "bodies",
                extra={"types": set(), "parentLabel": r.get("parentLabel"), "parent": r.get("parent")},
            )
        if r.get("type") and str(r["type"]).startswith("https://w3id.org/ckg/ontology#"):
            f.extra["types"].add(str(r["type"]))
    out = list(merged.values())
    for f in list(out):
        if f.extra.get("parent"):
            out.append(
                Fact(
                    str(f.extra["parent"]),
                    str(f.extra["parentLabel"]),
                    "parent-of",
                    f.answer,
                    f.answer_label,
                    f.passage,
                    f.quote,
                    f.section,
                    f.doc,
                    f.doc_title,
                    "bodies",
                    extra={"types": set()},
                )
            )
    return out


def people_facts(rows: list[dict]) -> list[Fact]:
    out: dict[tuple[str, str], Fact] = {}
    for r in rows:
        key = (r["item"], r["passage"])
        if key in out:
            continue
        extra = {k: r.get(k) for k in ("role", "bodyLabel", "email", "phone", "address", "body")}
        out[key] = Fact(
            r["item"],
            r["itemLabel"],
            "person",
            r["item"],
            r["itemLabel"],
            r["passage"],
            r["quote"],
            _s(r, "section"),
            r["doc"],
            r["docTitle"],
            "people",
            extra=extra,
        )
    return list(out.values())


def priority_facts(rows: list[dict]) -> list[Fact]:
    out: dict[tuple[str, str], Fact] = {}
    for r in rows:
        key = (r["item"], r["passage"])
        if key in out:
            continue
        extra = {k: r.get(k) for k in ("rank", "ownerLabel", "statedIn", "statedInTitle", "parentLabel")}
        out[key] = Fact(
            r["item"],
            r["itemLabel"],
            "priority",
            r["item"],
            r["itemLabel"],
            r["passage"],
            r["quote"],
            _s(r, "section"),
            r["doc"],
            r["docTitle"],
            "priorities",
            extra=extra,
        )
    return list(out.values())


def document_facts(rows: list[dict]) -> list[Fact]:
    out: dict[tuple[str, str], Fact] = {}
    for r in rows:
        key = (r["item"], r["passage"])
        if key in out:
            continue
        extra = {k: r.get(k) for k in ("period", "kind", "publisherLabel")}
        out[key] = Fact(
            r["item"],
            r["itemLabel"],
            "document",
            r["item"],
            r["itemLabel"],
            r["passage"],
            r["quote"],
            _s(r, "section"),
            r["doc"],
            r["docTitle"],
            "documents",
            extra=extra,
        )
    return list(out.values())


def publisher_facts(rows: list[dict]) -> list[Fact]:
    out: dict[tuple[str, str], Fact] = {}
    for r in rows:
        key = (r["item"], r["doc"])
        if key not in out:
            out[key] = Fact(
                r["item"],
                r["itemLabel"],
                "publisher",
                r["doc"],
                r["docTitle"],
                r["evidence"],
                r["quote"],
                _s(r, "section"),
                r["doc"],
                r["docTitle"],
                "publishers",
                extra={},
            )
    return list(out.values())


READERS = {
    "publishers": publisher_facts,
    "funding": funding_facts,
    "intentions": commissioning_facts,
    "services": commissioning_facts,
    "bodies": body_facts,
    "people": people_facts,
    "priorities": priority_facts,
    "documents": document_facts,
}


def format_amount(amount: object, qualifier: object = None) -> str:
    """£ as people write it: "£1,234,567"; whole millions also as "£5m"; with the printed qualifier.

    >>> format_amount(Decimal("5000000"), "nearly")
    'nearly £5m (£5,000,000)'
    >>> format_amount(Decimal("1234567"))
    '£1,234,567'
    >>> format_amount(Decimal("4100000"))
    '£4.1m (£4,100,000)'
    """
    if amount is None:
        return "To be advised"
    value = Decimal(str(amount))
    full = f"£{value:,.0f}" if value == value.to_integral() else f"£{value:,.2f}"
    text = full
    if value >= 1_000_000 and (value % 100_000) == 0:
        millions = value / 1_000_000
        short = f"£{millions:.1f}".rstrip("0").rstrip(".") + "m"
        text = f"{short} ({full})"
    elif value >= 1000 and value % 1000 == 0 and value < 1_000_000:
        text = f"£{value / 1000:.0f}k ({full})"
    return f"{qualifier} {text}" if qualifier else text
