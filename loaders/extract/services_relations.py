"""Who commissions or provides a service, as a sentence says it.

- passive: "Story Makers was commissioned and funded by Devon County Council", "the
  WorkAid scheme delivered by the Aldingbourne Trust", "Carers Forum (commissioned by the
  County Council but provided by the Forum)", "services funded by the local authority";
  "This service is delivered by X" names the service of the heading above;
- active: "The YMCA delivers counselling services", "Chalkhill also provides a day care
  programme": the subject provides (or commissions, funds) the object;
- "X is an OYAP Trust project", "X is a three-year Arts Council England funded programme";
- a case-study heading "Case Study 2: Provider - Programme".

Bodies are resolved through the registry; a proper name not yet known ("Aldingbourne
Trust", "YMCA") is registered as a provider on first use.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("Story Makers was commissioned and funded by Devon County Council in 2014.")
>>> [(c.name, c.commissioner) for c in relation_candidates(doc, Context.for_document(doc, area="Devon"))]
[('Story Makers', 'Devon County Council')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.metadata import gazetteer
from ckg.loaders.extract.services_names import (
    BODY_HEADS,
    DOCUMENT_WORDS,
    SERVICE_HEAD,
    SERVICE_HEADS,
    Candidate,
    body_kind,
    is_arrangement,
    looks_like_service,
    org_named,
    tidy,
    wordset,
)
from ckg.loaders.extract.services_sentences import NP_END, SPLIT_CORE
from ckg.loaders.sentences import sentence_at
from ckg.loaders.structure import Block, StructuredDocument

_CAP = r"(?:[A-Z][\w'’&-]*|[A-Z]{2,}s?)"
_CAP_TAIL = re.compile(rf"{_CAP}(?:[ \t]+(?:(?:of|and|for|the|&|in|to)[ \t]+)?{_CAP}){{0,8}}$")
_NP_TAIL = re.compile(rf"(?:[\w'’/-]+[ \t]+){{0,5}}(?:{SERVICE_HEADS})$", re.I)
_FOR_WHOM = re.compile(
    r"[ \t]+(?:for|to)[ \t]+(?:[\w'’-]+[ \t]+){0,5}?(?:children|people|families|adults|parents|carers|"
    r"leavers|pupils|students|girls|boys|mothers|fathers|impaired|needs|disabilities)$",
    re.I,
)
_NP_STOP = wordset(
    """
    the a an this these that its their our by of for to in with from delivers provides runs has have is
    are was were also and or which who on at as such other includes include including provide deliver
    """
)
_BY = re.compile(
    r"(?:,\s*|\s*\(\s*|\s+)(?:(?:which|that|who)\s+)?(?:(?:is|are|was|were|has\s+been|have\s+been|will\s+be)\s+)?"
    r"(?:\w+ly\s+)?(?:joint-?\s*)?"
    r"(?P<verb>commissioned|funded|provided|delivered|run|managed|operated|let|hosted)"
    r"(?:\s+and\s+(?P<verb2>commissioned|funded|provided|delivered|run|managed|operated))?\s+(?:jointly\s+)?by\s+"
    r"(?:the\s+|an?\s+)?"
)
_BUT_BY = re.compile(
    r"\s*,?\s*(?:but|and)\s+(?:is\s+)?(?P<verb>commissioned|funded|provided|delivered|run)\s+by\s+(?:the\s+)?"
)
_ORG_AFTER = re.compile(
    rf"{_CAP}(?:[ \t]+(?:(?:of|and|for|&)[ \t]+)?{_CAP}){{0,7}}|(?:local\s+authority|county\s+council|council)\b"
)
_ANAPHOR = re.compile(
    r"(?:^|[.;:!?]\s+)(?:(?:This|These|The|That)\s+(?:services?|programmes?|projects?|schemes?|teams?|initiatives?)|"
    r"(?:This|It)\s+is\s+an?\s+(?:[\w-]+\s+){0,3}(?:service|programme|project|scheme))$"
)
_ACTIVE = re.compile(
    rf"(?:^|(?<=[.;:]\s)|(?<=\bThe\s))(?P<org>{_CAP}(?:[ \t]+(?:(?:of|and|for|&)[ \t]+)?{_CAP}){{0,6}})[ \t]+"
    r"(?:also\s+|currently\s+|now\s+|already\s+|directly\s+)?"
    r"(?P<verb>provides|delivers|runs|operates|offers|commissions|funds|provide|deliver|run|operate|offer|commission|fund)"
    r"\s+(?:a\s+|an\s+|the\s+)?",
)
# "It provides ...", "The service offers ...": the service of the heading above provides the object.
_PRONOUN_ACTIVE = re.compile(
    r"(?:^|(?<=[.;:]\s))(?:It|They|The\s+service|This\s+service|The\s+team)\s+(?:also\s+|currently\s+)?"
    r"(?P<verb>provides|delivers|runs|offers|operates|provide|deliver|run|offer|operate)\s+"
)
# "Willowbrook House, a six-bed short breaks home run by ...": a name and what it is.
_APPOSITIVE = re.compile(
    rf"(?:^|(?<=[.;:(]\s)|(?<=\bthe\s)|(?<=\binclude\s)|(?<=\bincludes\s))(?P<name>{_CAP}(?:[ \t]+(?:(?:of|and|for|the|&|with)[ \t]+)?{_CAP}){{0,8}}),"
    r"\s+(?:the|an?)\s+[^,;()]{3,140}$"
)
_IS_A = re.compile(
    r"\s+is\s+an?\s+(?P<desc>(?:[\w'’-]+[ \t]+){0,8}?)(?P<head>programme|project|service|scheme|initiative|home|hub|"
    r"helpline|centre|unit|framework|panel|club|nursery|clinic|facility)\b"
)
_OWNED_RUN = re.compile(
    r"^[^.;]{0,80}?\b(?P<verb>owned|operated|run|managed|provided|delivered|commissioned|funded)\s+by\s+(?:the\s+)?"
    rf"(?P<org>{_CAP}(?:[ \t]+(?:(?:of|and|for|&)[ \t]+)?{_CAP}){{0,7}}|(?:local\s+authority|county\s+council|council)\b)"
)
_CASE_STUDY = re.compile(
    r"^(?:[a-z0-9][.)]\s*)?case\s+study\s*\d*\s*[:.\-–]\s*(?P<a>[^:\-–]+?)\s*[:\-–]\s+(?P<b>.+)$", re.I
)
_NOT_A_SUBJECT = {
    "This",
    "It",
    "The",
    "He",
    "She",
    "They",
    "We",
    "There",
    "Each",
    "Every",
    "Council",
    "Service",
}
_COMMISSIONS = {
    "commissioned",
    "funded",
    "commissions",
    "funds",
    "commission",
    "fund",
    "let",
    "hosted",
    "owned",
}
_NEUTRAL = {"managed"}


def _subject_before(text: str, block: Block) -> tuple[str, int] | None:
    """The service a passive sentence is about, and where its name ends in ``text``.

    A proper name ("Oxfordshire Carers Forum"), a noun phrase ending in a service noun
    ("the WorkAid scheme"), or, for "This service", the heading above.
    """
    stripped = text.rstrip(" ,(")
    if _ANAPHOR.search(stripped):
        heading = (
            re.sub(r"^(?:\d+(?:\.\d+)*\.?|[a-z][.)])\s+", "", block.section[-1]) if block.section else ""
        )
        return (heading, -1) if heading and len(heading.split()) <= 8 else None
    if (ap := _APPOSITIVE.search(stripped)) and not _ANAPHOR.search(ap.group("name")):
        return ap.group("name"), ap.end("name")  # "ClearSky Online, an online counselling service"
    m = _CAP_TAIL.search(stripped)
    if m:
        name = m.group()
        doc_word = list(
            re.finditer(r"\b(?:Statement|Strategy|Plan|Report|Framework|Review)\s+(?:for|of|on)\s+", name)
        )
        return (name[doc_word[-1].end() :] if doc_word else name), len(stripped)
    whom = _FOR_WHOM.search(stripped)  # "... care for children and young people": who it is for
    core = stripped[: whom.start()] if whom else stripped
    m = _NP_TAIL.search(core)
    if not m:
        return None
    words = m.group().split()
    stops = [i for i, w in enumerate(words) if w.lower() in _NP_STOP]
    words = words[stops[-1] + 1 :] if stops else words
    if len(words) < 2:
        return None
    name = " ".join(words) + (whom.group() if whom else "")
    return name, len(stripped)


def _passive(b: Block, text: str, ctx: Context) -> Iterator[Candidate]:
    for m in _BY.finditer(text):
        found = _subject_before(text[: m.start()], b)
        org_m = _ORG_AFTER.match(text, m.end())
        if not found or not org_m:
            continue
        subject, end = found
        verbs = {m.group("verb"), m.group("verb2")} - {None}
        org = org_named(org_m.group(), ctx)
        commissioner = org if verbs & _COMMISSIONS else None
        provider = org if verbs - _COMMISSIONS - (_NEUTRAL if commissioner else set()) else None
        but = _BUT_BY.match(text, org_m.end())
        if but and (org2 := _ORG_AFTER.match(text, but.end())):
            other = org_named(org2.group(), ctx)
            if but.group("verb") in _COMMISSIONS:
                commissioner = other
            else:
                provider = other
        sa, sb = sentence_at(text, m.start())
        sentence = text[sa:sb]
        arrangement = is_arrangement(subject, sentence)
        if subject in gazetteer() or (DOCUMENT_WORDS.search(subject) and not arrangement):
            continue  # "... in Worthing run by ...": a place
        # A body is a service here only when another body commissions it ("Forum (commissioned by
        # the County Council but provided by the Forum)").
        is_body = bool(body_kind(subject, ctx) or BODY_HEADS.search(subject))
        if is_body and not (commissioner and commissioner != subject):
            continue
        if not looks_like_service(tidy(subject), allow_body=True, arrangement=arrangement):
            continue
        if end < 0:  # named by the heading: the sentence is the evidence
            yield Candidate(
                subject, b.start + m.start(), b.start + m.end(), commissioner, provider, "relation"
            )
        else:
            start = b.start + text.rfind(subject, 0, end)
            yield Candidate(subject, start, start + len(subject), commissioner, provider, "relation")


def _enumeration(clause: str) -> list[str] | None:
    """The items of "A, B, C and D" when a clause is such a list of three or more, else None."""
    if clause.count(",") < 2:
        return None
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?", clause)]
    left, sep, right = parts[-1].partition(" and ")
    if sep and len(left.split()) >= 2 and len(right.split()) >= 2:
        parts[-1:] = [left, right]
    return parts if len(parts) >= 3 else None


def _enumerated(clause: str) -> list[str]:
    """Names of the services a clause lists after "provides": "Carepoint (the access point),
    reablement services, six locality teams which ..., and a Blue Badge service"."""
    parts = _enumeration(clause)
    if not parts:
        return []
    names = []
    for part in parts:
        part = _ITEM_END.split(part, maxsplit=1)[0]
        name = tidy(part)
        if name and len(name.split()) <= 8 and looks_like_service(name):
            names.append(name)
    headed = sum(1 for n in names if SERVICE_HEAD.search(SPLIT_CORE.split(n)[0]))
    if headed * 2 < len(parts):
        return []  # a list of places, people or qualities, not of services
    return [n for n in names if len(n.split()) <= 5 or SERVICE_HEAD.search(SPLIT_CORE.split(n)[0])]


