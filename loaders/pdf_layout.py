"""One PDF page to text lines in reading order (words with font size, columns, ruled tables).

Why our own pass over characters rather than a library's text boxes: council PDFs
mix one- and two-column pages, bullets drawn in Symbol/Wingdings fonts, superscript
footnote numbers and Word tables without rules. We need each line's font size and
position to find headings, lists and tables later (``pdf_blocks``), and we must keep
two-column text from being read across the gutter ("...in order to make | of services
might be available...").

Words are not split on font changes: Word's PDF export draws a hyphen or a single letter
in a fallback font ("on‐going", "spec ifically"), so a word is split only where the font
*size* jumps (a superscript) or a symbol font starts (a bullet glyph).

The characters come from PDFium (``pdf_pdfium``, read by ``chars_words`` with the rules of
pdfplumber's word extractor, so both readers make the same words) or, with the older
reader, from pdfplumber (``page_words``). Column finding tries every x across the middle
third of the page, so what it asks of each line for each x is precomputed once per page
(``_blocked_steps``, ``_line_facts``).
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

_SYMBOL_FONTS = ("symbol", "wingding", "webding", "dingbat", "zapf")
_BULLET_GLYPHS = set("•●▪■◦‣⁃○◆◇►▶➢➤✓✔❖□◘")
_LEADER = re.compile(r"^[.·…_\-]{4,}$")
_LEADER_CHARS = frozenset(".·…_-")
_FOOTNOTE_MARK = re.compile(r"^[\d,*†‡§]+$")
_BOLD = ("bold", "black", "heavy", "semibold", "demi")
_BOLD_FONT: dict[str, bool] = {}  # font name -> bold, asked for every word of every line


def is_pua(ch: str) -> bool:
    """Private-use code points: what Symbol/Wingdings bullets extract as ("\uf0b7")."""
    return "\ue000" <= ch <= "\uf8ff"


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    glued: bool = False  # printed with no space before it (a superscript "st", a size change)

    @property
    def bold(self) -> bool:
        got = _BOLD_FONT.get(self.font)
        if got is None:
            f = self.font.lower()
            got = _BOLD_FONT[self.font] = any(k in f for k in _BOLD)
        return got

    @property
    def symbol(self) -> bool:
        return _symbol_font(self.font)

    @property
    def is_bullet(self) -> bool:
        """A lone glyph that marks a list item (a dash or "o" is judged later, in context)."""
        t = self.text
        return len(t) == 1 and (t in _BULLET_GLYPHS or is_pua(t) or (self.symbol and not t.isalnum()))


@dataclass
class Line:
    """One printed line of one column (or, with ``rows``, a whole table pdfplumber trusted)."""

    words: list[Word]
    page: int
    flow: tuple[int, int, int] = (0, 0, 0)  # (page, region, column): lines of a flow read in order
    page_height: float = 842.0
    rows: list[list[str]] | None = None
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    text: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        ws = self.words
        if not ws:
            return
        self.x0 = min([w.x0 for w in ws])
        self.x1 = max([w.x1 for w in ws])
        self.top = min([w.top for w in ws])
        self.bottom = max([w.bottom for w in ws])
        lens = [len(w.text) for w in ws]
        total = sum(lens)
        sizes = [w.size for w in ws]
        if sizes.count(sizes[0]) == len(sizes):  # one size, as on most lines
            self.size = round(sizes[0] * 2) / 2
        else:
            by_size: dict[float, int] = {}
            for size, n in zip(sizes, lens, strict=True):
                key = round(size * 2) / 2
                by_size[key] = by_size.get(key, 0) + n
            self.size = max(by_size.items(), key=_COUNT)[0]  # the first of the most common, as Counter's
        bolds = [w.bold for w in ws]
        if bolds.count(bolds[0]) == len(bolds):
            bold = total if bolds[0] else 0
        else:
            bold = sum(n for n, b in zip(lens, bolds, strict=True) if b)
        self.bold = bold / (total or 1) >= 0.6
        if any(w.glued for w in ws[1:]):
            parts: list[str] = []
            for i, w in enumerate(ws):
                if i and not w.glued:
                    parts.append(" ")
                parts.append(w.text)
            self.text = "".join(parts)
        else:
            self.text = " ".join([w.text for w in ws])


_COUNT = operator.itemgetter(1)


# ---------------------------------------------------------------------------- words
def page_words(page) -> list[Word]:
    """pdfplumber words, split where the size jumps or a symbol font starts; leaders dropped."""
    from pdfplumber.utils.text import WordExtractor

    extractor = WordExtractor(x_tolerance_ratio=0.15, y_tolerance=3, keep_blank_chars=False)
    raw = extractor.extract_words(dedupe(page.chars), return_chars=True)
    out: list[Word] = []
    for w in raw:
        if not w.get("upright", True):
            continue  # rotated chart labels come out one letter per "word"
        chars = [_uncid(c) for c in w.get("chars") or [] if c.get("text", "").strip()]
        if chars:
            _split_runs(chars, out)
    return [w for w in out if w.text and not _LEADER.match(w.text)]


def chars_words(chars: list[dict]) -> list[Word]:
    """Words from upright characters (PDFium's, through ``dedupe`` first), grouped as
    pdfplumber's WordExtractor does.

    The same rules as ``page_words`` gets from pdfplumber (x tolerance 0.15 of the size,
    y tolerance 3, spaces split): lines are clusters of ``top`` values no more than 3 apart,
    sorted by x; a word ends at a space, a gap wider than 0.15 of the previous character's
    size, a step back, or a jump in ``top``.
    """
    out: list[Word] = []
    for word in _char_words(chars):
        if len(word) == 1:  # most PDFium "characters" are whole words: _split_runs' one-run case
            c = word[0]  # PDFium's numbers are floats already, its font names strings
            out.append(
                Word(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], round(c["size"], 1), c["fontname"])
            )
        else:
            _split_runs(word, out)
    return [w for w in out if w.text and not (w.text[0] in _LEADER_CHARS and _LEADER.match(w.text))]


def cell_text(chars: list[dict]) -> str:
    """A table cell's characters (already deduplicated) as text: its words in reading order."""
    return " ".join("".join([c["text"] for c in w]) for w in _char_words(chars))


# by position, then by text: the order dedupe's sort by text gave ties before (drop_doubles keeps
# the reader's order)
_BY_X = operator.itemgetter("x0", "bottom", "text")


def _char_words(chars: list[dict]) -> list[list[dict]]:
    if not chars:
        return []
    tops = sorted({c["top"] for c in chars})
    cluster: dict[float, int] = {}
    cid, last = 0, tops[0]
    for t in tops:
        if t - last > 3:
            cid += 1
        cluster[t] = cid
        last = t
    lines: dict[int, list[dict]] = defaultdict(list)
    for c in chars:
        lines[cluster[c["top"]]].append(c)
    words: list[list[dict]] = []
    for key in sorted(lines):
        word: list[dict] = []
        # the word's last character: its x0, where a gap begins to split (0.15 of its size past
        # its x1), its top
        px0 = reach = ptop = 0.0
        for c in sorted(lines[key], key=_BY_X):
            if c["text"].isspace():
                if word:
                    words.append(word)
                word = []
                continue
            x0, top = c["x0"], c["top"]
            if word and (x0 < px0 or x0 > reach or abs(top - ptop) > 3):
                words.append(word)
                word = []
            word.append(c)
            px0, reach, ptop = x0, c["x1"] + 0.15 * c["size"], top
        if word:
            words.append(word)
    return words


def _split_runs(chars: list[dict], out: list[Word]) -> None:
    """One word's characters to Words, split where the size jumps or a symbol font starts."""
    run = [chars[0]]
    first = True
    p = chars[0]
    psize, psym, pbul = p["size"], _sym(p), _bulletish(p["text"])
    for c in chars[1:]:
        csize, csym, cbul = c["size"], _sym(c), _bulletish(c["text"])
        if abs(csize - psize) > 0.15 * max(csize, psize, 1) or csym != psym or cbul != pbul:
            out.append(_word(run, glued=not first))
            first = False
            run = [c]
        else:
            run.append(c)
        psize, psym, pbul = csize, csym, cbul
    out.append(_word(run, glued=not first))


def dedupe(chars: list[dict], hidden_spaces: bool = True) -> list[dict]:
    """Drop glyphs printed twice at (almost) the same spot: fake bold ("TTiittllee").

    pdfplumber's own ``dedupe_chars`` does the same but costs more than parsing the page.
    ``hidden_spaces=False`` skips ``_drop_hidden_spaces`` (the PDFium reader drops those
    spaces as it reads).
    """
    keyed = sorted(chars, key=lambda c: (c["text"], round(c["top"]), c["x0"]))
    out: list[dict] = []
    last: dict | None = None
    for c in keyed:
        if (
            last is not None
            and c["text"] == last["text"]
            and abs(c["x0"] - last["x0"]) < 1
            and abs(c["top"] - last["top"]) < 1
        ):
            continue
        out.append(c)
        last = c
    return _drop_hidden_spaces(out) if hidden_spaces else out


def drop_doubles(chars: list[dict]) -> list[dict]:
    """``dedupe(chars, hidden_spaces=False)``'s characters; when no glyph is printed twice (most
    pages), ``chars`` itself, in its own order.

    Why: dedupe sorts every character of the page by text to find the few printed twice, 3%
    of reading a PDF; here each text's characters are compared only among themselves, and
    only a page with a double is sorted. The order does not matter to ``chars_words`` and
    ``cell_text``, which sort by position and then by text.
    """
    by_text: dict[str, list[tuple[float, float]]] = {}
    for c in chars:
        by_text.setdefault(c["text"], []).append((c["x0"], c["top"]))
    for spots in by_text.values():
        if len(spots) > 1 and _has_double(spots):
            return dedupe(chars, hidden_spaces=False)
    return chars


def _has_double(spots: list[tuple[float, float]]) -> bool:
    """Two (x0, top) spots less than 1 apart both ways (what ``dedupe`` drops one of)."""
    spots.sort()
    for i, (x, top) in enumerate(spots):
        for x2, top2 in spots[i + 1 :]:
            if x2 - x >= 1:
                break
            if abs(top2 - top) < 1:
                return True
    return False


def _drop_hidden_spaces(chars: list[dict]) -> list[dict]:
    """Drop a space drawn on top of a letter ("N eeds", "m ore"): it would split the word."""
    spaces = [c for c in chars if not c["text"].strip()]
    if not spaces:
        return chars
    near: set[tuple[int, int]] = set()  # grid cells a space looks into: only their letters are kept
    for c in spaces:
        ty, tx = int(c["top"] // 4), int((c["x0"] + c["x1"]) / 2 // 20)
        near.update((ty + dy, tx + dx) for dy in (-1, 0, 1) for dx in (-1, 0))
    grid: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for c in chars:
        key = (int(c["top"] // 4), int(c["x0"] // 20))
        if key in near and c["text"].strip():
            grid[key].append(c)
    kept: list[dict] = []
    for c in chars:
        if not c["text"].strip():
            mid, top = (c["x0"] + c["x1"]) / 2, c["top"]
            ty, tx = int(top // 4), int(mid // 20)
            if any(
                g["x0"] + 0.5 < mid < g["x1"] - 0.5 and abs(g["top"] - top) < 0.5 * g["size"]
                for dy in (-1, 0, 1)
                for dx in (-1, 0)
                for g in grid.get((ty + dy, tx + dx), ())
            ):
                continue
        kept.append(c)
    return kept


def _uncid(c: dict) -> dict:
    """A glyph pdfminer cannot map comes out as "(cid:127)": mostly a dingbat bullet."""
    if c["text"].startswith("(cid:"):
        c = dict(c, text="\ue000")
    return c


_SYM_FONT: dict[str, bool] = {}


def _symbol_font(name: str) -> bool:
    got = _SYM_FONT.get(name)
    if got is None:
        f = str(name).lower()
        got = _SYM_FONT[name] = any(k in f for k in _SYMBOL_FONTS)
    return got


def _sym(c: dict) -> bool:
    return _symbol_font(c.get("fontname", ""))


def _bulletish(t: str) -> bool:
    return t in _BULLET_GLYPHS or is_pua(t)


def _word(chars: list[dict], glued: bool) -> Word:
    c0 = chars[0]
    if len(chars) == 1:
        size, font = round(float(c0["size"]), 1), str(c0.get("fontname", ""))
        x0, x1, top, bottom = c0["x0"], c0["x1"], c0["top"], c0["bottom"]
    else:
        sizes = [round(float(c["size"]), 1) for c in chars]
        fonts = [str(c.get("fontname", "")) for c in chars]
        size = sizes[0] if sizes.count(sizes[0]) == len(sizes) else Counter(sizes).most_common(1)[0][0]
        font = fonts[0] if fonts.count(fonts[0]) == len(fonts) else Counter(fonts).most_common(1)[0][0]
        x0 = min([c["x0"] for c in chars])
        x1 = max([c["x1"] for c in chars])
        top = min([c["top"] for c in chars])
        bottom = max([c["bottom"] for c in chars])
    return Word(
        text="".join([c["text"] for c in chars]),
        x0=float(x0),
        x1=float(x1),
        top=float(top),
        bottom=float(bottom),
        size=size,
        font=font,
        glued=glued,
    )


# ---------------------------------------------------------------------------- lines
def group_lines(words: list[Word]) -> list[list[Word]]:
    """Cluster words into printed lines by vertical overlap (tight, so offset columns stay apart).

    Each word joins the line, of the last twelve begun, that it overlaps most (at least half
    the shorter height); a line's reference box is that of its largest word so far.
    """
    members: list[list[Word]] = []
    ref_top: list[float] = []
    ref_bottom: list[float] = []
    ref_size: list[float] = []
    # the lines of the last twelve whose reference bottom is below the current word's top: the
    # others overlap neither this word nor any later one (words come by top), so none can join
    live: list[int] = []
    for w in sorted(words, key=_BY_TOP):
        best, best_ov = -1, 0.0
        wt, wb = w.top, w.bottom
        oldest = len(members) - 12
        if live and (live[0] < oldest or len(live) > 3):  # a dead line left in is never chosen
            live = [j for j in live if j >= oldest and ref_bottom[j] > wt]
        for j in reversed(live):
            r0, r1 = ref_top[j], ref_bottom[j]
            ov = (r1 if r1 < wb else wb) - (r0 if r0 > wt else wt)
            if ov <= best_ov:
                continue  # also when there is no overlap: ov <= 0 <= best_ov
            h = r1 - r0 if r1 - r0 < wb - wt else wb - wt
            if h > 0 and ov >= 0.5 * h:
                best, best_ov = j, ov
        if best < 0:
            live.append(len(members))
            members.append([w])
            ref_top.append(wt)
            ref_bottom.append(wb)
            ref_size.append(w.size)
        else:
            members[best].append(w)
            if w.size > ref_size[best]:
                ref_top[best], ref_bottom[best], ref_size[best] = wt, wb, w.size
    return [_clean_line(members[j]) for j in sorted(range(len(members)), key=ref_top.__getitem__)]


_BY_TOP = operator.attrgetter("top", "x0")
_X0 = operator.attrgetter("x0")


def _clean_line(ws: list[Word]) -> list[Word]:
    """Sort by x; drop raised footnote numbers; glue raised letters ("1st") to their word."""
    ws.sort(key=_X0)
    if ws[0].size > 0 and all(w.size == ws[0].size for w in ws):
        return ws  # one size: nothing is raised
    by_size: Counter[float] = Counter()
    for w in ws:
        by_size[w.size] += len(w.text)
    size = by_size.most_common(1)[0][0]
    base = sorted(w.bottom for w in ws if w.size >= 0.9 * size)
    baseline = base[len(base) // 2] if base else max(w.bottom for w in ws)
    out: list[Word] = []
    for w in ws:
        raised = w.size <= 0.8 * size and w.bottom < baseline - 0.15 * size
        if raised and out:
            if _FOOTNOTE_MARK.match(w.text):
                continue
            w.glued = w.x0 - out[-1].x1 < 1.5
        out.append(w)
    return out


def is_garbage(text: str) -> bool:
    """Font garbage such as ``!"#$%&’()*’+``: no letter or digit at all (a lone bullet is kept)."""
    stripped = text.replace(" ", "")
    if len(stripped) == 1 and (stripped in _BULLET_GLYPHS or is_pua(stripped) or stripped in "-–*"):
        return False
    return not any(ch.isalnum() for ch in stripped)


# ---------------------------------------------------------------------------- columns
def _gutter_runs(
    lines: list[Line], x: float, width: float, blocked: list[bool], facts: list[_LineFacts | None]
) -> list[tuple[int, int]]:
    """Runs of lines (i, j) that a two-column gutter at ``x`` explains well (``blocked[i]``: a
    word of line i covers ``x``, see ``_blocks``; ``facts``: ``_line_facts`` of each line, made
    here the first time a line is in a run: a line of prose blocks every x and needs none)."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if blocked[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and not blocked[j + 1]:
            j += 1
        if j - i >= 2:  # three lines at least: _is_two_column_at wants three on each side
            for k in range(i, j + 1):
                if facts[k] is None:
                    facts[k] = _line_facts(lines[k])
            if _is_two_column_at(facts[i : j + 1], x, width):  # filled just above
                runs.append((i, j))
        i = j + 1
    return runs


def _blocks(line: Line, x: float) -> bool:
    return any(w.x0 - 3 < x < w.x1 + 3 for w in line.words)


def _blocked_steps(line: Line, lo: int, hi: int, every: set[int]) -> set[int]:
    """The x positions lo, lo + 2, ... up to hi (the steps ``order_columns`` tries) that
    ``_blocks`` would say the line covers (``every`` itself, those steps, for a line that
    covers them all, as most lines of prose do)."""
    if _covers(line.words, lo, hi):
        return every
    spans = []
    for w in line.words:
        if w.x1 + 3 <= lo or w.x0 - 3 >= hi + 1:
            continue  # wholly outside the middle third, where the steps are
        a = max(lo, math.floor(w.x0 - 3) + 1)
        b = min(hi + 1, math.ceil(w.x1 + 3))
        if a < b:
            spans.append((a, b))
    if not spans:
        return set()
    spans.sort()
    merged = []  # words a space apart cover one span
    start, end = spans[0]
    for a, b in spans[1:]:
        if a > end:
            merged.append((start, end))
            start = a
        end = max(end, b)
    merged.append((start, end))
    if merged == [(lo, hi + 1)]:
        return every
    out: set[int] = set()
    for start, end in merged:
        out.update(range(start + (start - lo) % 2, end, 2))  # only the steps order_columns tries
    return out


def _covers(words: list[Word], lo: int, hi: int) -> bool:
    """Whether the words' reach (3 pt either side of each) runs unbroken from before ``lo`` to
    past ``hi``: then ``_blocked_steps`` holds every step, with no rounding to work out (real
    intervals that overlap cover whole numbers without a gap)."""
    reach = None
    for w in words:
        a, b = w.x0 - 3, w.x1 + 3
        if b <= lo:
            continue
        if reach is None:
            if a >= lo:
                return False
            reach = b
        elif a >= reach:
            return False  # a gap, or words out of order: let the exact count decide
        elif b > reach:
            reach = b
        if reach > hi:
            return True
    return False


def _is_two_column(lines: list[Line], x: float, width: float) -> bool:
    """Both sides hold text that fills its half (not a table's narrow label column)."""
    lefts = [[w for w in ln.words if w.x1 <= x] for ln in lines]
    rights = [[w for w in ln.words if w.x0 >= x] for ln in lines]
    lefts = [ws for ws in lefts if ws]
    rights = [ws for ws in rights if ws]
    if len(lefts) < 3 or len(rights) < 3:
        return False
    full_left = sum(1 for ws in lefts if x - ws[-1].x1 < 0.12 * width and ws[-1].x1 - ws[0].x0 > 0.25 * width)
    full_right = sum(1 for ws in rights if ws[0].x0 - x < 0.1 * width and ws[-1].x1 - ws[0].x0 > 0.25 * width)
    if full_left < max(2, 0.4 * len(lefts)) or full_right < max(2, 0.4 * len(rights)):
        return False
    # prose columns are runs of ordinary word spaces; a table's halves are full of wide gaps
    gappy = sum(1 for ws in lefts + rights if _has_wide_gap(ws))
    return gappy < 0.3 * (len(lefts) + len(rights))


_LineFacts = tuple[list[Word], list[float], int, int]


def _line_facts(line: Line) -> _LineFacts:
    """A line's words (sorted by x0), their x0s, and the first and last i where a wide gap
    follows word i (-1 if none): what ``_is_two_column_at`` needs for any x."""
    ws = line.words
    gaps = [i for i, (a, b) in enumerate(itertools.pairwise(ws)) if b.x0 - a.x1 > 2.0 * max(a.size, 1.0)]
    return ws, [w.x0 for w in ws], gaps[0] if gaps else -1, gaps[-1] if gaps else -1


def _is_two_column_at(facts: list[_LineFacts], x: float, width: float) -> bool:
    """``_is_two_column`` for lines no word of which covers ``x`` (so a line's words left of the
    gutter are those with x0 < x, a prefix), from precomputed ``_line_facts``: no lists built."""
    n_left = n_right = full_left = full_right = gappy = 0
    for ws, x0s, first_gap, last_gap in facts:
        k = bisect.bisect_left(x0s, x)
        if k:
            n_left += 1
            last = ws[k - 1]
            if x - last.x1 < 0.12 * width and last.x1 - ws[0].x0 > 0.25 * width:
                full_left += 1
            if 0 <= first_gap < k - 1:
                gappy += 1
        if k < len(ws):
            n_right += 1
            first = ws[k]
            if first.x0 - x < 0.1 * width and ws[-1].x1 - first.x0 > 0.25 * width:
                full_right += 1
            if last_gap >= k:
                gappy += 1
    if n_left < 3 or n_right < 3:
        return False
    if full_left < max(2, 0.4 * n_left) or full_right < max(2, 0.4 * n_right):
        return False
    return gappy < 0.3 * (n_left + n_right)


def _has_wide_gap(ws: list[Word]) -> bool:
    return any(b.x0 - a.x1 > 2.0 * max(a.size, 1.0) for a, b in itertools.pairwise(ws))


def order_columns(lines: list[Line], width: float, page: int) -> list[Line]:
    """Reading order for a page: full-width lines as they come, two-column runs left then right."""
    if len(lines) < 6:
        for ln in lines:
            ln.flow = (page, 0, 0)
        return lines
    best_x, best_runs, best_score = 0.0, [], 0
    candidates: list[tuple[float, list[tuple[int, int]], int]] = []
    lo, hi = int(0.35 * width), int(0.65 * width)
    steps = range(lo, hi + 1, 2)
    every = set(steps)
    covered = [_blocked_steps(ln, lo, hi, every) for ln in lines]  # the steps each line's words cover
    free: dict[int, int] = {}  # step -> lines that leave it free (prose lines leave none)
    for c in covered:
        if c is not every:
            for step in every - c:
                free[step] = free.get(step, 0) + 1
    facts: list[_LineFacts | None] = [None] * len(lines)
    open_lines = [i for i, c in enumerate(covered) if c is not every]
    for step in steps:
        if free.get(step, 0) < 3:
            continue
        free_at = [i for i in open_lines if step not in covered[i]]
        if not any(free_at[k + 2] == free_at[k] + 2 for k in range(len(free_at) - 2)):
            continue  # a two-column run needs three lines in a row, each with words on both sides
        blocked = [True] * len(lines)
        for i in free_at:
            blocked[i] = False
        runs = _gutter_runs(lines, float(step), width, blocked, facts)
        score = sum(j - i + 1 for i, j in runs)
        if score:
            candidates.append((float(step), runs, score))
    if candidates:
        best_score = max(c[2] for c in candidates)
        top = [c for c in candidates if c[2] == best_score]
        best_x, best_runs, _ = top[len(top) // 2]
    best_runs = [_trim(lines, a, b, best_x) for a, b in best_runs]
    out: list[Line] = []
    region = 0
    i = 0
    for a, b in [*best_runs, (len(lines), len(lines))]:
        for ln in lines[i:a]:
            region += 1
            ln.flow = (page, region, 0)
            out.append(ln)
        if a >= len(lines):
            break
        region += 1
        for col, side in ((1, lambda w: w.x1 <= best_x), (2, lambda w: w.x0 >= best_x)):
            for ln in lines[a : b + 1]:
                ws = [w for w in ln.words if side(w)]
                if ws:
                    new = Line(ws, page, (page, region, col), ln.page_height, ln.rows)
                    out.append(new)
        i = b + 1
    return _merge_single_regions(out)


def _trim(lines: list[Line], a: int, b: int, x: float) -> tuple[int, int]:
    """Give back to the full-width line above a run the wrapped tail it printed just below it."""
    while (
        a < b
        and a > 0
        and all(w.x1 <= x for w in lines[a].words)
        and _blocks(lines[a - 1], x)
        and lines[a].top - lines[a - 1].bottom <= lines[a].size
    ):
        a += 1
    return a, b


def _merge_single_regions(lines: list[Line]) -> list[Line]:
    """Consecutive full-width lines share one flow (regions only matter around column runs)."""
    prev: tuple[int, int, int] | None = None
    for ln in lines:
        if ln.flow[2] == 0 and prev is not None and prev[2] == 0:
            ln.flow = prev
        prev = ln.flow
    return lines
