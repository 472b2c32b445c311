"""Contacts: named people with post, organisation, email, phone and address.

Read from the layouts that say "this is a person" (``contacts_layouts``): report headers
("Report author | Jo Bell, Head of X", "LEAD OFFICER: ... TEL: ... E-MAIL: ..."), tables of
contact officers read by what their header cells mean (Name | Post | Telephone | Email, in
any order), contact blocks ("For further information please contact: / Name / Post / Org /
Telephone / Email"), contact lines ("Jo Bell, Head of X, Elmshire County Council. Tel: ...
Email: ..."), officer and author lists, quote attributions, and post holders named in prose
("the Council's Section 151 Officer, Jo Bell", "Signed on behalf of X by Jo Bell, Director
of Y"). Whether a text is a person's name or a post is decided by ``ckg.loaders.names``.
Phones are E.164 via ``phonenumbers`` (UK default); a bare extension ("Tel: 4417") is not a
phone number. An address printed after a list or table of contacts ("Elmshire County
Council, County Hall, Elmbridge EL1 2AB") is the address of those of them who work for that
body. One record per person: mentions of the same name (with or without a title) merge.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("For further information please contact:\\n\\n**Tamsin Okoro**\\n\\n"
...   "Assistant Director - Commissioning\\n\\nElmshire County Council\\n\\nTelephone: (01632) 960 123\\n\\n"
...   "Email: tamsin.okoro@elmshire.gov.uk")
>>> c = extract_contacts(doc, Context.for_document(doc))[0]
>>> c.name, c.role, c.organisation, c.phone, c.email
('Tamsin Okoro', 'Assistant Director - Commissioning', 'Elmshire County Council', '+441632960123', 'tamsin.okoro@elmshire.gov.uk')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from ckg.loaders.dates import MONTH
from ckg.loaders.extract.contacts_layouts import (
    attributions,
    column_fields,
    header_pairs,
    named_posts,
    names_in_list,
)
from ckg.loaders.extract.context import Context
from ckg.loaders.extract.funding_funders import body
from ckg.loaders.extract.methods import stronger
from ckg.loaders.extract.organisations_names import OWN_COUNCIL, kind_of
from ckg.loaders.extract.records import ContactRecord, Span
from ckg.loaders.names import (
    NON_NAME_WORDS,
    ROLE_WORDS,
    TITLES,
    is_given_name,
    is_person_name,
    is_post,
    name_key,
    post_end,
    title_case_name,
    title_case_role,
)
from ckg.loaders.structure import StructuredDocument

# (?<!...): a match starts where a run of these characters starts (same matches; not quadratic
# on a 100,000-character "word", which the fuzz tests feed it)
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# UK numbers as printed: 01632 960123, (01632) 960 123, 020 7946 0123, +44 (0)1632 960123, 0300 123 4567
PHONE = re.compile(r"(?<!\d)(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
FREEPOST = re.compile(r"\bFREEPOST\b", re.I)
_PHONE_LABEL = re.compile(
    r"^\s*(?:tel(?:ephone)?|phone|direct\s+(?:line|dial)|mobile|mob|t)\s*[.:]?\s*", re.I
)
# a labelled number anywhere in a line: "Telephone: 01632 960123", "tel 01632 960123", "T: ..."
_LABELLED_PHONE = re.compile(
    r"\b(?:tel(?:ephone)?(?:\s+no\.?)?|phone|direct\s+(?:line|dial)|mobile|mob|t)\s*[.:]?\s*(?:on\s+)?"
    r"(?P<num>(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}|\d{4,6})(?!\d)",
    re.I,
)
_LABEL_WORDS = re.compile(
    r"\b(?:tel(?:ephone)?(?:\s+no\.?)?|phone|direct\s+(?:line|dial)|mobile|mob|e-?mail(?:\s+address)?|t|e|ext(?:ension)?)"
    r"\s*[.:]",
    re.I,
)
_CUE = re.compile(
    r"\b(?:for\s+(?:further|more)\s+information|contact\s+(?:details|us|officer)?|please\s+(?:call|contact)|"
    r"enquiries|further\s+details)\b",
    re.I,
)
_ORG_HEAD = re.compile(
    r"\b(?:Council|Trust|NHS|CCG|ICB|Clinical\s+Commissioning\s+Group|Integrated\s+Care\s+Board|Partnership|Board|"
    r"Healthwatch|Service|Services|Team|Directorate|Department|School|Academy|College|University|Charity|"
    r"Foundation|CIC|Ltd|Limited|Institute|Agency|Authority)\b"
)
_SECTION_OF_PEOPLE = re.compile(
    r"^(?:authors?|author\(s\)|written\s+by|prepared\s+by|report\s+(?:authors?|by)|contributors?|"
    r"acknowledg\w*|steering\s+group|working\s+group|project\s+team|membership)\b",
    re.I,
)
_DATE = re.compile(r"\b(?:\d{1,2}\s+" + MONTH + r"|" + MONTH + r"\s+(?:19|20)\d\d)\b")
_ON_BEHALF = re.compile(
    r"^(?:signed\s+)?(?:for\s+and\s+)?on\s+behalf\s+of\s+(?:the\s+)?(.{3,100}?)[.:]?$", re.I
)
# "the ICB": the full form a generic body name ends with
_GENERIC_BODIES = {
    "icb": "Integrated Care Board",
    "ccg": "Clinical Commissioning Group",
    "pct": "Primary Care Trust",
    "trust": "Trust",
    "partnership": "Partnership",
    "board": "Board",
}
# generic names of the document's own council ("the Council", "the County Council", "the Authority")
_OWN_COUNCIL = re.compile(rf"(?:the\s+)?{OWN_COUNCIL}", re.I)


def e164(raw: str) -> str | None:
    """A UK phone number as E.164, or None for extensions and non-numbers.

    >>> e164("01632 960123"), e164("+44 (0)1632 960 123"), e164("4417")
    ('+441632960123', '+441632960123', None)
    """
    try:
        num = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num) or len(str(num.national_number)) < 9:
        return None  # "TEL: 4417": an internal extension, not a number one can call
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def phone_in(text: str) -> str | None:
    """The phone number a line gives, labelled ("Tel: ...") or bare, as E.164."""
    for m in _LABELLED_PHONE.finditer(text):
        if number := e164(m.group("num")):
            return number
    for m in PHONE.finditer(text):
        if number := e164(m.group(0)):
            return number
    return None


_EXTENSION = re.compile(r"\bext(?:ension|n)?\.?\s*:?\s*\d{3,6}(?!\d)", re.I)


def number_of(printed: str) -> str:
    """The number of a telephone printed with its label ("Tel: 01632 960123" -> "01632 960123").

    >>> number_of("Tel: 01632 960123"), number_of("01632 960123")
    ('01632 960123', '01632 960123')
    """
    m = _LABELLED_PHONE.fullmatch(printed.strip())
    return m.group("num") if m else printed.strip()


def phones_in(text: str) -> list[tuple[str, int, int]]:
    """Telephone numbers in running text, as printed: (text, start, end).

    A labelled extension counts ("Tel: 74752": the number a colleague dials); a bare short
    number does not (it is a count). Shared with the ask engine so both read numbers alike.

    >>> [p for p, _, _ in phones_in("Tel: 01632 960 123 (ext. 4417), or TEL: 74752; 12 beds.")]
    ['Tel: 01632 960 123', 'ext. 4417', 'TEL: 74752']
    """
    out: list[tuple[str, int, int]] = []
    for m in _LABELLED_PHONE.finditer(text):
        out.append((m.group(0), m.start(), m.end()))
    for m in _EXTENSION.finditer(text):
        out.append((m.group(0), m.start(), m.end()))
    for m in PHONE.finditer(text):
        if not any(a <= m.start() < b for _, a, b in out):
            out.append((m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda x: x[1])


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


def _as_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip(" *:,;"))
    if text and (text.isupper() or text.split()[-1].isupper()):
        return title_case_name(text)
    return text


class _People:
    """Contacts found so far, merged by name."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.by_name: dict[str, ContactRecord] = {}
        self.method = "prose-pattern"  # how the layout being read reads (set by extract_contacts)

    def add(self, name: str, span: Span, layout: bool = False, **fields: str | None) -> ContactRecord | None:
        name = _as_name(name)
        if not is_person_name(name, layout=layout):
            return None
        key = name_key(name)
        rec = self.by_name.get(key)
        if rec is None:
            rec = self.by_name[key] = ContactRecord(name=name, spans=[span], method=self.method)
        else:
            rec.method = stronger(rec.method, self.method)
            if span not in rec.spans:
                rec.spans.append(span)
            if (
                name.split()[0].lower().rstrip(".") in TITLES
                and rec.name.split()[0].lower().rstrip(".") not in TITLES
            ):
                rec.name = name  # "Dr Jo Bell" after "Jo Bell": the name as the document titles her
        for field, value in fields.items():
            if not value:
                continue
            value = value.strip(" ,;:")
            known = getattr(rec, field)
            if not known or (field == "role" and len(value) > len(known) and value.startswith(known)):
                setattr(rec, field, value)  # "Head of X and Pooled Fund Manager" extends "Head of X"
        return rec

    def org(self, mention: str | None, by_layout: bool = False) -> str | None:
        """Canonical organisation for a mention; a named body not yet known is registered.

        ``by_layout``: the layout says it is an organisation ("(Teacher – Elm Vale)"),
        even if it reads like a person's name.
        """
        if not mention:
            return None
        mention = re.sub(r"\s*\([^)]*\)\s*", " ", mention).strip(" ,.;:-–")
        if not mention or len(mention) > 80 or is_post(mention):
            return None
        if own := self.own_council(mention):
            return own
        if name := self.ctx.orgs.resolve(mention) or body(mention, self.ctx.orgs):
            return name
        if _ORG_HEAD.search(mention) and re.match(r"^[A-Z]", mention) and not is_person_name(mention):
            return self.ctx.orgs.resolve_or_add(mention, kind_of(mention))
        for part in re.split(r"\s*(?:/|,|\band\b)\s*", mention):
            if part and (name := self.ctx.orgs.resolve(part) or body(part, self.ctx.orgs)):
                return name
        if re.match(r"^[A-Z]", mention) and (by_layout or not is_person_name(mention)):
            return self.ctx.orgs.resolve_or_add(mention, kind_of(mention))
        return None

    def known_org(self, mention: str | None) -> str | None:
        """A body the registry knows, or a name that is one by its head noun ("... City Council");
        never a post, a place or a team word alone."""
        if not mention:
            return None
        mention = re.sub(r"\s+", " ", mention).strip(" ,.;:-–")
        if (
            not mention
            or len(mention) > 100
            or is_post(mention)
            or not re.match(r"^(?:the\s+)?[A-Z]", mention)
        ):
            return None
        if own := self.own_council(mention):
            return own
        if name := self.ctx.orgs.resolve(mention) or self._generic(mention):
            return name
        if _ORG_HEAD.search(mention) and not is_person_name(mention):
            return self.org(mention)
        return None

    def _generic(self, mention: str) -> str | None:
        """ "the ICB", "the Trust": the one registered body of that kind, if the document names one."""
        m = re.fullmatch(r"the\s+(\w+)", mention.strip(), re.I)
        full = _GENERIC_BODIES.get(m.group(1).lower()) if m else None
        if not full:
            return None
        fits = [r.name for r in self.ctx.orgs.records() if r.name.endswith(full)]
        return fits[0] if len(fits) == 1 else None

    def own_council(self, mention: str) -> str | None:
        """ "the Council" in a council's document: its council, as the registry or the
        document's publishers name it."""
        if not _OWN_COUNCIL.fullmatch(mention.strip()):
            return None
        if found := self.ctx.orgs.resolve(mention):
            return found
        return self.council()

    def council(self) -> str | None:
        """The council of the document's area, as the registry names it ("Reading Borough Council"),
        else the council that publishes the document."""
        area = self.ctx.orgs.area
        if not area:
            return next((p for p in self.ctx.meta.publishers if re.search(r"\bCouncil$", p)), None)
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
        """The body whose name the address's domain spells: the area's council (elmcc.gov.uk),
        or the one registered body whose distinctive words all appear in the domain."""
        if not email:
            return None
        domain = email.split("@")[-1].lower()
        area = self.ctx.orgs.area
        if area and domain.endswith(".gov.uk"):
            key = re.sub(r"[^a-z]", "", area.lower())
            initials = "".join(w[0] for w in area.lower().split())
            if key in domain.replace("-", "") or key[:4] in domain or domain.startswith(initials + "cc"):
                return self.council()
        label = re.sub(r"[^a-z]", "", domain.split(".")[0])
        if len(label) < 4:
            return None
        if domain.endswith(".gov.uk"):
            kinds = {"local-authority"}
        elif domain.endswith(".nhs.uk"):
            kinds = {"health-body"}
        else:
            return None
        fits = []
        for rec in self.ctx.orgs.records():
            words = [
                w
                for w in re.findall(r"[a-z]+", rec.name.lower())
                if len(w) > 3 and w not in NON_NAME_WORDS and w not in ("nhs", "integrated", "board", "city")
            ]
            if (
                words
                and all(w in label for w in words)
                and (rec.kind in kinds or "Integrated Care Board" in rec.name)
            ):
                fits.append(rec.name)
        return fits[0] if len(fits) == 1 else None

    def records(self) -> list[ContactRecord]:
        for rec in self.by_name.values():
            rec.organisation = rec.organisation or self.org_of_email(rec.email)
        return list(self.by_name.values())


