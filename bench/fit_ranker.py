"""Fit the ranker's weights on every question and write queries/ask/ranker.json with its recipe.

usage: python bench/fit_ranker.py [--method pairwise|pointwise] [--c 1.0] [--out PATH]

The only way ranker.json is made. It reads every question (../shared/eval/questions and
bench/questions) with the engine over bench/out/qa-store, labels each candidate by
qa_score.py's rule (bench/qa_folds.py), fits queries.ask.learn on all of them and saves the
weights with the recipe: learner, settings, question and document counts, the date and this
command. bench/answers.py reports how these settings do when the document scored is left out
of the fit (the figure that counts); run it before and after changing anything here.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from answers import collect, groups_of
from qa_folds import STORE, build, items, qa_module

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", default=str(STORE))
    ap.add_argument("--method", default="pairwise", choices=("pairwise", "pointwise"))
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--out", default=str(ROOT / "queries" / "ask" / "ranker.json"))
    args = ap.parse_args()

    from ckg.kg import KnowledgeGraph
    from ckg.queries.ask.features import FEATURES
    from ckg.queries.ask.learn import fit

    build(Path(args.store))
    kg = KnowledgeGraph(args.store)
    all_items = items()
    rows = collect(kg.engine, qa_module(), all_items)
    kg.close()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    recipe = {
        "script": f"python bench/fit_ranker.py --method {args.method} --c {args.c}",
        "labels": "qa_score.py's rule per candidate: label matches an expected answer, must-mention strings held",
        "question_sets": {
            "eval": sum(1 for it in all_items if it.source == "eval"),
            "ours": sum(1 for it in all_items if it.source == "ours"),
        },
        "documents": sorted({it.fold for it in all_items}),
        "fitted_at": datetime.date.today().isoformat(),
        "code": commit.stdout.strip() or None,
    }
    ranker = fit(groups_of(rows, lambda it: True), FEATURES, args.method, args.c, recipe)
    Path(args.out).write_text(json.dumps(ranker.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {ranker.recipe['questions']} questions, {ranker.recipe['candidates']} candidates"
    )
    for name, w in sorted(zip(ranker.features, ranker.weights, strict=True), key=lambda nw: -abs(nw[1]))[:12]:
        print(f"  {name:<20}{w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
