"""How fast PDFs load: the load stage with each reader against PDFium's plain text, in one run.

usage: python bench/pdf_speed.py [PDF or folder ...] [--repeat N] [--no-old]

For each PDF (default: the PDFs in ``data/documents``, ``bench/documents`` and
``../shared/corpus-unseen``) prints its pages, the seconds of ckg's load stage
(``load_file``: read, PDF to structured text, validation) with the PDFium reader (the default)
and with the old pdfplumber reader, the seconds pypdfium2 takes to give the plain text of
every page (``page.get_textpage().get_text_range()``: the physical floor of any reader built
on PDFium), and the ratio new load / plain text. Each figure is the best of ``--repeat``
runs (the machine is shared: the best run is the one least disturbed) and both wall and
CPU seconds are shown; CPU time is less disturbed by other work on the machine. Ratios,
not absolute seconds, are what compare between machines. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ckg.loaders.registry import load_file
from ckg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [
    ROOT / "data" / "documents",
    ROOT / "bench" / "documents",
    ROOT.parent / "shared" / "corpus-unseen",
]


def pdfs(args: list[str]) -> list[Path]:
    found: list[Path] = []
    for a in [Path(x) for x in args] or DEFAULT_DIRS:
        if a.is_dir():
            found.extend(sorted(a.glob("*.pdf")))
        elif a.is_file():
            found.append(a)
    return found


def plain_text(path: Path) -> int:
    """pypdfium2's plain text of every page (what the reader is measured against)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    n = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            n += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return n


def best(fn, repeat: int) -> tuple[float, float, object]:
    """Best wall and best CPU seconds of ``repeat`` calls, and the last result."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return min(walls), min(cpus), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement (best is kept)")
    ap.add_argument("--no-old", action="store_true", help="skip the slow pdfplumber reader")
    args = ap.parse_args()
    files = pdfs(args.paths)
    new_s, old_s = Settings.from_env(pdf_engine="pdfium"), Settings.from_env(pdf_engine="pdfplumber")
    import pypdfium2  # noqa: F401  (imported before timing: a one-off cost of the process)

    load_file(files[0], new_s)  # warm: imports and the first PDFium page of the process
    rows = []
    for path in files:
        plain_w, plain_c, _ = best(lambda p=path: plain_text(p), args.repeat)
        new_w, new_c, doc = best(lambda p=path: load_file(p, new_s), args.repeat)
        if args.no_old:
            old_w = old_c = float("nan")
        else:
            old_w, old_c, _ = best(lambda p=path: load_file(p, old_s), max(1, args.repeat // 2))
        pages = int(doc.metadata.get("pages", "0"))
        rows.append((path.name, pages, new_w, new_c, old_w, old_c, plain_w, plain_c))
        print(
            f"{path.name}: {pages} pages, new {new_w:.2f} s, old {old_w:.2f} s, plain {plain_w:.3f} s",
            flush=True,
        )
    print()
    print(
        "| PDF | pages | load new (s) | load old (s) | old/new | plain pdfium (s) "
        "| new/plain wall | new/plain CPU | new ms/page |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, pages, new_w, new_c, old_w, _old_c, plain_w, plain_c in rows:
        print(
            f"| {name[:60]} | {pages} | {new_w:.2f} | {old_w:.2f} | {old_w / new_w:.1f} | {plain_w:.3f} "
            f"| {new_w / plain_w:.1f} | {new_c / plain_c:.1f} | {1000 * new_w / max(pages, 1):.0f} |"
        )


if __name__ == "__main__":
    main()
