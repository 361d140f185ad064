"""Training: ``python -m ml train`` reads top to bottom like the loop it runs.

data -> tokenizer -> model -> optimiser -> epochs with early stopping on validation ->
thresholds tuned on validation -> test scores -> artifact.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import torch

from ml.artifact import DEFAULT_DIR, save_artifact
from ml.corpus import CORPUS_PATH, SPLITS_PATH, Entry, load_corpus, read_splits, split_entries
from ml.corrections import load_corrections, merge_corrections
from ml.evaluate import Scores, label_matrix, score, spearman, theme_f1, tune_thresholds
from ml.hard_split import HARD_DIR, load_hard_split
from ml.inference import run_model
from ml.model import AttentionNetwork, ModelConfig, ThemeClassifier, make_batch, multitask_loss
from ml.themes import THEMES
from ml.tokenizer import Encoding, Tokenizer

# Teachers take seeds well past the shipped networks', so no teacher repeats a member.
TEACHER_SEED_OFFSET = 100


@dataclass
class TrainConfig:
    seed: int = 1337
    # An epoch cap, not the clock, ends a long run, so the result does not depend on the
    # machine's speed: on the 9,643-entry corpus the teacher peaks by epoch 13.
    max_epochs: int = 16
    patience: int = 5  # epochs without a better validation score before stopping
    batch_size: int = 32
    lr: float = 3e-3
    weight_decay: float = 1e-4
    grad_clip: float = 1.0
    # Share of a token's feature ids (word, n-grams, characters, bigrams) hidden at random
    # in each step, so the model cannot lean on whole words alone and copes with typos.
    feature_dropout: float = 0.4
    # Knowledge distillation: ``teachers`` networks (seeds after the shipped ones) are
    # trained first; the shipped network then learns from a mix of the gold labels and
    # their averaged probabilities and focus, ``distill_weight`` being the teachers' share.
    # Prediction costs what one network costs, whatever the number of teachers. One
    # teacher at 0.5 raised validation macro-F1 by 0.002 at both seeds tried (1337, 7),
    # Spearman by 0.019 and 0.002, and lowered focus MAE by 0.008; two teachers or a
    # weight of 0.7 did a little better at seed 1337 but double a run (about ten minutes quiet).
    teachers: int = 1
    distill_weight: float = 0.5
    focus_weight: float = 1.0
    pos_weight_cap: float = 5.0
    min_count: int = 2
    max_vocab: int = 30000
    num_threads: int = 2
    # A safety net against a stuck machine, not what ends a run: the epoch cap must, or the
    # result depends on the machine's load. With the fifth wave (9,886 training entries)
    # an epoch took 25 s to 2 minutes on 2 cores shared with another engineer's test runs,
    # and the old 570 s cut the teacher near epoch 10 of 16.
    max_seconds: float = 3600.0
    model: dict = field(default_factory=dict)  # overrides of ModelConfig fields


@dataclass
class TrainResult:
    model: ThemeClassifier
    tokenizer: Tokenizer
    thresholds: dict[str, float]
    metrics: dict
    model_version: str | None = None


def length_bucketed_batches(
    encodings: Sequence[Encoding], batch_size: int, generator: torch.Generator
) -> list[list[int]]:
    """Shuffled batches of texts of similar length.

    Chunks of 50 batches are sorted by length before cutting, so a batch pads to its own
    longest text instead of the corpus's; this made an epoch about 3x faster on 2 cores.
    """
    order = torch.randperm(len(encodings), generator=generator).tolist()
    chunk = batch_size * 50
    batches = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: len(encodings[i].ids))
        batches += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    shuffle = torch.randperm(len(batches), generator=generator).tolist()
    return [batches[i] for i in shuffle]


def _predict(model: ThemeClassifier, encodings: Sequence[Encoding], thresholds: np.ndarray):
    probs, focus, _ = run_model(model, encodings)
    labels = [[t for j, t in enumerate(THEMES) if p[j] >= thresholds[j]] for p in probs]
    return probs, focus, labels


def evaluate_split(
    model: ThemeClassifier,
    encodings: Sequence[Encoding],
    entries: Sequence[Entry],
    thresholds: np.ndarray,
) -> Scores:
    model.eval()
    _, focus, labels = _predict(model, encodings, thresholds)
    return score(
        [e.themes for e in entries],
        labels,
        [e.focus for e in entries],
        focus,
        [e.lang for e in entries],
    )


@dataclass
class Targets:
    """What the networks learn from: theme targets (N, L), maybe soft, and focus (N,)."""

    themes: torch.Tensor
    focus: torch.Tensor
    pos_weight: torch.Tensor  # (L,) from the gold labels


def fit_network(
    network: AttentionNetwork,
    train_enc: Sequence[Encoding],
    targets: Targets,
    val_enc: Sequence[Encoding],
    val_entries: Sequence[Entry],
    config: TrainConfig,
    seed: int,
    deadline: float,
    log: Callable[[str], None],
) -> tuple[int, list[dict]]:
    """Train one network in place; it ends holding its best validation weights."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    y_val = label_matrix([e.themes for e in val_entries])
    f_val = np.array([e.focus for e in val_entries], np.float64)
    optimizer = torch.optim.AdamW(
        network.parameters(), lr=config.lr, weight_decay=config.weight_decay
    )
    # A cosine learning-rate decay and an exponential moving average of the weights were
    # both tried here; neither beat a constant rate with early stopping on validation.
    wrapper = ThemeClassifier(network.config)
    wrapper.members = torch.nn.ModuleList([network])

    best_score, best_state, best_epoch, history = -1.0, None, 0, []
    for epoch in range(1, config.max_epochs + 1):
        network.train()
        total_loss = 0.0
        for rows in length_bucketed_batches(train_enc, config.batch_size, generator):
            batch = make_batch([train_enc[i].ids for i in rows])
            if config.feature_dropout > 0:
                # Id 0 is padding, which EmbeddingBag leaves out of a token's mean.
                noise = torch.rand(batch.feature_ids.shape, generator=generator)
                batch.feature_ids = batch.feature_ids.masked_fill(noise < config.feature_dropout, 0)
            out = network(batch)
            loss = multitask_loss(
                out,
                targets.themes[rows],
                targets.focus[rows],
                targets.pos_weight,
                config.focus_weight,
            )
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), config.grad_clip)
            optimizer.step()
            total_loss += loss.item() * len(rows)

        network.eval()
        probs, focus, _ = run_model(wrapper, val_enc)
        macro = float(theme_f1(y_val, probs >= tune_thresholds(y_val, probs)).mean())
        rho = spearman(f_val, focus)
        # One number to stop on: themes matter most, focus ranking second.
        val_score = macro + 0.5 * rho
        loss_avg = total_loss / len(train_enc)
        history.append(
            {
                "epoch": epoch,
                "loss": round(loss_avg, 4),
                "val_macro_f1": round(macro, 4),
                "val_spearman": round(rho, 4),
            }
        )
        log(
            f"  epoch {epoch:2d}  loss {loss_avg:.4f}  val macro-F1 {macro:.4f}  spearman {rho:.4f}"
        )
        if val_score > best_score:
            best_score, best_epoch = val_score, epoch
            best_state = copy.deepcopy(network.state_dict())
        elif epoch - best_epoch >= config.patience:
            break
        if time.monotonic() > deadline:
            log("  time budget reached")
            break
    assert best_state is not None
    network.load_state_dict(best_state)
    network.eval()
    return best_epoch, history


