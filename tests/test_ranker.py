"""The ranker's weights are data: fitted by a deterministic learner, shipped with their recipe.

The learner (queries.ask.learn, scikit-learn logistic regression) must give the same weights for
the same folds, so a benchmark's cross-validated figure can be reproduced; the shipped table
(queries/ask/ranker.json) must cover every feature the engine computes and say how it was made.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from ckg.queries.ask.features import FEATURES
from ckg.queries.ask.learn import fit
from ckg.queries.ask.ranker import DESCRIPTIONS, LinearRanker


def synthetic_groups(seed: int, n: int = 40) -> list[tuple[np.ndarray, np.ndarray]]:
    """Questions whose right answer scores higher on the first two features, plus noise."""
    rng = np.random.default_rng(seed)
    groups = []
    for _ in range(n):
        x = rng.random((12, 5))
        y = np.zeros(12, dtype=np.int64)
        best = int(np.argmax(x[:, 0] + 0.5 * x[:, 1] + 0.1 * rng.random(12)))
        y[best] = 2
        y[(best + 1) % 12] = 1  # a statement holding the answer, below the answer itself
        groups.append((x, y))
    return groups


@pytest.mark.parametrize("method", ["pairwise", "pointwise"])
def test_same_folds_give_the_same_weights(method):
    names = ("a", "b", "c", "d", "e")
    first = fit(synthetic_groups(1), names, method).to_dict()
    again = fit(synthetic_groups(1), names, method).to_dict()
    assert first == again
    other = fit(synthetic_groups(2), names, method).to_dict()
    assert other["weights"] != first["weights"], "different training questions, different weights"


def test_the_learner_finds_the_features_that_carry_the_answer():
    r = fit(synthetic_groups(3, 80), ("a", "b", "c", "d", "e"), "pairwise")
    assert r.weights[0] > r.weights[1] > max(abs(w) for w in r.weights[2:])
    # held-out questions of the same kind are ranked right
    held = synthetic_groups(4, 30)
    right = sum(int(y[int(np.argmax(r.margins(x)))] == 2) for x, y in held)
    assert right >= 24


def test_a_learner_with_nothing_to_learn_says_so():
    x = np.ones((3, 2))
    with pytest.raises(ValueError, match="nothing to learn"):
        fit([(x, np.zeros(3, dtype=np.int64))], ("a", "b"), "pairwise")
    with pytest.raises(ValueError, match="unknown learner"):
        fit([(x, np.array([1, 0, 0]))], ("a", "b"), "boosted")


def test_the_shipped_weights_cover_every_feature_and_carry_their_recipe():
    data = json.loads(resources.files("ckg.queries.ask").joinpath("ranker.json").read_text())
    assert data["features"] == list(FEATURES), "refit with bench/fit_ranker.py after changing features"
    assert len(data["weights"]) == len(data["mean"]) == len(data["scale"]) == len(FEATURES)
    recipe = data["recipe"]
    assert recipe["script"].startswith("python bench/fit_ranker.py")
    assert recipe["questions"] > 100 and recipe["right_answers"] > 0
    assert "eval" in recipe["question_sets"] and "ours" in recipe["question_sets"]
    assert len(recipe["documents"]) >= 5


def test_a_stale_weights_file_still_loads_by_feature_name():
    data = json.loads(resources.files("ckg.queries.ask").joinpath("ranker.json").read_text())
    data = {**data, "features": [*data["features"][:-1], "a feature since removed"]}
    r = LinearRanker.from_dict(data)
    assert r.features == FEATURES
    assert r.weights[-1] == 0.0  # a feature the file does not know weighs nothing


def test_explain_names_features_that_raised_the_answer():
    r = LinearRanker.load()
    x = np.array(r.mean) + 3 * np.array(r.scale) * np.sign(r.weights)
    named = r.explain(x)
    assert named and all(n in FEATURES for n in named)
    assert set(FEATURES) <= set(DESCRIPTIONS), "every feature can be named in an answer's why"
