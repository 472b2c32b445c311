"""PDFium's C functions as the PDF reader calls them: by address, handles as plain ints.

Why: the PDFium reader (``pdf_pdfium``, ``pdf_rules``) makes a C call or more per word and
per path segment, hundreds of thousands for a long report, and at half a microsecond each
the calls are most of what reading costs. pypdfium2's bindings wrap every returned handle
in a ctypes pointer object; these functions take and return addresses instead.
"""

from __future__ import annotations

import ctypes
from typing import Any

_FAST: dict[tuple, Any] = {}


def raw() -> Any:
    """pypdfium2's raw bindings (importing the package initialises the library)."""
    import pypdfium2  # noqa: F401
    import pypdfium2.raw as r

    return r


def fast(r: Any, name: str, restype: Any, *argtypes: Any) -> Any:
    """The PDFium function ``name`` taking and returning handles as plain addresses (ints).

    A pointer argument typed ``c_void_p`` takes the int address of a struct too, which ctypes
    passes quicker than a pointer object (0.55 against 0.68 us a call, measured).
    """
    key = (name, restype, *argtypes)
    fn = _FAST.get(key)
    if fn is None:
        addr = ctypes.cast(getattr(r, name), ctypes.c_void_p).value
        fn = _FAST[key] = ctypes.CFUNCTYPE(restype, *argtypes)(addr)
    return fn


def address(handle: Any) -> int | None:
    """A pypdfium2 handle (a ctypes pointer) as an int, for the functions from ``fast``."""
    return ctypes.cast(handle, ctypes.c_void_p).value
