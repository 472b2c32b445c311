"""Named features of an answer candidate: what the ranker weighs.

Each feature is a plain observation about a candidate and the question (how well its
passage was retrieved, whether its type is what the question asks for, whether a graph fact
supports it, how close it sits to the question's words in its sentence...), in 0..1 or a
small count. None is a weight: the weights are data (queries/ask/ranker.json), fitted by
bench/fit_ranker.py. Adding a feature here means refitting.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import numpy as np

from ckg.loaders.dates import MONTHS
from ckg.loaders.names import POST_HEADS
from ckg.queries.ask.candidates import Candidate
from ckg.queries.ask.linking import Links, formal, normalise
from ckg.queries.ask.question import RELATIONS, Shape
from ckg.queries.ask.retrieval import tokens
from ckg.queries.ask.spans import contact_details_in

FEATURES: tuple[str, ...] = (
    # of the passages and sentences stating it (the best of its first five statements)
    "retrieval",  # fused BM25 + dense + window score of the passage (1 = best possible)
    "bm25",  # its BM25 score over the question's best
    "window",  # BM25 score of the best window of passages around it over the question's best
    "dense",  # cosine of its embedding with the question's
    "top_rank",  # 1 / (1 + its rank in retrieval)
    "widened",  # a line around a retrieved passage, not retrieved itself
    "sentence_overlap",  # idf-weighted share of the question's words in the stating sentence
    "asked_overlap",  # the same, without the names the question is about (its subject)
    "passage_overlap",  # ... in the whole passage
    "section_overlap",  # ... in the section heading
    "proximity",  # closeness of the answer to the question's words in its sentence
    "verb_in_sentence",  # its sentence uses a verb of the relation asked about
    "verb_at_answer",  # ... right next to the answer ("funded by X", "X commissions")
    "subject_in_sentence",  # its sentence names a body the question names
    "area_match",  # from a document of the area the question names
    "area_other",  # from another area's document only, when the question names one
    "doc_named",  # from (or stated in) the document the question names
    "focus_doc",  # from the document most of the best passages come from
    "topic_match",  # its sentence or label is about a topic the question names
    "year_match",  # a year the question names is in its sentence or period
    "year_conflict",  # its sentences name other years only
    "amount_match",  # a sum the question names
    "date_side",  # a date printed as an end ("until", "by") or a start ("from") as the question asks
    "contact_detail",  # carries an email or telephone when the question asks how to reach someone
    # of the candidate itself
    "type_rank",  # how well its kind fits: 1 the kind asked for first, 1/2 the second ..., 0 none
    "is_sentence",  # a whole sentence (what keyword search would show)
    "is_graph",  # a graph resource extraction typed
    "is_span",  # read from the text
    "graph_and_text",  # both
    "relation_asked",  # stands in the relation asked about (funds, commissions, provides, chairs...)
    "relation_related",  # stands in a related one (a commissioner when the funder is asked; a member when the chair)
    "relation_other",  # stands in another relation
    "item_overlap",  # share of what is asked in the item it relates to (the line it funds, the service...)
    "subject_link",  # its fact ties it to a body the question names (its funder, commissioner...)
    "named_in_question",  # the question names it (usually the subject, not the answer)
    "label_dense",  # cosine of a graph resource's name with the question
    "label_echo",  # share of its label's words that are the question's own
    "echo_entity",  # the same for a name, figure or item (not a sentence): the question's own words
    "label_words",  # log of the label's length in words
    "label_idf",  # how rare its words are in the documents (a specific name, not the council named everywhere)
    "head_in_label",  # its label holds the noun the question asks for ("which panel")
    "role_match",  # a post or person whose role words the question names
    "support",  # log of the number of passages stating it
    "list_size_match",  # a list of as many items as the question says
    "count_fit",  # a count of the thing the question counts ("how many homes": "12 homes")
    "share_fit",  # a percentage when the question asks for a share
    "issue_date",  # the date its document was issued, when the question asks when a document was
    # published, prepared or issued (the cover's date, read at build as dcterms:issued)
    "sentence_has_type",  # its sentence holds a name or figure of the kind asked for
    "overlap_rel",  # asked_overlap over the best of any candidate of the question
    "retrieval_rel",  # retrieval over the best of any candidate of the question
    "best_of_type",  # the best retrieved candidate of its kind for this question
    "fit_x_overlap",  # type_rank x asked_overlap
    "fit_x_retrieval",  # type_rank x retrieval
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
# Types that answer for one another: a funding line is an amount, a service can be the body asked for.
SAME_TYPE = {
    ("amount", "amount"),
    ("body", "service"),
    ("post", "person"),
    ("person", "post"),
    ("list", "priority"),
    ("priority", "list"),
    ("intention", "phrase"),
    ("priority", "phrase"),
    ("sentence", "phrase"),
}
_QUESTION_WORDS = frozenset(tokens("who what which how much many when where does did is are the whose whom"))
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PERCENT = re.compile(r"%|\bper\s?cent\b", re.I)
# Relations close to one another: who commissions a service usually pays for it, and the other way.
RELATED = {
    "funder": {"commissioner"},
    "commissioner": {"funder", "leader"},
    "provider": {"commissioner"},
    "leader": {"member", "commissioner"},
    "member": {"leader", "parent"},
    "parent": {"member"},
    "author": {"publisher"},
}
POOLED = 1  # statements of a candidate its evidence features are read from (the best one)
SUBJECT_WEIGHT = 0.3  # share of a word's weight when it names the question's subject, not what it asks
# post nouns ("manager", "head", "commissioner"): one vocabulary with extraction, loaders/posts.txt
ROLE_WORDS = POST_HEADS | frozenset(["chief", "executive"])


_HOW_MANY = re.compile(
    r"\bhow\s+many\s+((?:[\w'’-]+\s+){0,3}?[\w'’-]+?)"
    r"(?=\s+(?:are|is|were|was|do|does|did|have|has|had|will|would|can|could|in|on|at|for|of|to|"
    r"through|there|does|per|across|within|under|with)\b|\s*[?.,;]|\s*$)",
    re.I,
)


def _plain_words(text: str) -> list[str]:
    return [w.rstrip("s") for w in normalise(text).split() if w not in ("of", "the", "and", "a", "an")]


def is_issue_date(label: str, issued: str | None) -> bool:
    """Whether a date as printed ("March 2019", "12 June 2021") is a document's issue date
    (xsd:date, gYearMonth or gYear: "2006-12-01", "2006-12", "2006"), to the month it gives.

    >>> is_issue_date("March 2019", "2019-03"), is_issue_date("12 June 2021", "2021-06-12")
    (True, True)
    >>> is_issue_date("2016-17", "2016-07-04"), is_issue_date("May 2015", "2016-05")
    (False, False)
    """
    if not issued:
        return False
    year, _, rest = issued.partition("-")
    month = int(rest[:2]) if rest[:2].isdigit() else None
    low = label.lower()
    years = re.findall(r"\b(?:19|20)\d\d\b", low)
    if years != [year] or re.search(r"\d\d\s*[-/–]\s*\d\d", low):
        return False
    named = [i + 1 for i, m in enumerate(MONTHS) if re.search(rf"\b{m[:3]}", low)]
    return month is None or named == [month]


def count_fit(question: str, label: str) -> float:
    """How much of what "how many ..." counts the count's own noun names, 0..1.

    Graded, so "6 respite beds" fits "how many respite beds" better than "9 nursing
    beds" does; initials count ("12 ILPs" for independent living providers).

    >>> count_fit("how many respite beds are there?", "6 respite beds"), count_fit(
    ...     "how many respite beds are there?", "9 nursing beds")
    (1.0, 0.5)
    >>> count_fit("how many independent living providers are on the list?", "12 ILPs")
    1.0
    >>> count_fit("how many kids are in the play scheme?", "40 children")
    1.0
    """
    question = formal(question)  # "how many kids" counts children
    label_words = _plain_words(label)[1:]
    m = _HOW_MANY.search(question)
    asked = _plain_words(m.group(1)) if m else []
    if not asked:
        return float(bool(set(label_words) & set(_plain_words(question))))
    initials = "".join(w[0] for w in asked)
    label_initials = {w for w in label_words if len(w) >= 2}
    if len(asked) >= 2 and initials in label_initials:
        return 1.0
    if len(label_words) >= 2 and "".join(w[0] for w in label_words[:4]) in set(asked):
        return 1.0
    return sum(1 for w in asked if w in label_words) / len(asked)


_ASKS_END = re.compile(
    r"\b(?:end|ends|ended|ending|expire[sd]?|expiry|finish(?:es|ed)?|complete[sd]?|run\s+(?:out|until|to)|"
    r"last\s+until|until\s+when|by\s+when|deadline|due)\b",
    re.I,
)
_ASKS_START = re.compile(
    r"\b(?:start(?:s|ed)?|begin(?:s)?|began|commence[sd]?|open(?:s|ed)?|launch(?:es|ed)?|go(?:es)?\s+live|"
    r"from\s+when|since\s+when)\b",
    re.I,
)
_END_CUE = re.compile(
    r"\b(?:until|till|to|by|ends?|ended|ending|expir\w*|end\s+of|deadline|due|no\s+later\s+than|"
    r"complet\w*)\b[^.;]{0,25}$",
    re.I,
)
_START_CUE = re.compile(
    r"\b(?:from|since|start\w*|begin\w*|began|commenc\w*|launch\w*|open\w*|effect\s+from|live\s+(?:on|in|from))\b"
    r"[^.;]{0,25}$",
    re.I,
)


def side_asked(question: str) -> str | None:
    """Whether a "when" question asks when something ends or when it starts.

    >>> side_asked("when does the Elmbury respite contract expire?"), side_asked("when did the hub open?")
    ('end', 'start')
    """
    if not re.search(r"\bwhen\b|\bwhat\s+date\b", question, re.I):
        return None
    if _ASKS_END.search(question):
        return "end"
    if _ASKS_START.search(question):
        return "start"
    return None


def date_side(context: str) -> str | None:
    """Whether a date, with the words printed before it, is an end or a start.

    >>> date_side("The agreement runs from 1 April 2025"), date_side("and ends on 31 March 2031")
    ('start', 'end')
    """
    end = _END_CUE.search(context)
    start = _START_CUE.search(context)
    if end and (not start or end.start() > start.start()):
        return "end"
    if start:
        return "start"
    return None


@dataclass
class Asked:
    """The question as the features read it."""

    text: str
    shape: Shape
    links: Links
    idf: Callable[[str], float]
    doc_area: dict[str, str | None]
    topics_of: Callable[[str], list[str]]
    focus_doc: str | None = None
    label_similarity: Callable[[str], float] | None = None  # cosine of a resource's name with the question
    names_of: Callable[[str], list[str]] = lambda iri: []  # every name of a graph resource
    issued: dict[str, str] = field(default_factory=dict)  # document -> its dcterms:issued, as written
    weights: dict[str, float] = field(default_factory=dict)  # question token -> idf
    asked_weights: dict[str, float] = field(default_factory=dict)  # without the subject's words
    words: set[str] = field(default_factory=set)  # normalised content words of the question
    asked_words: set[str] = field(default_factory=set)  # the same without its subject's and areas' words
    relation_verbs: re.Pattern[str] | None = None
    date_side: str | None = None  # "end" or "start" when the question asks when something ends or starts
    mentions: list[str] = field(default_factory=list)  # the bodies the question names, normalised
    topic_keys: set[str] = field(default_factory=set)

    max_idf: float = 1.0

    def __post_init__(self) -> None:
        self.max_idf = self.idf("\u0000") or 1.0  # an unseen token has the largest idf
        self.mentions = [normalise(lk.mention) for lk in self.links.orgs if len(lk.mention) >= 3]
        self.topic_keys = {lk.iri for lk in self.links.topics}
        toks = [t for t in set(tokens(self.text)) if t not in _QUESTION_WORDS]
        self.weights = {t: self.idf(t) for t in toks}
        # the bodies, people and documents the question names, and its areas, scope it: their words
        # weigh less in what is asked (not nothing: "who funds CAMHS" names a team called CAMHS too)
        topic_words = {
            t for lk in self.links.topics for t in tokens(f"{lk.mention} {' '.join(lk.extra_labels)}")
        }
        subject = set()
        for lk in self.links.orgs + self.links.documents + self.links.people:
            subject |= set(tokens(lk.mention)) - topic_words  # "CAMHS" names a team and the topic asked
        areas = {t for area in self.links.areas for t in tokens(area)}
        # the verb asking the relation ("who funds") says how the answer relates, not what about
        verbs = set()
        if self.shape.relation:
            pattern = dict(RELATIONS)[self.shape.relation]
            verbs = {t for m in pattern.finditer(self.text) for t in tokens(m.group(0))}
        self.asked_weights = {
            t: w * (SUBJECT_WEIGHT if t in subject else 1.0)
            for t, w in self.weights.items()
            if t not in areas and t not in verbs
        } or dict(self.weights)
        # the question's words as typed and in their formal forms ("chief exec": chief executive)
        self.words = {w for w in normalise(f"{self.text} {formal(self.text)}").split() if len(w) > 2}
        subject_words = {
            w for lk in self.links.orgs + self.links.documents for w in normalise(lk.mention).split()
        }
        subject_words |= {w for a in self.links.areas for w in normalise(a).split()}
        self.asked_words = self.words - subject_words
        if self.shape.relation:
            self.relation_verbs = dict(RELATIONS)[self.shape.relation]
        self.date_side = side_asked(self.text)

    def tells_more(self, text: str) -> bool:
        """Whether ``text`` holds a word the question does not: a heading that only echoes the
        question ("Resource envelope" for "what is in the resource envelope?") answers nothing."""
        return bool(_token_set(text) - self.weights.keys() - _QUESTION_WORDS)

    def overlap(self, text: str, asked_only: bool = False) -> float:
        weights = self.asked_weights if asked_only else self.weights
        total = sum(weights.values())
        if not total:
            return 0.0
        have = _token_set(text)
        return sum(w for t, w in weights.items() if t in have) / total


@lru_cache(maxsize=4096)
def word_pattern(word: str) -> re.Pattern[str]:
    """``word`` as a whole word (compiled once)."""
    return re.compile(rf"\b{re.escape(word)}\b")


@lru_cache(maxsize=32768)
def _token_set(text: str) -> frozenset[str]:
    return frozenset(tokens(text))


# A team or unit extraction typed as a service answers "who runs / which team", not "who pays".
SERVICE_AS_BODY = frozenset({None, "provider", "leader", "parent", "member"})


def _type_rank(ctype: str, shape: Shape) -> float:
    """1 for the kind the question asks for first, 1/2 for its second, ..., 0 for none of them."""
    accepted = [w for w in shape.answer_types if w != "sentence"]

    def fits(w: str) -> bool:
        if ctype == "service" and w == "body":
            return shape.relation in SERVICE_AS_BODY
        return ctype == w or (ctype, w) in SAME_TYPE

    position = next((i for i, w in enumerate(accepted) if fits(w)), None)
    return (1.0 / (1 + position)) if position is not None else 0.0


@lru_cache(maxsize=16384)
def _word_stems(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, stem) of each word of a sentence, for measuring distances to the question's words."""
    out = []
    for m in re.finditer(r"[A-Za-z][\w'-]+", sentence):
        toks = tokens(m.group(0))
        if toks:
            out.append((m.start(), m.end(), toks[0]))
    return tuple(out)


