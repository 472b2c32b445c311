"""Shared helpers of the benchmark scripts: where the evaluation data is, building a bench store.

The development gold and questions live outside the repository in ``../shared/eval`` (the
``CKG_EVAL`` environment variable points elsewhere). Benchmarks build their own store under
``bench/out/`` (kept between runs, so unchanged documents and embeddings are cached).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("CKG_EVAL", ROOT.parent / "shared" / "eval"))
OUT = ROOT / "bench" / "out"
CORPUS = ROOT / "data" / "documents"


def gold_files() -> list[Path]:
    files = sorted((EVAL / "gold").glob("*.json"))
    if not files:
        sys.exit(f"no gold files in {EVAL / 'gold'} (set CKG_EVAL)")
    return files


def question_files() -> list[Path]:
    files = sorted((EVAL / "questions").glob("*.json"))
    if not files:
        sys.exit(f"no question files in {EVAL / 'questions'} (set CKG_EVAL)")
    return files


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def corpus_file(gold: dict, stem: str) -> Path:
    """The document a gold file annotates: the bundled copy, else the shared corpus."""
    for candidate in (
        CORPUS / gold.get("file", ""),
        CORPUS / f"{stem}.txt",
        EVAL.parent / "corpus" / gold.get("file", ""),
    ):
        if candidate.is_file():
            return candidate
    sys.exit(f"cannot find the document for gold file {stem}")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed(label: str, results: dict):
    t0 = time.perf_counter()
    yield
    results[label] = time.perf_counter() - t0
