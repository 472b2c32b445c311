"""Time: a newer edition of a document replaces the older one, and answers and pages say so.

Two editions of an invented strategy of one council are built into a real store; the newer
replaces the older (``dcterms:replaces`` in ``ckgid:graph/inferred``), answers prefer the
newer's facts and mark the older's as historical, and the document and entity pages show it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from ckg.graph import iris
from ckg.graph.replacement import Edition, NamedEdition, named_replacements, replacements, title_core
from ckg.kg import KnowledgeGraph


def strategy(start: int, end: int, issued: str, service: str, amount: str, publisher: str) -> str:
    return f"""{publisher}

# Children and Young People's Commissioning Strategy {start}-{end}

Published by {publisher}

{issued}

## 1. Introduction

This strategy sets out how {publisher} will commission services for children and young people in Rutland from {start} to {end}.

## 2. Our priorities

1. Keeping children safe from harm
2. Improving emotional wellbeing

## 3. Commissioning intentions

{publisher} will commission a {service} from April {start}, funded by £{amount} a year.
"""


OLDER = "rutland-cyp-strategy-2031-33"
NEWER = "rutland-cyp-strategy-2034-36"


@pytest.fixture(scope="module")
def editions_store(tmp_path_factory, embedder) -> tuple[KnowledgeGraph, Path]:
    docs = tmp_path_factory.mktemp("editions")
    council = "Rutland County Council"
    (docs / f"{OLDER}.txt").write_text(
        strategy(2031, 2033, "March 2031", "young carers respite service", "240,000", council)
    )
    (docs / f"{NEWER}.txt").write_text(
        strategy(2034, 2036, "February 2034", "school inclusion service", "310,000", council)
    )
    kg = KnowledgeGraph(str(tmp_path_factory.mktemp("store") / "store"))
    kg._embedder = embedder
    report = kg.build([docs], progress=False)
    assert report.ok and report.replacements == 1
    yield kg, docs
    kg.close()


def _doc(slug: str) -> str:
    return str(iris.doc_iri(slug))


def test_the_newer_edition_replaces_the_older(editions_store):
    kg, _ = editions_store
    rows = kg.sparql(
        "SELECT ?newer ?older WHERE { GRAPH <https://w3id.org/ckg/id/graph/inferred> "
        "{ ?newer <http://purl.org/dc/terms/replaces> ?older } }"
    ).values()
    assert rows == [{"newer": _doc(NEWER), "older": _doc(OLDER)}]
    issued = kg.sparql(
        "SELECT ?d WHERE { ?doc <http://purl.org/dc/terms/issued> ?d }", {"doc": URIRef(_doc(OLDER))}
    ).values()
    assert [str(r["d"]) for r in issued] == ["2031-03"]
    assert kg.validate().conforms  # the inferred graph and dcterms:issued meet the shapes


def test_answers_prefer_the_current_edition_and_mark_the_older(editions_store):
    kg, _ = editions_store
    answer = kg.ask("Which service will Rutland County Council commission?", top=5)
    answers = answer["answers"]
    docs = [a["evidence"][0]["document_iri"] for a in answers if a["evidence"]]
    assert _doc(NEWER) in docs and _doc(OLDER) in docs
    first_old = docs.index(_doc(OLDER))
    assert all(d == _doc(NEWER) for d in docs[:first_old])  # the current answers first
    for a in answers:
        from_old = all(e["document_iri"] == _doc(OLDER) for e in a["evidence"])
        assert ("historical" in a) == from_old
        if from_old:
            assert a["historical"]["replaced_by"] == _doc(NEWER)
            assert (
                "since replaced by Children and Young People's Commissioning Strategy 2034-2036" in a["why"]
            )


def test_a_historical_answer_yields_to_a_current_one_within_one_unit(editions_store):
    """The rule itself, on the engine's real candidates with set margins: an older edition's
    answer half a unit ahead comes after the current one; one and a half units ahead, first."""
    import numpy as np

    from ckg.queries.ask.engine import HISTORICAL_MARGIN

    kg, _ = editions_store
    engine = kg.engine
    prepared = engine.collect("Which service will Rutland County Council commission?")
    cands = prepared.candidates
    old = next(i for i, c in enumerate(cands) if engine.historical(c) and "respite" in c.label)
    new = next(i for i, c in enumerate(cands) if not engine.historical(c) and "inclusion" in c.label)
    for ahead, first in ((0.5 * HISTORICAL_MARGIN, new), (1.5 * HISTORICAL_MARGIN, old)):
        scores = np.full(len(cands), -10.0)
        scores[new], scores[old] = 0.0, ahead
        answers = engine.finish(prepared, scores, top=3)["answers"]
        assert answers[0]["label"] == cands[first].label


def test_a_historical_answer_that_fits_far_better_still_leads(editions_store):
    """Preferring current facts must not bury the one answer only the older edition gives."""
    kg, _ = editions_store
    answers = kg.ask("Which respite service will the council commission for young carers?", top=5)["answers"]
    assert "respite" in answers[0]["label"] and "historical" in answers[0]
    assert answers[0]["score"] == 1.0


def test_a_year_in_the_question_lifts_the_preference(editions_store):
    kg, _ = editions_store
    undated = kg.ask("Which service will Rutland County Council commission?", top=5)["answers"]
    dated = kg.ask("Which service will Rutland County Council commission from 2031?", top=5)["answers"]

    def rank_of_old(answers):
        return next(i for i, a in enumerate(answers) if "historical" in a)

    assert rank_of_old(dated) <= rank_of_old(undated)
    assert any("historical" in a for a in dated)  # still marked, only not put last


def test_pages_show_which_edition_is_current(editions_store):
    from ckg.web import create_app

    kg, _ = editions_store
    client = create_app(kg).test_client()
    older = client.get(f"/entity/doc/{OLDER}").get_data(as_text=True)
    assert "Historical:" in older and f'href="/entity/doc/{NEWER}"' in older
    assert "Why: Both are editions of the strategy" in older
    assert "Dated</dt><dd>March 2031" in older
    newer = client.get(f"/entity/doc/{NEWER}").get_data(as_text=True)
    assert "Current edition:" in newer and f'href="/entity/doc/{OLDER}"' in newer
    service = kg.sparql(
        "SELECT ?s WHERE { ?s a <https://w3id.org/ckg/ontology#Service> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(CONTAINS(LCASE(?l), 'respite')) }"
    ).values()
    assert service, "the older edition's service was not extracted"
    page = client.get("/entity/" + service[0]["s"].split("/id/", 1)[1]).get_data(as_text=True)
    assert 'class="historical"' in page


def _edition(iri: str, title: str, publishers: set[str], start: int | None, area: str = "Rutland") -> Edition:
    return Edition(iri, title, "Strategy", area, frozenset(publishers), start, None, None)


def test_only_a_later_edition_of_the_same_document_from_a_shared_publisher_replaces():
    a = _edition("x:a", "Sufficiency Strategy 2030-2032", {"Rutland County Council"}, 2030)
    b = _edition("x:b", "Interim Sufficiency Strategy 2033", {"Rutland County Council", "NHS Body"}, 2033)
    other_council = _edition("x:c", "Sufficiency Strategy 2035", {"Another Council"}, 2035)
    other_area = _edition("x:d", "Sufficiency Strategy 2036", {"Rutland County Council"}, 2036, area="Kent")
    other_title = _edition("x:e", "Early Help Strategy 2037", {"Rutland County Council"}, 2037)
    undated = _edition("x:f", "Sufficiency Strategy", {"Rutland County Council"}, None)
    found = replacements([a, b, other_council, other_area, other_title, undated])
    assert [(r.newer.iri, r.older.iri) for r in found] == [("x:b", "x:a")]
    # a third edition replaces the second, not the first
    c = _edition("x:g", "Sufficiency Strategy 2036-2038", {"Rutland County Council"}, 2036)
    assert sorted((r.newer.iri, r.older.iri) for r in replacements([a, b, c])) == [
        ("x:b", "x:a"),
        ("x:g", "x:b"),
    ]
    assert title_core("Sufficiency Strategy (refreshed) 2033/34") == title_core(
        "Sufficiency Strategy 2030-2032"
    )


def test_the_area_page_prefers_the_newer_edition(editions_store):
    from ckg.web import create_app

    kg, _ = editions_store
    client = create_app(kg).test_client()
    data = client.get("/area/rutland?format=json").get_json()
    status = {r["title"]: r["status"] for r in data["documents"] if r["loaded"] == "yes"}
    newer = "Children and Young People's Commissioning Strategy 2034-2036"
    older = "Children and Young People's Commissioning Strategy 2031-2033"
    assert status == {newer: "current", older: f"replaced by {newer}"}
    assert [r["title"] for r in data["documents"]][:2] == [newer, older]
    council = next(b for b in data["commissioners"] if b["body"] == "Rutland County Council")
    assert sorted((i["amount"], i["historical"]) for i in council["funds"]) == [
        ("240000", True),
        ("310000", False),
    ]
    assert council["funded_total"] == "310000"  # the replaced edition's line is history, not money
    # as the area stood in 2032, the older edition was current and the newer not yet out
    then = client.get("/area/rutland?format=json&as_of=2032").get_json()
    assert [(r["title"], r["status"]) for r in then["documents"] if r["loaded"] == "yes"] == [
        (older, "current")
    ]


def test_removing_the_newer_edition_makes_the_older_current_again(tmp_path, embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    council = "Rutland County Council"
    (docs / f"{OLDER}.txt").write_text(
        strategy(2031, 2033, "March 2031", "young carers respite service", "240,000", council)
    )
    (docs / f"{NEWER}.txt").write_text(
        strategy(2034, 2036, "February 2034", "school inclusion service", "310,000", council)
    )
    kg = KnowledgeGraph(str(tmp_path / "store"))
    kg._embedder = embedder
    try:
        assert kg.build([docs], progress=False).replacements == 1
        kg.remove([str(docs / f"{NEWER}.txt")])
        inferred = kg.sparql(
            "SELECT ?s WHERE { GRAPH <https://w3id.org/ckg/id/graph/inferred> { ?s ?p ?o } }"
        ).values()
        assert inferred == []
        answers = kg.ask("Which service will Rutland County Council commission?", top=5)["answers"]
        assert answers and not any("historical" in a for a in answers)
        from ckg.web import create_app

        data = create_app(kg).test_client().get("/area/rutland?format=json").get_json()
        assert [(r["title"], r["status"]) for r in data["documents"] if r["loaded"] == "yes"] == [
            ("Children and Young People's Commissioning Strategy 2031-2033", "current")
        ]
    finally:
        kg.close()


def test_a_later_edition_named_by_a_document_of_the_area_replaces_a_loaded_one():
    loaded = Edition("x:plan", "Rutland Children and Young People's Plan 2030-2033", "Plan", "Rutland",
                     frozenset({"Rutland County Council"}), 2030, 2033, None)  # fmt: skip
    generic = Edition("x:gen", "Children's Plan 2030", "Plan", "Rutland", frozenset({"X"}), 2030, None, None)

    def named(title: str, start: int, type_: str | None = "Plan") -> NamedEdition:
        return NamedEdition(f"x:{start}", title, type_, "Rutland", start, start + 3, "A guide to Rutland")

    editions = [
        named("Rutland Children and Young People's Plan, 2034-2037", 2034),
        named("Rutland Children and Young People's Plan 2036-2039", 2036),
        named("Rutland Children and Young People's Plan 2027-2030", 2027),  # an earlier one
        named("Children's Plan 2035", 2035),  # names no area: another place's, or a national one
        named("Rutland Children and Young People's Plan 2038", 2038, type_="Strategy"),
    ]
    found = named_replacements([loaded, generic], editions, taken=set())
    assert [(r.newer.iri, r.older.iri) for r in found] == [("x:2034", "x:plan")]
    assert "A guide to Rutland names the edition for 2034-2037" in found[0].why
    assert named_replacements([loaded], editions, taken={"x:plan"}) == []  # a loaded edition won
