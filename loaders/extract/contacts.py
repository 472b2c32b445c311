"""Contacts: named people with role, organisation, email, phone and address.

Read from the layouts that say "this is a person" (``contacts_layouts``): contact blocks
("For further information please call: / Name / Role / Org / Telephone / Email"), report
headers ("LEAD OFFICER: ... TEL: ... E-MAIL: ..."), officer and author lists, contact
appendices ("Name, Role: email", "Org Name Role email") and quote attributions. Whether a
line is a name is decided by ``contacts_names`` (never a heading such as "Public Health").
Phones are E.164 via ``phonenumbers`` (UK default); a bare extension ("TEL: 74752") is not
a phone number. One record per person: mentions of the same name are merged.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("For further information please call:\\n\\n**Wendi Ogle-Welbourn**\\n\\n"
...   "Assistant Director - Commissioning\\n\\nBedfordshire County Council\\n\\nTelephone: 01234 276659\\n\\n"
...   "Email: Wendi.ogle-welbourn@bedscc.gov.uk")
>>> c = extract_contacts(doc, Context.for_document(doc, area="Bedfordshire"))[0]
>>> c.name, c.role, c.organisation, c.phone, c.email
('Wendi Ogle-Welbourn', 'Assistant Director - Commissioning', 'Bedfordshire County Council', '+441234276659', 'Wendi.ogle-welbourn@bedscc.gov.uk')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from ckg.loaders.extract.contacts_layouts import attributions, header_pairs, names_in_list
from ckg.loaders.extract.contacts_names import (
    GIVEN_NAMES,
    NON_NAME_WORDS,
    ROLE_WORDS,
    is_person_name,
    title_case_name,
    title_case_role,
)
from ckg.loaders.extract.context import Context
from ckg.loaders.extract.funding_funders import body
from ckg.loaders.extract.records import ContactRecord, Span
from ckg.loaders.structure import StructuredDocument

# (?<!...): a match starts where a run of these characters starts (same matches; not quadratic
# on a 100,000-character "word", which the fuzz tests feed it)
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_PHONE_LABEL = re.compile(
    r"^\s*(?:tel(?:ephone)?|phone|direct\s+(?:line|dial)|mobile|mob|t)\s*[.:]?\s*", re.I
)
_EMAIL_LABEL = re.compile(r"^\s*(?:e-?mail|e)\s*[.:]\s*", re.I)
_CUE = re.compile(
    r"\b(?:for\s+(?:further|more)\s+information|contact\s+(?:details|us|officer)?|please\s+(?:call|contact)|"
    r"enquiries|further\s+details)\b",
    re.I,
)
_ORG_HEAD = re.compile(
    r"\b(?:Council|Trust|NHS|CCG|ICB|Clinical\s+Commissioning\s+Group|Partnership|Board|Healthwatch|"
    r"Service|Services|Team|Directorate|Department|School|Academy|College|University|Charity|Foundation)\b"
)
_SECTION_OF_PEOPLE = re.compile(
    r"^(?:authors?|author\(s\)|written\s+by|prepared\s+by|report\s+(?:authors?|by)|contributors?|"
    r"acknowledg\w*|steering\s+group|working\s+group|project\s+team|membership)\b",
    re.I,
)


def e164(raw: str) -> str | None:
    """A UK phone number as E.164, or None for extensions and non-numbers.

    >>> e164("01234 276659"), e164("74752")
    ('+441234276659', None)
    """
    try:
        num = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num) or len(str(num.national_number)) < 9:
        return None  # "TEL: 74752": an internal extension, not a number one can call
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class _Line:
    text: str
    start: int
    end: int
    block: int


def _lines(doc: StructuredDocument) -> list[_Line]:
    out = []
    for i, b in enumerate(doc.blocks):
        if b.kind == "table_row":
            out.extend(_Line(c.text.strip(), c.start, c.end, i) for c in b.cells if c.text.strip())
            continue
        pos = b.start
        for piece in b.text.split("\n"):
            if piece.strip():
                out.append(_Line(piece.strip(" *"), pos, pos + len(piece), i))
            pos += len(piece) + 1
    return out


class _People:
    """Contacts found so far, merged by name."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.by_name: dict[str, ContactRecord] = {}

    def add(self, name: str, span: Span, **fields: str | None) -> None:
        name = re.sub(r"\s+", " ", name.strip(" *:,;"))
        if name.isupper() or name.split()[-1].isupper():
            name = title_case_name(name)
        if not is_person_name(name):
            return
        key = name.lower()
        rec = self.by_name.get(key)
        if rec is None:
            rec = self.by_name[key] = ContactRecord(name=name, spans=[span])
        elif span not in rec.spans:
            rec.spans.append(span)
        for field, value in fields.items():
            if value and not getattr(rec, field):
                setattr(rec, field, value.strip(" ,;:") if isinstance(value, str) else value)

    def org(self, mention: str | None, by_layout: bool = False) -> str | None:
        """Canonical organisation for a mention; a named body not yet known is registered.

        ``by_layout``: the layout says it is an organisation ("(Teacher – John Henry Newman)"),
        even if it reads like a person's name.
        """
        if not mention:
            return None
        mention = re.sub(r"\s*\([^)]*\)\s*", " ", mention).strip(" ,.;:-–")
        if not mention or len(mention) > 80:
            return None
        if name := self.ctx.orgs.resolve(mention) or body(mention, self.ctx.orgs):
            return name
        for part in re.split(r"\s*(?:/|,|\band\b)\s*", mention):
            if part and (name := self.ctx.orgs.resolve(part) or body(part, self.ctx.orgs)):
                return name
        if re.match(r"^[A-Z]", mention) and (by_layout or not is_person_name(mention)):
            kind = "school" if re.search(r"\b(?:School|Academy|Primary|College)\b", mention) else "other"
            return self.ctx.orgs.resolve_or_add(mention, kind)
        return None

    def council(self) -> str | None:
        """The council of the document's area, as the registry names it ("Reading Borough Council")."""
        area = self.ctx.orgs.area
        if not area:
            return None
        known = [
            r.name
            for r in self.ctx.orgs.records()
            if r.kind == "local-authority" and r.name.startswith(area) and r.name.endswith("Council")
        ]
        return (
            known[0]
            if known
            else self.ctx.orgs.resolve_or_add(self.ctx.orgs.council_name() or "", "local-authority")
        )

    def org_of_email(self, email: str | None) -> str | None:
        """The council of the document's area when the address is on its domain (bedscc.gov.uk)."""
        area = self.ctx.orgs.area
        if not email or not area or not email.lower().endswith(".gov.uk"):
            return None
        domain = email.split("@")[-1].lower()
        key = re.sub(r"[^a-z]", "", area.lower())
        initials = "".join(w[0] for w in area.lower().split())
        if key in domain.replace("-", "") or key[:4] in domain or domain.startswith(initials + "cc"):
            return self.council()
        return None

    def records(self) -> list[ContactRecord]:
        for rec in self.by_name.values():
            rec.organisation = rec.organisation or self.org_of_email(rec.email)
        return list(self.by_name.values())


