import json
import shutil
import threading

import pytest

import ml
from ml import ModelLoadError, load_classifier
from ml.artifact import FORMAT_VERSION, load_artifact


@pytest.fixture
def artifact_copy(tiny_artifact, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(tiny_artifact, target)
    return target


def test_a_missing_directory_raises_model_load_error(tmp_path):
    with pytest.raises(ModelLoadError, match="does not exist"):
        load_artifact(tmp_path / "nowhere")


def test_a_missing_weights_file_raises_model_load_error(artifact_copy):
    (artifact_copy / "model.pt").unlink()
    with pytest.raises(ModelLoadError, match="model.pt"):
        load_artifact(artifact_copy)


def test_metadata_that_is_not_json_raises_model_load_error(artifact_copy):
    (artifact_copy / "model.json").write_text("{not json")
    with pytest.raises(ModelLoadError, match="not readable JSON"):
        load_artifact(artifact_copy)


def test_an_older_format_version_is_reported_as_such(artifact_copy):
    meta = json.loads((artifact_copy / "model.json").read_text())
    meta["format_version"] = FORMAT_VERSION - 1
    (artifact_copy / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelLoadError, match="format version"):
        load_artifact(artifact_copy)


def test_damaged_weights_are_caught_by_the_content_hash(artifact_copy):
    data = bytearray((artifact_copy / "model.pt").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (artifact_copy / "model.pt").write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="content hash"):
        load_artifact(artifact_copy)


def test_model_load_error_is_a_runtime_error_for_callers_that_catch_broadly():
    assert issubclass(ModelLoadError, RuntimeError)


def test_the_classifier_is_loaded_once_per_path(tiny_artifact):
    assert load_classifier(tiny_artifact) is load_classifier(str(tiny_artifact))


def test_predictions_from_many_threads_match_the_single_threaded_ones(tiny_classifier):
    texts = ["phone kept buzzing", "图书馆太吵", "slept 4 hours", "心里很烦"] * 8
    expected = [p.themes for p in tiny_classifier.predict(texts)]
    results: list = [None] * 8

    def work(k):
        results[k] = [p.themes for p in tiny_classifier.predict(texts)]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_the_committed_artifact_loads_and_labels_an_obvious_entry():
    classifier = load_classifier()
    [prediction] = classifier.predict(["kept scrolling TikTok instead of studying"])
    assert "digital" in prediction.labels
    assert prediction.model_version == classifier.model_version
    assert set(prediction.themes) == set(ml.THEMES)
