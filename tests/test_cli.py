"""The ckg command as a user runs it: outputs, formats, exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from ckgtest import run_ckg


def test_sparql_named_query_as_table(corpus_location):
    r = run_ckg("sparql", "funding-by-funder", "--store", str(corpus_location))
    assert r.returncode == 0, r.stderr
    assert "Bedfordshire Primary Care Trust" in r.stdout and "2827361" in r.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "xml"])
def test_sparql_result_formats(corpus_location, fmt):
    r = run_ckg("sparql", "documents", "--format", fmt, "--store", str(corpus_location))
    assert r.returncode == 0, r.stderr
    if fmt == "json":
        assert len(json.loads(r.stdout)["results"]["bindings"]) == 5
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(r.stdout)))) == 6
    elif fmt == "tsv":
        assert r.stdout.splitlines()[0].startswith("?title")
    else:
        assert r.stdout.startswith("<?xml") and "<result>" in r.stdout


def test_sparql_construct_as_turtle(corpus_location):
    q = "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a ckg:LocalAuthority ; rdfs:label ?l }"
    r = run_ckg("sparql", q, "--format", "turtle", "--store", str(corpus_location))
    assert r.returncode == 0, r.stderr
    triples = list(ox.parse(r.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert triples


def test_sparql_from_a_file_and_with_a_binding(corpus_location, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT ?t WHERE { ?d dcterms:title ?t ; dcterms:source ?src }")
    r = run_ckg(
        "sparql",
        str(f),
        "--format",
        "csv",
        "--bind",
        "src=bedfordshire-cyp-commissioning-strategy-2006-09.txt",
        "--store",
        str(corpus_location),
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("\n") == 2 and "Commissioning Strategy" in r.stdout


def test_sparql_list_names_the_queries():
    r = run_ckg("sparql", "--list")
    assert r.returncode == 0 and "funding-by-funder" in r.stdout and "provenance" in r.stdout
    line = next(x for x in r.stdout.splitlines() if x.startswith("funding-by-funder "))
    assert "--bind funder=IRI" in line  # the parameter a user can narrow it by


@pytest.mark.parametrize(
    "args,needle",
    [
        (["sparql", "SELECT ?x WHERE {"], "syntax"),
        (["sparql", "no-such-query"], "named query"),
        (["sparql", "nope.rq"], "no such query file"),
    ],
)
def test_errors_are_one_line_without_traceback(corpus_location, args, needle):
    r = run_ckg(*args, "--store", str(corpus_location))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert needle in r.stderr.lower()


def test_missing_store_is_a_clear_error(tmp_path):
    r = run_ckg("stats", "--store", str(tmp_path / "nothing-here"))
    assert r.returncode == 2 and "ckg build" in r.stderr and "Traceback" not in r.stderr


def test_store_comes_from_the_environment(corpus_location):
    r = run_ckg("stats", env={"CKG_STORE": str(corpus_location)})
    assert r.returncode == 0, r.stderr
    assert "documents loaded: 5" in r.stdout and "ckg:FundingAllocation" in r.stdout


@pytest.mark.parametrize(
    "fmt,parse_format",
    [("turtle", ox.RdfFormat.TURTLE), ("nquads", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD)],
)
def test_export_formats_parse_back(corpus_location, tmp_path, fmt, parse_format):
    out = tmp_path / f"graph.{fmt}"
    r = run_ckg("export", "--format", fmt, "-o", str(out), "--store", str(corpus_location))
    assert r.returncode == 0, r.stderr
    quads = list(ox.parse(path=str(out), format=parse_format))
    assert len(quads) > 5000


def test_stats_json(corpus_location):
    r = run_ckg("stats", "--json", "--store", str(corpus_location))
    stats = json.loads(r.stdout)
    assert len(stats["documents"]) == 5 and stats["counts"]["https://w3id.org/ckg/ontology#Passage"] > 1000


def test_build_reports_bad_files_and_exits_non_zero(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(
        "# Testshire Youth Plan 2020-2022\n\nThe Testshire Youth Board sets priorities.\n"
    )
    (docs / "empty.txt").write_bytes(b"")
    r = run_ckg("build", str(docs), "--quiet", "--store", str(tmp_path / "s"))
    assert r.returncode == 1
    assert "empty.txt: empty file" in r.stdout and "loaded" in r.stdout and "Traceback" not in r.stderr
