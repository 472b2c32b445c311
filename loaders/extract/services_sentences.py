"""Services named in sentences: the objects of commissioning actions, and proper names.

- the object of a commissioning action: "Re-tender the School Health Nursing Service by
  April 2014", "Develop advocacy service", "by commissioning breastfeeding support in the
  6-8 weeks of life" (strong verbs such as commission/re-tender anywhere in a clause, weak
  ones such as develop/increase only where a clause starts), kept when its head is a
  service noun (service, programme, pathway, support, provision, ...);
- a proper name ending in Service/Programme/Project/Scheme/Centre/Hub/Team ("Youth
  Inclusion Support Programme"), when it is not a body, a document or a truncated title.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("- Re-tender the School Health Nursing Service so that it is in place by April 2014.")
>>> [c.name for c in action_candidates(doc, Context.for_document(doc))]
['School Health Nursing Service']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.metadata import gazetteer
from ckg.loaders.extract.services_names import (
    COMMISSIONING_TEAM,
    SERVICE_HEAD,
    Candidate,
    body_kind,
    is_arrangement,
    is_people,
    looks_like_service,
    org_named,
    strip_brackets,
    tidy,
)
from ckg.loaders.sentences import sentence_at
from ckg.loaders.structure import StructuredDocument

_STRONG = r"re-?commission(?:ing)?|de-?commission(?:ing)?|commission(?:ing)?|re-?tender(?:ing)?|tender(?:ing)?|re-?procure|procure"
_WEAK = (
    r"(?:develop|establish|implement|expand|extend|increas|improv|refocus|restructur|remodel|review|"
    r"provid|deliver|introduc|pilot|launch|fund|creat|strengthen|reconfigur)(?:e|es|ed|ing)?|"
    r"roll(?:ing)?\s+out|set(?:ting)?\s+up|continue\s+to\s+(?:commission|fund|provide|deliver|develop)"
)
_CLAUSE_START = r"(?:^|\t|[;:.]\s+|\band\s+)"
_ACTION = re.compile(
    rf"(?:\b(?:{_STRONG})\b(?:\s+and\s+(?:{_STRONG}|{_WEAK}))?(?:\s+of)?|{_CLAUSE_START}(?:{_WEAK})\b(?:\s+and\s+(?:{_STRONG}|{_WEAK}))?)\s+",
    re.I,
)
_NP_JUNK = re.compile(
    r"^(?:(?:the|a|an|our|new|more|further|additional)\s+|\d+\s+more\s+|(?:differing|different)\s+levels\s+of\s+|"
    r"(?:an\s+)?(?:increased\s+)?range\s+of\s+|(?:the\s+)?(?:capacity|number)\s+(?:of|in)\s+(?:the\s+)?|"
    r"\d+\s+(?:more\s+|new\s+|additional\s+)?|(?:the\s+)?provision\s+of\s+|(?:the\s+)?use\s+of\s+|(?:the\s+)?roll(?:ing)?[\s-]+out\s+of\s+)+",
    re.I,
)
NP_END = re.compile(
    r"\s+(?:(?:commissioned|funded|provided|delivered|run)\s+by|by|so\s+that|so\s+as|to|using|against|under|with|from|which|that|who|through|across|within|where|"
    r"when|while|until|before|after|as|around|at|into|via|along|including|e\.g\.|on|in\s+(?:order|line|partnership|"
    r"preparation|place|view|respect|light|accordance|the\s+county|the\s+community)|and\s+(?:"
    + _WEAK
    + r"|ensure|evaluate|re-?commission|commission))\b|"
    r"[,;:.]\s|[,;:.]$|(?<!\d)\s+[-–]\s+(?!\d)|\t|\n|"
    r"\s+(?=(?-i:Improve|Develop|Ensure|Review|Evaluate|Implement|Commission|Increase|Work|Agree|Strengthen)\s)",
    re.I,
)
SPLIT_CORE = re.compile(r"\s+(?:of|for|in|to|on|at|with)\s+", re.I)

_PROPER = re.compile(
    r"\b((?:[A-Z][\w'’-]*|[A-Z]{2,}|(?<![\w+])\d{1,2}\+|(?<![\w+-])\d{1,2}[-–]\d{1,2}(?=[ ]+[A-Z]))"
    r"(?:[ ]+(?:[A-Z][\w'’-]*|[A-Z]{2,}|and|of|for|the|with|&|\d{1,2}[-–]\d{1,2}|\d{1,2}\+)){0,7}[ ]+"
    r"(?:Service|Services|Programme|Programmes|Project|Scheme|Pathway|Clinic|Centres?|Hubs?|Initiative|Team|Unit)"
    r"|(?:[A-Z][\w'’-]*[ ]+){2,6}(?:programme|project|initiative|scheme))\b"
)
# Capitalised single words listed with commas just before a name: "Information, " of
# "Information, Advice and Support Service".
_COMMA_CHAIN = re.compile(r"(?<![\w'’])(?:[A-Z][\w'’]*,[ ]+)+$")
_UNIT_END = re.compile(
    r"\b(?:Services?|Programmes?|Projects?|Schemes?|Pathways?|Clinics?|Centres?|Hubs?|Initiatives?|Teams?|Units?)$"
)
_POST = re.compile(
    r"^(?:(?:Deputy|Assistant|Acting|Interim|Executive|County|Area|Service|Strategic)\s+)?"
    r"(?:Director|Head|Manager|Officer|Chair|Chairman|Lead|Member|Cabinet|Minister|Secretary)\b"
)
_PROPER_JUNK = re.compile(
    r"^(?:(?:The|This|These|Our|All|A|An|By|In|Develop|Review|Commission|Provide|Implement|Re-tender|"
    r"Re-commission|Improve|Increase|Support|Ensure|Refocus|Restructure|Increasing|Promote|Deliver|"
    r"Establish|Through|With|For|From|Within|Each|Agree|Explore|Link|Work|"
    r"Use|Create|Expand|Extend|Introduce|Launch|Pilot|Fund|Strengthen|Continue|Complete|Prepare|Enable)\s+|"
    r"(?:Development|Expansion|Delivery|Provision|Implementation|Roll[- ]out|Review|Redesign) of (?:the )?)"
)
_ORGISH = re.compile(
    r"\b(?:Council|Trust|Board|Partnership|Authority|Department|Directorate|Group|NHS England|National Health Service)\b"
    r"|\b(?:Management|Leadership|Senior|Executive|Corporate)\s+Team\b|\bResearch\s+(?:Unit|Centre)\b|\s(?:By|With|From)\s"
)


def action_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Services that a commissioning action names as its object."""
    for b in doc.blocks:
        if b.kind == "heading":
            continue
        text = re.sub(r"^[>\s*]+", lambda m: " " * len(m.group()), doc.text[b.start : b.end])
        lead = len(text) - len(text.lstrip())
        for m in _ACTION.finditer(text, lead):
            rest = text[m.end() :]
            cut = NP_END.search(rest)
            np = rest[: cut.start()] if cut else rest
            if m.group().strip().lower().startswith(("commissioning", "tendering")) and np[:1].isupper():
                continue  # "Commissioning Strategy", "Tendering Process": a noun, not an action
            if re.match(r"\s*(?:and|or|no)\b", np):
                continue  # "commissioning and provision of ...": a noun phrase, not an action
            junk = _NP_JUNK.match(np)
            np = np[junk.end() :] if junk else np
            name = tidy(re.sub(r"\b(?:our|their|its)\s+", "", np))
            if (
                not name
                or len(name.split()) > 14
                or " " not in name
                or name.count(" and ") > 1
                or _ORGISH.search(name)
            ):
                continue  # a bare head ("hubs", "placements") says nothing
            core = SPLIT_CORE.split(strip_brackets(name))[0]
            if not SERVICE_HEAD.search(core) or not looks_like_service(name):
                continue
            if re.search(r"\b(?:Commissioning|Contracting|Procurement)\s+(?:Team|Unit|Service)", name):
                continue
            at = doc.text.find(name, b.start + m.end(), b.end)
            start, end = (at, at + len(name)) if at >= 0 else (b.start + m.end(), b.start + m.end() + len(np))
            yield Candidate(name, start, min(end, b.end), rule="action")