def _proximity(c: Candidate, ev, q: Asked) -> float:
    if ev.span is None or c.ctype == "sentence":
        return 0.0
    offset = ev.span[0] - ev.start
    distances = [
        min(abs(a - offset), abs(b - offset))
        for a, b, stem in _word_stems(ev.quote)
        if stem in q.asked_weights
    ]
    return math.exp(-min(distances) / 40.0) if distances else 0.0


# English verb frames around a name that say how it relates to what the sentence is about.
_VERBS = (
    ("commissioner", r"commission\w*|procur\w*|contract\w*|buy\w*|bought|purchas\w*|tender\w*|award\w*"),
    ("funder", r"fund\w*|paid for|pays?|paying|financ\w*|grant\w*"),
    ("provider", r"provid\w*|deliver\w*|run|runs|running|operat\w*|offer\w*|host\w*"),
    ("leader", r"chair\w*|led|leads?|heads?|headed|steer\w*|oversee\w*|overseen|manag\w*"),
    ("author", r"written|wrote|prepared|produced|compiled|drafted|authored|carried out|undertaken|conducted"),
)
_BEFORE = [
    (
        rel,
        re.compile(
            rf"\b(?:{v})\s+(?:\w+\s+)?(?:by|through|via|from|with)\s+(?:the\s+|a\s+|an\s+|its\s+)?$", re.I
        ),
    )
    for rel, v in _VERBS
]
_AFTER = [
    (
        rel,
        re.compile(
            rf"^\s*(?:\([^)]{{1,20}}\)\s*)?(?:,[^,]{{1,60}},\s*)?(?:is|are|was|were|will|has|have|had|now|also|"
            rf"currently|jointly|to|will\s+be|has\s+been|would)?\s*(?:\w+\s+)?(?:responsible\s+for\s+|the\s+lead\s+for\s+)?"
            rf"(?:{v})\b",
            re.I,
        ),
    )
    for rel, v in _VERBS
]


