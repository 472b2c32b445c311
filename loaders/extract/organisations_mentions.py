"""Mentions of bodies read from a document, before they are grouped into one body each.

Each reader says how it found the name (``Mention.rank``: national list, definition,
generic body, name, list item), which decides the canonical spelling when mentions of one
body disagree (``organisations._Cluster``):

- ``national_mentions``: national bodies and charities by name or strong alias;
- ``definition_mentions``: acronyms defined as bodies ("... Group (OCCG)", glossary rows);
  acronyms defined as terms ("SEN") are noted in the vocabulary, so they single nothing out;
- ``heading_mentions``: headings that are nothing but names ("Cheney School ~ Yr 7");
- ``generic_mentions``: every area's bodies printed in any case or as bare acronyms
  ("Oxfordshire safeguarding Children's Board", "YOS", "WSCC"), "Healthwatch <area>";
- ``department_mentions``: "Children's Social Care", a unit of the area's council.

>>> from ckg.loaders.text import load_string
>>> out = []
>>> _ = national_mentions(load_string("Ofsted inspected the service; OFSTED reported."), out)
>>> sorted({m.canonical for m in out})
['Ofsted']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ckg.loaders.extract.organisations_acronyms import acronym_tokens, area_acronym
from ckg.loaders.extract.organisations_bodies import (
    council_of_area,
    councils,
    councils_by_area,
    generic_bodies,
    national_bodies,
    word_named_bodies,
)
from ckg.loaders.extract.organisations_finder import find_names_in
from ckg.loaders.extract.organisations_names import head_of, kind_of, loose_key, tidy, wordset
from ckg.loaders.extract.organisations_vocab import GENERIC_WORDS, DocVocab
from ckg.loaders.structure import StructuredDocument


@dataclass
class Mention:
    name: str
    kind: str
    start: int
    end: int
    rank: int  # 0 national list, 1 definition, 2 generic body, 3 name, 4 list item
    acronyms: tuple[str, ...] = ()
    canonical: str | None = None  # fixed canonical name (national list)
    fixed_kind: bool = False  # the kind is known (national list, council department)
    definition: bool = False  # an acronym's definition: names printed inside its span are this body
    alias: bool = True  # the printed name is a name of the body ("Devon" in a comparator table is not)
    method: str | None = None  # how it was read, when the rank does not say (see ``method_of``)


# How a mention of each rank was read (loaders.extract.methods): 0 the bundled lists of national
# bodies and councils, 1 an acronym's definition, 2 a generic local body (local_bodies.txt) or a
# council's department (a bare acronym the document defined says so itself), 3 a capitalised
# name ending in a head noun, 4 a list item.
_RANK_METHODS = ("vocabulary", "acronym-definition", "vocabulary", "name-pattern", "list-item")


def method_of(m: Mention) -> str:
    """How ``m`` was read: its own method if set, an acronym's definition, else by its rank."""
    if m.method:
        return m.method
    return "acronym-definition" if m.definition else _RANK_METHODS[m.rank]


@lru_cache(maxsize=1)
def _national_pattern() -> tuple[re.Pattern[str], dict[str, int]]:
    """One pattern for every strong label (as listed, or in capitals: "OFSTED"), and label -> body index."""
    owner: dict[str, int] = {}
    for n, (_kind, name, aliases) in enumerate(national_bodies()):
        for label in (name, *(a for a in aliases if not a.startswith("~"))):
            for form in (label, label.upper()):
                owner.setdefault(form, n)

    def alternative(label: str) -> str:
        # a charity named in common words is not one when it modifies a name: "Family Action Plan"
        modifier = r"(?!\s+[A-Z][a-z])" if national_bodies()[owner[label]][0] == "provider" else ""
        return re.escape(label) + modifier

    labels = sorted(owner, key=len, reverse=True)
    # "ONS/Family Fund Trust/ChiMat": a slash may separate names; a web address is dropped after
    return re.compile(r"(?<![\w.-])(?:" + "|".join(map(alternative, labels)) + r")(?![\w-])"), owner


