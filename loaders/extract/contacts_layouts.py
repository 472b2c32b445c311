"""Where people are named in council documents, layout by layout.

Why these layouts: a committee or cabinet report opens with a key/value table ("Report
author", "Lead officer", "Cabinet member", "Tel", "E-mail", "Job title"; label and value in
the same row, sometimes several pairs a row, with or without a colon) and ends with contact
officers, often as a table whose header row says what each column holds (Name | Post |
Telephone | Email, in any order); a needs assessment lists its authors and working group as
rows "Name | Role | Organisation" or as a comma-separated paragraph under "Authors"; case
studies attribute quotes ("Name (Role – Organisation)", "Quote from Name - Org", "to quote
Lead Artist Name"); agreements and governance sections name post holders in prose ("the
Council's Section 151 Officer, Jo Bell", "Signed on behalf of X by Jo Bell, Director of Y").
Each layout says by itself that the text is a person, so a name only has to look like one
(``ckg.loaders.names``).

>>> header_pairs("LEAD OFFICER:\\tROSA MACKINNON\\tTEL:\\t4417".split("\\t"))
[('name', 'ROSA MACKINNON', 'LEAD OFFICER'), ('phone', '4417', 'TEL')]
>>> header_pairs(["Report author", "Tamsin Okoro, Head of Early Help"], table=True)
[('name', 'Tamsin Okoro, Head of Early Help', 'Report author')]
>>> column_fields(["Officer", "Telephone", "Job title", "E-mail address"])
{0: 'name', 1: 'phone', 2: 'role', 3: 'email'}
>>> [p[:3] for p in attributions("Lena Varga (Teacher – Elm Vale Academy)")]
[('Lena Varga', 'Teacher', 'Elm Vale Academy')]
>>> [p[:3] for p in attributions('due to this." Quote from Rachel Moss - Fenwick School:')]
[('Rachel Moss', None, 'Fenwick School')]
>>> [p[:3] for p in attributions("to quote Lead Artist Lizzy Moreau:")]
[('Lizzy Moreau', 'Lead Artist', None)]
>>> names_in_list("Jo Bloggs, Sue D’Arcy, Ann Lee Service mapping by Lyn Wu (external Consultant)")
['Jo Bloggs', 'Sue D’Arcy', 'Ann Lee', 'Lyn Wu']
>>> [(n, p, o) for n, p, o, *_ in named_posts("The Trust's Chief Nurse, Gwen Pryce, chairs the panel.")]
[('Gwen Pryce', 'Chief Nurse', 'The Trust')]
"""

from __future__ import annotations

import re

from ckg.loaders.names import (
    NON_NAME_WORDS,
    ROLE_WORDS,
    TITLES,
    is_person_name,
    is_post,
    person_names_in,
    post_end,
    post_owner,
    posts_in,
)

# Labels of report-header tables, by the field they fill.
HEADER_LABELS: tuple[tuple[str, str], ...] = (
    (
        "name",
        r"(?:lead|contact|responsible|report(?:ing)?|named|accountable)\s+officer(?:s|\(s\))?|report\s+author(?:s|\(s\))?|"
        r"author(?:s|\(s\))?|"
        r"contact(?:\s+(?:name|person))?|(?:full\s+)?name|officer\s+contact|report\s+(?:written|prepared)\s+by|"
        r"name\s+of\s+(?:officer|author|contact|signatory)|(?:officer|author|contact)(?:'s)?\s+name|"
        r"signed(?:\s+by)?|print\s+name|signatory",
    ),
    (
        "councillor",
        r"lead\s+(?:councillor|member)s?|portfolio\s+holders?|(?:lead\s+)?cabinet\s+members?|executive\s+members?|"
        r"cabinet\s+member\s+responsible|relevant\s+cabinet\s+member",
    ),
    ("role", r"job\s+title|post(?:\s+title)?|designation|role|position"),
    (
        "phone",
        r"tel(?:ephone)?(?:\s+no\.?|\s+number)?\.?|phone(?:\s+number)?|direct\s+(?:line|dial)|mobile|ext(?:ension)?\.?",
    ),
    ("email", r"e-?mail(?:\s+address)?"),
    ("portfolio", r"portfolio"),
)
_LABEL = re.compile(
    r"^\s*(" + "|".join(p for _, p in HEADER_LABELS) + r")\s*:\s*(.*)$",
    re.I | re.S,
)
_BARE_LABEL = re.compile(r"^\s*(" + "|".join(p for _, p in HEADER_LABELS) + r")\s*:?\s*$", re.I)
# "Chair: Cllr Jo Bell", "Director of Public Health: Dr Ann Lee": a post as the label
_POST_LABEL = re.compile(r"^\s*([A-Z][^:\n]{1,60}?)\s*:\s*(\S.*)$", re.S)

