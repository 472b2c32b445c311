"""Contacts: named people with role, organisation, email, phone and address.

First version: contact blocks around an email address or a "Telephone:"/"Tel:" line,
report headers ("LEAD OFFICER: ... TEL: ... E-MAIL: ..."), and "Name, Role" lines.
Phones are normalised to E.164 with the ``phonenumbers`` library (UK numbers).

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context, OrgRegistry
>>> doc = load_string("For further information please call:\\n\\n**Wendi Ogle-Welbourn**\\n\\n"
...   "Assistant Director - Commissioning\\n\\nBedfordshire County Council\\n\\nTelephone: 01234 276659\\n\\n"
...   "Email: Wendi.ogle-welbourn@bedscc.gov.uk")
>>> c = extract_contacts(doc, Context.for_document(doc, area="Bedfordshire"))[0]
>>> c.name, c.role, c.phone, c.email
('Wendi Ogle-Welbourn', 'Assistant Director - Commissioning', '+441234276659', 'Wendi.ogle-welbourn@bedscc.gov.uk')
"""

from __future__ import annotations

import re

import phonenumbers

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.records import ContactRecord, Span
from ckg.loaders.structure import StructuredDocument

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}")
PERSON = re.compile(
    r"^(?:(?:Cllr|Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
    r"(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*){1,2}$"
)
ROLE_WORDS = re.compile(
    r"\b(?:director|manager|head|officer|commissioner|chief|executive|lead|coordinator|"
    r"co-ordinator|assistant|consultant|advisor|adviser|chair|principal|specialist|analyst|"
    r"teacher|practitioner|nurse|worker|administrator|secretary|clerk)\b",
    re.I,
)


def e164(raw: str) -> str | None:
    try:
        num = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def _window(doc: StructuredDocument, index: int, before: int = 6, after: int = 6):
    lo = max(0, index - before)
    return doc.blocks[lo : index + after + 1]


def extract_contacts(doc: StructuredDocument, ctx: Context) -> list[ContactRecord]:
    out: dict[str, ContactRecord] = {}
    for i, block in enumerate(doc.blocks):
        if not (EMAIL.search(block.text) or re.search(r"\b(?:tel|telephone|phone)\b", block.text, re.I)):
            continue
        window = _window(doc, i)
        lines = [(b, line.strip()) for b in window for line in b.text.split("\n") if line.strip()]
        name = role = org = email = phone = None
        spans: list[Span] = []
        for b, line in lines:
            label, _, value = line.partition(":")
            plain = value.strip() if value and len(label) < 20 else line
            if m := EMAIL.search(line):
                email = email or m.group(0)
                spans.append(Span(b.start, b.end))
            if (m := PHONE.search(plain)) and not phone:
                phone = e164(m.group(0))
            if re.fullmatch(r"(?:lead officer|contact|name)", label.strip(), re.I) and value.strip():
                name = name or value.strip().title()
            elif (
                PERSON.match(line)
                and not ROLE_WORDS.search(line)
                and not ctx.orgs.resolve(line)
                and name is None
            ):
                name = line
                spans.append(Span(b.start, b.end))
            elif ROLE_WORDS.search(line) and role is None and len(line) < 90 and name and ":" not in line:
                role = line
            elif re.fullmatch(r"(?:job title|role|post)", label.strip(), re.I) and value.strip():
                role = value.strip().title()
            elif org is None and ctx.orgs.resolve(line):
                org = ctx.orgs.resolve(line)
        if name and (email or phone):
            out.setdefault(
                name,
                ContactRecord(
                    name=name,
                    role=role,
                    organisation=org,
                    email=email,
                    phone=phone,
                    spans=spans or [Span(block.start, block.end)],
                ),
            )
    return list(out.values())
