"""``ckg remove`` and ``ckg build --prune``: a removed document's facts are gone everywhere.

A small store is built once from three invented documents, with the real model. One of them,
the Fernshire plan, holds a fact no other document has (the Quillbrook Foundation funds the
Larkspur Sensory Play Service with £48,500) and names a body another document also names
(Fernshire County Council). Each test works on a copy of that store. After the plan is
removed, by its file, its IRI or its title: no answer of ``ask`` cites it, SPARQL finds no
triple of its graph and none of its passages, the index a reader sees holds none of its
vectors, its cache entries are gone, and the map's JSON (Flask test client) no longer shows
the Quillbrook node, while the shared body keeps the other document's triples.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyoxigraph as ox
import pytest
from ckgtest import run_ckg

from ckg.errors import DocumentNotFound, StoreBusyError
from ckg.graph.documents import loaded_documents
from ckg.graph.embeddings import EmbeddingIndex
from ckg.graph.store import OxigraphStore, StoreLock
from ckg.kg import KnowledgeGraph

CKGID = "https://w3id.org/ckg/id/"
PLAN = CKGID + "doc/fernshire-early-help-plan"
YOUTH = CKGID + "doc/fernshire-youth-offer"
SEND = CKGID + "doc/brackenmoor-send-strategy"
COUNCIL = CKGID + "org/fernshire-county-council"
QUESTION = "who funds the Larkspur Sensory Play Service?"

DOCUMENTS = {
    "fernshire-early-help-plan.txt": """# Fernshire Early Help Plan 2022-2025

Fernshire County Council leads the Fernshire Early Help Partnership.

The priorities of the partnership are:

1. Reduce child poverty.
2. Improve school attendance.

The Quillbrook Foundation funds the Larkspur Sensory Play Service with £48,500 in 2023-24.

Fernshire County Council commissions family support workers across the county.
""",
    "fernshire-youth-offer.txt": """# Fernshire Youth Offer 2023

Fernshire County Council commissions detached youth work across the county.

The Fernshire Youth Service provides open access youth clubs in every town.
""",
    "brackenmoor-send-strategy.txt": """# Brackenmoor SEND Strategy 2021-2024

Brackenmoor Borough Council commissions speech and language therapy for children with special
educational needs.

The Brackenmoor Integrated Care Board funds short breaks for disabled children with £210,000 a year.
""",
}


def write_documents(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def base(tmp_path_factory, embedder) -> tuple[Path, Path]:
    """(documents folder, store) built once; tests copy the store before changing it."""
    root = tmp_path_factory.mktemp("remove")
    docs = write_documents(root / "docs")
    store = root / "store"
    with KnowledgeGraph(str(store)) as kg:
        kg._embedder = embedder
        report = kg.build([docs], progress=False)
        assert report.ok and len(report.outcomes) == 3, report.summary()
        # the unique fact is there to be lost: asked, it is answered from the plan
        assert "Quillbrook Foundation" in labels(kg.ask(QUESTION))
        assert PLAN in cited(kg.ask(QUESTION))
    return docs, store


@pytest.fixture
def store(base, tmp_path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(base[1], copy)
    return copy


def open_kg(store: Path, embedder) -> KnowledgeGraph:
    kg = KnowledgeGraph(str(store))
    kg._embedder = embedder
    return kg


def labels(answer: dict) -> list[str]:
    return [a["label"] for a in answer["answers"]]


def cited(answer: dict) -> set[str]:
    return {e["document_iri"] for a in answer["answers"] for e in a["evidence"]}


def count(kg: KnowledgeGraph, query: str) -> int:
    return int(kg.sparql(query).rows[0]["n"].value)


def graph_triples(kg: KnowledgeGraph, graph: str) -> int:
    return count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")


def cache_files(store: Path, sha: str) -> list[Path]:
    return sorted((store / "cache").rglob(f"{sha}.*"))


def map_client(kg: KnowledgeGraph):
    """The web app over ``kg`` (Flask test client): one app, so its map cache lives across calls."""
    from ckg.web import create_app

    app = create_app(kg)
    app.testing = True
    return app.test_client()


def map_nodes(client, **params: str) -> dict[str, dict]:
    r = client.get("/api/graph", query_string=params)
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert not body["truncated"]
    return {n["label"]: n for n in body["nodes"]}


def assert_plan_gone(kg: KnowledgeGraph, store: Path, plan_sha: str) -> None:
    """Every place the plan's unique fact could show up, after its removal."""
    answer = kg.ask(QUESTION)
    assert PLAN not in cited(answer), answer
    assert "Quillbrook Foundation" not in labels(answer)
    assert graph_triples(kg, PLAN) == 0
    assert count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p ckg:inDocument <{PLAN}> }}") == 0
    assert count(kg, "SELECT (COUNT(*) AS ?n) WHERE { ?f ckg:amount ?a FILTER (?a = 48500) }") == 0
    assert count(kg, 'SELECT (COUNT(*) AS ?n) WHERE { ?o skos:prefLabel "Quillbrook Foundation" }') == 0
    assert PLAN not in kg.store().named_graphs()
    # the index a reader sees, and the saved one: none of the plan's vectors
    assert not [it for it in kg.index.items if it.doc == PLAN or "/fernshire-early-help-plan/" in it.id]
    saved = EmbeddingIndex.load(store / "index")
    assert saved.documents == kg.store().document_versions()
    assert not [it for it in saved.items if it.doc == PLAN]
    assert cache_files(store, plan_sha) == []
    # the body both documents name keeps the youth offer's triples, and only those
    rows = kg.sparql(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{COUNCIL}> skos:prefLabel ?l }} }}").values()
    assert [r["g"] for r in rows] == [YOUTH]