_IN_ADDRESS = re.compile(r"\S*(?:://|www\.|@|\.(?:uk|org|com|net|gov)\b)\S*$")
# A name that is also a word ("Scope", "Mind") is the body inside a sentence, or at its start
# when a verb follows ("Scope run a day nursery"); not "the scope of", "Sense of belonging".
_WORD_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|this|that|its|our|their|your|any|no|of|in)|[^\w\s,;(])\s*$", re.I
)
_WORD_AFTER = re.compile(r"\s+(?:of|for|to|the|a|an|with|in|on|from|out|up|against)\b|-")
_AGENT_VERB = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|runs?|ran|provides?|provided|offers?|delivers?|supports?|"
    r"works?|operates?|manages?|said|says|found|reported|launched|funds?|funded)\b"
)


# capitalised words that may stand before a body's name without being part of it
_NAME_LEADS = wordset("the a an in to by with from for and or but see contact both at via")


def _word_name_ok(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 30) : m.start()]
    if _WORD_AFTER.match(text, m.end()) or re.match(r"\s+[A-Z]", text[m.end() : m.end() + 2]):
        return False
    prev = re.search(r"(?<![\w'’-])([A-Z][\w'’-]*)[ \t]+$", before)
    if prev and prev.group(1).lower() not in _NAME_LEADS:
        return False  # inside another name: "Northfield Brook", "Fenwick Mind Centre"
    if not before.strip() or _WORD_BEFORE.search(before):
        return bool(_AGENT_VERB.match(text, m.end())) and not re.search(r"\b(?:the|a|an)\s*$", before, re.I)
    return True


def national_mentions(doc: StructuredDocument, out: list[Mention]) -> list[tuple[int, int]]:
    """National bodies printed by name or by a strong alias; weak aliases only beside those."""
    pattern, owner = _national_pattern()
    words = word_named_bodies()
    bodies = national_bodies()
    text = doc.text
    hits: dict[int, list[re.Match[str]]] = {}
    for m in pattern.finditer(text):
        n = owner[m.group()]
        if _IN_ADDRESS.search(text, max(0, m.start() - 80), m.start()) and text[
            m.start() - 1 : m.start()
        ] not in (
            " ",
            "\n",
            "\t",
            "(",
        ):
            continue  # part of a web address: "www.nice.org.uk/NICE"
        if bodies[n][1] in words and not _word_name_ok(text, m):
            continue
        hits.setdefault(n, []).append(m)
    claimed: list[tuple[int, int]] = []
    for n in sorted(hits):
        kind, name, aliases = bodies[n]
        weak = tuple(a[1:] for a in aliases if a.startswith("~"))
        for m in hits[n][:_MAX_MENTIONS]:
            out.append(Mention(m.group(), kind, m.start(), m.end(), 0, acronyms=weak, canonical=name))
            claimed.append((m.start(), m.end()))
    return claimed


_MAX_MENTIONS = 25


def definition_mentions(defs, vocab: DocVocab, area: str | None, out: list[Mention]) -> dict[str, str]:
    """Acronyms defined as bodies become mentions; acronyms defined as terms are noted as terms."""
    defined: dict[str, str] = {}
    for d in defs:
        full = tidy(_strip_lead(d.full))
        acr = re.sub(r"(?:'s|’s)$", "", d.acronym)
        sector = re.search(r"\b(?:voluntary|private|independent|community|third)\b.*\bsectors?$", full, re.I)
        body = head_of(full) or sector or acr in generic_bodies() or area_acronym(acr, area)
        if body and len(full.split()) >= 2:
            extra = set(loose_key(full, area).split()) - set(
                loose_key(generic_bodies().get(acr, ("",))[0]).split()
            )
            rank = 1
            if acr in generic_bodies() and area and not extra:
                # the generic body spelled out ("Clinical Commissioning Group (CCG)"): the area's, if any
                full, printed, rank = f"{area} {generic_bodies()[acr][0]}", (acr, d.acronym, full), 2
            else:
                printed = (acr, d.acronym)
            defined.setdefault(acr, full)
            out.append(
                Mention(
                    full,
                    "provider" if sector else kind_of(full),
                    d.start,
                    d.end,
                    rank,
                    printed,
                    definition=True,
                )
            )
        elif acr not in defined:
            vocab.term_acronyms.add(acr)
            defined.setdefault(acr, "")
    return defined