def relations_at(text: str, start: int, end: int) -> set[str]:
    """The relations verb frames next to a name give it ("commissioned through X": commissioner).

    >>> sorted(relations_at("Therapy is commissioned through Elmshire ICB.", 32, 44))
    ['commissioner']
    >>> sorted(relations_at("Brightpath Trust runs the hub.", 0, 16))
    ['provider']
    """
    before, after = text[max(0, start - 60) : start], text[end : end + 70]
    found = {rel for rel, p in _BEFORE if p.search(before)}
    found |= {rel for rel, p in _AFTER if p.search(after)}
    return found


def _amounts_near(values: list[Decimal], amount: object) -> bool:
    if amount is None:
        return False
    a = Decimal(str(amount))
    return any(abs(a - v) <= v * Decimal("0.01") for v in values)


EVIDENCE_FEATURES = FEATURES[: FEATURES.index("contact_detail") + 1]
_LOWER_IS_BETTER = {"area_other", "year_conflict", "widened"}  # pooled by min: one good statement clears it


def _evidence(c: Candidate, ev, q: Asked) -> np.ndarray:
    x = np.zeros(len(EVIDENCE_FEATURES), dtype=np.float64)
    p = ev.passage
    hit = p.hit
    sentence = ev.quote
    if hit is not None:
        x[INDEX["retrieval"]] = hit.score
        x[INDEX["bm25"]] = hit.bm25
        x[INDEX["window"]] = hit.window
        x[INDEX["dense"]] = max(hit.dense_sim, 0.0)
        x[INDEX["widened"]] = float(hit.origin != "search")
    else:
        x[INDEX["widened"]] = 1.0
    if p.rank is not None:
        x[INDEX["top_rank"]] = 1.0 / (1 + p.rank)
    x[INDEX["sentence_overlap"]] = q.overlap(sentence)
    x[INDEX["asked_overlap"]] = q.overlap(sentence, asked_only=True)
    x[INDEX["passage_overlap"]] = q.overlap(p.text)
    x[INDEX["section_overlap"]] = q.overlap(p.section or "")
    x[INDEX["proximity"]] = _proximity(c, ev, q)
    if q.date_side and c.ctype == "date" and ev.span is not None:
        x[INDEX["date_side"]] = float(date_side(p.text[max(0, ev.span[0] - 30) : ev.span[1]]) == q.date_side)
    if q.relation_verbs is not None:
        x[INDEX["verb_in_sentence"]] = float(bool(q.relation_verbs.search(sentence)))
        if ev.span is not None and c.ctype != "sentence":
            x[INDEX["verb_at_answer"]] = float(q.shape.relation in relations_at(p.text, *ev.span))
    if q.mentions:
        low = normalise(sentence)
        x[INDEX["subject_in_sentence"]] = float(
            any(re.search(rf"\b{re.escape(m)}\b", low) for m in q.mentions)
        )
    area = q.doc_area.get(p.doc)
    if q.links.areas:
        x[INDEX["area_match"]] = float(area in q.links.areas)
        x[INDEX["area_other"]] = float(area is not None and area not in q.links.areas)
    docs = q.links.iris("documents")
    if docs:
        stated = {str(fact.extra.get("statedIn") or "") for fact in c.facts}
        x[INDEX["doc_named"]] = float(p.doc in docs or bool(stated & docs) or c.iri in docs)
    x[INDEX["focus_doc"]] = float(q.focus_doc is not None and p.doc == q.focus_doc)
    if q.topic_keys:
        item = str(c.extra.get("item_label") or "")
        x[INDEX["topic_match"]] = float(bool(set(q.topics_of(f"{c.label} {item} {sentence}")) & q.topic_keys))
    if q.shape.years:
        extra = f"{c.extra.get('period') or ''} {c.extra.get('timescale') or ''}"
        have = {int(y) for y in _YEAR.findall(f"{sentence} {extra}")}
        x[INDEX["year_match"]] = float(bool(have & set(q.shape.years)))
        x[INDEX["year_conflict"]] = float(bool(have) and not have & set(q.shape.years))
    if q.shape.amounts:
        x[INDEX["amount_match"]] = float(
            _amounts_near(q.shape.amounts, c.extra.get("amount")) or states_asked_amount(sentence, q)
        )
    if q.shape.contact:
        detail = bool(c.extra.get("email") or c.extra.get("phone")) or c.ctype == "contact"
        x[INDEX["contact_detail"]] = float(detail or bool(contact_details_in(sentence)))
    return x


