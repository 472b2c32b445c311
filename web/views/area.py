"""``/area`` (the areas ckg has documents about) and ``/area/<slug>``: who commissions what in
one area, its documents as a table (the shape of a commissioning guide's summary of key
documents: title, owner, period, type, themes in order, link), and whom to contact.

``?as_of=YEAR`` shows the area as it stood in YEAR; ``?format=csv`` (``&table=documents``,
``commissioners`` or ``contacts``) and ``?format=json`` download the same picture.
"""

from __future__ import annotations

import csv
import io
import re

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request

from ckg.graph.namespaces import CKGID
from ckg.web.area_data import DOCUMENT_COLUMNS, AreaCache, as_json, document_records, profile
from ckg.web.context import current_kg
from ckg.web.map_graph import store_key
from ckg.web.sparql_files import web_sparql

bp = Blueprint("area", __name__)
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,120}")


@bp.record_once
def _setup(state) -> None:
    state.app.extensions.setdefault("ckg.areas", AreaCache())


def _areas() -> list[dict[str, object]]:
    return current_kg().sparql(web_sparql("area-label")).values()


@bp.get("/area")
def area_index():
    areas = _areas()
    for a in areas:
        a["slug"] = str(a["area"]).rsplit("/", 1)[-1]
    return render_template("areas.html", areas=areas)


@bp.get("/area/<slug>")
def area_page(slug: str):
    if not _SLUG.fullmatch(slug):
        abort(404, "no such area")
    iri = f"{CKGID}area/{slug}"
    found = [a for a in _areas() if a["area"] == iri]
    if not found:
        abort(404, f"no documents about the area {slug!r} are loaded")
    as_of = _year_param()
    kg = current_kg()
    rows = current_app.extensions["ckg.areas"].rows(kg, iri, store_key(kg))
    p = profile(iri, str(found[0]["name"]), rows, as_of)
    fmt = request.args.get("format", "html")
    if fmt == "json":
        return jsonify(as_json(p))
    if fmt == "csv":
        return _csv(p, slug)
    if fmt != "html":
        abort(400, "format must be html, csv or json")
    return render_template("area.html", p=p, slug=slug)


def _year_param() -> int | None:
    raw = request.args.get("as_of", "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"(?:19|20)\d\d", raw):
        abort(400, "as_of must be a year, e.g. as_of=2015")
    return int(raw)


def _csv(p, slug: str) -> Response:
    table = request.args.get("table", "documents")
    buf = io.StringIO()
    if table == "documents":
        w = csv.DictWriter(buf, fieldnames=DOCUMENT_COLUMNS)
        w.writeheader()
        w.writerows(document_records(p))
    elif table == "commissioners":
        w = csv.writer(buf)
        w.writerow(["body", "role", "item", "kind", "topics", "amount", "period", "historical", "document"])
        data = as_json(p)
        for b in data["commissioners"]:
            for role in ("commissions", "provides", "funds"):
                for i in b[role]:
                    w.writerow(
                        [
                            b["body"],
                            role,
                            i["label"],
                            i["kind"],
                            "; ".join(i["topics"]),
                            i["amount"] or "",
                            i["period"] or "",
                            "yes" if i["historical"] else "",
                            i["document"],
                        ]
                    )
    elif table == "contacts":
        w = csv.writer(buf)
        w.writerow(["name", "post", "body", "email", "phone", "document"])
        for c in as_json(p)["contacts"]:
            w.writerow(
                [
                    c["name"],
                    c["post"] or "",
                    c["body"] or "",
                    c["email"] or "",
                    c["phone"] or "",
                    c["document"],
                ]
            )
    else:
        abort(400, "table must be documents, commissioners or contacts")
    name = f"{slug}-{table}" + (f"-as-of-{p.as_of}" if p.as_of else "") + ".csv"
    return Response(
        buf.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
