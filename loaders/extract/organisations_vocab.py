"""The words of one document: which it prints in lower case, which are places, which are terms.

Whether "Virtual School" or "Kingfisher team" names a body depends on whether its words are
ordinary words. A word this document also prints in lower case, or a word of the trade
(``GENERIC_WORDS``), singles nothing out; a place, an acronym or a word only ever printed
capitalised does. ``LEAD_JUNK`` lists the words a name never starts with (verbs of plans,
prepositions, labels), so "Develop the X", "Requires the Local Authority" and "Table 6 X"
are trimmed to the name. ``acceptable`` judges a candidate name with all of this.

>>> from ckg.loaders.text import load_string
>>> v = DocVocab.of(load_string("The Kingfisher team runs a virtual school."), "Oxfordshire")
>>> v.distinctive("Kingfisher"), v.distinctive("Virtual"), v.distinctive("Oxfordshire")
(True, False, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ckg.loaders.extract.organisations_names import (
    BODY_GROUP_WORDS,
    DOCUMENT_WORDS,
    HEAD_KINDS,
    LOWER_HEADS,
    RISKY_HEADS,
    ROLE_WORDS,
    TERM_ACRONYMS,
    generic_full_names,
    is_acronym,
    loose_key,
    wordset,
)
from ckg.loaders.structure import StructuredDocument

_NAME_CONNECTORS = wordset("and & of for the in on")
_COUNCIL_OF_PLACE = re.compile(
    r"\b((?:[A-Z][a-z'’-]+\s+){1,3})(?:County|City|Borough|District|Metropolitan\s+Borough)\s+Council\b"
)
COUNCIL_PREFIX = re.compile(
    r"^(?:(?:County|Borough|City|District) Council|Local Authority|Council)(?:['’]s)?\s+(?=[A-Z])"
)

# Words of the trade that describe services rather than name a body.
GENERIC_WORDS = wordset(
    """virtual free healthy special specialist residential secure mainstream independent primary
    secondary infant junior nursery community local national regional targeted universal integrated
    extended early family families parent parents parenting youth children child young people adult adults
    school schools health mental social care support outreach therapy therapies nursing education
    learning disability disabilities disabled inclusion behaviour advice information advocacy housing
    leisure sport sports activities activity play short breaks break respite emergency home foster
    fostering adoption after holiday day night crisis urgent access assessment treatment referral
    intervention prevention preventative service services team unit centre centres group groups
    public private voluntary sector new existing current county area areas city district multi-agency
    joint statutory clinical medical hospital community-based central northern southern eastern western specialised general dedicated other
    all each age ethnic minority vulnerable risk target focus peer year years key main wider relevant
    infants toddlers mothers fathers carers carer young-people transition transitions workforce
    quality improvement development management planning commissioning commissioners provision
    maternity paediatric sexual substance misuse drug alcohol offending justice safeguarding civic
    protection wellbeing well-being emotional psychological counselling speech language"""
)
# Words a name does not start with: verbs of plans, prepositions, determiners, labels.
LEAD_JUNK = wordset(
    """a an the this that these those our their its his her your my we they it there here
    and or but nor so yet as at by for from in into on onto of to under until upon with within without
    through throughout across between among amongst against around via per including include includes
    following according alongside beyond despite during after before since than like unlike both each
    every all any some most many other others another such several various new existing current former
    previous proposed future also further however currently recently previously nationally locally
    if when where while whilst although is are was were be been has have had will would can could
    should may might must shall do does did not no only just even very key main
    develop developing developed review reviewing commission commissioned re-commission recommission
    re-tender retender decommission provide providing provided implement implementing improve improving
    increase increasing reduce reducing support supporting ensure ensuring refocus restructure require
    requires required establish establishing create creating deliver delivering delivered continue agree
    agreed embed strengthen promote promoting maintain monitor evaluate explore extend expand identify
    introduce launch engage consult contact join access appoint attend use using enable fund funded
    invest build set raise roll map target undertake prepare look complete finalise co-ordinate
    coordinate involve encourage tackle tackling led managed chaired see visit email tel call write
    please note source sources information data figure table chart graph appendix annex section
    chapter page year years quarter theme priority outcome objective action step stage phase case
    study example work working dear mr mrs ms miss mx via based guidance quote thanks total role roles
    purpose remit membership responsibilities structure
    wait allow bring ask asks approve approved note noted delegate transfer procure award awarded let
    january february march april june july august september october november december"""
)


@dataclass
class DocVocab:
    """What this document says about its words: which it prints in lower case, which are places."""

    lower: frozenset[str]
    places: frozenset[str]
    area: str | None = None
    term_acronyms: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, doc: StructuredDocument, area: str | None = None) -> DocVocab:
        from ckg.loaders.extract.metadata import gazetteer

        # (?<!\S): tried from the start of each word only, not every character (quadratic on a long word)
        prose = re.sub(r"(?<!\S)\S*(?:https?://|www\.|@|\.(?:com|org|uk|net)\b)\S*", " ", doc.text)
        lower = frozenset(re.findall(r"(?<![A-Za-z'’-])[a-z][a-z'’-]+", prose))
        places = {p for p in gazetteer() if p[:1].isupper()}
        # the place a council is named after is a place, in the gazetteer or not ("Elmshire County Council")
        for m in _COUNCIL_OF_PLACE.finditer(prose):
            words = m.group(1).split()
            if not any(w.lower() in LEAD_JUNK or w.lower() in lower for w in words):
                places.update(words)
        return cls(lower=lower, places=frozenset(places), area=area, term_acronyms=set(TERM_ACRONYMS))

    def distinctive(self, word: str) -> bool:
        """A word that singles a body out: a place, an acronym, or a word never printed in lower case."""
        w = word.rstrip(".").replace("’", "'")
        base = re.sub(r"'s$", "", w)
        if not base or base.isdigit():
            return bool(base)
        if is_acronym(w):
            return re.sub(r"(?:'s|s)$", "", w) not in self.term_acronyms
        if base in self.places or (self.area and base in self.area.split()):
            return True
        if base in HEAD_KINDS or base.lower() in LOWER_HEADS:
            return False
        low = base.lower()
        if low in GENERIC_WORDS or low in LEAD_JUNK or low in _NAME_CONNECTORS:
            return False
        singular = low[:-1] if low.endswith("s") else low
        return base[:1].isupper() and not {low, low + "s", singular} & self.lower


def places_only(toks) -> bool:
    """Whether the tokens (with ``.word``) are a place, or places: "West Sussex", "Horsham"."""
    from ckg.loaders.extract.metadata import gazetteer

    words = " ".join(t.word for t in toks)
    return bool(toks) and (words in gazetteer() or all(t.word in gazetteer() for t in toks))


def place_prefix(toks) -> bool:
    """Whether the tokens begin a place name with "and" in it ("Telford and Wrekin")."""
    from ckg.loaders.extract.metadata import gazetteer

    words = " ".join(t.word for t in toks)
    return any(p.startswith(words) for p in gazetteer() if " and " in p)


def council_tail(name: list) -> list:
    """ "Cabinet Member for Children and Young People West Sussex County Council" -> the council."""
    if len(name) < 3 or name[-1].word != "Council":
        return name
    j = len(name) - 1
    while j > 0 and name[j - 1].word in ("County", "Borough", "City", "District", "Metropolitan"):
        j -= 1
    for i in range(1, j):
        if places_only(name[i:j]) and name[i - 1].word not in ("and", "&", "of", "for"):
            return name[i:]
    return name


def acceptable(name: str, vocab: DocVocab, head: str, unit: bool = False) -> bool:
    """Whether a trimmed span names a body.

    Not a post ("Director of ..."), an address, a document ("... Framework"), or several bodies
    ("Midwifery Teams"); a generic head ("Service", "School", "Group") needs a word that
    singles the body out, or a context that makes it a unit ("provided by the Council").
    """
    ws = re.findall(r"[A-Za-z0-9][\w'’.-]*|&", name)
    content = [w for w in ws if w not in _NAME_CONNECTORS]
    if len(content) < 2 or len(content) > 12:
        return False
    if any(w.rstrip(".") in ROLE_WORDS for w in content):
        return False
    if all(w in HEAD_KINDS or w.lower() in LOWER_HEADS for w in content):
        return False  # "Trust Board", "Board of the Trust": which one is not said
    if any(re.fullmatch(r"[A-Z]{1,2}\d{1,2}[A-Z]?|\d[A-Z]{2}", w) for w in content):
        return False  # a postcode: an address, not a name
    if (
        content[-1] == head
        and head in ("CCGs", "PCTs", "ICBs", "Teams", "Services")
        and not any(w in vocab.places or is_acronym(w) for w in content[:-1])
    ):
        return False  # "West Sussex and CCGs", "Midwifery Teams": several bodies, none named
    complement = re.split(r"\b(?:for|of)\b", name, maxsplit=1)[0]
    if any(w.rstrip(".") in DOCUMENT_WORDS for w in re.findall(r"[\w'’-]+", complement)):
        return False
    if head in ("Primary", "Nursery", "Academy", "College", "School") and len(content) == 2:
        return vocab.distinctive(content[0])
    generic_full = {loose_key(full) for full, _ in generic_full_names()}
    if loose_key(name, vocab.area) in generic_full:
        return True
    if COUNCIL_PREFIX.match(name):
        return True  # "County Council Children's Services": a department of the area's council
    distinct = [w for w in content if vocab.distinctive(w)]
    if head in ("Service", "Services") and not unit:
        # services are what bodies provide: only a place, an acronym or a council makes one a unit
        if not any(w in vocab.places or is_acronym(w) or w in (vocab.area or "").split() for w in distinct):
            return False
    elif head.capitalize().rstrip("s") in ("Group", "Sub-group", "Subgroup") or head in ("group", "groups"):
        if not distinct and not (len(content) >= 3 and any(w.lower() in BODY_GROUP_WORDS for w in content)):
            return False
    elif head in RISKY_HEADS and not distinct and not unit:
        return False
    elif (
        head in ("Team", "Teams")
        and not distinct
        and len(content) < 3
        and content[0].lower() in GENERIC_WORDS
    ):
        return False  # "Integrated Team", "Targeted Team"
    before_head = [w for w in content if w != head and w.lower() not in ("sub",)]
    grouped = any(w.lower() in BODY_GROUP_WORDS for w in before_head)
    if head.islower() and not distinct and len(before_head) < 3 and not grouped:
        return False  # "Social Work team": a kind of team, not one
    # "Pakistani groups", "BME groups": people, not bodies
    return head not in ("groups", "teams") or any(
        w.lower() in BODY_GROUP_WORDS or is_acronym(w) for w in content
    )


_PLURAL_UNITS = {
    "Directorates": "Directorate",
    "Departments": "Department",
    "Boards": "Board",
    "Teams": "Team",
}


def expand_coordination(name: str) -> list[str]:
    """One name per body where a plural head is shared.

    >>> expand_coordination("Public Health and Children Education and Families Directorates")
    ['Public Health Directorate', 'Children Education and Families Directorate']
    >>> expand_coordination("Oxfordshire Partnership Boards for Autism, Learning Disabilities and Mental Health")
    ['Oxfordshire Partnership Board for Autism', 'Oxfordshire Partnership Board for Learning Disabilities', 'Oxfordshire Partnership Board for Mental Health']
    """
    m = re.match(r"(.*?)\b(" + "|".join(_PLURAL_UNITS) + r")\s+(for|of)\s+(.+)$", name)
    if m:
        items = [i for i in re.split(r",\s*|\s+and\s+|\s+&\s+", m.group(4)) if i]
        if len(items) >= 2:
            return [f"{m.group(1)}{_PLURAL_UNITS[m.group(2)]} {m.group(3)} {i}" for i in items]
    m = re.match(r"(.+?)\s+and\s+(.+)\s+(Directorates|Departments)$", name)
    if m and not COUNCIL_PREFIX.match(name):
        single = _PLURAL_UNITS[m.group(3)]
        return [f"{m.group(1)} {single}", f"{m.group(2)} {single}"]
    return [name]
