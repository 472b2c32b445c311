"""A first look at a built store, the way a person reads it (``ckg summary``).

Why not ``ckg stats`` and a named query's table: those are for checking the store and for
scripts (every class, every column). A newcomer wants a short page: what was read, how much
of each thing, who funds most (each allocation counted once, however many documents state
it: the funder totals of ``funding-by-funder.rq``), a few examples of who commissions what,
and where to go next. Wide listings go to CSV files instead of the terminal.

Everything here comes from the named queries in ``queries/``; nothing is computed twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ckg.graph.terms import QueryResult
from ckg.queries import formats
from ckg.queries.funding_totals import NOT_STATED

CKG = "https://w3id.org/ckg/ontology#"
# What the summary counts, in reading order: (class IRI, name).
COUNTED = (
    ("http://www.w3.org/ns/org#Organization", "bodies (councils, NHS bodies, boards, teams, providers)"),
    (CKG + "Priority", "priorities"),
    (CKG + "CommissioningIntention", "commissioning intentions"),
    (CKG + "Service", "services"),
    (CKG + "FundingAllocation", "funding lines"),
    ("http://xmlns.com/foaf/0.1/Person", "named contacts"),
    (CKG + "Indicator", "indicators"),
    (CKG + "Passage", "passages of text, each fact traceable to one"),
)
# The listings written as CSV: too wide for a terminal, made for a spreadsheet.
CSV_QUERIES = ("funding-by-funder", "who-commissions-what", "services-and-providers")
TOP_FUNDERS = 5
EXAMPLES = 5
EXAMPLE_MAX = 90  # characters: a long intention reads badly as an example


@dataclass
class Funder:
    name: str
    total: Decimal
    lines: int = 0
    documents: set[str] = field(default_factory=set)


@dataclass
class Summary:
    documents: list[dict[str, str]]
    counts: list[tuple[str, int]]
    funders: list[Funder]  # named funders, largest total first
    unstated: Funder | None  # lines naming no funder
    examples: list[dict[str, str]]
    csv_files: list[Path] = field(default_factory=list)


def summarise(sparql: Callable[[str], QueryResult]) -> Summary:
    """The summary from the store that ``sparql`` (a named query's name -> result) reads."""
    counts = {row["class"].value: int(row["count"].value) for row in sparql("counts-by-class").rows}
    documents = sparql("documents").values()
    funders = _funders(sparql("funding-by-funder").values())
    named = sorted((f for f in funders if f.name != NOT_STATED), key=lambda f: (-f.total, f.name))
    unstated = next((f for f in funders if f.name == NOT_STATED), None)
    return Summary(
        documents=documents,
        counts=[(name, counts.get(cls, 0)) for cls, name in COUNTED],
        funders=named,
        unstated=unstated,
        examples=_examples(sparql("who-commissions-what").values()),
    )


def write_csv(sparql: Callable[[str], QueryResult], folder: Path) -> list[Path]:
    """Write the wide listings (``CSV_QUERIES``) as CSV files into ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in CSV_QUERIES:
        path = folder / f"{name}.csv"
        data = formats.write(sparql(name), "csv")
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        out.append(path)
    return out


def _funders(rows: list[dict]) -> list[Funder]:
    """One entry per funder name: its total (already de-duplicated by the query), lines, documents."""
    by_name: dict[str, Funder] = {}
    lines: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        name = row["funderName"]
        f = by_name.setdefault(name, Funder(name, Decimal(str(row.get("funderTotal") or 0))))
        f.documents.add(row["document"])
        lines[name].add(row["allocation"])
    for name, f in by_name.items():
        f.lines = len(lines[name])
    return list(by_name.values())


def _examples(rows: list[dict]) -> list[dict[str, str]]:
    """A few commissioning relationships, one per commissioner and document, services first."""
    # names of a few words read best ("CWD" says little, a paragraph too much)
    ranked = sorted(rows, key=lambda r: (r["kind"] != "service", abs(len(r["what"]) - 40), r["what"]))
    out, seen_bodies, seen_docs = [], set(), defaultdict(int)
    for r in ranked:
        if len(r["what"]) > EXAMPLE_MAX or r["commissioner"] in seen_bodies or seen_docs[r["document"]] >= 2:
            continue
        seen_bodies.add(r["commissioner"])
        seen_docs[r["document"]] += 1
        out.append(r)
        if len(out) == EXAMPLES:
            break
    return out


# --------------------------------------------------------------------------- text
def money(value: Decimal) -> str:
    """A total as a person reads it.

    >>> money(Decimal(2_340_000_000)), money(Decimal(87_000_000)), money(Decimal(412_300))
    ('£2.34 billion', '£87 million', '£412,300')
    >>> money(Decimal(-38_000_000))
    '−£38 million'
    """
    sign, v = ("−" if value < 0 else ""), abs(value)
    if v >= 1_000_000_000:
        text = f"£{v / 1_000_000_000:.2f}".rstrip("0").rstrip(".") + " billion"
    elif v >= 1_000_000:
        text = f"£{v / 1_000_000:.1f}".removesuffix(".0") + " million"
    else:
        text = f"£{v:,.0f}"
    return sign + text


def render(s: Summary, *, serve_url: str = "http://127.0.0.1:8000") -> str:
    """The summary as short paragraphs of plain text (no line longer than about 90 columns)."""
    out = [f"ckg has read {len(s.documents)} document{'s' if len(s.documents) != 1 else ''}:"]
    for d in s.documents:
        years = f", {d['start']}-{d['end']}" if d.get("start") and d.get("end") else ""
        where = f" ({d['area']}{years})" if d.get("area") else ""
        out.append(f"  - {d['title']}{where}")
    out += ["", "From them the graph holds:"]
    out += [f"  {n:>6,}  {name}" for name, n in s.counts if n]

    out += [
        "",
        "Who funds most (an allocation stated by several documents counted once; a document's",
        "total and its parts are separate lines, so read the lines in funding-by-funder.csv):",
    ]
    if not s.funders:
        out.append("  no funding line names its funder")
    for f in s.funders[:TOP_FUNDERS]:
        docs = len(f.documents)
        out.append(
            f"  {money(f.total):>15}  {f.name} "
            f"({f.lines} line{'s' if f.lines != 1 else ''}, {docs} document{'s' if docs != 1 else ''})"
        )
    if len(s.funders) > TOP_FUNDERS:
        out.append(f"  ... and {len(s.funders) - TOP_FUNDERS} more funders")
    if s.unstated:
        out.append(
            f"  {s.unstated.lines} more lines ({money(s.unstated.total)}) do not say who pays: "
            "the documents print the sum without its funder."
        )

    if s.examples:
        out += ["", "Who commissions what, for example:"]
        for r in s.examples:
            out.append(f"  - {r['commissionerLabel']} commissions “{r['what']}”")
            out.append(f"      ({r['kind']}, stated in {r['document']})")

    out += ["", "Where next:"]
    out.append('  ckg ask "who funds CSE prevention?"   a question in plain English, answered with evidence')
    out.append(f"  ckg serve, then {serve_url}/graph")
    out.append("                                        the map of who commissions, funds and provides what")
    out.append(f"  {serve_url}/area")
    out.append(
        "                                        each area's key documents, commissioners and contacts"
    )
    out.append("  ckg sparql --list                     the named queries (ckg sparql NAME runs one)")
    if s.csv_files:
        out += ["", f"Full listings as CSV (open in a spreadsheet), in {s.csv_files[0].parent}:"]
        out += [f"  {p.name}" for p in s.csv_files]
    return "\n".join(out)
