"""Intentions from an intention grid that the PDF conversion mangled.

Some conversions emit a two-column table as text boxes that overlap: every row of the
output repeats and interleaves the cells of many printed rows, cuts them at random and
runs them together ("... respite provision Improving the quality of services ..."). The
printed pairing of an intention with its actions cannot be recovered from that, but the
cell texts can, because each one is repeated many times while the cuts fall differently:

1. split the text into fragments at column breaks (tabs, runs of spaces), at sentence ends,
   at the header phrases, and where a capitalised action verb follows a lower-case word
   ("Ensuring", "Improve", "Commission", ...);
2. keep fragments that start with an action verb, are long enough to say something, and
   occur at least twice, or read as a whole sentence, or are rebuilt by reading one column
   of short cells down the rows (a cell wrapped over several lines);
3. drop a fragment contained in another; cut off a tail that is the tail of another
   fragment (two cells run together); of two fragments ending alike keep the commoner.

Each surviving fragment becomes one intention, once. "Commissioning intention <Theme>"
fragments are theme markers: a fragment takes the theme printed before its first
occurrence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from ckg.loaders.extract.records import Span
from ckg.loaders.structure import Block, StructuredDocument

_VERBS = (
    "ensure|improve|develop|prepare|strengthen|increase|commission|re-commission|recommission|"
    "review|work|evaluate|look|continue|promote|provide|reduce|support|deliver|implement|explore|"
    "agree|create|establish|extend|expand|introduce|finalise|co-ordinate|coordinate|roll|target|"
    "re-tender|retender|complete|identify|monitor|build|enable|raise|tackle|address|prevent|"
    "protect|engage|involve|encourage|secure|maintain|decommission|procure|redesign|reduce|invest"
)
_VERB = re.compile(rf"(?:{_VERBS})", re.I)
_HEADER = re.compile(r"what\s+will\s+we\s+do\s+to\s+achieve\s+this\??", re.I)
_THEME = re.compile(r"^commissioning\s+intentions?\s+(.+)$", re.I)
_MIN_LEN = 25
# "Commissioning intention <Theme>" up to a column break or the next cell's opening verb
_THEME_IN_TEXT = re.compile(
    rf"Commissioning\s+intentions?\s+([A-Z][\w ]+?)(?=\s{{2,}}|\t|$|\s+(?=[A-Z])(?i:(?:{_VERBS})|\w+ing)\b)"
)


@dataclass
class GarbledIntention:
    text: str
    action: str
    intention: str | None
    theme: str | None
    spans: list[Span]


def _verbish(word: str) -> bool:
    w = word.lower().strip("(")
    if _VERB.fullmatch(w):
        return True
    return w.endswith("ing") and bool(_VERB.fullmatch(w[:-3]) or _VERB.fullmatch(w[:-3] + "e"))


def _split(text: str) -> list[str]:
    out: list[str] = []
    text = re.sub(r"(?=\bCommissioning\s+intentions?\b)", "\t", _HEADER.sub("\t", text))
    for seg in re.split(r"\s{2,}|\t|\n", text):
        for sentence in re.split(r"(?<=[.])\s+(?=[A-Z])", seg):
            words: list[str] = []
            for w in sentence.split(" "):
                if (
                    words
                    and re.fullmatch(r"[A-Z][a-z-]+", w)
                    and _verbish(w)
                    and re.search(r"[a-z0-9)]$", words[-1])
                ):
                    out.append(" ".join(words))
                    words = []
                words.append(w)
            if words:
                out.append(" ".join(words))
    return [f.strip(" ·•_,;") for f in out if f.strip(" ·•_,;")]


def _columns(rows: list[Block]) -> list[str]:
    """Short cells of one column read down consecutive rows: a wrapped cell put back together."""
    out: list[str] = []
    width = max((len(r.cells) for r in rows), default=0)
    for k in range(1, width):
        run: list[str] = []
        for r in [*rows, None]:
            cell = r.cells[k].text.strip() if r is not None and k < len(r.cells) else ""
            if cell and len(cell) <= 70 and re.search(r"[A-Za-z]{3}", cell) and not _HEADER.search(cell):
                run.append(cell)
                continue
            if len(run) >= 2:
                out.append(" ".join(run))
            run = []
    return out


def _cut_shared_tails(frags: list[str], counts: Counter[str]) -> list[str]:
    """Cut "head tail" to "head" when head is printed alone and tail ends another cell (cells run together)."""
    out = []
    for f in frags:
        best = f
        words = f.split(" ")
        for k in range(2, len(words)):
            head, tail = " ".join(words[:k]), " ".join(words[k:])
            if len(tail) < _MIN_LEN:
                break
            others = [g for g in frags if g != f and g.endswith(tail) and g.split(" ")[:3] != words[:3]]
            if counts.get(head.rstrip(" ."), 0) and others:
                best = head
                break
        out.append(best)
    return out


def _similar(a: str, b: str) -> bool:
    n = min(len(a), len(b), 60)
    return SequenceMatcher(None, a[:n].lower(), b[:n].lower()).ratio() >= 0.85 or a[-40:] == b[-40:]


def garbled_intentions(doc: StructuredDocument, rows: list[Block]) -> list[GarbledIntention]:
    """One intention per cell text recovered from the mangled rows (see module doc)."""
    if not rows:
        return []
    texts = [" \t ".join(c.text for c in b.cells) if b.cells else b.text for b in rows]
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(_split(t))
    for col in _columns([b for b in rows if b.cells]):
        for f in _split(col):
            counts[f] += 2
    themes = {f for f in counts if _THEME.match(f)}
    frags = [
        f
        for f, n in counts.items()
        if (n >= 2 or (f.endswith(".") and len(f) >= 40))
        and f not in themes
        and len(f) >= _MIN_LEN
        and _verbish(f.split(" ")[0])
    ]
    frags = _cut_shared_tails(frags, counts)
    frags = sorted(set(frags), key=lambda f: (-counts.get(f, 0), f))
    kept: list[str] = []
    for f in frags:
        if any(f in k for k in kept) or any(_similar(f, k) for k in kept if len(f) > 40 and len(k) > 40):
            continue  # contained in, or the same cell with a corrupted beginning or end as, a commoner one
        kept = [k for k in kept if k not in f] + [f]
    names = sorted(
        {_THEME.match(t).group(1) for t in themes}, key=lambda n: (-counts[f"Commissioning intention {n}"], n)
    )
    canonical = {n: next(m for m in names if SequenceMatcher(None, n, m).ratio() >= 0.85) for n in names}
    out: list[GarbledIntention] = []
    for f in sorted(kept, key=lambda f: (_first(texts, f), f)):
        out.append(
            GarbledIntention(
                f.rstrip(". "), f, None, _majority_theme(texts, f, canonical), [_span(doc, rows, f)]
            )
        )
    return out


def _first(texts: list[str], fragment: str) -> int:
    full = "\n".join(texts)
    k = full.find(fragment)
    return k if k >= 0 else len(full)


def _majority_theme(texts: list[str], fragment: str, canonical: dict[str, str]) -> str | None:
    """The theme printed before the fragment in most of the rows that hold it."""
    votes: Counter[str] = Counter()
    for t in texts:
        pos = t.find(fragment)
        if pos < 0:
            continue
        marks = [(m.start(), m.group(1)) for m in _THEME_IN_TEXT.finditer(t)]
        before = [name for at, name in marks if at < pos]
        if before:
            name = _theme_before([(0, before[-1].strip())], 0) or ""
            votes[
                next(
                    (c for n, c in canonical.items() if SequenceMatcher(None, n, name).ratio() >= 0.85), name
                )
            ] += 1
    return votes.most_common(1)[0][0] if votes else None


def _theme_before(marks: list[tuple[int, str]], pos: int) -> str | None:
    theme = None
    for at, name in marks:
        if 0 <= at <= pos:
            theme = name
    if theme:
        words = theme.split()
        while len(words) > 1 and words[-1] == words[-2]:
            words.pop()  # "Looked After Children Children"
        theme = " ".join(words)
    return theme


def _span(doc: StructuredDocument, rows: list[Block], fragment: str) -> Span:
    """Where the fragment is printed (its first occurrence), else the block it is rebuilt from."""
    for b in rows:
        k = doc.text.find(fragment, b.start, b.end)
        if k >= 0:
            return Span(k, k + len(fragment))
    head = fragment.split(" ")[0]
    for b in rows:
        k = doc.text.find(head, b.start, b.end)
        if k >= 0:
            return Span(b.start, b.end)
    return Span(rows[0].start, rows[0].end)


def garbled_theme(rows: list[Block]) -> str | None:
    """The last theme printed in the mangled rows: the theme of the clean rows that follow."""
    found = [m.group(1) for b in rows for f in _split(b.text) if (m := _THEME.match(f))]
    if not found:
        return None
    common = Counter(found).most_common()
    last = found[-1]
    best = max(
        (n for n, _ in common if SequenceMatcher(None, n, last).ratio() >= 0.85),
        key=lambda n: Counter(found)[n],
    )
    return _theme_before([(0, best)], 0)
