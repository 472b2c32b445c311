"""Which loader reads a file, and the checks every file passes first.

Why one gate: ``ckg build`` runs over folders of whatever councils publish, and one bad
file must cost one clear line ("report.pdf: encrypted PDF (password protected)"), never
a traceback or a half-built store. So every failure here, whatever library raised it,
leaves as ``LoadError(path, reason)``; the suffix picks the loader, but the bytes are
sniffed first so a web page saved as ``.pdf`` is named for what it is.

>>> sniff(b"%PDF-1.7 ...")
'a PDF document'
>>> sniff(b"\\x89PNG\\r\\n\\x1a\\n....")
'a PNG image'
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from ckg.errors import LoadError
from ckg.settings import Settings

from .encoding import utf16_without_bom
from .structure import StructuredDocument, sha256_bytes

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)


def sniff(data: bytes) -> str:
    """What the bytes look like, as a phrase for error messages ("a PNG image")."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "a PDF document"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text[:512]:
        return "an HTML page"
    if text.startswith(b"<?xml"):
        return "an XML file"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text" if utf16_without_bom(data) else "binary data"
    return "text"


def load_file(path: Path, settings: Settings | None = None) -> StructuredDocument:
    """Load one file into a validated ``StructuredDocument`` or raise ``LoadError``."""
    path = Path(path)
    name = str(path)
    settings = settings or Settings.from_env()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(
            name,
            f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})",
        )
    data = _read(path, settings)
    if not data.strip():
        raise LoadError(name, "empty file")
    _check_kind(name, suffix, sniff(data))
    sha = sha256_bytes(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf/pdfminer warn about every sloppy PDF
            doc = _dispatch(path, suffix, data, sha, settings)
        doc.validate()
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError(name, "document nested too deeply to read") from exc
    except MemoryError as exc:
        raise LoadError(name, "document too large to read in memory") from exc
    except Exception as exc:  # any library error is a bad file, reported in one line
        raise LoadError(name, _reason(suffix, exc)) from exc
    if not doc.text.strip() or not doc.blocks:
        raise LoadError(name, "no extractable text (scanned or image-only?)")
    return doc


def read_checked(path: Path, settings: Settings | None = None) -> bytes:
    """The file's bytes, or ``LoadError`` if it is missing, a folder, empty or over the size limit.

    The size is checked before a byte is read: the build hashes every file first, and a 200 MB
    file must be refused without being read into memory.
    """
    name = str(path)
    settings = settings or Settings.from_env()
    try:
        if not path.exists():
            raise LoadError(name, "file not found")
        if path.is_dir():
            raise LoadError(name, "is a folder, not a file")
        size = path.stat().st_size
        limit = settings.max_file_mb * 1024 * 1024
        if size > limit:
            raise LoadError(name, f"larger than {settings.max_file_mb} MB ({size / 1048576:.1f} MB)")
        if size == 0:
            raise LoadError(name, "empty file")
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(name, f"cannot read file ({exc.strerror or type(exc).__name__})") from exc


_read = read_checked


def _check_kind(name: str, suffix: str, kind: str) -> None:
    if suffix == ".pdf" and kind != "a PDF document":
        raise LoadError(name, f"not a PDF (looks like {kind})")
    if suffix == ".docx" and kind != "a ZIP archive":
        raise LoadError(name, f"not a Word document (looks like {kind})")
    if suffix in (".html", ".htm") and kind not in ("an HTML page", "text", "an XML file"):
        raise LoadError(name, f"not an HTML page (looks like {kind})")
    if suffix in (".txt", ".md", ".markdown") and kind not in ("text", "an HTML page", "an XML file"):
        raise LoadError(name, f"not a text file (looks like {kind})")


def _dispatch(path: Path, suffix: str, data: bytes, sha: str, settings: Settings) -> StructuredDocument:
    if suffix == ".pdf":
        from . import pdf

        return pdf.load(path, data, sha, engine=settings.pdf_engine)
    if suffix == ".docx":
        from . import docx

        return docx.load(path, data, sha)
    if suffix in (".html", ".htm"):
        from . import html

        return html.load(path, data, sha)
    from ckg.loaders import text as text_loader

    return text_loader.load(path, data, sha)


def _reason(suffix: str, exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:100] or type(exc).__name__
    if suffix == ".pdf":
        return "corrupt or truncated PDF"
    if suffix == ".docx":
        return f"not a Word document ({detail})"
    return f"could not read file ({type(exc).__name__}: {detail})"


# Files that describe a folder rather than belong to it as documents: README, LICENSE, and
# "<document>.source.md" provenance sidecars. Skipped when a folder is expanded, loaded when named.
_FOLDER_NOTE = re.compile(
    r"^(?:readme|licen[cs]e|changelog|notice|contributing)(?:\.[a-z]+)?$|\.source\.md$", re.I
)


def iter_input_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to load from files and folders (recursive, sorted), and one-line notes on skips.

    Hidden files and folders (names starting with ".") inside a folder are skipped
    silently; folder notes (README, LICENSE, "*.source.md" sidecars), unsupported types and
    missing paths get a note each. A file named explicitly is always loaded.
    """
    files: list[Path] = []
    notes: list[str] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if not p.exists():
            notes.append(f"{p}: not found")
        elif p.is_dir():
            found = sorted(p.rglob("*"), key=lambda q: q.relative_to(p).as_posix())
            for q in found:
                rel = q.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or not q.is_file():
                    continue
                if _FOLDER_NOTE.search(q.name):
                    notes.append(
                        f"{q}: skipped (a note about the folder, not a document; name it to load it)"
                    )
                    continue
                if q.suffix.lower() in SUPPORTED_SUFFIXES:
                    add(q)
                else:
                    notes.append(f"{q}: skipped (unsupported type '{q.suffix or '(none)'}')")
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            add(p)
        else:
            notes.append(f"{p}: skipped (unsupported type '{p.suffix or '(none)'}')")
    return files, notes
