"""Links the words of a question to graph resources: bodies, people, documents, areas, topics.

Names come from the graph itself (labels, alternative labels and acronyms, loaded once), so
a body or acronym that appears in a new document is understood without code changes.
Matching tolerates typos (rapidfuzz ratio on word n-grams) and informal phrasing
(topics are also matched by embedding similarity: "kids' mental health" meets CAMHS).

>>> normalise("Who funds CSE prevention in Oxon?")
'who funds cse prevention in oxon'
>>> expand_informal("kids mental health")
'kids children mental health'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "to",
        "under",
        "up",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "into",
        "any",
        "all",
        "also",
        "if",
        "no",
        "not",
        "there's",
        "what's",
        "who's",
    ]
)

# Informal words people type, mapped to the words documents use (general English, not corpus strings).
INFORMAL = {
    "kids": "children",
    "kid": "child",
    "teenagers": "young people",
    "teens": "young people",
    "youngsters": "young people",
    "cash": "money",
    "dosh": "money",
    "pays": "funds",
    "paying": "funding",
    "paid": "funded",
    "ring": "telephone",
    "phone": "telephone",
    "boss": "head",
    "chief exec": "chief executive",
    "round-the-clock": "24/7",
    "round the clock": "24/7",
    "24 hour": "24/7",
    "rehousing": "housing",
    "mums": "mothers",
    "info": "information",
    "nos": "numbers",
    "tel": "telephone",
    "no.": "number",
    "mum": "mother",
    "dads": "fathers",
    "gp": "general practitioner",
}
# Abbreviated county names in common use.
AREA_ABBREVIATIONS = {
    "beds": "Bedfordshire",
    "oxon": "Oxfordshire",
    "bucks": "Buckinghamshire",
    "herts": "Hertfordshire",
    "berks": "Berkshire",
    "hants": "Hampshire",
    "wilts": "Wiltshire",
    "glos": "Gloucestershire",
    "northants": "Northamptonshire",
    "notts": "Nottinghamshire",
    "leics": "Leicestershire",
    "lincs": "Lincolnshire",
    "lancs": "Lancashire",
    "cambs": "Cambridgeshire",
    "worcs": "Worcestershire",
    "staffs": "Staffordshire",
    "derbys": "Derbyshire",
    "yorks": "Yorkshire",
    "w sussex": "West Sussex",
    "e sussex": "East Sussex",
}


def normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text or "").lower().replace("’", "'").replace("&", " and ")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^a-z0-9£/'+-]+", " ", s)
    s = s.replace("'", "")
    return re.sub(r"\s+", " ", s).strip()


def expand_informal(text: str) -> str:
    out = text
    for informal, formal in INFORMAL.items():
        out = re.sub(rf"\b{re.escape(informal)}\b", f"{informal} {formal}", out)
    return out


def formal(text: str) -> str:
    """The informal words of ``text`` replaced by their formal ones ("kids" -> "children")."""
    out = text
    for informal, word in INFORMAL.items():
        out = re.sub(rf"\b{re.escape(informal)}\b", word, out, flags=re.I)
    return out


def content_words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in STOP and len(w) > 1]


@dataclass
class Link:
    iri: str
    label: str
    kind: str  # org | person | document | area | topic
    score: float  # 0..1
    mention: str
    extra_labels: tuple[str, ...] = ()  # a topic's other names ("ASD" for autism), for matching text


@dataclass
class Links:
    orgs: list[Link] = field(default_factory=list)
    people: list[Link] = field(default_factory=list)
    documents: list[Link] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    topics: list[Link] = field(default_factory=list)

    def iris(self, kind: str) -> set[str]:
        return {link.iri for link in getattr(self, kind)}


def acronym_of(title: str) -> str:
    """Initials of a title's capitalised words: "Children and Young People's Plan" -> "CYPP"."""
    words = re.findall(r"[A-Za-z][\w']*", title)
    return "".join(w[0] for w in words if w[0].isupper() and w.lower() not in ("the", "and", "of", "for"))


