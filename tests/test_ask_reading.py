"""Answers that are not graph resources, read from the text: dates, identifiers, counts, sums,
lists and people with their contact details, on small invented documents of genres ckg was not
built on (a cabinet decision report, a placements sufficiency statement).

The documents and places are invented; the store is real (on-disk Oxigraph), the model is the
real MiniLM, and the ranker is the shipped weight table. Each test asks as a user would and
checks that the answer is among the first three, labelled by the answer itself, and that its
first quote is the sentence of the source that states it.
"""

from __future__ import annotations

import re

import pytest

DECISION_REPORT = """\
# Elmshire County Council

## Report to Cabinet

Date of meeting\t14 May 2026
Decision number\tCAB/26/041
Report author\tPriya Shah, Head of Children's Commissioning
Cabinet member\tCllr Tom Ridley, Cabinet Member for Children
Key decision\tYes

## 1. Recommendations

1.1 Cabinet is asked to approve the re-commissioning of supported lodgings for care leavers.

1.2 Cabinet is asked to delegate authority to the Director of Children's Services to award the contract.

## 2. Background

2.1 The current supported lodgings contract with Brightpath Housing Trust ends on 31 March 2027.

2.2 The contract is worth £420,000 per annum and provides 18 placements for young people aged 16 to 21.

2.3 Oakridge House, the council's own children's home, has 6 beds and is rated good by Ofsted.

## 3. The strategy

The three aims of the placements strategy are:

- more children living with families close to home
- fewer moves between placements
- better value for money from external providers

## 4. Contact

For further information please contact:

Priya Shah
Head of Children's Commissioning
Telephone: 01632 960512
Email: priya.shah@elmshire.example.gov.uk
"""

STATEMENT = """\
# Fenwick Borough Council: Placements Sufficiency Statement 2026-2029

## Demand

On 31 March 2026 Fenwick looked after 212 children, of whom 41% were placed with in-house foster carers.

Children referred to the Fenwick therapy service wait up to 14 weeks for a first assessment.

## Our commissioning intentions

The council will tender a new independent fostering agency framework in September 2026.

The residential children's homes framework will be extended until June 2027.

## Short breaks budget

| Short breaks, 1 April 2026 | Spend £000s |
|---|---|
| Overnight respite | 1,480 |
| Holiday clubs | 312 |
"""

OPTIONS_REPORT = """\
# Wexcombe City Council: Short Breaks Re-commissioning, Report to Cabinet

## 5. Options considered

### Option 1: Extend the current contracts (rejected)

5.1 The current contracts cannot be extended again under the council's procurement rules.

### Option 2: Bring all short breaks in-house (rejected)

5.2 The council has no premises for overnight short breaks and could not staff them before 2028.

### Option 3: Tender a short breaks framework with four lots (recommended)

5.3 A framework lets the council call off day, overnight, holiday and family-based short breaks.

## 6. Risks

6.1 Providers may not bid for the overnight lot.
"""

FRAMEWORK = """\
# Dunmore Children's Partnership: Joint Commissioning Framework 2026

## Commissioning principles

The partnership board agreed a set of principles at its spring workshop, after a year of listening \
to children, parents, schools and the voluntary sector about what they want from the services the \
partners buy together for families across the borough and its villages. These are:

- Every service we buy will be judged by what changes for children.

- We will share budgets where two partners buy for the same families.

- We will give small local charities a fair chance to bid.

## 4b) Families under pressure

Families under pressure meet more barriers to help than their neighbours do. Our families under pressure include kinship carers, parents with a learning disability and families in temporary accommodation.

## 5. Governance

The board meets every quarter.

The partnership brings together the council, the integrated care board, the police, schools and \
the voluntary sector. Its members have agreed to plan services around the same outcomes for \
children, to share what they know about need in each town and to report progress to the public \
every year. Each partner keeps its own budget, but the partners have agreed to tell one another \
before they change a service that another partner's families rely on. Over the last two years the \
partnership has reviewed early help, short breaks and school nursing. The Dunmore \
Outcomes Panel, chaired by the Director of Children's Services, was formed in 2025 to lead this \
work. They decide which services are re-commissioned each year and which are decommissioned.
"""


@pytest.fixture(scope="module")
def invented(tmp_path_factory, embedder):
    from ckg.kg import KnowledgeGraph

    docs = tmp_path_factory.mktemp("invented-docs")
    (docs / "elmshire-cabinet-supported-lodgings-2026.md").write_text(DECISION_REPORT, encoding="utf-8")
    (docs / "fenwick-sufficiency-statement-2026.md").write_text(STATEMENT, encoding="utf-8")
    (docs / "wexcombe-short-breaks-options-2026.md").write_text(OPTIONS_REPORT, encoding="utf-8")
    (docs / "dunmore-joint-commissioning-framework-2026.md").write_text(FRAMEWORK, encoding="utf-8")
    store = tmp_path_factory.mktemp("invented-store") / "store"
    kg = KnowledgeGraph(str(store))
    kg._embedder = embedder
    report = kg.build([str(docs)], progress=False)
    assert report.ok, [o.reason for o in report.failed]
    yield kg
    kg.close()