def _header_tables(doc: StructuredDocument, people: _People) -> None:
    """ "LEAD OFFICER: ANGELA DAKIN  TEL: 74752" / "JOB TITLE: ...  E-MAIL: ..." rows."""
    current: str | None = None
    for b in doc.blocks:
        if b.kind == "heading":
            current = None
            continue
        cells = [c.text for c in b.cells] if b.kind == "table_row" else b.text.split("\n")
        for field, value in header_pairs(cells):
            span = Span(b.start, b.end)
            if field in ("name", "councillor"):
                name = title_case_name(value) if value.isupper() or value.split()[-1].isupper() else value
                if not is_person_name(name):
                    continue
                current = name
                role = "Lead Councillor" if field == "councillor" else None
                people.add(name, span, role=role, organisation=people.council() if role else None)
            elif current and field == "role":
                people.add(current, span, role=title_case_role(value))
            elif current and field == "phone":
                people.add(current, span, phone=e164(value))
            elif current and field == "email" and (m := EMAIL.search(value)):
                people.add(current, span, email=m.group(0))


def _people_tables(doc: StructuredDocument, people: _People) -> None:
    """Rows "Name | Role | Organisation" of officer, author and working-group lists."""
    for b in doc.blocks:
        if b.kind != "table_row":
            continue
        cells = [c.text.strip() for c in b.cells if c.text.strip()]
        if len(cells) < 2 or not is_person_name(cells[0]) or not ROLE_WORDS.search(cells[1]):
            continue
        if EMAIL.search(cells[1]) or len(cells[1]) > 120:
            continue
        org = people.org(cells[2]) if len(cells) > 2 and not EMAIL.search(cells[2]) else None
        email = next((m.group(0) for c in cells for m in [EMAIL.search(c)] if m), None)
        people.add(cells[0], Span(b.start, b.end), role=cells[1], organisation=org, email=email)


