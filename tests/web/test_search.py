"""The search page (``GET /``) and ``GET /api/ask``, through the Flask test client.

HTML is checked by parsing it (lxml), not by string search: what a reader and a screen reader
get is the element tree.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import lxml.html
import pytest

QUESTION = "who funds CSE prevention?"
MONEY_QUESTION = "How much does the PCT spend on school health?"
MISS_QUESTION = "What is the airspeed velocity of an unladen swallow?"


def html(resp) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(resp.get_data(as_text=True))


@pytest.fixture(scope="module")
def answered(app):
    """The page for one question (asked once for the module: the engine takes a moment)."""
    with app.test_client() as c:
        resp = c.get("/", query_string={"q": QUESTION})
    assert resp.status_code == 200
    return html(resp)


def test_empty_page_has_one_labelled_search_box_and_examples(client):
    resp = client.get("/")
    assert resp.status_code == 200
    doc = html(resp)
    (form,) = doc.xpath("//form[@role='search']")
    assert form.get("method") == "get" and form.get("action") == "/"
    (box,) = form.xpath(".//input[@name='q']")
    (label,) = doc.xpath(f"//label[@for='{box.get('id')}']")
    assert label.text_content().strip()
    examples = doc.xpath("//section[contains(@class, 'search-examples')]//li/a")
    assert len(examples) >= 4
    for a in examples:
        q = parse_qs(urlparse(a.get("href")).query)["q"][0]
        assert q == a.text_content().strip() and q.endswith("?")
    assert doc.xpath("//script[@src]") and not doc.xpath("//script[not(@src)]")  # CSP: no inline script


def test_answers_are_cards_with_evidence_links_and_marked_words(answered):
    cards = answered.xpath("//ol[@class='answers']/li[contains(@class, 'answer')]")
    assert cards, "no answer cards"
    first = cards[0]
    (label_link,) = first.xpath(".//h3/a")
    # a graph answer links to its entity page, an answer read from the text to its passage
    assert label_link.get("href").startswith("/entity/")
    assert first.xpath(".//span[contains(@class, 'badge')]")[0].text_content().strip()
    assert first.xpath(".//p[@class='answer-why']")[0].text_content().strip()
    quotes = first.xpath(".//blockquote[@class='quote']")
    assert quotes and all(q.text_content().strip() for q in quotes)
    marked = {m.text_content().lower() for m in answered.xpath("//blockquote//mark")}
    assert "cse" in marked and "prevention" in marked
    passage_links = first.xpath(".//a[contains(@class, 'passage-link')]")
    assert passage_links and all(
        "/entity/doc/" in a.get("href") and "#p-" in a.get("href") for a in passage_links
    )
    doc_links = first.xpath(".//p[@class='source']/a[1]")
    assert all(a.get("href").startswith("/entity/doc/") for a in doc_links)


def test_sparql_is_shown_and_opens_in_the_editor(answered):
    (details,) = answered.xpath("//details[contains(@class, 'search-sparql')]")
    assert details.xpath("./summary")[0].text_content().strip() == "Show the SPARQL"
    query = details.xpath(".//pre/code")[0].text_content()
    assert "SELECT" in query
    (editor,) = details.xpath(".//a[starts-with(@href, '/sparql?')]")
    assert parse_qs(urlparse(editor.get("href")).query)["query"][0] == query


def test_question_with_markup_is_escaped(client):
    q = '<script>alert("x")</script> who funds <b>CSE</b>?'
    resp = client.get("/", query_string={"q": q})
    assert resp.status_code == 200
    doc = html(resp)
    assert not doc.xpath("//script[contains(., 'alert')]")
    assert not doc.xpath("//main//b")
    assert doc.xpath("//input[@name='q']")[0].get("value") == q
    assert "&lt;script&gt;" in resp.get_data(as_text=True)


def test_money_answers_show_pounds(client):
    doc = html(client.get("/", query_string={"q": MONEY_QUESTION}))
    money = [m.text_content() for m in doc.xpath("//p[@class='answer-money']/span[@class='money']")]
    assert money and all(re.fullmatch(r"£\d{1,3}(,\d{3})+(\.\d\d)?", m) for m in money), money


def test_honest_miss_says_so_and_shows_closest_passages(client):
    doc = html(client.get("/", query_string={"q": MISS_QUESTION}))
    (heading,) = doc.xpath("//section[contains(@class, 'search-miss')]/h2")
    assert heading.text_content().strip() == "No answer in the graph"
    closest = doc.xpath("//section[contains(@class, 'search-miss')]//blockquote")
    assert closest
    assert doc.xpath("//section[contains(@class, 'search-miss')]//a[contains(@href, '#p-')]")
    assert not doc.xpath("//li[contains(@class, 'answer')]")


def test_fragment_is_the_results_alone(client):
    resp = client.get("/", query_string={"q": MISS_QUESTION, "fragment": "1"})
    text = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "<html" not in text and "No answer in the graph" in text


def test_too_long_question_on_the_page_is_a_clear_error(client):
    resp = client.get("/", query_string={"q": "why " * 200})
    assert resp.status_code == 400
    (alert,) = html(resp).xpath("//*[@role='alert']")
    assert "too long" in alert.text_content()


# ---------------------------------------------------------------------------- /api/ask
def test_api_ask_returns_the_ask_json(client, web_kg):
    resp = client.get("/api/ask", query_string={"q": QUESTION, "top": "3"})
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    body = resp.get_json()
    assert body["question"] == QUESTION and body["intent"]
    assert 1 <= len(body["answers"]) <= 3
    for a in body["answers"]:
        assert {"label", "iri", "types", "score", "why", "evidence"} <= set(a)
        assert a["evidence"], "every answer carries evidence"
        for ev in a["evidence"]:
            assert {"document", "document_iri", "section", "quote", "passage_iri"} <= set(ev)
    assert body["sparql"] and "SELECT" in body["sparql"]
    direct = web_kg.ask(QUESTION, 3)
    strip = lambda d: {k: v for k, v in d.items() if k != "took_ms"}  # noqa: E731
    assert strip(body) == strip(direct), "/api/ask must be exactly KnowledgeGraph.ask"


def test_api_ask_top_limits_answers(client):
    body = client.get("/api/ask", query_string={"q": QUESTION, "top": "1"}).get_json()
    assert len(body["answers"]) == 1


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({}, "missing question"),
        ({"q": "   "}, "missing question"),
        ({"q": QUESTION, "top": "0"}, "top must be"),
        ({"q": QUESTION, "top": "51"}, "top must be"),
        ({"q": QUESTION, "top": "lots"}, "top must be"),
        ({"q": "x" * 501}, "too long"),
    ],
)
def test_api_ask_rejects_bad_parameters_with_json(client, params, needle):
    resp = client.get("/api/ask", query_string=params)
    assert resp.status_code == 400
    body = resp.get_json()
    assert body["status"] == 400 and needle in body["error"].lower()


def test_api_ask_honest_miss_has_message_and_passages(client):
    body = client.get("/api/ask", query_string={"q": MISS_QUESTION}).get_json()
    assert body["answers"] == [] and body["message"] and body["passages"]
