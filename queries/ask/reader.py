"""Reads relations the extraction did not type, from the words around a body's name in a passage.

"health visiting is commissioned through the Kent Primary Care Trust", "The OCCG is
responsible for commissioning ... services", "The group is chaired by the Director of
Public Health": the body is already a graph resource named in the passage; the verb next to
its name says how it relates to what the question asks about. Patterns are English verb
frames, not strings of any document.

>>> rel, _ = relation_near("NHS services are commissioned through the Bedfordshire PCT.", "Bedfordshire PCT")
>>> rel
'commissioner'
>>> relation_near("The OCCG is responsible for commissioning hospital services", "OCCG")[0]
'commissioner'
>>> chaired_by("The group is chaired by the Director of Public Health. It meets ...")
'Director of Public Health'
"""

from __future__ import annotations

import re

VERB_RELATION = (
    (r"commission\w*|procur\w*|contract\w*|buy\w*|purchas\w*|agree\w*|sign\w* off|approv\w*", "commissioner"),
    (r"fund\w*|paid for|pay\w*|financ\w*|grant\w*|budget\w*", "funder"),
    (r"provid\w*|deliver\w*|run\w*|operat\w*|host\w*|offer\w*|manag\w*", "provider"),
    (r"chair\w*|led|lead\w*|steer\w*|oversee\w*|overseen|co-?ordinat\w*", "leader"),
)
_PASSIVE = [
    (re.compile(rf"\b(?:{verbs})\s+(?:by|through|via|from)\s+(?:the\s+|a\s+|an\s+|its\s+)?$", re.I), rel)
    for verbs, rel in VERB_RELATION
]
_ACTIVE = [
    (
        re.compile(
            rf"^\s*(?:\([^)]{{1,20}}\)\s*)?(?:,[^,]{{1,60}},\s*)?(?:is|are|was|were|will|has|have|had|"
            rf"now|also|currently|jointly|to|will\s+be|has\s+been)?\s*(?:\w+\s+)?(?:responsible\s+for\s+|"
            rf"the\s+lead\s+for\s+)?(?:{verbs})\b",
            re.I,
        ),
        rel,
    )
    for verbs, rel in VERB_RELATION
]
_CHAIRED = re.compile(
    r"\b(?:chaired|led|convened|managed)\s+by\s+(?:the\s+|a\s+|an\s+)?([A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|"
    r"of|for|and|&))*)"
)


def relation_near(quote: str, name: str) -> tuple[str | None, int]:
    """The relation a verb frame gives the body ``name`` in ``quote`` (and where the name is)."""
    for m in re.finditer(re.escape(name), quote, re.I):
        before, after = quote[max(0, m.start() - 80) : m.start()], quote[m.end() : m.end() + 80]
        for pattern, rel in _PASSIVE:
            if pattern.search(before):
                return rel, m.start()
        for pattern, rel in _ACTIVE:
            if pattern.search(after):
                return rel, m.start()
    return None, -1


def chaired_by(quote: str) -> str | None:
    """The post or body a passage says chairs or leads something ("chaired by the Director of ...")."""
    m = _CHAIRED.search(quote)
    if not m:
        return None
    phrase = re.sub(r"\s+(?:and|of|for|&)$", "", m.group(1).strip())
    return phrase if len(phrase.split()) >= 2 else None
