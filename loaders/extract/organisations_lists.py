"""Bodies named in lists rather than by a head noun: sub-groups, schools, partners, providers.

Many bodies a researcher asks about carry no "Board" or "Trust" in their name ("Bookfeast",
"Age UK", "Sandhills Community Primary", "Be Healthy"). Documents name them in a handful of
list shapes, and the shape says what they are:

- a board's sub-groups listed after "The board has agreed a number of sub groups ...";
- schools listed after "... schools ...:" ;
- partners after "a partnership between A, B and C";
- providers or members in brackets after "providers", "members", "organisations":
  "(Ark-T and OYAP)", "(e.g. Yellow Submarine, Age UK, Dimensions)";
- the organisation a case study is about: "Case Study 2: BookFeast - Lunchboox";
- resource lists "Title – Organisation (272KB, PDF)" under a "Case studies" heading;
- directory entries "Name. This site ..." under an "organisations" heading;
- the organisation column of a "Name | Role | Organisation" table.

Each item must still look like a name (capitalised words, a distinctive word for lists of
providers), so a list of outcomes or of services is not taken for one of bodies.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.organisations_vocab import DocVocab
>>> doc = load_string("The board has agreed a number of sub groups that work to them. These are "
...                   "Be Healthy, Stay Safe, Looked After Children, the Heads Forum and Equalities.")
>>> [(i.name, i.group_of) for i in list_items(doc, DocVocab.of(doc))][:3]
[('Be Healthy sub group', 'board'), ('Stay Safe sub group', 'board'), ('Looked After Children sub group', 'board')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ckg.loaders.extract.organisations_names import (
    ROLE_WORDS,
    canonical_form,
    head_of,
    is_acronym,
    kind_of,
    wordset,
)
from ckg.loaders.extract.organisations_vocab import DocVocab
from ckg.loaders.sentences import sentence_spans
from ckg.loaders.structure import StructuredDocument


@dataclass
class ListItem:
    name: str
    start: int
    end: int
    kind: str
    group_of: str | None = None  # "board": a sub-group of the last board named before ``start``
    parent_text: str | None = None  # printed name of the parent ("X, Y" in an organisation column)
    publisher: bool = False  # named in an "Authors" table


_PLACE_WORDS = wordset(
    "City County Town Borough District Area North South East West Central Northern Southern Rural "
    "England Wales Scotland Britain Great UK Ireland Northern"
)
_SUBGROUP = re.compile(
    r"\b(sub[- ]?groups?|sub[- ]?committees?|working groups|task (?:and finish )?groups|work ?streams)\b",
    re.I,
)
_SCHOOLS_LEAD = re.compile(r"\b(?:schools|academies)\b[^:.]{0,80}:\s*", re.I)
_PARTNERSHIP = re.compile(r"\b(?:partnership|collaboration|consortium|alliance)\s+(?:between|of)\s+", re.I)
_ORG_NOUNS = re.compile(
    r"\b(?:providers?|organisations?|organizations?|members?|charities|charity|partners?|agencies)\b", re.I
)
_PAREN = re.compile(r"\(\s*(?:e\.g\.?,?|eg,?|i\.e\.?,?|such as|including)?\s*([^()\n]{2,160}?)\s*\)")
_EG_RUN = re.compile(r"\b(?:e\.g\.?|such as|including)\s+((?:[A-Z][\w'’&.-]*[ ,]*(?:and\s+)?){1,12})")
_CASE_STUDY = re.compile(r"case\s+study\s*\d*\s*[:.–-]\s*(.+)$", re.I)
_RESOURCE_SECTION = re.compile(r"case\s+stud|resources|useful\s+links|further\s+information", re.I)
_DIRECTORY_SECTION = re.compile(r"\borgani[sz]ations\b|\bdirectory\b|\bpartners\b", re.I)
_ORG_COLUMN = re.compile(r"^(?:organi[sz]ation|agency|employer)s?$", re.I)
_SMALL = wordset("and & of for the in on at upon le la de a with to")
_ITEM_JUNK = wordset("these this those the a an it they we there which who that such")
_LIST_LEAD = re.compile(
    r"\b(?:a number of|the following|following|several|various|its|their|these|\d+|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve)\s+(?:\w+\s+)?$",
    re.I,
)


def _sentences(text: str, start: int, end: int):
    """(start, end) of each sentence of ``text[start:end]``, from the shared splitter."""
    for a, b in sentence_spans(text[start:end]):
        yield start + a, start + b


def _title_case(s: str, max_words: int = 8) -> bool:
    ws = re.findall(r"[\w'’.&-]+", s)
    if not ws or len(ws) > max_words or not ws[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in ws)


def _items(text: str, start: int, end: int, split_last_and: bool = True) -> list[tuple[str, int, int]]:
    """A printed list cut into (item, start, end): commas and semicolons, then the last "and"."""
    seg = text[start:end]
    raw: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\s*[;,]\s*|\s*\.\s*$", seg):
        raw.append((pos, m.start()))
        pos = m.end()
    raw.append((pos, len(seg)))
    raw = [(a, b) for a, b in raw if seg[a:b].strip()]
    out: list[tuple[str, int, int]] = []
    for n, (a, b) in enumerate(raw):
        piece = seg[a:b]
        m = re.search(
            r"\b(?:such as|including|namely|e\.g\.?)\s+|^(?:these|they|which)\s+(?:are|include)\s+",
            piece,
            re.I,
        )
        if m:
            a, piece = a + m.end(), piece[m.end() :]
        nxt = seg[raw[n + 1][0] : raw[n + 1][1]] if n + 1 < len(raw) else ""
        last = n == len(raw) - 1 or not nxt[:1].isupper()
        k = piece.rfind(" and ")
        if split_last_and and last and k > 0:
            out.append((piece[:k].strip(), start + a, start + a + k))
            rest = piece[k + 5 :]
            out.append((rest.strip(), start + a + k + 5, start + a + k + 5 + len(rest)))
        else:
            out.append((piece.strip(), start + a, start + b))
    return [(re.sub(r"^(?:the|and)\s+", "", s, flags=re.I).strip(" ."), a, b) for s, a, b in out if s.strip()]


def _is_item(name: str, vocab: DocVocab, need_distinct: bool, places_ok: bool = False) -> bool:
    if not _title_case(name, 8) or name.split()[0].lower() in _ITEM_JUNK:
        return False
    ws = re.findall(r"[\w'’.&-]+", name)
    if any(w in ROLE_WORDS for w in ws) or re.fullmatch(r"[\d\s.–-]+", name):
        return False
    if not places_ok and all(w in vocab.places or w in _PLACE_WORDS or w.lower() in _SMALL for w in ws):
        return False  # "Oxford City", "Northern Oxfordshire": a place, not a body
    if need_distinct:
        return bool(head_of(name)) or any(vocab.distinctive(w) for w in ws)
    return True


def sub_groups(doc: StructuredDocument) -> list[ListItem]:
    """Sub-groups a board lists: "The board has agreed a number of sub groups ... A, B and C"."""
    text = doc.text
    out: list[ListItem] = []
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item"):
            continue
        sents = list(_sentences(text, b.start, b.end))
        for n, (s, e) in enumerate(sents):
            m = _SUBGROUP.search(text, s, e)
            if not m or not re.search(
                r"\b(?:board|partnership|group|committee|forum|trust)\b", text[s:e], re.I
            ):
                continue
            if not _LIST_LEAD.search(text[max(s, m.start() - 40) : m.start()]):
                continue  # "the Joint Commissioning sub-group" names one; a list is announced
            noun = re.sub(r"s$", "", m.group(1).lower())
            colon = text.find(":", m.end(), e)
            spans = [(colon + 1, e)] if colon > 0 else sents[n + 1 : n + 3]
            for a, z in spans:
                items = [
                    (i, i0, i1)
                    for i, i0, i1 in _items(text, a, z)
                    if _title_case(i, 8) and i.split()[0].lower() not in _ITEM_JUNK
                ]
                if len(items) < 3:
                    continue
                for item, i0, i1 in items:
                    name = item if head_of(item) else f"{item} {noun}"
                    out.append(ListItem(name, i0, i1, "partnership", group_of="board"))
    return out


def listed_bodies(doc: StructuredDocument, vocab: DocVocab) -> list[ListItem]:
    """Schools after "schools ...:", partners after "a partnership between", bracketed providers."""
    text = doc.text
    out: list[ListItem] = []
    for b in doc.blocks:
        if b.kind == "heading":
            continue
        for s, e in _sentences(text, b.start, b.end):
            sent = text[s:e]
            m = _SCHOOLS_LEAD.search(sent)
            if m:
                items = _items(text, s + m.end(), e)
                ok = [(i, a, z) for i, a, z in items if _is_item(i, vocab, True, places_ok=True)]
                if len(items) >= 3 and len(ok) >= 0.8 * len(items):  # schools are named after places
                    out += [ListItem(i, a, z, "school") for i, a, z in ok]
            for m in _PARTNERSHIP.finditer(sent):
                stop = re.search(r"\.\s|\.$|\b(?:to|who|which|that|in order)\b", sent[m.end() :])
                end = s + m.end() + (stop.start() if stop else len(sent) - m.end())
                items = _items(text, s + m.end(), end)
                if len(items) >= 2 and all(_is_item(i, vocab, True) for i, _, _ in items):
                    out += [ListItem(i, a, z, kind_of(i) if head_of(i) else "provider") for i, a, z in items]
            if _ORG_NOUNS.search(sent):
                for m in _PAREN.finditer(sent):
                    if not _ORG_NOUNS.search(sent[: m.start()]) or is_acronym(m.group(1).strip()):
                        continue
                    items = _items(text, s + m.start(1), s + m.end(1))
                    if items and all(_is_item(i, vocab, True) for i, _, _ in items):
                        out += [
                            ListItem(i, a, z, kind_of(i) if head_of(i) else "provider") for i, a, z in items
                        ]
                for m in _EG_RUN.finditer(sent):
                    items = _items(text, s + m.start(1), s + m.end(1))
                    if len(items) >= 2 and all(_is_item(i, vocab, True) for i, _, _ in items):
                        out += [
                            ListItem(i, a, z, kind_of(i) if head_of(i) else "provider") for i, a, z in items
                        ]
    return out


def case_studies(doc: StructuredDocument, vocab: DocVocab) -> list[ListItem]:
    """The body a case study is about, and bodies in resource lists and directories."""
    out: list[ListItem] = []
    for b in doc.blocks:
        if b.kind == "heading":
            m = _CASE_STUDY.search(b.text)
            if m:
                name = re.split(r"\s+[-–—]\s+|:\s*", m.group(1).strip())[0].strip(" *")
                if _title_case(name, 6):
                    a = b.start + b.text.find(name)
                    kind = kind_of(name)
                    if kind not in ("local-authority", "health-body", "school", "national-body"):
                        kind = "provider"
                    out.append(ListItem(name, a, a + len(name), kind))
            continue
        section = " ".join(b.section[-1:])
        flat = re.sub(r"\s+", " ", b.text)
        if _RESOURCE_SECTION.search(section):
            parts = re.split(r"\s+[–—-]\s+", re.sub(r"\s*\(\d+\s*[KM]B[^)]*\)\s*$", "", flat), maxsplit=1)
            if len(parts) == 2:
                side = [p for p in parts if _title_case(re.sub(r"\s*\([A-Z]+\)", "", p), 12)]
                if len(side) == 1:
                    whole = re.sub(r"\s*\([A-Z]+\)", "", side[0])
                    halves = re.split(r"\s+and\s+(?=[A-Z])", whole, maxsplit=1)
                    for name in halves if len(halves) == 2 and head_of(halves[0]) else [whole]:
                        if head_of(name) or _is_item(name, vocab, False):
                            a = max(b.text.find(name.split()[0]), 0) + b.start
                            out.append(
                                ListItem(
                                    name, a, a + len(name), kind_of(name) if head_of(name) else "provider"
                                )
                            )
        if _DIRECTORY_SECTION.search(section) and b.kind == "paragraph":
            m = re.match(r"([A-Z][^.\n]{2,90}?)(?:\.\s|\n)", b.text)
            if (
                m
                and _title_case(m.group(1), 10)
                and (head_of(m.group(1)) or _is_item(m.group(1), vocab, True))
            ):
                out.append(ListItem(m.group(1), b.start, b.start + m.end(1), kind_of(m.group(1))))
    return out


def organisation_columns(doc: StructuredDocument, vocab: DocVocab) -> list[ListItem]:
    """The organisation cell of "Name | Role | Organisation" rows ("West Sussex DAAT, WSCC")."""
    out: list[ListItem] = []
    column: dict[tuple[str, ...], int] = {}
    for b in doc.blocks:
        if b.kind != "table_row" or not b.cells:
            continue
        cells = b.cells
        hdr = [i for i, c in enumerate(cells) if _ORG_COLUMN.match(c.text.strip())]
        if hdr:
            column[b.section] = hdr[0]
            continue
        col = column.get(b.section)
        filled = [c for c in cells if c.text.strip()]
        if col is None and len(filled) >= 3 and _person(filled[0].text):
            col = cells.index(filled[-1])
        if col is None or col >= len(cells):
            continue
        cell = cells[col]
        parts = [p for p in re.split(r"\s*(?:,|/|\band\b)\s*", cell.text.strip()) if p]
        authors = any(re.search(r"\bauthors?\b", s, re.I) for s in b.section[-1:])
        for n, p in enumerate(parts):
            p = re.sub(r"\s*\([A-Z&]+\)$", "", p)  # "Kent County Council (KCC)"
            if not (is_acronym(p) or head_of(canonical_form(p))) or any(w in ROLE_WORDS for w in p.split()):
                continue
            a = cell.start + cell.text.find(p)
            parent = parts[-1] if n < len(parts) - 1 else None
            out.append(ListItem(p, a, a + len(p), kind_of(p), parent_text=parent, publisher=authors))
    return out


def _person(s: str) -> bool:
    ws = s.strip().split()
    return (
        2 <= len(ws) <= 4
        and all(re.fullmatch(r"[A-Z][a-z'’-]+(?:-[A-Z][a-z]+)?", w) for w in ws)
        and not head_of(s)
    )


def list_items(doc: StructuredDocument, vocab: DocVocab) -> list[ListItem]:
    """Every list-borne body, in document order."""
    items = (
        sub_groups(doc)
        + listed_bodies(doc, vocab)
        + case_studies(doc, vocab)
        + organisation_columns(doc, vocab)
    )
    return sorted(items, key=lambda i: (i.start, i.end))
