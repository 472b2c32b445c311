"""How a referenced document is printed: title shapes, periods, kinds, and what is not a title.

Why: councils cite other documents in a few recurring shapes: a capitalised title ending
in a document noun ("Children Act 2004", "Joint Health and Wellbeing Strategy, 2012-2016",
"Market Development Statement for Home Support Services"), a title quoted after a
document noun ("the Health White Paper 'Our Health, Our Care, Our Say'"), a title
leading a list item under "the following key policy documents:" ("Youth Matters 2006.
Requires ..."), and a link annotated with its file type ("Working together to engage in
commissioning (272KB, PDF)"). Per-child plans ("Education, Health and Care Plan"), table
headers ("Name of Strategy") and titles used as adjectives ("National Strategy
initiatives") are not documents.

>>> m = TITLE.search("as set out in the Children Act 2004 and the Children and Families Bill.")
>>> m.group("title"), m.group("head")
('Children Act', 'Act')
>>> clean_title("Developed the Children & Young People's Plan")
"Children & Young People's Plan"
>>> kind_of("Working Together to Safeguard Children"), kind_of("Crime & Disorder Act Review")
('guidance', 'report')
>>> key_of("Oxfordshire's Joint Health & Wellbeing Strategy 2012 - 2016", "Oxfordshire")
'joint health and wellbeing strategy'
"""

from __future__ import annotations

import re
from importlib import resources

HEADS = (
    "Act",
    "Bill",
    "Strategy",
    "Strategies",
    "Plan",
    "Plans",
    "Framework",
    "Guidance",
    "Guide",
    "White Paper",
    "Green Paper",
    "Review",
    "Report",
    "Assessment",
    "Agenda",
    "Statement",
    "Directory",
    "Code of Practice",
    "Charter",
    "Protocol",
    "Toolkit",
    "Strategic Plan",
    "Business Plan",
    "Intentions",
    "Compact",
    "Pledge",
    "Regulations",
    "Rules",
    "Survey",
    "Census",
    "Agreement",
    "Standard",
)
_HEAD_RX = "|".join(sorted((re.escape(h) for h in HEADS), key=len, reverse=True))
# A title word: capitalised, an acronym, a number ("10 Year", "14-19"), or a joining word.
_W = (
    r"(?:[A-Z][\w'’-]*(?:\.\w+)*|[A-Z]{2,}|\d{1,2}(?:\s*[-–]\s*\d{1,2})?|and|of|for|the|to|in|on|a|an|&|with|at|"
    # a bracketed part of a title: "Children's Homes (England) Regulations", "Transfer of
    # Undertakings (Protection of Employment) Regulations"
    r"\([A-Z][\w'’-]*(?:[ ](?:of|and|for|the|[A-Z][\w'’-]*)){0,4}\))"
)
_YEARISH = r"(?:19|20)\d\d(?:\s*/\s*\d\d(?:\d\d)?)?"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
PERIOD = re.compile(
    r"(?:(?:\d{1,2}\s+)?"
    + _MONTH
    + r"\s+"
    + _YEARISH
    + r"|"
    + _YEARISH
    + r"(?:\s*(?:[-–—]|to)\s*(?:19|20)?\d\d(?:\s*/\s*\d\d(?:\d\d)?)?)?)"
)
TITLE = re.compile(
    r"(?<![\w'’-])(?P<title>(?:[A-Z][\w'’-]*(?:\.\w+)*|\d{1,2}(?:\s*[-–]\s*\d{1,2})?)(?:[ ,]{1,2}"
    + _W
    + r"){0,11}?[ ]+"
    r"(?P<head>" + _HEAD_RX + r")(?:[ ]+(?:" + _HEAD_RX + r"))*)\b(?!['’]s)"
    r"(?P<tail>(?:[ ]+for[ ]+[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,3}(?:,[ ]+[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})*"
    r"(?:[ ]+(?:and|&)[ ]+[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})?)?)"
    r"(?P<period>(?:[ ]*\([A-Z]{2,6}\))?[ ]*[,:(–-]?[ ]*\(?" + PERIOD.pattern + r"\)?)?"
)
# "Oxfordshire CCG strategy for 2014/15-2018/19": a lower-case document noun pinned down by its period.
LOWER_HEAD = re.compile(
    r"(?P<title>(?:[A-Z][\w'’-]*[ ]){1,6}(?:strategy|plan|report|review|statement|framework))"
    r"(?P<period>[ ,:–-]*(?:for[ ]+)?" + PERIOD.pattern + r")"
)
# A title set beside the document noun that says what it is: "the best practice guidance, Pathways
# to Getting a Life: transition planning, (2011)", "a handbook for parents (Making Sense of it All)".
_DOC_NOUN = r"(?:guidance|report|handbook|guide|booklet|leaflet|toolkit|white\s+paper|green\s+paper|publication|study|review)"
APPOSED = re.compile(
    r"\b" + _DOC_NOUN + r",\s+(?P<title>[A-Z][^,()\n]{5,120}?),?\s+\(?(?P<period>(?:19|20)\d\d)\)?"
    r"|\b" + _DOC_NOUN + r"\b[^.()\n]{0,80}?\((?P<named>[A-Z][\w'’]*(?:\s+[\w'’:-]+){2,12})\)",
    re.I,
)
# "Emerson and Hatton's Estimating Future Need for ... (2008)": a work named after its authors
AUTHORS_WORK = re.compile(
    r"\b[A-Z][a-z'’-]+(?:\s+(?:and|&)\s+[A-Z][a-z'’-]+|\s+et\s+al\.?)['’]s\s+(?P<title>[A-Z][\w'’-]*(?:\s+[\w'’,:-]+){2,20}?)"
    r"\s+\((?P<period>(?:19|20)\d\d)\)"
)
# Quoted titles after a document noun: the Health White Paper 'Our Health, Our Care, Our Say'.
QUOTED = re.compile(
    r"\b(?P<noun>(?:[A-Z][\w-]*\s+){0,3}(?:White Paper|Green Paper|report|strategy|guidance|plan|review|paper|document|publication|"
    r"entitled|called))\s*[‘'\"“](?P<title>[A-Z][^‘’'\"“”]{6,140})[’'\"”]",
)
# A document named by its link annotation: "Title (PDF, 272KB)", "Title (.doc format, 826KB)".
FILE_NOTE = re.compile(
    r"\(\s*(?:\.?(?:pdf|docx?|xlsx?|pptx?|rtf|odt)\b[^()]{0,20}?,?\s*\d+(?:\.\d+)?\s*[KM]B|"
    r"\d+(?:\.\d+)?\s*[KM]B\s*,\s*\.?(?:pdf|docx?|xlsx?|rtf|odt)[^()]{0,10})\s*\)",
    re.I,
)
# National documents every children's services plan cites by name (general knowledge).
KNOWN_TITLES = (
    r"Every Child Matters(?:\s+(?:[Aa]genda|[Oo]utcomes\s+[Ff]ramework))?",
    r"Youth Matters",
    r"Care Matters(?::\s*Time for Change)?",
    r"Working Together to Safeguard Children",
    r"Queen['’]?s Speech",
    r"Local Area Agreements?",
    r"Public Service Agreements?",
    r"Future in Mind",
    r"Five Year Forward View",
    r"Aiming High for (?:Disabled Children|Young People)",
    r"Support and Aspiration",
    r"Transforming Care",
    r"Sustainable Community Strategy",
    r"Joint Strategic Needs Assessment",
    r"Healthy Lives,? Healthy People",
    r"Our Health,? Our Care,? Our Say",
    r"Lord Laming['’]?s? (?:Report|Inquiry)",
    r"Munro Review(?: of Child Protection)?",
)


