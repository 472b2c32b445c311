"""Parallel builds: worker processes give the same graph and index as an in-process build,
report a failing file in one line while the others land, and keep the input order."""

from __future__ import annotations

from pathlib import Path

import pytest

from ckg.graph import iris
from ckg.graph.build import Builder
from ckg.kg import KnowledgeGraph
from ckg.settings import Settings

STRATEGY = """# {area} Children's Commissioning Strategy 2020 – 2023

Prepared by the {area} Children's Partnership Board.

## Resources

> {pct} - CAMHS\t£{camhs}
> Youth Service\t£300,000

## Contact

For further information please call:

**{person}**

Head of Commissioning

Telephone: 01234 567890

Email: commissioning@{slug}.gov.uk
"""

PLAN = """# {area} Early Help Plan 2021-2024

The priorities of the {area} Early Help Partnership (EHP) are:

1. Reduce child poverty.
2. Improve school attendance.

{area} County Council commissions short breaks for disabled children from the {area} Carers Trust.
"""

AREAS = [
    ("Exampleshire", "Exampleshire PCT", "1,250,000", "Jo Bloggs"),
    ("Northshire", "Northshire CCG", "2,400,000", "Sam Patel"),
    ("Westshire", "Westshire PCT", "975,000", "Ann Lee"),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for area, pct, camhs, person in AREAS:
        slug = area.lower()
        values = {"area": area, "pct": pct, "camhs": camhs, "person": person, "slug": slug}
        (folder / f"{slug}-strategy.md").write_text(STRATEGY.format(**values), encoding="utf-8")
        (folder / f"{slug}-plan.txt").write_text(PLAN.format(**values), encoding="utf-8")
    return folder


def _build(store: Path, paths: list[Path], embedder, workers: int):
    settings = Settings.from_env().with_(workers=workers)
    kg = KnowledgeGraph(str(store), settings=settings)
    kg._embedder = embedder
    report = kg.build([str(p) for p in paths], progress=False)
    kg.close()
    return report


def _document_quads(store: Path) -> list[str]:
    """Every quad of the documents' named graphs (the ontology graphs are the same anyway)."""
    with KnowledgeGraph(str(store)) as kg:
        lines = kg.export("nquads").decode("utf-8").splitlines()
    return sorted(q for q in lines if "/doc/" in q.rsplit(" ", 2)[-2])


def test_two_workers_build_the_same_graph_and_index_as_one(tmp_path, corpus, embedder):
    one = _build(tmp_path / "one", [corpus], embedder, workers=1)
    two = _build(tmp_path / "two", [corpus], embedder, workers=2)
    assert one.ok and two.ok
    assert (one.workers, two.workers) == (1, 2)
    assert [o.path for o in two.outcomes] == [o.path for o in one.outcomes]
    assert [o.status for o in two.outcomes] == ["loaded"] * 6
    assert [o.counts for o in two.outcomes] == [o.counts for o in one.outcomes]

    quads_one, quads_two = _document_quads(tmp_path / "one"), _document_quads(tmp_path / "two")
    assert len(quads_one) > 300
    assert quads_two == quads_one

    with KnowledgeGraph(str(tmp_path / "one")) as a, KnowledgeGraph(str(tmp_path / "two")) as b:
        assert [it.id for it in b.index.items] == [it.id for it in a.index.items]
        assert abs(b.index.vectors - a.index.vectors).max() < 1e-5
        assert len(a.index) > 30


def test_outcomes_keep_the_input_order_and_stages(tmp_path, corpus, embedder):
    report = _build(tmp_path / "s", [corpus], embedder, workers=2)
    names = [Path(o.path).name for o in report.outcomes]
    assert names == sorted(names)  # folders are read in name order
    for o in report.outcomes:
        assert set(o.stage_seconds) == {"load", "extract", "rdf", "embed", "write"}
        assert o.passages > 0
    # texts shared by documents (headings, the plan's priorities) were embedded once
    with KnowledgeGraph(str(tmp_path / "s")) as kg:
        items = kg.index.items
    assert report.embedded_texts == len({it.text for it in items}) < len(items)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_file_is_reported_and_the_others_land(tmp_path, corpus, embedder, workers):
    (corpus / "northshire-plan.txt").write_bytes(b"")
    (corpus / "noise.txt").write_bytes(bytes(range(256)) * 40)
    report = _build(tmp_path / "s", [corpus], embedder, workers=workers)
    failed = {Path(o.path).name: o.reason for o in report.failed}
    assert set(failed) == {"northshire-plan.txt", "noise.txt"}
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert "empty" in failed["northshire-plan.txt"]
    assert not report.ok
    loaded = sorted(Path(o.path).name for o in report.outcomes if o.status == "loaded")
    assert len(loaded) == 5
    with KnowledgeGraph(str(tmp_path / "s")) as kg:
        graphs = set(kg.store().named_graphs())
        assert str(iris.doc_iri("westshire-plan")) in graphs
        assert str(iris.doc_iri("northshire-plan")) not in graphs
        assert {it.doc for it in kg.index.items} == {str(iris.doc_iri(Path(n).stem)) for n in loaded}


def test_a_parallel_rerun_is_unchanged_and_one_change_rebuilds_one(tmp_path, corpus, embedder):
    _build(tmp_path / "s", [corpus], embedder, workers=2)
    again = _build(tmp_path / "s", [corpus], embedder, workers=2)
    assert {o.status for o in again.outcomes} == {"unchanged"}
    assert again.embedded_texts == 0
    plan = corpus / "westshire-plan.txt"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("short breaks", "respite care"), encoding="utf-8"
    )
    third = _build(tmp_path / "s", [corpus], embedder, workers=2)
    changed = [Path(o.path).name for o in third.outcomes if o.status == "loaded"]
    assert changed == ["westshire-plan.txt"]
    assert third.workers == 1  # one document to prepare: no pool
    with KnowledgeGraph(str(tmp_path / "s")) as kg:
        own = {it.text for it in kg.index.items if it.doc == str(iris.doc_iri("westshire-plan"))}
    assert 0 < third.embedded_texts <= len(own)  # that document's texts only


