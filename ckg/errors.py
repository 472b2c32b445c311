"""The exceptions ckg raises on purpose.

Every error a user can cause (bad file, bad query, busy store) is a ``CkgError`` whose
message is one clear line; the CLI prints it without a traceback and the web app turns
it into a 4xx reply. Anything else is a bug and keeps its traceback.

This module is a leaf shared by all parts.
"""

from __future__ import annotations


class CkgError(Exception):
    """An error with a one-line message meant for the user."""


class LoadError(CkgError):
    """A file could not be turned into structured text (empty, corrupt, encrypted, ...)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(CkgError):
    """The store cannot be opened or written."""


class StoreBusyError(StoreError):
    """Another ckg process holds the store in a way that forbids this operation."""


class DocumentNotFound(CkgError):
    """A document named to ``ckg remove`` is not loaded, or the name fits several."""


class QueryError(CkgError):
    """A SPARQL query is malformed, forbidden or too expensive."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after its time limit of {seconds:g} s", status=503)
        self.seconds = seconds