def _printed(title: str) -> str:
    """A title as a pattern: optional commas, either apostrophe, and any case after its first
    letter when it is long enough not to be a phrase ("Keeping children safe in education")."""
    words = [re.escape(w.rstrip(",")).replace("'", "['’]") for w in title.split()]
    body = r",?\s+".join(words)
    if len(words) >= 5 and body[:1].isalpha():
        return body[:1] + "(?i:" + body[1:] + ")"
    return body


def _national_documents() -> list[tuple[str, str, list[str]]]:
    text = (
        resources.files("ckg.loaders.extract").joinpath("national_documents.txt").read_text(encoding="utf-8")
    )
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, title, *rest = line.split("\t")
            out.append((kind, title, [v for v in (rest[0].split("|") if rest else []) if v]))
    return out


# each national document's printings, longest first, as one alternative of KNOWN
_NATIONAL = _national_documents()
KNOWN_TITLES = KNOWN_TITLES + tuple(
    "|".join(_printed(t) for t in sorted([title, *variants], key=len, reverse=True))
    for _k, title, variants in _NATIONAL
)
_KNOWN_KIND = {len(KNOWN_TITLES) - len(_NATIONAL) + n: kind for n, (kind, _t, _v) in enumerate(_NATIONAL)}
_KNOWN_ONE = [re.compile(t) for t in KNOWN_TITLES]
KNOWN = re.compile(
    r"\b(?P<title>" + "|".join(KNOWN_TITLES) + r")\b(?P<period>[ ,]*\(?" + PERIOD.pattern + r"\)?)?"
)
# Plans kept for one child or one family, and table furniture: not documents.
NOT_A_DOCUMENT = re.compile(
    r"\b(?:education,?\s+health\s+and\s+(?:social\s+)?care|ehc|health\s+and\s+social\s+care|social\s+care|"
    r"child\s+protection|child\s+in\s+need|pathway|personal\s+education|individual\s+education|"
    r"care|support|health\s+care|behaviou?r|safety|transition|placement|risk\s+management|"
    r"individual|personal|crisis|birth|discharge|treatment|safeguarding|cp|cin|lac|cla|pep|iep)\s+plans?$"
    r"|^ehc\s+needs\s+assessment|^information,?\s+advice\s+and\s+guidance$|^(?:interim|research|final|summary|"
    r"evaluation|progress|annual|monitoring|quarterly|monthly)\s+reports?$"
    r"|\bname\s+of\b|^(?:the\s+)?(?:plan|strategy|report|review|act|framework|guidance)$|^(?:table|figure|chart)\s"
    # a kind of agreement or a part of one, not a document: "a Section 75 Agreement", "Date of Agreement"
    r"|^section\s+\d+\w?\s+(?:partnership\s+)?agreements?$|^(?:date|summary|terms|parties|purpose|scope|how|what|why)\b.*\bagreement$"
    r"|^(?!.*\b(?:needs|impact|strategic|market|equality|equalities|sufficiency|risk)\s+assessment$).*\bassessment$"
    r"|^(?:lac|cla|looked\s+after\s+child(?:ren)?|statutory|placement|annual|health|case|child|pupil|"
    r"interim|progress|performance|service|internal|local)\s+reviews?$"
    r"|^(?:action|business|local|annual|national|new|draft|final|overall|joint|strategic|key|statutory|"
    r"outcomes?|needs|improvement|delivery|implementation|commissioning|service|work|this|our|their|its)\s+"
    r"(?:plans?|strateg(?:y|ies)|reports?|reviews?|framework|guidance|assessment|agreement|statement)$",
    re.I,
)
# A title followed by one of these nouns is an adjective ("National Strategy initiatives").
_ATTRIBUTIVE = re.compile(
    r"^\s+(?:initiatives?|outcomes?|priorities|objectives|targets?|groups?|board|team|funding|grants?|money|"
    r"process|implementation|steering|sub-?groups?|partnership|forum|officers?|leads?|managers?|"
    r"co-?ordinators?|budgets?|programmes?|measures|indicators|areas|themes|workstreams?|requirements|"
    r"duties|consultation|refresh|development|planning|activity|activities|pilot|money|monies|"
    r"reference|ref|number|no)\b",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:the|this|that|these|our|their|its|a|an|by|in|under|within|through|see|read|download|also|"
    r"and|of|for|from|with|as|at|to|on|both|each|new|current|existing|recent|latest|revised|draft|"
    r"following|include|including|includes|according\s+to|[a-z]+ing\s+to)\s+)+",
    re.I,
)
# "Developed the Workforce Strategy", "Implement a ... Plan": an action, the title follows the article.
_LEAD_VERB = re.compile(
    # "Developed the Workforce Strategy": a past tense leads into a title only before an article
    r"^(?:[A-Z][a-z]+ed\s+(?=(?:the|a|an|our|its|their|new)\s)"
    # "Develop Early Help Strategy", "Review the Plan": an action in an action plan, not part of the title
    r"|(?:Develop|Implement|Publish|Agree|Deliver|Produce|Review|Refresh|Update|Launch|Adopt|Complete|"
    r"Prepare|Support|Inform|Commission|Ensure|Write|Use|Embed|Approve|Monitor|Revise|Create|Establish|"
    r"Introduce|Promote|Consult|Finalise|Agreeing|Developing|Implementing|Publishing|Reviewing|Refreshing|"
    r"Updating|Producing|Delivering)\s+(?!(?:and|&|for|to|of|in)\b))"
)
KIND_BY_HEAD = {
    "act": "act",
    "bill": "act",
    "strategy": "strategy",
    "strategies": "strategy",
    "plan": "plan",
    "plans": "plan",
    "strategic plan": "plan",
    "business plan": "plan",
    "intentions": "plan",
    "framework": "guidance",
    "guidance": "guidance",
    "guide": "guidance",
    "code of practice": "guidance",
    "toolkit": "guidance",
    "protocol": "guidance",
    "standards": "guidance",
    "review": "report",
    "report": "report",
    "assessment": "report",
    "regulations": "act",
}


