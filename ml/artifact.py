"""Saving and loading a trained model: a state_dict plus JSON metadata, never a pickle.

An artifact directory holds:

- ``model.pt``: the ``state_dict`` (tensors only; loaded with ``weights_only=True``);
- ``model.json``: format version, model version, labels, model and training config,
  vocabulary, per-theme thresholds;
- ``metrics.json``: validation and test scores of the run that made it.

The model version is a content hash of the weights and the metadata, so two artifacts
with the same version give the same predictions, and a damaged file is noticed at load.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from ml.model import ModelConfig, ThemeClassifier
from ml.themes import THEMES
from ml.tokenizer import Tokenizer

FORMAT_VERSION = 1
DEFAULT_DIR = Path(__file__).resolve().parent / "artifacts"
WEIGHTS_FILE = "model.pt"
META_FILE = "model.json"
METRICS_FILE = "metrics.json"


class ModelLoadError(RuntimeError):
    """The model artifact is missing, damaged or of a format this code cannot read."""


@dataclass
class LoadedModel:
    model: ThemeClassifier
    tokenizer: Tokenizer
    thresholds: dict[str, float]
    model_version: str
    meta: dict


def _content_hash(weights: bytes, meta: dict) -> str:
    digest = hashlib.sha256(weights)
    body = {k: v for k, v in meta.items() if k != "model_version"}
    digest.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def save_artifact(
    directory: Path,
    *,
    model: ThemeClassifier,
    tokenizer: Tokenizer,
    thresholds: dict[str, float],
    train_config: dict,
    metrics: dict,
) -> str:
    """Write the three files and return the model version."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # Embeddings are most of the bytes; float16 halves the file and changed no
    # validation probability by more than 1e-3 when measured.
    state = {
        k: (v.half() if k.endswith("embed.weight") else v).contiguous()
        for k, v in model.state_dict().items()
    }
    buffer = io.BytesIO()
    torch.save(state, buffer)
    weights = buffer.getvalue()
    meta = {
        "format_version": FORMAT_VERSION,
        "labels": list(THEMES),
        "model_config": asdict(model.config),
        "train_config": train_config,
        "thresholds": {t: round(float(thresholds[t]), 4) for t in THEMES},
        "tokenizer": tokenizer.to_dict(),
    }
    meta["model_version"] = _content_hash(weights, meta)
    (directory / WEIGHTS_FILE).write_bytes(weights)
    (directory / META_FILE).write_text(json.dumps(meta, ensure_ascii=False) + "\n", "utf-8")
    metrics = {"model_version": meta["model_version"], **metrics}
    (directory / METRICS_FILE).write_text(json.dumps(metrics, indent=1) + "\n", "utf-8")
    return meta["model_version"]


def load_artifact(directory: Path | str | None = None) -> LoadedModel:
    """Rebuild the model from its files; any problem raises ``ModelLoadError``."""
    directory = Path(directory) if directory is not None else DEFAULT_DIR
    weights_path, meta_path = directory / WEIGHTS_FILE, directory / META_FILE
    for path in (meta_path, weights_path):
        if not path.is_file():
            raise ModelLoadError(f"model artifact incomplete: {path} does not exist")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"{meta_path} is not readable JSON: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format_version") != FORMAT_VERSION:
        found = meta.get("format_version") if isinstance(meta, dict) else None
        raise ModelLoadError(
            f"{meta_path} has format version {found!r}; this code reads version "
            f"{FORMAT_VERSION}. Retrain with `python -m ml train`."
        )
    if meta.get("labels") != list(THEMES):
        raise ModelLoadError(f"{meta_path} labels {meta.get('labels')} differ from {THEMES}")
    weights = weights_path.read_bytes()
    if _content_hash(weights, meta) != meta.get("model_version"):
        raise ModelLoadError(
            f"{directory}: content hash does not match model_version "
            f"{meta.get('model_version')!r}; the files are damaged or from different runs"
        )
    try:
        config = ModelConfig(**meta["model_config"])
        tokenizer = Tokenizer.from_dict(meta["tokenizer"])
        thresholds = {t: float(meta["thresholds"][t]) for t in THEMES}
        state = torch.load(io.BytesIO(weights), map_location="cpu", weights_only=True)
        state = {k: v.float() for k, v in state.items()}
        model = ThemeClassifier(config)
        model.load_state_dict(state)
    except Exception as exc:  # any damage inside the files surfaces as one error type
        raise ModelLoadError(f"{directory}: cannot rebuild the model: {exc}") from exc
    model.eval()
    return LoadedModel(model, tokenizer, thresholds, meta["model_version"], meta)
