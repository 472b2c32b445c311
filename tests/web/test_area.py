"""The area page: who commissions what in an area, its key documents and whom to contact.

The Oxfordshire page is checked against the cultural commissioning guide's own "Table 2 -
Summary of key commissioning documents" and its "Appendix 3 Commissioning contacts": each
expectation below is first found in the guide's text (so it is the guide's, not ckg's), then
on the page, themes in the guide's order.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from ckg.loaders.extract.metadata import period_from_text
from ckg.settings import Settings

GUIDE = "oxfordshire-cultural-commissioning-cyp-2015.txt"

# Table 2's rows as the guide prints them: words of the title, period, and the objectives,
# priorities or themes in their printed order (each printed on one line of the guide).
TABLE_2 = [
    (
        "Joint Health and Wellbeing Strategy",
        "2012-2016",
        [
            "healthy start in life and stay healthy into adulthood",
            "Narrowing the gap for our most disadvantaged",
            "Keeping all children and young people safe",
            "Raising achievement for all children and young people",
        ],
    ),
    (
        "Children and Young People's Plan",
        "2015-2018",
        [
            "healthy start in life and stay health",
            "narrowing the gap for the most disadvantaged",
            "keeping all children and young people safe",
            "raising achievement for all children and young people",
        ],
    ),
    (
        "CCG strategy",
        "2014/15-2018/19",
        ["Primary care", "Urgent care", "Planned care", "Mental health", "Medicines management"],
    ),
    (
        "Commissioning and Contracting intentions",
        "2015-16",
        [
            "Be financially sustainable",
            "Primary care driving development and delivery of",
            "Provide preventative care and tackle health inequalities",
            "Deliver fully integrated care, close to home",
            "Enable people to live well at home",
            "Be providing health and social care",
        ],
    ),
    (
        "Joint Commissioning Strategy",
        "2013-2016",
        [
            "Promoting, Protecting and Improving Health",
            "Maternity and Hospital Services",
            "Early Intervention",
            "Child and Adolescent Mental Health",
            "Special Educational Needs and Disability",
            "Safeguarding and Looked After Children",
        ],
    ),
    (
        "Autism Joint",
        "2013-2017",
        [
            "Diagnosis and information",
            "Support for children and families",
            "Fulfilling lives",
            "Training and awareness",
            "Sustainable approach",
        ],
    ),
    (
        "Big Plan",
        None,  # Table 2 prints "2012-2015" split over two cells; ckg does not read it
        [
            "Choice and control",
            "Support families to live together",
            "Support to live independently",
            "Better health",
            "Active lives",
            "Safe from harm",
            "Best use of resources",
        ],
    ),
    (
        "Joint Physical Disability Strategy",
        "2012 - 2015",
        [
            "A better experience of care",
            "Prevention and independence",
            "A better deal for carers",
            "A model of care that works",
        ],
    ),
    (
        "Public Health Business Strategy",
        "2014 - 2018",
        [
            "The best start in life",
            "Improving equality of life for all",
            "Reducing inequalities in health",
            "Infectious and communicable diseases",
        ],
    ),
    (
        "Families Business",
        "2012/13 - 2014/15",
        [
            "Keeping children safe from harm and especially those at",
            "Establishing the right balance of universal and targeted",
            "Embedding the most effective way to provide early help to",
            "Supporting schools, academies, early years settings and",
            "Ensuring good access to the right support at the right time",
            "Encouraging a positive experience of the transition from",
            "Developing a balance of services provided by public, private",
        ],
    ),
]

# Appendix 3's people: name, words of the post, email as printed (None: none printed).
APPENDIX_3 = [
    ("Sonja Janeva", "Senior Commissioning Manager", None),
    ("Pauline Scully", "Service Director", "Pauline.scully@oxfordhealth.nhs.uk"),
    ("Rachel Coney", "Chief Executive", "hello@healthwatchoxfordshire.co.uk"),
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


@pytest.fixture(scope="module")
def guide_text() -> str:
    return _squash((Settings().documents_dir / GUIDE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def oxfordshire(app) -> dict:
    resp = app.test_client().get("/area/oxfordshire?format=json")
    assert resp.status_code == 200
    return resp.get_json()


def _printed(words: str, text: str) -> bool:
    """The words appear in this order, close together, in ``text``: a table cell's text runs
    over several lines of the guide with the neighbouring cells (and markup) between."""
    pattern = r".{0,120}?".join(re.escape(w) for w in _squash(words).split())
    return re.search(pattern, text) is not None


def _years(period: str | None) -> tuple[int | None, int | None]:
    return period_from_text(period or "")


def _in_order(expected: list[str], found: list[str]) -> bool:
    """Every expected theme is found, in this order, among the page's themes."""
    pos = 0
    for want in expected:
        while pos < len(found) and _squash(want) not in _squash(found[pos]):
            pos += 1
        if pos == len(found):
            return False
        pos += 1
    return True


