"""Runs the exported embedding model (graph.onnx_export) with ONNX Runtime.

Why a separate path: the same weights run faster through ONNX Runtime than through PyTorch
on a CPU, and this path imports neither torch nor sentence-transformers, so a process that
only embeds queries (``ckg ask``, the web app) starts faster too. Tokenisation is the model's
own ``tokenizer.json`` through the tokenizers library, truncated at the same 128 tokens as
the torch path; pooling and normalisation are inside the exported graph.

``BatchedEncoder`` holds what every runtime of the export shares (tokenisation, batching,
putting the vectors back in input order), so that a runtime (ONNX Runtime here, OpenVINO in
graph.openvino_encoder) is the only difference between two backends' vectors.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

MAX_TOKENS = 128  # as graph.embeddings sets for the torch path

# One batch for the runtime: the input rows it holds, and their token ids and attention mask
# (batch x tokens, int64, padded to the longest text of the batch).
Batch = tuple[np.ndarray, np.ndarray, np.ndarray]


class BatchedEncoder:
    """Tokenises texts and cuts them into batches of like token count; a subclass runs them.

    Why batches are ordered by token count, not by characters (as sentence-transformers
    does): every text of a batch is padded to its longest, and on ckg's passages ordering by
    characters leaves 32% of a batch of 32 as padding, by tokens 0.7%.
    """

    def __init__(self, tokenizer_file: Path) -> None:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()  # the file pads every text to 128; batches pad themselves
        self.tokenizer = tokenizer

    def batches(self, texts: list[str], batch_size: int) -> Iterator[Batch]:
        """Batches of ``batch_size`` texts, longest first, each padded to its own longest text."""
        encodings = self.tokenizer.encode_batch(texts)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        order = np.argsort(-lengths, kind="stable")
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            width = int(lengths[rows[0]])
            ids = np.zeros((len(rows), width), dtype=np.int64)  # 0 is [PAD]
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for n, row in enumerate(rows):
                length = int(lengths[row])
                ids[n, :length] = encodings[row].ids
                mask[n, :length] = 1
            yield rows, ids, mask

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised float32 vectors in the order of ``texts``.

        The graph normalises already; normalising again in float32 keeps the vectors of a
        runtime that computes in bfloat16 unit length, so that scores stay cosines.
        """
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        out = self._run_batches(self.batches(texts, batch_size), len(texts))
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out

    def _run_batches(self, batches: Iterator[Batch], count: int) -> np.ndarray:
        """The vectors of all ``count`` rows: one batch after another through ``_run``."""
        out: np.ndarray | None = None
        for rows, ids, mask in batches:
            vectors = self._run(ids, mask)
            if out is None:
                out = np.zeros((count, vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
        assert out is not None  # count > 0, so there was a batch
        return out

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class OnnxEncoder(BatchedEncoder):
    """Encodes texts to L2-normalised vectors with one ONNX Runtime session."""

    def __init__(self, onnx_file: Path, tokenizer_file: Path, threads: int | None = None) -> None:
        import onnxruntime as ort

        super().__init__(tokenizer_file)
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

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
