"""How bodies relate (parent, members) and which of them publish the document.

Relations are read where the text states them, between two bodies named in one sentence:
"X, a sub-group of Y", "X reports to Y", "Directorates within Y", "the X Service provided
by Y", "Y's X team"; from a name that contains its parent ("Bedfordshire County Council
Commissioning Service"); from a board's list of sub-groups; from an organisation column
"West Sussex DAAT, WSCC". Members are the bodies listed after "X is a partnership between",
"X comprises", "X includes", "It includes" (X the partnership just named).

Publishers are the bodies that own the document: those on the cover (before the first
section), those after "Prepared by", "Report by", "commissioned by", "completed by" on the
first pages or in a sentence about "this report/strategy", the organisations of an
"Authors" table, and a body printed just before the document's own title words
("The Children & Young People's Strategic Partnership Commissioning Strategy reflects ...").

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> from ckg.loaders.extract.organisations import extract_organisations
>>> doc = load_string("# Youth Strategy 2020\\n\\nPrepared by the Youth Partnership Board.\\n\\n"
...                   "The Reading Youth Forum, a sub-group of the Youth Partnership Board, meets monthly.")
>>> ctx = Context.for_document(doc, area="Reading")
>>> extract_organisations(doc, ctx)
>>> ctx.meta.publishers, ctx.orgs.get("Reading Youth Forum").parent
(['Youth Partnership Board'], 'Youth Partnership Board')
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.organisations_names import head_of
from ckg.loaders.structure import StructuredDocument

_CHILD_OF = re.compile(
    r"^,?\s*(?:\(|which\s+is\s+|is\s+|are\s+|as\s+)?(?:an?\s+|the\s+|one\s+of\s+the\s+)?(?:\w+\s+)?"
    r"(?:sub[- ]?groups?|sub[- ]?committees?|sub[- ]?boards?|working\s+groups?|part|arm|committees?|panels?|"
    r"teams?|units?|directorates?|services?|departments?|boards?)\s+(?:of|to|within|under|reporting\s+to)\s+(?:the\s+)?$",
    re.I,
)
_REPORTS_TO = re.compile(
    r"^,?\s*(?:which\s+)?(?:reports?|reporting|is\s+accountable|are\s+accountable|accountable|answerable)\s+"
    r"(?:directly\s+|formally\s+)?to\s+(?:the\s+)?$",
    re.I,
)
_WITHIN = re.compile(r"^\s+(?:within|in|of|at)\s+(?:the\s+)?$", re.I)
_PROVIDED_BY = re.compile(
    r"^\s+(?:provided|run|managed|hosted|delivered|commissioned)\s+by\s+(?:the\s+)?$", re.I
)
_POSSESSIVE = re.compile(r"^['’]s\s+$")
_MEMBERS = re.compile(
    r"(?<!\bto\s)\b(?:is\s+an?\s+(?:\w+\s+){0,3}(?:partnership|collaboration|consortium|alliance)\s+(?:between|of)|"
    r"comprises(?:\s+of)?|comprising|includes|brings\s+together|membership\s+(?:includes|comprises)|"
    r"members\s+(?:include|are)|is\s+made\s+up\s+of|include)\b",
    re.I,
)
_BY = re.compile(
    r"\b(?:prepared|produced|published|written|compiled|commissioned|completed|undertaken|carried\s+out|"
    r"developed|report|reports?)\s+(?:by|for|on\s+behalf\s+of)\s+(?:the\s+)?$",
    re.I,
)
_DOC_TYPE_WORD = re.compile(r"(?i)strategy|plan|framework|guide|report|assessment|review|statement")
_SELF_BY = re.compile(
    r"\bth(?:is|e\s+present)\s+(?:report|strategy|plan|document|guide|framework|needs\s+assessment|review)\b"
    r"[^.]{0,100}?\b(?:prepared|produced|published|written|compiled|commissioned|completed|developed)\s+"
    r"(?:by|for|on\s+behalf\s+of)\s+(?:the\s+)?$",
    re.I,
)
_SELF = re.compile(
    r"\bth(?:is|e\s+present)\s+(?:report|strategy|plan|document|guide|framework|needs\s+assessment|review)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bSt)(?<![A-Z])[.!?](?=\s+[A-Z(\"“]|\s*$)|\n\n")
_DEPARTMENT = re.compile(
    r"\b(children'?s\s+services|adult(?:s'?)?\s+services|adult\s+social\s+care|children'?s\s+social\s+care|"
    r"public\s+health|children,?\s+education\s+(?:&|and)\s+families|education\s+(?:&|and)\s+early\s+help|"
    r"social\s+(?:&|and)\s+community\s+services|people\s+directorate|children\s+and\s+young\s+people'?s\s+services)\b",
    re.I,
)
_UNIT_KINDS = ("team", "partnership")
_CLAUSE_WORD = re.compile(r"\b(?:is|are|was|were|has|have|will|with|by|to|who|which|that|sit|sits)\b", re.I)
# Bodies that sit within another; councils, NHS bodies and national bodies are not read as parts.
_CHILD_KINDS = ("team", "partnership", "other", "school", "provider")


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(
        (m.end() for m in _SENTENCE_END.finditer(text, max(0, pos - 600), pos)), default=max(0, pos - 600)
    )
    m = _SENTENCE_END.search(text, pos)
    return start, m.start() if m else len(text)


def link_bodies(doc: StructuredDocument, ctx: Context, located: list[tuple[int, int, str]], items) -> None:
    reg, text = ctx.orgs, doc.text

    def set_parent(child: str, parent: str | None) -> None:
        rec = reg.get(child)
        if rec is None or rec.kind not in _CHILD_KINDS or not parent or parent == child or rec.parent:
            return
        prec = reg.get(parent)
        if prec is not None and prec.parent != child and prec.kind != "school":
            rec.parent = parent

    def kind(name: str) -> str:
        rec = reg.get(name)
        return rec.kind if rec else "other"

    for item in items:
        name = reg.resolve(item.name)
        if not name:
            continue
        if item.parent_text:
            set_parent(name, reg.resolve(item.parent_text))
        if item.group_of:
            before = [n for a, _, n in located if item.start - 3000 < a < item.start and n != name]
            boards = [n for n in before if (head_of(n) or "").startswith("Board")] or [
                n for n in before if kind(n) == "partnership" and n not in (i.name for i in items)
            ]
            set_parent(name, boards[-1] if boards else None)
    names = [r.name for r in reg.records()]
    area = ctx.area or ""
    for (
        n
    ) in names:  # "Bedfordshire County Council Commissioning Service", "Drug Action Team Partnership Board"
        if kind(n) not in _UNIT_KINDS:
            continue
        for p in sorted(names, key=len, reverse=True):
            bare = p[len(area) + 1 :] if area and p.startswith(area + " ") else p
            acronyms = [a for a in reg.get(p).aliases if re.fullmatch(r"[A-Z&]{2,9}", a)]
            if p != n and any(n.startswith(x + " ") for x in {p, bare, *acronyms}):
                set_parent(n, p)
                break
    for n, (_a0, a1, a) in enumerate(located):
        # the next body named after this one (bodies read from one span share it)
        b0, b = next(((x0, x) for x0, _x1, x in located[n + 1 :] if x0 >= a1), (len(text), a))
        gap = text[a1:b0]
        if a == b or len(gap) > 60 or "\n\n" in gap:
            continue
        if (
            _CHILD_OF.match(gap)
            or _REPORTS_TO.match(gap)
            or (
                (_WITHIN.match(gap) or _PROVIDED_BY.match(gap))
                and kind(b) != "team"
                and (kind(a) == "team" or re.search(r"(?i)sub[- ]?(?:group|committee)$", a))
            )
        ):
            set_parent(a, b)
        elif _POSSESSIVE.match(gap) and kind(b) in _UNIT_KINDS and kind(a) not in _UNIT_KINDS:
            set_parent(b, a)
    _members(text, ctx, located)


def _list_glue(gap: str) -> bool:
    """Whether the text between two members is list punctuation or short unnamed items
    ("local GPs, councillors, "), not a clause ("are approved providers with the")."""
    pieces = [p for p in re.split(r"[,;()]|\band\b|&", gap) if p.strip()]
    return all(len(p.split()) <= 5 and not _CLAUSE_WORD.search(p) for p in pieces)


def _members(text: str, ctx: Context, located: list[tuple[int, int, str]]) -> None:
    reg = ctx.orgs
    last_subject: str | None = None
    last_end = -1
    for a0, _a1, a in located:
        if a0 < last_end:
            continue
        s, e = _sentence_bounds(text, a0)
        in_sentence = [(x0, x1, n) for x0, x1, n in located if s <= x0 < e]
        rec = reg.get(a)
        subject = a if rec is not None and rec.kind == "partnership" and in_sentence[0][0] == a0 else None
        lead = text[s:a0]
        if (
            subject is None
            and re.match(r"\s*(?:It|The\s+(?:Board|Partnership|Group|Forum))\s+", lead)
            and last_subject
        ):
            subject = last_subject
        m = _MEMBERS.search(text, s, e)
        anchor = a0 if subject == a else s
        if subject and m and m.start() - anchor < 100:
            srec = reg.get(subject)
            edge = m.end()
            for x0, x1, n in in_sentence:
                if x0 < edge:
                    continue
                if not _list_glue(text[edge:x0]):
                    break  # the list of members has ended ("... are approved providers with the Council")
                if srec is not None and n != subject and n not in srec.members:
                    srec.members.append(n)
                edge = x1
        last_subject = subject or (a if rec is not None and rec.kind == "partnership" else last_subject)
        last_end = e


_FRONT_MATTER = re.compile(
    r"(?:contents|index|introduction|authors?|contributors|acknowledgements|foreword|preface|"
    r"(?:executive\s+)?summary|purpose|background|\d+(?:\.\d+)*\.?\s)",
    re.I,
)


def _cover_end(doc: StructuredDocument) -> int:
    """Where the cover ends: the first long paragraph, table or front-matter heading (first 15 blocks)."""
    for n, b in enumerate(doc.blocks[:15]):
        if n > 0 and (
            (b.kind == "paragraph" and len(b.text) > 250)
            or b.kind == "table_row"
            or _FRONT_MATTER.match(b.text.strip())
        ):
            return b.start
    return doc.blocks[min(len(doc.blocks), 15) - 1].end if doc.blocks else 0


def _cover_line(doc: StructuredDocument, pos: int) -> bool:
    """Whether ``pos`` is on a cover line (a logo, a title), not in a sentence."""
    block = next((b for b in doc.blocks if b.start <= pos < b.end), None)
    if block is None:
        return False
    line = block.text.strip()
    return block.kind in ("title", "heading") or (
        len(line.split()) <= 12 and not line.endswith((".", ";", ":"))
    )


def publishers(
    doc: StructuredDocument, ctx: Context, located: list[tuple[int, int, str]], items
) -> list[str]:
    reg, text = ctx.orgs, doc.text
    out: list[str] = []

    def take(name: str | None) -> None:
        if name and name not in out and reg.get(name) is not None:
            out.append(name)

    cover = _cover_end(doc)
    council = reg.council_name()
    cover_text = text[:cover]
    if ctx.area and council:
        m = re.search(
            re.escape(ctx.area) + r"\s+(?:(?:county|borough|city|district)\s+)?council\b", cover_text, re.I
        )
        if m:
            take(reg.resolve_or_add(council, "local-authority"))
            reg.add(council, aliases=[re.sub(r"\s+", " ", m.group())])
            for b in doc.blocks:
                d = _DEPARTMENT.fullmatch(b.text.strip()) if m.end() <= b.start < cover else None
                if d:  # a department printed on its own under the council's name
                    dept = reg.add(
                        f"{council} {d.group(1)}", "team", parent=council, span=ctx.span(b.start, b.end)
                    )
                    reg.add(dept.name, aliases=[d.group(1)])
                    take(dept.name)
    for a0, _a1, name in located:
        if a0 < cover and _cover_line(doc, a0) and reg.get(name).kind != "national-body":
            take(name)
    early = len(text) // 10
    for a0, _a1, name in located:
        if _BY.search(text[max(0, a0 - 60) : a0].replace("\n", " ")):
            s, _e = _sentence_bounds(text, a0)
            if a0 < max(early, cover + 2000) or _SELF_BY.search(text[s:a0].replace("\n", " ")):
                take(name)
    for item in items:
        if item.publisher:
            take(reg.resolve(item.name))
    # the title's words up to its document type: "Commissioning Strategy" of "Commissioning Strategy ..."
    title_words = re.findall(r"[A-Za-z']+", ctx.meta.title or "")
    typed = next((i for i, w in enumerate(title_words[:5]) if _DOC_TYPE_WORD.fullmatch(w)), None)
    if typed is not None:
        own = re.compile(r"(?:['’]s)?\s+" + r"\s+".join(map(re.escape, title_words[: typed + 1])) + r"\b")
        befores = [text[max(0, m.start() - 120) : m.start()] for m in own.finditer(text)]
        for rec in reg.records() if befores else []:
            labels = [x for x in (rec.name, *rec.aliases) if len(x.split()) >= 2 and x[:1].isupper()]
            if any(re.search(r"(?<![\w-])" + re.escape(x) + r"$", b) for x in labels for b in befores):
                take(rec.name)
    return out
