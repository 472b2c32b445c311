"""The ranker: one table of weights over the named features, read from a data file.

``ranker.json`` beside this module holds the feature names, their standardisation (mean and
scale of each over the training candidates), one weight per feature, the intercept and the
recipe that made them (learner, its settings, the questions and documents it saw, the
command). It is written by ``bench/fit_ranker.py`` and by nothing else; nobody edits it by
hand. A candidate's score is the logistic of its weighted, standardised features, and
``explain`` names the features that carried it, for the answer's ``why``.

>>> r = LinearRanker(("a", "b"), [0.0, 0.0], [1.0, 1.0], [2.0, -1.0], 0.0, {})
>>> [round(float(s), 3) for s in r.scores([[1.0, 0.0], [0.0, 1.0]])]
[0.881, 0.269]
>>> r.explain([1.0, 0.0])
['a']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ckg.queries.ask.features import FEATURES

WEIGHTS_FILE = "ranker.json"
# Plain words for the features, for ``why``.
DESCRIPTIONS = {
    "retrieval": "its passage matched the question",
    "bm25": "its passage shares the question's words",
    "dense": "its passage means what the question asks",
    "window": "the passages around it share the question's words",
    "top_rank": "the best passage",
    "sentence_overlap": "its sentence holds the question's words",
    "asked_overlap": "its sentence holds what is asked",
    "passage_overlap": "its passage holds the question's words",
    "section_overlap": "its section is about the question",
    "proximity": "it sits next to the question's words",
    "type_rank": "the kind of answer asked for",
    "is_graph": "a fact in the graph",
    "is_span": "read from the text",
    "is_sentence": "the sentence that says it",
    "graph_and_text": "in the graph and the text",
    "relation_asked": "stands in the relation asked about",
    "verb_in_sentence": "its sentence uses the question's verb",
    "subject_link": "tied to the body asked about",
    "area_match": "the area asked about",
    "doc_named": "the document asked about",
    "focus_doc": "the document the question is about",
    "topic_match": "the topic asked about",
    "year_match": "the year asked about",
    "amount_match": "the sum asked about",
    "date_side": "a date printed as the end or start the question asks about",
    "head_in_label": "the kind of body asked for",
    "role_match": "the post asked for",
    "contact_detail": "has contact details",
    "support": "stated in several places",
    "list_size_match": "as many items as asked",
    "count_fit": "counts what is asked",
    "share_fit": "a share, as asked",
    "issue_date": "the date the document was issued",
    "fit_x_overlap": "fits, in a sentence holding the question's words",
    "fit_x_retrieval": "fits, in a well-matched passage",
    "widened": "a line around a matching passage",
    "verb_at_answer": "the question's verb is next to it",
    "subject_in_sentence": "its sentence names the body asked about",
    "area_other": "another area's document",
    "year_conflict": "other years than asked",
    "relation_related": "stands in a related relation",
    "relation_other": "stands in another relation",
    "item_overlap": "what it relates to is what is asked",
    "named_in_question": "the question names it",
    "label_dense": "its name means what is asked",
    "label_echo": "its words are the question's",
    "echo_entity": "its name repeats the question",
    "label_words": "a fuller answer",
    "label_idf": "a specific name",
    "sentence_has_type": "its sentence holds the kind of answer asked for",
    "overlap_rel": "its sentence holds more of the question than the others",
    "retrieval_rel": "its passage matched better than the others",
    "best_of_type": "the best of its kind",
}


@dataclass
class LinearRanker:
    features: tuple[str, ...]
    mean: Any
    scale: Any
    weights: Any
    bias: float
    recipe: dict[str, Any]

    def __post_init__(self) -> None:
        self.mean = np.asarray(self.mean, dtype=np.float64)
        self.scale = np.asarray(self.scale, dtype=np.float64)
        self.weights = np.asarray(self.weights, dtype=np.float64)
        self.scale[self.scale == 0] = 1.0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearRanker:
        """Weights by feature name: a feature the file does not know weighs nothing (refit to use it)."""
        names = list(data["features"])
        pos = {n: i for i, n in enumerate(names)}
        pick = [pos.get(n) for n in FEATURES]

        def take(values: list[float], default: float) -> list[float]:
            return [values[i] if i is not None else default for i in pick]

        return cls(
            FEATURES,
            take(data["mean"], 0.0),
            take(data["scale"], 1.0),
            take(data["weights"], 0.0),
            float(data["bias"]),
            dict(data.get("recipe", {})),
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> LinearRanker:
        if path is None:
            text = resources.files("ckg.queries.ask").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(float(self.bias), 6),
            "recipe": self.recipe,
        }

    def margins(self, x: Any) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        if x.shape[0] == 0:
            return np.zeros(0)
        return ((x - self.mean) / self.scale) @ self.weights + self.bias

    def scores(self, x: Any) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.margins(x)))

    def explain(self, x: Any, top: int = 3) -> list[str]:
        """The features that raised this candidate most above an average one, strongest first."""
        contrib = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) * self.weights
        order = [i for i in np.argsort(-contrib) if contrib[i] > 0.05][:top]
        return [self.features[i] for i in order]
