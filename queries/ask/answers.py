"""Ranked candidates -> the ``ask`` JSON answers: label, IRI, types, score, why, evidence.

Evidence quotes are always the passages' own text from the graph. For contact answers the
quote spans the neighbouring lines of the contact block (name, role, telephone, email are
often separate lines); for list members (priorities, intentions) ``why`` names the rest of
the list, so one answer shows the list it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ckg.loaders.extract.money import find_amounts
from ckg.queries.ask.facts import Fact, bound_query, format_amount
from ckg.queries.ask.ranking import Candidate, Question
from ckg.queries.ask.retrieval import Hit, tokens

if TYPE_CHECKING:
    from ckg.queries.ask.engine import AskEngine

_CONTACT_DETAIL = re.compile(
    r"@|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|\b\d{5}\b|\btel\b|\bfreepost\b|"
    r"\b[A-Z]{1,2}\d{1,2}[A-Z]?\s?\d[A-Z]{2}\b",
    re.I,
)


def answer_json(engine: AskEngine, q: Question, c: Candidate) -> dict[str, Any]:
    best = c.facts[0][1]
    label = c.label
    if best.relation == "line":
        label = f"{format_amount(best.extra.get('amount'), best.extra.get('qualifier'))} — {best.item_label}"
    evidence, seen = [], set()
    contact = "contact" in (q.intent, q.secondary)
    for _, f in c.facts:
        if f.passage in seen:
            continue
        seen.add(f.passage)
        if contact:
            quote = _contact_block(engine, f)
        elif q.secondary or f.relation == "document":
            quote = _with_context(engine, f)
        else:
            quote = f.quote
        evidence.append(
            {
                "document": f.doc_title,
                "document_iri": f.doc,
                "section": f.section,
                "quote": quote,
                "passage_iri": f.passage,
            }
        )
        if len(evidence) == 3:
            break
    if c.kind == "graph":
        types = engine.types_of(c.iri)
        iri = c.iri
    else:
        types = ["https://w3id.org/ckg/ontology#Passage"]
        iri = best.passage
    siblings = None
    if best.relation == "priority":
        siblings = (
            engine.siblings(best.answer) if best.extra.get("rank") is not None else _list_around(engine, best)
        )
    elif best.relation in ("intention", "service"):
        siblings = _list_around(engine, best)
    return {
        "label": label,
        "iri": iri,
        "types": types,
        "score": round(min(1.0, c.score), 3),
        "why": why(best, siblings),
        "evidence": evidence,
        "sparql": answer_query(c),
    }


def answer_query(c: Candidate) -> str:
    """The query that produced this answer, bound to the passages it came from and runnable as-is:
    the graph template behind its best fact, or for an answer read from the text, the passages."""
    graph = next((f for _, f in c.facts if f.template != "passages"), None)
    if graph is None:
        return bound_query("passages", list(dict.fromkeys(f.passage for _, f in c.facts))[:5])
    passages = [f.passage for _, f in c.facts if f.template == graph.template]
    return bound_query(graph.template, list(dict.fromkeys(passages))[:20])


def passage_answer(
    q: Question, h: Hit, row: dict[str, Any], weight: float = 0.5, idf: Callable[[str], float] | None = None
) -> Candidate:
    """A passage as an answer, labelled with its sentence that shares the rarest words with the
    question (and the sentence after it when that one is short: the "e.g." that follows)."""
    quote = row["quote"]
    sentences = [s.strip() for s in re.split(r"(?<=[.;!?])\s+|\n+", quote) if len(s.strip()) > 15] or [quote]
    q_tokens = set(tokens(q.text))
    weight_of = idf or (lambda _t: 1.0)

    def score(sentence: str) -> float:
        return sum(weight_of(t) for t in q_tokens & set(tokens(sentence)))

    i = max(range(len(sentences)), key=lambda k: score(sentences[k]))
    label = sentences[i]
    if len(label) < 120 and i + 1 < len(sentences):
        label = f"{label} {sentences[i + 1]}"
    label = label if len(label) <= 300 else label[:297] + "..."
    f = Fact(
        h.item.id,
        label,
        "passage",
        None,
        None,
        h.item.id,
        quote,
        row.get("section"),
        row["doc"],
        row["docTitle"],
        "passages",
        extra={},
    )
    return Candidate(h.item.id, label, weight * h.score, [(h.score, f)], "passage")


def money_answers(
    q: Question, hits: list[Hit], rows: dict[str, dict[str, Any]], answered: set[str]
) -> list[Candidate]:
    """Figures printed in the best passages that no funding line in the graph holds (a threshold,
    a pooled budget's value): the figure and its sentence, for amount questions."""
    out = []
    for h in hits:
        row = rows.get(h.item.id)
        if row is None or h.item.id in answered:
            continue
        quote = row["quote"]
        for money in find_amounts(quote)[:2]:
            start = max(quote.rfind(". ", 0, money.start) + 2, 0) if ". " in quote[: money.start] else 0
            end = quote.find(". ", money.end)
            sentence = quote[start : end + 1 if end >= 0 else len(quote)].strip()
            label = f"{money.text} — {sentence if len(sentence) <= 200 else sentence[:197] + '...'}"
            f = Fact(
                h.item.id,
                label,
                "passage",
                None,
                None,
                h.item.id,
                quote,
                row.get("section"),
                row["doc"],
                row["docTitle"],
                "passages",
                extra={"amount": money.amount},
            )
            out.append(
                Candidate(f"{h.item.id}#{money.start}", label, 0.8 * h.score, [(h.score, f)], "passage")
            )
    return out


def _contact_block(engine: AskEngine, f: Fact) -> str:
    """The contact block around a passage: neighbouring lines that hold names, posts or contact details."""
    rows = engine.neighbours(f.passage, 250)
    if not rows:
        return f.quote
    keep = [r["quote"] for r in rows if r["near"] == f.passage or _CONTACT_DETAIL.search(r["quote"])]
    text = "\n".join(dict.fromkeys(keep))
    return text if len(text) <= 1200 else f.quote


def _with_context(engine: AskEngine, f: Fact) -> str:
    """The passage with the short lines just around it (a title's author line, the sentence that
    names who delivers what the passage says is funded)."""
    rows = engine.neighbours(f.passage, 300 if f.relation == "document" else 150)
    keep = [r["quote"] for r in rows if r["near"] == f.passage or len(r["quote"]) < 400]
    text = "\n".join(dict.fromkeys(keep))
    return text if len(text) <= 1500 else f.quote


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


def why(f: Fact, siblings: list[str] | None = None) -> str:
    """A short sentence saying why this answer answers the question."""
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
    if f.relation == "leader":
        return f"chairs or leads, as '{_first(f.quote)}' says"
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
    if f.relation == "passage":
        return f"the closest passage in {f.doc_title}" + (f", {f.section}" if f.section else "")
    parent = f" (part of {e['parentLabel']})" if e.get("parentLabel") else ""
    return f"named in {f.doc_title}{parent}" + (f", section {f.section}" if f.section else "")


def _first(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
