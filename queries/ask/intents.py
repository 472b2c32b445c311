"""What a question asks for: who-funds, who-commissions, who-provides, contact, priorities,
intentions, amount, documents or relationship.

Learned from examples with the embedding model (nearest example questions vote), combined
with cue words that are decisive when present ("how much" is an amount question whatever
else it says). The examples are generic phrasings of each intent, written for the genre;
new intents or phrasings are added here as data, not as rules per question.

>>> cue_scores("how much goes to CAMHS from the PCT?")["amount"] > 0
True
>>> max(cue_scores("who do I ring about the strategy").items(), key=lambda kv: kv[1])[0]
'contact'
"""

from __future__ import annotations

import re

import numpy as np

INTENTS = (
    "who-funds",
    "who-commissions",
    "who-provides",
    "contact",
    "priorities",
    "intentions",
    "amount",
    "documents",
    "relationship",
)

EXAMPLES: dict[str, tuple[str, ...]] = {
    "who-funds": (
        "who funds youth services",
        "who pays for school nursing",
        "which body funds the project",
        "where does the money for substance misuse come from",
        "who is paying for the new centres",
        "which partner contributes money to the programme",
        "who provided the grant",
        "how is the service funded",
        "who puts money into early help",
        "funded by whom",
        "which council contributes to the budget",
        "who gave the capital funding",
    ),
    "who-commissions": (
        "who commissions mental health services for children",
        "who is responsible for commissioning health visiting",
        "which organisation commissions the service",
        "who buys services for looked after children",
        "who decides what is commissioned",
        "which body has to commission the service",
        "who approves jointly funded care packages",
        "who is the commissioner of the contract",
        "who commissions and who provides the service",
        "who will commission the new service",
    ),
    "who-provides": (
        "who runs the service",
        "who provides speech and language therapy",
        "which team deals with missing children",
        "who delivers the programme",
        "which organisation delivers parenting support",
        "which providers are on the approved list",
        "who is the current provider",
        "which team handles exploitation cases",
        "who operates the short break centre",
        "which voluntary organisations provide activities",
    ),
    "contact": (
        "who should I contact about commissioning",
        "email address for the head of commissioning",
        "phone number for more information",
        "who do I ring about the plan",
        "contact details for the lead officer",
        "who is the named contact",
        "what is the address to write to",
        "who can I speak to about the strategy",
        "name of the commissioning manager",
        "how do I get in touch with the team",
    ),
    "priorities": (
        "what are the priorities of the plan",
        "what are the key priorities",
        "what does the strategy focus on",
        "is domestic abuse one of the priorities",
        "what are the themes of the strategy",
        "what are the outcomes the partnership wants",
        "areas of focus for looked after children",
        "what needs to improve",
        "what are the strategic aims",
        "what objectives does the board have",
    ),
    "intentions": (
        "what is being commissioned for young carers",
        "when will the service be re-tendered",
        "what are the plans for residential provision",
        "what new services are planned",
        "is there a plan to develop a new unit",
        "what will be commissioned next year",
        "when does the contract start",
        "what are the commissioning intentions",
        "will the service be decommissioned",
        "what is going to happen to the contract",
        "by when should the new centres be open",
        "are there plans to extend the service",
    ),
    "amount": (
        "how much money goes to the service",
        "what is the budget for placements",
        "how much does it cost",
        "what is the total spend on children's services",
        "how much funding was provided",
        "what is the value of the contract",
        "how big is the pooled budget",
        "what is the threshold for tendering",
        "how much has been set aside",
        "what is the amount allocated",
        "has the budget been cut",
    ),
    "documents": (
        "which act requires a children's trust",
        "what strategy underpins the work",
        "which report does the guide quote",
        "what documents does the plan refer to",
        "which legislation applies",
        "what is the name of the strategy",
        "who wrote the report",
        "which guidance sets out the duties",
        "which plan covers these services",
    ),
    "relationship": (
        "how many groups are there",
        "which part of the council is the team in",
        "who chairs the group",
        "which boards sit alongside the partnership",
        "what do the two bodies do jointly",
        "who is the board accountable to",
        "which sub groups report to the board",
        "who are the members of the trust",
        "how is the partnership organised",
        "what is the relationship between the council and the trust",
    ),
}

