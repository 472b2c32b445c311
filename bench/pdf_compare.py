"""The two PDF readers side by side: records extracted after each, record by record.

usage: python bench/pdf_compare.py [PDF or folder ...] [--text-diff N]

Why: the PDFium reader (``pdf_engine = pdfium``) replaced pdfplumber's (``pdfplumber``) for
speed, and its output must not get worse. For every PDF (default: the PDFs in
``data/documents`` and ``../shared/corpus-unseen``) this loads the file with both readers in
one process, runs the extraction pipeline on each, and prints the records (kind + name or
label) only one of them gives: ``-`` only the old reader, ``+`` only the new one. With
``--text-diff N`` it also prints up to N differing lines of the structured text, which is
where the reason for a record difference shows.

Before and after a change to the PDFium reader itself: ``--save FILE`` writes, per PDF, the
PDFium reader's structured text, blocks and records as JSON; ``--against FILE`` then
compares today's PDFium reading with that snapshot (instead of with pdfplumber), record by
record, block by block and line by line of the text.
"""

from __future__ import annotations

import argparse
import difflib
import json
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
    ap.add_argument("--save", metavar="FILE", help="write the PDFium reading of each PDF as a snapshot")
    ap.add_argument("--against", metavar="FILE", help="compare the PDFium reading with a snapshot")
    args = ap.parse_args()
    files = pdfs(args.paths)
    if not files:
        sys.exit("no PDFs found")
    if args.save or args.against:
        snapshots(files, args.save, args.against, args.text_diff)
        return
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


def snapshot(doc) -> dict:
    """What a snapshot keeps of one reading: title, text, blocks (with offsets, pages, cells) and records."""
    blocks = [b.to_dict() for b in doc.blocks]
    recs = [[kind, key, n] for (kind, key), n in sorted(records(doc).items())]
    return {"title": doc.title, "text": doc.text, "blocks": blocks, "records": recs}


def snapshots(files: list[Path], save: str | None, against: str | None, text_diff: int) -> None:
    """Write (``save``) or compare with (``against``) a snapshot of the PDFium reading."""
    settings = Settings.from_env(pdf_engine="pdfium")
    old = json.loads(Path(against).read_text()) if against else {}
    out: dict[str, dict] = {}
    differing = 0
    for path in files:
        t = time.perf_counter()
        doc = load_file(path, settings)
        load_s = time.perf_counter() - t
        out[path.name] = now = snapshot(doc)
        print(f"{path.name}: load {load_s:.2f} s, {len(doc.blocks)} blocks, "
              f"{sum(n for *_, n in now['records'])} records")  # fmt: skip
        if not against:
            continue
        was = old.get(path.name)
        if was is None:
            print("  not in the snapshot")
            continue
        before = Counter({(k, key): n for k, key, n in was["records"]})
        after = Counter({(k, key): n for k, key, n in now["records"]})
        for (kind, key), n in sorted((before - after).items()):
            print(f"  - {kind:14} {key[:150]}" + (f"  (x{n})" if n > 1 else ""))
        for (kind, key), n in sorted((after - before).items()):
            print(f"  + {kind:14} {key[:150]}" + (f"  (x{n})" if n > 1 else ""))
        same_blocks = was["blocks"] == now["blocks"]
        same_text = was["text"] == now["text"]
        print(f"  records: {sum((before - after).values())} removed, {sum((after - before).values())} added; "
              f"blocks {'same' if same_blocks else 'differ'}; text {'same' if same_text else 'differs'}; "
              f"title {'same' if was['title'] == now['title'] else 'differs'}")  # fmt: skip
        differing += not (same_blocks and same_text and before == after and was["title"] == now["title"])
        if text_diff and not same_text:
            diff = difflib.unified_diff(was["text"].splitlines(), now["text"].splitlines(), lineterm="", n=0)
            for ln in [ln for ln in diff if ln[:1] in "+-"][2 : 2 + text_diff]:
                print("    " + ln[:200])
    if save:
        Path(save).write_text(json.dumps(out, ensure_ascii=False))
        print(f"snapshot of {len(out)} PDFs written to {save}")
    if against:
        print(f"all: {differing} of {len(files)} PDFs read differently from the snapshot")


if __name__ == "__main__":
    main()
