"""Runs of list items and what their lead-in says they are: priorities, intentions, or neither.

Council documents introduce a list with a lead-in ("Key agreed priorities within the Plan
are:-", "Areas for Improvement", "We will:", "The five key recommendations are:") or put it
straight under a heading. Whether the items are priorities or commissioning intentions is
decided by that lead-in first and by the section they sit in second, so both extractors
read lists through this one module and never claim the same list twice.

>>> from ckg.loaders.text import load_string
>>> doc = load_string("## Areas for improvement\\n\\n- Improve healthy lifestyles;\\n"
...                   "- Reduce exclusions.\\n\\nWe will:\\n\\n- Commission a new service.\\n")
>>> [(run.role, [i.text for i in run.items]) for run in list_runs(doc)]
[('priority', ['Improve healthy lifestyles', 'Reduce exclusions']), ('intention', ['Commission a new service'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ckg.loaders.structure import Block, StructuredDocument

PRIORITY_NOUNS = (
    r"priorit(?:y|ies)|themes?|objectives?|outcomes?|aims?|goals?|ambitions?|"
    r"areas?\s+(?:of|for)\s+(?:focus|improvement|development|action)|focus\s+areas?|"
    r"statutory\s+duties|strands|work\s*streams?"
)
# A lead-in that introduces priorities: names them and ends with a colon, dash or "are".
PRIORITY_LEAD = re.compile(
    rf"\b(?:{PRIORITY_NOUNS})\b[^.]*?(?::-?|-|,|\bare|\bis|\bto|\binclud\w*)\s*-?$"
    r"|\b(?:going|plan|continue)\s+to\s+monitor\b.*:\s*$"
    r"|^we\s+want(?:\s+to\s+see)?\s*:\s*$",
    re.I | re.S,
)
FOCUS_LEAD = re.compile(r"\bfocus(?:s|sing|ing)?\s+on\s+the\s+following\b", re.I)
# A lead-in that lists what would improve a service or outcome, as needs assessments close
# their consultation chapters ("What families said would improve support includes the
# following:", "Suggestions to improve the pathway were:"): the changes sought, so priorities.
IMPROVEMENT_LEAD = re.compile(
    r"\b(?:(?:would|could|might)\s+(?:(?:help|most)\s+(?:to\s+)?)?improve|"
    r"(?:suggestions|ways|steps|changes)\s+(?:to|that\s+would|which\s+would)\s+improve)\b"
    r"[^.]*?(?::-?|\bare|\binclud\w*)\s*-?$",
    re.I | re.S,
)
# A heading that *is* a priority lead-in ("Areas for Improvement", "Our priorities", "Aims").
PRIORITY_HEADING = re.compile(
    r"^(?:[\d.]+\s*)?(?:our\s+|key\s+|strategic\s+|main\s+|agreed\s+|the\s+)*"
    r"(?:priorities|themes|objectives|aims|outcomes|goals|ambitions|"
    r"areas?\s+(?:for|of)\s+(?:improvement|focus|development))\s*:?$",
    re.I,
)
INTENTION_SECTION = re.compile(
    r"commissioning\s+(?:intentions?|plans?|priorities|actions|work\s*programme)|"
    r"action\s+plan|what\s+we\s+will\s+(?:do|commission)|\brecommendations?\b|"
    r"strategic\s+change\s+plan|delivery\s+plan",
    re.I,
)
INTENTION_LEAD = re.compile(
    r"\bwe\s+(?:will|shall|intend\s+to|plan\s+to|propose\s+to)\b[^.]*:\s*-?$"
    r"|\b(?:commissioning\s+intentions?|recommendations?|actions?|work\s*programme)\b[^.]*(?::-?|\bare|\binclude)\s*$"
    r"|\bcommissioners\s+should\b.*:\s*$|\bproposals?\b[^.]*:\s*$",
    re.I | re.S,
)
# Lists that measure, describe or ask: never priorities or intentions.
NOT_A_LIST_OF_AIMS = re.compile(
    r"\b(?:measures?|indicators?|targets?|questions?|findings|statistics|data|figures|"
    r"values|principles|characteristics|information|were asked|said|told us|feedback|"
    r"issues raised|criteria|examples?|such as|documents?|guidance|acts?|legislation|"
    r"programme's|project's|scheme's|impact|results?|lead(?:s|ing)?\s+to|led\s+to|"
    r"(?:positive|good|improved|better)\s+outcomes|take\s+account\s+of|informed\s+by|based\s+on|"
    r"concerned|worried|felt|views|consulted|survey\w*|interview\w*|"
    r"ha(?:ve|s)\s+(?:continued\s+to\s+)?(?:improve|improved|increased|fallen|reduced|risen|achieved)|"
    r"(?:service|group|pilot|project|programme|pathway|scheme|course|club|session|team)s?(?:'s)?\s+"
    r"(?:delivery\s+)?(?:aims?|objectives?)|"
    r"(?:aims?|objectives?)\s+of\s+the\s+(?:[\w-]+\s+){0,3}?(?:service|group|pilot|project|programme|pathway|scheme)|"
    r"the\s+(?:group|service|project|programme|pilot|scheme|team)\s+aims)\b",
    re.I,
)
PRIORITY_HEADING_NUMBERED = re.compile(
    r"^(?:[-•]\s*)?(?:(?:strategic|corporate|key)\s+(?=priority|objective|outcome|aim)|(?!key\s+theme))"
    r"(?:priority|theme|objective|outcome|aim)\s+"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b\s*[:.\-–]?\s*(.+)$",
    re.I | re.S,
)
WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
        1,
    )
}
_ACTION_START = re.compile(
    r"^(?:to\s+)?(?:re-?commission|decommission|commission|re-?tender|tender|procure|develop|review|"
    r"implement|provide|increase|reduce|improve|establish|extend|expand|introduce|evaluate|"
    r"re-?design|roll\s+out|pilot|ensure|deliver|explore|agree|create|strengthen|map|target|use|"
    r"support|promote|work|undertake|embed|restructure|remodel|refocus|co-ordinate|coordinate|"
    r"collect|monitor|identify|prepare|complete|continue|consider|invest|build|enable|raise|"
    r"maintain|secure|tackle|address|prevent|protect|engage|involve|encourage|implementing|"
    r"developing|delivering|providing|improving|reducing|increasing|establishing|strengthening|"
    r"investment|development|provision|improvement|review|introduction|expansion)\b"
    r"(?!\s+(?:for|was|is|were|are|has|have)\b)",
    re.I,
)


@dataclass
class ListItem:
    block: Block
    text: str
    parent: int | None = None  # index in the run of the item this one is nested under
    children: list[int] = field(default_factory=list)


@dataclass
class ListRun:
    """Consecutive list items with the block that introduces them."""

    items: list[ListItem]
    lead: Block | None  # paragraph or heading just before the run
    heading: Block | None  # nearest heading above the run
    role: str | None = None  # "priority" | "intention" | None
    first_index: int = 0  # block index of the first item
    section: tuple[str, ...] = ()  # heading path, with numbered chapters restored
    heading_index: int | None = None  # block index of ``heading``


def tidy(text: str) -> str:
    """Whitespace collapsed, list punctuation and stray bullets trimmed.

    >>> tidy("  • Reduce  exclusions;\\n")
    'Reduce exclusions'
    """
    s = re.sub(r"\s+", " ", text).strip()
    s = re.sub(r"^[•·▪◦‣○■□➢►✓>\-–*]+\s*", "", s)
    return s.strip().rstrip(";,.").rstrip(":").strip()


def rank_of(marker: str) -> int | None:
    """The number a list marker carries ("3.", "(2)", "iv.") or None for bullets.

    >>> rank_of("3."), rank_of("iv)"), rank_of("-")
    (3, 4, None)
    """
    m = re.fullmatch(r"\(?(\d{1,2})[.)]?\)?", marker.strip())
    if m:
        return int(m.group(1))
    roman = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
    m = re.fullmatch(r"\(?([ivx]{1,4})[.)]\)?", marker.strip().lower())
    return roman.get(m.group(1)) if m else None


def starts_with_action(text: str) -> bool:
    """Whether an item reads as an action ("Develop ...", "Review of ...", "To commission ...")."""
    return bool(_ACTION_START.match(text.strip()))


def _kind(marker: str) -> str:
    return "number" if re.search(r"[0-9a-zA-Z]", marker) else "bullet"


def _nearest_heading(blocks: list[Block], i: int) -> Block | None:
    for j in range(i - 1, -1, -1):
        if blocks[j].kind == "heading":
            return blocks[j]
    return None


_CHAPTER = re.compile(r"^(\d{1,2})(?:\.\d{1,2})*\.?\s+\S")
_BACK_MATTER = re.compile(r"^(?:appendix|appendices|annex|annexe|references|bibliography|glossary)\b", re.I)


def section_paths(doc: StructuredDocument) -> list[tuple[str, ...]]:
    r"""Each block's heading path, with its numbered chapter put back in.

    Converted Markdown levels are unreliable: "## 6.0 Commissioning Intentions" may be
    followed by "## 6.2 Stay Safe" at the same level, which drops the chapter from the
    path. A heading numbered "6.x" stays inside chapter 6 until a heading with another
    chapter number, whatever its level.

    >>> from ckg.loaders.text import load_string
    >>> doc = load_string("## 6.0 Commissioning Intentions\n\n## 6.2 Stay Safe\n\n- Develop a helpline\n")
    >>> section_paths(doc)[-1]
    ('6.0 Commissioning Intentions', '6.2 Stay Safe')
    """
    chapters: dict[str, str] = {}
    current: str | None = None
    pseudo: list[tuple[int, str]] = []  # numbered one-line list items acting as headings
    out: list[tuple[str, ...]] = []
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind == "heading" and _CHAPTER.match(b.text):
            pseudo = []
        elif b.kind == "heading" and (b.level <= 1 or _BACK_MATTER.match(b.text)):
            current, pseudo = None, []  # an unnumbered part (appendix, annex) ends the chapter
        path = b.section + ((b.text,) if b.kind == "heading" else ())
        text = b.text
        if _pseudo_heading(blocks, i):
            level = b.marker.count(".") if b.marker.strip(".").count(".") else 0
            pseudo = [(lv, t) for lv, t in pseudo if lv < level] + [(level, f"{b.marker} {b.text}")]
            text = f"{b.marker} {b.text}"
        if (b.kind == "heading" or _pseudo_heading(blocks, i)) and (m := _CHAPTER.match(text)):
            current = m.group(1)
            if re.match(r"^\d{1,2}(?:\.0)?\.?\s", text):
                chapters[current] = text  # "6.0 Commissioning Intentions" opens chapter 6
            else:
                chapters.setdefault(current, text)
        chapter = chapters.get(current) if current else None
        if chapter and chapter not in path:
            path = (chapter, *path)
        path = path + tuple(t for _, t in pseudo if t not in path)
        out.append(path[:-1] if b.kind == "heading" or _pseudo_heading(blocks, i) else path)
    return out


def _pseudo_heading(blocks: list[Block], i: int) -> bool:
    """A numbered title standing alone, read by the loader as a one-item list ("3.1 Commissioning Priorities")."""
    b = blocks[i]
    if b.kind != "list_item" or not re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*\.?", b.marker.strip()):
        return False
    if len(b.text) > 80 or b.text.rstrip().endswith((".", ";", ",")) or "\n" in b.text:
        return False
    before = blocks[i - 1].kind if i else ""
    after = blocks[i + 1].kind if i + 1 < len(blocks) else ""
    return before != "list_item" and after != "list_item"


def list_runs(doc: StructuredDocument) -> list[ListRun]:
    """Every run of consecutive list items, with nesting and a role from its lead-in."""
    paths = section_paths(doc)
    runs: list[ListRun] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "list_item" or _pseudo_heading(blocks, i):
            i += 1
            continue
        j = i
        items: list[ListItem] = []
        stack: list[tuple[float, int]] = []  # (level, item index)
        while j < len(blocks) and blocks[j].kind == "list_item":
            b = blocks[j]
            level: float = b.level
            # Converted lists lose indentation: bullets after a numbered item ending with ":"
            # are its sub-items ("1) Mental Health, including:" / "- Self-harm").
            for lv, k in reversed(stack):
                if lv < b.level:
                    break
                opener = items[k].block
                if _kind(opener.marker) != _kind(b.marker) and opener.text.rstrip().endswith(":"):
                    level = lv + 0.5
                    break
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            items.append(ListItem(b, tidy(b.text), parent))
            if parent is not None:
                items[parent].children.append(len(items) - 1)
            stack.append((level, len(items) - 1))
            j += 1
        lead = blocks[i - 1] if i and blocks[i - 1].kind in ("paragraph", "heading") else None
        heading = _nearest_heading(blocks, i)
        run = ListRun(items, lead, heading, first_index=i, section=paths[i])
        run.heading_index = next((k for k in range(i - 1, -1, -1) if blocks[k] is heading), None)
        run.role = _role(run)
        runs.append(run)
        i = j
    return runs


def lead_role(text: str) -> str | None:
    """What a lead-in sentence introduces.

    >>> lead_role("Key agreed priorities within the Children and Young People's Plan are:-")
    'priority'
    >>> lead_role("The five key recommendations are:")
    'intention'
    >>> lead_role("Key measures are:") is None
    True
    >>> lead_role("Carers told the panel what would improve respite in Brackenford, which includes:")
    'priority'
    """
    t = text.strip()
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", t)
    last = sentences[-1]
    previous = sentences[-2] if len(sentences) > 1 else ""
    if (
        len(last) > 300
        or NOT_A_LIST_OF_AIMS.search(last)
        or re.search(r"\bprinciples?\b|\bvalues\b", previous, re.I)
    ):
        return None
    if FOCUS_LEAD.search(last) or IMPROVEMENT_LEAD.search(last):
        return "priority"
    if INTENTION_LEAD.search(last):
        return "intention"
    if PRIORITY_LEAD.search(last):
        return "priority"
    if PRIORITY_HEADING.match(t):
        return "priority"
    return None


_MAX_PRIORITIES = 20  # a longer list is a work programme or a monitoring schedule, not a set of priorities


def _role(run: ListRun) -> str | None:
    role = _lead_or_section_role(run)
    if role == "priority":
        top = [it for it in run.items if it.parent is None]
        if len(top) > _MAX_PRIORITIES or _mostly_titles(top):
            return None
    return role


def _mostly_titles(items: list[ListItem]) -> bool:
    """Items that name documents ("LAC Sufficiency Strategy", "Children Act 2004") are references."""
    titled = sum(
        1
        for it in items
        if re.search(
            r"\b(?:strategy|plan|statement|act|framework|policy|report)(?:\s+[\d/–-]+)?$", it.text, re.I
        )
    )
    return titled * 2 > len(items)


def _lead_or_section_role(run: ListRun) -> str | None:
    lead = run.lead
    heading = run.heading
    if lead is not None:
        if PRIORITY_HEADING_NUMBERED.match(lead.text) and len(lead.text) < 200:
            return "priority"  # the areas of focus of "Priority 1 - ..."
        role = lead_role(lead.text)
        if role:
            return role
        if lead.kind == "paragraph" and len(lead.text) <= 120 and INTENTION_SECTION.search(lead.text):
            return "intention"  # "Proposed commissioning work programme from the Delivery Plan"
        if lead.kind == "paragraph" and NOT_A_LIST_OF_AIMS.search(lead.text[-120:]):
            return None
        if lead.kind == "paragraph" and len(lead.text) > 80:
            lead = None  # a paragraph of its own: the heading above says nothing about this list
    if heading is not None and PRIORITY_HEADING_NUMBERED.match(heading.text):
        return "priority"  # areas of focus listed under "Priority One: ..."
    if (
        heading is not None
        and PRIORITY_HEADING.match(heading.text)
        and (lead is None or lead is heading or len(lead.text) <= 80)
    ):
        return "priority"
    if any(INTENTION_SECTION.search(h) for h in run.section):
        return "intention"
    return None