@pytest.fixture(scope="module")
def ask(invented):
    return invented.ask


def answer_with(result: dict, needle: str, within: int = 3) -> dict:
    labels = [a["label"] for a in result["answers"]]
    for a in result["answers"][:within]:
        if needle.lower() in a["label"].lower():
            return a
    raise AssertionError(f"{needle!r} not in the first {within} answers: {labels}")


def first_quote_states(a: dict, *words: str) -> None:
    quote = a["evidence"][0]["quote"]
    assert len(quote) <= 200, f"the first quote is a sentence, not a passage: {quote!r}"
    for w in words:
        assert w.lower() in quote.lower(), f"{w!r} not in {quote!r}"


def test_a_date_is_answered_as_a_date(ask):
    a = answer_with(ask("When does the supported lodgings contract with Brightpath end?"), "31 March 2027")
    assert a["kind"] == "date"
    first_quote_states(a, "31 March 2027", "Brightpath")


def test_a_length_of_time_is_answered_as_a_duration(ask):
    a = answer_with(ask("How long do children wait for a first therapy assessment in Fenwick?"), "14 weeks")
    assert a["kind"] == "duration"
    assert a["label"] == "up to 14 weeks"
    first_quote_states(a, "14 weeks", "therapy")


def test_a_decision_number_is_answered_as_the_identifier(ask):
    a = answer_with(
        ask("What is the decision number of the Elmshire supported lodgings report?"), "CAB/26/041"
    )
    assert a["kind"] == "identifier"
    first_quote_states(a, "CAB/26/041")


def test_a_count_is_answered_with_what_it_counts(ask):
    a = answer_with(ask("How many beds does Oakridge House have?"), "6 beds")
    assert a["kind"] == "count"
    first_quote_states(a, "Oakridge House")


def test_a_share_is_answered_as_a_percentage(ask):
    a = answer_with(
        ask("What share of looked after children in Fenwick are with in-house foster carers?"), "41%"
    )
    first_quote_states(a, "41%")


def test_a_sum_is_answered_as_an_amount(ask):
    a = answer_with(ask("How much is the supported lodgings contract worth?"), "420,000")
    assert a["kind"] == "amount"
    first_quote_states(a, "£420,000")


def test_a_list_is_answered_whole(ask):
    a = answer_with(ask("What are the three aims of the placements strategy?"), "fewer moves")
    assert a["kind"] == "list"
    assert all(item in a["label"] for item in ("close to home", "fewer moves", "value for money"))


def test_a_list_after_a_bare_lead_in_is_quoted_with_the_sentence_that_names_it(ask):
    a = answer_with(ask("What principles did the Dunmore partnership board agree?"), "fair chance")
    assert a["kind"] == "list"
    assert all(item in a["label"] for item in ("judged by", "share budgets", "fair chance"))
    quote = a["evidence"][0]["quote"]
    assert quote.startswith("The partnership board agreed a set of principles") and quote.endswith(
        "These are:"
    )


def test_the_text_under_a_matching_heading_is_read_with_the_heading(invented):
    engine = invented.engine
    heading = next(p for p in engine._item_by_id if engine._own_text(p) == "4b) Families under pressure")
    body = engine._under_heading(heading)
    assert [engine._own_text(p).split(".")[0] for p in body] == [
        "Families under pressure meet more barriers to help than their neighbours do"
    ]
    governance = next(
        p for p in engine._item_by_id if engine._own_text(p) == "The board meets every quarter."
    )
    assert engine._under_heading(governance) == []


def test_a_passage_opening_with_they_is_read_with_the_sentence_that_names_them(invented):
    engine = invented.engine
    they = next(p for p in engine._item_by_id if engine._own_text(p).startswith("They decide"))
    before = engine._named_before(they)
    assert before is not None and engine._own_text(before).endswith("was formed in 2025 to lead this work.")
    a = answer_with(
        invented.ask("Which panel decides which Dunmore services are re-commissioned?"), "Outcomes Panel"
    )
    assert a["kind"] == "body"


def test_the_second_sentence_of_a_passage_can_be_the_answer(ask):
    result = ask("Which families count as families under pressure in Dunmore?")
    quotes = [a["evidence"][0]["quote"] for a in result["answers"][:3]]
    assert any("kinship carers" in q for q in quotes), quotes


def test_options_printed_as_numbered_headings_are_answered_as_one_list(ask):
    a = answer_with(ask("What options did Wexcombe consider for short breaks?"), "Option 1")
    assert a["kind"] == "list"
    assert all(f"Option {n}" in a["label"] for n in (1, 2, 3))
    first_quote_states(a, "Option")


def test_a_contact_is_the_person_with_their_details_quoted(ask):
    result = ask("Who should I contact about the supported lodgings report?")
    a = answer_with(result, "Priya Shah")
    quotes = " ".join(ev["quote"] for ev in a["evidence"])
    assert "01632 960512" in quotes or "priya.shah@elmshire.example.gov.uk" in quotes


