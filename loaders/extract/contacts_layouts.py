"""Where people are named in council documents, layout by layout.

Why these layouts: a committee report's header is a key/value table ("LEAD OFFICER:",
"TEL:", "JOB TITLE:", "E-MAIL:"); a needs assessment lists its authors and working group
as rows "Name | Role | Organisation" or as a comma-separated paragraph under "Authors";
case studies attribute quotes ("Name (Role – Organisation)", "Quote from Name - Org",
"to quote Lead Artist Name"). Each layout says by itself that the text is a person, so a
name only has to look like one; names met in running text are not contacts.

>>> header_pairs("LEAD OFFICER:\\tANGELA DAKIN\\tTEL:\\t74752".split("\\t"))
[('name', 'ANGELA DAKIN'), ('phone', '74752')]
>>> [p[:3] for p in attributions("Lynda Phillips (Teacher – John Henry Newman)")]
[('Lynda Phillips', 'Teacher', 'John Henry Newman')]
>>> [p[:3] for p in attributions('due to this." Quote from Rachel Cosgrove - Warriner School:')]
[('Rachel Cosgrove', None, 'Warriner School')]
>>> [p[:3] for p in attributions("to quote Lead Artist Lizzy McBain:")]
[('Lizzy McBain', 'Lead Artist', None)]
>>> names_in_list("Jo Bloggs, Sue D’Authreau, Ann Lee Service mapping by Lyn Wu (external Consultant)")
['Jo Bloggs', 'Sue D’Authreau', 'Ann Lee', 'Lyn Wu']
"""

from __future__ import annotations

import re

from ckg.loaders.extract.contacts_names import NON_NAME_WORDS, ROLE_WORDS, TITLES, is_person_name

# Labels of report-header tables, by the field they fill.
HEADER_LABELS: tuple[tuple[str, str], ...] = (
    (
        "name",
        r"(?:lead|contact|responsible|report(?:ing)?)\s+officer|report\s+author|author|contact(?:\s+name)?|name",
    ),
    ("councillor", r"lead\s+(?:councillor|member)|portfolio\s+holder|cabinet\s+member"),
    ("role", r"job\s+title|post(?:\s+title)?|designation|role|position"),
    ("phone", r"tel(?:ephone)?\.?|phone|direct\s+(?:line|dial)|mobile|ext(?:ension)?\.?"),
    ("email", r"e-?mail(?:\s+address)?"),
    ("portfolio", r"portfolio"),
)
_LABEL = re.compile(
    r"^\s*(" + "|".join(p for _, p in HEADER_LABELS) + r")\s*:\s*(.*)$",
    re.I,
)
_NAME_TOKENS = (
    r"(?:(?:"
    + "|".join(sorted(TITLES))
    + r")\.?\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|de|van|von|le|la|da)){0,3}"
)
_ROLE_ORG = re.compile(
    r"(?P<name>"
    + _NAME_TOKENS
    + r")\s*\(\s*(?P<role>[^()–\-,]{2,60}?)\s*(?:[–-]|,)\s*(?P<org>[^()]{2,80}?)\s*\)",
)
_ROLE_ONLY = re.compile(r"(?P<name>" + _NAME_TOKENS + r")\s*\(\s*(?P<role>[^()–\-,]{2,60}?)\s*\)")
_CUE = r"(?i:quote\s+from|quoted\s+by|comments?\s+from|feedback\s+from|according\s+to|said\s+by|to\s+quote|says?|said)"
_CUED = re.compile(
    r"\b" + _CUE + r"\s+(?P<role>(?:[A-Z][\w-]*\s+){0,3}?)?(?P<name>" + _NAME_TOKENS + r")"
    r"(?:\s*(?:[–-]|,|\bof\b|\bat\b|\bfrom\b)\s*(?P<org>(?:[A-Z][\w'’&.-]*\s*){1,6}))?",
)


def header_pairs(cells: list[str]) -> list[tuple[str, str]]:
    """(field, value) pairs of a header row: "LABEL:" cells followed by their values."""
    out: list[tuple[str, str]] = []
    i = 0
    cells = [c.strip() for c in cells]
    while i < len(cells):
        m = _LABEL.match(cells[i])
        if not m:
            i += 1
            continue
        label = m.group(1).lower()
        value = m.group(2).strip()
        if not value and i + 1 < len(cells) and not _LABEL.match(cells[i + 1]):
            value = cells[i + 1]
            i += 1
        i += 1
        if not value:
            continue
        field = next(f for f, p in HEADER_LABELS if re.fullmatch(p, label, re.I))
        out.append((field, value))
    return out


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[-1].lower() in NON_NAME_WORDS:  # "Rachel Coney Chief" -> "Rachel Coney"
        words.pop()
    return " ".join(words)


def attributions(text: str) -> list[tuple[str, str | None, str | None, int, int]]:
    """(name, role, organisation, start, end) of quote attributions in ``text``."""
    out: list[tuple[str, str | None, str | None, int, int]] = []
    taken: list[tuple[int, int]] = []

    def add(name: str, role: str | None, org: str | None, start: int, end: int) -> None:
        words = _clean_name(name).split()
        lead = []
        while len(words) > 2 and (words[0].lower() in NON_NAME_WORDS or ROLE_WORDS.fullmatch(words[0])):
            lead.append(words.pop(0))  # "Lead Artist Lizzy McBain": the role printed before the name
        name = " ".join(words)
        if lead:
            role = " ".join(filter(None, [role, *lead]))
        if not is_person_name(name) or any(a <= start < b for a, b in taken):
            return
        role = role.strip(" ,") if role and role.strip() else None
        org = org.strip(" ,.:;") if org and org.strip(" ,.:;") else None
        taken.append((start, end))
        out.append((name, role, org, start, end))

    for m in _ROLE_ORG.finditer(text):
        if ROLE_WORDS.search(m.group("role")) or is_person_name(_clean_name(m.group("name")), strict=True):
            add(m.group("name"), m.group("role"), m.group("org"), m.start("name"), m.end())
    for m in _ROLE_ONLY.finditer(text):
        if ROLE_WORDS.search(m.group("role")):
            add(m.group("name"), m.group("role"), None, m.start("name"), m.end())
    for m in _CUED.finditer(text):
        role = m.group("role")
        if role and not ROLE_WORDS.search(role):
            continue
        add(m.group("name"), role, m.group("org"), m.start("name"), m.end())
    return out


def names_in_list(text: str) -> list[str]:
    """People named in an authors/contributors paragraph: "A Smith, B Jones and C Brown"."""
    out = []
    for m in _ROLE_ONLY.finditer(text):
        if is_person_name(m.group("name")):
            text = text.replace(m.group(0), f", {m.group('name')},")
    for chunk in re.split(r"\s*(?:,|;|\band\b|\n|\bby\b)\s*", text):
        words = chunk.split()
        name: list[str] = []
        for w in words:
            if w.lower().strip(".") in TITLES and not name:
                name.append(w)
                continue
            if re.match(r"^[A-Z][\w'’-]+$", w) and w.lower() not in NON_NAME_WORDS and len(name) < 4:
                name.append(w)
            else:
                break
        candidate = " ".join(name)
        if is_person_name(candidate) and candidate not in out:
            out.append(candidate)
    return out
