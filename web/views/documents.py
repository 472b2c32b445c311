"""``GET /entity/documents``: the loaded documents; and the page of one loaded document.

A document's page is its ``/entity/doc/<slug>`` URL (the entity view hands loaded documents to
``render_document``): metadata, what was extracted from it grouped by kind, and its whole text
as passages, each with ``id="p-<start>-<end>"`` so evidence links land on the sentence and CSS
``:target`` highlights it. The text is always escaped by Jinja (never ``|safe``).
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING

from flask import Blueprint, render_template

from ckg.web.context import current_kg
from ckg.web.document_data import list_documents, load_extracted, load_passages, load_replacements
from ckg.web.entity_rdf import LINK_FORMATS
from ckg.web.links import entity_path
from ckg.web.templating import TEMPLATE_GLOBALS

if TYPE_CHECKING:
    from ckg.kg import KnowledgeGraph
    from ckg.web.entity_data import Entity

bp = Blueprint("documents", __name__)
for _name, _fn in TEMPLATE_GLOBALS.items():
    bp.add_app_template_global(_fn, _name)


@bp.get("/entity/documents")
def documents_list():
    docs = list_documents(current_kg())
    return render_template("documents.html", docs=docs)


def render_document(kg: KnowledgeGraph, entity: Entity) -> str:
    """The page of a loaded document (``entity`` already holds its metadata and links)."""
    passages = load_passages(kg, entity.iri)
    extracted = load_extracted(kg, entity.iri)
    groups = {g.key: g for g in entity.groups}
    return render_template(
        "document.html",
        e=entity,
        passages=passages,
        extracted=extracted,
        publishers=groups.get("published-by"),
        areas=groups.get("area"),
        doc_types=groups.get("document-type"),
        references=groups.get("references"),
        topics=groups.get("topics"),
        period=_period(entity),
        issued=_issued(entity.first("http://purl.org/dc/terms/issued")),
        replacements=load_replacements(kg, entity.iri),
        formats=LINK_FORMATS,
        self_path=entity_path(entity.iri),
    )


def _issued(iso: str | None) -> str | None:
    """ "2031-03" -> "March 2031", "2031-03-12" -> "12 March 2031" (dcterms:issued as read)."""
    if not iso:
        return None
    parts = iso.split("-")
    if len(parts) == 1 or not parts[1].isdigit():
        return iso
    month = calendar.month_name[int(parts[1])] if 1 <= int(parts[1]) <= 12 else parts[1]
    day = f"{int(parts[2])} " if len(parts) > 2 and parts[2].isdigit() else ""
    return f"{day}{month} {parts[0]}"


def _period(entity: Entity) -> str | None:
    start = entity.first("https://w3id.org/ckg/ontology#periodStart")
    end = entity.first("https://w3id.org/ckg/ontology#periodEnd")
    if start and end and start != end:
        return f"{start}–{end}"
    return start or end