def _details(rest: str, people: _People) -> dict[str, str | None]:
    """Post, organisation, phone, email and address printed after a name on one line or cell:
    ", Head of X, Elmshire County Council. Telephone: 01632 960123. Email: jo@x.gov.uk"."""
    out: dict[str, str | None] = {
        "role": None,
        "organisation": None,
        "phone": None,
        "email": None,
        "address": None,
    }
    m = EMAIL.search(rest)
    out["email"] = m.group(0) if m else None
    out["phone"] = phone_in(rest)
    text = EMAIL.sub(" ", rest)
    text = _LABELLED_PHONE.sub(" ", text)
    text = PHONE.sub(" ", text)
    text = _LABEL_WORDS.sub(" ", text)
    text = re.sub(r"^[\s,;:–(-]+", "", text)
    pe = post_end(text)
    if pe and (tail := re.match(r"(?:\s+[a-z][\w'’&-]*){1,8}(?=\s*(?:[,;\t\n]|\.(?:\s|$)|$))", text[pe:])):
        pe += tail.end()  # "Head of service for early help": the post goes on in small letters
    if pe:
        role = text[:pe]
        if role.count("(") > role.count(")"):
            role = role.rsplit("(", 1)[0].strip()
        out["role"] = role
        text = text[pe:]
    segments = [s.strip(" .()") for s in re.split(r"[,;\t\n]|\.(?:\s|$)|\s[–-]\s", text)]
    address: list[str] = []
    postal = any(POSTCODE.search(seg) or FREEPOST.search(seg) for seg in segments)
    for seg in segments:
        if not seg or re.fullmatch(r"[\W\d]*", seg):
            continue
        if _DATE.search(seg):
            break
        if POSTCODE.search(seg) or FREEPOST.search(seg):
            out["address"] = ", ".join([*address, seg])
            break
        if out["organisation"] is None and (org := people.known_org(seg)):
            out["organisation"] = org
            continue
        if out["role"] is None and ROLE_WORDS.search(seg) and len(seg) < 100 and not _ORG_HEAD.search(seg):
            out["role"] = seg
            continue
        if (
            out["role"]
            and out["organisation"] is None
            and not postal
            and re.match(r"^[A-Z]", seg)
            and len(seg.split()) <= 6
        ):
            out["role"] = f"{out['role']}, {seg}"  # "Senior Commissioning Manager, Joint Commissioning"
            continue
        address.append(seg)
    return out


