"""Which loaded document a question is about, when it says so ("according to the 2019 sufficiency
strategy", "in the CYPP", "per the council's framework").

A phrase naming a document is a scope, not a topic: its words ("framework", "commissioning",
"2010") match every passage of the title page and none of the answer. The engine narrows
retrieval to the document named and leaves those words out of what it matches.

>>> s = DocumentScope({"d1": "Elmshire Sufficiency Strategy 2019-2022", "d2": "Elmshire Youth Plan"},
...                   {"d1": ["Strategy", "Elmshire County Council", "ECC"], "d2": ["Plan"]},
...                   {"d1": [2019], "d2": [2021]})
>>> s.scope("how many homes does the council run, according to the 2019 sufficiency strategy?")[0]
'd1'
>>> s.scope("who funds the youth hub?") is None
True

Words most titles share tell no document apart, and a phrase whose telling words no title
holds names something else (a section, a plan not loaded):

>>> s.scope("which board drives the transformation plan?") is None
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from ckg.queries.ask.linking import acronym_of
from ckg.queries.ask.retrieval import tokens

_DOC_NOUNS = (
    r"framework|strategy|plan|report|assessment|guide|guidance|document|review|agreement|statement|policy|"
    r"paper|cypp|jsna|na|mps|s75"
)
DOC_PHRASE = re.compile(
    r"(?:,\s*)?\b(?:according to|per|in|under|from|within|of|by|as set out in|says? in|does|did|do)\s+(?:the\s+|their\s+|its\s+)?"
    rf"(?P<doc>(?:[\w'’&/()-]+\s+){{0,7}}?(?:{_DOC_NOUNS})(?:\s*\(?\b(?:19|20)\d\d(?:\s*[-–/]\s*\d{{2,4}})?\)?)?)\b\)?",
    re.I,
)
# of the phrase's weight a document's names must hold to be the one meant: most of it, so that
# "the strategic change plan" (a plan the text names) is not a loaded strategy that shares two words
MIN_SHARE = 2 / 3


class DocumentScope:
    def __init__(
        self, titles: dict[str, str], names: dict[str, Iterable[str]], years: dict[str, Iterable[int]]
    ) -> None:
        self.words: dict[str, set[str]] = {}
        for doc, title in titles.items():
            bag = set(tokens(title))
            core = re.sub(r"^\S+\s+", "", title)  # without the place: "Children and Young People's Plan"
            for name in [title, core, *names.get(doc, ())]:
                bag |= set(tokens(name))
                for acr in {acronym_of(name), acronym_of(core)}:
                    if len(acr) >= 2:
                        bag.add(acr.lower())
            bag |= {str(y) for y in years.get(doc, ())}
            self.words[doc] = bag
        # A word is worth as much as it tells documents apart: "strategy" or "county" in most
        # titles names none of them; "sufficiency" in one names it. Weight = log(1 + N / df).
        n = max(1, len(self.words))
        df: dict[str, int] = {}
        for bag in self.words.values():
            for w in bag:
                df[w] = df.get(w, 0) + 1
        self.weight = {w: math.log(1 + n / d) for w, d in df.items()}
        self.unknown_weight = math.log(1 + n)  # a word no title holds: as telling as the rarest

    def scope(self, question: str) -> tuple[str, int, int] | None:
        """(document, start, end of the phrase naming it) or None when no phrase names one clearly."""
        for m in DOC_PHRASE.finditer(question):
            phrase = m.group("doc")
            words = set(tokens(phrase)) | set(re.findall(r"\b(?:19|20)\d\d\b", phrase))
            if not words:
                continue
            total = sum(self.weight.get(w, self.unknown_weight) for w in words)
            scored = sorted(
                ((sum(self.weight[w] for w in words & bag) / total, doc) for doc, bag in self.words.items()),
                reverse=True,
            )
            best = scored[0] if scored else (0.0, None)
            runner = scored[1][0] if len(scored) > 1 else 0.0
            if best[0] >= MIN_SHARE and best[0] > runner:
                return best[1], m.start(), m.end()
        return None
