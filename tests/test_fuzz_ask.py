"""Fuzzing the question path: whatever is asked, ``KnowledgeGraph.ask`` answers in the ask JSON
shape of ../shared/design/interfaces.md, or refuses with a clean ``CkgError``; nothing else.

Questions are hypothesis's own unicode (control characters, NULs, lone surrogates as a web
client can send them, right-to-left marks), very long strings, SPARQL-looking text, regular
expression metacharacters, and realistic questions mutated with all of those. Over the real
corpus store and the real model.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ckg.errors import CkgError
from ckg.kg import KnowledgeGraph

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

QUESTIONS = [
    "who funds CSE prevention?",
    "how much does the PCT put into CAMHS in Bedfordshire",
    "who commissions short breaks for disabled children?",
    "what are the priorities of the Oxfordshire plan?",
    "who can I contact about the Reading commissioning strategy?",
    "what does Oxfordshire County Council fund?",
]
HOSTILE = [
    "SELECT * WHERE { ?s ?p ?o }",
    "}} ; DROP ALL ; INSERT DATA { <a> <b> <c> } #",
    'x" } UNION { ?s ?p ?o } FILTER("',
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
    "<http://evil/> ?x $y @en ^^xsd:string",
    "(a+)+$",
    ".*.*.*.*.*=.*",
    "[^\\]]{0,99999}",
    "\\",
    "(?P<x>",
    "*?+{1,}",
    "%s %d {0} {{}} ${x}",
    "<script>alert(1)</script>",
    "\x00",
    "\x1b[2J",
    "\u202e",
    "\ud800",
    "\udfff",
    "\ufeff",
    "£",
    "🙂" * 3,
    "'" * 50,
    " ",
    "\n",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=80)  # surrogates too
PIECE = st.one_of(st.sampled_from(HOSTILE), TEXT)


def _mutated() -> st.SearchStrategy[str]:
    def splice(q: str, where: float, piece: str) -> str:
        i = int(where * len(q))
        return q[:i] + piece + q[i:]

    return st.builds(splice, st.sampled_from(QUESTIONS), st.floats(0, 1), PIECE)


QUESTION = st.one_of(
    TEXT,
    _mutated(),
    st.lists(PIECE, min_size=1, max_size=6).map(" ".join),
    st.builds(lambda s, n: s * n, st.sampled_from(QUESTIONS + HOSTILE), st.integers(50, 400)),  # long
)


@pytest.fixture(scope="module")
def ask_kg(corpus_store, embedder):
    kg = KnowledgeGraph(str(corpus_store))
    kg._embedder = embedder
    yield kg
    kg.close()


def _check_shape(reply: dict, question: str) -> None:
    json.dumps(reply)  # serialisable, as /api/ask and --json send it
    assert isinstance(reply["question"], str) and len(reply["question"]) <= max(len(question), 1)
    assert reply["intent"] is None or isinstance(reply["intent"], str)
    assert reply["sparql"] is None or isinstance(reply["sparql"], str)
    assert isinstance(reply["answers"], list)
    for a in reply["answers"]:
        assert isinstance(a["label"], str) and a["label"]
        assert isinstance(a["iri"], str) and a["iri"].startswith("http")
        assert isinstance(a["types"], list) and all(isinstance(t, str) for t in a["types"])
        assert isinstance(a["score"], int | float)
        assert isinstance(a["why"], str)
        assert a["evidence"], "every answer carries at least one evidence quote"
        for ev in a["evidence"]:
            assert {"document", "document_iri", "section", "quote"} <= ev.keys()
            assert isinstance(ev["quote"], str) and ev["quote"]


@FUZZ
@given(question=QUESTION, top=st.one_of(st.none(), st.integers(-5, 100)))
@example(question="", top=None)
@example(question="\ud800who funds CSE prevention?\x00", top=3)
@example(question="who funds " + "(" * 5000, top=1)
@example(question="SELECT * WHERE { ?s ?p ?o } LIMIT 1", top=0)
def test_ask_returns_the_contract_shape_or_a_clean_error(ask_kg, question, top):
    try:
        reply = ask_kg.ask(question, top)
    except CkgError as e:
        assert "\n" not in str(e)
        return
    _check_shape(reply, question)