def distilled_targets(
    teachers: ThemeClassifier, train_enc: Sequence[Encoding], gold: Targets, weight: float
) -> Targets:
    """Gold targets mixed with the teachers' averaged probabilities and focus.

    The teachers read the training texts whole (no dropout), as they would at prediction.
    """
    teachers.eval()
    probs, focus, _ = run_model(teachers, train_enc)
    return replace(
        gold,
        themes=(1 - weight) * gold.themes + weight * torch.from_numpy(probs),
        focus=(1 - weight) * gold.focus + weight * torch.from_numpy(focus),
    )


def train(
    train_entries: Sequence[Entry],
    val_entries: Sequence[Entry],
    test_entries: Sequence[Entry] = (),
    config: TrainConfig | None = None,
    out_dir: Path | None = None,
    log: Callable[[str], None] = print,
) -> TrainResult:
    """Train on ``train_entries``, stop early on ``val_entries``, optionally save."""
    config = config or TrainConfig()
    started = time.monotonic()
    torch.set_num_threads(config.num_threads)

    # data
    tokenizer = Tokenizer.train(
        [e.text for e in train_entries], min_count=config.min_count, max_size=config.max_vocab
    )
    model_config = ModelConfig(vocab_size=len(tokenizer), **config.model)
    encode = lambda entries: [tokenizer.encode(e.text, model_config.max_tokens) for e in entries]  # noqa: E731
    train_enc, val_enc, test_enc = encode(train_entries), encode(val_entries), encode(test_entries)
    y_train = torch.tensor(label_matrix([e.themes for e in train_entries]), dtype=torch.float32)
    f_train = torch.tensor([e.focus for e in train_entries], dtype=torch.float32)
    positives = y_train.sum(0).clamp(min=1.0)
    # Rare themes get a larger weight on their positives, capped so a theme seen a handful
    # of times in a small slice cannot dominate the loss.
    pos_weight = ((len(y_train) - positives) / positives).sqrt().clamp(1.0, config.pos_weight_cap)
    gold = Targets(y_train, f_train, pos_weight)
    n_networks = config.teachers + model_config.n_members
    log(
        f"train {len(train_entries)}, validation {len(val_entries)}, test {len(test_entries)}; "
        f"vocabulary {len(tokenizer)}; {model_config.n_members} network(s), "
        f"{config.teachers} teacher(s)"
    )
    torch.manual_seed(config.seed)
    model = ThemeClassifier(model_config)

    fitted = 0

    def fit(network: AttentionNetwork, targets: Targets, seed: int, name: str) -> dict:
        nonlocal fitted
        # Each network gets an equal share of what is left of the time budget.
        remaining = config.max_seconds - (time.monotonic() - started)
        deadline = time.monotonic() + remaining / (n_networks - fitted)
        log(name)
        best_epoch, history = fit_network(
            network, train_enc, targets, val_enc, val_entries, config, seed, deadline, log
        )
        fitted += 1
        log(f"  best epoch {best_epoch} ({time.monotonic() - started:.0f}s)")
        return {"best_epoch": best_epoch, "history": history}

    # the teachers, if any, and the targets they make for the shipped networks
    targets, teachers = gold, []
    if config.teachers:
        networks = []
        for k in range(config.teachers):
            seed = config.seed + TEACHER_SEED_OFFSET + k
            torch.manual_seed(seed)
            networks.append(AttentionNetwork(model_config))
            teachers.append(fit(networks[-1], gold, seed, f"teacher {k + 1}/{config.teachers}"))
        teacher_model = ThemeClassifier(replace(model_config, n_members=len(networks)), networks)
        targets = distilled_targets(teacher_model, train_enc, gold, config.distill_weight)

    # the shipped networks, one after the other, each with its own seed and early stop
    members = [
        fit(network, targets, config.seed + k, f"network {k + 1}/{model_config.n_members}")
        for k, network in enumerate(model.members)
    ]

    # thresholds and scores of the averaged networks
    model.eval()
    probs, _, _ = run_model(model, val_enc)
    threshold_array = tune_thresholds(label_matrix([e.themes for e in val_entries]), probs)
    thresholds = {t: float(threshold_array[j]) for j, t in enumerate(THEMES)}
    metrics: dict = {
        "seconds": round(time.monotonic() - started, 1),
        "sizes": {
            "train": len(train_entries),
            "validation": len(val_entries),
            "test": len(test_entries),
        },
        "validation": evaluate_split(model, val_enc, val_entries, threshold_array).to_dict(),
        "members": members,
    }
    if teachers:
        metrics["teachers"] = teachers
    if test_entries:
        metrics["test"] = evaluate_split(model, test_enc, test_entries, threshold_array).to_dict()
    result = TrainResult(model, tokenizer, thresholds, metrics)
    if out_dir is not None:
        result.model_version = save_artifact(
            out_dir,
            model=model,
            tokenizer=tokenizer,
            thresholds=thresholds,
            train_config=asdict(config),
            metrics=metrics,
        )
        log(f"saved model {result.model_version} to {out_dir}")
    return result


