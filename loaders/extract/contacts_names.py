"""Is this a person's name? Names of people in council documents, told apart from headings.

Why: contact blocks, report headers and officer lists put a person's name on a line of its
own, but so do headings ("Public Health", "Commissioning Strategy"). A person name is 2-4
capitalised tokens (optionally after a title such as "Dr" or "Cllr"), none of them a word
of the genre's organisations, places or topics. Where the layout alone says "this is a
name" (a "Name:" label, the first cell of an officer list) that is enough; elsewhere the
first token must also be a common given name, from the list below (general knowledge of
names in England, not names from any document).

>>> is_person_name("Wendi Ogle-Welbourn"), is_person_name("Public Health"), is_person_name("Commissioning Strategy")
(True, False, False)
>>> is_person_name("Lizzy McBain", strict=True), is_person_name("Bedford Borough", strict=True)
(True, False)
>>> title_case_name("ANGELA DAKIN"), title_case_name("MARY O'NEILL-MCBAIN")
('Angela Dakin', "Mary O'Neill-McBain")
"""

from __future__ import annotations

import re
from functools import lru_cache

from ckg.loaders.extract.metadata import gazetteer

_TITLES_TEXT = """
    mr mrs ms miss mx dr prof professor cllr councillor sir dame rev revd lord lady
"""
TITLES = frozenset(_TITLES_TEXT.split())
_GIVEN_NAMES_TEXT = """
    aaron abbie abdul abigail ada adam adele adrian agnes ahmed aidan aileen aimee alan alana alastair
    albert alex alexa alexander alexandra alexis alfie alfred ali alice alicia alison alistair allan
    allison alyson amanda amber amelia amir amy ana andrea andrew andy angela angie anita ann anna anne
    annette annie anthony antonia april archie arthur ashley audrey austin ava barbara barry beatrice
    becky belinda ben benjamin bernadette bernard beth bethan bethany betty beverley bill billy bob
    bobby brenda brendan brian bridget bryony caitlin callum cameron camilla candice carl carla carly
    carmel carol carole caroline carolyn carrie catherine cathy cecilia ceri chantelle charles charlie
    charlotte chelsea cheryl chloe chris chrissie christian christina christine christopher ciara claire
    clara clare claudia colin conor connor craig dan dana daniel daniela danielle danny daphne darren
    dave david dawn dean debbie deborah debra declan denise dennis derek diana diane dominic donna
    doreen dorothy douglas duncan dylan eddie edith edward eileen elaine eleanor elena eliza elizabeth
    ella ellen ellie elliot eloise elsie emily emma eric erin ethan eve evelyn faith fatima felicity
    fiona frances francesca francis frank fred freddie freya gail gareth gary gavin gemma geoff geoffrey
    george georgia georgina gerald geraldine gill gillian gina glen glenn gloria gordon grace graham
    grant greg gregory hannah harriet harry harvey hayley hazel heather helen helena henry hilary holly
    howard hugh hugo ian imogen india ingrid irene isaac isabel isabella isabelle isla ivan jack jackie
    jacob jacqueline jacqui jade jake james jamie jan jane janet janice jasmine jason jay jayne jean
    jeff jennifer jenny jeremy jess jessica jill jim jo joan joanna joanne jodie joe joel john johnny
    jon jonathan jordan joseph josephine josh joshua joy joyce judith judy julia julian julie june
    justin karen kate katherine kathleen kathryn kathy katie katy kay keith kelly ken kenneth kerry
    kevin kieran kim kirsty kirsten laura lauren lawrence leah lee leigh leo leon leslie lesley lewis
    liam lily linda lindsay lindsey lisa liz lizzie lizzy lois lorna lorraine louis louise lucia lucy
    luke lydia lyn lynda lyndsey lynn lynne madeleine maggie malcolm mandy marc marcus margaret maria
    marian marie marilyn marion mark martin martyn mary matt matthew maureen max maxine megan melanie
    melissa michael michaela michelle mike mohammed mohammad molly monica morgan muhammad nadia naomi
    natalie natasha neil nicholas nick nicki nicky nicola nicole nigel nina noel nora norman oliver
    olivia owen paddy pamela pat patricia patrick paul paula pauline penny peter phil philip phillip
    phoebe pippa polly priya rachael rachel rebecca rebekah richard rita rob robert robin robyn roger
    ronald rosa rosalind rose rosemary ross rosie roy ruby russell ruth ryan sabrina sadie sally sam
    samantha samuel sandra sara sarah sean shane sharon shaun sheila shirley simon sinead sonia sonja
    sophia sophie stacey stella stephanie stephen steve steven stuart sue susan susie suzanne sylvia
    tamsin tania tanya tara ted teresa terry tess theresa thomas tim timothy tina toby tom tommy tony
    tracey tracy trevor valerie vanessa vicky victoria vikki vincent violet vivienne wayne wendy will
    william yvonne zoe zara
"""
GIVEN_NAMES = frozenset(_GIVEN_NAMES_TEXT.split())
# Words of organisations, places, topics and document furniture: never part of a person's name.
_NON_NAME_WORDS_TEXT = """
    academy act action actions adult adults advice advisory agency agenda agreement all alliance and
    annual appendix area areas arts assessment assistant associate association authority award awards
    board borough budget business care carers case centre centres chair chief child children childrens
    city clinical college commission commissioner commissioning committee community communities contents
    contract contracts council councils county cultural culture data department development director
    directorate disabilities disability district early education england executive families family
    figure finance financial for forum foundation framework fund funding governance government group
    groups guidance head health healthy help hospital house improvement inclusion information integrated
    introduction joint key lead learning local looked manager mental national needs network new nhs of
    office officer outcome outcomes page panel parent parents partnership people performance plan
    planning policy primary priorities priority programme project projects public quality references
    report research resource resources review safe safeguarding school schools secondary section service
    services skills social special specialist stage strategic strategy summary support table team the
    total trust unit university wellbeing well-being what where which who whole why work workforce year
    years young youth january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday road street lane drive avenue way
    park square close court hall floor suite headquarters north south east west central upper lower
    great little st street job title tel telephone email e-mail fax mobile contribution to in on at by
    with from into as is are general practitioner practice surgery clinic ward wards committee portfolio
    item date hub intervention prevention access pathway pathways commissioners providers provider
    partners members
"""
NON_NAME_WORDS = frozenset(_NON_NAME_WORDS_TEXT.split())
ROLE_WORDS = re.compile(
    r"\b(?:director|manager|head|officer|commissioner|chief|executive|lead|coordinator|co-ordinator|"
    r"assistant|consultant|advis[eo]r|chair(?:man|person)?|principal|specialist|analyst|teacher|practitioner|"
    r"nurse|worker|administrator|secretary|clerk|artist|councillor|member|president|founder|trustee|"
    r"researcher|epidemiologist|psychologist|psychiatrist|therapist|doctor|gp|paediatrician|"
    r"senco|headteacher|governor|partner|associate|deputy|adviser|author|editor|project|team|"
    r"programme|service|services)\b",
    re.I,
)
_TOKEN = re.compile(
    r"^(?:[A-Z][a-z]+|[A-Z]'[A-Z][a-z]+|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|[A-Z][a-z]*[’'][A-Z][a-z]+)"
    r"(?:-(?:[A-Z][a-z]+|Mc[A-Z][a-z]+))*$"
)
_PARTICLES = frozenset(["de", "du", "da", "di", "van", "von", "der", "le", "la", "del", "st"])


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words of English area names ("Oxfordshire", "Gloucestershire"): places, not surnames."""
    return frozenset(w.lower() for name in gazetteer() for w in name.split() if len(w) > 3)


def title_case_name(name: str) -> str:
    """Title-case a name printed in capitals, keeping Mc/Mac/O' and hyphens right."""

    def word(w: str) -> str:
        if not w.isupper() and not w.islower():
            return w
        parts = []
        for piece in w.split("-"):
            p = piece.capitalize()
            p = re.sub(r"^(O['’])([a-z])", lambda m: m.group(1) + m.group(2).upper(), p)
            p = re.sub(r"^(Mc)([a-z])", lambda m: m.group(1) + m.group(2).upper(), p)
            parts.append(p)
        return "-".join(parts)

    return " ".join(word(w) for w in name.split())


