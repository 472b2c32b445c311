"""Document metadata: title, area, period and type, read from the cover, title and first pages.

Why these rules: council documents state what they are on the cover ("Commissioning
Strategy ... 2006 – 2009", "REPORT BY DIRECTOR OF ...", "Needs assessment of ...") and
say "this strategy"/"this guide" about themselves; the area is the place named most in the
title and opening pages, found with a gazetteer of English local-government areas.

>>> period_from_text("Children and Young People's Plan 2006 – 2009")
(2006, 2009)
>>> period_from_text("Interim Commissioning Strategy 2016-17")
(2016, 2017)
>>> period_from_text("2013/14 – 2015/16")
(2013, 2016)
>>> _tidy_title("West Sussex County Council Comprehensive Needs Assessment of Disability")
'Comprehensive Needs Assessment of Disability'
>>> issued_from_text("DATE: 12 March 2031")
'2031-03-12'
>>> issued_from_text("Prepared by the Elmshire Partnership   November 2029")
'2029-11'
>>> issued_from_text("Our plan for 2029 to 2032") is None
True
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from ckg.loaders.dates import MONTH, MONTHS
from ckg.loaders.extract.records import DocumentRecord, Span
from ckg.loaders.structure import StructuredDocument

_YEAR_RANGE = re.compile(
    r"\b((?:19|20)\d\d)(?:\s*/\s*\d{2})?\s*(?:[-–—]|to|until)\s*((?:19|20)?\d\d)(?:\s*/\s*(\d{2}))?\b"
)
_SINGLE_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")

DOC_TYPES: tuple[tuple[str, str], ...] = (
    ("needs-assessment", r"needs?\s+assessment|\bJSNA\b"),
    ("action-plan", r"action\s+plan"),
    (
        "committee-report",
        r"report\s+(?:by|of|to)\s+(?:the\s+)?(?:director|chief|head)|agenda\s+item|committee\s+report",
    ),
    ("framework", r"framework"),
    ("strategy", r"strateg(?:y|ies)"),
    ("plan", r"\bplan\b"),
    ("guide", r"\bguide\b|\bguidance\b|\btoolkit\b|\bhandbook\b"),
    ("report", r"\breport\b|\breview\b"),
)

_STEP_HEADING = re.compile(
    r"^\s*(?:[\d.]+\s*)?step\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I
)
# A council's name printed before the title on the same cover line: "X County Council <title>".
_COUNCIL_BEFORE_TITLE = re.compile(
    r"^(?:[A-Z][\w'’&-]*\s+){1,4}(?:County\s+|Borough\s+|City\s+|District\s+)?Council\s+(?=[A-Z])"
)
_FALLBACK_AREAS = ("Bedfordshire", "Oxfordshire", "Reading", "West Sussex", "Luton", "Bedford")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Area name -> kind (county, unitary, district, ...) from ontology/areas.txt."""
    try:
        text = resources.files("ckg.ontology").joinpath("areas.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {a: "county" for a in _FALLBACK_AREAS}
    areas: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, kind = line.partition("\t")
        areas.setdefault(name.strip(), kind.strip() or "county")
    return areas or {a: "county" for a in _FALLBACK_AREAS}


@lru_cache(maxsize=1)
def _area_pattern() -> re.Pattern[str]:
    names = sorted((a for a, k in gazetteer().items() if k != "region"), key=len, reverse=True)
    # the lookahead lets the engine skip every position not starting a capitalised word
    # before it tries ~700 alternatives there (8x faster on a long document)
    return re.compile(r"\b(?=[A-Z])(" + "|".join(re.escape(n) for n in names) + r")\b")


def period_from_text(text: str) -> tuple[int | None, int | None]:
    m = _YEAR_RANGE.search(text)
    if m:
        start = int(m.group(1))
        end_raw = m.group(3) or m.group(2)
        end = int(end_raw) if len(end_raw) == 4 else (start // 100) * 100 + int(end_raw)
        if m.group(3):
            end = (start // 100) * 100 + int(m.group(3)) if len(m.group(3)) == 2 else int(m.group(3))
        if start <= end <= start + 30:
            return start, end
    return None, None


def detect_area(doc: StructuredDocument, title: str) -> str | None:
    """The area named most in the title (weighted) and the first part of the text."""
    pattern = _area_pattern()
    counts: Counter[str] = Counter()
    for m in pattern.finditer(title):
        counts[m.group(1)] += 20
    for m in pattern.finditer(doc.text[:60000]):
        counts[m.group(1)] += 1
    if not counts:
        return None
    kinds = gazetteer()
    # Prefer an administrative area over a town of the same count ("Bedford" the town vs "Bedfordshire").
    best = max(counts.items(), key=lambda kv: (kv[1] + (2 if kinds.get(kv[0]) != "town" else 0), len(kv[0])))
    return best[0]


def detect_type(doc: StructuredDocument, title: str) -> str | None:
    for key, pattern in DOC_TYPES:
        if re.search(pattern, title, re.I):
            return key
    head = doc.text[:3000]
    for key, pattern in DOC_TYPES:
        if key == "committee-report" and re.search(pattern, head, re.I):
            return key
    # a guide walks the reader through steps: "Step One: Decide ...", "Step 2 - Register ..."
    steps = sum(1 for b in doc.blocks if b.kind == "heading" and _STEP_HEADING.match(b.text))
    if steps >= 3:
        return "guide"
    selfref = Counter()
    for m in re.finditer(
        r"\bth(?:is|e present)\s+(strategy|plan|framework|guide|report|needs assessment|document)\b",
        doc.text,
        re.I,
    ):
        selfref[m.group(1).lower()] += 1
    selfref.pop("document", None)
    if selfref:
        word = selfref.most_common(1)[0][0]
        return {"needs assessment": "needs-assessment"}.get(word, word)
    return None


def find_title(doc: StructuredDocument) -> tuple[str, Span]:
    """The printed title: a committee report's TITLE row, else the loader's title."""
    for b in doc.blocks[:40]:
        if (
            b.kind == "table_row"
            and b.cells
            and re.fullmatch(r"(?:report\s+)?title:?", b.cells[0].text, re.I)
        ):
            cell = next((c for c in b.cells[1:] if c.text), None)
            if cell:
                return _tidy_title(cell.text), Span(cell.start, cell.end)
    title = _tidy_title(doc.title or doc.source)
    for b in doc.blocks[:60]:
        if b.text.strip() and _tidy_title(b.text) == title:
            return title, Span(b.start, b.end)
    first = next((b for b in doc.blocks if b.text.strip()), None)
    return title, Span(first.start, first.end) if first else Span(0, 0)


def _tidy_title(t: str) -> str:
    t = re.sub(r"\s+", " ", t).strip(" :-–")
    if t.isupper() and len(t) > 12:
        t = _smart_title(t)
    m = _COUNCIL_BEFORE_TITLE.match(t)
    if m and len(t[m.end() :].split()) >= 3:
        t = t[m.end() :]  # the publisher, not the title: "West Sussex County Council Comprehensive ..."
    return t


def _smart_title(t: str) -> str:
    small = {"and", "of", "the", "for", "in", "to", "on", "a", "an", "by", "with"}
    words = []
    for i, w in enumerate(t.lower().split()):
        words.append(w if (i and w in small) else w[:1].upper() + w[1:])
    out = " ".join(words)
    return re.sub(r"'S\b", "'s", out)


# A cover's date stands alone on its line or after a label: "December 2006", "DATE: 4 JULY 2016",
# "Published: March 2031". A year inside a sentence or a period is not the issue date.
_COVER_DATE = re.compile(
    rf"(?:^|\bdate[d]?\s*:?\s*|\bpublished\s*:?\s*|\bissued\s*:?\s*|\s{{3,}}|\t)"
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{MONTH})\.?,?\s+(?P<year>(?:19|20)\d\d)\s*$",
    re.I,
)


_DATE_LABEL = r"(?:date|date of (?:meeting|report|decision)|published)\s*:?"


def issued_from_text(text: str) -> str | None:
    """The issue date a cover line prints, as ISO text ("2031-03-12", "2029-11"), else None."""
    m = _COVER_DATE.search(text.strip())
    if m is None:
        return None
    month = next(i for i, name in enumerate(MONTHS, 1) if name.startswith(m.group("month").lower()[:3]))
    iso = f"{m.group('year')}-{month:02d}"
    day = m.group("day")
    return f"{iso}-{int(day):02d}" if day and 1 <= int(day) <= 31 else iso


def find_issued(doc: StructuredDocument) -> tuple[str, Span] | None:
    """The issue date printed on the cover or in a report's header table (first blocks only:
    dates further in are of events the document reports, not of the document)."""
    for b in doc.blocks[:25]:
        if b.kind == "table_row" and b.cells:
            for label, value in zip(b.cells, b.cells[1:], strict=False):
                is_date = re.fullmatch(_DATE_LABEL, label.text.strip(), re.I)
                if is_date and (iso := issued_from_text(value.text)):
                    return iso, Span(value.start, value.end)
            continue
        offset = b.start
        for line in b.text.split("\n"):
            if len(line) < 160 and (iso := issued_from_text(line)):
                return iso, Span(offset, offset + len(line))
            offset += len(line) + 1
    return None


def extract_metadata(doc: StructuredDocument) -> DocumentRecord:
    title, span = find_title(doc)
    area = detect_area(doc, title)
    start, end = period_from_text(title)
    if start is None:
        for b in doc.blocks[:12]:
            if b.kind in ("heading", "title", "paragraph") and len(b.text) < 200:
                start, end = period_from_text(b.text)
                if start:
                    break
    issued = find_issued(doc)
    return DocumentRecord(
        title=title,
        issued=issued[0] if issued else None,
        area=area,
        period_start=start,
        period_end=end,
        doc_type=detect_type(doc, title),
        spans=[span],
    )