_PART_OF = re.compile(
    r"^(?:priorit\w+|sections?|parts?|chapters?|paragraphs?|schedules?|appendix|annex|articles?|regulations?|"
    r"clauses?)\s+[\w ,]*?\s(?:of|in)\s+(?:the\s+)?(?=[A-Z])",
    re.I,
)
_OWNER = re.compile(r"^(?:the\s+)?(?:(?:county|borough|city|district)\s+)?council['’]s\s+", re.I)


def clean_title(title: str) -> str:
    """The title without the verbs, articles and "Section 10 of the" that lead into it."""
    title = re.sub(r"\s+", " ", title).strip(" ,.;:-–'‘’\"“”")
    if " and the " in title and re.search(r"\b(?:" + _HEAD_RX + r")\b", title.split(" and the ")[-1]):
        title = title.split(" and the ")[
            -1
        ]  # "Children's Trust Board and the Children and Young People's Plan"
    title = _OWNER.sub("", _PART_OF.sub("", title))
    prev = None
    while prev != title:
        prev = title
        title = _LEAD.sub("", _LEAD_VERB.sub("", title))
    return title.strip(" ,.;:-–")


def kind_of(title: str) -> str:
    """Document kind from the title's words: act, strategy, plan, guidance, report or other."""
    t = title.lower()
    t = re.sub(r"[\s,:(–-]*\(?" + PERIOD.pattern.lower() + r"\)?\s*$", "", t)
    if re.search(r"\b(?:act|bill)\b(?!\s+review)", t) and not re.search(r"\breview\b", t):
        return "act"
    if re.search(
        r"\bworking together\b|\bguid(?:e|ance)\b|\btoolkit\b|\bresource pack\b|\bcode of practice\b", t
    ):
        return "guidance"
    for main in (t.split(":")[0].split(" – ")[0], t):  # the subtitle when the title has no document noun
        found = [
            (m.start(), kind)
            for head, kind in KIND_BY_HEAD.items()
            for m in re.finditer(r"\b" + re.escape(head) + r"\b", main)
        ]
        if found:  # the last document noun heads the title: "Common Assessment Framework" is guidance
            return max(found)[1]
    if re.search(r"\b(?:report|review|evaluation|research|study|letter|case stud(?:y|ies))\b", t):
        return "report"
    return "other"


