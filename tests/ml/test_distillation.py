import torch

from ml.artifact import load_artifact
from ml.model import ModelConfig, ThemeClassifier
from ml.tokenizer import Tokenizer
from ml.train import Targets, distilled_targets, train

TEXTS = ["phone kept buzzing", "图书馆太吵了", "too tired to read", "没睡好，头疼"]


def _teacher_and_gold() -> tuple[ThemeClassifier, list, Targets]:
    tokenizer = Tokenizer.train(TEXTS, min_count=1)
    torch.manual_seed(0)
    teacher = ThemeClassifier(ModelConfig(vocab_size=len(tokenizer), embed_dim=8, hidden_dim=8))
    encodings = [tokenizer.encode(t) for t in TEXTS]
    themes = torch.zeros(len(TEXTS), 8)
    themes[0, 0] = themes[1, 2] = 1.0
    gold = Targets(themes, torch.tensor([2.0, 1.0, 3.0, 5.0]), torch.ones(8))
    return teacher, encodings, gold


def test_with_no_weight_on_the_teachers_the_student_learns_the_gold_labels():
    teacher, encodings, gold = _teacher_and_gold()
    targets = distilled_targets(teacher, encodings, gold, weight=0.0)
    assert torch.equal(targets.themes, gold.themes)
    assert torch.equal(targets.focus, gold.focus)


def test_the_student_learns_gold_labels_mixed_with_the_teachers_probabilities():
    teacher, encodings, gold = _teacher_and_gold()
    only_teacher = distilled_targets(teacher, encodings, gold, weight=1.0)
    half = distilled_targets(teacher, encodings, gold, weight=0.5)
    assert ((only_teacher.themes > 0) & (only_teacher.themes < 1)).all()
    assert torch.allclose(half.themes, (gold.themes + only_teacher.themes) / 2)
    assert torch.allclose(half.focus, (gold.focus + only_teacher.focus) / 2)
    assert torch.equal(half.pos_weight, gold.pos_weight)


def test_a_distilled_model_ships_one_network_and_records_its_teachers(tiny_setup, tmp_path):
    entries = tiny_setup.corpus_slice(20)
    config = tiny_setup.tiny_config(teachers=2)
    config.max_epochs = 1
    result = train(entries[::2], entries[1::2], (), config, tmp_path / "d", log=lambda _: None)
    assert len(result.model.members) == 1
    assert [t["best_epoch"] for t in result.metrics["teachers"]] == [1, 1]
    assert len(load_artifact(tmp_path / "d").model.members) == 1


def test_distilled_training_is_deterministic_for_a_seed(tiny_setup, tmp_path):
    entries = tiny_setup.corpus_slice(20)
    versions = []
    for name in ("a", "b"):
        config = tiny_setup.tiny_config(teachers=1)
        config.max_epochs = 1
        result = train(entries[::2], entries[1::2], (), config, tmp_path / name, log=lambda _: None)
        versions.append(result.model_version)
    assert versions[0] == versions[1]
