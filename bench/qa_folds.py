"""Questions, folds, candidates and labels: what bench/answers.py and bench/fit_ranker.py share.

- The store: every document with questions (the bundled corpus, ../shared/corpus-unseen,
  bench/documents), built once under bench/out/qa-store (cached between runs).
- The questions: the development set (../shared/eval/questions, "eval") and ours
  (bench/questions, written without the engine in view, "ours"). A fold is a document: all
  questions about it, from either set.
- Candidates: ``engine.collect`` for each question (everything but the weights), once.
- Labels: a candidate is right when qa_score.py would count it a hit on its own: its label
  matches an expected answer and its label, why and quotes hold every must-mention string.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CORPUS, EVAL, OUT, load_json

BENCH = Path(__file__).resolve().parent
OURS = BENCH / "questions"
DOCUMENTS = [CORPUS, EVAL.parent / "corpus-unseen", BENCH / "documents"]
STORE = OUT / "qa-store"


def qa_module():
    spec = importlib.util.spec_from_file_location("qa_score", EVAL / "qa_score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@dataclass
class Item:
    fold: str  # the document the question is about (its file stem)
    source: str  # eval | ours
    q: dict

    @property
    def answerable(self) -> bool:
        return not self.q.get("unanswerable")


def items() -> list[Item]:
    out = []
    for source, folder in (("eval", EVAL / "questions"), ("ours", OURS)):
        for f in sorted(folder.glob("*.json")):
            out += [Item(f.stem, source, q) for q in load_json(f)]
    return out


def document_paths() -> list[str]:
    return [str(p) for p in DOCUMENTS if p.is_dir()]


def build(store: Path = STORE) -> None:
    from ckg.kg import KnowledgeGraph

    kg = KnowledgeGraph(str(store))
    report = kg.build(document_paths(), progress=False)
    kg.close()
    if not report.ok:
        sys.exit(f"build failed: {[o.reason for o in report.failed]}")


def lite_answer(c) -> dict:
    """What qa_score.py reads of an answer, as the engine writes it (without a list's siblings)."""
    from ckg.queries.ask.answers import fact_why, quoted

    evidence = [
        {"quote": e.quote, "document": e.passage.doc_title, "section": e.passage.section} for e in quoted(c)
    ]
    return {"label": c.label, "why": fact_why(c.facts[0]) if c.facts else "", "evidence": evidence}


def labels(qa, item: Item, candidates) -> np.ndarray:
    """Graded: 2 = the answer itself (its label is an expected answer, give or take a few words),
    1 = an answer qa_score.py counts right (a label holding an expected answer, like the sentence
    that states it), 0 = wrong. The ranker learns to put the answer before the sentence holding it."""
    q = item.q
    exp, must = q.get("expected") or [], q.get("must_mention") or []
    y = np.zeros(len(candidates), dtype=np.int64)
    if not item.answerable:
        return y
    for i, c in enumerate(candidates):
        matching = [e for e in exp if qa.label_matches(e, c.label)]
        if exp and not matching:
            continue
        if qa.mentions_ok(must, [qa.answer_text(lite_answer(c))]):
            precise = not exp or any(len(qa.norm(c.label)) <= 1.5 * len(qa.norm(e)) + 12 for e in matching)
            y[i] = 2 if precise else 1
    return y


def hit(qa, item: Item, answers: list[dict], k: int) -> bool:
    return bool(qa.first_hit(item.q, answers, k))


# ------------------------------------------------------------------ baselines
def chunk_600(text: str) -> list[str]:
    """Paragraphs of about 600 characters, cut the way qa_score.py cuts its BM25 baseline's."""
    paras, block = [], []
    for line in [*text.splitlines(), ""]:
        if line.strip():
            block.append(line.strip())
            if sum(len(b) for b in block) > 600:
                paras.append(" ".join(block))
                block = []
        elif block:
            paras.append(" ".join(block))
            block = []
    return paras


def document_texts() -> list[str]:
    """The whole text of every document in the store, as the loaders read it."""
    from ckg.loaders.registry import load_file

    out = []
    for folder in DOCUMENTS:
        if not folder.is_dir():
            continue
        for f in sorted(folder.iterdir()):
            if f.suffix.lower() in (".txt", ".md", ".pdf", ".docx", ".html", ".htm"):
                out.append(load_file(f).text)
    return out


def lenient_hit(qa, q: dict, texts: list[str]) -> bool:
    """qa_score.py's baseline rule: an expected name anywhere in the texts and every must-mention."""
    exp = q.get("expected") or []
    ok = (not exp) or any(qa.norm(e) in qa.norm(" ".join(texts)) for e in exp)
    return ok and qa.mentions_ok(q.get("must_mention"), texts)


def median(values: list[float]) -> float:
    v = sorted(values)
    return v[len(v) // 2] if v else 0.0


def words_in(label: str, quote: str) -> bool:
    """Does the quote hold the label's words (for span answers)?"""
    norm = lambda s: re.sub(r"[^a-z0-9£%]+", " ", s.lower()).split()  # noqa: E731
    have = set(norm(quote))
    return all(w in have for w in norm(label))
