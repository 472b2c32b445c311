"""Who set a priority and which document states it.

A guide or commissioning strategy often quotes other bodies' priorities: "Key agreed
priorities within the Children and Young People's Plan 2006 – 2009 are", a section headed
"Oxfordshire Children and Young People's Plan, 2015 - 2018", a table row naming the Joint
Health and Wellbeing Strategy. The stating document is then that plan (``stated_in``) and
its owner the body behind it: the board a strategy type belongs to (a Joint Health and
Wellbeing Strategy is the Health and Wellbeing Board's), a body named in the title, or the
children's partnership for a Children and Young People's Plan. Otherwise the priorities
are the document's own and belong to the body that published it.

>>> find_doc_title("The main priorities within the Children and Young People's Plan 2006 – 2009 are:-")
"Children and Young People's Plan 2006 – 2009"
>>> find_doc_title("The three priorities for Oxfordshire's Trust from 2010-2013 are:") is None
True
"""

from __future__ import annotations

import re
from collections import Counter

from ckg.loaders.extract.context import Context
from ckg.loaders.structure import StructuredDocument

DOC_NOUN = re.compile(
    r"^(?:Strategy|Plan|Framework|Report|Programme|Agenda|Letter|Statement|Assessment|Review|"
    r"Charter|Compact|Agreement|Paper|[Ii]ntentions|[Ss]trategy|[Pp]lan)[,:;.)]*$"
)
_CONNECT = {"and", "of", "for", "the", "in", "on", "with", "to", "&", "-", "–", "a"}
_YEARS = re.compile(
    r"^(?:\s+for\s+[A-Z][a-z]+)?[,:]?\s*(?:for\s+)?((?:19|20)\d\d(?:/\d\d)?(?:\s*[-–—]\s*(?:(?:19|20)?\d\d(?:/\d\d)?))?)"
)
# Strategy types and the body that owns them, for any area.
_OWNER_OF_TYPE: tuple[tuple[str, str], ...] = (
    (r"health\s+(?:and|&)\s+well-?being\s+strategy", "Health and Wellbeing Board"),
    (r"safeguarding\s+children\s+board|\bLSCB\b", "Local Safeguarding Children Board"),
    (r"clinical\s+commissioning\s+group|\bCCG\b", "CCG"),
    (r"\bPCT\b|primary\s+care\s+trust", "PCT"),
)


def find_doc_title(text: str) -> str | None:
    """The title of a document named in ``text`` (capitalised words ending in Plan/Strategy/...)."""
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    best: str | None = None
    for k, (word, _, end) in enumerate(words):
        if not DOC_NOUN.match(word):
            continue
        j = k
        while j > 0:
            prev = words[j - 1][0].strip("(\"'‘“")
            if prev[:1].isupper() or prev[:1].isdigit() or prev.lower() in _CONNECT:
                j -= 1
            else:
                break
        while (
            j < k and words[j][0].strip("(\"'‘“") != "The" and words[j][0].lower().strip("(\"'‘“") in _CONNECT
        ):
            j += 1  # a title does not start with "and"/"the"
        if j == k:
            continue
        start = words[j][1]
        stop = end - len(word) + len(word.rstrip(",:;.)"))
        if m := _YEARS.match(text[stop : stop + 30]):
            stop += m.end()
        title = text[start:stop].strip(" ,:-–\"'‘“”(")
        caps = [w for w in re.findall(r"[A-Za-z][\w'’]*", title) if w[0].isupper()]
        if len(caps) < 2 or title.split()[0].lower() in ("this", "these", "our", "its", "their", "each"):
            continue
        if best is None or len(title) > len(best):
            best = title
    return re.sub(r"\s+", " ", best) if best else None


def is_this_document(title: str | None, ctx: Context) -> bool:
    """Whether ``title`` names the document being read (then it is not a *referenced* document)."""
    if not title:
        return True
    own = _title_key(ctx.meta.title or ctx.doc.title or "")
    return bool(own) and _title_key(title) == own


def _title_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower().replace("&", " and ")).strip()


def document_body(doc: StructuredDocument, ctx: Context) -> str | None:
    """The body whose document this is: its publisher, the body that says "we, the ...", or its council."""
    if ctx.meta.publishers:
        return ctx.meta.publishers[0]
    head = doc.text[:6000]
    for pattern in (
        r"(?:we,|prepared by|produced by|developed by|published by)\s+(?:the\s+)?"
        r"((?:[A-Z][\w&'’-]*\s+){0,8}?(?:Partnership|Trust|Board|Council|Group))\b",
        r"\bThe\s+((?:[A-Z][\w&'’-]*\s+){1,8}?(?:Partnership|Trust|Board))\s+(?:aims|has|is|will)\b",
    ):
        for m in re.finditer(pattern, head):
            name = ctx.orgs.resolve(m.group(1))
            if name:
                return name
    return children_partnership(doc, ctx) or ctx.orgs.council_name()


def children_partnership(doc: StructuredDocument, ctx: Context) -> str | None:
    """The area's children's partnership or trust: the body a partnership-wide plan belongs to."""
    counts: Counter[str] = Counter()
    for rec in ctx.orgs.records():
        if rec.kind != "partnership" or not re.search(r"\bchildren", rec.name, re.I):
            continue
        if not re.search(r"\b(?:partnership|trust)\b", rec.name, re.I):
            continue
        counts[rec.name] = len(rec.spans) + (5 if ctx.area and ctx.area in rec.name else 0)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]


def owner_of_document(title: str, doc: StructuredDocument, ctx: Context) -> str | None:
    """The body that owns the document called ``title`` (only bodies the registry knows or the area implies)."""
    for pattern, body in _OWNER_OF_TYPE:
        if re.search(pattern, title, re.I):
            name = ctx.orgs.resolve(body) or ctx.orgs.resolve(f"{ctx.area} {body}" if ctx.area else body)
            if name:
                return name
    if re.search(r"children\s+(?:and|&)\s+young\s+people'?s?\s+plan|\bCYPP\b", title, re.I):
        return children_partnership(doc, ctx)
    # A body named in the title: the longest prefix that resolves ("Oxfordshire CCG strategy").
    words = title.split()
    for n in range(min(len(words), 8), 0, -1):
        name = ctx.orgs.resolve(" ".join(words[:n]))
        if name:
            return name
    for word in words:
        if word.isupper() and len(word) >= 2 and (name := ctx.orgs.resolve(word)):
            return name
    return None