def _strip_lead(full: str) -> str:
    return re.sub(r"^(?:[\d.]+\s+|(?:The|This|Establish|Develop|Our)\s+)+", "", full)


_UNIT_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?P<name>(?:[A-Z][\w'’-]*\s+(?:(?:and|for|of|with)\s+)?){1,5}(?:Service|Team))$"
)


def heading_mentions(doc: StructuredDocument, vocab: DocVocab, out: list[Mention]) -> None:
    """Names that are all a heading says ("Joint Health and Wellbeing Board", "Cheney School ~ Yr 7");
    a numbered section about one service or team ("6.2 Disabled Children's Service") is about a unit."""
    for b in doc.blocks:
        if b.kind not in ("heading", "title"):
            continue
        unit = _UNIT_HEADING.match(b.text.strip())
        if unit and b.kind == "heading" and re.match(r"\d", b.text.strip()):
            name = unit.group("name")
            if any(vocab.distinctive(w) or w.lower() not in GENERIC_WORDS for w in name.split()[:-1]):
                start = b.start + b.text.find(name)
                out.append(Mention(name, "team", start, start + len(name), 3))
                continue
        found = find_names_in(doc.text, b.start, b.end, vocab)
        rest = b.text
        for f in found:
            rest = rest.replace(doc.text[f.start : f.end], " ")
        if found and not re.search(r"\b[a-z]{4,}\b", re.sub(r"\([^)]*\)", " ", rest)):
            out += [Mention(f.text, kind_of(f.text), f.start, f.end, 3) for f in found]


@cache
def _generic_body(full: str) -> re.Pattern[str]:
    """A body every area has ("Safeguarding Children Board"), in any case, maybe "local" or
    "joint". Compiled once per process; the area's name in front is looked for apart
    (``_area_before``), so a build of many areas does not compile a pattern per area."""
    words = [re.escape(w).replace("s$", "") for w in full.split()]
    core = r"\s+".join(words).replace("Children", r"Children'?s?").replace("Wellbeing", r"Well-?\s?being")
    return re.compile(r"(?:local\s+|joint\s+)?" + core + r"(?![\w-])", re.I)


@lru_cache(maxsize=64)
def _area_before(area: str) -> re.Pattern[str]:
    """The area's name (possessive or not) and spaces, ending where a generic body begins."""
    return re.compile(re.escape(area) + r"(?:'s)?\s+$", re.I)


def generic_mentions(
    doc: StructuredDocument,
    area: str | None,
    defined: dict[str, str],
    out: list[Mention],
    places: frozenset[str] = frozenset(),
) -> None:
    """Bodies every area has, printed in any case or as a bare acronym, and area-initial acronyms."""
    text = doc.text
    if area:
        area_before = _area_before(area)
        for full, kind in {v[0]: v[1] for v in generic_bodies().values()}.items():
            for m in _generic_body(full).finditer(text):
                start = m.start()
                if named := area_before.search(text, max(0, start - len(area) - 8), start):
                    start = named.start()  # "Oxfordshire('s) [local] Safeguarding Children Board"
                found = text[start : m.end()]
                before = text[max(0, start - 30) : start]
                if re.search(r"[A-Z][\w'’]*\s+$", before) and not found.lower().startswith(area.lower()):
                    continue  # "Luton Primary Care Trust" is another area's
                if found[:1].islower() or found.lower().startswith(area.lower()):
                    out.append(Mention(found, kind, start, m.end(), 2))
    for acr, start, end in acronym_tokens(doc):
        bare = re.sub(r"(?:'s|’s|s)$", "", acr)
        if defined.get(bare) == "" or defined.get(acr) == "":
            continue
        if bare in generic_bodies() and bare not in defined and area:
            full, kind = generic_bodies()[bare]
            out.append(Mention(f"{area} {full}", kind, start, end, 2, acronyms=(bare,)))
        elif found := area_acronym(bare, area):
            out.append(Mention(found[0], found[1], start, end, 2, acronyms=(bare,)))
        elif defined.get(bare):
            out.append(
                Mention(
                    defined[bare], kind_of(defined[bare]), start, end, 2, (bare,), method="acronym-definition"
                )
            )
    if area:
        for m in re.finditer(r"\bNHS\s+" + re.escape(area) + r"\b", text):
            out.append(Mention(m.group(), "health-body", m.start(), m.end(), 2))
    # every area has a Healthwatch (since 2013), named after the area: "Healthwatch Elmshire"
    for m in _HEALTHWATCH.finditer(text):
        place = m.group(1)
        if (
            place == area
            or place in places
            or all(w in places or w in ("and", "upon") for w in place.split())
        ):
            out.append(Mention(m.group(), "other", m.start(), m.end(), 2))
    _bare_generic(text, area, defined, out)


_HEALTHWATCH = re.compile(r"\bHealthwatch\s+([A-Z][\w'’-]+(?:\s+(?:and\s+|upon\s+)?[A-Z][\w'’-]+){0,3})")


def _bare_generic(text: str, area: str | None, defined: dict[str, str], out: list[Mention]) -> None:
    """ "the ICB", "the CCG" in a document whose area is not known: the one body of that kind it names
    in full ("NHS Elmshire and Fenwick Integrated Care Board"), if it names just one."""
    if area:
        return
    named: dict[str, set[str]] = {}
    for m in out:
        for acr, (full, _kind) in generic_bodies().items():
            if m.rank == 3 and m.name.endswith(" " + full):
                named.setdefault(acr, set()).add(m.name)
    for acr, names in named.items():
        if len(names) != 1 or acr in defined:
            continue
        name = next(iter(names))
        for m in re.finditer(r"(?<![\w&-])" + acr + r"(?![\w&-])", text):
            out.append(Mention(name, kind_of(name), m.start(), m.end(), 2, acronyms=(acr,)))


_DEPARTMENT = re.compile(
    r"\b(?:Children['’]s|Adults?['’]?) Social Care\b|\b(?:Children['’]s|Adults?['’]?) Services\b(?!['’])"
)


def department_mentions(doc: StructuredDocument, council: str | None, out: list[Mention]) -> None:
    """Departments every council has, printed capitalised on their own ("Children's Services have
    developed ..."): units of the area's council. Not inside another name ("Director of Children's
    Services", "Children's Services Select Committee")."""
    if not council:
        return
    text = doc.text
    for m in _DEPARTMENT.finditer(text):
        before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 12]
        if re.search(r"(?:\b(?:of|for)|[A-Z][\w'’]*)\s+$", before) or re.match(
            r"\s+(?:[A-Z][a-z]+|team)\b", after
        ):
            continue  # inside another name: "Director of Children's Services", "... Select Committee"
        services = m.group().endswith("Services")
        if services and (re.search(r"\b(?:and|&)\s+$", before) or re.match(r"\s+(?:and|&)\b", after)):
            continue  # "Children's Services and Adult Services": kinds of service
        name = m.group().replace("’", "'")
        out.append(Mention(f"{council} {name}", "team", m.start(), m.end(), 2, (name,), fixed_kind=True))


