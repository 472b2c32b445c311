"""Where the graph lives: an embedded Oxigraph store on disk, or (graph.remote) a SPARQL endpoint.

Both offer the same small interface, used by build, the CLI, the question engine and the
web app: ``replace_graph`` (atomic), ``query`` (store-neutral ``QueryResult``),
``document_versions``, ``named_graphs``, ``dump``, ``size_bytes``.

Concurrency (see docs/architecture.md): RocksDB allows one writing process, and a
read-only opener racing a writer is undefined behaviour, so ckg adds a lock file.
A writer (``ckg build``) takes it exclusively; readers (``ckg serve``, ``ask``,
``sparql``...) share it. A conflicting open fails at once with ``StoreBusyError``
naming the holder, instead of blocking or corrupting.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ckg.errors import QueryError, StoreBusyError, StoreError
from ckg.graph.namespaces import PREFIXES
from ckg.graph.sparql_files import sparql
from ckg.graph.terms import QueryResult, Term

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class Store(Protocol):
    location: str
    read_only: bool

    def replace_graph(self, graph_iri: str, graph: Graph) -> None: ...
    def drop_graph(self, graph_iri: str) -> None: ...
    def drop_graphs(self, graph_iris: list[str]) -> None: ...
    def query(
        self, sparql: str, bindings: dict[str, object] | None = None, *, union: bool = True
    ) -> QueryResult: ...
    def named_graphs(self) -> list[str]: ...
    def document_versions(self) -> dict[str, tuple[str, str]]: ...
    def dump(self, fmt: str) -> bytes: ...
    def size_bytes(self) -> int | None: ...
    def close(self) -> None: ...


# ---------------------------------------------------------------------------- parameters
def check_iri(iri: str) -> str:
    """``iri`` if it can go between ``<`` and ``>`` in SPARQL unchanged, else a ``QueryError``."""
    if _IRI_FORBIDDEN.search(str(iri)):
        raise QueryError(f"not a valid IRI: {str(iri)[:80]!r}")
    return str(iri)


def term_n3(value: object) -> str:
    """A safe SPARQL term for a bound value: IRIs checked, literals escaped by rdflib."""
    if isinstance(value, URIRef):
        return f"<{check_iri(value)}>"
    if isinstance(value, Literal):
        return value.n3()
    if isinstance(value, bool):
        return Literal(value).n3()
    if isinstance(value, int | float | Decimal):  # typed, so it compares as a number (min_confidence)
        return Literal(value).n3()
    return Literal(str(value)).n3()


_WHEN_BOUND = re.compile(r"^[ \t]*#@[ \t]*when[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(.*)$", re.M)


def bind(sparql: str, bindings: dict[str, object] | None) -> str:
    """Bind variables by a VALUES block at the top of the outermost WHERE group.

    Values are serialised by ``term_n3`` (never pasted as text), so user input cannot
    change the query's shape. A list binds several values (``VALUES ?x { a b }``).

    A query may also mark places where a bound variable should drive the evaluation: a
    comment line ``#@ when x: PATTERN`` becomes ``VALUES ?x { ... } PATTERN`` when ``x`` is
    bound, and stays a comment otherwise. Why: engines such as Oxigraph evaluate an
    OPTIONAL's right side and a subquery on their own, so a value bound only at the top
    filters their rows after the fact instead of selecting them (the named queries use
    this to read one funder's lines, and total them, without reading every line).

    >>> bind("SELECT ?l WHERE { ?o rdfs:label ?l }", {"o": URIRef("https://x/y")})
    'SELECT ?l WHERE { VALUES ?o { <https://x/y> } ?o rdfs:label ?l }'
    >>> bind("SELECT * WHERE { ?s ?p ?q }", {"q": 'x" } ; DROP ALL ; #'})
    'SELECT * WHERE { VALUES ?q { "x\\\\" } ; DROP ALL ; #" } ?s ?p ?q }'
    """
    if not bindings:
        return sparql
    m = re.search(r"\bWHERE\s*\{", sparql, re.I) or re.search(r"\{", sparql)
    if m is None:
        raise QueryError("query has no WHERE clause to bind values into")
    blocks: dict[str, str] = {}
    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad variable name {name!r}")
        values = value if isinstance(value, list | tuple) else [value]
        blocks[name] = f"VALUES ?{name} {{ {' '.join(term_n3(v) for v in values)} }}"
    head, rest = sparql[: m.end()], sparql[m.end() :]
    rest = _WHEN_BOUND.sub(
        lambda w: f"{blocks[w.group(1)]} {w.group(2)}" if w.group(1) in blocks else w.group(0), rest
    )
    return head + " " + " ".join(blocks.values()) + rest


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.I)


def add_prologue(query: str) -> str:
    """``query`` with ``PREFIX`` lines for ckg's prefixes it does not declare itself.

    The embedded store passes the prefixes to pyoxigraph; a SPARQL endpoint only knows what
    the query text declares, so named queries and users' queries need the prologue.

    >>> add_prologue("PREFIX ckg: <urn:x#> ASK { ?s a ckg:X }").count("PREFIX ckg:")
    1
    >>> add_prologue("ASK { ?s a ckg:X }").startswith("PREFIX ckg: <https://w3id.org/ckg/ontology#>")
    True
    """
    declared = {(m.group(1) or "") for m in _PREFIX_DECL.finditer(query)}
    missing = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return missing + query


INSERT_CHUNK = 1000  # triples per INSERT DATA operation (Virtuoso's parser gives up near 5000)


def replace_graph_update(graph_iri: str, graph: Graph) -> str:
    """The one SPARQL Update request that replaces a named graph: both stores run this text, and
    stores apply one request in one transaction (a killed build leaves old or new).

    The triples go in ``INSERT DATA`` operations of ``INSERT_CHUNK`` triples each, all in the
    same request: some parsers (Virtuoso's) fail on one huge operation. A graph with blank
    nodes (the ontology and the SHACL shapes, both small) goes in one ``INSERT {...} WHERE {}``
    instead, which means the same, keeps each blank node one node, and which every store
    accepts (Virtuoso refuses blank nodes in ``INSERT DATA``).

    >>> g = Graph()
    >>> for i in range(3):
    ...     _ = g.add((URIRef(f"https://x/{i}"), URIRef("https://x/p"), Literal(i)))
    >>> print(replace_graph_update("https://x/g", g).count("INSERT DATA"))
    1
    """
    g = f"<{check_iri(graph_iri)}>"
    body = graph.serialize(format="nt").strip()
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        return f"DROP SILENT GRAPH {g} ;\nINSERT {{ GRAPH {g} {{\n{body}\n}} }} WHERE {{}}"
    lines = body.splitlines()
    inserts = [
        f"INSERT DATA {{ GRAPH {g} {{\n" + "\n".join(lines[i : i + INSERT_CHUNK]) + "\n} }"
        for i in range(0, len(lines), INSERT_CHUNK)
    ]
    return " ;\n".join([f"DROP SILENT GRAPH {g}", *inserts])


def drop_graphs_update(graph_iris: list[str]) -> str:
    """The one SPARQL Update request that drops several named graphs: one request, one
    transaction, so removing documents leaves all of them or none (``ckg remove``).

    >>> print(drop_graphs_update(["https://x/a", "https://x/b"]))
    DROP SILENT GRAPH <https://x/a> ;
    DROP SILENT GRAPH <https://x/b>
    """
    if not graph_iris:
        raise ValueError("no graphs to drop")
    return " ;\n".join(f"DROP SILENT GRAPH <{check_iri(g)}>" for g in graph_iris)


def tidy_parser_message(message: str, limit: int = 200) -> str:
    """One readable line from a parser error (Oxigraph lists every acceptable character).

    >>> tidy_parser_message('error at 1:18: expected one of "$", "(", "+", "-", ".", ":", "<", "?", "[", "{"')
    'error at 1:18: expected one of "$", "(", "+", "-", ".", ":" ...'
    """
    line = " ".join(message.split())
    m = re.match(r"(.*?expected one of )(.*)", line)
    if m:
        alternatives = re.findall(r'"[^"]*"', m.group(2))
        if len(alternatives) > 6:
            line = m.group(1) + ", ".join(alternatives[:6]) + " ..."
    return line if len(line) <= limit else line[: limit - 3] + "..."


# ---------------------------------------------------------------------------- lock
class StoreLock:
    """An advisory lock on ``DIR/ckg.lock``: exclusive for writers, shared for readers."""

    def __init__(self, directory: Path, exclusive: bool, purpose: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "ckg.lock"
        self._fh = open(self.path, "a+")  # noqa: SIM115 - held for the lifetime of the store
        try:
            fcntl.flock(self._fh, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._read_holder()
            self._fh.close()
            if exclusive and purpose == "ckg remove":
                raise StoreBusyError(
                    f"store {directory} is in use ({holder}) and removing documents needs it to "
                    "itself: stop that (Ctrl-C where it runs, or kill the pid) and remove again"
                ) from None
            if exclusive:
                raise StoreBusyError(
                    f"store {directory} is in use ({holder}) and a build needs it to itself: stop that "
                    "(Ctrl-C where it runs, or kill the pid) and build again, or build into another --store"
                ) from None
            raise StoreBusyError(
                f"store {directory} is being written ({holder}); try again when the build finishes"
            ) from None
        # who holds it, so that a refused opener can name them: one file per holding process
        self._holders = directory / "ckg.holders"
        self._holders.mkdir(exist_ok=True)
        self._live_holders()  # sweep files of killed processes
        self._mine = self._holders / f"{os.getpid()}-{id(self)}"
        self._mine.write_text(f"{purpose} pid {os.getpid()}" + ("" if exclusive else " (reading)"))

    def _live_holders(self) -> list[Path]:
        """Holder files of live processes; files left by killed processes are removed."""
        live = []
        for f in sorted((self.path.parent / "ckg.holders").glob("*")):
            try:
                os.kill(int(f.name.split("-")[0]), 0)  # still alive?
            except (ValueError, ProcessLookupError):
                with contextlib.suppress(OSError):
                    f.unlink()
                continue
            except PermissionError:
                pass
            live.append(f)
        return live

    def _read_holder(self) -> str:
        names = []
        for f in self._live_holders():
            with contextlib.suppress(OSError):
                names.append(f.read_text().strip())
        return ", ".join(names[:3]) or "another ckg process"

    def release(self) -> None:
        if not self._fh.closed:
            with contextlib.suppress(OSError):
                self._mine.unlink()
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


# ---------------------------------------------------------------------------- embedded Oxigraph
def ox_term(t: object) -> Term:
    """A store-neutral ``Term`` from a pyoxigraph term (embedded results, parsed RDF)."""
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        dt = t.datatype.value if t.datatype else None
        if t.language:
            return Term("literal", t.value, lang=t.language)
        return Term("literal", t.value, datatype=dt)
    return Term("triple", str(t))


class OxigraphStore:
    """The embedded default: pyoxigraph's RocksDB store in ``DIR/oxigraph``."""

    def __init__(self, directory: str | Path, *, read_only: bool = False, purpose: str = "ckg") -> None:
        self.directory = Path(directory).expanduser()
        self.location = str(self.directory)
        self.read_only = read_only
        data = self.directory / "oxigraph"
        if read_only and not data.exists():
            raise StoreError(f"no store at {self.directory}; run `ckg build` first (or pass --store)")
        self._lock = StoreLock(self.directory, exclusive=not read_only, purpose=purpose)
        try:
            self._store = ox.Store.read_only(str(data)) if read_only else ox.Store(str(data))
        except OSError as e:
            self._lock.release()
            raise StoreError(f"cannot open store {data}: {str(e).splitlines()[0]}") from None

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for code that needs its full API (and rdflib via oxrdflib)."""
        return self._store

    # -- writing
    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace a named graph's triples in one transaction (a killed build leaves old or new)."""
        self._check_writable()
        self._store.update(replace_graph_update(graph_iri, graph))

    def drop_graph(self, graph_iri: str) -> None:
        self._check_writable()
        self.drop_graphs([graph_iri])

    def drop_graphs(self, graph_iris: list[str]) -> None:
        """Drop named graphs in one transaction (a killed removal leaves all of them or none)."""
        self._check_writable()
        self._store.update(drop_graphs_update(graph_iris))

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("store opened read-only")

    # -- reading
    def query(
        self, sparql: str, bindings: dict[str, object] | None = None, *, union: bool = True
    ) -> QueryResult:
        text = bind(sparql, bindings)
        try:
            res = self._store.query(text, use_default_graph_as_union=union, prefixes=dict(PREFIXES))
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {tidy_parser_message(str(e))}") from None
        except OSError as e:
            raise QueryError(f"query failed: {e}") from None
        return to_result(res)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def document_versions(self) -> dict[str, tuple[str, str]]:
        """Loaded document IRI -> (content hash, extractor version), read from their named graphs."""
        res = self.query(sparql("document-versions"), union=False)
        return {r["g"].value: (r["h"].value, r["v"].value) for r in res.rows}

    def dump(self, fmt: str) -> bytes:
        """The whole store: named graphs kept (nquads, trig, jsonld) or their union (turtle, ntriples)."""
        dataset_formats = {
            "nquads": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "jsonld": ox.RdfFormat.JSON_LD,
        }
        graph_formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
        if fmt in dataset_formats:
            return self._store.dump(
                format=dataset_formats[fmt], prefixes=dict(PREFIXES) if fmt != "nquads" else None
            )
        if fmt in graph_formats:
            triples = self._store.query(sparql("all-triples"), use_default_graph_as_union=True)
            return ox.serialize(
                triples, format=graph_formats[fmt], prefixes=dict(PREFIXES) if fmt == "turtle" else None
            )
        raise StoreError(f"unsupported export format {fmt!r} (use turtle, ntriples, nquads, trig or jsonld)")

    def size_bytes(self) -> int | None:
        total = 0
        for root, _, files in os.walk(self.directory / "oxigraph"):
            for f in files:
                with contextlib.suppress(OSError):
                    total += os.path.getsize(os.path.join(root, f))
        return total

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            del self._store
            self._lock.release()

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def to_result(res: object) -> QueryResult:
    if isinstance(res, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows = []
        for sol in res:
            row = {}
            for v in variables:
                t = sol[v]
                if t is not None:
                    row[v] = ox_term(t)
            rows.append(row)
        return QueryResult("select", variables=variables, rows=rows)
    triples = [(ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in res]  # type: ignore[attr-defined]
    return QueryResult("graph", triples=triples)


def open_store(
    location: str, *, read_only: bool = False, purpose: str = "ckg", settings: object = None
) -> Store:
    """A store for a directory or an http(s) endpoint URL."""
    if location.startswith(("http://", "https://")):
        from ckg.graph.remote import RemoteStore

        return RemoteStore(location, read_only=read_only, settings=settings)
    return OxigraphStore(location, read_only=read_only, purpose=purpose)


__all__ = [
    "OxigraphStore",
    "Store",
    "StoreLock",
    "add_prologue",
    "bind",
    "check_iri",
    "drop_graphs_update",
    "open_store",
    "ox_term",
    "prologue",
    "replace_graph_update",
    "term_n3",
    "to_result",
]
