import pytest
import torch

from ml.artifact import load_artifact


@pytest.fixture
def _train_once(train_slice, tmp_path):
    return lambda name: train_slice(tmp_path / name)


def test_training_on_a_slice_writes_an_artifact_with_metrics(_train_once, tmp_path):
    result = _train_once("a")
    files = {p.name for p in (tmp_path / "a").iterdir()}
    assert files == {"model.pt", "model.json", "metrics.json"}
    assert set(result.thresholds) == set(result.metrics["test"]["per_theme"])
    assert 0.1 <= min(result.thresholds.values()) <= max(result.thresholds.values()) <= 0.9


def test_training_is_deterministic_for_a_seed(_train_once):
    first = _train_once("a")
    second = _train_once("b")
    assert first.model_version == second.model_version
    for key, value in first.model.state_dict().items():
        assert torch.equal(value, second.model.state_dict()[key]), key


def test_a_saved_model_predicts_what_the_trained_model_predicted(_train_once, tmp_path):
    result = _train_once("a")
    loaded = load_artifact(tmp_path / "a")
    assert loaded.model_version == result.model_version
    assert loaded.tokenizer.vocab == result.tokenizer.vocab


def test_several_networks_are_trained_and_averaged_when_configured(tiny_setup, tmp_path):
    from ml.inference import Classifier
    from ml.train import train

    entries = tiny_setup.corpus_slice(20)
    config = tiny_setup.tiny_config()
    config.max_epochs = 1
    config.model["n_members"] = 2
    result = train(entries[::2], entries[1::2], (), config, tmp_path / "pair", log=lambda _: None)
    assert len(result.model.members) == 2
    [p] = Classifier(load_artifact(tmp_path / "pair")).predict(["phone, then 图书馆太吵"])
    assert 1.0 <= p.focus <= 5.0
