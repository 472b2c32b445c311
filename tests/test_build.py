"""ckg build: named graph per document, cached re-runs, exact replacement, bad files kept out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ckg.graph import iris
from ckg.kg import KnowledgeGraph

STRATEGY = """# Exampleshire Children's Commissioning Strategy 2020 – 2023

Prepared by the Exampleshire Children's Partnership Board.

## Resources

> PCT - CAMHS\t£1,250,000
> Youth Service\t£300,000

## Contact

For further information please call:

**Jo Bloggs**

Head of Commissioning

Telephone: 01234 567890

Email: jo.bloggs@example.gov.uk
"""

PLAN = """# Exampleshire Early Help Plan 2021-2024

The priorities of the Exampleshire Early Help Partnership (EHP) are:

1. Reduce child poverty.
2. Improve school attendance.
"""


def _triples_in(kg: KnowledgeGraph, graph_iri: str) -> int:
    r = kg.store().query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}", union=False
    )
    return int(r.rows[0]["n"].value)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "strategy.md").write_text(STRATEGY, encoding="utf-8")
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    return folder


def _build(store: str | Path, paths, embedder):
    """Build ``paths`` into a store directory or (remote runs) a SPARQL endpoint URL."""
    kg = KnowledgeGraph(str(store))
    kg._embedder = embedder
    report = kg.build([str(p) for p in paths], progress=False)
    kg.close()
    return report


def test_each_document_gets_its_own_named_graph(empty_location, small_corpus, embedder):
    report = _build(empty_location, [small_corpus], embedder)
    assert report.ok and [o.status for o in report.outcomes] == ["loaded", "loaded"]
    with KnowledgeGraph(empty_location) as kg:
        graphs = kg.store().named_graphs()
        for stem in ("plan", "strategy"):
            assert str(iris.doc_iri(stem)) in graphs
            assert _triples_in(kg, str(iris.doc_iri(stem))) > 20


def test_rerun_on_unchanged_files_skips_them(empty_location, small_corpus, embedder):
    _build(empty_location, [small_corpus], embedder)
    again = _build(empty_location, [small_corpus], embedder)
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]


def test_changing_one_file_replaces_exactly_its_graph(empty_location, small_corpus, embedder):
    store = empty_location
    _build(store, [small_corpus], embedder)
    with KnowledgeGraph(store) as kg:
        plan_before = _triples_in(kg, str(iris.doc_iri("plan")))
    (small_corpus / "strategy.md").write_text(STRATEGY.replace("£300,000", "£450,000"), encoding="utf-8")
    report = _build(store, [small_corpus], embedder)
    assert {Path(o.path).name: o.status for o in report.outcomes} == {
        "plan.txt": "unchanged",
        "strategy.md": "loaded",
    }
    with KnowledgeGraph(store) as kg:
        assert _triples_in(kg, str(iris.doc_iri("plan"))) == plan_before
        amounts = {
            row["a"].python()
            for row in kg.sparql("SELECT ?a WHERE { ?f a ckg:FundingAllocation ; ckg:amount ?a }").rows
        }
    assert 450000 in amounts and 300000 not in amounts


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog", "PDF"),
    ],
)
def test_a_broken_file_is_reported_and_the_store_keeps_its_previous_version(
    empty_location, small_corpus, embedder, content, reason
):
    store = empty_location
    _build(store, [small_corpus], embedder)
    with KnowledgeGraph(store) as kg:
        before = _triples_in(kg, str(iris.doc_iri("plan")))
    broken = small_corpus / "plan.txt"
    if reason == "PDF":
        broken.unlink()
        broken = small_corpus / "plan.pdf"
    broken.write_bytes(content)
    report = _build(store, [small_corpus], embedder)
    failed = {Path(o.path).name: o.reason for o in report.failed}
    assert list(failed) == [broken.name]
    assert reason.lower() in failed[broken.name].lower() or "corrupt" in failed[broken.name].lower()
    assert "\n" not in failed[broken.name]
    assert not report.ok
    assert any(o.status == "unchanged" for o in report.outcomes)  # the other file still went through
    with KnowledgeGraph(store) as kg:
        assert _triples_in(kg, str(iris.doc_iri("plan"))) == before


def test_the_bundled_corpus_builds_into_five_documents(kg):
    docs = kg.sparql("documents").values()
    assert len(docs) == 5
    assert {d["area"] for d in docs} >= {"Bedfordshire", "Oxfordshire", "Reading"}


def test_embedding_index_covers_passages_and_labels(kg):
    index = kg.index
    kinds = {it.kind for it in index.items}
    assert "passage" in kinds and "Organization" in kinds
    assert index.vectors.shape == (len(index.items), 384)
    hits = index.search(
        kg.embedder.encode(["budget for child and adolescent mental health"])[0], k=10, kinds=("passage",)
    )
    assert any("CAMH" in it.text or "mental health" in it.text.lower() for it, _ in hits)


def test_missing_path_is_a_note_not_a_crash(tmp_path, small_corpus, embedder):
    report = _build(tmp_path / "s", [small_corpus, tmp_path / "nope.txt"], embedder)
    assert any("nope.txt" in n for n in report.notes)
    assert [o.status for o in report.outcomes] == ["loaded", "loaded"]


def test_build_copies_of_the_corpus_are_independent(tmp_path, embedder):
    """Two stores built from the same files hold the same triples (determinism)."""
    src = Path(__file__).resolve().parent.parent / "data" / "documents"
    one = tmp_path / "one.txt"
    shutil.copy(src / "oxfordshire-cyp-trust-joint-commissioning-framework-2010.txt", one)
    dumps = []
    for name in ("a", "b"):
        _build(tmp_path / name, [one], embedder)
        with KnowledgeGraph(str(tmp_path / name)) as kg:
            doc_graph = f"<{iris.doc_iri('one')}> ."
            dumps.append(
                sorted(q for q in kg.export("nquads").decode().splitlines() if q.endswith(doc_graph))
            )
    assert len(dumps[0]) > 1000
    assert dumps[0] == dumps[1]