def _split_name(value: str) -> tuple[str, str]:
    """A labelled value split into the name and what follows ("Jo Bell, Head of X" -> "Jo Bell", ", Head of X")."""
    m = re.search(r"\s*(?:,|\n|\t|\(|\s[–-]\s|;)", value)
    if not m:
        return value.strip(), ""
    return value[: m.start()].strip(), value[m.start() :]


def _header_tables(doc: StructuredDocument, people: _People) -> None:
    """ "Report author | Jo Bell, Head of X" / "LEAD OFFICER: ROSA MACKINNON  TEL: 4417" rows."""
    current: str | None = None
    for b in doc.blocks:
        table = b.kind == "table_row"
        cells = [c.text for c in b.cells] if table else b.text.split("\n")
        pairs = header_pairs(cells, table=table)
        if b.kind == "heading" and not pairs:
            current = None
            continue
        for field, value, label in pairs:
            span = Span(b.start, b.end)
            if field in ("name", "councillor", "holder"):
                name, rest = _split_name(value)
                name = _as_name(name)
                if not is_person_name(name, layout=True):
                    continue
                details = _details(rest, people)
                role = details["role"]
                org = details["organisation"]
                if field == "councillor":
                    role = role or title_case_role(label)
                    org = org or people.council()
                elif field == "holder":
                    role = role or label
                if people.add(
                    name,
                    span,
                    layout=True,
                    role=role,
                    organisation=org,
                    phone=details["phone"],
                    email=details["email"],
                ):
                    current = name
            elif current and field == "role":
                people.add(current, span, layout=True, role=title_case_role(value))
            elif current and field == "phone":
                people.add(current, span, layout=True, phone=phone_in(value) or e164(value))
            elif current and field == "email" and (m := EMAIL.search(value)):
                people.add(current, span, layout=True, email=m.group(0))
        for line in cells if current and not table else ():
            if m := _ON_BEHALF.match(line.strip()):
                # a signature block: "Name: ... / Position: ... / For and on behalf of Elmshire County Council"
                people.add(
                    current, Span(b.start, b.end), layout=True, organisation=people.known_org(m.group(1))
                )