def known_kind(title: str) -> str | None:
    """The kind of a national document listed in ``national_documents.txt`` (None when not listed)."""
    for n, rx in enumerate(_KNOWN_ONE):
        if rx.match(title):
            kind = _KNOWN_KIND.get(n)
            return kind if kind and kind != "other" else None
    return None


def known_key(title: str) -> str | None:
    """The shared key of the variants of a well-known title ("Every Child Matters Agenda")."""
    for n, rx in enumerate(_KNOWN_ONE):
        if rx.match(title):
            return f"known {n}"
    return None


def key_of(title: str, area: str | None = None) -> str:
    """The key variants of one title share: no period, no area, "&" as "and", singular head.

    Acts keep their year: the Children Act 1989 and 2004 are different acts.
    """
    title = re.sub(r"^\s*\d+(?:\.\d+)+\s+", "", title)  # a paragraph number: "4.5 The ... Strategy"
    if area:
        title = re.sub(r"^\s*(?:the\s+)?" + re.escape(area) + r"(?:['’]s)?\s+", "", title, flags=re.I)
    if known := known_key(title):
        return known
    t = title.lower().replace("&", " and ").replace("’", "'").replace("well-being", "wellbeing")
    t = (
        PERIOD.sub(" ", t)
        if not re.search(r"\b(?:act|bill|regulations)(?:\s*,?\s*\(?(?:19|20)\d\d\)?)?\s*$", t)
        else t
    )
    if area:
        t = re.sub(r"^\s*(?:the\s+)?" + re.escape(area.lower()) + r"(?:'s)?\s+", "", t)
        t = re.sub(r"\s+(?:for|in)\s+" + re.escape(area.lower()) + r"\s*$", "", t)
    t = re.sub(r"^\s*the\s+", "", t)
    t = re.sub(r"'s\b", "", t)  # "Children's Act 2004" is the Children Act 2004
    t = re.sub(r"\s*\([a-z]{2,6}\)", "", t)  # "Act (CYPA) 2008"
    t = re.sub(r"[^a-z0-9]+", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"(?:(?<=strateg)ies|(?<=[a-z]{3})s)$", lambda m: "y" if m.group(0) == "ies" else "", t)


def is_attributive(after: str) -> bool:
    """Is the title followed by a noun it qualifies ("... Framework outcomes")?"""
    return bool(_ATTRIBUTIVE.match(after))


def period_of(text: str) -> str | None:
    m = PERIOD.search(text or "")
    return re.sub(r"\s+", " ", m.group(0)).strip() if m else None
