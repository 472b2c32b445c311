"""Totals count an allocation once, however many documents state it (issue 16).

Two invented documents state the same allocation (the same funder, period and sums); a third
line, in one of them only, is a different allocation. Built into a real store with the real
model: the named query's funder total, the funder's entity page and ``ckg summary`` count the
shared sums once, and still cite both documents. On the bundled corpus, the SPARQL rule
(funding-by-funder.rq) and the Python rule (queries/funding_totals.py) give the same totals.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from ckgtest import run_ckg
from lxml import html

PLAN = """# Marrowby Children and Young People's Plan 2025-2027

Published by Marrowby County Council.

## Family Hubs

To achieve this £1.6 million of capital funding and £2.4 million of revenue funding has been provided by Marrowby County Council for the period April 2025 to March 2027.
"""

REPORT = """# Marrowby Cabinet report: Family Hubs programme

Published by Marrowby County Council.

## Background

To achieve this £1.6 million of capital funding and £2.4 million of revenue funding has been provided by Marrowby County Council for the period April 2025 to March 2027.

## Youth offer

A further £300,000 of grant funding has been provided by Marrowby County Council for the period April 2026 to March 2027.
"""

COUNCIL = "https://w3id.org/ckg/id/org/marrowby-county-council"
PLAN_TITLE = "Marrowby Children and Young People's Plan 2025-2027"
REPORT_TITLE = "Marrowby Cabinet report: Family Hubs programme"
ONCE = Decimal(1_600_000 + 2_400_000 + 300_000)  # counted twice this would be 8.3m


@pytest.fixture(scope="module")
def restated(tmp_path_factory, embedder):
    from ckg.kg import KnowledgeGraph

    docs = tmp_path_factory.mktemp("restated-docs")
    (docs / "marrowby-cyp-plan-2025-27.md").write_text(PLAN, encoding="utf-8")
    (docs / "marrowby-cabinet-family-hubs.md").write_text(REPORT, encoding="utf-8")
    store = tmp_path_factory.mktemp("restated-store") / "store"
    kg = KnowledgeGraph(str(store))
    kg._embedder = embedder
    report = kg.build([str(docs)], progress=False)
    kg.close()  # the build's write lock goes; the tests read (and ckg summary beside them)
    assert report.ok, [o.reason for o in report.failed]
    reader = KnowledgeGraph(str(store))
    yield reader
    reader.close()


def council_rows(kg) -> list[dict]:
    return [r for r in kg.sparql("funding-by-funder").values() if r.get("funder") == COUNCIL]


def test_the_named_query_counts_a_restated_allocation_once(restated):
    rows = council_rows(restated)
    # every document's statement is still a row, with its document
    amounts = sorted((Decimal(str(r["amount"])), r["document"]) for r in rows)
    assert amounts == sorted(
        [
            (Decimal(1_600_000), PLAN_TITLE),
            (Decimal(1_600_000), REPORT_TITLE),
            (Decimal(2_400_000), PLAN_TITLE),
            (Decimal(2_400_000), REPORT_TITLE),
            (Decimal(300_000), REPORT_TITLE),
        ]
    )
    assert {Decimal(str(r["funderTotal"])) for r in rows} == {ONCE}
    # bound to the funder, the same
    bound = restated.sparql("funding-by-funder", {"funder": _iri(COUNCIL)}).values()
    assert {Decimal(str(r["funderTotal"])) for r in bound} == {ONCE} and len(bound) == 5


def test_the_funders_page_counts_it_once_and_cites_both_documents(restated):
    from ckg.web import create_app

    app = create_app(restated)
    app.testing = True
    page = app.test_client().get("/entity/org/marrowby-county-council")
    assert page.status_code == 200
    tree = html.fromstring(page.get_data(as_text=True))
    table = tree.xpath("//table[contains(@class, 'funding')]")[0]
    stated_in = [" ".join(td.text_content().split()) for td in table.xpath(".//tbody/tr/td[5]")]
    assert sorted(stated_in) == sorted([PLAN_TITLE, PLAN_TITLE, REPORT_TITLE, REPORT_TITLE, REPORT_TITLE])
    total = " ".join(table.xpath(".//tfoot//td[1]")[0].text_content().split())
    assert "£4,300,000" in total, total
    assert len(table.xpath(".//tbody//*[contains(@class, 'restated')]")) == 2
    assert "counted once" in table.xpath(".//tfoot")[0].text_content()


def test_ckg_summary_counts_it_once(restated, tmp_path):
    out = run_ckg("summary", "--store", restated.location, "--csv-dir", str(tmp_path / "csv"))
    assert out.returncode == 0, out.stderr
    line = next(ln for ln in out.stdout.splitlines() if "Marrowby County Council (" in ln)
    assert "£4.3 million" in line and "2 documents" in line, line
    assert "ckg has read 2 documents" in out.stdout
    csv_text = (tmp_path / "csv" / "funding-by-funder.csv").read_text(encoding="utf-8")
    assert csv_text.count("Marrowby County Council,") == 5  # every statement listed
    assert str(tmp_path / "csv") in out.stdout  # it says where the CSV files are


def test_sparql_and_python_rules_agree_on_the_corpus(kg):
    """funding-by-funder.rq's funderTotal equals queries.funding_totals over the same lines."""
    from ckg.queries.funding_totals import FundingStatement, allocation_total

    rows = kg.sparql(
        """PREFIX ckg: <https://w3id.org/ckg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?a ?label ?amount ?kind ?funder ?period ?doc (MIN(STR(?t)) AS ?recipient) WHERE {
          ?a a ckg:FundingAllocation ; rdfs:label ?label ; ckg:statedIn ?doc ; ckg:amount ?amount .
          OPTIONAL { ?a ckg:fundingKind ?kind } OPTIONAL { ?a ckg:funder ?funder }
          OPTIONAL { ?a ckg:period ?period } OPTIONAL { ?a ckg:funds ?t }
        } GROUP BY ?a ?label ?amount ?kind ?funder ?period ?doc"""
    ).values()
    by_funder: dict[str, list[FundingStatement]] = defaultdict(list)
    for r in rows:
        s = FundingStatement(
            r["a"], r["label"], Decimal(str(r["amount"])), r.get("kind"), r.get("funder"),
            r.get("recipient") or None, r.get("period"), r["doc"],
        )  # fmt: skip
        by_funder[r.get("funder") or ""].append(s)
    totals = {
        (r.get("funder") or ""): Decimal(str(r["funderTotal"]))
        for r in kg.sparql("funding-by-funder").values()
    }
    assert len(totals) > 5
    for funder, total in totals.items():
        assert allocation_total(by_funder.get(funder, [])) == total, funder
    # one document listing two services at £15m each: both count (196m, not 181m)
    pct = CKGID_ORG + "oxfordshire-primary-care-trust"
    assert totals[pct] == Decimal(196_000_000)
    # the £677m both Oxfordshire documents print counts once among the lines naming no funder
    unstated = by_funder[""]
    assert sum(1 for s in unstated if s.amount == Decimal(677_000_000)) == 2
    assert totals[""] == sum((s.signed for s in unstated), Decimal(0)) - 677_000_000 - 321_000_000


CKGID_ORG = "https://w3id.org/ckg/id/org/"


def _iri(value: str):
    from rdflib import URIRef

    return URIRef(value)