def _tables(doc: StructuredDocument) -> list[list[int]]:
    """Runs of consecutive table rows (block indices): the document's tables."""
    runs: list[list[int]] = []
    for i, b in enumerate(doc.blocks):
        if b.kind != "table_row":
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _contact_tables(doc: StructuredDocument, people: _People) -> set[int]:
    """Tables whose header row says what each column holds (Name | Post | Telephone | Email).

    Returns the rows read, so that no other reading takes them.
    """
    read: set[int] = set()
    for run in _tables(doc):
        fields = None
        for i in run:
            b = doc.blocks[i]
            cells = [c.text.strip() for c in b.cells]
            if (header := column_fields(cells)) is not None:
                fields = header
                read.add(i)
                continue
            if fields is None:
                continue
            by_field = {f: cells[k] for k, f in fields.items() if k < len(cells) and cells[k]}
            if "name" not in by_field:
                continue
            name, rest = _split_name(by_field["name"])
            if not _named_person(name, by_field):
                continue
            details = _details(rest + "\n" + by_field.get("details", ""), people)
            role = by_field.get("role") or details["role"]
            phone = by_field.get("phone")
            email = EMAIL.search(by_field.get("email", "")) or EMAIL.search(" ".join(cells))
            rec = people.add(
                name,
                Span(b.start, b.end),
                layout=True,
                role=title_case_role(role.strip()) if role else None,
                organisation=people.org(by_field["org"], by_layout=True)
                if by_field.get("org")
                else details["organisation"],
                phone=(phone_in(phone) or e164(phone)) if phone else details["phone"],
                email=email.group(0) if email else details["email"],
                address=by_field.get("address") or details["address"],
            )
            if rec:
                read.add(i)
    return read