# What a contact table's header cells mean, by the field the column fills.
COLUMN_LABELS: tuple[tuple[str, str], ...] = (
    (
        "name",
        r"(?:full\s+|contact\s+|officer(?:'s)?\s+)?names?|name\s+of\s+(?:officer|contact)|contacts?|"
        r"(?:contact|lead|named)\s+officers?|officers?|persons?|people|authors?|(?:named\s+)?contact\s+persons?|who|"
        r"members?",
    ),
    (
        "role",
        r"posts?(?:\s+title)?|roles?|job\s+(?:title|role)s?|titles?|positions?|designations?|responsibilit(?:y|ies)",
    ),
    (
        "phone",
        r"tel(?:ephone)?(?:\s+(?:no\.?|numbers?))?\.?|phone(?:\s+numbers?)?|contact\s+(?:numbers?|no\.?)|"
        r"direct\s+(?:line|dial)|mobile|ext(?:ension)?\.?",
    ),
    ("email", r"e-?mail(?:\s+address(?:es)?)?|e-?mail\s+contact"),
    ("org", r"organi[sz]ations?|agency|agencies|employer|body|bodies|representing|partner\s+organi[sz]ation"),
    ("address", r"(?:postal\s+)?address(?:es)?"),
    ("details", r"contact\s+(?:details|information|info)|details|how\s+to\s+contact"),
)
_COLUMN = [(field, re.compile(r"\s*(?:" + p + r")\s*:?\s*", re.I)) for field, p in COLUMN_LABELS]


def column_fields(cells: list[str]) -> dict[int, str] | None:
    """Column index -> field, when ``cells`` is the header row of a table of people.

    A header row names a person column and at least one contact column (post, phone, email,
    organisation); every non-empty cell must be a header word, so a data row is never one.
    """
    fields: dict[int, str] = {}
    for k, cell in enumerate(cells):
        if not cell.strip():
            continue
        field = next((f for f, p in _COLUMN if p.fullmatch(cell)), None)
        if field is None or field in fields.values():
            return None
        fields[k] = field
    values = set(fields.values())
    if "name" not in values or not values & {"role", "phone", "email", "org", "details"}:
        return None
    return fields


def _label_field(label: str) -> str:
    return next(f for f, p in HEADER_LABELS if re.fullmatch(p, label, re.I))