@pytest.mark.parametrize(("title", "period", "themes"), TABLE_2, ids=[t for t, _, _ in TABLE_2])
def test_the_oxfordshire_page_reproduces_the_guides_table_2(guide_text, oxfordshire, title, period, themes):
    assert _printed(title, guide_text)
    if period:
        assert _printed(period, guide_text)
    for theme in themes:
        assert _printed(theme, guide_text), theme
    rows = [r for r in oxfordshire["documents"] if _squash(title) in _squash(r["title"])]
    assert rows, f"no row for {title!r}"
    matching = [r for r in rows if period is None or _years(r["period"]) == _years(period)]
    assert matching, f"{title!r}: periods {[r['period'] for r in rows]}, the guide prints {period!r}"
    assert any(_in_order(themes, r["themes"].split(" | ")) for r in matching), [r["themes"] for r in matching]


@pytest.mark.parametrize(("name", "post", "email"), APPENDIX_3, ids=[n for n, _, _ in APPENDIX_3])
def test_the_oxfordshire_page_lists_the_guides_contacts(guide_text, oxfordshire, name, post, email):
    assert _squash(name) in guide_text and _squash(post) in guide_text
    people = {c["name"]: c for c in oxfordshire["contacts"]}
    assert name in people
    assert _squash(post) in _squash(people[name]["post"] or "")
    assert people[name]["email"] == email
    assert people[name]["evidence"].startswith("/entity/doc/oxfordshire-cultural-commissioning-cyp-2015#p-")


def test_loaded_documents_come_first_with_owner_and_status(oxfordshire):
    loaded = [r for r in oxfordshire["documents"] if r["loaded"] == "yes"]
    assert {r["title"] for r in loaded} == {
        "Oxfordshire Children and Young People's Plan 2010-2013",
        "Cultural Commissioning in Health and Social Care for Children and Young People in Oxfordshire",
        "Oxfordshire Children & Young People's Trust: Framework for Joint Commissioning",
    }
    assert oxfordshire["documents"][: len(loaded)] == loaded
    plan = next(r for r in loaded if r["title"].endswith("2010-2013"))
    assert plan["owner"] == "Oxfordshire Children and Young People's Trust"
    # the guide (2015) names the plan's next edition, for 2015-2018
    assert plan["status"] == "replaced by Oxfordshire Children and Young People's Plan, 2015-2018"
    assert next(r for r in loaded if "Framework" in r["title"])["status"] == "current"
    framework = next(r for r in loaded if "Framework" in r["title"])
    assert framework["dated"] == "2010-05"  # "May 2010" on its cover


def test_commissioners_with_their_items_and_totals_counted_once(app, web_kg):
    data = app.test_client().get("/area/bedfordshire?format=json").get_json()
    bodies = {b["body"]: b for b in data["commissioners"]}
    council = bodies["Bedfordshire County Council"]
    assert council["commissions"], "the county council commissions nothing?"
    # the area's totals follow the funding-totals rule of the named query funding-by-funder
    # (these bodies are funders in the Bedfordshire document only)
    totals = {r["funderName"]: r["funderTotal"] for r in web_kg.sparql("funding-by-funder").values()}
    for name in ("Bedfordshire Primary Care Trust", "Bedfordshire County Council"):
        assert bodies[name]["funds"]
        assert float(bodies[name]["funded_total"]) == pytest.approx(float(totals[name]))
    contacts = {c["name"]: c for c in data["contacts"]}
    assert contacts["Wendi Ogle-Welbourn"]["email"] == "Wendi.ogle-welbourn@bedscc.gov.uk"