@lru_cache(maxsize=1)
def _council_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every English council's full name and strong alias, and label -> full name."""
    owner: dict[str, str] = {}
    for c in councils():
        for label in (c.name, *(a for a in c.aliases if not a.startswith("~"))):
            owner.setdefault(label, c.name)
    labels = sorted(owner, key=len, reverse=True)
    # the lookahead skips every position not starting a capitalised word before ~900 alternatives
    body = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in labels)
    return re.compile(r"(?<![\w-])(?=[A-Z])(?:" + body + r")(?![\w-])"), owner


_AUTHORITY_HEADER = re.compile(
    r"^(?:(?:local\s+)?authorit(?:y|ies)|las?|la\s+name|councils?|(?:statistical|comparator)\s+neighbou?rs?|"
    r"comparators?(?:\s+(?:authorities|councils|group))?|(?:local\s+authority|la)\s+(?:area|name))\s*:?$",
    re.I,
)
# "our statistical neighbours (Elmshire, Fenwick and ...)": a sentence that names councils as comparators
_COMPARATOR_CUE = re.compile(
    r"\b(?:statistical\s+neighbou?rs?|comparator\s+(?:authorities|councils|local\s+authorities|group)|"
    r"neighbouring\s+(?:local\s+)?(?:authorities|councils)|other\s+local\s+authorities)\b",
    re.I,
)