_ITEM_END = re.compile(
    r"\s*\(|\s+(?:which|who|that|including|where|offering|providing|to\s+\d+|for\s+\d+|across|in\s+the\s+\w+\s+area)\b"
)
_BASE_VERBS = {"provide", "deliver", "run", "operate", "offer", "commission", "fund"}


def _active(b: Block, text: str, ctx: Context) -> Iterator[Candidate]:
    found = [(m, m.group("org")) for m in _ACTIVE.finditer(text)]
    heading = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[a-z][.)])\s+", "", b.section[-1]) if b.section else ""
    if heading and SERVICE_HEAD.search(heading) and looks_like_service(heading):
        found += [
            (m, heading) for m in _PRONOUN_ACTIVE.finditer(text)
        ]  # "It provides ...": the service above
    for m, subject in found:
        if subject in _NOT_A_SUBJECT or subject in gazetteer():
            continue
        if m.group("verb") in _BASE_VERBS and not (ctx.orgs.resolve(subject) or subject.isupper()):
            continue  # "To provide holistic services": no subject
        rest = text[m.end() :]
        end = re.search(r"[.;](?:\s|$)", rest)
        clause = rest[: end.start()] if end else rest
        org = org_named(subject, ctx) or (
            ctx.orgs.resolve_or_add(subject, "team" if subject == heading else "provider")
            if subject[:1].isupper()
            else None
        )
        if not org:
            continue
        role = "commissioner" if m.group("verb") in _COMMISSIONS else "provider"
        names = _enumerated(clause)
        if not names:
            cut = NP_END.search(rest)
            name = tidy(rest[: cut.start()] if cut else rest)
            if (
                " " not in name
                or not SERVICE_HEAD.search(SPLIT_CORE.split(name)[0])
                or not looks_like_service(name)
            ):
                continue
            names = [name]
        for name in names:
            if body_kind(name, ctx):
                continue
            at = text.find(name, m.end())
            start = b.start + (at if at >= 0 else m.end())
            yield Candidate(name, start, start + len(name), rule="relation", **{role: org})


