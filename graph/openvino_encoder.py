"""Runs the exported embedding model (graph.onnx_export) with OpenVINO on the CPU.

Why OpenVINO: it reads the same fp32 ONNX export as ONNX Runtime, and on a CPU with
bfloat16 instructions (avx512_bf16, AMX) it runs the matrix products in bfloat16 by default
(``INFERENCE_PRECISION_HINT``), accumulating in float32. On ckg's 7,111 passages that is 2.15x
the torch path's throughput on a quiet 2-core machine (ONNX Runtime: 1.26x; under load from
another process 4.7x against 2.1x), with vectors of cosine 0.99996 or more to the torch
path's and recall@10 0.991 against it; int8 quantisation, the other way to go faster, only
reached recall@10 0.85. On a CPU without bfloat16 OpenVINO computes in float32: torch's
vectors, at about ONNX Runtime's speed.

Why the THROUGHPUT hint: it makes one stream per core, each running its own batch on one
thread, so the cores never wait for each other inside a batch: 1.1x the LATENCY hint (one
batch on both cores) on a quiet machine, 1.3x when another process shares the cores. One
question alone runs on one core (about 5 ms).

Tokenisation and batching are graph.onnx_encoder's (``BatchedEncoder``), so the runtime is
the only difference from the ``onnx`` backend. Safe to call from several threads at once:
each call makes its own infer requests (microseconds each) from the one compiled model.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ckg.graph.onnx_encoder import Batch, BatchedEncoder


class OpenVinoEncoder(BatchedEncoder):
    """Encodes texts to L2-normalised vectors with one OpenVINO model compiled for the CPU."""

    def __init__(
        self, onnx_file: Path, tokenizer_file: Path, threads: int | None = None, precision: str | None = None
    ) -> None:
        """``precision``: OpenVINO's inference precision (``f32``, ``bf16``); None keeps its
        default for the CPU (bf16 where the CPU has bfloat16 instructions, else f32)."""
        import openvino as ov

        super().__init__(tokenizer_file)
        config: dict[str, object] = {"PERFORMANCE_HINT": "THROUGHPUT"}
        if threads:
            config["INFERENCE_NUM_THREADS"] = threads
        if precision:
            config["INFERENCE_PRECISION_HINT"] = precision
        core = ov.Core()
        self.model_file = Path(onnx_file)
        self.compiled = core.compile_model(core.read_model(str(onnx_file)), "CPU", config)
        self.requests = int(self.compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS"))

    @property
    def precision(self) -> str:
        """The precision the compiled model runs in (``bf16`` or ``f32``), for reports."""
        return self.compiled.get_property("INFERENCE_PRECISION_HINT").get_type_name()

    def _run_batches(self, batches: Iterator[Batch], count: int) -> np.ndarray:
        """Keeps one batch in flight per stream: a ring of infer requests, each waited for
        (and its vectors copied out) before it takes the next batch.

        Why not OpenVINO's AsyncInferQueue with a Python callback: the callback's wrapper
        still takes the GIL on OpenVINO's thread after ``wait_all`` has returned, and a
        compiled model freed at that moment (with the GIL held) waits for that thread for
        ever; it hung one run in about thirty. Here no Python runs on OpenVINO's threads.
        """
        width = self.compiled.output(0).get_partial_shape()[1].get_length()
        out = np.zeros((count, width), dtype=np.float32)
        ring = [self.compiled.create_infer_request() for _ in range(self.requests)]
        pending: list[np.ndarray | None] = [None] * len(ring)  # the rows each request is running

        def collect(slot: int) -> None:
            rows = pending[slot]
            if rows is not None:
                ring[slot].wait()
                out[rows] = ring[slot].get_output_tensor(0).data
                pending[slot] = None

        try:
            for n, (rows, ids, mask) in enumerate(batches):
                slot = n % len(ring)
                collect(slot)
                ring[slot].start_async({"input_ids": ids, "attention_mask": mask})
                pending[slot] = rows
            for slot in range(len(ring)):
                collect(slot)
        finally:  # nothing may still be running on these requests once this returns or raises
            for request in ring:
                request.wait()
        return out
