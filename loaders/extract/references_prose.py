"""Documents prose mentions without a title: who made them, and what kind of document they are.

Why: needs assessments and reviews often cite a document by its maker and kind rather
than by a capitalised title, and the title shapes of ``references_patterns`` need a
capitalised document noun. Four shapes, all general English:

- a body and a making verb before a lower-case document noun: "NICE has also produced
  guidelines on transition", "Northby has established a transition protocol", "The
  Network is developing an action plan" -> "NICE guidelines on transition", "Northby
  transition protocol", "Network action plan";
- a dated survey: "a 2011 Northby Council survey of almost 600 parent-carers" (the year
  pins the survey down as one piece of work, not surveying in general);
- a statistical release: "Personal Social Services: Expenditure and Unit Costs, England -
  2014-15, Final Release";
- a body's projections or estimates: "ONS population projections", "the HBC mid-year
  estimates" (the body must be one the registry knows).

>>> [t for t, _k, _p, _s, _e in prose_references("NICE has also produced guidelines on transition which apply.", lambda s: None)]
['NICE guidelines on transition']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ckg.loaders.extract.references_patterns import PERIOD
from ckg.loaders.sentences import sentence_spans

_SUBJECT = r"(?P<subj>(?:The\s+)?[A-Z][\w'’&-]*(?:\s+(?:of\s+|and\s+|&\s+|for\s+)?[A-Z][\w'’&-]*){0,5})"
_MAKING = (
    r"(?:(?:has|have|had)\s+(?:also\s+|recently\s+|now\s+|already\s+|jointly\s+)?"
    r"(?:produced|published|issued|developed|established|agreed|adopted|drawn\s+up|written|prepared)|"
    r"(?:is|are|was|were)\s+(?:also\s+|currently\s+|now\s+|jointly\s+)?(?:developing|producing|preparing|drawing\s+up|writing)|"
    r"(?:also\s+)?(?:produced|published|issued|adopted|prepared))"
)
# Lower-case document nouns: what a body writes down for others to follow or read.
_DOC_NOUN = (
    r"guidelines|guidance|protocols?|action\s+plans?|strategy|strategies|framework|charter|toolkit|"
    r"code\s+of\s+practice|policy|standards|(?:joint\s+)?plan|report|review|survey|specification"
)
_MADE = re.compile(
    rf"(?<![\w'’&-]){_SUBJECT}\s+{_MAKING}\s+(?:(?:a|an|the|its|their|new)\s+)?"
    rf"(?P<mod>(?:[a-z][\w-]*\s+){{0,2}}?)(?P<noun>{_DOC_NOUN})\b"
    r"(?P<topic>\s+(?:on|for)\s+(?!the\s+(?:[a-z]+\s+)?(?:of|to)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?"
)
_TOPIC_END = re.compile(r"\s+(?:which|that|who|and|in|to|with|by|is|are|was|were|has|have)$")
# "a 2011 Northby Council survey of almost 600 parent-carers"
_SURVEY = re.compile(
    r"\b(?:[Aa]|[Tt]he|[Ii]ts|[Oo]ur)\s+(?P<title>(?:19|20)\d\d\s+(?:[A-Z][\w'’&-]*\s+){0,5}survey\s+of\s+"
    r"[^,.;:\n]{3,120}?)(?=\s*(?:[,.;:\n]|$)|\s+(?:found|showed|revealed|indicated|suggested|highlighted|"
    r"reported|demonstrated|which|that|who|by|was|were|is|are|has|had)\b)"
)
_RELEASE = re.compile(r"\b(?:Final|Provisional|Statistical|Experimental|First|Annual)\s+Release\b")
_PROJECTIONS = re.compile(
    r"(?<![\w'’&-])(?P<body>[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,4})\s+(?P<what>(?:(?:sub-?national|mid-?year|population|household|pupil)\s+){1,2}"
    r"(?:projections|estimates))\b"
)
_NOT_A_MAKER = re.compile(
    r"^(?:The\s+)?(?:It|This|That|These|Those|They|We|He|She|There|Which|Each|Every|Some|All|Many|Most|"
    r"Who|What|Work|Government)$"
)

Found = tuple[str, str, str | None, int, int]  # title, kind, period, start, end (offsets in ``text``)


def _made(text: str, is_body: Callable[[str], object]) -> Iterator[Found]:
    for m in _MADE.finditer(text):
        subj = re.sub(r"^The\s+", "", m.group("subj"))
        if _NOT_A_MAKER.match(subj) or (" " in subj and not is_body(subj)):
            continue  # a capitalised phrase that is no body: "Good Transition Planning has ..."
        topic = m.group("topic") or ""
        while (cut := _TOPIC_END.search(topic)) is not None:
            topic = topic[: cut.start()]
        noun = re.sub(r"\s+", " ", m.group("noun"))
        mod = re.sub(r"\s+", " ", m.group("mod")).strip()
        if noun in ("plan", "report", "review", "survey", "policy", "standards", "specification") and not (
            mod or topic
        ):
            continue  # "has developed a plan": too bare to be one document
        title = " ".join(p for p in (subj, mod, noun) if p) + topic
        kind = (
            "guidance"
            if re.match(r"guid|code|toolkit|standard", noun)
            else "plan"
            if "plan" in noun
            else "strategy"
            if noun.startswith("strateg")
            else "report"
            if noun in ("report", "review", "survey")
            else "other"
        )
        yield title, kind, None, m.start(), m.end()


def _surveys(text: str) -> Iterator[Found]:
    for m in _SURVEY.finditer(text):
        title = re.sub(r"\s+", " ", m.group("title")).strip()
        yield title, "report", PERIOD.search(title).group(0), m.start("title"), m.end("title")


def _releases(text: str) -> Iterator[Found]:
    for m in _RELEASE.finditer(text):
        start = max((a for a, _b in sentence_spans(text) if a <= m.start()), default=0)
        head = re.sub(r"^\s*\d{1,3}\s+(?=[A-Z])", "", text[start : m.start()])  # a footnote's number
        title = re.sub(r"\s+", " ", head).strip() + " " + m.group(0)
        if 3 <= len(title.split()) <= 30 and title[:1].isupper():
            period = PERIOD.search(title)
            yield title, "report", period.group(0) if period else None, m.end() - len(title), m.end()


def _projections(text: str, is_body: Callable[[str], object]) -> Iterator[Found]:
    for m in _PROJECTIONS.finditer(text):
        body = re.sub(r"^The\s+", "", m.group("body"))
        if is_body(body):
            yield f"{body} {m.group('what')}", "other", None, m.start(), m.end()


def survey_key(title: str) -> str | None:
    """Variants of one dated survey share a key: its year, its maker and whom it surveyed, first
    words only ("2015 survey of parents and carers of children with SEN" and "... with special
    educational needs (SEN)" are one survey)."""
    m = re.match(r"((?:19|20)\d\d)\s+(.*?survey\s+of)\s+(.*)$", title)
    if not m:
        return None
    return " ".join([m.group(1), m.group(2).lower(), *m.group(3).lower().split()[:5]])


def prose_references(text: str, is_body: Callable[[str], object]) -> Iterator[Found]:
    """Documents a passage mentions in prose; ``is_body`` says whether a name is a known body."""
    yield from _made(text, is_body)
    yield from _surveys(text)
    yield from _releases(text)
    yield from _projections(text, is_body)
