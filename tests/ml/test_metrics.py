import numpy as np
import pytest

from ml.evaluate import score, spearman, tune_thresholds


def test_perfect_predictions_score_one():
    gold = [["digital"], ["people", "stress"], []]
    s = score(gold, gold, [2, 3, 5], [2.0, 3.0, 5.0], ["en", "en", "zh"])
    assert s.micro_f1 == 1.0 and s.exact_match == 1.0 and s.focus_mae == 0.0
    assert s.per_theme["digital"].f1 == 1.0
    assert s.by_language["zh"].n == 1


def test_a_theme_never_predicted_nor_present_scores_zero_f1():
    s = score([["digital"]], [["digital"]], [2], [2.0])
    assert s.per_theme["body"].f1 == 0.0


def test_spearman_handles_ties_and_constant_input():
    assert spearman(np.array([1, 2, 2, 3]), np.array([1.0, 2.0, 2.0, 3.0])) == pytest.approx(1.0)
    assert spearman(np.array([3, 3, 3]), np.array([1.0, 2.0, 3.0])) == 0.0


def test_thresholds_are_tuned_per_theme_towards_the_best_f1():
    gold = np.array([[1, 0], [1, 0], [0, 1], [0, 0]], dtype=float)
    probs = np.array([[0.3, 0.9], [0.35, 0.2], [0.1, 0.85], [0.2, 0.1]])
    t = tune_thresholds(gold, probs)
    assert 0.2 < t[0] <= 0.3
    assert 0.2 < t[1] <= 0.85
