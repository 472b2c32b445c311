"""Bytes to text for text-like formats (.txt, .md, .html), whatever the encoding.

Why charset-normalizer: council files arrive as UTF-8, UTF-8 with BOM, Windows-1252 (curly
quotes, £ signs) or UTF-16 from Word's "save as text". Guessing wrongly turns "£" into "Â£"
and breaks amount extraction, so we try strict UTF-8 first (the common case, and exact),
then let charset-normalizer pick, and refuse bytes that are not text at all.

>>> decode_text(b"caf\\xc3\\xa9 \\xc2\\xa3500", "a.txt")
'café £500'
>>> decode_text("£2.9 million".encode("cp1252"), "b.txt")
'£2.9 million'
"""

from __future__ import annotations

import codecs

from ckg.errors import LoadError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes, path: str) -> str:
    """Decode ``data`` or raise ``LoadError`` saying why it is not text."""
    if not data.strip():
        raise LoadError(path, "empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(enc, errors="replace"))
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if looks_binary(data):
        raise LoadError(path, "binary content, not text (wrong file type?)")
    # Not UTF-8: Windows-1252 is what Word and older council systems write in England, and
    # charset-normalizer misreads short cp1252 samples as East Asian encodings ("£" -> "｣"),
    # so cp1252 goes first when it decodes strictly; charset-normalizer handles the rest.
    try:
        return _normalise(data.decode("cp1252"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None:
        raise LoadError(path, "unrecognised text encoding")
    return _normalise(data.decode(best.encoding, errors="replace"))


def looks_binary(data: bytes) -> bool:
    """True when the first bytes hold NULs or many control characters (UTF-16 is caught earlier by BOM)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def _normalise(text: str) -> str:
    # Offsets are into this exact string, so only normalise line endings (which every
    # consumer would otherwise trip over) and NUL characters.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
