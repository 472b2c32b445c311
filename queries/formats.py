"""Writes a ``QueryResult`` in the formats of the SPARQL 1.1 specs, and as a terminal table.

SELECT/ASK: SPARQL 1.1 Query Results JSON, XML, CSV and TSV. CONSTRUCT/DESCRIBE: Turtle,
N-Triples and JSON-LD (serialised by pyoxigraph). ``table`` is for people at a terminal:
IRIs shortened with ckg's prefixes, long cells cut with an ellipsis, columns no row fills left
out, and (``width``) narrowed to fit a terminal.

>>> from ckg.graph.terms import QueryResult, Term
>>> r = QueryResult("select", ["x", "n"], [{"x": Term("uri", "https://w3id.org/ckg/id/org/a"),
...                                         "n": Term("literal", "3", datatype=XSD_INTEGER)}])
>>> print(write(r, "csv").decode())
x,n\r
https://w3id.org/ckg/id/org/a,3\r
<BLANKLINE>
>>> print(write(r, "table"))
x            n
-----------  -
ckgid:org/a  3

At a terminal 20 columns wide, text gives way (numbers never) and empty columns go:

>>> r = QueryResult("select", ["name", "empty", "n"], [{"name": Term("literal", "A very long name of a body"),
...                                                    "n": Term("literal", "1234567", datatype=XSD_INTEGER)}])
>>> print(write(r, "table", width=20))
name         n
-----------  -------
A very lon…  1234567
(empty columns left out: empty)
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ckg.graph.namespaces import PREFIXES
from ckg.graph.terms import QueryResult, Term

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
SELECT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def shorten(iri: str) -> str:
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best = ns
            short = f"{prefix}:{iri[len(ns) :]}"
    return short if best else iri


def _json_term(t: Term) -> dict:
    if t.type == "uri":
        return {"type": "uri", "value": t.value}
    if t.type == "bnode":
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.lang:
        d["xml:lang"] = t.lang
    elif t.datatype and t.datatype != "http://www.w3.org/2001/XMLSchema#string":
        d["datatype"] = t.datatype
    return d


def to_json(r: QueryResult) -> dict:
    if r.kind == "ask":
        return {"head": {}, "boolean": bool(r.boolean)}
    out = {
        "head": {"vars": r.variables},
        "results": {"bindings": [{k: _json_term(v) for k, v in row.items()} for row in r.rows]},
    }
    if r.truncated:
        out["truncated"] = True  # not in the spec; clients ignore unknown keys
    return out


def _xml(r: QueryResult) -> str:
    buf = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    for v in r.variables:
        buf.append(f"<variable name={quoteattr(v)}/>")
    buf.append("</head>")
    if r.kind == "ask":
        buf.append(f"<boolean>{'true' if r.boolean else 'false'}</boolean>")
    else:
        buf.append("<results>")
        for row in r.rows:
            buf.append("<result>")
            for k, t in row.items():
                if t.type == "uri":
                    inner = f"<uri>{escape(t.value)}</uri>"
                elif t.type == "bnode":
                    inner = f"<bnode>{escape(t.value)}</bnode>"
                elif t.lang:
                    inner = f"<literal xml:lang={quoteattr(t.lang)}>{escape(t.value)}</literal>"
                elif t.datatype:
                    inner = f"<literal datatype={quoteattr(t.datatype)}>{escape(t.value)}</literal>"
                else:
                    inner = f"<literal>{escape(t.value)}</literal>"
                buf.append(f"<binding name={quoteattr(k)}>{inner}</binding>")
            buf.append("</result>")
        buf.append("</results>")
    buf.append("</sparql>\n")
    return "\n".join(buf)


def _delimited(r: QueryResult, tsv: bool) -> str:
    buf = io.StringIO()
    if tsv:
        buf.write("\t".join("?" + v for v in r.variables) + "\n")
        for row in r.rows:
            buf.write(
                "\t".join(row[v].n3().replace("\t", "\\t") if v in row else "" for v in r.variables) + "\n"
            )
        return buf.getvalue()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(r.variables)
    for row in r.rows:
        w.writerow([row[v].value if v in row else "" for v in r.variables])
    return buf.getvalue()


def _table(r: QueryResult, max_width: int = 60, width: int | None = None) -> str:
    """Rows as aligned columns; columns no row fills are left out (and named below); with
    ``width`` (a terminal's), the widest columns are narrowed until a line fits it."""
    if r.kind == "ask":
        return "yes" if r.boolean else "no"
    if r.kind == "graph":
        return "\n".join(" ".join(_cell(t, 200) for t in triple) for triple in r.triples)
    empty = [c for c in r.variables if r.rows and not any(c in row for row in r.rows)]
    cols = [c for c in r.variables if c not in empty]
    full = [[_cell(row.get(c), max_width) for c in cols] for row in r.rows]
    widths = [max([len(c)] + [len(row[i]) for row in full]) for i, c in enumerate(cols)]
    if width:
        # numbers are never cut (a cut figure misreads); text columns give way, widest first
        numeric = [all(_is_number(row[i]) for row in full if row[i]) for i in range(len(cols))]
        budget = width - 2 * (len(cols) - 1)
        while sum(widths) > budget:
            shrinkable = [i for i, w in enumerate(widths) if not numeric[i] and w > 8]
            if not shrinkable:
                break
            widths[max(shrinkable, key=lambda i: widths[i])] -= 1
    rows = [[_fit(v, w) for v, w in zip(row, widths, strict=True)] for row in full]
    lines = [
        "  ".join(_fit(c, w).ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    notes = []
    if len(rows) > 20 or r.truncated:
        notes.append(
            f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', truncated' if r.truncated else ''})"
        )
    if empty:
        notes.append(f"(empty columns left out: {', '.join(empty)})")
    return "\n".join(lines + notes)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(t: Term | None, width: int) -> str:
    if t is None:
        return ""
    s = shorten(t.value) if t.type == "uri" else " ".join(t.value.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def write(r: QueryResult, fmt: str, *, width: int | None = None) -> bytes | str:
    """Serialise ``r``; ``table`` returns str (fitted to ``width`` columns when given), every
    other format bytes."""
    if fmt == "table":
        return _table(r, width=width)
    if r.kind == "graph":
        if fmt not in _OX_FORMATS:
            raise ValueError(
                f"a graph result can be written as {', '.join(GRAPH_FORMATS)} or table, not {fmt}"
            )
        triples = [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in r.triples]
        return ox.serialize(
            triples, format=_OX_FORMATS[fmt], prefixes=dict(PREFIXES) if fmt == "turtle" else None
        )
    if fmt == "json":
        return json.dumps(to_json(r), ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        return _xml(r).encode("utf-8")
    if fmt in ("csv", "tsv"):
        return _delimited(r, fmt == "tsv").encode("utf-8")
    raise ValueError(
        f"a {r.kind.upper()} result can be written as {', '.join(SELECT_FORMATS)} or table, not {fmt}"
    )


def _ox(t: Term):
    if t.type == "uri":
        return ox.NamedNode(t.value)
    if t.type == "bnode":
        return ox.BlankNode(t.value)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype) if t.datatype else None)
