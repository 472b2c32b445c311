"""Plain text and Markdown to structured text.

Council documents reach us as text converted from PDF or Word: Markdown-ish headings,
bullets of every kind ("-", "•", "- >", "1)", "a)"), tab-separated table rows (garbled,
cells repeated), stray HTML (<p>, <li>, <u>) and emphasis markers. This loader reads the
layout line by line into blocks and rebuilds a clean text (no markup) with
``TextBuilder``, so every format hands extraction the same kind of text.

>>> doc = load_string("## 6.1 Be Healthy\\n\\n- Develop 12 more family hubs by 2011;\\n\\n"
...                   "> Elmbury Health - Youth Counselling\\t£1,416,280\\n")
>>> [(b.kind, b.text) for b in doc.blocks]
[('heading', '6.1 Be Healthy'), ('list_item', 'Develop 12 more family hubs by 2011;'), ('table_row', 'Elmbury Health - Youth Counselling\\t£1,416,280')]
>>> doc.blocks[2].section, [c.text for c in doc.blocks[2].cells]
(('6.1 Be Healthy',), ['Elmbury Health - Youth Counselling', '£1,416,280'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ckg.loaders.encoding import decode_text
from ckg.loaders.structure import StructuredDocument, TextBuilder, sha256_bytes

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^[\s:|-]+$")  # not "\s*\|?[\s:|-]+\|?\s*": cubic on a long blank line
_BULLETS = "-*+•·●▪◦‣○■□➢►✓"
_BULLET_RUN = re.compile(r"^(\s*)((?:[" + re.escape(_BULLETS) + r">](?:\s+|(?=[^\s\w])|(?=[A-Z]))){1,3})")
_NUMBER_MARKER = re.compile(
    r"^(\(?(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[a-z][.)]|\([a-z]\)|[ivx]{1,4}[.)]|\([ivx]{1,4}\)))\s+(?=\S)"
)
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|\))?\s+[A-Z(]")
_LETTERED_HEADING = re.compile(r"^\d{1,2}[a-z]\)\s+[A-Z]")
_NAMED_HEADING = re.compile(r"^(appendix|annex|annexe|part|section|chapter|schedule)\s+[\w.]+\b", re.I)
_HTML_TAG = re.compile(
    r"</?(?:p|u|a|ul|ol|li|br|b|i|em|strong|span|div|sup|sub|font|table|tr|td|th|tbody|thead)(?:\s[^<>]*)?/?>",
    re.I,
)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_STRONG = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_EMPH = re.compile(r"(?<![\w*\\])\*([^*\n]+?)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([*_#\[\]()>`|\\-])")
_PAGE_FURNITURE = re.compile(r"^\s*(?:page\s+\d+\s+of\s+\d+|-\s*\d+\s*-)\s*$", re.I)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "into",
        "our",
        "your",
        "their",
        "its",
        "is",
        "are",
        "be",
        "as",
        "vs",
        "v",
    ]
)


@dataclass
class _Part:
    kind: str
    text: str
    level: int = 0
    marker: str = ""
    cells: list[str] = field(default_factory=list)


def clean_inline(s: str) -> str:
    """Remove Markdown emphasis, links, escapes and stray HTML; keep the words.

    >>> clean_inline("**7.1 Bedfordshire County Council** ensures [CAMHS](#x) 5A\\\\*-C <u>all</u>")
    '7.1 Bedfordshire County Council ensures CAMHS 5A*-C all'
    """
    s = s.replace("\u00a0", " ")
    s = re.sub(r"<li[^>]*>", "\n• ", s, flags=re.I)
    s = re.sub(r"</p>\s*<p[^>]*>", "\n", s, flags=re.I)
    s = _HTML_TAG.sub("", s)
    s = _MD_LINK.sub(r"\1", s)
    s = _STRONG.sub(lambda m: m.group(1) or m.group(2), s)
    s = _EMPH.sub(r"\1", s)
    s = _ESCAPE.sub(r"\1", s)
    s = s.replace("**", "")
    s = re.sub(r"[ \t]+", " ", s)
    s = re.sub(r" *\n *", "\n", s)
    return s.strip()


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower().strip("(),:&'’") not in _STOPWORDS and re.search(r"[A-Za-z]", w)]
    if not content:
        return False
    caps = sum(1 for w in content if w.lstrip("('‘\"")[:1].isupper())
    return caps / len(content) >= 0.75


def heading_level(line: str, next_is_block: bool) -> int | None:
    """Heading level of a lone plain-text line, or None if it reads as prose.

    >>> heading_level("7a) Keeping all children and young people safe", True)
    2
    >>> heading_level("It is estimated that there are 3,600 young people.", True)
    """
    s = clean_inline(line)
    bold = line.strip().startswith("**") and line.strip().rstrip().endswith("**")
    words = s.split()
    if not words or len(s) > 110 or len(words) > 16 or not re.search(r"[A-Za-z]{2}", s):
        return None
    if s[-1] in ".,;!" or s.startswith(("(", "'", '"', "“", "[")):
        return None
    if s[0].islower() or s[0] in "¹²³⁴⁵⁶⁷⁸⁹*":  # prose, or a footnote
        return None
    if re.search(r"@|www\.|https?:|\d{5,}|\b0\d{3,4} ?\d{6}\b", s):  # contact details, not headings
        return None
    if m := _NUMBERED_HEADING.match(s):
        if s.endswith(":") and len(words) > 6:
            return None
        return min(1 + m.group(1).count("."), 4)
    if _LETTERED_HEADING.match(s):
        return 2
    if _NAMED_HEADING.match(s):
        return 1
    if s.endswith(":"):
        return 3 if (_is_title_case(words) and len(words) <= 5) else None
    letters = [c for c in s if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.9 and len(letters) > 3:
        return 1
    if bold or _is_title_case(words):
        return 2
    if len(words) <= 6 and next_is_block:
        return 3
    return None


def _split_marker(line: str) -> tuple[int, str, str] | None:
    """(level, marker, rest) for a list line, else None."""
    m = _BULLET_RUN.match(line)
    indent = 0
    markers: list[str] = []
    rest = line
    if m and m.group(2).strip():
        indent = len(m.group(1).expandtabs(4))
        markers = [c for c in m.group(2) if not c.isspace()]
        rest = line[m.end() :]
        # A lone "-" or "*" must be followed by space to be a bullet ("-5%" is not a list).
        if m.group(2).strip() in ("-", "*", "+") and not m.group(2).endswith((" ", "\t")):
            return None
    num = _NUMBER_MARKER.match(rest)
    if num:
        marker = num.group(1)
        # "2014)." or a year is not a list number
        if re.fullmatch(r"\d{3,}", marker.strip("().")):
            num = None
    if num:
        if not markers:
            indent = len(line) - len(line.lstrip(" "))
        rest = rest[num.end() :]
        marker = num.group(1)
        n_markers = len(markers) + 1
    elif markers:
        marker = "".join(markers)
        n_markers = len(markers)
    else:
        return None
    level = max((indent + 1) // 2, n_markers - 1)
    return min(level, 6), marker, rest


def _table_cells(line: str) -> list[str] | None:
    stripped = re.sub(r"^\s*(?:>\s*)+", "", line)
    if "\t" in stripped.strip("\n"):
        cells = [clean_inline(c) for c in stripped.rstrip("\n").split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        return cells if any(cells) else None
    if _PIPE_ROW.match(line):
        return [clean_inline(c) for c in line.strip().strip("|").split("|")]
    return None


def parse(raw: str) -> tuple[list[_Part], str]:
    """Read lines into parts; return them and the first level-1 Markdown heading (title)."""
    lines = raw.split("\n")
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if _PAGE_FURNITURE.match(line):
            line = ""
        if line.strip(" \t\u00a0\u200b\ufeff"):
            current.append(line.rstrip())
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)

    parts: list[_Part] = []
    title = ""
    md_seen = any(_MD_HEADING.match(g[0]) for g in groups)
    for gi, group in enumerate(groups):
        para: list[str] = []

        def flush(para: list[str] = para) -> None:
            if para:
                text = clean_inline("\n".join(para))
                if text:
                    parts.append(_Part("paragraph", text))
                para.clear()

        if (
            len(group) == 1
            and not _MD_HEADING.match(group[0])
            and _table_cells(group[0]) is None
            and _split_marker(group[0]) is None
        ):
            nxt = groups[gi + 1] if gi + 1 < len(groups) else []
            level = heading_level(group[0], bool(nxt) and len(" ".join(nxt)) > 60)
            if level is not None:
                parts.append(_Part("heading", clean_inline(group[0]), level + (1 if md_seen else 0)))
                continue
        for line in group:
            if m := _MD_HEADING.match(line):
                flush()
                text = clean_inline(m.group(2))
                if text:
                    parts.append(_Part("heading", text, len(m.group(1))))
                    if not title and len(m.group(1)) == 1:
                        title = text
                continue
            if _PIPE_SEPARATOR.match(line) and "|" in line:
                continue
            cells = _table_cells(line)
            if cells is not None:
                flush()
                parts.append(_Part("table_row", "\t".join(cells), cells=cells))
                continue
            item = _split_marker(line)
            if item is not None:
                flush()
                level, marker, rest = item
                text = clean_inline(rest)
                if text:
                    parts.append(_Part("list_item", text, level, marker))
                continue
            if parts and parts[-1].kind == "list_item" and not para and line[:1] in (" ", "\t"):
                parts[-1].text += "\n" + clean_inline(line)  # indented continuation of a list item
                continue
            para.append(line)
        flush()
    return parts, title


def load_string(
    raw: str, source: str = "<string>", sha256: str = "", media_type: str = "text/plain"
) -> StructuredDocument:
    parts, title = parse(raw)
    builder = TextBuilder()
    for p in parts:
        if p.kind == "table_row":
            builder.add_row(p.cells)
        else:
            builder.add(p.kind, p.text, level=p.level, marker=p.marker)
    doc = StructuredDocument(
        source=source,
        sha256=sha256 or sha256_bytes(raw.encode()),
        media_type=media_type,
        text=builder.text,
        blocks=builder.blocks,
        title=title,
    )
    if not doc.title:
        doc.title = _first_line_title(doc)
    return doc


def _first_line_title(doc: StructuredDocument) -> str:
    for b in doc.blocks[:8]:
        if b.kind == "heading" and len(b.text.split()) >= 3:
            return b.text
    return doc.guess_title()


def load(path: Path, data: bytes, sha256: str) -> StructuredDocument:
    raw = decode_text(data, str(path))
    media_type = "text/markdown" if path.suffix.lower() in (".md", ".markdown") else "text/plain"
    return load_string(raw, source=path.name, sha256=sha256, media_type=media_type)