def test_an_email_asked_for_is_the_answer_and_the_person_follows(ask):
    result = ask("email address of Elmshire's head of children's commissioning?")
    first = result["answers"][0]
    assert first["kind"] == "contact"
    assert first["label"] == "priya.shah@elmshire.example.gov.uk"
    assert "priya.shah@elmshire.example.gov.uk" in first["evidence"][0]["quote"]
    answer_with(result, "Priya Shah")
    labels = [a["label"] for a in result["answers"]]
    assert labels.count(first["label"]) == 1, labels


def test_a_person_ranked_first_gives_way_to_the_detail_asked_for():
    from ckg.queries.ask.abstain import detail_asked
    from ckg.queries.ask.answers import detail_first
    from ckg.queries.ask.candidates import Candidate
    from ckg.queries.ask.facts import Fact

    line = "Contact: Sam Okafor, Head of Early Help, tel. 01632 960777, sam.okafor@example.org"
    fact = Fact(
        "urn:p",
        "Sam Okafor",
        "person",
        None,
        None,
        "urn:passage/0-90",
        line,
        None,
        "urn:d",
        "Plan",
        "people",
        {"role": "Head of Early Help", "email": "sam.okafor@example.org", "phone": "+441632960777"},
    )
    person = Candidate("urn:p", "Sam Okafor", "person", "urn:p", facts=[fact])
    other = Candidate("k", "Early Help Hub", "body")
    evidence = [{"quote": line, "passage_iri": "urn:passage/0-90"}]
    header = {"quote": "Report author\tSam Okafor, Head of Early Help", "passage_iri": "urn:passage/100-140"}
    answers = [
        {
            "label": "Sam Okafor",
            "kind": "person",
            "iri": "urn:p",
            "score": 1.0,
            "evidence": [header, *evidence],
        },
        {"label": "01632 960777", "kind": "contact", "iri": "urn:q", "score": 0.5, "evidence": evidence},
        {"label": "Early Help Hub", "kind": "body", "iri": "urn:b", "score": 0.4, "evidence": evidence},
    ]
    other_person = Candidate("c", "01632 960777", "contact")
    chosen = [person, other_person, other]

    phone = detail_first(detail_asked("phone number for the head of early help?"), answers, chosen, 5)
    assert [a["label"] for a in phone] == ["01632 960777", "Sam Okafor", "Early Help Hub"]
    assert phone[0]["kind"] == "contact" and "Sam Okafor" in phone[0]["why"]
    assert phone[0]["evidence"][0]["quote"] == line  # the line that prints the number comes first
    assert phone[0]["iri"] == "urn:passage/0-90"
    email = detail_first(detail_asked("email for the head of early help?"), answers, chosen, 5)
    assert email[0]["label"] == "sam.okafor@example.org"
    assert detail_first(detail_asked("who leads early help?"), answers, chosen, 5) == answers


def test_a_commissioning_intention_is_answered_with_its_timescale(ask):
    result = ask("When will Fenwick tender the new fostering framework?")
    a = answer_with(result, "September 2026")
    first_quote_states(a, "September 2026")


def test_span_quotes_hold_the_label_and_sit_at_their_offsets(ask, tmp_path_factory):
    for q in (
        "When does the supported lodgings contract with Brightpath end?",
        "How many placements does the supported lodgings contract provide?",
        "What is the decision number of the Elmshire supported lodgings report?",
    ):
        for a in ask(q)["answers"]:
            ev = a["evidence"][0]
            assert ev["end"] - ev["start"] == len(ev["quote"])
            if a["kind"] in ("date", "count", "identifier", "amount"):
                words = re.findall(r"[\w£%/]+", a["label"].lower())
                assert all(w in ev["quote"].lower() for w in words), (a["label"], ev["quote"])


def test_a_tables_bare_figures_are_sums_in_the_unit_its_header_prints(invented):
    engine = invented.engine
    rows = invented.sparql(
        'SELECT ?p ?t WHERE { ?p a ckg:Passage ; ckg:text ?t FILTER(STRSTARTS(?t, "Holiday clubs")) }'
    ).rows
    assert rows, "the table row is a passage"
    passage = engine._passage_of(rows[0]["p"].value)
    assert engine._table_scale(passage) == 1000
    a = answer_with(ask_of(invented, "How much does Fenwick spend on holiday clubs?"), "312,000")
    assert a["kind"] == "amount"
    assert "312" in a["evidence"][0]["quote"]


def ask_of(kg, question: str) -> dict:
    return kg.ask(question)


def test_when_a_document_was_issued_is_its_cover_date(invented):
    issued = invented.engine.doc_issued
    doc = next(d for d in issued if "elmshire" in d)
    assert issued[doc].startswith("2026-05")
    a = answer_with(invented.ask("When was the Elmshire supported lodgings report issued?"), "14 May 2026")
    assert a["kind"] == "date"
    first_quote_states(a, "14 May 2026")
