"""The two PDF readers side by side: records extracted after each, record by record.

usage: python bench/pdf_compare.py [PDF or folder ...] [--text-diff N]

Why: the PDFium reader (``pdf_engine = pdfium``) replaced pdfplumber's (``pdfplumber``) for
speed, and its output must not get worse. For every PDF (default: the PDFs in
``data/documents`` and ``../shared/corpus-unseen``) this loads the file with both readers in
one process, runs the extraction pipeline on each, and prints the records (kind + name or
label) only one of them gives: ``-`` only the old reader, ``+`` only the new one. With
``--text-diff N`` it also prints up to N differing lines of the structured text, which is
where the reason for a record difference shows.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from collections import Counter
from pathlib import Path

from ckg.loaders.extract.pipeline import extract
from ckg.loaders.registry import load_file
from ckg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "data" / "documents", ROOT.parent / "shared" / "corpus-unseen"]
ENGINES = ("pdfplumber", "pdfium")


def pdfs(args: list[str]) -> list[Path]:
    found: list[Path] = []
    for a in [Path(x) for x in args] or DEFAULT_DIRS:
        found.extend(sorted(a.glob("*.pdf")) if a.is_dir() else [a])
    return found


def records(doc) -> Counter[tuple[str, str]]:
    """(kind, name) of every record: what the graph would say, without block ids or offsets."""
    ex = extract(doc)
    out: Counter[tuple[str, str]] = Counter()
    for kind in ex.LISTS:
        for r in getattr(ex, kind):
            d = r.to_dict()
            key = d.get("name") or d.get("label") or d.get("title") or d.get("text") or d.get("item") or ""
            if kind == "funding":
                key = f"{key} | {d.get('amount')}"
            out[(kind, " ".join(str(key).split()))] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--text-diff", type=int, default=0, help="print up to N differing text lines")
    args = ap.parse_args()
    files = pdfs(args.paths)
    if not files:
        sys.exit("no PDFs found")
    total = Counter()
    for path in files:
        docs, recs = {}, {}
        for engine in ENGINES:
            t = time.perf_counter()
            docs[engine] = load_file(path, Settings.from_env(pdf_engine=engine))
            load_s = time.perf_counter() - t
            recs[engine] = records(docs[engine])
            print(f"{path.name}  {engine}: load {load_s:.2f} s, {len(docs[engine].blocks)} blocks, "
                  f"{sum(recs[engine].values())} records")  # fmt: skip
        old, new = recs["pdfplumber"], recs["pdfium"]
        removed, added = old - new, new - old
        for (kind, key), n in sorted(removed.items()):
            print(f"  - {kind:14} {key[:150]}" + (f"  (x{n})" if n > 1 else ""))
        for (kind, key), n in sorted(added.items()):
            print(f"  + {kind:14} {key[:150]}" + (f"  (x{n})" if n > 1 else ""))
        by_kind = Counter(k for k, _ in old.elements())
        print(f"  {sum(removed.values())} removed, {sum(added.values())} added, of {sum(old.values())} records "
              f"({', '.join(f'{k} {n}' for k, n in sorted(by_kind.items()))})")  # fmt: skip
        total["removed"] += sum(removed.values())
        total["added"] += sum(added.values())
        total["records"] += sum(old.values())
        if args.text_diff:
            a = docs["pdfplumber"].text.splitlines()
            b = docs["pdfium"].text.splitlines()
            diff = [ln for ln in difflib.unified_diff(a, b, lineterm="", n=0) if ln[:1] in "+-"][2:]
            for ln in diff[: args.text_diff]:
                print("    " + ln[:200])
        print()
    print(f"all: {total['removed']} removed, {total['added']} added, of {total['records']} records")


if __name__ == "__main__":
    main()
