"""Extraction quality against the hand-made gold: precision, recall and F1 per kind.

usage: python bench/extraction.py [--store DIR] [--show-misses KIND] [--json]

Builds (or updates) a store with the documents the gold files annotate, reads what the
*graph* says about each document through SPARQL (bench/sparql/*.rq), and compares it with
the development gold ``../shared/eval/gold/*.json`` and ours, ``bench/gold/*.json`` (annotated
by hand before looking at what ckg extracts: a West Sussex needs assessment and two invented
documents of other genres). Prints P/R/F1 per kind for each document, per gold set and in all,
and the spread between the best and worst document per kind.

Matching rule (one-to-one, greedy by best score; each gold item and each extracted item is
used at most once):
- organisations: a gold body matches an extracted body when any gold name/alias equals any
  extracted label/altLabel after normalisation, or the best token-set fuzzy ratio between
  them is >= 90.
- priorities, intentions: fuzzy token-set ratio >= 85 (priorities) / 80 (intentions)
  between the gold text and the extracted label, after normalisation.
- services: token-set ratio >= 85 between names.
- funding: the amount is equal (both absent counts, e.g. "To be advised") AND the funder is
  right (gold funder null <=> no funder extracted; else the gold funder matches the extracted
  funder's labels as for organisations) AND, when the amount is absent, the item text
  matches (token-set ratio >= 80). Several lines may share an amount; ties go to the best
  item-text match.
- contacts: names match (ratio >= 90) and, where the gold gives them, the email
  (case-insensitive) and phone (digits, ignoring a leading 0/44) agree.
- referenced documents: token-set ratio >= 85 between titles.
Normalisation: NFKC, lower case, "&" -> "and", quotes dropped, punctuation to spaces.

Then precision by extraction method and by confidence band (``prov:wasGeneratedBy`` and
``ckg:confidence``, see loaders/extract/methods.py): of the extracted items read by each
method, or with a confidence in each band, the share that matched a gold item, pooled over
every kind, for all gold documents and for the development gold (../shared/eval) alone. Nothing
is fitted to these: they say whether the priors' order holds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import EVAL, OUT, corpus_file, gold_files, load_json

BENCH = Path(__file__).resolve().parent
OUR_GOLD = BENCH / "gold"
OUR_DOCUMENTS = [BENCH / "documents", EVAL.parent / "corpus-unseen"]


def our_golds() -> list[tuple[str, dict, Path]]:
    """Our gold files and the documents they annotate (bench/documents or ../shared/corpus-unseen)."""
    out = []
    for f in sorted(OUR_GOLD.glob("*.json")):
        gold = load_json(f)
        path = next((d / gold["file"] for d in OUR_DOCUMENTS if (d / gold["file"]).is_file()), None)
        if path is None:
            print(f"skipping {f.name}: {gold['file']} not found in {[str(d) for d in OUR_DOCUMENTS]}")
            continue
        out.append((f.stem, gold, path))
    return out


KINDS = (
    "organisations",
    "priorities",
    "intentions",
    "services",
    "funding",
    "contacts",
    "referenced_documents",
)
SPARQL_DIR = Path(__file__).resolve().parent / "sparql"


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").lower().replace("&", " and ")
    s = re.sub(r"[\u2018\u2019'`\"“”]", "", s)
    s = re.sub(r"[^a-z0-9£.]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def ratio(a: str, b: str) -> float:
    return fuzz.token_set_ratio(norm(a), norm(b)) if a and b else 0.0


def digits(phone: str | None) -> str:
    d = re.sub(r"\D", "", phone or "")
    return re.sub(r"^(?:44|0)", "", d)


# ---------------------------------------------------------------------------- graph side
def query(kg, name: str, doc_iri: str):
    from rdflib import URIRef

    text = (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")
    return kg.sparql(text, {"doc": URIRef(doc_iri)}).values()


def extracted(kg, doc_iri: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    orgs: dict[str, dict] = {}
    for r in query(kg, "orgs", doc_iri):
        o = orgs.setdefault(r["org"], {"iri": r["org"], "labels": set()})
        o["labels"].add(r["label"])
    out["organisations"] = list(orgs.values())
    out["priorities"] = query(kg, "priorities", doc_iri)
    out["intentions"] = query(kg, "intentions", doc_iri)
    out["services"] = query(kg, "services", doc_iri)
    funding: dict[str, dict] = {}
    for r in query(kg, "funding", doc_iri):
        f = funding.setdefault(r["f"], {**r, "funder_labels": set()})
        if r.get("funderLabel"):
            f["funder_labels"].add(r["funderLabel"])
    out["funding"] = list(funding.values())
    out["contacts"] = query(kg, "contacts", doc_iri)
    out["referenced_documents"] = query(kg, "references", doc_iri)
    return out


# the variable naming each kind's extracted resource, to find its reading
IRI_OF = {
    "organisations": "iri",
    "priorities": "p",
    "intentions": "i",
    "services": "s",
    "funding": "f",
    "contacts": "person",
    "referenced_documents": "ref",
}
BANDS = ((0.0, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def readings(kg, doc_iri: str) -> dict[str, tuple[str, float]]:
    """Resource IRI -> (method, confidence) as ``doc_iri``'s graph records it (the surest, if several)."""
    out: dict[str, tuple[str, float]] = {}
    for r in query(kg, "readings", doc_iri):
        method, conf = r["activity"].rsplit("/", 1)[-1], float(r["confidence"])
        if r["s"] not in out or conf > out[r["s"]][1]:
            out[r["s"]] = (method, conf)
    return out