def _inline_person(text: str) -> tuple[str, int, int] | None:
    """A person named inside a line: "Name, Role: email" or "... Org Name Role email"."""
    m = re.match(r"^((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)\s*(?:,|\s[–-]\s)\s*(?=\S)", text)
    if m and is_person_name(m.group(1)) and ROLE_WORDS.search(text[m.end() :].split("@")[0]):
        return m.group(1), m.start(1), m.end(1)
    words = [(w.group(0), w.start(), w.end()) for w in re.finditer(r"[\w'’-]+", text)]
    for i, (w, s, _) in enumerate(words[:-1]):
        if w.lower() in GIVEN_NAMES and re.match(r"^[A-Z][a-z]", w):
            name = [w]
            end = words[i][2]
            for w2, _, e2 in words[i + 1 : i + 3]:
                if (
                    re.match(r"^[A-Z][a-z'’-]*[a-z]$", w2)
                    and w2.lower() not in NON_NAME_WORDS
                    and not ROLE_WORDS.fullmatch(w2)
                ):
                    name.append(w2)
                    end = e2
                else:
                    break
            after = words[i + len(name)][0] if i + len(name) < len(words) else ""
            if after[:1].isupper() and after.lower() in NON_NAME_WORDS - {"chief", "head", "lead"}:
                continue  # "John Grenville House": a building named after a person
            if len(name) >= 2 and is_person_name(" ".join(name), strict=True):
                return " ".join(name), s, end
    return None


def _address(lines: list[_Line], lo: int, hi: int) -> str | None:
    """The postal address printed in lines[lo:hi]: the lines ending with the last postcode."""
    for k in range(hi - 1, lo - 1, -1):
        if POSTCODE.search(lines[k].text) and len(lines[k].text) < 120:
            parts = [lines[k].text]
            j = k - 1
            while j >= lo and len(parts) < 5:
                t = lines[j].text
                if (
                    EMAIL.search(t)
                    or _CUE.search(t)
                    or re.search(r"(?:19|20)\d\d|:", t)
                    or is_person_name(t)
                    or len(t) > 60
                ):
                    break
                parts.insert(0, t)
                j -= 1
            return ", ".join(parts)
    return None


