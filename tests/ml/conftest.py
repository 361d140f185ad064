"""Shared fixtures for the ml tests: a tiny model trained once per test session."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from ml.corpus import Entry, load_corpus
from ml.train import TrainConfig, train

TINY_MODEL = {"embed_dim": 16, "hidden_dim": 16, "attn_dim": 16, "focus_hidden": 8}


def corpus_slice(n_per_language: int = 60) -> list[Entry]:
    """The first entries of each language: enough to prove the training path, fast."""
    entries = load_corpus()
    return [e for e in entries if e.lang == "en"][:n_per_language] + [
        e for e in entries if e.lang == "zh"
    ][:n_per_language]


def tiny_config(**overrides) -> TrainConfig:
    return TrainConfig(max_epochs=2, patience=2, num_threads=1, model=dict(TINY_MODEL), **overrides)


@pytest.fixture(scope="session")
def tiny_setup():
    """The slice and config helpers, for tests that train with settings of their own."""
    return SimpleNamespace(corpus_slice=corpus_slice, tiny_config=tiny_config)


@pytest.fixture(scope="session")
def train_slice():
    """Train a tiny model on the first 40 entries per language; returns (result, out_dir)."""

    def run(out_dir: Path):
        entries = corpus_slice(40)
        result = train(
            entries[::2], entries[1::2], entries[1::4], tiny_config(), out_dir, log=lambda _: None
        )
        return result

    return run


@pytest.fixture(scope="session")
def tiny_artifact(tmp_path_factory) -> Path:
    entries = corpus_slice()
    out = tmp_path_factory.mktemp("tiny-model")
    train(entries[::2], entries[1::2], (), tiny_config(), out, log=lambda _: None)
    return out


@pytest.fixture(scope="session")
def tiny_classifier(tiny_artifact):
    from ml import load_classifier

    return load_classifier(tiny_artifact)
