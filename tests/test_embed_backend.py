"""The embedding backend switch (CKG_EMBED_BACKEND): the ONNX export of the shipped weights
gives the torch path's vectors, through ONNX Runtime and through OpenVINO, is made once and
reused, and is made again when broken.

Real model, real export (about 10 s, once per session into a temporary cache folder).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from ckg.errors import CkgError
from ckg.graph import onnx_export
from ckg.graph.embeddings import Embedder
from ckg.settings import Settings

TEXTS = [
    "who funds mental health services?",
    "Children's Services: The council commissions CAMHS for 0-18 year olds; budget £2.3m (2015/16).",
    "Priority 3 — reduce the number of looked after children placed out of county",
    "a",
    # longer than the 128 tokens both paths keep: the truncation must agree too
    " ".join(["The Health and Wellbeing Board oversees the joint commissioning of early help."] * 30),
]


@pytest.fixture(scope="session")
def xdg_cache(tmp_path_factory) -> Path:
    """A cache home holding one export of the shipped weights, made once for the session."""
    home = tmp_path_factory.mktemp("xdg-cache")
    onnx_export.ensure_export(Settings().model_path, home / "ckg" / "onnx")
    return home


@pytest.fixture
def cache_home(xdg_cache, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg_cache))
    return xdg_cache


@pytest.fixture(scope="session")
def torch_vectors(embedder) -> np.ndarray:
    reference = (
        embedder
        if embedder.backend == "torch"
        else Embedder(Settings.from_env().with_(embed_backend="torch"))
    )
    return reference.encode(TEXTS)


def _export_folder() -> Path:
    return onnx_export.cache_root() / onnx_export.export_key(Settings().model_path)


def test_onnx_gives_the_torch_vectors(cache_home, torch_vectors):
    vectors = Embedder(Settings.from_env().with_(embed_backend="onnx")).encode(TEXTS)
    assert vectors.shape == torch_vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    cosines = np.sum(vectors * torch_vectors, axis=1)
    assert cosines.min() >= 0.999, cosines
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_int8_stays_close_to_torch(cache_home, torch_vectors):
    vectors = Embedder(Settings.from_env().with_(embed_backend="onnx-int8")).encode(TEXTS)
    cosines = np.sum(vectors * torch_vectors, axis=1)
    assert cosines.min() >= 0.95, cosines


def test_onnx_keeps_the_order_of_the_texts(cache_home):
    """The encoder batches texts by length; the vectors must come back in input order."""
    embedder = Embedder(Settings.from_env().with_(embed_backend="onnx", embed_batch=2))
    forward = embedder.encode(TEXTS)
    backward = embedder.encode(TEXTS[::-1])
    assert np.allclose(forward, backward[::-1], atol=1e-5)
    assert embedder.encode([]).shape == (0, 384)


def test_openvino_agrees_with_torch(cache_home, torch_vectors):
    """OpenVINO runs the fp32 export in bfloat16 on a CPU that has it: not the same vectors
    as torch, but so close (cosine 0.99996 at worst over ckg's 7,111 passages) that search
    finds the same passages."""
    embedder = Embedder(Settings.from_env().with_(embed_backend="openvino"))
    vectors = embedder.encode(TEXTS)
    assert vectors.shape == torch_vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    cosines = np.sum(vectors * torch_vectors, axis=1)
    assert cosines.min() > 0.999, cosines
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.model.precision in ("bf16", "f32")


def test_openvino_with_one_text_and_none(cache_home, torch_vectors):
    embedder = Embedder(Settings.from_env().with_(embed_backend="openvino"))
    one = embedder.encode([TEXTS[0]])
    assert one.shape == (1, 384)
    assert float(one[0] @ torch_vectors[0]) > 0.999
    assert embedder.encode([]).shape == (0, 384)


def test_openvino_keeps_the_order_of_the_texts(cache_home, torch_vectors):
    """Batches run asynchronously, one per stream, and end in any order: the vectors must
    still come back in input order."""
    embedder = Embedder(Settings.from_env().with_(embed_backend="openvino", embed_batch=2))
    texts = TEXTS * 3
    vectors = embedder.encode(texts)
    assert np.sum(vectors * np.tile(torch_vectors, (3, 1)), axis=1).min() > 0.999
    assert np.allclose(embedder.encode(texts[::-1]), vectors[::-1], atol=1e-3)


def test_openvino_from_several_threads(cache_home):
    """The web app embeds questions on several threads with one Embedder."""
    embedder = Embedder(Settings.from_env().with_(embed_backend="openvino", embed_batch=2))
    expected = embedder.encode(TEXTS)
    results: list[np.ndarray] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                results.append(embedder.encode(TEXTS))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 12
    for vectors in results:
        assert np.allclose(vectors, expected, atol=1e-3)


def test_an_unknown_backend_is_one_clear_line():
    with pytest.raises(CkgError) as caught:
        Embedder(Settings.from_env({"CKG_EMBED_BACKEND": "tensorflow"}))
    message = str(caught.value)
    assert "\n" not in message
    assert "CKG_EMBED_BACKEND='tensorflow'" in message
    for backend in ("torch", "onnx", "onnx-int8", "openvino"):
        assert backend in message


def test_export_is_made_once_and_reused(cache_home, capsys):
    folder = _export_folder()
    stamp = (folder / onnx_export.FP32).stat().st_mtime_ns
    for _ in range(2):
        Embedder(Settings.from_env().with_(embed_backend="onnx")).encode(["reuse"])
    assert (folder / onnx_export.FP32).stat().st_mtime_ns == stamp
    assert "exporting" not in capsys.readouterr().err
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no second export beside it


def test_setting_selects_the_path(cache_home):
    from sentence_transformers import SentenceTransformer

    from ckg.graph.onnx_encoder import OnnxEncoder
    from ckg.graph.openvino_encoder import OpenVinoEncoder

    assert Settings.from_env({"CKG_EMBED_BACKEND": "onnx"}).embed_backend == "onnx"
    onnx = Embedder(Settings.from_env({"CKG_EMBED_BACKEND": "onnx-int8"}))
    assert isinstance(onnx.model, OnnxEncoder)
    assert Path(onnx.model.session._model_path).name == onnx_export.INT8
    torch = Embedder(Settings.from_env({"CKG_EMBED_BACKEND": "torch"}))
    assert isinstance(torch.model, SentenceTransformer)
    openvino = Embedder(Settings.from_env({"CKG_EMBED_BACKEND": "openvino"}))
    assert isinstance(openvino.model, OpenVinoEncoder)
    assert openvino.model.model_file.name == onnx_export.FP32
    with pytest.raises(CkgError, match="CKG_EMBED_BACKEND"):
        Embedder(Settings.from_env({"CKG_EMBED_BACKEND": "tensorflow"}))


def test_a_broken_export_is_detected(xdg_cache, tmp_path):
    """Truncated, edited, or without its manifest (written last): not complete."""
    source = xdg_cache / "ckg" / "onnx" / onnx_export.export_key(Settings().model_path)
    for damage in ("truncate", "flip", "no-manifest"):
        folder = tmp_path / damage
        shutil.copytree(source, folder)
        assert onnx_export.is_complete(folder)
        target = folder / onnx_export.INT8
        if damage == "truncate":
            os.truncate(target, target.stat().st_size // 2)
        elif damage == "flip":
            data = bytearray(target.read_bytes())
            data[len(data) // 2] ^= 0xFF
            target.write_bytes(bytes(data))
        else:
            (folder / onnx_export.MANIFEST).unlink()
        assert not onnx_export.is_complete(folder), damage


def test_a_partial_export_is_made_again(xdg_cache, tmp_path, monkeypatch, capsys):
    """A half-written model where a complete export should be: re-exported, not a crash."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = _export_folder()
    shutil.copytree(xdg_cache / "ckg" / "onnx" / folder.name, folder)
    model = folder / onnx_export.FP32
    os.truncate(model, model.stat().st_size // 3)
    vectors = Embedder(Settings.from_env().with_(embed_backend="onnx")).encode(TEXTS[:2])
    assert "exporting it again" in capsys.readouterr().err
    assert onnx_export.is_complete(folder)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # nothing left aside


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_build_and_ask_run_on_the_export(xdg_cache, tmp_path, backend):
    """`ckg build` and `ckg ask` end to end on the session's export, by each runtime."""
    from ckgtest import run_ckg

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text(
        "# Exampleshire Early Help Plan 2021-2024\n\n"
        "Exampleshire County Council funds the child and adolescent mental health service (CAMHS).\n",
        encoding="utf-8",
    )
    env = {"CKG_EMBED_BACKEND": backend, "XDG_CACHE_HOME": str(xdg_cache)}
    store = str(tmp_path / "store")
    built = run_ckg("build", str(docs), "--store", store, "--quiet", env=env)
    assert built.returncode == 0, built.stderr
    assert "exporting" not in built.stderr  # the export was made once, by the fixture
    asked = run_ckg("ask", "who funds mental health services?", "--store", store, env=env)
    assert asked.returncode == 0, asked.stderr
    assert "Exampleshire" in asked.stdout