# Cue patterns: (intent, regex, weight). A cue is evidence, not a verdict; weights add up.
CUES: tuple[tuple[str, str, float], ...] = (
    (
        "who-funds",
        r"\b(?:who|which|what)\b.{0,40}\b(?:funds?|funding|funded|pays?|paid|paying|grant|money)\b",
        1.0,
    ),
    (
        "who-funds",
        r"\bwhere does\b.{0,40}\bcome from\b|\bchips? in\b|\bputs? (?:up|in)\b.{0,30}\bmoney\b|"
        r"\bhow is\b.{0,40}\bfunded\b|\bput up\b",
        1.2,
    ),
    (
        "who-commissions",
        r"\b(?:who|which)\b.{0,50}\bcommission(?:s|ed|ing|er)?\b|responsible for commissioning|"
        r"\bsigns? off\b|\bsteers?\b|\bapproves?\b",
        1.0,
    ),
    (
        "who-provides",
        r"\b(?:who|which)\b.{0,50}\b(?:runs?|provides?|provider|delivers?|deals? with|operates?|"
        r"handles?)\b|\bwhich team\b|\bapproved providers?\b",
        1.0,
    ),
    (
        "contact",
        r"\b(?:contact|email|e-mail|phone|telephone|ring|call|address|freepost|get in touch|speak to)\b",
        1.3,
    ),
    ("contact", r"\bname of the\b.{0,40}\b(?:manager|officer|director|lead|head)\b|\bchief exec", 0.8),
    (
        "contact",
        r"\bwho (?:wrote|authored|drafted|prepared|produced|compiled|carried out|conducted|undertook|"
        r"published|did)\b|\bwritten by\b|\bauthors?\b|\bwho(?:'s| is) behind\b",
        2.2,
    ),
    ("intentions", r"\brecommend", 1.2),
    (
        "priorities",
        r"\bpriorit\w*|\bfocus(?:es)? on\b|\bareas? of focus\b|\bthemes?\b|\bobjectives?\b|"
        r"\boutcomes?\b|\bneeds? to improve\b|\baims?\b",
        1.0,
    ),
    (
        "intentions",
        r"\b(?:plan(?:s|ned)?|planning)\b|\bre-?tender|\bre-?commission|\bdecommission|\bwhen\b|"
        r"\bby when\b|\bgoing to\b|\bwill\b.{0,30}\b(?:get|be|have)\b|\bwhat'?s being commissioned\b|"
        r"\bcommissioned for\b|\badvertised\b",
        0.9,
    ),
    (
        "amount",
        r"\bhow much\b|\bbudget\b|\bcost\b|\bspend\b|\bvalue of\b|£|\bamount\b|\bfigure\b|"
        r"\bcontract value\b|\bthreshold\b|\bset aside\b|\bbeen cut\b",
        1.3,
    ),
    (
        "documents",
        r"\b(?:which|what)\b.{0,20}\b(?:act|law|legislation|bill|strategy|report|document|guidance|"
        r"white paper)\b|\bwho wrote\b|\bunderpins?\b",
        1.1,
    ),
    (
        "relationship",
        r"\bhow many\b|\bwhich part of\b|\bchairs?\b|\bsits? (?:in parallel|alongside|under)\b|"
        r"\bjointly\b|\bmembers?\b|\baccountable\b|\breports? to\b|\bin parallel\b",
        1.0,
    ),
)
_COMPILED = [(intent, re.compile(p, re.I), w) for intent, p, w in CUES]


def cue_scores(question: str) -> dict[str, float]:
    scores = dict.fromkeys(INTENTS, 0.0)
    for intent, pattern, weight in _COMPILED:
        if pattern.search(question):
            scores[intent] += weight
    return scores


class IntentClassifier:
    """k-nearest example questions (cosine on MiniLM embeddings) plus cue words."""

    def __init__(self, embed) -> None:
        self._embed = embed
        labels, texts = [], []
        for intent, examples in EXAMPLES.items():
            for e in examples:
                labels.append(intent)
                texts.append(e)
        self._labels = labels
        self._vectors = embed(texts)

    def scores(self, question: str, vector: np.ndarray | None = None) -> dict[str, float]:
        q = vector if vector is not None else self._embed([question])[0]
        sims = self._vectors @ q
        knn: dict[str, float] = dict.fromkeys(INTENTS, 0.0)
        for i in np.argsort(-sims)[:7]:
            knn[self._labels[i]] += float(max(sims[i], 0.0))
        total = sum(knn.values()) or 1.0
        cues = cue_scores(question)
        return {k: knn[k] / total + 0.6 * cues[k] for k in INTENTS}

    def classify(self, question: str, vector: np.ndarray | None = None) -> tuple[str, dict[str, float]]:
        scores = self.scores(question, vector)
        best = max(INTENTS, key=lambda k: (scores[k], -INTENTS.index(k)))
        return best, scores
