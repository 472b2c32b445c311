"""The fields of a commissioning intention read from its text: action, timescale, service, commissioner.

- ``action``: the commissioning verb when the text has one anywhere ("Review and re-tender
  the School Health Nursing Service" is a re-tender; "by commissioning breastfeeding
  support" is a commission), else the verb the text opens with ("Develop ...").
  "Commissioning" before a noun such as Group, Board, Strategy or Plan names a body or a
  document, not an action.
- ``timescale``: the first date phrase as printed ("by April 2014", "from 2014 / 2015",
  "2014/15", "March 2015", "early 2015", "autumn 2016").
- ``service``: a capitalised name ending in Service, Pathway, Programme, ... ("the Young
  People's Supported Housing Pathway").
- ``commissioner``: a body the text names as the one acting ("Public Health will take on
  ...", "Requires the Local Authority to commission ..."), resolved through the registry.

>>> action_of("Review and re-tender the School Health Nursing Service by April 2014")
're-tender'
>>> action_of("Work with Clinical Commissioning Group to implement Outcome Based Contracts")
'work'
>>> timescale_of("Re-commission CAMHS (2014/15). Roll out PbR")
'2014/15'
>>> service_of("Review and re-tender the School Health Nursing Service so that ...")
'School Health Nursing Service'
"""

from __future__ import annotations

import re

from ckg.loaders.dates import TIMESCALE
from ckg.loaders.extract.context import Context

_NOT_ACTION_NOUNS = (
    r"group|groups|board|boards|team|unit|strateg\w*|plans?|intentions?|framework|cycle|process|"
    r"support\s+programme|programme|manager|managers|officer|role|activity|activities|decisions?|"
    r"functions?|arrangements|principles|responsibilit\w*|approach|services\s+team|hub|partnership|"
    r"sub-group|capacity|skills|development|landscape|environment|intelligence|issues|model|"
    r"mechanisms|practice|and|or|,"
)
_COMMISSION_VERB = re.compile(
    r"\b(re-?\s?commission|de-?commission|commission)(?:s|ed)?\b(?!\s+(?:for|on)\s+[A-Z])"
    r"|\b(re-?\s?commission|de-?commission|commission)ing\b(?!\s+(?:" + _NOT_ACTION_NOUNS + r")\b)"
    r"|\b(re-?\s?tender|tender)(?:s|ed|ing)?\b(?!\s+(?:process|documents?|portal|opportunit\w+)\b)",
    re.I,
)
_CANON = {
    "recommission": "re-commission",
    "re-commission": "re-commission",
    "re commission": "re-commission",
    "decommission": "decommission",
    "de-commission": "decommission",
    "commission": "commission",
    "retender": "re-tender",
    "re-tender": "re-tender",
    "re tender": "re-tender",
    "tender": "tender",
}
_PRIORITY = ("decommission", "re-commission", "re-tender", "commission", "tender")
_OPENING_VERBS = {
    "re-design": "redesign",
    "redesign": "redesign",
    "roll": "roll out",
    "co-ordinate": "co-ordinate",
    "coordinate": "co-ordinate",
}
_FIRST_WORD = re.compile(r"^(?:to\s+|we\s+will\s+|will\s+)?([A-Za-z][a-z-]+)", re.I)
_VERBISH = re.compile(
    r"^(?:develop|review|implement|provide|increase|reduce|improve|establish|extend|expand|introduce|"
    r"evaluate|redesign|re-design|roll|pilot|ensure|deliver|explore|agree|create|strengthen|map|"
    r"target|use|support|promote|work|undertake|embed|restructure|remodel|refocus|co-ordinate|"
    r"coordinate|collect|monitor|identify|prepare|complete|continue|consider|invest|build|enable|"
    r"raise|maintain|secure|tackle|address|prevent|protect|engage|involve|encourage|procure|"
    r"finalise|look|propose|acknowledge|appoint|align|pool|research|determine|collate|document|"
    r"include|contribute|recognise|be|regularly|deliver|market|outcomes|research|reconfigure|"
    r"re-configure|integrate|transfer|move|design|specify|set|publish|access|refresh|update)$",
    re.I,
)
_SERVICE = re.compile(
    r"((?:[A-Z(][\w'’()/&-]*\s+(?:(?:and|&|of|for|to|the|in)\s+)*){0,6}"
    r"(?:Service|Services|Pathway|Programme|Programmes|Scheme|Project|Centres?|Hub|Clinic|Helpline|Unit|"
    r"Team|Network|Partnership\s+pilot)|"
    r"(?:[A-Z][\w'’&-]*\s+){1,5}services)\b"
)
_GENERIC_SERVICE = re.compile(r"^(?:the\s+)?(?:service|services|new\s+service|children's\s+services)$", re.I)
_ACTOR = re.compile(
    r"^(?:In\s+[\w\s/]+,\s+|Through\s+[\w\s/]+,?\s+)?(?:the\s+)?((?:[A-Z][\w'’&-]*\s+){0,6}[A-Z][\w'’&-]*)\s+"
    r"(?:will|shall|is\s+to|are\s+to|intends?|plans?|proposes?)\b"
    r"|\b(?:requires?|asks?|expects?)\s+(?:the\s+)?((?:[A-Z][\w'’&-]*\s+){0,5}[A-Z][\w'’&-]*)\s+to\b"
)


