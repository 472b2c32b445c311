"""Organisations: councils, NHS bodies, boards, partnerships, panels, teams and providers.

First version: acronym definitions ("Full Name (ACR)"), glossary rows ("PCT  Primary Care
Trust"), capitalised names ending in an organisational head noun ("... Board", "... Trust",
"... Panel"), and area-generic mentions ("the PCT", "the County Council") resolved through
``OrgRegistry``.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("The Joint Agency Panel meets. NHS services are commissioned through the "
...                   "Bedfordshire Primary Care Trust (PCT).")
>>> ctx = Context.for_document(doc, area="Bedfordshire")
>>> extract_organisations(doc, ctx)
>>> sorted(r.name for r in ctx.orgs.records())
['Bedfordshire Primary Care Trust', 'Joint Agency Panel']
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context, normalise_name
from ckg.loaders.extract.records import Span
from ckg.loaders.structure import StructuredDocument

HEAD_NOUNS: dict[str, str] = {
    "council": "local-authority",
    "authority": "local-authority",
    "trust": "health-body",
    "ccg": "health-body",
    "nhs": "health-body",
    "icb": "health-body",
    "board": "partnership",
    "partnership": "partnership",
    "panel": "partnership",
    "forum": "partnership",
    "group": "partnership",
    "groups": "partnership",
    "committee": "partnership",
    "alliance": "partnership",
    "consortium": "partnership",
    "network": "partnership",
    "collaborative": "partnership",
    "team": "team",
    "directorate": "team",
    "service": "team",
    "services": "team",
    "unit": "team",
    "department": "national-body",
    "commission": "national-body",
    "agency": "national-body",
    "office": "national-body",
    "inspectorate": "national-body",
    "association": "provider",
    "charity": "provider",
    "foundation": "provider",
    "society": "provider",
    "school": "school",
    "academy": "school",
    "college": "school",
    "university": "other",
    "police": "other",
    "hub": "team",
    "centre": "other",
}
_CAP = r"(?:[A-Z][\w'’-]*|&|and|of|for|the|in|on|with|[A-Z]{2,}|\d{1,2}(?:[ \t]*[-–][ \t]*\d{1,2})?)"
_NAME = re.compile(
    r"\b((?:[A-Z][\w'’-]*|[A-Z]{2,})(?:[ \t]+"
    + _CAP
    + r"){0,9}[ \t]+(?:"
    + "|".join(n.capitalize() for n in HEAD_NOUNS)
    + r"|NHS|CCG|ICB))\b(?!\s+(?:of|for)\s+[A-Z])"
)
_ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w'’&.-]*\s+)(?:(?:[A-Z][\w'’&.-]*|and|of|for|the|&|in|on)\s+){0,10}"
    r"[A-Z][\w'’&.-]*)\s*\(\s*(?:the\s+)?([A-Z][A-Za-z&'’]{1,9})\s*\)"
)
_LEADING_JUNK = re.compile(
    r"^(?:The|This|These|Our|All|Each|Every|A|An|By|In|On|For|With|From|To|And|Of|At|As)\s+"
)
_BAD_NAMES = re.compile(r"^(?:Children|Young|People|Service|Services|Group|Board|Team|Council|Trust)$", re.I)
NATIONAL_BODIES: dict[str, tuple[str, ...]] = {
    "Department for Education": ("DfE",),
    "Department for Education and Skills": ("DfES", "DFES"),
    "Department for Children, Schools and Families": ("DCSF",),
    "Department of Health": ("DH", "DoH"),
    "Department for Work and Pensions": ("DWP",),
    "Ofsted": ("OFSTED", "Office for Standards in Education"),
    "Care Quality Commission": ("CQC",),
    "NHS England": ("NHSE",),
    "Arts Council England": ("ACE", "Arts Council"),
    "Learning and Skills Council": ("LSC", "Learning Skills Council"),
    "Youth Justice Board": ("YJB",),
    "Cabinet Office": (),
    "Local Government Association": ("LGA",),
    "Public Health England": ("PHE",),
    "Home Office": (),
    "Ministry of Justice": ("MoJ",),
}


def kind_of(name: str) -> str:
    words = re.findall(r"[A-Za-z]+", name.lower())
    if "nhs" in words or "ccg" in words or "pct" in words or "clinical" in words:
        return "health-body"
    for w in reversed(words):
        if w in HEAD_NOUNS:
            return HEAD_NOUNS[w]
    return "other"


def _initials_match(full: str, acronym: str) -> bool:
    letters = [w[0].upper() for w in re.findall(r"[A-Za-z][\w'’]*|&", full) if w[0].isupper() or w == "&"]
    acr = [c.upper() for c in acronym if c.isalpha() or c == "&"]
    if not acr or not letters:
        return False
    # the acronym's letters appear in order among the words' initials
    it = iter(letters)
    return all(any(c == x for x in it) for c in acr) and acr[0] == letters[0]


def _clean(name: str) -> str:
    name = normalise_name(name)
    while _LEADING_JUNK.match(name):
        name = _LEADING_JUNK.sub("", name, count=1)
    return name


def extract_organisations(doc: StructuredDocument, ctx: Context) -> None:
    text = doc.text
    for full, aliases in NATIONAL_BODIES.items():
        for label in (full, *aliases):
            m = re.search(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])", text)
            if m:
                ctx.orgs.add(
                    full,
                    "national-body",
                    aliases=[a for a in aliases if a != full],
                    span=Span(m.start(), m.end()),
                )
                break
    for m in _ACRONYM_DEF.finditer(text):
        full, acr = _clean(m.group(1)), m.group(2)
        if _initials_match(full, acr) and kind_of(full) != "other" and len(full.split()) <= 10:
            ctx.orgs.add(full, kind_of(full), aliases=[acr], span=Span(m.start(1), m.end(2)))
    for block in doc.blocks:
        if block.kind == "heading":
            continue
        for m in _NAME.finditer(text, block.start, block.end):
            name = _clean(m.group(1))
            if len(name.split()) < 2 or _BAD_NAMES.match(name):
                continue
            start = m.start(1) + m.group(1).find(name.split()[0])
            ctx.orgs.add(name, kind_of(name), span=Span(start, m.end(1)))
