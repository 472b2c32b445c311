"""Content-hash cache of the expensive build stages: structured text, extraction, embeddings.

Keys are the file's sha256 plus the version of the code that produced the entry, so an
unchanged file is never re-parsed, re-extracted or re-embedded, and a code change
invalidates exactly the stages it touches. Entries are written to a temporary file and
renamed into place, so a killed build never leaves a half-written entry behind.

>>> import tempfile
>>> c = BuildCache(tempfile.mkdtemp())
>>> c.put_json("abc", "doc", "v1", {"x": 1}); c.get_json("abc", "doc", "v1")
{'x': 1}
>>> c.get_json("abc", "doc", "v2") is None
True
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np


class BuildCache:
    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)  # created on first write: readers only read

    def sweep(self) -> int:
        """Remove temporary files left by writes a killed build never finished; how many.

        Only the builder calls this, holding the store's exclusive lock, so no write is in
        flight. (A half-written entry is never read: entries appear by rename.)
        """
        removed = 0
        for tmp in self.directory.glob("*/.tmp-*"):
            tmp.unlink(missing_ok=True)
            removed += 1
        return removed

    def remove(self, sha: str) -> int:
        """Delete every entry of one source file's content (all stages and versions); how many.

        Used when a document leaves the store (``ckg remove``); the caller keeps the entries
        of content another loaded document still has. Holding the exclusive lock, like sweep.

        >>> import tempfile
        >>> c = BuildCache(tempfile.mkdtemp())
        >>> c.put_json("abc", "doc", "v1", {}); c.put_json("abd", "doc", "v1", {})
        >>> c.remove("abc"), c.get_json("abc", "doc", "v1"), c.get_json("abd", "doc", "v1")
        (1, None, {})
        """
        if not sha or any(ch not in "0123456789abcdef" for ch in sha):
            return 0  # not a digest: nothing of ours (and never a glob pattern)
        removed = 0
        for entry in (self.directory / sha[:2]).glob(f"{sha}.*"):
            entry.unlink(missing_ok=True)
            removed += 1
        return removed

    def _path(self, sha: str, stage: str, version: str, suffix: str) -> Path:
        return self.directory / f"{sha[:2]}" / f"{sha}.{stage}.{version}.{suffix}"

    def _write_atomic(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get_json(self, sha: str, stage: str, version: str) -> Any | None:
        path = self._path(sha, stage, version, "json")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put_json(self, sha: str, stage: str, version: str, value: Any) -> None:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._write_atomic(self._path(sha, stage, version, "json"), data)

    def get_arrays(self, sha: str, stage: str, version: str) -> dict[str, np.ndarray] | None:
        path = self._path(sha, stage, version, "npz")
        try:
            with np.load(path, allow_pickle=False) as z:
                return {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError):
            return None

    def put_arrays(self, sha: str, stage: str, version: str, arrays: dict[str, np.ndarray]) -> None:
        import io

        buf = io.BytesIO()
        np.savez(buf, **arrays)
        self._write_atomic(self._path(sha, stage, version, "npz"), buf.getvalue())
