"""The ONNX export of the embedding model: made once from the shipped weights, then reused.

Why ckg exports the model itself (``torch.onnx.export``) rather than through
sentence-transformers' ``backend="onnx"``: that route needs optimum-onnx, whose only release
pins transformers below 4.58, and sentence-transformers 6 needs transformers 5. Exporting the
BERT encoder with mean pooling and L2 normalisation inside the graph gives the same vectors
as the torch path (cosine 1.0000) and needs only onnxruntime and onnx at run time.

The export is a folder under ``$XDG_CACHE_HOME/ckg/onnx`` named by what it was made from
(the weights' identity, the exporter's version), holding ``model.onnx``, its int8
quantisation ``model-int8.onnx`` and ``manifest.json`` with each file's size and sha256.
It is written into a temporary folder and renamed into place, so a killed export never
leaves half a model where a reader looks; a folder whose files do not match its manifest
(truncated, edited, a manifest missing) is moved aside and exported again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

EXPORT_VERSION = "1"  # bump when the exported graph changes (inputs, pooling, opset, quantisation)
FP32 = "model.onnx"
INT8 = "model-int8.onnx"
MANIFEST = "manifest.json"
OPSET = 17


def cache_root() -> Path:
    """Where exports live: ckg's folder of the user's cache (as the remote stores' work folders)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ckg" / "onnx"


def export_key(model_path: str | Path) -> str:
    """Names an export by the weights and config it came from, so new weights mean a new export.

    Hashes the small files whole and the weights file by size and its first and last megabyte
    (hashing 90 MB on every start would cost more than it guards against).
    """
    folder = Path(model_path)
    h = hashlib.sha256(f"ckg-onnx-{EXPORT_VERSION}".encode())
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        h.update(path.name.encode())
        size = path.stat().st_size
        h.update(str(size).encode())
        with open(path, "rb") as fh:
            if size <= 2 << 20:
                h.update(fh.read())
            else:
                h.update(fh.read(1 << 20))
                fh.seek(-(1 << 20), os.SEEK_END)
                h.update(fh.read())
    return h.hexdigest()[:16]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def is_complete(folder: Path) -> bool:
    """The folder holds every file its manifest names, each of the recorded size and hash."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        return bool(files) and all(
            (folder / name).stat().st_size == meta["size"] and _sha256(folder / name) == meta["sha256"]
            for name, meta in files.items()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def ensure_export(model_path: str | Path, root: Path | None = None) -> Path:
    """The folder of a complete export of ``model_path``, exporting it first if there is none."""
    root = root or cache_root()
    folder = root / export_key(model_path)
    if is_complete(folder):
        return folder
    if folder.exists():  # partial or corrupt: set it aside (a reader may hold it open), then redo
        print(f"ckg: the ONNX export in {folder} is incomplete; exporting it again", file=sys.stderr)
        aside = root / f".broken-{folder.name}-{time.time_ns():x}"
        with contextlib.suppress(OSError):
            os.rename(folder, aside)
        shutil.rmtree(aside, ignore_errors=True)
    print(
        "ckg: exporting the embedding model to ONNX (once, about 10 s) into " + str(folder), file=sys.stderr
    )
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".tmp-"))
    try:
        _export(Path(model_path), tmp)
        try:
            os.rename(tmp, folder)
        except OSError:  # another process finished the same export first: use theirs
            if not is_complete(folder):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for stale in root.glob(".tmp-*"):  # left by exports that were killed over an hour ago
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)
    return folder


def _export(model_path: Path, out: Path) -> None:
    """Write the fp32 graph, its int8 quantisation and, last, the manifest into ``out``."""
    _export_fp32(model_path, out / FP32)
    _quantize(out / FP32, out / INT8)
    files = {
        name: {"size": (out / name).stat().st_size, "sha256": _sha256(out / name)} for name in (FP32, INT8)
    }
    manifest = {"model": str(model_path), "export_version": EXPORT_VERSION, "opset": OPSET, "files": files}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _export_fp32(model_path: Path, target: Path) -> None:
    """BERT encoder, mean pooling over the attention mask and L2 normalisation in one graph:
    inputs ``input_ids`` and ``attention_mask`` (batch x tokens, int64), output ``embedding``.

    Eager attention, because the traced graph of the SDPA path fixes shapes it should not.
    """
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    encoder = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    sample = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and tracer notes
        torch.onnx.export(
            MeanPooled(encoder),
            (sample, sample),
            str(target),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )


def _quantize(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation, weights per channel: per-tensor int8 weights cost this model
    too much (mean cosine to fp32 0.96 on our passages, against 0.992 per channel)."""
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root_logger = logging.getLogger()
    level = root_logger.level
    root_logger.setLevel(logging.ERROR)  # "consider pre-processing" advice, once per export
    try:
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        root_logger.setLevel(level)