def plan_sha(kg: KnowledgeGraph) -> str:
    return next(d.sha for d in loaded_documents(kg.store()) if d.iri == PLAN)


# ---------------------------------------------------------------------------- remove
@pytest.mark.parametrize("how", ["file", "iri", "title"])
def test_remove_by_file_iri_or_title_takes_the_unique_fact_out_of_everything(base, store, embedder, how):
    docs, _ = base
    name = {
        "file": str(docs / "fernshire-early-help-plan.txt"),
        "iri": PLAN,
        "title": "FERNSHIRE early help plan 2022-2025",
    }[how]
    with open_kg(store, embedder) as kg:
        sha = plan_sha(kg)
        before = {g: graph_triples(kg, g) for g in (PLAN, YOUTH, SEND)}
        assert cache_files(store, sha)
        client = map_client(kg)
        nodes = map_nodes(client)
        assert "Quillbrook Foundation" in nodes and "Larkspur Sensory Play Service" in nodes
        council = map_nodes(client, focus=COUNCIL)["Fernshire County Council"]
        assert set(council["documents"]) == {PLAN, YOUTH}

        report = kg.remove([name])

        assert [(r.iri, r.title) for r in report.removed] == [(PLAN, "Fernshire Early Help Plan 2022-2025")]
        assert report.removed[0].triples == before[PLAN] and report.removed[0].passages > 0
        assert report.removed[0].cache_entries == 4  # text, extraction, vectors, index items
        assert_plan_gone(kg, store, sha)
        assert {g: graph_triples(kg, g) for g in (YOUTH, SEND)} == {g: before[g] for g in (YOUTH, SEND)}
        # the map (cached per store state) is rebuilt without it; the shared body stays
        nodes = map_nodes(client)
        assert "Quillbrook Foundation" not in nodes and "Larkspur Sensory Play Service" not in nodes
        assert map_nodes(client, focus=COUNCIL)["Fernshire County Council"]["documents"] == [YOUTH]
    # and a new reader, in a new process's place, sees the same
    with open_kg(store, embedder) as kg:
        assert_plan_gone(kg, store, sha)
        assert "Brackenmoor Integrated Care Board" in labels(kg.ask("who funds short breaks?"))


def test_content_another_document_has_keeps_its_cache_and_vectors(tmp_path, embedder):
    docs = write_documents(tmp_path / "docs")
    shutil.copy(docs / "fernshire-youth-offer.txt", docs / "fernshire-youth-offer-copy.txt")
    with open_kg(tmp_path / "store", embedder) as kg:
        kg.build([docs], progress=False)
        sha = next(d.sha for d in loaded_documents(kg.store()) if d.iri == YOUTH)
        report = kg.remove(["fernshire-youth-offer.txt"])
        assert [r.iri for r in report.removed] == [YOUTH] and report.removed[0].cache_entries == 0
        assert len(cache_files(tmp_path / "store", sha)) == 4
        copy = CKGID + "doc/fernshire-youth-offer-copy"
        assert {it.doc for it in kg.index.items} == {copy, PLAN, SEND}
        # the copy's passages are its own, not the removed document's (the cache is by content)
        assert not [it.id for it in kg.index.items if "/fernshire-youth-offer/" in it.id]
        assert [
            it for it in kg.index.items if it.id.startswith(CKGID + "passage/fernshire-youth-offer-copy/")
        ]
        assert graph_triples(kg, YOUTH) == 0 and graph_triples(kg, copy) > 0


