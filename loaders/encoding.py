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
    if utf16 := utf16_without_bom(data):
        return _normalise(data.decode(utf16, errors="replace"))
    if looks_binary(data):
        raise LoadError(path, "binary content, not text (wrong file type?)")
    if (mixed := utf8_with_strays(data)) is not None:
        return _normalise(mixed)
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


MAX_STRAYS = 64  # more stray bytes than this: not UTF-8 with a few strays, but another encoding


def utf8_with_strays(data: bytes) -> str | None:
    """UTF-8 text with a few Windows-1252 bytes in it, each stray byte read as Windows-1252.

    Files pasted together from a new and an old system are UTF-8 except for a stray "£" or
    curly quote (one byte each in Windows-1252). Read whole as one guessed encoding, every
    real "£" turns to "Â£" or "¬£"; read like this, both are right. None when the data has
    no real multi-byte UTF-8 or more strays than ``MAX_STRAYS`` (then it is another encoding).

    >>> utf8_with_strays("£5 for CAMHS; ".encode() + "£6".encode("cp1252"))
    '£5 for CAMHS; £6'
    >>> utf8_with_strays("£6 only".encode("cp1252")) is None
    True
    """
    parts: list[str] = []
    pos = strays = 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as e:
            parts.append(data[pos : pos + e.start].decode("utf-8"))
            bad = data[pos + e.start : pos + e.end]
            parts.append(bad.decode("cp1252", errors="replace"))
            strays += len(bad)
            pos += e.end
            if strays > MAX_STRAYS:
                return None
    text = "".join(parts)
    multibyte = sum(1 for ch in text if ord(ch) > 127) - strays
    return text if multibyte > 0 else None


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when the bytes read as UTF-16 text with no BOM, else None.

    Some exports ("Unicode text" from older tools, files cut from a larger one) lose the BOM;
    their NUL high bytes would otherwise make them look binary. Judged on a sample: nearly
    every other byte NUL, on one side only, and the sample decodes to printable text.

    >>> utf16_without_bom("Early help: £500".encode("utf-16-le"))
    'utf-16-le'
    >>> utf16_without_bom(bytes(range(256))) is None
    True
    """
    sample = data[:8192]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    for encoding, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.7 * half and other.count(0) <= 0.05 * half:
            try:
                text = sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            printable = sum(1 for ch in text if ch.isprintable() or ch in "\t\n\r\f")
            if printable >= 0.95 * len(text):
                return encoding
    return None


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