def header_pairs(cells: list[str], table: bool = False) -> list[tuple[str, str, str]]:
    """(field, value, label) pairs of a header row: label cells followed by their values.

    A label ends with a colon ("LEAD OFFICER:"), or, in a table row (``table``), is a whole
    cell of its own ("Report author"). In a table row a post is a label too ("Pooled Fund
    Manager | Jo Bell, Head of Finance"): its value names the holder (field ``holder``).
    """
    out: list[tuple[str, str, str]] = []
    cells = [c.strip() for c in cells]
    i = 0
    while i < len(cells):
        m = _LABEL.match(cells[i])
        if (
            not m
            and (pm := _POST_LABEL.match(cells[i]))
            and is_post(pm.group(1))
            and person_names_in(pm.group(2)[:60])
        ):
            if person_names_in(pm.group(2))[0][1] == 0:
                out.append(("holder", pm.group(2).strip(), pm.group(1)))
            i += 1
            continue
        bare = table and (
            _BARE_LABEL.match(cells[i]) or (len(cells) == 2 and i == 0 and is_post(cells[0].rstrip(":")))
        )
        if not m and not bare:
            i += 1
            continue
        if m:
            label, value = m.group(1), m.group(2).strip()
        else:
            label, value = cells[i].strip().rstrip(":").strip(), ""
        if (
            not value
            and i + 1 < len(cells)
            and not _LABEL.match(cells[i + 1])
            and not _BARE_LABEL.match(cells[i + 1])
        ):
            value = cells[i + 1]
            i += 1
        i += 1
        if not value:
            continue
        field = _label_field(label) if _BARE_LABEL.match(label) else "holder"
        out.append((field, value, label))
    return out


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


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[-1].lower() in NON_NAME_WORDS:  # "Jo Bell Chief" -> "Jo Bell"
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
            lead.append(words.pop(0))  # "Lead Artist Jo Bell": the role printed before the name
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


# "Signed on behalf of Elmshire County Council by", "Signed for the Trust:": the body a signatory signs for
_SIGNED_FOR = re.compile(
    r"\b(?:signed\s+)?(?:on\s+behalf\s+of|for\s+and\s+on\s+behalf\s+of|signed\s+for)\s+(?P<org>[^,.;:]{2,100}?)"
    r"\s*(?:\bby\b|:|,)\s*$",
    re.I,
)
_CHAIR_CUE = re.compile(
    r"\b(?:co-?)?chair(?:ed|s)?\s+by\s+$|\b(?:co-?)?chair(?:man|person)?\s*(?:is|:)\s*$", re.I
)
_AFTER_NAME = re.compile(r"\s*(?:,|[-–](?=\s)|\()\s*(?:the\s+)?")
_NAME_END = re.compile(r"\s*(?:[,.;:)]|\s(?:and|who|will|has|is|was|must|to)\b|$)")
_POST_TAIL_ORG = re.compile(r",\s*(?:(?:of|at)\s+)?(?P<org>(?:the\s+)?[A-Z][^,.;()\n]{2,90}?)\s*(?=[,.;]|$)")


def named_posts(text: str) -> list[tuple[str, str | None, str | None, str | None, int, int]]:
    """People named with their post in running text.

    (name, post, owner, org, start, end): ``owner`` is the body a possessive gives the post
    ("the Council's Section 151 Officer, Jo Bell"), ``org`` a body printed after the post
    ("Jo Bell, Head of Finance, Elmshire County Council") or signed for ("Signed on behalf of
    X by Jo Bell"). Only people the text gives a post, a chair or a signature count.
    """
    out: list[tuple[str, str | None, str | None, str | None, int, int]] = []
    names = person_names_in(text)
    posts = posts_in(text) if names else []
    for name, s, e in names:
        post = owner = org = None
        end = e
        if (m := _AFTER_NAME.match(text, e)) and (pe := post_end(text, m.end())):
            post, end = text[m.end() : pe], pe
            if tail := _POST_TAIL_ORG.match(text, pe):
                org = tail.group("org")
        else:
            before = next((p for p in posts if p[2] <= s and re.fullmatch(r"\s*,\s*", text[p[2] : s])), None)
            if before and _NAME_END.match(text, e):
                post, s = before[0], before[1]
                if own := post_owner(text, before[1]):
                    owner = text[own[0] : own[1]]
        lead = text[max(0, s - 160) : s]
        if (signed := _SIGNED_FOR.search(lead)) and not org:
            org = signed.group("org").strip()
        if post is None and not signed and not _CHAIR_CUE.search(lead):
            continue
        if post is None and _CHAIR_CUE.search(lead):
            post = "Chair"
        out.append((name, post, owner, org, s, end))
    return out
