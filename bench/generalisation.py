"""How `ckg ask` does on documents and questions it was not tuned on.

usage: python bench/generalisation.py [--store DIR] [--misses] [--unseen DIR]

The question files in bench/questions/ were written by a contributor who did not look at the
engine, about documents without evaluation questions: the three West Sussex needs
assessments in ../shared/corpus-unseen (PDFs) and the three bundled documents that have no
questions in ../shared/eval. Answerable questions are scored like qa_score.py does
(hit@1, hit@5 with the must-mention rule); questions marked "unanswerable" count as right
when ckg returns no answer (an honest miss). The BM25 baseline is scored beside, as in
bench/answers.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from answers import qa_module
from common import CORPUS, EVAL, OUT, load_json

QUESTIONS = Path(__file__).resolve().parent / "questions"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", default=str(OUT / "generalisation-store"))
    ap.add_argument("--unseen", default=str(EVAL.parent / "corpus-unseen"))
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()

    from ckg.kg import KnowledgeGraph

    kg = KnowledgeGraph(args.store)
    paths = [str(CORPUS)] + ([args.unseen] if Path(args.unseen).is_dir() else [])
    report = kg.build(paths, progress=False)
    kg.close()
    if not report.ok:
        sys.exit(f"build failed: {[o.reason for o in report.failed]}")
    qa = qa_module()
    kg = KnowledgeGraph(args.store)
    rows = []
    for qfile in sorted(QUESTIONS.glob("*.json")):
        h1 = h5 = n = honest = n_un = 0
        for q in load_json(qfile):
            answer = kg.ask(q["question"])
            answers = answer.get("answers") or []
            if q.get("unanswerable"):
                n_un += 1
                honest += not answers
                if args.misses and answers:
                    print(f"  INVENTED {q['id']}: {q['question']!r} -> {answers[0]['label'][:80]!r}")
                continue
            n += 1
            r1, r5 = qa.first_hit(q, answers, 1), qa.first_hit(q, answers, 5)
            h1 += bool(r1)
            h5 += bool(r5)
            if args.misses and not r1:
                got = [a["label"][:60] for a in answers[:3]]
                print(
                    f"  MISS{'@1' if r5 else '  '} {q['id']} [{answer.get('intent')}]: {q['question']!r} "
                    f"expected {q['expected'][:2]} {q.get('must_mention')} got {got}"
                )
        rows.append((qfile.stem, n, h1, h5, n_un, honest))
    kg.close()
    print(f"\nGeneralisation: questions written without the engine in view ({QUESTIONS})")
    print(f"{'document':<62}{'n':>4}{'hit@1':>7}{'hit@5':>7}{'honest misses':>15}")
    tn = th1 = th5 = tun = thon = 0
    for stem, n, h1, h5, n_un, honest in rows:
        print(f"{stem[:60]:<62}{n:>4}{h1 / max(1, n):>7.2f}{h5 / max(1, n):>7.2f}{f'{honest}/{n_un}':>15}")
        tn, th1, th5, tun, thon = tn + n, th1 + h1, th5 + h5, tun + n_un, thon + honest
    print(f"{'all':<62}{tn:>4}{th1 / max(1, tn):>7.2f}{th5 / max(1, tn):>7.2f}{f'{thon}/{tun}':>15}")
    print(
        json.dumps(
            {
                "hit@1": round(th1 / max(1, tn), 3),
                "hit@5": round(th5 / max(1, tn), 3),
                "honest": f"{thon}/{tun}",
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