def training_parts(
    corpus_path: Path = CORPUS_PATH,
    splits_path: Path = SPLITS_PATH,
    corrections_path: Path | None = None,
    hard_dir: Path = HARD_DIR,
    log: Callable[[str], None] = print,
) -> dict[str, list[Entry]]:
    """The train, validation and test entries; with a corrections file, its entries join
    train (never validation, test or the hard split: see ml/corrections.py)."""
    parts = split_entries(load_corpus(corpus_path), read_splits(splits_path))
    if corrections_path is not None:
        hard = [item.entry for item in load_hard_split(hard_dir)] if Path(hard_dir).is_dir() else []
        corrections = load_corrections(corrections_path)
        parts["train"], dropped = merge_corrections(
            parts["train"], corrections, [*parts["validation"], *parts["test"], *hard]
        )
        log(
            f"corrections: {len(corrections) - len(dropped)} added to train, "
            f"{len(dropped)} dropped as also held out"
        )
    return parts


def train_from_files(
    corpus_path: Path = CORPUS_PATH,
    splits_path: Path = SPLITS_PATH,
    out_dir: Path = DEFAULT_DIR,
    config: TrainConfig | None = None,
    corrections_path: Path | None = None,
) -> TrainResult:
    parts = training_parts(corpus_path, splits_path, corrections_path)
    return train(parts["train"], parts["validation"], parts["test"], config, out_dir)
