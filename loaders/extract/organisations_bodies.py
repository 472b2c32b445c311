"""Bodies any document may name without defining them: national bodies and every area's own.

General knowledge, not read from a document: government departments, regulators and
national charities (``national_bodies.txt``); the bodies every area has (its Primary Care
Trust, Clinical Commissioning Group, Safeguarding Children Board, Youth Offending Service,
...), known by a generic acronym and named after the area; the usual abbreviations of
county names in council names ("Mid Beds District Council").

>>> generic_bodies()["LSCB"]
('Safeguarding Children Board', 'partnership')
>>> expand_abbreviations("South Beds District Council")
'South Bedfordshire District Council'
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# "Beds" -> "Bedfordshire": county abbreviations printed in council names.
COUNTY_ABBREVIATIONS = {
    "Beds": "Bedfordshire",
    "Berks": "Berkshire",
    "Bucks": "Buckinghamshire",
    "Cambs": "Cambridgeshire",
    "Glos": "Gloucestershire",
    "Hants": "Hampshire",
    "Herts": "Hertfordshire",
    "Lancs": "Lancashire",
    "Leics": "Leicestershire",
    "Lincs": "Lincolnshire",
    "Northants": "Northamptonshire",
    "Notts": "Nottinghamshire",
    "Oxon": "Oxfordshire",
    "Wilts": "Wiltshire",
    "Worcs": "Worcestershire",
}
_ABBREV_BEFORE_BODY = re.compile(
    r"\b(" + "|".join(COUNTY_ABBREVIATIONS) + r")\b(?=\s+(?:County|District|Borough|City|Council|"
    r"Primary|Clinical|Safeguarding|Youth|Police|NHS|Partnership|CCG|PCT))"
)


@lru_cache(maxsize=1)
def generic_bodies() -> dict[str, tuple[str, str]]:
    """Acronym -> (full name, kind) for bodies every area has (PCT, CCG, LSCB, YOS, ...)."""
    return {
        "PCT": ("Primary Care Trust", "health-body"),
        "CCG": ("Clinical Commissioning Group", "health-body"),
        "ICB": ("Integrated Care Board", "health-body"),
        "LSCB": ("Safeguarding Children Board", "partnership"),
        "SCB": ("Safeguarding Children Board", "partnership"),
        "SCP": ("Safeguarding Children Partnership", "partnership"),
        "SAB": ("Safeguarding Adults Board", "partnership"),
        "HWB": ("Health and Wellbeing Board", "partnership"),
        "HWBB": ("Health and Wellbeing Board", "partnership"),
        "YOS": ("Youth Offending Service", "team"),
        "YOT": ("Youth Offending Team", "team"),
        "YJS": ("Youth Justice Service", "team"),
        "DAT": ("Drug Action Team", "partnership"),
        "DAAT": ("Drug and Alcohol Action Team", "partnership"),
        "CDRP": ("Crime and Disorder Reduction Partnership", "partnership"),
        "CSP": ("Community Safety Partnership", "partnership"),
        "LSP": ("Local Strategic Partnership", "partnership"),
        "MASH": ("Multi-Agency Safeguarding Hub", "team"),
        "CAMHS": ("Child and Adolescent Mental Health Services", "team"),
        "CAMH": ("Child and Adolescent Mental Health Services", "team"),
    }


# Bodies every area has that have no usual acronym.
GENERIC_UNNAMED: tuple[tuple[str, str], ...] = (("Children's Trust", "partnership"),)


def generic_full_names() -> list[tuple[str, str]]:
    """(full name, kind) of every generic area body, with or without an acronym."""
    seen = dict(generic_bodies().values())
    seen.update(GENERIC_UNNAMED)
    return list(seen.items())


# Council acronym tails: "WSCC" = West Sussex + County Council; only used after area initials.
COUNCIL_TAILS = {
    "CC": "County Council",
    "BC": "Borough Council",
    "DC": "District Council",
    "MBC": "Metropolitan Borough Council",
    "CiC": "City Council",
}


@lru_cache(maxsize=1)
def national_bodies() -> list[tuple[str, str, tuple[str, ...]]]:
    """(kind, canonical name, aliases) from national_bodies.txt; weak aliases keep their "~"."""
    text = resources.files("ckg.loaders.extract").joinpath("national_bodies.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, *rest = line.split("\t")
        aliases = tuple(a for a in (rest[0].split("|") if rest else []) if a)
        out.append((kind, name, aliases))
    return out


def expand_abbreviations(name: str) -> str:
    """County abbreviations in council and NHS names: "South Beds District Council" -> "South Bedfordshire ..."."""
    return _ABBREV_BEFORE_BODY.sub(lambda m: COUNTY_ABBREVIATIONS[m.group(1)], name)
