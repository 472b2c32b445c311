"""Topic tagging: SKOS labels matched as whole words, acronyms case-sensitively, fast."""

from __future__ import annotations

import time

import pytest

from ckg.loaders.extract.topics import TopicTagger, parse_topics

SCHEME = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ckgid: <https://w3id.org/ckg/id/> .
@prefix topic: <https://w3id.org/ckg/id/topic/> .
topic:cse skos:inScheme ckgid:topics ; skos:prefLabel "Child sexual exploitation"@en ;
    skos:altLabel "CSE"@en, "sexual exploitation"@en ; skos:broader topic:safeguarding .
topic:safeguarding skos:inScheme ckgid:topics ; skos:prefLabel "Safeguarding"@en .
topic:self-harm skos:inScheme ckgid:topics ; skos:prefLabel "Self-harm"@en ; skos:hiddenLabel "self harm"@en .
topic:harm skos:inScheme ckgid:topics ; skos:prefLabel "Harm"@en .
topic:centres skos:inScheme ckgid:topics ; skos:prefLabel "Children's centres"@en .
topic:neet skos:inScheme ckgid:topics ; skos:prefLabel "Not in education, employment or training"@en ;
    skos:altLabel "NEET"@en .
topic:lac skos:inScheme ckgid:topics ; skos:prefLabel "Looked after children"@en ; skos:altLabel "LAC"@en .
"""


@pytest.fixture(scope="module")
def small() -> TopicTagger:
    return TopicTagger(parse_topics(SCHEME))


def test_synonyms_meet_at_one_topic(small):
    for text in ("CSE", "child sexual exploitation", "Sexual Exploitation", "tackling sexual exploitation."):
        assert small.tag(text) == ["cse"], text


def test_acronyms_are_case_sensitive(small):
    assert small.tag("the CSE sub-group") == ["cse"]
    assert small.tag("cse") == []
    assert small.tag("neet and lac") == []
    assert small.tag("NEET and LAC") == ["neet", "lac"]


def test_whole_words_only(small):
    assert small.tag("self-harm") == ["self-harm"]  # not "harm" inside the compound
    assert small.tag("harmful") == []
    assert small.tag("significant harm") == ["harm"]
    assert small.tag("CSEs and CSE-related work") == []


def test_printed_variants_of_a_label(small):
    assert small.tag("Children’s Centres") == ["centres"]  # curly apostrophe, capitals
    assert small.tag("not in education,\n employment or training") == ["neet"]  # line break


def test_longest_label_wins_and_order_is_first_mention(small):
    text = "LAC at risk of child sexual exploitation; self harm"
    assert small.tag(text) == ["lac", "cse", "self-harm"]
    keys_spans = small.matches(text)
    assert keys_spans[1] == ("cse", 15, 40)
    assert text[15:40] == "child sexual exploitation"


def test_default_scheme_joins_cse_synonyms():
    tagger = TopicTagger.default()
    keys = tagger.tag("CSE")
    assert keys, "the scheme should know CSE"
    assert tagger.tag("child sexual exploitation") == keys
    assert tagger.tag("sexual exploitation") == keys
    assert tagger.tag("cse") == []


def test_deterministic():
    tagger = TopicTagger.default()
    text = "Looked after children (LAC), CAMHS and young carers; child sexual exploitation and NEET."
    assert tagger.matches(text) == tagger.matches(text)
    assert TopicTagger(list(tagger.topics.values())).tag(text) == tagger.tag(text)


def test_tags_a_long_document_well_under_a_second():
    tagger = TopicTagger.default()
    para = (
        "The Children's Services directorate commissions CAMHS, short breaks for disabled children, "
        "support for young carers and care leavers, and targeted work on child sexual exploitation (CSE) "
        "with the Local Safeguarding Children Board. Looked after children and NEET young people aged 16-18 "
        "are a priority; early help, school nursing and youth offending services also feature. "
    )
    blocks = [para] * (60_000 // len(para.split()) + 1)
    assert sum(len(b.split()) for b in blocks) >= 60_000
    t0 = time.perf_counter()
    for block in blocks:
        tagger.tag(block)
    assert time.perf_counter() - t0 < 0.5