def proper_name_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Capitalised names ending in Service/Programme/Project/... that are not bodies or titles."""
    for b in doc.blocks:
        if b.kind in ("heading", "title"):
            continue
        for m in _PROPER.finditer(doc.text, b.start, b.end):
            name = m.group(1).split(" and the ")[-1]
            while _PROPER_JUNK.match(name):
                name = _PROPER_JUNK.sub("", name, count=1)
            after = doc.text[m.end(1) : m.end(1) + 40]
            joined = (
                r"[ \t]+(?:(?:for|of|in)[ \t]+)?[A-Z][a-z]"
                if re.search(r"(?:Services?|Team|Unit|Centres?)$", name)
                else r"[ \t]+[A-Z][a-z]"
            )
            if re.match(joined, after) and not re.match(r"[ \t]+(?:The|This|It|We|In|For)\b", after):
                continue  # a longer title cut short: "National Service Framework", "... Services for People with"
            start = m.end(1) - len(name)
            # "Information, Advice and Support Service": a name whose first words are listed
            # with commas is read whole; the tail alone ("Advice and Support Service") is no name.
            # A plural head lists a directorate's remits ("Children, Education & Early Help
            # Services"): a body, not a service.
            if chain := _COMMA_CHAIN.search(doc.text, max(b.start, start - 60), start):
                before = doc.text[max(b.start, chain.start() - 3) : chain.start()]
                if (
                    not re.match(r"[A-Z][\w'’]*\s+(?:and|&)\s", name)
                    or "," in before
                    or not re.search(r"(?:Service|Team|Programme|Project|Hub|Unit)$", name)
                ):
                    continue  # the tail of a longer name, or of a longer list
                start, name = chain.start(), doc.text[chain.start() : m.end(1)]
                if any(ctx.orgs.resolve(f"{name}s{d}") for d in ("", " Directorate")):
                    continue  # "the Council's Children, Education & Early Help Service's outcomes"
            if len(name.split()) < 2 or _ORGISH.search(name) or body_kind(name, ctx):
                continue
            if _POST.match(name) or is_people(name) or COMMISSIONING_TEAM.search(name):
                continue
            if not looks_like_service(name, need_head=True, listed_name=bool(chain)):
                continue
            # "Children's Centres and Extended Services": two names joined; but "Occupational
            # Therapy and Physiotherapy Service" is one service (its left part names no unit)
            left, sep, right = name.partition(" and ")
            if sep and _UNIT_END.search(left) and len(right.split()) >= 2 and looks_like_service(left):
                yield Candidate(left, start, start + len(left), rule="proper")
                yield Candidate(right, m.end(1) - len(right), m.end(1), rule="proper")
            else:
                yield Candidate(name, start, m.end(1), rule="proper")


_ARR_WORD = r"(?:[A-Z][\w'’-]*|[A-Z]{2,}s?|(?<![\w+])\d{1,2}\+)"
_ARRANGEMENT_NAME = re.compile(
    rf"\b((?:{_ARR_WORD}(?:[ ]+(?:{_ARR_WORD}|and|of|for|&|with)){{0,8}}?[ ]+)?"
    r"(?:(?:Open|Closed)[ ]+)?(?:Framework|Dynamic[ ]+Purchasing[ ]+System|(?:Approved|Preferred)[ ]+Providers?[ ]+List|"
    r"Panel))\b"
)
_BARE_ARRANGEMENT = re.compile(
    r"(?:(?:Open|Closed)\s+)?(?:Framework|Dynamic\s+Purchasing\s+System|(?:Approved|Preferred)\s+Providers?\s+List|Panel)"
)
_LOT = re.compile(
    r"\bLot[ ]+(\d{1,2})[ ]*(?::|[-–][ ]|\()[ ]*((?:[A-Z0-9][\w'’+-]*)(?:[ ]+[\w'’+&-]+){0,7}?)"
    r"(?=[ ]*(?:[,;:)]|$|\n|\.|[ ]+(?:including|replacing|for|with|to|which|and\s+Lot)\b))"
)
_RELATION_AFTER = re.compile(
    r"^[^.;]{0,60}?\b(?P<verb>let|managed|commissioned|procured|hosted|led|funded|run|operated|provided|delivered)"
    r"(?:\s+and\s+\w+)?\s+by\s+(?:the\s+)?(?P<org>[A-Z][\w'’&-]*(?:[ \t]+(?:(?:of|and|for|&)[ \t]+)?[A-Z][\w'’&-]*){0,7})"
)
_BUYER_VERBS = {"let", "managed", "commissioned", "procured", "hosted", "led", "funded"}


def arrangement_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Commissioning arrangements named in the text: purchasing frameworks, dynamic purchasing
    systems, approved provider lists, placement and funding panels, and the lots of a framework.

    >>> from ckg.loaders.text import load_string
    >>> doc = load_string("Placements are bought through the Elmshire Fostering Framework, which is let by "
    ...                   "Fenwick County Council. Lot 2: Residential Children's Homes, including block beds.")
    >>> [(c.name, c.commissioner) for c in arrangement_candidates(doc, Context.for_document(doc))]
    [('Elmshire Fostering Framework', 'Fenwick County Council'), ("Lot 2: Residential Children's Homes", None)]
    """
    text = doc.text
    for b in doc.blocks:
        if b.kind == "title":
            continue
        for m in _ARRANGEMENT_NAME.finditer(text, b.start, b.end):
            name = m.group(1)
            while _PROPER_JUNK.match(name):
                name = _PROPER_JUNK.sub("", name, count=1)
            name = tidy(name)
            if _BARE_ARRANGEMENT.fullmatch(name):
                continue  # "the Dynamic Purchasing System": which one the text says by its full name
            if len(name.split()) < 2 or re.match(
                r"[ \t]+(?:for|of|on)[ \t]+[A-Z]", text[m.end() : m.end() + 20]
            ):
                continue  # "Framework for the Assessment of Children in Need": a document's title
            a, e = sentence_at(text[b.start : b.end], m.start() - b.start)
            sentence = text[b.start + a : b.start + e]
            if not is_arrangement(name, sentence):
                continue
            commissioner = provider = None
            if rel := _RELATION_AFTER.match(text[m.end() : b.end]):
                org = org_named(
                    rel.group("org"),
                    ctx,
                    "local-authority" if rel.group("verb") in _BUYER_VERBS else "provider",
                )
                if rel.group("verb") in _BUYER_VERBS:
                    commissioner = org
                else:
                    provider = org
            start = m.end(1) - len(name)
            yield Candidate(name, start, m.end(1), commissioner, provider, rule="arrangement")
        for m in _LOT.finditer(text, b.start, b.end):
            what = tidy(m.group(2))
            if not what or not looks_like_service(what, arrangement=True):
                continue
            yield Candidate(f"Lot {m.group(1)}: {what}", m.start(), m.end(2), rule="arrangement")


