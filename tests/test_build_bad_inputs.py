"""``ckg build`` over a folder of every kind of broken file, as a user runs it: one clear line
per bad file, no traceback, the good documents land, and the exit code says something failed.

The 200 MB file is sparse (made with ``truncate``, no disk or time spent), and is refused by
its size before a byte of it is read: a build of it alone stays far below 200 MB of memory.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from ckgtest import run_ckg

from ckg.graph import iris
from ckg.kg import KnowledgeGraph

pytestmark = pytest.mark.slow

GOOD = """# Testshire Children's Commissioning Strategy 2020 – 2023

Prepared by the Testshire Children's Partnership Board.

## Resources

> PCT - CAMHS\t£1,250,000
> Youth Service\t£300,000

The Testshire Youth Board commissions short breaks for disabled children.
"""
CP1252 = (
    "# Westshire Early Help Plan 2019\n\nThe council funds early help with £2.9 million – agreed in 2019.\n"
)
MIXED = "# Eastshire Youth Plan 2018\n\nThe youth service budget is £400,000 (UTF-8). "
BIG_MB = 200


def _pdf(text: str | None, encrypt: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for page in range(2):
        if text is None:
            c.rect(100, 100, 300, 300, fill=1)  # a scan: an image, no text
        else:
            for j in range(30):
                c.drawString(60, 780 - 20 * j, f"{text}: line {j} on page {page + 1}.")
        c.showPage()
    c.save()
    return buf.getvalue()


def _sparse(path: Path, megabytes: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(megabytes * 1024 * 1024)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Every broken kind from the issue, the repairs (wrong encodings that can be read), and one good document."""
    d = tmp_path_factory.mktemp("bad-inputs") / "docs"
    d.mkdir()
    (d / "good.md").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(random.Random(3).randbytes(20_000))
    whole = _pdf("Testshire Youth Justice Plan")
    (d / "truncated.pdf").write_bytes(whole[: len(whole) // 2])
    (d / "encrypted.pdf").write_bytes(_pdf("Testshire confidential plan", encrypt="s3cret"))
    junk = io.BytesIO()
    with zipfile.ZipFile(junk, "w") as zf:
        zf.writestr("word/document.xml", b"\x00\x01 this is not xml <<<")
        zf.writestr("[Content_Types].xml", b"junk")
    (d / "renamed-zip.docx").write_bytes(junk.getvalue())
    (d / "scanned.pdf").write_bytes(_pdf(None))
    _sparse(d / "huge.pdf", BIG_MB)
    # wrong encodings: beyond repair (refused), and three that are repaired (loaded)
    undecodable = random.Random(5).choices([0x81, 0x8D, 0x8F, 0x90, 0x9D, *range(0xA0, 0x100)], k=5000)
    (d / "wrong-encoding.txt").write_bytes(bytes(undecodable))
    (d / "westshire-cp1252.txt").write_bytes(CP1252.encode("cp1252"))
    (d / "northshire-utf16-no-bom.txt").write_bytes(
        CP1252.replace("Westshire", "Northshire").encode("utf-16-le")
    )
    (d / "eastshire-mixed.txt").write_bytes(
        MIXED.encode("utf-8") + "Extra £50,000 (cp1252).\n".encode("cp1252")
    )
    return d


BAD = {
    "empty.txt": "empty file",
    "binary.txt": "binary",
    "truncated.pdf": "corrupt or truncated PDF",
    "encrypted.pdf": "encrypted PDF (password protected)",
    "renamed-zip.docx": "not a Word document",
    "scanned.pdf": "no extractable text (scanned or image-only?)",
    "huge.pdf": f"larger than 100 MB ({BIG_MB:.1f} MB)",
    "wrong-encoding.txt": "unrecognised text encoding",
}
LOADED = ["good.md", "westshire-cp1252.txt", "northshire-utf16-no-bom.txt", "eastshire-mixed.txt"]


@pytest.fixture(scope="module")
def built(folder, tmp_path_factory):
    store = tmp_path_factory.mktemp("bad-inputs-store") / "store"
    result = run_ckg("build", str(folder), "--store", str(store))
    return store, result


def test_each_bad_file_gets_exactly_one_clear_line(built, folder):
    _, r = built
    lines = (r.stdout + r.stderr).splitlines()
    assert "Traceback" not in r.stdout + r.stderr, r.stderr[-2000:]
    for name, reason in BAD.items():
        mentions = [ln for ln in lines if name in ln]
        assert len(mentions) == 1, mentions
        assert mentions[0].startswith(f"failed    {folder / name}: ") and reason in mentions[0], mentions
        assert len(mentions[0]) < 200


def test_the_good_and_the_repaired_documents_land(built, folder):
    store, r = built
    for name in LOADED:
        assert sum(f"loaded    {folder / name}" in ln for ln in r.stdout.splitlines()) == 1, r.stdout
    assert f"{len(LOADED)} loaded, 0 unchanged, {len(BAD)} failed" in r.stdout
    with KnowledgeGraph(str(store)) as kg:
        graphs = kg.store().named_graphs()
        texts = {
            row["text"].value
            for row in kg.sparql("SELECT ?text WHERE { ?p a ckg:Passage ; ckg:text ?text }").rows
        }
    assert {str(iris.doc_iri(Path(n).stem)) for n in LOADED} <= set(graphs)
    assert not any(str(iris.doc_iri(Path(n).stem)) in graphs for n in BAD)
    # the repairs read the pound signs and dashes right (no "Â£", "¬£" or "â€“")
    assert any("£2.9 million – agreed" in t for t in texts)
    assert any("£400,000 (UTF-8)" in t and "£50,000 (cp1252)" in t for t in texts)
    assert not any(bad in t for t in texts for bad in ("Â£", "¬£", "â€"))


def test_the_exit_code_says_something_failed(built):
    _, r = built
    assert r.returncode == 1


def test_a_200_mb_file_is_refused_without_being_read(tmp_path):
    """Alone, so no model is loaded: the build's peak memory shows the file was never read."""
    big = _sparse(tmp_path / "annual-report.pdf", BIG_MB)
    exe = shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"
    probe = (
        "import json, resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
        "print(json.dumps({'code': r.returncode, 'out': r.stdout, 'err': r.stderr, 'peak': peak}))\n"
    )
    for limit in (None, "150"):  # the default (100 MB) and a raised limit still under the file's size
        env = {**os.environ, **({"CKG_MAX_FILE_MB": limit} if limit else {})}
        got = subprocess.run(
            [sys.executable, "-c", probe, exe, "build", str(big), "--store", str(tmp_path / "s")],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=True,
        )
        r = json.loads(got.stdout)
        shown = limit or "100"
        assert r["code"] == 1 and "Traceback" not in r["err"]
        assert f"failed    {big}: larger than {shown} MB ({BIG_MB:.1f} MB)" in r["out"].splitlines()
        assert r["peak"] < BIG_MB * 1024 * 1024 * 0.75, f"peak memory {r['peak'] / 1e6:.0f} MB"