def title_case_role(role: str) -> str:
    """A role printed in capitals, in title case with small words lower-case.

    >>> title_case_role("HEAD OF COMMISSIONING AND IMPROVEMENT")
    'Head of Commissioning and Improvement'
    """
    if not role.isupper():
        return role
    small = {"of", "and", "for", "the", "to", "in", "on", "at", "with", "&"}
    words = [w.capitalize() for w in role.lower().split()]
    return " ".join(w.lower() if k and w.lower() in small else w for k, w in enumerate(words))


def _tokens(name: str) -> list[str]:
    words = name.replace("\u00a0", " ").split()
    while words and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return words


def is_person_name(text: str, strict: bool = False) -> bool:
    """2-4 capitalised tokens, optionally after a title, none an org/place/topic word.

    ``strict``: the first token must also be a common given name (or a title is printed),
    for names found in running text rather than in a layout that says "name".
    """
    text = re.sub(r"\s+", " ", text.strip().strip("*:,;")).strip()
    if not text or len(text) > 60 or re.search(r"[\d@/&()]", text):
        return False
    if text.isupper():
        text = title_case_name(text)
    has_title = text.split()[0].lower().rstrip(".") in TITLES
    words = _tokens(text)
    if not words or len(words) > 4 or (len(words) < 2 and not has_title):
        return False
    for w in words:
        if w.lower() in _PARTICLES:
            continue
        if not _TOKEN.match(w) or w.lower().strip("’'") in NON_NAME_WORDS or ROLE_WORDS.fullmatch(w):
            return False
    if words[-1].lower() in _PARTICLES:
        return False
    given = has_title or words[0].lower() in GIVEN_NAMES
    if strict and not given:
        return False
    # "Healthwatch Oxfordshire", "Create Gloucestershire": a body named after a place
    return given or not any(w.lower() in _place_words() for w in words)


def given_name_at(words: list[str], i: int) -> bool:
    """Does a person's name start at ``words[i]`` (a known given name followed by a surname)?"""
    return (
        i + 1 < len(words)
        and words[i].lower() in GIVEN_NAMES
        and bool(_TOKEN.match(words[i]))
        and bool(_TOKEN.match(words[i + 1]))
        and words[i + 1].lower() not in NON_NAME_WORDS
    )