def test_worker_count_follows_the_setting_and_the_work(tmp_path):
    from ckg.graph.store import open_store

    store = open_store(str(tmp_path / "s"))
    try:

        def builder(workers: int) -> Builder:
            return Builder(
                store,
                Settings().with_(workers=workers),
                index_dir=tmp_path / "i",
                cache_dir=tmp_path / "c",
                progress=False,
            )

        assert builder(4).worker_count(10) == 4
        assert builder(4).worker_count(2) == 2
        assert builder(1).worker_count(10) == 1
        assert 1 <= builder(0).worker_count(100) <= 512  # one per usable core
        assert builder(0).worker_count(0) == 1
    finally:
        store.close()


def _stage_after_gate() -> float:
    """In a build worker: the moment a document's next stage may start."""
    import time

    from ckg.graph.lifeline import wait_for_cpu

    wait_for_cpu("extract")
    return time.time()


def test_workers_wait_while_the_model_runs():
    """The parent clears the event around each call to the model; a worker reaching a stage
    boundary waits until it is set again, and goes on at once when it is set."""
    import multiprocessing
    import os
    import time
    from concurrent.futures import ProcessPoolExecutor

    from ckg.graph.lifeline import background_worker

    context = multiprocessing.get_context("spawn")
    cpu_free = context.Event()
    with ProcessPoolExecutor(
        1, mp_context=context, initializer=background_worker, initargs=(os.getpid(), cpu_free)
    ) as pool:
        cpu_free.set()
        assert pool.submit(_stage_after_gate).result(timeout=60) <= time.time()  # free: no wait
        cpu_free.clear()
        waiting = pool.submit(_stage_after_gate)
        time.sleep(1.5)
        assert not waiting.done()
        released = time.time()
        cpu_free.set()
        assert waiting.result(timeout=30) >= released
