"""The bundled corpus on Debian's Virtuoso 7 (``virtuoso-opensource``): a second real SPARQL
store beside Oxigraph server, with its own dialect (JSON CONSTRUCT results unless asked for RDF,
no blank nodes in INSERT DATA, unbound ``GRAPH ?g {}``, its system graphs in the union).

Slow (a Virtuoso start and a build) and needs the Debian package, so it is deselected by
default (``-m "not virtuoso"`` in pyproject's addopts). Run it with::

    apt-get install virtuoso-opensource-7-bin   # or virtuoso-opensource
    .venv/bin/pytest -m virtuoso tests/test_virtuoso.py

The fixture runs ``virtuoso-t`` as the current user on free local ports, from a generated
``virtuoso.ini`` in a temporary folder, and grants SPARQL_UPDATE to the anonymous ``SPARQL``
account (as the README's "Other SPARQL stores" says).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from ckgtest import free_port, run_ckg, stop, wait_until_ready

from ckg.kg import KnowledgeGraph
from ckg.settings import Settings

pytestmark = [pytest.mark.virtuoso, pytest.mark.slow]

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    """Virtuoso on free local ports; the base URL of its HTTP server."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if server is None or isql is None:
        pytest.fail("Virtuoso is not installed: apt-get install virtuoso-opensource-7-bin")
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=sql, http=http))
    log = (d / "stdout.log").open("w")
    proc = subprocess.Popen(
        [server, "+foreground", "+configfile", str(d / "virtuoso.ini")],
        cwd=d,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{http}"
    ask = lambda: requests.post(url + "/sparql", data={"query": "ASK {}"}, timeout=2).ok  # noqa: E731
    wait_until_ready(proc, ask, d / "virtuoso.log", 120, "Virtuoso", interval=0.5)
    grant = subprocess.run(
        [isql, str(sql), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert grant.returncode == 0, grant.stdout + grant.stderr
    yield url
    stop(proc, 60)
    log.close()


@pytest.fixture(scope="module")
def virtuoso_env(virtuoso) -> dict[str, str]:
    return {
        "CKG_REMOTE_UPDATE_URL": virtuoso + "/sparql",
        "CKG_REMOTE_GSP_URL": virtuoso + "/sparql-graph-crud",
        "CKG_REMOTE_UNION": "server",
    }


@pytest.fixture(scope="module")
def virtuoso_corpus(virtuoso, virtuoso_env, corpus_store, embedder, remote_cache_home) -> str:
    """The bundled corpus built into Virtuoso (reusing the embedded build's cache); its URL."""
    location = virtuoso + "/sparql"
    kg = KnowledgeGraph(location, settings=Settings.from_env(virtuoso_env))
    shutil.copytree(Path(corpus_store) / "cache", kg.cache_dir, dirs_exist_ok=True)
    kg._embedder = embedder
    report = kg.build(progress=False)
    kg.close()
    assert report.ok, [o.reason for o in report.failed]
    assert [o.status for o in report.outcomes] == ["loaded"] * 5
    return location


def plain(rows: list[dict]) -> list[tuple]:
    """Rows as comparable tuples: numbers by value (Virtuoso types counts as xsd:int), and
    GROUP_CONCAT lists as sets (SPARQL leaves their order to the store)."""

    def value(v: object) -> object:
        if isinstance(v, int | float | Decimal):
            return Decimal(str(v))
        if isinstance(v, str) and "; " in v:
            return "; ".join(sorted(v.split("; ")))
        return v

    return sorted((tuple(sorted((k, value(v)) for k, v in row.items())) for row in rows), key=repr)


@pytest.mark.parametrize(
    "name", ["documents", "funding-by-funder", "contacts-by-body", "bodies-by-area-and-type"]
)
def test_named_queries_answer_as_on_the_embedded_store(virtuoso_corpus, virtuoso_env, corpus_store, name):
    with KnowledgeGraph(str(corpus_store)) as local:
        expected = plain(local.sparql(name).values())
    with KnowledgeGraph(virtuoso_corpus, settings=Settings.from_env(virtuoso_env)) as remote:
        got = plain(remote.sparql(name).values())
    assert expected and got == expected


def test_a_rebuild_is_unchanged_and_stats_list_the_documents(virtuoso_corpus, virtuoso_env):
    again = run_ckg("build", "--quiet", "--store", virtuoso_corpus, env=virtuoso_env)
    assert again.returncode == 0, again.stderr
    assert [ln.split()[0] for ln in again.stdout.splitlines()[:-1]] == ["unchanged"] * 5
    stats = run_ckg("stats", "--json", "--store", virtuoso_corpus, env=virtuoso_env)
    assert stats.returncode == 0, stats.stderr
    body = json.loads(stats.stdout)
    assert len(body["documents"]) == 5 and body["size_bytes"] is None


def test_validate_export_and_ask_through_the_command(virtuoso_corpus, virtuoso_env, tmp_path):
    import pyoxigraph as ox

    v = run_ckg("validate", "--store", virtuoso_corpus, env=virtuoso_env)
    assert v.returncode == 0 and "conforms" in v.stdout, v.stdout[-2000:] + v.stderr
    out = tmp_path / "graph.nq"
    e = run_ckg("export", "--format", "nquads", "-o", str(out), "--store", virtuoso_corpus, env=virtuoso_env)
    assert e.returncode == 0, e.stderr
    graphs = {str(q.graph_name.value) for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)}
    assert "https://w3id.org/ckg/id/graph/shapes" in graphs  # blank nodes and all
    a = run_ckg(
        "ask", "who funds CAMHS in Bedfordshire?", "--json", "--store", virtuoso_corpus, env=virtuoso_env
    )
    assert a.returncode == 0, a.stderr
    assert json.loads(a.stdout)["answers"]
