"""The scale benchmark's corpus: the bundled documents plus documents generated from them.

The recipe (reproducible: everything is drawn from ``random.Random(f"{seed}:{n}")`` for
generated document ``n``, and the sources are read in name order):

1. Source: bundled document ``n % 5``, read with ckg's own loader and extractor (so the
   names to change are the ones ckg itself finds).
2. Length: generated documents are shorter than the sources (about ``passages`` blocks
   instead of 200-700), because the embedding model is the physical limit of a build on a
   2-core machine: 500 full copies would take hours to embed. A document keeps its source's
   head (up to three blocks past the title: title page, publisher, date) and two windows of
   consecutive blocks drawn at random from the body, in random order.
3. Place: the area is replaced by one of ``AREAS`` (English upper-tier councils, each with
   its NHS integrated care board and a town), taken in turn with a seeded offset:
   NHS bodies of the source area (PCT, CCG, "NHS Oxfordshire") become the ICB, its councils
   become the new council, then the bare area and town names are replaced.
4. Bodies and people: the organisations the extractor finds that are local but do not carry
   the area's name (providers, schools, teams, partnerships) get the new area's name in
   front, so that each area has its own bodies; the people found in contacts get names drawn
   from ``FIRST`` and ``LAST``.
5. Money: every sum in pounds is multiplied by a factor drawn from 0.6-1.8 and printed in
   the source's style (commas, decimals, m/k suffixes).
6. Title: a title that does not name its area gets the new area's name in front, so two
   documents never share a title (priority IRIs are minted from the stating title).

What stays the same: national bodies, the sentences that name no place, body or sum. A
passage repeated in several generated documents is embedded once per embedding group, as
in any real corpus with boilerplate; the benchmark counts embedded texts, not passages.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from ckg.graph.iris import slug
from ckg.loaders.extract.pipeline import extract
from ckg.loaders.registry import load_file
from ckg.settings import Settings

# (council, area, NHS integrated care board, town)
AREAS: list[tuple[str, str, str, str]] = [
    ("Kent County Council", "Kent", "NHS Kent and Medway Integrated Care Board", "Maidstone"),
    ("Essex County Council", "Essex", "NHS Mid and South Essex Integrated Care Board", "Chelmsford"),
    (
        "Hampshire County Council",
        "Hampshire",
        "NHS Hampshire and Isle of Wight Integrated Care Board",
        "Winchester",
    ),
    ("Surrey County Council", "Surrey", "NHS Surrey Heartlands Integrated Care Board", "Guildford"),
    ("Norfolk County Council", "Norfolk", "NHS Norfolk and Waveney Integrated Care Board", "Norwich"),
    (
        "Suffolk County Council",
        "Suffolk",
        "NHS Suffolk and North East Essex Integrated Care Board",
        "Ipswich",
    ),
    ("Devon County Council", "Devon", "NHS Devon Integrated Care Board", "Exeter"),
    ("Cornwall Council", "Cornwall", "NHS Cornwall and Isles of Scilly Integrated Care Board", "Truro"),
    ("Somerset Council", "Somerset", "NHS Somerset Integrated Care Board", "Taunton"),
    ("Dorset Council", "Dorset", "NHS Dorset Integrated Care Board", "Dorchester"),
    (
        "Wiltshire Council",
        "Wiltshire",
        "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board",
        "Trowbridge",
    ),
    (
        "Gloucestershire County Council",
        "Gloucestershire",
        "NHS Gloucestershire Integrated Care Board",
        "Gloucester",
    ),
    (
        "Worcestershire County Council",
        "Worcestershire",
        "NHS Herefordshire and Worcestershire Integrated Care Board",
        "Worcester",
    ),
    (
        "Warwickshire County Council",
        "Warwickshire",
        "NHS Coventry and Warwickshire Integrated Care Board",
        "Warwick",
    ),
    (
        "Staffordshire County Council",
        "Staffordshire",
        "NHS Staffordshire and Stoke-on-Trent Integrated Care Board",
        "Stafford",
    ),
    ("Derbyshire County Council", "Derbyshire", "NHS Derby and Derbyshire Integrated Care Board", "Matlock"),
    (
        "Nottinghamshire County Council",
        "Nottinghamshire",
        "NHS Nottingham and Nottinghamshire Integrated Care Board",
        "Mansfield",
    ),
    (
        "Leicestershire County Council",
        "Leicestershire",
        "NHS Leicester, Leicestershire and Rutland Integrated Care Board",
        "Loughborough",
    ),
    ("Lincolnshire County Council", "Lincolnshire", "NHS Lincolnshire Integrated Care Board", "Lincoln"),
    (
        "Cambridgeshire County Council",
        "Cambridgeshire",
        "NHS Cambridgeshire and Peterborough Integrated Care Board",
        "Cambridge",
    ),
    (
        "Hertfordshire County Council",
        "Hertfordshire",
        "NHS Hertfordshire and West Essex Integrated Care Board",
        "Hertford",
    ),
    (
        "Buckinghamshire Council",
        "Buckinghamshire",
        "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
        "Aylesbury",
    ),
    ("West Sussex County Council", "West Sussex", "NHS Sussex Integrated Care Board", "Chichester"),
    ("East Sussex County Council", "East Sussex", "NHS Sussex Integrated Care Board", "Lewes"),
    (
        "Lancashire County Council",
        "Lancashire",
        "NHS Lancashire and South Cumbria Integrated Care Board",
        "Preston",
    ),
    (
        "Cumberland Council",
        "Cumberland",
        "NHS North East and North Cumbria Integrated Care Board",
        "Carlisle",
    ),
    (
        "North Yorkshire Council",
        "North Yorkshire",
        "NHS Humber and North Yorkshire Integrated Care Board",
        "Northallerton",
    ),
    (
        "Durham County Council",
        "Durham",
        "NHS North East and North Cumbria Integrated Care Board",
        "Durham City",
    ),
    (
        "Northumberland County Council",
        "Northumberland",
        "NHS North East and North Cumbria Integrated Care Board",
        "Morpeth",
    ),
    ("Cheshire East Council", "Cheshire East", "NHS Cheshire and Merseyside Integrated Care Board", "Crewe"),
    (
        "Shropshire Council",
        "Shropshire",
        "NHS Shropshire, Telford and Wrekin Integrated Care Board",
        "Shrewsbury",
    ),
    (
        "Herefordshire Council",
        "Herefordshire",
        "NHS Herefordshire and Worcestershire Integrated Care Board",
        "Hereford",
    ),
    ("Manchester City Council", "Manchester", "NHS Greater Manchester Integrated Care Board", "Wythenshawe"),
    ("Leeds City Council", "Leeds", "NHS West Yorkshire Integrated Care Board", "Headingley"),
    (
        "Birmingham City Council",
        "Birmingham",
        "NHS Birmingham and Solihull Integrated Care Board",
        "Edgbaston",
    ),
    ("Liverpool City Council", "Liverpool", "NHS Cheshire and Merseyside Integrated Care Board", "Anfield"),
    ("Sheffield City Council", "Sheffield", "NHS South Yorkshire Integrated Care Board", "Hillsborough"),
    (
        "Bristol City Council",
        "Bristol",
        "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board",
        "Bedminster",
    ),
    (
        "Newcastle City Council",
        "Newcastle",
        "NHS North East and North Cumbria Integrated Care Board",
        "Gosforth",
    ),
    ("Plymouth City Council", "Plymouth", "NHS Devon Integrated Care Board", "Devonport"),
    (
        "Portsmouth City Council",
        "Portsmouth",
        "NHS Hampshire and Isle of Wight Integrated Care Board",
        "Southsea",
    ),
    (
        "Southampton City Council",
        "Southampton",
        "NHS Hampshire and Isle of Wight Integrated Care Board",
        "Shirley",
    ),
    ("Brighton and Hove City Council", "Brighton and Hove", "NHS Sussex Integrated Care Board", "Hove"),
    (
        "Milton Keynes City Council",
        "Milton Keynes",
        "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board",
        "Bletchley",
    ),
    (
        "Swindon Borough Council",
        "Swindon",
        "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board",
        "Highworth",
    ),
    ("Medway Council", "Medway", "NHS Kent and Medway Integrated Care Board", "Chatham"),
    (
        "Wokingham Borough Council",
        "Wokingham",
        "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
        "Earley",
    ),
    ("Slough Borough Council", "Slough", "NHS Frimley Integrated Care Board", "Langley"),
    (
        "Isle of Wight Council",
        "Isle of Wight",
        "NHS Hampshire and Isle of Wight Integrated Care Board",
        "Newport",
    ),
    ("Camden Council", "Camden", "NHS North Central London Integrated Care Board", "Kentish Town"),
    ("Hackney Council", "Hackney", "NHS North East London Integrated Care Board", "Dalston"),
    ("Croydon Council", "Croydon", "NHS South West London Integrated Care Board", "Thornton Heath"),
]

FIRST = ["Alex", "Priya", "Tom", "Grace", "Mohammed", "Helen", "Daniel", "Aisha", "Chris", "Fiona",
         "Ravi", "Sarah", "James", "Olivia", "Kwame", "Laura", "Peter", "Nadia", "Ian", "Ruth"]  # fmt: skip
LAST = ["Taylor", "Khan", "Evans", "Morgan", "Hughes", "Shah", "Walker", "Price", "Turner", "Ahmed",
        "Bennett", "Clarke", "Doyle", "Foster", "Gill", "Hayes", "Jones", "Mason", "Owen", "Reid"]  # fmt: skip

# Per source (matched on the file name): the names of its area, and of its towns.
PLACES = {
    "bedfordshire": (["Bedfordshire"], ["Bedford", "Luton"]),
    "oxfordshire": (["Oxfordshire"], ["Oxford", "Banbury", "Bicester"]),
    "reading": (["Reading", "Berkshire West", "Berkshire"], ["Caversham", "Whitley"]),
}
LOCAL_KINDS = {"provider", "school", "team", "partnership"}
_MONEY = re.compile(r"£\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s?(?:m|k|bn|million|billion)\b)?")


@dataclass
class Source:
    path: Path
    text: str
    blocks: list[tuple[int, int]]  # (start, end) of each block, in order
    head_end: int  # blocks[:head_end] are always kept
    areas: list[str]
    towns: list[str]
    title: str
    local_bodies: list[str]  # local bodies whose names do not carry the area
    people: list[str]


def read_sources(folder: Path) -> list[Source]:
    """The bundled documents, with what the recipe needs to know about each."""
    settings = Settings.from_env()
    sources = []
    for path in sorted(folder.glob("*.txt")):
        doc = load_file(path, settings)
        ex = extract(doc)
        key = next(k for k in PLACES if path.name.startswith(k))
        areas, towns = PLACES[key]
        title = ex.document.title or ""
        starts = [(b.start, b.end) for b in doc.blocks]
        title_at = next((i for i, b in enumerate(doc.blocks) if title and title in b.text), 0)
        named = re.compile("|".join(re.escape(a) for a in areas + towns))
        local = [
            o.name
            for o in ex.organisations
            if o.kind in LOCAL_KINDS and not named.search(o.name) and len(o.name) > 6
        ]
        sources.append(
            Source(
                path=path,
                text=doc.text,
                blocks=starts,
                head_end=min(title_at + 4, 12),
                areas=areas,
                towns=towns,
                title=title,
                local_bodies=sorted(set(local), key=len, reverse=True),
                people=sorted(
                    {c.name for c in ex.contacts if c.name and " " in c.name}, key=len, reverse=True
                ),
            )
        )
    return sources


def generate(sources: list[Source], n: int, seed: int, passages: int) -> tuple[str, str]:
    """Generated document ``n``: (file name, text)."""
    rng = random.Random(f"{seed}:{n}")
    src = sources[n % len(sources)]
    council, area, icb, town = AREAS[(n + seed) % len(AREAS)]

    # 2. head plus two random windows of the body
    text = src.text
    head = text[: src.blocks[src.head_end - 1][1]] if src.head_end else ""
    body = src.blocks[src.head_end :]
    size = max(4, (passages - src.head_end) // 2)
    parts = []
    for _ in range(2):
        first = rng.randrange(0, max(1, len(body) - size))
        a = text.rfind("\n", 0, body[first][0]) + 1
        b = body[min(first + size, len(body)) - 1][1]
        parts.append(text[a:b])
    rng.shuffle(parts)
    out = "\n\n".join([head, *parts])

    # 6. title, 3. places, 4. bodies and people: one pass, so no replacement is replaced again
    stated_title = ""
    if src.title and not any(a in src.title for a in src.areas):
        found = re.search(re.escape(src.title), out, re.I)  # a title may be printed in capitals
        if found:
            stated_title = found.group(0)
            out = out[: found.start()] + "\x00TITLE\x00" + out[found.end() :]
    rules: list[tuple[str, str]] = []
    for a in src.areas:
        nhs = rf"NHS {a}\b|{a}(?: West)? (?:Primary Care Trust|PCT|Clinical Commissioning Group|CCG)\b"
        rules += [(nhs, icb), (rf"{a} (?:County|Borough|City|District) Council\b", council)]
    rules += [(rf"{re.escape(b)}\b", f"{area} {b}") for b in src.local_bodies]
    rules += [(re.escape(p), f"{rng.choice(FIRST)} {rng.choice(LAST)}") for p in src.people]
    rules += [(rf"{a}\b", area) for a in src.areas] + [(rf"{t}\b", town) for t in src.towns]
    pattern = re.compile("|".join(f"(?<![\\w-])({p})" for p, _ in rules))
    out = pattern.sub(lambda m: rules[m.lastindex - 1][1], out)
    prefix = area.upper() if stated_title.isupper() else area
    out = out.replace("\x00TITLE\x00", f"{prefix} {stated_title}")

    # 5. money
    factor = rng.uniform(0.6, 1.8)
    out = _MONEY.sub(lambda m: _scaled(m, factor), out)
    name = f"gen-{n:04d}-{slug(area, 30)}-{slug(src.path.stem, 40)}.txt"
    return name, out


def _scaled(m: re.Match, factor: float) -> str:
    raw, suffix = m.group(1), m.group(2) or ""
    value = float(raw.replace(",", "")) * factor
    if "," in raw:
        number = f"{round(value):,}"
    elif "." in raw:
        number = f"{value:.{len(raw.split('.')[1])}f}"
    else:
        number = str(max(1, round(value)))
    return f"£{number}{suffix}"


def write_corpus(folder: Path, bundled: Path, generated: int, seed: int, passages: int) -> list[Path]:
    """Write the generated documents into ``folder`` (the bundled ones are used in place)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = read_sources(bundled)
    paths = []
    for n in range(generated):
        name, text = generate(sources, n, seed, passages)
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