def _named_person(name: str, by_field: dict[str, str]) -> bool:
    """Is a Name cell a person? A directory lists settings by name too ("Sunflower Nursery"):
    a person has a known given name or title, a post in the row, or an address naming them."""
    name = _as_name(name)
    if is_person_name(name, strict=True, layout=True):
        return True
    if not is_person_name(name, layout=True):
        return False
    if is_post(by_field.get("role", "")) or ROLE_WORDS.search(by_field.get("role", "")):
        return True
    local = EMAIL.search(by_field.get("email", "")) or EMAIL.search(by_field.get("details", "")) or None
    surname = name.split()[-1].lower()
    return bool(local) and surname in local.group(0).split("@")[0].lower()


def _people_tables(doc: StructuredDocument, people: _People, read: set[int]) -> None:
    """Rows "Name | Role | Organisation" of officer, author and working-group lists."""
    for i, b in enumerate(doc.blocks):
        if b.kind != "table_row" or i in read:
            continue
        cells = [c.text.strip() for c in b.cells if c.text.strip()]
        if len(cells) < 2 or not is_person_name(cells[0]) or not ROLE_WORDS.search(cells[1]):
            continue
        if EMAIL.search(cells[1]) or len(cells[1]) > 120:
            continue
        org = (
            people.org(cells[2])
            if len(cells) > 2 and not EMAIL.search(cells[2]) and not phone_in(cells[2])
            else None
        )
        email = next((m.group(0) for c in cells for m in [EMAIL.search(c)] if m), None)
        phone = next((p for c in cells[2:] for p in [phone_in(c)] if p), None)
        people.add(cells[0], Span(b.start, b.end), role=cells[1], organisation=org, email=email, phone=phone)


def _inline_person(text: str) -> tuple[str, int, int] | None:
    """A person named inside a line: "Name, Role: email" or "... Org Name Role email"."""
    m = re.match(r"^((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)\s*(?:,|\s[–-]\s)\s*(?=\S)", text)
    if m and is_person_name(m.group(1)) and ROLE_WORDS.search(text[m.end() :].split("@")[0]):
        return m.group(1), m.start(1), m.end(1)
    words = [(w.group(0), w.start(), w.end()) for w in re.finditer(r"[\w'’-]+", text)]
    for i, (w, s, _) in enumerate(words[:-1]):
        if is_given_name(w) and re.match(r"^[A-Z][a-z]", w):
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
        if (POSTCODE.search(lines[k].text) or FREEPOST.search(lines[k].text)) and len(lines[k].text) < 120:
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


