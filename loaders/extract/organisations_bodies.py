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
from dataclasses import dataclass
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


def _rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file of this package, without comments and blank lines."""
    text = resources.files("ckg.loaders.extract").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def generic_bodies() -> dict[str, tuple[str, str]]:
    """Acronym -> (full name, kind) for bodies every area has (PCT, CCG, LSCB, YOS, ...): ``local_bodies.txt``."""
    return {acr: (full, kind) for acr, full, kind in _rows("local_bodies.txt") if acr != "-"}


@lru_cache(maxsize=1)
def generic_unnamed() -> tuple[tuple[str, str], ...]:
    """(full name, kind) of the bodies every area has that have no usual acronym ("Children's Trust")."""
    return tuple((full, kind) for acr, full, kind in _rows("local_bodies.txt") if acr == "-")


def generic_full_names() -> list[tuple[str, str]]:
    """(full name, kind) of every generic area body, with or without an acronym."""
    seen = dict(generic_bodies().values())
    seen.update(generic_unnamed())
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
    out = []
    for kind, name, *rest in _rows("national_bodies.txt"):
        aliases = tuple(a for a in (rest[0].split("|") if rest else []) if a)
        out.append((kind, name, aliases))
    return out


@lru_cache(maxsize=1)
def word_named_bodies() -> frozenset[str]:
    """Canonical names that are also ordinary words ("Scope", "Mind"): flag "word" in national_bodies.txt."""
    return frozenset(name for _kind, name, *rest in _rows("national_bodies.txt") if rest[1:2] == ["word"])


@dataclass(frozen=True)
class Council:
    """An English council (``english_councils.txt``): its full name, area, years and other names."""

    name: str
    area: str
    start: int | None  # first year, None when it existed before 1995
    end: int | None  # year it was abolished or renamed, None when it exists today
    aliases: tuple[str, ...]

    def in_force(self, year: int | None) -> bool:
        if year is None:
            return self.end is None
        return (self.start is None or self.start <= year) and (self.end is None or year < self.end)


@lru_cache(maxsize=1)
def councils() -> tuple[Council, ...]:
    """Every English council, current and former, in the order of ``english_councils.txt``."""
    out = []
    for name, area, *rest in _rows("english_councils.txt"):
        years = rest[0] if rest else ""
        first, _, last = years.partition("-")
        aliases = tuple(a for a in (rest[1].split("|") if len(rest) > 1 else []) if a)
        out.append(Council(name, area, int(first) if first else None, int(last) if last else None, aliases))
    return tuple(out)


@lru_cache(maxsize=1)
def councils_by_area() -> dict[str, tuple[Council, ...]]:
    """Area name ("Dorset") -> its councils, former first ("Dorset County Council", "Dorset Council")."""
    out: dict[str, list[Council]] = {}
    for c in councils():
        out.setdefault(c.area, []).append(c)
    return {a: tuple(sorted(cs, key=lambda c: c.end or 9999)) for a, cs in out.items()}


def council_of_area(area: str, year: int | None = None) -> Council | None:
    """The council of an area in a year (today's when the year is not known).

    >>> council_of_area("Dorset", 2016).name, council_of_area("Dorset", 2024).name
    ('Dorset County Council', 'Dorset Council')
    >>> council_of_area("Poole", 2016).name, council_of_area("Poole") is None
    ('Borough of Poole', True)
    """
    found = councils_by_area().get(area, ())
    return next((c for c in found if c.in_force(year)), None)


def expand_abbreviations(name: str) -> str:
    """County abbreviations in council and NHS names: "South Beds District Council" -> "South Bedfordshire ..."."""
    return _ABBREV_BEFORE_BODY.sub(lambda m: COUNTY_ABBREVIATIONS[m.group(1)], name)
