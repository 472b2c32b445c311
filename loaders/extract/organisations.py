"""Organisations: councils, NHS bodies, boards, partnerships, panels, teams, schools and providers.

Every way a document names a body is read into mentions first, then mentions of one body
are grouped and registered once, under one canonical name, with the printed variants as
aliases (so the same body in two documents gets the same IRI):

1. national bodies, national charities, funders and unions (``national_bodies.txt``), and
   every English council, current and former (``english_councils.txt``): by full name, and by
   area alone where the layout says the area stands for its council (a comparator table
   headed "Local Authority", a sentence about statistical neighbours), as of the document's
   year (general knowledge, data files);
2. acronyms the document defines inline or in a glossary ("Oxfordshire Clinical
   Commissioning Group (OCCG)", "PCT  Primary Care Trust"), when the full name is a body;
3. capitalised names ending in a head noun ("Corporate Parenting Panel", "Kingfisher
   team"), found by ``organisations_finder``;
4. generic local bodies printed in any case or as bare acronyms ("Oxfordshire safeguarding
   Children's Board", "YOS", "WSCC"), which are the document's area's;
5. bodies named in lists (``organisations_lists``): sub-groups, schools, partners, providers;
6. bodies a sentence says are bodies though their names carry no head noun
   (``organisations_context``): "X, a local charity", "run by X", "X provides short breaks";
7. the council's Cabinet, where a council document names it on its own.

A document whose area is not in the gazetteer is its most-named council's (``_council``).

Then relations and publishers are read (``organisations_links``), and ``ctx.meta.publishers``
is set: that needs the bodies known first, which is why it happens here.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("The Joint Agency Panel meets. NHS services are commissioned through the "
...                   "Bedfordshire Primary Care Trust (PCT). The PCT and the Council agree.")
>>> ctx = Context.for_document(doc, area="Bedfordshire")
>>> extract_organisations(doc, ctx)
>>> sorted(r.name for r in ctx.orgs.records())
['Bedfordshire County Council', 'Bedfordshire Primary Care Trust', 'Joint Agency Panel', 'National Health Service']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.methods import METHODS
from ckg.loaders.extract.organisations_acronyms import definitions
from ckg.loaders.extract.organisations_context import context_bodies
from ckg.loaders.extract.organisations_finder import find_names
from ckg.loaders.extract.organisations_links import link_bodies, publishers
from ckg.loaders.extract.organisations_lists import list_items
from ckg.loaders.extract.organisations_mentions import (
    Mention,
    cabinet_mentions,
    council_mentions,
    definition_mentions,
    department_mentions,
    generic_mentions,
    heading_mentions,
    method_of,
    national_mentions,
)
from ckg.loaders.extract.organisations_names import (
    acronym_matches,
    canonical_form,
    generic_bodies,
    head_of,
    is_acronym,
    kind_of,
    loose_key,
    tidy,
)
from ckg.loaders.extract.organisations_vocab import COUNCIL_PREFIX, DocVocab
from ckg.loaders.extract.records import Span
from ckg.loaders.structure import StructuredDocument

_COUNCIL_GENERIC = re.compile(
    r"(?:the\s+)?(?:(?:county|borough|city|district)\s+)?council|(?:the\s+)?local\s+authority|la", re.I
)
_COUNCIL_MENTION = re.compile(
    r"(?<![A-Z][\w'’]\s)(?<![A-Za-z])(?:[Tt]he )?(?:County Council|Local Authority|Council)\b(?!\s+[A-Z])"
)
_A_COUNCIL = re.compile(
    r"(?:[A-Z][\w'’-]*\s+(?:(?:and|upon|on|with)\s+)?){1,4}(?:(?:County|Borough|City|District)\s+)?Council"
)
_PLURAL_GENERIC = re.compile(
    r"(?:[a-z]+'s\s+)?(?:(?:(?:county|borough|city|district|town|parish)\s+(?:and\s+)?)+)?councils|local\s+authorities|children'?s\s+trusts|"
    r"(?:nhs|foundation)\s+trusts|clinical\s+commissioning\s+groups|primary\s+care\s+trusts|"
    r"health\s+and\s+well-?being\s+boards|(?:local\s+)?safeguarding\s+children'?s?\s+boards|ccgs|pcts",
    re.I,
)


@dataclass
class _Cluster:
    mentions: list[Mention] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    _memo: tuple | None = None  # (number of mentions, area), canonical name

    def canonical(self, area: str | None, places: frozenset[str]) -> str:
        key = (len(self.mentions), area)
        if self._memo and self._memo[0] == key:
            return self._memo[1]
        name = self._canonical(area, places)
        self._memo = (key, name)
        return name

    def _canonical(self, area: str | None, places: frozenset[str]) -> str:
        fixed = [m.canonical for m in self.mentions if m.canonical]
        if fixed:
            return fixed[0]
        named = [m for m in self.mentions if not is_acronym(m.name.replace(" ", ""))] or self.mentions
        counts = Counter(canonical_form(m.name, area) for m in named)
        defined = {canonical_form(m.name, area) for m in named if m.rank == 1}

        def score(n: str) -> tuple:
            placed = bool(area and area in n) or any(w in places for w in n.split())
            return (placed, n in defined, counts[n], len(n), n)

        return max(counts, key=score)

    def kind(self, canonical: str) -> str:
        fixed = [m.kind for m in self.mentions if m.rank == 0 or m.fixed_kind]
        if fixed:
            return fixed[0]
        k = kind_of(canonical)
        if k != "other":
            return k
        listed = Counter(m.kind for m in self.mentions if m.kind != "other")
        return listed.most_common(1)[0][0] if listed else "other"


def extract_organisations(doc: StructuredDocument, ctx: Context) -> None:
    reg, area = ctx.orgs, ctx.area
    vocab = DocVocab.of(doc, area)
    mentions: list[Mention] = []
    claimed = national_mentions(doc, mentions)
    whole = council_mentions(doc, ctx.meta.period_start or ctx.meta.period_end or _year_of(doc), mentions)
    defs = definitions(doc, extend_ok=lambda w: w in vocab.places or vocab.distinctive(w))
    defined = definition_mentions(defs, vocab, area, mentions)
    inside: list[tuple[int, int]] = []  # national names printed inside a longer name ("NHS Elmshire ICB")
    for f in find_names(doc, vocab):
        if any(a <= f.start and f.end <= b for a, b in (*claimed, *whole)):
            continue
        if any(a <= f.start < b for a, b in claimed):
            if not _extends_national(f.text, doc.text, claimed):
                continue
            inside += [(a, b) for a, b in claimed if f.start <= a and b <= f.end]
        # a council's unit ("Kent County Council Children's Services") is a name of its own
        mentions.append(Mention(f.text, kind_of(f.text), f.start, f.end, 3))
    if inside:
        drop = set(inside)
        mentions[:] = [m for m in mentions if m.rank != 0 or (m.start, m.end) not in drop]
    heading_mentions(doc, vocab, mentions)
    generic_mentions(doc, area, defined, mentions, vocab.places)
    said = context_bodies(doc, vocab)  # "X, a local charity": read from the sentence, not a list
    said_ids = {id(i) for i in said}
    items = sorted(list_items(doc, vocab) + said, key=lambda i: (i.start, i.end))
    mentions += [
        Mention(i.name, i.kind, i.start, i.end, 4, method="prose-pattern" if id(i) in said_ids else None)
        for i in items
    ]
    council = _council(mentions, reg)
    department_mentions(doc, council, mentions)
    cabinet_mentions(doc, council, mentions)
    located = _register(_clusters(mentions, area, council, vocab), ctx, vocab)
    _council_mentions(doc, ctx, located)
    _unit_acronyms(defs, ctx)
    link_bodies(doc, ctx, located, items)
    ctx.meta.publishers = publishers(doc, ctx, located, items)


def _year_of(doc: StructuredDocument) -> int | None:
    """The year a document of unknown period was written: the latest year its title or cover prints."""
    years = [
        int(y)
        for y in re.findall(r"(?<!\d)(?:19[89]\d|20[0-3]\d)(?!\d)", f"{doc.title or ''} {doc.text[:1500]}")
    ]
    return max(years) if years else None


def _extends_national(name: str, text: str, claimed: list[tuple[int, int]]) -> bool:
    """ "NHS Elmshire Integrated Care Board": a local body whose name starts with a national one's
    alias ("NHS"), not a national body followed by a word ("Ofsted Inspection Team" is Ofsted's)."""
    first = name.split()[0]
    return first == "NHS" and kind_of(name) == "health-body" and len(name.split()) >= 3


def _council(mentions: list[Mention], reg) -> str | None:
    """The area's council as the document prints it ("Reading Borough Council"), else the usual title.

    A document whose area is not known (a place missing from the gazetteer) is its most-named
    council's, when one council is named more often than any other."""
    if not reg.area:
        named = Counter(
            tidy(m.canonical or m.name)
            for m in mentions
            if m.rank <= 3 and _A_COUNCIL.fullmatch(tidy(m.canonical or m.name))
        ).most_common(2)
        if named and named[0][1] >= 2 and (len(named) == 1 or named[0][1] > named[1][1]):
            return named[0][0]
        return None
    pattern = re.escape(reg.area) + r"(?: (?:County|Borough|City|District|Metropolitan Borough))? Council"
    printed = Counter(tidy(m.name) for m in mentions if re.fullmatch(pattern, tidy(m.name), re.I))
    if printed:
        name = printed.most_common(1)[0][0]
        return " ".join(
            w if w.lower() in ("and", "of") else w[:1].upper() + w[1:].lower() for w in name.split()
        )
    return reg.council_name()


def _clusters(
    mentions: list[Mention], area: str | None, council: str | None, vocab: DocVocab
) -> list[_Cluster]:
    """Group the mentions of one body: same loose key, same acronym, or a bare name the full one extends."""
    acronym_full = {a: m.name for m in mentions if m.rank in (0, 1, 2) for a in m.acronyms if is_acronym(a)}
    clusters: list[_Cluster] = []
    by_key: dict[str, _Cluster] = {}
    defined: list[tuple[Mention, _Cluster]] = []
    for m in sorted(mentions, key=lambda m: (m.rank, m.start, m.end)):
        name = tidy(m.name)
        low = name.lower()
        if council and _COUNCIL_GENERIC.fullmatch(low) and not re.match(r"(?:district|city|borough)", low):
            m.name, m.acronyms = council, (*m.acronyms, name)
        elif council and (unit := _council_unit(name, area)):
            m.name, m.acronyms = f"{council} {unit}", (*m.acronyms, name)
        elif _PLURAL_GENERIC.fullmatch(low) or re.fullmatch(r"(?:district|city|borough|county) council", low):
            continue  # "County Councils", "the District Council": no one body
        canon = m.canonical or canonical_form(m.name, area)
        keys = {loose_key(canon, area), loose_key(m.name, area)} | {"acr:" + a for a in m.acronyms}
        first, _, rest = m.name.partition(" ")
        if rest and is_acronym(first) and acronym_full.get(first):  # "OSCB Monitoring Group"
            keys.add(loose_key(f"{acronym_full[first]} {rest}", area))
        if is_acronym(name.replace(" ", "")):
            keys.add("acr:" + name.replace(" ", ""))
        keys.discard("")
        c = next((by_key[k] for k in sorted(keys) if k in by_key), None)
        if m.rank > 1:  # a name printed inside an acronym definition is that body
            c = next((dc for d, dc in defined if d.start <= m.start and m.end <= d.end), c)
        if c is None:
            c = _Cluster()
            clusters.append(c)
        c.mentions.append(m)
        c.keys |= keys
        if m.definition:
            defined.append((m, c))
        for k in keys:
            by_key.setdefault(k, c)
    return _merge_partial(clusters, area, vocab)


def _council_unit(name: str, area: str | None) -> str | None:
    """The unit of "County Council Schools Team", "Council's Children's Services", "<Area> County Council's X"."""
    m = COUNCIL_PREFIX.match(name)
    if m:
        return name[m.end() :]
    if area:
        m = re.match(
            re.escape(area) + r"(?: (?:County|Borough|City|District))? Council(?:['’]s)?\s+(?=[A-Z])", name
        )
        if m and head_of(name[m.end() :]):
            return name[m.end() :]
    return None


def _merge_partial(clusters: list[_Cluster], area: str | None, vocab: DocVocab) -> list[_Cluster]:
    """Fold a cluster into another when its name is that one's acronym, or that one's name cut short
    ("OYAP" -> "Oxfordshire Youth Arts Partnership", "OYAP team" too; "Oxford Health" -> "Oxford
    Health NHS Foundation Trust")."""
    full = [(c, c.canonical(area, vocab.places)) for c in clusters]
    out: list[_Cluster] = []
    for c, name in full:
        target = None
        first = name.split()[0]
        rest = name[len(first) :].strip()
        for d, other in full:
            if d is c or len(other) <= len(name):
                continue
            bare_or_headed = not rest or (head_of(rest) == rest.split()[-1] and len(rest.split()) == 1)
            if (
                is_acronym(first)
                and bare_or_headed
                and acronym_matches(other, first)
                and not is_acronym(other.split()[0])
            ):
                target = d
                break
            if is_acronym(name.replace(" ", "")) and " " in name and acronym_matches(other, name):
                target = d  # "OUH FT"
                break
            if not head_of(name) and re.match(
                re.escape(name) + r"\s+(?:NHS\s+)?(?:Foundation\s+)?Trust$", other
            ):
                target = d
                break
        if (
            target is None
            and all(m.rank == 4 and m.kind == "provider" for m in c.mentions)
            and not head_of(name)
        ):
            # "Chalkhill also provides ...": a body named in full elsewhere ("Chalkhill Hospital")
            longer = [
                d
                for d, other in full
                if d is not c
                and other.startswith(name + " ")
                and head_of(other)
                and not re.match(r"(?:and|&|or)\b", other[len(name) + 1 :])  # "Kitebird and Sparrow Trust"
            ]
            if len(longer) == 1:
                target = longer[0]
            elif longer:
                continue  # one of several bodies of that name: which is not said
        if target is not None:
            target.mentions += c.mentions
            target.keys |= c.keys
        else:
            out.append(c)
    return out


def _register(clusters: list[_Cluster], ctx: Context, vocab: DocVocab) -> list[tuple[int, int, str]]:
    """Register each body once, in order of first mention; returns (start, end, name) per mention."""
    reg, area = ctx.orgs, ctx.area
    located: list[tuple[int, int, str]] = []
    for c in sorted(clusters, key=lambda c: min((m.start, m.end) for m in c.mentions)):
        name = c.canonical(area, vocab.places)
        if _ambiguous_area_body(name, c, clusters, area, vocab):
            continue
        aliases = []
        for m in sorted(c.mentions, key=lambda m: m.start):
            for a in (tidy(m.name) if m.alias else "", *m.acronyms):
                if a and a != name and a not in aliases and len(a) < 120:
                    aliases.append(a)
        first = min(c.mentions, key=lambda m: m.start)
        method = max((method_of(m) for m in c.mentions), key=lambda k: METHODS[k].prior)
        rec = reg.add(name, c.kind(name), aliases=aliases, span=Span(first.start, first.end), method=method)
        for m in sorted(c.mentions, key=lambda m: m.start):
            reg.add(rec.name, span=Span(m.start, m.end))
            located.append((m.start, m.end, rec.name))
    return sorted(located)


def _ambiguous_area_body(name: str, c: _Cluster, clusters, area: str | None, vocab: DocVocab) -> bool:
    """ "the CCG" in a document naming three CCGs and none for the whole area names none of them."""
    if not area or not name.startswith(area + " "):
        return False
    full = name[len(area) + 1 :]
    if full not in {v[0] for v in generic_bodies().values()}:
        return False
    if any(area.lower() in tidy(m.name).lower() for m in c.mentions if not m.acronyms or m.rank == 1):
        return False  # printed with the area's name
    others = {d.canonical(area, vocab.places) for d in clusters if d is not c}
    return sum(1 for o in others if o.endswith(" " + full)) >= 2


def _council_mentions(doc: StructuredDocument, ctx: Context, located: list[tuple[int, int, str]]) -> None:
    """ "the Council", "the County Council", "the Local Authority": the area's council, with the alias."""
    council = ctx.orgs.council_name()
    if not council:
        return
    taken = [(a, b) for a, b, _ in located]
    for m in _COUNCIL_MENTION.finditer(doc.text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        name = ctx.orgs.resolve_or_add(m.group(), "local-authority", span=Span(m.start(), m.end()))
        rec = ctx.orgs.get(name)
        if rec is not None and m.group() not in rec.aliases and len(rec.aliases) < 40:
            rec.aliases.append(m.group())
        located.append((m.start(), m.end(), name))
    located.sort()


def _unit_acronyms(defs, ctx: Context) -> None:
    """An acronym defined without the unit's head noun names the unit that has that name:
    "Children, Education and Families (CEF)" is the "Children Education and Families Directorate"."""
    reg = ctx.orgs
    for d in defs:
        acr = re.sub(r"(?:'s|’s)$", "", d.acronym)
        if reg.resolve(acr) or head_of(d.full):
            continue
        core = loose_key(re.sub(r"^.*\bCouncil\b[,\s]*", "", d.full), ctx.area)
        if len(core.split()) < 2:
            continue
        hits = [r.name for r in reg.records() if core in loose_key(r.name, ctx.area) and r.kind == "team"]
        if len(hits) == 1:
            reg.add(hits[0], aliases=[acr])