def band_of(conf: float) -> str:
    lo, hi = next(b for b in BANDS if b[0] <= conf < b[1])
    return f"{lo:.1f}-{min(hi, 1.0):.1f}"


def print_precision_by(name: str, tallies: dict[str, dict[str, list[int]]], order: list[str]) -> None:
    """One table: per method (or band), extracted items and the share matching gold, all and eval."""
    print(f"\nprecision by {name} (extracted items matched to gold / extracted):")
    print(f"{name:<20}{'n':>6}{'P':>8}{'n eval':>9}{'P eval':>8}")
    for key in order:
        a, e = tallies["all"].get(key, [0, 0]), tallies["eval"].get(key, [0, 0])
        if not a[1]:
            continue
        pe = f"{e[0] / e[1]:>8.2f}" if e[1] else f"{'-':>8}"
        print(f"{key:<20}{a[1]:>6}{a[0] / a[1]:>8.2f}{e[1]:>9}{pe}")


# ---------------------------------------------------------------------------- matching
def org_score(gold: dict, labels: set[str]) -> float:
    names = [gold["name"], *gold.get("aliases", [])]
    if {norm(n) for n in names} & {norm(lab) for lab in labels}:
        return 100.0
    return max((ratio(gold["name"], lab) for lab in labels), default=0.0)


def funder_ok(gold_funder: str | None, gold_orgs: list[dict], labels: set[str]) -> bool:
    if not gold_funder:
        return not labels
    if not labels:
        return False
    entry = next((o for o in gold_orgs if o["name"] == gold_funder), {"name": gold_funder, "aliases": []})
    return org_score(entry, labels) >= 90


def amount_eq(gold: float | None, got) -> bool:
    if gold is None or got is None:
        return gold is None and got is None
    return abs(float(gold) - float(got)) < 0.5


def score_pair(kind: str, g: dict, e: dict, gold_doc: dict) -> float:
    """0 when not a match, else a score (higher = better) used to pick the best pairing."""
    if kind == "organisations":
        s = org_score(g, e["labels"])
        return s if s >= 90 else 0
    if kind == "priorities":
        s = ratio(g["text"], e["label"])
        return s if s >= 85 else 0
    if kind == "intentions":
        s = ratio(g["text"], e["label"])
        return s if s >= 80 else 0
    if kind == "services":
        s = ratio(g["name"], e["label"])
        return s if s >= 85 else 0
    if kind == "funding":
        if not amount_eq(g.get("amount_gbp"), e.get("amount")):
            return 0
        if not funder_ok(g.get("funder"), gold_doc["organisations"], e["funder_labels"]):
            return 0
        s = ratio(g["item"], e["label"])
        if g.get("amount_gbp") is None and s < 80:
            return 0
        return 50 + s / 2
    if kind == "contacts":
        if ratio(g["name"], e["name"]) < 90:
            return 0
        if g.get("email") and (e.get("email") or "").lower() != g["email"].lower():
            return 0
        if g.get("phone") and digits(e.get("phone")) != digits(g["phone"]):
            return 0
        return 100
    if kind == "referenced_documents":
        s = ratio(g["title"], e["title"])
        return s if s >= 85 else 0
    raise ValueError(kind)


def match(kind: str, gold_items: list[dict], got: list[dict], gold_doc: dict):
    pairs = []
    for gi, g in enumerate(gold_items):
        for ei, e in enumerate(got):
            s = score_pair(kind, g, e, gold_doc)
            if s > 0:
                pairs.append((s, gi, ei))
    pairs.sort(key=lambda p: -p[0])
    used_g, used_e, matched = set(), set(), []
    for s, gi, ei in pairs:
        if gi in used_g or ei in used_e:
            continue
        used_g.add(gi)
        used_e.add(ei)
        matched.append((gi, ei, s))
    return matched, used_g, used_e


