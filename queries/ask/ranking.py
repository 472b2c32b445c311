"""Scores graph facts against a question and groups them into ranked answers.

A fact's score is how well its relation answers the intent, times how well its passage was
retrieved and its labels match the question, adjusted by what the question pins down: the
area, a figure or year it names, the kind of thing a "which ..." asks for, the bodies it
names (usually the subject, not the answer), a cut or saving it asks about. Each rule is a
general property of questions about commissioning, not of any document.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from ckg.queries.ask.facts import Fact
from ckg.queries.ask.linking import Links, content_words, normalise
from ckg.queries.ask.question import BODY_NOUNS, Shape
from ckg.queries.ask.reader import relation_near
from ckg.queries.ask.retrieval import Hit

# How well each relation answers each intent (0..1).
WEIGHTS: dict[str, dict[str, float]] = {
    "who-funds": {"funder": 1.0, "commissioner": 0.75, "provider": 0.35, "named": 0.4, "leader": 0.4},
    "who-commissions": {"commissioner": 1.0, "funder": 0.55, "leader": 0.6, "provider": 0.3, "named": 0.45},
    "who-provides": {"provider": 1.0, "named": 0.55, "service": 0.5, "commissioner": 0.35, "leader": 0.4},
    "contact": {"person": 1.0, "named": 0.7, "leader": 0.5, "publisher": 0.3},
    "priorities": {"priority": 1.0, "intention": 0.3},
    "intentions": {"intention": 1.0, "service": 0.45, "priority": 0.3},
    "amount": {"line": 1.0},
    "documents": {"document": 1.0, "named": 0.2},
    # what a named body funds, commissions or provides: the items, not the bodies
    "funded-by": {"line": 1.0, "intention": 0.55, "service": 0.55},
    "commissioned-by": {"intention": 1.0, "service": 0.85, "line": 0.55},
    "provided-by": {"service": 1.0, "intention": 0.6},
    "relationship": {
        "named": 0.75,
        "parent-of": 0.7,
        "leader": 0.9,
        "priority": 0.4,
        "intention": 0.35,
        "service": 0.35,
        "document": 0.3,
    },
}
INVERSE_ROLES = {
    "funded-by": ("funder", "commissioner"),
    "commissioned-by": ("commissioner", "funder"),
    "provided-by": ("provider",),
}
# The relation a read verb frame gives, per intent: is it what the intent asks about?
ASKED = {
    "who-funds": "funder",
    "who-commissions": "commissioner",
    "who-provides": "provider",
    "relationship": "leader",
    "contact": "leader",
}
_ORG_FAMILY_TYPES = {
    "partnership": ("Partnership",),
    "team": ("Team",),
    "local-authority": ("LocalAuthority",),
    "health-body": ("HealthBody",),
    "any": (),
}
_YEARS = re.compile(r"\b(?:19|20)\d\d\b")
AUTHORSHIP = re.compile(
    r"\bwho (?:wrote|authored|drafted|prepared|produced|compiled|carried out|conducted|"
    r"undertook|published|did)\b|\bwritten by\b|\bauthors?\b",
    re.I,
)
# Words in the sentence naming a body that say it stands in the relation the intent asks about.
CUES: dict[str, re.Pattern[str]] = {
    "who-funds": re.compile(r"\bfund|\bpaid\b|\bpays?\b|\bgrant|\bbudget|£|\bmoney\b|\bprovided by\b", re.I),
    "who-commissions": re.compile(
        r"\bcommission|\bresponsib|\bagree|\bsign|\bsteer|\ballocat|\bprocur", re.I
    ),
    "who-provides": re.compile(r"\bprovid|\bdeliver|\bruns?\b|\bteam\b|\bservices?\b|\bcontract", re.I),
    "contact": re.compile(
        r"@|\btel\b|\btelephone\b|\b0\d{3,4}\s?\d{3}|\bfreepost\b|\baddress\b|\bcontact\b|"
        r"\b[A-Z]{1,2}\d{1,2}[A-Z]?\s?\d[A-Z]{2}\b",
        re.I,
    ),
    "relationship": re.compile(
        r"\bchair|\bpart of\b|\bwithin\b|\bsub[- ]?group|\bparallel\b|\bmember|\bjoint|"
        r"\bestablished\b|\bset up\b|\breport",
        re.I,
    ),
}


@dataclass
class Candidate:
    iri: str
    label: str
    score: float
    facts: list[tuple[float, Fact]] = field(default_factory=list)
    kind: str = "graph"  # graph | phrase | passage


@dataclass
class Question:
    text: str
    intent: str
    secondary: str | None
    vector: np.ndarray
    links: Links
    shape: Shape
    hits: list[Hit]
    focus_docs: set[str] = field(default_factory=set)  # the documents retrieval converged on


def proximity(hits: list[Hit], passage: str, doc: str, scale: float = 300.0) -> float:
    """Credit for a passage near the best hits of its document: a contact block's name line is
    rarely the line that matched the question, but it sits a few lines from it."""
    m = re.search(r"/(\d+)-\d+$", passage)
    if not m:
        return 0.0
    start = int(m.group(1))
    best = 0.0
    for h in hits[:10]:
        if h.item.doc != doc:
            continue
        hm = re.search(r"/(\d+)-\d+$", h.item.id)
        if hm:
            best = max(best, h.score * math.exp(-abs(start - int(hm.group(1))) / scale))
    return best


def merged_weights(intent: str, secondary: str | None) -> dict[str, float]:
    w = dict(WEIGHTS[intent])
    if secondary and secondary != intent:
        for rel, v in WEIGHTS[secondary].items():
            w[rel] = max(w.get(rel, 0.0), 0.85 * v)
    return w


def _years_of(*texts: object) -> set[int]:
    out: set[int] = set()
    for t in texts:
        if t:
            out |= {int(y) for y in _YEARS.findall(str(t))}
    return out


def _span_years(years: list[int]) -> set[int]:
    if len(years) >= 2 and years[-1] - years[0] <= 30:
        return set(range(years[0], years[-1] + 1))
    return set(years)


class Ranker:
    def __init__(
        self,
        label_similarity: Callable[[str, np.ndarray], float],
        names_of: Callable[[str], list[str]],
        tag: Callable[[str], list[str]],
        doc_area: dict[str, str | None],
    ) -> None:
        self.label_similarity = label_similarity
        self.names_of = names_of
        self.tag = tag
        self.doc_area = doc_area

    def rank(self, q: Question, facts: list[Fact]) -> list[Candidate]:
        weights = merged_weights(q.intent, q.secondary)
        hit_score = {h.item.id: h.score for h in q.hits}
        hit_sim = {h.item.id: h.dense_sim for h in q.hits}
        linked_orgs = q.links.iris("orgs")
        linked_words = {w for lk in q.links.orgs for w in content_words(lk.label)} | {
            w for a in q.links.areas for w in content_words(a)
        }
        q_words = set(content_words(q.text)) - linked_words
        topic_keys = {lk.iri for lk in q.links.topics}
        topic_words = {w for lk in q.links.topics for w in content_words(lk.label)}
        q_years = _span_years(q.shape.years)
        head_mentions = {
            lk.iri
            for lk in q.links.orgs
            if q.shape.head_phrase and normalise(lk.mention).endswith(normalise(q.shape.head or "-"))
        }
        contact = "contact" in (q.intent, q.secondary)
        by_answer: dict[str, Candidate] = {}
        for f in facts:
            relation = f.relation
            if relation == "named":
                read = self._read_relation(f)
                if read and weights.get(read, 0) > weights.get("named", 0):
                    relation = read
            w = weights.get(relation)
            if not w:
                continue
            r = hit_score.get(f.passage, 0.0)
            if contact and relation in ("person", "named"):
                r = max(r, proximity(q.hits, f.passage, f.doc))
            if f.relation == "named":
                # a body mentioned in a passage has no label of its own that says what the passage is
                # about: the sentence naming it carries that, and the passage's similarity to the question
                label_sim = max(hit_sim.get(f.passage, 0.0), 0.0)
                words = set(content_words(f"{self._sentence_of(f)} {f.answer_label}"))
            else:
                label_sim = max(self.label_similarity(f.item or f.answer, q.vector), 0.0)
                words = set(content_words(f"{f.item_label or ''} {f.answer_label}"))
            overlap = len(words & (q_words | topic_words)) / (1 + len(q_words))
            section_overlap = len(set(content_words(f.section or "")) & q_words) / (1 + len(q_words))
            s = w * (0.5 * r + 0.25 * label_sim + 0.25 * overlap + 0.15 * section_overlap)
            s *= self._modifiers(q, f, relation, linked_orgs, head_mentions, topic_keys, q_years)
            cand = by_answer.get(f.answer)
            if cand is None:
                cand = by_answer[f.answer] = Candidate(f.answer, f.answer_label, 0.0)
            cand.facts.append((s, f))
        for c in by_answer.values():
            c.facts.sort(key=lambda sf: -sf[0])
            distinct = {f.passage for _, f in c.facts}
            c.score = c.facts[0][0] + 0.04 * min(3, len(distinct) - 1)
        ranked = sorted(by_answer.values(), key=lambda c: (-c.score, c.label))
        return _order_lists(_dedupe(ranked))

    def _read_relation(self, f: Fact) -> str | None:
        for name in self.names_of(f.answer):
            rel, _ = relation_near(f.quote, name)
            if rel:
                return rel
        return None

    def _modifiers(
        self,
        q: Question,
        f: Fact,
        relation: str,
        linked_orgs: set[str],
        head_mentions: set[str],
        topic_keys: set[str],
        q_years: set[int],
    ) -> float:
        m = 1.0
        shape, e = q.shape, f.extra
        if relation == "person" and e.get("role"):
            m *= role_match(str(e["role"]), q.text)  # "the head of commissioning": the post asked for
        if q.intent in INVERSE_ROLES:
            # the item must be the named body's: funded, commissioned or provided by it
            roles = INVERSE_ROLES[q.intent]
            m *= 2.0 if linked_orgs & {str(e.get(r) or "") for r in roles} else 0.35
        is_body = relation in ("funder", "commissioner", "provider", "named", "leader", "parent-of")
        head = normalise(shape.head or "").rstrip("s")

        def head_in(text: str | None) -> bool:
            return bool(head) and bool(re.search(rf"\b{re.escape(head)}", normalise(text or "")))

        if relation == "service" and head_in(f.answer_label):
            is_body = True  # "which team ..." answered by a team that is also a service
        if (
            relation in ("provider", "commissioner", "funder")
            and head_in(f.item_label)
            and not head_in(f.answer_label)
        ):
            m *= 0.6  # the item itself is the kind of thing asked for
        # the area the question names, or the documents retrieval converged on
        if q.links.areas and self.doc_area.get(f.doc) not in q.links.areas:
            m *= 0.5
        elif q.focus_docs and f.doc not in q.focus_docs:
            m *= 0.6
        # a figure the question names
        if shape.amounts and e.get("amount") is not None:
            m *= (
                2.5
                if any(abs(Decimal(str(e["amount"])) - a) <= a * Decimal("0.01") for a in shape.amounts)
                else 0.7
            )
        # years the question names
        if q_years:
            fact_years = _years_of(e.get("statedInTitle"), e.get("period"), e.get("timescale"), f.doc_title)
            if min(q_years) in fact_years or (len(q_years) == 1 and fact_years & q_years):
                m *= 1.5  # the same plan period (its start year) as the question names
            elif fact_years and not fact_years & q_years:
                m *= 0.75
        # the kind of thing asked for
        kind = shape.answer_kind
        if kind == "body" and not is_body and relation not in ("person",):
            m *= 0.45
        if kind == "document":
            m *= 1.3 if relation == "document" else 0.4
        if kind == "amount":
            m *= 1.0 if relation == "line" else 0.5
        if kind == "thing" and is_body:
            m *= 0.45
        if kind == "person":
            m *= 1.3 if relation == "person" else 0.5
        if kind == "service" and is_body and not (shape.head and head_in(f.answer_label)):
            m *= 0.6
        if kind == "when":
            m *= 1.35 if e.get("timescale") else 0.75
        if shape.head and is_body:
            types = " ".join(e.get("types", ()))
            family_types = _ORG_FAMILY_TYPES.get(shape.body_family or "any", ())
            family_nouns = [n.rstrip("s") for n in BODY_NOUNS.get(shape.body_family or "any", ())]
            label = normalise(f.answer_label)
            if head_in(f.answer_label):
                m *= 2.0
            elif (
                shape.generic_head
                and shape.body_family != "any"
                and any(re.search(rf"\b{re.escape(n)}", label) for n in family_nouns)
            ):
                m *= 1.6  # "which group": a board or panel will do
            elif family_types and any(t in types for t in family_types):
                m *= 1.15 if shape.generic_head else 0.9
            elif shape.body_family not in (None, "any"):
                m *= 0.75
        # documents the question names
        linked_docs = q.links.iris("documents")
        if linked_docs and (
            f.doc in linked_docs or e.get("statedIn") in linked_docs or f.answer in linked_docs
        ):
            m *= 1.5
        # bodies the question names: usually its subject, not its answer (also under a longer name:
        # "MORI" asked, "MORI Social Research Institute" answering)
        if f.answer in linked_orgs or (
            relation != "person"
            and f.answer not in head_mentions
            and not head_in(f.answer_label)
            and self._names_linked(q, f.answer_label)
        ):
            if f.answer in head_mentions:
                m *= 1.3
            elif (
                q.intent in ("who-funds", "who-commissions", "who-provides", "relationship")
                and relation != "person"
            ):
                m *= 0.45
        elif linked_orgs and (
            linked_orgs
            & {
                str(e.get("funder") or ""),
                str(e.get("body") or ""),
                str(e.get("commissioner") or ""),
                f.item or "",
            }
            or any(lbl.lower() in f.quote.lower() for lbl in self._linked_labels(q))
        ):
            m *= 1.3
        if relation == "parent-of" and f.item in linked_orgs:
            m *= 1.8
        # topics the question is about
        if (
            topic_keys
            and set(self.tag(f"{f.item_label or ''} {f.answer_label} {f.section or ''}")) & topic_keys
        ):
            m *= 1.25
        # cuts and savings
        if shape.wants_cut and e.get("kind") == "saving":
            m *= 1.8
        if relation == "line" and e.get("amount") is None and kind != "amount":
            m *= 0.9
        elif relation == "line" and e.get("amount") is None:
            m *= 0.7
        if relation == "publisher":
            m *= 3.0 if AUTHORSHIP.search(q.text) else 1.0
        if q.intent == "contact" or q.secondary == "contact":
            if e.get("email") or e.get("phone"):
                m *= 1.3
            if e.get("body") and e["body"] in linked_orgs:
                m *= 1.5
            if (
                relation == "named"
                and len(
                    set(content_words(f.answer_label))
                    & (set(content_words(q.text)) - {w for a in q.links.areas for w in content_words(a)})
                )
                >= 2
                and shape.answer_kind != "person"
                and not re.match(r"\s*who\b", q.text, re.I)
            ):
                m *= 1.6  # "customer services" asked, the Customer Services Team named
            if relation == "named" and re.match(r"\s*who\b", q.text, re.I) and not shape.head:
                m *= 0.6  # "who should I contact": a person before a body
        if relation == "named" and not any("ontology#" in t for t in e.get("types", ())):
            m *= 0.85
        if relation == "named" and q.intent in CUES:
            # a body merely mentioned beside the topic is a weak answer; one in a sentence saying
            # it funds / commissions / provides / chairs is a strong one
            cue_here = (
                bool(CUES[q.intent].search(f.quote))
                if q.intent == "contact"
                else self._cue_near(f, CUES[q.intent])
            )  # a contact block's details sit on the lines next to the name
            m *= 1.2 if cue_here else 0.6
        return m

    def _sentence_of(self, f: Fact) -> str:
        """The sentence of the passage that names the answer (the whole passage if none does)."""
        low = f.quote.lower()
        for name in self.names_of(f.answer) or [f.answer_label]:
            i = low.find(name.lower())
            if i >= 0:
                start = max(f.quote.rfind(". ", 0, i), f.quote.rfind("\n", 0, i)) + 1
                end = min(x for x in (f.quote.find(". ", i), f.quote.find("\n", i), len(f.quote)) if x >= 0)
                return f.quote[start:end]
        return f.quote

    def _cue_near(self, f: Fact, cue: re.Pattern[str]) -> bool:
        """Is there a cue word in the sentence that names the answer?"""
        return bool(cue.search(self._sentence_of(f)))

    def _names_linked(self, q: Question, label: str) -> bool:
        """Does ``label`` contain a body the question names (as a whole word, not the whole label)?"""
        low = normalise(label)
        return any(
            len(m) >= 3 and re.search(rf"\b{re.escape(m)}\b", low)
            for m in (normalise(lk.mention) for lk in q.links.orgs)
        )

    def _linked_labels(self, q: Question) -> list[str]:
        return [lk.mention for lk in q.links.orgs if len(lk.mention) > 3]


ROLE_WORDS = frozenset(
    [
        "director",
        "head",
        "manager",
        "lead",
        "officer",
        "chair",
        "chief",
        "executive",
        "commissioner",
        "councillor",
        "member",
        "coordinator",
        "consultant",
        "adviser",
        "advisor",
    ]
)


def role_match(role: str, question: str) -> float:
    """How well a person's post fits the post a question names: the role noun and what it is of.

    >>> role_match("Head of Commissioning and Improvement", "how do I reach the head of commissioning?")
    1.6
    >>> role_match("Lead Councillor", "how do I reach the head of commissioning?")
    1.0
    """
    asked = set(content_words(question))
    words = set(content_words(role))
    if not words & asked & ROLE_WORDS:
        return 1.0
    return round(1.4 + 0.2 * min(3, len((words & asked) - ROLE_WORDS)), 2)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    out, seen = [], set()
    for c in cands:
        key = normalise(c.label)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _order_lists(cands: list[Candidate]) -> list[Candidate]:
    """Members of one ranked list (priorities of one document) close in score keep their printed order."""
    out = list(cands)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        fa, fb = a.facts[0][1], b.facts[0][1]
        ra, rb = fa.extra.get("rank"), fb.extra.get("rank")
        same_list = fa.relation == fb.relation == "priority" and fa.extra.get("statedIn") == fb.extra.get(
            "statedIn"
        )
        if same_list and ra is not None and rb is not None and rb < ra and b.score >= 0.8 * a.score:
            out[i], out[i + 1] = b, a
    return out
