"""Services a provider is said to run, in the sentence shapes ``services_relations`` leaves out.

Why: needs assessments describe the local market in plain sentences with the provider as
subject, often a small charity the registry has not met ("Northby Mencap run a day nursery
in Ravensholme", "Kestrels provide short breaks opportunities for ...", "Harrowmere
Lives has recently established a volunteering programme"), or name a scheme only in
brackets before its provider ("a scheme in Northby (Oakfield) run by Elm Trust").

- a capitalised subject at the start of a sentence, a provider verb (run, provide,
  deliver, offer, operate, lead; or has established/launched/set up/opened) and an object
  whose core noun phrase ends in a service noun: the core ("day nursery", "short breaks")
  is the service, the subject its provider. An unknown subject counts as a body only when
  English says it is a name: it takes a plural verb while singular in form ("Scope run"),
  or it is never printed in lower case in the document ("Kestrels");
- "<service noun phrase> (<Name>) run/provided/delivered by <Body>": the bracketed name.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("Places are few. Brightwater run a day nursery in Northby for children aged 3-5.")
>>> [(c.name, c.provider) for c in provider_candidates(doc, Context.for_document(doc))]
[('day nursery', 'Brightwater')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.metadata import gazetteer
from ckg.loaders.extract.services_names import (
    SERVICE_HEADS,
    Candidate,
    body_kind,
    is_people,
    looks_like_service,
    org_named,
    tidy,
    wordset,
)
from ckg.loaders.extract.services_sentences import NP_END, SPLIT_CORE
from ckg.loaders.sentences import sentence_spans
from ckg.loaders.structure import StructuredDocument

_CAP = r"(?:[A-Z][\w'’&!-]*|[A-Z]{2,}s?)"
_SUBJECT = rf"(?P<org>{_CAP}(?:[ \t]+(?:(?:of|and|for|&)[ \t]+)?{_CAP}){{0,4}})"
_VERB = (
    r"(?P<verb>run|provide|deliver|offer|operate|lead|runs|provides|delivers|offers|operates|leads|"
    r"(?:has|have)\s+(?:also\s+|recently\s+|now\s+)?(?:established|launched|set\s+up|opened|developed|started))"
)
_ACTIVE = re.compile(
    rf"(?:^|(?<=[;:]\s)|(?<=;\sand\s)){_SUBJECT}[ \t]+(?:also\s+|currently\s+|now\s+|jointly\s+)?{_VERB}\s+(?:(?:a|an|the|two|three|several)\s+)?"
)
# Extra heads for this rule: early years settings, and a service noun qualified by a
# generic count noun ("short breaks opportunities", "advocacy sessions").
_HEAD = re.compile(
    rf"\b(?:{SERVICE_HEADS}|nurser(?:y|ies)|playgroups?|cr[eè]ches?|play\s*schemes?)"
    r"(?:\s+(?:opportunities|sessions|places))?$",
    re.I,
)
_BRACKETED = re.compile(
    rf"\b(?:an?|the)\s+(?P<np>(?:[a-z][\w-]*\s+){{0,3}}(?:{SERVICE_HEADS}))\b[^.;()]{{0,40}}?"
    r"\((?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\)\s+"
    rf"(?:(?:which\s+is\s+)?(?:run|provided|delivered|managed|operated)\s+by)\s+(?:the\s+)?(?P<org>{_CAP}(?:[ \t]+(?:(?:of|and|for|&)[ \t]+)?{_CAP}){{0,5}})"
)
_NOT_A_SUBJECT = wordset(
    """
    This It The He She They We There Each Every Some Many Most All Both Schools Parents Families
    Children Providers Services Partners Staff People Young Council Service Also To In For As At On By
    With From If When Where While Further However
    """
)


def _is_name(subject: str, lower_text: str, ctx: Context) -> bool:
    """Whether an unknown capitalised subject is a body's name rather than a common noun."""
    if ctx.orgs.resolve(subject):
        return True
    if subject.split()[0] in _NOT_A_SUBJECT or subject in gazetteer() or is_people(subject):
        return False
    last = subject.split()[-1]
    if not last.endswith("s"):
        return True  # "Scope run ...": a plural verb after a singular form is a name
    return not any(re.search(rf"\b{re.escape(w.lower())}\b", lower_text) for w in subject.split())


def _core(rest: str) -> str | None:
    """The service noun phrase at the start of ``rest``: "day nursery" of "a day nursery in X for Y"."""
    cut = NP_END.search(rest)
    name = tidy(rest[: cut.start()] if cut else rest)
    core = SPLIT_CORE.split(name)[0].strip()
    if not core or len(core.split()) > 6 or not _HEAD.search(core) or not looks_like_service(core):
        return None
    return re.sub(r"\s+(?:opportunities|sessions|places)$", "", core, flags=re.I)  # "short breaks"


def provider_candidates(doc: StructuredDocument, ctx: Context) -> Iterator[Candidate]:
    """Services with their providers from "<Provider> runs <service>" and "<service> (<Name>) run by"."""
    lower_text = " ".join(
        w for w in re.findall(r"[\w'’&!-]+", doc.text) if w[:1].islower()
    )  # words printed in lower case
    for b in doc.blocks:
        if b.kind in ("heading", "title", "table_row"):
            continue
        text = doc.text[b.start : b.end]
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            for m in _ACTIVE.finditer(sentence):
                if not _is_name(m.group("org"), lower_text, ctx):
                    continue
                core = _core(sentence[m.end() :])
                subject = m.group("org")
                org = (
                    (org_named(subject, ctx) or ctx.orgs.resolve_or_add(subject, "provider"))
                    if core
                    else None
                )
                if core and org and not body_kind(core, ctx):
                    at = text.find(core, s + m.end())
                    start = b.start + (at if at >= 0 else s + m.end())
                    yield Candidate(core, start, start + len(core), provider=org, rule="provider")
            for bm in _BRACKETED.finditer(sentence):
                name = bm.group("name")
                if name in gazetteer() or body_kind(name, ctx):
                    continue
                org = org_named(bm.group("org"), ctx)
                np = tidy(bm.group("np"))
                full = f"{name} {np}"
                start = b.start + s + bm.start("name")
                yield Candidate(full, start, start + len(name), provider=org, rule="provider")
