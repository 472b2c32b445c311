"""The embedding backend switch (CKG_EMBED_BACKEND): the ONNX export of the shipped weights
gives the torch path's vectors, is made once and reused, and is made again when broken.

Real model, real export (about 10 s, once per session into a temporary cache folder).
"""

from __future__ import annotations

import os
import shutil
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

    assert Settings.from_env({"CKG_EMBED_BACKEND": "onnx"}).embed_backend == "onnx"
    onnx = Embedder(Settings.from_env({"CKG_EMBED_BACKEND": "onnx-int8"}))
    assert isinstance(onnx.model, OnnxEncoder)
    assert Path(onnx.model.session._model_path).name == onnx_export.INT8
    torch = Embedder(Settings.from_env({"CKG_EMBED_BACKEND": "torch"}))
    assert isinstance(torch.model, SentenceTransformer)
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


def test_build_and_ask_run_on_onnx(xdg_cache, tmp_path):
    """`ckg build` and `ckg ask` end to end with CKG_EMBED_BACKEND=onnx (the session's export)."""
    from ckgtest import run_ckg

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text(
        "# Exampleshire Early Help Plan 2021-2024\n\n"
        "Exampleshire County Council funds the child and adolescent mental health service (CAMHS).\n",
        encoding="utf-8",
    )
    env = {"CKG_EMBED_BACKEND": "onnx", "XDG_CACHE_HOME": str(xdg_cache)}
    store = str(tmp_path / "store")
    built = run_ckg("build", str(docs), "--store", store, "--quiet", env=env)
    assert built.returncode == 0, built.stderr
    assert "exporting" not in built.stderr  # the export was made once, by the fixture
    asked = run_ckg("ask", "who funds mental health services?", "--store", store, env=env)
    assert asked.returncode == 0, asked.stderr
    assert "Exampleshire" in asked.stdout
