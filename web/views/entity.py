"""``GET /entity/<path>`` (``ckgid:`` IRIs) and ``GET /entity?iri=`` (any other IRI): one resource.

The page: label, types, other names, facts, links out and in grouped by kind, funding lines
with a total, contacts, the passages it was read from, and a neighbourhood map. The same URL
gives the resource's triples as Turtle, JSON-LD or N-Triples (``Accept`` or ``?format=``).

Why this view dispatches: a loaded document's IRI (``ckgid:doc/<slug>``) is also its page, and
evidence links point into it (``/entity/doc/<slug>#p-120-340``), so a loaded ``ckg:Document``
renders the document view; a passage's page is its place in that document (a redirect).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from flask import Blueprint, abort, redirect, render_template, request
from rdflib import URIRef

from ckg.web.context import current_kg
from ckg.web.entity_data import load_entity
from ckg.web.entity_rdf import LINK_FORMATS, rdf_response, requested_format
from ckg.web.links import entity_path, iri_for_path, is_valid_iri, passage_link
from ckg.web.sparql_files import web_sparql
from ckg.web.templating import TEMPLATE_GLOBALS
from ckg.web.views.documents import render_document

if TYPE_CHECKING:
    from ckg.kg import KnowledgeGraph

bp = Blueprint("entity", __name__)
for _name, _fn in TEMPLATE_GLOBALS.items():
    bp.add_app_template_global(_fn, _name)

MAX_IRI = 2000


@bp.get("/entity/<path:path>")
def entity_by_path(path: str):
    return show(iri_for_path(path))


@bp.get("/entity")
def entity_by_iri():
    iri = request.args.get("iri", "").strip()
    if not iri:
        abort(400, "give the resource as ?iri=..., or browse /entity/documents")
    if len(iri) > MAX_IRI:
        abort(400, f"that IRI is too long (at most {MAX_IRI} characters)")
    return show(iri)


def show(iri: str):
    if not is_valid_iri(iri):
        abort(400, "That is not a valid IRI (no spaces, quotes, angle brackets or control characters).")
    kg = current_kg()
    fmt = requested_format()
    if fmt:
        return rdf_response(kg, iri, fmt)
    entity = load_entity(kg, iri)
    if entity is None:
        abort(404, f"Nothing in the graph is called {iri}.")
    if entity.kind == "passage" and (target := passage_link(iri)):
        return redirect(target, code=303)
    if entity.is_loaded_document:
        resp = render_document(kg, entity)
    else:
        resp = render_template(
            "entity.html",
            e=entity,
            formats=LINK_FORMATS,
            self_path=entity_path(iri),
            map_url="/api/graph?focus=" + quote(iri, safe="") + "&depth=1",
            areas=_areas_of(kg, iri),
        )
    return resp, 200, {"Vary": "Accept", "Link": _alternates(iri)}


def _areas_of(kg: KnowledgeGraph, iri: str) -> list[tuple[str, str]]:
    """(slug, name) of the areas a resource belongs to or is stated about, for the area pages."""
    rows = kg.sparql(web_sparql("entity-areas"), {"s": URIRef(iri)}).values()
    return [(str(r["area"]).rsplit("/", 1)[-1], str(r["label"])) for r in rows]


def _alternates(iri: str) -> str:
    """``Link`` header naming the RDF versions of the page, for crawlers and clients."""
    base = entity_path(iri)
    sep = "&" if "?" in base else "?"
    media = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}
    return ", ".join(f'<{base}{sep}format={f}>; rel="alternate"; type="{media[f]}"' for f, _ in LINK_FORMATS)
