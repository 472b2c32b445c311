"""Builds of real files, stage by stage, against embedding their passages alone, in one run.

    .venv/bin/python bench/real_build.py                         # the three West Sussex PDFs, then the bundled corpus
    .venv/bin/python bench/real_build.py some.pdf --backend onnx-int8
    .venv/bin/python bench/real_build.py some.pdf --backend onnx,openvino   # each target once per backend, same run
    .venv/bin/python bench/real_build.py --before                # also each build the old way, same run

Why: the scale bench builds generated text files, which cost nothing to read; a user's library
is PDFs. For each target (each West Sussex PDF alone, then the bundled corpus as one build)
this builds a fresh store in one process (``workers=1``, so every stage is timed where it
runs) with the embedding backend of ``--backend`` (default: the configured one; a comma list
builds each target once with each, in the same run, for a before/after table), and prints:

- seconds per stage (load, extract, rdf, embed, write, and the index rebuild), per page (PDFs)
  and per passage;
- the texts the build embedded beside its passages (a build also embeds the names of
  bodies, priorities, services ..., so the embed stage does more than the passages);
- ``embed alone``: the same process, after the build, encoding only the store's passage texts
  with today's path (``torch``, sentence-transformers) — the reference of the issue's bar —
  and the build's total time divided by it.

With ``--before`` each target is also built the way ckg built before PDFium and ONNX
(``pdf_engine=pdfplumber``, ``embed_backend=torch``), in the same run, for a before/after table.

Each figure is one build on a shared 2-core machine: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT.parent / "shared" / "corpus-unseen"
STAGES = ("load", "extract", "rdf", "embed", "write")


def targets(args: list[str]) -> list[tuple[str, list[Path]]]:
    if args:
        return [(Path(a).name, [Path(a)]) for a in args]
    out = [(p.name, [p]) for p in sorted(UNSEEN.glob("*.pdf"))]
    out.append(("bundled corpus (data/documents)", [ROOT / "data" / "documents"]))
    return out


def pages_of(paths: list[Path]) -> int:
    import pypdfium2

    n = 0
    for p in paths:
        files = sorted(p.glob("*.pdf")) if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() == ".pdf":
                doc = pypdfium2.PdfDocument(str(f))
                n += len(doc)
                doc.close()
    return n


def measure(name: str, paths: list[Path], settings, reference) -> dict:
    from ckg.kg import KnowledgeGraph

    with tempfile.TemporaryDirectory(prefix="ckg-real-build-") as tmp:
        kg = KnowledgeGraph(store=str(Path(tmp) / "store"), settings=settings)
        kg.embedder.encode(["warm the model up"])  # load time is not the build's
        t = time.perf_counter()
        report = kg.build([str(p) for p in paths], progress=False)
        total = time.perf_counter() - t
        if not report.ok:
            raise SystemExit(f"{name}: build failed: {[o.reason for o in report.failed]}")
        stages = {s: sum(o.stage_seconds.get(s, 0.0) for o in report.outcomes) for s in STAGES}
        stages["index"] = report.index_seconds
        texts = [r["t"].value for r in kg.sparql("SELECT ?t WHERE { ?p a ckg:Passage ; ckg:text ?t }").rows]
        kg.close()
    t = time.perf_counter()
    reference.encode(texts)
    alone = time.perf_counter() - t
    return {
        "name": name,
        "pages": pages_of(paths),
        "passages": len(texts),
        "embedded": report.embedded_texts,
        "total": total,
        "stages": stages,
        "alone": alone,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "paths", nargs="*", help="files or folders (default: the West Sussex PDFs, then the corpus)"
    )
    ap.add_argument(
        "--backend",
        help="embedding backend of the builds (default: the configured one); a comma list builds with each",
    )
    ap.add_argument("--before", action="store_true", help="also build with pdfplumber and torch")
    args = ap.parse_args()

    from ckg.graph.embeddings import Embedder
    from ckg.settings import Settings

    settings = dataclasses.replace(Settings.from_env(), workers=1)
    backends = args.backend.split(",") if args.backend else [settings.embed_backend]
    settings = dataclasses.replace(settings, embed_backend=backends[0])
    reference = Embedder(dataclasses.replace(settings, embed_backend="torch"))
    reference.encode(["warm the model up"])
    old = dataclasses.replace(settings, pdf_engine="pdfplumber", embed_backend="torch")
    ways = [("before", old)] if args.before else []
    ways += [
        ("now" if len(backends) == 1 else b, dataclasses.replace(settings, embed_backend=b)) for b in backends
    ]
    rows = []
    for name, paths in targets(args.paths):
        for way, way_settings in ways:
            print(f"building {name} ({way}) ...", file=sys.stderr, flush=True)
            label = f"{name[:44]} ({way})" if len(ways) > 1 else name[:60]
            rows.append(measure(label, paths, way_settings, reference))

    print(
        f"\nBuilds with pdf_engine={settings.pdf_engine}, embed_backend={','.join(backends)}"
        + (" ('before': pdfplumber, torch)" if args.before else "")
        + "; workers=1; reference: the torch path embedding the passages alone\n"
    )
    print(
        "| target | pages | passages | texts embedded | "
        + " | ".join(f"{s} s" for s in (*STAGES, "index"))
        + " | build s | s/page | ms/passage | embed alone s | build / embed alone |"
    )
    print("|" + "---|" * (len(STAGES) + 11))
    for r in rows:
        per_page = f"{r['total'] / r['pages']:.3f}" if r["pages"] else "-"
        print(
            f"| {r['name']} | {r['pages'] or '-'} | {r['passages']} | {r['embedded']} | "
            + " | ".join(f"{r['stages'][s]:.2f}" for s in (*STAGES, "index"))
            + f" | {r['total']:.1f} | {per_page} | {1000 * r['total'] / max(1, r['passages']):.1f} | "
            f"{r['alone']:.1f} | {r['total'] / r['alone']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