def test_several_documents_in_one_call(store, embedder):
    with open_kg(store, embedder) as kg:
        report = kg.remove([SEND, "fernshire-youth-offer.txt", SEND])
        assert sorted(r.iri for r in report.removed) == [SEND, YOUTH]
        assert sorted(kg.store().document_versions()) == [PLAN]
        assert {it.doc for it in kg.index.items} == {PLAN}


# ---------------------------------------------------------------------------- errors
def snapshot(store: Path) -> tuple:
    with KnowledgeGraph(str(store)) as kg:
        versions = kg.store().document_versions()
        triples = {g: graph_triples(kg, g) for g in versions}
    files = sorted(str(p.relative_to(store)) for p in (store / "cache").rglob("*") if p.is_file())
    return versions, triples, files, (store / "index" / "current.json").read_text()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("Fernshire Erly Help Plan", "no loaded document is called 'Fernshire Erly Help Plan'; did you mean "
         '"Fernshire Early Help Plan 2022-2025" (fernshire-early-help-plan.txt)'),
        ("fernshire", "'fernshire' matches 2 documents: \"Fernshire Early Help Plan 2022-2025\""),
        (CKGID + "doc/nowhere", "no loaded document has the IRI " + CKGID + "doc/nowhere"),
        ("/no/such/folder/plan.txt", "no loaded document was built from /no/such/folder/plan.txt"),
    ],
)  # fmt: skip
def test_an_unknown_or_ambiguous_name_is_one_line_exit_2_and_nothing_changes(store, name, says):
    before = snapshot(store)
    done = run_ckg("remove", SEND, name, "--store", str(store))  # the first name is fine: still nothing
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ckg remove: error: "), done.stderr
    assert says in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert snapshot(store) == before


def test_the_api_raises_document_not_found_and_changes_nothing(store, embedder):
    before = snapshot(store)
    with (
        open_kg(store, embedder) as kg,
        pytest.raises(DocumentNotFound, match="no loaded document is called"),
    ):
        kg.remove(["Brackenmoor Annual Review"])
    with open_kg(store, embedder) as kg, pytest.raises(DocumentNotFound, match="at least one"):
        kg.remove([])
    assert snapshot(store) == before


# ---------------------------------------------------------------------------- command line
def test_ckg_remove_reports_in_human_form_and_json(store):
    done = run_ckg("remove", "Brackenmoor SEND Strategy 2021-2024", "--store", str(store))
    assert done.returncode == 0, done.stderr
    first, last = done.stdout.strip().splitlines()
    assert first.startswith(f'removed   "Brackenmoor SEND Strategy 2021-2024" <{SEND}> (')
    assert " triples, " in first and last.startswith("1 removed (")
    done = run_ckg("remove", "fernshire-youth-offer", "--json", "--store", str(store))
    assert done.returncode == 0, done.stderr
    (removed,) = json.loads(done.stdout)["removed"]
    assert removed["iri"] == YOUTH and removed["title"] == "Fernshire Youth Offer 2023"
    assert removed["triples"] > 0 and removed["source"] == "fernshire-youth-offer.txt"
    with KnowledgeGraph(str(store)) as kg:
        assert sorted(kg.store().document_versions()) == [PLAN]