# Procurement and decision verbs of a decision report, canonical form first.
_PROCUREMENT_ACTIONS = (
    ("not renew", re.compile(r"\bnot\s+(?:to\s+)?(?:renew|extend)\b", re.I)),
    ("bring in-house", re.compile(r"\bbr(?:ing|ought)\b[^.;]{0,60}?\bin-?\s?house\b|\binsourc", re.I)),
    ("re-procure", re.compile(r"\bre-?procur", re.I)),
    ("procure", re.compile(r"\bprocur(?:e|ed|ing|ement)\b", re.I)),
    ("award", re.compile(r"\baward(?:s|ed|ing)?\b", re.I)),
    ("extend", re.compile(r"\bextend(?:s|ed|ing)?\b|\bextension\b", re.I)),
    ("transfer", re.compile(r"\btransfer(?:s|red|ring)?\b", re.I)),
    ("call off", re.compile(r"\bcall(?:ed)?[\s-]+off\b", re.I)),
)
_DECISION_VERB = re.compile(r"^(?:to\s+)?(approve|agree|note|delegate|authorise|authorize|endorse)\b", re.I)


def action_of(text: str) -> str | None:
    """The commissioning action the text states (see module doc).

    >>> action_of("Agree not to renew the block contract with Fenwick Care Ltd")
    'not renew'
    >>> action_of("Note the forecast savings")
    'note'
    """
    found = []
    for m in _COMMISSION_VERB.finditer(text):
        verb = next(g for g in m.groups() if g).lower().replace(" ", "-")
        found.append(_CANON.get(verb.replace("--", "-"), verb))
    if found:
        return min(found, key=_PRIORITY.index)
    for canonical, pattern in _PROCUREMENT_ACTIONS:
        if pattern.search(text):
            return canonical
    if m := _DECISION_VERB.match(text.strip()):
        return m.group(1).lower()
    m = _FIRST_WORD.match(text.strip())
    if m and _VERBISH.match(m.group(1)):
        word = m.group(1).lower()
        return _OPENING_VERBS.get(word, word)
    return None


def timescale_of(text: str) -> str | None:
    """The first date phrase, as printed (brackets and trailing punctuation dropped)."""
    m = TIMESCALE.search(text)
    return re.sub(r"\s+", " ", m.group(0)).strip("() .,") if m else None


def service_of(text: str) -> str | None:
    """The name of the service the text concerns, when it names one."""
    for m in _SERVICE.finditer(text):
        name = re.sub(r"^(?:the|a|an|our|new)\s+", "", m.group(1).strip(), flags=re.I)
        words = name.split()
        while words and (
            _VERBISH.match(words[0]) or re.fullmatch(r"(?i:re-?commission|re-?tender|commission)", words[0])
        ):
            words = words[1:]  # "Re-commission the ...", "Target services": the verb is not the name
            while words and words[0].lower() in ("the", "a", "an", "our", "new", "with", "to", "and"):
                words = words[1:]
        name = " ".join(words)
        if len(name.split()) >= 2 and not _GENERIC_SERVICE.match(name):
            return name
    return None


def commissioner_of(text: str, ctx: Context) -> str | None:
    """A body the text names as acting, if the registry (or the area) knows it."""
    m = _ACTOR.search(text)
    if not m:
        return None
    mention = (m.group(1) or m.group(2) or "").strip()
    if not mention or mention.lower() in ("we", "it", "this", "there", "they"):
        return None
    words = mention.split()
    for k in range(len(words)):
        if name := ctx.orgs.resolve(" ".join(words[k:])):
            return name
    return None
