"""A ``ckg build`` killed with SIGKILL at any point loses nothing and leaves nothing half-done.

The real command runs in a subprocess with ``CKG_TRACE_STAGES=1`` (one ``stage NAME DOC`` line
on stderr before each stage), and is killed at chosen stages (while loading and extracting,
while the model loads and embeds, in a document's store write, after some documents have
landed, while the index is rebuilt) and then at seeded random moments around the writes,
with the inputs flipping between two versions of every document. After every kill:

- every document's named graph is exactly its previous version or exactly its new one
  (triple for triple, against clean builds of both versions), with the matching
  content-hash version triple;
- no lock is stuck (an exclusive open works at once) and the killed process's holder file is
  swept;
- every cache entry reads back, the saved index loads, and the index a reader sees has the
  vectors of exactly the document versions in the store;
- and the next ``ckg build`` completes with the same graph and index as a clean build.
"""

from __future__ import annotations

import json
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pyoxigraph as ox
import pytest

from ckg.graph import iris
from ckg.graph.embeddings import EmbeddingIndex
from ckg.graph.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH, TOPICS_GRAPH
from ckg.graph.store import OxigraphStore, StoreLock
from ckg.kg import KnowledgeGraph

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parent.parent / "data" / "documents"
SOURCES = {
    "a-bedfordshire.txt": "bedfordshire-cyp-commissioning-strategy-2006-09.txt",
    "b-framework.txt": "oxfordshire-cyp-trust-joint-commissioning-framework-2010.txt",
    "c-reading.txt": "reading-cyp-interim-commissioning-strategy-2016-17.txt",
}
DOCS = sorted(SOURCES)
ONTOLOGY = [str(ONTOLOGY_GRAPH), str(SHAPES_GRAPH), str(TOPICS_GRAPH)]
SLICE = 24_000  # characters of each bundled document: big enough that a write takes a while
NEW_VERSION_HEAD = "Revised edition, March 2017. This version replaces the earlier text.\n\n"
NEW_VERSION_TAIL = (
    "\n\n## Funding update\n\nThe Children's Trust Board agreed to fund short breaks for disabled "
    "children with £125,000 in 2017-18.\n"
)
KILL = -signal.SIGKILL


# ---------------------------------------------------------------------------- inputs and references
def _write_versions(root: Path) -> tuple[Path, Path]:
    """Folders ``old`` and ``new``: the same file names, every document changed in ``new`` (a
    line added at the top, so every passage offset and IRI moves, and a section at the end)."""
    old, new = root / "old", root / "new"
    old.mkdir()
    new.mkdir()
    for name, source in SOURCES.items():
        text = (CORPUS / source).read_text(encoding="utf-8")[:SLICE]
        text = text[: text.rfind("\n\n")] + "\n"
        (old / name).write_text(text, encoding="utf-8")
        (new / name).write_text(NEW_VERSION_HEAD + text + NEW_VERSION_TAIL, encoding="utf-8")
    return old, new