# ---------------------------------------------------------------------------- prune
def test_build_prune_removes_documents_whose_file_is_gone_under_the_folders_given(tmp_path, embedder):
    docs = write_documents(tmp_path / "docs")
    other = tmp_path / "other"
    other.mkdir()
    shutil.move(docs / "brackenmoor-send-strategy.txt", other / "brackenmoor-send-strategy.txt")
    store = tmp_path / "store"
    with open_kg(store, embedder) as kg:
        assert kg.build([docs], progress=False).ok and kg.build([other], progress=False).ok
        sha = plan_sha(kg)
        # a file deleted from elsewhere than the folders given is not pruned
        (other / "brackenmoor-send-strategy.txt").unlink()
        (docs / "fernshire-early-help-plan.txt").unlink()
        report = kg.build([docs], progress=False, prune=True)
        assert [(o.document, o.status) for o in report.outcomes] == [(YOUTH, "unchanged")]
        assert [r.iri for r in report.removed] == [PLAN] and report.removed[0].triples > 0
        assert sorted(kg.store().document_versions()) == [SEND, YOUTH]
        assert_plan_gone(kg, store, sha)
        # without --prune nothing goes; a folder that is not there prunes nothing under it
        assert kg.build([other], progress=False).removed == []
        assert kg.build([tmp_path / "missing"], progress=False, prune=True).removed == []
        assert sorted(kg.store().document_versions()) == [SEND, YOUTH]


def test_ckg_build_prune_on_the_command_line(tmp_path):
    docs = write_documents(tmp_path / "docs")
    store = str(tmp_path / "store")
    assert run_ckg("build", str(docs), "--quiet", "--store", store).returncode == 0
    (docs / "brackenmoor-send-strategy.txt").unlink()
    done = run_ckg("build", str(docs), "--prune", "--quiet", "--store", store)
    assert done.returncode == 0, done.stderr
    removed = [ln for ln in done.stdout.splitlines() if ln.startswith("removed ")]
    assert len(removed) == 1 and f"<{SEND}>" in removed[0] and "is gone" in removed[0]
    assert ", 1 removed in " in done.stdout
    with KnowledgeGraph(store) as kg:
        assert sorted(kg.store().document_versions()) == [PLAN, YOUTH]


def test_a_moved_file_is_recorded_where_it_is_now(tmp_path, embedder):
    docs = write_documents(tmp_path / "docs")
    moved = tmp_path / "moved"
    moved.mkdir()
    with open_kg(tmp_path / "store", embedder) as kg:
        kg.build([docs], progress=False)
        shutil.move(docs / "fernshire-youth-offer.txt", moved / "fernshire-youth-offer.txt")
        assert [o.status for o in kg.build([moved], progress=False).outcomes] == ["loaded"]
        # the youth offer's file is gone from docs/, but it was loaded again from moved/
        assert kg.build([docs], progress=False, prune=True).removed == []
        paths = {d.iri: d.path for d in loaded_documents(kg.store())}
        assert paths[YOUTH] == str((moved / "fernshire-youth-offer.txt").resolve())


# ---------------------------------------------------------------------------- a reader meanwhile
def test_a_reader_open_during_a_removal(empty_location, tmp_path, embedder):
    """Embedded: a removal needs the store to itself, and says so while a reader has it open.
    SPARQL endpoint (no lock between machines): a reader that answered before the removal
    answers after it without the removed document (its index and engine follow the store)."""
    docs = write_documents(tmp_path / "docs")
    remote = empty_location.startswith("http")
    with open_kg(empty_location, embedder) as writer:
        assert writer.build([docs], progress=False).ok
    writer = open_kg(empty_location, embedder)
    reader = open_kg(empty_location, embedder)
    try:
        assert PLAN in cited(reader.ask(QUESTION))
        if not remote:
            with pytest.raises(StoreBusyError, match="removing documents needs it to itself"):
                writer.remove([PLAN])
            assert PLAN in reader.store().document_versions()
            reader.close()
        assert [r.iri for r in writer.remove([PLAN]).removed] == [PLAN]
        if not remote:
            writer.close()  # the reader opens the store again, as a new `ckg ask` would
        answer = reader.ask(QUESTION)
        assert PLAN not in cited(answer) and "Quillbrook Foundation" not in labels(answer)
        assert sorted(reader.store().document_versions()) == [SEND, YOUTH]
        assert not [it for it in reader.index.items if it.doc == PLAN]  # what it retrieves from
    finally:
        writer.close()
        reader.close()


# ---------------------------------------------------------------------------- killed
class Interrupted(Exception):
    """Stands for a kill at a chosen step, in-process (the SIGKILL test below has no say when)."""


