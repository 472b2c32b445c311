"""Tags text with topics from the SKOS scheme in ``ontology/topics.ttl``.

Why label matching and not a classifier: the scheme's labels (prefLabel, altLabel,
hiddenLabel) are curated synonyms, so "CSE", "child sexual exploitation" and "sexual
exploitation" meet at one topic, deterministically, and a researcher can see why.
Labels written in capitals (acronyms: "CSE", "LAC") match case-sensitively, others
case-insensitively, always on word boundaries.

>>> t = TopicTagger.default()
>>> "cse" in t.tag("Strengthen prevention of child sexual exploitation (CSE)")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph
from rdflib.namespace import SKOS

TOPIC_PREFIX = "https://w3id.org/ckg/id/topic/"


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    labels: tuple[str, ...]  # every label: pref, alt, hidden
    broader: tuple[str, ...]


def _is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) and len(label) <= 8


def topics_ttl_text() -> str:
    return resources.files("ckg.ontology").joinpath("topics.ttl").read_text(encoding="utf-8")


class TopicTagger:
    def __init__(self, topics: list[Topic]) -> None:
        self.topics = {t.key: t for t in topics}
        ci: list[tuple[str, str]] = []
        cs: list[tuple[str, str]] = []
        for t in topics:
            for label in t.labels:
                (cs if _is_acronym(label) else ci).append((label, t.key))
        self._ci = self._compile(ci, re.I)
        self._cs = self._compile(cs, 0)
        self._key_of_ci = {lab.lower(): key for lab, key in ci}
        self._key_of_cs = dict(cs)

    @staticmethod
    def _compile(pairs: list[tuple[str, str]], flags: int) -> re.Pattern[str] | None:
        if not pairs:
            return None
        labels = sorted({lab for lab, _ in pairs}, key=len, reverse=True)
        alternation = "|".join(_label_pattern(lab) for lab in labels)
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", flags)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> TopicTagger:
        try:
            text = topics_ttl_text()
        except (FileNotFoundError, ModuleNotFoundError):
            return cls([])
        return cls(parse_topics(text))

    def matches(self, text: str) -> list[tuple[str, int, int]]:
        """(topic key, start, end) for every label occurrence."""
        out: list[tuple[str, int, int]] = []
        if self._ci:
            for m in self._ci.finditer(text):
                key = self._key_of_ci.get(_canon(m.group(0)).lower())
                if key:
                    out.append((key, m.start(), m.end()))
        if self._cs:
            for m in self._cs.finditer(text):
                key = self._key_of_cs.get(_canon(m.group(0)))
                if key:
                    out.append((key, m.start(), m.end()))
        return out

    def tag(self, text: str) -> list[str]:
        """Topic keys mentioned in ``text``, in first-mention order, without duplicates."""
        seen: dict[str, int] = {}
        for key, start, _ in sorted(self.matches(text), key=lambda m: m[1]):
            seen.setdefault(key, start)
        return list(seen)

    def label(self, key: str) -> str:
        t = self.topics.get(key)
        return t.label if t else key


def _canon(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'"))


def _label_pattern(label: str) -> str:
    parts = [re.escape(p) for p in _canon(label).split(" ")]
    body = r"\s+".join(parts)
    return body.replace("'", "['’]")


def parse_topics(ttl: str) -> list[Topic]:
    g = Graph()
    g.parse(data=ttl, format="turtle")
    topics: list[Topic] = []
    for s in sorted(set(g.subjects(SKOS.inScheme, None))):
        iri = str(s)
        if not iri.startswith(TOPIC_PREFIX):
            continue
        pref = [str(o) for o in g.objects(s, SKOS.prefLabel)]
        labels = (
            pref
            + [str(o) for o in g.objects(s, SKOS.altLabel)]
            + [str(o) for o in g.objects(s, SKOS.hiddenLabel)]
        )
        broader = tuple(sorted(str(o)[len(TOPIC_PREFIX) :] for o in g.objects(s, SKOS.broader)))
        topics.append(
            Topic(iri[len(TOPIC_PREFIX) :], pref[0] if pref else iri, tuple(dict.fromkeys(labels)), broader)
        )
    return topics