def _council_at(area: str, year: int | None):
    c = council_of_area(area, year)
    if c is None:  # a former council in a document of unknown date
        found = councils_by_area().get(area, ())
        c = found[-1] if found else None
    return c


def council_mentions(doc: StructuredDocument, year: int | None, out: list[Mention]) -> list[tuple[int, int]]:
    """English councils printed by full name or alias ("Barnet Council"), and councils named by
    their area alone where the layout says the area stands for its council: the rows of a table
    whose first column is headed "Local Authority" / "Statistical neighbours", and the list of
    comparators in a sentence about statistical neighbours. ``year`` picks the council of the
    time for an area that was reorganised ("Dorset" in 2016 is Dorset County Council)."""
    pattern, owner = _council_pattern()
    text = doc.text
    claimed: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        name = owner.get(re.sub(r"\s+", " ", m.group()))
        if name:
            out.append(
                Mention(m.group(), "local-authority", m.start(), m.end(), 0, canonical=name, fixed_kind=True)
            )
            claimed.append((m.start(), m.end()))
    by_area = councils_by_area()
    in_table = False
    for b in doc.blocks:
        if b.kind != "table_row" or not b.cells:
            in_table = False
            if b.kind in ("paragraph", "list_item") and _COMPARATOR_CUE.search(b.text):
                _comparators(doc, b, year, out)
            continue
        first = next((c for c in b.cells if c.text.strip()), None)
        if first is None:
            continue
        label = re.sub(r"\s+", " ", first.text).strip()
        if _AUTHORITY_HEADER.match(label):
            in_table = True
            continue
        if in_table and label in by_area and (c := _council_at(label, year)):
            start = first.start + first.text.find(label[:1])
            out.append(
                Mention(label, "local-authority", start, start + len(label), 0, (), c.name, True, alias=False)
            )
    return claimed


@lru_cache(maxsize=1)
def _area_names() -> re.Pattern[str]:
    """Every council's area name, longest first ("North East Lincolnshire" before "Lincolnshire")."""
    areas = sorted(councils_by_area(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?=[A-Z])(?:" + "|".join(map(re.escape, areas)) + r")(?![\w-])")


def _comparators(doc: StructuredDocument, b, year: int | None, out: list[Mention]) -> None:
    from ckg.loaders.extract.metadata import gazetteer

    text = doc.text
    for cue in _COMPARATOR_CUE.finditer(text, b.start, b.end):
        stop = re.compile(r"[.;](?:\s|$)").search(text, cue.end(), b.end)
        for m in _area_names().finditer(text, cue.end(), stop.start() if stop else b.end):
            area = m.group()
            if gazetteer().get(area) != "region" and (c := _council_at(area, year)):
                out.append(
                    Mention(area, "local-authority", m.start(), m.end(), 0, (), c.name, True, alias=False)
                )


# A council's executive: "Report to Cabinet", "Cabinet is recommended to"; not a post or office
# ("Cabinet Member", "Cabinet Office") and not another body's ("Youth Cabinet").
_CABINET = re.compile(
    r"(?<![\w'’/-])Cabinet(?!\s+(?i:members?|office|secretary|ministers?|lead|portfolio|papers?|reports?)\b)(?![\w'’-])"
)


def cabinet_mentions(doc: StructuredDocument, council: str | None, out: list[Mention]) -> None:
    """The council's Cabinet, where a council document names it on its own."""
    if not council:
        return
    text = doc.text
    for m in _CABINET.finditer(text):
        before = text[max(0, m.start() - 25) : m.start()]
        if re.search(r"(?:/|www\.|https?:)\S*\s?\S*$", before):
            continue  # in a web address
        if re.search(r"[A-Z][\w'’-]*\s+$", before) and not re.search(
            r"(?:^|[.:\n\t]\s*)[A-Z][\w'’-]*\s+$", before
        ):
            continue  # "Youth Cabinet", "Shadow Cabinet": another body
        out.append(
            Mention(f"{council} Cabinet", "partnership", m.start(), m.end(), 2, ("Cabinet",), fixed_kind=True)
        )
