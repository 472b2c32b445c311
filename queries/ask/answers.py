"""Ranked candidates -> the ``ask`` JSON answers: label, IRI, types, score, why, evidence, sparql.

Evidence is quoted to the sentence: an answer's first quote is the sentence (or table row)
of the source that states it, with its character offsets in the document's text; the passage
it sits in is named by ``passage_iri`` (one click away in the web app). A person's answer adds
the lines of their contact block that hold their details; a priority's ``why`` names the rest
of its list. ``why`` ends with the features that carried the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ckg.loaders.extract.contacts import EMAIL, e164, number_of, phones_in
from ckg.loaders.names import person_names_in
from ckg.queries.ask.candidates import Candidate, Evidence
from ckg.queries.ask.facts import Fact, bound_query, format_amount
from ckg.queries.ask.ranker import DESCRIPTIONS

if TYPE_CHECKING:
    from ckg.queries.ask.engine import AskEngine, Prepared

PASSAGE_TYPE = "https://w3id.org/ckg/ontology#Passage"
MAX_EVIDENCE = 4  # the stating sentence, then a second part's answer or contact lines, then others


def evidence_json(e: Evidence) -> dict[str, Any]:
    p = e.passage
    return {
        "document": p.doc_title,
        "document_iri": p.doc,
        "section": p.section,
        "quote": e.quote,
        "start": p.start + e.start,
        "end": p.start + e.end,
        "passage_iri": p.iri,
    }


def quoted(c: Candidate) -> list[Evidence]:
    """The statements an answer quotes: its first ones, each sentence once."""
    out: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    for e in c.evidence:
        if (e.passage.iri, e.start) not in seen:
            seen.add((e.passage.iri, e.start))
            out.append(e)
        if len(out) == MAX_EVIDENCE:
            break
    return out


def answer_json(
    engine: AskEngine,
    prepared: Prepared,
    c: Candidate,
    score: float,
    types: list[str],
    carried_by: list[str],
) -> dict[str, Any]:
    evidence = [evidence_json(e) for e in quoted(c)]
    why = why_of(engine, c)
    reasons = [DESCRIPTIONS[f] for f in carried_by if f in DESCRIPTIONS]
    if reasons:
        why = f"{why} (ranked on: {', '.join(dict.fromkeys(reasons))})"
    old = engine.historical(c)
    if old:
        why = f"{why}; historical: from {old['olderTitle']}, since replaced by {old['newerTitle']}"
    extra = {"historical": historical_json(old)} if old else {}
    return {
        "label": c.label,
        "iri": c.iri or c.evidence[0].passage.iri,
        "types": types if c.iri and types else [PASSAGE_TYPE],
        "kind": c.ctype,
        "score": round(min(1.0, max(0.0, score)), 3),
        "why": why,
        "evidence": evidence,
        "sparql": answer_query(c),
        **extra,
    }


def historical_json(old: dict[str, Any]) -> dict[str, str]:
    """Why an answer is historical: the document it comes from and the edition that replaced it."""
    return {
        "document": old["older"],
        "document_title": old["olderTitle"],
        "replaced_by": old["newer"],
        "replaced_by_title": old["newerTitle"],
        "why": old["why"],
    }


def answer_query(c: Candidate) -> str:
    """The query that produced this answer, bound to the passages it came from and runnable as-is:
    the graph template behind its best fact, or for an answer read from the text, its passages."""
    graph = c.facts[0] if c.facts else None
    if graph is None:
        return bound_query("passages", list(dict.fromkeys(e.passage.iri for e in c.evidence))[:5])
    passages = [f.passage for f in c.facts if f.template == graph.template]
    return bound_query(graph.template, list(dict.fromkeys(passages))[:20])


def why_of(engine: AskEngine, c: Candidate) -> str:
    """A short sentence saying what this answer is and where it is stated."""
    e = c.evidence[0]
    where = e.passage.doc_title + (f", {e.passage.section}" if e.passage.section else "")
    if c.facts:
        best = c.facts[0]
        siblings = None
        if best.relation == "priority" and best.extra.get("rank") is not None:
            siblings = engine.siblings(best.answer)
        elif best.relation in ("priority", "intention", "service"):
            siblings = _list_around(engine, best)
        return fact_why(best, siblings)
    if c.ctype == "sentence":
        return f"the sentence that says it, in {where}"
    if c.ctype == "list":
        return f"the list in {where}"
    frame = next(iter(sorted(c.relations)), None)
    if frame:
        return f"{frame}, as its sentence in {where} says"
    if c.ctype == "contact" and (names := person_names_in(e.quote)):
        return f"contact detail given with {names[0][0]}, in {where}"
    return f"{c.ctype} read from {where}"


def _list_around(engine: AskEngine, f: Fact, before: int = 3, after: int = 7) -> list[str]:
    """The list an item belongs to, centred on it: the short items of the same section around it."""
    rows = engine.neighbours(f.passage, 900)
    same = [r for r in rows if (r.get("section") or "") == (f.section or "") and len(r["quote"]) < 300]
    ids = [r["near"] for r in same]
    if f.passage not in ids or len(same) < 2:
        return []
    i = ids.index(f.passage)
    window = same[max(0, i - before) : i + after + 1]
    return [" ".join(r["quote"].split()).rstrip(";,.:") for r in window]


def fact_why(f: Fact, siblings: list[str] | None = None) -> str:
    """Why a graph fact answers: the relation it states, and the list it belongs to."""
    e = f.extra
    money = format_amount(e.get("amount"), e.get("qualifier")) if f.template == "funding" else None
    listing = ""
    if siblings and len(siblings) > 1:
        joined = "; ".join(siblings)
        listing = f". The list: {joined[:700]}{'…' if len(joined) > 700 else ''}"
    if f.relation == "funder":
        return f"funder of '{f.item_label}'" + (f" ({money})" if money else "")
    if f.relation == "line":
        bits = [f"'{f.item_label}'"]
        if e.get("funderLabel"):
            bits.append(f"funded by {e['funderLabel']}")
        for key in ("kind", "period", "theme", "note"):
            if e.get(key) and e[key] != "unknown":
                bits.append(str(e[key]))
        return f"{money}: " + "; ".join(bits)
    if f.relation == "commissioner":
        when = f", {e['timescale']}" if e.get("timescale") else ""
        return f"commissioner of '{f.item_label}'{when}"
    if f.relation == "provider":
        return f"provider of '{f.item_label}'"
    if f.relation in ("intention", "service"):
        bits = []
        if e.get("commissionerLabel"):
            bits.append(f"commissioned by {e['commissionerLabel']}")
        if e.get("providerLabel"):
            bits.append(f"provided by {e['providerLabel']}")
        if e.get("timescale"):
            bits.append(f"timescale: {e['timescale']}")
        if e.get("theme"):
            bits.append(f"theme: {e['theme']}")
        return f"{f.relation} in {f.doc_title}" + (f" ({'; '.join(bits)})" if bits else "") + listing
    if f.relation == "person":
        bits = [str(e[k]) for k in ("role", "bodyLabel") if e.get(k)]
        if e.get("email"):
            bits.append(f"email {e['email']}")
        if e.get("phone"):
            bits.append(f"telephone {e['phone']}")
        if e.get("address"):
            bits.append(str(e["address"]))
        return "; ".join(bits) or f"named in {f.doc_title}"
    if f.relation == "priority":
        head = f"priority {e['rank']}" if e.get("rank") is not None else "priority"
        owner = f" of {e['ownerLabel']}" if e.get("ownerLabel") else ""
        text = f"{head}{owner} in {e.get('statedInTitle') or f.doc_title}"
        if e.get("parentLabel"):
            text += f", under '{e['parentLabel']}'"
        return text + listing
    if f.relation == "document":
        bits = [f"named in {f.doc_title}"]
        if e.get("period"):
            bits.append(str(e["period"]))
        if e.get("publisherLabel"):
            bits.append(f"by {e['publisherLabel']}")
        return "; ".join(bits)
    if f.relation == "parent-of":
        return f"{f.item_label} is part of {f.answer_label}"
    if f.relation == "publisher":
        return f"publisher of {f.doc_title}"
    parent = f" (part of {e['parentLabel']})" if e.get("parentLabel") else ""
    return f"named in {f.doc_title}{parent}" + (f", section {f.section}" if f.section else "")


def detail_first(
    detail: str | None, answers: list[dict[str, Any]], chosen: list[Candidate], top: int
) -> list[dict[str, Any]]:
    """Lead with the email or phone number asked for when the best answer is a person who has it.

    Why: "email for the head of early help?" is answered by an address, not a name; the
    person's own answer (with post and body) follows as the second. The detail is taken as
    printed in the person's quoted contact lines, so the label is what a reader sees there.
    Nothing changes when an answer before the person already is such a detail.
    """
    if detail is None:
        return answers
    for i, (a, c) in enumerate(zip(answers[:3], chosen[:3], strict=False)):
        if a.get("kind") == "contact" and _printed_detail(detail, [a["label"]]):
            return answers
        if a.get("kind") != "person" or not c.facts:
            continue
        evidence = a.get("evidence", [])
        stored = c.facts[0].extra.get(detail)
        printed = _printed_detail(detail, [e["quote"] for e in evidence], stored) or stored
        if not printed:
            continue
        role = ", ".join(str(c.facts[0].extra[k]) for k in ("role", "bodyLabel") if c.facts[0].extra.get(k))
        stating = [e for e in evidence if str(printed) in e["quote"]]  # the line that prints it first
        lead = {
            **a,
            "evidence": stating + [e for e in evidence if e not in stating],
            "label": str(printed),
            "iri": (stating or evidence)[0]["passage_iri"] if evidence else a["iri"],
            "types": [PASSAGE_TYPE],
            "kind": "contact",
            "why": f"{'email' if detail == 'email' else 'telephone'} of {a['label']}"
            + (f", {role}" if role else ""),
            "score": answers[0]["score"],
        }
        rest = [b for b in answers[i:] if b.get("kind") != "contact" or b["label"] != lead["label"]]
        return [*answers[:i], lead, *rest][:top]
    return answers


def _printed_detail(detail: str, texts: list[str], stored: object = None) -> str | None:
    """The email or phone number as printed in ``texts``: the one matching ``stored`` (the graph's
    value, a phone number in E.164 form) when given, else the first."""
    for text in texts:
        if detail == "email":
            for m in EMAIL.finditer(text):
                if not stored or m.group(0).lower() == str(stored).lower():
                    return m.group(0)
        else:
            for printed, _, _ in phones_in(text):
                number = number_of(printed)
                if not stored or e164(number) == stored:
                    return number
    return None
