"""Fitting the ranker's weights: a simple, deterministic learner over candidate features.

Input: one group per training question, the feature matrix of its candidates and which of
them are right answers. Two learners, both scikit-learn logistic regression (lbfgs, no
randomness: the same groups give the same weights):

- ``pointwise``: every candidate is an example, right or wrong, classes balanced;
- ``pairwise``: every pair of candidates of one question whose grades differ (the answer
  itself 2, a statement holding it 1, wrong 0) is an example of "ranks above" (a
  RankNet-style logistic model on feature differences);

Features are standardised over the training candidates first; mean and scale are kept with
the weights so the same transform applies at answer time. Used by bench/fit_ranker.py (which
writes queries/ask/ranker.json) and bench/answers.py (leave-one-document-out).

>>> import numpy as np
>>> groups = [(np.array([[1.0, 0.2], [0.1, 0.9], [0.0, 0.1]]), np.array([1, 0, 0])),
...           (np.array([[0.9, 0.8], [0.2, 0.1]]), np.array([1, 0]))]
>>> r = fit(groups, ("x", "y"), method="pairwise")
>>> bool(r.weights[0] > 0)
True
>>> fit(groups, ("x", "y")).to_dict() == fit(groups, ("x", "y")).to_dict()
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ckg.queries.ask.ranker import LinearRanker

Group = tuple[np.ndarray, np.ndarray]  # (features of a question's candidates, grade: 0 wrong, 1, 2 best)
MAX_PAIRS = 400  # per question: the best-retrieved wrong candidates matter most, and this bounds time


def _standardise(groups: Sequence[Group]) -> tuple[np.ndarray, np.ndarray]:
    rows = np.vstack([x for x, _ in groups if len(x)])
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def _pairs(groups: Sequence[Group], mean: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    diffs = []
    for x, y in groups:
        z = (x - mean) / scale
        # the best grade present above every lower one: the answer itself above the sentence holding
        # it and above the wrong ones; a sentence holding it above the wrong ones only where the
        # question has no better answer
        top = int(y.max()) if len(y) else 0
        pairs = (
            [(i, j) for i in np.flatnonzero(y == top) for j in np.flatnonzero(y < top)][:MAX_PAIRS]
            if top
            else []
        )
        for i, j in pairs:
            diffs.append(z[i] - z[j])
    if not diffs:
        raise ValueError("no question has both a right and a wrong candidate: nothing to learn from")
    d = np.vstack(diffs)
    # both orders, so the model has two classes and no intercept is needed
    return np.vstack([d, -d]), np.concatenate([np.ones(len(d)), np.zeros(len(d))])


def fit(
    groups: Sequence[Group],
    features: Sequence[str],
    method: str = "pairwise",
    c: float = 1.0,
    recipe: dict[str, Any] | None = None,
) -> LinearRanker:
    """Weights for ``features`` from the groups; deterministic for the same input."""
    from sklearn.linear_model import LogisticRegression

    groups = [(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.int64)) for x, y in groups if len(x)]
    if not groups:
        raise ValueError("no training candidates")
    mean, scale = _standardise(groups)
    if method == "pairwise":
        x, y = _pairs(groups, mean, scale)
        model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
        model.fit(x, y)
        bias = 0.0
    elif method == "pointwise":
        x = (np.vstack([g[0] for g in groups]) - mean) / scale
        y = (np.concatenate([g[1] for g in groups]) > 0).astype(np.int64)
        if y.min() == y.max():
            raise ValueError("the training candidates are all right or all wrong: nothing to learn from")
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        model.fit(x, y)
        bias = float(model.intercept_[0])
    else:
        raise ValueError(f"unknown learner {method!r} (pairwise or pointwise)")
    info = {
        "learner": f"scikit-learn LogisticRegression, {method}",
        "C": c,
        "questions": len(groups),
        "candidates": int(sum(len(g[0]) for g in groups)),
        "right_answers": int(sum(int((g[1] > 0).sum()) for g in groups)),
    }
    info.update(recipe or {})
    return LinearRanker(tuple(features), mean, scale, model.coef_[0], bias, info)
