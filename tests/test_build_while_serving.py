"""``ckg build`` and ``ckg serve`` on the same store: the second one refuses, clearly, at once.

The defined behaviour (README "Concurrency", docs/architecture.md "The store directory"): a
build needs the store to itself (RocksDB has one writer, and a reader racing a writer is
undefined), readers (serve, ask, sparql, stats) share it. So a build started while ``ckg
serve`` runs exits at once with one line naming the server's pid and command and saying
what to do, and the server goes on answering as if nothing happened; once the server
stops, the build works. The other way round, a server started while a build writes
refuses with one line naming the build, and starts fine when the build is done.

Everything is real: ``ckg serve`` (waitress and its query workers) on a free port, and
``ckg build`` as a subprocess. The "build in progress" is held still with SIGSTOP after
its first stage line, so the test does not depend on how fast the build runs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from ckgtest import free_port, run_ckg, stop, wait_until_healthy

from ckg.kg import KnowledgeGraph

pytestmark = pytest.mark.slow

PLAN = """# Exampleshire Early Help Plan 2021-2024

The priorities of the Exampleshire Early Help Partnership (EHP) are:

1. Reduce child poverty.
2. Improve school attendance.

The Exampleshire Clinical Commissioning Group funds CAMHS with £1,250,000 a year.
"""
UPDATE = """# Exampleshire Youth Offer 2022

The Exampleshire Youth Service commissions detached youth work across the county.
"""
QUESTION = "who funds CAMHS?"


def _exe() -> str:
    return shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"


class Server:
    """``ckg serve`` in a subprocess on a free port."""

    def __init__(self, store: Path, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [_exe(), "serve", "--store", str(store), "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CKG_WEB_THREADS": "2", "CKG_QUERY_WORKERS": "1"},
        )

    def wait_ready(self, timeout: float = 120) -> None:
        wait_until_healthy(self.proc, self.base, self.log, timeout, "ckg serve")

    def stop(self) -> None:
        stop(self.proc, 20)
        self.log.close()


@pytest.fixture
def store(tmp_path, embedder) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.md").write_text(PLAN, encoding="utf-8")
    s = tmp_path / "store"
    kg = KnowledgeGraph(str(s))
    kg._embedder = embedder
    assert kg.build([str(docs)], progress=False).ok
    kg.close()
    return s


@pytest.fixture
def update(tmp_path) -> Path:
    d = tmp_path / "update"
    d.mkdir()
    (d / "youth-offer.md").write_text(UPDATE, encoding="utf-8")
    return d


def _answers(base: str) -> dict:
    r = requests.get(base + "/api/ask", params={"q": QUESTION}, timeout=300)
    assert r.status_code == 200, r.text[:500]
    body = r.json()
    assert body["question"] == QUESTION and isinstance(body["answers"], list)
    return body


def test_build_while_serving_is_refused_clearly_and_serving_goes_on(store, update, tmp_path):
    server = Server(store, tmp_path / "serve.log")
    try:
        server.wait_ready()
        before = _answers(server.base)
        r = run_ckg("build", str(update), "--store", str(store), timeout=120)
        assert r.returncode == 2, r.stdout + r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
        line = lines[0]
        assert line.startswith(f"ckg build: error: store {store} is in use (")
        assert re.search(rf"ckg serve pid {server.proc.pid}\b", line), line  # names the server
        assert "stop that" in line and "another --store" in line  # and says what to do
        # the server did not notice: health, answers and SPARQL as before
        health = requests.get(server.base + "/healthz", timeout=10)
        assert health.status_code == 200
        assert _answers(server.base)["answers"] == before["answers"]
        q = requests.get(
            server.base + "/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ckg:Passage }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        assert q.status_code == 200 and int(q.json()["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        server.stop()
    # with the server gone, the same build works
    r = run_ckg("build", str(update), "--store", str(store), "--quiet", timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 loaded" in r.stdout


def test_serving_while_a_build_writes_is_refused_clearly(store, update, tmp_path):
    build = subprocess.Popen(
        [_exe(), "build", str(update), "--store", str(store), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CKG_TRACE_STAGES": "1"},
    )
    try:
        first = build.stderr.readline()  # type: ignore[union-attr]
        assert first.startswith("stage "), first
        build.send_signal(signal.SIGSTOP)  # the build holds the store, mid-way, for as long as we like
        refused = [
            run_ckg("serve", "--store", str(store), "--port", str(free_port()), timeout=120),
            run_ckg("ask", QUESTION, "--store", str(store), timeout=120),
            run_ckg("sparql", "documents", "--store", str(store), timeout=120),
        ]
        for r, command in zip(refused, ("serve", "ask", "sparql"), strict=True):
            assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
            assert r.stderr.strip() == (
                f"ckg {command}: error: store {store} is being written (ckg build pid {build.pid}); "
                "try again when the build finishes"
            )
    finally:
        build.send_signal(signal.SIGCONT)
    _out, err = build.communicate(timeout=300)
    assert build.returncode == 0, err[-2000:]
    # the build done, serving works, with the new document
    server = Server(store, tmp_path / "serve-after.log")
    try:
        server.wait_ready()
        docs = requests.get(
            server.base + "/sparql",
            params={"query": "SELECT ?g WHERE { GRAPH ?g { ?g a ckg:Document } }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        ).json()["results"]["bindings"]
        assert any(b["g"]["value"].endswith("/doc/youth-offer") for b in docs), docs
    finally:
        server.stop()