def test_reading_page_names_its_strategy_lead_and_contact(app):
    data = app.test_client().get("/area/reading?format=json").get_json()
    strategy = next(r for r in data["documents"] if "Interim Commissioning Strategy" in r["title"])
    assert strategy["owner"] == "Reading Borough Council" and strategy["period"] == "2016-2017"
    assert strategy["dated"] == "2016-07-04"
    assert strategy["themes"].startswith("Safeguarding and protecting those that are most vulnerable")
    angela = next(c for c in data["contacts"] if c["name"] == "Angela Dakin")
    assert angela["email"] == "Angela.dakin@reading.gov.uk"
    assert data["contacts"][0]["name"] == "Angela Dakin"  # reachable people first


def test_as_of_a_year_keeps_the_documents_dated_by_then(app):
    client = app.test_client()
    now = client.get("/area/oxfordshire?format=json").get_json()
    then = client.get("/area/oxfordshire?format=json&as_of=2011").get_json()
    assert then["as_of"] == 2011
    titles = {r["title"]: r["status"] for r in then["documents"]}
    # in 2011 the 2010-13 plan was current: its next edition (2015-18) was not out yet
    assert titles["Oxfordshire Children and Young People's Plan 2010-2013"] == "current"
    assert not any("2015-2018" in t or "2013-2016" in t for t in titles)
    assert len(then["documents"]) < len(now["documents"])


def test_downloads_and_errors(app):
    client = app.test_client()
    resp = client.get("/area/oxfordshire?format=csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert 'filename="oxfordshire-documents.csv"' in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert rows[0]["title"] and "themes" in rows[0]
    for table in ("commissioners", "contacts"):
        resp = client.get(f"/area/oxfordshire?format=csv&table={table}")
        assert resp.status_code == 200 and len(resp.get_data(as_text=True).splitlines()) > 1
    assert client.get("/area/nowhere-at-all").status_code == 404
    assert client.get("/area/oxfordshire?as_of=last-year").status_code == 400
    assert client.get("/area/oxfordshire?format=xlsx").status_code == 400
    assert client.get("/area/oxfordshire?format=csv&table=secrets").status_code == 400


def test_area_pages_are_linked_from_area_body_and_document_pages(client):
    for path in (
        "/entity/area/oxfordshire",
        "/entity/org/reading-borough-council",
        "/entity/doc/reading-cyp-interim-commissioning-strategy-2016-17",
    ):
        html = client.get(path).get_data(as_text=True)
        assert re.search(r'href="/area/(oxfordshire|reading)"', html), path
    index = client.get("/area").get_data(as_text=True)
    for slug in ("bedfordshire", "oxfordshire", "reading"):
        assert f'href="/area/{slug}"' in index


def test_every_cell_links_to_its_evidence(client):
    html = client.get("/area/oxfordshire").get_data(as_text=True)
    evidence = re.findall(r'class="evidence" href="(/entity/doc/[^"#]+#p-\d+-\d+)"', html)
    assert len(evidence) > 50
    first = evidence[0]
    doc_page = client.get(first.split("#")[0]).get_data(as_text=True)
    assert f'id="{first.split("#")[1]}"' in doc_page


def test_the_plan_named_as_its_next_edition_makes_the_loaded_plan_historical(client):
    html = client.get("/entity/doc/oxfordshire-children-young-peoples-plan-2010-13").get_data(as_text=True)
    assert "Historical:" in html
    assert 'href="/entity/doc/ref/oxfordshire-children-and-young-peoples-plan-2015-2018"' in html
    assert "names the edition for 2015-2018" in html
