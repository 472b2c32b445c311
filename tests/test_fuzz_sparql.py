"""Fuzzing the public SPARQL path: the query policy (``queries/public.py``) and the worker pool
(``graph/query_pool.py``) only ever give a result or a clean ``QueryError`` (a refusal, a
syntax error, a timeout), never another exception and never an internal error (status 500).

Queries are the named queries of ``queries/*.rq`` mutated: spans cut, duplicated or swapped,
and hostile pieces spliced in (updates, SERVICE, FROM <file:...>, unicode escapes, unbalanced
braces, deep nesting, comments and strings that hide keywords), plus hypothesis's own text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ckg.errors import QueryError
from ckg.graph.query_pool import QueryJob, QueryPool
from ckg.queries import public

QUERIES = sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))
NAMED = [q.read_text(encoding="utf-8") for q in QUERIES]
PIECES = [
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
    "\\u0053ERVICE <http://127.0.0.1:9/> { }",
    "FROM <file:///etc/passwd>",
    "FROM NAMED <http://example.org/g>",
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "; DROP ALL",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "CLEAR DEFAULT",
    "WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "{",
    "}",
    "(",
    ")",
    ".",
    ";",
    ",",
    "?",
    "$",
    "#",
    '"',
    "'''",
    '"""',
    "<",
    ">",
    "\\",
    "\\u0000",
    "\\U0010FFFF",
    "\x00",
    "\ud800",
    'FILTER(regex(str(?s), "(a+)+$"))',
    'BIND(REPEAT("x", 99999999) AS ?big)',
    "{ " * 300 + "?s ?p ?o" + " }" * 300,
    "OPTIONAL { ?x ?y ?z }",
    "ORDER BY RAND()",
    "LIMIT -1",
    "OFFSET 99999999999999999999",
    "GRAPH ?g { ?s ?p ?o }",
    "VALUES ?x { UNDEF }",
    "PREFIX : <file:///> ",
    "BASE <file:///etc/> ",
    "# SERVICE <http://127.0.0.1:9/>\n",
    "ckg:",
    "ckgid:doc/x",
    "undeclared:thing",
    "DESCRIBE ?s",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "ASK { }",
]
OPS = st.tuples(
    st.sampled_from(["cut", "dup", "insert", "swap"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.one_of(st.sampled_from(PIECES), st.text(max_size=10)),
)


def _mutate(text: str, ops) -> str:
    for op, a, b, piece in ops:
        i, j = sorted((int(a * len(text)), int(b * len(text))))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "dup":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "insert":
            text = text[:i] + " " + piece + " " + text[i:]
        else:
            text = text[:i] + text[j:] + text[i:j]
    return text


QUERY = st.one_of(
    st.builds(_mutate, st.sampled_from(NAMED), st.lists(OPS, min_size=1, max_size=5)),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=12).map(" ".join),
)


@settings(max_examples=150, deadline=None, database=None)
@given(text=QUERY)
@example(text="")
@example(text="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
def test_the_policy_only_passes_or_refuses(text):
    try:
        vetted = public.vet(text)
    except QueryError as e:
        assert e.status == 400 and "\n" not in str(e)
        return
    assert vetted.form in ("select", "ask", "construct", "describe")


@pytest.fixture(scope="module")
def pool(corpus_store):
    p = QueryPool(corpus_store, workers=1, timeout=5.0, screen=public.screen, render=public.render)
    p.warm(120)
    yield p
    p.close()


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=QUERY, output=st.sampled_from([("json", "turtle"), ("csv", "ntriples"), ("xml", "jsonld")]))
@example(text=NAMED[0], output=("json", "turtle"))
def test_the_worker_pool_gives_a_result_or_a_clean_error(pool, text, output):
    try:
        rendered = pool.run(QueryJob(text, limit=50, output=output))
    except QueryError as e:
        assert e.status != 500, f"internal error for {text[:300]!r}: {e}"
        assert "\n" not in str(e)
        return
    assert rendered.kind in ("select", "ask", "graph") and isinstance(rendered.body, bytes)


def test_every_named_query_runs_in_the_pool(pool):
    for text in NAMED:
        rendered = pool.run(QueryJob(text, limit=50, output=("json", "turtle")))
        assert rendered.body