class Lexicon:
    """Every label in the graph, indexed for exact, acronym and fuzzy lookup."""

    def __init__(
        self, rows: list[dict], areas: list[str], topic_labels: dict[str, tuple[str, list[str]]]
    ) -> None:
        self.by_norm: dict[str, list[tuple[str, str, str]]] = {}  # norm label -> [(iri, label, kind)]
        self.case_acronyms: dict[str, list[tuple[str, str, str]]] = {}
        self.pref_label: dict[str, str] = {}
        for r in rows:
            iri, label, kind = r["s"], r["label"], r["kind"]
            if not label or kind == "topic":
                continue
            self.by_norm.setdefault(normalise(label), []).append((iri, label, kind))
            first = label.split()[0] if label.split() else ""
            if kind == "org" and re.sub(r"['’]s$", "", first) in areas and len(label.split()) >= 3:
                # "the Multi-Agency Safeguarding Hub" names "Oxfordshire Multi-Agency Safeguarding Hub"
                # in an Oxfordshire question; shared shorter names are resolved by area scope
                short = label.split(maxsplit=1)[1]
                self.by_norm.setdefault(normalise(short), []).append((iri, label, kind))
            self.pref_label.setdefault(iri, label)
            if re.fullmatch(r"[A-Z][A-Z&'’]{1,8}s?", label):
                self.case_acronyms.setdefault(label.rstrip("s'’"), []).append((iri, label, kind))
            if kind == "document" and len(label.split()) >= 4:
                acr = acronym_of(label)
                first = re.sub(r"['’]s$", "", label.split()[0])
                for variant in {acr, acr[1:] if first in areas else acr}:
                    if 3 <= len(variant) <= 6:
                        self.case_acronyms.setdefault(variant, []).append((iri, label, kind))
        self._fuzzy_keys = [k for k in self.by_norm if len(k) >= 6 and " " in k]
        self._names: dict[str, list[str]] = {}
        for r in rows:
            if r["label"] and r["kind"] in ("org", "person"):
                self._names.setdefault(r["s"], []).append(r["label"])
        self.areas = sorted(set(areas), key=len, reverse=True)
        self.topic_labels = topic_labels  # key -> (prefLabel, [labels])

    def _areas_in(self, norm: str) -> list[str]:
        """Areas the (normalised) question names: exactly, by abbreviation ("Beds"), or misspelt
        ("Bedforshire")."""
        padded = f" {norm} "
        found = [a for a in self.areas if f" {normalise(a)} " in padded]
        found += [a for abbr, a in AREA_ABBREVIATIONS.items() if f" {abbr} " in padded and a in self.areas]
        single = {normalise(a): a for a in self.areas if " " not in normalise(a) and len(a) >= 6}
        for word in norm.split():
            if len(word) >= 6 and word not in single:
                hit = process.extractOne(word, list(single), scorer=fuzz.ratio, score_cutoff=88)
                if hit:
                    found.append(single[hit[0]])
        return list(dict.fromkeys(found))

    def _in_scope(self, iri: str, areas: list[str]) -> bool:
        """Does a resource belong to one of the areas (one of its names names the area)?"""
        names = " ".join(self.names_of(iri)).lower()
        return any(a.lower() in names for a in areas)

    def entries(self) -> list[tuple[str, str, str]]:
        """(iri, label, kind) of every named body, person and document."""
        return [(iri, label, kind) for entries in self.by_norm.values() for iri, label, kind in entries]

    def homes(self) -> dict[str, str]:
        """Body IRI -> the area its full name starts with ("Elmshire Youth Service": Elmshire)."""
        out = {}
        for iri, label in self.pref_label.items():
            first = re.sub(r"['’]s\b", "", label)
            area = next((a for a in self.areas if first.lower().startswith(a.lower() + " ")), None)
            if area:
                out[iri] = area
        return out

    def implied_areas(self, links: Links) -> list[str]:
        """The one area the bodies a question names belong to, if they agree on one."""
        found = set()
        for lk in links.orgs:
            names = " ".join(self.names_of(lk.iri)).lower()
            found |= {a for a in self.areas if re.search(rf"\b{re.escape(a.lower())}\b", names)}
        return sorted(found) if len(found) == 1 else []

    def name_words(self) -> set[str]:
        """Words of the names the graph knows: label words, acronyms of bodies' and documents'
        names ("WSCC"), areas and their abbreviations ("Oxon"), topic names."""
        words: set[str] = set()
        for entries in self.by_norm.values():
            for _, label, _kind in entries:
                words.update(normalise(label).split())
                if len(label.split()) >= 2:
                    acr = acronym_of(label).lower()
                    words.add(acr)
                    if re.sub(r"['’]s$", "", label.split()[0]) in self.areas:
                        words.add(acr[1:])  # "Oxfordshire Joint Health and Wellbeing Strategy": JHWS
        for area in self.areas:
            words.update(normalise(area).split())
        words.update(AREA_ABBREVIATIONS)
        for label, labels in self.topic_labels.values():
            for lab in (label, *labels):
                words.update(normalise(lab).split())
        return words

    def names_of(self, iri: str) -> list[str]:
        """Every label and alternative label of a body or person, longest first."""
        return sorted(set(self._names.get(iri, [])), key=len, reverse=True)

    def link(self, question: str, tagger=None, topic_vectors=None, question_vector=None) -> Links:
        links = Links()
        norm = normalise(expand_informal(question))
        tokens = norm.split()
        seen: set[str] = set()

        def add(iri: str, label: str, kind: str, score: float, mention: str) -> None:
            if iri in seen:
                return
            seen.add(iri)
            bucket = {"org": links.orgs, "person": links.people, "document": links.documents}.get(kind)
            if bucket is not None:
                bucket.append(Link(iri, label, kind, score, mention))

        # exact n-grams, longest first; words inside a longer match are not matched again, and a
        # label shared by several resources ("the Council") links only if one of them is in scope
        covered: set[int] = set()
        ambiguous: list[tuple[int, int, str, list[tuple[str, str, str]]]] = []
        for n in range(min(10, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                if covered & set(range(i, i + n)):
                    continue
                gram = " ".join(tokens[i : i + n])
                if n == 1 and (gram in STOP or len(gram) < 4):
                    continue
                targets = self.by_norm.get(gram, [])
                if len({iri for iri, _, _ in targets}) > 1:
                    scoped = [t for t in targets if self._in_scope(t[0], links.areas or self._areas_in(norm))]
                    if len({iri for iri, _, _ in scoped}) != 1:
                        ambiguous.append((i, n, gram, targets))
                        continue
                    targets = scoped
                matched = False
                for iri, label, kind in targets:
                    if n == 1 and kind != "person" and not _looks_named(question, gram):
                        continue
                    add(iri, label, kind, 1.0, gram)
                    matched = True
                if matched:
                    covered |= set(range(i, i + n))
        # acronyms as typed (case-sensitive); one shared by several bodies ("PCT") is resolved by
        # the area the question names, or left out
        for tok in re.findall(r"\b[A-Z][A-Za-z&]{1,8}\b", question):
            key = tok.rstrip("s") if tok.endswith("s") and tok[:-1].isupper() else tok
            targets = self.case_acronyms.get(key, [])
            score = 0.95
            if len({iri for iri, _, _ in targets}) > 1:
                scoped = [t for t in targets if self._in_scope(t[0], links.areas or self._areas_in(norm))]
                if len({iri for iri, _, _ in scoped}) == 1:
                    targets = scoped
                else:
                    score = 0.6  # every body so called, none preferred
            for iri, label, kind in targets:
                add(iri, label, kind, score, tok)
        # fuzzy n-grams (typos, small variations)
        if self._fuzzy_keys:
            for n in range(2, min(8, len(tokens)) + 1):
                for i in range(len(tokens) - n + 1):
                    gram = " ".join(tokens[i : i + n])
                    if tokens[i] in STOP or tokens[i + n - 1] in STOP or covered & set(range(i, i + n)):
                        continue
                    hit = process.extractOne(gram, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=88)
                    if hit and len({iri for iri, _, _ in self.by_norm[hit[0]]}) == 1:
                        for iri, label, kind in self.by_norm[hit[0]]:
                            if kind == "document" and hit[1] < 94:
                                continue  # titles share many words; only a near-exact title is a link
                            add(iri, label, kind, hit[1] / 100, gram)
        # a shared name ("the County Council") is the one of the area the other names point to
        context = set(links.areas or self._areas_in(norm))
        for lk in links.orgs:
            names = " ".join(self.names_of(lk.iri)).lower()
            context |= {a for a in self.areas if a.lower() in names}
        for i, n, gram, targets in ambiguous:
            if covered & set(range(i, i + n)):
                continue
            scoped = [t for t in targets if self._in_scope(t[0], sorted(context))]
            if len({iri for iri, _, _ in scoped}) == 1:
                iri, label, kind = scoped[0]
                add(iri, label, kind, 0.9, gram)
                covered |= set(range(i, i + n))
        # areas
        for area in self._areas_in(norm):
            if area not in links.areas:
                links.areas.append(area)
        # topics: labels in the text, then meaning
        if tagger is not None:
            for key in tagger.tag(expand_informal(question)):
                pref, labels = self.topic_labels.get(key, (key, []))
                links.topics.append(Link(key, pref, "topic", 1.0, pref, tuple(labels[:12])))
        if topic_vectors is not None and question_vector is not None:
            keys, vectors = topic_vectors
            sims = vectors @ question_vector
            have = {t.iri for t in links.topics}
            for j in np.argsort(-sims)[:3]:
                if sims[j] >= 0.55 and keys[j] not in have:
                    have.add(keys[j])
                    pref, labels = self.topic_labels.get(keys[j], (keys[j], []))
                    links.topics.append(
                        Link(keys[j], pref, "topic", float(sims[j]), pref, tuple(labels[:12]))
                    )
        return links


def _looks_named(question: str, word: str) -> bool:
    """A one-word label counts only when the question writes it like a name (capitalised)."""
    return bool(re.search(rf"\b{re.escape(word)}\b", question, re.I)) and bool(
        re.search(r"\b[A-Z]\w*\b", _original(question, word))
    )


def _original(question: str, word: str) -> str:
    m = re.search(rf"\b{re.escape(word)}\w*", question, re.I)
    return m.group(0) if m else ""
