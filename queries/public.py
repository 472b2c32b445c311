"""What the public ``/sparql`` endpoint runs: read-only queries that stay inside ckg's store.

Refused, with a 400 and a message that says why:

- SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY): the endpoint
  is read-only (the store is opened read-only as well; this gives the clear message).
- ``SERVICE`` anywhere: pyoxigraph would make a real HTTP request to any address, including
  ones inside our network, as soon as the query is run.
- ``FROM`` / ``FROM NAMED`` (and the protocol's ``default-graph-uri`` / ``named-graph-uri``)
  naming anything but one of the store's named graphs: fail closed, nothing is dereferenced.
- Anything that does not parse, with the parser's message.

Decided by parsing with rdflib's SPARQL 1.1 grammar, not by searching the text, so a
``SERVICE`` in a comment, a string or an IRI does not count and ``\\u0053ERVICE`` does. A small
lexer (comments, strings, IRIs and prefixed names skipped) is the second, independent check:
any bare ``SERVICE`` keyword is refused too, so if rdflib and Oxigraph ever read a query
differently it is refused rather than run. The lexer also names an update for the message
(after the prologue, an update's first keyword is one of the update verbs); what keeps updates
out is that only a query that parses as a query is run, through a query-only API on a
read-only store.

``screen`` and ``render`` are called inside the query worker (``ckg.graph.query_pool``), so
that parsing a hostile query, and writing a big result, are under the same time limit as
running it.

>>> vet("SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' } # SERVICE <http://x/>").form
'select'
>>> vet("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
Traceback (most recent call last):
ckg.errors.QueryError: SERVICE (federated query) is not allowed: this endpoint only queries its own store
>>> vet("DROP ALL")
Traceback (most recent call last):
ckg.errors.QueryError: SPARQL Update is not accepted: this endpoint is read-only (send SELECT, ASK, CONSTRUCT or DESCRIBE)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urljoin

import pyoxigraph as ox
from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from ckg.errors import QueryError
from ckg.graph.namespaces import PREFIXES
from ckg.graph.query_pool import QueryJob
from ckg.graph.store import tidy_parser_message
from ckg.graph.terms import QueryResult
from ckg.queries import formats

UPDATE_MESSAGE = (
    "SPARQL Update is not accepted: this endpoint is read-only (send SELECT, ASK, CONSTRUCT or DESCRIBE)"
)
SERVICE_MESSAGE = "SERVICE (federated query) is not allowed: this endpoint only queries its own store"
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

# SPARQL's terminals that can hide a keyword, longest first; a bare word outside them is a
# keyword, a built-in function name, 'a' or true/false (SPARQL 1.1 Query, section 19.8).
_TOKEN = re.compile(
    r"""
      \#[^\n\r]*                                        # comment
    | <[^<>"{}|^`\\\x00-\x20]*>                          # IRI
    | '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*"      # strings
    | [?$]\w*                                            # variable
    | @[A-Za-z]+(?:-[A-Za-z0-9]+)*                       # language tag
    | (?:[^\W\d][\w.\-]*)?:(?:[\w\-.:%]|\\\S)*           # prefixed name, blank node label
    | (?P<word>[^\W\d]\w*)                               # keyword
    | \S                                                 # anything else
    """,
    re.X,
)


@dataclass(frozen=True)
class Rendered:
    """A result written out: ``format`` None when the client accepts no format for its kind."""

    kind: str
    truncated: bool
    format: str | None
    body: bytes


@dataclass(frozen=True)
class Vetted:
    """A query that may run: its form and the dataset it names itself (FROM / FROM NAMED)."""

    form: str
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


TOO_NESTED_MESSAGE = "query is nested too deeply (or has too many patterns) to check"


def keywords(text: str) -> list[str]:
    """The bare words of a query, upper-cased, in order (comments, strings, IRIs, names skipped).

    >>> keywords('PREFIX s: <http://x/#SERVICE> SELECT ?service { ?s s:SERVICE "SERVICE"@en } # SERVICE')
    ['PREFIX', 'SELECT']
    """
    return [m.group("word").upper() for m in _TOKEN.finditer(text) if m.group("word")]


def vet(text: str) -> Vetted:
    """Parse ``text``; raise ``QueryError`` (400) unless it is a query this endpoint may run.

    Parsing costs 50-80 ms for a 2 KB query, so answers for short texts are remembered (the
    named queries and links from the search page come back often); refusals are not cached.
    """
    return _vet_cached(text) if len(text) <= 16_384 else _vet(text)


@lru_cache(maxsize=256)
def _vet_cached(text: str) -> Vetted:
    return _vet(text)


def _vet(text: str) -> Vetted:
    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    words = keywords(expanded)
    # after the prologue, the grammar's first keyword says query or update (SPARQL 1.1 [1], [3])
    first = next((w for w in words if w not in ("PREFIX", "BASE")), "")
    if first in UPDATE_KEYWORDS:
        raise QueryError(UPDATE_MESSAGE)
    if not first:
        raise QueryError("empty query: send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if first not in _FORMS.values():
        raise QueryError(
            f"SPARQL syntax error: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE "
            f"(after any PREFIX and BASE lines), not {first}"
        )
    try:
        tree = parseQuery(text)
    except RecursionError:
        # pyparsing recurses per nesting level; the query workers raise the limit, other
        # callers (a notebook, the CLI) get the same clear refusal instead of a traceback
        raise QueryError(TOO_NESTED_MESSAGE) from None
    except ParseBaseException as e:
        if "SERVICE" in words:
            raise QueryError(SERVICE_MESSAGE) from None
        raise QueryError(f"SPARQL syntax error: {_syntax_message(text, e)}") from None
    prologue, query = tree[0], tree[1]
    services, used = _scan(tree)
    if services or "SERVICE" in words:
        raise QueryError(SERVICE_MESSAGE)
    base, prefixes = _prologue(prologue)
    if undeclared := sorted(used - prefixes.keys()):
        raise QueryError(
            f"undeclared prefix {', '.join(p + ':' for p in undeclared)} (declare it with PREFIX; "
            f"predeclared here: {' '.join(p + ':' for p in PREFIXES)})"
        )
    graphs, named = [], []
    for clause in _field(query, "datasetClause") or []:
        if _field(clause, "default") is not None:
            graphs.append(_iri(_field(clause, "default"), base, prefixes))
        else:
            named.append(_iri(_field(clause, "named"), base, prefixes))
    return Vetted(_FORMS[query.name].lower(), tuple(graphs), tuple(named))


def screen(job: QueryJob, graphs: frozenset[str]) -> QueryJob:
    """Vet ``job`` against the store's named ``graphs``; the job to run (``QueryPool``'s screen)."""
    vetted = vet(job.text)
    for iri in (
        *vetted.from_graphs,
        *vetted.from_named,
        *(job.default_graphs or ()),
        *(job.named_graphs or ()),
    ):
        if iri not in graphs:
            raise QueryError(
                f"graph <{iri[:200]}> is not in this store: FROM, FROM NAMED, default-graph-uri and "
                "named-graph-uri may only name the store's own graphs (the documents, "
                "ckgid:graph/ontology, ckgid:graph/shapes, ckgid:graph/topics)"
            )
    if vetted.from_graphs or vetted.from_named:
        return replace(job, union=False)  # the query's own dataset, as SPARQL says
    return job


def render(result: QueryResult, job: QueryJob) -> Rendered:
    """Write ``result`` in the format ``job.output`` names for its kind (``QueryPool``'s render)."""
    rows_format, graph_format = job.output or ("json", "turtle")
    fmt = graph_format if result.kind == "graph" else rows_format
    body = formats.write(result, fmt) if fmt else b""
    return Rendered(result.kind, result.truncated, fmt, body if isinstance(body, bytes) else body.encode())


# ---------------------------------------------------------------------------- helpers
def _field(node: CompValue, key: str):
    """A field of a parse node, or None (``CompValue.get`` answers a missing key with its name)."""
    return dict.get(node, key)


def _scan(tree: object) -> tuple[bool, set[str]]:
    """Whether the parse tree holds a SERVICE pattern anywhere (sub-queries, EXISTS, ...), and
    the prefixes its prefixed names use. Iterative: the tree can be thousands of levels deep."""
    stack, seen, service, used = [tree], set(), False, set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                service = True
            elif node.name == "pname":
                used.add(_field(node, "prefix") or "")
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
    return service, used


def _prologue(prologue) -> tuple[str | None, dict[str, str]]:
    base, prefixes = None, dict(PREFIXES)  # the store binds ckg's prefixes for every query
    for decl in prologue:
        if decl.name == "Base":
            base = urljoin(base, str(decl["iri"])) if base else str(decl["iri"])
        elif decl.name == "PrefixDecl":
            iri = str(decl["iri"])
            prefixes[_field(decl, "prefix") or ""] = urljoin(base, iri) if base else iri
    return base, prefixes


def _iri(term, base: str | None, prefixes: dict[str, str]) -> str:
    """A dataset clause's IRI, resolved like the query engine would (prefixes, BASE)."""
    if isinstance(term, CompValue) and term.name == "pname":
        local = re.sub(r"\\(.)", r"\1", _field(term, "localname") or "")  # PN_LOCAL_ESC: graph\/x
        return prefixes[_field(term, "prefix") or ""] + local
    iri = str(term)
    return urljoin(base, iri) if base else iri


def _syntax_message(text: str, e: ParseBaseException) -> str:
    """The clearest message for a query rdflib could not parse.

    Oxigraph's parser names what it expected ("expected one of HAVING, OFFSET ..."), where
    pyparsing often reports only the outermost rule ("Expected SelectQuery"). Asking Oxigraph is
    safe here: the query has no SERVICE keyword (checked by the lexer before this is called)
    and runs on an empty in-memory store, so even if it parsed there is nothing to reach.
    """
    try:
        ox.Store().query(text, prefixes=dict(PREFIXES))
    except SyntaxError as ox_error:
        return tidy_parser_message(str(ox_error).replace("Prefix not found, ", ""))
    except OSError:
        pass
    found = e.line[e.col - 1 : e.col + 19].strip() if e.line else ""
    expected = re.sub(r"\s*\(at char \d+\).*$", "", e.msg or str(e))
    near = f" near {found!r}" if found else " at the end of the query"
    return tidy_parser_message(f"line {e.lineno}, column {e.col}{near}: {expected}")


__all__ = ["SERVICE_MESSAGE", "UPDATE_MESSAGE", "Rendered", "Vetted", "keywords", "render", "screen", "vet"]