def prf(tp_gold: int, n_gold: int, tp_got: int, n_got: int) -> tuple[float, float, float]:
    p = tp_got / n_got if n_got else (1.0 if not n_gold else 0.0)
    r = tp_gold / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", default=str(OUT / "extraction-store"))
    ap.add_argument("--show-misses", metavar="KIND", help="print unmatched gold and extracted items of KIND")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args()

    from ckg.graph import iris
    from ckg.kg import KnowledgeGraph

    dev = [(p.stem, load_json(p)) for p in gold_files()]
    golds = dev + [(stem, g) for stem, g, _ in our_golds()]
    files = [corpus_file(g, stem) for stem, g in dev] + [path for _, _, path in our_golds()]
    source = {stem: ("eval" if i < len(dev) else "ours") for i, (stem, _) in enumerate(golds)}
    kg = KnowledgeGraph(args.store)
    report = kg.build(files, progress=False)
    if not report.ok:
        for o in report.failed:
            print(f"build failed: {o.path}: {o.reason}")
        return 1
    kg.close()
    kg = KnowledgeGraph(args.store)

    totals = {k: [0, 0, 0, 0] for k in KINDS}  # tp_gold, n_gold, tp_got, n_got
    by_set = {s: {k: [0, 0, 0, 0] for k in KINDS} for s in ("eval", "ours")}
    per_doc = {}
    by_method: dict[str, dict[str, list[int]]] = {"all": {}, "eval": {}}  # method -> [matched, extracted]
    by_band: dict[str, dict[str, list[int]]] = {"all": {}, "eval": {}}
    for (stem, gold), path in zip(golds, files, strict=True):
        doc_iri = str(iris.doc_iri(path.stem))
        got = extracted(kg, doc_iri)
        read = readings(kg, doc_iri)
        per_doc[stem] = {}
        for kind in KINDS:
            gold_items = gold.get(kind, [])
            _matched, used_g, used_e = match(kind, gold_items, got[kind], gold)
            for t in (totals[kind], by_set[source[stem]][kind]):
                t[0] += len(used_g)
                t[1] += len(gold_items)
                t[2] += len(used_e)
                t[3] += len(got[kind])
            per_doc[stem][kind] = prf(len(used_g), len(gold_items), len(used_e), len(got[kind]))
            for ei, e in enumerate(got[kind]):
                method, conf = read.get(e[IRI_OF[kind]], ("(none)", 0.0))
                for sets in ("all", "eval") if source[stem] == "eval" else ("all",):
                    for table, key in ((by_method, method), (by_band, band_of(conf))):
                        t = table[sets].setdefault(key, [0, 0])
                        t[0] += ei in used_e
                        t[1] += 1
            if args.show_misses == kind:
                print(f"\n== {stem}: {kind} missed (gold not found) ==")
                for gi, g in enumerate(gold_items):
                    if gi not in used_g:
                        print("  -", json.dumps(g, ensure_ascii=False)[:220])
                print(f"== {stem}: {kind} spurious (extracted, not in gold) ==")
                for ei, e in enumerate(got[kind]):
                    if ei not in used_e:
                        print(
                            "  +",
                            json.dumps(
                                e,
                                ensure_ascii=False,
                                default=lambda v: sorted(v) if isinstance(v, set) else str(v),
                            )[:220],
                        )
    kg.close()

    print(f"\nExtraction vs gold ({len(golds)} documents: {', '.join(s for s, _ in golds)})")
    print(f"{'kind':<22}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}")
    figures = {}
    for kind in KINDS:
        tp_g, n_g, tp_e, n_e = totals[kind]
        p, r, f = prf(tp_g, n_g, tp_e, n_e)
        figures[kind] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "gold": n_g,
            "extracted": n_e,
        }
        print(f"{kind:<22}{n_g:>6}{n_e:>7}{p:>8.2f}{r:>8.2f}{f:>8.2f}")
    for name, t in by_set.items():
        line = ", ".join(f"{k[:5]} {prf(*t[k])[2]:.2f}" for k in KINDS)
        print(f"{name} gold: {line}")
    print("\nper document P / R / F1:")
    print(f"{'document':<44}" + "".join(f"{k[:12]:>16}" for k in KINDS))
    for stem, kinds in per_doc.items():
        cells = "".join(f"{v[0]:>6.2f}{v[1]:>5.2f}{v[2]:>5.2f}" for v in kinds.values())
        print(f"{stem[:42] + ' (' + source[stem][0] + ')':<44}{cells}")
    spread = {
        k: max(d[k][2] for d in per_doc.values()) - min(d[k][2] for d in per_doc.values()) for k in KINDS
    }
    print(
        "spread of F1 between the best and worst document: "
        + ", ".join(f"{k[:5]} {v:.2f}" for k, v in spread.items())
    )
    if args.json:
        print(json.dumps(figures, indent=2))
    from ckg.loaders.extract.methods import METHODS

    print_precision_by("method", by_method, [*METHODS, "(none)"])
    print_precision_by("confidence", by_band, [band_of(lo) for lo, _ in BANDS])
    return 0


if __name__ == "__main__":
    sys.exit(main())
