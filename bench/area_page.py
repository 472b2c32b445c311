"""Area pages: how long ``/area/<slug>`` takes, cold (its query runs) and warm (rows cached for
the store's state), beside the documents list page in the same run.

usage: python bench/area_page.py [--store DIR] [--repeat 20]

Without ``--store`` the bundled corpus is built (cached) into ``bench/out/area-store``. Runs
the Flask app in this process (no HTTP), so the figures are the app's own time: the budget is
a warm area page under 300 ms for the bundled corpus. Prints per area: cold ms, warm median
and p95 ms, and warm median divided by the documents page's median.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CORPUS, OUT

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _ms(client, path: str) -> float:
    t0 = time.perf_counter()
    resp = client.get(path)
    elapsed = (time.perf_counter() - t0) * 1000
    if resp.status_code != 200:
        sys.exit(f"{path}: HTTP {resp.status_code}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    from ckg.kg import KnowledgeGraph
    from ckg.web import create_app

    store = args.store or OUT / "area-store"
    kg = KnowledgeGraph(str(store))
    if args.store is None:
        kg.build([CORPUS], progress=False)
    client = create_app(kg).test_client()
    slugs = re.findall(r'href="/area/([a-z0-9-]+)"', client.get("/area").get_data(as_text=True))
    _ms(client, "/entity/documents")  # first request: app and store warm-up
    base = [_ms(client, "/entity/documents") for _ in range(args.repeat)]
    base_med = statistics.median(base)
    print(f"documents page: median {base_med:.1f} ms over {args.repeat}")
    print(f"{'area':<16} {'cold ms':>8} {'warm median':>12} {'warm p95':>9} {'/documents':>11}")
    for slug in slugs:
        cold = _ms(client, f"/area/{slug}")
        warm = sorted(_ms(client, f"/area/{slug}") for _ in range(args.repeat))
        med = statistics.median(warm)
        p95 = warm[min(len(warm) - 1, int(0.95 * len(warm)))]
        print(f"{slug:<16} {cold:8.1f} {med:12.1f} {p95:9.1f} {med / base_med:10.2f}x")
    kg.close()


if __name__ == "__main__":
    main()
