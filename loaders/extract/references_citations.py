"""Referenced documents cited in a reference list or a footnote: "Author (Year) Title. Publisher."

Why: needs assessments and research-based strategies cite their sources as a numbered
list under "References" (or as footnotes at the foot of a page): "3 Department of Health
(2007) Commissioning Framework for Health and Well Being. HMSO." The layout says the
sentence after the year is a title, even in sentence case ("Targeted youth support: a
guide"), and the author is the publisher when it is a body.

>>> [c[:3] for c in citations("3 Department of Health (2007) Commissioning Framework for Health. HMSO.")]
[('Commissioning Framework for Health', '2007', 'Department of Health')]
>>> [c[:3] for c in citations("16 Department of Health (2007) Care Matters: Time for Change, HMSO.")]
[('Care Matters: Time for Change', '2007', 'Department of Health')]
>>> [c[:2] for c in citations("23 Goswami, U. (2007). Cognitive Development: The Learning Brain. Taylor & Francis.")]
[('Cognitive Development: The Learning Brain', '2007')]
>>> is_body("Meltzer H, Gatward R, Corbin T"), is_body("HM Government"), is_body("UNICEF")
(False, True, True)
"""

from __future__ import annotations

import re

REFERENCE_SECTION = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:references?|bibliography|sources|end\s?notes|footnotes|notes|works\s+cited|"
    r"further\s+reading)$",
    re.I,
)
_FOOTNOTE = re.compile(r"^\d{1,3}\s+[A-Z]")
CITATION = re.compile(
    r"(?:^|(?<=\s))(?:\d{1,3}\s+)?(?P<author>[A-Z](?:(?!https?:|www\.|\s\d{1,3}\s+[A-Z])[^()]){1,150}?)\s*\((?P<year>(?:19|20)\d\d)[a-z]?\)[.,:]?\s+"
    r"(?P<title>[A-Z‘'\"“][^.]{4,220}?)"
    r"(?=\.(?:\s|$)|$|\s\d{1,3}\s+[A-Z][\w'’-]+[ ,]+[A-Z])"
)
_BODY = re.compile(
    r"\b(?:Department|Government|Council|Trust|Office|Agency|Association|Foundation|Commission|Organi[sz]ation|"
    r"NHS|Institute|Centre|Center|Board|Executive|Partnership|Network|Observatory|Service|Services|Unit|"
    r"University|College|Society|Parliament|Ministry|Inspectorate)\b|^[A-Z]{2,8}(?:\s*(?:&|and|/)\s*[A-Z]{2,8})*$"
)
_PERSON_AUTHOR = re.compile(r"\b[A-Z][a-z'’-]+,?\s+[A-Z]\.?(?:[A-Z]\.?)?(?:,|\s|$|&)")


def is_body(author: str) -> bool:
    """Is a citation's author an organisation (so it published the document)?"""
    author = author.strip(" ,.")
    if _PERSON_AUTHOR.search(author + " ") and not re.search(r"\b(?:Department|Government|Office)\b", author):
        return False
    return bool(_BODY.search(author))


def citations(text: str) -> list[tuple[str, str, str, int, int]]:
    """(title, year, author, start, end) of the citations in a reference-list entry or footnote."""
    out = []
    for m in CITATION.finditer(text):
        title = m.group("title").strip(" ‘'\"“”’")
        # "Care Matters: Time for Change, HMSO": the publisher printed after the title
        title = re.sub(r",\s*(?:[A-Z]{2,8}|London|HMSO|TSO)\s*$", "", title)
        if len(title.split()) < 2:
            continue
        author = re.sub(r"^\d{1,3}\s+", "", m.group("author")).strip(" ,.")
        out.append((title, m.group("year"), author, m.start("title"), m.end("title")))
    return out


def is_citation_block(kind: str, text: str, section: tuple[str, ...]) -> bool:
    """Blocks to read citations from: entries under a "References" heading, and footnotes."""
    if kind not in ("paragraph", "list_item"):
        return False
    if any(REFERENCE_SECTION.match(h.strip()) for h in section[-1:]):
        return True
    return bool(_FOOTNOTE.match(text)) and bool(re.search(r"\((?:19|20)\d\d\)", text))