_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-z][.)]|[IVX]+\.)\s+")
_COUNCIL_PREFIX = re.compile(
    r"^(?P<body>(?P<place>[A-Z][\w'’-]*(?:[ ]+(?:and[ ]+)?[A-Z][\w'’-]*){0,3}?)[ ]+"
    r"(?:(?:County|City|Borough|District|Metropolitan\s+Borough)[ ]+)?Council)[ ]+(?P<rest>[A-Z].*)$"
)


def heading_name_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """A heading that is a service's name, or a place or council and a service's name:
    "4.6 Fenwick City Council Complex Needs Service", "4.4.1 Elmshire - 0-25 Years Service".
    A service of another council is named with its place, so two councils' "0-25 Years
    Service" stay two services.

    >>> from ckg.loaders.text import load_string
    >>> doc = load_string("## 4.5 Fenwick County Council – 0-25 Years Service\\n\\nIt began in 2014.\\n")
    >>> [(c.name, c.commissioner) for c in heading_name_candidates(doc, Context.for_document(doc))]
    [('Fenwick 0-25 Years Service', 'Fenwick County Council')]
    """
    places = gazetteer()
    for b in doc.blocks:
        if b.kind != "heading":
            continue
        plain = _HEADING_NUMBER.sub("", b.text.strip().strip("*#").strip())
        parts = re.split(r"\s+[-–—:]\s+", plain)
        if len(parts) > 2:
            continue
        prefix, name = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        body = None
        if not prefix and (m := _COUNCIL_PREFIX.match(name)):
            prefix, name = m.group("body"), m.group("rest")
        if prefix:
            body = ctx.orgs.resolve(prefix) if re.search(r"\bCouncil$", prefix) else None
            place = re.sub(
                r"\s+(?:(?:County|City|Borough|District|Metropolitan\s+Borough)\s+)?Council$", "", prefix
            )
            if not (body or place in places or re.search(r"\bCouncil$", prefix)):
                continue
            if body is None and re.search(r"\bCouncil$", prefix):
                body = org_named(prefix, ctx, "local-authority")
            if not name.startswith(place) and place != ctx.area:
                name = f"{place} {name}"
        m = _PROPER.fullmatch(name)
        if not m or _ORGISH.search(name) or body_kind(name, ctx) or COMMISSIONING_TEAM.search(name):
            continue
        if not prefix and len(name.split()) < 3:
            continue  # a bare "Youth Service" heading is a topic as often as a name
        if not looks_like_service(name, need_head=True):
            continue
        at = doc.text.find(name.split(" ", 1)[-1], b.start, b.end)
        start = at if at >= 0 else b.start
        yield Candidate(
            name,
            start,
            min(b.end, start + len(name)) if at >= 0 else b.end,
            commissioner=body,
            rule="heading",
        )