def _contact_blocks(doc: StructuredDocument, people: _People) -> None:
    """Names on lines near an email, a "Telephone:" line or a "for further information" cue."""
    lines = _lines(doc)
    for i, line in enumerate(lines):
        has_email = EMAIL.search(line.text)
        has_phone = _PHONE_LABEL.match(line.text) and PHONE.search(line.text)
        # "Jane Smith, Head of Service, Anytown Council" alone on a line names a contact too
        listed = len(line.text) < 140 and re.match(r"^[A-Z][\w'’-]+ [A-Z][\w'’ -]+,", line.text)
        if not (has_email or has_phone or listed):
            continue
        inline = _inline_person(line.text)
        if not (has_email or has_phone) and not (
            inline and inline[1] == 0 and is_person_name(inline[0], strict=True) and listed.end() > inline[2]
        ):
            continue
        if inline:
            name, s, e = inline
            rest = line.text[e:]
            role = re.split(r"[:@\t]|\S+@", rest)[0].strip(" ,–-") or None
            role = role if role and ROLE_WORDS.search(role) and len(role) < 100 else None
            before = line.text[:s].strip(" ,")
            row = [ln for ln in lines if ln.block == line.block and ln is not line]
            org = people.org(before) if before else None
            if not org and row:
                org = people.org(_ORG_HEAD.search(row[0].text) and _org_phrase(row[0].text))
            address = row[0].text if row and POSTCODE.search(row[0].text) else None
            if not org and not address:  # an address block printed just above: "Org / street / postcode"
                org, address = _block_above(lines, i, people)
            people.add(
                name,
                Span(line.start, line.end),
                role=role,
                email=has_email.group(0) if has_email else None,
                phone=e164(PHONE.search(line.text).group(0)) if has_phone else None,
                organisation=org,
                address=address,
            )
            continue
        lo = max(0, i - 8)
        window = lines[lo : i + 4]
        cue = max((k for k, ln in enumerate(window) if _CUE.search(ln.text)), default=None)
        candidates = range(cue + 1, len(window)) if cue is not None else range(i - lo, -1, -1)
        name_k = next(
            (k for k in candidates if is_person_name(window[k].text)),
            None,
        )
        if name_k is None:
            continue
        name_line = window[name_k]
        role = org = email = phone = None
        for ln in window[name_k + 1 :]:
            t = ln.text
            if m := EMAIL.search(t):
                email = email or m.group(0)
            elif _PHONE_LABEL.match(t) and (m := PHONE.search(t)):
                phone = phone or e164(m.group(0))
            elif role is None and org is None and ROLE_WORDS.search(t) and len(t) < 90 and ":" not in t:
                role = t
            elif org is None and (
                found := people.ctx.orgs.resolve(t) or (_ORG_HEAD.search(t) and people.org(t))
            ):
                org = found
        people.add(
            name_line.text,
            Span(name_line.start, line.end),
            role=role,
            organisation=org,
            email=email,
            phone=phone,
            address=_address(lines, lo, i + 1),
        )


def _block_above(lines: list[_Line], i: int, people: _People) -> tuple[str | None, str | None]:
    """(organisation, address) of the address block ending on the line before ``lines[i]``."""
    if i == 0 or not POSTCODE.search(lines[i - 1].text):
        return None, None
    k = i - 2
    while k >= 0 and i - 1 - k <= 4:
        text = lines[k].text
        if len(text) > 70 or ":" in text or EMAIL.search(text) or is_person_name(text):
            break
        if _ORG_HEAD.search(text) or people.ctx.orgs.resolve(text):
            return people.org(text), ", ".join(ln.text for ln in lines[k:i])
        k -= 1
    return None, None


def _org_phrase(text: str) -> str | None:
    m = re.search(r"((?:[A-Z][\w'’&-]*\s+){0,5}(?:NHS\s+Foundation\s+Trust|[A-Z][\w'’&-]*))", text)
    return m.group(1) if m else None


def _attributed(doc: StructuredDocument, people: _People) -> None:
    for b in doc.blocks:
        if "(" not in b.text and not re.search(r"(?i)quote|said|says|according", b.text):
            continue
        for name, role, org, s, e in attributions(b.text):
            people.add(
                name, Span(b.start + s, b.start + e), role=role, organisation=people.org(org, by_layout=True)
            )


def _author_lists(doc: StructuredDocument, people: _People) -> None:
    """Paragraphs under "Author(s)" / "Contributors" headings: comma-separated names."""
    for b in doc.blocks:
        if (
            b.kind in ("paragraph", "list_item", "heading")
            and b.section
            and _SECTION_OF_PEOPLE.match(b.section[-1])
        ):
            if len(b.text) > 400:
                continue
            for name in names_in_list(b.text):
                people.add(name, Span(b.start, b.end))


def extract_contacts(doc: StructuredDocument, ctx: Context) -> list[ContactRecord]:
    people = _People(ctx)
    _header_tables(doc, people)
    _contact_blocks(doc, people)
    _people_tables(doc, people)
    _attributed(doc, people)
    _author_lists(doc, people)
    return people.records()
