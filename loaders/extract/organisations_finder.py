"""Finding organisation names in running text: capitalised spans that end in a head noun.

A name is a run of capitalised words (with "and", "&", "of", "for" inside) that ends in a
head noun ("Board", "Trust", "Directorate", lower case "team"/"group" after a capitalised
name), optionally followed by a complement ("Department for Education"). The run is then
trimmed of what is not the name: a leading verb or preposition ("Develop the ...",
"Requires the ..."), a post ("Director of ..."), a figure label ("Table 6 ..."); split where
it is two names ("X Panel and Y Panel", "X sub-group of the Y Board") or a list ("Education,
CAMH, Connexions, and Youth Service"); dropped when the head is a modifier ("Youth Service
Action Plan"); and judged against the document's vocabulary (``organisations_vocab``), which
rejects documents ("... Framework") and generic phrases that name no body ("Family Support
Services").

>>> from ckg.loaders.text import load_string
>>> doc = load_string("Develop the Children's Information Service. The Corporate Parenting Panel "
...                   "and the Bedfordshire Allocation Panel meet; the Youth Service Action Plan is late.")
>>> [n.text for n in find_names(doc, DocVocab.of(doc, "Bedfordshire"))]
['Corporate Parenting Panel', 'Bedfordshire Allocation Panel']
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ckg.loaders.extract.organisations_names import (
    COMPLEMENT_HEADS,
    HEAD_KINDS,
    LOWER_HEADS,
    ROLE_WORDS,
    is_acronym,
    wordset,
)
from ckg.loaders.extract.organisations_vocab import (
    LEAD_JUNK,
    DocVocab,
    acceptable,
    council_tail,
    expand_coordination,
    place_prefix,
    places_only,
)
from ckg.loaders.structure import StructuredDocument

# Heads of a body that sits within another: "the Joint Commissioning sub-group of the Trust Board".
_SUB_HEADS = wordset(
    "group groups sub-group subgroup sub-groups team committee panel Sub-Group Sub-group Subgroup "
    "Sub-Committee Sub-committee Committee Panel Team Unit Group Groups"
)
_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'’\-]*[A-Za-z0-9'’])?\.?|&|[–—]|-|,|\n|[^\sA-Za-z0-9]")
_NAME_CONNECTORS = wordset("and & of for the in on")
_LABELS = wordset("Priority Theme Objective Outcome Aim Goal")
_SERVED = wordset("Children People Adults Families Pupils Learners Women Men Parents Carers")
# what a body does to a service it runs: "the X Service provided by Y", "Y's X Service"
_UNIT_CONTEXT_AFTER = re.compile(
    r"\s+(?:(?:provided|run|managed|delivered|hosted)\s+by\s+(?:the\s+)?[A-Z]|"
    # "the Placements Hub within the Commissioning Team": a unit inside a unit
    r"(?:within|inside|part\s+of)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:and\s+)?){0,6}"
    r"(?:Team|Service|Directorate|Department|Division|Unit|Council)\b|"
    # "the Family Information Service can provide advice": a service that acts is a unit
    r"(?:can\s+|will\s+|also\s+|currently\s+)?(?:provides|offers|runs|manages|commissions|assesses|"
    r"delivers|employs|is\s+responsible\s+for|can\s+provide|can\s+offer)\b)"
)
_UNIT_CONTEXT_BEFORE = re.compile(r"(?:Council|Trust|Authority|Directorate)['’]s\s+$")
_ABBREVIATION_DOT = wordset("St. Dr. St Dr")


@dataclass
class Found:
    """A name found in the text: as printed, with its offsets."""

    text: str
    start: int
    end: int
    head: str


@dataclass
class _Tok:
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return self.text if self.text in _ABBREVIATION_DOT else self.text.rstrip(".")

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper() or (self.text[:1].isdigit() and not self.text.isdigit())

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


def segments(doc: StructuredDocument):
    """(start, end) of the pieces of text a name cannot cross: table cells, else whole blocks."""
    for b in doc.blocks:
        if b.kind == "table_row" and b.cells:
            for c in b.cells:
                if c.text.strip():
                    yield b, c.start, c.end
        else:
            yield b, b.start, b.end


def tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _is_head(toks: list[_Tok], i: int) -> bool:
    t = toks[i]
    if t.word in HEAD_KINDS:
        return True
    return t.word.lower() in LOWER_HEADS and t.text[:1].islower()


def _runs(text: str, toks: list[_Tok], soft_wraps: bool = True) -> list[list[_Tok]]:
    """Maximal runs of tokens a name can be made of (capitalised words, connectors, numbers, commas)."""
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for i, t in enumerate(toks):
        ok = False
        if t.is_word and (t.cap or t.text.isdigit()):
            ok = True
        elif t.word in _NAME_CONNECTORS or t.text == "&":
            ok = bool(cur)
        elif t.word == "with":  # "Children with Disabilities Service": the people a unit serves
            ok = bool(cur) and cur[-1].word in _SERVED and i + 1 < len(toks) and toks[i + 1].cap
        elif t.text in ("–", "-", "—"):
            ok = bool(cur) and cur[-1].text.isdigit() and i + 1 < len(toks) and toks[i + 1].text.isdigit()
        elif t.text == ",":
            ok = bool(cur) and i + 1 < len(toks) and (toks[i + 1].cap or toks[i + 1].word == "and")
        elif t.is_word and _is_head(toks, i):
            ok = bool(cur) and cur[-1].cap
        elif t.text == "\n":
            line_start = text.rfind("\n", 0, t.start) + 1
            line = text[line_start : t.start]
            ok = (
                soft_wraps
                and bool(cur)
                and len(line) >= 30
                and not re.search(r"\s[-–—]\s", line)
                and not _is_head(cur, len(cur) - 1)
            )
        elif t.word.lower() == "sub" and i + 1 < len(toks) and toks[i + 1].word.lower().startswith("group"):
            ok = bool(cur)
        if ok:
            if t.text == "\n" and cur and cur[-1].text == "\n":
                ok = False
            else:
                cur.append(t)
        if not ok:
            if cur:
                runs.append(cur)
            cur = [t] if t.is_word and t.cap else []
        if t.text.endswith(".") and t.text not in _ABBREVIATION_DOT and len(t.word) > 1 and cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [[t for t in r if t.text != "\n"] for r in runs]


def _split_list(run: list[_Tok]) -> list[list[_Tok]]:
    """A run with commas is a list of names unless the comma sits inside one name
    ("Heywood, Middleton & Rochdale ...", "Department for Children, Schools and Families")."""
    parts: list[list[_Tok]] = [[]]
    for t in run:
        if t.text == ",":
            parts.append([])
        else:
            parts[-1].append(t)
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return parts
    for k, p in enumerate(parts[:-1]):
        if any(t.word in COMPLEMENT_HEADS for t in p) and any(t.word in ("for", "of") for t in p):
            last = next(
                (j for j in range(k + 1, len(parts)) if any(t.word in ("and", "&") for t in parts[j])), None
            )
            if last is not None and _complement_items(parts[k + 1 : last + 1]):
                return [
                    *parts[:k],
                    [t for q in parts[k : last + 1] for t in q],
                    *_split_list_rest(parts[last + 1 :]),
                ]
    second = list(parts[-1])
    while second and second[-1].word in _NAME_CONNECTORS:
        second.pop()
    if (
        len(parts) == 2
        and len(parts[0]) <= 2
        and not any(_is_head(parts[0], i) for i in range(len(parts[0])))
    ):
        words = [t.word for t in second]
        joint = next((i for i, w in enumerate(words) if w in ("&", "and")), None)
        if (
            joint is not None
            and _is_head(second, len(second) - 1)
            and not any(_is_head(second, i) for i in range(joint))
        ):
            return [parts[0] + second]
    return parts


def _complement_items(parts: list[list[_Tok]]) -> bool:
    """Whether parts after "Board for A," are more items of the complement ("B and C"), not more bodies."""
    for n, q in enumerate(parts):
        joint = next((i for i, t in enumerate(q) if t.word in ("and", "&")), len(q))
        upto = joint if n == len(parts) - 1 else len(q)
        if any(_is_head(q, i) for i in range(upto)):
            return False
    return True


def _split_list_rest(parts: list[list[_Tok]]) -> list[list[_Tok]]:
    return [p for p in parts if p]


def _name_in(part: list[_Tok]) -> list[list[_Tok]]:
    """The names in one list item: up to the last head noun, split at "and" between two names."""
    while part and part[-1].word in _NAME_CONNECTORS:
        part = part[:-1]
    heads = [i for i in range(len(part)) if _is_head(part, i)]
    if not heads:
        return []
    h = heads[-1]
    tail = part[h + 1 :]
    if tail and part[h].word in COMPLEMENT_HEADS and tail[0].word in ("for", "of"):
        while tail and not (tail[-1].cap and tail[-1].word[:1].isalpha()):
            tail = tail[:-1]
        placed = any(places_only(tail[1 : 1 + n]) for n in (1, 2, 3))
        if len(tail) >= 3 and tail[0].word == "for" and placed and _is_head(tail, len(tail) - 1):
            return [
                *_name_in(part[: h + 1]),
                *_name_in(tail[1:]),
            ]  # "X University for West Sussex County Council"
        if len(tail) >= 2:  # "Department for Education", "Boards for Autism, ..."
            whole = part[: h + 1 + len(tail)]
            for k in range(
                1, h
            ):  # unless an earlier body comes first: "University of London and Department for X"
                if (
                    whole[k].word in ("and", "&")
                    and whole[k + 1].word in COMPLEMENT_HEADS
                    and _complete(whole[:k])
                ):
                    return [*_name_in(whole[:k]), whole[k + 1 :]]
            return [whole]
        tail = []
    if tail and tail[0].word in ("and", "&"):
        return [*_name_in(part[: h + 1]), *_name_in(tail[1:])]
    if len(tail) >= 2 and tail[0].word in _LABELS and tail[1].word.isdigit():
        return [part[: h + 1]]  # a table cell "Children's Trust Priority 1: ..."
    if tail and tail[0].word not in _NAME_CONNECTORS:
        return []  # the head is a modifier: "Youth Service Action Plan"
    name = part[: h + 1]
    for k in range(len(name) - 1):  # "Local Safeguarding Children Board PCT": two bodies run together
        if _is_head(name, k) and name[k + 1].word in ("PCT", "CCG", "ICB") and k + 1 == len(name) - 1:
            return [*_name_in(name[: k + 1]), *_name_in(name[k + 1 :])]
    # "X sub-group of the Y Board": two bodies, the first within the second
    for k in range(1, len(name) - 2):
        if not (_is_head(name, k) and name[k + 1].word in ("of", "for")):
            continue
        j = k + 2 + (name[k + 2].word == "the")
        placed = any(places_only(name[j : j + n]) for n in (1, 2, 3))
        if j < len(name) and (name[k].word in _SUB_HEADS or (name[k + 1].word == "for" and placed)):
            return [
                *_name_in(name[: k + 1]),
                *_name_in(name[j:]),
            ]  # "X University for West Sussex County Council"
    # split "A Panel and B Panel" where the left side is a name in its own right
    for k, t in enumerate(name):
        if t.word in ("and", "&") and 0 < k < len(name) - 1:
            left = name[:k]
            right = name[k + 1 :]
            if (
                places_only(left)
                and not any(places_only(right[:n]) for n in (1, 2, 3))
                and not place_prefix(name[: k + 2])
            ):
                return _name_in(
                    name[k + 1 :]
                )  # "West Sussex and Clinical Commissioning Group (CCG) populations"
            whole = len(left) >= 2 or left[0].word in ("Council", "Councils", "Trust")
            complement = any(
                x.word in COMPLEMENT_HEADS and y.word in ("for", "of") for x, y in itertools.pairwise(left)
            )
            nxt = name[k + 1 : k + 3]
            new_body = is_acronym(nxt[0].word) or (
                len(nxt) == 2 and nxt[0].word in COMPLEMENT_HEADS and nxt[1].word in ("for", "of")
            )
            if whole and complement and new_body:
                return [left, *_name_in(name[k + 1 :])]  # "University of Oxford & DCSF"
            shared = (
                name[-1].word.endswith("s") and name[-1].word[:-1] in HEAD_KINDS
            )  # "JR and Horton Hospitals"
            if len(left) == 1 and is_acronym(left[0].word) and _is_head(name, len(name) - 1) and not shared:
                return _name_in(name[k + 1 :])  # "OCC and PCT": the acronym is found on its own
            if whole and _is_head(left, len(left) - 1) and left[0].word != "Joint":
                return [*_name_in(left), *_name_in(name[k + 1 :])]
    return [name]


def _trim(name: list[_Tok]) -> list[_Tok]:
    """Drop what is not the name: leading verbs and labels, a post before the body."""
    # "GPs in the Coastal CCG", "Develop the X", "PROGRESS The Quality Team": cut after the article
    for k in range(len(name) - 1, 0, -1):
        if name[k].word in ("the", "The") and name[k - 1].word not in ("of", "for", "in", "on"):
            name = name[k + 1 :]
            break
    # "GPs in Coastal West Sussex CCG": what comes before "in" is not part of the name
    for k in range(1, len(name) - 1):
        if name[k].word in ("in", "at", "from", "on", "with") and not (
            name[k].word == "with" and name[k - 1].word in _SERVED
        ):
            if not any(x.word in COMPLEMENT_HEADS for x in name[:k]) and not any(
                _is_head(name, i) for i in range(k)
            ):
                name = name[k + 1 :]
            break
    # a post: "Service Director Children's Directorate", "Director of Children's Services"
    for k in range(len(name) - 1, -1, -1):
        if name[k].word in ROLE_WORDS and not (k > 0 and name[k - 1].word in ("of", "for")):
            rest = name[k + 1 :]
            while rest and rest[0].word in ("of", "for", "and", "&", "the", "in"):
                rest = rest[1:]
            name = rest
            break
    while name and (
        name[0].word.lower() in LEAD_JUNK
        or name[0].word in ("and", "&", "of", "for", "in", "on")
        or (name[0].word.replace(".", "").isdigit() and not (len(name) > 2 and name[1].text in "–-"))
        or (re.fullmatch(r"[\d.–-]+", name[0].word) and len(name) > 1 and name[1].word in ("and", "&", "of"))
    ):
        if name[0].word == "Our" and len(name) > 1 and name[1].word.startswith("Lady"):
            break
        if name[0].word in COMPLEMENT_HEADS and len(name) > 1 and name[1].word in ("for", "of"):
            break
        if name[0].word.lower() in ("figure", "table", "chart", "appendix") and len(name) > 1:
            name = name[1:]
        name = name[1:]
    while name and (
        name[-1].word in _NAME_CONNECTORS
        or re.fullmatch(r"(?:19|20)\d\d[a-z]?", name[-1].word)  # a citation's year
        or (name[-1].word.lower() in LEAD_JUNK and not _is_head(name, len(name) - 1))
    ):
        name = name[:-1]
    return name


def _complete(toks: list[_Tok]) -> bool:
    """A name in its own right: it ends in a head noun or has one with a complement."""
    if toks and _is_head(toks, len(toks) - 1):
        return True
    return any(x.word in COMPLEMENT_HEADS and y.word in ("for", "of") for x, y in itertools.pairwise(toks))


def _text(text: str, name: list[_Tok]) -> tuple[str, int, int]:
    s, e = name[0].start, name[-1].end
    if text[e - 1] == "." and name[-1].text not in _ABBREVIATION_DOT:
        e -= 1
    return re.sub(r"\s+", " ", text[s:e]), s, e


def find_names(doc: StructuredDocument, vocab: DocVocab, skip=lambda b: b.kind == "heading") -> list[Found]:
    """Every organisation name in the document's text, in order (headings skipped by default)."""
    text = doc.text
    out: list[Found] = []
    for block, start, end in segments(doc):
        if skip(block):
            continue
        out.extend(find_names_in(text, start, end, vocab))
    return out


def find_names_in(text: str, start: int, end: int, vocab: DocVocab) -> list[Found]:
    out: list[Found] = []
    lines = text[start:end].split("\n")
    soft = len(lines) > 1 and sorted(len(x) for x in lines)[len(lines) // 2] >= 30
    for run in _runs(text, tokens(text, start, end), soft):
        for part in _split_list(run):
            for name in _name_in(part):
                name = council_tail(_trim(name))
                if not name:
                    continue
                heads = [i for i in range(len(name)) if _is_head(name, i)]
                if not heads:
                    continue
                s, a, b = _text(text, name)
                comp = [
                    i
                    for i in heads[:-1]
                    if name[i].word in COMPLEMENT_HEADS and name[i + 1].word in ("for", "of")
                ]
                head = name[comp[0]].word if comp else name[heads[-1]].word
                unit = bool(
                    _UNIT_CONTEXT_AFTER.match(text, b) or _UNIT_CONTEXT_BEFORE.search(text, max(0, a - 40), a)
                )
                if acceptable(s, vocab, head, unit):
                    out.extend(Found(n, a, b, head) for n in expand_coordination(s))
    return out