def _is_a(b: Block, text: str, ctx: Context) -> Iterator[Candidate]:
    for m in _IS_A.finditer(text):
        tail = _CAP_TAIL.search(text[: m.start()])
        if not tail:
            continue
        subject, sub_start = tail.group(), b.start + tail.start()
        lead_org = None
        for n in range(len(subject.split()) - 1, 0, -1):  # "Arts Council Cultural ... Programme"
            head = " ".join(subject.split()[:n])
            if ctx.orgs.resolve(head):
                lead_org = ctx.orgs.resolve(head)
                sub_start += len(head) + 1
                subject = subject[len(head) :].strip()
                break
        if body_kind(subject, ctx) or subject in gazetteer() or not looks_like_service(subject):
            continue
        desc = m.group("desc")
        funded = re.search(rf"({_CAP}(?:[ \t]+{_CAP})*)\s+funded\b", desc)
        named = re.search(rf"{_CAP}(?:[ \t]+{_CAP})*", desc)
        commissioner = org_named(funded.group(1), ctx, add=False) if funded else lead_org
        provider = org_named(named.group(), ctx, add=False) if named and not funded else None
        yield Candidate(subject, sub_start, sub_start + len(subject), commissioner, provider, "relation")


# "The Council has awarded the contract for the Young Carers Service to Brightway", "the
# contract for X (as well as for Y) was awarded to Z": what was bought, and who will provide it.
_AWARDED = re.compile(
    r"\bawarded\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?contracts?\s+for\s+(?P<what>[^.;]{3,160}?)\s+to\s+"
    r"|\bcontracts?\s+for\s+(?P<what2>[^.;]{3,160}?)\s+(?:was|were|has\s+been|have\s+been|will\s+be)\s+"
    r"awarded\s+to\s+",
    re.I,
)
_AWARD_SPLIT = re.compile(
    r"\s*\(\s*(?:as\s+well\s+as|and|also)\s+(?:for\s+)?|\)\s*|,\s*|\s+and\s+(?:for\s+)?"
)