def featurize(c: Candidate, q: Asked) -> np.ndarray:
    x = np.zeros(len(FEATURES), dtype=np.float64)
    per = np.vstack([_evidence(c, e, q) for e in c.evidence[:POOLED]])
    pooled = per.max(axis=0)
    for name in _LOWER_IS_BETTER:
        pooled[INDEX[name]] = per[:, INDEX[name]].min()
    x[: len(EVIDENCE_FEATURES)] = pooled
    f = x.__setitem__
    rank = _type_rank(c.ctype, q.shape)
    f(INDEX["type_rank"], rank)
    f(INDEX["is_sentence"], float(c.ctype == "sentence"))
    is_graph = "graph" in c.sources
    f(INDEX["is_graph"], float(is_graph))
    f(INDEX["is_span"], float("span" in c.sources))
    f(INDEX["graph_and_text"], float(is_graph and "span" in c.sources))
    # a relation matters only for a candidate of a kind the question accepts ("who funds": a body)
    asked = q.shape.relation if rank > 0 else None
    relations = {"parent" if r == "parent-of" else r for r in c.relations} - {"named", "person"}
    related = RELATED.get(asked or "", set())
    f(INDEX["relation_asked"], float(bool(asked) and asked in relations))
    f(INDEX["relation_related"], float(bool(relations & related) and asked not in relations))
    f(INDEX["relation_other"], float(bool(relations) and asked not in relations and not relations & related))
    items = [str(fact.item_label) for fact in c.facts if fact.item_label and fact.item_label != c.label]
    if items:
        f(INDEX["item_overlap"], max(q.overlap(i, asked_only=True) for i in items[:8]))
    subject_iris = q.links.iris("orgs")
    f(
        INDEX["subject_link"],
        float(
            any(
                str(fact.extra.get(k) or "") in subject_iris
                for fact in c.facts
                for k in ("funder", "commissioner", "provider", "body", "owner")
            )
        ),
    )
    label_norm = normalise(c.label)
    linked = q.links.iris("orgs") | q.links.iris("people") | q.links.iris("documents")
    named = (c.iri in linked) if c.iri else False
    if not named and c.ctype in ("body", "person", "document", "service"):
        names = [c.label] + (q.names_of(c.iri) if c.iri else [])
        named = any(
            word_pattern(m).search(normalise(n)) or _token_set(m) <= _token_set(n)
            for m in q.mentions
            for n in names
        )
    if c.ctype == "place":
        named = named or label_norm in {normalise(a) for a in q.links.areas}
    label_words = [w for w in label_norm.split() if len(w) > 2]
    if c.ctype in ("body", "service", "document", "post") and label_words:
        # a name made only of the question's own words ("short breaks" for "who provides short breaks")
        named = named or all(w in q.words or w.rstrip("s") in q.words for w in label_words)
    if c.ctype in ("count", "amount", "duration") and not named:
        # "how many providers are on the 16+ list?": the 16 is the question's own, not its answer
        figures = re.findall(r"\d+(?:[.,]\d+)*", c.label)
        named = bool(figures) and all(
            re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d.,]*\d)", q.text) for f in figures
        )
    f(INDEX["named_in_question"], float(named))
    if c.iri and q.label_similarity is not None:
        f(INDEX["label_dense"], max(0.0, q.label_similarity(c.iri)))
    label_words = [w for w in label_norm.split() if len(w) > 2]
    if label_words:
        echo = sum(w in q.asked_words for w in label_words) / len(label_words)
        f(INDEX["label_echo"], echo)
        if c.ctype != "sentence":
            f(INDEX["echo_entity"], echo)
    f(INDEX["label_words"], math.log1p(len(label_norm.split())))
    stems = _token_set(c.label)
    if stems and c.ctype != "sentence":
        f(INDEX["label_idf"], sum(q.idf(t) for t in stems) / len(stems) / q.max_idf)
    head = (q.shape.head or "").rstrip("s")
    if head:
        f(INDEX["head_in_label"], float(bool(re.search(rf"\b{re.escape(head)}", label_norm))))
    if c.ctype in ("person", "post"):
        role = normalise(f"{c.extra.get('role') or ''} {c.label}")
        asked_roles = q.words & ROLE_WORDS
        shared = set(role.split()) & q.words
        if asked_roles and shared & asked_roles:
            f(INDEX["role_match"], min(1.0, 0.5 + 0.25 * len(shared - ROLE_WORDS)))
    f(INDEX["support"], math.log1p(len({e.passage.iri for e in c.evidence})))
    if c.ctype == "list" and q.shape.list_size:
        items_of = c.extra.get("items")
        n = len(items_of) if isinstance(items_of, list) else c.label.count(",") + c.label.count(";") + 1
        f(INDEX["list_size_match"], float(n == q.shape.list_size))
    if c.ctype == "date" and q.shape.of_document and c.evidence:
        f(INDEX["issue_date"], float(is_issue_date(c.label, q.issued.get(c.evidence[0].passage.doc))))
    if c.ctype == "count":
        f(INDEX["count_fit"], count_fit(q.text, c.label))
        if q.shape.wants_share:
            f(INDEX["share_fit"], float(bool(_PERCENT.search(c.label))))
    types_here = set(c.extra.get("types_in_sentence") or ())
    if c.evidence and c.evidence[0].span is not None and c.ctype != "sentence":
        types_here.add(c.ctype)  # the sentence stating it names it
    accepted = [t for t in q.shape.answer_types if t not in ("sentence", "phrase")]
    f(INDEX["sentence_has_type"], float(bool(accepted) and accepted[0] in types_here))
    f(INDEX["fit_x_overlap"], rank * x[INDEX["asked_overlap"]])
    f(INDEX["fit_x_retrieval"], rank * x[INDEX["retrieval"]])
    return x


def states_asked_amount(sentence: str, q: Asked) -> bool:
    """Whether ``sentence`` states a sum the question names ("who pays the £51k?")."""
    from ckg.loaders.extract.money import find_amounts

    return bool(q.shape.amounts) and any(
        _amounts_near(q.shape.amounts, m.amount) for m in find_amounts(sentence)
    )


def matrix(candidates: list[Candidate], q: Asked) -> np.ndarray:
    """Features of every candidate of a question, with those relative to the question's best."""
    if not candidates:
        return np.zeros((0, len(FEATURES)))
    x = np.vstack([featurize(c, q) for c in candidates])
    for rel, base in (("overlap_rel", "asked_overlap"), ("retrieval_rel", "retrieval")):
        best = x[:, INDEX[base]].max()
        if best > 0:
            x[:, INDEX[rel]] = x[:, INDEX[base]] / best
    best_of: dict[str, int] = {}
    for i, c in enumerate(candidates):
        j = best_of.get(c.ctype)
        if j is None or x[i, INDEX["retrieval"]] > x[j, INDEX["retrieval"]]:
            best_of[c.ctype] = i
    for i in best_of.values():
        x[i, INDEX["best_of_type"]] = 1.0
    return x
