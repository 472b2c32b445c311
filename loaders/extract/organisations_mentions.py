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
from ckg.loaders.extract.organisations_bodies import generic_bodies, national_bodies
from ckg.loaders.extract.organisations_finder import find_names_in
from ckg.loaders.extract.organisations_names import head_of, kind_of, loose_key, tidy
from ckg.loaders.extract.organisations_vocab import DocVocab
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
    return re.compile(r"(?<![\w./-])(?:" + "|".join(map(alternative, labels)) + r")(?![\w-])"), owner


def national_mentions(doc: StructuredDocument, out: list[Mention]) -> list[tuple[int, int]]:
    """National bodies printed by name or by a strong alias; weak aliases only beside those."""
    pattern, owner = _national_pattern()
    hits: dict[int, list[re.Match[str]]] = {}
    for m in pattern.finditer(doc.text):
        hits.setdefault(owner[m.group()], []).append(m)
    claimed: list[tuple[int, int]] = []
    bodies = national_bodies()
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


def heading_mentions(doc: StructuredDocument, vocab: DocVocab, out: list[Mention]) -> None:
    """Names that are all a heading says ("Joint Health and Wellbeing Board", "Cheney School ~ Yr 7")."""
    for b in doc.blocks:
        if b.kind not in ("heading", "title"):
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
    doc: StructuredDocument, area: str | None, defined: dict[str, str], out: list[Mention]
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
            out.append(Mention(defined[bare], kind_of(defined[bare]), start, end, 2, acronyms=(bare,)))
    if area:
        for m in re.finditer(r"\b(Healthwatch|NHS)\s+" + re.escape(area) + r"\b", text):
            out.append(
                Mention(
                    m.group(),
                    "other" if m.group(1) == "Healthwatch" else "health-body",
                    m.start(),
                    m.end(),
                    2,
                )
            )


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