class Snapshot:
    """What a store holds: triples per document graph, sizes of the ontology graphs, document
    versions, and the index items (and vectors) per document."""

    def __init__(self, store_dir: Path, index: EmbeddingIndex | None = None) -> None:
        with OxigraphStore(store_dir, read_only=True, purpose="test snapshot") as store:
            raw = store.raw
            self.graphs = {
                str(iris.doc_iri(Path(n).stem)): frozenset(
                    str(q.triple)
                    for q in raw.quads_for_pattern(
                        None, None, None, ox.NamedNode(str(iris.doc_iri(Path(n).stem)))
                    )
                )
                for n in DOCS
            }
            self.ontology = {
                g: sum(1 for _ in raw.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in ONTOLOGY
            }
            self.named_graphs = set(store.named_graphs())
            self.versions = store.document_versions()
        index = index if index is not None else EmbeddingIndex.load(store_dir / "index")
        self.items: dict[str, frozenset] = {}
        self.vectors: dict[tuple, np.ndarray] = {}
        for item, vec in zip(index.items, index.vectors, strict=True):
            key = (item.id, item.kind, item.text)
            self.items[item.doc] = self.items.get(item.doc, frozenset()) | {key}
            self.vectors[(item.doc, *key)] = vec


def _clean_build(store: Path, folder: Path, embedder) -> Snapshot:
    kg = KnowledgeGraph(str(store))
    kg._embedder = embedder
    report = kg.build([str(folder)], progress=False)
    kg.close()
    assert report.ok and len(report.outcomes) == len(DOCS), report.summary()
    return Snapshot(store)


# ---------------------------------------------------------------------------- the killed build
class TracedBuild:
    """``ckg build`` in a subprocess, its stage lines read as they come."""

    def __init__(self, store: Path, folder: Path) -> None:
        exe = shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"
        self.proc = subprocess.Popen(
            [exe, "build", str(folder), "--quiet", "--store", str(store)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env={**os.environ, "CKG_TRACE_STAGES": "1"},
            start_new_session=True,  # its own process group: its workers can be found after the kill
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:  # type: ignore[union-attr]
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, line: str, timeout: float = 300) -> bool:
        """Read stage lines until ``line``; False if the build ended first."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            if got is None:
                return False
            self.seen.append(got)
            if got == line:
                return True

    def kill(self, after: float = 0.0) -> int:
        """SIGKILL the build (its process only, as the OOM killer would); its exit code. Then
        wait for the processes it started (extraction workers) to go too: none may outlive it."""
        if after:
            time.sleep(after)
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        code = self.proc.wait(timeout=60)
        assert self._group_gone(), "processes started by the killed build outlived it"
        self._drain()
        return code

    def finish(self) -> int:
        """Let it run to the end; its exit code."""
        code = self.proc.wait(timeout=600)
        assert self._group_gone()
        self._drain()
        return code

    def _group_gone(self, timeout: float = 20) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.1)
        os.killpg(self.proc.pid, signal.SIGKILL)  # do not leave them running after the test
        return False

    def _drain(self) -> None:
        while (got := self.lines.get(timeout=30)) is not None:
            self.seen.append(got)
        self.proc.stderr.close()  # type: ignore[union-attr]

    @property
    def last_stage(self) -> str:
        stages = [s for s in self.seen if s.startswith("stage ")]
        return stages[-1] if stages else "(before the first stage)"


# ---------------------------------------------------------------------------- the checks
def assert_consistent(store: Path, old: Snapshot, new: Snapshot) -> dict[str, str]:
    """Every check of the module docstring; returns each document's state ("old" or "new")."""
    # the lock: an exclusive open succeeds at once, and sweeps the killed process's holder file
    lock = StoreLock(store, exclusive=True, purpose="test")
    try:
        holders = sorted(p.name for p in (store / "ckg.holders").iterdir())
        assert holders == [lock._mine.name], f"holder files of dead processes left: {holders}"
    finally:
        lock.release()

    now = Snapshot(store, index=EmbeddingIndex.empty())
    states: dict[str, str] = {}
    for g, triples in now.graphs.items():
        if triples == old.graphs[g]:
            states[g] = "old"
        elif triples == new.graphs[g]:
            states[g] = "new"
        else:
            pytest.fail(
                f"{g} is neither version: {len(triples)} triples, old has {len(old.graphs[g])}, "
                f"new has {len(new.graphs[g])}"
            )
        assert now.versions[g] == (old if states[g] == "old" else new).versions[g]
    assert now.named_graphs == old.named_graphs, "a graph appeared or went missing"
    assert now.ontology == old.ontology

    # the cache: every entry reads back (temporary files of killed writes are not entries)
    for f in (store / "cache").rglob("*"):
        if f.is_dir() or f.name.startswith(".tmp-"):
            continue
        if f.suffix == ".json":
            json.loads(f.read_text(encoding="utf-8"))
        else:
            with np.load(f, allow_pickle=False) as z:
                assert all(len(z[k]) for k in z.files)

    # the index: the saved one loads whole, and a reader sees the vectors of the versions in the store
    saved = EmbeddingIndex.load(store / "index")
    assert len(saved) > 0 and saved.documents is not None and len(saved.vectors) == len(saved.items)
    with KnowledgeGraph(str(store)) as kg:
        seen = Snapshot(store, index=kg.index)
    for g, state in states.items():
        expected = (old if state == "old" else new).items[g]
        assert seen.items.get(g) == expected, f"the index a reader sees does not match {g} ({state})"
    assert set(seen.items) == set(states)
    return states


# ---------------------------------------------------------------------------- the test
def test_sigkill_at_any_point_leaves_old_or_new_and_the_next_build_completes(tmp_path, embedder):
    old_docs, new_docs = _write_versions(tmp_path)
    old = _clean_build(tmp_path / "clean-old", old_docs, embedder)
    new = _clean_build(tmp_path / "clean-new", new_docs, embedder)
    for g in old.graphs:
        assert old.graphs[g] != new.graphs[g] and old.versions[g] != new.versions[g]

    store = tmp_path / "store"
    shutil.copytree(tmp_path / "clean-old", store)  # the store as it was before the new build
    a, b, c = DOCS
    log: list[str] = []

    # Scripted kills during the first build of the new versions (nothing of them cached yet).
    scripted = [
        ("during load and extraction", f"stage extract {a}", 0.0, {"old"}),
        ("while the model loads and embeds", f"stage embed {a}", 1.5, {"old"}),
        ("in the store write of the second document", f"stage write {b}", 0.0, None),
        ("after two documents have landed", f"stage load {c}", 0.0, None),
        ("during the index rebuild", "stage index -", 0.0, {"new"}),
    ]
    for what, line, after, allowed in scripted:
        build = TracedBuild(store, new_docs)
        assert build.wait_for(line), f"the build ended before {line!r}: {build.seen[-5:]}"
        assert build.kill(after) == KILL, f"the build ended before it was killed {what}"
        states = assert_consistent(store, old, new)
        if allowed is not None:
            assert set(states.values()) <= allowed, (what, states)
        log.append(f"killed {what} (last line: {build.last_stage}): {sorted(states.values())}")
    states = assert_consistent(store, old, new)
    assert states[str(iris.doc_iri(Path(a).stem))] == "new"  # it landed before the later kills

    # One complete build of the new versions: everything new, index current.
    done = TracedBuild(store, new_docs)
    assert done.finish() == 0, done.seen[-5:]
    assert set(assert_consistent(store, old, new).values()) == {"new"}

    # Seeded random kills around the writes, the inputs flipping between versions (all cached now,
    # so a build is only load-from-cache, rdf and the writes).
    rng = random.Random(7)
    folders = {"old": old_docs, "new": new_docs}
    flips = {"written": 0, "kept": 0}
    for i in range(8):
        target = "old" if i % 2 == 0 else "new"
        other = "new" if target == "old" else "old"
        assert TracedBuild(store, folders[other]).finish() == 0  # every document to be written
        doc = rng.choice(DOCS)
        build = TracedBuild(store, folders[target])
        assert build.wait_for(f"stage write {doc}"), build.seen[-5:]
        code = build.kill(after=rng.uniform(0.0, 0.08))
        states = assert_consistent(store, old, new)
        landed = states[str(iris.doc_iri(Path(doc).stem))] == target
        flips["written" if landed else "kept"] += 1
        log.append(f"kill {i} in the write of {doc} (exit {code}, last line {build.last_stage}): {states}")

    # After all that, a build of the new versions gives exactly the clean build's graph and index.
    final = TracedBuild(store, new_docs)
    assert final.finish() == 0
    assert set(assert_consistent(store, old, new).values()) == {"new"}
    result = Snapshot(store)
    assert result.graphs == new.graphs and result.ontology == new.ontology
    assert result.versions == new.versions and result.items == new.items
    saved = EmbeddingIndex.load(store / "index")
    assert saved.documents == result.versions
    for key, vec in result.vectors.items():
        np.testing.assert_allclose(vec, new.vectors[key], atol=1e-5)
    print("\n".join(log), f"\nwrites killed: {flips}", file=sys.stderr)
