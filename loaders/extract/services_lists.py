"""Services printed as lists: under a services lead-in, after "e.g.", and as budget lines.

Three layouts that hold for any council's commissioning document:

- a lead-in that announces services ("Services for disabled children", "Public Health
  responsibilities cover", "The main services provided by the directorate are:", "...
  provide a range of services. These include:") followed by short items, sub-headings and
  rows of run-together table cells, until prose, a numbered section or a table resumes;
- an enumeration after "e.g."/"such as"/"including" that follows "services",
  "programmes" or "provision" ("Services for children at high risk e.g. Adoption,
  Fostering, Respite care");
- a budget line ("Health - Speech Therapy <tab> £412,930", "Young Parents £41,000"): what is
  funded is a service, and a body printed before a dash is its commissioner.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("## Services for disabled children\\n\\n- Emergency care\\n- Relief to Carer Service\\n")
>>> [c.name for c in region_candidates(doc, Context.for_document(doc))]
['Emergency care', 'Relief to Carer Service']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.metadata import gazetteer
from ckg.loaders.extract.services_names import (
    DOCUMENT_WORDS,
    SERVICE_HEAD,
    Candidate,
    body_kind,
    find_org,
    is_need,
    is_people,
    looks_like_service,
    org_named,
    split_run_together,
    strip_brackets,
    tidy,
    wordset,
)
from ckg.loaders.sentences import sentences
from ckg.loaders.structure import Block, StructuredDocument

_LEAD_NOUNS = r"services|programmes|projects|initiatives|schemes|responsibilities|functions"
_LEADIN = re.compile(
    rf"\b(?:{_LEAD_NOUNS})\b(?:[ \t]+[^\s.:;]+){{0,8}}?[ \t]+(?:include|includes|including|cover|covers|comprise|comprises|"
    rf"consist\s+of)\b|\b(?:{_LEAD_NOUNS})\b(?:[ \t]+[^\s.:;]+){{0,8}}?[ \t]+are\s*:-?\s*$|"
    rf"\b(?:{_LEAD_NOUNS})\b[^.:]*\b(?:given\s+here|listed\s+below|as\s+follows|set\s+out\s+below)\b",
    re.I,
)
_LEADIN_END = re.compile(
    r"(?::-?|-|\bcover|\binclude|\bincluding|\bgiven\s+here\b.*|\bas\s+follows|\bbelow)\W*$", re.I
)
_SERVICES_HEADING = re.compile(
    r"^(?:(?:our|main|key|core|current|commissioned)\s+)?services?\s+(?:for|to|provided|commissioned|we)\b",
    re.I,
)
_NUMBERED = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s|appendix\b|annex\b|part\s+\w+\b|section\s+\d|chapter\b)", re.I
)
_PROSE = re.compile(
    r"\b(?:is|are|was|were|will|would|should|can|could|may|must|has|have|had|we|our|they|this|it)\b", re.I
)
_PROVIDE = re.compile(r"\b(?:provid\w*|deliver\w*|run\b|runs\b|operat\w*)", re.I)
_COMMISSION = re.compile(r"\b(?:commission\w*|responsibilit\w*|purchas\w*|fund\w*|secur\w*)", re.I)
_EXAMPLES = re.compile(r"\b(?:e\.g\.?|such\s+as)\s", re.I)
_CUT_EXAMPLES = re.compile(r"\s+(?:including|e\.g\.?|eg|such\s+as|i\.e\.?)\s.*$|\s*\(e\.g\..*$", re.I)
_HEAD_FOR_EXAMPLES = re.compile(
    r"\b(?:services?|programmes?|projects?|initiatives?|schemes?)\b(?P<gap>(?:\*\*)?[^.;:()]{0,70}?)"
    r"(?:\*\*)?\s*(?P<marker>e\.g\.?|eg\.|such\s+as|including|includes)\s+",
    re.I,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[a-z)])\.\s+(?=[A-Z])")
_PEOPLE = wordset(
    """
    parents carers families children young people professionals communities schools staff practitioners
    pupils students adults and or their the
    """
)
_GROUP_END = re.compile(
    r"\b(?:seekers|offenders|parents|carers|families|children|people|adults|mothers|fathers|pupils|students|"
    r"leavers|girls|boys|groups|communities)$",
    re.I,
)
_MONEY = re.compile(r"^(?:£\s?\d[\d,.]*\s*(?:k|m|bn|million|billion)?\b.*|to be advised|tba)$", re.I)
_ORG_PREFIX = re.compile(r"^(?P<org>[A-Z][\w&'’. ]{0,40}?)\s+[-–]\s+(?P<rest>\S.*)$")
_ORG_BRACKET = re.compile(r"^(?P<org>[A-Z]{2,8})\s*\((?P<rest>[^)]+)\)$")
_LINE_SUFFIX = re.compile(r"\s+(?:revenue|capital|grant|gt|allocation|budget)$", re.I)


_THESE_INCLUDE = re.compile(
    r"^(?:these|they|it|this|this\s+scheme|the\s+scheme|the\s+service|services|provision)\s+"
    r"(?:include|includes|comprise|comprises|cover|covers|consists?\s+of)\s*:-?$",
    re.I,
)
_ABOUT_SERVICES = re.compile(
    r"\b(?:services?|provision|support|schemes?|programmes?|pays?\s+for|funds|commissions?|commissioned|"
    r"range\s+of|offer)\b",
    re.I,
)
# Where a list item's name ends and what is said about it begins.
_ITEM_TAIL = re.compile(
    r",\s+(?:provided|run|delivered|commissioned|funded|bought|purchased|managed|operated|which|who|that|"
    r"including|also|a|an|the|for\s+\d|under|currently|jointly)\b|;|:\s|"
    r"\s+(?:provided|run|delivered|commissioned|funded|managed|operated|working)\s+(?:by|with|in|through)\b",
    re.I,
)
_ITEM_RELATION = re.compile(
    r"\b(?P<verb>provided|run|delivered|commissioned|funded|managed|operated|bought|purchased)\s+"
    r"(?:jointly\s+|directly\s+)?(?:by|from)\s+(?:the\s+)?(?P<org>[A-Z][\w'’&-]*(?:[ \t]+(?:(?:of|and|for|&|with)[ \t]+)?"
    r"[A-Z][\w'’&-]*){0,7})"
)
_BUYS = {"commissioned", "funded", "bought", "purchased"}


def _words(text: str) -> int:
    return len(text.split())


def _role(lead: str) -> tuple[bool, bool]:
    """(commissions, provides) as the lead-in says; neither when it does not say."""
    return bool(_COMMISSION.search(lead)), bool(_PROVIDE.search(lead))


def _is_leadin(block: Block) -> bool:
    text = block.text.strip().strip("*").strip()
    if _words(text) > 60:
        return False
    if block.kind == "heading":
        return bool(_SERVICES_HEADING.match(text) or (_LEADIN.search(text) and _LEADIN_END.search(text)))
    if block.kind in ("paragraph", "list_item"):
        if re.search(r"\b(?:that|which|who)\s+(?:are|include|cover)\s*:?-?\s*$", text, re.I):
            return False  # "services that are:" lists qualities, not services
        if re.search(
            rf"\b(?:following|these|our|main|key|core|commissioned|provided|other)\s+(?:\w+\s+)?(?:{_LEAD_NOUNS})\s*:-?\s*$",
            text,
            re.I,
        ):
            return True
        if _LEADIN.search(text) and _LEADIN_END.search(text):
            return True
        said = sentences(text)
        # "There are a range of health services for ... These include:"; "Scheme 1 pays for ... It includes:"
        return (
            len(said) >= 2 and bool(_THESE_INCLUDE.match(said[-1])) and bool(_ABOUT_SERVICES.search(said[-2]))
        )
    return False


def _owner(block: Block, ctx: Context) -> str | None:
    """The body the lead-in or its own heading names (not one from a distant heading above)."""
    return find_org(block.text, ctx) or (find_org(block.section[-1], ctx) if block.section else None)


def _candidate(name: str, doc: StructuredDocument, start: int, end: int, rule: str) -> Candidate | None:
    name = tidy(_CUT_EXAMPLES.sub("", name))
    if not looks_like_service(name):
        return None
    at = doc.text.find(name, start, end)
    if at < 0:
        at, stop = start, end
    else:
        stop = at + len(name)
    return Candidate(name, at, stop, rule=rule)


def _described_item(
    block: Block, text: str, cut: int, doc: StructuredDocument, ctx: Context
) -> Iterator[Candidate]:
    """A list item that names a service and then says who runs or funds it:
    "the Speech and Language Therapy Service, provided by Fenwick NHS Trust under a contract ...".
    A name that is itself a short enumeration ("community short breaks, holiday play schemes and
    family-based short breaks, bought from ...") gives one service per part."""
    head = text[:cut]
    commissioner = provider = None
    for rel in _ITEM_RELATION.finditer(text, cut):
        org = org_named(
            rel.group("org"), ctx, "local-authority" if rel.group("verb") in _BUYS else "provider"
        )
        if rel.group("verb") in _BUYS:
            commissioner = commissioner or org
        elif rel.group("verb") != "bought":
            provider = provider or org
    parts = re.split(r",\s+|\s+and\s+(?=\S+\s+\S)", head) if head.count(",") >= 1 else [head]
    if len(parts) > 1 and any(_words(p) < 2 for p in parts):
        parts = [head]
    if _words(head) > 12:
        return
    for part in parts:
        c = _candidate(part, doc, block.start, block.end, "list")
        if c:
            c.commissioner, c.provider = commissioner, provider
            yield c


def _items_of(block: Block, doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Names in one block of a services list: the item, or each run-together cell of a row."""
    if block.kind == "list_item":
        text = block.text.strip()
        cut = _ITEM_TAIL.search(text)
        if cut and (_words(text) > 16 or _ITEM_RELATION.search(text[cut.start() :])):
            yield from _described_item(block, text, cut.start(), doc, ctx)
        elif _words(text) <= 16 and not _EXAMPLES.search(text):
            c = _candidate(block.text, doc, block.start, block.end, "list")
            if c:
                yield c
        return
    offset = block.start
    for line in block.text.split("\n"):
        line_start = doc.text.find(line, offset, block.end) if line else offset
        offset = max(line_start, offset) + len(line)
        parts = split_run_together(line)
        for part in parts:
            # A sub-heading is a service when it names one or is a row of run-together cells.
            if block.kind == "heading" and len(parts) < 2 and not SERVICE_HEAD.search(tidy(part)):
                continue
            c = _candidate(part, doc, max(line_start, block.start), min(offset, block.end), "list")
            if c:
                yield c


def region_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Items of every list that a services lead-in announces, with the lead-in's body."""
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        if not _is_leadin(blocks[i]):
            i += 1
            continue
        lead = blocks[i]
        owner = _owner(lead, ctx)
        commissions, provides = _role(lead.text)
        j = i + 1
        while j < len(blocks):
            b = blocks[j]
            text = b.text.strip()
            if b.kind in ("table_row", "title"):
                break
            if b.kind == "heading":
                plain = text.strip("*").strip()
                if _NUMBERED.match(plain) or _words(plain) > 16:
                    break
                if _is_leadin(b):
                    owner = find_org(text, ctx) or owner
                    c2, p2 = _role(text)
                    commissions, provides = (c2, p2) if (c2 or p2) else (commissions, provides)
                    j += 1
                    continue
                if (
                    _PROSE.search(plain)
                    or plain.endswith(":")
                    or sum(c.isupper() for c in plain) > 0.6 * sum(c.isalpha() for c in plain)
                ):
                    break  # prose, a new lead-in, or a section title in capitals
            elif b.kind == "list_item" and text.strip("*").rstrip().endswith(":"):
                break  # a new lead-in ("The main ones are:") that does not announce services
            elif b.kind == "paragraph" and (
                _PROSE.search(text) or _words(text) > 45 or text.strip("*").rstrip().endswith(":")
            ):
                break
            for c in _items_of(b, doc, ctx):
                if owner and not (c.commissioner or c.provider):
                    c.commissioner = owner if commissions or not provides else None
                    c.provider = owner if provides else None
                elif owner and commissions and not c.commissioner:
                    c.commissioner = owner
                yield c
            j += 1
        i = max(j, i + 1)


def example_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Names enumerated after 'e.g.'/'such as'/'including' following services or programmes."""
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item"):
            continue
        for m in _HEAD_FOR_EXAMPLES.finditer(doc.text, b.start, b.end):
            gap = m.group("gap")
            if _PROSE.search(gap):
                continue  # "services ... is also possible through routes such as": not a list of services
            loose = gap.strip(" *")
            if (
                not m.group("marker").lower().startswith("e")
                and loose
                and not re.fullmatch(r"(?:for|to)\s[^,]{0,40}", loose)
            ):
                continue  # "services at the right time, including ...": 'including' qualifies the clause
            tail = doc.text[m.end() : b.end]
            inside = doc.text[b.start : m.start()].count("(") > doc.text[b.start : m.start()].count(")")
            tail = re.split(r";|:\s|\)" if inside else r";|:\s", tail)[
                0
            ]  # "(e.g. doctors, nurses)" ends at ")"
            chunks = _SENTENCE_SPLIT.split(tail)
            kept = [chunks[0]]
            for chunk in chunks[1:]:
                if "," not in chunk or _PROSE.search(chunk):
                    break
                kept.append(chunk)
            items = [x for chunk in kept for x in re.split(r",\s*", chunk)]
            if items:
                last = items.pop()
                left, sep, right = last.rpartition(" and ")
                if sep and _words(left) >= 2 and _words(right) >= 2:
                    items += [left, right]
                else:
                    items.append(last)
            offset = m.end()
            for item in items:
                name = tidy(item)
                if not name:
                    continue
                if (
                    set(re.findall(r"[a-z]+", name.lower())) <= _PEOPLE
                    or is_people(name)
                    or _GROUP_END.search(name)
                    or is_need(name)
                ):
                    continue  # people or needs, not a service: "parents and carers", "asylum seekers", "SEN"
                if _words(name) > 9 or not looks_like_service(name):
                    break  # the enumeration has turned into prose
                at = doc.text.find(name, offset, b.end)
                start, end = (at, at + len(name)) if at >= 0 else (m.start(), m.end())
                offset = max(offset, end)
                yield Candidate(name, start, end, rule="examples")


def budget_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """What budget lines fund: the item of a row whose other cell is a sum in pounds or 'To be advised'."""
    for b in doc.blocks:
        if b.kind != "table_row" or len(b.cells) < 2:
            continue
        if not any(_MONEY.match(c.text.strip()) for c in b.cells[1:]):
            continue
        cell = b.cells[0]
        item = re.sub(r"^[>\s*]+", "", cell.text).strip()
        commissioner = None
        if m := _ORG_PREFIX.match(item):
            if commissioner := ctx.orgs.resolve(m.group("org").strip()):
                item = m.group("rest").strip()
        elif m := _ORG_BRACKET.match(item):  # "BDAT(substance misuse)": what the body funds, named by it
            commissioner = ctx.orgs.resolve(m.group("org"))
            item = f"{m.group('rest').strip()} ({m.group('org')})"
        item = _LINE_SUFFIX.sub("", item).strip()
        bare = re.sub(r"\s*\([^)]*\)$", "", item)
        if not item or DOCUMENT_WORDS.search(item) or body_kind(bare, ctx) or body_kind(item, ctx):
            continue
        provider, alias = None, None
        canonical = ctx.orgs.resolve(item)
        if canonical and canonical != item:  # "YOS" -> the Youth Offending Service, which provides it
            provider, alias = canonical, item
            area = ctx.area or ""
            item = canonical[len(area) :].strip() if area and canonical.startswith(area + " ") else canonical
        if not looks_like_service(item):
            continue
        at = doc.text.find(item, cell.start, cell.end)
        start, end = (at, at + len(item)) if at >= 0 else (cell.start, cell.end)
        yield Candidate(item, start, end, commissioner, provider, "budget", alias)


_PROJECTS_HEADING = re.compile(
    r"^(?:(?:major|key|main|current|national|local|our|new)\s+)?(?:projects|programmes|initiatives|services)$",
    re.I,
)
# A section that describes the services in place: its sub-headings name services or topics.
_SERVICES_SECTION = re.compile(
    r"^(?:(?:current|existing|local|available|commissioned)\s+)?(?:services?|provision)\s+"
    r"(?:information|available|mapping|landscape|overview|profile|offer|in\s+place)\b|"
    r"^(?:current|existing|local|available)\s+(?:services?|provision)\b|"
    r"^(?:overview|map(?:ping)?|profile|review)\s+of\s+(?:current\s+|existing\s+)?(?:services|provision)\b",
    re.I,
)
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-z][.)])\s+", re.I)
_TITLE_WORD = re.compile(r"^(?:[A-Z0-9][\w'’!/+-]*|of|and|for|the|&|in|with|at)$")


def _names_a_service(part: str, ctx: Context) -> bool:
    """A sub-heading of a services section that names a service: it ends in a service noun
    ("Family Information Service", "Children and family centres") or is a proper name
    ("Shared Lives", "Compass Card Elmshire"), not a topic ("Transport", "Looked after children")."""
    name = tidy(part)
    words = name.split()
    if len(words) < 2 or body_kind(strip_brackets(name), ctx) or name in gazetteer():
        return False
    core = re.split(r"\s+(?:of|for|in|to|on|at|with)\s+", strip_brackets(name))[0]
    if SERVICE_HEAD.search(core) and not re.search(r"\b(?:care|support|housing|advice|work)$", core, re.I):
        return looks_like_service(name)
    proper = all(_TITLE_WORD.match(w) for w in words) and words[0][:1].isupper() and words[-1][:1].isupper()
    return proper and looks_like_service(name)


def project_heading_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Sub-headings of a 'Major Projects' / 'Key Programmes' section each name a programme; those
    of a section describing the services in place ('Service information', 'Current provision')
    name a service when they read as a name rather than a topic."""
    parents: dict[str, bool] = {}  # heading -> whether every sub-heading is a name
    for b in doc.blocks:
        if b.kind != "heading":
            continue
        plain = _HEADING_NUMBER.sub("", b.text.strip().strip("*").strip())
        if _PROJECTS_HEADING.match(plain) or _SERVICES_SECTION.match(plain):
            parents[b.text] = bool(_PROJECTS_HEADING.match(plain))
            continue
        above = set(b.section[:-1] if b.section and b.section[-1] == b.text else b.section)
        parent = next((p for p in parents if p in above), None)
        if parent is None:
            parent = next((p for p in parents if _numbered_under(b.text, p)), None)
        if parent is None:
            continue
        number = _HEADING_NUMBER.match(parent.strip())
        if number and not b.text.strip().startswith(number.group().strip().rstrip(".") + "."):
            continue  # "3.0 Partnership Working" is not a sub-section of "2.3 Major Projects"
        every = parents[parent]
        pieces = re.split(r"\s+and\s+(?=[A-Z])", plain) if every else re.split(r"\s+[-–—]\s+", plain)
        for part in pieces:
            if not every and not _names_a_service(part, ctx):
                continue
            c = _candidate(part, doc, b.start, b.end, "projects")
            if c:
                yield c


def _numbered_under(heading: str, parent: str) -> bool:
    """'6.2.1 Child Disability Teams' sits under '6 Service information' by its number."""
    number = _HEADING_NUMBER.match(parent.strip())
    return bool(number) and heading.strip().startswith(number.group().strip().rstrip(".") + ".")


# Table columns read by what their headers mean, whatever the layout.
_NAME_COL = re.compile(
    r"^(?:(?:current|existing|commissioned|contracted|key|main)\s+)?(?:services?|contracts?|arrangements?|"
    r"schemes?|programmes?|projects?|provision|frameworks?|lots?|initiatives?|service\s+lines?|"
    r"(?:service|contract)\s+(?:name|title|area|type|description)|name\s+of\s+(?:the\s+)?(?:service|contract|scheme)|"
    r"(?:services?|contracts?)\s*(?:/|and|or)\s*(?:services?|contracts?|arrangements?|frameworks?))\b",
    re.I,
)
_WEAK_NAME_COL = re.compile(r"^(?:budgets?(?:\s+lines?)?|items?|areas?\s+of\s+spend|spend\s+areas?)$", re.I)
_BUYER_COL = re.compile(
    r"^(?:(?:lead\s+)?commissioners?|commissioned\s+by|commissioning\s+(?:body|organisation|lead|partner)|"
    r"funded\s+by|funders?|funding\s+(?:body|source|partner)|held\s+by|budget\s+holders?|purchasers?|"
    r"lead\s+(?:authority|agency|partner|organisation|body)|contracting\s+(?:body|authority))\b",
    re.I,
)
_PROVIDER_COL = re.compile(
    r"^(?:(?:current\s+|main\s+|lead\s+)?providers?(?:\s*\(s\))?|provided\s+by|delivered\s+by|run\s+by|"
    r"operated\s+by|suppliers?|contractors?|delivery\s+(?:partner|organisation|body)|incumbent)\b",
    re.I,
)
_CONTRACT_COL = re.compile(
    r"\b(?:value|spend|cost|budget|end\s+date|expiry|expires|start\s+date|term|duration|review\s+date)\b|£",
    re.I,
)
_TOTAL_ROW = re.compile(r"^(?:(?:grand|sub-?|net)\s*)?totals?\b|^less\s*:", re.I)
_NO_PROVIDER = re.compile(
    r"^(?:\d|various|several|multiple|a\s+range|range\s+of|n/?a\b|tbc|tbd|to\s+be\s+|none|not\s+|-+$|–$)",
    re.I,
)
_IN_HOUSE = re.compile(r"^(?:in-?\s?house|council|directly\s+(?:provided|delivered))\b", re.I)


def _table_roles(row: Block) -> tuple[int, int | None, int | None] | None:
    """(name, commissioner, provider) columns of a services table's header row, or None."""
    cells = [re.sub(r"[*:]+", "", c.text).strip() for c in row.cells]
    if len(cells) < 2 or any(len(c) > 60 for c in cells):
        return None
    name = next((k for k, c in enumerate(cells) if _NAME_COL.match(c)), None)
    weak = name is None
    if weak:
        name = next((k for k, c in enumerate(cells) if _WEAK_NAME_COL.match(c)), None)
    if name is None:
        return None
    buyer = next((k for k, c in enumerate(cells) if k != name and _BUYER_COL.match(c)), None)
    provider = next((k for k, c in enumerate(cells) if k != name and _PROVIDER_COL.match(c)), None)
    contract = any(_CONTRACT_COL.search(c) for k, c in enumerate(cells) if k != name)
    if buyer is None and provider is None and (weak or not contract):
        return None
    return name, buyer, provider


def _body_in_cell(text: str, ctx: Context, kind: str) -> str | None:
    """The body a commissioner or provider cell names ("X, as lead authority for Y" -> X)."""
    text = re.sub(r"\s+", " ", text).strip(" .;")
    if not text or _NO_PROVIDER.match(text):
        return None
    found = ctx.orgs.resolve(text) or find_org(text, ctx, register=True)
    if found:
        return found
    first = re.split(r",|;|\(|\s+as\s+|\s+on\s+behalf\s+of\s+", text)[0].strip()
    return org_named(first, ctx, kind) if first[:1].isupper() else None


def table_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Rows of a table of services or contracts: "Service | Provider | Commissioner | Value | End date".

    The header says which column names the service, which the body that buys it and which the
    body that runs it; columns may come in any order. Counts ("11 providers") name no provider.

    >>> from ckg.loaders.text import load_string
    >>> from ckg.loaders.extract.context import Context
    >>> doc = load_string("Contract\\tValue\\tProvider\\tCommissioned by\\n"
    ...                   "Elmshire Supported Lodgings Scheme\\t£420,000\\tFenwick Foyer Trust\\tElmshire County Council\\n"
    ...                   "Residential Care Framework\\t£2.1m\\t9 providers\\tElmshire County Council\\n")
    >>> [(c.name, c.commissioner, c.provider) for c in table_candidates(doc, Context.for_document(doc))]
    [('Elmshire Supported Lodgings Scheme', 'Elmshire County Council', 'Fenwick Foyer Trust'), ('Residential Care Framework', 'Elmshire County Council', None)]
    """
    roles = None
    previous = None
    for b in doc.blocks:
        if b.kind != "table_row":
            roles, previous = None, b
            continue
        first_row = previous is None or previous.kind != "table_row"
        previous = b
        if first_row or roles is None:
            roles = _table_roles(b) if b.cells else None
            continue
        if (again := _table_roles(b)) is not None:
            roles = again  # a repeated header
            continue
        name_k, buyer_k, provider_k = roles
        if name_k >= len(b.cells):
            continue
        cell = b.cells[name_k]
        name = tidy(re.sub(r"^[>\s*]+", "", cell.text))
        if not name or _TOTAL_ROW.match(name) or body_kind(strip_brackets(name), ctx):
            continue
        if not looks_like_service(name, arrangement=True):
            continue
        commissioner = provider = None
        if buyer_k is not None and buyer_k < len(b.cells):
            commissioner = _body_in_cell(b.cells[buyer_k].text, ctx, "local-authority")
        if provider_k is not None and provider_k < len(b.cells):
            text = b.cells[provider_k].text.strip()
            provider = commissioner if _IN_HOUSE.match(text) else _body_in_cell(text, ctx, "provider")
        at = doc.text.find(name, cell.start, cell.end)
        start, end = (at, at + len(name)) if at >= 0 else (cell.start, cell.end)
        yield Candidate(name, start, end, commissioner, provider, "table")
