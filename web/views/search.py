"""``GET /``: the search box and its answers; ``GET /api/ask``: the same answers as JSON.

Why the page renders answers on the server: a question is a URL (``/?q=...``) people can
share and bookmark, and the page works with scripts off. ``static/js/search.js`` only swaps
in the results fragment (``?fragment=1``) so the page does not flash while the engine thinks.
The JSON is exactly ``KnowledgeGraph.ask`` (contract in interfaces.md); the page adds
presentation only (money, badges, marked words, links).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, jsonify, render_template, request
from rdflib import URIRef

from ckg.web import entity_kinds as K
from ckg.web.context import current_kg, current_settings
from ckg.web.highlight import highlight, query_stems
from ckg.web.links import entity_path, passage_link
from ckg.web.money import to_decimal
from ckg.web.sparql_files import web_sparql
from ckg.web.templating import TEMPLATE_GLOBALS

bp = Blueprint("search", __name__)
for _name, _fn in TEMPLATE_GLOBALS.items():
    bp.add_app_template_global(_fn, _name)

MAX_QUESTION = 500  # characters; the engine reads no more than this
MAX_TOP = 50

# Shown on the empty page: questions anyone might ask of any council's documents.
EXAMPLES = [
    "Who provides short breaks for disabled children?",
    "How much is spent on placements for children in care?",
    "When does the current fostering contract end?",
    "Which team deals with children who go missing?",
    "Who should I contact about the commissioning strategy?",
    "What does the council fund for young carers?",
]
# The badge of an answer read from the text (not a graph resource), by its kind.
TEXT_KINDS = {
    "date": "Date",
    "duration": "Duration",
    "count": "Figure",
    "amount": "Amount",
    "identifier": "Reference",
    "list": "List",
    "contact": "Contact detail",
    "post": "Post",
    "place": "Place",
    "body": "Named body",
    "person": "Named person",
    "sentence": "Quote",
}


@dataclass
class AskParams:
    q: str
    top: int


def parse_params(require_q: bool) -> tuple[AskParams, str | None]:
    """The request's ``q`` (whitespace collapsed) and ``top``, and what is wrong with them."""
    q = " ".join(request.args.get("q", "").split())
    default_top = current_settings().ask_top
    if len(q) > MAX_QUESTION:
        return AskParams(q[:MAX_QUESTION], default_top), (
            f"The question is too long ({len(q)} characters; at most {MAX_QUESTION})."
        )
    if require_q and not q:
        return AskParams(q, default_top), "Missing question: add ?q=your+question."
    raw_top = request.args.get("top", "").strip()
    if not raw_top:
        return AskParams(q, default_top), None
    if not raw_top.isdigit() or not 1 <= int(raw_top) <= MAX_TOP:
        return AskParams(q, default_top), f"top must be a whole number from 1 to {MAX_TOP}."
    return AskParams(q, int(raw_top)), None


@bp.get("/api/ask")
def api_ask():
    params, error = parse_params(require_q=True)
    if error:
        abort(400, error)
    return jsonify(current_kg().ask(params.q, params.top))


@bp.get("/")
def index():
    result: dict[str, Any] | None = None
    params, error = parse_params(require_q=False)
    if params.q and not error:
        result = current_kg().ask(params.q, params.top)
    context = {
        "q": params.q,
        "top": params.top,
        "error": error,
        "result": result,
        "answers": present(result, params.q) if result else [],
        "examples": EXAMPLES,
        "sparql_link": sparql_link(result.get("sparql")) if result and result.get("sparql") else None,
    }
    status = 400 if error else 200
    if request.args.get("fragment") == "1":
        return render_template("partials/search_results.html", **context), status
    return render_template("search.html", **context), status


def sparql_link(query: str) -> str:
    """The SPARQL editor opened on ``query``."""
    return "/sparql?" + urlencode({"query": query})


def present(result: dict[str, Any], question: str) -> list[dict[str, Any]]:
    """The answers with what the cards need beside the JSON: badge, links, money, marked quotes."""
    answers = result.get("answers") or []
    amounts = _amounts([a["iri"] for a in answers if K.CKG + "FundingAllocation" in (a.get("types") or [])])
    stems = " ".join(query_stems(question))
    out = []
    for a in answers:
        badge = K.primary_type(a.get("types") or [])
        is_passage = badge.kind == "passage"
        money = None
        if a.get("amount") is not None:  # the engine may add amounts to answers one day
            money = {"amount": a["amount"], "qualifier": a.get("qualifier"), "period": a.get("period")}
        elif a["iri"] in amounts:
            money = amounts[a["iri"]]
        out.append(
            {
                **a,
                "title": _title(a["label"], money),
                "badge": TEXT_KINDS.get(a.get("kind", ""), badge.label) if is_passage else badge.label,
                "kind": badge.kind,
                "url": (passage_link(a["iri"]) if is_passage else entity_path(a["iri"])) or "",
                "money": money,
                "evidence": [_evidence(ev, stems) for ev in a.get("evidence") or []],
            }
        )
    return out


def _title(label: str, money: dict[str, Any] | None) -> str:
    """The card's heading: a funding line's label without the amount the engine puts in front
    ("£123,456 — ICB - School Health"), since the card shows the amount as money just below."""
    head, sep, rest = label.partition(" — ")
    if money and sep and "£" in head and rest.strip():
        return rest.strip()
    return label


def closest_passages(result: dict[str, Any], question: str) -> list[dict[str, Any]]:
    stems = " ".join(query_stems(question))
    return [_evidence(p, stems) for p in result.get("passages") or []]


def _evidence(ev: dict[str, Any], stems: str) -> dict[str, Any]:
    passage = ev.get("passage_iri") or ""
    doc = ev.get("document_iri") or ""
    return {
        **ev,
        "marked": highlight(ev.get("quote") or "", stems),
        "passage_url": passage_link(passage) if passage else None,
        "document_url": entity_path(doc) if doc else None,
    }


def _amounts(iris: list[str]) -> dict[str, dict[str, Any]]:
    """Funding-line answers' amount, qualifier and period, in one query for all of them."""
    if not iris:
        return {}
    rows = current_kg().sparql(web_sparql("entity-amounts"), {"s": [URIRef(i) for i in iris]}).rows
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        out.setdefault(
            r["s"].value,
            {
                "amount": to_decimal(r["amount"].value),
                "qualifier": r["qualifier"].value if "qualifier" in r else None,
                "period": r["period"].value if "period" in r else None,
            },
        )
    return out


@bp.app_template_global()
def search_closest(result: dict[str, Any], question: str) -> list[dict[str, Any]]:
    """The honest miss's closest passages, marked, for the results partial."""
    return closest_passages(result, question)
