"""Acronyms: where a document defines them, and which bodies its bare acronyms stand for.

Needs assessments and strategies define their acronyms in three ways, all read here:
inline ("Oxfordshire Clinical Commissioning Group (OCCG)", "OCCG (Oxfordshire Clinical
Commissioning Group)", "Practice Based Commissioning (PBC) Groups"), and in a glossary or
abbreviations list (table rows or lines "PCT  Primary Care Trust"). A bare acronym that is
not defined may still name a body everyone knows: a generic local body ("PCT", "YOS") of
the document's area, or the area's initials before one ("WSCC" = West Sussex County Council,
"BDAT" = Bedfordshire Drug Action Team).

>>> from ckg.loaders.text import load_string
>>> doc = load_string("Health visiting is commissioned through the Bedfordshire Primary Care Trust, (PCT).")
>>> [(d.full, d.acronym) for d in definitions(doc, extend_ok=lambda w: w == "Bedfordshire")]
[('Bedfordshire Primary Care Trust', 'PCT')]
>>> area_acronym("WSCC", "West Sussex")
('West Sussex County Council', 'local-authority')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ckg.loaders.extract.organisations_bodies import COUNCIL_TAILS, generic_bodies
from ckg.loaders.extract.organisations_names import (
    HEAD_KINDS,
    acronym_letters,
    acronym_matches,
    wordset,
)
from ckg.loaders.structure import StructuredDocument

_ACR = r"[A-Z][A-Za-z&]{0,3}[A-Z&][A-Za-z&]{0,6}(?:'s|’s)?"
# "Full Name (ACR)" and "Full Name, (the ACR)"; the full name is read back from the "(".
_FULL_THEN_ACR = re.compile(r",?[ \t]*\(\s*(?:the\s+)?(" + _ACR + r")\s*\)")
# "ACR (Full Name)"
_ACR_THEN_FULL = re.compile(r"\b(" + _ACR + r")\s*\(\s*([A-Z][^()\n]{5,90}?)\s*\)")
_WORD_BACK = re.compile(r"([A-Za-z0-9][\w'’.-]*|&|,)\s*$")
_GLOSSARY_HEADING = re.compile(
    r"\b(?:abbreviations?|acronyms?|glossary|key\s+to\s+terms|terms\s+used)\b", re.I
)
_GLOSSARY_LINE = re.compile(r"^\s*(" + _ACR + r")\s*(?:\t+|\s{2,}|\s*[-–:=]\s+|\s)\s*([A-Z][^\t\n]{3,100})$")
_JOIN = wordset("and & of for the in on")


@dataclass
class Definition:
    full: str
    acronym: str
    start: int  # span of the full name and the acronym as printed
    end: int
    glossary: bool = False


def _full_before(text: str, pos: int, acr: str, floor: int, extend_ok) -> tuple[str, int] | None:
    """The name printed just before ``pos`` whose initials make ``acr``."""
    words: list[tuple[str, int]] = []
    i = pos
    while i > floor and len(words) < 14:
        m = _WORD_BACK.search(text, max(floor, i - 60), i)
        if not m:
            break
        w = m.group(1)
        if w == ",":
            if not words or words[-1][0] in _JOIN:
                break
        elif not (w[:1].isupper() or w in _JOIN or w[:1].isdigit()):
            break
        words.append((w, m.start(1)))
        i = m.start(1)
        if text[i - 1 : i] in ("\n", "\t", "(", '"', "“"):
            break
    words.reverse()
    while words and (words[0][0] in _JOIN or words[0][0] == ","):
        words.pop(0)
    for k in range(len(words) - 1, -1, -1):  # the shortest tail the acronym spells, then back over places
        if words[k][0] in _JOIN or words[k][0] == ",":
            continue
        cand = text[words[k][1] : pos].strip(" ,\t")
        if acronym_matches(cand, acr, skip_leading=0):
            j = k
            while j > 0 and (
                extend_ok(words[j - 1][0]) or (words[j - 1][0] in (",", "&", "and") and j > 1 and j < k)
            ):
                j -= 1
            while j < k and not extend_ok(words[j][0]):
                j += 1
            return text[words[j][1] : pos].strip(" ,\t"), words[j][1]
    return None


def definitions(doc: StructuredDocument, extend_ok=lambda w: False) -> list[Definition]:
    """Every acronym the document defines, in order (glossary rows included).

    ``extend_ok(word)`` says whether a word before the spelled-out part still belongs to the
    name (a place: "Bedfordshire Primary Care Trust (PCT)").
    """
    text = doc.text
    out: list[Definition] = []
    for b in doc.blocks:
        for m in _FULL_THEN_ACR.finditer(text, b.start, b.end):
            acr = m.group(1)
            found = _full_before(text, m.start(), acr, b.start, extend_ok)
            if not found:
                continue
            full, start = found
            after = re.match(r"\s+([A-Z][a-z]+|groups?)\b", text[m.end() : m.end() + 20])
            if after and (after.group(1) in HEAD_KINDS or after.group(1).lower().startswith("group")):
                full = f"{full} {after.group(1)}"  # "Practice Based Commissioning (PBC) Groups"
            out.append(Definition(re.sub(r"\s+", " ", full), acr, start, m.end()))
        for m in _ACR_THEN_FULL.finditer(text, b.start, b.end):
            acr, full = m.group(1), m.group(2).strip()
            if acronym_matches(full, acr, skip_leading=2):
                out.append(Definition(re.sub(r"\s+", " ", full), acr, m.start(), m.end()))
        out.extend(_glossary_rows(doc, b))
    return out


def inline_definitions(text: str) -> list[tuple[str, str]]:
    """(full name, acronym) for every acronym a text defines inline, either way round.

    >>> inline_definitions("Support from Targeted Youth Support (TYS) and the YOT (Youth Offending Team).")
    [('Targeted Youth Support', 'TYS'), ('Youth Offending Team', 'YOT')]
    """
    out = []
    for m in _FULL_THEN_ACR.finditer(text):
        found = _full_before(text, m.start(), m.group(1), 0, lambda w: False)
        if found:
            out.append((re.sub(r"\s+", " ", found[0]), m.group(1)))
    for m in _ACR_THEN_FULL.finditer(text):
        acr, full = m.group(1), m.group(2).strip()
        if acronym_matches(full, acr, skip_leading=2):
            out.append((re.sub(r"\s+", " ", full), acr))
    return out


def _glossary_rows(doc: StructuredDocument, b) -> list[Definition]:
    in_glossary = any(_GLOSSARY_HEADING.search(s) for s in b.section[-2:])
    if b.kind == "table_row" and len(b.cells) >= 2:
        cells = [c for c in b.cells if c.text.strip()]
        if len(cells) == 2 and re.fullmatch(_ACR, cells[0].text.strip()) and cells[1].text[:1].isalpha():
            acr, full = cells[0].text.strip(), cells[1].text.strip()
            if in_glossary or acronym_matches(full, acr, skip_leading=2):
                return [Definition(full, acr, cells[0].start, cells[1].end, glossary=True)]
        return []
    if not in_glossary or b.kind == "heading":
        return []
    out = []
    offset = b.start
    for line in doc.text[b.start : b.end].split("\n"):
        m = _GLOSSARY_LINE.match(line)
        if m:
            out.append(Definition(m.group(2).strip(), m.group(1), offset, offset + len(line), glossary=True))
        offset += len(line) + 1
    return out


def area_initials(area: str) -> str:
    return "".join(w[0] for w in area.split() if w[:1].isupper())


def area_acronym(acr: str, area: str | None) -> tuple[str, str] | None:
    """The area body an acronym spells as the area's initials plus a generic acronym, or None."""
    if not area:
        return None
    ini = area_initials(area)
    if not acr.startswith(ini) or len(acr) <= len(ini):
        return None
    rest = acr[len(ini) :]
    if rest in COUNCIL_TAILS:
        return f"{area} {COUNCIL_TAILS[rest]}", "local-authority"
    if rest in generic_bodies():
        full, kind = generic_bodies()[rest]
        return f"{area} {full}", kind
    return None


def acronym_tokens(doc: StructuredDocument):
    """(acronym, start, end) for every acronym printed in the text."""
    for m in re.finditer(r"(?<![\w&-])(" + _ACR + r")(?![\w&-])", doc.text):
        if sum(c.isupper() for c in m.group(1)) >= 2:
            yield m.group(1), m.start(), m.end()


def letters_key(acr: str) -> str:
    return acronym_letters(acr)