def _contact_blocks(doc: StructuredDocument, people: _People, read: set[int]) -> None:
    """Names on lines near an email, a "Telephone:" line or a "for further information" cue."""
    lines = _lines(doc)
    for i, line in enumerate(lines):
        if line.block in read:
            continue
        has_email = EMAIL.search(line.text)
        has_phone = (_PHONE_LABEL.match(line.text) and PHONE.search(line.text)) or _LABELLED_PHONE.search(
            line.text
        )
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
            details = _details(line.text[e:], people)
            before = line.text[:s].strip(" ,")
            row = [ln for ln in lines if ln.block == line.block and ln is not line]
            org = details["organisation"] or (people.org(before) if before else None)
            if not org and row:
                org = people.known_org(_ORG_HEAD.search(row[0].text) and _org_phrase(row[0].text))
            address = details["address"] or (row[0].text if row and POSTCODE.search(row[0].text) else None)
            if not org and not address:  # an address block printed just above: "Org / street / postcode"
                org, address = _block_above(lines, i, people)
            people.add(
                name,
                Span(line.start, line.end),
                role=details["role"],
                email=details["email"],
                phone=details["phone"],
                organisation=org,
                address=address,
            )
            continue
        lo = max(0, i - 8)
        window = lines[lo : i + 4]
        cue = max((k for k, ln in enumerate(window) if _CUE.search(ln.text)), default=None)
        candidates = range(cue + 1, len(window)) if cue is not None else range(i - lo, -1, -1)
        name_k = next((k for k in candidates if is_person_name(window[k].text)), None)
        if name_k is None:
            continue
        name_line = window[name_k]
        role = org = email = phone = None
        for ln in window[name_k + 1 :]:
            t = ln.text
            if m := EMAIL.search(t):
                email = email or m.group(0)
            elif _PHONE_LABEL.match(t) and (p := phone_in(t)):
                phone = phone or p
            elif role is None and org is None and ROLE_WORDS.search(t) and len(t) < 90 and ":" not in t:
                role = t
            elif org is None and (found := people.known_org(t)):
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


def _named_in_prose(doc: StructuredDocument, people: _People) -> None:
    """Post holders named in paragraphs and list items ("the Council's Section 151 Officer,
    Jo Bell"; "Signed on behalf of X by Jo Bell, Director of Y"; "chaired by Jo Bell")."""
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item") or len(b.text) > 5000:
            continue
        for name, post, owner, org, s, e in named_posts(b.text):
            people.add(
                name,
                Span(b.start + s, b.start + e),
                role=post,
                organisation=people.known_org(org) or people.known_org(owner),
            )


def _addresses_after(doc: StructuredDocument, people: _People) -> None:
    """ "Elmshire County Council, County Hall, Elmbridge EL1 2AB" printed after a list or table of
    contacts: the body and postal address of the people above it (in its section) who work
    there or whose body is not given."""
    section_start = 0
    for b in doc.blocks:
        text = b.text.strip()
        looks_postal = (
            b.kind != "table_row"
            and len(text) <= 250
            and "\n" not in text
            and bool(POSTCODE.search(text) or FREEPOST.search(text))
            and not EMAIL.search(text)
        )
        first, _, rest = text.partition(",")
        org = people.known_org(first) if looks_postal and rest.strip() else None
        if not org:
            if b.kind == "heading":
                section_start = b.start
            continue
        above = [
            rec
            for rec in people.by_name.values()
            if any(section_start <= sp.start < b.start and b.start - sp.start < 4000 for sp in rec.spans)
        ]
        for rec in above:
            if rec.organisation in (None, org) and not rec.address:
                rec.organisation = org
                rec.address = rest.strip(" .")


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
    people.method = "header-block"
    _header_tables(doc, people)
    people.method = "table-row"
    read = _contact_tables(doc, people)
    people.method = "header-block"
    _contact_blocks(doc, people, read)
    people.method = "table-row"
    _people_tables(doc, people, read)
    people.method = "prose-pattern"
    _named_in_prose(doc, people)
    _attributed(doc, people)
    people.method = "list-item"
    _author_lists(doc, people)
    _addresses_after(doc, people)  # adds addresses to people already read, makes none
    return people.records()
