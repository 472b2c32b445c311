"""The question engine on the real built corpus store with the real model.

Each test asks a question a provider or officer would type and checks the answer the way a
person would: the right body, person, amount or priority on top; evidence quoted verbatim from
the source document; a ``sparql`` that runs as-is; honest misses for what the corpus cannot
answer. The questions here are our own, not the evaluation set's.
"""

from __future__ import annotations

import json
import re

import pytest
from ckgtest import run_ckg

from ckg.graph.namespaces import CKGID

CORPUS_TEXT: dict[str, str] = {}


def document_text(corpus_location, document_iri: str) -> str:
    """The text a document's passages were cut from (the bundled .txt files are loaded as-is)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "data" / "documents"
    slug = document_iri.rsplit("/", 1)[-1]
    if slug not in CORPUS_TEXT:
        CORPUS_TEXT[slug] = next(root.glob(f"{slug}.*")).read_text(encoding="utf-8")
    return CORPUS_TEXT[slug]


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.fixture(scope="module")
def ask(corpus_location, embedder):
    from ckg.kg import KnowledgeGraph

    kg = KnowledgeGraph(str(corpus_location))
    kg._embedder = embedder
    yield kg.ask
    kg.close()


def check_evidence(corpus_location, answer: dict) -> None:
    assert answer["evidence"], f"no evidence for {answer['label']}"
    for ev in answer["evidence"]:
        assert ev["document"] and ev["document_iri"].startswith(str(CKGID) + "doc/")
        text = squash(document_text(corpus_location, ev["document_iri"]))
        # quotes are copied from the source: every sentence-sized piece of them is in the text
        for piece in re.split(r"\s*(?:\t|\n| … )\s*", ev["quote"]):
            piece = squash(piece)
            if len(piece) > 20:
                assert piece in text, f"quote not in the source: {piece[:80]!r}"


def test_who_funds_names_the_council_with_the_quote(ask, kg, corpus_location):
    a = ask("who pays for work to prevent child sexual exploitation in Oxfordshire?")
    assert a["intent"] in ("who-funds", "who-commissions")
    top = a["answers"][0]
    assert top["label"] == "Oxfordshire County Council"
    assert "https://w3id.org/ckg/ontology#LocalAuthority" in top["types"]
    assert "sexual exploitation" in " ".join(e["quote"] for e in top["evidence"]).lower()
    check_evidence(corpus_location, top)
    # the query that produced the answer runs as-is and finds it; the top-level query is the
    # one behind the best graph answer
    assert a["sparql"] == top["sparql"]
    rows = kg.sparql(top["sparql"]).rows
    assert any(top["iri"] in {t.value for t in r.values()} for r in rows)
    for other in a["answers"]:
        assert kg.sparql(other["sparql"]).rows, f"the query behind {other['label']} finds nothing"


def test_amount_question_gives_the_line_and_the_funder(ask, corpus_location):
    a = ask("how much money did the primary care trust put into child and adolescent mental health in Beds?")
    labels = [x["label"] for x in a["answers"][:3]]
    assert any("2,827,361" in lab for lab in labels), labels
    line = next(x for x in a["answers"] if "2,827,361" in x["label"])
    assert "Primary Care Trust" in line["why"]
    check_evidence(corpus_location, line)


def test_priorities_question_returns_priorities_not_passages(ask, corpus_location):
    a = ask("what has Oxfordshire prioritised for children in care?")
    assert a["intent"] == "priorities"
    top = a["answers"][0]
    assert "https://w3id.org/ckg/ontology#Priority" in top["types"]
    assert "looked after" in top["label"].lower()
    check_evidence(corpus_location, top)


def test_contact_question_gives_the_person_with_their_details(ask, corpus_location):
    a = ask("how do I get in touch with Reading's head of commissioning?")
    assert a["intent"] == "contact"
    top = a["answers"][0]
    assert top["label"] == "Angela Dakin"
    assert "Angela.dakin@reading.gov.uk" in json.dumps(top)
    check_evidence(corpus_location, top)


def test_what_a_body_funds_lists_its_lines_with_acronyms_and_typos(ask):
    exact = ask("what does Bedfordshire Primary Care Trust fund?")
    typo = ask("what does Bedforshire PCT fund?")
    for a in (exact, typo):
        assert a["intent"] == "funded-by"
        top = a["answers"][:3]
        assert top and all("funded by Bedfordshire Primary Care Trust" in x["why"] for x in top), [
            x["why"] for x in top
        ]
        assert all("£" in x["label"] for x in top)
    assert {x["label"] for x in exact["answers"][:5]} & {x["label"] for x in typo["answers"][:5]}


def test_a_misspelt_intent_word_is_read_as_meant(ask):
    spelt = ask("who commissions short breaks in Bedfordshire?")
    typo = ask("who comissions short breaks in Bedfordshire?")
    assert typo["question"] == "who comissions short breaks in Bedfordshire?"  # echoed as asked
    assert typo["intent"] == spelt["intent"] == "who-commissions"
    assert typo["answers"] and typo["answers"][0]["label"] == spelt["answers"][0]["label"]


@pytest.mark.parametrize(
    "question",
    [
        "what is the population of Mars?",
        "zxqv plorb wint?",
        "",
        "   ",
        "?!",
        "email address of the lead for interplanetary travel?",
    ],
)
def test_unanswerable_and_nonsense_get_an_honest_empty_answer(ask, question):
    a = ask(question)
    assert a["answers"] == []
    assert a["message"]
    assert a["sparql"] is None


def test_honest_miss_offers_the_closest_passages(ask):
    a = ask("what is the population of Mars?")
    assert "Mars" in a["message"]
    assert a["passages"] and all(p["quote"] and p["passage_iri"] for p in a["passages"])


def test_top_is_respected_and_truncation_flagged(ask):
    a = ask("which boards and partnerships are named?", top=2)
    assert len(a["answers"]) <= 2
    assert a["truncated"] is True


def test_hostile_text_is_only_text(ask, kg):
    before = kg.stats()["counts"]
    a = ask('who funds "} ; DROP ALL ; INSERT DATA { <a> <b> <c> } #')
    assert isinstance(a["answers"], list)
    assert kg.stats()["counts"] == before


def test_cli_ask_json_and_batch(corpus_location, tmp_path):
    r = run_ckg(
        "ask", "who provides short breaks for disabled children?", "--json", "--store", str(corpus_location)
    )
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["answers"] and a["answers"][0]["evidence"]

    batch = tmp_path / "questions.txt"
    batch.write_text("who funds CAMHS in Bedfordshire?\n\nwhat is the population of Mars?\n")
    r = run_ckg("ask", "--batch", str(batch), "--json", "--store", str(corpus_location))
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["question"] for x in lines] == [
        "who funds CAMHS in Bedfordshire?",
        "what is the population of Mars?",
    ]
    assert lines[0]["answers"] and lines[1]["answers"] == []


def test_cli_ask_reads_well_in_a_terminal(corpus_location):
    r = run_ckg("ask", "who funds CAMHS in Bedfordshire?", "--top", "3", "--store", str(corpus_location))
    assert r.returncode == 0, r.stderr
    assert "Primary Care Trust" in r.stdout
    assert "“" in r.stdout or '"' in r.stdout  # a quote is shown
    assert not r.stdout.lstrip().startswith("{")