def test_a_removal_stopped_before_its_index_is_written_never_serves_the_vectors(store, embedder):
    """Deterministic: the graph is dropped, the saved index still holds the plan's vectors
    (from the store state before), and a reader assembles the right index from the cache."""
    from ckg.graph.cache import BuildCache
    from ckg.graph.removal import remove_documents

    def stop_at_index(stage: str, _doc: str) -> None:
        if stage == "index":
            raise Interrupted

    with open_kg(store, embedder) as kg:
        sha = plan_sha(kg)
        (plan,) = [d for d in loaded_documents(kg.store()) if d.iri == PLAN]
        with pytest.raises(Interrupted):
            remove_documents(
                kg.store(write=True),
                [plan],
                BuildCache(kg.cache_dir),
                index_dir=kg.index_dir,
                ann_threshold=kg.settings.ann_threshold,
                on_stage=stop_at_index,
            )
    saved = EmbeddingIndex.load(store / "index")
    assert PLAN in saved.documents and [it for it in saved.items if it.doc == PLAN]
    assert cache_files(store, sha)  # the cache step comes after the index
    with open_kg(store, embedder) as kg:
        assert PLAN not in kg.store().document_versions()
        assert {it.doc for it in kg.index.items} == {YOUTH, SEND}
        assert PLAN not in cited(kg.ask(QUESTION))


def _traced_remove(store: Path) -> subprocess.Popen:
    exe = shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"
    return subprocess.Popen(
        [exe, "remove", PLAN, "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CKG_TRACE_STAGES": "1"},
    )


def _state_after_kill(store: Path, plan_triples: frozenset, embedder) -> str:
    """'kept' or 'removed', after checking that nothing is half done."""
    lock = StoreLock(store, exclusive=True, purpose="test")  # not stuck; the dead holder is swept
    assert sorted(p.name for p in (store / "ckg.holders").iterdir()) == [lock._mine.name]
    lock.release()
    for f in (store / "cache").rglob("*"):  # every entry reads back
        if f.is_file() and not f.name.startswith(".tmp-"):
            if f.suffix == ".json":
                json.loads(f.read_text(encoding="utf-8"))
            else:
                with np.load(f, allow_pickle=False) as z:
                    assert all(len(z[k]) for k in z.files)
    with OxigraphStore(store, read_only=True, purpose="test") as raw:
        triples = frozenset(
            str(q.triple) for q in raw.raw.quads_for_pattern(None, None, None, ox.NamedNode(PLAN))
        )
    assert triples in (plan_triples, frozenset()), f"{len(triples)} of {len(plan_triples)} triples left"
    state = "kept" if triples else "removed"
    with open_kg(store, embedder) as kg:
        versions = kg.store().document_versions()
        assert (PLAN in versions) == (state == "kept")
        assert {it.doc for it in kg.index.items} == set(versions)
        if state == "removed":
            assert PLAN not in cited(kg.ask(QUESTION))
    return state


@pytest.mark.slow
def test_sigkill_during_a_removal_leaves_the_document_whole_or_gone(base, tmp_path, embedder):
    with OxigraphStore(base[1], read_only=True, purpose="test") as raw:
        plan_triples = frozenset(
            str(q.triple) for q in raw.raw.quads_for_pattern(None, None, None, ox.NamedNode(PLAN))
        )
    assert plan_triples
    rng = random.Random(11)
    kills = [("find", 0.0), ("drop", 0.0), ("index", 0.0), ("cache", 0.0)] + [
        ("drop", rng.uniform(0, 0.05)) for _ in range(4)
    ]
    states = []
    for i, (stage, after) in enumerate(kills):
        store = tmp_path / f"store-{i}"
        shutil.copytree(base[1], store)
        proc = _traced_remove(store)
        for line in proc.stderr:  # type: ignore[union-attr]
            if line.startswith(f"stage {stage} "):
                break
        else:
            pytest.fail(f"the removal ended before its {stage} step")
        if after:
            time.sleep(after)
        proc.kill()
        proc.wait(timeout=60)
        proc.stderr.close()  # type: ignore[union-attr]
        state = _state_after_kill(store, plan_triples, embedder)
        if stage in ("index", "cache"):
            assert state == "removed"  # the drop was done before these steps began
        states.append(state)
        # and the next removal finishes the job, or says there is nothing to remove
        done = run_ckg("remove", PLAN, "--store", str(store))
        assert done.returncode == (0 if state == "kept" else 2), done.stderr
        with open_kg(store, embedder) as kg:
            assert sorted(kg.store().document_versions()) == [SEND, YOUTH]
            assert not [it for it in kg.index.items if it.doc == PLAN]
    print(f"states after the kills: {states}", file=sys.stderr)
