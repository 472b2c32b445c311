"""Fixtures for the web app: the Flask test client, a real server, and Debian's Chromium.

- ``client``: the app over the session corpus store, through Flask's test client (most web
  tests: fast, no port).
- ``live_server``: the real ``ckg serve`` (waitress) in a subprocess on a free local port,
  over the same store, opened read-only beside the tests' own readers.
- ``tight_server``: another ``ckg serve`` with tight SPARQL limits (rows, time, request size).
- ``page``: a Playwright page in Debian's Chromium (launch flags from
  ../shared/notes/environment.md) that records every request; the test fails if one left
  localhost. ``shot(page, name)`` saves a screenshot into test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
from ckgtest import free_port, stop, wait_until_healthy

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def web_kg(corpus_store):
    from ckg.kg import KnowledgeGraph

    kg = KnowledgeGraph(str(corpus_store))
    yield kg
    kg.close()


@pytest.fixture(scope="session")
def app(web_kg, embedder):
    from ckg.web import create_app

    web_kg._embedder = embedder  # share the session's model: load it once
    application = create_app(web_kg)
    application.testing = True
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(corpus_store):
    """``ckg serve`` for real, on a free port; yields its base URL."""
    port = free_port()
    exe = shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"
    log = (Path(str(corpus_store)).parent / "serve.log").open("w")
    proc = subprocess.Popen(
        [exe, "serve", "--store", str(corpus_store), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "CKG_WEB_THREADS": "4"},
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(proc, base, log, 120, "ckg serve")
    # warm the question engine (model load) so browser tests measure pages, not loading
    requests.get(base + "/api/ask", params={"q": "who funds services"}, timeout=300)
    yield base
    stop(proc)
    log.close()


TIGHT_LIMITS = {
    "CKG_MAX_ROWS": "5",
    "CKG_QUERY_TIMEOUT": "2",
    "CKG_MAX_REQUEST_KB": "8",
    "CKG_QUERY_WORKERS": "1",
}


@pytest.fixture(scope="session")
def tight_server(corpus_store):
    """A second ``ckg serve`` over the corpus with tight SPARQL limits (``TIGHT_LIMITS``: 5 rows,
    2 s, 8 KB, one query worker), for the row cap, the time limit and request-size tests."""
    port = free_port()
    exe = shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"
    log = (Path(str(corpus_store)).parent / "serve-tight.log").open("w")
    proc = subprocess.Popen(
        [exe, "serve", "--store", str(corpus_store), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "CKG_WEB_THREADS": "4", **TIGHT_LIMITS},
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(proc, base, log, 60, "ckg serve (tight limits)")
    yield base
    stop(proc)
    log.close()


def _start_serve(location: str, log_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """``ckg serve --store LOCATION`` on a free port, answering /healthz; (process, base URL)."""
    port = free_port()
    exe = shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [exe, "serve", "--store", location, "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CKG_WEB_THREADS": "4", **env},
        )
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(proc, base, log_path, 60, "ckg serve")
    return proc, base


@pytest.fixture(scope="session")
def sparql_server(request, corpus_location, tmp_path_factory):
    """``ckg serve`` for the SPARQL protocol tests, once per store kind (``corpus_location``):
    the ``live_server`` over the embedded store, then one over the remote Oxigraph server."""
    if not corpus_location.startswith("http"):
        yield request.getfixturevalue("live_server")
        return
    proc, base = _start_serve(corpus_location, tmp_path_factory.mktemp("serve-remote") / "serve.log", {})
    yield base
    stop(proc)


@pytest.fixture(scope="session")
def tight_sparql_server(request, corpus_location, tmp_path_factory):
    """``tight_server`` (TIGHT_LIMITS), once per store kind like ``sparql_server``."""
    if not corpus_location.startswith("http"):
        yield request.getfixturevalue("tight_server")
        return
    log = tmp_path_factory.mktemp("serve-remote-tight") / "serve.log"
    proc, base = _start_serve(corpus_location, log, TIGHT_LIMITS)
    yield base
    stop(proc)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed: run `make browser` (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


class RequestLog:
    """Every URL the page requested, and the ones that were not to the local server."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def record(self, request) -> None:
        self.urls.append(request.url)

    def external(self) -> list[str]:
        out = []
        for u in self.urls:
            p = urlparse(u)
            if p.scheme in ("data", "blob", "about"):
                continue
            if p.hostname not in ("127.0.0.1", "localhost"):
                out.append(u)
        return out


@pytest.fixture
def page(browser, live_server):
    """A fresh page (laptop size); fails the test if any request left localhost or a script erred."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=live_server)
    pg = context.new_page()
    log = RequestLog()
    errors: list[str] = []
    pg.on("request", log.record)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.request_log = log  # type: ignore[attr-defined]
    pg.js_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert log.external() == [], f"requests left localhost: {log.external()[:5]}"
    assert errors == [], f"script errors on the page: {errors[:3]}"


@pytest.fixture
def shot(artifacts_dir):
    """``shot(page, "name")`` saves test-artifacts/web-name.png (full page) and returns its path."""

    def _shot(pg, name: str, full_page: bool = True) -> Path:
        path = artifacts_dir / f"web-{name}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        return path

    return _shot
