"""A store-neutral SPARQL result: the same shape from embedded Oxigraph and from a remote endpoint.

Why our own tiny types: the CLI, the web endpoint and the question engine format results
as table/JSON/CSV/TSV/XML; with one representation they do not care which store answered.

>>> t = Term("literal", "2827361", datatype="http://www.w3.org/2001/XMLSchema#decimal")
>>> t.python()
Decimal('2827361')
>>> Term("uri", "https://w3id.org/ckg/id/org/x").n3()
'<https://w3id.org/ckg/id/org/x>'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal as TypingLiteral

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


@dataclass(frozen=True)
class Term:
    type: TypingLiteral["uri", "literal", "bnode", "triple"]
    value: str
    datatype: str | None = None
    lang: str | None = None

    def python(self) -> object:
        """The value as Python: int, Decimal, float, bool, or str."""
        if self.type != "literal" or not self.datatype:
            return self.value
        try:
            if self.datatype in _NUMERIC:
                return int(self.value)
            if self.datatype == XSD + "decimal":
                return Decimal(self.value)
            if self.datatype in (XSD + "double", XSD + "float"):
                return float(self.value)
            if self.datatype == XSD + "boolean":
                return self.value in ("true", "1")
        except (ValueError, InvalidOperation):
            return self.value
        return self.value

    def n3(self) -> str:
        if self.type == "uri":
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        escaped = (
            self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        )
        if self.lang:
            return f'"{escaped}"@{self.lang}'
        if self.datatype and self.datatype != XSD + "string":
            return f'"{escaped}"^^<{self.datatype}>'
        return f'"{escaped}"'

    def __str__(self) -> str:
        return self.value


@dataclass
class QueryResult:
    """SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples; ``truncated`` if cut at a row cap."""

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    truncated: bool = False

    def __iter__(self) -> Iterator[dict[str, Term]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def values(self) -> list[dict[str, object]]:
        """Rows as plain Python values (IRIs and strings as str, numbers as numbers)."""
        return [{k: v.python() for k, v in row.items()} for row in self.rows]
