"""Tags text with topics from the SKOS scheme in ``ontology/topics.ttl``.

Why label matching and not a classifier: the scheme's labels (prefLabel, altLabel,
hiddenLabel) are curated synonyms, so "CSE", "child sexual exploitation" and "sexual
exploitation" meet at one topic, deterministically, and a researcher can see why.
Labels written in capitals (acronyms: "CSE", "LAC") match case-sensitively, others
case-insensitively, always on whole words (not inside a hyphenated compound: "harm" does
not match in "self-harm").

Why a word-by-word dictionary walk and not one big regular expression: the tagger runs
over every block of every document, and Python's ``re`` tries each of ~1,800 alternatives
at each position. Walking the words once and extending a candidate only while it is the
prefix of some label costs one or two dictionary look-ups a word, so a 60,000-word needs
assessment is tagged in a fraction of a second.

>>> t = TopicTagger.default()
>>> t.tag("Reduce child sexual exploitation (CSE) in the county") == t.tag("CSE") == t.tag("sexual exploitation")
True
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph
from rdflib.namespace import SKOS

TOPIC_PREFIX = "https://w3id.org/ckg/id/topic/"

# A word: letters and digits; apostrophes, hyphens, slashes, commas and spaces between
# words are kept (normalised) in the lookup key, so "children's centres" and
# "16/17 year olds" are matched as printed.
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
_JOINERS = ("-", "_")  # a label next to these is part of a longer token ("self-harm", "file_name")


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    labels: tuple[str, ...]  # every label: pref, alt, hidden
    broader: tuple[str, ...]


def _is_acronym(label: str) -> bool:
    """'CSE', 'CAMHS', 'TaMHS', 'KS2' are acronyms (matched case-sensitively); 'Ofsted' is not.

    >>> [_is_acronym(x) for x in ("CSE", "TaMHS", "KS2", "Ofsted", "S47")]
    [True, True, True, False, False]
    """
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) and len(label) <= 8


def topics_ttl_text() -> str:
    return resources.files("ckg.ontology").joinpath("topics.ttl").read_text(encoding="utf-8")


def _canon_gap(gap: str) -> str:
    """The text between two words as a key: curly quotes straightened, whitespace runs as one space."""
    if gap == " ":
        return gap
    return _SPACE.sub(" ", gap.replace("’", "'").replace("‘", "'"))


def label_key(label: str) -> str:
    """The lookup key of a label: from its first to its last word, gaps normalised.

    >>> label_key("  Children’s   centres ")
    "Children's centres"
    """
    words = list(_WORD.finditer(label))
    if not words:
        return ""
    parts = [words[0].group()]
    for prev, cur in itertools.pairwise(words):
        parts.append(_canon_gap(label[prev.end() : cur.start()]))
        parts.append(cur.group())
    return "".join(parts)


class _Dictionary:
    """Label keys -> topic key, plus every word-prefix of every label (to stop extending early)."""

    def __init__(self, pairs: list[tuple[str, str]], fold: bool) -> None:
        self.fold = fold
        self.labels: dict[str, str] = {}
        self.prefixes: set[str] = set()
        for label, key in pairs:
            k = label_key(label)
            if not k:
                continue
            if fold:
                k = k.lower()
            self.labels.setdefault(k, key)
            words = list(_WORD.finditer(k))
            for w in words:
                self.prefixes.add(k[: w.end()])

    def longest(self, text: str, words: list[re.Match[str]], i: int) -> tuple[str, int] | None:
        """Longest label starting at word ``i``: (topic key, index of its last word)."""
        first = words[i].group()
        if self.fold:
            first = first.lower()
        if first not in self.prefixes:
            return None
        key = first
        best: tuple[str, int] | None = None
        j = i
        while True:
            if key in self.labels:
                best = (self.labels[key], j)
            j += 1
            if j >= len(words):
                break
            gap = text[words[j - 1].end() : words[j].start()]
            if len(gap) > 3 and not gap.isspace():
                break
            nxt = _canon_gap(gap) + words[j].group()
            key += nxt.lower() if self.fold else nxt
            if key not in self.prefixes:
                break
        return best


class TopicTagger:
    def __init__(self, topics: list[Topic]) -> None:
        self.topics = {t.key: t for t in topics}
        ci: list[tuple[str, str]] = []
        cs: list[tuple[str, str]] = []
        for t in topics:
            for label in t.labels:
                (cs if _is_acronym(label) else ci).append((label, t.key))
        # Case-sensitive labels first so an acronym also written in a label's lower case keeps its topic.
        self._dicts = (_Dictionary(ci, fold=True), _Dictionary(cs, fold=False))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> TopicTagger:
        try:
            text = topics_ttl_text()
        except (FileNotFoundError, ModuleNotFoundError):
            return cls([])
        return cls(parse_topics(text))

    def matches(self, text: str) -> list[tuple[str, int, int]]:
        """(topic key, start, end) for every label occurrence, longest first at each word, not overlapping.

        >>> [(start, end) for _, start, end in TopicTagger.default().matches("LAC and CSE")]
        [(0, 3), (8, 11)]
        """
        words = list(_WORD.finditer(text))
        out: list[tuple[str, int, int]] = []
        for d in self._dicts:
            if not d.labels:
                continue
            i = 0
            n = len(words)
            while i < n:
                hit = d.longest(text, words, i)
                if hit is not None:
                    key, j = hit
                    start, end = words[i].start(), words[j].end()
                    # Whole words only: not a fragment of a hyphenated compound ("self-harm").
                    if text[start - 1 : start] not in _JOINERS and text[end : end + 1] not in _JOINERS:
                        out.append((key, start, end))
                        i = j + 1
                        continue
                i += 1
        out.sort(key=lambda m: (m[1], -m[2]))
        return out

    def tag(self, text: str) -> list[str]:
        """Topic keys mentioned in ``text``, in first-mention order, without duplicates."""
        seen: dict[str, None] = {}
        for key, _, _ in self.matches(text):
            seen.setdefault(key, None)
        return list(seen)

    def label(self, key: str) -> str:
        t = self.topics.get(key)
        return t.label if t else key


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
            + sorted(str(o) for o in g.objects(s, SKOS.altLabel))
            + sorted(str(o) for o in g.objects(s, SKOS.hiddenLabel))
        )
        broader = tuple(sorted(str(o)[len(TOPIC_PREFIX) :] for o in g.objects(s, SKOS.broader)))
        topics.append(
            Topic(iri[len(TOPIC_PREFIX) :], pref[0] if pref else iri, tuple(dict.fromkeys(labels)), broader)
        )
    return topics
