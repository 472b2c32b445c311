"""Runs the exported embedding model (graph.onnx_export) with ONNX Runtime.

Why a separate path: the same weights run faster through ONNX Runtime than through PyTorch
on a CPU, and this path imports neither torch nor sentence-transformers, so a process that
only embeds queries (``ckg ask``, the web app) starts faster too. Tokenisation is the model's
own ``tokenizer.json`` through the tokenizers library, truncated at the same 128 tokens as
the torch path; pooling and normalisation are inside the exported graph.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

MAX_TOKENS = 128  # as graph.embeddings sets for the torch path


class OnnxEncoder:
    """Encodes texts to L2-normalised vectors with one ONNX Runtime session."""

    def __init__(self, onnx_file: Path, tokenizer_file: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only
        # ONNX Runtime's threads spin for a while after each run waiting for more work; on a
        # small machine that spinning takes the CPU from the Python that follows (an `ask`
        # embeds one question, then ranks for ~100 ms), so they sleep instead.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of each batch
        self.tokenizer = tokenizer

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Vectors in the order of ``texts``; batches are made of texts of like length (as
        sentence-transformers does), so little of each batch is padding."""
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out: np.ndarray | None = None
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            vectors = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
        return out if out is not None else np.zeros((0, 0), dtype=np.float32)