def _awarded(b: Block, text: str, ctx: Context) -> Iterator[Candidate]:
    for m in _AWARDED.finditer(text):
        org_m = _ORG_AFTER.match(text, m.end())
        if not org_m or not org_m.group()[:1].isupper():
            continue
        # whoever a contract is awarded to is a body, even one named by one word
        provider = org_named(org_m.group(), ctx) or ctx.orgs.resolve_or_add(org_m.group(), "provider")
        what, at = (
            (m.group("what"), m.start("what")) if m.group("what") else (m.group("what2"), m.start("what2"))
        )
        commissioner = None
        aux = re.search(r"\s+(?:has|have|had)\s+(?:recently\s+|now\s+|also\s+)?$", text[: m.start()])
        if aux and (buyer := _CAP_TAIL.search(text[: aux.start()])):  # "Northby County Council has awarded"
            commissioner = org_named(buyer.group(), ctx, add=False)
        for part in _AWARD_SPLIT.split(what):
            name = tidy(part)
            if len(name.split()) < 2 or body_kind(name, ctx) or not looks_like_service(name):
                continue
            start = b.start + text.find(name, at)
            yield Candidate(name, start, start + len(name), commissioner, provider, "relation")


def relation_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Services with the bodies a sentence says commission, fund or provide them."""
    for b in doc.blocks:
        if b.kind in ("heading", "title"):
            continue
        text = doc.text[b.start : b.end]
        yield from _passive(b, text, ctx)
        yield from _active(b, text, ctx)
        yield from _is_a(b, text, ctx)
        yield from _awarded(b, text, ctx)


def case_study_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """'Case Study 2: BookFeast - Lunchboox': the programme, provided by the named body."""
    for b in doc.blocks:
        if b.kind != "heading":
            continue
        m = _CASE_STUDY.match(b.text.strip().strip("*#").strip())
        if not m:
            continue
        name = tidy(m.group("b"))
        if not looks_like_service(name):
            continue
        provider = org_named(m.group("a"), ctx) or ctx.orgs.resolve_or_add(m.group("a").strip(), "provider")
        at = doc.text.find(name, b.start, b.end)
        if at >= 0:
            yield Candidate(name, at, at + len(name), provider=provider, rule="case-study")
